//! Page starts: where each page of a laid-out edition begins in the edition's text, as plain
//! data. The layout produces them; the EPUB writer reads them for its page list, so it never
//! needs the layout (or the pages) itself.

/// Where each page of a paginated book of the edition begins, and which book that is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageStarts {
    /// By page index: where the edition's article text on that page begins; `None` on pages
    /// without article text (title, contents, a page holding only a picture).
    pub starts: Vec<Option<TextPosition>>,
    /// Which pages these are, as a reader would name them: paper, columns and, for other than
    /// the book layout, the placer (`a4, 2 columns`). Empty when there are no pages.
    pub provenance: String,
}

/// A place in the edition's text: which article, which block of it, how far into that block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPosition {
    /// Index of the section in [`crate::edition::Edition::sections`].
    pub section: usize,
    /// Index of the article within its section.
    pub article: usize,
    /// The block of the article the page starts in.
    pub block: TextBlock,
    /// Offset in characters (Unicode scalar values) into that block's text, where the first
    /// line on the page begins. For the first paragraph it counts from the body text, not from
    /// the dateline lead printed before it.
    pub char_offset: usize,
    /// The first characters of the page's first line, for matching and for humans.
    pub preview: String,
}

/// A block of an article's text, in the order it is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextBlock {
    /// The kicker above the headline.
    Kicker,
    /// The headline.
    Headline,
    /// The subheadline.
    Subheadline,
    /// A byline printed on its own line.
    Byline,
    /// Body paragraph `n` of [`crate::edition::Article::paragraphs`].
    Paragraph(usize),
    /// Caption (with credit) of image `n`.
    Caption(usize),
}
