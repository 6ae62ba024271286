//! One extracted line at a time: undoing what extraction did to it (fake-bold doubling,
//! letter-spacing, spaces around digits and Latin words, `⋯⋯`) and measuring its printed width.

use std::borrow::Borrow;
use std::ops::Range;

use crate::script::{self, is_cjk_letter, is_closing};

/// One non-blank line of the raw page, cleaned, with what was learnt about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based line number in the raw text, for the report.
    pub number: usize,
    /// The cleaned text: undoubled, spaces collapsed, `⋯` turned into `…`.
    pub text: String,
    /// Whether one or more blank lines came before it in the raw text.
    pub blank_before: bool,
    /// Whether every run of the line was printed twice (fake bold, usual in captions).
    pub doubled: bool,
    /// Whether the line was letter-spaced (stretched to the column by spaces between characters).
    pub letter_spaced: bool,
    /// Estimated printed width in ems (ideographs 1, Latin letters and digits ½).
    pub width: f32,
    /// The type size in points, where the source tells it (a PDF; not extracted text).
    pub size: Option<f32>,
    /// Whether the source sets it apart as a heading by its face alone: a bold run in the
    /// text's size cut from the paragraph it opens (a brief's run-in headline; from a PDF).
    pub heading: bool,
}

/// A non-blank raw line before cleaning: its 1-based number, text, whether a blank line came
/// before it, and whether it was found printed twice across lines.
pub struct RawLine {
    /// 1-based line number, for the report.
    pub number: usize,
    /// The line as extracted.
    pub text: String,
    /// Whether a blank line (or, from a PDF, a gap between blocks) came before it.
    pub blank_before: bool,
    /// Whether it is already known to be printed twice (fake bold), and is given once.
    pub doubled: bool,
    /// The type size in points, where the source tells it (a PDF; not extracted text).
    pub size: Option<f32>,
    /// Whether it is a run-in heading (see [`Line::heading`]).
    pub heading: bool,
}

/// The blocks of a run of lines: from its first line and from each line after a blank line
/// (or, from a PDF, after a gap between blocks) to the next such line; as index ranges.
pub fn blocks<L: Borrow<Line>>(lines: &[L]) -> Vec<Range<usize>> {
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| i == 0 || lines[i].borrow().blank_before)
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &s)| s..starts.get(k + 1).copied().unwrap_or(lines.len()))
        .collect()
}

/// Splits raw text into cleaned non-blank lines.
pub fn read_lines(raw: &str) -> Vec<Line> {
    let mut raw_lines = Vec::new();
    let mut blank_before = false;
    for (i, raw_line) in raw.lines().enumerate() {
        let trimmed = raw_line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if trimmed.is_empty() {
            blank_before = true;
            continue;
        }
        raw_lines.push(RawLine {
            number: i + 1,
            text: trimmed
                .chars()
                .map(|c| if c == '⋯' { '…' } else { c })
                .collect(),
            blank_before,
            doubled: false,
            size: None,
            heading: false,
        });
        blank_before = false;
    }
    clean_lines(raw_lines)
}

/// Cleans raw lines (from text or from a PDF's glyphs) into lines: doubled runs read once,
/// letter-spacing and extraction's spaces removed, widths measured.
pub fn clean_lines(raw_lines: Vec<RawLine>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for raw_line in undouble_across_lines(raw_lines) {
        let RawLine {
            number,
            text,
            blank_before,
            doubled,
            size,
            heading,
        } = raw_line;
        // A doubled run's last line may be very short (`摄摄`): accept it after a doubled line.
        let after_doubled = !blank_before && out.last().is_some_and(|l: &Line| l.doubled);
        let (text, doubled) = match undouble(&text, if after_doubled { 2 } else { 6 }) {
            Some(single) if !doubled => (single, true),
            _ => (text, doubled),
        };
        let letter_spaced = is_letter_spaced(&text);
        let width = printed_width(&text, letter_spaced);
        let text = collapse_spaces(&text, letter_spaced);
        out.push(Line {
            number,
            text,
            blank_before,
            doubled,
            letter_spaced,
            width,
            size,
            heading,
        });
    }
    out
}

