//! From cleaned lines to articles: where each article starts (dateline, byline, photo caption),
//! where its body ends and its headline block (printed after the body) begins, which lines of
//! that block are kicker, headline, subheadline or page slogan, and where paragraphs break.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::conventions::{
    byline_of_line, is_byline_line, split_credit, split_lead, starts_with_lead,
};
use super::lines::Line;
use super::reattach::{self, pairs};
use super::Note;
use crate::edition::{Article, Image};
pub(super) use crate::script::ends_sentence;
use crate::script::is_cjk_letter;

/// A running head that names the page's section: `第2版 经济`, `第 3 版`, `第十二版·文体`;
/// Japanese `1面 総合`, Korean `1면 종합`, `A2면 경제`.
static SECTION_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:第\s*([0-9０-９一二三四五六七八九十百]+)\s*[版面]|([A-Z]?[0-9０-９]{1,3})\s*([面면]))\s*[·・:：|｜]?\s*([\p{Han}\p{Katakana}\p{Hiragana}ー\p{Hangul}]{0,8})$",
    )
    .expect("section head pattern")
});

/// The title of the section a running head names, spaced as `第2版 经济`, `1面 総合`.
fn section_title(head: &regex::Captures) -> String {
    let page = match (head.get(1), head.get(2), head.get(3)) {
        (Some(n), _, _) => format!("第{}版", n.as_str()),
        (None, Some(n), Some(unit)) => format!("{}{}", n.as_str(), unit.as_str()),
        _ => unreachable!("the pattern has one of its two forms"),
    };
    match head[4].trim() {
        "" => page,
        name => format!("{page} {name}"),
    }
}

/// Splits the page's lines at running heads that name a section (`第2版 经济`): each part with
/// its section's title; lines before the first head take `default`.
pub fn split_sections<'a>(
    lines: &'a [Line],
    default: &str,
    notes: &mut Vec<Note>,
) -> Vec<(String, &'a [Line])> {
    let mut parts: Vec<(String, &'a [Line])> = Vec::new();
    let mut start = 0;
    let mut title = default.to_string();
    for (i, line) in lines.iter().enumerate() {
        let Some(m) = SECTION_HEAD.captures(&line.text) else {
            continue;
        };
        if i > start {
            parts.push((title.clone(), &lines[start..i]));
        }
        title = section_title(&m);
        notes.push(Note::new(
            line.number,
            format!(
                "`{}` read as a running head: section `{title}` starts here",
                line.text
            ),
        ));
        start = i + 1;
    }
    if start < lines.len() {
        parts.push((title, &lines[start..]));
    }
    parts
}

/// A byline the column wrapped (`記者 林美華／高雄` + `報導`) becomes one line, so that it is
/// read as the byline it is.
pub fn join_wrapped_bylines(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut it = lines.into_iter().peekable();
    while let Some(mut line) = it.next() {
        if let Some(next) = it.peek() {
            let joined = join_texts([line.text.as_str(), next.text.as_str()]);
            if !is_byline_line(&line.text)
                && !next.blank_before
                && next.text.chars().count() <= 8
                && joined.chars().count() <= 30
                && is_byline_line(&joined)
            {
                line.text = joined;
                line.width += next.width;
                it.next();
            }
        }
        out.push(line);
    }
    out
}

/// Verbs that open a subheadline set as its own clause under the headline
/// (`我区成立中蒙医药研究院 / 加强中蒙医药科技创新`); a second headline line that starts
/// otherwise continues the headline.
const CLAUSE_VERBS: &[&str] = &[
    "加强", "推动", "推进", "促进", "助力", "打造", "实现", "深化", "坚持", "持续", "全力", "奋力",
    "聚焦", "守护", "筑牢", "确保", "做好", "抓好", "提升", "强化", "构建", "建设", "开创", "迈向",
    "奋进", "扎实", "着力", "携手", "共建", "共筑", "助推", "引领", "激发", "夯实", "加快", "积极",
    "努力", "全面", "大力", "不断", "切实", "让", "为",
    // Those written differently in traditional characters.
    "加強", "推動", "促進", "實現", "堅持", "持續", "築牢", "確保", "強化", "構建", "建設", "開創",
    "邁向", "奮進", "紮實", "攜手", "共築", "引領", "激發", "夯實", "積極", "不斷", "切實", "讓",
    "為",
];

/// Joins the lines of one paragraph or headline: nothing between CJK characters, one space
/// between two Latin words.
pub fn join_texts<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.trim();
        if let (Some(a), Some(b)) = (out.chars().last(), part.chars().next()) {
            let word = |c: char| c.is_ascii_alphanumeric();
            if word(a) && word(b) && (a.is_ascii_alphabetic() || b.is_ascii_alphabetic()) {
                out.push(' ');
            }
        }
        out.push_str(part);
    }
    out
}

/// How a unit of the page begins.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Start {
    /// Text before the first recognised start (the tail of an article continued from elsewhere,
    /// or a page slogan).
    Top,
    /// A dateline opens the first paragraph.
    Dateline,
    /// A byline on its own line.
    Byline,
    /// A photo caption with nothing above it: a photo story.
    Caption,
    /// Running text after a headline block, with no dateline or byline (a commentary, a
    /// brief): see [`headed_start`].
    Headed,
}

/// An article in the making: its lines in page order and its captions.
#[derive(Debug)]
struct Unit<'a> {
    start: Start,
    lines: Vec<&'a Line>,
    images: Vec<Image>,
    first_line: usize,
}

/// A caption found in the text: its image, and the raw lines it spanned.
struct Caption {
    image: Image,
    first: usize,
    last: usize,
}

