//! PDF export with krilla: laid-out pages, subset fonts, outline, links, metadata, tags, PDF/A.
//!
//! The writer only draws what [`crate::layout`] placed: glyph runs where the text engine put
//! every glyph, pictures, rules and link areas. Every drawn item is either real content,
//! marked and attached to its structure element (so the tag tree follows reading order), or
//! an artifact (running heads, folios, rules). Nothing depends on the clock: dates come from
//! the edition and krilla derives the document ID from the metadata, so the same edition gives
//! the same bytes.

mod bytes;
mod content;
mod fixup;
mod standard;
mod strings;
mod vertical;

use std::collections::HashMap;
use std::num::{NonZeroU16, NonZeroU32};
use std::sync::Arc;

use anyhow::{anyhow, Result};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::PdfVersion;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata, TextDirection};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::paint::{Fill, LineCap, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, Node, SpanTag, Tag as KTag, TagGroup, TagKind,
    TagTree,
};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};

use crate::edition::{Edition, ImageData, ImageFormat, WritingMode};
use crate::fonts::{Face, FontSet, PLACEHOLDER};
use crate::layout::{
    self, ElementKind, Item, LaidOutEdition, LayoutOptions, OutlineEntry, Page, Structure, Tag,
    TextItem,
};
use crate::typeset::{GlyphRun, EM_BOX_ASCENT};

pub use standard::{Archival, PdfStandard};

/// Options for the PDF writer (page geometry and the archival standard).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PdfOptions {
    /// Page size, columns and rules.
    pub layout: LayoutOptions,
    /// The standards the file is written to and validated against.
    pub standard: PdfStandard,
}

/// Lays out the edition and writes it as a PDF; returns the file's bytes.
pub fn render(edition: &Edition, fonts: &FontSet, options: &PdfOptions) -> Result<Vec<u8>> {
    let mut numbered = layout::number(edition, fonts, &options.layout)?;
    let mut bytes = Vec::new();
    write_numbered(edition, fonts, options, &mut numbered, &mut bytes)?;
    Ok(bytes)
}

/// Writes already laid-out pages as a PDF.
pub fn write(
    edition: &Edition,
    laid_out: &LaidOutEdition,
    standard: &PdfStandard,
) -> Result<Vec<u8>> {
    let mut pages = PdfPages::new(standard)?;
    for page in &laid_out.pages {
        pages.page(page)?;
    }
    let mut bytes = Vec::new();
    pages.finish(edition, &laid_out.structure, &laid_out.outline, &mut bytes)?;
    Ok(bytes)
}

/// Writes the PDF of the edition `numbered` describes (see [`layout::number`]) into `out`,
/// each page drawn as the layout finishes it and then dropped ([`layout::emit`], so this can
/// be done once per `numbered`): the pages are never all held at once.
pub fn write_numbered(
    edition: &Edition,
    fonts: &FontSet,
    options: &PdfOptions,
    numbered: &mut layout::Numbered,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    let mut pages = PdfPages::new(&options.standard)?;
    layout::emit(edition, fonts, &options.layout, numbered, &mut |page| {
        pages.page(page)
    })?;
    pages.finish(edition, &numbered.structure, &numbered.outline, out)
}

/// A PDF being written a page at a time: [`PdfPages::page`] for each page in order, then
/// [`PdfPages::finish`] with the structure and outline.
pub struct PdfPages {
    document: Document,
    writer: Writer,
    standard: PdfStandard,
    /// PDF/A and PDF/UA forbid the .notdef glyph: whether to look for it on each page.
    check_coverage: bool,
    /// Characters without a glyph: the character, the face's family, the page (1-based).
    missing: Vec<(char, String, usize)>,
    /// Pages drawn so far.
    count: usize,
}

