//! Print page equivalents, end to end: the real `folio` binary builds an edition to both
//! formats, and the EPUB's page-list markers are checked against the PDF's own pages as
//! poppler's `pdftotext` reads them, so "p. 7" names the same text in both books.

mod common;
#[path = "data/pdf/hundred_articles.rs"]
mod hundred_articles;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{only_output, repo};
use folio::epub::EpubOptions;
use folio::layout::{LayoutOptions, PageSize};
use hundred_articles::{sample_edition, write_hundred_article_edition};

/// How many characters (letters, digits, Han) of each page are compared.
const COMPARED: usize = 6;

fn images_edition() -> PathBuf {
    repo("tests/data/epub/images/edition.yaml")
}

fn vertical_edition() -> PathBuf {
    repo("tests/data/epub/vertical-tc/edition.yaml")
}

/// Runs `folio build EDITION -o DIR` (EPUB and PDF, with `extra` flags) and returns the
/// paths of the two books.
fn build_both(edition: &Path, out: &Path, extra: &[&str]) -> (PathBuf, PathBuf) {
    common::build(edition, out, extra);
    (only_output(out, "epub"), only_output(out, "pdf"))
}

/// The PDF's page count, from `pdfinfo`.
fn page_count(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    let info = String::from_utf8_lossy(&out.stdout);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gave no page count:\n{info}"))
}

/// Page `n`'s text as `pdftotext -f n -l n` reads it.
fn page_text(pdf: &Path, n: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-f", &n.to_string(), "-l", &n.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed on page {n}");
    String::from_utf8(out.stdout).unwrap()
}

/// Page `n`'s text without its running head: the first line, which holds the page number and
/// the publication's title (every page after the title page has one); on a newspaper page
/// whose first block continues an article, without the jump line over it (`上接第3版`:
/// folio's words, not the edition's).
fn page_body(pdf: &Path, n: usize, publication: &str) -> String {
    let text = page_text(pdf, n);
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let head = lines.next().unwrap_or("");
    assert!(
        head.contains(publication) && head.contains(&n.to_string()),
        "page {n} does not open with its running head: {head:?}"
    );
    let body = lines.collect::<Vec<_>>().join("\n");
    let trimmed = body.trim_start();
    // pdftotext puts spaces between scripts: `上接第 3 版`.
    match trimmed.strip_prefix("上接第").and_then(|rest| {
        let rest = rest.trim_start();
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        (digits > 0)
            .then(|| rest[digits..].trim_start().strip_prefix('版'))
            .flatten()
    }) {
        Some(rest) => rest.to_string(),
        None => body,
    }
}

/// The first `n` letters, digits and Han characters of `text`: what the comparison counts,
/// since pdftotext adds spaces between scripts and punctuation differs in width.
fn first_letters(text: &str, n: usize) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .take(n)
        .collect()
}

/// The book's documents and package, by name.
fn entries(epub: &[u8]) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().to_string();
        if name.ends_with(".xhtml") || name.ends_with(".opf") {
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            out.insert(name, text);
        }
    }
    out
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(&tag[start..end])
}

/// The reading text of the EPUB: its spine documents' bodies in order, tags removed, with
/// where (in characters) each page-break marker sits, by page number and by document. The
/// section documents' edition line is left out: it belongs to the EPUB alone (the PDF prints
/// the same in its running head, which the comparison leaves out).
struct Reading {
    text: Vec<char>,
    markers: BTreeMap<usize, usize>,
    marker_documents: BTreeMap<usize, String>,
}

