//! The flow: sections and articles into pages and columns, then the title page with the
//! table of contents, then running heads and folios.
//!
//! Content is turned into a sequence of *pieces* (lines, pictures, spaces), each knowing its
//! extent along the block axis and whether a column may end just before it. Filling a column
//! is then greedy up to the last permitted break, and an article that ends inside a band of
//! columns is balanced (the shortest column height that still holds it), so the next headline
//! can span the columns right below it. Widows and orphans are ruled out by the break
//! permissions: inside a paragraph a column may only end with at least two lines on each side.

use anyhow::{bail, Result};

use super::geometry::PageGrid;
use super::page::*;
use super::LayoutOptions;
use crate::design::{self, TextKind};
use crate::edition::{Edition, WritingMode};
use crate::fonts::{Face, FontSet, FontStyle};
use crate::typeset::{Direction, Rules};

/// Slack when comparing extents, in points (rounding in sums of line pitches).
pub(super) const EPSILON: f32 = 0.01;

/// The design table's sizes and pitches the flow uses, in points (see [`crate::design`]).
#[derive(Clone, Copy)]
pub(super) struct Styles {
    pub(super) body: f32,
    pub(super) body_pitch: f32,
    pub(super) headline: f32,
    pub(super) lead_headline: f32,
    pub(super) caption: f32,
    pub(super) caption_pitch: f32,
    pub(super) toc: f32,
    pub(super) toc_pitch: f32,
}

impl Styles {
    pub(super) fn new() -> Styles {
        Styles {
            body: design::BODY_SIZE,
            body_pitch: design::BODY_PITCH,
            headline: design::text(TextKind::Headline).size,
            lead_headline: design::LEAD_HEADLINE_SIZE,
            caption: design::text(TextKind::Caption).size,
            caption_pitch: design::CAPTION_PITCH,
            toc: design::TOC_SIZE,
            toc_pitch: design::TOC_PITCH,
        }
    }
}

/// A page being built.
pub(super) struct PageBuild {
    pub(super) items: Vec<Item>,
    /// Section the page belongs to (for the running head); `None` on front matter.
    pub(super) section: Option<usize>,
    pub(super) text_start: Option<TextPosition>,
    pub(super) grid: PageGrid,
}

impl PageBuild {
    pub(super) fn new(grid: PageGrid, section: Option<usize>) -> PageBuild {
        PageBuild {
            items: Vec::new(),
            section,
            text_start: None,
            grid,
        }
    }
}

/// Lays out one edition; see [`super::layout`].
pub(super) struct Layouter<'a> {
    pub(super) edition: &'a Edition,
    pub(super) options: &'a LayoutOptions,
    pub(super) grid: PageGrid,
    pub(super) front_grid: PageGrid,
    pub(super) serif: Face,
    pub(super) sans: Face,
    pub(super) st: Styles,
    pub(super) direction: Direction,
    /// The language's typesetting rules, for every paragraph.
    pub(super) rules: Rules,
    pub(super) structure: Structure,
    pub(super) pages: Vec<PageBuild>,
    /// Block offset on the last page where the next band starts.
    pub(super) cursor: f32,
    /// The cursor is right under a section heading (no rule before the next headline).
    pub(super) after_heading: bool,
    /// Content-relative destinations of each section heading and each headline.
    pub(super) section_targets: Vec<Destination>,
    pub(super) article_targets: Vec<Vec<Destination>>,
}

impl<'a> Layouter<'a> {
    /// Chooses faces and the page grid for `edition`.
    pub(super) fn new(
        edition: &'a Edition,
        fonts: &FontSet,
        options: &'a LayoutOptions,
    ) -> Result<Self> {
        let region = edition.locale().region();
        let st = Styles::new();
        let columns = options.column_count();
        if !(1..=6).contains(&columns) {
            bail!("--columns must be between 1 and 6, found {columns}");
        }
        let grid = PageGrid::new(options.page, columns, st.body, edition.writing_mode);
        // The front matter reads as the body does: a vertical edition's title page and table
        // of contents are set top to bottom, right to left, as vertical books set them.
        let front_grid = PageGrid::new(options.page, 1, st.body, edition.writing_mode);
        let direction = match edition.writing_mode {
            WritingMode::HorizontalTb => Direction::Horizontal,
            WritingMode::VerticalRl => Direction::Vertical,
        };
        Ok(Layouter {
            edition,
            options,
            grid,
            front_grid,
            serif: fonts.face(FontStyle::Serif, region)?,
            sans: fonts.face(FontStyle::SansBold, region)?,
            st,
            direction,
            rules: Rules::for_locale(edition.locale()),
            structure: Structure::new(),
            pages: Vec::new(),
            cursor: 0.0,
            after_heading: false,
            section_targets: Vec::new(),
            article_targets: Vec::new(),
        })
    }

    /// Lays out everything and returns the pages.
    pub(super) fn run(mut self) -> Result<LaidOutEdition> {
        // Reserve the front matter's elements first so the structure stays in reading order.
        let root = 0;
        let title_el = self.structure.add(root, ElementKind::Title);
        let toc_label_el = self.structure.add(root, ElementKind::Paragraph);
        let toc_el = self.structure.add(root, ElementKind::Toc);

        for (s, section) in self.edition.sections.iter().enumerate() {
            self.new_page(Some(s));
            let section_el = self.structure.add(root, ElementKind::Section);
            self.section_heading(section_el, &section.title);
            let mut targets = Vec::new();
            for (a, article) in section.articles.iter().enumerate() {
                targets.push(self.article(s, a, section_el, article));
            }
            self.article_targets.push(targets);
        }
        let content = std::mem::take(&mut self.pages);

        // The title page and TOC: their length shifts every page number after them, so build
        // them until the page count they assume is the one they take (once or twice).
        let mut front_count = 1;
        let front = loop {
            let structure_backup = self.structure.clone();
            let front = self.front_matter(front_count, title_el, toc_label_el, toc_el);
            if front.len() == front_count {
                break front;
            }
            front_count = front.len();
            self.structure = structure_backup;
        };

        let offset = front.len();
        let mut pages = front;
        pages.extend(content.into_iter().map(|mut p| {
            for item in &mut p.items {
                if let Item::Link(link) = item {
                    link.target.page += offset;
                }
            }
            p
        }));
        let outline = self.outline(offset);

        let mut out = Vec::with_capacity(pages.len());
        for (index, mut page) in pages.into_iter().enumerate() {
            if index > 0 {
                self.running_head(&mut page, index);
            }
            out.push(Page {
                width: page.grid.page.width,
                height: page.grid.page.height,
                items: page.items,
                text_start: page.text_start,
            });
        }
        Ok(LaidOutEdition {
            pages: out,
            structure: self.structure,
            outline,
            provenance: self.options.provenance(),
        })
    }

    /// Bookmarks for the sections and their articles, their targets moved `offset` pages on
    /// (past the front matter).
    pub(super) fn outline(&self, offset: usize) -> Vec<OutlineEntry> {
        let shift = |d: Destination| Destination {
            page: d.page + offset,
            ..d
        };
        let sections = self.edition.sections.iter();
        sections
            .zip(&self.section_targets)
            .zip(&self.article_targets)
            .map(|((section, &target), article_targets)| OutlineEntry {
                title: section.title.clone(),
                target: shift(target),
                children: section
                    .articles
                    .iter()
                    .zip(article_targets)
                    .map(|(article, &target)| OutlineEntry {
                        title: article.headline.clone(),
                        target: shift(target),
                        children: Vec::new(),
                    })
                    .collect(),
            })
            .collect()
    }
}
