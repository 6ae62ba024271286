//! Hostile and unlucky inputs through the real binary: nothing hangs, nothing is read whole
//! that should not be, messages are safe to print, and no partial file is left behind, even
//! when the run is stopped by SIGINT or SIGTERM.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{assert_refused, assert_says, FOLIO};

const GOOD: &str = "title: 测试日报\ndate: 2022-01-03\nsections:\n  - title: 要闻\n    articles:\n      - headline: 标题\n        body: |\n          正文第一段。\n";

/// A run that must end within `limit` (a hang fails the test instead of blocking it).
fn run_within(cmd: &mut Command, limit: Duration) -> Output {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run folio");
    let pid = child.id();
    let watchdog = std::thread::spawn(move || {
        let started = Instant::now();
        while started.elapsed() < limit {
            std::thread::sleep(Duration::from_millis(50));
            // SAFETY: signal 0 only checks that the process exists.
            if unsafe { libc::kill(pid as i32, 0) } != 0 {
                return false;
            }
        }
        // SAFETY: our own child, still running after the limit.
        unsafe { libc::kill(pid as i32, libc::SIGKILL) };
        true
    });
    let out = child.wait_with_output().unwrap();
    let hung = watchdog.join().unwrap();
    assert!(!hung, "folio did not finish within {limit:?}: {cmd:?}");
    out
}

