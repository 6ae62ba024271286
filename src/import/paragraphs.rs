//! Body lines into paragraphs: the column's measure, where a paragraph breaks in
//! hard-wrapped lines, and which lines after a body's last sentence are its unfinished
//! paragraph rather than a headline.

use super::lines::{blocks, Line};
use super::structure::{ends_sentence, join_texts};
use super::Note;

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

/// How many lines at the start of a headline block are running text instead: groups (between
/// blank lines) with a full stop inside, a line that breaks off mid-clause, commas over
/// several lines, or a comma in a line as wide as the body's column `col`, which headlines do
/// not have.
pub(super) fn unfinished_paragraph(tail: &[&Line], col: f32) -> usize {
    let mut kept = 0;
    for range in blocks(tail) {
        let group = &tail[range.clone()];
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
        kept = range.end;
    }
    kept
}

/// Rebuilds paragraphs from hard-wrapped body lines. A paragraph ends on a line that closes a
/// sentence and is short; a full line that closes a sentence ends one only when the next line
/// is indented (two ems short). Blank lines alone decide nothing: extraction puts them at
/// column breaks too.
pub(super) fn paragraphs(lines: &[&Line], notes: &mut Vec<Note>) -> Vec<String> {
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
