//! Per-face data the engine reads on every character, built once per face and process.
//!
//! Parsing a face for shaping (GSUB/GPOS lookups, shape plans) costs far more than setting a
//! short paragraph, so the parsed face, its best cmap subtable, the shape plans and the
//! punctuation blanks are kept in a process-wide cache keyed by the font bytes and face index.
//! The cache also keeps the font bytes alive, so a cached face can never outlive its data.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rustybuzz::ttf_parser;

use crate::fonts::{Face, FontBytes};

use super::chars::{is_closing, is_opening};

/// The trimmable blank of a full-width mark, in font units: the empty half of the em box the
/// font leaves before (`start`) or after (`end`) the ink along the line.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Blank {
    pub start: f32,
    pub end: f32,
}

/// What the vertical setting needs beyond the horizontal data.
pub(crate) struct VerticalData {
    /// Shape plan for upright CJK runs: top to bottom, `vert` forms, full-width marks.
    pub plan: rustybuzz::ShapePlan,
    /// Blanks of marks after `vert` substitution, along the vertical line.
    pub blanks: Vec<(char, Blank)>,
    /// Upright form of each BMP character met so far (see [`FaceData::upright_glyph`]),
    /// packed plus one (0: not shaped yet).
    glyphs: Box<[AtomicU64]>,
}

/// A face parsed for shaping and lookups, with tables derived from it.
pub(crate) struct FaceData {
    /// The face, parsed once; borrows the leaked font bytes.
    pub shaper: rustybuzz::Face<'static>,
    /// The best Unicode cmap subtable (format 12, else 4), found once.
    cmap: Option<ttf_parser::cmap::Subtable<'static>>,
    /// Units per em.
    pub upem: f32,
    /// Typographic ascender and descender (both positive), in ems: the ideographic em box.
    pub ascent_em: f32,
    pub descent_em: f32,
    /// Shape plan for Latin runs, left to right, kerning and ligatures on, proportional forms.
    pub latin_plan: rustybuzz::ShapePlan,
    /// Blanks of the full-width marks in horizontal text, sorted by character.
    pub blanks: Vec<(char, Blank)>,
    /// Full-width (`fwid`) glyph and advance of the marks Unicode leaves ambiguous (dashes,
    /// ellipses, quotes), which many faces map to proportional glyphs by default.
    full_width: Vec<(char, u16, f32)>,
    vertical: OnceLock<VerticalData>,
    /// Glyph and advance of each Basic Multilingual Plane character met so far, packed as
    /// `glyph << 16 | advance` plus one (0: not looked up yet). Lock-free: every thread that
    /// fills a slot writes the same value.
    bmp: Box<[AtomicU32]>,
}

type CacheEntry = (usize, u32, Arc<FaceData>);

static CACHE: Mutex<Vec<CacheEntry>> = Mutex::new(Vec::new());

/// The cached data of `face`, built on first use.
pub(crate) fn face_data(face: &Face) -> Arc<FaceData> {
    let key = face.key();
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, _, data)) = cache.iter().find(|(p, i, _)| (*p, *i) == key) {
        return data.clone();
    }
    let data = Arc::new(FaceData::new(face.shared_bytes(), face.index()));
    cache.push((key.0, key.1, data.clone()));
    data
}

impl FaceData {
    fn new(bytes: FontBytes, index: u32) -> FaceData {
        // Leaked on purpose: the cache lives as long as the process, and a `'static` borrow
        // lets the parsed face be stored beside its bytes without self-reference.
        let bytes: &'static FontBytes = Box::leak(Box::new(bytes));
        let data: &'static [u8] = (**bytes).as_ref();
        let shaper = rustybuzz::Face::from_slice(data, index).expect("face was parsed when loaded");
        let cmap = shaper.tables().cmap.and_then(|cmap| {
            let subtables = cmap.subtables;
            use ttf_parser::cmap::Format;
            let find = |twelve: bool| {
                subtables.into_iter().find(|s| {
                    s.is_unicode()
                        && match s.format {
                            Format::SegmentedCoverage(_) => twelve,
                            Format::SegmentMappingToDeltaValues(_) => !twelve,
                            _ => false,
                        }
                })
            };
            find(true).or_else(|| find(false))
        });
        let upem = shaper.units_per_em() as f32;
        let (ascent_em, descent_em) = match shaper.tables().os2 {
            Some(os2) => (
                os2.typographic_ascender() as f32 / upem,
                -(os2.typographic_descender() as f32) / upem,
            ),
            None => (
                shaper.ascender() as f32 / upem,
                -(shaper.descender() as f32) / upem,
            ),
        };
        // `pwid`: CJK faces map curly quotes to full-width glyphs; in a Latin word
        // (`don’t`) the proportional form is wanted.
        let latin_plan = rustybuzz::ShapePlan::new(
            &shaper,
            rustybuzz::Direction::LeftToRight,
            Some(rustybuzz::script::LATIN),
            None,
            &[rustybuzz::Feature::new(
                ttf_parser::Tag::from_bytes(b"pwid"),
                1,
                ..,
            )],
        );
        let mut face = FaceData {
            shaper,
            cmap,
            upem,
            ascent_em,
            descent_em,
            latin_plan,
            blanks: Vec::new(),
            full_width: Vec::new(),
            vertical: OnceLock::new(),
            bmp: (0..0x10000).map(|_| AtomicU32::new(0)).collect(),
        };
        face.full_width = face.full_width_marks();
        face.blanks = face.horizontal_blanks();
        face
    }

