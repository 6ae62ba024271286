//! Page sizes and the page grid: margins, columns, column gap.
//!
//! Columns are sized to a whole number of body ems, so a line of pure CJK text fills its
//! measure exactly and justification has nothing to stretch; what is left over after rounding
//! goes into the margins.

use std::fmt;
use std::str::FromStr;

use crate::design;
use crate::edition::WritingMode;

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// A paper size, in points (width × height, portrait).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// The name it was given by (`a4`, `210x297mm`), for messages.
    pub name: PageSizeName,
}

/// How a page size was named on the command line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PageSizeName {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// ISO A5, 148 × 210 mm.
    A5,
    /// ISO B5, 176 × 250 mm.
    B5,
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// A broadsheet newspaper page (对开), 390 × 540 mm.
    Broadsheet,
    /// A Berliner (midi) newspaper page, 315 × 470 mm.
    Berliner,
    /// A tabloid newspaper page, 280 × 430 mm.
    Tabloid,
    /// Given as `WIDTHxHEIGHTmm`.
    Custom,
}

impl PageSize {
    /// ISO A4.
    pub const A4: PageSize = PageSize::mm(210.0, 297.0, PageSizeName::A4);
    /// ISO A5.
    pub const A5: PageSize = PageSize::mm(148.0, 210.0, PageSizeName::A5);
    /// ISO B5.
    pub const B5: PageSize = PageSize::mm(176.0, 250.0, PageSizeName::B5);
    /// A broadsheet newspaper page.
    pub const BROADSHEET: PageSize = PageSize::mm(390.0, 540.0, PageSizeName::Broadsheet);
    /// A Berliner newspaper page.
    pub const BERLINER: PageSize = PageSize::mm(315.0, 470.0, PageSizeName::Berliner);
    /// A tabloid newspaper page.
    pub const TABLOID: PageSize = PageSize::mm(280.0, 430.0, PageSizeName::Tabloid);
    /// US Letter.
    pub const LETTER: PageSize = PageSize {
        width: 612.0,
        height: 792.0,
        name: PageSizeName::Letter,
    };

    const fn mm(w: f32, h: f32, name: PageSizeName) -> PageSize {
        PageSize {
            width: w * PT_PER_MM,
            height: h * PT_PER_MM,
            name,
        }
    }

    /// The default number of columns: six on a broadsheet, five on a Berliner or tabloid
    /// page, one on pages narrower than 150 mm (A5), two otherwise.
    pub fn default_columns(&self) -> u32 {
        if self.name == PageSizeName::Broadsheet {
            6
        } else if matches!(self.name, PageSizeName::Berliner | PageSizeName::Tabloid) {
            5
        } else if self.width < 150.0 * PT_PER_MM {
            1
        } else {
            2
        }
    }
}

impl Default for PageSize {
    fn default() -> Self {
        PageSize::A4
    }
}

impl FromStr for PageSize {
    type Err = String;

    fn from_str(s: &str) -> Result<PageSize, String> {
        let lower = s.trim().to_ascii_lowercase();
        match lower.as_str() {
            "a4" => return Ok(PageSize::A4),
            "a5" => return Ok(PageSize::A5),
            "b5" => return Ok(PageSize::B5),
            "letter" => return Ok(PageSize::LETTER),
            "broadsheet" => return Ok(PageSize::BROADSHEET),
            "berliner" => return Ok(PageSize::BERLINER),
            "tabloid" => return Ok(PageSize::TABLOID),
            _ => {}
        }
        let bad = || {
            format!("expected a page size a4, a5, b5, letter, broadsheet, berliner, tabloid or WIDTHxHEIGHTmm (e.g. 182x257mm), found `{s}`")
        };
        let dims = lower.strip_suffix("mm").ok_or_else(bad)?;
        let (w, h) = dims.split_once('x').ok_or_else(bad)?;
        let w: f32 = w.trim().parse().map_err(|_| bad())?;
        let h: f32 = h.trim().parse().map_err(|_| bad())?;
        if !(80.0..=1000.0).contains(&w) || !(80.0..=1000.0).contains(&h) {
            return Err(format!(
                "page size `{s}` is out of range: width and height must be 80–1000 mm"
            ));
        }
        Ok(PageSize::mm(w, h, PageSizeName::Custom))
    }
}

impl fmt::Display for PageSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name {
            PageSizeName::A4 => f.write_str("a4"),
            PageSizeName::A5 => f.write_str("a5"),
            PageSizeName::B5 => f.write_str("b5"),
            PageSizeName::Letter => f.write_str("letter"),
            PageSizeName::Broadsheet => f.write_str("broadsheet"),
            PageSizeName::Berliner => f.write_str("berliner"),
            PageSizeName::Tabloid => f.write_str("tabloid"),
            PageSizeName::Custom => write!(
                f,
                "{:.0}x{:.0}mm",
                self.width / PT_PER_MM,
                self.height / PT_PER_MM
            ),
        }
    }
}

/// An axis-aligned rectangle in page coordinates (points, origin top left, y down).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.width
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }
}

/// The grid every content page shares.
///
/// The flow works in logical directions: *inline* is the direction lines run in (rightwards
/// in horizontal text, downwards in vertical text) and *block* the direction lines stack in
/// (downwards, or leftwards in vertical text). Columns sit side by side along the inline axis
/// (in vertical text they are the horizontal bands, 段, stacked top to bottom).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageGrid {
    /// The paper.
    pub page: PageSize,
    /// The text area (running head and folio sit outside it).
    pub content: Rect,
    /// Number of columns.
    pub columns: u32,
    /// Inline size of one column, in points.
    pub column_measure: f32,
    /// Space between columns, in points.
    pub column_gap: f32,
    /// Writing mode of the body text.
    pub writing_mode: WritingMode,
}

