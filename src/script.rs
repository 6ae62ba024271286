//! Unicode character classes for CJK text: which characters are CJK letters (ideographs, kana,
//! hangul), CJK and full-width punctuation, and opening and closing marks.
//!
//! The edition model (joining lines), the importer (measuring extracted lines) and the text
//! engine (choosing a font and a line break) all ask these questions; answering them in one
//! place keeps a character classified the same way everywhere. This module depends on nothing
//! else in the crate.

/// Whether `c` is a letter of CJK text: an ideograph or an ideograph-like sign (radicals,
/// strokes, enclosed and squared forms, `々〆〇`), kana, bopomofo or hangul.
pub fn is_cjk_letter(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF // Hangul Jamo
        | 0x2E80..=0x2FDF // CJK and Kangxi radicals
        | 0x2FF0..=0x2FFF // ideographic description
        | 0x3040..=0x30FF // hiragana, katakana
        | 0x3100..=0x312F // bopomofo
        | 0x3130..=0x318F // Hangul compatibility Jamo
        | 0x3190..=0x31FF // kanbun, bopomofo extended, strokes, katakana extension
        | 0x3200..=0x33FF // enclosed CJK, CJK compatibility
        | 0x3400..=0x4DBF // extension A
        | 0x4E00..=0x9FFF // unified ideographs
        | 0xA960..=0xA97F // Hangul Jamo extended A
        | 0xAC00..=0xD7FF // Hangul syllables, Jamo extended B
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0x20000..=0x3FFFF // supplementary ideographic planes
    ) || is_ideographic_mark(c)
}

/// Whether `c` is Hangul: a syllable or a jamo (conjoining, compatibility or extended).
/// Korean sets it with its own rules (word spaces, no autospace beside Latin).
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF)
}

/// The letters among CJK Symbols and Punctuation: iteration marks (`々〻`), `〆`, the
/// ideographic zero `〇` and the Hangzhou numerals. Unicode's `Alphabetic` property picks out
/// exactly these in that block.
fn is_ideographic_mark(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F) && c.is_alphabetic()
}

/// Whether `c` is a full-width form of an ASCII letter or digit (`ＡＺａｚ０９`): set one em,
/// from the CJK font, but neither a CJK letter nor punctuation.
pub fn is_fullwidth_alphanumeric(c: char) -> bool {
    matches!(c as u32, 0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A)
}

/// Whether `c` is CJK or full-width punctuation or a symbol from the CJK blocks (`，。「」《》
/// ～￥`, the ideographic space, vertical and compatibility forms). Half-width forms (`｡｢｣`)
/// are not: they are set half an em.
pub fn is_cjk_punct(c: char) -> bool {
    (matches!(c as u32,
        0x3000..=0x303F // CJK symbols and punctuation
        | 0xFE10..=0xFE1F // vertical forms
        | 0xFE30..=0xFE4F // CJK compatibility forms
        | 0xFF01..=0xFF60 // full-width ASCII punctuation, full-width brackets
        | 0xFFE0..=0xFFE6 // full-width signs
    ) && !is_ideographic_mark(c))
        && !is_fullwidth_alphanumeric(c)
}

/// Whether `c` lies in a CJK block: a letter, punctuation or a full-width form. Such a
/// character is always set upright and one em wide, whatever the text around it.
pub fn is_cjk_block(c: char) -> bool {
    is_cjk_letter(c) || is_cjk_punct(c) || is_fullwidth_alphanumeric(c)
}

/// Whether `c` is punctuation Unicode gives an ambiguous width that CJK text sets full width,
/// from the CJK font: curly quotes, ellipses, dashes, middle dots, the reference mark. In Latin
/// text the same characters are half width, so only the context decides.
pub fn is_ambiguous_punct(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '…' | '‥' | '—' | '―' | '·' | '‧' | '※'
    )
}

/// Whether `c` belongs to CJK text when nothing is known of its context: a character of a CJK
/// block, or ambiguous punctuation (which is far more often CJK than Latin in an edition).
pub fn is_cjk(c: char) -> bool {
    is_cjk_block(c) || is_ambiguous_punct(c)
}