/// Recovers the articles of a page from its cleaned lines, noting every guess. `extracted`:
/// the lines are in an extraction's order (`pdftotext`), which prints some blocks inside the
/// wrong article (see [`reattach`]); lines read from a PDF's glyph positions are in reading order.
pub fn recover(lines: &[Line], extracted: bool, notes: &mut Vec<Note>) -> Vec<Article> {
    let stray = stray_headlines(lines);
    let owned: Vec<Line> = lines
        .iter()
        .zip(&stray)
        .map(|(l, &s)| {
            let mut l = l.clone();
            if s {
                l.text = unspace_headline(&l.text);
            }
            l
        })
        .collect();
    let lines = &owned[..];
    let stray_at: Vec<usize> = lines
        .iter()
        .zip(&stray)
        .filter(|(_, &s)| s)
        .map(|(l, _)| l.number)
        .collect();
    let captions = find_captions(lines);
    // In extraction's order a photo story's headline can stand among another article's lines
    // (its photo and caption sit beside the column it interrupts): a lone headline-like line,
    // running text after it and then a caption, before anything else starts an article, is
    // that story's headline (see the caption rule below), not the start of a new article.
    let heads_photo_story = |i: usize| {
        extracted
            && stray[i - 1]
            && captions.iter().any(|c| {
                c.first > i
                    && c.first <= i + 16
                    && lines[i..c.first]
                        .iter()
                        .all(|l| !starts_with_lead(&l.text) && !is_byline_line(&l.text))
            })
    };
    let mut units: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(c) = captions.iter().find(|c| c.first == i) {
            let body_ongoing = units
                .last()
                .and_then(|u| u.lines.last())
                .is_some_and(|l| ends_sentence(&l.text));
            // A photo story's headline printed among the lines of the article before: the
            // caption is that story's, and the headline, moved after the article's body, heads
            // it.
            let story_headline = units
                .last()
                .and_then(|u| u.lines.iter().rposition(|l| stray_at.contains(&l.number)));
            if let (true, Some(k)) = (body_ongoing && extracted, story_headline) {
                let u = units.last_mut().expect("a unit");
                let headline = u.lines.remove(k);
                notes.push(Note::new(
                    headline.number,
                    format!(
                        "`{}` (a headline among running text, a caption following) taken for the headline of the photo story at line {}",
                        headline.text, lines[i].number
                    ),
                ));
                u.lines.push(headline);
                units.push(Unit {
                    start: Start::Caption,
                    lines: Vec::new(),
                    images: vec![c.image.clone()],
                    first_line: lines[i].number,
                });
            } else if body_ongoing {
                units
                    .last_mut()
                    .expect("a unit")
                    .images
                    .push(c.image.clone());
                notes.push(Note::new(
                    lines[i].number,
                    "caption inside an article's body: attached to that article as an image",
                ));
            } else {
                units.push(Unit {
                    start: Start::Caption,
                    lines: Vec::new(),
                    images: vec![c.image.clone()],
                    first_line: lines[i].number,
                });
            }
            i = c.last + 1;
            continue;
        }
        let line = &lines[i];
        // A long lead (`（中央社記者林志豪彰化3日電）`) may wrap in a narrow column.
        let with_next = match lines.get(i + 1) {
            Some(next) if !next.blank_before => join_texts([line.text.as_str(), &next.text]),
            _ => line.text.clone(),
        };
        let start = if starts_with_lead(&with_next) {
            Some(Start::Dateline)
        } else if line.text.chars().count() <= 30 && is_byline_line(&line.text) {
            Some(Start::Byline)
        } else if let Some(k) = headed_start(lines, i).filter(|_| !heads_photo_story(i)) {
            notes.push(Note::new(
                line.number,
                format!(
                    "running text after the headline block `{}`, with no dateline or byline: a new article taken to start here",
                    join_texts(lines[k..i].iter().map(|l| l.text.as_str()))
                ),
            ));
            Some(Start::Headed)
        } else {
            None
        };
        match start {
            Some(start) => units.push(Unit {
                start,
                lines: vec![line],
                images: Vec::new(),
                first_line: line.number,
            }),
            None => match units.last_mut() {
                Some(u) => u.lines.push(line),
                None => units.push(Unit {
                    start: Start::Top,
                    lines: vec![line],
                    images: Vec::new(),
                    first_line: line.number,
                }),
            },
        }
        i += 1;
    }
    // Split each unit into its body and the lines after its last sentence: the headline block.
    let mut split: Vec<(Unit, Vec<&Line>)> = units
        .into_iter()
        .map(|mut u| {
            // A byline on its own line stays with its article, even one with no text yet.
            let keep = usize::from(u.start == Start::Byline);
            let mut tail = match u.lines.iter().rposition(|l| ends_sentence(&l.text)) {
                Some(k) => u.lines.split_off((k + 1).max(keep)),
                None => u.lines.split_off(keep.min(u.lines.len())),
            };
            // Running text after the last full sentence is a paragraph whose column goes on
            // elsewhere (extraction read a neighbouring article in between): it stays in the
            // body, and only the lines after it can be a headline block.
            let keep = unfinished_paragraph(&tail, column_width(&u.lines));
            if keep > 0 && !u.lines.is_empty() {
                let rest = tail.split_off(keep);
                u.lines.append(&mut tail);
                tail = rest;
            }
            (u, tail)
        })
        .collect();
    let mut bodies: Vec<Vec<&Line>> = split
        .iter_mut()
        .map(|(u, _)| std::mem::take(&mut u.lines))
        .collect();
    let first_lines: Vec<usize> = split.iter().map(|(u, _)| u.first_line).collect();
    if extracted {
        reattach::reattach(&mut bodies, &first_lines, notes);
    }
    for ((u, _), body) in split.iter_mut().zip(bodies) {
        u.lines = body;
    }
    // Most extractions put a headline after its body. When instead headline lines open the page
    // and the last article has none after it, headlines come before their bodies: each unit's
    // block belongs to the next one.
    let headlines_before = split.len() >= 2
        && split[0].0.start == Start::Top
        && split[0].0.lines.is_empty()
        && !split[0].1.iter().all(|l| is_phrase_line(&l.text))
        && split.last().is_some_and(|(_, tail)| tail.is_empty());
    if headlines_before {
        notes.push(Note::new(
            split[0].1[0].number,
            "the page opens with a headline and its last article has none after it: headlines are read as printed before their bodies",
        ));
        for k in (1..split.len()).rev() {
            split[k].1 = std::mem::take(&mut split[k - 1].1);
        }
        share_headlines(&mut split, notes);
    }
    split
        .into_iter()
        .filter_map(|(u, tail)| build_article(u, &tail, headlines_before, notes))
        .collect()
}

