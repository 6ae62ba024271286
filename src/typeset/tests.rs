//! Rule-by-rule tests: given a string and a width, the exact lines.

use std::sync::OnceLock;

use super::*;
use crate::fonts::{FontSet, FontStyle};
use crate::locale::Region;

pub(super) fn fonts() -> &'static FontSet {
    static SET: OnceLock<FontSet> = OnceLock::new();
    SET.get_or_init(|| FontSet::embedded().unwrap())
}

pub(super) fn face(style: FontStyle, region: Region) -> Face {
    fonts().face(style, region).unwrap()
}

pub(super) fn sc() -> Face {
    face(FontStyle::Serif, Region::SimplifiedChinese)
}

pub(super) const SIZE: f32 = 10.0;

pub(super) fn para(text: &str, style: &ParagraphStyle, ems: f32) -> Vec<Line> {
    let spans = [Span {
        text: text.into(),
        face: sc(),
        size: SIZE,
    }];
    break_paragraph(&spans, style, ems * SIZE)
}

pub(super) fn no_indent() -> ParagraphStyle {
    ParagraphStyle {
        first_line_indent_em: 0.0,
        ..Default::default()
    }
}

pub(super) fn texts(lines: &[Line]) -> Vec<String> {
    lines.iter().map(Line::text).collect()
}

/// Each glyph as (its text, position on the line, advance), rounded to 0.01 pt.
pub(super) fn placed(line: &Line) -> Vec<(String, f32, f32)> {
    let round = |x: f32| (x * 100.0).round() / 100.0;
    line.runs
        .iter()
        .flat_map(|r| {
            r.glyphs.iter().map(move |g| {
                (
                    r.text[g.text.clone()].to_string(),
                    round(r.pos + g.pos),
                    round(g.advance),
                )
            })
        })
        .collect()
}

/// The glyph standing for `c` on `line` (the first one).
pub(super) fn glyph_of(line: &Line, c: &str) -> (f32, f32) {
    let found = placed(line).into_iter().find(|(t, _, _)| t == c);
    let (_, pos, adv) = found.unwrap_or_else(|| panic!("no glyph for {c} in {:?}", line.text()));
    (pos, adv)
}

#[test]
fn ideographs_fill_lines_one_em_each() {
    let lines = para("一二三四五六七八九十甲乙丙丁", &no_indent(), 5.0);
    assert_eq!(texts(&lines), ["一二三四五", "六七八九十", "甲乙丙丁"]);
    for (i, (_, pos, adv)) in placed(&lines[0]).into_iter().enumerate() {
        assert_eq!((pos, adv), (i as f32 * 10.0, 10.0));
    }
    assert_eq!(lines[0].width, 50.0);
    assert_eq!(lines[2].width, 40.0, "the last line is ragged");
}

#[test]
fn first_line_is_indented_two_ems() {
    let lines = para("一二三四五六七八", &ParagraphStyle::default(), 5.0);
    assert_eq!(texts(&lines), ["一二三", "四五六七八"]);
    assert_eq!(glyph_of(&lines[0], "一"), (20.0, 10.0));
    assert_eq!(glyph_of(&lines[1], "四"), (0.0, 10.0));
}

#[test]
fn no_line_starts_with_a_closing_mark() {
    // `五。` would put the stop at the start of line 2: the line ends a character early.
    let lines = para("一二三四五。六七", &no_indent(), 5.0);
    assert_eq!(texts(&lines), ["一二三四", "五。六七"]);
    // The short line is justified: 4 ideographs spread over 5 em, even gaps.
    let pos: Vec<f32> = placed(&lines[0]).iter().map(|g| g.1).collect();
    assert_eq!(pos, [0.0, 13.33, 26.67, 40.0]);
    let lines = para("一二三四五”。六七", &no_indent(), 5.0);
    assert_eq!(texts(&lines), ["一二三四", "五”。六七"]);
}

#[test]
fn no_line_ends_with_an_opening_mark() {
    let lines = para("一二三（四五", &no_indent(), 4.0);
    assert_eq!(texts(&lines), ["一二三", "（四五"]);
    let lines = para("一二三“四五", &no_indent(), 4.0);
    assert_eq!(texts(&lines), ["一二三", "“四五"]);
}

