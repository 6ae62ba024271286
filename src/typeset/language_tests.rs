//! Per-language rules (clreq, jlreq, klreq), each shown on a string at a width: the exact lines.

use super::tests::{face, no_indent, placed, texts, SIZE};
use super::*;
use crate::fonts::FontStyle;
use crate::locale::{Locale, Region};

/// Sets `text` in the serif face of `region` by `rules`, without indent, `ems` wide.
fn set(text: &str, region: Region, rules: Rules, ems: f32) -> Vec<Line> {
    let spans = [Span {
        text: text.into(),
        face: face(FontStyle::Serif, region),
        size: SIZE,
    }];
    let style = ParagraphStyle {
        rules,
        ..no_indent()
    };
    break_paragraph(&spans, &style, ems * SIZE)
}

fn ko(text: &str, ems: f32) -> Vec<Line> {
    set(text, Region::Korea, rules_of("ko"), ems)
}

fn ja(text: &str, ems: f32) -> Vec<Line> {
    set(text, Region::Japan, rules_of("ja"), ems)
}

fn rules_of(tag: &str) -> Rules {
    Rules::for_locale(Locale::parse(tag).unwrap())
}

/// Each glyph's text with the room between it and the next one (their gap), in points.
fn gaps(line: &Line) -> Vec<(String, f32)> {
    let glyphs = placed(line);
    glyphs
        .windows(2)
        .map(|w| {
            let gap = w[1].1 - (w[0].1 + w[0].2);
            (w[0].0.clone(), (gap * 100.0).round() / 100.0)
        })
        .collect()
}

#[test]
fn korean_words_are_never_split() {
    let text = "정부는 오늘 새로운 경제 정책을 발표했다.";
    let lines = ko(text, 9.0);
    assert_eq!(
        texts(&lines),
        ["정부는 오늘 새로운 ", "경제 정책을 ", "발표했다."]
    );
    // The same text by Chinese rules breaks inside words to fill each line.
    let hans = set(text, Region::Korea, Rules::HANS, 9.0);
    assert!(
        hans.iter().any(|l| !l.text().ends_with(' ')),
        "{:?}",
        texts(&hans)
    );
}

#[test]
fn korean_lines_are_justified_at_word_spaces() {
    let lines = ko("정부는 오늘 새로운 경제 정책을 발표했다.", 9.0);
    let first = gaps(&lines[0]);
    let letters = first.iter().filter(|(c, _)| c != " ").map(|g| g.1);
    let letter_max = letters.fold(0.0f32, f32::max);
    let spaces: Vec<f32> = first
        .iter()
        .filter(|(c, _)| c == " ")
        .map(|g| g.1)
        .collect();
    assert!(letter_max < 0.05 * SIZE, "{first:?}");
    assert!(spaces.iter().all(|&s| s > 5.0 * letter_max), "{first:?}");
    assert!((lines[0].width - 90.0).abs() < 0.01);
}

#[test]
fn a_korean_word_longer_than_the_line_is_split() {
    let lines = ko("가나다라마바사아자차 카", 4.0);
    assert_eq!(texts(&lines), ["가나다라", "마바사아", "자차 카"]);
}

#[test]
fn no_autospace_next_to_hangul() {
    let lines = ko(
        "사과 한 개에 1,400원이고 2024년 5월 1일부터 KTX로 간다.",
        40.0,
    );
    assert_eq!(lines.len(), 1);
    for (c, gap) in gaps(&lines[0]) {
        if c != " " {
            assert_eq!(gap, 0.0, "after {c:?} in {:?}", lines[0].text());
        }
    }
    // Chinese and Japanese rules put a quarter em there.
    let hans = set("一个1,400元", Region::SimplifiedChinese, Rules::HANS, 40.0);
    assert_eq!(gaps(&hans[0])[1], ("个".to_string(), 2.5));
}

#[test]
fn a_korean_price_stays_together() {
    let lines = ko("사과 한 개에 1,400원", 8.0);
    assert_eq!(texts(&lines), ["사과 한 개에 ", "1,400원"]);
}

#[test]
fn korean_quotes_are_proportional() {
    let lines = ko("“안녕”이라고 말했다", 40.0);
    let quote = placed(&lines[0])[0].clone();
    assert_eq!(quote.0, "“");
    assert!(quote.2 < 0.6 * SIZE, "{quote:?}");
    // A quote glued to its particle is part of the word.
    let lines = ko("그는 “안녕”이라고 말했다", 7.0);
    assert_eq!(texts(&lines), ["그는 ", "“안녕”이라고 ", "말했다"]);
}

#[test]
fn japanese_small_kana_never_start_a_line() {
    // At five ems the natural break falls before `っ`: the strict rule takes `お` along.
    let text = "あいうえおっかきくけこさしすせ";
    let lines = ja(text, 5.0);
    for line in &lines {
        let first = line.text().chars().next().unwrap();
        assert!(!"ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー々ゝゞヽヾ".contains(first));
    }
    assert_eq!(
        texts(&lines),
        ["あいうえ", "おっかきく", "けこさしす", "せ"]
    );
    // At every width that holds the longest run the rule glues together (`ちょっ`, three
    // ems), in text full of small kana and long vowels.
    let text = "ちょっとしたニュースでシャッターチャンスをキャッチしたフォトグラファーがいる。";
    for ems in 3..12 {
        for line in ja(text, ems as f32) {
            let first = line.text().chars().next().unwrap();
            assert!(
                !"ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー".contains(first),
                "{ems}: {:?}",
                line.text()
            );
        }
    }
}

#[test]
fn japanese_prolonged_sound_and_iteration_marks_never_start_a_line() {
    for text in [
        "アイウエオーカキクケ",
        "あいうえ人々かきくけ",
        "あいうえおゝかきくけ",
    ] {
        let lines = ja(text, 5.0);
        for line in &lines {
            let first = line.text().chars().next().unwrap();
            assert!(!"ー々ゝ".contains(first), "{:?}", texts(&lines));
        }
    }
}

#[test]
fn japanese_middle_dots_are_squeezed_in_a_tight_line() {
    // Ten ems of text on a line of nine and a half: the middle dot gives up its quarter-em
    // blanks (jlreq cl-05); Chinese rules cannot, and break.
    let text = "アイウエ・オカキクケ";
    let lines = ja(text, 9.5);
    assert_eq!(texts(&lines), [text]);
    // The dot's slot is half an em from 40 pt; its glyph, a full em with the ink in the
    // middle, is drawn a quarter em earlier.
    let glyphs = placed(&lines[0]);
    assert_eq!((glyphs[4].1, glyphs[4].2), (37.5, 5.0));
    assert_eq!(glyphs[5].1, 45.0);
    let hans = set(text, Region::Japan, Rules::HANS, 9.5);
    assert_eq!(hans.len(), 2);
}

#[test]
fn traditional_chinese_stops_keep_their_full_em_by_rule() {
    // Corner punctuation gives up the blank half of `。` at the line's end; centred does not,
    // whatever the face.
    let hans = set("我們說好。", Region::SimplifiedChinese, Rules::HANS, 5.0);
    assert_eq!(placed(&hans[0])[4].2, 5.0);
    let hant = set("我們說好。", Region::SimplifiedChinese, Rules::HANT, 5.0);
    assert_eq!(placed(&hant[0])[4].2, 10.0);
    let tc = set(
        "我們說好。",
        Region::TraditionalChinese,
        rules_of("zh-TW"),
        5.0,
    );
    assert_eq!(placed(&tc[0])[4].2, 10.0);
}
