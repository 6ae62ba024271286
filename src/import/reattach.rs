//! Blocks of running text that extraction printed inside the wrong article, put back.
//!
//! `pdftotext` reads a page column by column through its flows, so where articles' columns line
//! up it prints a column of one article between the columns of the next: the last column of an
//! article after the next article, a column continuing an unfinished sentence after another
//! article's lines. What the text still tells, and what is read here, block by block (the
//! groups of lines between blank lines, which are column pieces):
//! - a block set to another measure (column width) than its article belongs to the nearest
//!   earlier article of that measure, or, where an article's byline stands with no text after
//!   it, to the earliest such article;
//! - a block that starts mid-sentence (a full, unindented first line) after a block that closed
//!   a sentence continues the latest article still left mid-sentence;
//! - a last block that starts a paragraph belongs to the article before when it shares clearly
//!   more of its words (two-character runs) with that article than with its own.
//!
//! Every move is noted for review.

use std::collections::HashSet;
use std::ops::Range;

use super::conventions::is_byline_line;
use super::lines::{blocks, Line};
use super::paragraphs::column_width;
use super::structure::ends_sentence;
use super::Note;
use crate::script::is_cjk_letter;

/// Moves the blocks of running text that belong to another article; `bodies` are the articles'
/// body lines in text order, `first_lines` their first raw lines (for the notes).
pub fn reattach(bodies: &mut [Vec<&Line>], first_lines: &[usize], notes: &mut Vec<Note>) {
    if bodies.iter().any(|b| byline_alone(b)) {
        by_measure_to_empty(bodies, first_lines, notes);
    } else {
        by_measure(bodies, first_lines, notes);
        continuations(bodies, first_lines, notes);
    }
    by_words(bodies, first_lines, notes);
}

/// The blocks of a body after its first, which holds the article's start (see [`blocks`]).
fn later_blocks(body: &[&Line]) -> Vec<Range<usize>> {
    blocks(body).into_iter().skip(1).collect()
}

/// Whether a line opens a paragraph in a column of measure `col`: indented (one to three ems
/// short), or opening with a quotation whose hanging mark hides the indent.
fn opens_paragraph(line: &Line, col: f32) -> bool {
    (!line.letter_spaced && line.width >= col - 3.0 && line.width < col - 1.25)
        || line.text.starts_with(['“', '「', '『', '‘'])
}

/// Moves lines `range` of article `from` to the end of article `to`, and notes it.
fn move_block(
    bodies: &mut [Vec<&Line>],
    from: usize,
    range: Range<usize>,
    to: usize,
    why: &str,
    first_lines: &[usize],
    notes: &mut Vec<Note>,
) {
    let moved: Vec<_> = bodies[from].drain(range).collect();
    notes.push(Note::new(
        moved[0].number,
        format!(
            "lines {}–{} {why}: moved to the article from line {}",
            moved[0].number,
            moved[moved.len() - 1].number,
            first_lines[to]
        ),
    ));
    bodies[to].extend(moved);
}