fn reading(book: &BTreeMap<String, String>) -> Reading {
    let opf = &book["OEBPS/content.opf"];
    let tags = |name: &'static str| {
        opf.match_indices(name)
            .map(|(i, _)| &opf[i..i + opf[i..].find('>').unwrap()])
    };
    let manifest: BTreeMap<&str, &str> = tags("<item ")
        .map(|t| (attribute(t, "id").unwrap(), attribute(t, "href").unwrap()))
        .collect();
    let spine: Vec<&str> = tags("<itemref ")
        .map(|t| attribute(t, "idref").unwrap())
        .collect();
    let mut out = Reading {
        text: Vec::new(),
        markers: BTreeMap::new(),
        marker_documents: BTreeMap::new(),
    };
    for idref in spine {
        let href = manifest[idref];
        let document = &book[&format!("OEBPS/{href}")];
        let body = &document[document.find("<body>").unwrap()..document.find("</body>").unwrap()];
        let mut rest = body;
        while let Some(open) = rest.find('<') {
            out.text.extend(common::unescape(&rest[..open]).chars());
            let close = open + rest[open..].find('>').unwrap() + 1;
            let tag = &rest[open..close];
            rest = &rest[close..];
            if tag.contains("epub:type=\"pagebreak\"") {
                let id = attribute(tag, "id").expect("a marker has an id");
                let n: usize = id.strip_prefix("page-").unwrap().parse().unwrap();
                assert_eq!(attribute(tag, "aria-label"), Some(n.to_string().as_str()));
                assert!(tag.contains("role=\"doc-pagebreak\""), "{tag}");
                assert!(
                    out.markers.insert(n, out.text.len()).is_none(),
                    "page {n} marked twice"
                );
                out.marker_documents.insert(n, href.to_string());
            } else if tag.starts_with("<p class=\"edition-line\"") {
                let end = rest.find("</p>").unwrap();
                rest = &rest[end..];
            }
        }
        out.text.extend(common::unescape(rest).chars());
    }
    out
}

/// What one edition's comparison found.
#[derive(Debug)]
struct Compared {
    pages: usize,
    compared: usize,
    without_text: Vec<usize>,
}

/// Builds `edition` to both formats and checks every page that has text of its own: the
/// characters that follow the EPUB's page-N marker are the ones PDF page N begins with. The
/// page list must list every page, in order, pointing at its marker.
fn assert_pages_match(edition: &Path, extra: &[&str]) -> Compared {
    let dir = tempfile::tempdir().unwrap();
    let (epub, pdf) = build_both(edition, dir.path(), extra);
    let loaded = folio::edition::load(edition, &folio::edition::LoadOptions::default()).unwrap();
    let pages = page_count(&pdf);
    let book = entries(&std::fs::read(&epub).unwrap());
    let read = reading(&book);

    // The page list: every page, in order, each pointing at its marker.
    let nav = &book["OEBPS/nav.xhtml"];
    let list_start = nav
        .find("<nav epub:type=\"page-list\" role=\"doc-pagelist\"")
        .expect("a page-list nav");
    let list = &nav[list_start..list_start + nav[list_start..].find("</nav>").unwrap()];
    let links: Vec<(String, String)> = list
        .split("<a href=\"")
        .skip(1)
        .map(|a| {
            let href = &a[..a.find('"').unwrap()];
            let label = &a[a.find('>').unwrap() + 1..a.find("</a>").unwrap()];
            (href.to_string(), label.to_string())
        })
        .collect();
    assert_eq!(links.len(), pages, "one page-list entry per PDF page");
    for (i, (href, label)) in links.iter().enumerate() {
        let n = i + 1;
        assert_eq!(label, &n.to_string());
        assert_eq!(
            href,
            &format!("{}#page-{n}", read.marker_documents[&n]),
            "page {n}"
        );
    }
    assert_eq!(read.markers.len(), pages, "one marker per PDF page");
    let positions: Vec<usize> = read.markers.values().copied().collect();
    assert!(
        positions.windows(2).all(|w| w[0] <= w[1]),
        "markers follow the reading order: {positions:?}"
    );

    let mut compared = 0;
    let mut without_text = Vec::new();
    for n in 1..=pages {
        let at = read.markers[&n];
        // A page with no article text of its own is marked where the next page begins.
        if read.markers.get(&(n + 1)) == Some(&at) {
            without_text.push(n);
            continue;
        }
        let epub_text: String = read.text[at..].iter().collect();
        let expected = first_letters(&epub_text, COMPARED);
        let printed = first_letters(&page_body(&pdf, n, loaded.title.trim()), COMPARED);
        assert_eq!(
            printed,
            expected,
            "{}: PDF page {n} begins with {printed:?}, the EPUB's page {n} with {expected:?}",
            edition.display()
        );
        assert_eq!(expected.chars().count(), COMPARED);
        compared += 1;
    }
    // Only the front matter (title page, contents) has no text of its own.
    assert!(
        without_text.iter().enumerate().all(|(i, &n)| n == i + 1),
        "pages without text: {without_text:?}"
    );

    common::check_epub(&epub, Some(edition)).assert_clean();

    let opf = &book["OEBPS/content.opf"];
    for property in [
        "schema:accessibilityFeature\">pageBreakMarkers<",
        "schema:accessibilityFeature\">pageNavigation<",
        "<dc:source>",
        "<meta property=\"pageBreakSource\">",
    ] {
        assert!(opf.contains(property), "no {property}");
    }
    Compared {
        pages,
        compared,
        without_text,
    }
}

