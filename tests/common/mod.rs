//! What the integration tests share: running the real `folio` binary, and the validators that
//! judge its output (EPUBCheck, qpdf, poppler, PDFBox Preflight, Ace by DAISY), driven by this
//! project's own checks. A validator that is missing fails the test, naming what to install.

// Each test crate compiles this module and uses only part of it.
#![allow(dead_code, unused_imports)]

pub mod a11y;
pub mod epub_check;
pub mod pdf_check;
pub mod text;
pub mod tools;

pub use a11y::check_a11y;
pub use epub_check::check_epub;
pub use pdf_check::{check_pdf, check_pdfa_1b};
pub use text::unescape;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `folio` binary cargo built for these tests.
pub const FOLIO: &str = env!("CARGO_BIN_EXE_folio");

/// `path` inside the repository (examples, test data).
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Runs `folio build EDITION -o OUT ARGS…` and asserts that it succeeds.
pub fn build(edition: &Path, out: &Path, args: &[&str]) {
    let result = Command::new(FOLIO)
        .arg("build")
        .arg(edition)
        .arg("-o")
        .arg(out)
        .args(args)
        .output()
        .expect("run folio");
    assert!(
        result.status.success(),
        "folio build {} {args:?} failed: {}",
        edition.display(),
        String::from_utf8_lossy(&result.stderr)
    );
}

/// Asserts that a run succeeded, printing its stderr if not.
pub fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Asserts that a run's stderr holds each of `needles`, printing stderr if not.
pub fn assert_says(out: &Output, needles: &[&str]) {
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in needles {
        assert!(err.contains(needle), "expected `{needle}` in {err}");
    }
}

/// Asserts that a run failed and that its stderr holds each of `needles`.
pub fn assert_refused(out: &Output, needles: &[&str]) {
    assert!(
        !out.status.success(),
        "accepted: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_says(out, needles);
}

/// The one file ending in `.ext` in `dir`; fails if there is none or more than one.
pub fn only_output(dir: &Path, ext: &str) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    assert_eq!(found.len(), 1, "one .{ext} in {}: {found:?}", dir.display());
    found.into_iter().next().unwrap()
}
