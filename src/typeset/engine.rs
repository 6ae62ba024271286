//! The paragraph engine: atoms, break opportunities, line choice and glyph placement.
//!
//! A paragraph becomes a row of *atoms*: one per CJK character (glyph from the cmap, advance
//! from `hmtx`, no shaping needed) and one per grapheme cluster of the other runs (shaped
//! with rustybuzz, kerning on). Between two atoms lies a *gap* with a natural width (the
//! quarter-em CJK–Latin space), a stretch and a shrink, and a break opportunity (UAX #14
//! refined by the CJK rules). Full-width marks carry the blank half the font leaves beside
//! their ink; where two marks meet one blank is trimmed, and at a line's edges the blank
//! facing the margin is trimmed.
//!
//! Lines are chosen by total fit (Knuth–Plass) over the whole paragraph rather than greedily:
//! CJK text has a break opportunity between almost every pair of characters, so greedy and
//! total fit agree on most lines, but where kinsoku forbids a break (a run of closing marks,
//! a `——`) or a long Latin word or number does not fit, greedy leaves a loose line that
//! total fit spreads over the lines before it; it also lets us keep a single character off the
//! last line. The cost stays linear in practice: a node is active only while a line from it
//! could still fit, which is at most one line's worth of break opportunities.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::chars::{is_cjk_ambiguous, is_cjk_block, is_doubled_mark, is_no_end, is_no_start};
use super::chars::{is_cjk_punct, is_closing, is_hangul, is_middle_dot, is_no_start_strict};
use super::chars::{is_opening, is_stop};
use super::faces::{face_data, Blank, FaceData};
use super::rules::{Justification, LineStart, Punctuation, Rules, WordBreak};
use super::{Align, Direction, GlyphRun, Line, ParagraphStyle, PlacedGlyph, Span};
use crate::fonts::{Face, PLACEHOLDER};
use crate::script;

/// Inter-character stretch of a CJK gap, in ems: its share of a line's spare room.
const CJK_STRETCH: f32 = 0.1;
/// The same where lines are justified mostly at word spaces (Korean): a fifth of the CJK
/// stretch, so that a space (stretch about 0.11 em) takes most of the room.
const LETTER_STRETCH_INTER_WORD: f32 = 0.02;
/// The CJK–Latin space (autospace), in ems, and how far it may stretch or shrink.
const AUTOSPACE: f32 = 0.25;
const AUTOSPACE_STRETCH: f32 = 0.1;
const AUTOSPACE_SHRINK: f32 = 0.125;
/// Interword space elasticity, as shares of the space's width (TeX's values).
const SPACE_STRETCH: f32 = 0.5;
const SPACE_SHRINK: f32 = 1.0 / 3.0;
/// Penalty for breaking inside an over-long token (a URL) rather than overflowing.
const EMERGENCY_PENALTY: f64 = 3000.0;
/// How far a ragged line may fall short of the measure before it counts as loose, in ems.
const RAGGED_STRETCH: f32 = 3.0;
/// Ragged paragraphs shorter than this many lines are balanced.
const BALANCE_LINES: f32 = 4.0;
/// A Latin token other than a word (a phone number, a date, an address) wider than this share
/// of the line may break inside (at a penalty), so that the line before it is not left gaping.
const LONG_TOKEN: f32 = 0.33;
/// Letter spacing allowed inside an over-long token, in ems per gap.
const EMERGENCY_STRETCH: f32 = 0.02;
/// Penalty for breaking against kinsoku inside a run of marks wider than the line.
const DESPERATE_PENALTY: f64 = 10_000.0;
/// Demerits for a last line holding a single character (a 孤字).
const LONELY_LAST_LINE: f64 = 1e6;
/// Badness beyond which looser lines are not considered while a better one exists
/// (an adjustment ratio of about 2.2, TeX's `\tolerance` of 1000).
const TOLERANCE_BADNESS: f64 = 1000.0;
/// Badness of the loosest line. Far above TeX's 10 000, so that among bad choices the least
/// bad still wins (a stub of one word against a line of two words spread out), and far below
/// the demerits of an overflow.
const MAX_BADNESS: f64 = 1e30;
/// Demerits for a line that overflows because nothing else was possible.
const OVERFULL: f64 = 1e100;
/// How far justification may open a gap, in multiples of its stretch (a CJK gap by up to one
/// em, a space to five and a half times its width); beyond that the line is left short
/// rather than letter-spaced into illegibility.
const MAX_SPREAD: f32 = 10.0;
/// The stretch, in ems, a justified line is judged by when it has less.
const MIN_STRETCH: f32 = 0.05;

/// What an atom is, for the spacing and trimming rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A CJK ideograph, kana, hangul or full-width letter.
    Ideo,
    /// A full-width opening mark.
    Open,
    /// A full-width closing mark or stop.
    Close,
    /// Other CJK punctuation and signs (dashes, ellipsis, middle dot, `～￥`).
    Mark,
    /// A cluster of a non-CJK run: letters, digits, Latin punctuation.
    Latin,
    /// A space character.
    Space,
}

impl Kind {
    fn is_cjk(self) -> bool {
        matches!(self, Kind::Ideo | Kind::Open | Kind::Close | Kind::Mark)
    }
}

/// Whether a line may break after an atom.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Brk {
    /// Never (inside a word, before a closing mark, after an opening one).
    Never,
    /// Only as a last resort, inside a token too long for the line.
    Emergency,
    /// Even against kinsoku, inside a run of marks too long for the line (`？！……”` on a
    /// line two ems wide): a mark at a line's start beats text overflowing the column.
    Desperate,
    /// Freely.
    Allowed,
    /// Must (end of paragraph, a hard line break).
    Forced,
}

/// A glyph of an atom, in the paragraph's coordinates.
#[derive(Debug, Clone)]
struct Glyph {
    id: u16,
    /// Paragraph text bytes this glyph stands for (empty for the 2nd.. glyph of a cluster).
    text: Range<u32>,
    /// Offset of the glyph origin from the atom's start, along the line, in points.
    along: f32,
    /// Offset across the line, in points.
    across: f32,
    /// Advance, in points.
    advance: f32,
}

