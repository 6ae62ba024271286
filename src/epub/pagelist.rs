//! Print page equivalents: where each page of folio's own PDF of the edition begins, translated
//! into places in the EPUB's text, so "p. 7" names the same text in both books.
//!
//! The layout records, for every page, the first character of article text on it and hands
//! them over as plain data ([`PageStarts`]); this module maps that block-and-offset onto the
//! block the EPUB prints (which trims what the layout keeps, and separates caption and credit
//! with a space instead of an ideographic space). Pages that carry no article text get markers
//! too, so the page list has no holes:
//!
//! - the front matter (title page and table of contents, before any article text) is marked at
//!   the start of the first section document, where the EPUB's reading begins;
//! - a page that opens a section (sections always open a page) is marked before the section's
//!   own document, not before its first article, since the PDF page shows the section heading;
//! - a page whose text begins with a caption begins with its picture (the layout never parts
//!   them), so it is marked before the figure;
//! - any other page without text (a page holding only a picture) is marked where the next page
//!   with text begins, or at the end of the last article when no such page follows.

use crate::edition::{Article, Edition};
use crate::pagestarts::{PageStarts, TextBlock, TextPosition};

/// The block of an article's EPUB document a marker goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    /// The kicker paragraph.
    Kicker,
    /// The headline (`h2`).
    Headline,
    /// The subheadline paragraph.
    Subheadline,
    /// The standalone byline paragraph.
    Byline,
    /// Body paragraph `n` (its text after the dateline lead).
    Paragraph(usize),
    /// Before the figure of image `n`.
    Figure(usize),
    /// The caption of image `n`.
    Caption(usize),
    /// The credit of image `n`.
    Credit(usize),
    /// After everything the article prints.
    End,
}

/// Where one page-break marker goes in the EPUB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// At the start of section `n`'s document.
    SectionStart(usize),
    /// Inside an article: `offset` characters into the text of `spot` as the EPUB prints it
    /// (0: before the block itself).
    Article {
        /// Index of the section.
        section: usize,
        /// Index of the article within it.
        article: usize,
        /// The block.
        spot: Spot,
        /// Characters into the block's printed text.
        offset: usize,
    },
}

/// One page of the PDF and where its marker goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageBreak {
    /// The page's number (1-based, as its folio prints it).
    pub number: usize,
    /// Where the page begins in the EPUB.
    pub anchor: Anchor,
}

/// The page breaks of `page_starts`, one per page in page order; empty when no page carries
/// article text (then there is nothing to point at, and the book gets no page list).
pub fn page_breaks(edition: &Edition, page_starts: &PageStarts) -> Vec<PageBreak> {
    let starts = &page_starts.starts;
    if starts.iter().all(Option::is_none) || edition.sections.is_empty() {
        return Vec::new();
    }
    // Anchors of the pages with text, computed in order (a section opening depends on the
    // section of the text page before it).
    let mut text_anchors: Vec<Option<Anchor>> = vec![None; starts.len()];
    let mut previous_section = None;
    for (i, at) in starts.iter().enumerate() {
        if let Some(at) = at {
            text_anchors[i] = Some(anchor_of(edition, at, previous_section));
            previous_section = Some(at.section);
        }
    }
    let first_text = starts.iter().position(Option::is_some).unwrap_or(0);
    let end = last_article_end(edition);
    (0..starts.len())
        .map(|i| {
            let anchor = match text_anchors[i] {
                Some(anchor) => anchor,
                None if i < first_text => Anchor::SectionStart(0),
                None => text_anchors[i..]
                    .iter()
                    .flatten()
                    .next()
                    .copied()
                    .unwrap_or(end),
            };
            PageBreak {
                number: i + 1,
                anchor,
            }
        })
        .collect()
}

/// The anchor of a page whose article text starts at `at`.
fn anchor_of(edition: &Edition, at: &TextPosition, previous_section: Option<usize>) -> Anchor {
    let opens_section = previous_section != Some(at.section)
        && at.article == 0
        && at.char_offset == 0
        && matches!(at.block, TextBlock::Kicker | TextBlock::Headline);
    if opens_section {
        return Anchor::SectionStart(at.section);
    }
    let Some(article) = edition
        .sections
        .get(at.section)
        .and_then(|s| s.articles.get(at.article))
    else {
        return last_article_end(edition);
    };
    let (spot, offset) = spot_of(article, at.block, at.char_offset);
    Anchor::Article {
        section: at.section,
        article: at.article,
        spot,
        offset,
    }
}

/// Maps a layout block and offset onto the EPUB's block and offset.
fn spot_of(article: &Article, block: TextBlock, offset: usize) -> (Spot, usize) {
    // The layout sets kicker, headline and subheadline as given; the EPUB prints them trimmed.
    let trimmed = |raw: Option<&str>, offset: usize| {
        let raw = raw.unwrap_or("");
        let leading = raw.chars().take_while(|c| c.is_whitespace()).count();
        offset
            .saturating_sub(leading)
            .min(raw.trim().chars().count())
    };
    match block {
        TextBlock::Kicker => (Spot::Kicker, trimmed(article.kicker.as_deref(), offset)),
        TextBlock::Headline => (Spot::Headline, trimmed(Some(&article.headline), offset)),
        TextBlock::Subheadline => (
            Spot::Subheadline,
            trimmed(article.subheadline.as_deref(), offset),
        ),
        TextBlock::Byline => (Spot::Byline, offset),
        TextBlock::Paragraph(n) => (Spot::Paragraph(n), offset),
        TextBlock::Caption(n) => {
            // The layout prints `caption　credit` (trimmed, empty parts left out).
            let image = article.images.get(n);
            if offset == 0 && image.is_some_and(|i| i.data().is_some()) {
                // A caption never leaves its picture (the layout keeps them together), so a
                // page that begins with the caption begins with the picture above it.
                return (Spot::Figure(n), 0);
            }
            let caption_chars = image
                .and_then(|i| i.caption.as_deref())
                .map(|c| c.trim().chars().count())
                .unwrap_or(0);
            if caption_chars == 0 {
                (Spot::Credit(n), offset)
            } else if offset <= caption_chars {
                (Spot::Caption(n), offset)
            } else {
                (Spot::Credit(n), offset - caption_chars - 1)
            }
        }
    }
}

