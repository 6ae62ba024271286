//! Photo captions in extracted text: runs of fake-bold lines (a caption printed twice over)
//! up to the sentence or credit that closes them, and blocks set apart that end in a
//! photographer's credit (an extractor that reads fake bold once, as pdftotext does where the
//! copies overlap, leaves nothing else to tell a caption by).

use super::conventions::{credit_at, split_credit};
use super::lines::{blocks, Line};
use super::structure::{ends_sentence, join_texts};
use crate::edition::Image;

/// A caption found in the text: its image, and the raw lines it spanned.
pub(super) struct Caption {
    /// The photograph, not supplied, with its caption and credit.
    pub(super) image: Image,
    /// Index of its first line.
    pub(super) first: usize,
    /// Index of its last line.
    pub(super) last: usize,
}

/// Finds the captions of a page: fake-bold runs ([`doubled_captions`]), then blocks that end
/// in a credit ([`credited_blocks`]) among the other lines; in line order.
pub(super) fn find_captions(lines: &[Line]) -> Vec<Caption> {
    let mut out = doubled_captions(lines);
    let taken = |k: usize| out.iter().any(|c| (c.first..=c.last).contains(&k));
    let more: Vec<Caption> = credited_blocks(lines)
        .into_iter()
        .filter(|c| !(c.first..=c.last).any(taken))
        .collect();
    out.extend(more);
    out.sort_by_key(|c| c.first);
    out
}

/// Blocks (between blank lines, or at the part's end) of at most six lines that end in a
/// photographer's credit set apart from the last sentence by a space or a bracket, or written
/// with a slash or spaces (`…参加了比赛。 通讯员 罗婷 摄`, `…景點。（讀者 陳文雄提供）`,
/// `…波光。記者 黃柏翰／攝影`, `…生活。本报记者 韩松 摄`): a caption printed once.
/// Only credits that name a picture's making (`摄`, `攝影`, `撮影`, `提供`, `供图`, `제공`),
/// not a bare `发`, which also ends running text cut at a column's foot.
fn credited_blocks(lines: &[Line]) -> Vec<Caption> {
    const PICTURE_CREDITS: &[&str] = &[
        "摄", "攝", "摄影", "攝影", "撮影", "提供", "供图", "供圖", "제공", "촬영",
    ];
    let mut out = Vec::new();
    for range in blocks(lines).into_iter().filter(|r| r.len() <= 6) {
        let text = join_texts(lines[range.clone()].iter().map(|l| l.text.as_str()));
        let set_apart = credit_at(&text).is_some_and(|(cut, credit)| {
            // `記者 黃柏翰／攝影`, `本报记者 韩松 摄`: a slash or a space inside a credit sets
            // it apart from running text too.
            let spaced = credit.contains(['/', '／', ' ']);
            (text[cut..].starts_with([' ', '（', '(']) || spaced)
                && ends_sentence(&text[..cut])
                && PICTURE_CREDITS.iter().any(|w| credit.ends_with(w))
        });
        if set_apart {
            let (caption, credit) = split_credit(&text);
            out.push(Caption {
                image: Image {
                    caption: Some(caption),
                    credit,
                    ..Image::default()
                },
                first: range.start,
                last: range.end - 1,
            });
        }
    }
    out
}

/// Finds fake-bold captions: runs of doubled lines up to the last one that ends a sentence or
/// carries a credit. Doubled lines after that (a bold photo headline) stay ordinary lines.
fn doubled_captions(lines: &[Line]) -> Vec<Caption> {
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
