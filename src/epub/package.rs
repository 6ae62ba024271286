//! The post-pass over epub-builder's output. epub-builder 0.8 writes a valid skeleton but
//! leaves out what folio needs (see DESIGN.md): publisher, date, issue, accessibility
//! metadata, `xml:lang` on the package, `lang` on the nav, the nav's ARIA role and landmarks,
//! and it gives `dc:language` the ids `dc:creator` uses. This module rewrites `content.opf`
//! and `nav.xhtml` and copies every other entry unchanged (no recompression) into a new zip
//! whose entries all carry the same fixed date, so the book's bytes depend on the edition only.

use std::io::{Cursor, Read, Write};

use anyhow::{anyhow, bail, Context, Result};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::xml::escape;

const OPF_PATH: &str = "OEBPS/content.opf";
const NAV_PATH: &str = "OEBPS/nav.xhtml";
const NCX_PATH: &str = "OEBPS/toc.ncx";

/// Vocabulary of Apple's `ibooks:` metadata (not one of EPUB's reserved prefixes).
const IBOOKS_PREFIX: &str =
    "ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/";

/// The accessibility claims of a book (EPUB Accessibility 1.1, schema.org vocabulary).
#[derive(Debug, Clone, PartialEq)]
pub struct Accessibility {
    /// `schema:accessMode` values, e.g. `textual`, `visual`.
    pub access_modes: Vec<&'static str>,
    /// `schema:accessModeSufficient` values, each a comma-separated set.
    pub access_modes_sufficient: Vec<&'static str>,
    /// `schema:accessibilityFeature` values.
    pub features: Vec<&'static str>,
    /// `schema:accessibilityHazard` values.
    pub hazards: Vec<&'static str>,
    /// `schema:accessibilitySummary`, with the language it is written in.
    pub summary: (String, &'static str),
    /// `dcterms:conformsTo` and `a11y:certifiedBy`, when the book meets the standard.
    pub conformance: Option<(&'static str, &'static str)>,
}

/// One entry of the landmarks navigation.
#[derive(Debug, Clone, PartialEq)]
pub struct Landmark {
    /// Its `epub:type`, e.g. `cover`, `toc`, `bodymatter`.
    pub epub_type: &'static str,
    /// Target, relative to the nav document.
    pub href: String,
    /// Label in the edition's language.
    pub label: String,
}

/// One entry of the page list: a page of the PDF and its marker.
#[derive(Debug, Clone, PartialEq)]
pub struct PageListEntry {
    /// The marker, relative to the nav document (`article-01-02.xhtml#page-3`).
    pub href: String,
    /// The page number as printed.
    pub label: String,
}

/// What the post-pass adds to epub-builder's package document and nav.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageInfo {
    /// BCP 47 language of the edition.
    pub lang: String,
    /// The book's unique identifier.
    pub identifier: String,
    /// The book's title (publication and date), for the NCX of EPUB 2 readers.
    pub title: String,
    /// `dc:date`: the edition's day at noon UTC, `YYYY-MM-DDT12:00:00Z`. A date alone is read
    /// by calibre as an uncertain day and moved (the 1st of a month shows as the 2nd), and by
    /// others as midnight UTC, the day before west of Greenwich; noon is the same calendar
    /// day from UTC−11 to UTC+11.
    pub date: String,
    /// `dc:creator`: who made the issue, the publisher or else the publication (library
    /// software shows "Unknown" without one).
    pub creator: String,
    /// The publication the issue belongs to (its collection).
    pub publication: String,
    /// `dc:publisher`, when known.
    pub publisher: Option<String>,
    /// Issue label, when known.
    pub issue: Option<String>,
    /// Vertical writing: adds the `primary-writing-mode` meta.
    pub vertical: bool,
    /// Accessibility metadata.
    pub accessibility: Accessibility,
    /// Landmarks, in reading order.
    pub landmarks: Vec<Landmark>,
    /// Label of the landmarks navigation.
    pub landmarks_label: String,
    /// The page list, in page order (empty: no page list).
    pub page_list: Vec<PageListEntry>,
    /// Label of the page list navigation.
    pub page_list_label: String,
    /// What the page list's numbers come from (`dc:source` and `pageBreakSource`); set when
    /// there is a page list.
    pub page_source: Option<String>,
}

