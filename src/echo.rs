//! Echoing input text in messages: never a raw control character, never a whole megabyte.
//!
//! An edition's text reaches error messages (a bad value, a file name, serde's "found string
//! …"). A raw ESC there would drive the user's terminal, and a 5 MB line would bury the
//! message, so every message built from input goes through [`clean`].

/// How much of a long quoted stretch is kept, in characters.
pub const MAX_ECHO_CHARS: usize = 120;
/// A quoted stretch longer than this is an echo of the input (folio's own sentences between
/// two quote marks are far shorter) and is cut to [`MAX_ECHO_CHARS`].
pub const LONG_ECHO_CHARS: usize = 400;

/// `c` as people should see it in a message: control characters (C0, DEL, C1) and the
/// bidirectional controls become `\u{1b}`-style escapes; everything else is itself.
pub fn escape_char(c: char, out: &mut String) {
    let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if (c.is_control() && c != '\n') || bidi {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

/// `text` with control characters escaped (line breaks too, so a message stays one line).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' {
            out.push_str("\\n");
        } else {
            escape_char(c, &mut out);
        }
    }
    out
}

/// A message made safe to print: control characters escaped, and every stretch between
/// quote marks (`"…"`, `` `…` ``) longer than [`LONG_ECHO_CHARS`] cut to [`MAX_ECHO_CHARS`],
/// saying how long it was.
pub fn clean(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4096));
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let count = run.chars().count();
        if count > LONG_ECHO_CHARS {
            out.extend(run.chars().take(MAX_ECHO_CHARS));
            out.push_str(&format!("… ({count} characters in all)"));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in message.chars() {
        if c == '"' || c == '`' {
            flush(&mut run, &mut out);
            out.push(c);
        } else if c == '\n' {
            flush(&mut run, &mut out);
            out.push('\n');
        } else {
            escape_char(c, &mut run);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The first character that may not appear in an edition's text: a control character other
/// than tab, line feed and carriage return (C0, DEL, C1), with its 1-based line and column.
pub fn first_control(text: &str) -> Option<(usize, usize, char)> {
    let mut line = 1;
    let mut column = 1;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            column = 1;
            continue;
        }
        if c.is_control() && c != '\t' && c != '\r' {
            return Some((line, column, c));
        }
        column += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape("x\ny"), "x\\ny");
        assert_eq!(escape("\u{202E}evil"), "\\u{202e}evil");
        assert_eq!(clean("bad `\u{7}`"), "bad `\\u{7}`");
    }

    #[test]
    fn long_echoes_are_cut() {
        let long = "字".repeat(5_000);
        let m = clean(&format!("invalid type: string \"{long}\", expected a map"));
        assert!(m.len() < 600, "{m}");
        assert!(
            m.ends_with("(5000 characters in all)\", expected a map"),
            "{m}"
        );
        assert_eq!(clean("short \"ok\""), "short \"ok\"");
    }

    #[test]
    fn the_first_control_character_has_its_real_position() {
        assert_eq!(first_control("a: 1\nb: x\u{1b}y\n"), Some((2, 5, '\u{1b}')));
        assert_eq!(first_control("tab\there\r\n"), None);
        assert_eq!(first_control("x\u{85}"), Some((1, 2, '\u{85}')));
    }
}