#[test]
fn dashes_and_ellipses_stay_whole() {
    let lines = para("一二三——四五", &no_indent(), 4.0);
    assert_eq!(texts(&lines), ["一二三", "——四五"]);
    let lines = para("一二三四……五六", &no_indent(), 5.0);
    assert_eq!(texts(&lines), ["一二三", "四……五六"]);
}

#[test]
fn marks_that_meet_take_half_an_em() {
    let lines = para("一。”二）（三", &no_indent(), 20.0);
    let line = &lines[0];
    assert_eq!(glyph_of(line, "。"), (10.0, 5.0));
    assert_eq!(glyph_of(line, "”"), (15.0, 10.0));
    assert_eq!(glyph_of(line, "二"), (25.0, 10.0));
    assert_eq!(glyph_of(line, "）"), (35.0, 5.0));
    assert_eq!(glyph_of(line, "（"), (40.0, 10.0));
    // Two opening marks: the second's leading blank goes (its glyph is drawn half an em left).
    let lines = para("一“《二", &no_indent(), 20.0);
    assert_eq!(glyph_of(&lines[0], "《"), (15.0, 5.0));
    assert_eq!(glyph_of(&lines[0], "二"), (25.0, 10.0));
}

#[test]
fn line_edges_trim_the_blank_half_of_marks() {
    // Line 1 ends with `，` set half width; line 2 starts with `“` set half width (its glyph
    // origin half an em left of the margin, the ink flush with it).
    let lines = para("一二三四，“五六七八”", &no_indent(), 5.0);
    assert_eq!(texts(&lines), ["一二三四，", "“五六七八”"]);
    assert_eq!(glyph_of(&lines[0], "，"), (45.0, 5.0));
    assert_eq!(lines[0].width, 50.0);
    assert_eq!(glyph_of(&lines[1], "“"), (-5.0, 5.0));
    assert_eq!(glyph_of(&lines[1], "五"), (5.0, 10.0));
    assert_eq!(glyph_of(&lines[1], "”"), (45.0, 5.0));
}

#[test]
fn traditional_chinese_centred_stops_are_not_trimmed() {
    let tc = face(FontStyle::Serif, Region::TraditionalChinese);
    let spans = [Span {
        text: "一二三，四。」五".into(),
        face: tc,
        size: SIZE,
    }];
    let lines = break_paragraph(&spans, &no_indent(), 40.0);
    assert_eq!(texts(&lines), ["一二三，", "四。」五"]);
    assert_eq!(
        glyph_of(&lines[0], "，"),
        (30.0, 10.0),
        "a centred comma keeps its full em"
    );
    assert_eq!(
        glyph_of(&lines[1], "。"),
        (10.0, 10.0),
        "a centred stop is not squeezed"
    );
    // The bracket after it is drawn from the font's full-width glyph.
    assert_eq!(glyph_of(&lines[1], "」").1, 10.0);
}

#[test]
fn a_quarter_em_between_cjk_and_latin() {
    let lines = para("中文LED显示", &no_indent(), 20.0);
    let line = &lines[0];
    let (l_pos, _) = glyph_of(line, "L");
    assert_eq!(l_pos, 22.5);
    let (d_pos, d_adv) = glyph_of(line, "D");
    let (xian, _) = glyph_of(line, "显");
    assert!((xian - (d_pos + d_adv + 2.5)).abs() < 0.01);
    // Digits too; but not where the source has a space, nor beside punctuation.
    let lines = para("共2491家", &no_indent(), 20.0);
    assert_eq!(glyph_of(&lines[0], "2").0, 12.5);
    let lines = para("中 LED，A", &no_indent(), 20.0);
    let (space_pos, space_adv) = glyph_of(&lines[0], " ");
    assert_eq!(space_pos, 10.0);
    assert!((glyph_of(&lines[0], "L").0 - (10.0 + space_adv)).abs() < 0.02);
    let (comma, _) = glyph_of(&lines[0], "，");
    assert_eq!(glyph_of(&lines[0], "A").0, comma + 10.0);
}