/// Whether `c` is a CJK opening mark (bracket or quote, `（「《“`): its blank half is on the
/// left, and it sticks to what follows.
pub fn is_opening(c: char) -> bool {
    matches!(
        c,
        '（' | '［'
            | '｛'
            | '〔'
            | '〈'
            | '《'
            | '「'
            | '『'
            | '【'
            | '〘'
            | '〖'
            | '〝'
            | '‘'
            | '“'
            | '｟'
    )
}

/// Whether `c` is a CJK closing mark (bracket or quote, `）」》”`) or a full-width stop or
/// comma (`，。、：；？！`): its blank half, if the font has one, is on the right, and it sticks
/// to what precedes it.
pub fn is_closing(c: char) -> bool {
    matches!(
        c,
        '）' | '］'
            | '｝'
            | '〕'
            | '〉'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〙'
            | '〗'
            | '〟'
            | '’'
            | '”'
            | '｠'
            | '，'
            | '。'
            | '、'
            | '．'
            | '：'
            | '；'
            | '？'
            | '！'
    )
}

/// Whether `c` is a Chinese character (hanzi, kanji, hanja): the unified ideographs and their
/// extensions, and the compatibility ideographs; not kana, not Hangul.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F
    ) || c == '〇'
}

/// Whether `c` ends a sentence wherever it stands: the full stops, question and exclamation
/// marks of CJK text (`。！？．｡`), the Latin `!?` and the ellipsis. The Latin full stop is not
/// one of them: it also ends numbers and abbreviations (see [`ends_sentence`]).
pub fn is_sentence_stop(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '．' | '｡' | '…' | '!' | '?')
}

/// Whether `c` may follow a sentence's stop and still belong to the sentence: closing quotes
/// and brackets (`。”`, `。」`, `。）`, `다."`).
pub fn is_closing_quote(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | ')' | '》' | '〟' | '"' | '\''
    )
}

/// Whether `text` closes a sentence: it ends with a stop ([`is_sentence_stop`]), possibly
/// followed by closing quotes or brackets. A Latin full stop counts after a letter of a CJK
/// script or a closing quote (Korean `했다.`, `말했다."`), not after a digit or a Latin letter
/// (`3.` of `3.5` wrapped, `Co.`).
pub fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end().trim_end_matches(is_closing_quote);
    let mut back = trimmed.chars().rev();
    match back.next() {
        Some(c) if is_sentence_stop(c) => true,
        Some('.') => back
            .next()
            .is_some_and(|c| is_cjk_letter(c) || is_closing_quote(c)),
        _ => false,
    }
}

/// Whether `c` continues the grapheme cluster before it rather than starting one: a combining
/// mark, a variation selector, an emoji skin-tone modifier, a tag character (emoji flags of
/// regions). A face is chosen for the cluster, not for such a character alone.
pub fn continues_cluster(c: char) -> bool {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    matches!(
        c.general_category(),
        G::NonspacingMark | G::SpacingMark | G::EnclosingMark
    ) || matches!(c as u32,
        0xFE00..=0xFE0F // variation selectors
        | 0xE0100..=0xE01EF // ideographic variation selectors
        | 0x1F3FB..=0x1F3FF // emoji modifiers
        | 0xE0020..=0xE007F // tags
    ) || c == '\u{200D}'
}

