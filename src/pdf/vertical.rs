//! Vertical lines as real PDF vertical text, rewritten into krilla's output.
//!
//! krilla 0.8 has no vertical writing mode, so the writer draws each upright glyph of a
//! vertical line on its own with a horizontal (`Identity-H`) font. Viewers show that right,
//! but text extractors (poppler's `pdftotext`, and through it search indexes and archivists'
//! tools) then see every glyph as a one-character horizontal word and rebuild lines by their
//! horizontal heuristics: digits, Latin and punctuation were pulled out of their lines and
//! blocks read out of order (71.8% of a zh-Hant edition recovered in order).
//!
//! This pass turns those glyphs into what vertical text is in PDF: the same glyphs, in a
//! `Type0` twin of their font with the `Identity-V` encoding (writing mode 1), which shares
//! the CID font, its embedded subset and its Unicode map. Each glyph keeps its exact place on
//! the page: a vertical glyph is drawn at its text position minus its position vector
//! `(vx, vy)` (`/W2`), so the text position is moved by exactly that vector. The vectors put
//! the vertical origin at the left edge of the line's em box, at its foot (`vx` = half the
//! glyph's width minus half an em, `vy` = the em box's descent): that is where poppler (and
//! xpdf) assume a vertical glyph's box starts, so every upright glyph's box is its real em
//! box and all glyphs of a line share one baseline, the em box's left edge, within 0.12 em of
//! the baseline of Latin turned sideways in the same line (drawn as before, rotated, with a
//! horizontal font). The upright glyphs of one writer span go into one text object.
//!
//! Digits set side by side in one em (tate-chu-yoko) stay horizontal text, as in other
//! vertical PDFs; their span carries `/ActualText` (the digits), and this pass moves the
//! span inside the graphics state of the glyphs and selects the vertical font before it
//! ends, because poppler adds a span's ActualText with the state at its end: the digits are
//! then read as one piece of the vertical line, in order.
//!
//! Which spans to rewrite comes from the writer ([`Marks`]: page, marked-content id, kind);
//! the pass expects exactly the shape krilla writes for a glyph (`q`, matrix and colour, one
//! text object with `Tf`, `Tm`, `Tj`, `Q`) and refuses anything else rather than guess.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};

use anyhow::{anyhow, bail, Context, Result};
use lopdf::content::{Content, Operation};
use lopdf::{Object, StringFormat};

use super::bytes::{contains, find, rfind};
use crate::typeset::EM_BOX_ASCENT;

/// How the writer drew a marked-content span of a vertical line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// Upright glyphs, one text object each, to become vertical text.
    Upright,
    /// Digits side by side across the line (tate-chu-yoko), kept horizontal, and their text,
    /// which this pass gives the span as `/ActualText` (krilla leaves ActualText out of
    /// PDF 1.4 files, but PDF/A-1 readers need it here as much as any other).
    Across(String),
}

/// The spans of vertical lines on each page, by marked-content id (MCID), as the writer
/// opened them.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    pages: Vec<BTreeMap<u32, Mark>>,
}

impl Marks {
    /// Starts the record of the next page.
    pub fn next_page(&mut self) {
        self.pages.push(BTreeMap::new());
    }

    /// Records span `mcid` of the current page.
    pub fn mark(&mut self, mcid: u32, mark: Mark) {
        if let Some(page) = self.pages.last_mut() {
            page.insert(mcid, mark);
        }
    }

    /// Whether no page has a vertical span (then nothing is rewritten).
    pub fn is_empty(&self) -> bool {
        self.pages.iter().all(BTreeMap::is_empty)
    }
}

/// New bodies for existing objects and objects to append (numbered from the first free id).
#[derive(Debug, Default)]
pub struct Changes {
    /// Object id → its whole new `N 0 obj … endobj` text.
    pub replaced: HashMap<usize, Vec<u8>>,
    /// New objects, in id order, starting at the id passed to [`convert`].
    pub appended: Vec<Vec<u8>>,
}

/// The vertical origin's height, in glyph units (1000 per em): the foot of the em box.
fn origin_y() -> f32 {
    ((EM_BOX_ASCENT - 1.0) * 1000.0).round()
}