/// Whether line `i` opens an article that has neither dateline nor byline: the one to four
/// lines before it read as a headline block (see [`headline_like`]) that opens a block (after a
/// blank line, or at the top of the part) and follows a closed sentence or a caption, and the
/// text from `i` on is running text (punctuated). Headline blocks come before their bodies or
/// after them; either way a new article's text starts here. A line of a column that only
/// lacks punctuation is told apart by its measure: it fills the column the text after it is
/// set to, which a headline run straight into that text does not. Returns where the
/// headline block starts.
fn headed_start(lines: &[Line], i: usize) -> Option<usize> {
    let line = &lines[i];
    if i == 0 || line.doubled || !opens_running_text(&lines[i..]) {
        return None;
    }
    let col = column_width(
        &lines[i..(i + 8).min(lines.len())]
            .iter()
            .collect::<Vec<_>>(),
    );
    // An article's text opens with an indented line (one or two ems short of the column, or a
    // one-line paragraph); a column's text after a break does not. A few short paragraphs may
    // have no full line to measure the column by: the text before the block shows it too.
    let one_line_paragraph =
        lines.get(i + 1).is_none_or(|n| n.blank_before) && ends_sentence(&line.text);
    let col_before = column_width(&lines[i.saturating_sub(12)..i].iter().collect::<Vec<_>>());
    let indented = [col, col.max(col_before)]
        .iter()
        .any(|&c| line.width >= c - 3.5 && line.width <= c - 0.75);
    if !(indented || one_line_paragraph || line.text.starts_with(['“', '「', '『', '‘'])) {
        return None;
    }
    // A column's line, full or indented; run straight into the text, a headline is set apart
    // from the column's measure by more than an indent. A line as wide as the column of the text
    // before the block is that text's too.
    let full = |l: &Line, k: usize| {
        let before = column_width(&lines[k.saturating_sub(8)..k].iter().collect::<Vec<_>>());
        let fills = |c: f32| {
            let indent = if line.blank_before { 1.0 } else { 4.0 };
            l.width >= c - indent && l.width <= c + 0.5
        };
        !l.letter_spaced && (fills(col) || fills(before))
    };
    for k in (i.saturating_sub(4)..i).rev() {
        let l = &lines[k];
        if !headline_like(l) || full(l, k) {
            return None;
        }
        let after_text = k == 0 || {
            let before = &lines[k - 1];
            before.doubled || ends_sentence(&before.text)
        };
        if (l.blank_before || k == 0) && after_text {
            return Some(k);
        }
    }
    None
}

/// Whether a line can be part of a headline block: short, no sentence inside it or ending it,
/// no clause left open at its end, and not a dateline, byline or running head.
fn headline_like(line: &Line) -> bool {
    let text = line.text.as_str();
    let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
    // Papers part a headline's clauses with a space; a comma is running text's.
    !line.doubled
        && (2..=32).contains(&letters)
        && !text.contains(['，', '、', ','])
        && !text.chars().any(crate::script::is_sentence_stop)
        && !text.ends_with(['，', '、', '；', '：', ',', ';', ':', '（', '“', '「', '('])
        && !starts_with_lead(text)
        && !is_byline_line(text)
        && !SECTION_HEAD.is_match(text)
}

/// Whether lines read as running text from their first: punctuation in the first block's
/// first three lines, as sentences have and headlines seldom do.
fn opens_running_text(lines: &[Line]) -> bool {
    lines
        .iter()
        .take(3)
        .enumerate()
        .take_while(|(k, l)| *k == 0 || !l.blank_before)
        .any(|(_, l)| has_clause_punctuation(&l.text))
}

/// Whether a text has the punctuation of sentences: CJK commas and stops anywhere, a Latin
/// comma or full stop after a letter (Korean `했다.`), not inside a number (`0.7%`, `1,200`).
fn has_clause_punctuation(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(k, &c)| match c {
        '，' | '。' | '、' | '！' | '？' | '；' | '：' => true,
        ',' | '.' => k > 0 && !chars[k - 1].is_ascii_digit() && chars[k - 1].is_alphabetic(),
        _ => false,
    })
}

/// Lines that stand among running text as a headline does: after a blank line, between lines
/// of running text, four to sixteen letters with no punctuation, at least four ems short of
/// the column (a paragraph's first line is indented two). On pages whose headlines come before their bodies, extraction prints a photo
/// story's headline so (its photo and caption sit beside the column it interrupts).
fn stray_headlines(lines: &[Line]) -> Vec<bool> {
    let starts = |l: &Line| {
        starts_with_lead(&l.text) || is_byline_line(&l.text) || SECTION_HEAD.is_match(&l.text)
    };
    (0..lines.len())
        .map(|i| {
            let l = &lines[i];
            let near: Vec<&Line> = lines[i.saturating_sub(8)..i].iter().collect();
            let col = column_width(&near);
            let running = |l: &Line| {
                !l.doubled
                    && !starts(l)
                    && (l.width >= col - 3.0 || l.text.chars().any(crate::script::is_cjk_punct))
            };
            let letters = l.text.chars().filter(|c| !c.is_whitespace()).count();
            let plain = l
                .text
                .chars()
                .all(|c| c.is_whitespace() || is_cjk_letter(c) || c.is_ascii_alphanumeric());
            let (Some(before), Some(after)) =
                (i.checked_sub(1).map(|k| &lines[k]), lines.get(i + 1))
            else {
                return false;
            };
            l.blank_before
                && plain
                && (4..=16).contains(&letters)
                && !starts(l)
                && running(before)
                && running(after)
                && l.width <= col - 4.0
        })
        .collect()
}

/// A headline extraction letter-spaced unevenly (`單車 環島 熱`, `夕陽 下的 鹽田`): spaces
/// between letters go when a group between them is three letters or fewer (parallel phrases are
/// longer), else they are the author's.
fn unspace_headline(text: &str) -> String {
    let groups: Vec<&str> = text.split_whitespace().collect();
    if groups.len() >= 2 && groups.iter().any(|g| g.chars().count() <= 3) {
        groups.concat()
    } else {
        text.to_string()
    }
}

/// A headline set letter-spaced and read with spaces between some of its letters (`潮 風`,
/// `村B A揭 幕`): where a group between spaces is a single letter, the spaces are the
/// letter-spacing, not the author's. Korean parts its words with spaces and is left alone.
fn unspace_letters(text: &str) -> String {
    let groups: Vec<&str> = text.split_whitespace().collect();
    let single = groups.iter().any(|g| g.chars().count() == 1);
    if groups.len() >= 2 && single && !text.chars().any(crate::script::is_hangul) {
        groups.concat()
    } else {
        text.to_string()
    }
}

