//! EPUB 3 export: one XHTML document per article, CSS for CJK reading, nav and NCX,
//! embedded subset fonts, metadata, and a page list whose page-break markers sit where the pages
//! of folio's own PDF of the edition begin ([`pagelist`]).
//!
//! epub-builder assembles the package; the `package` post-pass then completes what it cannot express
//! (see DESIGN.md). Everything is derived from the edition: no clock, no randomness, so the
//! same edition always gives the same bytes.

mod cover;
mod images;
mod inline;
mod package;
pub mod pagelist;
mod style;
mod xhtml;
mod xml;

use anyhow::{Context, Result};
use chrono::TimeZone;
use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ZipLibrary};

use crate::design::TextKind;
use crate::edition::{Edition, WritingMode};
use crate::fonts::{FontSet, FontStyle};
use crate::locale::{Locale, SummaryFacts};
use crate::pagestarts::PageStarts;

use package::{Accessibility, Landmark, PackageInfo, PageListEntry};
use pagelist::{Anchor, PageBreak};
use xhtml::{ArticleMark, StoredImage, TextStyles};

/// Options for the EPUB writer. The page geometry its page list follows is not among them: it
/// is the PDF's, passed with the layout it produced (see [`write()`]).
#[derive(Debug, Clone)]
pub struct EpubOptions {
    /// Pictures with more pixels than this are downscaled to it (0: never downscale).
    pub max_image_pixels: u64,
}

impl Default for EpubOptions {
    fn default() -> Self {
        // About 4 megapixels: sharp on any e-reader or tablet, a fraction of a camera original.
        EpubOptions {
            max_image_pixels: 4_000_000,
        }
    }
}

/// The conformance claim written when the book meets it.
const CONFORMS_TO: &str = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA";
/// Who evaluates the claim: folio builds every book to it and its tests check the result with
/// Ace by DAISY.
const CERTIFIED_BY: &str = "folio";

/// One XHTML document of the spine.
struct Document {
    href: String,
    xhtml: String,
    /// Its entry in the table of contents: a section title or a headline.
    toc_title: String,
    /// 1 for sections, 2 for the articles under them.
    toc_level: i32,
}

/// A file stored beside the documents (picture or font).
struct Resource {
    href: String,
    bytes: Vec<u8>,
    media_type: &'static str,
}

/// The section and article documents with the pictures they show.
struct Pages {
    documents: Vec<Document>,
    pictures: Vec<Resource>,
    /// Some article has a picture.
    has_pictures: bool,
    /// Every article picture has a text alternative.
    all_alt: bool,
}

