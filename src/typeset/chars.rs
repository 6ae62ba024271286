//! Character classes the CJK rules need: which characters are set from the CJK glyph tables,
//! which may not start or end a line (W3C clreq / jlreq kinsoku), and which are punctuation
//! whose blank half may be trimmed. The classes shared with the rest of the crate live in
//! [`crate::script`]; the line-breaking sets here are built on them.

/// Whether `c` belongs to a CJK block (set upright, one em, from the cmap directly).
pub(crate) use crate::script::is_cjk_block;

/// CJK and full-width punctuation: set one em, squeezed before ideographs are.
pub(crate) use crate::script::is_cjk_punct;

/// Punctuation that Unicode leaves ambiguous but Chinese text sets full width from the CJK
/// font: curly quotes, ellipsis, em dash, middle dot.
pub(crate) use crate::script::is_ambiguous_punct as is_cjk_ambiguous;

/// Full-width opening marks: their blank half, if the font puts one on the left, may be trimmed.
pub(crate) use crate::script::is_opening;

/// Full-width closing marks and stops: their blank half, if the font puts one on the right
/// (Simplified Chinese and Japanese fonts do, for `，。`; Traditional fonts centre them), may
/// be trimmed.
pub(crate) use crate::script::is_closing;

/// Characters no line may start with (closing marks, small kana, iteration marks; the set
/// the tests' kinsoku check (`tests/common/pdf_check.rs`) counts, plus the ellipsis).
pub(crate) fn is_no_start(c: char) -> bool {
    is_closing(c)
        || matches!(
            c,
            '‼' | '⁇'
                | '⁈'
                | '⁉'
                | '»'
                | 'ヽ'
                | 'ヾ'
                | 'ー'
                | 'ァ'
                | 'ィ'
                | 'ゥ'
                | 'ェ'
                | 'ォ'
                | 'ッ'
                | 'ャ'
                | 'ュ'
                | 'ョ'
                | 'ヮ'
                | 'ヵ'
                | 'ヶ'
                | 'ぁ'
                | 'ぃ'
                | 'ぅ'
                | 'ぇ'
                | 'ぉ'
                | 'っ'
                | 'ゃ'
                | 'ゅ'
                | 'ょ'
                | 'ゎ'
                | 'ゕ'
                | 'ゖ'
                | '々'
                | '〻'
                | '‐'
                | '゠'
                | '–'
                | '〜'
                | '～'
                | '?'
                | '!'
                | ')'
                | ']'
                | '}'
                | ','
                | '.'
                | ':'
                | ';'
                | '%'
                | '…'
                | '‥'
                | '・'
                | '·'
                | '｡'
                | '､'
                | '％'
                | '°'
                | '℃'
                | '‰'
        )
        || matches!(c as u32, 0x31F0..=0x31FF)
}

/// Characters no line may end with (opening marks, CJK and Latin).
pub(crate) fn is_no_end(c: char) -> bool {
    is_opening(c) || matches!(c, '«' | '(' | '[' | '{')
}

/// Marks written doubled that must never be split across lines: `——`, `……`.
pub(crate) fn is_doubled_mark(c: char) -> bool {
    matches!(c, '—' | '―' | '…' | '‥' | '⸺')
}
