//! What the integration tests share: running the real `folio` binary and the shared validators
//! (`shared/tools`), failing with the program's own messages.

// Each test crate compiles this module and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

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

/// Runs the shared validator `tool` (e.g. `check-epub`) with `args`, prints its summary (its
/// last line), asserts that it passes and returns its whole report.
pub fn validate(tool: &str, args: &[&Path]) -> String {
    let path = repo("../shared/tools").join(tool);
    let result = Command::new(&path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", path.display()));
    let report = String::from_utf8_lossy(&result.stdout).into_owned();
    println!("{tool}: {}", report.lines().last().unwrap_or(""));
    assert!(
        result.status.success(),
        "{tool} fails on {args:?}:\n{report}\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    report
}

/// Undoes XML escaping (the five predefined entities; folio writes no others).
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