/// Writes the edition as an EPUB 3 and returns the file's bytes. Its page list and
/// page-break markers follow `page_starts`: where each page of the PDF of the same edition
/// begins (see [`crate::build::page_starts`]), so that "p. 7" means the same text in both
/// books. Empty page starts give a book without a page list.
pub fn write(
    edition: &Edition,
    fonts: &FontSet,
    options: &EpubOptions,
    page_starts: &PageStarts,
) -> Result<Vec<u8>> {
    let page_breaks = pagelist::page_breaks(edition, page_starts);
    let lang = edition.language.tag().to_string();
    let locale = edition.locale();
    let vertical = edition.writing_mode == WritingMode::VerticalRl;
    let mut styles = TextStyles::new(vertical);
    let pages = pages(edition, &lang, options, &page_breaks, &mut styles)?;
    // The nav lists sections and headlines in the body face, under a heading in the sans face.
    styles.text(style::face(TextKind::TocLabel), locale.contents());
    for document in &pages.documents {
        styles.text(style::face(TextKind::TocArticle), &document.toc_title);
    }
    let cover = cover_image(edition, fonts, locale, options)?;
    let cover_alt = cover::lines(edition).join(" ");
    let region = locale.region();

    // One subset face per style the pages use.
    let mut embedded = Vec::new();
    let mut font_files = Vec::new();
    for style in [FontStyle::Serif, FontStyle::SansBold] {
        let chars = styles.chars(style);
        if chars.iter().all(|c| c.is_whitespace()) {
            continue;
        }
        let face = fonts.face(style, region)?;
        let subset = face
            .subset(chars.iter().copied())
            .with_context(|| format!("cannot subset {} for the EPUB", face.family()))?;
        embedded.push(style);
        font_files.push(Resource {
            href: style::font_path(style).to_string(),
            bytes: subset,
            media_type: "font/otf",
        });
    }
    let css = style::stylesheet(locale, edition.writing_mode, &embedded);

    let mut builder =
        EpubBuilder::new(ZipLibrary::new().map_err(epub_error)?).map_err(epub_error)?;
    builder.epub_version(EpubVersion::V30);
    builder.set_title(xml::clean(&edition.display_title()));
    builder.add_language(lang.clone());
    builder.set_generator("folio");
    builder.set_toc_name(locale.contents());
    if vertical {
        // The spine's page-progression-direction; epub_direction() is ignored by 0.8.
        builder.metadata("direction", "rtl").map_err(epub_error)?;
    }
    // The edition's date, not the clock: the same edition always gives the same book.
    let date = edition.date;
    let midnight = chrono::Utc
        .with_ymd_and_hms(
            i32::from(date.year),
            u32::from(date.month),
            u32::from(date.day),
            0,
            0,
            0,
        )
        .single()
        .context("edition date out of range")?;
    builder.set_modified_date(midnight);
    // Replaced by the edition's identifier in the post-pass; set so none is drawn at random.
    builder.set_uuid(uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        edition.identifier().as_bytes(),
    ));
    builder.stylesheet(css.as_bytes()).map_err(epub_error)?;
    builder
        .add_cover_image(&cover.href, cover.bytes.as_slice(), cover.media_type)
        .map_err(epub_error)?;
    for resource in font_files.iter().chain(&pages.pictures) {
        builder
            .add_resource(
                &resource.href,
                resource.bytes.as_slice(),
                resource.media_type,
            )
            .map_err(epub_error)?;
    }
    let cover_page = xhtml::cover_page(&lang, &edition.display_title(), &cover.href, &cover_alt);
    builder
        .add_content(EpubContent::new("cover.xhtml", cover_page.as_bytes()))
        .map_err(epub_error)?;
    for document in &pages.documents {
        builder
            .add_content(
                EpubContent::new(&document.href, document.xhtml.as_bytes())
                    .title(xml::clean(&document.toc_title))
                    .level(document.toc_level),
            )
            .map_err(epub_error)?;
    }
    let mut generated = Vec::new();
    builder.generate(&mut generated).map_err(epub_error)?;

    let info = PackageInfo {
        lang,
        identifier: edition.identifier(),
        title: edition.display_title(),
        date: format!("{}T12:00:00Z", edition.date),
        creator: non_empty(&edition.publisher)
            .unwrap_or(edition.title.trim())
            .to_string(),
        publication: edition.title.trim().to_string(),
        publisher: non_empty(&edition.publisher).map(String::from),
        issue: non_empty(&edition.issue).map(String::from),
        vertical,
        accessibility: accessibility(
            locale,
            pages.has_pictures,
            pages.all_alt,
            !page_breaks.is_empty(),
        ),
        page_list: page_breaks
            .iter()
            .map(|b| PageListEntry {
                href: format!(
                    "{}#{}",
                    document_of(b.anchor),
                    pagelist::marker_id(b.number)
                ),
                label: b.number.to_string(),
            })
            .collect(),
        page_list_label: locale.page_list().into(),
        // The PDF folio writes of the same edition with the same geometry: its pages are the
        // ones the markers reproduce.
        page_source: (!page_breaks.is_empty()).then(|| {
            format!(
                "{} PDF ({}; folio)",
                edition.display_title(),
                page_starts.provenance
            )
        }),
        // No `toc` landmark: the nav is not in the spine, and landmarks may only point at
        // spine documents.
        landmarks: vec![
            Landmark {
                epub_type: "cover",
                href: "cover.xhtml".into(),
                label: locale.cover().into(),
            },
            Landmark {
                epub_type: "bodymatter",
                href: pages.documents[0].href.clone(),
                label: locale.body().into(),
            },
        ],
        landmarks_label: locale.landmarks().into(),
    };
    package::finish(&generated, &info)
}

