//! Per-character fallback: which face sets each character, and the placeholder for characters
//! no face has (a string, a width, the exact runs).

use std::sync::OnceLock;

use super::*;
use crate::fonts::{FontSet, FontStyle, PLACEHOLDER};
use crate::locale::Region;

fn fonts() -> &'static FontSet {
    static SET: OnceLock<FontSet> = OnceLock::new();
    SET.get_or_init(|| FontSet::embedded().unwrap())
}

const SIZE: f32 = 10.0;

fn lines_in(text: &str, style: FontStyle, direction: Direction) -> Vec<Line> {
    let spans = [Span {
        text: text.into(),
        face: fonts().face(style, Region::TraditionalChinese).unwrap(),
        size: SIZE,
    }];
    let style = ParagraphStyle {
        first_line_indent_em: 0.0,
        direction,
        ..Default::default()
    };
    break_paragraph(&spans, &style, 40.0 * SIZE)
}

/// Each run of the first line as (its text, the file of its face, placeholder or not).
fn runs(text: &str, style: FontStyle) -> Vec<(String, &'static str, bool)> {
    lines_in(text, style, Direction::Horizontal)[0]
        .runs
        .iter()
        .map(|r| (r.text.clone(), r.face.file(), r.placeholder))
        .collect()
}

fn run(text: &str, file: &'static str, placeholder: bool) -> (String, &'static str, bool) {
    (text.to_string(), file, placeholder)
}

const SERIF: &str = "NotoSerifCJK-Regular.ttc";
const SANS: &str = "NotoSansCJK-Bold.ttc";

#[test]
fn text_the_own_face_covers_stays_in_one_run_of_it() {
    assert_eq!(
        runs("臺灣，①→②，α与CO2。", FontStyle::Serif),
        [run("臺灣，①→②，α与CO2。", SERIF, false)]
    );
}

#[test]
fn subscripts_come_from_the_latin_face_of_the_style() {
    assert_eq!(
        runs("CO₂排放", FontStyle::Serif),
        [
            run("CO", SERIF, false),
            run("₂", "NotoSerif-Regular.ttf", false),
            run("排放", SERIF, false)
        ]
    );
    assert_eq!(
        runs("CO₂排放", FontStyle::SansBold),
        [
            run("CO", SANS, false),
            run("₂", "NotoSans-Bold.ttf", false),
            run("排放", SANS, false)
        ]
    );
}

#[test]
fn signs_come_from_the_math_and_symbol_faces() {
    assert_eq!(
        runs("甲⟶乙✗", FontStyle::Serif),
        [
            run("甲", SERIF, false),
            run("⟶", "NotoSansMath-Regular.ttf", false),
            run("乙", SERIF, false),
            run("✗", "NotoSansSymbols2-Regular.ttf", false)
        ]
    );
}

#[test]
fn rare_ideographs_come_from_hanamin_b_set_one_em_like_their_neighbours() {
    let line = &lines_in("王𡏜之墓", FontStyle::Serif, Direction::Horizontal)[0];
    let files: Vec<&str> = line.runs.iter().map(|r| r.face.file()).collect();
    assert_eq!(files, [SERIF, "HanaMinB.ttf", SERIF]);
    let rare = &line.runs[1];
    assert_ne!(rare.glyphs[0].id, 0);
    assert_eq!(rare.glyphs[0].advance, SIZE);
    assert_eq!(line.width, 4.0 * SIZE);
    // Headlines fall back to the same face, in vertical text too.
    let vertical = &lines_in("王𡏜之墓", FontStyle::SansBold, Direction::Vertical)[0];
    assert_eq!(vertical.runs[1].face.file(), "HanaMinB.ttf");
    assert_ne!(vertical.runs[1].glyphs[0].id, 0);
    assert_eq!(vertical.width, 4.0 * SIZE);
}

#[test]
fn a_character_no_face_has_is_one_em_placeholder_keeping_its_text() {
    let line = &lines_in("记者\u{E000}某", FontStyle::Serif, Direction::Horizontal)[0];
    assert_eq!(
        line.runs
            .iter()
            .map(|r| (r.text.as_str(), r.placeholder))
            .collect::<Vec<_>>(),
        [("记者", false), ("\u{E000}", true), ("某", false)]
    );
    let placeholder = &line.runs[1];
    let own = fonts()
        .face(FontStyle::Serif, Region::TraditionalChinese)
        .unwrap();
    assert_eq!(
        placeholder.glyphs[0].id,
        own.ttf().glyph_index(PLACEHOLDER).unwrap().0
    );
    assert_eq!(placeholder.face.file(), SERIF);
    assert_eq!(placeholder.glyphs[0].advance, SIZE);
    assert_eq!(line.width, 4.0 * SIZE);
}

#[test]
fn an_emoji_sequence_is_one_placeholder_and_a_joiner_elsewhere_none() {
    let line = &lines_in(
        "看👩\u{200D}💻和😀\u{FE0F}。",
        FontStyle::Serif,
        Direction::Horizontal,
    )[0];
    let placeholders: Vec<(&str, usize)> = line
        .runs
        .iter()
        .filter(|r| r.placeholder)
        .flat_map(|r| r.glyphs.iter().map(|g| (&r.text[g.text.clone()], 1)))
        .collect();
    assert_eq!(
        placeholders,
        [("👩\u{200D}💻", 1), ("😀\u{FE0F}", 1)],
        "one glyph per sequence"
    );
    // A zero-width space is set with its neighbours, never as a placeholder.
    let line = &lines_in("甲\u{200B}乙", FontStyle::Serif, Direction::Horizontal)[0];
    assert!(line.runs.iter().all(|r| !r.placeholder));
}
