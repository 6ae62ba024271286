//! ALTO pages (versions 1 to 4, with or without a namespace): every word with its line, block,
//! style, confidence and hyphenation, flattened into document order so that a METS area
//! (`BEGIN`, optionally `END`, naming any element: block, line or word) is a range of words.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use roxmltree::Node;

use super::xml::{self, MetsError};

/// How a word takes part in hyphenation across a line end.
#[derive(Debug, Clone, PartialEq)]
pub enum Hyphen {
    /// An ordinary word.
    None,
    /// The first part of a hyphenated word; the whole word when ALTO gives it (`SUBS_CONTENT`).
    First(Option<String>),
    /// The second part, on the next line (`SUBS_TYPE="HypPart2"`).
    Second,
    /// A line's last word ending in a hyphen the OCR left in it (`gan⸗`, `Car-`), with
    /// neither `HYP` nor `SUBS_TYPE` (Tesseract, OCR-D, Transkribus): joined with the next
    /// line's first word, keeping the hyphen before a capital (`Schleswig-` `Holstein`).
    Printed,
}

/// Marks that end a line inside a word: hyphen, double oblique hyphen (Fraktur), not sign,
/// soft hyphen.
pub const HYPHENS: [char; 4] = ['-', '⸗', '¬', '\u{00AD}'];

/// Whether a word ends in a hyphen after a letter (`gan⸗`; not a lone `-` or `1-`).
fn ends_in_hyphen(word: &str) -> bool {
    let mut rev = word.chars().rev();
    rev.next().is_some_and(|c| HYPHENS.contains(&c)) && rev.next().is_some_and(char::is_alphabetic)
}

/// One word (`String`) of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// `CONTENT`, as printed.
    pub content: String,
    /// Hyphenation role: from `SUBS_TYPE`/`SUBS_CONTENT`, or a `HYP` element after the word.
    pub hyphen: Hyphen,
    /// Word confidence (`WC`, 0–1), when given.
    pub confidence: Option<f32>,
    /// Index of its line in [`AltoPage::lines`].
    pub line: usize,
    /// Font size from its style, when known (and not zero).
    pub size: Option<f32>,
    /// Bold by its style.
    pub bold: bool,
    /// Width on the page (0 when not given).
    pub width: f32,
}

/// One `TextLine`.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Index of its block in [`AltoPage::blocks`].
    pub block: usize,
    /// Left edge.
    pub hpos: f32,
    /// 1-based line of the element in the ALTO file, for the report.
    pub source_line: u32,
}

/// One `TextBlock`.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Its `ID`.
    pub id: String,
    /// Left edge.
    pub hpos: f32,
    /// The left edge of its leftmost line: where unindented lines start.
    pub left: f32,
}

/// An `Illustration`, a `GraphicalElement` or a `ComposedBlock` of type illustration: a
/// picture's box on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Its `ID`.
    pub id: String,
    /// Box in the page's measurement unit: left, top, width, height.
    pub rect: [f32; 4],
}

/// What one element (by `ID`) covers: its words and figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Span {
    /// Indices into [`AltoPage::words`].
    pub words: Range<usize>,
    /// Indices into [`AltoPage::figures`].
    pub figures: Range<usize>,
}

/// One ALTO file: the page's words, lines, blocks and figures in document order.
#[derive(Debug, Clone)]
pub struct AltoPage {
    /// The file it was read from.
    pub file: PathBuf,
    /// Page width and height in its measurement unit (0 when not given).
    pub size: (f32, f32),
    /// Every word.
    pub words: Vec<Word>,
    /// Every line.
    pub lines: Vec<Line>,
    /// Every text block.
    pub blocks: Vec<Block>,
    /// Every picture box.
    pub figures: Vec<Figure>,
    /// The average width of a character, from the words' widths (0 when not given).
    pub char_width: f32,
    ids: HashMap<String, Span>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Style {
    size: Option<f32>,
    bold: bool,
}

impl AltoPage {
    /// What the elements `begin` through `end` (inclusive, in document order) cover; `None`
    /// when an ID is not in this page.
    pub fn select(&self, begin: &str, end: Option<&str>) -> Option<Span> {
        let first = self.ids.get(begin)?;
        let last = match end {
            Some(e) => self.ids.get(e)?,
            None => first,
        };
        Some(Span {
            words: first.words.start..last.words.end.max(first.words.start),
            figures: first.figures.start..last.figures.end.max(first.figures.start),
        })
    }