/// Writes a section page per section and an article page per article, storing (and where
/// needed downscaling) the pictures they show.
fn pages(
    edition: &Edition,
    lang: &str,
    options: &EpubOptions,
    page_breaks: &[PageBreak],
    styles: &mut TextStyles,
) -> Result<Pages> {
    let mut pages = Pages {
        documents: Vec::new(),
        pictures: Vec::new(),
        has_pictures: false,
        all_alt: true,
    };
    let mut edition_line = vec![edition.title.trim().to_string(), edition.display_date()];
    edition_line.extend(non_empty(&edition.issue).map(String::from));
    let edition_line = edition_line.join(" ");
    for (s, section) in edition.sections.iter().enumerate() {
        pages.documents.push(Document {
            href: section_href(s),
            xhtml: xhtml::section_page(
                lang,
                section,
                &edition_line,
                &section_marks(page_breaks, s),
                styles,
            ),
            toc_title: section.title.trim().to_string(),
            toc_level: 1,
        });
        for (a, article) in section.articles.iter().enumerate() {
            let stem = article_stem(s, a);
            let mut stored = Vec::new();
            for (i, image) in article.images.iter().enumerate() {
                let Some(data) = image.data() else {
                    stored.push(None);
                    continue;
                };
                pages.has_pictures = true;
                pages.all_alt &= !image.alt_text().trim().is_empty();
                let prepared =
                    images::prepare(data, options.max_image_pixels).with_context(|| {
                        format!("section {} article {} image {}", s + 1, a + 1, i + 1)
                    })?;
                let href = format!("images/{stem}-{}.{}", i + 1, prepared.format.extension());
                stored.push(Some(StoredImage {
                    href: href.clone(),
                    width: prepared.width,
                    height: prepared.height,
                }));
                pages.pictures.push(Resource {
                    href,
                    bytes: prepared.bytes,
                    media_type: prepared.format.media_type(),
                });
            }
            pages.documents.push(Document {
                href: format!("{stem}.xhtml"),
                xhtml: xhtml::article_page(
                    lang,
                    article,
                    &stored,
                    &article_marks(page_breaks, s, a),
                    styles,
                ),
                toc_title: article.headline.trim().to_string(),
                toc_level: 2,
            });
        }
    }
    Ok(pages)
}

/// The pages whose markers open section `s`'s document.
fn section_marks(page_breaks: &[PageBreak], s: usize) -> Vec<usize> {
    page_breaks
        .iter()
        .filter(|b| b.anchor == Anchor::SectionStart(s))
        .map(|b| b.number)
        .collect()
}

/// The page breaks inside article `a` of section `s`, in page order.
fn article_marks(page_breaks: &[PageBreak], s: usize, a: usize) -> Vec<ArticleMark> {
    page_breaks
        .iter()
        .filter_map(|b| match b.anchor {
            Anchor::Article {
                section,
                article,
                spot,
                offset,
            } if section == s && article == a => Some(ArticleMark {
                spot,
                offset,
                number: b.number,
            }),
            _ => None,
        })
        .collect()
}

/// The document a page break's marker is in.
fn document_of(anchor: Anchor) -> String {
    match anchor {
        Anchor::SectionStart(s) => section_href(s),
        Anchor::Article {
            section, article, ..
        } => format!("{}.xhtml", article_stem(section, article)),
    }
}

/// The document of section `s` (counted from 0; the name counts from 1).
fn section_href(s: usize) -> String {
    format!("section-{:02}.xhtml", s + 1)
}

/// The file stem of article `a` of section `s`, shared by its document and its pictures.
fn article_stem(s: usize, a: usize) -> String {
    format!("article-{:02}-{:02}", s + 1, a + 1)
}