fn folio(args: &[&std::ffi::OsStr]) -> Command {
    let mut cmd = Command::new(FOLIO);
    cmd.args(args);
    cmd
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `folio check PATH`, which must end within `limit`.
fn check_within(path: &Path, limit: Duration) -> Output {
    run_within(&mut folio(&["check".as_ref(), path.as_os_str()]), limit)
}

fn with_image(src: &str) -> String {
    GOOD.replace(
        "        body: |\n",
        &format!(
            "        images:\n          - src: {src}\n            caption: 图\n        body: |\n"
        ),
    )
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: mkfifo reads the NUL-terminated path we own.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

/// A folder with `edition.yaml` holding `text`.
fn edition_dir(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edition.yaml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// `check`, `build` and `batch` of the edition must each fail fast, and say `expected`.
fn refused_by_every_command(dir: &Path, edition: &Path, expected: &str) {
    let out = dir.join("out");
    let limit = Duration::from_secs(60);
    let commands: [Vec<&std::ffi::OsStr>; 3] = [
        vec!["check".as_ref(), edition.as_os_str()],
        vec![
            "build".as_ref(),
            edition.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
        vec![
            "batch".as_ref(),
            edition.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--quiet".as_ref(),
        ],
    ];
    for args in commands {
        let result = run_within(&mut folio(&args), limit);
        let err = stderr(&result);
        assert!(!result.status.success(), "{args:?} accepted it");
        assert!(
            err.contains(expected),
            "{args:?}: expected `{expected}` in {err}"
        );
    }
    assert!(
        !out.exists()
            || std::fs::read_dir(&out)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .all(|n| n.starts_with(".folio-batch")),
        "output written"
    );
}

#[test]
fn a_fifo_named_as_an_image_is_refused_at_once() {
    let (dir, edition) = edition_dir(&with_image("pipe.jpg"));
    mkfifo(&dir.path().join("pipe.jpg"));
    refused_by_every_command(
        dir.path(),
        &edition,
        "FIFO (named pipe), not a regular file",
    );
    let (dir, edition) = edition_dir(&GOOD.replace("sections:", "cover: cover.png\nsections:"));
    mkfifo(&dir.path().join("cover.png"));
    refused_by_every_command(dir.path(), &edition, "cover");
}

#[test]
fn a_fifo_as_the_edition_file_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let edition = dir.path().join("edition.yaml");
    mkfifo(&edition);
    refused_by_every_command(dir.path(), &edition, "not a regular file");
}

#[test]
fn dev_zero_is_refused_by_check_and_import() {
    let out = check_within(Path::new("/dev/zero"), Duration::from_secs(30));
    assert_refused(&out, &["character device"]);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("e.yaml");
    let out = run_within(
        &mut folio(&[
            "import".as_ref(),
            "/dev/zero".as_ref(),
            "-o".as_ref(),
            target.as_os_str(),
            "--title".as_ref(),
            "T".as_ref(),
            "--date".as_ref(),
            "2022-01-03".as_ref(),
        ]),
        Duration::from_secs(30),
    );
    assert_refused(&out, &["character device"]);
    assert!(!target.exists());
}

#[test]
fn a_sparse_gigabyte_image_is_refused_without_reading_it() {
    let (dir, edition) = edition_dir(&with_image("x.jpg"));
    let f = std::fs::File::create(dir.path().join("x.jpg")).unwrap();
    f.set_len(1 << 30).unwrap();
    refused_by_every_command(dir.path(), &edition, "more than the 64 MiB allowed");
    // An oversized edition file, likewise, and the cap can be lifted.
    let big = dir.path().join("big.yaml");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(200 << 20)
        .unwrap();
    let out = check_within(&big, Duration::from_secs(30));
    assert_says(&out, &["--max-edition-size"]);
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let (dir, edition) = edition_dir(&deep);
    let _keep = dir;
    let out = check_within(&edition, Duration::from_secs(30));
    assert_refused(&out, &["edition.yaml:1:33", "nested more than 32 levels"]);
}

#[test]
fn yaml_tags_json_trailing_data_and_empty_src_are_refused() {
    let (dir, edition) = edition_dir(&GOOD.replace("title: 测试日报", "title: !!binary 5rWL6K+V"));
    let _keep = dir;
    let out = check_within(&edition, Duration::from_secs(60));
    assert_says(
        &out,
        &["edition.yaml:1:8: title: YAML tags such as `!!binary`"],
    );

    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("edition.json");
    std::fs::write(
        &json,
        "{\"title\": \"T\", \"date\": \"2022-01-03\", \"sections\": [{\"title\": \"S\", \"articles\": [{\"headline\": \"H\", \"body\": \"B\"}]}]}\n{\"garbage\": 1}\n",
    )
    .unwrap();
    let out = check_within(&json, Duration::from_secs(60));
    assert_refused(
        &out,
        &["edition.json:2:1", "after the end of the JSON document"],
    );

    let (dir, edition) = edition_dir(&with_image("\"\""));
    let _keep = dir;
    let out = check_within(&edition, Duration::from_secs(60));
    assert_says(
        &out,
        &["edition.yaml:8:18: sections[0].articles[0].images[0].src: expected the path"],
    );
}

#[test]
fn import_refuses_to_overwrite_its_own_input() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page-2022-01-03.txt");
    std::fs::write(&page, "标题\n正文第一段。\n").unwrap();
    let link = dir.path().join("link.yaml");
    std::os::unix::fs::symlink(&page, &link).unwrap();
    for target in [&page, &link] {
        let out = run_within(
            &mut folio(&[
                "import".as_ref(),
                page.as_os_str(),
                "-o".as_ref(),
                target.as_os_str(),
                "--title".as_ref(),
                "T".as_ref(),
            ]),
            Duration::from_secs(60),
        );
        assert_refused(&out, &["is the input itself"]);
        assert_eq!(
            std::fs::read_to_string(&page).unwrap(),
            "标题\n正文第一段。\n"
        );
    }
}

#[test]
fn control_characters_are_escaped_and_placed() {
    // A YAML escape puts an ESC into the headline's value.
    let text = GOOD.replace("headline: 标题", "headline: \"标题\\e[31m红\"");
    let (dir, edition) = edition_dir(&text);
    let _keep = dir;
    let out = check_within(&edition, Duration::from_secs(60));
    assert!(
        !out.stderr.contains(&0x1b),
        "a raw ESC reached the terminal"
    );
    assert_refused(
        &out,
        &[
            "\\u{1b}",
            "edition.yaml:6:19: sections[0].articles[0].headline",
        ],
    );
    // A raw control character in the file is reported where it is.
    let text = GOOD.replace("正文第一段。", "正文\u{7}第一段。");
    let (dir, edition) = edition_dir(&text);
    let _keep = dir;
    let out = check_within(&edition, Duration::from_secs(60));
    assert!(!out.stderr.contains(&0x07));
    assert_says(&out, &["edition.yaml:8:13: control character \\u{7}"]);
}

#[test]
fn a_huge_echo_is_cut() {
    let line = format!("\"{}\"\n", "字".repeat(2_000_000));
    let (dir, edition) = edition_dir(&line);
    let _keep = dir;
    let out = check_within(&edition, Duration::from_secs(60));
    let err = stderr(&out);
    assert!(err.len() < 1_000, "{} bytes of message", err.len());
    assert_refused(&out, &["characters in all"]);
}

fn jpeg_bytes() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, 90])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .unwrap();
    out
}

