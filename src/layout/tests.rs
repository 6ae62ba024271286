//! Tests of the layout: whole editions laid out, and the column filler alone.

use super::articles::*;
use super::columns::*;
use super::layouter::*;
use super::page::*;
use crate::edition::Edition;
use crate::edition::{self, LoadOptions};
use crate::fonts::FontSet;
use crate::layout::{layout, LayoutOptions, PageSize};
use crate::typeset::{Align, Line};

fn sample() -> Edition {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/nmg-2022-01-03/edition.yaml");
    edition::load(&path, &LoadOptions::default()).unwrap()
}

fn non_space(s: &str, n: usize) -> String {
    s.chars().filter(|c| !c.is_whitespace()).take(n).collect()
}

#[test]
fn each_content_page_knows_where_its_text_starts() {
    let e = sample();
    let fonts = FontSet::embedded().unwrap();
    for page in [PageSize::A4, PageSize::A5] {
        let options = LayoutOptions {
            page,
            ..LayoutOptions::default()
        };
        let laid = layout(&e, &fonts, &options).unwrap();
        assert!(laid.pages.len() > 2);
        assert!(
            laid.pages[0].text_start.is_none(),
            "the title page has no article text"
        );
        let mut last = None;
        for (i, p) in laid.pages.iter().enumerate().skip(1) {
            let Some(at) = &p.text_start else { continue };
            let article = &e.sections[at.section].articles[at.article];
            let block_text = match at.block {
                TextBlock::Paragraph(n) => article.paragraphs()[n].clone(),
                TextBlock::Headline => article.headline.clone(),
                TextBlock::Kicker => article.kicker.clone().unwrap(),
                TextBlock::Subheadline => article.subheadline.clone().unwrap(),
                TextBlock::Byline => article.byline.clone().unwrap(),
                TextBlock::Caption(n) => caption_text(
                    article.images[n].caption.as_deref(),
                    article.images[n].credit.as_deref(),
                ),
            };
            let from_offset: String = block_text.chars().skip(at.char_offset).collect();
            let mut preview = at.preview.clone();
            if at.block == TextBlock::Paragraph(0) && at.char_offset == 0 {
                if let Some(lead) = article.lead() {
                    preview = preview
                        .strip_prefix(lead.as_str())
                        .unwrap_or(&preview)
                        .to_string();
                }
            }
            let n = non_space(&preview, 6).chars().count();
            assert_eq!(
                non_space(&from_offset, n),
                non_space(&preview, n),
                "{page} page {}: {at:?}",
                i + 1
            );
            // Pages go forward through the edition.
            let key = (at.section, at.article);
            if let Some(prev) = last {
                assert!(key >= prev, "page {} goes back", i + 1);
            }
            last = Some(key);
        }
    }
}

#[test]
fn everything_drawn_lies_on_the_page_and_every_page_after_the_first_has_a_folio() {
    let e = sample();
    let fonts = FontSet::embedded().unwrap();
    let laid = layout(&e, &fonts, &LayoutOptions::default()).unwrap();
    for (i, p) in laid.pages.iter().enumerate() {
        let mut folio = false;
        for item in &p.items {
            match item {
                Item::Text(t) => {
                    let end =
                        t.x + t.run.pos + t.run.glyphs.last().map_or(0.0, |g| g.pos + g.advance);
                    assert!(
                        t.x >= 0.0 && end <= p.width + 0.5,
                        "page {} x {}..{end}",
                        i + 1,
                        t.x
                    );
                    assert!(t.y > 0.0 && t.y < p.height, "page {} y {}", i + 1, t.y);
                    folio |= t.tag == Tag::PageNumber && t.run.text == (i + 1).to_string();
                }
                Item::Image(im) => {
                    assert!(im.rect.right() <= p.width && im.rect.bottom() <= p.height)
                }
                _ => {}
            }
        }
        assert_eq!(folio, i > 0, "page {}", i + 1);
    }
    // Section > article bookmarks for every headline, and TOC links to the same places.
    assert_eq!(laid.outline.len(), e.sections.len());
    assert_eq!(laid.outline[0].children.len(), e.sections[0].articles.len());
    let bookmarks: Vec<Destination> = laid
        .outline
        .iter()
        .flat_map(|s| std::iter::once(s.target).chain(s.children.iter().map(|a| a.target)))
        .collect();
    let links: Vec<Destination> = laid.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Link(l) => Some(l.target),
            _ => None,
        })
        .collect();
    assert_eq!(links, bookmarks);
    assert_eq!(
        laid.outline[0].children[0].target.page, 1,
        "first article on page 2"
    );
}

