//! Articles into pieces: the head (kicker, headline, subheadline, byline), the body's
//! paragraphs and the figures with their captions, set to the measures the placer gives.

use super::columns::*;
use super::layouter::*;
use super::page::*;
use super::text::*;
use crate::design::{self, TextKind};
use crate::edition::{Article, WritingMode};
use crate::typeset::{Align, Direction};

impl Layouter<'_> {
    /// The pieces of an article's head, set across the text area and kept together: kicker,
    /// headline, subheadline and standalone byline.
    pub(super) fn article_head(
        &mut self,
        s: usize,
        a: usize,
        art_el: ElementId,
        article: &Article,
    ) -> Vec<Piece> {
        let full = self.grid.inline_extent();
        let dir = self.direction;
        // Headlines are centred over the columns, as Chinese papers set them. This also keeps
        // text extraction in reading order: a short start-aligned headline under a band of
        // columns overlaps only the first column, and readers' tools (poppler, following
        // Breuel's ordering rules) then read it, and the story under it, before the band's
        // second column. A centred one reaches across the column gap. Vertical headlines stay
        // at the top of their line, where the eye starts.
        let head_align = match dir {
            Direction::Horizontal => Align::Center,
            Direction::Vertical => Align::Start,
        };
        let mut head: Vec<Piece> = Vec::new();

        // A short paragraph of the head (kicker, subheadline, byline), kept together.
        let head_paragraph = |this: &mut Self, text: &str, block, kind| {
            let style = design::text(kind);
            let el = this.structure.add(art_el, ElementKind::Paragraph);
            let lines = this.set(
                &[this.span(text, style.face, style.size)],
                0.0,
                head_align,
                full,
                dir,
            );
            this.line_pieces(
                lines,
                style.pitch,
                el,
                Some(Source::new(s, a, block, text, 0)),
                true,
            )
        };
        if let Some(kicker) = article.kicker.as_deref() {
            head.extend(head_paragraph(
                self,
                kicker,
                TextBlock::Kicker,
                TextKind::Kicker,
            ));
        }
        head.extend(self.headline_pieces(s, a, art_el, &article.headline, head_align));
        if let Some(sub) = article.subheadline.as_deref() {
            head.extend(head_paragraph(
                self,
                sub,
                TextBlock::Subheadline,
                TextKind::Subheadline,
            ));
        }
        if let Some(byline) = article.standalone_byline() {
            head.extend(head_paragraph(
                self,
                byline,
                TextBlock::Byline,
                TextKind::Byline,
            ));
        }
        head
    }

    /// The lines of article `a`'s headline across the text area, in the size the design
    /// gives its place in the section and the width of its block
    /// ([`design::headline_size`]).
    fn headline_pieces(
        &mut self,
        s: usize,
        a: usize,
        art_el: ElementId,
        headline: &str,
        align: Align,
    ) -> Vec<Piece> {
        let size = design::headline_size(self.options.placer, a, self.grid.columns);
        let el = self.structure.add(
            art_el,
            ElementKind::Heading {
                level: 2,
                text: headline.to_string(),
            },
        );
        let measure = self.grid.inline_extent();
        let lines = self.headline_lines(headline, size, align, measure);
        self.line_pieces(
            lines,
            size * design::HEADLINE_LEADING,
            el,
            Some(Source::new(s, a, TextBlock::Headline, headline, 0)),
            true,
        )
    }

    /// How many of an article's first figures span the columns, and the largest share of the
    /// column height such a picture may take. A photo story (figures, no body) with a single
    /// picture shows it across the page like any headline story rather than in the first
    /// column beside an empty one; a story of several pictures keeps them side by
    /// side in the columns. In a story with a body, a landscape picture spans the columns when
    /// it is wide (2:1 or wider) or the story is short (at most eight lines a column), as
    /// papers run a lead photo; a tall one stays in its column. Vertical pages keep figures in
    /// their tiers.
    pub(super) fn spanning_figures(&self, article: &Article) -> (usize, f32) {
        if self.grid.columns < 2 || self.direction == Direction::Vertical {
            return (0, 0.0);
        }
        let Some(first) = article.images.first() else {
            return (0, 0.0);
        };
        // A picture that was not supplied leaves its mark in a column, its caption at a
        // column's measure: across the block it would be a line too long to read.
        if first.data().is_none() {
            return (0, 0.0);
        }
        let paragraphs = article.paragraphs();
        if paragraphs.is_empty() {
            return if article.images.len() == 1 {
                (1, 0.6)
            } else {
                (0, 0.0)
            };
        }
        let Some(data) = first.data() else {
            return (0, 0.0);
        };
        let aspect = data.width.max(1) as f32 / data.height.max(1) as f32;
        let per_line = (self.grid.column_measure / self.st.body).floor().max(1.0) as usize;
        let lines: usize = paragraphs
            .iter()
            .map(|p| (p.chars().count() + 2).div_ceil(per_line))
            .sum();
        let short = lines <= 8 * self.grid.columns as usize;
        if aspect >= 2.0 || (aspect >= 1.2 && short) {
            (1, 0.3)
        } else {
            (0, 0.0)
        }
    }

    /// The pieces of an article's body: paragraphs (the lead opening the first), then figures.
    pub(super) fn body_pieces(
        &mut self,
        s: usize,
        a: usize,
        art_el: ElementId,
        article: &Article,
        lead_figures: usize,
    ) -> Vec<Piece> {
        let st = self.st;
        let measure = self.grid.column_measure;
        let dir = self.direction;
        let mut pieces = Vec::new();
        let lead = article.lead();
        for (i, para) in article.paragraphs().iter().enumerate() {
            let el = self.structure.add(art_el, ElementKind::Paragraph);
            let mut spans = Vec::new();
            let mut lead_chars = 0;
            if i == 0 {
                if let Some(lead) = lead.as_deref() {
                    spans.push(self.span(lead, design::face(TextKind::Dateline), st.body));
                    lead_chars = lead.chars().count();
                }
            }
            spans.push(self.span(para, design::face(TextKind::Body), st.body));
            let lines = self.set(&spans, 2.0, Align::Justify, measure, dir);
            pieces.extend(self.line_pieces(
                lines,
                st.body_pitch,
                el,
                Some(Source::new(s, a, TextBlock::Paragraph(i), para, lead_chars)),
                false,
            ));
        }
        if article.paragraphs().is_empty() {
            if let Some(lead) = lead.as_deref() {
                let el = self.structure.add(art_el, ElementKind::Paragraph);
                let lines = self.set(
                    &[self.span(lead, design::face(TextKind::Dateline), st.body)],
                    2.0,
                    Align::Justify,
                    measure,
                    dir,
                );
                pieces.extend(self.line_pieces(lines, st.body_pitch, el, None, false));
            }
        }
        for i in lead_figures..article.images.len() {
            pieces.extend(self.figure_pieces(s, a, art_el, article, i, measure, 0.6, true));
        }
        pieces
    }

    /// The pieces of figure `i` of an article set to `measure`: the picture scaled to it (its
    /// height at most `max_block_share` of the column's), or the mark standing where it was
    /// not supplied, then caption and credit kept with it. `space_before` opens it with a
    /// half-line space (dropped at the top of a column); it always ends with one.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn figure_pieces(
        &mut self,
        s: usize,
        a: usize,
        art_el: ElementId,
        article: &Article,
        i: usize,
        measure: f32,
        max_block_share: f32,
        space_before: bool,
    ) -> Vec<Piece> {
        let half_line = self.st.body_pitch * 0.5;
        let mut pieces = Vec::new();
        if space_before {
            pieces.push(space(half_line, true, true));
        }
        let image = &article.images[i];
        let picture_width = match image.data() {
            Some(data) => {
                let el = self.structure.add(
                    art_el,
                    ElementKind::Figure {
                        alt: figure_alt(
                            image.alt_text(),
                            image.credit.as_deref(),
                            &article.headline,
                        ),
                    },
                );
                let (picture, width) = self.picture_piece(data, el, measure, max_block_share);
                pieces.push(picture);
                width
            }
            None => {
                pieces.push(self.missing_picture_piece(measure));
                measure
            }
        };
        pieces.push(space(self.st.caption_pitch * 0.4, false, false));
        // A caption stays with its picture, or with the mark standing in for a missing one:
        // continued at the head of the next column, beside the mark, text extraction
        // (poppler) reads the continuation before the caption's first lines.
        let mut caption = self.caption_pieces(s, a, art_el, image, i, measure, picture_width);
        if let Some(first) = caption.first_mut() {
            first.break_before = false;
        }
        pieces.extend(caption);
        pieces.push(space(half_line, false, false));
        pieces
    }

    /// A picture scaled to `measure` (its block extent at most `max_block_share` of the
    /// room figures are scaled against) and the inline extent it takes.
    fn picture_piece(
        &self,
        data: &std::sync::Arc<crate::edition::ImageData>,
        element: ElementId,
        measure: f32,
        max_block_share: f32,
    ) -> (Piece, f32) {
        let (w, h) = (data.width.max(1) as f32, data.height.max(1) as f32);
        let max_block = self.figure_room * max_block_share;
        let (inline, block) = match self.grid.writing_mode {
            WritingMode::HorizontalTb => fit_block(measure, measure * h / w, max_block),
            WritingMode::VerticalRl => fit_block(measure, measure * w / h, max_block),
        };
        let piece = Piece {
            extent: block,
            break_before: true,
            discardable: false,
            kind: PieceKind::Image {
                data: data.clone(),
                inline_extent: inline,
                measure,
                element,
            },
        };
        (piece, inline)
    }

    /// The mark where a picture was not supplied: a framed box across `measure` naming the
    /// absence in the edition's language, so a proof shows where the picture belongs.
    fn missing_picture_piece(&self, measure: f32) -> Piece {
        let style = design::text(TextKind::Caption);
        let words = self.edition.locale().picture_missing();
        let span = self.span(words, style.face, style.size);
        let words = self
            .set(&[span], 0.0, Align::Start, measure, self.direction)
            .into_iter()
            .next()
            .expect("a few words set on a column's measure");
        Piece {
            extent: style.pitch * design::MISSING_PICTURE_LINES,
            break_before: true,
            discardable: false,
            kind: PieceKind::MissingPicture { words, measure },
        }
    }

    /// The lines of image `i`'s caption and credit under a picture `picture_width` wide in a
    /// column of `measure`: at the picture's width (at least twelve caption ems, at most
    /// [`design::CAPTION_MAX_MEASURE_EM`]), centred under it, never broken between columns.
    #[allow(clippy::too_many_arguments)]
    fn caption_pieces(
        &mut self,
        s: usize,
        a: usize,
        art_el: ElementId,
        image: &crate::edition::Image,
        i: usize,
        measure: f32,
        picture_width: f32,
    ) -> Vec<Piece> {
        let st = self.st;
        let caption = caption_text(image.caption.as_deref(), image.credit.as_deref());
        if caption.is_empty() {
            return Vec::new();
        }
        let caption_measure = match self.direction {
            Direction::Horizontal => picture_width
                .max(measure.min(12.0 * st.caption))
                .min(design::CAPTION_MAX_MEASURE_EM * st.caption),
            Direction::Vertical => measure,
        };
        let el = self.structure.add(art_el, ElementKind::Caption);
        // The caption in the small serif, the credit after it in the sans, as papers set a
        // photographer's or agency's name apart from the words about the picture.
        let mut spans = Vec::new();
        let words = image.caption.as_deref().map(str::trim).unwrap_or("");
        if !words.is_empty() {
            spans.push(self.span(words, design::face(TextKind::Caption), st.caption));
        }
        if let Some(credit) = image.credit.as_deref().map(str::trim) {
            if !credit.is_empty() {
                let credit = if words.is_empty() {
                    credit.to_string()
                } else {
                    format!("\u{3000}{credit}")
                };
                let style = design::text(TextKind::Credit);
                spans.push(self.span(&credit, style.face, style.size));
            }
        }
        debug_assert_eq!(
            spans.iter().map(|s| s.text.as_str()).collect::<String>(),
            caption
        );
        let lines = self.set(&spans, 0.0, Align::Justify, caption_measure, self.direction);
        let mut pieces = self.line_pieces(
            lines,
            st.caption_pitch,
            el,
            Some(Source::new(s, a, TextBlock::Caption(i), &caption, 0)),
            true,
        );
        for piece in &mut pieces {
            if let PieceKind::Line { inline_offset, .. } = &mut piece.kind {
                *inline_offset = (measure - caption_measure).max(0.0) / 2.0;
            }
        }
        pieces
    }
}

/// A space of `extent` along the block axis.
fn space(extent: f32, break_before: bool, discardable: bool) -> Piece {
    Piece {
        extent,
        break_before,
        discardable,
        kind: PieceKind::Space,
    }
}

/// A figure's text alternative: its own (`alt`, else the caption), else its credit, else the
/// headline it illustrates; PDF/UA requires one on every figure.
pub(super) fn figure_alt(alt: &str, credit: Option<&str>, headline: &str) -> String {
    [Some(alt), credit, Some(headline)]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or("")
        .to_string()
}

/// Caption and credit as printed: `caption　credit`.
pub(super) fn caption_text(caption: Option<&str>, credit: Option<&str>) -> String {
    let parts: Vec<&str> = [caption, credit]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    parts.join("　")
}
