//! The `folio` command line: a thin layer of clap commands over the library.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use folio::fonts::FontSource;

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
    /// Validate an edition file and list the characters no bundled face has (laid out as
    /// `build` would), without writing anything.
    Check(cli::build::CheckArgs),
    /// Recover an edition from raw text extracted from a printed page.
    Import(cli::import::ImportArgs),
    /// Convert many editions at once: parallel, resumable, one failure never stops the rest.
    Batch(cli::batch::BatchArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout.
    Completions(cli::docs::CompletionsArgs),
    /// Write man pages (folio.1 and one per subcommand) into a folder.
    Man(cli::docs::ManArgs),
}

/// `folio --version`: the version, and which fonts a build would use and where they are.
fn version() -> String {
    format!(
        "{}\nfonts: {}\n(--font-dir DIR or FOLIO_FONT_DIR=DIR: the files of the same names in DIR)",
        env!("CARGO_PKG_VERSION"),
        FontSource::choose(None).describe()
    )
}

fn main() -> ExitCode {
    folio::memory::tune_allocator();
    let matches = Cli::command().version(version()).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
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
        Command::Completions(args) => cli::docs::run_completions(args, Cli::command()),
        Command::Man(args) => cli::docs::run_man(args, Cli::command()),
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
