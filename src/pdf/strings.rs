//! Text strings within the length PDF/A allows.
//!
//! PDF/A (ISO 19005-1 §6.1.12, and -2/-3 by reference to the PDF 1.7 implementation limits)
//! forbids a string longer than 32,767 bytes, and krilla refuses to write a PDF/A file holding
//! one. Edition text ends up in strings: bookmarks and heading titles (a headline), link
//! descriptions (a table of contents entry), figure descriptions, ActualText and the document
//! title; a 12,000-character headline is 36,000 bytes. Rather than refusing such an edition,
//! the writer cuts each string that would be too long at the last character that fits, and
//! marks a cut label with "…": the printed page keeps the whole text, the label names it.

use std::borrow::Cow;

/// The longest string PDF/A allows, in bytes.
pub const MAX_STRING_BYTES: usize = 32_767;

/// What a cut label ends with.
const CUT_MARK: &str = "…";

/// `text` as a PDF text string may hold it: unchanged when it fits, otherwise cut at the last
/// character boundary that fits, followed by "…" when `mark` (a label a reader sees; not for
/// ActualText, which stands for the text itself). Deterministic: the same text always gives
/// the same string.
///
/// A string fits when both its UTF-8 length (what krilla measures) and its length as written
/// are within [`MAX_STRING_BYTES`]: printable ASCII is written byte for byte, anything else
/// as UTF-16BE after a two-byte byte order mark (pdf-writer's encoding).
pub fn fit(text: &str, mark: bool) -> Cow<'_, str> {
    if fits(
        text.len(),
        text.encode_utf16().count(),
        is_printable_ascii(text),
    ) {
        return Cow::Borrowed(text);
    }
    let suffix = if mark { CUT_MARK } else { "" };
    let (suffix_units, suffix_ascii) = (suffix.encode_utf16().count(), is_printable_ascii(suffix));
    let (mut units, mut ascii) = (0, true);
    let mut end = 0;
    for (at, c) in text.char_indices() {
        let next_units = units + c.len_utf16();
        let next_ascii = ascii && matches!(c, ' '..='~');
        let next_end = at + c.len_utf8();
        if !fits(
            next_end + suffix.len(),
            next_units + suffix_units,
            next_ascii && suffix_ascii,
        ) {
            break;
        }
        (units, ascii, end) = (next_units, next_ascii, next_end);
    }
    Cow::Owned(format!("{}{suffix}", &text[..end]))
}

/// Whether a string of `utf8` bytes and `utf16` code units, printable ASCII or not, fits.
fn fits(utf8: usize, utf16: usize, ascii: bool) -> bool {
    let written = if ascii { utf8 } else { 2 + 2 * utf16 };
    utf8 <= MAX_STRING_BYTES && written <= MAX_STRING_BYTES
}

fn is_printable_ascii(text: &str) -> bool {
    text.bytes().all(|b| matches!(b, 32..=126))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(s: &str) -> usize {
        if is_printable_ascii(s) {
            s.len()
        } else {
            2 + 2 * s.encode_utf16().count()
        }
    }

    #[test]
    fn short_strings_are_kept_as_they_are() {
        assert!(matches!(fit("标题", true), Cow::Borrowed("标题")));
        let ascii = "a".repeat(MAX_STRING_BYTES);
        assert!(matches!(fit(&ascii, true), Cow::Borrowed(_)));
    }

    #[test]
    fn long_strings_are_cut_at_a_character_boundary_to_the_limit() {
        // CJK: three bytes of UTF-8 each, the stricter measure; 10,923 characters fit.
        let headline = "长".repeat(12_000);
        let cut = fit(&headline, true);
        assert!(cut.ends_with('…'));
        assert!(cut.len() <= MAX_STRING_BYTES && written(&cut) <= MAX_STRING_BYTES);
        assert_eq!(cut.chars().count(), (MAX_STRING_BYTES - 3) / 3 + 1);
        assert!(headline.starts_with(cut.trim_end_matches('…')));
        // Without the mark (ActualText): the longest prefix.
        let plain = fit(&headline, false);
        assert_eq!(plain.chars().count(), MAX_STRING_BYTES / 3);
        // ASCII with one accented letter is written as UTF-16: two bytes a character.
        let mixed = format!("é{}", "a".repeat(40_000));
        let cut = fit(&mixed, false);
        assert_eq!(written(&cut), MAX_STRING_BYTES - 1);
        assert!(mixed.starts_with(&*cut));
        // Printable ASCII is written byte for byte; the mark makes it UTF-16.
        let ascii = "a".repeat(40_000);
        assert_eq!(fit(&ascii, false).len(), MAX_STRING_BYTES);
        let marked = fit(&ascii, true);
        assert!(written(&marked) <= MAX_STRING_BYTES && marked.ends_with('…'));
        // Characters outside the BMP take four bytes either way, and are never split.
        let astral = "𠀀".repeat(9_000);
        let cut = fit(&astral, false);
        assert!(cut.chars().all(|c| c == '𠀀'));
        assert!(written(&cut) <= MAX_STRING_BYTES && cut.len() <= MAX_STRING_BYTES);
        // Deterministic.
        assert_eq!(fit(&headline, true), fit(&headline, true));
    }
}