/// Fake bold drawn as two copies a little apart is extracted word by word, the copies'
/// words alternating and wrapping onto the next line (`66 月` / `月 18` / `18 日，…`).
/// Finds runs of two or more consecutive lines whose words, read in order, come in identical
/// pairs (a word may also be doubled inside itself, `66` for `6`), and makes each run one
/// line printed once.
fn undouble_across_lines(lines: Vec<RawLine>) -> Vec<RawLine> {
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        // The longest run from i, within one block (no blank line inside), that reads doubled.
        let mut end = i + 1;
        while end < lines.len() && !lines[end].blank_before {
            end += 1;
        }
        let found = (i + 2..=end).rev().find_map(|j| {
            // Each word, and whether it opens its line.
            let marked: Vec<(&str, bool)> = lines[i..j]
                .iter()
                .flat_map(|l| {
                    l.text
                        .split_whitespace()
                        .enumerate()
                        .map(|(k, w)| (w, k == 0))
                })
                .collect();
            let words: Vec<&str> = marked.iter().map(|&(w, _)| w).collect();
            let opens: Vec<bool> = marked.iter().map(|&(_, o)| o).collect();
            undouble_words(&words, &opens)
                .or_else(|| undouble_run(&words))
                .map(|single| (j, single))
        });
        match found {
            Some((j, single)) => {
                out.push(RawLine {
                    number: lines[i].number,
                    text: single,
                    blank_before: lines[i].blank_before,
                    doubled: true,
                    size: lines[i].size,
                    heading: false,
                });
                i = j;
            }
            None => {
                let l = &lines[i];
                out.push(RawLine {
                    number: l.number,
                    text: l.text.clone(),
                    blank_before: l.blank_before,
                    doubled: l.doubled,
                    size: l.size,
                    heading: l.heading,
                });
                i += 1;
            }
        }
    }
    out
}

/// Reads words as identical pairs (`月 月`) or words doubled inside themselves (`66`), and
/// returns them printed once; `None` unless all of them read so and there are at least three
/// pairs (two equal words in a row happen in ordinary text). `opens[k]`: word `k` opens its
/// line. A word printed once is set apart from the one before by a space, but not where its
/// first copy opened a line: there the caption wrapped, and the space was the line's end.
fn undouble_words(words: &[&str], opens: &[bool]) -> Option<String> {
    let mut single = String::new();
    let mut pairs = 0;
    let mut k = 0;
    while k < words.len() {
        let pair = words.get(k + 1) == Some(&words[k]);
        let once = if pair {
            pairs += 1;
            words[k].to_string()
        } else {
            undouble_token(words[k])?
        };
        if k > 0 && !opens[k] {
            single.push(' ');
        }
        single.push_str(&once);
        k += if pair { 2 } else { 1 };
    }
    (pairs >= 3).then_some(single)
}

/// Fake bold in a narrow column can come out with the copies' pieces overlapping from line to
/// line (`王秀英` / `王秀英（右）` / `（右）指导学生剪纸。` / `指导学生剪纸。 本`): no word is
/// the pair of another, but the text read straight through is every run printed twice. Takes
/// the words as one text printed once when they hold at least eight characters.
fn undouble_run(words: &[&str]) -> Option<String> {
    let run: String = words.concat();
    // Words doubled one by one are read by the other rules, keeping their spaces; a line
    // printed twice over (two runs) can be a line said twice.
    if run.chars().count() < 8 || words.iter().all(|w| undouble_token(w).is_some()) {
        return None;
    }
    doubled_runs(&run)
        .filter(|runs| runs.len() >= 3)
        .map(|runs| runs.concat())
}

