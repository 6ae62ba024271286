//! The batch report (`--report FILE`): per edition, its status, outputs, sizes, time and error.

use std::path::PathBuf;

use serde::Serialize;

use crate::plural::count;

/// What happened to one edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Its outputs were written.
    Built,
    /// Skipped by `--skip-existing`: its stamp matched and its outputs were whole.
    UpToDate,
    /// Refused or failed; nothing of it was written.
    Failed,
}

/// One written (or already current) output file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputReport {
    /// `epub` or `pdf`.
    pub format: String,
    /// Where it is.
    pub path: PathBuf,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of its contents, lowercase hex.
    pub sha256: String,
}

/// The outcome of one edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditionReport {
    /// The edition file.
    pub input: PathBuf,
    /// Its output name (relative to the output folder, without extension), when it has one.
    pub name: Option<PathBuf>,
    /// Built, up to date, or failed.
    pub status: Status,
    /// Its output files (empty when it failed).
    pub outputs: Vec<OutputReport>,
    /// Wall-clock seconds spent on it.
    pub seconds: f64,
    /// Why it failed.
    pub error: Option<String>,
}

/// The outcome of a whole batch (one shard of it, with `--shard`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchReport {
    /// The folio version.
    pub folio: String,
    /// `K/N` when this run was one shard.
    pub shard: Option<String>,
    /// Editions found in all the inputs (before sharding).
    pub inputs: usize,
    /// Editions this run was responsible for.
    pub editions: usize,
    /// How many were built.
    pub built: usize,
    /// How many were already up to date.
    pub up_to_date: usize,
    /// How many failed.
    pub failed: usize,
    /// Stale temporary files of a killed run that were removed.
    pub stale_temporaries_removed: usize,
    /// Threads used.
    pub jobs: usize,
    /// Wall-clock seconds for the whole run.
    pub seconds: f64,
    /// The signal (`SIGINT`, `SIGTERM`) that stopped the run before every edition was done;
    /// `results` then holds only the editions finished by then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<String>,
    /// One entry per edition, in input order.
    pub results: Vec<EditionReport>,
}

impl BatchReport {
    /// The report as pretty JSON with a final newline.
    pub fn to_json(&self) -> Vec<u8> {
        super::pretty_json(self)
    }

    /// Whether every edition was built or up to date.
    pub fn succeeded(&self) -> bool {
        self.failed == 0
    }

    /// A one-line summary, e.g. `365 editions: 360 built, 3 up to date, 2 failed in 12.0 s (30.4/s)`.
    pub fn summary(&self) -> String {
        let rate = if self.seconds > 0.0 {
            self.editions as f64 / self.seconds
        } else {
            0.0
        };
        format!(
            "{}{}: {} built, {} up to date, {} failed in {:.1} s ({:.1} editions/s, {})",
            count(self.editions, "edition", "editions"),
            self.shard
                .as_ref()
                .map(|s| format!(" (shard {s} of {})", count(self.inputs, "input", "inputs")))
                .unwrap_or_default(),
            self.built,
            self.up_to_date,
            self.failed,
            self.seconds,
            rate,
            count(self.jobs, "thread", "threads")
        )
    }
}
