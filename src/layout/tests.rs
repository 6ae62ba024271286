//! Tests of the layout: whole editions laid out, and the column filler alone.

use super::articles::*;
use super::columns::*;
use super::layouter::*;
use super::page::*;
use crate::edition::Edition;
use crate::edition::{self, LoadOptions};
use crate::fonts::FontSet;
use crate::layout::{layout, LayoutOptions, PageGrid, PageSize};
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
    // A photo story of one picture spans: the wetland photo without its story and chart.
    let mut story = pictures.sections[0].articles[0].clone();
    story.body = None;
    story.images.truncate(1);
    assert_eq!(layouter.spanning_figures(&story).0, 1);
    // One whose picture was not supplied keeps the mark and caption in a column, where the
    // caption has a readable measure.
    let page = edition("tests/data/import/jiangcheng-2024-03-15/edition.yaml");
    let layouter = Layouter::new(&page, &fonts, &options).unwrap();
    let photo = page.sections[0].articles.last().unwrap();
    assert!(photo.paragraphs().is_empty());
    assert_eq!(layouter.spanning_figures(photo).0, 0);
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
fn the_balanced_height_is_the_first_whole_point_that_fits() {
    // What the search must give: every point tried from the even share up.
    fn stepped(pieces: &[(f32, bool, bool)], from: usize, columns: usize, max: f32) -> f32 {
        let total: f32 = pieces[from..].iter().map(|p| p.0).sum();
        let mut h = (total / columns as f32).floor();
        while h < max {
            if fits(pieces, from, columns, h) {
                return h;
            }
            h += 1.0;
        }
        max
    }
    let mut seed = 7u32;
    let mut next = |n: u32| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 16) % n
    };
    for _ in 0..300 {
        // Paragraphs of body or caption lines (no widows or orphans) and pictures with the
        // space before them, of odd extents.
        let mut pieces = Vec::new();
        for _ in 0..1 + next(8) {
            if next(4) == 0 {
                pieces.push((6.5, true, true));
                pieces.push((20.0 + next(400) as f32 * 0.7, false, false));
            } else {
                let pitch = [14.5, 13.0, 12.3][next(3) as usize];
                let n = 1 + next(12) as usize;
                pieces.extend((0..n).map(|k| (pitch, k == 0 || (k >= 2 && n - k >= 2), false)));
            }
        }
        let from = next(pieces.len() as u32) as usize;
        for columns in 1..=4 {
            for max in [100.0, 333.3, 700.0, f32::MAX] {
                assert_eq!(
                    balanced_height(&pieces, from, columns, max),
                    stepped(&pieces, from, columns, max),
                    "{pieces:?} from {from} in {columns} columns below {max}"
                );
            }
        }
    }
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

/// The (section, article) each structure element belongs to, if any.
fn article_of(structure: &Structure) -> Vec<Option<(usize, usize)>> {
    fn mark(s: &Structure, id: ElementId, at: (usize, usize), out: &mut [Option<(usize, usize)>]) {
        out[id] = Some(at);
        for &c in &s.elements[id].children {
            mark(s, c, at, out);
        }
    }
    let mut out = vec![None; structure.elements.len()];
    let sections = structure.elements[0]
        .children
        .iter()
        .filter(|&&c| structure.elements[c].kind == ElementKind::Section);
    for (s, &section) in sections.enumerate() {
        let articles = structure.elements[section]
            .children
            .iter()
            .filter(|&&c| structure.elements[c].kind == ElementKind::Article);
        for (a, &article) in articles.enumerate() {
            mark(structure, article, (s, a), &mut out);
        }
    }
    out
}

/// A box: (x0, y0, x1, y1).
type Box4 = (f32, f32, f32, f32);

/// The box (x0, y0, x1, y1) an item covers, if it is text or a picture.
fn item_box(item: &Item) -> Option<Box4> {
    match item {
        Item::Text(t) => {
            let end = t.x + t.run.pos + t.run.glyphs.last().map_or(0.0, |g| g.pos + g.advance);
            Some((t.x, t.y - t.run.size * 0.88, end, t.y + t.run.size * 0.12))
        }
        Item::Image(i) => Some((i.rect.x, i.rect.y, i.rect.right(), i.rect.bottom())),
        _ => None,
    }
}

