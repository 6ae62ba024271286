//! The 100-article edition of the PDF tests and benchmark: the sample's eleven articles
//! repeated across ten sections (110 articles), generated rather than committed.

use std::path::{Path, PathBuf};

/// The sample edition the big one is made from.
pub fn sample_edition() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/nmg-2022-01-03/edition.yaml")
}

/// Writes the 110-article edition as `dir/edition.yaml` and returns its path.
pub fn write_hundred_article_edition(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(sample_edition()).expect("read the sample edition");
    let mut edition: serde_yaml::Value = serde_yaml::from_str(&text).expect("parse the sample");
    let sections = edition["sections"]
        .as_sequence()
        .expect("the sample has sections")
        .clone();
    let mut repeated = Vec::new();
    for n in 1..=10 {
        for section in &sections {
            let mut section = section.clone();
            let title = section["title"].as_str().unwrap_or("").to_string();
            section["title"] = serde_yaml::Value::from(format!("第{n}版 {title}"));
            repeated.push(section);
        }
    }
    edition["sections"] = serde_yaml::Value::Sequence(repeated);
    let path = dir.join("edition.yaml");
    std::fs::write(&path, serde_yaml::to_string(&edition).expect("serialize")).expect("write");
    path
}
