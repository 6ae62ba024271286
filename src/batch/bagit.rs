//! `--bagit`: the output folder as a BagIt bag (RFC 8493), the form digital libraries ingest.
//!
//! Outputs go under `data/` (the payload); after the batch, `manifest-sha256.txt` lists every
//! payload file with its SHA-256, `bagit.txt` and `bag-info.txt` describe the bag, and
//! `tagmanifest-sha256.txt` (written last) lists those three. Every file is written
//! atomically and its contents are deterministic: no bagging date, files in byte order of
//! their paths. The stamps of `--skip-existing` live in the tag folder `folio-stamps/`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::stamp::{folio_version, sha256_hex};
use crate::output::write_atomic;

/// The payload folder of a bag.
pub const PAYLOAD_DIR: &str = "data";
/// The tag folder holding the stamps of a bag's editions.
pub const STAMP_DIR: &str = "folio-stamps";

/// What a written bag holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BagSummary {
    /// Payload files.
    pub files: usize,
    /// Payload bytes.
    pub bytes: u64,
}

/// Writes the bag's tag files for everything currently under `root/data`.
pub fn write_bag(root: &Path) -> Result<BagSummary> {
    let payload = root.join(PAYLOAD_DIR);
    std::fs::create_dir_all(&payload)
        .with_context(|| format!("cannot create folder {}", payload.display()))?;
    let mut files = Vec::new();
    list_files(&payload, Path::new(PAYLOAD_DIR), &mut files)?;
    files.sort_by(|a, b| {
        a.as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_os_str().as_encoded_bytes())
    });
    let hashed: Vec<(String, u64)> = files
        .par_iter()
        .map(|rel| hash_file(&root.join(rel)))
        .collect::<Result<_>>()?;
    let mut manifest = String::new();
    let mut bytes = 0;
    for (rel, (sha, size)) in files.iter().zip(&hashed) {
        manifest.push_str(&format!("{sha}  {}\n", encode_path(rel)));
        bytes += size;
    }
    let summary = BagSummary {
        files: files.len(),
        bytes,
    };
    let bagit_txt = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".to_string();
    let bag_info = format!(
        "Bag-Software-Agent: {}\nPayload-Oxum: {}.{}\n",
        folio_version(),
        summary.bytes,
        summary.files
    );
    // Drop the old tag manifest first: a bag interrupted below is then visibly incomplete.
    let tagmanifest = root.join("tagmanifest-sha256.txt");
    super::remove_if_present(&tagmanifest)
        .with_context(|| format!("cannot remove {}", tagmanifest.display()))?;
    let tags = [
        ("bag-info.txt", bag_info),
        ("bagit.txt", bagit_txt),
        ("manifest-sha256.txt", manifest),
    ];
    let mut tag_lines = String::new();
    for (name, text) in &tags {
        write_atomic(&root.join(name), text.as_bytes())?;
        tag_lines.push_str(&format!("{}  {name}\n", sha256_hex(text.as_bytes())));
    }
    write_atomic(&tagmanifest, tag_lines.as_bytes())?;
    Ok(summary)
}

/// Every regular file below `dir`, as paths starting with `rel`.
fn list_files(dir: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in
        std::fs::read_dir(dir).with_context(|| format!("cannot list folder {}", dir.display()))?
    {
        let entry = entry.with_context(|| format!("cannot list folder {}", dir.display()))?;
        let kind = entry.file_type()?;
        let child = rel.join(entry.file_name());
        if kind.is_dir() {
            list_files(&entry.path(), &child, out)?;
        } else {
            out.push(child);
        }
    }
    Ok(())
}

fn hash_file(path: &Path) -> Result<(String, u64)> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut file, &mut hasher)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok((format!("{:x}", hasher.finalize()), size))
}

/// A manifest path: `/`-separated, with `%`, CR and LF percent-encoded (RFC 8493 §2.1.3).
fn encode_path(rel: &Path) -> String {
    super::slash_path(rel)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bag_lists_every_payload_file_with_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data/a")).unwrap();
        std::fs::write(dir.path().join("data/a/x 100%.pdf"), b"abc").unwrap();
        std::fs::write(dir.path().join("data/b.epub"), b"").unwrap();
        let summary = write_bag(dir.path()).unwrap();
        assert_eq!(summary, BagSummary { files: 2, bytes: 3 });
        let manifest = std::fs::read_to_string(dir.path().join("manifest-sha256.txt")).unwrap();
        assert_eq!(
            manifest,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  data/a/x 100%25.pdf\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  data/b.epub\n"
        );
        let info = std::fs::read_to_string(dir.path().join("bag-info.txt")).unwrap();
        assert!(info.contains("Payload-Oxum: 3.2\n"), "{info}");
        let tags = std::fs::read_to_string(dir.path().join("tagmanifest-sha256.txt")).unwrap();
        assert_eq!(tags.lines().count(), 3);
        let first = std::fs::read(dir.path().join("tagmanifest-sha256.txt")).unwrap();
        write_bag(dir.path()).unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("tagmanifest-sha256.txt")).unwrap(),
            first
        );
    }
}