/// One CID font used by vertical text: its object, its vertical twin and the horizontal
/// origin offsets (`vx`) of its glyphs.
struct VerticalFont {
    /// The `Type0` font krilla wrote.
    type0: usize,
    /// The CID font under it.
    cid_font: usize,
    /// The twin's object id.
    twin: usize,
    /// `vx` per CID, as written in `/W2` (glyph units).
    vx: HashMap<u16, f32>,
    /// The `/W2` array.
    w2: String,
}

/// The fonts vertical text uses, found and given twins as the pages need them.
struct Fonts<'a> {
    bodies: &'a [Option<&'a [u8]>],
    by_type0: BTreeMap<usize, VerticalFont>,
    next_id: usize,
}

impl Fonts<'_> {
    /// The Type0 font named `name` in `names` and its twin's resource name, recording it in
    /// `used`.
    fn select(
        &mut self,
        name: &[u8],
        names: &HashMap<Vec<u8>, usize>,
        used: &mut BTreeMap<Vec<u8>, usize>,
    ) -> Result<(usize, Vec<u8>)> {
        let type0 = *names
            .get(name)
            .ok_or_else(|| anyhow!("font /{} is not in the page's resources", show(name)))?;
        if !self.by_type0.contains_key(&type0) {
            let font = vertical_font(self.bodies, type0, self.next_id)?;
            self.next_id += 1;
            self.by_type0.insert(type0, font);
        }
        let twin = twin_name(name);
        used.insert(twin.clone(), type0);
        Ok((type0, twin))
    }

    /// `vx` of glyph `cid` (a glyph without a width: centred on a zero width).
    fn vx(&self, type0: usize, cid: u16) -> f32 {
        self.by_type0
            .get(&type0)
            .and_then(|f| f.vx.get(&cid).copied())
            .unwrap_or(-500.0)
    }
}

/// An object's bytes by id.
fn get<'a>(bodies: &[Option<&'a [u8]>], id: usize) -> Result<&'a [u8]> {
    bodies
        .get(id)
        .copied()
        .flatten()
        .ok_or_else(|| anyhow!("object {id} is missing"))
}

/// Rewrites the marked spans. `bodies` are the file's objects by id; `first_free` the first
/// id after them.
pub fn convert<'a>(
    bodies: &'a [Option<&'a [u8]>],
    first_free: usize,
    marks: &Marks,
) -> Result<Changes> {
    let catalog = (0..bodies.len())
        .find(|&id| {
            bodies[id].is_some_and(|b| dict_of(b).is_some_and(|d| contains(d, b"/Type/Catalog")))
        })
        .ok_or_else(|| anyhow!("no catalog"))?;
    let root = reference(
        dict_of(get(bodies, catalog)?).unwrap_or_default(),
        b"/Pages",
    )
    .ok_or_else(|| anyhow!("the catalog has no /Pages"))?;
    let mut pages = Vec::new();
    collect_pages(bodies, root, &mut pages, 0)?;
    if pages.len() < marks.pages.len() {
        bail!(
            "{} pages written but {} in the page tree",
            marks.pages.len(),
            pages.len()
        );
    }

    let mut changes = Changes::default();
    let mut fonts = Fonts {
        bodies,
        by_type0: BTreeMap::new(),
        next_id: first_free,
    };
    for (index, page_marks) in marks.pages.iter().enumerate() {
        if page_marks.is_empty() {
            continue;
        }
        let page = dict_of(get(bodies, pages[index])?).unwrap_or_default();
        let resources_id = reference(page, b"/Resources")
            .ok_or_else(|| anyhow!("page {} has no indirect /Resources", index + 1))?;
        let contents_id = reference(page, b"/Contents")
            .ok_or_else(|| anyhow!("page {} has no single /Contents stream", index + 1))?;
        let names = font_names(dict_of(get(bodies, resources_id)?).unwrap_or_default());

        let data = stream_data(get(bodies, contents_id)?)
            .with_context(|| format!("the content of page {}", index + 1))?;
        let operations = match super::content::operations(&data) {
            Some(operations) => operations,
            None => {
                Content::decode(&data)
                    .map_err(|e| anyhow!("unreadable content on page {}: {e}", index + 1))?
                    .operations
            }
        };
        let mut used = BTreeMap::new();
        let operations = rewrite_page(operations, page_marks, &names, &mut fonts, &mut used)
            .with_context(|| format!("vertical text on page {}", index + 1))?;
        let encoded = Content { operations }
            .encode()
            .map_err(|e| anyhow!("cannot encode page {}: {e}", index + 1))?;
        changes
            .replaced
            .insert(contents_id, stream_object(contents_id, &deflate(&encoded)?));

        // The page's resources name the twins next to the fonts they come from.
        let twins: Vec<(Vec<u8>, usize)> = used
            .into_iter()
            .map(|(name, type0)| (name, fonts.by_type0[&type0].twin))
            .collect();
        let current = match changes.replaced.get(&resources_id) {
            Some(body) => body.clone(),
            None => get(bodies, resources_id)?.to_vec(),
        };
        changes
            .replaced
            .insert(resources_id, add_fonts(&current, &twins)?);
    }

    // The twins, in id order, and the vertical metrics of their CID fonts.
    let mut twins: Vec<&VerticalFont> = fonts.by_type0.values().collect();
    twins.sort_by_key(|f| f.twin);
    for font in twins {
        let type0 = dict_of(get(bodies, font.type0)?).unwrap_or_default();
        let twin = String::from_utf8_lossy(type0).replace("Identity-H", "Identity-V");
        changes
            .appended
            .push(format!("{} 0 obj\n{twin}\nendobj\n", font.twin).into_bytes());
        let cid = get(bodies, font.cid_font)?;
        changes
            .replaced
            .insert(font.cid_font, with_w2(font.cid_font, cid, &font.w2)?);
    }
    Ok(changes)
}