#[test]
fn a_truncated_jpeg_is_refused_by_check_and_build() {
    let (dir, edition) = edition_dir(&with_image("half.jpg"));
    let whole = jpeg_bytes();
    std::fs::write(dir.path().join("half.jpg"), &whole[..whole.len() / 2]).unwrap();
    refused_by_every_command(dir.path(), &edition, "truncated");
}

#[test]
fn a_corrupt_png_is_refused_in_words() {
    let (dir, edition) = edition_dir(&with_image("bad.png"));
    let img = image::RgbImage::from_pixel(8, 8, image::Rgb([1, 2, 3]));
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let n = png.len();
    png[n - 20] ^= 0x55;
    std::fs::write(dir.path().join("bad.png"), &png).unwrap();
    let out = check_within(&edition, Duration::from_secs(60));
    assert_refused(&out, &["images[0].src", "PNG"]);
    let err = stderr(&out);
    assert!(!err.contains('{'), "debug text in {err}");
}

#[test]
fn a_cmyk_jpeg_makes_a_valid_pdf_a() {
    let (dir, edition) = edition_dir(&with_image("cmyk.jpg"));
    std::fs::copy(
        common::repo("tests/data/hostile/cmyk.jpg"),
        dir.path().join("cmyk.jpg"),
    )
    .unwrap();
    let out = check_within(&edition, Duration::from_secs(120));
    common::assert_success(&out);
    // PDF/A-2b (the default): krilla validates it while writing.
    let target = dir.path().join("out");
    common::build(&edition, &target, &["--format", "pdf"]);
    let pdf = common::only_output(&target, "pdf");
    common::check_pdf(&pdf, Some(&edition), false).assert_clean();
    // PDF/A-1b, checked by PDFBox Preflight as well.
    let target = dir.path().join("out-1b");
    common::build(
        &edition,
        &target,
        &["--format", "pdf", "--pdf-standard", "a-1b"],
    );
    common::check_pdfa_1b(&common::only_output(&target, "pdf"));
}

/// A 12,000-character headline is 36,000 bytes: over PDF/A's 32,767-byte limit on strings,
/// as its bookmark, its heading's title and its contents entry's link description. The PDF
/// writer cuts those strings (the page keeps the whole headline): a valid PDF/A-2b, and a
/// PDF/A-1b that PDFBox Preflight (which checks string lengths) accepts.
#[test]
fn a_headline_longer_than_a_pdf_string_makes_a_valid_pdf_a() {
    let headline = "长标题".repeat(4_000);
    let (dir, edition) = edition_dir(&GOOD.replace("标题", &headline));
    for (standard, name) in [("a-2b", "out-2b"), ("a-1b", "out-1b")] {
        let target = dir.path().join(name);
        common::build(
            &edition,
            &target,
            &["--format", "pdf", "--pdf-standard", standard],
        );
        let pdf = common::only_output(&target, "pdf");
        common::check_pdf(&pdf, None, false).assert_clean();
        if standard == "a-1b" {
            common::check_pdfa_1b(&pdf);
        }
        // The bookmark is the headline's start, marked as cut.
        let doc = lopdf::Document::load(&pdf).unwrap();
        let catalog = doc.catalog().unwrap();
        let outlines = doc
            .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
            .unwrap();
        let section = doc
            .get_dictionary(outlines.get(b"First").unwrap().as_reference().unwrap())
            .unwrap();
        let article = doc
            .get_dictionary(section.get(b"First").unwrap().as_reference().unwrap())
            .unwrap();
        let title = lopdf::decode_text_string(article.get(b"Title").unwrap()).unwrap();
        assert!(title.ends_with('…'), "{}", title.chars().count());
        assert!(headline.starts_with(title.trim_end_matches('…')));
        assert!(title.len() <= 32_767, "{}", title.len());
        assert!(title.chars().count() > 10_000, "{}", title.chars().count());
    }
}

