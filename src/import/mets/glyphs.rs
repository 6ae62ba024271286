//! Characters OCR reads that no bundled face can print (`►` for a printed arrow, say): an
//! imported edition must build as PDF/A, which forbids missing glyphs, so each such character
//! becomes a look-alike the fonts have (or `?`), and every replacement is reported.

use std::collections::BTreeMap;

use crate::edition::Edition;
use crate::fonts::{FontSet, FontStyle};

/// Look-alikes for characters Noto CJK lacks and OCR produces.
const LOOK_ALIKES: [(char, char); 8] = [
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
