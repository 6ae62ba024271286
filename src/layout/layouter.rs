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

use super::frame::Frame;
use super::geometry::PageGrid;
use super::missing::MissingScan;
use super::page::*;
use super::{LayoutOptions, Placer};
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
            caption: design::text(TextKind::Caption).size,
            caption_pitch: design::CAPTION_PITCH,
            toc: design::TOC_SIZE,
            toc_pitch: design::TOC_PITCH,
        }
    }
}

/// The structure elements of the front matter, reserved before the content's.
#[derive(Clone, Copy)]
pub(super) struct FrontElements {
    title: ElementId,
    toc_label: ElementId,
    toc: ElementId,
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
    pub(super) frames: Vec<Frame>,
    /// Where a new frame's flow starts along the block axis (0; room for a jump line at the
    /// top of a newspaper article's continuation).
    pub(super) frame_top: f32,
    /// The grid the frames after the next one are laid on (a newspaper article continued on
    /// a later page gets a page's height there); `None` in the book.
    pub(super) continuation_grid: Option<PageGrid>,
    /// The block extent pictures are scaled against: the page's text area.
    pub(super) figure_room: f32,
    /// Block offset on the last page where the next band starts.
    pub(super) cursor: f32,
    /// What the last article laid out keeps together from its top: its head and its first
    /// lines, picture or caption (a placer must not split it inside this extent).
    pub(super) head_keep: f32,
    /// The cursor is right under a section heading (no rule before the next headline).
    pub(super) after_heading: bool,
    /// Lines already broken, by paragraph and measure, on newspaper pages (`None` in the
    /// book): the shape pass sets each article at every block width, but its body at the
    /// same column measure each time. Emptied at each section, so it holds one section.
    pub(super) line_cache: Option<std::cell::RefCell<super::text::LineCache>>,
    /// Content-relative destinations of each section heading and each headline.
    pub(super) section_targets: Vec<Destination>,
    pub(super) article_targets: Vec<Vec<Destination>>,
    /// What becomes of a content frame once the flow has moved on to the next one.
    pub(super) retire: Retire<'a>,
}

/// What the book flow does with each content frame once it has moved on to the next one (see
/// [`super::stream`]): the book never adds to an earlier frame, so that frame is final.
pub(super) enum Retire<'a> {
    /// Kept until the end, when all the pages are returned at once ([`super::layout`]).
    Keep,
    /// Finished into a page, looked at for characters drawn as the placeholder, and dropped:
    /// the numbering pass keeps only each frame's text start (an empty shell).
    Measure(MissingScan),
    /// Finished into its final page, `offset` front matter pages after the first, and
    /// handed to `sink`; the first error the sink returns stops the emitting.
    Emit {
        offset: usize,
        sink: &'a mut dyn FnMut(&Page) -> Result<()>,
        error: Option<anyhow::Error>,
    },
}

