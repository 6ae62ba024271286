//! The format-free page model the layout produces and the PDF writer draws: positioned glyph
//! runs, images, rules and links, each tagged with its place in the document structure.

use std::sync::Arc;

use crate::edition::ImageData;
use crate::typeset::GlyphRun;

pub use super::geometry::Rect;
pub use crate::pagestarts::{PageStarts, TextBlock, TextPosition};

/// A whole laid-out edition.
#[derive(Debug, Clone)]
pub struct LaidOutEdition {
    /// Pages in order; page `i` prints folio `i + 1` (the title page's folio is not printed).
    pub pages: Vec<Page>,
    /// The logical structure (headings, paragraphs, figures…) in reading order.
    pub structure: Structure,
    /// Bookmarks: one per section, each holding its articles.
    pub outline: Vec<OutlineEntry>,
    /// Which pages these are, for a reader of another format ("a4, 2 columns").
    pub provenance: String,
}

impl LaidOutEdition {
    /// Where each page's article text begins, as plain data: what an EPUB page list needs to
    /// mark the same page breaks as this PDF, without the pages themselves.
    pub fn page_starts(&self) -> PageStarts {
        PageStarts {
            starts: self.pages.iter().map(|p| p.text_start.clone()).collect(),
            provenance: self.provenance.clone(),
        }
    }
}

/// One page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// What is drawn, in reading order within each structure element.
    pub items: Vec<Item>,
    /// Where the edition's text on this page begins, so other formats (the EPUB page list)
    /// can mark the same page break; `None` on pages without article text (title, TOC).
    pub text_start: Option<TextPosition>,
}

/// Something drawn on a page.
#[derive(Debug, Clone)]
pub enum Item {
    /// A run of glyphs.
    Text(TextItem),
    /// A picture.
    Image(ImageItem),
    /// A straight line (column rules, header rules).
    Rule(RuleItem),
    /// A clickable area that jumps to another place in the document.
    Link(LinkItem),
}

/// A glyph run placed on the page.
#[derive(Debug, Clone)]
pub struct TextItem {
    /// Horizontal text: the left end of the baseline. Vertical text: the top of the line,
    /// on its central axis.
    pub x: f32,
    /// See `x`.
    pub y: f32,
    /// Whether the run belongs to a vertical line (glyph positions grow downwards).
    pub vertical: bool,
    /// The glyphs, positioned along the line by the text engine.
    pub run: GlyphRun,
    /// Its structure element, or artifact kind.
    pub tag: Tag,
}

/// A picture scaled into a rectangle.
#[derive(Debug, Clone)]
pub struct ImageItem {
    /// Where it goes.
    pub rect: Rect,
    /// The file's bytes (JPEG is passed through untouched).
    pub data: Arc<ImageData>,
    /// Its structure element (a figure), or artifact kind.
    pub tag: Tag,
}

/// A line segment.
#[derive(Debug, Clone)]
pub struct RuleItem {
    /// Start point.
    pub from: (f32, f32),
    /// End point.
    pub to: (f32, f32),
    /// Stroke width in points.
    pub width: f32,
    /// Grey level, 0 black to 1 white.
    pub grey: f32,
    /// Drawn as a row of dots (leaders in the table of contents).
    pub dotted: bool,
    /// Rules are decoration; always an artifact.
    pub tag: Tag,
}

/// A link area.
#[derive(Debug, Clone)]
pub struct LinkItem {
    /// The clickable area.
    pub rect: Rect,
    /// Where it goes.
    pub target: Destination,
    /// What the link says, for assistive technology.
    pub alt: String,
    /// The link's structure element.
    pub tag: Tag,
}

/// A point in the document to jump to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Destination {
    /// Page index (0-based).
    pub page: usize,
    /// Horizontal position on that page.
    pub x: f32,
    /// Vertical position on that page.
    pub y: f32,
}

/// The structure element a drawn item belongs to, or the kind of artifact it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Real content of element `n` of [`Structure::elements`].
    Element(ElementId),
    /// Running head (publication, date, section).
    Header,
    /// Folio (page number).
    PageNumber,
    /// Layout decoration: rules, frames.
    Layout,
}

/// Index of an element in [`Structure::elements`].
pub type ElementId = usize;

/// The logical structure: a tree of elements in reading order; element 0 is the root.
#[derive(Debug, Clone)]
pub struct Structure {
    /// All elements; each lists its children in reading order.
    pub elements: Vec<Element>,
}

/// One structure element.
#[derive(Debug, Clone)]
pub struct Element {
    /// What it is.
    pub kind: ElementKind,
    /// Child elements in reading order. Content items tagged with this element come first
    /// (a link's annotation before its text); elements either hold content or children.
    pub children: Vec<ElementId>,
}

/// The kinds of structure element folio uses.
#[derive(Debug, Clone, PartialEq)]
pub enum ElementKind {
    /// The document root.
    Document,
    /// The masthead block on the title page.
    Title,
    /// The table of contents.
    Toc,
    /// One entry of it.
    TocItem,
    /// A link (its annotation and its text).
    Link,
    /// A section of the edition.
    Section,
    /// An article.
    Article,
    /// A heading of the given level (1 = section, 2 = headline), with its text.
    Heading {
        /// Level, 1-based.
        level: u16,
        /// The heading's text.
        text: String,
    },
    /// A paragraph (body text, kicker, subheadline, byline, masthead lines).
    Paragraph,
    /// A picture, with its text alternative.
    Figure {
        /// Alternative text.
        alt: String,
    },
    /// A caption (and credit) following a figure.
    Caption,
}

impl Structure {
    /// A tree holding only the root.
    pub fn new() -> Structure {
        Structure {
            elements: vec![Element {
                kind: ElementKind::Document,
                children: Vec::new(),
            }],
        }
    }

    /// Adds an element under `parent` and returns its id.
    pub fn add(&mut self, parent: ElementId, kind: ElementKind) -> ElementId {
        let id = self.elements.len();
        self.elements.push(Element {
            kind,
            children: Vec::new(),
        });
        self.elements[parent].children.push(id);
        id
    }
}

impl Default for Structure {
    fn default() -> Self {
        Structure::new()
    }
}

/// A bookmark.
#[derive(Debug, Clone)]
pub struct OutlineEntry {
    /// Its text.
    pub title: String,
    /// Where it goes.
    pub target: Destination,
    /// Nested bookmarks (a section's articles).
    pub children: Vec<OutlineEntry>,
}
