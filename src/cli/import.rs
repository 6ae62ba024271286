//! `folio import`: raw text extracted from a printed page, or a METS/ALTO issue (see
//! [`super::import_mets`]), to an edition file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Result};
use clap::Args;

use folio::edition::{self, Date, Language};
use folio::import::{import_pdf, import_text, to_yaml, ImportOptions};
use folio::input::{self, Kind, Limits};
use folio::output::write_atomic;

/// Arguments of `folio import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The page: a page PDF with a text layer, or the raw text (UTF-8) extracted from one; or
    /// a METS/ALTO issue: its folder or its METS file.
    pub input: PathBuf,
    /// Where to write the edition (YAML); written only when the import succeeds.
    #[arg(short, long, value_name = "EDITION.yaml")]
    pub output: PathBuf,
    /// Publication name (the text does not say it), e.g. 内蒙古日报; for a METS issue, over
    /// its MODS title.
    #[arg(long)]
    pub title: Option<String>,
    /// Date of the issue, YYYY-MM-DD [default: a YYYY-MM-DD found in the input's file or
    /// folder name]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Language of the text (BCP 47 tag) [default: detected from the text's characters:
    /// Hangul ko, kana ja, Chinese zh-Hant or zh-Hans by the characters the scripts write
    /// differently; for a METS issue, its MODS language]
    #[arg(long, value_name = "TAG")]
    pub language: Option<String>,
    /// Title of the section the page becomes.
    #[arg(long, default_value = "第1版", value_name = "TITLE")]
    pub section: String,
    /// List every uncertain decision (paragraph breaks guessed, headlines attached by position,
    /// kickers, subheadlines and slogans) for review: to FILE, or to stderr when FILE is `-` or
    /// left out.
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "-")]
    pub report: Option<PathBuf>,
    /// Largest input read (e.g. 64M); larger ones are refused before reading.
    #[arg(long, value_name = "SIZE", env = "FOLIO_MAX_INPUT_SIZE", default_value = "64M",
          value_parser = input::parse_size)]
    pub max_input_size: u64,
}

/// Runs `folio import`.
pub fn run(args: ImportArgs) -> Result<ExitCode> {
    if folio::import::mets::is_mets_input(&args.input) {
        return super::import_mets::run(&args);
    }
    let input = &args.input;
    for (flag, out) in [
        ("-o", Some(&args.output)),
        ("--report", args.report.as_ref()),
    ] {
        if let Some(out) = out.filter(|o| input::same_file(input, o)) {
            bail!(
                "{flag} {} is the input itself: importing would overwrite the page text; \
                 choose another output file",
                out.display()
            );
        }
    }
    let limits = Limits {
        import_bytes: args.max_input_size,
        ..Limits::default()
    };
    let bytes = input::read(input, Kind::Import, &limits)
        .map_err(|e| anyhow!("{}: the input {e}", input.display()))?;
    // A page PDF starts with `%PDF-`; anything else is taken for extracted text.
    let is_pdf = bytes.starts_with(b"%PDF-");
    let raw = if is_pdf {
        String::new()
    } else {
        String::from_utf8(bytes.clone()).map_err(|e| {
            anyhow!(
                "{}: not UTF-8 text (invalid byte at offset {}): expected the page text in UTF-8 or a page PDF",
                input.display(),
                e.utf8_error().valid_up_to()
            )
        })?
    };
    let Some(title) = args.title.as_deref() else {
        bail!("--title is required for a page PDF or page text (it does not name the publication), e.g. --title 内蒙古日报");
    };
    if title.trim().is_empty() {
        bail!("--title: expected the publication's name, found an empty string");
    }
    let date = match &args.date {
        Some(d) => Date::parse(d).map_err(|e| anyhow!("--date: {e}"))?,
        None => date_from_path(input).ok_or_else(|| {
            anyhow!(
                "{}: the text does not give the issue's date and none was found in the file name: pass --date YYYY-MM-DD",
                input.display()
            )
        })?,
    };
    let language = args
        .language
        .as_deref()
        .map(Language::parse)
        .transpose()
        .map_err(|e| anyhow!("--language: {e}"))?;
    let options = ImportOptions {
        title: title.trim().to_string(),
        date,
        language,
        section: args.section.trim().to_string(),
    };
    let imported = if is_pdf {
        import_pdf(&bytes, &options)
    } else {
        import_text(&raw, &options)
    }
    .map_err(|e| anyhow!("{}: {e}", input.display()))?;
    let yaml = to_yaml(&imported.edition);
    // The writer's output must be a valid edition; refuse rather than write one that is not.
    edition::parse_str(&args.output, &yaml)
        .map_err(|e| anyhow!("the recovered edition is not valid: {e}"))?;
    write_atomic(&args.output, yaml.as_bytes())?;

    let articles: usize = imported
        .edition
        .sections
        .iter()
        .map(|s| s.articles.len())
        .sum();
    let mut report = format!(
        "{}: {} article(s) recovered into {}; {} decision(s) to review\n",
        input.display(),
        articles,
        args.output.display(),
        imported.notes.len()
    );
    for note in &imported.notes {
        report.push_str(&format!(
            "{}:{}: {}\n",
            input.display(),
            note.line,
            note.message
        ));
    }
    match &args.report {
        Some(path) if path.as_os_str() == "-" => eprint!("{report}"),
        Some(path) => write_atomic(path, report.as_bytes())?,
        None => eprintln!(
            "folio: imported {articles} article(s) from {} into {} ({} decision(s) to review: see --report)",
            input.display(),
            args.output.display(),
            imported.notes.len()
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// A `YYYY-MM-DD` in the file name or the names of its folders (`nmg-2022-01-03/page.txt`).
pub(crate) fn date_from_path(path: &Path) -> Option<Date> {
    let absolute = std::path::absolute(path).ok()?;
    absolute.iter().rev().find_map(|part| {
        let name = part.to_string_lossy();
        let bytes = name.as_bytes();
        (0..bytes.len().saturating_sub(9)).find_map(|i| {
            let candidate = name.get(i..i + 10)?;
            let shaped = candidate.bytes().enumerate().all(|(k, b)| match k {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
            if shaped {
                Date::parse(candidate).ok()
            } else {
                None
            }
        })
    })
}
