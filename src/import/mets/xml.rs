//! XML plumbing shared by the METS, MODS and ALTO readers: reading a file safely, parsing it
//! with `roxmltree` (no DTD, so no entity expansion and no external entities), positions for
//! messages, and namespace-blind lookups (ALTO 1–4 and METS profiles disagree on namespaces,
//! and some files have none).

use std::fmt;
use std::path::{Path, PathBuf};

use roxmltree::{Document, Node, ParsingOptions};

use crate::input::{Kind, Limits};

/// Why an issue was refused: the file, where in it (when known) and what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct MetsError {
    /// The file at fault.
    pub file: PathBuf,
    /// 1-based line and column, when known.
    pub position: Option<(u32, u32)>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl MetsError {
    /// An error about `file` as a whole.
    pub fn new(file: &Path, message: impl Into<String>) -> MetsError {
        MetsError {
            file: file.to_path_buf(),
            position: None,
            message: message.into(),
        }
    }

    /// An error at `node` of the parsed `file`.
    pub fn at(file: &Path, node: Node, message: impl Into<String>) -> MetsError {
        MetsError {
            file: file.to_path_buf(),
            position: Some(position(node)),
            message: message.into(),
        }
    }
}

impl fmt::Display for MetsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for MetsError {}

/// 1-based line and column of the start of `node`.
pub fn position(node: Node) -> (u32, u32) {
    let pos = node.document().text_pos_at(node.range().start);
    (pos.row, pos.col)
}

/// 1-based line of the start of `node`.
pub fn line(node: Node) -> u32 {
    position(node).0
}

/// Reads a METS or ALTO file through [`crate::input`] (regular files only, at most the
/// `import` cap) as UTF-8 text (a leading BOM dropped).
pub fn read_text(path: &Path, what: &str, limits: &Limits) -> Result<String, MetsError> {
    let bytes = crate::input::read(path, Kind::Import, limits)
        .map_err(|e| MetsError::new(path, format!("the {what} {e}")))?;
    utf8(path, what, bytes)
}

/// The bytes as UTF-8 text, a leading BOM dropped.
fn utf8(path: &Path, what: &str, bytes: Vec<u8>) -> Result<String, MetsError> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        MetsError {
            file: path.to_path_buf(),
            position: Some((line as u32, 1)),
            message: format!("the {what} is not UTF-8 (invalid byte at offset {at})"),
        }
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Parses `text` (from `path`) refusing any DTD: a newspaper delivery never needs one, and
/// refusing it rules out entity expansion and external entities altogether.
pub fn parse<'a>(path: &Path, text: &'a str, what: &str) -> Result<Document<'a>, MetsError> {
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options).map_err(|e| {
        if let roxmltree::Error::DtdDetected = e {
            // roxmltree reports a DTD at 1:1; point at the declaration itself.
            let at = text.find("<!DOCTYPE").unwrap_or(0);
            let line = text[..at].matches('\n').count() as u32 + 1;
            let column = (at - text[..at].rfind('\n').map_or(0, |n| n + 1)) as u32 + 1;
            return MetsError {
                file: path.to_path_buf(),
                position: Some((line, column)),
                message: format!(
                    "the {what} declares a DTD (<!DOCTYPE …>): refused, as DTDs can expand entities or fetch external files; METS and ALTO need none"
                ),
            };
        }
        let pos = e.pos();
        MetsError {
            file: path.to_path_buf(),
            position: Some((pos.row, pos.col)),
            message: format!("malformed XML in the {what}: {e}"),
        }
    })
}

/// The element's local name (namespace prefix dropped).
pub fn name<'a>(node: Node<'a, '_>) -> &'a str {
    node.tag_name().name()
}

/// The value of the attribute with this local name, in any namespace (or none).
pub fn attr<'a>(node: Node<'a, '_>, local: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == local)
        .map(|a| a.value())
}

/// A numeric attribute; `None` when absent or not a number.
pub fn number(node: Node, local: &str) -> Option<f32> {
    attr(node, local)
        .and_then(|v| v.trim().parse::<f32>().ok())
        .filter(|v| v.is_finite())
}

/// Element children with this local name.
pub fn children<'a, 'i>(
    node: Node<'a, 'i>,
    local: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && name(*c) == local)
}

/// The first element child with this local name.
pub fn child<'a, 'i>(node: Node<'a, 'i>, local: &'a str) -> Option<Node<'a, 'i>> {
    children(node, local).next()
}

/// Element descendants (the node included) with this local name, in document order.
pub fn descendants<'a, 'i>(
    node: Node<'a, 'i>,
    local: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.descendants()
        .filter(move |c| c.is_element() && name(*c) == local)
}

/// The element's text with runs of whitespace collapsed to one space, trimmed.
pub fn text(node: Node) -> String {
    let raw: String = node
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    collapse(&raw)
}

/// Runs of whitespace collapsed to one space, trimmed.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dtd_is_refused_with_its_position() {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x \"boom\">]>\n<a>&x;</a>";
        let err = parse(Path::new("m.xml"), text, "METS file").unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(2), "{err}");
        assert!(err.to_string().starts_with("m.xml:2:"), "{err}");
    }

    #[test]
    fn malformed_xml_names_line_and_column() {
        let err = parse(Path::new("p.xml"), "<a>\n  <b></a>", "ALTO file").unwrap_err();
        assert!(err.to_string().starts_with("p.xml:2:"), "{err}");
        assert!(err.message.contains("malformed XML"), "{err}");
    }

    #[test]
    fn lookups_ignore_namespaces() {
        let src =
            r#"<m:a xmlns:m="urn:x" xmlns:x="urn:l"><m:b x:href="h" ID="1"> t  u </m:b></m:a>"#;
        let doc = parse(Path::new("t"), src, "t").unwrap();
        let b = child(doc.root_element(), "b").unwrap();
        assert_eq!(attr(b, "href"), Some("h"));
        assert_eq!(attr(b, "ID"), Some("1"));
        assert_eq!(text(b), "t u");
        assert_eq!(line(b), 1);
    }
}
