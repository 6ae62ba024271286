//! `folio import`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

/// Arguments of `folio import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The raw page text (UTF-8).
    pub input: PathBuf,
}

/// Runs `folio import`.
pub fn run(args: ImportArgs) -> Result<ExitCode> {
    let _ = args;
    anyhow::bail!("import is not written yet")
}
