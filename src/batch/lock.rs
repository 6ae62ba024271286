//! The output folder's lock, and removing the temporary files a killed run left behind.
//!
//! Every batch writing into a folder holds an advisory lock on `OUT/.folio-batch.lock`:
//! shared while it writes outputs, so that shards of one job can write into the same folder
//! side by side; exclusive while it removes stale temporaries or writes a bag's manifests, so
//! that it never deletes another live batch's half-written file, nor lists it in a manifest.
//! The kernel drops the lock when a process dies, even by `kill -9`.
//!
//! The last batch to leave removes the lock file, so that a finished output folder (or bag)
//! holds only outputs. It does so only while it holds the lock exclusively, and every batch
//! checks, once it holds the lock, that the file it locked is still the one at the path (the
//! usual protocol for removable lock files): one that locked a file just removed by a leaving
//! batch opens the path again, so two batches never hold locks on different files. Only after
//! a `kill -9` does the (empty) file stay behind, until the next batch in that folder ends.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::output::{TEMPORARY_PREFIX, TEMPORARY_SUFFIX};

/// Name of the lock file inside the output folder.
pub const LOCK_FILE: &str = ".folio-batch.lock";

/// A held lock on an output folder; released when dropped, and the lock file removed if no
/// other batch holds it.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
    path: PathBuf,
}

/// The lock modes of `flock(2)`.
#[derive(Clone, Copy)]
enum Mode {
    Shared,
    Exclusive,
}

impl OutputLock {
    /// Opens (creating) the lock of `dir` and takes it. If no other batch holds it, the stale
    /// temporaries under `dir` are removed first (their count is returned); otherwise they
    /// are left alone, since they may be another batch's files in the making.
    pub fn acquire(dir: &Path) -> Result<(OutputLock, usize)> {
        Self::acquire_removing(dir, true)
    }

    /// As [`OutputLock::acquire`], but removes stale temporaries in `dir` itself only, not in
    /// its subfolders (for `folio build`, which writes into that one folder).
    pub fn acquire_flat(dir: &Path) -> Result<(OutputLock, usize)> {
        Self::acquire_removing(dir, false)
    }

    fn acquire_removing(dir: &Path, recursive: bool) -> Result<(OutputLock, usize)> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create folder {}", dir.display()))?;
        let path = dir.join(LOCK_FILE);
        loop {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .with_context(|| format!("cannot open lock file {}", path.display()))?;
            let lock = OutputLock {
                file,
                path: path.clone(),
            };
            let alone = lock.flock(Mode::Exclusive, false)?;
            if alone && !lock.is_current() {
                continue;
            }
            let removed = if alone {
                remove_temporaries(dir, recursive)?
            } else {
                0
            };
            lock.flock(Mode::Shared, true)?;
            // Between the two locks a leaving batch may have removed the file.
            if lock.is_current() {
                return Ok((lock, removed));
            }
        }
    }

    /// Whether the file this lock holds is still the one at its path (a leaving batch may
    /// have removed it, and a newer batch created another).
    fn is_current(&self) -> bool {
        same_file(&self.file, &self.path)
    }

    /// Waits until this is the only batch writing into the folder, then holds it exclusively.
    pub fn make_exclusive(&self) -> Result<()> {
        self.flock(Mode::Exclusive, true).map(|_| ())
    }

    /// Takes or converts the lock; with `wait` false, returns whether it was free.
    fn flock(&self, mode: Mode, wait: bool) -> Result<bool> {
        flock(&self.file, mode, wait).context("cannot lock the output folder")
    }
}

