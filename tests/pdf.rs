//! PDF export, end to end: the real `folio` binary builds real editions, and the files are
//! judged by `shared/tools/check-pdf` (qpdf, poppler: fonts, text, outline, kinsoku, page
//! bounds, PDF/A identification), by Apache PDFBox Preflight (`check-pdfa`) and by `pdfinfo`.

#[path = "data/pdf/hundred_articles.rs"]
mod hundred_articles;

use std::path::{Path, PathBuf};
use std::process::Command;

use hundred_articles::{sample_edition, write_hundred_article_edition};

const FOLIO: &str = env!("CARGO_BIN_EXE_folio");
const CHECK_PDF: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/tools/check-pdf");
const CHECK_PDFA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/tools/check-pdfa");

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn latin_urls() -> PathBuf {
    repo("tests/data/pdf/latin-urls.yaml")
}

/// Runs `folio build EDITION -o OUT --format pdf ARGS…` and returns the PDF's path.
fn build(edition: &Path, out: &Path, args: &[&str]) -> PathBuf {
    let result = Command::new(FOLIO)
        .arg("build")
        .arg(edition)
        .arg("-o")
        .arg(out)
        .args(["--format", "pdf"])
        .args(args)
        .output()
        .expect("run folio");
    assert!(
        result.status.success(),
        "folio build {} {args:?} failed: {}",
        edition.display(),
        String::from_utf8_lossy(&result.stderr)
    );
    let pdfs: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1, "one PDF in {}", out.display());
    pdfs.into_iter().next().unwrap()
}

/// Runs a validator and asserts it exits 0; returns its last line.
fn validate(tool: &str, args: &[&Path]) -> String {
    let result = Command::new(tool)
        .args(args)
        .output()
        .expect("run validator");
    let stdout = String::from_utf8_lossy(&result.stdout).to_string();
    assert!(
        result.status.success(),
        "{tool} {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    stdout.lines().last().unwrap_or("").to_string()
}

fn pdfinfo(pdf: &Path, meta: bool) -> String {
    let mut cmd = Command::new("pdfinfo");
    if meta {
        cmd.arg("-meta");
    }
    let out = cmd.arg(pdf).output().expect("run pdfinfo (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn sample_passes_check_pdf_tagged_and_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let first = build(&sample_edition(), &dir.path().join("a"), &[]);
    let summary = validate(CHECK_PDF, &[&first, &sample_edition()]);
    assert!(
        summary.contains("kinsoku 0") && summary.contains("PDF/A-2b"),
        "{summary}"
    );
    let info = pdfinfo(&first, false);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        info.contains("Title:           内蒙古日报 2022-01-03"),
        "{info}"
    );
    // The edition's date, never the clock.
    assert!(
        info.contains("CreationDate:    Mon Jan  3 00:00:00 2022"),
        "{info}"
    );
    let second = build(&sample_edition(), &dir.path().join("b"), &[]);
    assert!(
        std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap(),
        "two builds of the sample differ"
    );
    let bytes = std::fs::read(&first).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/Lang(zh-Hans)"), "catalog /Lang");
    assert!(
        text.contains("/DisplayDocTitle true"),
        "title in the window bar"
    );
}

#[test]
fn hundred_article_edition_passes_check_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let edition = write_hundred_article_edition(dir.path());
    let pdf = build(&edition, &dir.path().join("out"), &[]);
    let summary = validate(CHECK_PDF, &[&pdf, &edition]);
    // 10 section bookmarks and 100 article bookmarks.
    assert!(summary.contains("outline 110"), "{summary}");
}

#[test]
fn latin_words_urls_digits_quotes_and_brackets_pass_check_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build(&latin_urls(), dir.path(), &[]);
    validate(CHECK_PDF, &[&pdf, &latin_urls()]);
}

#[test]
fn pictures_pass_check_pdf_and_jpeg_bytes_are_untouched() {
    let edition = repo("tests/data/epub/images/edition.yaml");
    let dir = tempfile::tempdir().unwrap();
    let pdf = build(&edition, dir.path(), &[]);
    validate(CHECK_PDF, &[&pdf, &edition]);
    let bytes = std::fs::read(&pdf).unwrap();
    for jpeg in ["wetland.jpg", "market-1.jpg", "cover.jpg"] {
        let original = std::fs::read(repo("tests/data/epub/images").join(jpeg)).unwrap();
        assert!(
            bytes
                .windows(original.len())
                .any(|w| w == original.as_slice()),
            "{jpeg} is not embedded byte for byte"
        );
    }
}