/// One unbreakable unit: a CJK character or a shaped cluster.
#[derive(Debug, Clone)]
struct Atom {
    text: Range<u32>,
    span: u32,
    /// The face that draws it: [`PRIMARY`], a fallback of the span's face, or [`MISSING`].
    face: u16,
    glyphs: Range<u32>,
    kind: Kind,
    rotated: bool,
    first: char,
    last: char,
    size: f32,
    /// Natural advance, the sum of the glyphs' advances.
    adv: f32,
    /// Blank trimmed because a neighbouring mark meets it.
    trim_start: f32,
    trim_end: f32,
    /// Blank that may still be trimmed (at a line edge or to shrink a tight line).
    blank_start: f32,
    blank_end: f32,
    /// The gap after this atom: natural width, stretch, shrink.
    gap: f32,
    stretch: f32,
    shrink: f32,
    /// Break after this atom.
    brk: Brk,
}

impl Atom {
    /// A new atom of `text`, drawn by `glyphs` of face `face` of span `span`: upright, with no
    /// trim, blank, gap or break yet (the passes after [`build_atoms`] set those). `ends` are
    /// its first and last characters, `size` its font size and `adv` its natural advance.
    fn new(
        text: Range<u32>,
        (span, face): (usize, u16),
        glyphs: Range<u32>,
        kind: Kind,
        (first, last): (char, char),
        size: f32,
        adv: f32,
    ) -> Atom {
        Atom {
            text,
            span: span as u32,
            face,
            glyphs,
            kind,
            rotated: false,
            first,
            last,
            size,
            adv,
            trim_start: 0.0,
            trim_end: 0.0,
            blank_start: 0.0,
            blank_end: 0.0,
            gap: 0.0,
            stretch: 0.0,
            shrink: 0.0,
            brk: Brk::Never,
        }
    }

    fn width(&self) -> f32 {
        self.adv - self.trim_start - self.trim_end
    }
}

/// [`Atom::face`] of text in the span's own face; fallback `k` of the span's face is `k + 1`.
const PRIMARY: u16 = 0;
/// [`Atom::face`] of a character no face has: the span's face draws [`PLACEHOLDER`] for it.
const MISSING: u16 = u16::MAX;

/// What every step of setting one paragraph reads: its spans, their cached face data, and the
/// direction and rules it is set with.
struct Ctx<'a> {
    spans: &'a [Span],
    faces: Vec<Arc<FaceData>>,
    /// Data of the fallback faces used so far, by span and [`Atom::face`]: built only when a
    /// character needs one, so text the span's face covers never touches them.
    fallbacks: RefCell<Vec<(usize, u16, Arc<FaceData>)>>,
    vertical: bool,
    rules: Rules,
}

impl Ctx<'_> {
    /// The data of face `face` ([`Atom::face`]) of span `span`; the span's own for [`MISSING`].
    fn face(&self, span: usize, face: u16) -> Arc<FaceData> {
        if face == PRIMARY || face == MISSING {
            return self.faces[span].clone();
        }
        let mut cache = self.fallbacks.borrow_mut();
        if let Some((_, _, data)) = cache.iter().find(|(s, f, _)| (*s, *f) == (span, face)) {
            return data.clone();
        }
        let data = face_data(&self.spans[span].face.fallbacks()[face as usize - 1]);
        cache.push((span, face, data.clone()));
        data
    }

    /// The face value of [`Atom::face`] `face` of span `span`, for the glyph runs.
    fn face_value(&self, span: usize, face: u16) -> &Face {
        let primary = &self.spans[span].face;
        match face {
            PRIMARY | MISSING => primary,
            k => &primary.fallbacks()[k as usize - 1],
        }
    }

    /// Which face draws `c` in span `span`: the span's own if it has a glyph, else the first
    /// fallback that has, else [`MISSING`].
    fn choose_face(&self, span: usize, c: char) -> u16 {
        if c.is_whitespace() || self.faces[span].glyph_and_advance(c).0 != 0 {
            return PRIMARY;
        }
        let fallbacks = self.spans[span].face.fallbacks();
        for k in 1..=fallbacks.len() as u16 {
            if self.face(span, k).glyph(c) != 0 {
                return k;
            }
        }
        MISSING
    }
}

/// The face of each character (see [`Ctx::choose_face`]), and whether it continues the cluster
/// of the character before (a combining mark, a variation selector, an emoji modifier or the
/// character after a joiner), which a placeholder then stands for as well. Characters that
/// draw nothing themselves (joiners, selectors, format controls) keep the face before them.
fn choose_faces(ctx: &Ctx, chars: &[(u32, char)], span_starts: &[u32]) -> Vec<(u16, bool)> {
    let mut chosen: Vec<(u16, bool)> = Vec::with_capacity(chars.len());
    let mut span = 0usize;
    for (i, &(offset, c)) in chars.iter().enumerate() {
        while offset >= span_starts[span + 1] {
            span += 1;
        }
        let same_span = i > 0 && chars[i - 1].0 >= span_starts[span];
        let before = if same_span {
            chosen.last().copied()
        } else {
            None
        };
        // The common case, and all an edition its faces cover ever takes: one cached lookup.
        if matches!(before, None | Some((PRIMARY, _)))
            && (c.is_whitespace() || ctx.faces[span].glyph_and_advance(c).0 != 0)
        {
            chosen.push((PRIMARY, false));
            continue;
        }
        let joins =
            same_span && (script::continues_cluster(c) || (i > 0 && chars[i - 1].1 == '\u{200D}'));
        let face = match before {
            Some((MISSING, _)) if joins => MISSING,
            // A zero-width space or a bidi mark: shaped (and hidden) with its neighbour.
            Some((face, _)) if script::draws_nothing(c) && face != MISSING => face,
            _ if script::draws_nothing(c) && !joins => PRIMARY,
            Some((face, _)) if joins && ctx.face(span, face).glyph(c) != 0 => face,
            _ => ctx.choose_face(span, c),
        };
        chosen.push((face, joins));
    }
    chosen
}

