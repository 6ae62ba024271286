//! Text extracted one glyph per line. `pdftotext -raw` on a vertical page (the plain mode
//! scrambles vertical text) writes each character on a line of its own, in reading order: the
//! lines say nothing, the order everything. The characters are restacked into one stream and
//! cut where a reader sees units: after each sentence, before each dateline, after the running
//! head. Paragraph breaks are lost (a new paragraph and a new sentence look alike) and the
//! author's spaces too (`记者谭晓燕`; bylines get theirs back from their roles).

use std::sync::LazyLock;

use regex::Regex;

use super::conventions::{dateline, starts_with_lead, stream_byline};
use super::lines::RawLine;
use super::Note;
use crate::script;

/// A running head opening the stream: `第1版` and a section name. Its end is not marked, so
/// the name is taken to be two characters, as most section names are (`要闻`, `经济`, `民生`).
static STREAM_SECTION_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^第[0-9０-９一二三四五六七八九十百]+[版面][·・:：|｜]?\p{Han}{2}")
        .expect("stream section head pattern")
});

/// Whether the text holds one character a line: at least 20 lines, nine in ten of them a single
/// character.
pub fn is_glyph_per_line(raw: &str) -> bool {
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let single = lines.iter().filter(|l| l.chars().count() == 1).count();
    lines.len() >= 20 && single * 10 >= lines.len() * 9
}

/// Restacks text of one glyph per line into lines a reader would see (each with the raw line
/// of its first character), and notes what was guessed.
pub fn restack(raw: &str, notes: &mut Vec<Note>) -> Vec<RawLine> {
    // The stream, and the raw line each of its characters came from, by byte offset.
    let mut stream = String::new();
    let mut from: Vec<(usize, usize)> = Vec::new();
    // Where each page starts: pdftotext ends a page with a form feed.
    let mut page_starts = vec![0];
    for (i, line) in raw.lines().enumerate() {
        if line.contains('\u{c}') && !stream.is_empty() {
            page_starts.push(stream.len());
        }
        for c in line.trim().chars().filter(|c| !c.is_control()) {
            from.push((stream.len(), i + 1));
            stream.push(c);
        }
    }
    notes.push(Note::new(
        1,
        "the text has one character a line (pdftotext -raw on a vertical page): read as one stream, cut after sentences and before datelines; paragraph breaks are not known",
    ));
    let line_at = |at: usize| {
        let first = from.partition_point(|&(offset, _)| offset < at);
        from.get(first).map_or(1, |&(_, line)| line)
    };
    let mut cuts = lead_cuts(&stream, &page_starts, &line_at, notes);
    cuts.extend(&page_starts);
    cuts.extend(sentence_ends(&stream));
    cuts.push(stream.len());
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut start = 0;
    for cut in cuts.into_iter().filter(|&cut| cut > 0) {
        out.push(RawLine {
            number: line_at(start),
            text: stream[start..cut].to_string(),
            blank_before: true,
            doubled: false,
            size: None,
            heading: false,
        });
        start = cut;
    }
    out
}

/// Where the stream is cut around what is not a sentence: after the running head opening a
/// page (`page_starts`: byte offsets; `line_at` gives an offset's raw line), before each
/// lead (a dateline, with the byline in brackets after it, is one lead; `（中央社記者…電）`
/// also matches from its second character, so a lead is cut before, never inside it), and
/// around a byline whose end is marked (`記者王小明／鹿港報導`), which stands between a
/// headline and its text.
fn lead_cuts(
    stream: &str,
    page_starts: &[usize],
    line_at: &dyn Fn(usize) -> usize,
    notes: &mut Vec<Note>,
) -> Vec<usize> {
    let mut cuts = Vec::new();
    for m in page_starts
        .iter()
        .filter_map(|&at| STREAM_SECTION_HEAD.find(&stream[at..]).map(|m| (at, m)))
    {
        let (at, m) = m;
        cuts.push(at + m.end());
        notes.push(Note::new(
            line_at(at),
            format!(
                "`{}` taken for the running head (a two-character section name guessed)",
                m.as_str()
            ),
        ));
    }
    let mut lead_end = 0;
    for (at, _) in stream.char_indices() {
        if at > 0 && at > lead_end && starts_with_lead(&stream[at..]) {
            cuts.push(at);
            lead_end = dateline(&stream[at..]).map_or(at, |(_, end)| at + end);
        } else if at >= lead_end {
            if let Some(end) = stream_byline(&stream[at..]) {
                cuts.extend([at, at + end]);
                lead_end = at + end;
            }
        }
    }
    cuts
}