impl PdfPages {
    /// An empty document written to `standard`.
    pub fn new(standard: &PdfStandard) -> Result<PdfPages> {
        let configuration = standard.configuration()?;
        let version = configuration.version();
        let settings = SerializeSettings {
            configuration,
            enable_tagging: true,
            ..SerializeSettings::default()
        };
        Ok(PdfPages {
            document: Document::new_with(settings),
            writer: Writer {
                fonts: HashMap::new(),
                images: HashMap::new(),
                leaves: Vec::new(),
                header_artifact: if version >= PdfVersion::Pdf17 {
                    ArtifactType::Header
                } else {
                    ArtifactType::PaginationOther
                },
                placeholders_in_font: !matches!(
                    standard.archival,
                    Some(Archival::A2a | Archival::A3a)
                ),
                mcid: 0,
                marks: vertical::Marks::default(),
            },
            standard: *standard,
            check_coverage: standard.archival.is_some() || standard.ua1,
            missing: Vec::new(),
            count: 0,
        })
    }

    /// Draws the next page.
    pub fn page(&mut self, page: &Page) -> Result<()> {
        let index = self.count;
        self.count += 1;
        if self.check_coverage {
            missing_glyphs(page, index, &mut self.missing);
        }
        let writer = &mut self.writer;
        let mut settings = PageSettings::from_wh(page.width, page.height).ok_or_else(|| {
            anyhow!(
                "page {} has an invalid size {}×{}",
                index + 1,
                page.width,
                page.height
            )
        })?;
        if index == 0 {
            // Page labels match the printed folios: physical page n is page n.
            settings = settings.with_page_label(PageLabel::new(
                Some(NumberingStyle::Arabic),
                None,
                NonZeroU32::new(1),
            ));
        }
        let mut pdf_page = self.document.start_page_with(settings);
        // Link annotations first, so each link element lists its annotation before its text.
        for item in &page.items {
            if let Item::Link(link) = item {
                let r = link.rect;
                let rect =
                    krilla::geom::Rect::from_xywh(r.x, r.y, r.width.max(0.1), r.height.max(0.1))
                        .ok_or_else(|| anyhow!("invalid link rectangle on page {}", index + 1))?;
                let destination = XyzDestination::new(
                    link.target.page,
                    Point::from_xy(link.target.x, link.target.y),
                );
                let annotation = Annotation::new_link(
                    LinkAnnotation::new(rect, Target::Destination(destination.into())),
                    Some(strings::fit(&link.alt, true).into_owned()),
                );
                let id = pdf_page.add_tagged_annotation(annotation);
                writer.attach(link.tag, id);
            }
        }
        let mut surface = pdf_page.surface();
        writer.marks.next_page();
        writer.mcid = 0;
        for item in &page.items {
            writer.draw(&mut surface, item)?;
        }
        surface.finish();
        pdf_page.finish();
        Ok(())
    }

    /// Completes the document with its outline, metadata and tag tree, and writes it into
    /// `out`.
    pub fn finish(
        mut self,
        edition: &Edition,
        structure: &Structure,
        outline_entries: &[OutlineEntry],
        out: &mut dyn std::io::Write,
    ) -> Result<()> {
        if !self.missing.is_empty() {
            return Err(coverage_error(&self.missing, &self.standard));
        }
        self.document.set_outline(outline(outline_entries));
        self.document.set_metadata(metadata(edition));
        self.document
            .set_tag_tree(self.writer.tag_tree(edition, structure));
        let bytes = self
            .document
            .finish()
            .map_err(|e| anyhow!("PDF export failed ({}): {e:?}", self.standard))?;
        fixup::repair_into(&bytes, &self.writer.marks, out)
    }
}

/// Per-document state: fonts and images created once, and the marked content of each
/// structure element.
struct Writer {
    fonts: HashMap<(usize, u32), Font>,
    images: HashMap<usize, Image>,
    leaves: Vec<Vec<Identifier>>,
    header_artifact: ArtifactType,
    /// How a placeholder keeps its original character. Normally krilla is handed the original
    /// text: the first placeholder gives the `〓` glyph its Unicode mapping and every other
    /// character drawn with that glyph gets an ActualText span inside its text object, where
    /// poppler and every other extractor place it correctly. PDF/A-2a and -3a forbid
    /// private-use code points in the Unicode map, so there the glyph maps to `〓` and the
    /// structure element's ActualText holds the original (poppler then reads it in the right
    /// order but misplaces it on the page: it applies the graphics state at the span's end).
    placeholders_in_font: bool,
    /// The marked-content id the next span on the current page gets (krilla numbers them
    /// from 0 on each page in the order they are opened).
    mcid: u32,
    /// The spans of vertical lines, for [`fixup`] to turn into vertical text.
    marks: vertical::Marks,
}