impl Drop for OutputLock {
    /// The last batch out removes the lock file: it may only when it can hold the lock
    /// exclusively, that is when no other batch holds it. Best effort: a lock file left
    /// behind is empty and harmless.
    fn drop(&mut self) {
        if matches!(flock(&self.file, Mode::Exclusive, false), Ok(true)) && self.is_current() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Whether the open `file` is the file at `path` (same device and inode).
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(unix)]
fn flock(file: &File, mode: Mode, wait: bool) -> std::io::Result<bool> {
    use std::os::fd::AsRawFd;
    let mut op = match mode {
        Mode::Shared => libc::LOCK_SH,
        Mode::Exclusive => libc::LOCK_EX,
    };
    if !wait {
        op |= libc::LOCK_NB;
    }
    loop {
        // SAFETY: flock only reads the descriptor, which `file` keeps open for the call.
        let rc = unsafe { libc::flock(file.as_raw_fd(), op) };
        if rc == 0 {
            return Ok(true);
        }
        let err = std::io::Error::last_os_error();
        match err.kind() {
            std::io::ErrorKind::Interrupted => continue,
            std::io::ErrorKind::WouldBlock if !wait => return Ok(false),
            _ => return Err(err),
        }
    }
}

#[cfg(not(unix))]
fn flock(_file: &File, _mode: Mode, _wait: bool) -> std::io::Result<bool> {
    // No advisory locks: behave as a lone batch.
    Ok(true)
}

/// Whether `name` is a temporary of [`crate::output::write_atomic`] (`.folio-XXXXXX.tmp`).
pub fn is_temporary(name: &str) -> bool {
    name.starts_with(TEMPORARY_PREFIX) && name.ends_with(TEMPORARY_SUFFIX)
}

/// Removes every temporary file of [`crate::output::write_atomic`] below `dir`; returns how
/// many. Symbolic links to folders are not followed.
pub fn remove_stale_temporaries(dir: &Path) -> Result<usize> {
    remove_temporaries(dir, true)
}

/// Removes the temporaries in `dir`, and below it if `recursive`.
fn remove_temporaries(dir: &Path, recursive: bool) -> Result<usize> {
    let mut removed = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(0);
    };
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list folder {}", dir.display()))?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if recursive {
                removed += remove_temporaries(&entry.path(), true)?;
            }
        } else if is_temporary(&entry.file_name().to_string_lossy()) {
            std::fs::remove_file(entry.path()).with_context(|| {
                format!("cannot remove stale temporary {}", entry.path().display())
            })?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_batch_removes_stale_temporaries_but_a_second_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/b/.folio-x1y2z3.tmp"), b"half").unwrap();
        std::fs::write(dir.path().join("a/b/keep.epub"), b"whole").unwrap();
        let (first, removed) = OutputLock::acquire(dir.path()).unwrap();
        assert_eq!(removed, 1);
        assert!(dir.path().join("a/b/keep.epub").exists());
        std::fs::write(dir.path().join("a/.folio-live.tmp"), b"in the making").unwrap();
        let (second, removed) = OutputLock::acquire(dir.path()).unwrap();
        assert_eq!(removed, 0, "a live batch's temporary must survive");
        assert!(dir.path().join("a/.folio-live.tmp").exists());
        drop(first);
        let lock_file = dir.path().join(LOCK_FILE);
        assert!(lock_file.exists(), "removed while another batch holds it");
        second.make_exclusive().unwrap();
        drop(second);
        assert!(
            !lock_file.exists(),
            "the last batch out removes the lock file"
        );
    }

    #[test]
    fn a_batch_that_locked_a_removed_lock_file_takes_the_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let (lock, _) = OutputLock::acquire(dir.path()).unwrap();
        // As if a leaving batch had removed the file after this one opened it.
        std::fs::remove_file(dir.path().join(LOCK_FILE)).unwrap();
        assert!(!lock.is_current());
        let (next, _) = OutputLock::acquire(dir.path()).unwrap();
        assert!(next.is_current());
        drop(lock);
        assert!(
            dir.path().join(LOCK_FILE).exists(),
            "the live batch's file stays"
        );
        drop(next);
        assert!(!dir.path().join(LOCK_FILE).exists());
    }

    #[test]
    fn temporary_names() {
        assert!(is_temporary(".folio-AbC123.tmp"));
        assert!(!is_temporary(".folio-batch.lock"));
        assert!(!is_temporary("folio-a.tmp"));
    }
}
