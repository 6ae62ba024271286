//! Where articles start in a page's lines: datelines, bylines on their own line, photo
//! captions with nothing above them, and running text after a headline block; the lines
//! between one start and the next make a unit, an article in the making.

use super::captions::{find_captions, Caption};
use super::conventions::{dateline, is_byline_line, is_closing_credit, starts_with_lead};
use super::lines::Line;
use super::paragraphs::column_width;
use super::structure::{ends_sentence, join_texts, SECTION_HEAD};
use super::Note;
use crate::edition::Image;
use crate::script::is_cjk_letter;

/// How a unit of the page begins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Start {
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
pub(super) struct Unit<'a> {
    /// How it begins.
    pub(super) start: Start,
    /// Its lines, in text order.
    pub(super) lines: Vec<&'a Line>,
    /// The captions found among its lines.
    pub(super) images: Vec<Image>,
    /// The raw line it starts at, for the report.
    pub(super) first_line: usize,
}

/// Cuts the page's lines into units at every start, placing each caption: inside the article
/// whose text goes on around it, heading a photo story of its own, or taking the headline that
/// extraction printed among the lines before it. `stray`: the lines that stand among running
/// text as a headline does (see [`stray_headlines`]).
pub(super) fn find_units<'a>(
    lines: &'a [Line],
    stray: &[bool],
    extracted: bool,
    notes: &mut Vec<Note>,
) -> Vec<Unit<'a>> {
    let captions = find_captions(lines);
    // In extraction's order a photo story's headline can stand among another article's lines
    // (its photo and caption sit beside the column it interrupts): a lone headline-like line,
    // running text after it and then a caption, before anything else starts an article, is
    // that story's headline (see `place_caption`), not the start of a new article.
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
    let stray_at: Vec<usize> = lines
        .iter()
        .zip(stray)
        .filter(|(_, &s)| s)
        .map(|(l, _)| l.number)
        .collect();
    let body = body_size(lines);
    let mut units: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(c) = captions.iter().find(|c| c.first == i) {
            place_caption(&mut units, c, lines[i].number, &stray_at, extracted, notes);
            i = c.last + 1;
            continue;
        }
        let line = &lines[i];
        let start = start_at(lines, i, body, &heads_photo_story, notes);
        match (start, units.last_mut()) {
            (None, Some(u)) => u.lines.push(line),
            (start, _) => units.push(Unit {
                start: start.unwrap_or(Start::Top),
                lines: vec![line],
                images: Vec::new(),
                first_line: line.number,
            }),
        }
        i += 1;
    }
    units
}

/// How line `i` starts a unit, if it does; `body`: the text's type size where known;
/// `heads_photo_story` vetoes a headed start.
fn start_at(
    lines: &[Line],
    i: usize,
    body: Option<f32>,
    heads_photo_story: &dyn Fn(usize) -> bool,
    notes: &mut Vec<Note>,
) -> Option<Start> {
    let line = &lines[i];
    // A long lead (`（中央社記者林志豪彰化3日電）`) may wrap in a narrow column.
    let with_next = match lines.get(i + 1) {
        Some(next) if !next.blank_before => join_texts([line.text.as_str(), &next.text]),
        _ => line.text.clone(),
    };
    // A reporter in brackets alone at a paragraph's end closes the article before; opening one,
    // the text follows it.
    let closing =
        is_closing_credit(&line.text) && lines.get(i + 1).is_none_or(|next| next.blank_before);
    // A lead wrapped after its dateline (`本报9月2日讯` / `（记者 钱蕾）总投资…`) started on
    // the line before.
    let lead_goes_on = !line.blank_before
        && i > 0
        && dateline(&lines[i - 1].text).is_some_and(|(_, end)| end == lines[i - 1].text.len());
    if starts_with_lead(&with_next) && !closing && !lead_goes_on {
        return Some(Start::Dateline);
    }
    if line.text.chars().count() <= 30 && is_byline_line(&line.text) {
        return Some(Start::Byline);
    }
    let k = sized_start(lines, i, body)
        .or_else(|| headed_start(lines, i))
        .filter(|_| !heads_photo_story(i))?;
    notes.push(Note::new(
        line.number,
        format!(
            "running text after the headline block `{}`, with no dateline or byline: a new article taken to start here",
            join_texts(lines[k..i].iter().map(|l| l.text.as_str()))
        ),
    ));
    Some(Start::Headed)
}

