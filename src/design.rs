//! The design table: type sizes, line pitches, rules and which face each kind of text is set
//! in. It is plain data; the page layout reads the sizes and faces, the EPUB writer reads the
//! faces (for its stylesheet and for which characters each embedded subset must hold), so the
//! two books cannot set the same kind of text in different faces.
//!
//! Adding a face: a [`FontStyle`] variant (in `fonts`), its entry in the kinds below that use
//! it, its CSS family and file in `epub::style`. Nothing else chooses a face.

use crate::fonts::FontStyle;
use crate::layout::Placer;

/// The kinds of text an edition prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextKind {
    /// The publication's name on the title page.
    Masthead,
    /// The date, issue and publisher line under the masthead.
    EditionLine,
    /// A section's title (版名).
    SectionTitle,
    /// The line above a headline (引题).
    Kicker,
    /// A headline (主题).
    Headline,
    /// The line under a headline (副题).
    Subheadline,
    /// The dateline lead opening the first paragraph (`本报乌海1月2日电`).
    Dateline,
    /// A byline printed on its own line.
    Byline,
    /// Body text.
    Body,
    /// A picture's caption.
    Caption,
    /// A picture's credit, after its caption.
    Credit,
    /// The running head: publication, date and section at the top of a page.
    RunningHead,
    /// The section's name in the running head.
    RunningSection,
    /// The page number in the running head.
    Folio,
    /// "Contents" over the table of contents.
    TocLabel,
    /// A section's entry in the table of contents.
    TocSection,
    /// An article's entry in the table of contents.
    TocArticle,
    /// A jump line (`下转第3版`).
    Jump,
}

/// How one kind of text is set: face, size and the pitch from one line to the next, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// The face.
    pub face: FontStyle,
    /// Type size.
    pub size: f32,
    /// Line pitch (size plus leading).
    pub pitch: f32,
}

const fn style(face: FontStyle, size: f32, pitch: f32) -> TextStyle {
    TextStyle { face, size, pitch }
}

/// The face, size and pitch of each kind of text.
pub fn text(kind: TextKind) -> TextStyle {
    use FontStyle::{SansBold, Serif};
    match kind {
        TextKind::Masthead => style(SansBold, 40.0, 40.0 * 1.3),
        TextKind::EditionLine => style(Serif, 11.0, 18.0),
        TextKind::SectionTitle => style(SansBold, 15.0, 15.0 * 1.6),
        TextKind::Kicker => style(Serif, 10.5, 10.5 * 1.45),
        TextKind::Headline => style(SansBold, 17.0, 17.0 * HEADLINE_LEADING),
        TextKind::Subheadline => style(Serif, 12.0, 12.0 * 1.45),
        TextKind::Dateline => style(SansBold, BODY_SIZE, BODY_PITCH),
        TextKind::Byline => style(Serif, BODY_SIZE, BODY_PITCH),
        TextKind::Body => style(Serif, BODY_SIZE, BODY_PITCH),
        TextKind::Caption => style(Serif, 8.5, CAPTION_PITCH),
        TextKind::Credit => style(SansBold, 7.5, CAPTION_PITCH),
        TextKind::RunningHead => style(Serif, 8.0, 8.0),
        TextKind::RunningSection => style(SansBold, 8.0, 8.0),
        TextKind::Folio => style(SansBold, 8.0, 8.0),
        TextKind::TocLabel => style(SansBold, 14.0, 24.0),
        TextKind::TocSection => style(SansBold, TOC_SIZE, TOC_PITCH),
        TextKind::TocArticle => style(Serif, TOC_SIZE, TOC_PITCH),
        TextKind::Jump => style(SansBold, 8.5, CAPTION_PITCH),
    }
}

/// The face of each kind of text: what both books set it in.
pub fn face(kind: TextKind) -> FontStyle {
    text(kind).face
}

