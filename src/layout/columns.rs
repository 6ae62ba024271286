//! Columns: pieces (lines, pictures, spaces) flowed through a band of columns, each column
//! filled greedily up to its last permitted break, the band an article ends in balanced.
//!
//! Widows and orphans are ruled out by the break permissions: inside a paragraph a column may
//! only end with at least two lines on each side.

use std::sync::Arc;

use super::layouter::*;
use super::page::*;
use crate::design::{self};
use crate::edition::ImageData;
use crate::typeset::Line;

/// A unit of the flow along the block axis.
pub(super) struct Piece {
    /// Extent along the block axis, in points.
    pub(super) extent: f32,
    /// A column may end just before this piece.
    pub(super) break_before: bool,
    /// Dropped when it would open a column (space before a figure).
    pub(super) discardable: bool,
    pub(super) kind: PieceKind,
}
pub(super) enum PieceKind {
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
    /// The mark standing where a picture was not supplied: a framed box `measure` wide (the
    /// piece's extent tall), its `words` centred in it.
    MissingPicture {
        words: Line,
        measure: f32,
    },
    Space,
}
impl Layouter<'_> {
    /// Flows body pieces through the columns from the cursor, onto new pages as needed;
    /// balances the columns of the band the article ends in.
    /// When `spanning`, the pieces run across the whole text area as one column.
    pub(super) fn flow_body(&mut self, pieces: Vec<Piece>, spanning: bool) {
        let columns = if spanning {
            1
        } else {
            self.grid.columns as usize
        };
        let extents = extents(&pieces);
        let mut pieces: Vec<Option<Piece>> = pieces.into_iter().map(Some).collect();
        let n = pieces.len();
        let mut from = 0;
        while from < n {
            let top = self.cursor;
            // The grid may change on a new frame (a newspaper continuation).
            let avail = self.grid.block_extent() - top;
            if avail < self.st.body_pitch * 2.0 - EPSILON && top > self.frame_top {
                let section = self.current_section();
                self.new_page(section);
                continue;
            }
            let at_page_top = top <= self.frame_top + EPSILON;
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
                    let page = self.frames.last_mut().unwrap();
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
    pub(super) fn column_rules(&mut self, top: f32, extent: f32) {
        let grid = self.grid;
        for c in 1..grid.columns as usize {
            let inline = grid.column_start(c) - grid.column_gap / 2.0;
            let from = grid.to_page(inline, top);
            let to = grid.to_page(inline, top + extent);
            self.push_rule(from, to, design::COLUMN_RULE);
        }
    }
}

/// What the column filler needs of each piece: (extent, break before, discardable).
pub(super) fn extents(pieces: &[Piece]) -> Vec<(f32, bool, bool)> {
    pieces
        .iter()
        .map(|p| (p.extent, p.break_before, p.discardable))
        .collect()
}

/// Fills one column of `height` from piece `from`: returns (first piece placed, end, extent
/// used). Ends at the last permitted break that fits; when none does, places nothing unless
/// `force` (an empty column at the top of a page: something must go there).
pub(super) fn fill_column(
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
pub(super) fn fits(pieces: &[(f32, bool, bool)], from: usize, columns: usize, height: f32) -> bool {
    let mut at = from;
    for _ in 0..columns {
        at = fill_column(pieces, at, height, false).1;
    }
    at >= pieces.len()
}

/// The shortest column height at which everything from `from` fits in `columns` columns:
/// heights are whole points from an even share of the pieces up, below `max`; `max` when none
/// of them holds everything.
pub(super) fn balanced_height(
    pieces: &[(f32, bool, bool)],
    from: usize,
    columns: usize,
    max: f32,
) -> f32 {
    let total: f32 = pieces[from..].iter().map(|p| p.0).sum();
    let start = (total / columns as f32).floor();
    // Whether the height `k` points above `start` is the answer or past it. A taller column
    // never holds less (each column ends at the same break as before or a later one), so this
    // turns true once and stays true: the first such `k` is found by doubling the step until
    // it holds, then halving the bracket, not by trying every point on the way.
    let settled = |k: f32| {
        let h = start + k;
        if h < max {
            fits(pieces, from, columns, h)
        } else {
            true
        }
    };
    // `below` is a step known not to settle (-1: none yet), `above` one that settles; steps
    // are whole numbers, so `start + k` is exact, as the one-point steps were.
    let (mut below, mut above) = (-1.0f32, 0.0f32);
    let mut step = 1.0;
    while !settled(above) {
        below = above;
        above += step;
        step *= 2.0;
    }
    while above - below > 1.0 {
        let middle = below + ((above - below) / 2.0).floor();
        if settled(middle) {
            above = middle;
        } else {
            below = middle;
        }
    }
    let h = start + above;
    if h < max {
        h
    } else {
        max
    }
}

/// Extent of the first unbreakable chunk of a body holding at least two lines (or all of a
/// shorter body): what must fit under a headline.
pub(super) fn first_chunk_extent(pieces: &[Piece]) -> f32 {
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

/// A picture's extents scaled down, proportions kept, so that its block extent is at most
/// `max_block`.
pub(super) fn fit_block(inline: f32, block: f32, max_block: f32) -> (f32, f32) {
    if block > max_block {
        (inline * (max_block / block), max_block)
    } else {
        (inline, block)
    }
}