    /// The whole page.
    pub fn all(&self) -> Span {
        Span {
            words: 0..self.words.len(),
            figures: 0..self.figures.len(),
        }
    }
}

/// Reads and parses one ALTO file; one without a single word is refused.
pub fn read(path: &Path, limits: &crate::input::Limits) -> Result<AltoPage, MetsError> {
    let text = xml::read_text(path, "ALTO file", limits)?;
    parse(path, &text)
}

/// Parses ALTO text (see [`read`]).
pub fn parse(path: &Path, text: &str) -> Result<AltoPage, MetsError> {
    let doc = xml::parse(path, text, "ALTO file")?;
    let root = doc.root_element();
    if xml::name(root) != "alto" {
        return Err(MetsError::at(
            path,
            root,
            format!(
                "expected an ALTO file (root element `alto`), found `{}`",
                xml::name(root)
            ),
        ));
    }
    let styles = read_styles(root);
    let mut page = AltoPage {
        file: path.to_path_buf(),
        size: (0.0, 0.0),
        words: Vec::new(),
        lines: Vec::new(),
        blocks: Vec::new(),
        figures: Vec::new(),
        char_width: 0.0,
        ids: HashMap::new(),
    };
    if let Some(p) = xml::descendants(root, "Page").next() {
        page.size = (
            xml::number(p, "WIDTH").unwrap_or(0.0),
            xml::number(p, "HEIGHT").unwrap_or(0.0),
        );
    }
    if let Some(layout) = xml::child(root, "Layout") {
        walk(layout, &styles, Style::default(), &mut page);
    }
    for b in &mut page.blocks {
        if b.left == f32::MAX {
            b.left = b.hpos;
        }
    }
    let (width, chars) = page
        .words
        .iter()
        .filter(|w| w.width > 0.0)
        .fold((0.0f32, 0usize), |(w, c), word| {
            (w + word.width, c + word.content.chars().count())
        });
    page.char_width = if chars > 0 { width / chars as f32 } else { 0.0 };
    if page.words.iter().all(|w| w.content.trim().is_empty()) {
        return Err(MetsError::at(
            path,
            root,
            "the ALTO file has no text (no String with CONTENT): expected the OCR of a page",
        ));
    }
    Ok(page)
}

/// `TextStyle` ID → size and weight.
fn read_styles(root: Node) -> HashMap<String, Style> {
    let mut styles = HashMap::new();
    for s in xml::descendants(root, "TextStyle") {
        if let Some(id) = xml::attr(s, "ID") {
            styles.insert(
                id.to_string(),
                Style {
                    size: xml::number(s, "FONTSIZE").filter(|v| *v > 0.0),
                    bold: xml::attr(s, "FONTSTYLE").is_some_and(|f| f.contains("bold")),
                },
            );
        }
    }
    styles
}

/// The style an element sets through `STYLEREFS` (ALTO 2–4) or `STYLE`/`FONTSTYLE` words,
/// over what it inherits.
fn style_of(node: Node, styles: &HashMap<String, Style>, inherited: Style) -> Style {
    let mut style = inherited;
    if let Some(refs) = xml::attr(node, "STYLEREFS") {
        for r in refs.split_whitespace() {
            if let Some(s) = styles.get(r) {
                if s.size.is_some() {
                    style.size = s.size;
                }
                style.bold = s.bold;
            }
        }
    }
    if xml::attr(node, "STYLE").is_some_and(|s| s.contains("bold")) {
        style.bold = true;
    }
    style
}

/// Walks the layout in document order, recording each element's span by its ID.
fn walk(node: Node, styles: &HashMap<String, Style>, inherited: Style, page: &mut AltoPage) {
    let style = style_of(node, styles, inherited);
    let start = (page.words.len(), page.figures.len());
    match xml::name(node) {
        "TextBlock" => {
            page.blocks.push(Block {
                id: xml::attr(node, "ID").unwrap_or("").to_string(),
                hpos: xml::number(node, "HPOS").unwrap_or(0.0),
                left: f32::MAX,
            });
            for child in node.children().filter(|c| c.is_element()) {
                walk(child, styles, style, page);
            }
        }
        "TextLine" => read_line(node, styles, style, page),
        "Illustration" | "GraphicalElement" => push_figure(node, page),
        "ComposedBlock"
            if xml::attr(node, "TYPE").is_some_and(|t| t.eq_ignore_ascii_case("illustration"))
                && !node.descendants().any(|d| {
                    d.is_element() && matches!(xml::name(d), "Illustration" | "GraphicalElement")
                }) =>
        {
            push_figure(node, page);
            for child in node.children().filter(|c| c.is_element()) {
                walk(child, styles, style, page);
            }
        }
        _ => {
            for child in node.children().filter(|c| c.is_element()) {
                walk(child, styles, style, page);
            }
        }
    }
    if let Some(id) = xml::attr(node, "ID") {
        page.ids.insert(
            id.to_string(),
            Span {
                words: start.0..page.words.len(),
                figures: start.1..page.figures.len(),
            },
        );
    }
}

fn push_figure(node: Node, page: &mut AltoPage) {
    let n = |k| xml::number(node, k).unwrap_or(0.0);
    page.figures.push(Figure {
        id: xml::attr(node, "ID").unwrap_or("").to_string(),
        rect: [n("HPOS"), n("VPOS"), n("WIDTH"), n("HEIGHT")],
    });
}

/// A `TextLine`: its words, with `HYP` marking the word before it as hyphenated.
fn read_line(node: Node, styles: &HashMap<String, Style>, style: Style, page: &mut AltoPage) {
    // A line outside any TextBlock (not valid ALTO, but seen) gets a block of its own.
    if page.blocks.is_empty() {
        page.blocks.push(Block {
            id: String::new(),
            hpos: xml::number(node, "HPOS").unwrap_or(0.0),
            left: f32::MAX,
        });
    }
    let line = page.lines.len();
    let hpos = xml::number(node, "HPOS").unwrap_or(0.0);
    let block = page.blocks.len() - 1;
    page.blocks[block].left = page.blocks[block].left.min(hpos);
    page.lines.push(Line {
        block,
        hpos,
        source_line: xml::line(node),
    });
    for child in node.children().filter(|c| c.is_element()) {
        match xml::name(child) {
            "String" => {
                let start = page.words.len();
                let s = style_of(child, styles, style);
                let hyphen = match xml::attr(child, "SUBS_TYPE") {
                    Some("HypPart1") => Hyphen::First(
                        xml::attr(child, "SUBS_CONTENT")
                            .map(xml::collapse)
                            .filter(|c| !c.is_empty()),
                    ),
                    Some("HypPart2") => Hyphen::Second,
                    _ => Hyphen::None,
                };
                page.words.push(Word {
                    content: xml::collapse(xml::attr(child, "CONTENT").unwrap_or("")),
                    hyphen,
                    confidence: xml::number(child, "WC"),
                    line,
                    size: s.size,
                    bold: s.bold,
                    width: xml::number(child, "WIDTH").unwrap_or(0.0),
                });
                if page.words[start].content.is_empty() {
                    page.words.pop();
                }
                if let Some(id) = xml::attr(child, "ID") {
                    page.ids.insert(
                        id.to_string(),
                        Span {
                            words: start..page.words.len(),
                            figures: page.figures.len()..page.figures.len(),
                        },
                    );
                }
            }
            "HYP" => {
                if let Some(last) = page.words.last_mut().filter(|w| w.line == line) {
                    if last.hyphen == Hyphen::None {
                        last.hyphen = Hyphen::First(None);
                    }
                }
            }
            _ => {}
        }
    }
    // Only the line's last word can be split across the line end, and only when ALTO marks
    // no hyphenation of its own (`HYP`, `SUBS_TYPE`).
    if let Some(last) = page.words.last_mut().filter(|w| w.line == line) {
        if last.hyphen == Hyphen::None && ends_in_hyphen(&last.content) {
            last.hyphen = Hyphen::Printed;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V3: &str = r#"<?xml version="1.0"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#">
 <Styles><TextStyle ID="T1" FONTSIZE="9"/><TextStyle ID="T2" FONTSIZE="20" FONTSTYLE="bold"/></Styles>
 <Layout><Page ID="P1" WIDTH="1000" HEIGHT="2000"><PrintSpace>
  <TextBlock ID="B1" HPOS="10" STYLEREFS="T2"><TextLine ID="L1" HPOS="10"><String ID="S1" CONTENT="Big"/></TextLine></TextBlock>
  <TextBlock ID="B2" HPOS="10" STYLEREFS="T1">
   <TextLine HPOS="30"><String ID="S2" CONTENT="Ein" WC="0.9"/><SP/><String ID="S3" CONTENT="Wort" SUBS_TYPE="HypPart1" SUBS_CONTENT="Wortende"/><HYP CONTENT="-"/></TextLine>
   <TextLine HPOS="10"><String ID="S4" CONTENT="ende" SUBS_TYPE="HypPart2" SUBS_CONTENT="Wortende"/><SP/><String CONTENT="ab"/><HYP CONTENT="-"/></TextLine>
  </TextBlock>
  <Illustration ID="I1" HPOS="1" VPOS="2" WIDTH="3" HEIGHT="4"/>
 </PrintSpace></Page></Layout></alto>"#;

    #[test]
    fn words_lines_blocks_and_ids_in_document_order() {
        let page = parse(Path::new("p.xml"), V3).unwrap();
        assert_eq!(page.size, (1000.0, 2000.0));
        let words: Vec<&str> = page.words.iter().map(|w| w.content.as_str()).collect();
        assert_eq!(words, ["Big", "Ein", "Wort", "ende", "ab"]);
        assert_eq!(page.words[0].size, Some(20.0));
        assert!(page.words[0].bold);
        assert_eq!(page.words[1].size, Some(9.0));
        assert_eq!(page.words[2].hyphen, Hyphen::First(Some("Wortende".into())));
        assert_eq!(page.words[3].hyphen, Hyphen::Second);
        assert_eq!(page.words[4].hyphen, Hyphen::First(None));
        assert_eq!(page.lines.len(), 3);
        assert_eq!(page.lines[1].block, 1);
        assert_eq!(page.select("B2", None).unwrap().words, 1..5);
        assert_eq!(page.select("S2", Some("S4")).unwrap().words, 1..4);
        assert_eq!(page.select("I1", None).unwrap().figures, 0..1);
        assert!(page.select("nope", None).is_none());
    }

    #[test]
    fn a_hyphen_left_at_a_line_end_marks_the_word_split() {
        let v4 = r#"<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page><PrintSpace>
  <TextBlock ID="B1"><TextLine><String CONTENT="gan⸗"/><SP/><String CONTENT="x-"/></TextLine>
   <TextLine><String CONTENT="1-"/><SP/><String CONTENT="Car-"/></TextLine>
   <TextLine><String CONTENT="tel"/><SP/><String CONTENT="-"/></TextLine></TextBlock>
 </PrintSpace></Page></Layout></alto>"#;
        let page = parse(Path::new("p.xml"), v4).unwrap();
        let kinds: Vec<&Hyphen> = page.words.iter().map(|w| &w.hyphen).collect();
        assert_eq!(
            kinds,
            [
                &Hyphen::None,
                &Hyphen::Printed,
                &Hyphen::None,
                &Hyphen::Printed,
                &Hyphen::None,
                &Hyphen::None
            ]
        );
    }

    #[test]
    fn alto_s_own_hyphenation_beats_a_printed_hyphen() {
        let v4 = r#"<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page><PrintSpace>
  <TextBlock ID="B1"><TextLine><String CONTENT="Zei-" SUBS_TYPE="HypPart1" SUBS_CONTENT="Zeitung"/></TextLine>
   <TextLine><String CONTENT="tung"  SUBS_TYPE="HypPart2" SUBS_CONTENT="Zeitung"/><SP/><String CONTENT="Lon-"/><HYP CONTENT="-"/></TextLine>
   <TextLine><String CONTENT="don"/></TextLine></TextBlock>
 </PrintSpace></Page></Layout></alto>"#;
        let page = parse(Path::new("p.xml"), v4).unwrap();
        let kinds: Vec<&Hyphen> = page.words.iter().map(|w| &w.hyphen).collect();
        assert_eq!(
            kinds,
            [
                &Hyphen::First(Some("Zeitung".to_string())),
                &Hyphen::Second,
                &Hyphen::First(None),
                &Hyphen::None
            ]
        );
    }

    #[test]
    fn alto_without_namespace_or_with_an_old_one_reads_the_same() {
        let bare = V3.replace(r#" xmlns="http://www.loc.gov/standards/alto/ns-v3#""#, "");
        let ccs = V3.replace(
            "http://www.loc.gov/standards/alto/ns-v3#",
            "http://schema.ccs-gmbh.com/ALTO",
        );
        for text in [bare, ccs] {
            assert_eq!(parse(Path::new("p.xml"), &text).unwrap().words.len(), 5);
        }
    }

    #[test]
    fn a_page_without_words_is_refused() {
        let empty = r#"<alto><Layout><Page><PrintSpace/></Page></Layout></alto>"#;
        let err = parse(Path::new("e.xml"), empty).unwrap_err();
        assert!(err.to_string().contains("has no text"), "{err}");
        let err = parse(Path::new("e.xml"), "<mets/>").unwrap_err();
        assert!(err.to_string().contains("expected an ALTO file"), "{err}");
    }
}
