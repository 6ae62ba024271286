//! Every glyph a PDF page draws, with the text it stands for, its position and size: a small
//! interpreter of the content stream's text and graphics-state operators over `lopdf`'s
//! objects. Fonts: Type 0 (two-byte codes, `W` widths), simple and Type 3 fonts (one-byte
//! codes, `Widths`, `FontMatrix`); text from `ToUnicode` maps, and from `/ActualText` spans
//! where the writer gives them (Chromium does, for glyphs whose map names a radical).

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// One glyph: its text, the position of its origin (points, y growing down the page), its
/// size and its advance (points).
#[derive(Debug, Clone)]
pub struct Glyph {
    /// What the glyph stands for.
    pub text: String,
    /// Origin, from the page's left edge.
    pub x: f64,
    /// Origin (the baseline), from the page's top edge.
    pub y: f64,
    /// Em size as drawn.
    pub size: f64,
    /// How far the next glyph moves along the line.
    pub advance: f64,
    /// Whether its font is a bold face.
    pub bold: bool,
}

/// A 2-D affine matrix `[a b c d e f]` as PDF writes it.
type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` then `n`: the matrix that applies `m` first.
fn mul(m: Matrix, n: Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// How much a matrix scales lengths (the square root of its determinant).
fn scale(m: Matrix) -> f64 {
    (m[0] * m[3] - m[1] * m[2]).abs().sqrt()
}

/// What the interpreter needs of a font.
#[derive(Debug, Default)]
struct Font {
    two_byte: bool,
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// Glyph space to text space (0.001, or a Type 3 font's `FontMatrix`).
    unit: f64,
    to_unicode: HashMap<u32, String>,
    /// A bold face (see [`is_bold`]).
    bold: bool,
}

/// The fonts of one document, each read once (its widths and its `ToUnicode` map) however
/// many pages and forms draw with it: by the object id of its dictionary.
#[derive(Default)]
pub struct FontCache {
    by_id: HashMap<ObjectId, Rc<Font>>,
}

impl FontCache {
    /// The font a resource dictionary's `entry` stands for (a reference to a font dictionary,
    /// or one written in place, which has no id to be kept under); an empty font when `entry`
    /// is not one.
    fn font(&mut self, doc: &Document, entry: &Object) -> Rc<Font> {
        let (id, object) = doc.dereference(entry).unwrap_or((None, entry));
        let Ok(dict) = object.as_dict() else {
            return Rc::default();
        };
        match id {
            Some(id) => self
                .by_id
                .entry(id)
                .or_insert_with(|| Rc::new(load_font(doc, dict)))
                .clone(),
            None => Rc::new(load_font(doc, dict)),
        }
    }
}

fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().map(|o| deref(doc, o))
}

fn load_font(doc: &Document, dict: &Dictionary) -> Font {
    let subtype = get(doc, dict, b"Subtype")
        .and_then(|o| o.as_name().ok())
        .unwrap_or(b"");
    let mut font = Font {
        unit: 0.001,
        ..Font::default()
    };
    if let Some(Object::Stream(s)) = get(doc, dict, b"ToUnicode") {
        if let Ok(bytes) = s.decompressed_content() {
            font.to_unicode = parse_cmap(&bytes);
        }
    }
    font.bold = is_bold(doc, dict);
    if subtype == b"Type0" {
        font.two_byte = true;
        font.default_width = 1000.0;
        let descendant = get(doc, dict, b"DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        if let Some(cid) = descendant {
            font.bold |= is_bold(doc, cid);
            if let Some(dw) = get(doc, cid, b"DW").and_then(number) {
                font.default_width = dw;
            }
            if let Some(Object::Array(w)) = get(doc, cid, b"W") {
                read_cid_widths(doc, w, &mut font.widths);
            }
        }
    } else {
        if subtype == b"Type3" {
            if let Some(Object::Array(m)) = get(doc, dict, b"FontMatrix") {
                font.unit = m.first().and_then(number).map_or(0.001, f64::abs);
            }
        }
        let first = get(doc, dict, b"FirstChar").and_then(number).unwrap_or(0.0) as u32;
        if let Some(Object::Array(w)) = get(doc, dict, b"Widths") {
            for (i, o) in w.iter().enumerate() {
                if let Some(v) = number(deref(doc, o)) {
                    font.widths.insert(first + i as u32, v);
                }
            }
        }
    }
    font
}

/// Whether a font (or a Type 0 font's descendant) is a bold face: its descriptor's
/// `FontWeight` 600 or more or its `ForceBold` flag, or a weight in its name
/// (`ABCDEF+NotoSansCJKsc-Bold`, `…-Black`, `…-Heavy`, `…-SemiBold`).
fn is_bold(doc: &Document, dict: &Dictionary) -> bool {
    const FORCE_BOLD: i64 = 1 << 18;
    let descriptor = get(doc, dict, b"FontDescriptor").and_then(|o| o.as_dict().ok());
    let weight = descriptor
        .and_then(|d| get(doc, d, b"FontWeight"))
        .and_then(number)
        .is_some_and(|w| w >= 600.0);
    let forced = descriptor
        .and_then(|d| get(doc, d, b"Flags"))
        .and_then(|o| o.as_i64().ok())
        .is_some_and(|f| f & FORCE_BOLD != 0);
    let named = get(doc, dict, b"BaseFont")
        .and_then(|o| o.as_name().ok())
        .is_some_and(|n| bold_name(&String::from_utf8_lossy(n)));
    weight || forced || named
}

/// Whether a font's name gives a bold style after its family (`ABCDEF+NotoSansCJKjp-Bold-VKana`,
/// `Arial,Bold`, `SourceHanSerif-Heavy`), not in the family's own name.
fn bold_name(name: &str) -> bool {
    let name = name.to_lowercase();
    let family_and_style = name.rsplit('+').next().unwrap_or_default();
    family_and_style
        .split(['-', ','])
        .skip(1)
        .any(|style| ["bold", "black", "heavy"].iter().any(|w| style.contains(w)))
}

/// A CID font's `W` array: `c [w1 w2 …]` (widths from c on) and `c1 c2 w` (one width for a
/// range), freely mixed.
fn read_cid_widths(doc: &Document, w: &[Object], out: &mut HashMap<u32, f64>) {
    let mut i = 0;
    while i < w.len() {
        let Some(first) = number(deref(doc, &w[i])) else {
            return;
        };
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, o) in list.iter().enumerate() {
                    if let Some(v) = number(deref(doc, o)) {
                        out.insert(first as u32 + k as u32, v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let (Some(last), Some(width)) =
                    (number(o), w.get(i + 2).and_then(|o| number(deref(doc, o))))
                else {
                    return;
                };
                for c in first as u32..=last as u32 {
                    out.insert(c, width);
                }
                i += 3;
            }
            None => return,
        }
    }
}

/// A `ToUnicode` CMap: `bfchar` pairs and `bfrange` ranges (to a start value or to a list).
fn parse_cmap(bytes: &[u8]) -> HashMap<u32, String> {
    #[derive(PartialEq)]
    enum Tok {
        Hex(Vec<u8>),
        Open,
        Close,
        Word(String),
    }
    let mut toks = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(bytes.len(), |p| i + p);
                let digits: Vec<u8> = bytes[i + 1..end]
                    .iter()
                    .filter(|b| b.is_ascii_hexdigit())
                    .copied()
                    .collect();
                let hex = digits
                    .chunks(2)
                    .map(|p| {
                        let s = std::str::from_utf8(p).unwrap_or("0");
                        u8::from_str_radix(&format!("{s:0<2}"), 16).unwrap_or(0)
                    })
                    .collect();
                toks.push(Tok::Hex(hex));
                i = end + 1;
            }
            b'[' => {
                toks.push(Tok::Open);
                i += 1;
            }
            b']' => {
                toks.push(Tok::Close);
                i += 1;
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                let end = bytes[i..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || b"<[]".contains(b))
                    .map_or(bytes.len(), |p| i + p);
                toks.push(Tok::Word(
                    String::from_utf8_lossy(&bytes[i..end]).into_owned(),
                ));
                i = end.max(i + 1);
            }
        }
    }
    let code = |h: &[u8]| h.iter().fold(0u32, |a, &b| (a << 8) | u32::from(b));
    let text = |h: &[u8]| {
        let units: Vec<u16> = h
            .chunks(2)
            .map(|p| (u16::from(p[0]) << 8) | u16::from(*p.get(1).unwrap_or(&0)))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let mut map = HashMap::new();
    let mut k = 0;
    let mut mode = "";
    while k < toks.len() {
        match &toks[k] {
            Tok::Word(w) if w == "beginbfchar" => mode = "char",
            Tok::Word(w) if w == "beginbfrange" => mode = "range",
            Tok::Word(w) if w.starts_with("end") => mode = "",
            Tok::Hex(src) if mode == "char" => {
                if let Some(Tok::Hex(dst)) = toks.get(k + 1) {
                    map.insert(code(src), text(dst));
                    k += 1;
                }
            }
            Tok::Hex(lo) if mode == "range" => {
                let (Some(Tok::Hex(hi)), Some(dst)) = (toks.get(k + 1), toks.get(k + 2)) else {
                    break;
                };
                let (lo, hi) = (code(lo), code(hi));
                match dst {
                    Tok::Hex(d) => {
                        let base: Vec<u16> = text(d).encode_utf16().collect();
                        for (n, c) in (lo..=hi.min(lo + 0xFFFF)).enumerate() {
                            let mut units = base.clone();
                            if let Some(last) = units.last_mut() {
                                *last = last.wrapping_add(n as u16);
                            }
                            map.insert(c, String::from_utf16_lossy(&units));
                        }
                        k += 2;
                    }
                    Tok::Open => {
                        let mut j = k + 3;
                        let mut c = lo;
                        while let Some(Tok::Hex(d)) = toks.get(j) {
                            map.insert(c, text(d));
                            c += 1;
                            j += 1;
                        }
                        k = j;
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        k += 1;
    }
    map
}

/// Text state and graphics state that glyph placement depends on.
#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Vec<u8>>,
    size: f64,
    char_space: f64,
    word_space: f64,
    h_scale: f64,
    leading: f64,
    rise: f64,
}

/// One page's glyphs, in the order the content draws them; `fonts` holds the document's
/// fonts read so far.
pub fn page_glyphs(doc: &Document, page: ObjectId, fonts: &mut FontCache) -> Vec<Glyph> {
    let height = page_height(doc, page);
    let resources = doc
        .get_page_resources(page)
        .ok()
        .and_then(|(d, ids)| {
            d.cloned().or_else(|| {
                ids.first()
                    .and_then(|id| doc.get_dictionary(*id).ok().cloned())
            })
        })
        .unwrap_or_default();
    let content = doc.get_page_content(page);
    let mut out = Vec::new();
    run(doc, &content, &resources, IDENTITY, fonts, &mut out, 0);
    for g in &mut out {
        g.y = height - g.y;
    }
    out
}

fn page_height(doc: &Document, page: ObjectId) -> f64 {
    let mut id = Some(page);
    while let Some(p) = id {
        let Ok(d) = doc.get_dictionary(p) else { break };
        if let Some(Object::Array(b)) = get(doc, d, b"MediaBox") {
            let v: Vec<f64> = b.iter().filter_map(|o| number(deref(doc, o))).collect();
            if v.len() == 4 {
                return v[3];
            }
        }
        id = d.get(b"Parent").ok().and_then(|o| o.as_reference().ok());
    }
    842.0
}

/// Interprets one content stream (the page's, or a form XObject's) with its resources.
fn run(
    doc: &Document,
    content: &[u8],
    resources: &Dictionary,
    ctm: Matrix,
    fonts: &mut FontCache,
    out: &mut Vec<Glyph>,
    depth: usize,
) {
    let Ok(content) = Content::decode(content) else {
        return;
    };
    let font_dict = get(doc, resources, b"Font").and_then(|o| o.as_dict().ok());
    // The fonts by the names this stream's resources give them (a form has names of its own).
    let mut by_name: HashMap<Vec<u8>, Rc<Font>> = HashMap::new();
    let mut state = State {
        ctm,
        font: None,
        size: 0.0,
        char_space: 0.0,
        word_space: 0.0,
        h_scale: 1.0,
        leading: 0.0,
        rise: 0.0,
    };
    let mut stack: Vec<State> = Vec::new();
    let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
    // Marked-content spans: the replacement text of each, and whether it has been given.
    let mut spans: Vec<Option<(String, bool)>> = Vec::new();
    for op in &content.operations {
        let nums: Vec<f64> = op.operands.iter().filter_map(number).collect();
        match op.operator.as_str() {
            "q" => stack.push(state.clone()),
            "Q" => {
                if let Some(s) = stack.pop() {
                    state = s;
                }
            }
            "cm" if nums.len() == 6 => {
                state.ctm = mul(
                    [nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]],
                    state.ctm,
                );
            }
            "BT" => {
                tm = IDENTITY;
                tlm = IDENTITY;
            }
            "Tf" => {
                if let Some(Object::Name(name)) = op.operands.first() {
                    if !by_name.contains_key(name) {
                        let font = font_dict
                            .and_then(|d| d.get(name).ok())
                            .map_or_else(Rc::default, |entry| fonts.font(doc, entry));
                        by_name.insert(name.clone(), font);
                    }
                    state.font = Some(name.clone());
                }
                if let Some(&s) = nums.last() {
                    state.size = s;
                }
            }
            "Tc" if !nums.is_empty() => state.char_space = nums[0],
            "Tw" if !nums.is_empty() => state.word_space = nums[0],
            "Tz" if !nums.is_empty() => state.h_scale = nums[0] / 100.0,
            "TL" if !nums.is_empty() => state.leading = nums[0],
            "Ts" if !nums.is_empty() => state.rise = nums[0],
            "Td" | "TD" if nums.len() == 2 => {
                if op.operator == "TD" {
                    state.leading = -nums[1];
                }
                tlm = mul([1.0, 0.0, 0.0, 1.0, nums[0], nums[1]], tlm);
                tm = tlm;
            }
            "Tm" if nums.len() == 6 => {
                tlm = [nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]];
                tm = tlm;
            }
            "T*" => {
                tlm = mul([1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], tlm);
                tm = tlm;
            }
            "Tj" | "'" | "\"" | "TJ" => {
                if op.operator != "Tj" && op.operator != "TJ" {
                    tlm = mul([1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], tlm);
                    tm = tlm;
                }
                if op.operator == "\"" && nums.len() >= 2 {
                    state.word_space = nums[0];
                    state.char_space = nums[1];
                }
                let Some(font) = state.font.as_ref().and_then(|f| by_name.get(f)) else {
                    continue;
                };
                let items: Vec<&Object> = match (op.operator.as_str(), op.operands.last()) {
                    ("TJ", Some(Object::Array(a))) => a.iter().collect(),
                    (_, Some(o)) => vec![o],
                    _ => continue,
                };
                for item in items {
                    match item {
                        Object::String(bytes, _) => {
                            show(bytes, font, &state, &mut tm, &mut spans, out);
                        }
                        o => {
                            if let Some(n) = number(o) {
                                let tx = -n / 1000.0 * state.size * state.h_scale;
                                tm = mul([1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
                            }
                        }
                    }
                }
            }
            "BMC" => spans.push(None),
            "BDC" => {
                let props = match op.operands.get(1) {
                    Some(Object::Dictionary(d)) => Some(d),
                    Some(Object::Name(n)) => get(doc, resources, b"Properties")
                        .and_then(|o| o.as_dict().ok())
                        .and_then(|p| get(doc, p, n))
                        .and_then(|o| o.as_dict().ok()),
                    _ => None,
                };
                let actual = props
                    .and_then(|d| d.get(b"ActualText").ok())
                    .and_then(|o| lopdf::decode_text_string(o).ok());
                spans.push(actual.map(|t| (t, false)));
            }
            "EMC" => {
                spans.pop();
            }
            "Do" if depth < 8 => {
                let Some(Object::Name(name)) = op.operands.first() else {
                    continue;
                };
                let xobject = get(doc, resources, b"XObject")
                    .and_then(|o| o.as_dict().ok())
                    .and_then(|x| get(doc, x, name));
                if let Some(Object::Stream(s)) = xobject {
                    let is_form = get(doc, &s.dict, b"Subtype")
                        .and_then(|o| o.as_name().ok())
                        .is_some_and(|n| n == b"Form");
                    if !is_form {
                        continue;
                    }
                    let m: Vec<f64> = match get(doc, &s.dict, b"Matrix") {
                        Some(Object::Array(a)) => a.iter().filter_map(number).collect(),
                        _ => Vec::new(),
                    };
                    let m = if m.len() == 6 {
                        [m[0], m[1], m[2], m[3], m[4], m[5]]
                    } else {
                        IDENTITY
                    };
                    let res = get(doc, &s.dict, b"Resources")
                        .and_then(|o| o.as_dict().ok())
                        .unwrap_or(resources);
                    if let Ok(bytes) = s.decompressed_content() {
                        run(doc, &bytes, res, mul(m, state.ctm), fonts, out, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Draws one string's glyphs: each at the text rendering matrix, then moves along.
fn show(
    bytes: &[u8],
    font: &Font,
    state: &State,
    tm: &mut Matrix,
    spans: &mut [Option<(String, bool)>],
    out: &mut Vec<Glyph>,
) {
    let step = if font.two_byte { 2 } else { 1 };
    for chunk in bytes.chunks(step) {
        let code = chunk.iter().fold(0u32, |a, &b| (a << 8) | u32::from(b));
        let width = font
            .widths
            .get(&code)
            .copied()
            .unwrap_or(font.default_width)
            * font.unit;
        let trm = mul(
            [
                state.size * state.h_scale,
                0.0,
                0.0,
                state.size,
                0.0,
                state.rise,
            ],
            mul(*tm, state.ctm),
        );
        let em = state.size * scale(mul(*tm, state.ctm)) * (font.unit * 1000.0);
        let mut text = font.to_unicode.get(&code).cloned().unwrap_or_else(|| {
            if font.two_byte {
                String::new()
            } else {
                char::from(code as u8).to_string()
            }
        });
        // Inside an /ActualText span the span's text replaces its glyphs: given once.
        if let Some(Some((actual, given))) = spans.iter_mut().rev().find(|s| s.is_some()) {
            text = if *given {
                String::new()
            } else {
                actual.clone()
            };
            *given = true;
        }
        let advance = width * state.size
            + state.char_space
            + if step == 1 && code == 32 {
                state.word_space
            } else {
                0.0
            };
        let tx = advance * state.h_scale;
        if !text.trim().is_empty() && em > 0.0 {
            out.push(Glyph {
                text,
                x: trm[4],
                y: trm[5],
                size: em,
                advance: tx * scale(mul(*tm, state.ctm)),
                bold: font.bold,
            });
        }
        *tm = mul([1.0, 0.0, 0.0, 1.0, tx, 0.0], *tm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_faces_are_told_by_the_style_in_their_name() {
        assert!(bold_name("BAAAAA+NotoSansCJKjp-Bold-VKana"));
        assert!(bold_name("Arial,Bold"));
        assert!(bold_name("SourceHanSerifSC-SemiBold"));
        assert!(bold_name("NotoSerifCJKsc-Black"));
        assert!(!bold_name("CAAAAA+NotoSerifCJKjp-Regular-VKana"));
        assert!(!bold_name("BlackadderITC-Regular"));
    }

    #[test]
    fn cmaps_map_chars_and_ranges() {
        let cmap = b"1 beginbfchar\n<0003> <6C11>\nendbfchar\n2 beginbfrange\n<0010> <0012> <0041>\n<0020> <0021> [<4E00> <4E8C>]\nendbfrange\n";
        let m = parse_cmap(cmap);
        assert_eq!(m[&3], "民");
        assert_eq!(m[&0x11], "B");
        assert_eq!(m[&0x21], "二");
    }

    #[test]
    fn cid_widths_read_both_forms() {
        let doc = Document::with_version("1.7");
        let w = vec![
            Object::Integer(0),
            Object::Integer(1),
            Object::Integer(1000),
            Object::Integer(5),
            Object::Array(vec![Object::Integer(500), Object::Integer(600)]),
        ];
        let mut out = HashMap::new();
        read_cid_widths(&doc, &w, &mut out);
        assert_eq!(out[&0], 1000.0);
        assert_eq!(out[&1], 1000.0);
        assert_eq!(out[&6], 600.0);
    }

    #[test]
    fn a_font_is_read_once_per_document() {
        let mut doc = Document::with_version("1.7");
        let mut descendant = Dictionary::new();
        descendant.set("DW", 500);
        let mut dict = Dictionary::new();
        dict.set("Subtype", Object::Name(b"Type0".to_vec()));
        dict.set("DescendantFonts", vec![Object::Dictionary(descendant)]);
        let id = doc.add_object(dict.clone());
        let mut fonts = FontCache::default();
        let first = fonts.font(&doc, &Object::Reference(id));
        assert!(first.two_byte);
        assert_eq!(first.default_width, 500.0);
        assert!(Rc::ptr_eq(
            &first,
            &fonts.font(&doc, &Object::Reference(id))
        ));
        // A font written in place has no id: read where it is used.
        let in_place = fonts.font(&doc, &Object::Dictionary(dict));
        assert_eq!(in_place.default_width, 500.0);
        assert!(!fonts.font(&doc, &Object::Integer(1)).two_byte);
    }

    #[test]
    fn matrices_compose_in_pdf_order() {
        let m = mul(
            [1.0, 0.0, 0.0, 1.0, 10.0, 0.0],
            [2.0, 0.0, 0.0, 2.0, 0.0, 0.0],
        );
        assert_eq!(m, [2.0, 0.0, 0.0, 2.0, 20.0, 0.0]);
    }
}
