//! Finding the editions a batch converts: edition files, folders searched for
//! `edition.yaml`/`.yml`/`.json` or METS files (one digitised issue each), and `@manifest`
//! lists of paths.
//!
//! Each edition also gets its place in the mirrored output structure ([`Input::relative`]):
//! the path as it was written, from the current folder (or from the manifest's folder), when
//! that is a plain relative path; for a folder given as an absolute or `..` path, the folder's
//! own name and the path inside it; for loose files given that way, the path below the deepest
//! folder they all share. The rule only looks at paths, so every shard of a cluster job
//! computes the same places without reading any edition.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};

/// The file names a folder is searched for.
pub const EDITION_FILE_NAMES: [&str; 3] = ["edition.yaml", "edition.yml", "edition.json"];

/// One edition file to convert.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// Its place in the mirrored output structure, extension included, e.g.
    /// `archive/2022/01/03/edition.yaml`; never absolute, never with `..`.
    pub relative: PathBuf,
    /// The file to open.
    pub path: PathBuf,
}

/// How an edition was named on the command line, before its relative place is settled.
enum Origin {
    /// A plain relative path as written: it is the place.
    Clean(PathBuf),
    /// Found in a folder given as an absolute or `..` path: the folder's name, then the path inside.
    InFolder(OsString, PathBuf),
    /// A file given as an absolute or `..` path: placed below the folder all such files share.
    Loose(PathBuf),
}

/// Expands command-line inputs (files, folders, `@manifest` files) into the sorted list of
/// distinct edition files. A missing command-line path or manifest is an error; a manifest
/// entry that does not exist is kept, so that its edition fails alone with a clear message.
pub fn discover(args: &[PathBuf]) -> Result<Vec<Input>> {
    let mut found: Vec<(PathBuf, Origin)> = Vec::new();
    for arg in args {
        let text = arg.to_string_lossy();
        if let Some(manifest) = text.strip_prefix('@') {
            read_manifest(Path::new(manifest), &mut found)?;
        } else if arg.is_dir() {
            add_folder(arg, arg, &mut found)?;
        } else if arg.exists() {
            found.push((arg.clone(), file_origin(arg, arg)));
        } else {
            bail!("input {} does not exist", arg.display());
        }
    }
    let inputs = settle(found);
    if inputs.is_empty() {
        bail!(
            "no edition files in the inputs (folders are searched for {} and METS files)",
            EDITION_FILE_NAMES.join(", ")
        );
    }
    Ok(inputs)
}

/// Reads a manifest: one path per line, relative to the manifest's folder; blank lines and
/// lines starting with `#` are skipped. An entry may be a file or a folder.
fn read_manifest(manifest: &Path, found: &mut Vec<(PathBuf, Origin)>) -> Result<()> {
    // A manifest is read like an edition file: a regular file within the edition size cap.
    let bytes = crate::input::read(manifest, crate::input::Kind::Edition, &Default::default())
        .with_context(|| format!("cannot read manifest {}", manifest.display()))?;
    let text = String::from_utf8(bytes)
        .with_context(|| format!("manifest {} is not UTF-8 text", manifest.display()))?;
    let base = manifest.parent().unwrap_or(Path::new(""));
    for line in text.lines() {
        let entry = line.trim();
        if entry.is_empty() || entry.starts_with('#') {
            continue;
        }
        let written = PathBuf::from(entry);
        let path = base.join(&written);
        if path.is_dir() {
            add_folder(&path, &written, found)?;
        } else {
            found.push((path.clone(), file_origin(&path, &written)));
        }
    }
    Ok(())
}

/// Adds every edition file below `folder` (opened as `folder`, written as `written`).
fn add_folder(folder: &Path, written: &Path, found: &mut Vec<(PathBuf, Origin)>) -> Result<()> {
    let mut inside = Vec::new();
    walk(folder, Path::new(""), &mut inside)?;
    // The folder's own name, resolved once and only if some path needs it.
    let mut name = None;
    for rel in inside {
        let origin = match clean_relative(&written.join(&rel)) {
            Some(clean) => Origin::Clean(clean),
            None => {
                let name = name.get_or_insert_with(|| {
                    std::fs::canonicalize(folder)
                        .ok()
                        .and_then(|p| p.file_name().map(OsString::from))
                        .unwrap_or_else(|| OsString::from("input"))
                });
                Origin::InFolder(name.clone(), rel.clone())
            }
        };
        found.push((folder.join(&rel), origin));
    }
    Ok(())
}

/// Collects edition files below `dir`, as paths relative to the walk's root, in name order.
/// Hidden entries are skipped, and symbolic links to folders are not followed (no cycles).
fn walk(dir: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list folder {}", dir.display()))?;
    let mut entries: Vec<_> = entries
        .collect::<std::io::Result<_>>()
        .with_context(|| format!("cannot list folder {}", dir.display()))?;
    entries.sort_by_key(|e| e.file_name());
    // A folder with an edition file is that edition; a METS file beside it is its source.
    let has_edition = entries
        .iter()
        .any(|e| EDITION_FILE_NAMES.iter().any(|n| e.file_name() == *n));
    for entry in entries {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry
            .file_type()
            .with_context(|| format!("cannot read {}", entry.path().display()))?;
        if kind.is_dir() {
            walk(&entry.path(), &rel.join(&name), out)?;
        } else if EDITION_FILE_NAMES.iter().any(|n| name == *n) && entry.path().is_file() {
            out.push(rel.join(&name));
        } else if !has_edition && crate::import::mets::is_mets_file(&entry.path()) {
            // A digitisation delivery: one METS file per issue folder.
            out.push(rel.join(&name));
        }
    }
    Ok(())
}

