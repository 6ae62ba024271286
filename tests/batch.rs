//! `folio batch` end to end: the real binary on editions cut from the real sample, outputs
//! checked with real validators (`unzip -t` for the EPUB container, `qpdf --check` and
//! `common::check_pdf` for PDFs, EPUBCheck through `common::check_epub` for one book).

mod common;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use folio::edition::{parse_str, Date, Edition};
use serde_json::Value;
use sha2::{Digest, Sha256};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/nmg-2022-01-03/edition.yaml"
);

/// The folio binary under test. A hard link taken once per test process, so that every run
/// of a test uses the same build even if `target/debug/folio` is rebuilt meanwhile.
fn folio() -> Command {
    static BINARY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let binary = BINARY.get_or_init(|| {
        let built = PathBuf::from(env!("CARGO_BIN_EXE_folio"));
        // Links of earlier test processes that have ended would keep old builds on disk.
        for entry in std::fs::read_dir(env!("CARGO_TARGET_TMPDIR"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix("folio-batch-test-") {
                if !Path::new("/proc").join(pid).exists() {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        let pinned = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("folio-batch-test-{}", std::process::id()));
        let _ = std::fs::remove_file(&pinned);
        match std::fs::hard_link(&built, &pinned) {
            Ok(()) => pinned,
            Err(_) => built,
        }
    });
    Command::new(binary)
}

/// The sample edition cut to `articles` articles of its first section, dated day `day` of 2022.
fn edition(day: u32, articles: usize) -> Edition {
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let mut e = parse_str(Path::new(SAMPLE), &text).unwrap();
    e.sections.truncate(1);
    e.sections[0].articles.truncate(articles);
    let month = 1 + (day - 1) / 28;
    let dom = 1 + (day - 1) % 28;
    e.date = Date::parse(&format!("2022-{month:02}-{dom:02}")).unwrap();
    e
}

/// Writes `count` small editions as `root/2022/DDD/edition.yaml`; returns their paths.
fn write_editions(root: &Path, count: u32) -> Vec<PathBuf> {
    (1..=count)
        .map(|day| {
            let path = root.join(format!("2022/{day:03}/edition.yaml"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, serde_yaml::to_string(&edition(day, 1)).unwrap()).unwrap();
            path
        })
        .collect()
}

/// `folio batch INPUTS -o OUT`, to which a test adds its flags.
fn batch(inputs: &Path, out: &Path) -> Command {
    let mut cmd = folio();
    cmd.arg("batch").arg(inputs).arg("-o").arg(out);
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null())
        .output()
        .expect("the folio binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn read_report(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, rel: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let child = rel.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &child, out);
            } else {
                out.push(child);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, Path::new(""), &mut out);
    out.sort();
    out
}

/// The EPUB's zip container is whole: every entry's CRC checks out, `mimetype` comes first.
fn assert_epub_whole(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(
        &bytes[30..38],
        b"mimetype",
        "{}: mimetype is not the first entry",
        path.display()
    );
    let out = common::tools::run("unzip", &[OsStr::new("-tq"), path.as_os_str()], "unzip");
    assert!(
        out.status.success(),
        "{}: unzip -t: {}",
        path.display(),
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The PDF passes `qpdf --check` and ends with `%%EOF`.
fn assert_pdf_whole(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{}", path.display());
    let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(64)..]).into_owned();
    assert!(
        tail.trim_end().ends_with("%%EOF"),
        "{}: truncated",
        path.display()
    );
    let out = common::tools::run("qpdf", &[OsStr::new("--check"), path.as_os_str()], "qpdf");
    assert!(
        out.status.success(),
        "{}: qpdf --check: {}",
        path.display(),
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_bad_edition_among_good_ones_is_reported_and_the_rest_are_built() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("archive");
    let good = write_editions(&inputs, 3);
    // A misspelt field, and an image that is not there: both must be refused.
    let misspelt = inputs.join("2022/900/edition.yaml");
    std::fs::create_dir_all(misspelt.parent().unwrap()).unwrap();
    let text = serde_yaml::to_string(&edition(9, 1))
        .unwrap()
        .replace("headline:", "headlien:");
    std::fs::write(&misspelt, text).unwrap();
    let no_image = inputs.join("2022/901/edition.yaml");
    std::fs::create_dir_all(no_image.parent().unwrap()).unwrap();
    let mut e = edition(10, 1);
    e.sections[0].articles[0]
        .images
        .push(folio::edition::Image {
            src: Some(PathBuf::from("missing.jpg").into()),
            ..Default::default()
        });
    std::fs::write(&no_image, serde_yaml::to_string(&e).unwrap()).unwrap();

    let out_dir = dir.path().join("out");
    let report_path = dir.path().join("report.json");
    let out = run(batch(&inputs, &out_dir)
        .args(["-j", "2", "--report"])
        .arg(&report_path));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("FAILED") && err.contains("900/edition.yaml"),
        "{err}"
    );
    assert!(err.contains("3 built, 0 up to date, 2 failed"), "{err}");
    assert!(
        !out_dir.join(".folio-batch.lock").exists(),
        "the lock file outlives the batch"
    );

    let report = read_report(&report_path);
    assert_eq!(report["editions"], 5);
    assert_eq!(report["built"], 3);
    assert_eq!(report["failed"], 2);
    let results = report["results"].as_array().unwrap();
    let by_input: BTreeMap<String, &Value> = results
        .iter()
        .map(|r| (r["input"].as_str().unwrap().to_string(), r))
        .collect();
    let bad = by_input[&misspelt.display().to_string()];
    assert_eq!(bad["status"], "failed");
    assert!(bad["error"].as_str().unwrap().contains("headlien"), "{bad}");
    assert!(bad["outputs"].as_array().unwrap().is_empty());
    let bad = by_input[&no_image.display().to_string()];
    assert_eq!(bad["status"], "failed");
    assert!(
        bad["error"].as_str().unwrap().contains("missing.jpg"),
        "{bad}"
    );
    assert!(
        !out_dir.join("archive/2022/900").exists() && !out_dir.join("archive/2022/901").exists()
    );

    for path in &good {
        let r = by_input[&path.display().to_string()];
        assert_eq!(r["status"], "built", "{r}");
        assert!(r["error"].is_null());
        let outputs = r["outputs"].as_array().unwrap();
        assert_eq!(outputs.len(), 2);
        for o in outputs {
            let file = PathBuf::from(o["path"].as_str().unwrap());
            let bytes = std::fs::read(&file).unwrap();
            assert_eq!(o["bytes"], bytes.len() as u64);
            assert_eq!(
                o["sha256"].as_str().unwrap(),
                format!("{:x}", Sha256::digest(&bytes))
            );
            match o["format"].as_str().unwrap() {
                "epub" => assert_epub_whole(&file),
                _ => assert_pdf_whole(&file),
            }
        }
    }
    let pdf = out_dir.join("archive/2022/001/edition.pdf");
    common::check_pdf(&pdf, Some(&good[0]), false).assert_clean();
}

#[test]
fn kill_9_mid_batch_then_skip_existing_leaves_every_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("archive");
    let editions = write_editions(&inputs, 12);
    let out_dir = dir.path().join("out");
    let stamps = |dir: &Path| -> usize {
        if !dir.exists() {
            return 0;
        }
        files_under(dir)
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "folio-stamp"))
            .count()
    };

    let mut child = batch(&inputs, &out_dir)
        .args(["-j", "2", "--quiet"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(300);
    while stamps(&out_dir) < 3 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the batch ended before it could be killed"
        );
        assert!(Instant::now() < deadline, "no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let done_before = stamps(&out_dir);
    assert!(
        done_before < editions.len(),
        "killed too late to test anything"
    );
    // What a kill inside write_atomic leaves behind: a half-written temporary.
    let stale = out_dir.join("archive/2022/012/.folio-k1ll3d.tmp");
    std::fs::create_dir_all(stale.parent().unwrap()).unwrap();
    std::fs::write(&stale, b"PK\x03\x04 half a book").unwrap();

    let report_path = dir.path().join("report.json");
    let out = run(batch(&inputs, &out_dir)
        .args(["-j", "2", "--skip-existing", "--report"])
        .arg(&report_path));
    assert!(out.status.success(), "{}", stderr(&out));
    let report = read_report(&report_path);
    assert_eq!(report["failed"], 0);
    assert_eq!(report["editions"], editions.len());
    let up_to_date = report["up_to_date"].as_u64().unwrap() as usize;
    assert!(
        up_to_date >= done_before,
        "{up_to_date} up to date, {done_before} were stamped"
    );
    assert_eq!(
        report["built"].as_u64().unwrap() as usize,
        editions.len() - up_to_date
    );
    assert!(report["stale_temporaries_removed"].as_u64().unwrap() >= 1);

    // Every output whole; nothing else in the folder but stamps and the lock.
    let files = files_under(&out_dir);
    let mut books = 0;
    for rel in &files {
        let name = rel.file_name().unwrap().to_string_lossy();
        assert!(
            !name.ends_with(".tmp"),
            "leftover temporary {}",
            rel.display()
        );
        match rel.extension().and_then(|e| e.to_str()) {
            Some("epub") => assert_epub_whole(&out_dir.join(rel)),
            Some("pdf") => assert_pdf_whole(&out_dir.join(rel)),
            Some("folio-stamp") | Some("lock") => continue,
            _ => panic!("unexpected file {}", rel.display()),
        }
        books += 1;
    }
    assert_eq!(books, 2 * editions.len());

    // And byte-identical to an uninterrupted batch.
    let clean_dir = dir.path().join("clean");
    let out = run(batch(&inputs, &clean_dir).args(["-j", "2", "--quiet"]));
    assert!(out.status.success(), "{}", stderr(&out));
    for rel in files_under(&clean_dir) {
        if rel
            .extension()
            .is_some_and(|e| e == "epub" || e == "pdf" || e == "folio-stamp")
        {
            let digest = |dir: &Path| {
                format!(
                    "{:x}",
                    Sha256::digest(std::fs::read(dir.join(&rel)).unwrap())
                )
            };
            assert_eq!(
                digest(&out_dir),
                digest(&clean_dir),
                "{} differs from an uninterrupted build",
                rel.display()
            );
        }
    }
    let epub = out_dir.join("archive/2022/012/edition.epub");
    common::check_epub(&epub, Some(&editions[11])).assert_clean();

    // A third run has nothing to do.
    let out = run(batch(&inputs, &out_dir).args(["--skip-existing", "--format", "epub,pdf"]));
    assert!(
        stderr(&out).contains("0 built, 12 up to date, 0 failed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn shards_run_side_by_side_cover_every_input_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("archive");
    let editions = write_editions(&inputs, 10);
    let out_dir = dir.path().join("out");
    // Three shards at once into one folder, as a cluster's array job would run them.
    let children: Vec<_> = (1..=3)
        .map(|k| {
            batch(&inputs, &out_dir)
                .args([
                    "-j",
                    "1",
                    "--format",
                    "epub",
                    "--quiet",
                    "--shard",
                    &format!("{k}/3"),
                    "--report",
                ])
                .arg(dir.path().join(format!("shard{k}.json")))
                .stdin(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for k in 1..=3 {
        let report = read_report(&dir.path().join(format!("shard{k}.json")));
        assert_eq!(report["shard"], format!("{k}/3"));
        assert_eq!(report["inputs"], 10);
        let n = report["editions"].as_u64().unwrap();
        assert!(n == 3 || n == 4, "shard {k} has {n} editions");
        for r in report["results"].as_array().unwrap() {
            assert_eq!(r["status"], "built");
            *seen
                .entry(r["input"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    let expected: BTreeMap<String, usize> = editions
        .iter()
        .map(|p| (p.display().to_string(), 1))
        .collect();
    assert_eq!(seen, expected);
    for day in 1..=10 {
        assert_epub_whole(&out_dir.join(format!("archive/2022/{day:03}/edition.epub")));
    }
    // --dry-run shows the same split without converting anything.
    let mut listed = Vec::new();
    for k in 1..=3 {
        let out = run(folio().arg("batch").arg(&inputs).args([
            "--dry-run",
            "--shard",
            &format!("{k}/3"),
        ]));
        assert!(out.status.success());
        listed.extend(
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(|l| l.split('\t').next().unwrap().to_string()),
        );
    }
    listed.sort();
    assert_eq!(listed, expected.keys().cloned().collect::<Vec<_>>());
}

#[test]
fn name_templates_rename_outputs_and_clashes_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("archive");
    write_editions(&inputs, 2);
    let out_dir = dir.path().join("out");
    let out = run(batch(&inputs, &out_dir).args([
        "--format",
        "epub",
        "--quiet",
        "--name",
        "{year}/{title}-{date}",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_epub_whole(&out_dir.join("2022/内蒙古日报-2022-01-01.epub"));
    assert_epub_whole(&out_dir.join("2022/内蒙古日报-2022-01-02.epub"));

    // Same title and date twice: refused before anything is written.
    let twin = inputs.join("copy/edition.json");
    std::fs::create_dir_all(twin.parent().unwrap()).unwrap();
    std::fs::write(&twin, serde_json::to_string(&edition(1, 1)).unwrap()).unwrap();
    let clash_dir = dir.path().join("clash");
    let out = run(batch(&inputs, &clash_dir).args(["--quiet", "--name", "{title}-{date}"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("would both write 内蒙古日报-2022-01-01"),
        "{}",
        stderr(&out)
    );
    assert!(!clash_dir.exists());
}

#[test]
fn bagit_bag_has_complete_and_correct_manifests() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("archive");
    write_editions(&inputs, 2);
    let bag = dir.path().join("bag");
    let out = run(batch(&inputs, &bag).args(["--quiet", "--bagit", "--format", "pdf"]));
    assert!(out.status.success(), "{}", stderr(&out));
    // The bag holds the BagIt files, the payload and folio's stamps; no lock file.
    let top: Vec<String> = std::fs::read_dir(&bag)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(top.is_empty(), "hidden files left in the bag: {top:?}");
    assert_eq!(
        std::fs::read_to_string(bag.join("bagit.txt")).unwrap(),
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    );
    // Independent check of RFC 8493: every payload file listed once with its SHA-256.
    let payload: Vec<String> = files_under(&bag.join("data"))
        .iter()
        .map(|p| format!("data/{}", p.display()))
        .collect();
    assert_eq!(payload.len(), 2);
    let manifest = std::fs::read_to_string(bag.join("manifest-sha256.txt")).unwrap();
    let mut listed = Vec::new();
    let mut total = 0;
    for line in manifest.lines() {
        let (sha, path) = line.split_once("  ").unwrap();
        let bytes = std::fs::read(bag.join(path)).unwrap();
        total += bytes.len();
        assert_eq!(sha, format!("{:x}", Sha256::digest(&bytes)), "{path}");
        assert_pdf_whole(&bag.join(path));
        listed.push(path.to_string());
    }
    assert_eq!(listed, payload);
    let info = std::fs::read_to_string(bag.join("bag-info.txt")).unwrap();
    assert!(
        info.contains(&format!("Payload-Oxum: {total}.2\n")),
        "{info}"
    );
    let tags = std::fs::read_to_string(bag.join("tagmanifest-sha256.txt")).unwrap();
    for line in tags.lines() {
        let (sha, path) = line.split_once("  ").unwrap();
        assert_eq!(
            sha,
            format!(
                "{:x}",
                Sha256::digest(std::fs::read(bag.join(path)).unwrap())
            )
        );
    }
    assert_eq!(tags.lines().count(), 3);
    // Deterministic: a rerun gives the same tag files.
    let out = run(batch(&inputs, &bag).args([
        "--quiet",
        "--bagit",
        "--format",
        "pdf",
        "--skip-existing",
    ]));
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(bag.join("tagmanifest-sha256.txt")).unwrap(),
        tags
    );
}