/// Articles side by side print their headlines one after the other before the first body,
/// in either order. An article left with no headline block takes, from an earlier article's
/// block of two or more groups (between blank lines), the group that shares the most of its
/// words (two-letter runs) with its body, when that is more than the group shares with the
/// body it stands over: a headline names what its article is about.
fn share_headlines(split: &mut [(Unit, Vec<&Line>)], notes: &mut Vec<Note>) {
    for needy in 0..split.len() {
        if !split[needy].1.is_empty() || split[needy].0.lines.is_empty() {
            continue;
        }
        let body = pairs(split[needy].0.lines.iter());
        let mut best: Option<(usize, Range<usize>, usize)> = None;
        for (owner, (unit, tail)) in split[..needy].iter().enumerate() {
            let groups = group_ranges(tail);
            if groups.len() < 2 {
                continue;
            }
            let own = pairs(unit.lines.iter());
            for g in groups {
                let lines = &tail[g.clone()];
                if lines
                    .iter()
                    .any(|l| is_phrase_line(&l.text) || !headline_like(l))
                {
                    continue;
                }
                let words = pairs(lines.iter());
                let (here, there) = (
                    words.intersection(&own).count(),
                    words.intersection(&body).count(),
                );
                if there >= 2 && there > here && best.as_ref().is_none_or(|b| there > b.2) {
                    best = Some((owner, g, there));
                }
            }
        }
        let Some((owner, g, _)) = best else { continue };
        let moved: Vec<&Line> = split[owner].1.drain(g).collect();
        notes.push(Note::new(
            moved[0].number,
            format!(
                "`{}` shares more words with the article from line {} than with the one from line {}: taken for its headline",
                join_texts(moved.iter().map(|l| l.text.as_str())),
                split[needy].0.first_line,
                split[owner].0.first_line
            ),
        ));
        split[needy].1 = moved;
    }
}

/// The groups of a headline block: ranges of lines between blank lines.
fn group_ranges(tail: &[&Line]) -> Vec<Range<usize>> {
    let starts: Vec<usize> = (0..tail.len())
        .filter(|&i| i == 0 || tail[i].blank_before)
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &s)| s..starts.get(k + 1).copied().unwrap_or(tail.len()))
        .collect()
}

/// How many lines at the start of a headline block are running text instead: groups (between
/// blank lines) with a full stop inside, a line that breaks off mid-clause, commas over
/// several lines, or a comma in a line as wide as the body's column `col`, which headlines do
/// not have.
fn unfinished_paragraph(tail: &[&Line], col: f32) -> usize {
    let mut kept = 0;
    let mut k = 0;
    while k < tail.len() {
        let end = (k + 1..tail.len())
            .find(|&j| tail[j].blank_before)
            .unwrap_or(tail.len());
        let group = &tail[k..end];
        let running = group.iter().any(|l| {
            l.text.contains(['。', '！', '？'])
                || l.text.ends_with(['，', '、', '；', '：', '“', '「', '（'])
        }) || (group.len() >= 2
            && group.iter().any(|l| l.text.contains(['，', '、'])))
            || group.iter().any(|l| {
                l.text.contains(['，', '、']) && !l.letter_spaced && (l.width - col).abs() <= 0.5
            });
        if !running {
            break;
        }
        kept = end;
        k = end;
    }
    kept
}

/// Finds fake-bold captions: runs of doubled lines up to the last one that ends a sentence or
/// carries a credit. Doubled lines after that (a bold photo headline) stay ordinary lines.
fn find_captions(lines: &[Line]) -> Vec<Caption> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].doubled {
            i += 1;
            continue;
        }
        let mut end = i;
        while end + 1 < lines.len() && lines[end + 1].doubled {
            end += 1;
        }
        // A photo headline printed in the same bold just before its caption, set apart by a
        // blank line and closing no sentence, is not part of the caption.
        let mut start = i;
        let closes = |from: usize, k: usize| {
            ends_sentence(&lines[k].text)
                || split_credit(&join_texts(lines[from..=k].iter().map(|l| l.text.as_str())))
                    .1
                    .is_some()
        };
        let widest = lines[i..=end].iter().map(|l| l.width).fold(0.0, f32::max);
        while start < end
            && !closes(start, start)
            && lines[start + 1].blank_before
            && lines[start].width <= 0.75 * widest
        {
            start += 1;
        }
        let closing = (start..=end).rev().find(|&k| closes(start, k));
        if let Some(last) = closing {
            let text = join_texts(lines[start..=last].iter().map(|l| l.text.as_str()));
            let (caption, credit) = split_credit(&text);
            out.push(Caption {
                image: Image {
                    caption: (!caption.is_empty()).then_some(caption),
                    credit,
                    ..Image::default()
                },
                first: start,
                last,
            });
        }
        i = end + 1;
    }
    out
}

/// A line made of short parallel phrases separated by spaces, as slogans and kickers are
/// (`学党史 悟思想 办实事 开新局`): Chinese characters only (kana and Hangul phrases with
/// spaces are Japanese and Korean headlines).
fn is_phrase_line(text: &str) -> bool {
    let phrases: Vec<&str> = text.split(' ').collect();
    phrases.len() >= 2
        && phrases
            .iter()
            .all(|p| (2..=7).contains(&p.chars().count()) && p.chars().all(crate::script::is_han))
}

