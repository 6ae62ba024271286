//! `folio batch`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

/// Arguments of `folio batch`.
#[derive(Args, Debug)]
pub struct BatchArgs {
    /// Edition files, folders, or @manifest files.
    pub inputs: Vec<PathBuf>,
}

/// Runs `folio batch`.
pub fn run(args: BatchArgs) -> Result<ExitCode> {
    let _ = args;
    anyhow::bail!("batch is not written yet")
}
