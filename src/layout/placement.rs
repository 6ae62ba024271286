//! The book placer: sections open pages, articles follow one another down the page, each
//! headline across the text area and its body through the columns; a headline is kept with
//! the start of its story.

use super::columns::*;
use super::frame::Frame;
use super::furniture::*;
use super::layouter::*;
use super::page::*;
use crate::design::{self, TextKind};
use crate::edition::{Article, WritingMode};
use crate::typeset::Align;

impl Layouter<'_> {
    pub(super) fn new_page(&mut self, section: Option<usize>) {
        // The book never returns to an earlier frame: the last one is final now.
        self.retire_last();
        if let Some(grid) = self.continuation_grid.take() {
            self.grid = grid;
        }
        self.frames.push(Frame::new(self.grid, section));
        self.cursor = self.frame_top;
    }

    pub(super) fn current_section(&self) -> Option<usize> {
        self.frames.last().and_then(|p| p.section)
    }

    /// Places one piece at column `column` (`None`: spanning the text area) and block offset
    /// `block` on `page`.
    pub(super) fn place(page: &mut Frame, column: Option<usize>, block: f32, piece: Piece) {
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
            PieceKind::MissingPicture { words, measure } => {
                let rect = grid.rect(inline_base, measure, block, piece.extent);
                let rule = design::MISSING_PICTURE_RULE;
                let corners = [
                    (rect.x, rect.y),
                    (rect.right(), rect.y),
                    (rect.right(), rect.bottom()),
                    (rect.x, rect.bottom()),
                ];
                for (k, &from) in corners.iter().enumerate() {
                    page.push_rule(from, corners[(k + 1) % 4], rule);
                }
                // The words are folio's, not the edition's: an artifact, as jump lines are.
                let pitch = design::CAPTION_PITCH;
                let inline = inline_base + (measure - words.width).max(0.0) / 2.0;
                let block = block + (piece.extent - pitch) / 2.0;
                place_line(
                    &mut page.items,
                    &grid,
                    inline,
                    block,
                    pitch,
                    words,
                    Tag::Layout,
                );
            }
            PieceKind::Space => {}
        }
    }

    /// Places pieces one after another across the whole text area from the cursor.
    pub(super) fn place_spanning(&mut self, pieces: Vec<Piece>) {
        for piece in pieces {
            let extent = piece.extent;
            let block = self.cursor;
            let page = self.frames.last_mut().expect("a page was started");
            Self::place(page, None, block, piece);
            self.cursor += extent;
        }
    }

    /// The page-coordinate destination of the current cursor on the last content page.
    pub(super) fn here(&self) -> Destination {
        let (x, y) = self.grid.to_page(0.0, self.cursor);
        let (x, y) = match self.grid.writing_mode {
            WritingMode::HorizontalTb => (x, (y - self.st.headline).max(0.0)),
            WritingMode::VerticalRl => (x, y),
        };
        Destination {
            page: self.frames.len() - 1,
            x,
            y,
        }
    }

    /// A rule across the text area at block offset `block`.
    pub(super) fn spanning_rule(&mut self, block: f32, rule: design::Rule) {
        let grid = self.grid;
        let extent = grid.inline_extent();
        self.push_rule(grid.to_page(0.0, block), grid.to_page(extent, block), rule);
    }

    /// A solid rule on the last page, between two points in page coordinates.
    pub(super) fn push_rule(&mut self, from: (f32, f32), to: (f32, f32), rule: design::Rule) {
        let page = self.frames.last_mut().expect("a page was started");
        page.push_rule(from, to, rule);
    }

    pub(super) fn section_heading(&mut self, section_el: ElementId, title: &str) {
        self.section_targets.push(self.here());
        let el = self.structure.add(
            section_el,
            ElementKind::Heading {
                level: 1,
                text: title.to_string(),
            },
        );
        let style = design::text(TextKind::SectionTitle);
        let spans = [self.span(title, style.face, style.size)];
        let lines = self.set(
            &spans,
            0.0,
            Align::Start,
            self.grid.inline_extent(),
            self.direction,
        );
        let pieces = self.line_pieces(lines, style.pitch, el, None, true);
        self.place_spanning(pieces);
        let rule_at = self.cursor + 2.0;
        self.spanning_rule(rule_at, design::SECTION_RULE);
        self.cursor += self.st.body_pitch;
        self.after_heading = true;
    }

    /// Lays out one article; returns the destination of its headline.
    pub(super) fn article(
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
        self.head_keep = head_extent + first_chunk;
        // Keep the headline with at least two lines of its body (or its first figure).
        if separated && self.cursor + gap + head_extent + first_chunk > block_extent + EPSILON {
            let section = self.current_section();
            self.new_page(section);
        } else if separated {
            let rule_at = self.cursor + gap / 2.0;
            self.spanning_rule(rule_at, design::ARTICLE_RULE);
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
}