impl PageGrid {
    /// The grid for `page` with `columns` columns, body text at `body_size` points: margins of
    /// about 18 mm, the design's column gap ([`design::COLUMN_GAP_EM`]), column measures a
    /// whole number of ems.
    pub fn new(
        page: PageSize,
        columns: u32,
        body_size: f32,
        writing_mode: WritingMode,
    ) -> PageGrid {
        let columns = columns.max(1);
        let margin_side = (page.width * 0.085).clamp(36.0, 64.0);
        let margin_top = (page.height * 0.075).clamp(40.0, 72.0);
        let margin_bottom = (page.height * 0.07).clamp(40.0, 68.0);
        let mut content = Rect {
            x: margin_side,
            y: margin_top,
            width: page.width - 2.0 * margin_side,
            height: page.height - margin_top - margin_bottom,
        };
        let gap = body_size * design::COLUMN_GAP_EM;
        let inline_extent = match writing_mode {
            WritingMode::HorizontalTb => content.width,
            WritingMode::VerticalRl => content.height,
        };
        let gaps = gap * (columns - 1) as f32;
        let ems = ((inline_extent - gaps) / columns as f32 / body_size)
            .floor()
            .max(4.0);
        let column_measure = ems * body_size;
        let used = column_measure * columns as f32 + gaps;
        let spare = (inline_extent - used).max(0.0);
        // Give the rounding back to the margins, evenly, so the text area stays centred.
        match writing_mode {
            WritingMode::HorizontalTb => {
                content.x += spare / 2.0;
                content.width = used;
            }
            WritingMode::VerticalRl => {
                content.y += spare / 2.0;
                content.height = used;
            }
        }
        PageGrid {
            page,
            content,
            columns,
            column_measure,
            column_gap: gap,
            writing_mode,
        }
    }

    /// Inline extent of the whole text area (all columns and gaps).
    pub fn inline_extent(&self) -> f32 {
        match self.writing_mode {
            WritingMode::HorizontalTb => self.content.width,
            WritingMode::VerticalRl => self.content.height,
        }
    }

    /// Block extent of the text area.
    pub fn block_extent(&self) -> f32 {
        match self.writing_mode {
            WritingMode::HorizontalTb => self.content.height,
            WritingMode::VerticalRl => self.content.width,
        }
    }

    /// Inline offset of column `c` from the start of the text area.
    pub fn column_start(&self, c: usize) -> f32 {
        c as f32 * (self.column_measure + self.column_gap)
    }

    /// Maps a logical point (inline offset, block offset from the text area's start) to page
    /// coordinates.
    pub fn to_page(&self, inline: f32, block: f32) -> (f32, f32) {
        match self.writing_mode {
            WritingMode::HorizontalTb => (self.content.x + inline, self.content.y + block),
            WritingMode::VerticalRl => (self.content.right() - block, self.content.y + inline),
        }
    }

    /// The page rectangle covering a logical box (inline start and size, block start and size).
    pub fn rect(&self, inline: f32, inline_size: f32, block: f32, block_size: f32) -> Rect {
        match self.writing_mode {
            WritingMode::HorizontalTb => Rect {
                x: self.content.x + inline,
                y: self.content.y + block,
                width: inline_size,
                height: block_size,
            },
            WritingMode::VerticalRl => Rect {
                x: self.content.right() - block - block_size,
                y: self.content.y + inline,
                width: block_size,
                height: inline_size,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes_parse_by_name_and_in_millimetres() {
        assert_eq!("A4".parse::<PageSize>().unwrap(), PageSize::A4);
        assert_eq!("letter".parse::<PageSize>().unwrap().width, 612.0);
        let custom: PageSize = "182x257mm".parse().unwrap();
        assert!((custom.width - 182.0 * PT_PER_MM).abs() < 0.01);
        assert!((custom.height - 257.0 * PT_PER_MM).abs() < 0.01);
        assert!("a3"
            .parse::<PageSize>()
            .unwrap_err()
            .contains("WIDTHxHEIGHTmm"));
        assert!("10x10mm".parse::<PageSize>().is_err());
    }

    #[test]
    fn default_columns_are_two_on_a4_and_one_on_a5() {
        assert_eq!(PageSize::A4.default_columns(), 2);
        assert_eq!(PageSize::B5.default_columns(), 2);
        assert_eq!(PageSize::LETTER.default_columns(), 2);
        assert_eq!(PageSize::A5.default_columns(), 1);
    }

    #[test]
    fn columns_are_whole_ems_and_fit_the_page() {
        for page in [PageSize::A4, PageSize::A5, PageSize::B5, PageSize::LETTER] {
            for columns in 1..=4 {
                let g = PageGrid::new(page, columns, 10.0, WritingMode::HorizontalTb);
                let ems = g.column_measure / 10.0;
                assert!((ems - ems.round()).abs() < 1e-4, "{page}: {ems} ems");
                let last_end = g.column_start(columns as usize - 1) + g.column_measure;
                assert!((last_end - g.content.width).abs() < 0.01);
                assert!(g.content.x > 30.0 && g.content.right() < page.width - 30.0);
            }
        }
    }

    #[test]
    fn vertical_text_starts_at_the_top_right() {
        let g = PageGrid::new(PageSize::A4, 2, 10.0, WritingMode::VerticalRl);
        let (x, y) = g.to_page(0.0, 0.0);
        assert!((x - g.content.right()).abs() < 1e-3);
        assert!((y - g.content.y).abs() < 1e-3);
        let r = g.rect(0.0, 100.0, 10.0, 20.0);
        assert!((r.right() - (g.content.right() - 10.0)).abs() < 1e-3);
        assert_eq!(r.height, 100.0);
    }
}