impl Writer {
    /// The krilla font of a face, created once per face per document (krilla subsets it).
    fn font(&mut self, face: &Face) -> Result<Font> {
        let key = face.key();
        if let Some(font) = self.fonts.get(&key) {
            return Ok(font.clone());
        }
        let font = Font::new(face.shared_bytes().into(), face.index())
            .ok_or_else(|| anyhow!("krilla cannot read font {}", face.family()))?;
        self.fonts.insert(key, font.clone());
        Ok(font)
    }

    /// The krilla image for picture bytes, created once per picture (JPEG passes through).
    fn image(&mut self, data: &Arc<ImageData>) -> Result<Image> {
        let key = Arc::as_ptr(data) as usize;
        if let Some(image) = self.images.get(&key) {
            return Ok(image.clone());
        }
        let bytes: Arc<Vec<u8>> = Arc::new(data.bytes.clone());
        let image = match data.format {
            ImageFormat::Jpeg => Image::from_jpeg(bytes.into(), false),
            ImageFormat::Png => Image::from_png(bytes.into(), false),
        }
        .map_err(|e| anyhow!("cannot embed image: {e}"))?;
        self.images.insert(key, image.clone());
        Ok(image)
    }

    fn attach(&mut self, tag: Tag, id: Identifier) {
        if let Tag::Element(e) = tag {
            if self.leaves.len() <= e {
                self.leaves.resize_with(e + 1, Vec::new);
            }
            self.leaves[e].push(id);
        }
    }