/// Where the stream's sentences end: after a stop, or after the closing quotes that follow
/// it; a run of stops (`……`, `！？`) ends one sentence once.
fn sentence_ends(stream: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = stream.char_indices().collect();
    let stop = |k: usize| {
        let c = chars[k].1;
        script::is_sentence_stop(c) || (c == '.' && k > 0 && script::is_cjk_letter(chars[k - 1].1))
    };
    let mut ends = Vec::new();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let ended = if script::is_closing_quote(c) {
            (0..k)
                .rev()
                .find(|&j| !script::is_closing_quote(chars[j].1))
                .is_some_and(stop)
        } else {
            stop(k)
        };
        let next_closes = chars
            .get(k + 1)
            .is_some_and(|&(_, n)| script::is_closing_quote(n) || script::is_sentence_stop(n));
        if ended && !next_closes {
            ends.push(at + c.len_utf8());
        }
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_a_line(text: &str) -> String {
        text.chars().map(|c| format!("{c}\n")).collect()
    }

    #[test]
    fn a_vertical_page_read_glyph_by_glyph_is_restacked() {
        let raw = one_a_line(
            "第1版要聞古亭公園完成整修本報台北4日電（記者劉宗翰）整修工程今天完工。他說：「很好。」年菜預購開跑中央社台北4日電價格不等。老街餅舖傳承記者王小明／鹿港報導走進餅舖。燈會亮相（中央社記者林志豪彰化3日電）燈會將點燈。",
        );
        assert!(is_glyph_per_line(&raw));
        let mut notes = Vec::new();
        let lines: Vec<String> = restack(&raw, &mut notes)
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(
            lines,
            [
                "第1版要聞",
                "古亭公園完成整修",
                "本報台北4日電（記者劉宗翰）整修工程今天完工。",
                "他說：「很好。」",
                "年菜預購開跑",
                "中央社台北4日電價格不等。",
                "老街餅舖傳承",
                "記者王小明／鹿港報導",
                "走進餅舖。",
                "燈會亮相",
                "（中央社記者林志豪彰化3日電）燈會將點燈。"
            ]
        );
        assert!(!is_glyph_per_line("第一行文字\n第二行文字\n"));
    }

    #[test]
    fn each_page_of_the_stream_opens_with_its_running_head() {
        // pdftotext ends each page with a form feed; the next page's head follows a credit.
        let raw = format!(
            "{}\u{c}{}",
            one_a_line("第1版要聞燈會亮相本報台北4日電燈會將點燈。記者王小明攝影"),
            one_a_line("第5版社會老街餅舖傳承本報鹿港4日電走進餅舖。"),
        );
        let mut notes = Vec::new();
        let lines = restack(&raw, &mut notes);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "第1版要聞",
                "燈會亮相",
                "本報台北4日電燈會將點燈。",
                "記者王小明攝影",
                "第5版社會",
                "老街餅舖傳承",
                "本報鹿港4日電走進餅舖。"
            ]
        );
        // The second head is noted at its own raw line (29 characters on page one).
        assert_eq!(lines[4].number, 30);
        assert!(notes
            .iter()
            .any(|n| n.line == 30 && n.message.contains("第5版社會")));
    }
}