impl<'a> Layouter<'a> {
    /// Chooses faces and the page grid for `edition`.
    pub(super) fn new(
        edition: &'a Edition,
        fonts: &FontSet,
        options: &'a LayoutOptions,
    ) -> Result<Self> {
        let region = edition.locale().region();
        let mut st = Styles::new();
        if options.placer == Placer::Newspaper {
            st.body = design::NEWSPAPER_BODY_SIZE;
            st.body_pitch = design::NEWSPAPER_BODY_PITCH;
        }
        let columns = options.column_count();
        match options.placer {
            Placer::Book => {
                if !(1..=6).contains(&columns) {
                    bail!("--columns must be between 1 and 6, found {columns}");
                }
            }
            Placer::Newspaper => {
                if !(2..=8).contains(&columns) {
                    bail!("--columns must be between 2 and 8 on newspaper pages, found {columns}");
                }
                if edition.writing_mode == WritingMode::VerticalRl {
                    bail!("--layout newspaper sets horizontal editions only; this edition is vertical (use --layout book)");
                }
            }
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
            frames: Vec::new(),
            frame_top: 0.0,
            continuation_grid: None,
            figure_room: grid.block_extent(),
            cursor: 0.0,
            head_keep: 0.0,
            line_cache: None,
            after_heading: false,
            section_targets: Vec::new(),
            article_targets: Vec::new(),
            retire: Retire::Keep,
        })
    }

    /// Reserves the front matter's elements first, so the structure stays in reading order:
    /// (title, contents label, contents).
    pub(super) fn front_elements(&mut self) -> FrontElements {
        let root = 0;
        FrontElements {
            title: self.structure.add(root, ElementKind::Title),
            toc_label: self.structure.add(root, ElementKind::Paragraph),
            toc: self.structure.add(root, ElementKind::Toc),
        }
    }

    /// Lays out everything as a book and returns the pages.
    pub(super) fn run(mut self) -> Result<LaidOutEdition> {
        let front = self.flow();
        let content = std::mem::take(&mut self.frames);
        Ok(self.finish(content, front, |_, _| {}))
    }

    /// The book's sections and articles through the content frames; returns the front
    /// matter's elements, reserved first.
    pub(super) fn flow(&mut self) -> FrontElements {
        let front = self.front_elements();
        let root = 0;
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
        front
    }

    /// Hands the last content frame to [`Self::retire`] (a no-op for [`Retire::Keep`]),
    /// leaving an empty shell with its text start in its place, so that frame indices (page
    /// numbers) stay as they were.
    pub(super) fn retire_last(&mut self) {
        if matches!(self.retire, Retire::Keep) {
            return;
        }
        let index = self.frames.len().saturating_sub(1);
        let Some(last) = self.frames.last_mut() else {
            return;
        };
        let frame = Frame {
            items: std::mem::take(&mut last.items),
            section: last.section,
            text_start: last.text_start.clone(),
            grid: last.grid,
        };
        let mut retire = std::mem::replace(&mut self.retire, Retire::Keep);
        match &mut retire {
            Retire::Keep => {}
            // The numbering pass does not know the front matter's length yet: the page is
            // finished as if it had one page (only the folio's digits differ), and the
            // characters found on it are counted from the first content page.
            Retire::Measure(scan) => {
                scan.page(&self.content_page(frame, 1, index, |_, _| {}), index)
            }
            Retire::Emit {
                offset,
                sink,
                error,
            } => {
                if error.is_none() {
                    let page = self.content_page(frame, *offset, index, |_, _| {});
                    if let Err(e) = sink(&page) {
                        *error = Some(e);
                    }
                }
            }
        }
        self.retire = retire;
    }

    /// The title page and contents before the `content` pages (each a frame placed at the
    /// page's origin), then running heads and folios. `last_touch` is given each content page
    /// with the number of front matter pages before it, once that number is known (for jump
    /// lines, which name page numbers).
    pub(super) fn finish(
        mut self,
        content: Vec<Frame>,
        front_el: FrontElements,
        mut last_touch: impl FnMut(&mut Frame, usize),
    ) -> LaidOutEdition {
        let front = self.front_pages(front_el);
        let offset = front.len();
        let mut pages = Vec::with_capacity(offset + content.len());
        for (index, frame) in front.into_iter().enumerate() {
            pages.push(self.finished_page(frame, index));
        }
        for (index, frame) in content.into_iter().enumerate() {
            pages.push(self.content_page(frame, offset, index, &mut last_touch));
        }
        LaidOutEdition {
            pages,
            outline: self.outline(offset),
            structure: self.structure,
            provenance: self.options.provenance(),
        }
    }

    /// The title page and the TOC: their length shifts every page number after them, so
    /// they are built until the page count they assume is the one they take (once or twice).
    pub(super) fn front_pages(&mut self, front_el: FrontElements) -> Vec<Frame> {
        let (title_el, toc_label_el, toc_el) = (front_el.title, front_el.toc_label, front_el.toc);
        let mut front_count = 1;
        loop {
            let structure_backup = self.structure.clone();
            let front = self.front_matter(front_count, title_el, toc_label_el, toc_el);
            if front.len() == front_count {
                return front;
            }
            front_count = front.len();
            self.structure = structure_backup;
        }
    }

    /// The frame as page `index` (0: the title page), with its running head after the first.
    pub(super) fn finished_page(&self, mut frame: Frame, index: usize) -> Page {
        if index > 0 {
            self.running_head(&mut frame, index);
        }
        Page {
            width: frame.grid.page.width,
            height: frame.grid.page.height,
            items: frame.items,
            text_start: frame.text_start,
        }
    }

    /// Content frame `index` as the page `offset` pages after the front matter's first: given
    /// `last_touch`, its links moved past the front matter, with its running head and folio.
    pub(super) fn content_page(
        &self,
        mut frame: Frame,
        offset: usize,
        index: usize,
        mut last_touch: impl FnMut(&mut Frame, usize),
    ) -> Page {
        // A content frame is a whole text area whose origin is the page's: its items are
        // already where the page draws them.
        last_touch(&mut frame, offset);
        for item in &mut frame.items {
            if let Item::Link(link) = item {
                link.target.page += offset;
            }
        }
        self.finished_page(frame, offset + index)
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