/// Breaks a paragraph into lines; see [`super::break_paragraph`].
pub(crate) fn break_paragraph(spans: &[Span], style: &ParagraphStyle, measure: f32) -> Vec<Line> {
    let mut text = String::with_capacity(spans.iter().map(|s| s.text.len()).sum());
    let mut span_starts = Vec::with_capacity(spans.len() + 1);
    for span in spans {
        span_starts.push(text.len() as u32);
        text.push_str(&span.text);
    }
    span_starts.push(text.len() as u32);
    if text.is_empty() {
        return Vec::new();
    }
    let mut faces: Vec<Arc<FaceData>> = Vec::with_capacity(spans.len());
    for span in spans {
        faces.push(face_data(&span.face));
    }
    let ctx = Ctx {
        spans,
        faces,
        fallbacks: RefCell::new(Vec::new()),
        vertical: style.direction == Direction::Vertical,
        rules: style.rules,
    };
    let mut glyphs = Vec::with_capacity(text.len() / 2);
    let mut atoms = build_atoms(&ctx, &text, &span_starts, &mut glyphs);
    set_breaks(&ctx, &text, &mut atoms);
    if ctx.rules.cjk {
        trim_meeting_marks(&mut atoms);
    }
    set_gaps(&ctx, &mut atoms);
    let indent = style.first_line_indent_em * spans[0].size;
    allow_emergency_breaks(&mut atoms, measure - indent.max(0.0), ctx.rules.line_start);
    let metrics = Metrics::new(&atoms);
    let breaks = choose_breaks(&atoms, &metrics, style, measure, indent);
    build_lines(
        &ctx, &text, &atoms, &glyphs, &breaks, style, measure, indent,
    )
}

/// Whether the character at `i` is set as CJK: its block says so, or it is an ambiguous mark
/// (curly quote, dash, ellipsis) in CJK text whose rules set such marks full width, unless it
/// is an apostrophe inside a Latin word.
fn cjk_char(chars: &[(u32, char)], i: usize, rules: &Rules) -> bool {
    let c = chars[i].1;
    if is_cjk_block(c) {
        return true;
    }
    if !rules.full_width_ambiguous || !is_cjk_ambiguous(c) {
        return false;
    }
    if matches!(c, '’' | '‘') {
        let before = i > 0 && chars[i - 1].1.is_alphanumeric() && !is_cjk_block(chars[i - 1].1);
        let after = chars
            .get(i + 1)
            .is_some_and(|(_, n)| n.is_alphanumeric() && !is_cjk_block(*n));
        if before && after {
            return false;
        }
    }
    true
}

fn build_atoms(ctx: &Ctx, text: &str, span_starts: &[u32], glyphs: &mut Vec<Glyph>) -> Vec<Atom> {
    let chars: Vec<(u32, char)> = text.char_indices().map(|(i, c)| (i as u32, c)).collect();
    let chosen = choose_faces(ctx, &chars, span_starts);
    let mut atoms = Vec::with_capacity(chars.len());
    let mut buffer = Some(rustybuzz::UnicodeBuffer::new());
    let mut span = 0usize;
    let mut i = 0;
    while i < chars.len() {
        while chars[i].0 >= span_starts[span + 1] {
            span += 1;
        }
        let face = chosen[i].0;
        let is_cjk = cjk_char(&chars, i, &ctx.rules);
        let mut j = i + 1;
        if face == MISSING {
            // One placeholder for the whole cluster (an emoji sequence, a letter and its marks).
            while j < chars.len()
                && chars[j].0 < span_starts[span + 1]
                && chosen[j] == (MISSING, true)
            {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len() as u32, |c| c.0);
            push_placeholder(ctx, span, chars[i].0..end, &mut atoms, glyphs);
            i = j;
            continue;
        }
        while j < chars.len()
            && chars[j].0 < span_starts[span + 1]
            && cjk_char(&chars, j, &ctx.rules) == is_cjk
            && chosen[j].0 == face
        {
            j += 1;
        }
        let end = chars.get(j).map_or(text.len() as u32, |c| c.0);
        if is_cjk {
            push_cjk_atoms(ctx, span, face, &chars[i..j], end, &mut atoms, glyphs);
        } else {
            // In vertical text, short numbers inside the run are set upright (tate-chu-yoko);
            // the pieces between them are shaped and turned sideways as usual.
            let mut piece = i;
            let mut k = i;
            while k < j {
                let upright = (ctx.vertical && face == PRIMARY)
                    .then(|| tate_chu_yoko_end(&chars, k, j))
                    .flatten()
                    .and_then(|stop| {
                        let bytes = chars[k].0..chars.get(stop).map_or(end, |c| c.0);
                        Some((stop, tate_chu_yoko_atom(ctx, span, text, bytes)?))
                    });
                let Some((stop, (mut number, number_glyphs))) = upright else {
                    k += 1;
                    continue;
                };
                if piece < k {
                    buffer = Some(push_shaped_atoms(
                        ctx,
                        (span, face),
                        text,
                        chars[piece].0..chars[k].0,
                        buffer.take().unwrap_or_default(),
                        &mut atoms,
                        glyphs,
                    ));
                }
                let first_glyph = glyphs.len() as u32;
                glyphs.extend(number_glyphs);
                number.glyphs = first_glyph..glyphs.len() as u32;
                atoms.push(number);
                k = stop;
                piece = stop;
            }
            if piece < j {
                buffer = Some(push_shaped_atoms(
                    ctx,
                    (span, face),
                    text,
                    chars[piece].0..end,
                    buffer.take().unwrap_or_default(),
                    &mut atoms,
                    glyphs,
                ));
            }
        }
        i = j;
    }
    atoms
}

/// A character no face has: the span's face draws [`PLACEHOLDER`] in its place, one em wide
/// and upright like an ideograph, standing for the whole cluster `bytes` (the writers keep the
/// original text).
fn push_placeholder(
    ctx: &Ctx,
    span: usize,
    bytes: Range<u32>,
    atoms: &mut Vec<Atom>,
    glyphs: &mut Vec<Glyph>,
) {
    let face = &ctx.faces[span];
    let size = ctx.spans[span].size;
    let scale = size / face.upem;
    let (id, adv, across) = if ctx.vertical {
        face.upright_glyph(PLACEHOLDER)
    } else {
        let (id, adv) = face.glyph_and_advance(PLACEHOLDER);
        (id, adv, 0.0)
    };
    let g = glyphs.len() as u32;
    glyphs.push(Glyph {
        id,
        text: bytes.clone(),
        along: 0.0,
        across: across * scale,
        advance: adv * scale,
    });
    atoms.push(Atom::new(
        bytes,
        (span, MISSING),
        g..g + 1,
        Kind::Ideo,
        (PLACEHOLDER, PLACEHOLDER),
        size,
        adv * scale,
    ));
}

