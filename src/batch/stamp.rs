//! Stamps: what `--skip-existing` trusts. A small JSON file beside an edition's outputs records
//! the content hash of the edition file and its images, the settings and folio version that
//! built them, and each output's size and hash. It is written last and atomically, and removed
//! before outputs are replaced, so a stamp that exists always describes whole, current files.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::build::BuildOptions;
use crate::edition::{Edition, ImageRef};

/// The extension of stamp files.
pub const STAMP_EXTENSION: &str = "folio-stamp";

/// What one build of one edition produced, and from what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stamp {
    /// The folio version that wrote the outputs.
    pub folio: String,
    /// The output-affecting settings (see [`settings_fingerprint`]).
    pub settings: String,
    /// SHA-256 of the edition file and its images (see [`input_hash`]).
    pub input_sha256: String,
    /// Each output, in format order.
    pub outputs: Vec<StampedOutput>,
}

/// One output file as it was written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StampedOutput {
    /// Path relative to the folder outputs are written in (`OUT`, or `OUT/data` for a bag).
    pub file: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the contents, lowercase hex.
    pub sha256: String,
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The content hash of an edition: its file's bytes and every image's path and bytes (cover
/// first, then in reading order), each length-prefixed so that no two inputs share a stream.
pub fn input_hash(edition_file: &[u8], edition: &Edition) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(b"folio-edition-v1");
    field(edition_file);
    let images = edition.cover.iter().chain(
        edition
            .sections
            .iter()
            .flat_map(|s| &s.articles)
            .flat_map(|a| &a.images)
            .filter_map(|i| i.src.as_ref()),
    );
    for image in images {
        let ImageRef { path, data } = image;
        field(path.to_string_lossy().as_bytes());
        field(data.as_ref().map(|d| d.bytes.as_slice()).unwrap_or(b""));
    }
    format!("{:x}", hasher.finalize())
}

/// Everything besides the edition that changes the outputs: formats and writer options. A new
/// option, or a new folio version, makes existing outputs out of date.
pub fn settings_fingerprint(options: &BuildOptions) -> String {
    format!(
        "formats={:?} epub={:?} pdf={:?}{}",
        options.formats,
        options.epub,
        options.pdf,
        if options.strict { " strict" } else { "" }
    )
}

/// The running folio version, as recorded in stamps.
pub fn folio_version() -> String {
    format!("folio {}", env!("CARGO_PKG_VERSION"))
}

impl Stamp {
    /// Reads a stamp; `None` if it is missing or unreadable (then the edition is rebuilt).
    pub fn read(path: &Path) -> Option<Stamp> {
        let bytes = std::fs::read(path).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// The stamp's bytes: pretty JSON with a final newline, deterministic.
    pub fn to_bytes(&self) -> Vec<u8> {
        super::pretty_json(self)
    }

    /// Whether the outputs this stamp describes are current: same version, settings and input
    /// hash, the expected files, and each present under `payload` with its recorded size.
    pub fn is_current(
        &self,
        settings: &str,
        input_sha256: &str,
        expected_files: &[String],
        payload: &Path,
    ) -> bool {
        self.folio == folio_version()
            && self.settings == settings
            && self.input_sha256 == input_sha256
            && self.outputs.len() == expected_files.len()
            && self.outputs.iter().zip(expected_files).all(|(o, want)| {
                o.file == *want
                    && std::fs::metadata(payload.join(&o.file))
                        .is_ok_and(|m| m.is_file() && m.len() == o.bytes)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::parse_str;

    const EDITION: &str = "title: 报\ndate: 2022-01-03\nsections:\n  - title: 一\n    articles:\n      - headline: 标题\n        body: 正文\n";

    fn stamp(file: &str, bytes: u64) -> Stamp {
        Stamp {
            folio: folio_version(),
            settings: "s".into(),
            input_sha256: "h".into(),
            outputs: vec![StampedOutput {
                file: file.into(),
                bytes,
                sha256: String::new(),
            }],
        }
    }

    #[test]
    fn input_hash_follows_the_file_bytes() {
        let e = parse_str(Path::new("e.yaml"), EDITION).unwrap();
        let a = input_hash(EDITION.as_bytes(), &e);
        assert_eq!(a, input_hash(EDITION.as_bytes(), &e));
        assert_ne!(a, input_hash(format!("{EDITION}\n").as_bytes(), &e));
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn input_hash_follows_the_image_bytes() {
        use crate::edition::{Image, ImageData, ImageFormat};
        use std::sync::Arc;
        let with_image = |bytes: &[u8]| {
            let mut e = parse_str(Path::new("e.yaml"), EDITION).unwrap();
            e.sections[0].articles[0].images.push(Image {
                src: Some(ImageRef {
                    path: "p.png".into(),
                    data: Some(Arc::new(ImageData {
                        bytes: bytes.to_vec(),
                        format: ImageFormat::Png,
                        width: 1,
                        height: 1,
                    })),
                }),
                ..Default::default()
            });
            input_hash(EDITION.as_bytes(), &e)
        };
        assert_eq!(with_image(b"one"), with_image(b"one"));
        assert_ne!(with_image(b"one"), with_image(b"two"));
    }

    #[test]
    fn current_only_with_matching_hash_settings_and_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("x")).unwrap();
        std::fs::write(dir.path().join("x/e.epub"), b"12345").unwrap();
        let files = vec!["x/e.epub".to_string()];
        assert!(stamp("x/e.epub", 5).is_current("s", "h", &files, dir.path()));
        assert!(!stamp("x/e.epub", 4).is_current("s", "h", &files, dir.path()));
        assert!(!stamp("x/e.epub", 5).is_current("t", "h", &files, dir.path()));
        assert!(!stamp("x/e.epub", 5).is_current("s", "g", &files, dir.path()));
        let both = vec!["x/e.epub".to_string(), "x/e.pdf".to_string()];
        assert!(!stamp("x/e.epub", 5).is_current("s", "h", &both, dir.path()));
        std::fs::remove_file(dir.path().join("x/e.epub")).unwrap();
        assert!(!stamp("x/e.epub", 5).is_current("s", "h", &files, dir.path()));
    }

    #[test]
    fn stamps_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.folio-stamp");
        std::fs::write(&path, stamp("a.pdf", 3).to_bytes()).unwrap();
        assert_eq!(Stamp::read(&path), Some(stamp("a.pdf", 3)));
        std::fs::write(&path, b"{truncated").unwrap();
        assert_eq!(Stamp::read(&path), None);
    }
}
