//! `folio build` and `folio check`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};

use folio::build::{build_file, render_to, BuildOptions, Format};
use folio::edition::{self, LoadOptions};
use folio::fonts::{FontSet, FontSource};
use folio::input::{self, Limits};
use folio::layout::{LayoutOptions, MissingCharacter, PageSize, Placer};
use folio::pdf::{PdfOptions, PdfStandard};
use folio::plural::count;

/// Options shared by every command that reads editions.
#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Accept image paths that resolve outside the edition's folder.
    #[arg(long)]
    pub allow_outside_paths: bool,
    /// Largest edition file read (e.g. 128M, 1G); larger ones are refused before reading.
    #[arg(long, value_name = "SIZE", env = "FOLIO_MAX_EDITION_SIZE", default_value = "128M",
          value_parser = input::parse_size)]
    pub max_edition_size: u64,
    /// Largest image file read (e.g. 64M); larger ones are refused before reading.
    #[arg(long, value_name = "SIZE", env = "FOLIO_MAX_IMAGE_SIZE", default_value = "64M",
          value_parser = input::parse_size)]
    pub max_image_size: u64,
}

impl InputArgs {
    /// Loading options from the flags.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            allow_outside_paths: self.allow_outside_paths,
            limits: Limits {
                edition_bytes: self.max_edition_size,
                image_bytes: self.max_image_size,
                ..Limits::default()
            },
        }
    }
}

/// Output formats on the command line.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatArg {
    /// EPUB 3 for e-readers.
    Epub,
    /// Paginated, archival PDF.
    Pdf,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Epub => Format::Epub,
            FormatArg::Pdf => Format::Pdf,
        }
    }
}

/// Page placers on the command line.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayoutArg {
    /// A book of articles, one after another.
    Book,
    /// Newspaper pages: article blocks on the column grid.
    Newspaper,
}

/// Options for rendering (shared by `build` and `batch`).
#[derive(Args, Debug, Clone)]
pub struct RenderArgs {
    /// Formats to write, comma-separated (e.g. `--format epub`). The EPUB's page list always
    /// follows the pages of the PDF that --page and --columns describe, written or not.
    #[arg(long, value_delimiter = ',', default_values = ["epub", "pdf"])]
    pub format: Vec<FormatArg>,
    /// How the PDF places articles: `book` (each headline across the page, articles one after
    /// another) or `newspaper` (articles in blocks side by side on the column grid, each
    /// section one page or more; for broadsheet, berliner or tabloid pages).
    #[arg(long, value_enum, default_value = "book")]
    pub layout: LayoutArg,
    /// PDF paper size: a4, a5, b5, letter, broadsheet (390×540 mm), berliner (315×470 mm),
    /// tabloid (280×430 mm) or WIDTHxHEIGHTmm (e.g. 182x257mm).
    #[arg(long, value_name = "SIZE", default_value = "a4")]
    pub page: PageSize,
    /// PDF text columns per page: 1 to 6 in the book layout, 2 to 8 on newspaper pages
    /// [default: 2, or 1 on pages narrower than 150 mm such as A5; 6 on a broadsheet, 5 on a
    /// berliner or tabloid page]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=8))]
    pub columns: Option<u32>,
    /// PDF standard: a-1b, a-1a, a-2b, a-2u, a-2a, a-3b, a-3u, a-3a, ua1, a PDF/A level plus
    /// PDF/UA-1 (e.g. a-2a+ua1), or none.
    #[arg(long, value_name = "STANDARD", default_value = "a-2b")]
    pub pdf_standard: PdfStandard,
    /// Leave out the thin rule between PDF columns.
    #[arg(long)]
    pub no_column_rule: bool,
    /// Refuse an edition holding characters no bundled face has (private-use, unassigned or
    /// very new code points, emoji), listing them, instead of drawing each as `〓` with a
    /// warning (the original character is kept as text in both books).
    #[arg(long)]
    pub strict: bool,
    /// Use the bundled font files in DIR (the files of `fonts/`: NotoSerifCJK-Regular.ttc,
    /// NotoSansCJK-Bold.ttc and the fallback faces) instead of the ones compiled into folio
    /// [default: $FOLIO_FONT_DIR if set, else the compiled-in fonts; `folio --version` says
    /// which]
    #[arg(long, value_name = "DIR")]
    pub font_dir: Option<PathBuf>,
}