/// The twin's resource name: krilla names fonts `f0`, `f1`, …, so `f0v` is free.
fn twin_name(name: &[u8]) -> Vec<u8> {
    let mut twin = name.to_vec();
    twin.push(b'v');
    twin
}

/// Rewrites one page's operations: each marked span as described in the module comment.
fn rewrite_page(
    operations: Vec<Operation>,
    marks: &BTreeMap<u32, Mark>,
    names: &HashMap<Vec<u8>, usize>,
    fonts: &mut Fonts,
    used: &mut BTreeMap<Vec<u8>, usize>,
) -> Result<Vec<Operation>> {
    let mut out = Vec::with_capacity(operations.len());
    let mut found = 0;
    let mut ops = operations.into_iter();
    let mut depth = 0usize;
    while let Some(op) = ops.next() {
        match op.operator.as_str() {
            "BDC" | "BMC" if depth == 0 => {
                let Some(mark) = mcid(&op).and_then(|id| marks.get(&id)) else {
                    depth += 1;
                    out.push(op);
                    continue;
                };
                found += 1;
                let mut body = Vec::new();
                let mut inner = 0usize;
                loop {
                    let next = ops
                        .next()
                        .ok_or_else(|| anyhow!("a vertical span does not end"))?;
                    match next.operator.as_str() {
                        "BDC" | "BMC" => inner += 1,
                        "EMC" if inner == 0 => break,
                        "EMC" => inner -= 1,
                        _ => {}
                    }
                    body.push(next);
                }
                out.extend(rewrite_span(op, body, mark, names, fonts, used)?);
            }
            "BDC" | "BMC" => {
                depth += 1;
                out.push(op);
            }
            "EMC" => {
                depth = depth.saturating_sub(1);
                out.push(op);
            }
            _ => out.push(op),
        }
    }
    if found != marks.len() {
        bail!("{} vertical spans recorded, {found} found", marks.len());
    }
    Ok(out)
}

