//! Page layout: geometry, columns, headline blocks, images and captions, running heads,
//! folios; produces a format-free page model for the PDF writer.
//!
//! The layout asks the text engine ([`crate::typeset`]) for the lines of each paragraph and
//! places them; it never breaks lines itself. Pages are built in three steps: the sections'
//! pages (articles flowing through columns), then the title page with the table of contents
//! (whose page numbers are now known), then running heads and folios once every page's final
//! number is fixed. [`number`] and [`emit`] make the same pages in two passes, handing them
//! out one at a time rather than all at once (see `stream`).

mod articles;
mod columns;
mod frame;
mod front;
mod furniture;
pub mod geometry;
mod layouter;
mod missing;
mod newspaper;
pub mod page;
mod placement;
mod stream;
#[cfg(test)]
mod tests;
mod text;

use anyhow::Result;

use crate::edition::Edition;
use crate::fonts::FontSet;

pub use geometry::{PageGrid, PageSize, Rect};
pub use missing::{missing_characters, MissingCharacter};
pub use page::*;
pub use stream::{emit, number, Numbered};

/// How articles are placed on pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Placer {
    /// A book of articles: each section opens a page, articles follow one another down the
    /// page, headlines across the text area.
    #[default]
    Book,
    /// Newspaper pages: each section one page or more, its articles in rectangular blocks on
    /// the column grid, the lead largest and highest.
    Newspaper,
}

/// Options for the page layout.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    /// How articles are placed on pages.
    pub placer: Placer,
    /// Paper size.
    pub page: PageSize,
    /// Number of text columns; `None` for the paper's default (two, or one on A5).
    pub columns: Option<u32>,
    /// Draw a thin rule in the gap between columns.
    pub column_rule: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            placer: Placer::Book,
            page: PageSize::A4,
            columns: None,
            column_rule: true,
        }
    }
}

impl LayoutOptions {
    /// The number of columns to use: the one asked for, else the paper's default.
    pub fn column_count(&self) -> u32 {
        self.columns.unwrap_or_else(|| self.page.default_columns())
    }

    /// How a reader names the pages these options make: `a4, 2 columns`.
    pub fn provenance(&self) -> String {
        let columns = self.column_count();
        let plural = if columns == 1 { "" } else { "s" };
        match self.placer {
            Placer::Book => format!("{}, {columns} column{plural}", self.page),
            Placer::Newspaper => {
                format!("{}, {columns} column{plural}, newspaper pages", self.page)
            }
        }
    }
}

/// Lays out a whole edition into pages.
pub fn layout(
    edition: &Edition,
    fonts: &FontSet,
    options: &LayoutOptions,
) -> Result<LaidOutEdition> {
    let layouter = layouter::Layouter::new(edition, fonts, options)?;
    match options.placer {
        Placer::Book => layouter.run(),
        Placer::Newspaper => layouter.run_newspaper(),
    }
}