/// The cover picture: the edition's own (downscaled if huge), else one drawn from its title,
/// date and issue.
fn cover_image(
    edition: &Edition,
    fonts: &FontSet,
    locale: Locale,
    options: &EpubOptions,
) -> Result<Resource> {
    match edition.cover.as_ref().and_then(|c| c.data.as_ref()) {
        Some(data) => {
            let prepared =
                images::prepare(data, options.max_image_pixels).context("cover image")?;
            Ok(Resource {
                href: format!("images/cover.{}", prepared.format.extension()),
                bytes: prepared.bytes,
                media_type: prepared.format.media_type(),
            })
        }
        None => Ok(Resource {
            href: "images/cover.png".to_string(),
            bytes: cover::render(edition, fonts, locale)?,
            media_type: "image/png",
        }),
    }
}

/// The accessibility claims. The book is built to WCAG 2.1 AA (structure, language, reading
/// order, contrast); what folio cannot vouch for is a picture the edition gives no text for,
/// so conformance is claimed only when every picture has one.
fn accessibility(
    locale: Locale,
    has_pictures: bool,
    all_alt: bool,
    page_list: bool,
) -> Accessibility {
    let mut features = vec!["tableOfContents", "readingOrder", "structuralNavigation"];
    if page_list {
        // `pageBreakMarkers` supersedes schema.org's `printPageNumbers`.
        features.extend(["pageBreakMarkers", "pageNavigation"]);
    }
    let mut sufficient = vec!["textual,visual"];
    if all_alt {
        features.push("alternativeText");
        sufficient.insert(0, "textual");
    }
    Accessibility {
        // Every book has a picture: its cover.
        access_modes: vec!["textual", "visual"],
        access_modes_sufficient: sufficient,
        features,
        hazards: vec!["none"],
        summary: (
            locale.accessibility_summary(SummaryFacts {
                conforms: all_alt,
                has_images: has_pictures,
                page_list,
            }),
            locale.words_tag(),
        ),
        conformance: all_alt.then_some((CONFORMS_TO, CERTIFIED_BY)),
    }
}

/// The trimmed text of an optional field, `None` when it is absent or blank: what the book
/// prints of it.
fn non_empty(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// epub-builder's errors are not `Send + Sync`; keep their message.
fn epub_error(e: epub_builder::Error) -> anyhow::Error {
    anyhow::anyhow!("EPUB assembly failed: {e}")
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::edition::{decode_image, parse_str, ImageRef};

    fn entry(epub: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    fn png() -> Arc<crate::edition::ImageData> {
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::new(8, 6))
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        Arc::new(decode_image(bytes).unwrap())
    }

    /// A picture with neither alt text nor caption is marked decorative, and the book then
    /// does not claim WCAG conformance (it cannot know the picture says nothing).
    #[test]
    fn a_picture_without_any_text_alternative_withdraws_the_conformance_claim() {
        let yaml = "title: T\ndate: 2024-01-02\nsections:\n  - title: S\n    articles:\n      - headline: H\n        images:\n          - credit: C\n";
        let mut edition = parse_str(Path::new("test.yaml"), yaml).unwrap();
        edition.sections[0].articles[0].images[0].src = Some(ImageRef {
            path: "p.png".into(),
            data: Some(png()),
        });
        let fonts = FontSet::embedded().unwrap();
        let starts = crate::build::page_starts(&edition, &fonts, &Default::default()).unwrap();
        let epub = write(&edition, &fonts, &EpubOptions::default(), &starts).unwrap();
        let page = entry(&epub, "OEBPS/article-01-01.xhtml");
        assert!(page.contains("<img src=\"images/article-01-01-1.png\" alt=\"\""));
        let opf = entry(&epub, "OEBPS/content.opf");
        assert!(!opf.contains("dcterms:conformsTo"));
        assert!(!opf.contains("alternativeText"));
        assert!(opf.contains("schema:accessModeSufficient\">textual,visual<"));
        assert!(!opf.contains("schema:accessModeSufficient\">textual<"));
        assert!(opf.contains("部分图片缺少替代文字"));
        assert_eq!(
            epub,
            write(&edition, &fonts, &EpubOptions::default(), &starts).unwrap()
        );
    }
}
