//! Character classes the CJK rules need: which characters are set from the CJK glyph tables,
//! which may not start or end a line (W3C clreq / jlreq kinsoku), and which are punctuation
//! whose blank half may be trimmed.

/// Whether `c` belongs to a CJK script or block (set upright, one em, from the cmap directly).
pub(crate) fn is_cjk_block(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF // Hangul Jamo
        | 0x2E80..=0x2FDF // radicals
        | 0x2FF0..=0x303F // ideographic description, CJK symbols and punctuation
        | 0x3040..=0x30FF // kana
        | 0x3100..=0x312F // bopomofo
        | 0x3130..=0x318F // Hangul compatibility Jamo
        | 0x3190..=0x31FF // kanbun, bopomofo ext, strokes, katakana ext
        | 0x3200..=0x33FF // enclosed CJK, compatibility
        | 0x3400..=0x4DBF // extension A
        | 0x4E00..=0x9FFF // unified ideographs
        | 0xA960..=0xA97F // Hangul Jamo ext A
        | 0xAC00..=0xD7FF // Hangul syllables, Jamo ext B
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0xFE10..=0xFE1F // vertical forms
        | 0xFE30..=0xFE4F // compatibility forms
        | 0xFF01..=0xFF60 // full-width forms
        | 0xFFE0..=0xFFE6 // full-width signs
        | 0x20000..=0x3FFFF // supplementary ideographic planes
    )
}

/// Punctuation that Unicode leaves ambiguous but Chinese text sets full width from the CJK
/// font: curly quotes, ellipsis, em dash, middle dot.
pub(crate) fn is_cjk_ambiguous(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '…' | '‥' | '—' | '―' | '·' | '‧' | '※'
    )
}

/// Characters no line may start with (closing marks, small kana, iteration marks; the set
/// `check-pdf` counts, plus the ellipsis).
pub(crate) fn is_no_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '．'
            | '：'
            | '；'
            | '？'
            | '！'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '）'
            | '］'
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
    ) || matches!(c as u32, 0x31F0..=0x31FF)
}

/// Characters no line may end with (opening marks).
pub(crate) fn is_no_end(c: char) -> bool {
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
            | '«'
            | '('
            | '['
            | '{'
    )
}

/// Full-width opening marks: their blank half, if the font puts one on the left, may be trimmed.
pub(crate) fn is_opening(c: char) -> bool {
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

/// Full-width closing marks and stops: their blank half, if the font puts one on the right
/// (Simplified Chinese and Japanese fonts do, for `，。`; Traditional fonts centre them), may
/// be trimmed.
pub(crate) fn is_closing(c: char) -> bool {
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

/// Marks written doubled that must never be split across lines: `——`, `……`.
pub(crate) fn is_doubled_mark(c: char) -> bool {
    matches!(c, '—' | '―' | '…' | '‥' | '⸺')
}