/// On newspaper pages every article on a page sits in its own rectangle, no two overlap,
/// each headline is no wider than its block, and the outline lands on each article's block.
///
/// (Over 80 lines: one walk over the pages gathers each article's boxes, and the three
/// properties are checked on the same boxes.)
#[test]
fn newspaper_blocks_are_rectangles_that_do_not_overlap() {
    use std::collections::BTreeMap;
    let e = sample();
    let fonts = FontSet::embedded().unwrap();
    let options = LayoutOptions {
        placer: crate::layout::Placer::Newspaper,
        page: PageSize::BROADSHEET,
        ..LayoutOptions::default()
    };
    let laid = layout(&e, &fonts, &options).unwrap();
    let owner = article_of(&laid.structure);
    let is_headline = |id: ElementId| {
        matches!(
            laid.structure.elements[id].kind,
            ElementKind::Heading { level: 2, .. }
        )
    };
    let mut first_content: Option<(usize, f32)> = None;
    for (p, page) in laid.pages.iter().enumerate().skip(1) {
        // Per article: the box of its headline and the box of everything else.
        let mut boxes: BTreeMap<(usize, usize), [Box4; 2]> = BTreeMap::new();
        for item in &page.items {
            let tag = match item {
                Item::Text(t) => t.tag,
                Item::Image(i) => i.tag,
                _ => continue,
            };
            let (Tag::Element(id), Some(b)) = (tag, item_box(item)) else {
                continue;
            };
            let Some(at) = owner[id] else { continue };
            let empty = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
            let entry = boxes.entry(at).or_insert([empty; 2]);
            let slot = &mut entry[usize::from(is_headline(id))];
            *slot = (
                slot.0.min(b.0),
                slot.1.min(b.1),
                slot.2.max(b.2),
                slot.3.max(b.3),
            );
        }
        let whole = |[body, head]: [Box4; 2]| {
            (
                body.0.min(head.0),
                body.1.min(head.1),
                body.2.max(head.2),
                body.3.max(head.3),
            )
        };
        let list: Vec<_> = boxes.iter().map(|(&at, &b)| (at, whole(b), b)).collect();
        for (i, &(a, x, _)) in list.iter().enumerate() {
            for &(b, y, _) in &list[i + 1..] {
                let overlap =
                    (x.2.min(y.2) - x.0.max(y.0)).max(0.0) * (x.3.min(y.3) - x.1.max(y.1)).max(0.0);
                assert!(overlap < 1.0, "page {}: {a:?} and {b:?} overlap", p + 1);
            }
        }
        for &(at, _, [body, head]) in &list {
            if body.0 < f32::MAX && head.0 < f32::MAX {
                assert!(
                    head.0 >= body.0 - 1.0 && head.2 <= body.2 + 1.0,
                    "page {}: the headline of {at:?} is wider than its block",
                    p + 1
                );
            }
        }
        if first_content.is_none() {
            let grid = PageGrid::new(
                PageSize::BROADSHEET,
                6,
                crate::design::NEWSPAPER_BODY_SIZE,
                crate::edition::WritingMode::HorizontalTb,
            );
            let area = grid.content.width * grid.content.height;
            let used: f32 = list
                .iter()
                .map(|&(_, b, _)| (b.2 - b.0) * (b.3 - b.1))
                .sum();
            first_content = Some((list.len(), 1.0 - used / area));
        }
    }
    let (articles, white) = first_content.unwrap();
    println!(
        "first newspaper page: {articles} of {} articles, {:.1}% of the text area white",
        e.articles().count(),
        100.0 * white
    );
    assert_eq!(articles, 10, "{articles} articles on the first page");
    // Each bookmark lands on its article's headline, at its block's top.
    for (s, section) in laid.outline.iter().enumerate() {
        for (a, entry) in section.children.iter().enumerate() {
            let target = entry.target;
            let landed = laid.pages[target.page].items.iter().any(|item| match item {
                Item::Text(t) => {
                    matches!(t.tag, Tag::Element(id) if owner[id] == Some((s, a)) && is_headline(id))
                        && t.x >= target.x - 1.0
                        && t.y >= target.y
                        && t.y <= target.y + 80.0
                }
                _ => false,
            });
            assert!(landed, "bookmark of article {a} misses its block");
        }
    }
}

