//! Text for the layout: spans in the design's faces, paragraphs broken by the text engine,
//! headlines fitted or broken between phrases, and lines turned into pieces that know where
//! in the edition they begin.

use super::columns::*;
use super::layouter::*;
use super::page::*;
use crate::design::{self, TextKind};
use crate::fonts::FontStyle;
use crate::typeset::{self, Align, Direction, Line, ParagraphStyle, Span};

/// Where a paragraph's text lies in the edition, so its lines can say where they begin.
#[derive(Clone, Copy)]
pub(super) struct Source<'t> {
    pub(super) section: usize,
    pub(super) article: usize,
    pub(super) block: TextBlock,
    /// The paragraph's text in the edition.
    pub(super) text: &'t str,
    /// Characters the first line opens with that are not part of `text` (a lead in bold).
    pub(super) lead_chars: usize,
}
impl<'t> Source<'t> {
    pub(super) fn new(
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
/// What a paragraph's lines depend on: its spans (text, face, size), first-line indent,
/// alignment, measure and direction (the language's rules are the edition's, one per run).
#[derive(PartialEq, Eq, Hash)]
pub(super) struct LineKey {
    spans: Vec<(String, (usize, u32), u32)>,
    indent: u32,
    align: u8,
    measure: u32,
    vertical: bool,
}

/// Lines broken once, reused when the same paragraph is set to the same measure again.
pub(super) type LineCache = std::collections::HashMap<LineKey, Vec<Line>>;

impl Layouter<'_> {
    /// Breaks spans into lines with the text engine (once per paragraph and measure where
    /// the placer keeps a [`LineCache`]).
    pub(super) fn set(
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
            rules: self.rules,
        };
        let Some(cache) = &self.line_cache else {
            return typeset::break_paragraph(spans, &style, measure);
        };
        let key = LineKey {
            spans: spans
                .iter()
                .map(|s| (s.text.clone(), s.face.key(), s.size.to_bits()))
                .collect(),
            indent: indent_em.to_bits(),
            align: align as u8,
            measure: measure.to_bits(),
            vertical: direction == Direction::Vertical,
        };
        if let Some(lines) = cache.borrow().get(&key) {
            return lines.clone();
        }
        let lines = typeset::break_paragraph(spans, &style, measure);
        cache.borrow_mut().insert(key, lines.clone());
        lines
    }

    pub(super) fn span(&self, text: &str, style: FontStyle, size: f32) -> Span {
        Span {
            text: text.to_string(),
            face: match style {
                FontStyle::Serif => self.serif.clone(),
                FontStyle::SansBold => self.sans.clone(),
            },
            size,
        }
    }

    /// A span of `text` in the face and size the design gives `kind`.
    pub(super) fn styled(&self, text: &str, kind: TextKind) -> Span {
        let style = design::text(kind);
        self.span(text, style.face, style.size)
    }

    /// A headline's lines. A headline that is a little too long for one line is set a little
    /// smaller on one line, as a sub-editor fits a headline, rather than broken; one that needs
    /// two lines breaks between its phrases (at a space, else after a comma, colon or closing
    /// quote, or before an opening one), never inside a word as an even break would
    /// (“最佳中小｜成本故事片”). Without such a phrase break the text engine's balanced lines
    /// are used.
    pub(super) fn headline_lines(
        &self,
        text: &str,
        size: f32,
        align: Align,
        measure: f32,
    ) -> Vec<Line> {
        let dir = self.direction;
        let set_to = |t: &str, size: f32, measure: f32| {
            self.set(
                &[self.span(t, design::face(TextKind::Headline), size)],
                0.0,
                align,
                measure,
                dir,
            )
        };
        let set = |t: &str, size: f32| set_to(t, size, measure);
        let lines = set(text, size);
        if lines.len() < 2 {
            return lines;
        }
        // Natural width on one line.
        let natural = self
            .set(
                &[self.span(text, design::face(TextKind::Headline), size)],
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
            if align != Align::Center {
                return lines;
            }
            return evened(lines, measure, |m| set_to(text, size, m));
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
    pub(super) fn line_pieces(
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
}

/// A headline of three lines or more, `lines` as set to `measure`, set again to the narrowest
/// measure that keeps as many lines (found by halving, to a point), so the lines come out of
/// even length rather than full lines over a stub of a character or two (narrow newspaper
/// blocks); the lines are then moved to sit centred in `measure` as they did.
fn evened(lines: Vec<Line>, measure: f32, set: impl Fn(f32) -> Vec<Line>) -> Vec<Line> {
    let count = lines.len();
    if count < 3 {
        return lines;
    }
    let (mut low, mut high) = (measure / count as f32, measure);
    while high - low > 1.0 {
        let mid = (low + high) / 2.0;
        if set(mid).len() <= count {
            high = mid;
        } else {
            low = mid;
        }
    }
    let mut even = set(high);
    if even.len() != count {
        return lines;
    }
    let shift = (measure - high) / 2.0;
    for line in &mut even {
        for run in &mut line.runs {
            run.pos += shift;
        }
        line.width += shift;
    }
    even
}

/// Whether a headline may break between phrases at character `c` (at byte `at`; `last`: the
/// headline's last character), and how well: `(rank, byte offset of the break, bytes dropped
/// there)`, rank 0 at a space (which is dropped), 1 after a comma, colon or closing quote or
/// before an opening one.
pub(super) fn phrase_break(at: usize, c: char, last: bool) -> Option<(u8, usize, usize)> {
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

/// Character offset, within `text`, where each line begins. The first line may open with a
/// lead of `lead_chars` characters that is not part of `text`; lines may drop spaces at breaks
/// or add hyphens, so lines are matched against the text rather than counted.
pub(super) fn line_offsets(lines: &[Line], text: &str, lead_chars: usize) -> Vec<usize> {
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