/// If a standalone run of one or two ASCII digits (`10月9日`, not `1952`, `3.5` or `A4`)
/// starts at `chars[k]` and ends by `limit`, the index just past it: vertical CJK text sets
/// such numbers upright across the line (tate-chu-yoko, 縦中横), as the EPUB does with
/// `text-combine-upright`; longer numbers stay sideways.
fn tate_chu_yoko_end(chars: &[(u32, char)], k: usize, limit: usize) -> Option<usize> {
    let joins_number = |c: Option<&(u32, char)>| {
        c.is_some_and(|&(_, c)| c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%'))
    };
    if !chars[k].1.is_ascii_digit() || (k > 0 && joins_number(chars.get(k - 1))) {
        return None;
    }
    let mut stop = k + 1;
    while stop < chars.len() && chars[stop].1.is_ascii_digit() {
        stop += 1;
    }
    (stop - k <= 2 && stop <= limit && !joins_number(chars.get(stop))).then_some(stop)
}

/// A tate-chu-yoko number as one upright atom a full em long, like an ideograph, its
/// digits side by side and centred across the line. A single digit keeps its proportional
/// width. Two proportional digits are wider than an em (about 1.1 em in Noto CJK), so they
/// take the face's half-width forms (`hwid`): glyphs drawn for the purpose, where squeezing
/// proportional ones would distort their strokes and need a scale the writer does not have.
/// Returns its glyphs apart (the atom's glyph range is left for the caller to set), or none
/// if the digits still do not fit an em (a face without `hwid`): the caller then sets them
/// sideways with their neighbours.
fn tate_chu_yoko_atom(
    ctx: &Ctx,
    span: usize,
    text: &str,
    bytes: Range<u32>,
) -> Option<(Atom, Vec<Glyph>)> {
    let face = &ctx.faces[span];
    let size = ctx.spans[span].size;
    let scale = size / face.upem;
    let digits = &text[bytes.start as usize..bytes.end as usize];
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(digits);
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    buffer.set_script(rustybuzz::script::LATIN);
    let shaped = if digits.len() == 1 {
        rustybuzz::shape_with_plan(&face.shaper, &face.latin_plan, buffer)
    } else {
        let hwid = rustybuzz::Feature::new(ttf_parser::Tag::from_bytes(b"hwid"), 1, ..);
        rustybuzz::shape(&face.shaper, &[hwid], buffer)
    };
    let (infos, positions) = (shaped.glyph_infos(), shaped.glyph_positions());
    let width: f32 = positions.iter().map(|p| p.x_advance as f32 * scale).sum();
    if infos.is_empty() || width > size * 1.001 {
        return None;
    }
    let mut glyphs = Vec::with_capacity(infos.len());
    let mut across = -width / 2.0;
    for (k, (info, p)) in infos.iter().zip(positions).enumerate() {
        // Each digit its own character, so that copying and searching see both.
        let start = bytes.start + info.cluster;
        let stop = match infos.get(k + 1) {
            Some(next) if next.cluster != info.cluster => bytes.start + next.cluster,
            Some(_) => start,
            None => bytes.end,
        };
        glyphs.push(Glyph {
            id: info.glyph_id as u16,
            text: start..stop,
            along: 0.0,
            across: across + p.x_offset as f32 * scale,
            // The digits share the em slot: each spans it, so the run ends where it does.
            advance: size,
        });
        across += p.x_advance as f32 * scale;
    }
    let first = digits.chars().next().unwrap_or('0');
    let last = digits.chars().next_back().unwrap_or('0');
    let atom = Atom::new(
        bytes,
        (span, PRIMARY),
        0..0,
        Kind::Ideo,
        (first, last),
        size,
        size,
    );
    Some((atom, glyphs))
}

/// Classifies a CJK character. The ideographic space is spaced like a letter: it is a blank
/// the width of one.
fn cjk_kind(c: char) -> Kind {
    if is_opening(c) {
        Kind::Open
    } else if is_closing(c) {
        Kind::Close
    } else if c != '\u{3000}' && (is_cjk_punct(c) || is_cjk_ambiguous(c)) {
        Kind::Mark
    } else {
        Kind::Ideo
    }
}

/// The blank a full-width mark may give up, in font units (`advance` is the glyph's): read
/// from its outline for brackets and, in corner style, stops; none for a centred stop; a
/// quarter em each side of a Japanese middle dot, colon or semicolon.
fn mark_blank(ctx: &Ctx, face: &FaceData, c: char, kind: Kind, advance: f32) -> Blank {
    if !ctx.rules.cjk {
        return Blank::default();
    }
    if ctx.rules.compress_middle_dots && is_middle_dot(c) && advance >= 0.9 * face.upem {
        let quarter = advance / 4.0;
        return Blank {
            start: quarter,
            end: quarter,
        };
    }
    if ctx.rules.punctuation == Punctuation::Centred && is_stop(c) {
        return Blank::default();
    }
    if matches!(kind, Kind::Open | Kind::Close) {
        face.blank(c, ctx.vertical)
    } else {
        Blank::default()
    }
}

/// CJK: one glyph per character, straight from the cmap and `hmtx` (horizontal) or from a
/// per-character cache of the upright forms (vertical).
fn push_cjk_atoms(
    ctx: &Ctx,
    span: usize,
    face_no: u16,
    chars: &[(u32, char)],
    end: u32,
    atoms: &mut Vec<Atom>,
    glyphs: &mut Vec<Glyph>,
) {
    let face = &ctx.face(span, face_no);
    let size = ctx.spans[span].size;
    let scale = size / face.upem;
    for (k, &(start, c)) in chars.iter().enumerate() {
        let stop = chars.get(k + 1).map_or(end, |n| n.0);
        let (id, adv, across) = if ctx.vertical {
            face.upright_glyph(c)
        } else {
            let (id, adv) = face.cjk_glyph_and_advance(c);
            (id, adv, 0.0)
        };
        let kind = cjk_kind(c);
        let blank = mark_blank(ctx, face, c, kind, adv);
        let adv = adv * scale;
        let g = glyphs.len() as u32;
        glyphs.push(Glyph {
            id,
            text: start..stop,
            along: 0.0,
            across: across * scale,
            advance: adv,
        });
        atoms.push(Atom {
            blank_start: blank.start * scale,
            blank_end: blank.end * scale,
            ..Atom::new(
                start..stop,
                (span, face_no),
                g..g + 1,
                kind,
                (c, c),
                size,
                adv,
            )
        });
    }
}

/// Shapes a non-CJK run with rustybuzz (left to right, kerning on; turned sideways by the
/// writer in vertical text) and makes one atom per cluster.
fn push_shaped_atoms(
    ctx: &Ctx,
    (span, face_no): (usize, u16),
    text: &str,
    run: Range<u32>,
    mut buffer: rustybuzz::UnicodeBuffer,
    atoms: &mut Vec<Atom>,
    glyphs: &mut Vec<Glyph>,
) -> rustybuzz::UnicodeBuffer {
    let face = &ctx.face(span, face_no);
    let size = ctx.spans[span].size;
    let scale = size / face.upem;
    buffer.push_str(&text[run.start as usize..run.end as usize]);
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    buffer.set_script(rustybuzz::script::LATIN);
    let shaped = rustybuzz::shape_with_plan(&face.shaper, &face.latin_plan, buffer);
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    if infos.is_empty() {
        // Everything was a default-ignorable the shaper dropped: keep the text on an
        // invisible, empty glyph so that it is still copied with its neighbours.
        let g = glyphs.len() as u32;
        glyphs.push(Glyph {
            id: face.glyph(' '),
            text: run.clone(),
            along: 0.0,
            across: 0.0,
            advance: 0.0,
        });
        let c = text[run.start as usize..].chars().next().unwrap_or(' ');
        atoms.push(Atom {
            rotated: ctx.vertical,
            ..Atom::new(
                run,
                (span, face_no),
                g..g + 1,
                Kind::Latin,
                (c, c),
                size,
                0.0,
            )
        });
        return shaped.clear();
    }
    let mut g = 0;
    while g < infos.len() {
        let cluster = infos[g].cluster;
        let mut h = g + 1;
        while h < infos.len() && infos[h].cluster == cluster {
            h += 1;
        }
        let start = run.start + cluster;
        let stop = infos.get(h).map_or(run.end, |i| run.start + i.cluster);
        let first_glyph = glyphs.len() as u32;
        let mut along = 0.0;
        let whitespace = text[start as usize..stop as usize].starts_with(char::is_whitespace);
        for k in g..h {
            let p = &positions[k];
            let mut advance = p.x_advance as f32 * scale;
            let mut id = infos[k].glyph_id as u16;
            if id == 0 && whitespace {
                // A tab or line feed the face has no glyph for: a space, not a `.notdef` box.
                id = face.glyph(' ');
                advance = face.h_advance(id) * scale;
            }
            glyphs.push(Glyph {
                id,
                text: if k == g { start..stop } else { stop..stop },
                along: along + p.x_offset as f32 * scale,
                across: p.y_offset as f32 * scale,
                advance,
            });
            along += advance;
        }
        let cluster_text = &text[start as usize..stop as usize];
        let first = cluster_text.chars().next().unwrap_or(' ');
        let last = cluster_text.chars().next_back().unwrap_or(' ');
        // In vertical text a space after upright text (a Korean word space) stays upright,
        // in the run of the words around it: it is invisible either way, and one run per
        // stretch of upright words keeps the line whole for text extraction.
        let upright_space = first.is_whitespace() && atoms.last().is_some_and(|a| !a.rotated);
        let kind = if first.is_whitespace() {
            Kind::Space
        } else {
            Kind::Latin
        };
        atoms.push(Atom {
            rotated: ctx.vertical && !upright_space,
            ..Atom::new(
                start..stop,
                (span, face_no),
                first_glyph..glyphs.len() as u32,
                kind,
                (first, last),
                size,
                along,
            )
        });
        g = h;
    }
    shaped.clear()
}

/// Break opportunities: UAX #14, then the CJK rules.
fn set_breaks(ctx: &Ctx, text: &str, atoms: &mut [Atom]) {
    let mut k = 0;
    for (offset, opportunity) in linebreaks(text) {
        let offset = offset as u32;
        while k < atoms.len() && atoms[k].text.end < offset {
            k += 1;
        }
        if k < atoms.len() && atoms[k].text.end == offset {
            atoms[k].brk = match opportunity {
                BreakOpportunity::Mandatory => Brk::Forced,
                BreakOpportunity::Allowed => Brk::Allowed,
            };
        }
    }
    if let Some(last) = atoms.last_mut() {
        last.brk = Brk::Forced;
    }
    for i in 0..atoms.len().saturating_sub(1) {
        if atoms[i].brk == Brk::Forced {
            continue;
        }
        let (a, b) = (&atoms[i], &atoms[i + 1]);
        if kinsoku_forbids(ctx.rules.line_start, a.last, b.first) {
            atoms[i].brk = Brk::Never;
        } else if ctx.rules.word_break == WordBreak::KeepAll
            && a.kind != Kind::Space
            && b.kind != Kind::Space
            && !matches!(a.last, '-' | '‐' | '–' | '—' | '\u{AD}')
        {
            // Korean: lines break at word spaces only; a word longer than the line is given
            // emergency breaks later.
            atoms[i].brk = Brk::Never;
        } else if ctx.rules.cjk
            && ((b.kind == Kind::Open && a.kind != Kind::Space)
                || (a.kind == Kind::Close && b.kind != Kind::Space))
        {
            // UAX #14 (before 15.1) forbids any break beside a curly quote (class QU); in CJK
            // text they are plain opening and closing marks, breakable outside.
            atoms[i].brk = Brk::Allowed;
        } else if a.kind == Kind::Latin
            && b.kind == Kind::Latin
            && atoms[i].brk == Brk::Allowed
            && !matches!(a.last, '-' | '‐' | '\u{AD}')
        {
            // Inside a Latin word, UAX #14 would break after `/` (`km/h`, URLs): only if the
            // word cannot be kept whole, and then there rather than between letters.
            atoms[i].brk = Brk::Emergency;
        }
    }
}

/// Whether a break between `a` and `b` would start a line with a closing mark (or, by the
/// strict rule, a small kana or iteration mark), end one with an opening mark, or split a
/// `——` or `……`.
fn kinsoku_forbids(line_start: LineStart, a: char, b: char) -> bool {
    is_no_start(b)
        || (line_start == LineStart::Strict && is_no_start_strict(b))
        || is_no_end(a)
        || (a == b && is_doubled_mark(a))
}

/// Where two full-width marks meet, one blank half goes: the first's trailing blank if it has
/// one (`。”`, `）（`), else the second's leading blank (`“《`).
fn trim_meeting_marks(atoms: &mut [Atom]) {
    for i in 0..atoms.len().saturating_sub(1) {
        let (left, right) = atoms.split_at_mut(i + 1);
        let (a, b) = (&mut left[i], &mut right[0]);
        if !matches!(a.kind, Kind::Open | Kind::Close)
            || !matches!(b.kind, Kind::Open | Kind::Close)
        {
            continue;
        }
        if a.blank_end > 0.0 {
            a.trim_end += a.blank_end;
            a.blank_end = 0.0;
        } else if b.blank_start > 0.0 {
            b.trim_start += b.blank_start;
            b.blank_start = 0.0;
        }
    }
}

/// The gap after each atom: CJK inter-character stretch, the CJK–Latin quarter em, and the
/// elasticity of spaces (carried by the gap after the space).
fn set_gaps(ctx: &Ctx, atoms: &mut [Atom]) {
    let cjk_stretch = match ctx.rules.justification {
        Justification::InterCharacter => CJK_STRETCH,
        Justification::InterWord => LETTER_STRETCH_INTER_WORD,
    };
    for i in 0..atoms.len().saturating_sub(1) {
        let (a, b) = (&atoms[i], &atoms[i + 1]);
        let em = a.size.max(b.size);
        let (gap, stretch, shrink) = if a.kind == Kind::Space {
            (0.0, a.adv * SPACE_STRETCH, a.adv * SPACE_SHRINK)
        } else if b.kind == Kind::Space || !ctx.rules.cjk {
            (0.0, 0.0, 0.0)
        } else if a.kind.is_cjk() && b.kind.is_cjk() {
            if a.last == b.first && is_doubled_mark(a.last) {
                (0.0, 0.0, 0.0)
            } else {
                (0.0, cjk_stretch * em, 0.0)
            }
        } else if ((a.kind == Kind::Ideo && b.kind == Kind::Latin && b.first.is_alphanumeric())
            || (a.kind == Kind::Latin && b.kind == Kind::Ideo && a.last.is_alphanumeric()))
            && (ctx.rules.autospace_hangul || !(is_hangul(a.last) || is_hangul(b.first)))
        {
            (
                AUTOSPACE * em,
                AUTOSPACE_STRETCH * em,
                AUTOSPACE_SHRINK * em,
            )
        } else if a.kind.is_cjk() || b.kind.is_cjk() {
            (0.0, cjk_stretch * em, 0.0)
        } else {
            (0.0, 0.0, 0.0)
        };
        let a = &mut atoms[i];
        a.gap = gap;
        a.stretch = stretch;
        a.shrink = shrink;
    }
}

/// Lets a long Latin token (a URL, a long word or number) break between any two atoms,
/// kinsoku permitting, at a high penalty, rather than overflow the line or leave it spread
/// wide open; and a run of marks wider than the line, kinsoku notwithstanding.
fn allow_emergency_breaks(atoms: &mut [Atom], narrowest: f32, line_start: LineStart) {
    // Tokens: runs of Latin atoms without a space.
    let mut start = 0;
    while start < atoms.len() {
        if atoms[start].kind != Kind::Latin {
            start += 1;
            continue;
        }
        let mut end = start;
        let mut width = atoms[start].width();
        let mut word = is_wordish(atoms[start].first);
        while end + 1 < atoms.len()
            && atoms[end + 1].kind == Kind::Latin
            && atoms[end].brk != Brk::Forced
        {
            width += atoms[end].gap + atoms[end + 1].width();
            end += 1;
            word &= is_wordish(atoms[end].first);
        }
        // A word breaks only when it cannot fit a line of its own (there is no hyphenation);
        // numbers, dates, addresses also when they would leave the line before them gaping.
        let limit = if word {
            narrowest
        } else {
            narrowest * LONG_TOKEN
        };
        if width > limit {
            for k in start..end {
                if atoms[k].brk == Brk::Never
                    && !kinsoku_forbids(line_start, atoms[k].last, atoms[k + 1].first)
                {
                    atoms[k].brk = Brk::Emergency;
                }
                // A little letter spacing, so a line of it can still be justified.
                if atoms[k].stretch == 0.0 {
                    atoms[k].stretch = EMERGENCY_STRETCH * atoms[k].size;
                }
            }
        }
        start = end + 1;
    }
    // Pieces no break may split that are still too wide (a run of marks, or marks glued to
    // a token) may break anywhere.
    let mut piece = 0.0;
    let mut piece_start = 0;
    for k in 0..atoms.len() {
        piece += atoms[k].width() + atoms[k].gap;
        if atoms[k].brk == Brk::Never && k + 1 < atoms.len() {
            continue;
        }
        if piece - atoms[k].gap > narrowest {
            for i in piece_start..k {
                if atoms[i].brk == Brk::Never
                    && !kinsoku_forbids(line_start, atoms[i].last, atoms[i + 1].first)
                {
                    atoms[i].brk = Brk::Emergency;
                }
            }
            // Kinsoku forbade every break in what is still too wide.
            let mut sub = 0.0;
            let mut sub_start = piece_start;
            for i in piece_start..=k {
                sub += atoms[i].width() + atoms[i].gap;
                if atoms[i].brk == Brk::Never && i < k {
                    continue;
                }
                if sub - atoms[i].gap > narrowest {
                    for atom in &mut atoms[sub_start..i] {
                        if atom.brk == Brk::Never {
                            atom.brk = Brk::Desperate;
                        }
                    }
                }
                sub = 0.0;
                sub_start = i + 1;
            }
        }
        piece = 0.0;
        piece_start = k + 1;
    }
}

/// Whether a character may be part of a word, as opposed to a number, a date or an address.
fn is_wordish(c: char) -> bool {
    !c.is_numeric()
        && !matches!(
            c,
            '/' | '@' | '=' | '?' | '&' | '#' | '_' | '~' | '%' | '+' | ':'
        )
}

/// Prefix sums over the atoms, so any line's natural width, stretch and shrink are O(1).
struct Metrics {
    /// `pos[i]`: sum of widths and gaps of atoms before `i`.
    pos: Vec<f32>,
    /// `stretch[i]`: stretch of the gaps before atom `i`.
    stretch: Vec<f32>,
    /// `shrink[i]`: shrink of the gaps and blanks before atom `i`.
    shrink: Vec<f32>,
}

impl Metrics {
    fn new(atoms: &[Atom]) -> Metrics {
        let n = atoms.len();
        let mut m = Metrics {
            pos: Vec::with_capacity(n + 1),
            stretch: Vec::with_capacity(n + 1),
            shrink: Vec::with_capacity(n + 1),
        };
        let (mut p, mut y, mut z) = (0.0f32, 0.0f32, 0.0f32);
        for a in atoms {
            m.pos.push(p);
            m.stretch.push(y);
            m.shrink.push(z);
            p += a.width() + a.gap;
            y += a.stretch;
            z += a.shrink + a.blank_start + a.blank_end;
        }
        m.pos.push(p);
        m.stretch.push(y);
        m.shrink.push(z);
        m
    }

    /// Natural width, stretch and shrink of the line of atoms `s..=e`, with the edge blanks
    /// trimmed (an opening mark's at the start unless `keep_start`, a closing mark's at the
    /// end) and a trailing space dropped.
    fn line(&self, atoms: &[Atom], s: usize, e: usize, keep_start: bool) -> (f32, f32, f32) {
        let start_trim = if keep_start {
            0.0
        } else {
            atoms[s].blank_start
        };
        let last = &atoms[e];
        let end_trim = if last.kind == Kind::Space {
            last.width()
        } else {
            last.blank_end
        };
        let width = self.pos[e] + last.width() - self.pos[s] - start_trim - end_trim;
        let stretch = self.stretch[e] - self.stretch[s];
        // Blanks of atoms s..=e plus gap shrinks of s..e; the edge blanks are already used.
        let shrink = self.shrink[e] - self.shrink[s] + last.blank_start + last.blank_end
            - start_trim
            - end_trim.min(last.blank_end);
        (width, stretch, shrink.max(0.0))
    }
}

/// A feasible break in the total-fit search.
struct Node {
    /// The line ends after this atom (`usize::MAX` for the paragraph start).
    end: usize,
    demerits: f64,
    prev: usize,
    /// Whether any line from here has been accepted (if none fits, an overfull one is).
    has_successor: bool,
}

/// Chooses where lines end (after which atoms), by total fit.
fn choose_breaks(
    atoms: &[Atom],
    metrics: &Metrics,
    style: &ParagraphStyle,
    measure: f32,
    indent: f32,
) -> Vec<usize> {
    let n = atoms.len();
    let justify = style.align == Align::Justify;
    // Ragged paragraphs of a few lines (headlines, captions) are balanced, like CSS
    // `text-wrap: balance`: their last line is judged like the others, so the lines come out
    // of even length instead of full lines and a stub.
    let balance = !justify && metrics.pos[n] < BALANCE_LINES * measure;
    let mut nodes = vec![Node {
        end: usize::MAX,
        demerits: 0.0,
        prev: usize::MAX,
        has_successor: false,
    }];
    let mut active: Vec<usize> = vec![0];
    let mut still: Vec<usize> = Vec::with_capacity(64);
    for j in 0..n {
        let brk = atoms[j].brk;
        if brk == Brk::Never {
            continue;
        }
        let last_line = j == n - 1;
        let penalty = match brk {
            Brk::Emergency => EMERGENCY_PENALTY,
            Brk::Desperate => DESPERATE_PENALTY,
            _ => 0.0,
        };
        let mut best: Option<(f64, usize)> = None;
        let mut decent_candidate = false;
        still.clear();
        for (idx, &a) in active.iter().enumerate() {
            let first_line = nodes[a].end == usize::MAX;
            let s = if first_line { 0 } else { nodes[a].end + 1 };
            let avail = if first_line {
                measure - indent
            } else {
                measure
            };
            let keep_start = first_line && indent > 0.0;
            let (width, stretch, shrink) = metrics.line(atoms, s, j, keep_start);
            let slack = avail - width;
            let overfull = slack < -0.01 && slack + shrink < -0.01;
            let badness = if overfull {
                f64::INFINITY
            } else if slack >= 0.0 {
                if (last_line && !balance) || (brk == Brk::Forced && !last_line) {
                    0.0
                } else if !justify || last_line {
                    // Ragged (a balanced paragraph): judged by how short the line falls.
                    let r = (slack / (RAGGED_STRETCH * atoms[j].size)) as f64;
                    (100.0 * r * r * r).min(MAX_BADNESS)
                } else {
                    // Justified. Not capped at TeX's 10 000: among very loose lines the less
                    // loose wins; a line that cannot stretch (a lone ideograph, an unbreakable
                    // token) counts as if a twentieth of an em could.
                    let r = (slack / stretch.max(MIN_STRETCH * atoms[j].size)) as f64;
                    (100.0 * r * r * r).min(MAX_BADNESS)
                }
            } else {
                let r = (-slack / shrink) as f64;
                (100.0 * r * r * r).min(10_000.0)
            };
            let mut demerits = if overfull {
                if nodes[a].has_successor {
                    None
                } else {
                    Some(OVERFULL)
                }
            } else {
                let base = 10.0 + badness;
                Some(base * base + penalty * penalty)
            };
            if let Some(d) = demerits.as_mut() {
                if last_line && justify && s > 0 && lonely(&atoms[s..=j]) {
                    *d += LONELY_LAST_LINE;
                }
                let total = nodes[a].demerits + *d;
                nodes[a].has_successor = true;
                if best.is_none_or(|(b, _)| total < b) {
                    best = Some((total, a));
                }
                decent_candidate |= badness <= TOLERANCE_BADNESS;
            }
            if !overfull && brk != Brk::Forced {
                still.push(a);
            }
            // Active nodes come in text order, so the lines from the rest are looser still:
            // once one is past tolerance, the rest cannot win.
            // (Only once a decent line was found: among bad lines the least bad one may come
            // from a node with far better demerits behind it.)
            if badness > TOLERANCE_BADNESS && decent_candidate && slack > 0.0 && !balance {
                if brk != Brk::Forced {
                    still.extend_from_slice(&active[idx + 1..]);
                }
                break;
            }
        }
        std::mem::swap(&mut active, &mut still);
        if let Some((demerits, prev)) = best {
            nodes.push(Node {
                end: j,
                demerits,
                prev,
                has_successor: false,
            });
            active.push(nodes.len() - 1);
        }
    }
    let mut ends = Vec::new();
    let mut k = nodes.len() - 1;
    if nodes[k].end != n - 1 {
        // Cannot happen (every breakpoint gets a node), but never drop the paragraph's tail.
        ends.push(n - 1);
    }
    while k != 0 {
        ends.push(nodes[k].end);
        k = nodes[k].prev;
    }
    ends.reverse();
    ends
}

/// Whether a last line would hold a single character and its closing marks (a 孤字).
fn lonely(line: &[Atom]) -> bool {
    line.iter()
        .filter(|a| !matches!(a.kind, Kind::Close | Kind::Mark))
        .count()
        <= 1
}

/// Natural width, stretch and shrink of a chosen line, edge blanks trimmed and a trailing space
/// dropped: what its justification is worked out from. [`Metrics::line`] gives the same
/// measures from prefix sums for the line search; summed here atom by atom, they may differ
/// from those in the last bits.
fn line_measures(line: &[Atom], keep_start: bool) -> (f32, f32, f32) {
    let (mut natural, mut stretch, mut shrink) = (0.0, 0.0, 0.0);
    let last = line.len() - 1;
    for (k, a) in line.iter().enumerate() {
        let cut_start = if k == 0 && !keep_start {
            a.blank_start
        } else {
            0.0
        };
        let cut_end = if k == last { a.blank_end } else { 0.0 };
        if k == last && a.kind == Kind::Space {
            continue;
        }
        natural += a.width() - cut_start - cut_end;
        shrink += a.blank_start - cut_start + a.blank_end - cut_end;
        if k < last {
            natural += a.gap;
            stretch += a.stretch;
            shrink += a.shrink;
        }
    }
    (natural, stretch, shrink)
}

/// Places the glyphs of each chosen line: edge trims, then justification.
#[allow(clippy::too_many_arguments)]
fn build_lines(
    ctx: &Ctx,
    text: &str,
    atoms: &[Atom],
    glyphs: &[Glyph],
    ends: &[usize],
    style: &ParagraphStyle,
    measure: f32,
    indent: f32,
) -> Vec<Line> {
    let mut lines = Vec::with_capacity(ends.len());
    let mut s = 0;
    for (line_no, &e) in ends.iter().enumerate() {
        let first_line = line_no == 0;
        let last_line = line_no + 1 == ends.len() || atoms[e].brk == Brk::Forced;
        let keep_start = first_line && indent > 0.0;
        let start_offset = if first_line { indent } else { 0.0 };
        let avail = measure - start_offset;
        let (natural, stretch, shrink) = line_measures(&atoms[s..=e], keep_start);
        let slack = avail - natural;
        let justify = style.align == Align::Justify && !last_line;
        // Share of each stretch or shrink unit the slack asks for.
        let (grow, squeeze) = if justify && slack > 0.0 && stretch > 0.0 {
            ((slack / stretch).min(MAX_SPREAD), 0.0)
        } else if slack < 0.0 && shrink > 0.0 {
            (0.0, (-slack / shrink).min(1.0))
        } else {
            (0.0, 0.0)
        };
        let used = natural + grow * stretch - squeeze * shrink;
        let align_offset = match style.align {
            Align::Center => ((avail - used) / 2.0).max(0.0),
            _ => 0.0,
        };
        let mut pen = start_offset + align_offset;
        let mut runs: Vec<GlyphRun> = Vec::new();
        let mut ascent: f32 = 0.0;
        let mut descent: f32 = 0.0;
        let mut run_text_start = 0u32;
        for k in s..=e {
            let a = &atoms[k];
            let span = a.span as usize;
            let cut_start = a.trim_start
                + if k == s && !keep_start {
                    a.blank_start
                } else {
                    a.blank_start * squeeze
                };
            let cut_end = a.trim_end
                + if k == e {
                    a.blank_end
                } else {
                    a.blank_end * squeeze
                };
            let trailing_space = k == e && a.kind == Kind::Space;
            let need_new_run = runs.last().is_none_or(|r| {
                r.size != a.size
                    || r.rotated != a.rotated
                    || atoms[k - 1].span != a.span
                    || atoms[k - 1].face != a.face
            });
            if need_new_run {
                run_text_start = a.text.start;
                // Line metrics come from the span's own face, so that a character from a
                // fallback face (with its own, taller ascender) never moves the line.
                let face = &ctx.faces[span];
                if ctx.vertical {
                    ascent = ascent.max(a.size / 2.0);
                    descent = descent.max(a.size / 2.0);
                } else {
                    ascent = ascent.max(face.ascent_em * a.size);
                    descent = descent.max(face.descent_em * a.size);
                }
                runs.push(GlyphRun {
                    face: ctx.face_value(span, a.face).clone(),
                    size: a.size,
                    pos: pen,
                    text: String::new(),
                    glyphs: Vec::new(),
                    rotated: a.rotated,
                    placeholder: a.face == MISSING,
                });
            }
            let run = runs.last_mut().expect("a run was pushed");
            let width = a.width() - (cut_start - a.trim_start) - (cut_end - a.trim_end);
            for g in &glyphs[a.glyphs.start as usize..a.glyphs.end as usize] {
                let single = a.glyphs.len() == 1;
                run.glyphs.push(PlacedGlyph {
                    id: g.id,
                    text: (g.text.start - run_text_start) as usize
                        ..(g.text.end - run_text_start) as usize,
                    pos: pen - run.pos + g.along - cut_start,
                    advance: if trailing_space {
                        0.0
                    } else if single {
                        g.advance - cut_start - cut_end
                    } else {
                        g.advance
                    },
                    cross_offset: g.across,
                });
            }
            if !trailing_space {
                pen += width;
                if k < e {
                    pen += a.gap + a.stretch * grow - a.shrink * squeeze;
                }
            }
            run.text
                .push_str(&text[a.text.start as usize..a.text.end as usize]);
        }
        // Exact sizes: a huge paragraph's lines are all held until the layout places them,
        // and the slack of grown vectors was most of their memory.
        for run in &mut runs {
            run.glyphs.shrink_to_fit();
            run.text.shrink_to_fit();
        }
        runs.shrink_to_fit();
        lines.push(Line {
            runs,
            width: pen,
            ascent,
            descent,
        });
        s = e + 1;
    }
    lines
}
