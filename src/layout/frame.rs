//! Frames: a rectangle of laid-out content with its own grid and its items in its own
//! coordinates, the way Typst's frames nest. The book placer's frames are whole text areas
//! (a page's frame is placed at the page's origin); the newspaper placer lays each article
//! into a frame the size of its block and places the frames on the page's column grid.

use super::geometry::PageGrid;
use super::page::*;
use crate::design;

/// Laid-out content: a grid (its size, columns and writing mode) and what is drawn on it.
pub(super) struct Frame {
    /// What is drawn, in the frame's coordinates.
    pub(super) items: Vec<Item>,
    /// Section the frame belongs to (for the running head); `None` on front matter.
    pub(super) section: Option<usize>,
    /// Where the edition's text in the frame begins (its first line in reading order).
    pub(super) text_start: Option<TextPosition>,
    /// The frame's grid: its content rectangle is the frame's extent.
    pub(super) grid: PageGrid,
}

impl Frame {
    /// An empty frame on `grid`.
    pub(super) fn new(grid: PageGrid, section: Option<usize>) -> Frame {
        Frame {
            items: Vec::new(),
            section,
            text_start: None,
            grid,
        }
    }

    /// A solid rule between two points of the frame's coordinates: decoration, so an
    /// artifact of the layout. Both placers draw their rules through it.
    pub(super) fn push_rule(&mut self, from: (f32, f32), to: (f32, f32), rule: design::Rule) {
        self.items.push(Item::Rule(RuleItem {
            from,
            to,
            width: rule.width,
            grey: rule.grey,
            tag: Tag::Layout,
            dotted: false,
        }));
    }

    /// Places `frame` on this one with its origin at (`dx`, `dy`) of this frame's coordinates:
    /// its items move by that much, and its text start becomes this frame's when this one has
    /// none yet (frames are placed in reading order).
    pub(super) fn place(&mut self, frame: Frame, dx: f32, dy: f32) {
        if self.text_start.is_none() {
            self.text_start = frame.text_start;
        }
        self.items
            .extend(frame.items.into_iter().map(|item| translate(item, dx, dy)));
    }
}

/// `item` moved by (`dx`, `dy`).
pub(super) fn translate(item: Item, dx: f32, dy: f32) -> Item {
    let shift = |r: Rect| Rect {
        x: r.x + dx,
        y: r.y + dy,
        ..r
    };
    match item {
        Item::Text(mut t) => {
            t.x += dx;
            t.y += dy;
            Item::Text(t)
        }
        Item::Image(mut i) => {
            i.rect = shift(i.rect);
            Item::Image(i)
        }
        Item::Rule(mut r) => {
            r.from = (r.from.0 + dx, r.from.1 + dy);
            r.to = (r.to.0 + dx, r.to.1 + dy);
            Item::Rule(r)
        }
        Item::Link(mut l) => {
            l.rect = shift(l.rect);
            Item::Link(l)
        }
    }
}
