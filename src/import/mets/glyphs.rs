//! Characters OCR reads that no bundled face can print (`►` for a printed arrow, say): an
//! imported edition must build as PDF/A, which forbids missing glyphs, so each such character
//! becomes a look-alike the fonts have (or `?`), and every replacement is reported.

use std::collections::BTreeMap;

use crate::edition::Edition;
use crate::fonts::{FontSet, FontStyle};

/// Look-alikes for characters Noto CJK lacks and OCR produces; Fraktur OCR (OCR-D, the DFG
/// newspapers) keeps long s, r rotunda and the double hyphen, which modern type writes as
/// `s`, `r` and `-` (the small e above a vowel: see [`umlauts`]).
const LOOK_ALIKES: [(char, char); 11] = [
    ('ſ', 's'),
    ('ꝛ', 'r'),
    ('⸗', '-'),
    ('►', '▶'),
    ('◄', '◀'),
    ('▸', '▶'),
    ('◂', '◀'),
    ('➝', '→'),
    ('➔', '→'),
    ('✓', '√'),
    ('\u{FFFD}', '?'),
];

/// Replaces every character that neither the body nor the headline face of the edition's
/// language has; returns (character, replacement, count) per character replaced.
pub fn replace_uncovered(edition: &mut Edition, fonts: &FontSet) -> Vec<(char, char, usize)> {
    let region = edition.language.subtags().font_region();
    let (Ok(serif), Ok(sans)) = (
        fonts.face(FontStyle::Serif, region),
        fonts.face(FontStyle::SansBold, region),
    ) else {
        return Vec::new();
    };
    let (serif, sans) = (serif.ttf(), sans.ttf());
    let covered = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || (serif.glyph_index(c).is_some() && sans.glyph_index(c).is_some())
    };
    let mut counts: BTreeMap<char, (char, usize)> = BTreeMap::new();
    let mut fix = |s: &mut String| {
        if let Some(n) = umlauts(s).filter(|_| !covered(SMALL_E)) {
            counts.entry(SMALL_E).or_insert(('\u{0308}', 0)).1 += n;
        }
        if s.chars().all(covered) {
            return;
        }
        *s = s
            .chars()
            .map(|c| {
                if covered(c) {
                    return c;
                }
                let with = LOOK_ALIKES
                    .iter()
                    .find(|(k, _)| *k == c)
                    .map(|(_, v)| *v)
                    .filter(|v| covered(*v))
                    .unwrap_or('?');
                counts.entry(c).or_insert((with, 0)).1 += 1;
                with
            })
            .collect();
    };
    each_text(edition, &mut fix);
    counts
        .into_iter()
        .map(|(c, (with, n))| (c, with, n))
        .collect()
}

/// COMBINING LATIN SMALL LETTER E: early modern German's umlaut (`aͤ`), kept by Fraktur OCR.
const SMALL_E: char = '\u{0364}';

/// Writes each vowel with a small e above as the umlaut modern type uses (`Koͤnig` →
/// `König`): the diaeresis put in its place and the text composed (NFC), since the faces
/// have `ö` but not the combining e. Returns how many were written, `None` for none.
fn umlauts(s: &mut String) -> Option<usize> {
    use unicode_normalization::UnicodeNormalization;
    let n = s.matches(SMALL_E).count();
    if n == 0 {
        return None;
    }
    *s = s.replace(SMALL_E, "\u{0308}").nfc().collect();
    Some(n)
}

/// Calls `f` on every text of the edition: title, section titles, every article field and
/// every caption, credit and alt text.
pub fn each_text(edition: &mut Edition, f: &mut dyn FnMut(&mut String)) {
    f(&mut edition.title);
    for section in &mut edition.sections {
        f(&mut section.title);
        for a in &mut section.articles {
            f(&mut a.headline);
            for s in [
                &mut a.kicker,
                &mut a.subheadline,
                &mut a.byline,
                &mut a.dateline,
                &mut a.body,
            ]
            .into_iter()
            .flatten()
            {
                f(s);
            }
            for image in &mut a.images {
                for s in [&mut image.caption, &mut image.credit, &mut image.alt]
                    .into_iter()
                    .flatten()
                {
                    f(s);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_small_e_above_becomes_an_umlaut() {
        let mut s = "Koͤnig und Aͤrzte".to_string();
        assert_eq!(umlauts(&mut s), Some(2));
        assert_eq!(s, "König und Ärzte");
        assert_eq!(umlauts(&mut s), None);
    }
}