    /// The glyph of `c` from the cmap (0, `.notdef`, when the face lacks it).
    #[inline]
    pub fn glyph(&self, c: char) -> u16 {
        self.cmap
            .and_then(|s| s.glyph_index(c as u32))
            .map_or(0, |g| g.0)
    }

    /// The glyph of `c` and its horizontal advance in font units, from the cmap and `hmtx`
    /// (cached: this is the hot path for CJK text).
    #[inline]
    pub fn glyph_and_advance(&self, c: char) -> (u16, f32) {
        let Some(slot) = self.bmp.get(c as usize) else {
            let glyph = self.glyph(c);
            return (glyph, self.h_advance(glyph));
        };
        let packed = slot.load(Ordering::Relaxed);
        if packed != 0 {
            let packed = packed - 1;
            return ((packed >> 16) as u16, (packed & 0xFFFF) as f32);
        }
        let glyph = self.glyph(c);
        let advance = self.h_advance(glyph);
        if advance < 65535.0 {
            slot.store(
                ((glyph as u32) << 16 | advance as u32) + 1,
                Ordering::Relaxed,
            );
        }
        (glyph, advance)
    }

    /// The glyph and advance of a character set as CJK: the full-width form of an ambiguous
    /// mark, else the cmap's glyph.
    #[inline]
    pub fn cjk_glyph_and_advance(&self, c: char) -> (u16, f32) {
        if super::chars::is_cjk_ambiguous(c) {
            if let Some(&(_, glyph, advance)) = self.full_width.iter().find(|(k, _, _)| *k == c) {
                return (glyph, advance);
            }
        }
        self.glyph_and_advance(c)
    }

    /// A plan for shaping CJK characters one at a time in `direction`, full-width forms
    /// (`fwid`) on; top to bottom also applies `vert`.
    fn cjk_plan(&self, direction: rustybuzz::Direction) -> rustybuzz::ShapePlan {
        let fwid = rustybuzz::Feature::new(ttf_parser::Tag::from_bytes(b"fwid"), 1, ..);
        rustybuzz::ShapePlan::new(
            &self.shaper,
            direction,
            Some(rustybuzz::script::HAN),
            None,
            &[fwid],
        )
    }

    /// Shapes the single character `c` with a plan from [`Self::cjk_plan`] for `direction`.
    fn shape_cjk_char(
        &self,
        plan: &rustybuzz::ShapePlan,
        direction: rustybuzz::Direction,
        c: char,
    ) -> rustybuzz::GlyphBuffer {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(c.encode_utf8(&mut [0; 4]));
        buffer.set_direction(direction);
        buffer.set_script(rustybuzz::script::HAN);
        rustybuzz::shape_with_plan(&self.shaper, plan, buffer)
    }

    /// Shapes each ambiguous mark with `fwid` on.
    fn full_width_marks(&self) -> Vec<(char, u16, f32)> {
        let horizontal = rustybuzz::Direction::LeftToRight;
        let plan = self.cjk_plan(horizontal);
        let mut marks = Vec::new();
        for c in "“”‘’…‥—―※".chars() {
            let shaped = self.shape_cjk_char(&plan, horizontal, c);
            if let ([info], [pos]) = (shaped.glyph_infos(), shaped.glyph_positions()) {
                if info.glyph_id != 0 {
                    marks.push((c, info.glyph_id as u16, pos.x_advance as f32));
                }
            }
        }
        marks
    }

    /// Horizontal advance of a glyph, in font units.
    #[inline]
    pub fn h_advance(&self, glyph: u16) -> f32 {
        self.shaper
            .glyph_hor_advance(ttf_parser::GlyphId(glyph))
            .unwrap_or(0) as f32
    }

    /// The blank of a mark in horizontal text (zero for anything else).
    #[inline]
    pub fn blank(&self, c: char, vertical: bool) -> Blank {
        let table = if vertical {
            &self.vertical().blanks
        } else {
            &self.blanks
        };
        table
            .binary_search_by_key(&c, |(k, _)| *k)
            .map_or(Blank::default(), |i| table[i].1)
    }

    /// The vertical data, built on first use.
    pub fn vertical(&self) -> &VerticalData {
        self.vertical.get_or_init(|| {
            let plan = self.cjk_plan(rustybuzz::Direction::TopToBottom);
            let blanks = self.vertical_blanks(&plan);
            VerticalData {
                plan,
                blanks,
                glyphs: (0..0x10000).map(|_| AtomicU64::new(0)).collect(),
            }
        })
    }