#[test]
fn justification_spreads_space_and_never_compresses_ideographs() {
    let lines = para("一二三四五六七八九十甲乙丙丁", &no_indent(), 5.5);
    assert_eq!(texts(&lines), ["一二三四五", "六七八九十", "甲乙丙丁"]);
    let pos: Vec<f32> = placed(&lines[0]).iter().map(|g| g.1).collect();
    assert_eq!(pos, [0.0, 11.25, 22.5, 33.75, 45.0]);
    assert!(placed(&lines[0]).iter().all(|g| g.2 == 10.0));
    assert_eq!(lines[0].width, 55.0);
    // A tight line is squeezed at its punctuation, not its ideographs.
    let lines = para("一二，三四", &no_indent(), 4.5);
    assert_eq!(texts(&lines), ["一二，三四"]);
    assert_eq!(glyph_of(&lines[0], "，"), (20.0, 5.0));
    assert_eq!(lines[0].width, 45.0);
}

#[test]
fn latin_words_break_only_at_spaces() {
    let lines = para("示例 typesetting engine works well 文字", &no_indent(), 8.0);
    let got = texts(&lines);
    assert_eq!(got.concat(), "示例 typesetting engine works well 文字");
    for line in &got {
        for word in ["typesetting", "engine", "works"] {
            let cut =
                (1..word.len()).any(|k| line.ends_with(&word[..k]) || line.starts_with(&word[k..]));
            assert!(!cut || line.contains(word), "{word} split in {got:?}");
        }
    }
    assert!(lines.iter().all(|l| l.width <= 80.01), "{got:?}");
}

#[test]
fn an_over_long_url_breaks_anywhere_rather_than_overflow() {
    let url = "https://www.example.com/articles/2022/01/03/a-very-long-path-that-cannot-fit.html";
    let text = format!("详见{url}。");
    let lines = para(&text, &no_indent(), 10.0);
    assert_eq!(texts(&lines).concat(), text);
    assert!(lines.len() >= 3, "{:?}", texts(&lines));
    for line in &lines {
        assert!(
            line.width <= 100.01,
            "{:?} is {} wide: {:?}",
            line.text(),
            line.width,
            texts(&lines)
        );
        let first = line.text().chars().next().unwrap();
        assert!(!chars::is_no_start(first), "{:?}", line.text());
    }
}

#[test]
fn digit_groups_stay_together() {
    let lines = para("一二三四五六2021年", &no_indent(), 8.0);
    assert_eq!(texts(&lines), ["一二三四五六", "2021年"]);
}

#[test]
fn latin_is_kerned() {
    let lines = para("AVAVAV", &no_indent(), 50.0);
    let unkerned: f32 = {
        let face = sc();
        let ttf = face.ttf();
        let scale = SIZE / ttf.units_per_em() as f32;
        "AVAVAV"
            .chars()
            .map(|c| ttf.glyph_hor_advance(ttf.glyph_index(c).unwrap()).unwrap() as f32 * scale)
            .sum()
    };
    assert!(
        lines[0].width < unkerned - 1.0,
        "{} vs {unkerned}",
        lines[0].width
    );
}

#[test]
fn alignment_start_and_center() {
    let start = ParagraphStyle {
        align: Align::Start,
        ..no_indent()
    };
    let lines = para(
        "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅",
        &start,
        5.5,
    );
    let want = [
        "一二三四五",
        "六七八九十",
        "甲乙丙丁戊",
        "己庚辛壬癸",
        "子丑寅",
    ];
    assert_eq!(texts(&lines), want);
    assert_eq!(placed(&lines[0]).last().unwrap().1, 40.0, "not spread");
    // Short ragged paragraphs are balanced (see below).
    let lines = para("一二三四五六七", &start, 5.5);
    assert_eq!(texts(&lines), ["一二三", "四五六七"]);
    let center = ParagraphStyle {
        align: Align::Center,
        ..no_indent()
    };
    let lines = para("一二三", &center, 5.0);
    assert_eq!(glyph_of(&lines[0], "一").0, 10.0);
    assert_eq!(lines[0].width, 40.0);
}