fn file_origin(path: &Path, written: &Path) -> Origin {
    match clean_relative(written) {
        Some(clean) => Origin::Clean(clean),
        None => Origin::Loose(absolute(path)),
    }
}

/// Gives each found file its relative place, drops files named twice, and sorts.
fn settle(found: Vec<(PathBuf, Origin)>) -> Vec<Input> {
    let loose_parents: Vec<PathBuf> = found
        .iter()
        .filter_map(|(_, o)| match o {
            Origin::Loose(abs) => Some(abs.parent().unwrap_or(Path::new("/")).to_path_buf()),
            _ => None,
        })
        .collect();
    let shared = common_ancestor(&loose_parents);
    let mut seen = HashSet::new();
    let mut inputs = Vec::new();
    for (path, origin) in found {
        let identity = std::fs::canonicalize(&path).unwrap_or_else(|_| absolute(&path));
        if !seen.insert(identity) {
            continue;
        }
        let relative = match origin {
            Origin::Clean(p) => p,
            Origin::InFolder(name, inside) => Path::new(&name).join(inside),
            Origin::Loose(abs) => match &shared {
                Some(base) => abs
                    .strip_prefix(base)
                    .map(Path::to_path_buf)
                    .unwrap_or(abs.clone()),
                None => abs.file_name().map(PathBuf::from).unwrap_or_default(),
            },
        };
        inputs.push(Input { relative, path });
    }
    inputs.sort();
    inputs
}

/// `path` without `.` components when it is relative and has no `..`; `None` otherwise.
pub(crate) fn clean_relative(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// An absolute, lexically normalised path (no `.` or `..`), without touching the file system
/// beyond the current folder.
fn absolute(path: &Path) -> PathBuf {
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The deepest folder that contains every path in `dirs`.
fn common_ancestor(dirs: &[PathBuf]) -> Option<PathBuf> {
    let first = dirs.first()?;
    let mut shared: Vec<Component> = first.components().collect();
    for dir in &dirs[1..] {
        let n = shared
            .iter()
            .zip(dir.components())
            .take_while(|(a, b)| **a == *b)
            .count();
        shared.truncate(n);
    }
    Some(shared.iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "title: t\n").unwrap();
    }

    fn relatives(inputs: &[Input]) -> Vec<String> {
        inputs
            .iter()
            .map(|i| i.relative.display().to_string())
            .collect()
    }

    #[test]
    fn folders_are_searched_for_edition_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("archive");
        touch(&root.join("2022/01/03/edition.yaml"));
        touch(&root.join("2022/01/04/edition.json"));
        touch(&root.join("2022/01/04/notes.yaml"));
        touch(&root.join(".hidden/edition.yaml"));
        let inputs = discover(std::slice::from_ref(&root)).unwrap();
        assert_eq!(
            relatives(&inputs),
            [
                "archive/2022/01/03/edition.yaml",
                "archive/2022/01/04/edition.json"
            ]
        );
        assert_eq!(inputs[0].path, root.join("2022/01/03/edition.yaml"));
    }

    #[test]
    fn clean_relative_paths_are_kept_as_written() {
        assert_eq!(
            clean_relative(Path::new("./a/b.yaml")),
            Some(PathBuf::from("a/b.yaml"))
        );
        assert_eq!(clean_relative(Path::new("../a/b.yaml")), None);
        assert_eq!(clean_relative(Path::new("/a/b.yaml")), None);
        assert_eq!(clean_relative(Path::new(".")), None);
    }

    #[test]
    fn manifest_entries_are_relative_to_the_manifest_and_deduplicated() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("x/1/edition.yaml"));
        touch(&dir.path().join("x/2/edition.yaml"));
        let manifest = dir.path().join("list.txt");
        std::fs::write(
            &manifest,
            "# two issues\nx/1/edition.yaml\n\nx/2\nx/1/edition.yaml\nx/9/missing.yaml\n",
        )
        .unwrap();
        let arg = PathBuf::from(format!("@{}", manifest.display()));
        let inputs = discover(&[arg]).unwrap();
        assert_eq!(
            relatives(&inputs),
            ["x/1/edition.yaml", "x/2/edition.yaml", "x/9/missing.yaml"]
        );
    }

    #[test]
    fn loose_absolute_files_are_placed_below_their_shared_folder() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("y/2022/01/edition.yaml");
        let b = dir.path().join("y/2022/02/edition.yaml");
        touch(&a);
        touch(&b);
        let inputs = discover(&[a, b]).unwrap();
        assert_eq!(relatives(&inputs), ["01/edition.yaml", "02/edition.yaml"]);
    }

    #[test]
    fn absolute_folders_keep_their_own_name() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("papers/d1/edition.yml"));
        let inputs = discover(&[dir.path().join("papers")]).unwrap();
        assert_eq!(relatives(&inputs), ["papers/d1/edition.yml"]);
    }

    #[test]
    fn missing_inputs_and_empty_folders_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let err = discover(&[dir.path().join("nope")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("does not exist"), "{err}");
        let err = discover(&[dir.path().to_path_buf()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("no edition files"), "{err}");
    }
}