/// Whether `c` draws nothing of its own (a format control: joiners, bidi marks, the soft
/// hyphen, the byte-order mark): it is set in the face of the character before it, which the
/// shaper makes invisible, and never needs a fallback face or a placeholder.
pub fn draws_nothing(c: char) -> bool {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    matches!(c.general_category(), G::Format)
        || matches!(c as u32, 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
}

/// What a character that no bundled face has is, for the warning that names it.
pub fn missing_kind(c: char) -> &'static str {
    use unicode_properties::{GeneralCategory as G, UnicodeEmoji, UnicodeGeneralCategory};
    match c.general_category() {
        G::PrivateUse => "a private-use code point",
        G::Unassigned => "an unassigned code point",
        _ if c.is_emoji_char() => {
            "an emoji (drawn as the placeholder: no monochrome emoji face is bundled)"
        }
        _ => "in no bundled face",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_ideographs_kana_and_hangul() {
        for c in [
            '中', '國', '𠀀', '丽', 'あ', 'ア', 'ㇰ', 'ㄅ', '한', 'ᄀ', 'ㄱ', '々', '〇', '㈱',
        ] {
            assert!(is_cjk_letter(c), "{c}");
            assert!(!is_cjk_punct(c), "{c}");
            assert!(is_cjk_block(c) && is_cjk(c), "{c}");
        }
        for c in ['a', 'é', '1', '，', '。', 'Ａ', '“', '䷀'] {
            assert!(!is_cjk_letter(c), "{c}");
        }
    }

    #[test]
    fn hangul_is_syllables_and_jamo_only() {
        for c in ['한', '글', 'ᄀ', 'ㄱ', 'ꥠ', '힣'] {
            assert!(is_hangul(c) && is_cjk_letter(c), "{c}");
        }
        for c in ['中', 'あ', 'a', '1', '。'] {
            assert!(!is_hangul(c), "{c}");
        }
    }

    #[test]
    fn punctuation_is_the_blocks_marks_but_not_their_letters_or_half_widths() {
        for c in [
            '，', '。', '、', '「', '」', '《', '〔', '～', '￥', '\u{3000}', '︒', '﹁',
        ] {
            assert!(is_cjk_punct(c), "{c}");
            assert!(is_cjk_block(c), "{c}");
        }
        for c in [
            'Ａ', 'ｚ', '０', '中', '々', '〇', '｡', '｢', '.', ',', '“', '…',
        ] {
            assert!(!is_cjk_punct(c), "{c}");
        }
        assert!(is_fullwidth_alphanumeric('Ｌ') && is_fullwidth_alphanumeric('９'));
        assert!(!is_fullwidth_alphanumeric('L') && !is_fullwidth_alphanumeric('！'));
        assert!(is_cjk_block('Ｌ') && !is_cjk_block('L'));
        assert!(!is_cjk_block('｡'));
    }

    #[test]
    fn ambiguous_punctuation_is_cjk_only_without_context() {
        for c in ['“', '”', '‘', '’', '…', '—', '·', '※'] {
            assert!(is_ambiguous_punct(c), "{c}");
            assert!(!is_cjk_block(c), "{c}");
            assert!(is_cjk(c), "{c}");
        }
        for c in ['"', '\'', '-', 'a', ' ', '1'] {
            assert!(!is_cjk(c), "{c}");
        }
    }

    #[test]
    fn opening_and_closing_marks_pair_up() {
        let pairs = [
            ('（', '）'),
            ('［', '］'),
            ('｛', '｝'),
            ('〔', '〕'),
            ('〈', '〉'),
            ('《', '》'),
            ('「', '」'),
            ('『', '』'),
            ('【', '】'),
            ('〘', '〙'),
            ('〖', '〗'),
            ('〝', '〟'),
            ('‘', '’'),
            ('“', '”'),
            ('｟', '｠'),
        ];
        for (open, close) in pairs {
            assert!(is_opening(open) && !is_closing(open), "{open}");
            assert!(is_closing(close) && !is_opening(close), "{close}");
            assert!(is_cjk(open) && is_cjk(close));
        }
        for stop in ['，', '。', '、', '．', '：', '；', '？', '！'] {
            assert!(is_closing(stop), "{stop}");
        }
        for c in ['(', ')', '«', '»', '中', '…'] {
            assert!(!is_opening(c) && !is_closing(c), "{c}");
        }
    }
    #[test]
    fn sentences_end_on_stops_in_every_script() {
        assert!(ends_sentence("真是太方便了。”"));
        assert!(ends_sentence("……"));
        assert!(ends_sentence("配置する」と話している。"));
        assert!(ends_sentence("서울시는 6일 밝혔다."));
        assert!(ends_sentence("배치하겠다\"고 말했다."));
        assert!(ends_sentence("你做对了吗？"));
        assert!(!ends_sentence("包头持续打造“问政政府”"));
        assert!(!ends_sentence("大力推进“一网办”"));
        // A Latin full stop after a digit or a Latin letter ends a number or an abbreviation.
        assert!(!ends_sentence("今年增长了3."));
        assert!(!ends_sentence("与Acme Co."));
        assert!(!ends_sentence("서울시는"));
    }
}
