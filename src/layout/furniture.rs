//! Page furniture: running heads and folios, and the placing of a line's glyph runs.

use super::frame::Frame;
use super::geometry::PageGrid;
use super::layouter::*;
use super::page::*;
use crate::design::{self, TextKind};
use crate::edition::WritingMode;
use crate::typeset::{Align, Direction, Line, EM_BOX_ASCENT};

impl Layouter<'_> {
    /// Running head (publication, date, section) and folio on a page other than the first.
    pub(super) fn running_head(&self, page: &mut Frame, index: usize) {
        let grid = page.grid;
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
            self.styled(&number, TextKind::Folio),
            self.styled("\u{2003}", TextKind::RunningHead),
            self.styled(&right, TextKind::RunningSection),
            self.styled(&format!("\u{2003}{left}"), TextKind::RunningHead),
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
            width: design::HEADER_RULE.width,
            grey: design::HEADER_RULE.grey,
            tag: Tag::Header,
            dotted: false,
        }));
    }
}

/// Places a line whose box starts at logical (`inline`, `block`) with extent `pitch` along the
/// block axis: the em box is centred in the pitch.
pub(super) fn place_line(
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
pub(super) fn baseline_in_pitch(block: f32, pitch: f32, size: f32) -> f32 {
    block + (pitch - size) / 2.0 + EM_BOX_ASCENT * size
}

/// Pushes the runs of a horizontal line starting at (`x`, baseline `y`).
pub(super) fn push_line_at(items: &mut Vec<Item>, x: f32, y: f32, line: Line, tag: Tag) {
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