#[test]
fn mixed_spans_keep_faces_and_text() {
    let sans = face(FontStyle::SansBold, Region::SimplifiedChinese);
    let spans = [
        Span {
            text: "本报乌海1月2日电 ".into(),
            face: sans,
            size: SIZE,
        },
        Span {
            text: "（记者 郝飚）“没想到只需在网上提交申请材料，就完成了。”".into(),
            face: sc(),
            size: SIZE,
        },
    ];
    let lines = break_paragraph(&spans, &ParagraphStyle::default(), 100.0);
    let all: String = lines.iter().map(Line::text).collect();
    assert_eq!(all, format!("{}{}", spans[0].text, spans[1].text));
    let mut families: Vec<&str> = lines
        .iter()
        .flat_map(|l| &l.runs)
        .map(|r| r.face.family())
        .collect();
    families.dedup();
    assert_eq!(families, ["Noto Sans CJK SC", "Noto Serif CJK SC"]);
    // Both faces set the same em: the dateline's glyphs and the body's share one grid.
    assert_eq!(lines[1].runs.len(), 2, "{:?}", texts(&lines));
}

/// Every paragraph of the sample edition at several measures: every character covered by
/// exactly one glyph in order, no kinsoku violation, no line wider than the measure,
/// ideographs never narrowed, glyphs in order along the line.
#[test]
fn the_sample_edition_obeys_every_rule() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/nmg-2022-01-03/edition.yaml");
    let edition = crate::edition::load(&path, &Default::default()).unwrap();
    let mut paragraphs = Vec::new();
    for section in &edition.sections {
        for article in &section.articles {
            for p in article.body.as_deref().unwrap_or("").split("\n\n") {
                if !p.trim().is_empty() {
                    paragraphs.push(p.trim().replace('\n', ""));
                }
            }
        }
    }
    assert!(paragraphs.len() > 20);
    for ems in [7.0, 12.5, 21.0, 33.0] {
        for text in &paragraphs {
            check_rules(text, &ParagraphStyle::default(), ems);
        }
    }
}

/// Long Latin words, URLs, digit groups, mixed quotes and brackets, at many measures.
#[test]
fn tricky_paragraphs_obey_every_rule() {
    let paragraphs = [
        "详见https://www.nmgrb.com.cn/articles/2022/01/03/content_123456789.html（访问于2022年1月3日）。",
        "德语词Donaudampfschifffahrtsgesellschaftskapitän很长，英文词antidisestablishmentarianism也很长。",
        "他说：“‘三民’活动是‘我为群众办实事’的具体体现。”随后，《人民日报》（海外版）【评论】指出……",
        "数字1,234,567.89、百分比31.8%、温度-12.5℃、比分87比86、时间18:30、电话0471-6659999都不应断开。",
        "He said, “It’s a ‘great’ day—really!” Then (quietly) left; the end... 然后他走了——走得很远。",
        "「一」『二』〔三〕〈四〉《五》【六】（七）“八”‘九’！十？百：千；万，亿。兆、京……——",
        "PM2.5浓度30微克/立方米，同比改善了31.8%，改善幅度在168个重点城市中名列第一；WCBA总冠军。",
        "“没想到只需在网上提交申请材料，我就完成了养老金申领，真是太方便了。”",
    ];
    for text in paragraphs {
        for tenth_ems in (30..=300).step_by(7) {
            if tenth_ems >= 50 {
                check_rules(text, &ParagraphStyle::default(), tenth_ems as f32 / 10.0);
            }
            check_rules(text, &no_indent(), tenth_ems as f32 / 10.0);
            if tenth_ems >= 50 {
                let vertical = ParagraphStyle {
                    direction: Direction::Vertical,
                    ..no_indent()
                };
                check_rules(text, &vertical, tenth_ems as f32 / 10.0);
            }
        }
    }
}