/// One span: its glyph blocks merged into one text object inside one graphics state, the
/// span itself inside it; upright glyphs in the vertical twin at their moved positions.
fn rewrite_span(
    mut open: Operation,
    body: Vec<Operation>,
    mark: &Mark,
    names: &HashMap<Vec<u8>, usize>,
    fonts: &mut Fonts,
    used: &mut BTreeMap<Vec<u8>, usize>,
) -> Result<Vec<Operation>> {
    if let (Mark::Across(text), Some(Object::Dictionary(properties))) =
        (mark, open.operands.get_mut(1))
    {
        let mut utf16 = vec![0xfe, 0xff];
        utf16.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        properties.set(
            "ActualText",
            Object::String(utf16, StringFormat::Hexadecimal),
        );
    }
    let blocks = glyph_blocks(body)?;
    let Some(first) = blocks.first() else {
        return Ok(vec![open, Operation::new("EMC", vec![])]);
    };
    let same = |a: &[Operation], b: &[Operation]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x.operator == y.operator && x.operands == y.operands)
    };
    if blocks.iter().any(|b| !same(&b.state, &first.state)) {
        bail!("the glyphs of one vertical span are drawn in different graphics states");
    }
    let mut out = vec![Operation::new("q", vec![])];
    out.extend(first.state.iter().cloned());
    out.push(open);
    out.push(Operation::new("BT", vec![]));
    let mut render: Option<Vec<Object>> = None;
    let mut selected: Option<(Vec<u8>, Object)> = None;
    for block in &blocks {
        let mut font: Option<(usize, Vec<u8>, Object)> = None;
        let mut at: Option<(f32, f32)> = None;
        for op in &block.text {
            match (mark, op.operator.as_str()) {
                (_, "Tr") => {
                    if render.as_ref() != Some(&op.operands) {
                        render = Some(op.operands.clone());
                        out.push(op.clone());
                    }
                }
                (Mark::Across(_), "Tf") => {
                    let (name, size) = font_operands(op)?;
                    let (_, twin) = fonts.select(&name, names, used)?;
                    selected = Some((twin, size));
                    out.push(op.clone());
                }
                (Mark::Across(_), _) => out.push(op.clone()),
                (Mark::Upright, "Tf") => {
                    let (name, size) = font_operands(op)?;
                    let (type0, twin) = fonts.select(&name, names, used)?;
                    font = Some((type0, twin, size));
                }
                (Mark::Upright, "Tm") => at = Some(upright_position(op)?),
                (Mark::Upright, "Tj") => {
                    let (type0, twin, size) = font
                        .clone()
                        .ok_or_else(|| anyhow!("a glyph shown before its font is set"))?;
                    let (x, y) = at.ok_or_else(|| anyhow!("a glyph shown without a position"))?;
                    let code = match op.operands.as_slice() {
                        [Object::String(code, _)] if code.len() == 2 => {
                            u16::from_be_bytes([code[0], code[1]])
                        }
                        _ => bail!("a vertical glyph is not one two-byte code"),
                    };
                    let choice = (twin.clone(), size.clone());
                    if selected.as_ref() != Some(&choice) {
                        out.push(Operation::new("Tf", vec![Object::Name(twin), size.clone()]));
                        selected = Some(choice);
                    }
                    let k = number(&size)? / 1000.0;
                    let (tx, ty) = (x + fonts.vx(type0, code) * k, y - origin_y() * k);
                    out.push(Operation::new(
                        "Tm",
                        [1.0, 0.0, 0.0, -1.0, tx, ty]
                            .into_iter()
                            .map(Object::Real)
                            .collect(),
                    ));
                    out.push(op.clone());
                }
                (Mark::Upright, "BDC" | "BMC" | "EMC") => out.push(op.clone()),
                (Mark::Upright, other) => bail!("unexpected `{other}` in a vertical glyph"),
            }
        }
    }
    out.push(Operation::new("ET", vec![]));
    if matches!(mark, Mark::Across(_)) {
        // Select the vertical font last, so the span's ActualText joins the vertical line.
        let (twin, size) = selected.ok_or_else(|| anyhow!("digits drawn without a font"))?;
        out.push(Operation::new("BT", vec![]));
        out.push(Operation::new("Tf", vec![Object::Name(twin), size]));
        out.push(Operation::new("ET", vec![]));
    }
    out.push(Operation::new("EMC", vec![]));
    out.push(Operation::new("Q", vec![]));
    Ok(out)
}

/// A glyph as krilla draws it: `q`, the graphics state (matrix, colour), `BT` … `ET`, `Q`.
struct Block {
    state: Vec<Operation>,
    text: Vec<Operation>,
}

fn glyph_blocks(body: Vec<Operation>) -> Result<Vec<Block>> {
    let mut blocks = Vec::new();
    let mut ops = body.into_iter();
    while let Some(op) = ops.next() {
        if op.operator != "q" {
            bail!("unexpected `{}` between vertical glyphs", op.operator);
        }
        let mut state = Vec::new();
        loop {
            let op = ops.next().ok_or_else(|| anyhow!("a glyph without text"))?;
            match op.operator.as_str() {
                "BT" => break,
                "cm" | "cs" | "CS" | "sc" | "scn" | "SC" | "SCN" | "g" | "G" | "rg" | "RG"
                | "k" | "K" | "gs" => state.push(op),
                other => bail!("unexpected `{other}` before a vertical glyph"),
            }
        }
        let mut text = Vec::new();
        loop {
            let op = ops
                .next()
                .ok_or_else(|| anyhow!("a text object does not end"))?;
            if op.operator == "ET" {
                break;
            }
            text.push(op);
        }
        match ops.next() {
            Some(op) if op.operator == "Q" => {}
            _ => bail!("a vertical glyph's graphics state is not closed"),
        }
        blocks.push(Block { state, text });
    }
    Ok(blocks)
}

