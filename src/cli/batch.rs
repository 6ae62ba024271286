//! `folio batch`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Result};
use clap::Args;

use folio::batch::{Bar, Batch, BatchOptions, Lines, NameTemplate, Naming, Progress, Quiet, Shard};

use super::build::{InputArgs, RenderArgs};

/// Arguments of `folio batch`.
#[derive(Args, Debug)]
pub struct BatchArgs {
    /// Edition files, folders (searched for edition.yaml, edition.yml, edition.json), or
    /// @manifest files (one path per line, relative to the manifest).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output folder; outputs mirror the inputs' paths unless --name is given.
    #[arg(short, long, value_name = "DIR", default_value = "out")]
    pub output: PathBuf,
    /// Name outputs by a template instead of mirroring the inputs: {title} {date} {year}
    /// {month} {day} {issue} {stem} {folder} {path}; `/` makes subfolders.
    #[arg(long, value_name = "TEMPLATE")]
    pub name: Option<String>,
    /// Worker threads [default: one per core].
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Skip editions whose outputs exist and are up to date (their stamp matches the content
    /// hash of the edition file and its images).
    #[arg(long)]
    pub skip_existing: bool,
    /// Convert only share K of N of the inputs (e.g. 2/8), for N machines working side by side.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Write the output folder as a BagIt bag (RFC 8493): outputs under data/, SHA-256 manifests.
    #[arg(long)]
    pub bagit: bool,
    /// Write a JSON report: per edition, status, outputs, sizes, time and error.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Print the plan (each input and its output name) and stop.
    #[arg(long)]
    pub dry_run: bool,
    /// No progress display; failures are still printed.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub render: RenderArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

/// Runs `folio batch`: exit status 0 if every edition was built or up to date, 1 otherwise.
pub fn run(args: BatchArgs) -> Result<ExitCode> {
    if args.jobs == Some(0) {
        bail!("-j expects at least 1 thread");
    }
    let naming = match &args.name {
        Some(template) => Naming::Template(template.parse::<NameTemplate>()?),
        None => Naming::Mirror,
    };
    let options = BatchOptions {
        output_dir: args.output.clone(),
        build: args.render.build_options(&args.input),
        jobs: args.jobs.unwrap_or(0),
        naming,
        skip_existing: args.skip_existing,
        shard: args.shard,
        bagit: args.bagit,
        report: args.report.clone(),
    };
    let batch = Batch::new(options)?;
    let plan = batch.plan(&args.inputs)?;
    if args.dry_run {
        for planned in &plan.editions {
            match &planned.name {
                Ok(name) => println!("{}\t{}", planned.input.path.display(), name.display()),
                Err(why) => println!("{}\t(no name: {why})", planned.input.path.display()),
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    // Fonts are parsed once, here, and shared by every worker.
    let fonts = args.render.fonts()?;
    let progress: Box<dyn Progress> = if args.quiet {
        Box::new(Quiet)
    } else if std::io::stderr().is_terminal() {
        Box::new(Bar::default())
    } else {
        Box::new(Lines::new(Duration::from_secs(5)))
    };
    let report = batch.run(&plan, &fonts, progress.as_ref())?;
    Ok(if report.succeeded() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
