//! EPUB 3 export: one XHTML document per article, CSS for CJK reading, nav and NCX,
//! embedded subset fonts, metadata.

use anyhow::Result;

use crate::edition::Edition;
use crate::fonts::FontSet;

/// Options for the EPUB writer.
#[derive(Debug, Clone, Default)]
pub struct EpubOptions {}

/// Writes the edition as an EPUB 3 and returns the file's bytes.
pub fn render(edition: &Edition, fonts: &FontSet, options: &EpubOptions) -> Result<Vec<u8>> {
    let _ = (edition, fonts, options);
    anyhow::bail!("EPUB export is not written yet")
}