fn mcid(op: &Operation) -> Option<u32> {
    match op.operands.get(1)? {
        Object::Dictionary(d) => match d.get(b"MCID").ok()? {
            Object::Integer(n) => u32::try_from(*n).ok(),
            _ => None,
        },
        _ => None,
    }
}

fn font_operands(op: &Operation) -> Result<(Vec<u8>, Object)> {
    match op.operands.as_slice() {
        [Object::Name(name), size] => Ok((name.clone(), size.clone())),
        _ => bail!("unexpected font selection"),
    }
}

fn number(o: &Object) -> Result<f32> {
    match o {
        Object::Integer(n) => Ok(*n as f32),
        Object::Real(r) => Ok(*r),
        _ => bail!("expected a number"),
    }
}

/// The origin of an upright glyph from its text matrix `1 0 0 -1 x y`.
fn upright_position(op: &Operation) -> Result<(f32, f32)> {
    let m: Vec<f32> = op.operands.iter().map(number).collect::<Result<_>>()?;
    match m.as_slice() {
        [a, b, c, d, x, y] if (*a, *b, *c, *d) == (1.0, 0.0, 0.0, -1.0) => Ok((*x, *y)),
        _ => bail!("an upright glyph with a turned text matrix"),
    }
}

/// The twin's object and the CID font's vertical metrics for `type0`.
fn vertical_font(bodies: &[Option<&[u8]>], type0: usize, twin: usize) -> Result<VerticalFont> {
    let dict = dict_of(get(bodies, type0)?).unwrap_or_default();
    if !contains(dict, b"/Subtype/Type0") || !contains(dict, b"/Encoding/Identity-H") {
        bail!("font object {type0} is not an Identity-H Type0 font");
    }
    let at = find(dict, b"/DescendantFonts[")
        .ok_or_else(|| anyhow!("font object {type0} has no descendant"))?;
    let cid_font = leading_id(&dict[at + 17..])
        .ok_or_else(|| anyhow!("font object {type0}: unreadable descendant"))?;
    let cid_dict = dict_of(get(bodies, cid_font)?).unwrap_or_default();
    if contains(cid_dict, b"/W2") {
        bail!("CID font {cid_font} already has vertical metrics");
    }
    let widths = widths(cid_dict).with_context(|| format!("the widths of CID font {cid_font}"))?;
    // One entry per CID (`c [w1y vx vy]`): poppler (through 25.x) finds a CID inside a
    // `first last w1y vx vy` range only when it is the range's last.
    let mut vx = HashMap::new();
    let mut w2 = String::from("/W2[");
    let mut expected: Option<u16> = None;
    for (first, last, width) in widths {
        // Written and read back, so the positions use exactly what viewers read.
        let text = format!("{}", width / 2.0 - 500.0);
        let value: f32 = text.parse()?;
        for cid in first..=last {
            vx.insert(cid, value);
            if expected != Some(cid) {
                if expected.is_some() {
                    w2.push_str("] ");
                }
                w2.push_str(&format!("{cid}["));
            } else {
                w2.push(' ');
            }
            w2.push_str(&format!("-1000 {text} {}", origin_y()));
            expected = cid.checked_add(1);
        }
    }
    if expected.is_some() {
        w2.push(']');
    }
    w2.push(']');
    Ok(VerticalFont {
        type0,
        cid_font,
        twin,
        vx,
        w2,
    })
}

/// krilla's `/W` array: `first last width` triples.
fn widths(dict: &[u8]) -> Result<Vec<(u16, u16, f32)>> {
    let at = find(dict, b"/W[").ok_or_else(|| anyhow!("no /W array"))?;
    let rest = &dict[at + 3..];
    let end = rest
        .iter()
        .position(|&b| b == b']')
        .ok_or_else(|| anyhow!("unterminated /W"))?;
    let inner = std::str::from_utf8(&rest[..end])?;
    if inner.contains('[') {
        bail!("a /W array with lists of widths");
    }
    let numbers: Vec<&str> = inner.split_ascii_whitespace().collect();
    if !numbers.len().is_multiple_of(3) {
        bail!("a /W array that is not made of ranges");
    }
    numbers
        .chunks(3)
        .map(|c| Ok((c[0].parse()?, c[1].parse()?, c[2].parse()?)))
        .collect()
}

