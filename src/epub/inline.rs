//! The inline markup of one text of the book: escaping, page-break markers, and what readers
//! cannot be trusted to do alike (see DESIGN.md, "Reading engines differ"):
//!
//! - **CJK–Latin spacing** is written into the markup: a run of Latin letters or digits next to
//!   an ideograph or kana is wrapped in a span whose class gives it a quarter em on that side
//!   (`sp-b` before, `sp-a` after, `sp-ba` both), instead of leaving it to `text-autospace`,
//!   which WebKitGTK 2.50 paints over the neighbouring glyphs and older readers ignore.
//!   No space is added where the source has one, next to Hangul (Korean sets word spaces,
//!   klreq), or next to an upright number.
//! - **Break opportunities in long tokens** (`<wbr/>`): URLs and paths after `/` and before
//!   `. ? # & = _ - ~ @ %`, and any letter or digit stretch over [`LONG_STRETCH`] characters
//!   every [`CHUNK`] characters; otherwise readers push the whole token to the next line and
//!   stretch the line it left, or let it run off the page. A URL or e-mail address is also
//!   marked `url`, which the stylesheet lets break anywhere (as CJK text does): WebKit gives all
//!   of a justified line's slack to its spaces, so a line that ends before a long piece of a URL
//!   opens a gap of several ems at its one space.
//! - In vertical books, **short numbers upright** (tate-chu-yoko): a standalone run of one or
//!   two ASCII digits (`10月9日`, not `1952` or `3.5`) in `<span class="tcy">`.
//!
//! None of it adds a character: the text a reader searches and copies is the edition's.

use crate::script::{is_cjk, is_cjk_letter};

use super::pagelist;
use super::xml::escape;

/// Letter and digit stretches longer than this get break opportunities inside.
pub const LONG_STRETCH: usize = 20;
/// The length of the pieces a long stretch is cut into (the last piece is never shorter than
/// half of it).
pub const CHUNK: usize = 8;

/// Escapes `text` for XHTML with the markup described in the module documentation. `marks`
/// holds, sorted by offset, the character offset into `text` and the page number of each
/// page-break marker; a marker goes before the character at its offset (before an upright
/// number it falls inside, since that is one glyph), one past the end closes the text.
pub fn markup(text: &str, marks: &[(usize, usize)], vertical: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let upright = if vertical {
        upright_numbers(&chars)
    } else {
        Vec::new()
    };
    let runs = latin_runs(&chars, &upright);
    let mut out = String::with_capacity(text.len() + 16);
    let mut marks = marks.iter().peekable();
    let mut buffer = [0u8; 4];
    let mut i = 0;
    let mut runs = runs.iter().peekable();
    while i < chars.len() {
        if let Some(&(start, end)) = upright.iter().find(|&&(s, _)| s == i) {
            emit_marks(&mut out, &mut marks, end);
            let digits: String = chars[start..end].iter().collect();
            out.push_str(&format!("<span class=\"tcy\">{digits}</span>"));
            i = end;
            continue;
        }
        let run = runs.next_if(|r| r.start == i);
        if let Some(run) = run {
            let breaks = break_opportunities(&chars[run.start..run.end]);
            emit_marks(&mut out, &mut marks, run.start + 1);
            let class = run.class();
            if !class.is_empty() {
                out.push_str(&format!("<span class=\"{class}\">"));
            }
            for (k, c) in chars[run.start..run.end].iter().enumerate() {
                if breaks.contains(&k) {
                    out.push_str("<wbr/>");
                }
                emit_marks(&mut out, &mut marks, run.start + k + 1);
                out.push_str(&escape(c.encode_utf8(&mut buffer)));
            }
            if !class.is_empty() {
                out.push_str("</span>");
            }
            i = run.end;
            continue;
        }
        emit_marks(&mut out, &mut marks, i + 1);
        out.push_str(&escape(chars[i].encode_utf8(&mut buffer)));
        i += 1;
    }
    emit_marks(&mut out, &mut marks, usize::MAX);
    out
}