    /// Opens the marked-content section for a drawn item.
    fn start(&mut self, surface: &mut Surface, tag: Tag) -> Identifier {
        let content = match tag {
            Tag::Element(_) => ContentTag::Span(SpanTag::empty()),
            Tag::Header => ContentTag::Artifact(Artifact::with_kind(self.header_artifact)),
            Tag::PageNumber => ContentTag::Artifact(Artifact::with_kind(ArtifactType::PageNumber)),
            Tag::Layout => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)),
        };
        self.open(surface, content).0
    }

    /// Opens a marked-content section; every section is opened here, so that the page's
    /// marked-content ids are counted as krilla gives them. Returns the span's id (`None` for
    /// an artifact, which has none).
    fn open(&mut self, surface: &mut Surface, content: ContentTag) -> (Identifier, Option<u32>) {
        let mcid = matches!(content, ContentTag::Span(_) | ContentTag::Other).then(|| {
            self.mcid += 1;
            self.mcid - 1
        });
        (surface.start_tagged(content), mcid)
    }

    fn draw(&mut self, surface: &mut Surface, item: &Item) -> Result<()> {
        match item {
            Item::Text(text) if text.vertical && matches!(text.tag, Tag::Element(_)) => {
                self.draw_vertical(surface, text)?;
            }
            Item::Text(text)
                if text.run.placeholder
                    && !self.placeholders_in_font
                    && matches!(text.tag, Tag::Element(_)) =>
            {
                // A placeholder's glyph maps to `〓` itself: the run's text as ActualText
                // lets extractors read the original characters.
                let actual = strings::fit(&text.run.text, false);
                let span = SpanTag::empty().with_actual_text(Some(&*actual));
                let (id, _) = self.open(surface, ContentTag::Span(span));
                self.draw_text(surface, text, 0..text.run.glyphs.len())?;
                surface.end_tagged();
                self.attach(text.tag, id);
            }
            Item::Text(text) => {
                let id = self.start(surface, text.tag);
                self.draw_text(surface, text, 0..text.run.glyphs.len())?;
                surface.end_tagged();
                self.attach(text.tag, id);
            }
            Item::Image(image) => {
                let pdf_image = self.image(&image.data)?;
                let r = image.rect;
                let size = Size::from_wh(r.width.max(0.01), r.height.max(0.01))
                    .ok_or_else(|| anyhow!("invalid image size"))?;
                let id = self.start(surface, image.tag);
                surface.push_transform(&Transform::from_translate(r.x, r.y));
                surface.draw_image(pdf_image, size);
                surface.pop();
                surface.end_tagged();
                self.attach(image.tag, id);
            }
            Item::Rule(rule) => {
                let mut pb = PathBuilder::new();
                pb.move_to(rule.from.0, rule.from.1);
                pb.line_to(rule.to.0, rule.to.1);
                if let Some(path) = pb.finish() {
                    let level = (rule.grey.clamp(0.0, 1.0) * 255.0).round() as u8;
                    let id = self.start(surface, rule.tag);
                    surface.set_fill(None);
                    let (line_cap, dash) = if rule.dotted {
                        // Round dots: zero-length dashes with round caps.
                        let dash = StrokeDash {
                            array: vec![0.0, rule.width * 3.0],
                            offset: 0.0,
                        };
                        (LineCap::Round, Some(dash))
                    } else {
                        (LineCap::Butt, None)
                    };
                    surface.set_stroke(Some(Stroke {
                        paint: rgb::Color::new(level, level, level).into(),
                        width: rule.width,
                        line_cap,
                        dash,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill::default()));
                    surface.end_tagged();
                    self.attach(rule.tag, id);
                }
            }
            Item::Link(_) => {}
        }
        Ok(())
    }

    /// A run of a vertical line, in spans [`fixup`] turns into vertical text: rotated Latin
    /// as it is drawn (a horizontal run turned, read through the font's Unicode map); upright
    /// glyphs in spans marked [`vertical::Mark::Upright`], except digits side by side in one
    /// em (tate-chu-yoko), which stay horizontal text in a span of their own that gets their
    /// digits as ActualText ([`vertical::Mark::Across`]). A placeholder run under PDF/A-2a
    /// and -3a keeps the original characters as the ActualText of its one span.
    fn draw_vertical(&mut self, surface: &mut Surface, text: &TextItem) -> Result<()> {
        let run = &text.run;
        let placeholder_text = run.placeholder && !self.placeholders_in_font;
        if run.rotated || placeholder_text {
            let actual = strings::fit(&run.text, false);
            let span = SpanTag::empty().with_actual_text(placeholder_text.then_some(&*actual));
            let (id, mcid) = self.open(surface, ContentTag::Span(span));
            self.draw_text(surface, text, 0..run.glyphs.len())?;
            surface.end_tagged();
            self.attach(text.tag, id);
            if let (Some(mcid), false) = (mcid, run.rotated) {
                self.marks.mark(mcid, vertical::Mark::Upright);
            }
            return Ok(());
        }
        for (glyphs, across) in upright_pieces(run) {
            let (id, mcid) = self.open(surface, ContentTag::Span(SpanTag::empty()));
            self.draw_text(surface, text, glyphs.clone())?;
            surface.end_tagged();
            self.attach(text.tag, id);
            let mark = if across {
                let first = &run.glyphs[glyphs.start].text;
                let last = &run.glyphs[glyphs.end - 1].text;
                vertical::Mark::Across(run.text.get(first.start..last.end).unwrap_or("").into())
            } else {
                vertical::Mark::Upright
            };
            if let Some(mcid) = mcid {
                self.marks.mark(mcid, mark);
            }
        }
        Ok(())
    }

    /// Draws glyphs `range` of the item's run (all of them but for upright vertical runs,
    /// which [`Writer::draw_vertical`] draws in pieces).
    fn draw_text(
        &mut self,
        surface: &mut Surface,
        item: &TextItem,
        range: std::ops::Range<usize>,
    ) -> Result<()> {
        let substituted;
        let run = if item.run.placeholder && !self.placeholders_in_font {
            substituted = placeholder_run(&item.run);
            &substituted
        } else {
            &item.run
        };
        if run.glyphs.is_empty() {
            return Ok(());
        }
        let font = self.font(&run.face)?;
        if !item.vertical {
            let first = run.glyphs[0].pos;
            let glyphs = krilla_glyphs(run);
            let start = Point::from_xy(item.x + run.pos + first, item.y);
            surface.draw_glyphs(start, &glyphs, font, &run.text, run.size, false);
            return Ok(());
        }
        // Vertical line: `item.x` is the line's axis, `item.y` its top.
        let size = run.size;
        if run.rotated {
            // Latin set sideways: the run is drawn horizontally, turned 90° clockwise about
            // the axis, with its em box centred on it.
            let first = run.glyphs[0].pos;
            let origin_y = item.y + run.pos + first;
            surface.push_transform(&Transform::from_row(0.0, 1.0, -1.0, 0.0, item.x, origin_y));
            let glyphs = krilla_glyphs(run);
            let baseline = (EM_BOX_ASCENT - 0.5) * size;
            surface.draw_glyphs(
                Point::from_xy(0.0, baseline),
                &glyphs,
                font,
                &run.text,
                size,
                false,
            );
            surface.pop();
            return Ok(());
        }
        // Upright glyphs, one at a time, across the axis where the engine put them: centred
        // on it, or side by side for an upright number (tate-chu-yoko).
        let ttf = run.face.ttf();
        let upem = run.face.metrics().units_per_em.max(1) as f32;
        for g in run.glyphs.get(range).unwrap_or_default() {
            let h_advance = ttf
                .glyph_hor_advance(ttf_parser::GlyphId(g.id))
                .map_or(size, |a| a as f32 * size / upem);
            let x = item.x + g.cross_offset;
            let y = item.y + run.pos + g.pos + EM_BOX_ASCENT * size;
            let glyph = KrillaGlyph {
                glyph_id: GlyphId::new(g.id as u32),
                text_range: g.text.clone(),
                x_advance: h_advance / size,
                x_offset: 0.0,
                y_offset: 0.0,
                y_advance: 0.0,
                location: None,
            };
            surface.draw_glyphs(
                Point::from_xy(x, y),
                &[glyph],
                font.clone(),
                &run.text,
                size,
                false,
            );
        }
        Ok(())
    }

    /// The tag tree: the layout's structure with each element's marked content as leaves.
    fn tag_tree(&mut self, edition: &Edition, structure: &Structure) -> TagTree {
        let mut tree = TagTree::new().with_lang(Some(edition.language.tag().to_string()));
        let root = &structure.elements[0];
        for &child in &root.children {
            if let Some(node) = self.node(structure, child) {
                tree.push(node);
            }
        }
        tree
    }

    fn node(&mut self, structure: &Structure, id: usize) -> Option<Node> {
        let element = &structure.elements[id];
        let leaves = self.leaves.get_mut(id).map(std::mem::take);
        let mut children: Vec<Node> = leaves
            .unwrap_or_default()
            .into_iter()
            .map(Node::Leaf)
            .collect();
        for &child in &element.children {
            if let Some(node) = self.node(structure, child) {
                children.push(node);
            }
        }
        if children.is_empty() {
            return None;
        }
        let kind: TagKind = match &element.kind {
            ElementKind::Document | ElementKind::Title => KTag::Div.into(),
            ElementKind::Toc => KTag::TOC.into(),
            ElementKind::TocItem => KTag::TOCI.into(),
            ElementKind::Link => KTag::Link.into(),
            ElementKind::Section => KTag::Section.into(),
            ElementKind::Article => KTag::Article.into(),
            ElementKind::Heading { level, text } => KTag::Hn(
                NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN),
                Some(strings::fit(text, true).into_owned()),
            )
            .into(),
            ElementKind::Paragraph => KTag::P.into(),
            ElementKind::Figure { alt } => {
                KTag::Figure(Some(strings::fit(alt, true).into_owned())).into()
            }
            ElementKind::Caption => KTag::Caption.into(),
        };
        Some(Node::Group(TagGroup::with_children(kind, children)))
    }
}

