//! The `folio` command line: a thin layer of clap commands over the library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

/// Turn structured newspaper editions into EPUB 3 for e-readers and archival PDF, with CJK
/// typesetting (embedded Noto CJK fonts, line breaking and punctuation rules, a real TOC).
#[derive(Parser)]
#[command(name = "folio", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert one edition file (YAML or JSON) into EPUB and PDF.
    Build(cli::build::BuildArgs),
    /// Validate an edition file without writing anything.
    Check(cli::build::CheckArgs),
    /// Recover an edition from raw text extracted from a printed page.
    Import(cli::import::ImportArgs),
    /// Convert many editions at once: parallel, resumable, one failure never stops the rest.
    Batch(cli::batch::BatchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // SIGINT and SIGTERM remove this run's temporary files (and let a batch write its report).
    if let Err(e) = folio::interrupt::install() {
        eprintln!("folio: error: cannot set up the signal handler: {e}");
        return ExitCode::FAILURE;
    }
    let result = match cli.command {
        Command::Build(args) => cli::build::run_build(args),
        Command::Check(args) => cli::build::run_check(args),
        Command::Import(args) => cli::import::run(args),
        Command::Batch(args) => cli::batch::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // Messages echo input (paths, values): never print its control characters raw.
            eprintln!("folio: error: {}", folio::echo::clean(&format!("{err:#}")));
            ExitCode::FAILURE
        }
    }
}