/// Emits the markers of `marks` whose offset is below `upto`.
fn emit_marks(
    out: &mut String,
    marks: &mut std::iter::Peekable<std::slice::Iter<(usize, usize)>>,
    upto: usize,
) {
    while let Some(&&(offset, number)) = marks.peek() {
        if offset >= upto {
            break;
        }
        out.push_str(&pagelist::marker(number));
        marks.next();
    }
}

/// The standalone runs of one or two ASCII digits, as `(start, end)` character ranges: not
/// part of a longer number, a decimal, a percentage or a word.
fn upright_numbers(chars: &[char]) -> Vec<(usize, usize)> {
    let joins_number = |c: Option<&char>| {
        c.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%'))
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let standalone =
            !joins_number(start.checked_sub(1).map(|p| &chars[p])) && !joins_number(chars.get(i));
        if i - start <= 2 && standalone {
            found.push((start, i));
        }
    }
    found
}

/// A run of Latin text (no CJK character, no space) and whether it is spaced from the
/// ideographs or kana around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LatinRun {
    start: usize,
    end: usize,
    space_before: bool,
    space_after: bool,
    /// A URL or an e-mail address.
    url: bool,
}

impl LatinRun {
    /// The classes of the run's span (empty: no span): its spacing, and `url`.
    fn class(&self) -> &'static str {
        match (self.space_before, self.space_after, self.url) {
            (true, true, false) => "sp-ba",
            (true, false, false) => "sp-b",
            (false, true, false) => "sp-a",
            (false, false, false) => "",
            (true, true, true) => "sp-ba url",
            (true, false, true) => "sp-b url",
            (false, true, true) => "sp-a url",
            (false, false, true) => "url",
        }
    }
}

/// Whether `c` takes a quarter em next to Latin letters and digits: an ideograph or kana (a
/// CJK letter that is not Hangul).
fn spaces_from_latin(c: char) -> bool {
    is_cjk_letter(c) && !is_hangul(c)
}

fn is_hangul(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF)
}

/// The Latin runs of `chars`, outside the upright numbers `upright`.
fn latin_runs(chars: &[char], upright: &[(usize, usize)]) -> Vec<LatinRun> {
    let in_upright = |i: usize| upright.iter().any(|&(s, e)| i >= s && i < e);
    let latin = |i: usize| !in_upright(i) && !chars[i].is_whitespace() && !is_cjk(chars[i]);
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !latin(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && latin(i) {
            i += 1;
        }
        let space_before = start > 0
            && !in_upright(start - 1)
            && spaces_from_latin(chars[start - 1])
            && chars[start].is_alphanumeric();
        let space_after = i < chars.len()
            && !in_upright(i)
            && spaces_from_latin(chars[i])
            && chars[i - 1].is_alphanumeric();
        let token: String = chars[start..i].iter().collect();
        let url = token.contains("://")
            || token.starts_with("www.")
            || (token.contains('@') && token.contains('.'));
        runs.push(LatinRun {
            start,
            end: i,
            space_before,
            space_after,
            url,
        });
    }
    runs
}