#[test]
fn an_over_long_title_gets_a_shortened_file_name() {
    let title = "很长的报纸名称".repeat(40);
    let (dir, edition) = edition_dir(&GOOD.replace("测试日报", &title));
    let target = dir.path().join("out");
    common::build(&edition, &target, &["--format", "epub"]);
    let epub = common::only_output(&target, "epub");
    let name = epub.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.len() < 255 && name.starts_with("很长的报纸名称"),
        "{name}"
    );
}

/// Waits until a `.folio-*.tmp` exists under `dir` (the child is mid-write).
fn wait_for_temporary(dir: &Path, child: &mut Child) {
    let started = Instant::now();
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "folio ended before writing"
        );
        if temporaries(dir) > 0 {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no temporary appeared"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn temporaries(dir: &Path) -> usize {
    fn walk(dir: &Path, n: &mut usize) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type().unwrap().is_dir() {
                walk(&e.path(), n);
            } else if name.starts_with(".folio-") && name.ends_with(".tmp") {
                *n += 1;
            }
        }
    }
    let mut n = 0;
    walk(dir, &mut n);
    n
}

fn signal(child: &Child, signo: i32) {
    // SAFETY: our own child, still running.
    assert_eq!(unsafe { libc::kill(child.id() as i32, signo) }, 0);
}

/// Starts `cmd` with each write slowed by `delay_ms`, sends it `signo` once it is mid-write
/// (a temporary exists under `out`), and asserts that it ends with exit `status` and leaves
/// no temporary under `out`.
fn interrupt_mid_write(cmd: &mut Command, out: &Path, delay_ms: &str, signo: i32, status: i32) {
    let mut child = cmd
        .env("FOLIO_TEST_WRITE_DELAY_MS", delay_ms)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_temporary(out, &mut child);
    signal(&child, signo);
    let result = child.wait_with_output().unwrap();
    assert_eq!(result.status.code(), Some(status), "{}", stderr(&result));
    assert_eq!(temporaries(out), 0, "a temporary was left behind");
}

#[test]
fn sigterm_and_sigint_during_build_leave_no_temporary() {
    for (signo, status) in [(libc::SIGTERM, 143), (libc::SIGINT, 130)] {
        let (dir, edition) = edition_dir(GOOD);
        let out = dir.path().join("out");
        let mut build = Command::new(FOLIO);
        build.arg("build").arg(&edition).arg("-o").arg(&out);
        interrupt_mid_write(&mut build, &out, "5000", signo, status);
        assert!(
            std::fs::read_dir(&out).unwrap().flatten().all(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.starts_with('.')
                    || !n.ends_with(".pdf")
                    || std::fs::metadata(e.path()).unwrap().len() > 0
            }),
            "partial output"
        );
    }
}

#[test]
fn build_removes_stale_temporaries_of_its_own_naming() {
    let (dir, edition) = edition_dir(GOOD);
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(".folio-AbC123.tmp"), b"half a book").unwrap();
    std::fs::write(out.join(".other.tmp"), b"not ours").unwrap();
    common::build(&edition, &out, &["--format", "epub"]);
    assert_eq!(temporaries(&out), 0);
    assert!(out.join(".other.tmp").exists());
}

#[test]
fn sigterm_and_sigint_during_batch_write_an_interrupted_report() {
    for (signo, status, name) in [
        (libc::SIGTERM, 143, "SIGTERM"),
        (libc::SIGINT, 130, "SIGINT"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        for i in 1..=4 {
            let folder = dir.path().join(format!("in/{i}"));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(
                folder.join("edition.yaml"),
                GOOD.replace("2022-01-03", &format!("2022-01-0{i}")),
            )
            .unwrap();
        }
        let out = dir.path().join("out");
        let report = dir.path().join("report.json");
        let mut batch = Command::new(FOLIO);
        batch
            .arg("batch")
            .arg(dir.path().join("in"))
            .arg("-o")
            .arg(&out)
            .args(["-j", "1", "--quiet", "--format", "epub", "--report"])
            .arg(&report);
        interrupt_mid_write(&mut batch, &out, "3000", signo, status);
        let text = std::fs::read_to_string(&report).expect("the report is written");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["interrupted"], name, "{text}");
        assert_eq!(json["editions"], 4);
        assert!(json["results"].as_array().unwrap().len() < 4, "{text}");
        assert_eq!(temporaries(dir.path()), 0);
    }
}