/// Whether `c` is set one em wide in extracted text: CJK (see [`crate::script::is_cjk`]), or a
/// marker symbol.
fn is_cjk(c: char) -> bool {
    script::is_cjk(c) || is_marker_symbol(c)
}

/// Whether `c` is punctuation printed one em wide, beside which every space extraction left is
/// dropped: CJK punctuation, ambiguous punctuation (curly quotes, `…`, `—`) and marker symbols.
fn is_cjk_punct(c: char) -> bool {
    script::is_cjk_punct(c) || script::is_ambiguous_punct(c) || is_marker_symbol(c)
}

/// Bullets and geometric shapes (`•■□●▲`), which Chinese papers print one em wide to mark a
/// section or a list item. Only the importer's width estimate needs them: the text engine sets
/// them from whatever font has them.
fn is_marker_symbol(c: char) -> bool {
    c == '•' || matches!(c as u32, 0x25A0..=0x25FF)
}

/// A fake-bold line prints every run twice (`近日近日，，`). Returns the line printed once when
/// each space-separated token is a sequence of doubled runs, `None` otherwise. Very short lines
/// and lines of one repeated character (`……`, `——`) are never taken for doubled.
fn undouble(line: &str, min_chars: usize) -> Option<String> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let chars: usize = tokens.iter().map(|t| t.chars().count()).sum();
    if chars < min_chars {
        return None;
    }
    let first = line.chars().next()?;
    if !first.is_alphanumeric()
        && !is_cjk_letter(first)
        && line.chars().all(|c| c == first || c.is_whitespace())
    {
        return None;
    }
    let halves: Option<Vec<String>> = tokens.iter().map(|t| undouble_token(t)).collect();
    halves.map(|h| h.join(" "))
}

/// Parses one token as doubled runs `x1 x1 x2 x2 …` and returns `x1 x2 …`.
fn undouble_token(token: &str) -> Option<String> {
    doubled_runs(token).map(|runs| runs.concat())
}

/// The runs `x1 x2 …` of a token read as doubled runs `x1 x1 x2 x2 …`.
fn doubled_runs(token: &str) -> Option<Vec<String>> {
    let c: Vec<char> = token.chars().collect();
    let n = c.len();
    // Column and caption lines are short; a very long token is not a printed line, and the
    // search below is quadratic in it.
    if !n.is_multiple_of(2) || n > 512 {
        return None;
    }
    // run_len[j] = length of the run whose doubled copy ends at j, for a parse of c[..j].
    let mut run_len: Vec<Option<usize>> = vec![None; n + 1];
    run_len[0] = Some(0);
    for i in 0..n {
        if run_len[i].is_none() {
            continue;
        }
        for len in 1..=(n - i) / 2 {
            let end = i + 2 * len;
            if run_len[end].is_none() && c[i..i + len] == c[i + len..end] {
                run_len[end] = Some(len);
            }
        }
    }
    run_len[n]?;
    let mut runs = Vec::new();
    let mut j = n;
    while j > 0 {
        let len = run_len[j]?;
        runs.push(c[j - 2 * len..j - len].iter().collect::<String>());
        j -= 2 * len;
    }
    runs.reverse();
    Some(runs)
}

/// A justified line stretched by spaces between most of its CJK characters
/// (`这 一 平 台 ，乌 海 市`), as opposed to a line with an author's single space
/// (`弘扬英模精神 铸牢忠诚警魂`).
fn is_letter_spaced(line: &str) -> bool {
    let mut pairs = 0;
    let mut spaced = 0;
    let mut prev: Option<char> = None;
    let mut gap = false;
    for c in line.chars() {
        if c == ' ' || c == '\u{3000}' {
            gap = true;
            continue;
        }
        if let Some(p) = prev {
            if is_cjk(p) && is_cjk(c) {
                pairs += 1;
                if gap {
                    spaced += 1;
                }
            }
        }
        prev = Some(c);
        gap = false;
    }
    // Korean parts words with spaces: only a space between every two letters is stretch.
    if line.chars().any(script::is_hangul) {
        return spaced >= 3 && spaced == pairs;
    }
    (spaced >= 3 && spaced * 2 >= pairs) || (spaced >= 2 && spaced == pairs)
}