#[test]
fn sample_pages_begin_with_the_same_text_in_both_books() {
    let found = assert_pages_match(&sample_edition(), &[]);
    eprintln!("sample, A4: {found:?}");
    // Only the title page (with the contents) has no article text.
    assert_eq!(found.without_text, vec![1]);
    assert!(found.pages >= 5, "{found:?}");
    let found = assert_pages_match(&sample_edition(), &["--page", "a5"]);
    eprintln!("sample, A5: {found:?}");
    assert!(found.compared >= 8, "{found:?}");
}

#[test]
fn pages_with_pictures_and_captions_begin_with_the_same_text_in_both_books() {
    let found = assert_pages_match(&images_edition(), &["--page", "a5"]);
    eprintln!("pictures, A5: {found:?}");
    assert!(found.compared >= 2, "{found:?}");
}

#[test]
fn a_hundred_article_edition_begins_every_page_with_the_same_text_in_both_books() {
    let dir = tempfile::tempdir().unwrap();
    let edition = write_hundred_article_edition(dir.path());
    let found = assert_pages_match(&edition, &[]);
    eprintln!("110 articles, A4: {found:?}");
    assert!(found.compared >= 50, "{found:?}");
}

/// Newspaper pages: blocks side by side, continuations opening a page. Each page's list
/// entry lands on the text its first block begins with (a continuation, else the lead).
#[test]
fn newspaper_pages_begin_with_the_same_text_in_both_books() {
    let newspaper = ["--layout", "newspaper", "--page", "broadsheet"];
    let found = assert_pages_match(&sample_edition(), &newspaper);
    eprintln!("sample, broadsheet: {found:?}");
    assert_eq!((found.pages, found.compared), (2, 1), "{found:?}");
    let dir = tempfile::tempdir().unwrap();
    let edition = write_hundred_article_edition(dir.path());
    let berliner = ["--layout", "newspaper", "--page", "berliner"];
    let found = assert_pages_match(&edition, &berliner);
    eprintln!("100 articles, berliner: {found:?}");
    assert!(found.compared >= 20, "{found:?}");
}

/// Vertical pages defeat pdftotext's reading order, so the vertical edition is checked through
/// the library against the layout's own record of each page's first line: the EPUB's page-N
/// marker is followed by the text the layout put first on page N (after the section title on
/// the pages that open a section), upright numbers (tate-chu-yoko spans) included.
#[test]
fn vertical_pages_begin_where_the_layout_says_they_do() {
    let fonts = folio::fonts::FontSet::embedded().unwrap();
    for edition_path in [vertical_edition(), sample_edition()] {
        let edition =
            folio::edition::load(&edition_path, &folio::edition::LoadOptions::default()).unwrap();
        for page in [PageSize::A4, PageSize::A5] {
            let options = EpubOptions::default();
            let geometry = LayoutOptions {
                page,
                ..LayoutOptions::default()
            };
            let laid_out = folio::layout::layout(&edition, &fonts, &geometry).unwrap();
            let epub =
                folio::epub::write(&edition, &fonts, &options, &laid_out.page_starts()).unwrap();
            let starts = folio::build::page_starts(&edition, &fonts, &geometry).unwrap();
            assert_eq!(
                epub,
                folio::epub::write(&edition, &fonts, &options, &starts).unwrap(),
                "page_starts lays out the same pages"
            );
            let read = reading(&entries(&epub));
            assert_eq!(read.markers.len(), laid_out.pages.len());
            let mut checked = 0;
            for (i, p) in laid_out.pages.iter().enumerate() {
                let Some(start) = &p.text_start else { continue };
                let n = i + 1;
                let mut expected = String::new();
                if read.marker_documents[&n].starts_with("section-") {
                    expected.push_str(&edition.sections[start.section].title);
                }
                expected.push_str(&start.preview);
                let expected = first_letters(&expected, COMPARED);
                let text: String = read.text[read.markers[&n]..].iter().collect();
                assert_eq!(
                    first_letters(&text, COMPARED),
                    expected,
                    "{} {page} page {n}: {start:?}",
                    edition_path.display()
                );
                checked += 1;
            }
            assert!(checked >= 2, "{} {page}", edition_path.display());
        }
    }
}