/// Every character covered by exactly one glyph, in order; no line starting with a closing
/// mark or ending with an opening one (except where a glyph alone is wider than the line);
/// no line wider than the measure; ideographs never narrowed; glyphs in order along the line.
fn check_rules(text: &str, style: &ParagraphStyle, ems: f32) {
    let lines = para(text, style, ems);
    let mut all = String::new();
    for (n, line) in lines.iter().enumerate() {
        let t = line.text();
        let (first, last) = (
            t.chars().next().unwrap(),
            t.trim_end().chars().last().unwrap(),
        );
        let fits = ems >= 1.0;
        assert!(
            !fits || !chars::is_no_start(first) || n == 0,
            "line starts with {first}: {t} at {ems} em"
        );
        assert!(
            !fits || !chars::is_no_end(last) || n + 1 == lines.len(),
            "line ends with {last}: {t} at {ems} em"
        );
        let widest_glyph = line
            .runs
            .iter()
            .flat_map(|r| &r.glyphs)
            .map(|g| g.advance)
            .fold(0.0, f32::max);
        let indent = if n == 0 {
            style.first_line_indent_em * SIZE
        } else {
            0.0
        };
        assert!(
            line.width <= ems * SIZE + 0.01 || line.width <= indent + widest_glyph + 0.01,
            "{t} is {} wide at {ems} em",
            line.width
        );
        let mut prev = f32::MIN;
        for run in &line.runs {
            let mut covered = 0;
            for g in &run.glyphs {
                assert_eq!(g.text.start, covered, "glyph ranges partition the run text");
                covered = g.text.end;
                assert!(run.pos + g.pos >= prev - 5.01, "glyphs go forward in {t}");
                prev = run.pos + g.pos;
                let c = run.text[g.text.clone()].chars().next().unwrap_or(' ');
                if chars::is_cjk_block(c) && c.is_alphabetic() {
                    assert_eq!(g.advance, 10.0, "ideograph {c} kept whole");
                }
            }
            assert_eq!(covered, run.text.len());
        }
        all.push_str(&t);
    }
    assert_eq!(all, text);
}

#[test]
fn a_single_character_is_kept_off_the_last_line() {
    // 25 ideographs at 12 em would leave `辰` alone; line 2 gives one up instead.
    let text = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰";
    let lines = para(text, &no_indent(), 12.0);
    let got = texts(&lines);
    let counts: Vec<usize> = got.iter().map(|l| l.chars().count()).collect();
    assert_eq!(counts.len(), 3, "{got:?}");
    assert_eq!(counts[0] + counts[1], 23, "{got:?}");
    assert_eq!(counts[2], 2, "{got:?}");
}

#[test]
fn vertical_text_uses_vert_forms_and_rotates_latin() {
    let style = ParagraphStyle {
        direction: Direction::Vertical,
        align: Align::Start,
        ..no_indent()
    };
    let lines = para("一二，三。”LED五", &style, 5.0);
    assert_eq!(texts(&lines), ["一二，三。”", "LED五"]);
    let horizontal = para("一二，三。”LED五", &no_indent(), 20.0);
    let ids = |line: &Line, c: &str| {
        line.runs
            .iter()
            .flat_map(|r| {
                r.glyphs
                    .iter()
                    .filter(move |g| &r.text[g.text.clone()] == c)
            })
            .map(|g| g.id)
            .next()
            .unwrap()
    };
    assert_ne!(
        ids(&lines[0], "，"),
        ids(&horizontal[0], "，"),
        "the vertical comma is a `vert` form"
    );
    assert_eq!(ids(&lines[0], "二"), ids(&horizontal[0], "二"));
    // Upright glyphs advance one em down the line, placed by the top of their slot and
    // centred across the line.
    let (pos, adv) = glyph_of(&lines[0], "二");
    assert_eq!((pos, adv), (10.0, 10.0));
    let cross: Vec<f32> = lines[0].runs[0]
        .glyphs
        .iter()
        .map(|g| g.cross_offset)
        .collect();
    assert!(cross.iter().all(|&c| c == -5.0));
    // Meeting marks are trimmed in vertical text too.
    assert_eq!(glyph_of(&lines[0], "。").1, 5.0);
    assert_eq!(
        glyph_of(&lines[0], "”").1,
        5.0,
        "closing mark at the line end"
    );
    // Latin is a rotated run; ideographs are not.
    let rotated: Vec<(String, bool)> = lines[1]
        .runs
        .iter()
        .map(|r| (r.text.clone(), r.rotated))
        .collect();
    assert_eq!(
        rotated,
        [("LED".to_string(), true), ("五".to_string(), false)]
    );
    assert_eq!((lines[1].ascent, lines[1].descent), (5.0, 5.0));
}

