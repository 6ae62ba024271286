//! Building one edition: load it, render the requested formats, write them atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::edition::{self, Edition, LoadOptions};
use crate::epub::{self, EpubOptions};
use crate::fonts::FontSet;
use crate::layout::{self, MissingCharacter};
use crate::output::AtomicFile;
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
    /// Refuse an edition holding characters no bundled face has, instead of drawing them as
    /// the placeholder with a warning.
    pub strict: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            formats: vec![Format::Epub, Format::Pdf],
            load: LoadOptions::default(),
            epub: EpubOptions::default(),
            pdf: PdfOptions::default(),
            strict: false,
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

/// The books of one edition, and the characters drawn as the placeholder in them.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Each format's bytes, in the order asked for.
    pub files: Vec<(Format, Vec<u8>)>,
    /// Characters no bundled face has, once each, where they first appear.
    pub missing: Vec<MissingCharacter>,
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
    Ok(render_checked(edition, fonts, formats, options)?.files)
}

/// The refusal of `--strict`: every character no bundled face has, where it first appears.
pub fn strict_refusal(missing: &[MissingCharacter]) -> anyhow::Error {
    let list: Vec<String> = missing.iter().map(|m| format!("  {m}")).collect();
    anyhow::anyhow!(
        "{} character(s) have no glyph in any bundled face, and --strict refuses them:\n{}",
        missing.len(),
        list.join("\n")
    )
}

/// [`render_formats`], also returning the characters drawn as the placeholder; with
/// [`BuildOptions::strict`], an edition holding any is refused before a writer runs.
pub fn render_checked(
    edition: &Edition,
    fonts: &FontSet,
    formats: &[Format],
    options: &BuildOptions,
) -> Result<Rendered> {
    let mut files: Vec<(Format, Vec<u8>)> = formats.iter().map(|&f| (f, Vec::new())).collect();
    let mut outputs: Vec<(Format, &mut dyn Write)> = files
        .iter_mut()
        .map(|(f, bytes)| (*f, bytes as &mut dyn Write))
        .collect();
    let missing = render_to(edition, fonts, options, &mut outputs)?;
    Ok(Rendered { files, missing })
}

/// Renders an already loaded edition in each format of `outputs`, in order, writing each
/// into its writer as it is made; returns the characters drawn as the placeholder. With
/// [`BuildOptions::strict`], an edition holding any is refused before a writer runs.
///
/// The layout's numbering pass comes first (page numbers, and where each page starts for the
/// EPUB's page list); the PDF writer then draws each page as the layout finishes it, so the
/// pages are never all held at once (see [`layout::emit`]).
pub fn render_to(
    edition: &Edition,
    fonts: &FontSet,
    options: &BuildOptions,
    outputs: &mut [(Format, &mut dyn Write)],
) -> Result<Vec<MissingCharacter>> {
    if outputs.is_empty() {
        return Ok(Vec::new());
    }
    // The EPUB's page list is always on, so every build numbers the pages; the EPUB is
    // handed only where each page starts, never the pages.
    let mut numbered =
        layout::number(edition, fonts, &options.pdf.layout).context("page layout")?;
    if options.strict && !numbered.missing.is_empty() {
        return Err(strict_refusal(&numbered.missing));
    }
    for (format, out) in outputs.iter_mut() {
        match format {
            Format::Epub => epub::write(edition, fonts, &options.epub, &numbered.page_starts())
                .and_then(|bytes| Ok(out.write_all(&bytes)?)),
            Format::Pdf => pdf::write_numbered(edition, fonts, &options.pdf, &mut numbered, *out),
        }
        .with_context(|| format!("{} export", format.extension().to_uppercase()))?;
    }
    Ok(numbered.missing)
}

/// What a build wrote, and the characters it drew as the placeholder (to warn about).
#[derive(Debug, Clone)]
pub struct Built {
    /// The files written.
    pub outputs: Vec<Output>,
    /// Characters no bundled face has, once each, where they first appear.
    pub missing: Vec<MissingCharacter>,
}

/// Where each page of the PDF that `layout` describes begins: what the EPUB's page list
/// needs when the EPUB is built without the PDF.
pub fn page_starts(
    edition: &Edition,
    fonts: &FontSet,
    layout: &layout::LayoutOptions,
) -> Result<PageStarts> {
    let numbered = layout::number(edition, fonts, layout)
        .context("laying out the edition for the EPUB's page list")?;
    Ok(numbered.page_starts())
}

/// Loads `edition_path` and writes each format as `<out_dir>/<stem>.<ext>`; the stem is the
/// edition's [`Edition::file_stem`] unless `stem` is given. No file appears until every format
/// is complete, so a refused edition or a failing writer leaves nothing behind.
pub fn build_file(
    edition_path: &Path,
    out_dir: &Path,
    stem: Option<&str>,
    fonts: &FontSet,
    options: &BuildOptions,
) -> Result<Built> {
    let edition = edition::load(edition_path, &options.load)?;
    let stem = stem
        .map(str::to_string)
        .unwrap_or_else(|| edition.file_stem());
    // As a batch does: the temporaries a killed run left in this folder are removed first,
    // unless another folio is writing into it right now (it holds the folder's lock).
    let (_lock, _stale_removed) = crate::batch::OutputLock::acquire_flat(out_dir)?;
    // Each format is written into its temporary as it is made, and only once every format
    // is complete are they renamed into place: a refused edition or a failing writer drops
    // the temporaries, leaving nothing behind.
    let mut files = options
        .formats
        .iter()
        .map(|&format| {
            let path = out_dir.join(format!("{stem}.{}", format.extension()));
            Ok((format, AtomicFile::create(&path)?))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut writers: Vec<(Format, &mut dyn Write)> = files
        .iter_mut()
        .map(|(format, file)| (*format, file as &mut dyn Write))
        .collect();
    let missing = render_to(&edition, fonts, options, &mut writers)?;
    drop(edition);
    let mut outputs = Vec::new();
    for (format, file) in files {
        let path = file.path().to_path_buf();
        let bytes = file.commit()?;
        outputs.push(Output {
            format,
            path,
            bytes,
        });
    }
    Ok(Built { outputs, missing })
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

    /// An edition its own faces cover pays nothing for the fallback faces: every run is in a
    /// primary face, no placeholder, and the EPUB embeds only the two subsets it always had.
    #[test]
    fn the_sample_never_touches_a_fallback_face() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/nmg-2022-01-03/edition.yaml");
        let edition = edition::load(&path, &LoadOptions::default()).unwrap();
        let fonts = FontSet::embedded().unwrap();
        let options = BuildOptions::default();
        let laid_out = layout::layout(&edition, &fonts, &options.pdf.layout).unwrap();
        let primaries = ["NotoSerifCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"];
        for page in &laid_out.pages {
            for item in &page.items {
                if let layout::Item::Text(text) = item {
                    assert!(primaries.contains(&text.run.face.file()), "{:?}", text.run);
                    assert!(!text.run.placeholder);
                }
            }
        }
        assert!(layout::missing_characters(&laid_out).is_empty());
        let rendered = render_checked(&edition, &fonts, &[Format::Epub], &options).unwrap();
        let epub = &rendered.files[0].1;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
        let fonts_in_book: Vec<String> = (0..zip.len())
            .map(|i| zip.by_index(i).unwrap().name().to_string())
            .filter(|n| n.contains("fonts/"))
            .collect();
        assert_eq!(fonts_in_book.len(), 2, "{fonts_in_book:?}");
    }
}