    /// The upright glyph of `c` in vertical text (`vert` and `fwid` applied), its advance
    /// down the line and the offset of its horizontal origin from the line's axis, in font
    /// units. `vert` is a single substitution, so a character's form never depends on its
    /// neighbours and can be cached per character.
    pub fn upright_glyph(&self, c: char) -> (u16, f32, f32) {
        let vertical = self.vertical();
        let slot = vertical.glyphs.get(c as usize);
        if let Some(packed) = slot.map(|s| s.load(Ordering::Relaxed)).filter(|&p| p != 0) {
            let packed = packed - 1;
            return (
                (packed >> 32) as u16,
                (packed >> 16 & 0xFFFF) as u16 as f32,
                (packed & 0xFFFF) as u16 as i16 as f32,
            );
        }
        let shaped = self.shape_cjk_char(&vertical.plan, rustybuzz::Direction::TopToBottom, c);
        let (glyph, advance, offset) = match (shaped.glyph_infos(), shaped.glyph_positions()) {
            ([info, ..], [pos, ..]) => (
                info.glyph_id as u16,
                (-pos.y_advance).clamp(0, 0xFFFE),
                pos.x_offset.clamp(i16::MIN as i32, i16::MAX as i32),
            ),
            _ => (0, 0, 0),
        };
        if let Some(slot) = slot {
            let packed =
                (glyph as u64) << 32 | (advance as u64) << 16 | (offset as i16 as u16 as u64);
            slot.store(packed + 1, Ordering::Relaxed);
        }
        (glyph, advance as f32, offset as f32)
    }

    /// Which marks leave their first or last half blank, read from the glyph outlines: this
    /// is what differs between the Simplified (`，。` at the bottom left) and Traditional
    /// (centred, so not trimmable) faces.
    fn horizontal_blanks(&self) -> Vec<(char, Blank)> {
        let mut blanks = Vec::new();
        for c in marks() {
            let (glyph, adv) = self.cjk_glyph_and_advance(c);
            if glyph == 0 || adv < 0.9 * self.upem {
                continue;
            }
            let Some(bbox) = self.shaper.glyph_bounding_box(ttf_parser::GlyphId(glyph)) else {
                continue;
            };
            let mut blank = Blank::default();
            if is_closing(c) && (bbox.x_max as f32) <= adv * 0.55 {
                blank.end = adv / 2.0;
            }
            if is_opening(c) && (bbox.x_min as f32) >= adv * 0.45 {
                blank.start = adv / 2.0;
            }
            if blank != Blank::default() {
                blanks.push((c, blank));
            }
        }
        blanks.sort_by_key(|(c, _)| *c);
        blanks
    }

    /// The same for the `vert` forms along a vertical line (ink near the top leaves the
    /// bottom half blank, and so on).
    fn vertical_blanks(&self, plan: &rustybuzz::ShapePlan) -> Vec<(char, Blank)> {
        let mut blanks = Vec::new();
        for c in marks() {
            let shaped = self.shape_cjk_char(plan, rustybuzz::Direction::TopToBottom, c);
            let (Some(info), Some(pos)) = (
                shaped.glyph_infos().first(),
                shaped.glyph_positions().first(),
            ) else {
                continue;
            };
            let glyph = ttf_parser::GlyphId(info.glyph_id as u16);
            let adv = -(pos.y_advance as f32);
            if info.glyph_id == 0 || adv < 0.9 * self.upem {
                continue;
            }
            let Some(bbox) = self.shaper.glyph_bounding_box(glyph) else {
                continue;
            };
            // The em box runs from the vertical origin (`-y_offset` above the baseline) down.
            let top = -(pos.y_offset as f32);
            let ink_from = top - bbox.y_max as f32;
            let ink_to = top - bbox.y_min as f32;
            let mut blank = Blank::default();
            if is_closing(c) && ink_to <= adv * 0.55 {
                blank.end = adv / 2.0;
            }
            if is_opening(c) && ink_from >= adv * 0.45 {
                blank.start = adv / 2.0;
            }
            if blank != Blank::default() {
                blanks.push((c, blank));
            }
        }
        blanks.sort_by_key(|(c, _)| *c);
        blanks
    }
}

/// Every opening or closing mark [`crate::script`] knows, so that a mark added there gets its
/// blanks measured here too. They all lie between `‘` (U+2018) and `｠` (U+FF60); scanning
/// that range costs well under a millisecond, once per face.
fn marks() -> impl Iterator<Item = char> {
    ('\u{2018}'..='\u{FF60}').filter(|&c| is_opening(c) || is_closing(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_every_opening_and_closing_mark() {
        let marks: String = marks().collect();
        assert_eq!(marks.chars().count(), 38);
        for c in "（「《“｟）」》”｠，。、．：；？！‘’".chars() {
            assert!(marks.contains(c), "{c}");
        }
        // Nothing outside the scanned range is a mark.
        for c in ('\0'..'\u{2018}').chain('\u{FF61}'..=char::MAX) {
            assert!(!is_opening(c) && !is_closing(c), "{c}");
        }
    }
}