fn edition(path: &str) -> Edition {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    edition::load(&path, &LoadOptions::default()).unwrap()
}

#[test]
fn wide_lead_photos_and_single_picture_photo_stories_span_the_columns() {
    let fonts = FontSet::embedded().unwrap();
    let options = LayoutOptions::default();
    let pictures = edition("tests/data/epub/images/edition.yaml");
    let layouter = Layouter::new(&pictures, &fonts, &options).unwrap();
    let spans = |s: usize, a: usize| {
        layouter
            .spanning_figures(&pictures.sections[s].articles[a])
            .0
    };
    // A short story led by a landscape photo: the photo spans.
    assert_eq!(spans(0, 0), 1);
    // A story of two pictures keeps them side by side in the columns.
    assert_eq!(spans(1, 0), 0);
    // A photo story of one picture (here its file is missing: the caption alone) spans.
    let page = edition("tests/data/import/jiangcheng-2024-03-15/edition.yaml");
    let layouter = Layouter::new(&page, &fonts, &options).unwrap();
    let photo = page.sections[0].articles.last().unwrap();
    assert!(photo.paragraphs().is_empty());
    assert_eq!(layouter.spanning_figures(photo).0, 1);
    // On one column there is nothing to span.
    let one = LayoutOptions {
        columns: Some(1),
        ..LayoutOptions::default()
    };
    let layouter = Layouter::new(&page, &fonts, &one).unwrap();
    assert_eq!(layouter.spanning_figures(photo).0, 0);
}

#[test]
fn headlines_are_fitted_or_broken_between_phrases() {
    let e = sample();
    let fonts = FontSet::embedded().unwrap();
    let texts = |lines: Vec<Line>| lines.iter().map(Line::text).collect::<Vec<_>>();
    // A5: too long to fit; broken at the space, and after the colon, not evenly.
    let a5 = LayoutOptions {
        page: PageSize::A5,
        ..LayoutOptions::default()
    };
    let layouter = Layouter::new(&e, &fonts, &a5).unwrap();
    let full = layouter.grid.inline_extent();
    let lines = layouter.headline_lines(
        "我区印发实施意见 推动青少年文化学习和体育锻炼协调发展",
        17.0,
        Align::Center,
        full,
    );
    assert_eq!(
        texts(lines),
        ["我区印发实施意见", "推动青少年文化学习和体育锻炼协调发展"]
    );
    let lines = layouter.headline_lines(
        "自治区信访局：以全会精神助推全区信访工作高质量发展",
        17.0,
        Align::Center,
        full,
    );
    assert_eq!(
        texts(lines),
        ["自治区信访局：", "以全会精神助推全区信访工作高质量发展"]
    );
    // A4: three characters too long for the measure: fitted on one line, a little smaller.
    let a4 = LayoutOptions::default();
    let layouter = Layouter::new(&e, &fonts, &a4).unwrap();
    let full = layouter.grid.inline_extent();
    let headline = "《哈日夫》获第34届金鸡奖最佳中小成本故事片最佳导演处女作两项提名";
    let lines = layouter.headline_lines(headline, 17.0, Align::Center, full);
    assert_eq!(lines.len(), 1);
    let size = lines[0].runs[0].size;
    assert!((17.0 * 0.88..17.0).contains(&size), "{size}");
    assert!(lines[0].width <= full + EPSILON);
}

fn line(extent: f32, break_before: bool) -> (f32, bool, bool) {
    (extent, break_before, false)
}