/// Builds one article from a unit; `None` for a unit that is only a page slogan.
fn build_article(
    unit: Unit,
    tail: &[&Line],
    headlines_before: bool,
    notes: &mut Vec<Note>,
) -> Option<Article> {
    let mut article = Article {
        images: unit.images,
        ..Article::default()
    };
    let mut body_lines: Vec<&Line> = unit.lines.clone();
    if unit.start == Start::Byline && !body_lines.is_empty() {
        let line = body_lines.remove(0);
        article.byline = byline_of_line(&line.text);
    }
    let mut paragraphs = paragraphs(&body_lines, notes);
    if unit.start == Start::Dateline {
        if let Some(first) = paragraphs.first_mut() {
            let (dateline, byline, rest) = split_lead(first);
            article.dateline = dateline;
            article.byline = byline;
            *first = rest;
        }
        paragraphs.retain(|p| !p.is_empty());
    }
    if !paragraphs.is_empty() {
        let mut body = paragraphs.join("\n\n");
        body.push('\n');
        article.body = Some(body);
    }
    let headline = headline_block(tail, headlines_before, notes);
    if article.body.is_none() && article.images.is_empty() {
        if let Some(h) = &headline {
            notes.push(Note::new(
                h.first_line,
                format!(
                    "`{}` stands alone with no body: taken for a page slogan and left out",
                    h.headline
                ),
            ));
        }
        return None;
    }
    match headline {
        Some(h) => {
            notes.push(Note::new(
                h.first_line,
                format!(
                    "headline `{}` attached by position to the article {} it (from line {})",
                    h.headline,
                    if headlines_before { "below" } else { "above" },
                    unit.first_line
                ),
            ));
            article.headline = h.headline;
            article.kicker = h.kicker;
            article.subheadline = h.subheadline;
        }
        None => {
            // A photo whose caption extraction lost keeps its credit: some text always stands
            // in, since an edition's every article has a headline.
            let image = article.images.first();
            let text = article
                .body
                .as_deref()
                .or(image.and_then(|i| i.caption.as_deref()))
                .or(image.and_then(|i| i.credit.as_deref()))
                .unwrap_or("");
            let mut first_clause: String = text
                .chars()
                .take_while(|c| !matches!(c, '，' | '。' | '！' | '？' | '\n'))
                .take(24)
                .collect();
            if first_clause.trim().is_empty() {
                first_clause = text
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .take(24)
                    .collect();
            }
            notes.push(Note::new(
                unit.first_line,
                format!("no headline found after the article: its first words `{first_clause}` stand in"),
            ));
            article.headline = first_clause;
        }
    }
    Some(article)
}

/// The headline block found after a body.
struct HeadlineBlock {
    headline: String,
    kicker: Option<String>,
    subheadline: Option<String>,
    first_line: usize,
}

/// Reads the lines after a body: groups separated by blank lines; parallel-phrase groups before
/// the headline are its kicker, after it a page slogan (left out); a second headline line that
/// opens its own clause, or starts with a dash, is the subheadline.
fn headline_block(tail: &[&Line], before: bool, notes: &mut Vec<Note>) -> Option<HeadlineBlock> {
    let mut groups: Vec<Vec<&Line>> = Vec::new();
    for &line in tail {
        match groups.last_mut() {
            Some(g) if !line.blank_before => g.push(line),
            _ => groups.push(vec![line]),
        }
    }
    if groups.is_empty() {
        return None;
    }
    let phrase_group = |g: &Vec<&Line>| g.iter().all(|l| is_phrase_line(&l.text));
    let mut main = groups.iter().position(|g| !phrase_group(g)).unwrap_or(0);
    // Printed above its body, a short headline is letter-spaced to the column and the line
    // over it, unspaced, is its kicker (`城市更新进行时` / `老 街换 新 颜`).
    let spaced = |g: &Vec<&Line>| g.iter().all(|l| l.letter_spaced);
    if let Some(largest) = largest_group(&groups) {
        // Where the sizes are known, the headline is the largest type: a smaller line over it
        // is its kicker, one under it its subheadline.
        main = largest;
    } else if before && !spaced(&groups[main]) {
        if let Some(k) = (main + 1..groups.len()).find(|&k| spaced(&groups[k])) {
            main = k;
        }
    }
    if largest_group(&groups).is_none() && kicker_over(&groups, main) {
        main += 1;
    }
    // Lines of parallel phrases continue one another with a space, as the phrases inside them do.
    let phrases = |g: &[&Line]| {
        g.iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let shown = |g: &[&Line]| {
        g.iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" / ")
    };
    let mut head: &[&Line] = &groups[main];
    // A kicker is the line of parallel phrases right over the headline: the first line of the
    // headline's own group, else the group just before it. Phrase groups further up are slogans.
    let kicker_in_group = head.len() >= 2
        && is_phrase_line(&head[0].text)
        && !head[1..].iter().all(|l| is_phrase_line(&l.text));
    let kicker = if kicker_in_group {
        notes.push(Note::new(
            head[0].number,
            format!(
                "`{}` (parallel phrases over the headline) taken for its kicker",
                head[0].text
            ),
        ));
        let k = head[0].text.clone();
        head = &head[1..];
        Some(k)
    } else if main > 0 {
        let k = &groups[main - 1];
        notes.push(Note::new(
            k[0].number,
            format!(
                "`{}` taken for the kicker of the headline below it",
                shown(k)
            ),
        ));
        Some(phrases(k))
    } else {
        None
    };
    let slogans_before = if kicker_in_group {
        main
    } else {
        main.saturating_sub(1)
    };
    for g in groups.iter().take(slogans_before) {
        notes.push(Note::new(
            g[0].number,
            format!("`{}` left out: a page slogan", shown(g)),
        ));
    }
    // Where the subheadline starts inside the headline group, if it does.
    // A line of spaced phrases under a headline that has none is a subheadline too
    // (`全长23.6公里 设站17座` under `清河新区首条地铁线路开通试运营`).
    let sub_at = (1..head.len()).find(|&k| {
        let t = head[k].text.as_str();
        t.starts_with('—')
            || CLAUSE_VERBS.iter().any(|v| t.starts_with(v))
            || (!head[k].letter_spaced
                && t.contains(' ')
                && head[..k].iter().all(|l| !l.text.contains(' ')))
    });
    let (main_lines, sub_lines) = head.split_at(sub_at.unwrap_or(head.len()));
    let mut subheadline =
        (!sub_lines.is_empty()).then(|| join_texts(sub_lines.iter().map(|l| l.text.as_str())));
    if let Some(s) = &subheadline {
        notes.push(Note::new(
            sub_lines[0].number,
            format!("`{s}` opens its own clause: taken for the subheadline, not the headline's second line"),
        ));
    }
    if main_lines.len() > 1 && subheadline.is_none() {
        notes.push(Note::new(
            main_lines[1].number,
            format!(
                "headline lines {}–{} joined into one headline",
                main_lines[0].number,
                main_lines[main_lines.len() - 1].number
            ),
        ));
    }
    for g in &groups[main + 1..] {
        let text = join_texts(g.iter().map(|l| l.text.as_str()));
        if phrase_group(g) || subheadline.is_some() {
            notes.push(Note::new(
                g[0].number,
                format!("`{}` left out: a page slogan", shown(g)),
            ));
        } else {
            notes.push(Note::new(
                g[0].number,
                format!("`{text}` after the headline taken for its subheadline"),
            ));
            subheadline = Some(text);
        }
    }
    Some(HeadlineBlock {
        headline: unspace_letters(&join_texts(main_lines.iter().map(|l| l.text.as_str()))),
        kicker,
        subheadline,
        first_line: head[0].number,
    })
}