/// The editions the placers' defect tests lay out: the sample, the imported pages (mixed
/// editions with photo stories whose pictures are missing), pictures, markup, other
/// languages.
const DEFECT_EDITIONS: [&str; 8] = [
    "examples/nmg-2022-01-03/edition.yaml",
    "tests/data/import/jiangcheng-2024-03-15/edition.yaml",
    "tests/data/import/beifang-2025-06-02/edition.yaml",
    "tests/data/import/donghai-2023-11-08/edition.yaml",
    "tests/data/epub/images/edition.yaml",
    "tests/data/epub/markup/edition.yaml",
    "tests/data/languages/ja/edition.yaml",
    "tests/data/languages/ko/edition.yaml",
];

/// The page options the defect tests try: book pages of one to three columns, newspaper
/// pages of each size.
fn defect_options() -> Vec<LayoutOptions> {
    use crate::layout::Placer;
    let book = |page, columns| LayoutOptions {
        page,
        columns,
        ..LayoutOptions::default()
    };
    let newspaper = |page| LayoutOptions {
        placer: Placer::Newspaper,
        page,
        ..LayoutOptions::default()
    };
    vec![
        book(PageSize::A4, None),
        book(PageSize::A5, None),
        book(PageSize::A4, Some(1)),
        book(PageSize::A4, Some(3)),
        newspaper(PageSize::BROADSHEET),
        newspaper(PageSize::BERLINER),
        newspaper(PageSize::TABLOID),
    ]
}

/// The first and last page each structure element draws on.
fn element_pages(laid: &LaidOutEdition) -> Vec<Option<(usize, usize)>> {
    let mut pages: Vec<Option<(usize, usize)>> = vec![None; laid.structure.elements.len()];
    for (p, page) in laid.pages.iter().enumerate() {
        for item in &page.items {
            let tag = match item {
                Item::Text(t) => t.tag,
                Item::Image(i) => i.tag,
                _ => continue,
            };
            if let Tag::Element(id) = tag {
                let span = pages[id].get_or_insert((p, p));
                span.1 = p;
            }
        }
    }
    pages
}

/// A headline never stands alone at the foot of a page: the page its last line is on also
/// shows the first thing after the head (body lines, a picture, a caption: a photo story's
/// caption and credit), in both placers, on every page size.
#[test]
fn a_headline_is_kept_with_its_first_lines_picture_or_caption() {
    let fonts = FontSet::embedded().unwrap();
    for path in DEFECT_EDITIONS {
        let e = edition(path);
        for options in defect_options() {
            if options.placer == crate::layout::Placer::Newspaper
                && e.writing_mode == crate::edition::WritingMode::VerticalRl
            {
                continue;
            }
            let laid = layout(&e, &fonts, &options).unwrap();
            let pages = element_pages(&laid);
            let owner = article_of(&laid.structure);
            let mut checked = 0;
            for (id, element) in laid.structure.elements.iter().enumerate() {
                if element.kind != ElementKind::Article {
                    continue;
                }
                let (s, a) = owner[id].unwrap();
                let article = &e.sections[s].articles[a];
                let children = &element.children;
                let heading = children
                    .iter()
                    .position(|&c| {
                        matches!(laid.structure.elements[c].kind, ElementKind::Heading { .. })
                    })
                    .unwrap();
                let after_head = usize::from(article.subheadline.is_some())
                    + usize::from(article.standalone_byline().is_some());
                let Some(&first) = children.get(heading + 1 + after_head) else {
                    continue;
                };
                let head_page = pages[children[heading]].unwrap().1;
                let content_page = pages[first].map(|p| p.0);
                assert_eq!(
                    content_page,
                    Some(head_page),
                    "{path} on {}: “{}” ends page {} alone",
                    options.provenance(),
                    article.headline,
                    head_page + 1
                );
                checked += 1;
            }
            assert!(checked > 0, "{path}");
        }
    }
}

