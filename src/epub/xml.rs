//! Escaping text for XHTML and XML: every string from an edition passes through here.

/// Escapes `s` for use as XML character data or a quoted attribute value, and drops the
/// characters XML 1.0 forbids (C0 controls other than tab and newline, unpaired surrogates
/// cannot occur in Rust strings, U+FFFE and U+FFFF), which would make the whole book unreadable.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// `s` without the characters XML 1.0 forbids, for text handed to epub-builder (which escapes
/// the markup characters itself).
pub fn clean(s: &str) -> String {
    s.chars().filter(|&c| is_xml_char(c)).collect()
}

/// Whether `c` may appear in an XML 1.0 document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_and_quotes_are_escaped() {
        assert_eq!(
            escape(r#"<b> & "q" 'a'"#),
            "&lt;b&gt; &amp; &quot;q&quot; &apos;a&apos;"
        );
        assert_eq!(escape("“智慧人社”"), "“智慧人社”");
    }

    #[test]
    fn characters_xml_forbids_are_dropped() {
        assert_eq!(escape("a\u{0}b\u{1B}c\u{FFFE}"), "abc");
        assert_eq!(clean("x\u{7}y\n"), "xy\n");
    }
}
