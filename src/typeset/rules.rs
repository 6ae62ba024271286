//! Per-language typesetting rules, chosen from the edition's locale and carried into the
//! engine as a value with each paragraph (as Typst carries its per-paragraph configuration),
//! so that one engine sets Chinese, Japanese and Korean each by its own conventions.
//!
//! Sources: W3C *Requirements for Chinese Text Layout* (clreq) and GB/T 15834 for Chinese,
//! *Requirements for Japanese Text Layout* (jlreq) for Japanese, *Requirements for Hangul
//! Text Layout and Typography* (klreq) for Korean.

use crate::locale::{Lang, Locale};

/// Where full-width punctuation sits in its em box, and so whether its blank half may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Punctuation {
    /// Stops and commas in the lower left corner, brackets against their text (GB/T 15834,
    /// jlreq): a blank half that is trimmed where two marks meet and at line edges.
    Corner,
    /// Stops and commas centred in the em (Taiwan and Hong Kong): always a full em; brackets
    /// still give up their blank half where two meet.
    Centred,
}

/// Which characters may not start a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStart {
    /// Closing brackets and quotes, stops, commas, colons, `？！`, `…`, `%` and the like
    /// (clreq, klreq, and jlreq's loose rule).
    Normal,
    /// Also small kana, the prolonged sound mark `ー` and the iteration marks `々〻ゝゞヽヾ`
    /// (jlreq's strict rule, cl-09 to cl-11).
    Strict,
}

/// Where lines may break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordBreak {
    /// Between any two CJK characters, as UAX #14 allows (Chinese, Japanese).
    Normal,
    /// Only at spaces and after hyphens and dashes: a Korean word (an eojeol, with its
    /// particles and any number it holds, `1,400원`) is never split unless it is longer than
    /// the line (klreq; CSS `word-break: keep-all`).
    KeepAll,
}

/// Where a justified line takes its spare room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Justification {
    /// Between every two CJK characters, as Chinese and Japanese are set (CSS
    /// `text-justify: inter-character`); word spaces stretch too.
    InterCharacter,
    /// Mostly at word spaces, as Korean is set: letters spread only a little, so that words
    /// keep their shape.
    InterWord,
}

/// The rules one paragraph is set by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Set CJK text with CJK rules at all (kinsoku, punctuation adjustment, spacing, marks
    /// in full width); off for a language written without CJK characters.
    pub cjk: bool,
    /// Position of full-width stops and commas.
    pub punctuation: Punctuation,
    /// Which characters may not start a line.
    pub line_start: LineStart,
    /// Where lines may break.
    pub word_break: WordBreak,
    /// Where a justified line takes its spare room.
    pub justification: Justification,
    /// A quarter em between CJK characters and Latin letters or digits (Chinese, Japanese).
    /// Korean writes real spaces between words and none between Hangul and digits
    /// (`1,400원`), so it takes none next to Hangul.
    pub autospace_hangul: bool,
    /// Curly quotes, dashes, ellipses and middle dots set full width from the CJK face
    /// (Chinese, Japanese); Korean sets them proportionally, like Latin text.
    pub full_width_ambiguous: bool,
    /// Middle dots, colons and semicolons (`・：；`, jlreq cl-05) carry a quarter-em blank
    /// on each side that may be squeezed out of a tight line (Japanese).
    pub compress_middle_dots: bool,
}

impl Rules {
    /// Simplified Chinese (GB/T 15834, clreq): corner punctuation, the default.
    pub const HANS: Rules = Rules {
        cjk: true,
        punctuation: Punctuation::Corner,
        line_start: LineStart::Normal,
        word_break: WordBreak::Normal,
        justification: Justification::InterCharacter,
        autospace_hangul: true,
        full_width_ambiguous: true,
        compress_middle_dots: false,
    };

    /// Traditional Chinese (Taiwan, Hong Kong): centred stops and commas.
    pub const HANT: Rules = Rules {
        punctuation: Punctuation::Centred,
        ..Rules::HANS
    };

    /// Japanese (jlreq): corner punctuation, strict line-start rule, compressible middle dots.
    pub const JA: Rules = Rules {
        line_start: LineStart::Strict,
        compress_middle_dots: true,
        ..Rules::HANS
    };

    /// Korean (klreq): words kept whole, no autospace next to Hangul, proportional quotes.
    pub const KO: Rules = Rules {
        word_break: WordBreak::KeepAll,
        justification: Justification::InterWord,
        autospace_hangul: false,
        full_width_ambiguous: false,
        ..Rules::HANS
    };

    /// A language written without CJK characters: CJK characters met in it still take their
    /// full em, but none of the CJK adjustments apply.
    pub const LATIN: Rules = Rules {
        cjk: false,
        full_width_ambiguous: false,
        ..Rules::HANS
    };

    /// The rules of an edition's locale.
    pub fn for_locale(locale: Locale) -> Rules {
        match locale.lang() {
            Lang::Hans => Rules::HANS,
            Lang::Hant => Rules::HANT,
            Lang::Ja => Rules::JA,
            Lang::Ko => Rules::KO,
            Lang::En if locale.is_cjk() => Rules::HANS,
            Lang::En => Rules::LATIN,
        }
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules::HANS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_gets_its_own_rules() {
        let of = |tag: &str| Rules::for_locale(Locale::parse(tag).unwrap());
        assert_eq!(of("zh-Hans"), Rules::HANS);
        assert_eq!(of("zh-Hant").punctuation, Punctuation::Centred);
        assert_eq!(of("zh-HK"), Rules::HANT);
        assert_eq!(of("ja").line_start, LineStart::Strict);
        assert_eq!(of("ko-KR").word_break, WordBreak::KeepAll);
        assert!(!of("ko").autospace_hangul);
        assert!(!of("en").cjk);
    }
}
