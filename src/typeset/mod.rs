//! The text engine: turns a paragraph of styled text into justified lines of positioned glyphs.
//!
//! Pure code, no I/O: segmentation, line breaking (UAX #14 refined by the CJK rules of W3C
//! clreq/jlreq), punctuation width adjustment, CJK–Latin spacing and justification. The layout
//! asks it for the lines of one paragraph at one measure; the PDF writer draws the glyphs as
//! placed here.
//!
//! Each paragraph carries its language's [`Rules`] (chosen from the edition's locale): where
//! punctuation sits, which characters may not start a line, whether words break between
//! characters or only at spaces (Korean), where the CJK–Latin space goes. The per-language
//! tests are in `language_tests.rs`.
//!
//! The rules, each with its unit test in `tests.rs`:
//! - breaks where UAX #14 allows, except before a closing mark or small kana, after an opening
//!   mark, or inside `——` / `……`; curly quotes in CJK text break like brackets; a token wider
//!   than the line (a URL) may break between any two characters rather than overflow;
//! - full-width marks give up their blank half where two meet (`。”`, `）（`, `“《`), at the
//!   start of a line (opening marks) and at its end (closing marks); which half is blank is
//!   read from the glyph outlines, so Traditional Chinese centred stops are left whole;
//! - a quarter em between CJK and Latin letters or digits, unless the source has a space;
//! - justification spreads the slack over the gaps between CJK characters and Latin words
//!   (and may squeeze marks and spaces, never ideographs); first-line indent; ragged last
//!   line; short ragged paragraphs balanced; a single character kept off a last line;
//! - ambiguous marks (dashes, ellipsis, quotes) take their full-width forms in CJK text;
//!   Latin is shaped with rustybuzz (kerning); vertical text takes the `vert` forms upright
//!   and turns Latin sideways, except standalone numbers of one or two digits, set upright
//!   side by side in one em (tate-chu-yoko, 縦中横).
//!
//! Units: points (1/72 in) throughout. Positions along a line grow in the inline direction
//! (rightwards in horizontal text, downwards in vertical text).

use std::ops::Range;

mod chars;
mod engine;
mod faces;
mod rules;
pub mod window;

pub use rules::{Justification, LineStart, Punctuation, Rules, WordBreak};

use crate::fonts::Face;

/// Where the baseline sits in a CJK em box, as a share of the em from its top: the ideographic
/// em box of Noto CJK spans 0.88 em above the baseline to 0.12 em below (its `VORG` ascent).
/// The layout centres em boxes in line pitches and the PDF writer finds vertical baselines by it.
pub const EM_BOX_ASCENT: f32 = 0.88;

/// A stretch of text in one face and size; a paragraph is a sequence of spans (the dateline
/// lead in a bolder face, then the body, say).
#[derive(Debug, Clone)]
pub struct Span {
    /// The text, with no line breaks (a paragraph is already joined).
    pub text: String,
    /// The face to set it in.
    pub face: Face,
    /// Font size in points.
    pub size: f32,
}

/// How a paragraph's lines are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Justified to the full measure; the last line ragged (start-aligned).
    #[default]
    Justify,
    /// Start-aligned, ragged end; a paragraph of up to about four lines is balanced (lines
    /// of even length, as for a headline).
    Start,
    /// Centred, balanced like `Start`.
    Center,
}

/// Direction lines run in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Horizontal lines, left to right.
    #[default]
    Horizontal,
    /// Vertical lines, top to bottom: CJK upright with `vert` forms, Latin rotated, numbers of
    /// one or two digits upright in one em (tate-chu-yoko).
    Vertical,
}

/// What the engine needs to know about a paragraph besides its text.
#[derive(Debug, Clone)]
pub struct ParagraphStyle {
    /// First-line indent in ems of the first span's size (2.0 for body paragraphs).
    pub first_line_indent_em: f32,
    /// Alignment.
    pub align: Align,
    /// Line direction.
    pub direction: Direction,
    /// The language's rules (kinsoku, punctuation adjustment, spacing, where words break).
    pub rules: Rules,
}

impl Default for ParagraphStyle {
    fn default() -> Self {
        ParagraphStyle {
            first_line_indent_em: 2.0,
            align: Align::Justify,
            direction: Direction::Horizontal,
            rules: Rules::HANS,
        }
    }
}

/// One glyph placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id in the run's face (after `vert` substitution in vertical text).
    pub id: u16,
    /// The bytes of [`GlyphRun::text`] this glyph stands for (for copy/paste and search).
    pub text: Range<usize>,
    /// Where to draw the glyph, as an offset from the run's `pos` along the line, in points:
    /// final, with punctuation trimming and justification applied. Horizontal and rotated
    /// runs: the glyph origin (pen position plus any shaping offset). Vertical upright runs:
    /// the glyph's vertical origin, the top of its one-em slot (its baseline lies the font's
    /// `VORG` ascent below, 0.88 em for Noto CJK). A mark whose leading blank half was trimmed
    /// (an opening bracket at a line start) is drawn half an em before its slot, so this may
    /// be negative.
    pub pos: f32,
    /// The room the glyph takes along the line, in points, after punctuation trimming (not
    /// justification, which only moves `pos`); 0 for a space that ends a line. Each digit of
    /// an upright number spans the whole em slot they share.
    pub advance: f32,
    /// Offset across the line, in points. Horizontal and rotated runs: the shaping offset,
    /// up from the baseline (0 for most glyphs; the writer centres a rotated run's em box on
    /// the line's axis itself). Vertical upright runs: where the glyph's horizontal origin
    /// lies relative to the line's axis, rightwards (minus half the glyph's width; for the
    /// digits of an upright number, which share one slot, minus half their joint width and
    /// then side by side).
    pub cross_offset: f32,
}

/// Glyphs in one face and size, drawn together.
#[derive(Debug, Clone)]
pub struct GlyphRun {
    /// The face.
    pub face: Face,
    /// Font size in points.
    pub size: f32,
    /// Offset of the run from the line's start, in points.
    pub pos: f32,
    /// The text the glyphs stand for.
    pub text: String,
    /// The glyphs, in visual order along the line.
    pub glyphs: Vec<PlacedGlyph>,
    /// In vertical text, whether the run is rotated 90° clockwise (Latin) rather than upright.
    pub rotated: bool,
}

/// One line of a paragraph, ready to be placed by the layout.
#[derive(Debug, Clone)]
pub struct Line {
    /// The runs, in order along the line.
    pub runs: Vec<GlyphRun>,
    /// Where the content ends along the line, from the line's start (first-line indent and
    /// centring included), in points: the measure when justified.
    pub width: f32,
    /// Height above the baseline of the ideographic em box (horizontal), or half the line's
    /// thickness (vertical), in points.
    pub ascent: f32,
    /// Depth below the baseline (horizontal) or the other half (vertical), in points, positive.
    pub descent: f32,
}

impl Line {
    /// The line's text, as a reader would copy it.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// Breaks a paragraph into lines of at most `measure` points (a window at a time when it is
/// huge: see [`window`]).
pub fn break_paragraph(spans: &[Span], style: &ParagraphStyle, measure: f32) -> Vec<Line> {
    window::break_paragraph(spans, style, measure)
}

#[cfg(test)]
mod language_tests;
#[cfg(test)]
mod tests;