/// Body type size; the page grid's columns are whole numbers of it.
pub const BODY_SIZE: f32 = 10.0;
/// Body line pitch.
pub const BODY_PITCH: f32 = 14.5;
/// The gap between text columns, in body ems, in the book and on newspaper pages alike: wide
/// enough that text extraction (poppler) sees two columns rather than one line across the gap.
pub const COLUMN_GAP_EM: f32 = 3.0;
/// Caption (and credit) line pitch.
pub const CAPTION_PITCH: f32 = 12.3;
/// The widest a caption line runs, in caption ems: under a picture wider than this (a lead
/// photo across a block) the caption keeps a readable measure, centred under it.
pub const CAPTION_MAX_MEASURE_EM: f32 = 32.0;
/// The mark standing where a picture was not supplied: its extent along the block axis, in
/// caption lines (its words are set in the caption's style, centred in it).
pub const MISSING_PICTURE_LINES: f32 = 3.0;
/// Table of contents type size.
pub const TOC_SIZE: f32 = 10.5;
/// Table of contents line pitch.
pub const TOC_PITCH: f32 = 18.0;
/// A section's lead story (头条) has a larger headline.
pub const LEAD_HEADLINE_SIZE: f32 = 22.0;
/// Body type size on newspaper pages (小五, as Chinese dailies set it).
pub const NEWSPAPER_BODY_SIZE: f32 = 9.0;
/// Body line pitch on newspaper pages.
pub const NEWSPAPER_BODY_PITCH: f32 = 13.0;
/// Headline sizes on newspaper pages, by importance: the lead story (头条), the next two, the
/// rest.
pub const NEWSPAPER_HEADLINE_SIZES: [f32; 3] = [30.0, 21.0, 17.0];
/// A headline's size, in points, by the article's place in its section (`order`, from 0) and,
/// on newspaper pages, the width of its block in columns. A section's first article is its
/// lead story (头条), with the largest headline; the next two are a step smaller.
pub fn headline_size(placer: Placer, order: usize, columns: u32) -> f32 {
    let rank = match order {
        0 => 0,
        1 | 2 => 1,
        _ => 2,
    };
    match placer {
        Placer::Book if rank == 0 => LEAD_HEADLINE_SIZE,
        Placer::Book => text(TextKind::Headline).size,
        // A story in a single column takes the smallest headline, as papers set briefs: a
        // larger one would break every few characters.
        Placer::Newspaper if columns == 1 => NEWSPAPER_HEADLINE_SIZES[2],
        Placer::Newspaper => NEWSPAPER_HEADLINE_SIZES[rank],
    }
}
/// Headline pitch as a share of the headline's size (headlines come in several sizes).
pub const HEADLINE_LEADING: f32 = 1.35;

/// A straight rule: stroke width and grey (0 black, 1 white).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Stroke width in points.
    pub width: f32,
    /// Grey level.
    pub grey: f32,
}

/// Under a section's title, across the text area.
pub const SECTION_RULE: Rule = Rule {
    width: 1.5,
    grey: 0.0,
};
/// Between two articles (across the text area in the book, around blocks on a newspaper
/// page).
pub const ARTICLE_RULE: Rule = Rule {
    width: 0.5,
    grey: 0.4,
};
/// In the gap between two columns of an article.
pub const COLUMN_RULE: Rule = Rule {
    width: 0.3,
    grey: 0.5,
};
/// The dot leaders from a table-of-contents entry to its page number.
pub const TOC_LEADER: Rule = Rule {
    width: 0.8,
    grey: 0.45,
};
/// The double rule under the masthead: (offset, width) of each line, black.
pub const MASTHEAD_RULES: [(f32, f32); 2] = [(0.0, 2.0), (3.5, 0.6)];
/// The frame of the mark where a picture was not supplied.
pub const MISSING_PICTURE_RULE: Rule = Rule {
    width: 0.5,
    grey: 0.55,
};
/// Under the running head.
pub const HEADER_RULE: Rule = Rule {
    width: 0.5,
    grey: 0.0,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_are_sans_and_body_text_is_serif() {
        assert_eq!(face(TextKind::Headline), FontStyle::SansBold);
        assert_eq!(face(TextKind::Body), FontStyle::Serif);
        assert!(text(TextKind::Headline).size < LEAD_HEADLINE_SIZE);
        assert!(text(TextKind::Caption).size < BODY_SIZE);
    }

    #[test]
    fn lead_stories_have_the_largest_headlines_and_briefs_the_smallest() {
        let sizes = |placer, columns| [0, 1, 2, 3].map(|a| headline_size(placer, a, columns));
        assert_eq!(sizes(Placer::Book, 2), [22.0, 17.0, 17.0, 17.0]);
        assert_eq!(sizes(Placer::Book, 1), [22.0, 17.0, 17.0, 17.0]);
        assert_eq!(sizes(Placer::Newspaper, 3), [30.0, 21.0, 21.0, 17.0]);
        assert_eq!(sizes(Placer::Newspaper, 1), [17.0; 4]);
    }
}