impl RenderArgs {
    /// The fonts: from `--font-dir`, else `$FOLIO_FONT_DIR`, else the compiled-in ones.
    pub fn fonts(&self) -> Result<FontSet> {
        FontSet::open(&FontSource::choose(self.font_dir.as_deref()))
    }

    /// Build options from the flags. Formats are sorted and deduplicated, so `pdf,epub,pdf`
    /// writes each book once, EPUB first.
    pub fn build_options(&self, input: &InputArgs) -> BuildOptions {
        let mut formats: Vec<Format> = self.format.iter().map(|&f| f.into()).collect();
        formats.sort();
        formats.dedup();
        BuildOptions {
            formats,
            load: input.load_options(),
            pdf: PdfOptions {
                layout: LayoutOptions {
                    placer: match self.layout {
                        LayoutArg::Book => Placer::Book,
                        LayoutArg::Newspaper => Placer::Newspaper,
                    },
                    page: self.page,
                    columns: self.columns,
                    column_rule: !self.no_column_rule,
                },
                standard: self.pdf_standard,
            },
            strict: self.strict,
            ..BuildOptions::default()
        }
    }
}

/// Arguments of `folio build`.
#[derive(Args, Debug)]
pub struct BuildArgs {
    /// The edition file (YAML or JSON).
    pub edition: PathBuf,
    /// Output folder; files are named `<title>-<date>.epub` and `.pdf`.
    #[arg(short, long, value_name = "DIR", default_value = "out")]
    pub output: PathBuf,
    #[command(flatten)]
    pub render: RenderArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

/// Arguments of `folio check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The edition file (YAML or JSON).
    pub edition: PathBuf,
    /// The build's options: the edition is rendered as `folio build` would with them (so
    /// that pages are numbered the same), and nothing is written.
    #[command(flatten)]
    pub render: RenderArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

/// Runs `folio build`.
pub fn run_build(args: BuildArgs) -> Result<ExitCode> {
    let fonts = args.render.fonts()?;
    let options = args.render.build_options(&args.input);
    let built = build_file(&args.edition, &args.output, None, &fonts, &options)?;
    warn_missing(&args.edition, &built.missing);
    for o in built.outputs {
        println!("{} ({} bytes)", o.path.display(), o.bytes);
    }
    Ok(ExitCode::SUCCESS)
}

/// One warning per character drawn as the placeholder, on standard error.
fn warn_missing(edition: &std::path::Path, missing: &[MissingCharacter]) {
    for m in missing {
        eprintln!(
            "warning: {}: {m}: no bundled face has it; drawn as 〓, kept as text",
            edition.display()
        );
    }
}

/// Runs `folio check`: loads the edition and renders every format as `build` would (each byte
/// made and dropped), so that whatever `build` refuses `check` refuses too (with `--strict`,
/// characters no bundled face has) and warns about the same characters; nothing is written.
pub fn run_check(args: CheckArgs) -> Result<ExitCode> {
    let options = args.render.build_options(&args.input);
    let e = edition::load(&args.edition, &options.load)?;
    let fonts = args.render.fonts()?;
    // Each format is made in full and thrown away as it is made: nothing is held or written.
    let mut sinks: Vec<_> = options
        .formats
        .iter()
        .map(|&format| (format, std::io::sink()))
        .collect();
    let mut writers: Vec<(Format, &mut dyn std::io::Write)> = sinks
        .iter_mut()
        .map(|(format, sink)| (*format, sink as &mut dyn std::io::Write))
        .collect();
    let missing = render_to(&e, &fonts, &options, &mut writers)
        .map_err(|err| anyhow::anyhow!("{}: {err:#}", args.edition.display()))?;
    warn_missing(&args.edition, &missing);
    let articles = e.articles().count();
    println!(
        "{}: ok ({} {}, {}, {})",
        args.edition.display(),
        e.title,
        e.date,
        count(e.sections.len(), "section", "sections"),
        count(articles, "article", "articles")
    );
    Ok(ExitCode::SUCCESS)
}
