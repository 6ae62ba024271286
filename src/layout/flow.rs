//! The flow: sections and articles into pages and columns, then the title page with the
//! table of contents, then running heads and folios.
//!
//! Content is turned into a sequence of *pieces* (lines, pictures, spaces), each knowing its
//! extent along the block axis and whether a column may end just before it. Filling a column
//! is then greedy up to the last permitted break, and an article that ends inside a band of
//! columns is balanced (the shortest column height that still holds it), so the next headline
//! can span the columns right below it. Widows and orphans are ruled out by the break
//! permissions: inside a paragraph a column may only end with at least two lines on each side.

use std::sync::Arc;

use anyhow::{bail, Result};

use super::geometry::PageGrid;
use super::page::*;
use super::LayoutOptions;
use crate::edition::{Article, Edition, ImageData, WritingMode};
use crate::fonts::{Face, FontSet, FontStyle};
use crate::typeset::{self, Align, Direction, Line, ParagraphStyle, Span, EM_BOX_ASCENT};

/// Slack when comparing extents, in points (rounding in sums of line pitches).
const EPSILON: f32 = 0.01;

/// Type sizes and line pitches, in points.
#[derive(Clone, Copy)]
struct Styles {
    body: f32,
    body_pitch: f32,
    kicker: f32,
    headline: f32,
    lead_headline: f32,
    subheadline: f32,
    caption: f32,
    /// Photo credits, after the caption.
    credit: f32,
    caption_pitch: f32,
    section: f32,
    running: f32,
    masthead: f32,
    toc: f32,
    toc_pitch: f32,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            body: 10.0,
            body_pitch: 14.5,
            kicker: 10.5,
            headline: 17.0,
            lead_headline: 22.0,
            subheadline: 12.0,
            caption: 8.5,
            credit: 7.5,
            caption_pitch: 12.3,
            section: 15.0,
            running: 8.0,
            masthead: 40.0,
            toc: 10.5,
            toc_pitch: 18.0,
        }
    }
}

/// A unit of the flow along the block axis.
struct Piece {
    /// Extent along the block axis, in points.
    extent: f32,
    /// A column may end just before this piece.
    break_before: bool,
    /// Dropped when it would open a column (space before a figure).
    discardable: bool,
    kind: PieceKind,
}

enum PieceKind {
    Line {
        line: Line,
        /// Offset from the column's (or text area's) inline start.
        inline_offset: f32,
        element: ElementId,
        at: Option<TextPosition>,
    },
    Image {
        data: Arc<ImageData>,
        /// Extent along the inline axis (the block extent is the piece's).
        inline_extent: f32,
        /// Inline extent of the column it is centred in.
        measure: f32,
        element: ElementId,
    },
    Space,
}

/// Where a paragraph's text lies in the edition, so its lines can say where they begin.
#[derive(Clone, Copy)]
struct Source<'t> {
    section: usize,
    article: usize,
    block: TextBlock,
    /// The paragraph's text in the edition.
    text: &'t str,
    /// Characters the first line opens with that are not part of `text` (a lead in bold).
    lead_chars: usize,
}

impl<'t> Source<'t> {
    fn new(
        section: usize,
        article: usize,
        block: TextBlock,
        text: &'t str,
        lead_chars: usize,
    ) -> Self {
        Source {
            section,
            article,
            block,
            text,
            lead_chars,
        }
    }
}

/// A page being built.
struct PageBuild {
    items: Vec<Item>,
    /// Section the page belongs to (for the running head); `None` on front matter.
    section: Option<usize>,
    text_start: Option<TextPosition>,
    grid: PageGrid,
}