/// Places the caption `c`, which starts at raw line `at` (see [`find_units`]); `stray_at`: the
/// raw lines of stray headlines.
fn place_caption(
    units: &mut Vec<Unit>,
    c: &Caption,
    at: usize,
    stray_at: &[usize],
    extracted: bool,
    notes: &mut Vec<Note>,
) {
    let body_ongoing = units
        .last()
        .and_then(|u| u.lines.last())
        .is_some_and(|l| ends_sentence(&l.text));
    // A photo story's headline printed among the lines of the article before: the caption is
    // that story's, and the headline, moved after the article's body, heads it.
    let story_headline = units
        .last()
        .and_then(|u| u.lines.iter().rposition(|l| stray_at.contains(&l.number)));
    let photo_story = Unit {
        start: Start::Caption,
        lines: Vec::new(),
        images: vec![c.image.clone()],
        first_line: at,
    };
    match (units.last_mut(), story_headline) {
        (Some(u), Some(k)) if body_ongoing && extracted => {
            let headline = u.lines.remove(k);
            notes.push(Note::new(
                headline.number,
                format!(
                    "`{}` (a headline among running text, a caption following) taken for the headline of the photo story at line {at}",
                    headline.text
                ),
            ));
            u.lines.push(headline);
            units.push(photo_story);
        }
        (Some(u), _) if body_ongoing => {
            u.images.push(c.image.clone());
            notes.push(Note::new(
                at,
                "caption inside an article's body: attached to that article as an image",
            ));
        }
        _ => units.push(photo_story),
    }
}

/// Whether line `i` opens an article that has neither dateline nor byline: the one to four
/// lines before it read as a headline block (see [`headline_like`]) that opens a block (after a
/// blank line, or at the top of the part) and follows a closed sentence or a caption, and the
/// text from `i` on is running text (punctuated). Headline blocks come before their bodies or
/// after them; either way a new article's text starts here. A line of a column that only
/// lacks punctuation is told apart by its measure: it fills the column the text after it is
/// set to, which a headline run straight into that text does not. Returns where the
/// headline block starts.
pub(super) fn headed_start(lines: &[Line], i: usize) -> Option<usize> {
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

/// The type size most of the text is set in, where the source tells sizes (a PDF): the size
/// with the most letters, to a tenth of a point.
pub(super) fn body_size(lines: &[Line]) -> Option<f32> {
    let mut letters: Vec<(i32, usize)> = Vec::new();
    for l in lines {
        let size = (l.size? * 10.0).round() as i32;
        let n = l.text.chars().filter(|c| c.is_alphanumeric()).count();
        match letters.iter_mut().find(|(s, _)| *s == size) {
            Some((_, count)) => *count += n,
            None => letters.push((size, n)),
        }
    }
    letters
        .into_iter()
        .max_by_key(|&(s, n)| (n, -s))
        .map(|(s, _)| s as f32 / 10.0)
}

/// Whether a line is set as a heading, larger than the text (by a fifth, as headlines and
/// subheadlines are) or as a run-in heading (see [`Line::heading`]), and reads as one: no
/// sentence closed at its end, not printed twice (a caption), not a lead or a byline.
fn larger_headline_line(line: &Line, body: f32) -> bool {
    (line.size.is_some_and(|s| s >= 1.2 * body) || line.heading)
        && !line.doubled
        && !starts_with_lead(&line.text)
        && !is_byline_line(&line.text)
        && !ends_sentence(&line.text)
        && !line.text.ends_with(['，', '、', '；', ',', ';'])
}

/// Where the sizes are known, whether line `i`, in the text's size, opens an article under a
/// headline block set larger (up to five lines): type size tells a headline where punctuation
/// and indents only hint (a headline with a comma, a text opening with no indent). Returns
/// where the block starts.
fn sized_start(lines: &[Line], i: usize, body: Option<f32>) -> Option<usize> {
    let body = body?;
    let line = &lines[i];
    let at_body = line.size.is_some_and(|s| s < 1.1 * body);
    if i == 0 || !at_body || line.doubled || !opens_running_text(&lines[i..]) {
        return None;
    }
    let k = (i.saturating_sub(5)..i)
        .rev()
        .take_while(|&k| larger_headline_line(&lines[k], body))
        .last()?;
    Some(k)
}

/// Whether a line can be part of a headline block: short, no sentence inside it or ending it,
/// no clause left open at its end, and not a dateline, byline or running head.
pub(super) fn headline_like(line: &Line) -> bool {
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
pub(super) fn stray_headlines(lines: &[Line]) -> Vec<bool> {
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
pub(super) fn unspace_headline(text: &str) -> String {
    let groups: Vec<&str> = text.split_whitespace().collect();
    if groups.len() >= 2 && groups.iter().any(|g| g.chars().count() <= 3) {
        groups.concat()
    } else {
        text.to_string()
    }
}