/// A caption is set to a readable measure: never wider than
/// [`crate::design::CAPTION_MAX_MEASURE_EM`] caption ems, and no wider than a column where
/// its picture was not supplied; such a picture keeps a mark with the localized words above
/// its caption, on the same page.
///
/// (Over 80 lines: per edition and page size, one walk gathers the caption lines and marks
/// that the two checks share.)
#[test]
fn captions_keep_a_readable_measure_and_missing_pictures_a_mark() {
    use std::collections::BTreeMap;
    let fonts = FontSet::embedded().unwrap();
    let caption_size = crate::design::text(crate::design::TextKind::Caption).size;
    let widest = crate::design::CAPTION_MAX_MEASURE_EM * caption_size + 1.0;
    let mut marks = 0;
    for path in DEFECT_EDITIONS {
        let e = edition(path);
        let words = e.locale().picture_missing();
        for options in defect_options() {
            if options.placer == crate::layout::Placer::Newspaper
                && e.writing_mode == crate::edition::WritingMode::VerticalRl
            {
                continue;
            }
            let column = Layouter::new(&e, &fonts, &options)
                .unwrap()
                .grid
                .column_measure;
            let laid = layout(&e, &fonts, &options).unwrap();
            let owner = article_of(&laid.structure);
            // Each caption element: whether its picture is missing.
            let mut missing: BTreeMap<ElementId, bool> = BTreeMap::new();
            for (id, element) in laid.structure.elements.iter().enumerate() {
                if element.kind != ElementKind::Article {
                    continue;
                }
                let (s, a) = owner[id].unwrap();
                let images = e.sections[s].articles[a].images.iter().filter(|i| {
                    !caption_text(i.caption.as_deref(), i.credit.as_deref()).is_empty()
                });
                let captions = element
                    .children
                    .iter()
                    .filter(|&&c| laid.structure.elements[c].kind == ElementKind::Caption);
                for (&c, image) in captions.zip(images) {
                    missing.insert(c, image.data().is_none());
                }
            }
            for (p, page) in laid.pages.iter().enumerate() {
                // Caption lines: (element, baseline) -> (start, end).
                // (The runs of one line share its start.)
                let mut lines: BTreeMap<(ElementId, i64, i64), (f32, f32)> = BTreeMap::new();
                let mut mark_at: Vec<(f32, f32)> = Vec::new();
                for item in &page.items {
                    let Item::Text(t) = item else { continue };
                    let b = item_box(item).unwrap();
                    match t.tag {
                        Tag::Element(id) if missing.contains_key(&id) => {
                            let line = lines
                                .entry((id, t.y.round() as i64, t.x.round() as i64))
                                .or_insert((b.0, b.2));
                            *line = (line.0.min(b.0), line.1.max(b.2));
                        }
                        Tag::Layout if t.run.text == words => mark_at.push((t.x, t.y)),
                        _ => {}
                    }
                }
                let where_ = || format!("{path} on {}, page {}", options.provenance(), p + 1);
                // Per caption of a missing picture on this page: whether a line of it stands
                // right under a mark, in the same column.
                let mut under_mark: BTreeMap<ElementId, bool> = BTreeMap::new();
                for (&(id, y, _), &(x0, x1)) in &lines {
                    let width = x1 - x0;
                    assert!(width <= widest, "{}: a caption line {width} wide", where_());
                    if !missing[&id] || t_is_vertical(page) {
                        continue;
                    }
                    assert!(
                        width <= column + 1.0,
                        "{}: the caption of a missing picture {width} wide, column {column}",
                        where_()
                    );
                    let y = y as f32;
                    // The caption stays whole with its mark: every line in the mark's column
                    // (the mark's words are centred in it), below it.
                    assert!(
                        mark_at.is_empty()
                            || mark_at
                                .iter()
                                .any(|&(mx, my)| x0 <= mx + 1.0 && x0 >= mx - column && y > my),
                        "{}: a line of a missing picture's caption away from its mark",
                        where_()
                    );
                    let under = mark_at
                        .iter()
                        .any(|&(mx, my)| mx >= x0 - 1.0 && mx <= x1 && y > my && y - my < 60.0);
                    *under_mark.entry(id).or_default() |= under;
                }
                for (_, under) in under_mark {
                    // A caption continued from the column before has no mark over it here.
                    assert!(
                        under || mark_at.is_empty(),
                        "{}: no mark over the caption",
                        where_()
                    );
                    marks += usize::from(under);
                }
            }
        }
    }
    assert!(marks >= 10, "only {marks} marks of missing pictures found");
}