/// Adds the characters page `index` draws with the .notdef glyph to `missing` (once each):
/// PDF/A and PDF/UA forbid that glyph, and krilla's own message does not say where it was.
fn missing_glyphs(page: &Page, index: usize, missing: &mut Vec<(char, String, usize)>) {
    for item in &page.items {
        let Item::Text(text) = item else { continue };
        for g in text.run.glyphs.iter().filter(|g| g.id == 0) {
            let chars = text.run.text.get(g.text.clone()).unwrap_or("");
            for c in chars.chars().filter(|c| !c.is_whitespace()) {
                if !missing.iter().any(|(m, _, _)| *m == c) {
                    missing.push((c, text.run.face.family().to_string(), index + 1));
                }
            }
        }
    }
}

/// The refusal of text the fonts cannot show, naming the characters and pages.
fn coverage_error(missing: &[(char, String, usize)], standard: &PdfStandard) -> anyhow::Error {
    let list: Vec<String> = missing
        .iter()
        .take(10)
        .map(|(c, family, page)| {
            format!(
                "“{c}” (U+{:04X}) on page {page}, not in {family}",
                *c as u32
            )
        })
        .collect();
    anyhow!(
        "{} character(s) have no glyph in the bundled fonts: {}{}; {standard} forbids missing \
         glyphs: replace them in the edition, or build with --pdf-standard none",
        missing.len(),
        list.join("; "),
        if missing.len() > 10 { "; …" } else { "" }
    )
}