impl PageBuild {
    fn new(grid: PageGrid, section: Option<usize>) -> PageBuild {
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
    edition: &'a Edition,
    options: &'a LayoutOptions,
    grid: PageGrid,
    front_grid: PageGrid,
    serif: Face,
    sans: Face,
    st: Styles,
    direction: Direction,
    cjk: bool,
    structure: Structure,
    pages: Vec<PageBuild>,
    /// Block offset on the last page where the next band starts.
    cursor: f32,
    /// The cursor is right under a section heading (no rule before the next headline).
    after_heading: bool,
    /// Content-relative destinations of each section heading and each headline.
    section_targets: Vec<Destination>,
    article_targets: Vec<Vec<Destination>>,
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
        let front_grid = PageGrid::new(options.page, 1, st.body, WritingMode::HorizontalTb);
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
            cjk: edition.locale().is_cjk(),
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
    fn outline(&self, offset: usize) -> Vec<OutlineEntry> {
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

    // ---- text ----

    /// Breaks spans into lines with the text engine.
    fn set(
        &self,
        spans: &[Span],
        indent_em: f32,
        align: Align,
        measure: f32,
        direction: Direction,
    ) -> Vec<Line> {
        let style = ParagraphStyle {
            first_line_indent_em: indent_em,
            align,
            direction,
            cjk: self.cjk,
        };
        typeset::break_paragraph(spans, &style, measure)
    }

    fn span(&self, text: &str, style: FontStyle, size: f32) -> Span {
        Span {
            text: text.to_string(),
            face: match style {
                FontStyle::Serif => self.serif.clone(),
                FontStyle::SansBold => self.sans.clone(),
            },
            size,
        }
    }

    /// A headline's lines. A headline that is a little too long for one line is set a little
    /// smaller on one line, as a sub-editor fits a headline, rather than broken; one that needs
    /// two lines breaks between its phrases (at a space, else after a comma, colon or closing
    /// quote, or before an opening one), never inside a word as an even break would
    /// (“最佳中小｜成本故事片”). Without such a phrase break the text engine's balanced lines
    /// are used.
    fn headline_lines(&self, text: &str, size: f32, align: Align, measure: f32) -> Vec<Line> {
        let dir = self.direction;
        let set = |t: &str, size: f32| {
            self.set(
                &[self.span(t, FontStyle::SansBold, size)],
                0.0,
                align,
                measure,
                dir,
            )
        };
        let lines = set(text, size);
        if lines.len() < 2 {
            return lines;
        }
        // Natural width on one line.
        let natural = self
            .set(
                &[self.span(text, FontStyle::SansBold, size)],
                0.0,
                Align::Start,
                f32::MAX / 4.0,
                dir,
            )
            .first()
            .map_or(f32::MAX, |l| l.width);
        /// The smallest share of its size a headline is fitted down to.
        const MIN_FIT: f32 = 0.88;
        if natural * MIN_FIT <= measure {
            let fitted = set(text, size * (measure / natural).min(1.0) * 0.995);
            if fitted.len() == 1 {
                return fitted;
            }
        }
        // Two single lines cannot hold more than two lines' worth: past that, no phrase break
        // can work, and trying every one would set the headline once per space (quadratic:
        // a 4,000-word headline took 20 s).
        if natural > 2.0 * measure {
            return lines;
        }
        // (rank, imbalance in points, the two lines): lower rank, then better balance, wins.
        let mut best: Option<(u8, usize, Vec<Line>)> = None;
        for (at, c) in text.char_indices().skip(1) {
            let last = at + c.len_utf8() == text.len();
            let Some((rank, cut, dropped)) = phrase_break(at, c, last) else {
                continue;
            };
            let (left, right) = (text[..cut].trim(), text[cut + dropped..].trim());
            if left.is_empty() || right.is_empty() {
                continue;
            }
            let (l, r) = (set(left, size), set(right, size));
            if l.len() != 1 || r.len() != 1 {
                continue;
            }
            let imbalance = (l[0].width - r[0].width).abs() as usize;
            if best
                .as_ref()
                .is_none_or(|&(r, i, _)| (rank, imbalance) < (r, i))
            {
                best = Some((rank, imbalance, l.into_iter().chain(r).collect()));
            }
        }
        best.map_or(lines, |(_, _, lines)| lines)
    }

    /// Line pieces for a paragraph, with widow/orphan-safe break permissions and, when the
    /// paragraph's `source` is known, the text position each line starts at.
    fn line_pieces(
        &self,
        lines: Vec<Line>,
        pitch: f32,
        element: ElementId,
        source: Option<Source>,
        keep_together: bool,
    ) -> Vec<Piece> {
        let n = lines.len();
        let offsets = match source {
            Some(source) => line_offsets(&lines, source.text, source.lead_chars),
            None => vec![0; n],
        };
        lines
            .into_iter()
            .enumerate()
            .map(|(k, line)| {
                let at = source.map(|source| TextPosition {
                    section: source.section,
                    article: source.article,
                    block: source.block,
                    char_offset: offsets[k],
                    preview: line.text().chars().take(16).collect(),
                });
                Piece {
                    extent: pitch,
                    break_before: k == 0 || (!keep_together && k >= 2 && n - k >= 2),
                    discardable: false,
                    kind: PieceKind::Line {
                        line,
                        inline_offset: 0.0,
                        element,
                        at,
                    },
                }
            })
            .collect()
    }

    // ---- pages ----

    fn new_page(&mut self, section: Option<usize>) {
        self.pages.push(PageBuild::new(self.grid, section));
        self.cursor = 0.0;
    }

    fn current_section(&self) -> Option<usize> {
        self.pages.last().and_then(|p| p.section)
    }

    /// Places one piece at column `column` (`None`: spanning the text area) and block offset
    /// `block` on `page`.
    fn place(page: &mut PageBuild, column: Option<usize>, block: f32, piece: Piece) {
        let grid = page.grid;
        let inline_base = column.map_or(0.0, |c| grid.column_start(c));
        match piece.kind {
            PieceKind::Line {
                line,
                inline_offset,
                element,
                at,
            } => {
                if page.text_start.is_none() {
                    page.text_start = at;
                }
                place_line(
                    &mut page.items,
                    &grid,
                    inline_base + inline_offset,
                    block,
                    piece.extent,
                    line,
                    Tag::Element(element),
                );
            }
            PieceKind::Image {
                data,
                inline_extent,
                measure,
                element,
            } => {
                let inline = inline_base + (measure - inline_extent) / 2.0;
                let rect = grid.rect(inline, inline_extent, block, piece.extent);
                page.items.push(Item::Image(ImageItem {
                    rect,
                    data,
                    tag: Tag::Element(element),
                }));
            }
            PieceKind::Space => {}
        }
    }

    /// Places pieces one after another across the whole text area from the cursor.
    fn place_spanning(&mut self, pieces: Vec<Piece>) {
        for piece in pieces {
            let extent = piece.extent;
            let block = self.cursor;
            let page = self.pages.last_mut().expect("a page was started");
            Self::place(page, None, block, piece);
            self.cursor += extent;
        }
    }

    /// The page-coordinate destination of the current cursor on the last content page.
    fn here(&self) -> Destination {
        let (x, y) = self.grid.to_page(0.0, self.cursor);
        let (x, y) = match self.grid.writing_mode {
            WritingMode::HorizontalTb => (x, (y - self.st.headline).max(0.0)),
            WritingMode::VerticalRl => (x, y),
        };
        Destination {
            page: self.pages.len() - 1,
            x,
            y,
        }
    }

    /// A rule across the text area at block offset `block`.
    fn spanning_rule(&mut self, block: f32, width: f32, grey: f32) {
        let grid = self.grid;
        let extent = grid.inline_extent();
        self.push_rule(
            grid.to_page(0.0, block),
            grid.to_page(extent, block),
            width,
            grey,
        );
    }

    /// A solid rule on the last page, between two points in page coordinates.
    fn push_rule(&mut self, from: (f32, f32), to: (f32, f32), width: f32, grey: f32) {
        let page = self.pages.last_mut().expect("a page was started");
        page.items.push(Item::Rule(RuleItem {
            from,
            to,
            width,
            grey,
            tag: Tag::Layout,
            dotted: false,
        }));
    }

    // ---- sections and articles ----

    fn section_heading(&mut self, section_el: ElementId, title: &str) {
        self.section_targets.push(self.here());
        let el = self.structure.add(
            section_el,
            ElementKind::Heading {
                level: 1,
                text: title.to_string(),
            },
        );
        let size = self.st.section;
        let spans = [self.span(title, FontStyle::SansBold, size)];
        let lines = self.set(
            &spans,
            0.0,
            Align::Start,
            self.grid.inline_extent(),
            self.direction,
        );
        let pieces = self.line_pieces(lines, size * 1.6, el, None, true);
        self.place_spanning(pieces);
        let rule_at = self.cursor + 2.0;
        self.spanning_rule(rule_at, 1.5, 0.0);
        self.cursor += self.st.body_pitch;
        self.after_heading = true;
    }

    /// Lays out one article; returns the destination of its headline.
    fn article(
        &mut self,
        s: usize,
        a: usize,
        section_el: ElementId,
        article: &Article,
    ) -> Destination {
        let art_el = self.structure.add(section_el, ElementKind::Article);
        let st = self.st;
        let full = self.grid.inline_extent();
        let head = self.article_head(s, a, art_el, article);
        let head_extent: f32 = head.iter().map(|p| p.extent).sum::<f32>() + st.body_pitch * 0.5;

        // Figures that span the columns go right under the headline, before the body.
        let block_extent = self.grid.block_extent();
        let separated = self.cursor > 0.0 && !self.after_heading;
        self.after_heading = false;
        let gap = if separated { st.body_pitch } else { 0.0 };
        let (lead_figures, lead_share) = self.spanning_figures(article);
        let elements_before = self.structure.elements.len();
        let children_before = self.structure.elements[art_el].children.len();
        let lead_pieces = |this: &mut Self| -> Vec<Piece> {
            (0..lead_figures)
                .flat_map(|i| this.figure_pieces(s, a, art_el, article, i, full, lead_share, false))
                .collect()
        };
        let mut lead = lead_pieces(self);
        let mut body = self.body_pieces(s, a, art_el, article, lead_figures);
        let room = block_extent - self.cursor - gap - head_extent;
        if !lead.is_empty() && self.cursor > EPSILON && first_chunk_extent(&lead) > room + EPSILON {
            // A spanning picture that does not fit under the headline here: if the whole
            // story fits here with its pictures in the columns, set it so; otherwise keep the
            // picture spanning and start the story on the next page, rather than leave its
            // text here and its picture overleaf.
            let rollback = |structure: &mut Structure| {
                structure.elements.truncate(elements_before);
                structure.elements[art_el]
                    .children
                    .truncate(children_before);
            };
            rollback(&mut self.structure);
            let in_columns = self.body_pieces(s, a, art_el, article, 0);
            if fits(&extents(&in_columns), 0, self.grid.columns as usize, room) {
                lead.clear();
                body = in_columns;
            } else {
                rollback(&mut self.structure);
                lead = lead_pieces(self);
                body = self.body_pieces(s, a, art_el, article, lead_figures);
            }
        }
        let first_chunk = if lead.is_empty() {
            first_chunk_extent(&body)
        } else {
            first_chunk_extent(&lead)
        };
        // Keep the headline with at least two lines of its body (or its first figure).
        if separated && self.cursor + gap + head_extent + first_chunk > block_extent + EPSILON {
            let section = self.current_section();
            self.new_page(section);
        } else if separated {
            let rule_at = self.cursor + gap / 2.0;
            self.spanning_rule(rule_at, 0.5, 0.4);
            self.cursor += gap;
        }
        let target = self.here();
        self.place_spanning(head);
        self.cursor += self.st.body_pitch * 0.5;
        if !lead.is_empty() {
            self.flow_body(lead, true);
        }
        self.flow_body(body, false);
        target
    }

    /// The pieces of an article's head, set across the text area and kept together: kicker,
    /// headline, subheadline and standalone byline.
    fn article_head(
        &mut self,
        s: usize,
        a: usize,
        art_el: ElementId,
        article: &Article,
    ) -> Vec<Piece> {
        let st = self.st;
        let full = self.grid.inline_extent();
        let dir = self.direction;
        // Headlines are centred over the columns, as Chinese papers set them. This also keeps
        // text extraction in reading order: a short start-aligned headline under a band of
        // columns overlaps only the first column, and readers' tools (poppler, following
        // Breuel's ordering rules) then read it, and the story under it, before the band's
        // second column. A centred one reaches across the column gap. Vertical headlines stay
        // at the top of their line, where the eye starts.
        let head_align = match dir {
            Direction::Horizontal => Align::Center,
            Direction::Vertical => Align::Start,
        };
        let mut head: Vec<Piece> = Vec::new();

        // A short paragraph of the head (kicker, subheadline, byline), kept together.
        let head_paragraph = |this: &mut Self, text: &str, block, size, pitch| {
            let el = this.structure.add(art_el, ElementKind::Paragraph);
            let lines = this.set(
                &[this.span(text, FontStyle::Serif, size)],
                0.0,
                head_align,
                full,
                dir,
            );
            this.line_pieces(
                lines,
                pitch,
                el,
                Some(Source::new(s, a, block, text, 0)),
                true,
            )
        };
        if let Some(kicker) = article.kicker.as_deref() {
            head.extend(head_paragraph(
                self,
                kicker,
                TextBlock::Kicker,
                st.kicker,
                st.kicker * 1.45,
            ));
        }
        // The section's first article is its lead story (头条): a larger headline.
        let headline_size = if a == 0 {
            st.lead_headline
        } else {
            st.headline
        };
        let el = self.structure.add(
            art_el,
            ElementKind::Heading {
                level: 2,
                text: article.headline.clone(),
            },
        );
        let lines = self.headline_lines(&article.headline, headline_size, head_align, full);
        head.extend(self.line_pieces(
            lines,
            headline_size * 1.35,
            el,
            Some(Source::new(s, a, TextBlock::Headline, &article.headline, 0)),
            true,
        ));
        if let Some(sub) = article.subheadline.as_deref() {
            head.extend(head_paragraph(
                self,
                sub,
                TextBlock::Subheadline,
                st.subheadline,
                st.subheadline * 1.45,
            ));
        }
        if let Some(byline) = article.standalone_byline() {
            head.extend(head_paragraph(
                self,
                byline,
                TextBlock::Byline,
                st.body,
                st.body_pitch,
            ));
        }
        head
    }

    /// How many of an article's first figures span the columns, and the largest share of the
    /// column height such a picture may take. A photo story (figures, no body) with a single
    /// picture shows it, or its caption, across the page like any headline story rather than
    /// in the first column beside an empty one; a story of several pictures keeps them side by
    /// side in the columns. In a story with a body, a landscape picture spans the columns when
    /// it is wide (2:1 or wider) or the story is short (at most eight lines a column), as
    /// papers run a lead photo; a tall one stays in its column. Vertical pages keep figures in
    /// their tiers.
    fn spanning_figures(&self, article: &Article) -> (usize, f32) {
        if self.grid.columns < 2 || self.direction == Direction::Vertical {
            return (0, 0.0);
        }
        let Some(first) = article.images.first() else {
            return (0, 0.0);
        };
        let paragraphs = article.paragraphs();
        if paragraphs.is_empty() {
            return if article.images.len() == 1 {
                (1, 0.6)
            } else {
                (0, 0.0)
            };
        }
        let Some(data) = first.data() else {
            return (0, 0.0);
        };
        let aspect = data.width.max(1) as f32 / data.height.max(1) as f32;
        let per_line = (self.grid.column_measure / self.st.body).floor().max(1.0) as usize;
        let lines: usize = paragraphs
            .iter()
            .map(|p| (p.chars().count() + 2).div_ceil(per_line))
            .sum();
        let short = lines <= 8 * self.grid.columns as usize;
        if aspect >= 2.0 || (aspect >= 1.2 && short) {
            (1, 0.3)
        } else {
            (0, 0.0)
        }
    }

    /// The pieces of an article's body: paragraphs (the lead opening the first), then figures.
    fn body_pieces(
        &mut self,
        s: usize,
        a: usize,
        art_el: ElementId,
        article: &Article,
        lead_figures: usize,
    ) -> Vec<Piece> {
        let st = self.st;
        let measure = self.grid.column_measure;
        let dir = self.direction;
        let mut pieces = Vec::new();
        let lead = article.lead();
        for (i, para) in article.paragraphs().iter().enumerate() {
            let el = self.structure.add(art_el, ElementKind::Paragraph);
            let mut spans = Vec::new();
            let mut lead_chars = 0;
            if i == 0 {
                if let Some(lead) = lead.as_deref() {
                    spans.push(self.span(lead, FontStyle::SansBold, st.body));
                    lead_chars = lead.chars().count();
                }
            }
            spans.push(self.span(para, FontStyle::Serif, st.body));
            let lines = self.set(&spans, 2.0, Align::Justify, measure, dir);
            pieces.extend(self.line_pieces(
                lines,
                st.body_pitch,
                el,
                Some(Source::new(s, a, TextBlock::Paragraph(i), para, lead_chars)),
                false,
            ));
        }
        if article.paragraphs().is_empty() {
            if let Some(lead) = lead.as_deref() {
                let el = self.structure.add(art_el, ElementKind::Paragraph);
                let lines = self.set(
                    &[self.span(lead, FontStyle::SansBold, st.body)],
                    2.0,
                    Align::Justify,
                    measure,
                    dir,
                );
                pieces.extend(self.line_pieces(lines, st.body_pitch, el, None, false));
            }
        }
        for i in lead_figures..article.images.len() {
            pieces.extend(self.figure_pieces(s, a, art_el, article, i, measure, 0.6, true));
        }
        pieces
    }

    /// The pieces of figure `i` of an article set to `measure`: the picture scaled to it (its
    /// height at most `max_block_share` of the column's), then caption and credit kept with
    /// it. `space_before` opens it with a half-line space (dropped at the top of a column); it
    /// always ends with one.
    #[allow(clippy::too_many_arguments)]
    fn figure_pieces(
        &mut self,
        s: usize,
        a: usize,
        art_el: ElementId,
        article: &Article,
        i: usize,
        measure: f32,
        max_block_share: f32,
        space_before: bool,
    ) -> Vec<Piece> {
        let st = self.st;
        let dir = self.direction;
        let image = &article.images[i];
        let mut pieces = Vec::new();
        if space_before {
            pieces.push(Piece {
                extent: st.body_pitch * 0.5,
                break_before: true,
                discardable: true,
                kind: PieceKind::Space,
            });
        }
        let mut first = true;
        // The caption is set to the picture's width, under it.
        let mut caption_measure = measure;
        if let Some(data) = image.data() {
            let el = self.structure.add(
                art_el,
                ElementKind::Figure {
                    alt: figure_alt(image.alt_text(), image.credit.as_deref(), &article.headline),
                },
            );
            let (w, h) = (data.width.max(1) as f32, data.height.max(1) as f32);
            let max_block = self.grid.block_extent() * max_block_share;
            let (inline, block) = match self.grid.writing_mode {
                WritingMode::HorizontalTb => fit_block(measure, measure * h / w, max_block),
                WritingMode::VerticalRl => fit_block(measure, measure * w / h, max_block),
            };
            pieces.push(Piece {
                extent: block,
                break_before: true,
                discardable: false,
                kind: PieceKind::Image {
                    data: data.clone(),
                    inline_extent: inline,
                    measure,
                    element: el,
                },
            });
            pieces.push(Piece {
                extent: st.caption_pitch * 0.4,
                break_before: false,
                discardable: false,
                kind: PieceKind::Space,
            });
            first = false;
            if dir == Direction::Horizontal {
                caption_measure = inline.max(measure.min(12.0 * st.caption));
            }
        }
        let caption = caption_text(image.caption.as_deref(), image.credit.as_deref());
        if !caption.is_empty() {
            let el = self.structure.add(art_el, ElementKind::Caption);
            // The caption in the small serif, the credit after it in the sans, as papers set
            // a photographer's or agency's name apart from the words about the picture.
            let mut spans = Vec::new();
            let words = image.caption.as_deref().map(str::trim).unwrap_or("");
            if !words.is_empty() {
                spans.push(self.span(words, FontStyle::Serif, st.caption));
            }
            if let Some(credit) = image.credit.as_deref().map(str::trim) {
                if !credit.is_empty() {
                    let credit = if words.is_empty() {
                        credit.to_string()
                    } else {
                        format!("\u{3000}{credit}")
                    };
                    spans.push(self.span(&credit, FontStyle::SansBold, st.credit));
                }
            }
            debug_assert_eq!(
                spans.iter().map(|s| s.text.as_str()).collect::<String>(),
                caption
            );
            let lines = self.set(&spans, 0.0, Align::Justify, caption_measure, dir);
            let mut caption_pieces = self.line_pieces(
                lines,
                st.caption_pitch,
                el,
                Some(Source::new(s, a, TextBlock::Caption(i), &caption, 0)),
                true,
            );
            if !first {
                // Keep the caption with its picture.
                if let Some(p) = caption_pieces.first_mut() {
                    p.break_before = false;
                }
            }
            for piece in &mut caption_pieces {
                if let PieceKind::Line { inline_offset, .. } = &mut piece.kind {
                    *inline_offset = (measure - caption_measure) / 2.0;
                }
            }
            pieces.extend(caption_pieces);
        }
        pieces.push(Piece {
            extent: st.body_pitch * 0.5,
            break_before: false,
            discardable: false,
            kind: PieceKind::Space,
        });
        pieces
    }

    /// Flows body pieces through the columns from the cursor, onto new pages as needed;
    /// balances the columns of the band the article ends in.
    /// When `spanning`, the pieces run across the whole text area as one column.
    fn flow_body(&mut self, pieces: Vec<Piece>, spanning: bool) {
        let columns = if spanning {
            1
        } else {
            self.grid.columns as usize
        };
        let block_extent = self.grid.block_extent();
        let extents = extents(&pieces);
        let mut pieces: Vec<Option<Piece>> = pieces.into_iter().map(Some).collect();
        let n = pieces.len();
        let mut from = 0;
        while from < n {
            let top = self.cursor;
            let avail = block_extent - top;
            if avail < self.st.body_pitch * 2.0 - EPSILON && top > 0.0 {
                let section = self.current_section();
                self.new_page(section);
                continue;
            }
            let at_page_top = top <= EPSILON;
            let height = if fits(&extents, from, columns, avail) {
                balanced_height(&extents, from, columns, avail)
            } else {
                avail
            };
            let mut used: f32 = 0.0;
            let mut ranges = Vec::with_capacity(columns);
            for _ in 0..columns {
                let (start, end, extent) = fill_column(&extents, from, height, at_page_top);
                ranges.push((start, end));
                used = used.max(extent);
                from = end;
            }
            if ranges.iter().all(|&(s, e)| s == e) && !at_page_top {
                // Nothing fits below the cursor: go to the next page.
                let section = self.current_section();
                self.new_page(section);
                continue;
            }
            for (c, &(start, end)) in ranges.iter().enumerate() {
                let mut block = top;
                for piece in pieces[start..end].iter_mut() {
                    let piece = piece.take().unwrap();
                    let extent = piece.extent;
                    let page = self.pages.last_mut().unwrap();
                    Self::place(page, (!spanning).then_some(c), block, piece);
                    block += extent;
                }
            }
            if self.options.column_rule && columns > 1 && !spanning {
                self.column_rules(top, used);
            }
            if from < n {
                let section = self.current_section();
                self.new_page(section);
            } else {
                self.cursor = top + used;
            }
        }
    }

    /// Thin rules in the gaps between columns, over `extent` from block offset `top`.
    fn column_rules(&mut self, top: f32, extent: f32) {
        let grid = self.grid;
        for c in 1..grid.columns as usize {
            let inline = grid.column_start(c) - grid.column_gap / 2.0;
            let from = grid.to_page(inline, top);
            let to = grid.to_page(inline, top + extent);
            self.push_rule(from, to, 0.3, 0.5);
        }
    }

    // ---- front matter ----

    /// The title page (masthead, cover, table of contents) and any TOC pages after it,
    /// assuming the front matter takes `front_count` pages.
    fn front_matter(
        &mut self,
        front_count: usize,
        title_el: ElementId,
        toc_label_el: ElementId,
        toc_el: ElementId,
    ) -> Vec<PageBuild> {
        let grid = self.front_grid;
        let st = self.st;
        let full = grid.inline_extent();
        let horizontal = Direction::Horizontal;
        let mut pages = vec![PageBuild::new(grid, None)];
        let e = self.edition;

        let mut cursor = self.title_block(&mut pages[0].items, title_el);

        // Table of contents.
        let label = self.span(e.locale().contents(), FontStyle::SansBold, 14.0);
        let items = &mut pages[0].items;
        self.front_paragraph(items, &mut cursor, label, Align::Start, 24.0, toc_label_el);
        let number_room = st.toc * 4.0;
        let entries: Vec<(bool, &str, Destination)> = e
            .sections
            .iter()
            .zip(&self.section_targets)
            .zip(&self.article_targets)
            .flat_map(|((section, &section_target), article_targets)| {
                let articles = section.articles.iter().zip(article_targets);
                std::iter::once((true, section.title.as_str(), section_target)).chain(
                    articles.map(|(article, &target)| (false, article.headline.as_str(), target)),
                )
            })
            .collect();
        for (is_section, text, target) in entries {
            let target = Destination {
                page: target.page + front_count,
                ..target
            };
            let item_el = self.structure.add(toc_el, ElementKind::TocItem);
            let link_el = self.structure.add(item_el, ElementKind::Link);
            let (style, indent) = if is_section {
                (FontStyle::SansBold, 0.0)
            } else {
                (FontStyle::Serif, st.toc * 2.0)
            };
            let lines = self.set(
                &[self.span(text, style, st.toc)],
                0.0,
                Align::Start,
                full - indent - number_room,
                horizontal,
            );
            let number = (target.page + 1).to_string();
            let number_line = self
                .set(
                    &[self.span(&number, FontStyle::Serif, st.toc)],
                    0.0,
                    Align::Start,
                    number_room,
                    horizontal,
                )
                .into_iter()
                .next();
            let extent = st.toc_pitch * lines.len() as f32 + if is_section { 4.0 } else { 0.0 };
            if cursor + extent > grid.block_extent() + EPSILON {
                pages.push(PageBuild::new(grid, None));
                cursor = 0.0;
            }
            if is_section {
                cursor += 4.0;
            }
            let page = pages.last_mut().unwrap();
            let entry_top = cursor;
            let count = lines.len();
            // The link annotation comes first in the link element, then its text.
            let rect = grid.rect(0.0, full, entry_top, st.toc_pitch * count as f32);
            page.items.push(Item::Link(LinkItem {
                rect,
                target,
                alt: text.to_string(),
                tag: Tag::Element(link_el),
            }));
            let last_width = lines.last().map_or(0.0, |l| l.width);
            for line in lines {
                place_line(
                    &mut page.items,
                    &grid,
                    indent,
                    cursor,
                    st.toc_pitch,
                    line,
                    Tag::Element(link_el),
                );
                cursor += st.toc_pitch;
            }
            if let Some(number_line) = number_line {
                let x = full - number_line.width;
                // Dot leaders from the entry's last line to its page number.
                let from = indent + last_width + st.toc * 0.5;
                let to = x - st.toc * 0.5;
                if to > from {
                    let block = cursor - st.toc_pitch;
                    let y = baseline_in_pitch(block, st.toc_pitch, st.toc) - st.toc * 0.05;
                    page.items.push(Item::Rule(RuleItem {
                        from: grid.to_page(from, y),
                        to: grid.to_page(to, y),
                        width: 0.8,
                        grey: 0.45,
                        tag: Tag::Layout,
                        dotted: true,
                    }));
                }
                place_line(
                    &mut page.items,
                    &grid,
                    x,
                    cursor - st.toc_pitch,
                    st.toc_pitch,
                    number_line,
                    Tag::Element(link_el),
                );
            }
        }
        pages
    }

    /// The top of the title page: masthead, date and issue, double rule and cover picture.
    /// Returns the block offset below them.
    fn title_block(&mut self, items: &mut Vec<Item>, title_el: ElementId) -> f32 {
        let grid = self.front_grid;
        let st = self.st;
        let full = grid.inline_extent();
        let e = self.edition;
        let mut cursor = 0.0f32;
        let masthead = self.span(&e.title, FontStyle::SansBold, st.masthead);
        self.front_paragraph(
            items,
            &mut cursor,
            masthead,
            Align::Center,
            st.masthead * 1.3,
            title_el,
        );
        let mut info = vec![e.display_date()];
        info.extend(e.issue.clone());
        info.extend(e.publisher.clone());
        let info = self.span(&info.join("　"), FontStyle::Serif, 11.0);
        self.front_paragraph(items, &mut cursor, info, Align::Center, 18.0, title_el);
        cursor += 6.0;
        for (offset, width) in [(0.0, 2.0), (3.5, 0.6)] {
            items.push(Item::Rule(RuleItem {
                from: grid.to_page(0.0, cursor + offset),
                to: grid.to_page(full, cursor + offset),
                width,
                grey: 0.0,
                tag: Tag::Layout,
                dotted: false,
            }));
        }
        cursor += 18.0;

        if let Some(data) = e.cover.as_ref().and_then(|c| c.data.clone()) {
            let el = self.structure.add(
                title_el,
                ElementKind::Figure {
                    alt: e.display_title(),
                },
            );
            let max_h = grid.block_extent() * 0.45;
            let (w, h) = (data.width.max(1) as f32, data.height.max(1) as f32);
            let (iw, ih) = fit_block(full, full * h / w, max_h);
            let rect = grid.rect((full - iw) / 2.0, iw, cursor, ih);
            items.push(Item::Image(ImageItem {
                rect,
                data,
                tag: Tag::Element(el),
            }));
            cursor += ih + 18.0;
        }
        cursor
    }

    /// Sets a paragraph across the front matter's text area and places its lines from `cursor`,
    /// `pitch` apart, advancing the cursor past them.
    fn front_paragraph(
        &self,
        items: &mut Vec<Item>,
        cursor: &mut f32,
        span: Span,
        align: Align,
        pitch: f32,
        element: ElementId,
    ) {
        let grid = self.front_grid;
        let lines = self.set(
            &[span],
            0.0,
            align,
            grid.inline_extent(),
            Direction::Horizontal,
        );
        for line in lines {
            place_line(
                items,
                &grid,
                0.0,
                *cursor,
                pitch,
                line,
                Tag::Element(element),
            );
            *cursor += pitch;
        }
    }

    /// Running head (publication, date, section) and folio on a page other than the first.
    fn running_head(&self, page: &mut PageBuild, index: usize) {
        let grid = page.grid;
        let st = self.st;
        let content = grid.content;
        let left = format!("{} {}", self.edition.title, self.edition.display_date());
        let right = match page.section {
            Some(s) => self.edition.sections[s].title.clone(),
            None => self.edition.locale().contents().to_string(),
        };
        let baseline = content.y - 30.0;
        let horizontal = Direction::Horizontal;
        let big = content.width;
        // One line at the start edge: folio, publication, date, section. Text extraction
        // (poppler) orders a block by the columns it sits above, so a head split into pieces
        // over different columns would be read between them; one block over the first column
        // is read first.
        let number = (index + 1).to_string();
        let spans = [
            self.span(&number, FontStyle::SansBold, st.running),
            self.span("\u{2003}", FontStyle::Serif, st.running),
            self.span(&right, FontStyle::SansBold, st.running),
            self.span(&format!("\u{2003}{left}"), FontStyle::Serif, st.running),
        ];
        if let Some(line) = self
            .set(&spans, 0.0, Align::Start, big, horizontal)
            .into_iter()
            .next()
        {
            for run in line.runs {
                if run.glyphs.is_empty() {
                    continue;
                }
                let tag = if run.text == number {
                    Tag::PageNumber
                } else {
                    Tag::Header
                };
                page.items.push(Item::Text(TextItem {
                    x: content.x,
                    y: baseline,
                    vertical: false,
                    run,
                    tag,
                }));
            }
        }
        page.items.push(Item::Rule(RuleItem {
            from: (content.x, baseline + 5.0),
            to: (content.right(), baseline + 5.0),
            width: 0.5,
            grey: 0.0,
            tag: Tag::Header,
            dotted: false,
        }));
    }
}

/// Whether a headline may break between phrases at character `c` (at byte `at`; `last`: the
/// headline's last character), and how well: `(rank, byte offset of the break, bytes dropped
/// there)`, rank 0 at a space (which is dropped), 1 after a comma, colon or closing quote or
/// before an opening one.
fn phrase_break(at: usize, c: char, last: bool) -> Option<(u8, usize, usize)> {
    if c == ' ' || c == '\u{3000}' {
        Some((0, at, c.len_utf8()))
    } else if "：，；、！？:;,".contains(c) || "》」』”".contains(c) && !last {
        Some((1, at + c.len_utf8(), 0))
    } else if "《「『“".contains(c) {
        Some((1, at, 0))
    } else {
        None
    }
}

/// Places a line whose box starts at logical (`inline`, `block`) with extent `pitch` along the
/// block axis: the em box is centred in the pitch.
fn place_line(
    items: &mut Vec<Item>,
    grid: &PageGrid,
    inline: f32,
    block: f32,
    pitch: f32,
    line: Line,
    tag: Tag,
) {
    let size = line.runs.iter().map(|r| r.size).fold(0.0f32, f32::max);
    match grid.writing_mode {
        WritingMode::HorizontalTb => {
            let (x, y) = grid.to_page(inline, baseline_in_pitch(block, pitch, size));
            push_line_at(items, x, y, line, tag);
        }
        WritingMode::VerticalRl => {
            let (x, y) = grid.to_page(inline, block + pitch / 2.0);
            for run in line.runs {
                items.push(Item::Text(TextItem {
                    x,
                    y,
                    vertical: true,
                    run,
                    tag,
                }));
            }
        }
    }
}

/// The baseline of horizontal type of `size` whose em box is centred in a line `pitch` tall
/// that starts at block offset `block`.
fn baseline_in_pitch(block: f32, pitch: f32, size: f32) -> f32 {
    block + (pitch - size) / 2.0 + EM_BOX_ASCENT * size
}

/// Pushes the runs of a horizontal line starting at (`x`, baseline `y`).
fn push_line_at(items: &mut Vec<Item>, x: f32, y: f32, line: Line, tag: Tag) {
    for run in line.runs {
        if run.glyphs.is_empty() {
            continue;
        }
        items.push(Item::Text(TextItem {
            x,
            y,
            vertical: false,
            run,
            tag,
        }));
    }
}

/// What the column filler needs of each piece: (extent, break before, discardable).
fn extents(pieces: &[Piece]) -> Vec<(f32, bool, bool)> {
    pieces
        .iter()
        .map(|p| (p.extent, p.break_before, p.discardable))
        .collect()
}

/// Fills one column of `height` from piece `from`: returns (first piece placed, end, extent
/// used). Ends at the last permitted break that fits; when none does, places nothing unless
/// `force` (an empty column at the top of a page: something must go there).
fn fill_column(
    pieces: &[(f32, bool, bool)],
    from: usize,
    height: f32,
    force: bool,
) -> (usize, usize, f32) {
    let n = pieces.len();
    let mut start = from;
    while start < n && pieces[start].2 {
        start += 1;
    }
    let mut used = 0.0;
    let mut i = start;
    let mut last_ok = (start, 0.0);
    while i < n {
        let extent = pieces[i].0;
        if used + extent > height + EPSILON {
            break;
        }
        used += extent;
        i += 1;
        if i == n || pieces[i].1 {
            last_ok = (i, used);
        }
    }
    if i == n {
        return (start, n, used);
    }
    if last_ok.0 > start {
        return (start, last_ok.0, last_ok.1);
    }
    if force {
        // No permitted break fits a whole column: break where the column is full.
        let end = i.max(start + 1).min(n);
        let used = pieces[start..end].iter().map(|p| p.0).sum();
        return (start, end, used);
    }
    (start, start, 0.0)
}

/// Whether everything from `from` fits in `columns` columns of `height`.
fn fits(pieces: &[(f32, bool, bool)], from: usize, columns: usize, height: f32) -> bool {
    let mut at = from;
    for _ in 0..columns {
        at = fill_column(pieces, at, height, false).1;
    }
    at >= pieces.len()
}

/// The shortest column height (in 1-point steps) at which everything from `from` fits in
/// `columns` columns, at most `max`.
fn balanced_height(pieces: &[(f32, bool, bool)], from: usize, columns: usize, max: f32) -> f32 {
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

/// A picture's extents scaled down, proportions kept, so that its block extent is at most
/// `max_block`.
fn fit_block(inline: f32, block: f32, max_block: f32) -> (f32, f32) {
    if block > max_block {
        (inline * (max_block / block), max_block)
    } else {
        (inline, block)
    }
}

/// Extent of the first unbreakable chunk of a body holding at least two lines (or all of a
/// shorter body): what must fit under a headline.
fn first_chunk_extent(pieces: &[Piece]) -> f32 {
    let mut extent = 0.0;
    let mut lines = 0;
    for (i, p) in pieces.iter().enumerate() {
        if i > 0 && p.break_before && lines >= 2 {
            return extent;
        }
        extent += p.extent;
        if matches!(p.kind, PieceKind::Line { .. }) {
            lines += 1;
        }
    }
    extent
}

/// Character offset, within `text`, where each line begins. The first line may open with a
/// lead of `lead_chars` characters that is not part of `text`; lines may drop spaces at breaks
/// or add hyphens, so lines are matched against the text rather than counted.
fn line_offsets(lines: &[Line], text: &str, lead_chars: usize) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut cursor = 0usize;
    let mut out = Vec::with_capacity(lines.len());
    for (k, line) in lines.iter().enumerate() {
        let line_text = line.text();
        let mut it = line_text.chars().peekable();
        if k == 0 {
            // Skip the lead.
            for _ in 0..lead_chars {
                it.next();
            }
        }
        while cursor < chars.len() && chars[cursor].is_whitespace() {
            cursor += 1;
        }
        out.push(cursor.min(chars.len()));
        for ch in it {
            if ch.is_whitespace() {
                continue;
            }
            let mut probe = cursor;
            while probe < chars.len() && chars[probe].is_whitespace() {
                probe += 1;
            }
            if probe < chars.len() && chars[probe] == ch {
                cursor = probe + 1;
            }
        }
    }
    out
}

/// A figure's text alternative: its own (`alt`, else the caption), else its credit, else the
/// headline it illustrates; PDF/UA requires one on every figure.
fn figure_alt(alt: &str, credit: Option<&str>, headline: &str) -> String {
    [Some(alt), credit, Some(headline)]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or("")
        .to_string()
}

/// Caption and credit as printed: `caption　credit`.
fn caption_text(caption: Option<&str>, credit: Option<&str>) -> String {
    let parts: Vec<&str> = [caption, credit]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    parts.join("　")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::{self, LoadOptions};
    use crate::layout::{layout, LayoutOptions, PageSize};

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
        let fonts = FontSet::load(&FontSet::default_dir()).unwrap();
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
        let fonts = FontSet::load(&FontSet::default_dir()).unwrap();
        let laid = layout(&e, &fonts, &LayoutOptions::default()).unwrap();
        for (i, p) in laid.pages.iter().enumerate() {
            let mut folio = false;
            for item in &p.items {
                match item {
                    Item::Text(t) => {
                        let end = t.x
                            + t.run.pos
                            + t.run.glyphs.last().map_or(0.0, |g| g.pos + g.advance);
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
        let fonts = FontSet::load(&FontSet::default_dir()).unwrap();
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
        let fonts = FontSet::load(&FontSet::default_dir()).unwrap();
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
}
