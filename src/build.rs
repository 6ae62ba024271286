//! Building one edition: load it, render the requested formats, write them atomically.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::edition::{self, Edition, LoadOptions};
use crate::epub::{self, EpubOptions};
use crate::fonts::FontSet;
use crate::layout;
use crate::output::write_atomic;
use crate::pagestarts::PageStarts;
use crate::pdf::{self, PdfOptions};

/// The output formats of a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// EPUB 3.
    Epub,
    /// Paginated PDF (PDF/A by default).
    Pdf,
}

impl Format {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Pdf => "pdf",
        }
    }
}

/// Everything a build needs besides the edition and the fonts.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Formats to write, in order.
    pub formats: Vec<Format>,
    /// How the edition file is loaded.
    pub load: LoadOptions,
    /// EPUB writer options. The EPUB's page list follows the PDF's pages (`pdf.layout`),
    /// whether the PDF is built or not, so that the two books cite the same pages.
    pub epub: EpubOptions,
    /// PDF layout and writer options.
    pub pdf: PdfOptions,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            formats: vec![Format::Epub, Format::Pdf],
            load: LoadOptions::default(),
            epub: EpubOptions::default(),
            pdf: PdfOptions::default(),
        }
    }
}

/// One file a build wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// Its format.
    pub format: Format,
    /// Where it was written.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
}

/// Renders an already loaded edition in one format; returns the file's bytes.
pub fn render(
    edition: &Edition,
    fonts: &FontSet,
    format: Format,
    options: &BuildOptions,
) -> Result<Vec<u8>> {
    let mut rendered = render_formats(edition, fonts, &[format], options)?;
    Ok(rendered.remove(0).1)
}

/// Renders an already loaded edition in each of `formats`, in order, and returns each file's
/// bytes. The edition is laid out once and both writers share the pages: the PDF draws them
/// and the EPUB's page list marks where each begins.
pub fn render_formats(
    edition: &Edition,
    fonts: &FontSet,
    formats: &[Format],
    options: &BuildOptions,
) -> Result<Vec<(Format, Vec<u8>)>> {
    if formats.is_empty() {
        return Ok(Vec::new());
    }
    // The EPUB's page list is always on, so every build lays the pages out; the EPUB is
    // handed only where each page starts, never the pages.
    let laid_out = layout::layout(edition, fonts, &options.pdf.layout).context("page layout")?;
    let page_starts = laid_out.page_starts();
    formats
        .iter()
        .map(|&format| {
            let bytes = match format {
                Format::Epub => epub::write(edition, fonts, &options.epub, &page_starts),
                Format::Pdf => pdf::write(edition, &laid_out, &options.pdf.standard),
            }
            .with_context(|| format!("{} export", format.extension().to_uppercase()))?;
            Ok((format, bytes))
        })
        .collect()
}

/// Where each page of the PDF that `layout` describes begins: what the EPUB's page list
/// needs when the EPUB is built without the PDF.
pub fn page_starts(
    edition: &Edition,
    fonts: &FontSet,
    layout: &layout::LayoutOptions,
) -> Result<PageStarts> {
    let laid_out = layout::layout(edition, fonts, layout)
        .context("laying out the edition for the EPUB's page list")?;
    Ok(laid_out.page_starts())
}

/// Loads `edition_path` and writes each format as `<out_dir>/<stem>.<ext>`; the stem is the
/// edition's [`Edition::file_stem`] unless `stem` is given. Every format is rendered before any
/// file is written, so a refused edition or a failing writer leaves nothing behind.
pub fn build_file(
    edition_path: &Path,
    out_dir: &Path,
    stem: Option<&str>,
    fonts: &FontSet,
    options: &BuildOptions,
) -> Result<Vec<Output>> {
    let edition = edition::load(edition_path, &options.load)?;
    let stem = stem
        .map(str::to_string)
        .unwrap_or_else(|| edition.file_stem());
    let rendered = render_formats(&edition, fonts, &options.formats, options)?;
    // As a batch does: the temporaries a killed run left in this folder are removed first,
    // unless another folio is writing into it right now (it holds the folder's lock).
    let (_lock, _stale_removed) = crate::batch::OutputLock::acquire_flat(out_dir)?;
    let mut outputs = Vec::new();
    for (format, bytes) in rendered {
        let path = out_dir.join(format!("{stem}.{}", format.extension()));
        write_atomic(&path, &bytes)?;
        outputs.push(Output {
            format,
            path,
            bytes: bytes.len() as u64,
        });
    }
    Ok(outputs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{LayoutOptions, PageSize};

    /// Sharing one layout changes nothing: each book is the one its writer makes alone, and
    /// the EPUB's page list follows the PDF's page size even when the EPUB is built alone.
    #[test]
    fn one_shared_layout_gives_the_books_each_writer_makes_alone() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/nmg-2022-01-03/edition.yaml");
        let edition = edition::load(&path, &LoadOptions::default()).unwrap();
        let fonts = FontSet::embedded().unwrap();
        let mut options = BuildOptions::default();
        options.pdf.layout = LayoutOptions {
            page: PageSize::A5,
            ..LayoutOptions::default()
        };
        let both =
            render_formats(&edition, &fonts, &[Format::Epub, Format::Pdf], &options).unwrap();
        let starts = page_starts(&edition, &fonts, &options.pdf.layout).unwrap();
        let epub_alone = epub::write(&edition, &fonts, &EpubOptions::default(), &starts).unwrap();
        assert!(both[0].1 == epub_alone);
        assert!(both[0].1 == render(&edition, &fonts, Format::Epub, &options).unwrap());
        assert!(both[1].1 == pdf::render(&edition, &fonts, &options.pdf).unwrap());
        // The default EPUB options' A4 page list is not the A5 PDF's.
        assert!(
            both[0].1
                != epub::write(
                    &edition,
                    &fonts,
                    &EpubOptions::default(),
                    &page_starts(&edition, &fonts, &LayoutOptions::default()).unwrap()
                )
                .unwrap()
        );
    }
}