#[test]
fn short_numbers_stand_upright_in_one_em_in_vertical_text() {
    let style = ParagraphStyle {
        direction: Direction::Vertical,
        align: Align::Start,
        ..no_indent()
    };
    let lines = para("10月9日，2023年", &style, 20.0);
    assert_eq!(texts(&lines), ["10月9日，2023年"]);
    let line = &lines[0];
    // `10` and `9` join the upright run of the ideographs; `2023` stays sideways.
    let runs: Vec<(String, bool)> = line
        .runs
        .iter()
        .map(|r| (r.text.clone(), r.rotated))
        .collect();
    assert_eq!(
        runs,
        [
            ("10月9日，".to_string(), false),
            ("2023".to_string(), true),
            ("年".to_string(), false)
        ]
    );
    // Both digits of `10` share one em slot, like an ideograph: no quarter-em CJK–Latin
    // space around them, each digit its own glyph for copying.
    let upright = &line.runs[0];
    let placed = placed(line);
    assert_eq!(
        placed[..5],
        [
            ("1".to_string(), 0.0, 10.0),
            ("0".to_string(), 0.0, 10.0),
            ("月".to_string(), 10.0, 10.0),
            ("9".to_string(), 20.0, 10.0),
            ("日".to_string(), 30.0, 10.0),
        ]
    );
    // Side by side across the line, centred on its axis, within the em.
    let ttf = upright.face.ttf();
    let scale = SIZE / ttf.units_per_em() as f32;
    let width = |id: u16| ttf.glyph_hor_advance(ttf_parser::GlyphId(id)).unwrap() as f32 * scale;
    let (one, zero) = (&upright.glyphs[0], &upright.glyphs[1]);
    assert_ne!(
        one.id,
        sc().ttf().glyph_index('1').unwrap().0,
        "a half-width form"
    );
    let total = width(one.id) + width(zero.id);
    assert!(total <= SIZE + 0.01, "two digits fit an em: {total}");
    assert!((one.cross_offset + total / 2.0).abs() < 0.01, "{one:?}");
    assert!((zero.cross_offset - (one.cross_offset + width(one.id))).abs() < 0.01);
    // In horizontal text nothing changes: `10` is a Latin run, a quarter em from `月`.
    let horizontal = para("10月9日", &no_indent(), 20.0);
    assert!(glyph_of(&horizontal[0], "月").0 > 10.0);
    let horizontal_ids: Vec<u16> = horizontal[0]
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter().map(|g| g.id))
        .collect();
    assert_ne!(
        one.id, horizontal_ids[0],
        "two digits take half-width forms"
    );
    // A single digit keeps its proportional form (as in horizontal text), centred.
    let nine = &upright.glyphs[3];
    assert_eq!(nine.id, horizontal_ids[3]);
    assert!((nine.cross_offset + width(nine.id) / 2.0).abs() < 0.01);
}

#[test]
fn vertical_text_obeys_kinsoku() {
    let style = ParagraphStyle {
        direction: Direction::Vertical,
        ..no_indent()
    };
    let lines = para("一二三四五。六七", &style, 5.0);
    assert_eq!(texts(&lines), ["一二三四", "五。六七"]);
}
#[test]
fn ambiguous_marks_are_full_width_in_cjk_text() {
    for region in [
        Region::SimplifiedChinese,
        Region::TraditionalChinese,
        Region::Japan,
    ] {
        let spans = [Span {
            text: "一——二……三“四”".into(),
            face: face(FontStyle::Serif, region),
            size: SIZE,
        }];
        let lines = break_paragraph(&spans, &no_indent(), 400.0);
        let got: Vec<(f32, f32)> = placed(&lines[0]).iter().map(|g| (g.1, g.2)).collect();
        assert_eq!(
            got[1..6],
            [
                (10.0, 10.0),
                (20.0, 10.0),
                (30.0, 10.0),
                (40.0, 10.0),
                (50.0, 10.0)
            ],
            "{region:?}"
        );
        assert_eq!(glyph_of(&lines[0], "“").1, 10.0, "{region:?}");
    }
    // An apostrophe inside a Latin word stays Latin, as does a dash in non-CJK text.
    let lines = para("他说 don’t 吧", &no_indent(), 40.0);
    assert!(glyph_of(&lines[0], "’").1 < 4.0);
    let latin = ParagraphStyle {
        rules: Rules::LATIN,
        ..no_indent()
    };
    let lines = para("a—b", &latin, 40.0);
    assert!(glyph_of(&lines[0], "—").1 < 10.0);
}

