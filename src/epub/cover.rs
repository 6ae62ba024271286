//! A generated cover picture for editions without one: the publication's name, the date and the
//! issue drawn with the bundled fonts, so that library and shop views show which paper and
//! which day this is instead of a blank tile.

use ab_glyph_rasterizer::{point, Point, Rasterizer};
use anyhow::{Context, Result};
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::{Rgb, RgbImage};

use crate::edition::Edition;
use crate::fonts::{Face, FontSet, FontStyle};

use super::non_empty;
use crate::locale::Locale;

/// Cover size in pixels: the 2:3 portrait most stores ask for.
pub const WIDTH: u32 = 1200;
/// Cover height in pixels.
pub const HEIGHT: u32 = 1800;

const PAPER: Rgb<u8> = Rgb([247, 243, 234]);
const MASTHEAD: Rgb<u8> = Rgb([139, 26, 26]);
const WHITE: Rgb<u8> = Rgb([255, 255, 255]);
const INK: Rgb<u8> = Rgb([34, 34, 34]);
const MASTHEAD_HEIGHT: u32 = 700;
const MARGIN: f32 = 90.0;

/// The lines the cover shows, in the order drawn; also its text alternative.
pub fn lines(edition: &Edition) -> Vec<String> {
    let mut lines = vec![edition.title.trim().to_string(), edition.display_date()];
    lines.extend(edition.issue.iter().map(|s| s.trim().to_string()));
    lines.extend(edition.publisher.iter().map(|s| s.trim().to_string()));
    lines.retain(|l| !l.is_empty());
    lines
}

/// Draws the cover and returns it as PNG bytes.
pub fn render(edition: &Edition, fonts: &FontSet, locale: Locale) -> Result<Vec<u8>> {
    let region = locale.region();
    let sans = fonts.face(FontStyle::SansBold, region)?;
    let serif = fonts.face(FontStyle::Serif, region)?;
    let mut canvas = RgbImage::from_pixel(WIDTH, HEIGHT, PAPER);
    for y in 0..MASTHEAD_HEIGHT {
        for x in 0..WIDTH {
            canvas.put_pixel(x, y, MASTHEAD);
        }
    }
    // A thin rule under the masthead, as on a front page.
    for y in MASTHEAD_HEIGHT + 24..MASTHEAD_HEIGHT + 30 {
        for x in MARGIN as u32..WIDTH - MARGIN as u32 {
            canvas.put_pixel(x, y, INK);
        }
    }
    let max_width = WIDTH as f32 - 2.0 * MARGIN;
    let title = edition.title.trim();
    draw_line(&mut canvas, &sans, title, 170.0, 460.0, max_width, WHITE);
    draw_line(
        &mut canvas,
        &sans,
        &edition.display_date(),
        84.0,
        940.0,
        max_width,
        INK,
    );
    if let Some(issue) = non_empty(&edition.issue) {
        draw_line(&mut canvas, &serif, issue, 64.0, 1080.0, max_width, INK);
    }
    if let Some(publisher) = non_empty(&edition.publisher) {
        draw_line(&mut canvas, &serif, publisher, 52.0, 1640.0, max_width, INK);
    }
    let mut bytes = Vec::new();
    let encoder =
        PngEncoder::new_with_quality(&mut bytes, CompressionType::Fast, PngFilter::Adaptive);
    canvas
        .write_with_encoder(encoder)
        .context("cannot encode the generated cover")?;
    Ok(bytes)
}

/// Draws `text` centred on one line with its baseline at `baseline`, at `size` pixels per em,
/// shrunk to fit `max_width`.
fn draw_line(
    canvas: &mut RgbImage,
    face: &Face,
    text: &str,
    size: f32,
    baseline: f32,
    max_width: f32,
    color: Rgb<u8>,
) {
    let shaper = face.shaper();
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&shaper, &[], buffer);
    let units_per_em = f32::from(face.metrics().units_per_em);
    let advance: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
    let mut scale = size / units_per_em;
    if advance as f32 * scale > max_width {
        scale = max_width / advance as f32;
    }
    let line_width = advance as f32 * scale;
    // Rasterise into a band around the line only: cheaper than a full-canvas coverage buffer.
    let top = (baseline - 1.2 * size).max(0.0).floor();
    let bottom = (baseline + 0.4 * size).min(canvas.height() as f32).ceil();
    let band_height = (bottom - top) as usize;
    let mut rasterizer = Rasterizer::new(canvas.width() as usize, band_height);
    let ttf = face.ttf();
    let mut pen_x = (canvas.width() as f32 - line_width) / 2.0;
    for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
        let origin = point(
            pen_x + pos.x_offset as f32 * scale,
            baseline - top - pos.y_offset as f32 * scale,
        );
        let mut pen = Pen {
            rasterizer: &mut rasterizer,
            origin,
            scale,
            start: origin,
            last: origin,
        };
        ttf.outline_glyph(ttf_parser::GlyphId(info.glyph_id as u16), &mut pen);
        pen_x += pos.x_advance as f32 * scale;
    }
    rasterizer.for_each_pixel_2d(|x, y, coverage| {
        let coverage = coverage.clamp(0.0, 1.0);
        if coverage <= 0.0 {
            return;
        }
        let y = y + top as u32;
        let pixel = canvas.get_pixel_mut(x, y);
        for channel in 0..3 {
            let under = f32::from(pixel.0[channel]);
            let over = f32::from(color.0[channel]);
            pixel.0[channel] = (under + (over - under) * coverage).round() as u8;
        }
    });
}

/// Feeds a glyph outline (font units, y up) into the rasteriser (pixels, y down).
struct Pen<'a> {
    rasterizer: &'a mut Rasterizer,
    origin: Point,
    scale: f32,
    start: Point,
    last: Point,
}

impl Pen<'_> {
    fn map(&self, x: f32, y: f32) -> Point {
        point(
            self.origin.x + x * self.scale,
            self.origin.y - y * self.scale,
        )
    }
}

impl ttf_parser::OutlineBuilder for Pen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.start = self.map(x, y);
        self.last = self.start;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.map(x, y);
        self.rasterizer.draw_line(self.last, p);
        self.last = p;
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (c, p) = (self.map(x1, y1), self.map(x, y));
        self.rasterizer.draw_quad(self.last, c, p);
        self.last = p;
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (c1, c2, p) = (self.map(x1, y1), self.map(x2, y2), self.map(x, y));
        self.rasterizer.draw_cubic(self.last, c1, c2, p);
        self.last = p;
    }

    fn close(&mut self) {
        if self.last != self.start {
            self.rasterizer.draw_line(self.last, self.start);
        }
        self.last = self.start;
    }
}