/// Removes the spaces extraction added and keeps the author's: a space survives only between
/// two Latin words or numbers, or between two CJK letters on a line that is not letter-spaced.
fn collapse_spaces(line: &str, letter_spaced: bool) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let (Some(&a), Some(&b)) = (start.checked_sub(1).map(|k| &chars[k]), chars.get(i))
            else {
                continue;
            };
            let keep = if script::is_hangul(a) || script::is_hangul(b) {
                // Korean parts its words with spaces, before and after digits and marks too.
                !letter_spaced || i - start >= 2
            } else if is_cjk_punct(a) || is_cjk_punct(b) {
                false
            } else if is_cjk_letter(a) && is_cjk_letter(b) {
                // On a letter-spaced line the author's space is the wider gap.
                !letter_spaced || i - start >= 2
            } else {
                !is_cjk(a) && !is_cjk(b)
            };
            if keep {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The printed width in ems: CJK characters 1, other characters ½, and the thin space that
/// extraction turns into a space beside a Latin run ¼. Spaces of a letter-spaced line count
/// nothing (they are the stretch, not content).
fn printed_width(line: &str, letter_spaced: bool) -> f32 {
    let chars: Vec<char> = line.chars().collect();
    // A closing mark at the line end is set half width (squeezed or hung in the margin).
    let mut width = match chars.last() {
        Some(c) if is_closing(*c) => -0.5,
        _ => 0.0,
    };
    for (i, &c) in chars.iter().enumerate() {
        width += if c.is_whitespace() {
            let beside_latin = (i > 0 && !is_cjk(chars[i - 1]) && !chars[i - 1].is_whitespace())
                || chars
                    .get(i + 1)
                    .is_some_and(|n| !is_cjk(*n) && !n.is_whitespace());
            if letter_spaced || !beside_latin {
                0.0
            } else {
                0.25
            }
        } else if is_cjk(c) {
            1.0
        } else {
            0.5
        };
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fake_bold_overlapping_from_line_to_line_is_read_once() {
        let lines = read_lines(
            "王秀英\n王秀英（右）\n（右）指导学生剪纸。\n指导学生剪纸。 本\n本\n报记者\n报记者 韦嘉\n韦嘉 摄\n摄\n",
        );
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].doubled);
        assert_eq!(lines[0].text, "王秀英（右）指导学生剪纸。本报记者韦嘉摄");
        // Ordinary lines with a word said twice are not fake bold.
        let plain = read_lines("我们一起努力\n努力工作\n");
        assert_eq!(plain.len(), 2);
    }

    fn one(raw: &str) -> Line {
        read_lines(raw).remove(0)
    }

    #[test]
    fn doubled_runs_are_printed_once() {
        let l = one(
            "近日近日，，呼和浩特市蒙古族幼儿园的小朋友们正在呼和浩特市蒙古族幼儿园的小朋友们正在",
        );
        assert!(l.doubled);
        assert_eq!(l.text, "近日，呼和浩特市蒙古族幼儿园的小朋友们正在");
        let credit = one("的情怀的情怀。。 本报记者本报记者 王雅静王雅静 摄摄");
        assert_eq!(credit.text, "的情怀。本报记者 王雅静 摄");
        assert!(!one("⋯⋯").doubled);
        let tail = read_lines("本报记者本报记者 冯晓东冯晓东\n摄摄\n");
        assert!(tail[1].doubled);
        assert_eq!(tail[1].text, "摄");
        assert!(!one("就看到了自己的养老保险待遇申领办理").doubled);
    }

    #[test]
    fn words_doubled_across_lines_are_printed_once() {
        let raw = "66 月\n月 18\n18 日，志愿者在清理海洋垃圾。\n日，志愿者在清理海洋垃圾。 本报记者\n本报记者 吴海波\n吴海波 摄\n摄\n\n下一段文字。\n";
        let lines = read_lines(raw);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].doubled);
        assert_eq!(
            lines[0].text,
            "6月18日，志愿者在清理海洋垃圾。本报记者 吴海波 摄"
        );
        assert_eq!(lines[0].number, 1);
        assert!(!lines[1].doubled);
        // A caption wrapped from line to line joins without a space.
        let wrapped = read_lines("古民家を改装した\n古民家を改装した\n移住者の夫婦\n移住者の夫婦 佐藤花子撮影\n佐藤花子撮影\n");
        assert_eq!(wrapped[0].text, "古民家を改装した移住者の夫婦 佐藤花子撮影");
        // Two equal words in a row are not enough.
        assert!(!read_lines("是 是 的，他说。\n")[0].doubled);
    }

    #[test]
    fn letter_spacing_is_removed_but_author_spaces_stay() {
        let l = one("这 一 平 台 ，乌 海 市 注 册 企 业 单 位 用 户");
        assert!(l.letter_spaced);
        assert_eq!(l.text, "这一平台，乌海市注册企业单位用户");
        let t = one("近日，“弘扬英模精神 铸牢忠诚警魂”全");
        assert!(!t.letter_spaced);
        assert_eq!(t.text, "近日，“弘扬英模精神 铸牢忠诚警魂”全");
        assert_eq!(
            one("包 头 持 续 打 造“ 问 政 政 府 ”").text,
            "包头持续打造“问政政府”"
        );
        assert_eq!(
            one("持 续 一 个 月  覆 盖 全 市").text,
            "持续一个月 覆盖全市"
        );
    }

    #[test]
    fn spaces_around_digits_and_latin_go_between_words_stay() {
        assert_eq!(
            one("待遇申领最长需要 2 个月，如今最多 15").text,
            "待遇申领最长需要2个月，如今最多15"
        );
        assert_eq!(
            one("海市人社局机关办公大楼 LED 显示大").text,
            "海市人社局机关办公大楼LED显示大"
        );
        assert_eq!(
            one("1.9 微 克/立 方 米 ，同 比 改 善 了 40.6% 。").text,
            "1.9微克/立方米，同比改善了40.6%。"
        );
        assert_eq!(
            one("printed in Hong Kong 今天").text,
            "printed in Hong Kong今天"
        );
        assert_eq!(
            one("办理数据日志反馈⋯⋯为强化监督，乌").text,
            "办理数据日志反馈……为强化监督，乌"
        );
    }

    #[test]
    fn blank_lines_are_remembered_and_widths_measured() {
        let lines = read_lines("第一行文字\n\n\n第二行 2021 年\n");
        assert_eq!(lines.len(), 2);
        assert!(!lines[0].blank_before);
        assert!(lines[1].blank_before);
        assert_eq!(lines[1].number, 4);
        assert_eq!(lines[0].width, 5.0);
        assert_eq!(lines[1].width, 3.0 + 2.0 + 0.5 + 1.0);
    }

    #[test]
    fn full_width_forms_markers_and_closing_marks_are_measured_as_printed() {
        // Full-width digits and letters take an em; half-width forms half of one.
        assert_eq!(one("第１２版").width, 4.0);
        assert_eq!(one("ＬＥＤ屏").width, 4.0);
        assert_eq!(one("ｱｲ｡").width, 1.5);
        // Section markers are printed one em wide, and spaces beside them go.
        let marker = one("■ 本报讯");
        assert_eq!(marker.text, "■本报讯");
        assert_eq!(marker.width, 4.0);
        // Any closing bracket or stop at the line end is squeezed to half an em.
        assert_eq!(one("见〔2021〕").width, 1.0 + 1.0 + 2.0 + 0.5);
        assert_eq!(one("中文。").width, 2.5);
    }
}