/// Whether the group taken for the headline is rather the kicker over the next group: a single
/// line, set apart from the next group (extraction parts lines of different sizes with a blank
/// line), and clearly shorter than that group's text (three quarters of it or less). A kicker is a short lead-in (`山城產業轉型` over
/// `東勢高接梨外銷日本創新高`); a subheadline, under its headline, is commonly the longer.
fn kicker_over(groups: &[Vec<&Line>], main: usize) -> bool {
    let letters = |g: &[&Line]| {
        g.iter()
            .flat_map(|l| l.text.chars())
            .filter(|c| c.is_alphanumeric())
            .count()
    };
    let (Some(g), Some(next)) = (groups.get(main), groups.get(main + 1)) else {
        return false;
    };
    g.len() == 1
        && !next.iter().all(|l| is_phrase_line(&l.text))
        && letters(g) * 4 <= letters(&next[..next.len().min(3)]) * 3
}

/// The group set in the largest type, where every line's size is known and one group's is
/// larger than the others' (by a tenth); `None` otherwise.
fn largest_group(groups: &[Vec<&Line>]) -> Option<usize> {
    let sizes: Vec<f32> = groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|l| l.size)
                .try_fold(0.0f32, |m, s| Some(m.max(s?)))
        })
        .collect::<Option<_>>()?;
    let (main, &largest) = sizes
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))?;
    let others = sizes.iter().enumerate().filter(|&(k, _)| k != main);
    (groups.len() >= 2 && others.clone().all(|(_, &s)| s * 1.1 <= largest)).then_some(main)
}

/// The column width of a run of body lines: the width most full lines reach (a high
/// percentile, since paragraph ends and indented first lines are shorter).
pub(super) fn column_width(lines: &[&Line]) -> f32 {
    let mut widths: Vec<f32> = lines
        .iter()
        .filter(|l| !l.letter_spaced)
        .map(|l| l.width)
        .collect();
    if widths.is_empty() {
        return 0.0;
    }
    widths.sort_by(f32::total_cmp);
    widths[(widths.len() * 3 / 4).min(widths.len() - 1)]
}

