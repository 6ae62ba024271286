//! Photo captions in extracted text: runs of fake-bold lines (a caption printed twice over)
//! up to the sentence or credit that closes them.

use super::conventions::split_credit;
use super::lines::Line;
use super::structure::{ends_sentence, join_texts};
use crate::edition::Image;

/// A caption found in the text: its image, and the raw lines it spanned.
pub(super) struct Caption {
    pub(super) image: Image,
    pub(super) first: usize,
    pub(super) last: usize,
}

/// Finds fake-bold captions: runs of doubled lines up to the last one that ends a sentence or
/// carries a credit. Doubled lines after that (a bold photo headline) stay ordinary lines.
pub(super) fn find_captions(lines: &[Line]) -> Vec<Caption> {
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