/// The CID font object with `/W2` after its `/W` array.
fn with_w2(id: usize, body: &[u8], w2: &str) -> Result<Vec<u8>> {
    let at = find(body, b"/W[").ok_or_else(|| anyhow!("CID font {id} has no /W"))?;
    let end = at
        + body[at..]
            .iter()
            .position(|&b| b == b']')
            .ok_or_else(|| anyhow!("CID font {id}: unterminated /W"))?
        + 1;
    let mut out = body[..end].to_vec();
    out.extend_from_slice(w2.as_bytes());
    out.extend_from_slice(&body[end..]);
    Ok(out)
}

/// A resources object with `twins` (name, object id) added to its font dictionary.
fn add_fonts(body: &[u8], twins: &[(Vec<u8>, usize)]) -> Result<Vec<u8>> {
    let at = find(body, b"/Font<<").ok_or_else(|| anyhow!("resources without fonts"))? + 7;
    let mut insert = Vec::new();
    for (name, id) in twins {
        let mut key = b"/".to_vec();
        key.extend_from_slice(name);
        key.push(b' ');
        if !contains(body, &key) {
            insert.extend_from_slice(&key);
            insert.extend_from_slice(format!("{id} 0 R").as_bytes());
        }
    }
    let mut out = body[..at].to_vec();
    out.extend_from_slice(&insert);
    out.extend_from_slice(&body[at..]);
    Ok(out)
}

/// The font dictionary of a resources dictionary: resource name → object id.
fn font_names(resources: &[u8]) -> HashMap<Vec<u8>, usize> {
    let mut names = HashMap::new();
    let Some(at) = find(resources, b"/Font<<") else {
        return names;
    };
    let rest = &resources[at + 7..];
    let end = find(rest, b">>").unwrap_or(rest.len());
    let text = String::from_utf8_lossy(&rest[..end]).into_owned();
    for entry in text.split('/').skip(1) {
        let mut parts = entry.split_ascii_whitespace();
        if let (Some(name), Some(id)) = (parts.next(), parts.next()) {
            if let Ok(id) = id.parse() {
                names.insert(name.as_bytes().to_vec(), id);
            }
        }
    }
    names
}

/// The pages under page tree node `id`, in order.
fn collect_pages(
    bodies: &[Option<&[u8]>],
    id: usize,
    pages: &mut Vec<usize>,
    depth: usize,
) -> Result<()> {
    if depth > 32 {
        bail!("the page tree is too deep");
    }
    let dict = dict_of(get(bodies, id)?).unwrap_or_default();
    if contains(dict, b"/Type/Pages") {
        let at = find(dict, b"/Kids[").ok_or_else(|| anyhow!("page tree node {id} has no kids"))?;
        let rest = &dict[at + 6..];
        let end = rest.iter().position(|&b| b == b']').unwrap_or(rest.len());
        let kids = String::from_utf8_lossy(&rest[..end]).into_owned();
        let numbers: Vec<&str> = kids.split_ascii_whitespace().collect();
        for kid in numbers.chunks(3) {
            let kid: usize = kid[0].parse()?;
            collect_pages(bodies, kid, pages, depth + 1)?;
        }
    } else {
        pages.push(id);
    }
    Ok(())
}