#[test]
fn degenerate_input_keeps_every_character() {
    let texts_in = [
        "葛\u{E0100}城",
        "a\u{200B}b\u{00AD}c",
        "\u{FE0F}",
        "\u{E0100}",
        "一\u{3000}二",
        "e\u{301}t\u{301}é",
        "👍好",
        "",
        " ",
        "   ",
        "一",
        "。",
        "“",
        "a",
        "一二三",
        "https://x.y/z",
        "中文 English 混排。",
    ];
    for text in texts_in {
        for ems in [0.0, 0.1, 1.0, 3.0] {
            let lines = para(text, &ParagraphStyle::default(), ems);
            let all: String = lines.iter().map(Line::text).collect();
            assert_eq!(all, text, "at {ems} em");
            for run in lines.iter().flat_map(|l| &l.runs) {
                let mut covered = 0;
                for g in &run.glyphs {
                    assert_eq!(
                        g.text.start, covered,
                        "{text:?}: glyph ranges partition the run"
                    );
                    covered = g.text.end;
                }
                assert_eq!(
                    covered,
                    run.text.len(),
                    "{text:?}: every character has a glyph"
                );
            }
        }
    }
    assert!(break_paragraph(&[], &ParagraphStyle::default(), 100.0).is_empty());
}

#[test]
fn short_ragged_paragraphs_are_balanced() {
    // A 29-character headline at 24 em: two even lines, not 24 + 5.
    let headline = "哈日夫获第届金鸡奖最佳中小成本故事片最佳导演处女作两项提名";
    let start = ParagraphStyle {
        align: Align::Start,
        ..no_indent()
    };
    let lines = para(headline, &start, 24.0);
    let counts: Vec<usize> = texts(&lines).iter().map(|l| l.chars().count()).collect();
    assert_eq!(counts, [14, 15], "{:?}", texts(&lines));
    // Justified text is not balanced: full lines, ragged last.
    let lines = para(headline, &no_indent(), 24.0);
    let counts: Vec<usize> = texts(&lines).iter().map(|l| l.chars().count()).collect();
    assert_eq!(counts, [24, 5]);
}

#[test]
fn a_run_of_marks_wider_than_the_line_breaks_rather_than_overflow() {
    let text = "一？！……”。二";
    let lines = para(text, &no_indent(), 2.0);
    assert_eq!(texts(&lines).concat(), text);
    for line in &lines {
        assert!(
            line.width <= 20.01,
            "{:?} is {} wide",
            line.text(),
            line.width
        );
    }
}

#[test]
fn latin_words_are_not_broken_at_slashes_when_they_fit() {
    // `km/h` would be a UAX #14 break; it moves to the next line whole instead.
    for ems in [11.0, 12.0] {
        let lines = para("速度为每小时一百二十km/h左右", &no_indent(), ems);
        assert_eq!(
            texts(&lines),
            ["速度为每小时一百二十", "km/h左右"],
            "at {ems} em"
        );
    }
}

