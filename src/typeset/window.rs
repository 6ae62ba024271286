//! Bounded line breaking for huge paragraphs: total fit over a sliding window.
//!
//! Total fit keeps, for the whole paragraph at once, an atom per character with its glyphs
//! and running sums of widths in `f32`. For a paragraph of many megabytes that is gigabytes
//! of memory, and the running sums lose their precision (at 10⁸ points an `f32` is off by
//! several points, so lines that fit look overfull and the search stops pruning): one 16 MB
//! paragraph took 11 s and 3 GB, 32 MB did not finish in 200 s. No real paragraph is that
//! long, but a hostile or broken edition can be.
//!
//! So a paragraph longer than [`WINDOW_BYTES`] × 2 is set a window at a time: the engine sets
//! the first [`WINDOW_BYTES`] of it (cut at a character boundary), every line but the last is
//! kept, and the next window starts where that last line started, so the cut never shows.
//! Each window is hundreds of lines, far more than total fit ever looks back in practice, so
//! the lines are those of the whole-paragraph search; time and memory are linear in the text.

use super::{engine, Line, ParagraphStyle, Span};

/// Text per window, in bytes (about 5,000 CJK characters or 16,000 Latin ones).
pub const WINDOW_BYTES: usize = 16 * 1024;

/// Breaks a paragraph into lines, a window at a time when it is long.
pub fn break_paragraph(spans: &[Span], style: &ParagraphStyle, measure: f32) -> Vec<Line> {
    let total: usize = spans.iter().map(|s| s.text.len()).sum();
    if total <= 2 * WINDOW_BYTES {
        return engine::break_paragraph(spans, style, measure);
    }
    let mut lines = Vec::new();
    let mut offset = 0;
    while offset < total {
        let end = window_end(spans, offset, total);
        let window = slice_spans(spans, offset, end);
        let mut window_style = style.clone();
        if offset > 0 {
            window_style.first_line_indent_em = 0.0;
        }
        let mut set = engine::break_paragraph(&window, &window_style, measure);
        let mut next = end;
        if end < total && set.len() > 1 {
            // The last line is set again at the start of the next window, with what follows.
            let last = set.pop().expect("two lines or more");
            match line_start(&window, &last) {
                Some(start) => next = offset + start,
                None => set.push(last),
            }
        }
        lines.extend(set);
        offset = next;
    }
    lines
}

/// Where the window starting at `offset` ends: [`WINDOW_BYTES`] on, at a character boundary
/// (the whole rest when little is left, so the last window is never a sliver).
fn window_end(spans: &[Span], offset: usize, total: usize) -> usize {
    if total - offset <= 2 * WINDOW_BYTES {
        return total;
    }
    let mut end = offset + WINDOW_BYTES;
    let mut start = 0;
    for span in spans {
        let stop = start + span.text.len();
        if end < stop {
            let mut local = end - start;
            while !span.text.is_char_boundary(local) {
                local += 1;
            }
            end = start + local;
            break;
        }
        start = stop;
    }
    end
}

/// The spans' text between paragraph offsets `from` and `to` (character boundaries).
fn slice_spans(spans: &[Span], from: usize, to: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for span in spans {
        let stop = start + span.text.len();
        let (a, b) = (from.max(start), to.min(stop));
        if a < b {
            out.push(Span {
                text: span.text[a - start..b - start].to_string(),
                ..span.clone_without_text()
            });
        }
        start = stop;
    }
    out
}

impl Span {
    /// The span's face and size with no text (for slicing without copying the text twice).
    fn clone_without_text(&self) -> Span {
        Span {
            text: String::new(),
            face: self.face.clone(),
            size: self.size,
        }
    }
}

/// Where `line` (the window's last) starts in the window's text: its text, which is the
/// source text it sets, found at the end of the window. `None` if it cannot be found (the line
/// is then kept as set, which is still correct, only without the seamless restart).
fn line_start(window: &[Span], line: &Line) -> Option<usize> {
    let text: String = window.iter().map(|s| s.text.as_str()).collect();
    let own = line.text();
    let own = own.trim();
    if own.is_empty() {
        return None;
    }
    text.rfind(own).filter(|&p| p > 0)
}
