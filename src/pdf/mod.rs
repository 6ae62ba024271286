//! PDF export with krilla: laid-out pages, subset fonts, outline, links, metadata, tags, PDF/A.

use anyhow::Result;

use crate::edition::Edition;
use crate::fonts::FontSet;

/// Options for the PDF writer (page geometry and the archival standard).
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {}

/// Lays out the edition and writes it as a PDF; returns the file's bytes.
pub fn render(edition: &Edition, fonts: &FontSet, options: &PdfOptions) -> Result<Vec<u8>> {
    let _ = (edition, fonts, options);
    anyhow::bail!("PDF export is not written yet")
}
