//! Writing output files atomically: a temporary file in the destination folder, renamed into
//! place once complete, so that a crash or a refused edition never leaves a partial file.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// How the temporaries of [`write_atomic`] begin: a dot hides them, and a killed run's
/// leftovers can be told from real files (see `batch::is_temporary`).
pub const TEMPORARY_PREFIX: &str = ".folio-";
/// How the temporaries of [`write_atomic`] end.
pub const TEMPORARY_SUFFIX: &str = ".tmp";

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create folder {}", dir.display()))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY_PREFIX).suffix(TEMPORARY_SUFFIX);
    // Temporary files are private (0600) by default; a finished output is an ordinary file,
    // readable as the umask allows (0644 usually), like any file a program writes.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path).with_context(|| {
        format!(
            "cannot move the finished file into place at {}",
            path.display()
        )
    })?;
    Ok(())
}

/// A file-name-safe version of one name component: path separators, control and reserved
/// characters and whitespace become `_`, a run of them a single `_` (used for every output
/// name folio derives from edition text).
pub fn safe_file_name(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || "/\\:*?\"<>|".contains(c) || c.is_whitespace() {
            if !out.ends_with('_') {
                out.push('_');
            }
        } else {
            out.push(c);
        }
    }
    let trimmed = out.trim_matches('_');
    if trimmed.chars().all(|c| c == '.') {
        trimmed.replace('.', "_")
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/book.epub");
        write_atomic(&target, b"hello").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"hello");
        let names: Vec<_> = std::fs::read_dir(target.parent().unwrap())
            .unwrap()
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn unsafe_characters_become_one_underscore_per_run() {
        assert_eq!(
            safe_file_name("城市画报 <Weekly> & \"Co\""),
            "城市画报_Weekly_&_Co"
        );
        assert_eq!(safe_file_name("a/b\\c"), "a_b_c");
        assert_eq!(safe_file_name(".."), "__");
        assert_eq!(safe_file_name("内蒙古日报"), "内蒙古日报");
    }

    #[cfg(unix)]
    #[test]
    fn finished_files_get_the_permissions_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("book.pdf");
        write_atomic(&target, b"%PDF").unwrap();
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode(&target),
            mode(&plain),
            "outputs must not stay private temporaries"
        );
    }
}