/// Rewrites the package document and nav of the EPUB `epub` (as epub-builder generated it).
pub fn finish(epub: &[u8], info: &PackageInfo) -> Result<Vec<u8>> {
    let mut archive =
        ZipArchive::new(Cursor::new(epub)).context("epub-builder wrote an unreadable zip")?;
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    // The zip's own epoch: an entry date that never changes with the clock.
    let fixed_date = DateTime::default();
    for i in 0..archive.len() {
        let name = archive.by_index_raw(i)?.name().to_string();
        if name == OPF_PATH || name == NAV_PATH || name == NCX_PATH {
            let mut text = String::new();
            archive
                .by_index(i)?
                .read_to_string(&mut text)
                .with_context(|| format!("cannot read {name} from epub-builder's output"))?;
            let text = match name.as_str() {
                OPF_PATH => rewrite_opf(&text, info)?,
                NAV_PATH => rewrite_nav(&text, info)?,
                _ => rewrite_ncx(&text, info)?,
            };
            let options = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .last_modified_time(fixed_date);
            out.start_file(name.as_str(), options)?;
            out.write_all(text.as_bytes())?;
        } else {
            out.raw_copy_file_touch(archive.by_index_raw(i)?, fixed_date, None)?;
        }
    }
    Ok(out.finish()?.into_inner())
}

/// Replaces the single occurrence of `from` in `text`; more or fewer means epub-builder's
/// templates changed, which must fail loudly rather than produce a half-fixed book.
fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => {
            bail!("post-pass: expected `{from}` once in epub-builder's output, found it {n} times")
        }
    }
}

/// Replaces what lies between `start` and the next `end` (both kept).
fn replace_between(text: &str, start: &str, end: &str, inner: &str) -> Result<String> {
    let from = text
        .find(start)
        .ok_or_else(|| anyhow!("post-pass: `{start}` not found in epub-builder's output"))?
        + start.len();
    let to = from
        + text[from..]
            .find(end)
            .ok_or_else(|| anyhow!("post-pass: `{end}` not found after `{start}`"))?;
    Ok(format!("{}{inner}{}", &text[..from], &text[to..]))
}

fn rewrite_opf(opf: &str, info: &PackageInfo) -> Result<String> {
    let lang = escape(&info.lang);
    let mut opf = replace_once(
        opf,
        "unique-identifier=\"epub-id-1\">",
        &format!("unique-identifier=\"epub-id-1\" xml:lang=\"{lang}\" prefix=\"{IBOOKS_PREFIX}\">"),
    )?;
    opf = replace_between(
        &opf,
        "<dc:identifier id=\"epub-id-1\">",
        "</dc:identifier>",
        &escape(&info.identifier),
    )?;
    // epub-builder numbers dc:language and dc:creator ids from the same `epub-creator-N`.
    let mut n = 0;
    while opf.contains(&format!("<dc:language id=\"epub-creator-{n}\">")) {
        opf = opf.replace(
            &format!("<dc:language id=\"epub-creator-{n}\">"),
            &format!("<dc:language id=\"language-{n}\">"),
        );
        n += 1;
    }
    if n == 0 {
        bail!("post-pass: no dc:language in epub-builder's content.opf");
    }
    let mut meta = Vec::new();
    meta.push(format!(
        "<dc:creator id=\"creator\">{}</dc:creator>",
        escape(&info.creator)
    ));
    meta.push(format!("<dc:date>{}</dc:date>", escape(&info.date)));
    if let Some(publisher) = &info.publisher {
        meta.push(format!(
            "<dc:publisher>{}</dc:publisher>",
            escape(publisher)
        ));
    }
    meta.push(format!(
        "<meta property=\"belongs-to-collection\" id=\"publication\">{}</meta>",
        escape(&info.publication)
    ));
    meta.push("<meta refines=\"#publication\" property=\"collection-type\">series</meta>".into());
    if let Some(issue) = &info.issue {
        meta.push(format!(
            "<meta property=\"schema:issueNumber\">{}</meta>",
            escape(issue)
        ));
    }
    if info.vertical {
        meta.push("<meta name=\"primary-writing-mode\" content=\"vertical-rl\"/>".into());
    }
    meta.push("<meta property=\"ibooks:specified-fonts\">true</meta>".into());
    let a11y = &info.accessibility;
    for (property, values) in [
        ("accessMode", &a11y.access_modes),
        ("accessModeSufficient", &a11y.access_modes_sufficient),
        ("accessibilityFeature", &a11y.features),
        ("accessibilityHazard", &a11y.hazards),
    ] {
        for value in values {
            meta.push(format!(
                "<meta property=\"schema:{property}\">{value}</meta>"
            ));
        }
    }
    let (summary, summary_lang) = &a11y.summary;
    meta.push(format!(
        "<meta property=\"schema:accessibilitySummary\" xml:lang=\"{summary_lang}\">{}</meta>",
        escape(summary)
    ));
    if let Some(source) = &info.page_source {
        meta.push(format!("<dc:source>{}</dc:source>", escape(source)));
        meta.push(format!(
            "<meta property=\"pageBreakSource\">{}</meta>",
            escape(source)
        ));
    }
    if let Some((conforms_to, certified_by)) = a11y.conformance {
        meta.push(format!(
            "<meta property=\"dcterms:conformsTo\">{conforms_to}</meta>"
        ));
        meta.push(format!(
            "<meta property=\"a11y:certifiedBy\">{}</meta>",
            escape(certified_by)
        ));
    }
    let block: String = meta.iter().map(|m| format!("    {m}\n")).collect();
    replace_once(&opf, "  </metadata>", &format!("{block}  </metadata>"))
}

