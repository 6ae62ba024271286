//! `folio completions SHELL` and `folio man -o DIR`: shell completions and man pages generated
//! from the clap definitions themselves, so they never drift from the real options.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use clap_complete::Shell;

use folio::output::write_atomic;

/// Arguments of `folio completions`.
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell. Bash: save the output as
    /// ~/.local/share/bash-completion/completions/folio; zsh: as _folio in a folder of $fpath;
    /// fish: as ~/.config/fish/completions/folio.fish.
    pub shell: Shell,
}

/// Arguments of `folio man`.
#[derive(Args, Debug)]
pub struct ManArgs {
    /// Folder to write the pages into (folio.1 and folio-SUBCOMMAND.1), created if missing;
    /// e.g. ~/.local/share/man/man1.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
}

/// Prints the completion script for `args.shell` to stdout.
pub fn run_completions(args: CompletionsArgs, cli: clap::Command) -> Result<ExitCode> {
    let mut cli = plain_version(cli);
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cli, "folio", &mut script);
    std::io::stdout()
        .write_all(&script)
        .context("cannot write the completions to stdout")?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a man page for `folio` and one for each subcommand into `args.output`, each
/// atomically, and names them on stderr.
pub fn run_man(args: ManArgs, cli: clap::Command) -> Result<ExitCode> {
    for (name, page) in man_pages(plain_version(cli))? {
        let path = args.output.join(&name);
        write_atomic(&path, &page)?;
        eprintln!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The command with its bare version number: `--version`'s font lines describe the machine
/// the program runs on, not the program, and do not belong in a generated file.
fn plain_version(cli: clap::Command) -> clap::Command {
    cli.version(env!("CARGO_PKG_VERSION"))
}

/// Every man page (file name, roff text): the command's own, then its subcommands' (without
/// the generated `help`), depth first, as `clap_mangen::generate_to` names them.
fn man_pages(cli: clap::Command) -> Result<Vec<(String, Vec<u8>)>> {
    fn collect(cmd: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
        let man = clap_mangen::Man::new(cmd.clone());
        let mut page = Vec::new();
        man.render(&mut page).context("cannot render a man page")?;
        pages.push((man.get_filename(), page));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            collect(sub, pages)?;
        }
        Ok(())
    }
    let mut cli = cli.disable_help_subcommand(true);
    cli.build();
    let mut pages = Vec::new();
    collect(&cli, &mut pages)?;
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli() -> clap::Command {
        clap::Command::new("folio")
            .subcommand(clap::Command::new("build").about("Build one edition"))
            .subcommand(clap::Command::new("check").about("Check one edition"))
    }

    #[test]
    fn one_man_page_per_command_named_as_man_expects() {
        let pages = man_pages(cli()).unwrap();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["folio.1", "folio-build.1", "folio-check.1"]);
        let build = String::from_utf8(pages[1].1.clone()).unwrap();
        assert!(build.starts_with(".ie \\n(.g .ds Aq"), "{build}");
        assert!(build.contains(".TH folio-build 1"), "{build}");
        assert!(build.contains("Build one edition"));
    }

    #[test]
    fn pages_carry_the_bare_version() {
        let cli = plain_version(cli().version("1\nfonts: here"));
        let page = String::from_utf8(man_pages(cli).unwrap().remove(0).1).unwrap();
        assert!(!page.contains("fonts: here"), "{page}");
    }
}