/// Whether the page's article text is vertical (captions then run down a column).
fn t_is_vertical(page: &Page) -> bool {
    page.items
        .iter()
        .any(|i| matches!(i, Item::Text(t) if t.vertical))
}

/// Where a section's last story stands alone on the page it opens, it could not have been
/// set at the foot of the page before: that page has less room than the story takes on its
/// own page, even with its pictures at half their height (the least they could honestly be
/// shrunk to). Checked on the defect editions in the book (newspaper pages place the story
/// wherever the search finds room, and hold as many stories as fit), and on a series where a
/// long story of 1, 2, … paragraphs precedes a short one led by a wide photo, so that the
/// room left for it falls by a paragraph at a time (the picture goes into a column where
/// spanning it would not fit).
#[test]
fn a_short_last_story_stands_alone_on_a_page_only_when_it_cannot_fit_before() {
    let mut checked = 0;
    for path in DEFECT_EDITIONS {
        let e = edition(path);
        for options in defect_options() {
            if options.placer == crate::layout::Placer::Book {
                checked += assert_last_stories_cannot_fit_before(&e, &options, path);
            }
        }
    }
    let options = LayoutOptions::default();
    let pictures = edition("tests/data/epub/images/edition.yaml");
    let mut story = pictures.sections[0].articles[0].clone();
    story.images.truncate(1);
    let long = sample().sections[0].articles[5].clone();
    let paragraphs = long.paragraphs();
    let mut base = pictures.clone();
    base.sections.truncate(1);
    for n in 1..=paragraphs.len() {
        let mut filler = long.clone();
        filler.body = Some(paragraphs[..n].join("\n\n"));
        let mut e = base.clone();
        e.sections[0].articles = vec![filler, story.clone()];
        checked += assert_last_stories_cannot_fit_before(&e, &options, &format!("{n} paragraphs"));
    }
    // The sample on A4 ends with its photo story alone; the series has lone stories too.
    assert!(checked >= 5, "only {checked} lone last stories found");
}

/// Checks the section-last stories of `e` laid out with `options` that stand alone on a page
/// (see above); returns how many there were.
fn assert_last_stories_cannot_fit_before(
    e: &Edition,
    options: &LayoutOptions,
    label: &str,
) -> usize {
    let fonts = FontSet::embedded().unwrap();
    let content = Layouter::new(e, &fonts, options).unwrap().grid.content;
    let laid = layout(e, &fonts, options).unwrap();
    let owner = article_of(&laid.structure);
    let on_page = |p: usize| -> Vec<(usize, usize)> {
        let mut at: Vec<(usize, usize)> = laid.pages[p]
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Text(TextItem {
                    tag: Tag::Element(id),
                    ..
                })
                | Item::Image(ImageItem {
                    tag: Tag::Element(id),
                    ..
                }) => owner[*id],
                _ => None,
            })
            .collect();
        at.sort();
        at.dedup();
        at
    };
    // Lowest point drawn in the text area, and the pictures' heights.
    let bottom = |p: usize| {
        laid.pages[p]
            .items
            .iter()
            .filter_map(item_box)
            .map(|b| b.3)
            .fold(content.y, f32::max)
    };
    let mut lone = 0;
    for (s, section) in e.sections.iter().enumerate() {
        let last = (s, section.articles.len() - 1);
        let Some(p) = (1..laid.pages.len()).find(|&p| on_page(p).contains(&last)) else {
            continue;
        };
        if on_page(p) != vec![last] || last.1 == 0 || !on_page(p - 1).contains(&(s, last.1 - 1)) {
            continue;
        }
        let pictures: f32 = picture_heights(&laid.pages[p]).iter().sum();
        let needs = bottom(p) - content.y - pictures / 2.0;
        let room = content.bottom() - bottom(p - 1) - crate::design::BODY_PITCH;
        assert!(
            needs > room,
            "{label}, {}: “{}” opens page {} alone, needing {needs:.0} pt with its pictures halved; {room:.0} pt were left on the page before",
            options.provenance(),
            section.articles[last.1].headline,
            p + 1
        );
        lone += 1;
    }
    lone
}

/// The heights of the pictures on a page, in order.
fn picture_heights(page: &Page) -> Vec<f32> {
    page.items
        .iter()
        .filter_map(|item| match item {
            Item::Image(i) => Some(i.rect.height),
            _ => None,
        })
        .collect()
}