/// A paragraph of `n` lines of pitch 10, with widow/orphan-safe breaks.
fn paragraph(n: usize) -> Vec<(f32, bool, bool)> {
    (0..n)
        .map(|k| line(10.0, k == 0 || (k >= 2 && n - k >= 2)))
        .collect()
}

#[test]
fn a_column_never_leaves_a_single_line_of_a_paragraph() {
    // 5 lines, room for 4: breaking after 4 would leave a widow, so break after 3.
    let p = paragraph(5);
    assert_eq!(fill_column(&p, 0, 40.0, false), (0, 3, 30.0));
    // Room for 1: an orphan; nothing goes in unless forced.
    assert_eq!(fill_column(&p, 0, 10.0, false), (0, 0, 0.0));
    assert_eq!(fill_column(&p, 0, 10.0, true), (0, 1, 10.0));
    // A three-line paragraph cannot be split at all.
    let p = paragraph(3);
    assert_eq!(fill_column(&p, 0, 25.0, false), (0, 0, 0.0));
}

#[test]
fn space_is_dropped_at_the_top_of_a_column() {
    let pieces = vec![(5.0, true, true), line(10.0, true), line(10.0, true)];
    assert_eq!(fill_column(&pieces, 0, 20.0, false), (1, 3, 20.0));
}

#[test]
fn columns_are_balanced() {
    let mut pieces = paragraph(7);
    pieces.extend(paragraph(5));
    // 12 lines cannot be 6 + 6: that splits the 7-line paragraph 6 + 1 (a widow), and
    // 5 + 2 leaves 7 for the second column; so 7 + 5, the least height that holds it all.
    let h = balanced_height(&pieces, 0, 2, 500.0);
    assert!(fits(&pieces, 0, 2, h));
    assert!(!fits(&pieces, 0, 2, h - 1.0));
    assert_eq!(h, 70.0);
    // Without keep rules in the way, columns are even.
    let mut even = paragraph(6);
    even.extend(paragraph(6));
    assert_eq!(balanced_height(&even, 0, 2, 500.0), 60.0);
    // A widow rule makes the first column longer than half: 6 + 4 lines cannot be 5 + 5.
    let mut uneven = paragraph(6);
    uneven.extend(paragraph(4));
    assert_eq!(balanced_height(&uneven, 0, 2, 500.0), 60.0);
}

#[test]
fn a_vertical_editions_title_page_and_contents_are_set_vertically() {
    let e = edition("tests/data/epub/vertical-tc/edition.yaml");
    let fonts = FontSet::embedded().unwrap();
    let laid = layout(&e, &fonts, &LayoutOptions::default()).unwrap();
    let front = &laid.pages[0];
    let texts: Vec<&TextItem> = front
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t),
            _ => None,
        })
        .collect();
    // Masthead, date line, "目錄" and every entry with its page number read top to bottom.
    assert!(
        texts.iter().all(|t| t.vertical),
        "a horizontal line on the title page"
    );
    let masthead = texts
        .iter()
        .find(|t| t.run.text.contains(&e.title))
        .unwrap();
    let contents = texts.iter().find(|t| t.run.text == "目錄").unwrap();
    // Right to left: the masthead stands right of the contents label.
    assert!(masthead.x > contents.x, "{} {}", masthead.x, contents.x);
    // Page numbers of one or two digits stand upright, in one em, not turned sideways (the
    // years and issue numbers of four digits on the date line are turned, as in the body).
    let numbers: Vec<&&TextItem> = texts
        .iter()
        .filter(|t| t.run.text.len() <= 2 && t.run.text.chars().all(|c| c.is_ascii_digit()))
        .collect();
    assert!(!numbers.is_empty());
    let turned: Vec<&str> = numbers
        .iter()
        .filter(|t| t.run.rotated)
        .map(|t| t.run.text.as_str())
        .collect();
    assert!(
        turned.is_empty(),
        "page numbers turned sideways: {turned:?}"
    );
    // The links of the entries cover their vertical lines.
    for item in &front.items {
        if let Item::Link(link) = item {
            assert!(link.rect.height > link.rect.width, "{:?}", link.rect);
        }
    }
}
