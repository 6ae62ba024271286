//! `folio import ISSUE/` or `folio import METS.xml`: a METS/ALTO issue to an edition file.

use std::process::ExitCode;

use anyhow::{anyhow, Result};

use folio::edition::{Date, Language};
use folio::fonts::FontSet;
use folio::import::mets::{import_issue_with, MetsOptions};
use folio::import::to_yaml;
use folio::output::write_atomic;

use super::import::ImportArgs;

/// Runs `folio import` on a METS issue: the MODS metadata unless `--title`, `--date` or
/// `--language` say otherwise; the edition is checked before it is written, and nothing is
/// written for a refused issue.
pub fn run(args: &ImportArgs) -> Result<ExitCode> {
    let options = MetsOptions {
        title: args
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string),
        date: args
            .date
            .as_deref()
            .map(Date::parse)
            .transpose()
            .map_err(|e| anyhow!("--date: {e}"))?,
        language: args
            .language
            .as_deref()
            .map(Language::parse)
            .transpose()
            .map_err(|e| anyhow!("--language: {e}"))?,
        limits: folio::input::Limits {
            import_bytes: args.max_input_size,
            ..Default::default()
        },
    };
    let fonts = FontSet::from_env()?;
    let imported = import_issue_with(&args.input, &options, &fonts)?;
    let yaml = to_yaml(&imported.edition);
    let articles: usize = imported
        .edition
        .sections
        .iter()
        .map(|s| s.articles.len())
        .sum();
    let (total, kept) = imported.words;
    let mut report = format!(
        "{}: {} section(s), {} article(s) ({} METS article(s)), {kept} of {total} ALTO word(s) into {}; {} note(s) to review\n",
        imported.mets.display(),
        imported.edition.sections.len(),
        articles,
        imported.mets_articles,
        args.output.display(),
        imported.notes.len()
    );
    for line in imported.report_lines() {
        report.push_str(&line);
        report.push('\n');
    }
    // Illustrations cut from page images go beside the edition, as its image paths say.
    let folder = args.output.parent().unwrap_or(std::path::Path::new(""));
    for (name, data) in &imported.images {
        write_atomic(&folder.join("images").join(name), &data.bytes)?;
    }
    write_atomic(&args.output, yaml.as_bytes())?;
    match &args.report {
        Some(path) if path.as_os_str() == "-" => eprint!("{report}"),
        Some(path) => write_atomic(path, report.as_bytes())?,
        None => eprintln!(
            "folio: imported {articles} article(s) from {} into {} ({} note(s) to review: see --report)",
            imported.mets.display(),
            args.output.display(),
            imported.notes.len()
        ),
    }
    Ok(ExitCode::SUCCESS)
}
