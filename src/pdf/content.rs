//! A content-stream tokenizer for the streams krilla writes (numbers, names, strings, arrays,
//! dictionaries, operators). lopdf's general parser took most of the time of rewriting
//! vertical pages (120–150 ms a page in a debug build; the sample set vertically built in
//! 1.55 s instead of 0.72 s without the rewrite, 0.8–1.0 s with this). It yields the same
//! operations as lopdf (checked on every vertical page of the test editions); anything it does
//! not expect (inline images, malformed input) returns `None`, and the caller falls back to
//! lopdf.

use lopdf::content::Operation;
use lopdf::{Dictionary, Object, StringFormat};

/// The operations of a content stream, or `None` where this tokenizer gives up.
pub fn operations(data: &[u8]) -> Option<Vec<Operation>> {
    let mut parser = Parser { data, at: 0 };
    let mut out = Vec::new();
    let mut operands = Vec::new();
    loop {
        parser.skip_space();
        let Some(&b) = parser.data.get(parser.at) else {
            break;
        };
        if is_regular(b) && !starts_number(b) {
            let word = parser.word();
            match word {
                b"true" => operands.push(Object::Boolean(true)),
                b"false" => operands.push(Object::Boolean(false)),
                b"null" => operands.push(Object::Null),
                b"BI" | b"ID" | b"EI" => return None,
                _ => {
                    let operator = std::str::from_utf8(word).ok()?.to_string();
                    out.push(Operation {
                        operator,
                        operands: std::mem::take(&mut operands),
                    });
                }
            }
        } else {
            operands.push(parser.object(0)?);
        }
    }
    operands.is_empty().then_some(out)
}

struct Parser<'a> {
    data: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_space(b) {
                self.at += 1;
            } else if b == b'%' {
                while self.peek().is_some_and(|b| b != b'\n' && b != b'\r') {
                    self.at += 1;
                }
            } else {
                break;
            }
        }
    }

    fn word(&mut self) -> &[u8] {
        let start = self.at;
        while self.peek().is_some_and(is_regular) {
            self.at += 1;
        }
        &self.data[start..self.at]
    }

    fn object(&mut self, depth: usize) -> Option<Object> {
        if depth > 32 {
            return None;
        }
        self.skip_space();
        let b = self.peek()?;
        match b {
            b'/' => {
                self.at += 1;
                let raw = self.word().to_vec();
                Some(Object::Name(unescape_name(&raw)?))
            }
            b'(' => self.literal(),
            b'<' if self.data.get(self.at + 1) == Some(&b'<') => {
                self.at += 2;
                let mut dict = Dictionary::new();
                loop {
                    self.skip_space();
                    if self.data.get(self.at..self.at + 2) == Some(b">>") {
                        self.at += 2;
                        return Some(Object::Dictionary(dict));
                    }
                    let Object::Name(key) = self.object(depth + 1)? else {
                        return None;
                    };
                    let value = self.object(depth + 1)?;
                    dict.set(key, value);
                }
            }
            b'<' => {
                self.at += 1;
                let mut digits = Vec::new();
                loop {
                    let b = self.peek()?;
                    self.at += 1;
                    match b {
                        b'>' => break,
                        b if b.is_ascii_hexdigit() => digits.push(hex(b)),
                        b if is_space(b) => {}
                        _ => return None,
                    }
                }
                if digits.len() % 2 == 1 {
                    digits.push(0);
                }
                let bytes = digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect();
                Some(Object::String(bytes, StringFormat::Hexadecimal))
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.peek()? == b']' {
                        self.at += 1;
                        return Some(Object::Array(items));
                    }
                    items.push(self.object(depth + 1)?);
                }
            }
            b if starts_number(b) => self.number(),
            _ => None,
        }
    }

    fn number(&mut self) -> Option<Object> {
        let start = self.at;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.at += 1;
        }
        while self.peek().is_some_and(|b| b.is_ascii_digit() || b == b'.') {
            self.at += 1;
        }
        let text = std::str::from_utf8(&self.data[start..self.at]).ok()?;
        if self.peek().is_some_and(is_regular) {
            return None;
        }
        if text.contains('.') {
            let text = text.strip_suffix('.').unwrap_or(text);
            let value: f32 = if text.is_empty() || text == "-" || text == "+" {
                0.0
            } else {
                text.parse().ok()?
            };
            Some(Object::Real(value))
        } else {
            Some(Object::Integer(text.parse().ok()?))
        }
    }

    fn literal(&mut self) -> Option<Object> {
        self.at += 1;
        let mut out = Vec::new();
        let mut depth = 0usize;
        loop {
            let b = self.peek()?;
            self.at += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' if depth == 0 => break,
                b')' => {
                    depth -= 1;
                    out.push(b);
                }
                b'\\' => {
                    let e = self.peek()?;
                    self.at += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut value = (e - b'0') as u32;
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        value = value * 8 + (d - b'0') as u32;
                                        self.at += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(value as u8);
                        }
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.at += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        Some(Object::String(out, StringFormat::Literal))
    }
}

fn unescape_name(raw: &[u8]) -> Option<Vec<u8>> {
    if !raw.contains(&b'#') {
        return Some(raw.to_vec());
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#' {
            let pair = raw.get(i + 1..i + 3)?;
            if !pair.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(hex(pair[0]) << 4 | hex(pair[1]));
            i += 3;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    Some(out)
}

fn hex(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        _ => b - b'A' + 10,
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_space(b) && !is_delimiter(b)
}

fn starts_number(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::Content;

    fn same(a: &[Operation], b: &[Operation]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x.operator == y.operator && x.operands == y.operands)
    }

    #[test]
    fn reads_what_lopdf_reads() {
        let data: &[u8] = b"/Span<</MCID 3/ActualText<feff0031 0032>/Lang(zh\\(x\\) \\101)>>BDC\n\
            q 1 0 0 -1 0 841.8898 cm/c0 cs 0 scn % a comment\n\
            BT 0 Tr/f0 10.5 Tf 1 0 0 -1 -.5 4.18 Tm[<00010002> -0.0010986328<0003>]TJ ET\n\
            Q EMC/Artifact<</Type/Pagination/Subtype/Header>>BDC /A#20B gs true false null d0 EMC";
        let ours = operations(data).unwrap();
        let theirs = Content::decode(data).unwrap().operations;
        assert!(same(&ours, &theirs), "{ours:#?}\n{theirs:#?}");
        assert_eq!(ours.len(), 17);
    }

    #[test]
    fn gives_up_on_what_it_does_not_know() {
        assert!(operations(b"BI /W 1 /H 1 ID x EI").is_none());
        assert!(operations(b"1 0 0 (unterminated").is_none());
        assert!(operations(b"1 2").is_none());
    }
}
