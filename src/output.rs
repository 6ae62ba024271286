//! Writing output files atomically: a temporary file in the destination folder, renamed into
//! place once complete, so that a crash or a refused edition never leaves a partial file.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tempfile::NamedTempFile;

/// How the temporaries of [`write_atomic`] begin: a dot hides them, and a killed run's
/// leftovers can be told from real files (see `batch::is_temporary`).
pub const TEMPORARY_PREFIX: &str = ".folio-";
/// How the temporaries of [`write_atomic`] end.
pub const TEMPORARY_SUFFIX: &str = ".tmp";

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.commit().map(|_| ())
}

/// A file being written as it is made: a temporary in the destination's folder, renamed into
/// place by [`AtomicFile::commit`] once complete, removed if dropped before that (an error,
/// a refused edition), so a partial file is never seen under the real name.
pub struct AtomicFile {
    path: PathBuf,
    tmp_path: PathBuf,
    /// `None` once committed.
    out: Option<BufWriter<NamedTempFile>>,
    written: u64,
}

impl AtomicFile {
    /// A temporary for `path`, in the same folder (created if need be).
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create folder {}", dir.display()))?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(TEMPORARY_PREFIX).suffix(TEMPORARY_SUFFIX);
        // Temporary files are private (0600) by default; a finished output is an ordinary
        // file, readable as the umask allows (0644 usually), like any file a program writes.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        // Registered while it exists, so that SIGINT or SIGTERM removes it (see `interrupt`).
        let tmp = crate::interrupt::create_temporary(|| {
            let tmp = builder.tempfile_in(dir)?;
            Ok((tmp.path().to_path_buf(), tmp))
        })
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp_path: tmp.path().to_path_buf(),
            out: Some(BufWriter::with_capacity(1 << 16, tmp)),
            written: 0,
        })
    }

    /// Where the file goes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes and syncs the temporary and renames it into place; returns the file's size.
    pub fn commit(mut self) -> Result<u64> {
        let path = &self.path;
        let out = self.out.take().expect("an uncommitted file has its writer");
        let result = out
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|tmp| tmp.as_file().sync_all().map(|_| tmp))
            .with_context(|| format!("cannot write {}", path.display()))
            .and_then(|tmp| {
                test_delay();
                tmp.persist(path).with_context(|| {
                    format!(
                        "cannot move the finished file into place at {}",
                        path.display()
                    )
                })
            });
        crate::interrupt::forget_temporary(&self.tmp_path);
        result.map(|_| self.written)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let out = self
            .out
            .as_mut()
            .expect("an uncommitted file has its writer");
        let n = out.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.out {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(out) = self.out.take() {
            // Not committed: the temporary is removed (without writing out what the buffer
            // still holds), then forgotten by the registry.
            let (tmp, _unwritten) = out.into_parts();
            drop(tmp);
            crate::interrupt::forget_temporary(&self.tmp_path);
        }
    }
}

/// Debug builds only: waits `FOLIO_TEST_WRITE_DELAY_MS` milliseconds between writing a
/// temporary and renaming it, so that the tests can send a signal while one exists.
fn test_delay() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("FOLIO_TEST_WRITE_DELAY_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
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
    let safe = if trimmed.chars().all(|c| c == '.') {
        trimmed.replace('.', "_")
    } else {
        trimmed.to_string()
    };
    shorten_name(&safe)
}

/// The longest name component [`safe_file_name`] returns, in bytes. File systems allow 255;
/// the rest is left for what is appended (`-2022-01-03`, `.epub`, a stamp's extension).
pub const MAX_NAME_BYTES: usize = 180;

/// A name over [`MAX_NAME_BYTES`] cut at a character boundary and given a short hash of the
/// whole name (`~` and 10 hex digits of its SHA-256), so that two long titles that begin
/// alike still get different names, and the same title always the same one.
fn shorten_name(name: &str) -> String {
    if name.len() <= MAX_NAME_BYTES {
        return name.to_string();
    }
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(name.as_bytes());
    let tag: String = hash[..5].iter().map(|b| format!("{b:02x}")).collect();
    let mut cut = MAX_NAME_BYTES - tag.len() - 1;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}~{tag}", name[..cut].trim_end_matches(['_', '.']))
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

    #[test]
    fn over_long_names_are_shortened_deterministically() {
        let long = "很长的报纸名称".repeat(30);
        let a = safe_file_name(&long);
        assert!(a.len() <= MAX_NAME_BYTES, "{} bytes", a.len());
        assert_eq!(a, safe_file_name(&long));
        assert!(a.starts_with("很长的报纸名称"));
        let b = safe_file_name(&format!("{long}二"));
        assert_ne!(a, b, "titles differing at the end get different names");
        let dir = tempfile::tempdir().unwrap();
        write_atomic(&dir.path().join(format!("{a}-2022-01-03.epub")), b"x").unwrap();
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
