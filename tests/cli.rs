//! The `folio` binary refuses each kind of bad edition with a message that names the file and
//! the field, a non-zero exit, and no output file.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const GOOD: &str = "title: 测试日报\ndate: 2022-01-03\nsections:\n  - title: 要闻\n    articles:\n      - headline: 标题\n        body: |\n          正文第一段。\n";

struct Refusal {
    stderr: String,
    out: PathBuf,
    _dir: tempfile::TempDir,
}

/// Writes `files` into a fresh folder, runs `folio build edition.yaml -o out/` and checks the
/// refusal: exit status, no files in out/, and the message naming the edition file.
fn refuse(files: &[(&str, &[u8])], extra_args: &[&str]) -> Refusal {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let edition = dir.path().join(files[0].0);
    let out = dir.path().join("out");
    let result = Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("build")
        .arg(&edition)
        .arg("-o")
        .arg(&out)
        .args(extra_args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr).to_string();
    assert!(!result.status.success(), "accepted a bad edition: {stderr}");
    assert!(
        stderr.contains(files[0].0),
        "message does not name the file: {stderr}"
    );
    assert_no_output(&out);
    Refusal {
        stderr,
        out,
        _dir: dir,
    }
}

impl Refusal {
    /// Asserts that the message contains `part`.
    fn says(&self, part: &str) {
        assert!(
            self.stderr.contains(part),
            "expected `{part}` in: {}",
            self.stderr
        );
    }
}

fn assert_no_output(out: &Path) {
    if out.exists() {
        let left: Vec<_> = std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert!(
            left.is_empty(),
            "refused edition left files behind: {left:?}"
        );
    }
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(4, 3, image::Rgb([200, 30, 30]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

fn with_image(src: &str) -> String {
    GOOD.replace(
        "        body: |\n",
        &format!("        images:\n          - src: {src}\n            caption: 图片说明\n        body: |\n"),
    )
}

#[test]
fn non_utf8_is_refused() {
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.extend_from_slice(b"\n# \xff\xfe broken\n");
    let r = refuse(&[("edition.yaml", &bytes)], &[]);
    r.says("UTF-8");
}

#[test]
fn empty_file_is_refused() {
    let r = refuse(&[("edition.yaml", b"  \n")], &[]);
    r.says("empty");
}

#[test]
fn bad_date_is_refused_with_line_and_field() {
    let text = GOOD.replace("2022-01-03", "2022-02-30");
    let r = refuse(&[("edition.yaml", text.as_bytes())], &[]);
    r.says("edition.yaml:2");
    r.says("date");
}

#[test]
fn unknown_field_is_refused_with_a_suggestion() {
    let text = GOOD.replace("        body:", "        subheadlin: 副题\n        body:");
    let r = refuse(&[("edition.yaml", text.as_bytes())], &[]);
    r.says("edition.yaml:7");
    r.says("did you mean `subheadline`");
}

#[test]
fn missing_required_field_is_refused() {
    let text = GOOD.replace("      - headline: 标题\n", "      - kicker: 引题\n");
    let r = refuse(&[("edition.yaml", text.as_bytes())], &[]);
    r.says("headline");
}

#[test]
fn empty_section_is_refused() {
    let text = "title: T\ndate: 2022-01-03\nsections:\n  - title: 空版\n    articles: []\n";
    let r = refuse(&[("edition.yaml", text.as_bytes())], &[]);
    r.says("sections[0].articles");
    r.says("empty section");
}

#[test]
fn article_without_body_or_images_is_refused() {
    let text = GOOD.replace(
        "        body: |\n          正文第一段。\n",
        "        byline: 记者 某某\n",
    );
    let r = refuse(&[("edition.yaml", text.as_bytes())], &[]);
    r.says("sections[0].articles[0]");
    r.says("neither a body nor images");
}

#[test]
fn missing_image_file_is_refused() {
    let text = with_image("photos/none.jpg");
    let r = refuse(&[("edition.yaml", text.as_bytes())], &[]);
    r.says("images[0].src");
    r.says("photos/none.jpg");
}

#[test]
fn corrupt_image_is_refused() {
    let mut broken = png();
    broken.truncate(broken.len() / 2);
    let text = with_image("broken.png");
    let r = refuse(
        &[("edition.yaml", text.as_bytes()), ("broken.png", &broken)],
        &[],
    );
    r.says("images[0].src");
    r.says("broken.png");
}

#[test]
fn image_that_is_not_jpeg_or_png_is_refused() {
    let text = with_image("notes.jpg");
    let r = refuse(
        &[
            ("edition.yaml", text.as_bytes()),
            ("notes.jpg", b"just some text, not a picture"),
        ],
        &[],
    );
    r.says("not a JPEG or PNG");
}

#[test]
fn image_outside_the_edition_folder_is_refused_unless_allowed() {
    let text = with_image("../outside.png");
    let picture = png();
    let files: [(&str, &[u8]); 2] = [
        ("ed/edition.yaml", text.as_bytes()),
        ("outside.png", &picture),
    ];
    let r = refuse(&files, &[]);
    r.says("outside the edition's folder");
    r.says("--allow-outside-paths");

    // The same edition, allowed: `check` accepts it.
    let edition = r.out.parent().unwrap().join("ed/edition.yaml");
    let ok = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["check", "--allow-outside-paths"])
        .arg(&edition)
        .output()
        .unwrap();
    common::assert_success(&ok);
}

#[test]
fn json_editions_are_read_and_checked_like_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("edition.json");
    std::fs::write(
        &good,
        r#"{"title": "测试日报", "date": "2022-01-03", "language": "zh-Hant",
            "sections": [{"title": "要聞", "articles": [{"headline": "標題", "body": "正文。"}]}]}"#,
    )
    .unwrap();
    let ok = Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("check")
        .arg(&good)
        .output()
        .unwrap();
    common::assert_success(&ok);

    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"title\": \"T\", \"date\": \"2022-01-03\",\n \"sections\": [{\"title\": \"S\", \"articels\": []}]}",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("check")
        .arg(&bad)
        .output()
        .unwrap();
    common::assert_refused(&out, &["bad.json:2:", "did you mean `articles`"]);
}

#[test]
fn check_accepts_the_example_edition() {
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/nmg-2022-01-03/edition.yaml"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("check")
        .arg(example)
        .output()
        .unwrap();
    common::assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("10 articles"));
}