/// After the last article of the last section that has one.
fn last_article_end(edition: &Edition) -> Anchor {
    edition
        .sections
        .iter()
        .enumerate()
        .rev()
        .find_map(|(s, section)| {
            section
                .articles
                .len()
                .checked_sub(1)
                .map(|a| Anchor::Article {
                    section: s,
                    article: a,
                    spot: Spot::End,
                    offset: 0,
                })
        })
        .unwrap_or(Anchor::SectionStart(0))
}

/// The markup of page `number`'s break marker; its id is what the page list points at.
pub fn marker(number: usize) -> String {
    format!(
        "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{}\" aria-label=\"{number}\"></span>",
        marker_id(number)
    )
}

/// The id of page `number`'s marker.
pub fn marker_id(number: usize) -> String {
    format!("page-{number}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use crate::edition::{decode_image, Image, ImageRef};

    fn article() -> Article {
        Article {
            headline: "  标题".into(),
            images: vec![
                Image {
                    caption: Some(" 图说 ".into()),
                    credit: Some("本报记者 摄".into()),
                    ..Default::default()
                },
                Image {
                    credit: Some("新华社".into()),
                    ..Default::default()
                },
            ],
            ..Default::default()
        }
    }

    #[test]
    fn offsets_follow_the_text_the_epub_prints() {
        let a = article();
        assert_eq!(spot_of(&a, TextBlock::Headline, 3), (Spot::Headline, 1));
        assert_eq!(
            spot_of(&a, TextBlock::Paragraph(2), 9),
            (Spot::Paragraph(2), 9)
        );
        // `图说　本报记者 摄`: the credit starts after the ideographic space.
        assert_eq!(spot_of(&a, TextBlock::Caption(0), 1), (Spot::Caption(0), 1));
        assert_eq!(spot_of(&a, TextBlock::Caption(0), 5), (Spot::Credit(0), 2));
        assert_eq!(spot_of(&a, TextBlock::Caption(1), 1), (Spot::Credit(1), 1));
    }

    #[test]
    fn a_page_opening_on_a_caption_opens_on_its_picture() {
        let mut a = article();
        a.images[0].src = Some(ImageRef {
            path: "p.png".into(),
            data: Some(Arc::new(decode_image(png()).unwrap())),
        });
        assert_eq!(spot_of(&a, TextBlock::Caption(0), 0), (Spot::Figure(0), 0));
        assert_eq!(spot_of(&a, TextBlock::Caption(0), 1), (Spot::Caption(0), 1));
        assert_eq!(spot_of(&a, TextBlock::Caption(1), 0), (Spot::Credit(1), 0));
    }

    fn page(at: Option<(usize, usize, TextBlock, usize)>) -> Option<TextPosition> {
        at.map(|(section, article, block, char_offset)| TextPosition {
            section,
            article,
            block,
            char_offset,
            preview: String::new(),
        })
    }

    #[test]
    fn every_page_gets_a_marker_and_pages_without_text_borrow_a_neighbour_s_place() {
        let edition = crate::edition::parse_str(
            std::path::Path::new("t.yaml"),
            "title: T\ndate: 2024-01-02\nsections:\n  - title: A\n    articles:\n      - headline: H1\n        body: x\n      - headline: H2\n        body: y\n  - title: B\n    articles:\n      - headline: H3\n        body: z\n",
        )
        .unwrap();
        let page_starts = PageStarts {
            starts: vec![
                page(None),
                page(None),
                page(Some((0, 0, TextBlock::Headline, 0))),
                page(Some((0, 0, TextBlock::Paragraph(0), 40))),
                page(None),
                page(Some((0, 1, TextBlock::Headline, 0))),
                page(Some((1, 0, TextBlock::Headline, 0))),
                page(None),
            ],
            provenance: "a4, 2 columns".into(),
        };
        let anchors: Vec<Anchor> = page_breaks(&edition, &page_starts)
            .iter()
            .enumerate()
            .map(|(i, b)| {
                assert_eq!(b.number, i + 1);
                b.anchor
            })
            .collect();
        let at = |section, article, spot, offset| Anchor::Article {
            section,
            article,
            spot,
            offset,
        };
        assert_eq!(
            anchors,
            vec![
                // Title page and contents: where the reading begins.
                Anchor::SectionStart(0),
                Anchor::SectionStart(0),
                // The page that opens a section shows its heading.
                Anchor::SectionStart(0),
                at(0, 0, Spot::Paragraph(0), 40),
                // A page of pictures only: where the next page begins.
                at(0, 1, Spot::Headline, 0),
                at(0, 1, Spot::Headline, 0),
                Anchor::SectionStart(1),
                // Nothing follows: after the last article.
                at(1, 0, Spot::End, 0),
            ]
        );
        let empty = PageStarts {
            starts: vec![page(None)],
            provenance: String::new(),
        };
        assert!(page_breaks(&edition, &empty).is_empty());
    }

    fn png() -> Vec<u8> {
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::new(4, 3))
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .unwrap();
        bytes
    }
}