/// Walks the blocks after the first of article `u` in order, asking `decide` of each whether
/// it goes to another article (which, and why); a block that moves leaves the walk at the same
/// place, the next block taking its index.
fn walk_later_blocks<'a>(
    bodies: &mut [Vec<&'a Line>],
    u: usize,
    first_lines: &[usize],
    notes: &mut Vec<Note>,
    mut decide: impl FnMut(&[Vec<&'a Line>], Range<usize>) -> Option<(usize, String)>,
) {
    let mut k = 0;
    while let Some(range) = later_blocks(&bodies[u]).get(k).cloned() {
        match decide(bodies, range.clone()) {
            Some((to, why)) => move_block(bodies, u, range, to, &why, first_lines, notes),
            None => k += 1,
        }
    }
}

/// Where extraction printed an article's byline with no text after it (its text comes further
/// down, among other articles'), each article's text is told by its measure. Read in text order, a block of two or more lines
/// keeps to its article when it is set to the article's measure (within two ems), or when it is
/// the first text after the article's start (but for the last article's, which opens the rest
/// of the page); otherwise it goes to the nearest earlier article
/// of its measure (within an em and a quarter), else to the earliest earlier article that has
/// no text yet (extraction printed its headline and byline, and its text further down), else it
/// stays and its measure becomes its article's. A block of one line (no measure) that opens
/// mid-sentence ends the sentence of the article left open that took text last.
fn by_measure_to_empty(bodies: &mut [Vec<&Line>], first_lines: &[usize], notes: &mut Vec<Note>) {
    let mut walk = MeasureWalk {
        measure: Vec::with_capacity(bodies.len()),
        last_taken: vec![0; bodies.len()],
        step: 0,
    };
    for u in 0..bodies.len() {
        walk.step += 1;
        walk.last_taken[u] = walk.step;
        // The start block's own text (a dateline's paragraph; a byline alone has none).
        let start_end = later_blocks(&bodies[u])
            .first()
            .map_or(bodies[u].len(), |r| r.start);
        let start_text: Vec<&Line> = bodies[u][..start_end]
            .iter()
            .copied()
            .filter(|l| !is_byline_line(&l.text))
            .collect();
        walk.measure
            .push((start_text.len() >= 2).then(|| column_width(&start_text)));
        // After the page's last start comes the rest of the page, read down its columns through
        // the articles in order: its first block need not be the last article's.
        let rest_of_page = u + 1 == bodies.len() && (0..u).any(|v| byline_alone(&bodies[v]));
        let mut first = walk.measure[u].is_none() && !rest_of_page;
        walk_later_blocks(bodies, u, first_lines, notes, |bodies, range| {
            let target = if range.len() < 2 {
                walk.line_target(bodies, u, range)
            } else {
                walk.block_target(bodies, u, range, first)
            };
            first = false;
            target.map(|(v, why)| (v, why.to_string()))
        });
    }
}

/// What [`by_measure_to_empty`] knows as it reads: each article's measure once known, and when
/// each last took a block (a step count in text order).
struct MeasureWalk {
    measure: Vec<Option<f32>>,
    last_taken: Vec<usize>,
    step: usize,
}

impl MeasureWalk {
    /// Where a block of one line (no measure) of article `u` goes: after a closed sentence or a
    /// byline, a line that opens no paragraph (in the measure of the article it would
    /// continue) ends the sentence of an article still left open, the one that took text
    /// last if several are.
    fn line_target(
        &mut self,
        bodies: &[Vec<&Line>],
        u: usize,
        range: Range<usize>,
    ) -> Option<(usize, &'static str)> {
        let prev = &bodies[u][range.start - 1].text;
        let line = bodies[u][range.start];
        let v = (0..u)
            .filter(|&v| has_open_text(&bodies[v]))
            .max_by_key(|&v| self.last_taken[v])?;
        let col = self.measure[v].unwrap_or_else(|| column_width(&bodies[v]));
        if !(ends_sentence(prev) || is_byline_line(prev)) || opens_paragraph(line, col) {
            return None;
        }
        self.step += 1;
        self.last_taken[v] = self.step;
        Some((
            v,
            "open mid-sentence and end the sentence of an unfinished article",
        ))
    }

    /// Where a block of two or more lines of article `u` goes, by its measure (see
    /// [`by_measure_to_empty`]); `first`: it is the first text after the article's start.
    fn block_target(
        &mut self,
        bodies: &[Vec<&Line>],
        u: usize,
        range: Range<usize>,
        first: bool,
    ) -> Option<(usize, &'static str)> {
        let m = column_width(&bodies[u][range]);
        let near = |t: Option<f32>, within: f32| t.is_some_and(|t| (t - m).abs() < within);
        let target = if near(self.measure[u], 2.0) {
            None
        } else if first {
            self.measure[u] = Some(m);
            None
        } else if let Some(v) = (0..u).rev().find(|&v| near(self.measure[v], 1.25)) {
            Some((
                v,
                "are set to another measure than their article, the measure of this one",
            ))
        } else if let Some(v) =
            (0..u).find(|&v| self.measure[v].is_none() && byline_alone(&bodies[v]))
        {
            self.measure[v] = Some(m);
            Some((
                v,
                "are set to a measure no article has yet: the text of this article, which had none",
            ))
        } else {
            self.measure[u].get_or_insert(m);
            None
        };
        self.step += 1;
        self.last_taken[target.map_or(u, |(v, _)| v)] = self.step;
        target
    }
}

/// Whether a body has running text that ends mid-sentence.
fn has_open_text(body: &[&Line]) -> bool {
    !byline_alone(body) && is_open(body)
}

/// A block of two or more lines set two ems or more wider or narrower than its article goes to
/// the nearest earlier article within an em of its measure.
fn by_measure(bodies: &mut [Vec<&Line>], first_lines: &[usize], notes: &mut Vec<Note>) {
    let measures: Vec<f32> = bodies.iter().map(|b| column_width(b)).collect();
    for u in 1..bodies.len() {
        walk_later_blocks(bodies, u, first_lines, notes, |bodies, range| {
            let m = column_width(&bodies[u][range.clone()]);
            let foreign = range.len() >= 2 && (m - measures[u]).abs() >= 2.0;
            let v = (0..u)
                .rev()
                .find(|&v| !bodies[v].is_empty() && (measures[v] - m).abs() < 1.0)?;
            foreign.then(|| {
                (
                    v,
                    "are set to another measure than their article".to_string(),
                )
            })
        });
    }
}

/// Whether a body is a byline on its own line and nothing else: an article whose text
/// extraction printed elsewhere.
fn byline_alone(body: &[&Line]) -> bool {
    !body.is_empty() && body.iter().all(|l| is_byline_line(&l.text))
}

/// Whether a body ends mid-sentence.
fn is_open(body: &[&Line]) -> bool {
    body.last().is_some_and(|l| !ends_sentence(&l.text))
}

/// A block opening mid-sentence right after a block that closed one continues the latest
/// article left mid-sentence (the innermost: extraction nests the articles it interleaves).
fn continuations(bodies: &mut [Vec<&Line>], first_lines: &[usize], notes: &mut Vec<Note>) {
    let mut open: Vec<usize> = Vec::new();
    for u in 0..bodies.len() {
        let col = column_width(&bodies[u]);
        walk_later_blocks(bodies, u, first_lines, notes, |bodies, range| {
            let body = &bodies[u];
            // After a closed sentence, or right after a byline (an article's text starts with a
            // paragraph, indented).
            let prev = &body[range.start - 1].text;
            let after_sentence = ends_sentence(prev) || is_byline_line(prev);
            let first = body[range.start];
            let v = *open.last()?;
            // Unindented in its own article's measure, or full in the measure of the article
            // it would continue (a narrower column than its neighbour's).
            let full_there = (first.width - column_width(&bodies[v])).abs() <= 0.5;
            let continues = after_sentence
                && !first.letter_spaced
                && (!opens_paragraph(first, col) || full_there);
            if !continues {
                return None;
            }
            if !is_open(&body[range]) {
                open.pop();
            }
            Some((
                v,
                "open mid-sentence after a closed sentence and continue an unfinished article"
                    .to_string(),
            ))
        });
        if is_open(&bodies[u]) {
            open.push(u);
        }
    }
}

/// The distinct two-letter runs of CJK text in some lines: the words they share, roughly.
pub(super) fn pairs<'a>(lines: impl IntoIterator<Item = &'a &'a Line>) -> HashSet<(char, char)> {
    let mut out = HashSet::new();
    for l in lines {
        let chars: Vec<char> = l.text.chars().collect();
        for w in chars.windows(2) {
            if w.iter().all(|&c| is_cjk_letter(c)) {
                out.insert((w[0], w[1]));
            }
        }
    }
    out
}

/// A last block that opens a paragraph after a closed sentence goes to the article before when
/// it shares clearly more words with it than with the rest of its own.
fn by_words(bodies: &mut [Vec<&Line>], first_lines: &[usize], notes: &mut Vec<Note>) {
    for u in 1..bodies.len() {
        let Some(range) = later_blocks(&bodies[u]).pop() else {
            continue;
        };
        let body = &bodies[u];
        let col = column_width(body);
        if !ends_sentence(&body[range.start - 1].text) || !opens_paragraph(body[range.start], col) {
            continue;
        }
        let block = pairs(&body[range.clone()]);
        let own = pairs(body[..range.start].iter())
            .intersection(&block)
            .count();
        let before = pairs(bodies[u - 1].iter()).intersection(&block).count();
        // Common words are shared by chance: three more and twice as many as with its own, or
        // some where it shares none at all with its own.
        if !bodies[u - 1].is_empty() && (before >= 2 * own + 3 || (own == 0 && before > 0)) {
            move_block(
                bodies,
                u,
                range,
                u - 1,
                &format!(
                    "open a paragraph sharing {before} word(s) with the article before and {own} with their own"
                ),
                first_lines,
                notes,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::read_lines;
    use super::*;

    /// Reads `a` and `b` as the bodies of two articles, reattaches, and returns their texts.
    fn run(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
        let (la, lb) = (read_lines(a), read_lines(b));
        let mut bodies = vec![la.iter().collect::<Vec<_>>(), lb.iter().collect()];
        let mut notes = Vec::new();
        reattach(&mut bodies, &[1, 100], &mut notes);
        let text = |b: &Vec<&Line>| b.iter().map(|l| l.text.clone()).collect();
        (text(&bodies[0]), text(&bodies[1]))
    }

    #[test]
    fn a_block_opening_mid_sentence_continues_the_unfinished_article() {
        let a = "一二三四五六七八九十\n一二三四五六七八九，\n";
        let b = "  甲乙丙丁戊己庚辛\n甲乙丙丁戊己庚辛壬癸\n甲乙丙丁。\n\n子丑寅卯辰巳午未申酉\n子丑寅。\n";
        let (a, b) = run(a, b);
        assert_eq!(a.last().map(String::as_str), Some("子丑寅。"));
        assert_eq!(b.len(), 3);
    }

    #[test]
    fn where_bylines_stand_alone_the_rest_of_the_page_goes_to_articles_by_measure() {
        let lines = read_lines(
            "■记者 张三\n■记者 李四\n\n一二三四五六七八\n一二三四五六七八九，\n■记者 王五\n\n子丑寅卯辰巳午未申酉戌亥子丑\n子丑寅卯辰巳午未申酉戌亥子。\n\n完了。\n\n天地玄\n天地玄黄宇。\n",
        );
        let l: Vec<&Line> = lines.iter().collect();
        let mut bodies = vec![l[0..1].to_vec(), l[1..4].to_vec(), l[4..].to_vec()];
        let mut notes = Vec::new();
        reattach(&mut bodies, &[1, 2, 6], &mut notes);
        let text = |b: &Vec<&Line>| {
            b.iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("/")
        };
        assert_eq!(
            text(&bodies[0]),
            "■记者 张三/子丑寅卯辰巳午未申酉戌亥子丑/子丑寅卯辰巳午未申酉戌亥子。",
            "{notes:?}"
        );
        assert_eq!(
            text(&bodies[1]),
            "■记者 李四/一二三四五六七八/一二三四五六七八九，/完了。"
        );
        assert_eq!(text(&bodies[2]), "■记者 王五/天地玄/天地玄黄宇。");
    }

    #[test]
    fn a_block_set_to_another_measure_goes_to_the_article_of_that_measure() {
        let a = "一二三四五六\n一二三四五六\n一二三。\n";
        let b = "甲乙丙丁戊己庚辛壬癸\n甲乙丙丁戊己庚辛壬癸\n甲乙丙丁戊己庚辛壬癸\n甲乙。\n\n  子丑寅卯\n子丑寅卯辰巳\n子丑。\n";
        let (a, b) = run(a, b);
        assert_eq!(a.len(), 6);
        assert_eq!(b.len(), 4);
    }

    #[test]
    fn a_last_paragraph_sharing_the_words_of_the_article_before_goes_back_to_it() {
        let a = "地铁线路开通试运营\n发车间隔六分钟。\n";
        let b = "春耕备耕工作有序推\n进，农户忙着育秧。\n\n  据地铁集团介绍，\n试运营期间将调整发\n车间隔。\n";
        let (a, b) = run(a, b);
        assert_eq!(a.len(), 5, "{a:?}");
        assert_eq!(b.len(), 2);
        // Without words in common nothing moves.
        let (a, _) = run("地铁线路开通试运营\n发车间隔六分钟。\n", "春耕备耕工作有序推\n进，农户忙着育秧。\n\n  县农业局已组织技\n术人员下田指导工作\n了。\n");
        assert_eq!(a.len(), 2);
    }
}
