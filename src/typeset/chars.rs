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

/// Hangul syllables and jamo.
pub(crate) use crate::script::is_hangul;

/// Characters no line may start with in any CJK language (clreq, klreq, jlreq's loose rule):
/// closing marks, stops, `？！‼`, hyphens and wave dashes, `…`, `%` and Latin closers.
pub(crate) fn is_no_start(c: char) -> bool {
    is_closing(c)
        || matches!(
            c,
            '‼' | '⁇'
                | '⁈'
                | '⁉'
                | '»'
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
}

/// What jlreq's strict line-start rule adds: small kana (cl-11), the prolonged sound mark
/// `ー` (cl-10) and the iteration marks `々〻ゝゞヽヾ` (cl-09).
pub(crate) fn is_no_start_strict(c: char) -> bool {
    matches!(
        c,
        'ヽ' | 'ヾ'
            | 'ゝ'
            | 'ゞ'
            | '々'
            | '〻'
            | 'ー'
            | 'ｰ'
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
    ) || matches!(c as u32, 0x31F0..=0x31FF | 0xFF67..=0xFF6F)
}

/// Japanese middle dots, colons and semicolons (jlreq cl-05): a quarter-em blank each side.
pub(crate) fn is_middle_dot(c: char) -> bool {
    matches!(c, '・' | '：' | '；')
}

/// Full-width stops and commas (not brackets or quotes): centred in Traditional Chinese.
pub(crate) fn is_stop(c: char) -> bool {
    matches!(c, '，' | '。' | '、' | '．' | '：' | '；' | '？' | '！')
}

/// Characters no line may end with (opening marks, CJK and Latin).
pub(crate) fn is_no_end(c: char) -> bool {
    is_opening(c) || matches!(c, '«' | '(' | '[' | '{')
}

/// Marks written doubled that must never be split across lines: `——`, `……`.
pub(crate) fn is_doubled_mark(c: char) -> bool {
    matches!(c, '—' | '―' | '…' | '‥' | '⸺')
}