#[test]
fn control_whitespace_is_set_as_a_space_and_a_line_feed_breaks() {
    let lines = para("一二\t三\n四五", &no_indent(), 20.0);
    assert_eq!(texts(&lines), ["一二\t三\n", "四五"]);
    for run in lines.iter().flat_map(|l| &l.runs) {
        assert!(
            run.glyphs.iter().all(|g| g.id != 0),
            "no .notdef in {:?}",
            run.text
        );
    }
}
/// A lead with a long URL and an e-mail address: the tokens break where they must, and every
/// line but the last is full (no stub of a first line, no gap opened before a comma).
#[test]
fn paragraphs_with_long_tokens_keep_full_lines() {
    let sans = face(FontStyle::SansBold, Region::SimplifiedChinese);
    let body = "该项目的官方网站是https://www.example.com/documentation/getting-started/installation-guide/linux-and-macos?lang=zh-CN&version=3.14.159#prerequisites，用户也可以发送邮件至maintainers-mailing-list@lists.example-foundation.org咨询。";
    for ems in [22.0, 23.0, 24.0] {
        let spans = [
            Span {
                text: "本报北京3月14日电（记者 王小明）".into(),
                face: sans.clone(),
                size: SIZE,
            },
            Span {
                text: body.into(),
                face: sc(),
                size: SIZE,
            },
        ];
        let lines = break_paragraph(&spans, &ParagraphStyle::default(), ems * SIZE);
        assert!(
            lines[0]
                .text()
                .starts_with("本报北京3月14日电（记者 王小明）"),
            "{:?}",
            texts(&lines)
        );
        for line in &lines[..lines.len() - 1] {
            assert!(
                (line.width - ems * SIZE).abs() < 0.01,
                "{:?} at {ems} em: {:?}",
                line.text(),
                texts(&lines)
            );
        }
        for line in &lines {
            let placed = placed(line);
            for pair in placed.windows(2) {
                let gap = pair[1].1 - (pair[0].1 + pair[0].2);
                assert!(gap < 5.0, "{gap} pt gap in {:?}", line.text());
            }
        }
    }
}

#[test]
fn words_fitting_a_line_are_never_split_but_numbers_may_be() {
    // The word and its comma move to the next line whole.
    let text = "Some notoriously long words appear in technical writing: antidisestablishmentarianism, and more.";
    let latin = ParagraphStyle {
        rules: Rules::LATIN,
        ..no_indent()
    };
    let lines = para(text, &latin, 23.0);
    assert!(
        texts(&lines)
            .iter()
            .any(|l| l.starts_with("antidisestablishmentarianism,")),
        "{:?}",
        texts(&lines)
    );
    // A phone number may break rather than leave the CJK line before it gaping.
    let lines = para(
        "电话号码+86-10-12345678、日期2024-03-15T08:30:00+08:00、圆周率3.14159",
        &no_indent(),
        23.0,
    );
    assert!((lines[0].width - 230.0).abs() < 0.01, "{:?}", texts(&lines));
}

#[test]
fn ideographic_letters_and_fullwidth_signs_are_classed_by_script() {
    // `〇` is a letter (二〇二二年): a last line `〇年` holds two characters, not one.
    let text = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯〇年";
    let lines = para(text, &no_indent(), 12.0);
    let counts: Vec<usize> = texts(&lines).iter().map(|l| l.chars().count()).collect();
    assert_eq!(counts, [12, 12, 2], "{:?}", texts(&lines));
    // `￥` is a sign, not a letter: no CJK–Latin space between it and its amount.
    let lines = para("价￥100元", &no_indent(), 20.0);
    let (yen, yen_adv) = glyph_of(&lines[0], "￥");
    assert_eq!(glyph_of(&lines[0], "1").0, yen + yen_adv);
}

/// A paragraph far longer than a window is set a window at a time without losing, doubling
/// or overfilling anything, and like the whole-paragraph search where both can run.
#[test]
fn huge_paragraphs_are_set_a_window_at_a_time() {
    let words = [
        "archive",
        "newspaper",
        "library",
        "edition",
        "column",
        "reader",
    ];
    let latin: String = (0..12_000)
        .map(|i| words[i * 7 % 6])
        .collect::<Vec<_>>()
        .join(" ");
    let cjk = "内蒙古自治区各地积极推进冬季文化活动，群众参与热情高涨。".repeat(800);
    for text in [latin, cjk] {
        assert!(text.len() > 2 * window::WINDOW_BYTES);
        let lines = para(&text, &no_indent(), 30.0);
        let joined: String = lines.iter().map(|l| l.text()).collect();
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(strip(&joined), strip(&text), "text lost or doubled");
        assert!(lines.iter().all(|l| l.width <= 30.0 * SIZE + 0.5));
        // Every line but the last is full: no ragged line where a window was cut.
        let short = lines[..lines.len() - 1]
            .iter()
            .filter(|l| l.width < 30.0 * SIZE - 0.5)
            .count();
        assert_eq!(short, 0, "a window's cut shows");
    }
}