/// The dictionary text of an object (`<<…>>` after `obj`), without any stream.
fn dict_of(body: &[u8]) -> Option<&[u8]> {
    let start = find(body, b"obj\n")? + 4;
    let rest = &body[start..];
    let end = find(rest, b"\nstream\n")
        .or_else(|| rfind(rest, b"\nendobj"))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// The object id of `key N 0 R` in a dictionary.
fn reference(dict: &[u8], key: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = find(&dict[from..], key) {
        let after = from + at + key.len();
        // Skip longer keys that start the same (`/Pages` vs `/PageLabels`).
        if dict.get(after).is_some_and(|b| b.is_ascii_alphanumeric()) {
            from = after;
            continue;
        }
        return leading_id(&dict[after..]);
    }
    None
}

/// `N 0 R` at the start of `text` (after spaces).
fn leading_id(text: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(text.get(..text.len().min(40))?).ok()?;
    let mut parts = text.trim_start().splitn(3, ' ');
    let id = parts.next()?.parse().ok()?;
    (parts.next()? == "0" && parts.next()?.starts_with('R')).then_some(id)
}

/// The decoded data of a Flate-compressed stream object.
fn stream_data(body: &[u8]) -> Result<Vec<u8>> {
    let dict = dict_of(body).ok_or_else(|| anyhow!("not an object"))?;
    let start = find(body, b"\nstream\n").ok_or_else(|| anyhow!("not a stream"))? + 8;
    let end = rfind(body, b"\nendstream").ok_or_else(|| anyhow!("unterminated stream"))?;
    let data = &body[start..end];
    if !contains(dict, b"/Filter/FlateDecode") {
        return Ok(data.to_vec());
    }
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .read_to_end(&mut out)
        .context("cannot inflate")?;
    Ok(out)
}

fn deflate(data: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

fn stream_object(id: usize, data: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "{id} 0 obj\n<</Length {}/Filter/FlateDecode>>\nstream\n",
        data.len()
    )
    .into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    out
}

fn show(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TYPE0: &[u8] = b"1 0 obj\n<</Type/Font/Subtype/Type0/BaseFont/AAAAAA+Noto-Identity-H/Encoding/Identity-H/DescendantFonts[2 0 R]/ToUnicode 3 0 R>>\nendobj\n";
    const CID_FONT: &[u8] =
        b"2 0 obj\n<</Type/Font/Subtype/CIDFontType0/DW 0/W[0 0 1000 1 2 920 3 3 500]>>\nendobj\n";

    fn bodies() -> Vec<Option<&'static [u8]>> {
        vec![None, Some(TYPE0), Some(CID_FONT)]
    }

    /// Two upright glyphs as krilla draws them (10 pt, horizontal origins at the baseline).
    fn krilla_span(mcid: i64, glyphs: &[(u16, f32, f32)]) -> Vec<Operation> {
        let mut ops = vec![Operation::new(
            "BDC",
            vec![
                Object::Name(b"Span".to_vec()),
                Object::Dictionary(lopdf::dictionary! { "MCID" => mcid }),
            ],
        )];
        for &(cid, x, y) in glyphs {
            let real = |v: f32| Object::Real(v);
            ops.extend([
                Operation::new("q", vec![]),
                Operation::new(
                    "cm",
                    vec![
                        real(1.0),
                        real(0.0),
                        real(0.0),
                        real(-1.0),
                        real(0.0),
                        real(800.0),
                    ],
                ),
                Operation::new("BT", vec![]),
                Operation::new("Tr", vec![Object::Integer(0)]),
                Operation::new(
                    "Tf",
                    vec![Object::Name(b"f0".to_vec()), Object::Integer(10)],
                ),
                Operation::new(
                    "Tm",
                    vec![
                        real(1.0),
                        real(0.0),
                        real(0.0),
                        real(-1.0),
                        real(x),
                        real(y),
                    ],
                ),
                Operation::new(
                    "Tj",
                    vec![Object::String(
                        cid.to_be_bytes().to_vec(),
                        StringFormat::Hexadecimal,
                    )],
                ),
                Operation::new("ET", vec![]),
                Operation::new("Q", vec![]),
            ]);
        }
        ops.push(Operation::new("EMC", vec![]));
        ops
    }

    fn rewrite(ops: Vec<Operation>, marks: &[(u32, Mark)]) -> (Vec<Operation>, Fonts<'static>) {
        let bodies: &'static [Option<&'static [u8]>] = Box::leak(bodies().into_boxed_slice());
        let mut fonts = Fonts {
            bodies,
            by_type0: BTreeMap::new(),
            next_id: 3,
        };
        let names = HashMap::from([(b"f0".to_vec(), 1)]);
        let marks: BTreeMap<u32, Mark> = marks.iter().cloned().collect();
        let mut used = BTreeMap::new();
        let out = rewrite_page(ops, &marks, &names, &mut fonts, &mut used).unwrap();
        assert_eq!(used, BTreeMap::from([(b"f0v".to_vec(), 1)]));
        (out, fonts)
    }

    fn text(ops: &[Operation]) -> String {
        String::from_utf8(
            Content {
                operations: ops.to_vec(),
            }
            .encode()
            .unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn upright_glyphs_become_one_vertical_text_object_drawn_where_they_were() {
        // A full-width glyph centred on an axis at x = 100 and a narrower one below it.
        let ops = krilla_span(0, &[(1, 95.4, 108.8), (3, 97.5, 118.8)]);
        let (out, fonts) = rewrite(ops, &[(0, Mark::Upright)]);
        assert_eq!(
            text(&out),
            "q\n1.0 0.0 0.0 -1.0 0.0 800.0 cm\n/Span <</MCID 0>> BDC\nBT\n0 Tr\n/f0v 10 Tf\n\
             1.0 0.0 0.0 -1.0 95.0 110.0 Tm\n<0001> Tj\n\
             1.0 0.0 0.0 -1.0 95.0 120.0 Tm\n<0003> Tj\nET\nEMC\nQ"
        );
        // Each CID's own entry: the vertical origin at the em box's left edge and foot.
        let font = &fonts.by_type0[&1];
        assert_eq!(
            font.w2,
            "/W2[0[-1000 0 -120 -1000 -40 -120 -1000 -40 -120 -1000 -250 -120]]"
        );
        assert_eq!(font.twin, 3);
        assert_eq!(font.cid_font, 2);
    }

    #[test]
    fn digits_side_by_side_stay_horizontal_inside_their_actual_text_span() {
        let ops = krilla_span(4, &[(3, 95.0, 108.8), (3, 100.0, 108.8)]);
        let (out, _) = rewrite(ops, &[(4, Mark::Across("12".into()))]);
        assert_eq!(
            text(&out),
            "q\n1.0 0.0 0.0 -1.0 0.0 800.0 cm\n/Span <</MCID 4/ActualText<FEFF00310032>>> BDC\n\
             BT\n0 Tr\n/f0 10 Tf\n1.0 0.0 0.0 -1.0 95.0 108.8 Tm\n<0003> Tj\n\
             /f0 10 Tf\n1.0 0.0 0.0 -1.0 100.0 108.8 Tm\n<0003> Tj\nET\n\
             BT\n/f0v 10 Tf\nET\nEMC\nQ"
        );
    }

    #[test]
    fn spans_not_marked_are_left_alone_and_a_missing_one_is_an_error() {
        let ops = krilla_span(0, &[(1, 95.4, 108.8)]);
        let marks = BTreeMap::from([(1, Mark::Upright)]);
        let bodies = bodies();
        let mut fonts = Fonts {
            bodies: &bodies,
            by_type0: BTreeMap::new(),
            next_id: 3,
        };
        let names = HashMap::from([(b"f0".to_vec(), 1)]);
        let error = rewrite_page(
            ops.clone(),
            &marks,
            &names,
            &mut fonts,
            &mut BTreeMap::new(),
        );
        assert!(error
            .unwrap_err()
            .to_string()
            .contains("1 vertical spans recorded, 0 found"));
        let out = rewrite_page(
            ops.clone(),
            &BTreeMap::new(),
            &names,
            &mut fonts,
            &mut BTreeMap::new(),
        );
        assert_eq!(text(&out.unwrap()), text(&ops));
    }

    #[test]
    fn the_cid_font_gets_its_vertical_metrics_after_its_widths() {
        let out = with_w2(2, CID_FONT, "/W2[0[-1000 0 -120]]").unwrap();
        assert_eq!(
            out,
            b"2 0 obj\n<</Type/Font/Subtype/CIDFontType0/DW 0/W[0 0 1000 1 2 920 3 3 500]/W2[0[-1000 0 -120]]>>\nendobj\n"
        );
        let resources = b"4 0 obj\n<</ProcSet[/PDF/Text]/Font<</f0 1 0 R>>>>\nendobj\n";
        let out = add_fonts(resources, &[(b"f0v".to_vec(), 9)]).unwrap();
        assert_eq!(
            out,
            b"4 0 obj\n<</ProcSet[/PDF/Text]/Font<</f0v 9 0 R/f0 1 0 R>>>>\nendobj\n"
        );
        assert_eq!(
            font_names(&out),
            HashMap::from([(b"f0v".to_vec(), 9), (b"f0".to_vec(), 1)])
        );
    }
}