/// Rebuilds paragraphs from hard-wrapped body lines. A paragraph ends on a line that closes a
/// sentence and is short; a full line that closes a sentence ends one only when the next line
/// is indented (two ems short). Blank lines alone decide nothing: extraction puts them at
/// column breaks too.
fn paragraphs(lines: &[&Line], notes: &mut Vec<Note>) -> Vec<String> {
    let col = column_width(lines);
    let short = |l: &Line| !l.letter_spaced && l.width < col - 1.25;
    // A letter-spaced line's width counts its characters only: a first line stretched to the
    // indented measure is as wide as an indented one.
    let indented = |l: &Line| l.width >= col - 3.0 && l.width < col - 1.25;
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        // A paragraph's first line is indented: two ems short of the column is full for it.
        let first_of_paragraph = current.is_empty();
        current.push(&line.text);
        let Some(next) = lines.get(i + 1) else { break };
        let cut_short = if first_of_paragraph {
            !line.letter_spaced && line.width < col - 3.0
        } else {
            short(line)
        };
        let breaks = if !ends_sentence(&line.text) {
            false
        } else if cut_short {
            true
        } else {
            let next_is_one_line_paragraph = ends_sentence(&next.text) && short(next);
            if next.letter_spaced {
                // A stretched line hides whether it was indented; only the blank line tells.
                notes.push(Note::new(
                    next.number,
                    format!(
                        "paragraph break {}: the line before is full and closes a sentence, this one is letter-spaced",
                        if next.blank_before { "guessed from the blank line" } else { "not made (no blank line)" }
                    ),
                ));
                next.blank_before
            } else if indented(next) && !next_is_one_line_paragraph {
                if !next.blank_before {
                    notes.push(Note::new(
                        next.number,
                        "paragraph break guessed: the line before is full but closes a sentence, and this one is indented",
                    ));
                }
                true
            } else if next.text.starts_with(['“', '「', '『', '‘']) {
                // A quotation opens the line: a new paragraph of speech, whose indent the
                // hanging opening quote hides.
                notes.push(Note::new(
                    next.number,
                    "paragraph break guessed: a quotation opens this line after a full line that closes a sentence",
                ));
                true
            } else if next_is_one_line_paragraph {
                notes.push(Note::new(
                    next.number,
                    format!(
                        "paragraph break {}: the line before is full and closes a sentence, this one is a short sentence",
                        if next.blank_before { "guessed from the blank line" } else { "not made (no blank line)" }
                    ),
                ));
                next.blank_before
            } else {
                if next.blank_before {
                    notes.push(Note::new(
                        next.number,
                        "no paragraph break: the blank line before this full, unindented line is taken for a column break",
                    ));
                }
                false
            }
        };
        if breaks {
            out.push(join_texts(current.drain(..)));
        }
    }
    if !current.is_empty() {
        out.push(join_texts(current.drain(..)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_words_keep_a_space_across_lines() {
        assert_eq!(join_texts(["2021-", "2022赛季"]), "2021-2022赛季");
        assert_eq!(
            join_texts(["printed in", "Hong Kong"]),
            "printed in Hong Kong"
        );
        assert_eq!(join_texts(["记者 郝", "飚）"]), "记者 郝飚）");
    }

    fn recover_text(raw: &str) -> (Vec<Article>, Vec<Note>) {
        let mut notes = Vec::new();
        let articles = recover(&super::super::lines::read_lines(raw), true, &mut notes);
        (articles, notes)
    }

    #[test]
    fn blank_lines_inside_sentences_and_after_full_lines_are_column_breaks() {
        // Columns of 10: first lines indented to 8; a blank line at a column break falls
        // mid-sentence, then after a full line that closes a sentence.
        let raw = "本报讯 （记者 王五）今天\n天气晴朗，气温回升到了二十\n\n度，市民纷纷走出家门踏青赏\n花，公园里游人如织热闹非凡。\n\n街头巷尾到处都是欢声笑语。\n\n明天全市仍将以晴好天气\n为主，气温继续升高。\n\n晴 天 来 了\n";
        let (articles, notes) = recover_text(raw);
        assert_eq!(articles.len(), 1);
        let a = &articles[0];
        assert_eq!(a.headline, "晴天来了");
        assert_eq!(
            a.body.as_deref(),
            Some("今天天气晴朗，气温回升到了二十度，市民纷纷走出家门踏青赏花，公园里游人如织热闹非凡。街头巷尾到处都是欢声笑语。\n\n明天全市仍将以晴好天气为主，气温继续升高。\n")
        );
        assert!(
            notes.iter().any(|n| n.message.contains("column break")),
            "{notes:?}"
        );
    }

    #[test]
    fn headline_blocks_sort_kicker_headline_subheadline_and_slogan() {
        let raw = "本报讯 今天，新的图书馆正式开放\n了，市民可以免费借阅图书。\n\n喜迎新馆 书香满城\n\n市图书馆新馆开放\n——记者探访新馆\n\n学习强国 读书明理\n\n本报讯 （记者 李四）昨日，全市\n中小学开学，学生们回到校园。\n\n全市中小学开学\n推动教育优质均衡发展\n";
        let (articles, notes) = recover_text(raw);
        assert_eq!(articles.len(), 2, "{articles:?}");
        let (a, b) = (&articles[0], &articles[1]);
        assert_eq!(a.kicker.as_deref(), Some("喜迎新馆 书香满城"));
        assert_eq!(a.headline, "市图书馆新馆开放");
        assert_eq!(a.subheadline.as_deref(), Some("——记者探访新馆"));
        assert_eq!(a.dateline.as_deref(), Some("本报讯"));
        assert_eq!(a.byline, None);
        assert_eq!(b.headline, "全市中小学开学");
        assert_eq!(b.subheadline.as_deref(), Some("推动教育优质均衡发展"));
        assert_eq!(b.byline.as_deref(), Some("记者 李四"));
        assert!(
            notes
                .iter()
                .any(|n| n.message.contains("学习强国 读书明理")),
            "{notes:?}"
        );
    }

    #[test]
    fn photo_stories_and_byline_features() {
        let raw = "□本报记者 赵六\n\n“这里的变化太大了。”老人\n感慨地说。\n\n老街新颜\n\n昨日昨日，，游客在老街游览游客在老街游览。。 本报记者本报记者 钱七钱七 摄摄\n\n春到老街春到老街\n";
        let (articles, _) = recover_text(raw);
        assert_eq!(articles.len(), 2, "{articles:?}");
        assert_eq!(articles[0].byline.as_deref(), Some("本报记者 赵六"));
        assert_eq!(articles[0].dateline, None);
        assert_eq!(articles[0].headline, "老街新颜");
        assert_eq!(
            articles[0].body.as_deref(),
            Some("“这里的变化太大了。”老人感慨地说。\n")
        );
        let photo = &articles[1];
        assert_eq!(photo.headline, "春到老街");
        assert_eq!(photo.body, None);
        assert_eq!(
            photo.images[0].caption.as_deref(),
            Some("昨日，游客在老街游览。")
        );
        assert_eq!(photo.images[0].credit.as_deref(), Some("本报记者 钱七 摄"));
    }

    #[test]
    fn a_photo_story_headline_printed_among_running_text_heads_the_caption_after() {
        let raw = "渔港迎来开海首航\n文/图 本报记者 吴海波\n\n六月十九日清晨，随着一声长\n长的汽笛，滨海渔港的两百多艘\n渔船陆续驶出港口，开始今年休\n渔期后的首次捕捞作业。\n\n海岸线 上的 守护者\n“休渔期让海里的鱼有时间长\n大，今年的收成应该不错。”老\n渔民林阿伯站在船头说。\n\n志愿者在金沙滩清理海洋垃圾志愿者在金沙滩清理海洋垃圾。。 本报记者本报记者 吴海波吴海波 摄摄\n\n科技馆里的暑期课堂\n记者 孙丽娜\n\n暑假还没开始，市科技馆的暑\n期科普课堂已经报满了。\n";
        let (articles, notes) = recover_text(raw);
        let heads: Vec<&str> = articles.iter().map(|a| a.headline.as_str()).collect();
        assert_eq!(
            heads,
            ["渔港迎来开海首航", "海岸线上的守护者", "科技馆里的暑期课堂"],
            "{notes:?}"
        );
        assert!(articles[0].images.is_empty());
        assert!(!articles[0].body.as_deref().unwrap().contains("守护者"));
        assert_eq!(articles[1].body, None);
        assert_eq!(
            articles[1].images[0].credit.as_deref(),
            Some("本报记者 吴海波 摄")
        );
    }

    #[test]
    fn headlines_of_articles_side_by_side_go_to_the_bodies_that_share_their_words() {
        // The second article's headline is printed first, then the first one's.
        let raw = "港口吞吐量创新高\n本报讯 今年港口吞吐量创下新\n高，航线总数达到二十八条。\n\n老屋改造成青年旅馆\n\n春季流感疫苗开打\n本报讯 春季流感疫苗即日起开\n放接种，长者可免费接种。\n\n本报讯 一栋百年老屋经过两年\n改造，变身为青年旅馆。\n";
        let (articles, notes) = recover_text(raw);
        let heads: Vec<&str> = articles.iter().map(|a| a.headline.as_str()).collect();
        assert_eq!(
            heads,
            ["港口吞吐量创新高", "春季流感疫苗开打", "老屋改造成青年旅馆"],
            "{notes:?}"
        );
    }

    #[test]
    fn letter_spacing_read_as_spaces_is_undone_in_headlines() {
        assert_eq!(unspace_letters("潮 風"), "潮風");
        assert_eq!(unspace_letters("村B A揭 幕"), "村BA揭幕");
        assert_eq!(unspace_letters("稳产保供 端牢饭碗"), "稳产保供 端牢饭碗");
        assert_eq!(unspace_letters("새 학기 시작"), "새 학기 시작");
    }

    const BRIEFS: [(&str, [&str; 3]); 3] = [
        (
            "新馆开放迎读者",
            [
                "今天，新图书馆正式开放",
                "了，市民可以免费借阅各类图",
                "书和报刊。",
            ],
        ),
        (
            "中小学今天开学",
            [
                "昨日，全市各中小学开学",
                "了，学生们陆续回到校园开始",
                "新学期的学习。",
            ],
        ),
        (
            "让阅读成为习惯",
            [
                "图书馆开放只是第一步，",
                "更重要的是让更多人走进来读",
                "书。",
            ],
        ),
    ];

    fn assert_briefs(raw: &str) {
        let (articles, notes) = recover_text(raw);
        let heads: Vec<&str> = articles.iter().map(|a| a.headline.as_str()).collect();
        assert_eq!(heads, BRIEFS.map(|(h, _)| h), "{notes:?}");
        for (a, (_, body)) in articles.iter().zip(BRIEFS) {
            assert_eq!(
                a.body.as_deref(),
                Some(format!("{}\n", body.concat()).as_str())
            );
            assert_eq!((a.dateline.as_deref(), a.byline.as_deref()), (None, None));
        }
        assert!(
            notes
                .iter()
                .any(|n| n.message.contains("no dateline or byline")),
            "{notes:?}"
        );
    }

    #[test]
    fn articles_with_neither_dateline_nor_byline_start_after_their_headlines() {
        // Columns of 13, first lines indented two: headlines printed before their bodies...
        let before: String = BRIEFS
            .iter()
            .map(|(h, body)| format!("{h}\n\n{}\n\n", body.join("\n")))
            .collect();
        assert_briefs(&before);
        // ...and after them.
        let after: String = BRIEFS
            .iter()
            .map(|(h, body)| format!("{}\n\n{h}\n\n", body.join("\n")))
            .collect();
        assert_briefs(&after);
    }

    #[test]
    fn a_column_line_without_punctuation_starts_no_article() {
        // The second paragraph's first line has no punctuation and follows a closed sentence,
        // but the line after it is not indented: one article.
        let raw = "新馆开放迎读者\n\n今天，新图书馆正式开放\n了，市民可以免费借阅各类图\n书和报刊。\n\n首日到馆的读者超过一千\n人次，其中不少是带着孩子来\n的家长。\n";
        let (articles, notes) = recover_text(raw);
        assert_eq!(articles.len(), 1, "{notes:?}");
    }

    #[test]
    fn a_short_line_over_a_longer_headline_is_its_kicker() {
        let raw = "山城產業轉型\n\n東勢高接梨外銷日本創新高\n今年出口量估達八百公噸 較去年成長三成\n本報台中26日電（記者 陳冠宇）台中市東\n勢區的高接梨今年再度叩關日\n本市場。\n";
        let (articles, notes) = recover_text(raw);
        assert_eq!(articles.len(), 1, "{notes:?}");
        let a = &articles[0];
        assert_eq!(a.kicker.as_deref(), Some("山城產業轉型"));
        assert_eq!(a.headline, "東勢高接梨外銷日本創新高");
        assert_eq!(
            a.subheadline.as_deref(),
            Some("今年出口量估達八百公噸 較去年成長三成")
        );
        assert_eq!(a.dateline.as_deref(), Some("本報台中26日電"));
    }

    #[test]
    fn where_sizes_are_known_the_largest_type_is_the_headline() {
        let line = |number: usize, text: &str, size: f32| Line {
            number,
            text: text.into(),
            blank_before: true,
            doubled: false,
            letter_spaced: false,
            width: text.chars().count() as f32,
            size: Some(size),
        };
        let (k, h, sub) = (
            line(1, "一季度经济运行开局良好", 11.0),
            line(2, "北原生产总值增长", 22.0),
            line(3, "规上工业增加值增速高于全省平均水平", 13.0),
        );
        let groups = vec![vec![&k], vec![&h], vec![&sub]];
        assert_eq!(largest_group(&groups), Some(1));
        let mut notes = Vec::new();
        let block = headline_block(&[&k, &h, &sub], true, &mut notes).unwrap();
        assert_eq!(block.kicker.as_deref(), Some("一季度经济运行开局良好"));
        assert_eq!(block.headline, "北原生产总值增长");
        assert_eq!(
            block.subheadline.as_deref(),
            Some("规上工业增加值增速高于全省平均水平")
        );
        // Two headlines of one size: the sizes tell nothing.
        let twin = line(4, "春季招聘会提供岗位", 22.0);
        assert_eq!(largest_group(&[vec![&h], vec![&twin]]), None);
    }

    #[test]
    fn a_headline_printed_among_another_articles_block_goes_to_the_body_sharing_its_words() {
        // Side by side: the right-hand article's headline comes first, then the left-hand
        // article's kicker and headline; the right-hand article, whose byline is further down,
        // has no headline of its own.
        let raw = "港口航线新开三条\n\n经济开局良好\n\n全市一季度生产总值增长\n本报讯 今年一季度全市生产总值\n增长百分之五。\n\n■本报记者 韩冬\n\n今年港口航线新开三条，\n港口吞吐量创新高。\n";
        let (articles, notes) = recover_text(raw);
        let heads: Vec<(Option<&str>, &str)> = articles
            .iter()
            .map(|a| (a.kicker.as_deref(), a.headline.as_str()))
            .collect();
        assert_eq!(
            heads,
            [
                (Some("经济开局良好"), "全市一季度生产总值增长"),
                (None, "港口航线新开三条")
            ],
            "{notes:?}"
        );
    }

    #[test]
    fn slogans_are_parallel_phrases() {
        assert!(is_phrase_line("学党史 悟思想 办实事 开新局"));
        assert!(!is_phrase_line("我区印发实施意见 推动青少年文化学习"));
        assert!(!is_phrase_line("“智慧人社”推动小窗口实现大服务"));
    }
}
#[cfg(test)]
mod debug_dump {
    #[test]
    fn dump() {
        let Ok(p) = std::env::var("DUMP") else { return };
        let lines = if p.ends_with(".pdf") {
            let raw = super::super::page_pdf::read_pdf(&std::fs::read(&p).unwrap()).unwrap();
            super::super::lines::clean_lines(raw)
        } else {
            super::super::lines::read_lines(&std::fs::read_to_string(p).unwrap())
        };
        for l in lines {
            println!(
                "{:>4} {}{}{} w={:5.1} {}",
                l.number,
                if l.blank_before { "B" } else { " " },
                if l.doubled { "D" } else { " " },
                if l.letter_spaced { "S" } else { " " },
                l.width,
                l.text
            );
        }
    }
}