/// The NCX (read by EPUB 2 readers only): epub-builder titles it with the TOC heading and
/// gives it neither the book's identifier nor its language.
fn rewrite_ncx(ncx: &str, info: &PackageInfo) -> Result<String> {
    let lang = escape(&info.lang);
    let mut ncx = replace_once(
        ncx,
        "<ncx version=\"2005-1\" xmlns=\"http://www.daisy.org/z3986/2005/ncx/\">",
        &format!("<ncx version=\"2005-1\" xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" xml:lang=\"{lang}\">"),
    )?;
    ncx = replace_once(
        &ncx,
        "<meta name=\"dtb:depth\" content=\"1\" />",
        &format!(
            "<meta name=\"dtb:uid\" content=\"{}\" />\n    <meta name=\"dtb:depth\" content=\"2\" />",
            escape(&info.identifier)
        ),
    )?;
    replace_between(
        &ncx,
        "<docTitle>\n    <text>",
        "</text>",
        &escape(&info.title),
    )
}

fn rewrite_nav(nav: &str, info: &PackageInfo) -> Result<String> {
    let lang = escape(&info.lang);
    let mut nav = replace_once(
        nav,
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">",
        &format!(
            "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">"
        ),
    )?;
    nav = replace_once(
        &nav,
        "<nav epub:type = \"toc\" id=\"toc\">",
        "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">",
    )?;
    let start = nav
        .find("<nav epub:type = \"landmarks\">")
        .ok_or_else(|| anyhow!("post-pass: no landmarks nav in epub-builder's nav.xhtml"))?;
    let end = start
        + nav[start..]
            .find("</nav>")
            .ok_or_else(|| anyhow!("post-pass: unterminated landmarks nav"))?
        + "</nav>".len();
    let mut landmarks = format!(
        "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-label=\"{}\" hidden=\"hidden\">\n    <ol>\n",
        escape(&info.landmarks_label)
    );
    for landmark in &info.landmarks {
        landmarks.push_str(&format!(
            "      <li><a epub:type=\"{}\" href=\"{}\">{}</a></li>\n",
            landmark.epub_type,
            escape(&landmark.href),
            escape(&landmark.label)
        ));
    }
    landmarks.push_str("    </ol>\n  </nav>");
    if !info.page_list.is_empty() {
        landmarks.push_str(&format!(
            "\n  <nav epub:type=\"page-list\" role=\"doc-pagelist\" id=\"page-list\" aria-label=\"{}\" hidden=\"hidden\">\n    <ol>\n",
            escape(&info.page_list_label)
        ));
        for entry in &info.page_list {
            landmarks.push_str(&format!(
                "      <li><a href=\"{}\">{}</a></li>\n",
                escape(&entry.href),
                escape(&entry.label)
            ));
        }
        landmarks.push_str("    </ol>\n  </nav>");
    }
    Ok(format!("{}{landmarks}{}", &nav[..start], &nav[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_once_refuses_missing_or_repeated_targets() {
        assert_eq!(replace_once("a-b", "-", "+").unwrap(), "a+b");
        assert!(replace_once("a-b-c", "-", "+").is_err());
        assert!(replace_once("abc", "-", "+").is_err());
    }

    #[test]
    fn replace_between_keeps_the_delimiters() {
        assert_eq!(
            replace_between("<x>old</x>", "<x>", "</x>", "new").unwrap(),
            "<x>new</x>"
        );
    }
}