/// The pieces an upright vertical run is drawn in: stretches of glyphs one per em slot, and
/// each slot of digits side by side (glyphs sharing one position along the line; `true`).
fn upright_pieces(run: &GlyphRun) -> Vec<(std::ops::Range<usize>, bool)> {
    let glyphs = &run.glyphs;
    let mut pieces = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < glyphs.len() {
        let mut end = i + 1;
        while end < glyphs.len() && glyphs[end].pos == glyphs[i].pos {
            end += 1;
        }
        if end - i > 1 {
            if start < i {
                pieces.push((start..i, false));
            }
            pieces.push((i..end, true));
            start = end;
        }
        i = end;
    }
    if start < glyphs.len() || glyphs.is_empty() {
        pieces.push((start..glyphs.len(), false));
    }
    pieces
}

/// A placeholder run as drawn under PDF/A-2a and -3a: each glyph stands for [`PLACEHOLDER`] in
/// the font's Unicode map, which may hold no private-use code point there, and the original
/// characters live only in the ActualText around it.
fn placeholder_run(run: &GlyphRun) -> GlyphRun {
    let width = PLACEHOLDER.len_utf8();
    let mut drawn = run.clone();
    drawn.text = PLACEHOLDER.to_string().repeat(run.glyphs.len());
    for (i, g) in drawn.glyphs.iter_mut().enumerate() {
        g.text = i * width..(i + 1) * width;
    }
    drawn
}

/// A run's glyphs for krilla: advances in ems taken from the engine's positions, so krilla
/// reproduces them exactly (justification included).
fn krilla_glyphs(run: &GlyphRun) -> Vec<KrillaGlyph> {
    let size = run.size.max(0.01);
    let n = run.glyphs.len();
    (0..n)
        .map(|i| {
            let g = &run.glyphs[i];
            let advance = if i + 1 < n {
                run.glyphs[i + 1].pos - g.pos
            } else {
                g.advance
            };
            KrillaGlyph {
                glyph_id: GlyphId::new(g.id as u32),
                text_range: g.text.clone(),
                x_advance: advance / size,
                x_offset: 0.0,
                y_offset: g.cross_offset / size,
                y_advance: 0.0,
                location: None,
            }
        })
        .collect()
}

fn outline(entries: &[OutlineEntry]) -> Outline {
    fn node(entry: &OutlineEntry) -> OutlineNode {
        let mut n = OutlineNode::new(
            strings::fit(&entry.title, true).into_owned(),
            XyzDestination::new(
                entry.target.page,
                Point::from_xy(entry.target.x, entry.target.y),
            ),
        );
        for child in &entry.children {
            n.push_child(node(child));
        }
        n
    }
    let mut outline = Outline::new();
    for entry in entries {
        outline.push_child(node(entry));
    }
    outline
}

/// Document metadata from the edition alone (no clock).
fn metadata(edition: &Edition) -> Metadata {
    let date = DateTime::new(edition.date.year)
        .month(edition.date.month)
        .day(edition.date.day);
    let mut m = Metadata::new()
        .title(strings::fit(&edition.display_title(), true).into_owned())
        .language(edition.language.tag().to_string())
        .creator(format!("folio {}", env!("CARGO_PKG_VERSION")))
        .producer(format!("folio {} (krilla)", env!("CARGO_PKG_VERSION")))
        .creation_date(date)
        .document_id(edition.identifier());
    if let Some(publisher) = &edition.publisher {
        m = m.authors(vec![strings::fit(publisher, true).into_owned()]);
    }
    if edition.writing_mode == WritingMode::VerticalRl {
        m = m.text_direction(TextDirection::RightToLeft);
    }
    m
}