/// Where a break opportunity goes inside the token `token`, as offsets of the characters it
/// goes before (never within two characters of either end), in increasing order.
fn break_opportunities(token: &[char]) -> Vec<usize> {
    let mut at = Vec::new();
    if token.len() <= CHUNK {
        return at;
    }
    for k in 2..token.len().saturating_sub(1) {
        let (prev, c) = (token[k - 1], token[k]);
        let after_slash = prev == '/' && c != '/';
        let before_mark =
            matches!(c, '.' | '?' | '#' | '&' | '=' | '_' | '-' | '~' | '@' | '%') && prev != c;
        if after_slash || before_mark {
            at.push(k);
        }
    }
    // Inside each long stretch of letters or digits: every CHUNK characters, leaving at
    // least half a chunk at its end.
    let mut a = 0;
    while a < token.len() {
        if !token[a].is_alphanumeric() {
            a += 1;
            continue;
        }
        let b = a + token[a..]
            .iter()
            .take_while(|c| c.is_alphanumeric())
            .count();
        if b - a > LONG_STRETCH {
            let mut k = a + CHUNK;
            while k + CHUNK / 2 <= b {
                at.push(k);
                k += CHUNK;
            }
        }
        a = b;
    }
    at.sort_unstable();
    at.dedup();
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> String {
        markup(text, &[], false)
    }

    #[test]
    fn latin_next_to_ideographs_is_spaced_on_that_side_only() {
        assert_eq!(
            plain("上涨5.2%。CPI同比"),
            "上涨<span class=\"sp-b\">5.2%</span>。<span class=\"sp-a\">CPI</span>同比"
        );
        assert_eq!(plain("在Linux上"), "在<span class=\"sp-ba\">Linux</span>上");
        // A space in the source, a bracket, Hangul: no added space.
        assert_eq!(plain("使用 Rust 编译"), "使用 Rust 编译");
        assert_eq!(plain("（API）"), "（API）");
        assert_eq!(plain("지하 2층"), "지하 2층");
        assert_eq!(plain("5.2% 늘어난"), "5.2% 늘어난");
        // Kana spaces like ideographs.
        assert_eq!(plain("市はSNSで"), "市は<span class=\"sp-ba\">SNS</span>で");
    }

    #[test]
    fn text_is_escaped_and_unchanged() {
        let text = "A < B & \"C\" 'D' 在R&D中";
        let out = plain(text);
        assert!(out.starts_with("A &lt; B &amp; &quot;C&quot; &apos;D&apos; 在"));
        let stripped = regex::Regex::new("<[^>]*>").unwrap().replace_all(&out, "");
        let unescaped = stripped
            .replace("&lt;", "<")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        assert_eq!(unescaped, text);
    }

    #[test]
    fn long_tokens_get_break_opportunities() {
        assert_eq!(
            plain("见https://www.example.com/a/b?lang=zh"),
            "见<span class=\"sp-b url\">https://<wbr/>www<wbr/>.example<wbr/>.com/<wbr/>a/<wbr/>b<wbr/>?lang<wbr/>=zh</span>"
        );
        let word = "Rindfleischetikettierungsueberwachung";
        let out = plain(word);
        let pieces: Vec<&str> = out.split("<wbr/>").collect();
        assert!(pieces.len() > 3, "{out}");
        assert!(pieces.iter().all(|p| p.chars().count() >= CHUNK / 2));
        assert_eq!(pieces.concat(), word);
        assert_eq!(
            plain("至a.b@example.org咨询"),
            "至<span class=\"sp-ba url\">a.b<wbr/>@example<wbr/>.org</span>咨询"
        );
        // Ordinary words and numbers are left alone.
        assert_eq!(plain("Internationalization"), "Internationalization");
        assert_eq!(plain("1,234,567"), "1,234,567");
    }

    #[test]
    fn short_numbers_stand_upright_in_vertical_text() {
        assert_eq!(
            markup("10月9日電 1952年 3.5% <A1>", &[], true),
            "<span class=\"tcy\">10</span>月<span class=\"tcy\">9</span>日電 \
             <span class=\"sp-a\">1952</span>年 3.5% &lt;A1&gt;"
        );
        // Upright numbers are not spaced; rotated ones are.
        assert_eq!(
            markup("約12萬度，1952年", &[], true),
            "約<span class=\"tcy\">12</span>萬度，<span class=\"sp-a\">1952</span>年"
        );
        assert_eq!(
            markup("約12萬度", &[], false),
            "約<span class=\"sp-ba\">12</span>萬度"
        );
    }

    #[test]
    fn page_break_markers_land_on_the_characters_they_count_whatever_the_markup() {
        let marker = |n| pagelist::marker(n);
        assert_eq!(
            markup("a<b&c", &[(2, 7), (5, 8)], false),
            format!("a&lt;{}b&amp;c{}", marker(7), marker(8))
        );
        // A marker inside an upright number moves before it; elsewhere it stays put.
        assert_eq!(
            markup("約12萬1952年", &[(2, 3), (6, 4)], true),
            format!(
                "約{}<span class=\"tcy\">12</span>萬<span class=\"sp-ba\">19{}52</span>年",
                marker(3),
                marker(4)
            )
        );
        assert_eq!(
            markup("在Linux上", &[(1, 5)], false),
            format!("在{}<span class=\"sp-ba\">Linux</span>上", marker(5))
        );
    }
}