#[test]
fn pdfa_1b_passes_pdfbox_preflight() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build(&sample_edition(), dir.path(), &["--pdf-standard", "a-1b"]);
    let summary = validate(CHECK_PDFA, &[&pdf]);
    assert_eq!(summary, "pdfa-1b: valid");
    let summary = validate(CHECK_PDF, &[&pdf, &sample_edition()]);
    assert!(summary.contains("PDF/A-1b"), "{summary}");
}

#[test]
fn pdfa_2a_with_pdfua_1_validates_in_krilla_and_shows_the_title() {
    let dir = tempfile::tempdir().unwrap();
    // krilla refuses to write a file that breaks either standard, so success is the check.
    let pdf = build(
        &sample_edition(),
        dir.path(),
        &["--pdf-standard", "a-2a+ua1"],
    );
    let meta = pdfinfo(&pdf, true);
    assert!(meta.contains("pdfuaid:part"), "no PDF/UA id in the XMP");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("/DisplayDocTitle true"));
    assert!(pdfinfo(&pdf, false).contains("Tagged:          yes"));
    validate(CHECK_PDF, &[&pdf, &sample_edition()]);
}

#[test]
fn page_sizes_and_columns_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let a5 = build(&sample_edition(), &dir.path().join("a5"), &["--page", "a5"]);
    let info = pdfinfo(&a5, false);
    assert!(
        info.contains("Page size:       419.528 x 595.276 pts"),
        "{info}"
    );
    validate(CHECK_PDF, &[&a5, &sample_edition()]);
    let custom = build(
        &sample_edition(),
        &dir.path().join("custom"),
        &["--page", "182x257mm", "--columns", "3"],
    );
    let info = pdfinfo(&custom, false);
    assert!(info.contains("Page size:       515.9"), "{info}");
    validate(CHECK_PDF, &[&custom, &sample_edition()]);
}

#[test]
fn bad_pdf_options_are_refused_with_the_choices() {
    for (flag, value, expected) in [
        ("--page", "a3", "WIDTHxHEIGHTmm"),
        ("--pdf-standard", "a-1b+ua1", "cannot be combined"),
        ("--pdf-standard", "x", "a-2b"),
        ("--columns", "0", "columns"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let result = Command::new(FOLIO)
            .arg("build")
            .arg(sample_edition())
            .arg("-o")
            .arg(dir.path())
            .args(["--format", "pdf", flag, value])
            .output()
            .unwrap();
        assert!(!result.status.success(), "{flag} {value} was accepted");
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(stderr.contains(expected), "{flag} {value}: {stderr}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "output written"
        );
    }
}

#[test]
fn vertical_edition_is_set_in_right_to_left_columns_and_passes_qpdf() {
    let edition = repo("tests/data/epub/vertical-tc/edition.yaml");
    let dir = tempfile::tempdir().unwrap();
    let pdf = build(&edition, dir.path(), &[]);
    let qpdf = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .expect("run qpdf");
    assert!(
        qpdf.status.success(),
        "{}",
        String::from_utf8_lossy(&qpdf.stdout)
    );
    assert!(pdfinfo(&pdf, false).contains("Tagged:          yes"));
    // Pages bound on the right: viewers are told the reading direction.
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("/Direction/R2L"));
    // poppler reads each vertical line through its ActualText: the headline comes out whole.
    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("市立圖書館新館今日啟用"), "{text}");
}

#[test]
fn characters_without_a_glyph_are_refused_by_name_under_pdfa() {
    let dir = tempfile::tempdir().unwrap();
    let edition = dir.path().join("edition.yaml");
    std::fs::write(
        &edition,
        "title: 测试日报\ndate: 2022-01-03\nsections:\n  - title: 要闻\n    articles:\n      - headline: 标题\n        body: |\n          正文😀第一段。\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let result = Command::new(FOLIO)
        .arg("build")
        .arg(&edition)
        .arg("-o")
        .arg(&out)
        .args(["--format", "pdf"])
        .output()
        .unwrap();
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("U+1F600") && stderr.contains("--pdf-standard none"),
        "{stderr}"
    );
    assert!(
        !out.exists() || std::fs::read_dir(&out).unwrap().count() == 0,
        "no partial output"
    );
    // Without an archival standard the file is written (the glyph shows as a blank box).
    build(&edition, &out, &["--pdf-standard", "none"]);
}
