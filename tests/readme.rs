//! Every command the README shows (each line of its ```sh blocks) is run here, so that none
//! can go stale: `folio …` (and `cargo run --release -- …`, which is `folio` built by cargo)
//! with the binary under test, through bash, in a folder holding small fixtures under the
//! names the README uses (`EDITION.yaml`, `page.txt`, `archive/`, `editions/`, manifests).
//! Three kinds of command cannot run as written inside `cargo test`, and are checked as far as
//! they can be:
//! - `.ci/run` is the suite itself: it must be an executable bash script without syntax
//!   errors, as must `.ci/install-tools`, which it runs;
//! - `cargo install --locked --path .` is a full release build: the lock file must be current
//!   (`cargo metadata --locked --offline`) and the package must have the `folio` binary; that
//!   an installed binary works alone is `tests/install.rs`;
//! - the cluster examples write to `/shared/…` and `/data/…` and run on many hosts: they run
//!   with those paths made relative, their environment variables set, and GNU parallel's job
//!   list run in turn on this machine.
//!
//! A README command this file does not know how to run fails the test.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{repo, FOLIO};

/// Every command in the README's ```sh blocks: comment and blank lines dropped, lines ending
/// in `\` joined to the next.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    let mut commands = Vec::new();
    let mut in_block = false;
    let mut pending = String::new();
    for line in readme.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block && line.trim() == "```sh";
            continue;
        }
        if !in_block {
            continue;
        }
        let trimmed = line.trim();
        if pending.is_empty() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        match trimmed.strip_suffix('\\') {
            Some(head) => {
                pending.push_str(head);
                pending.push(' ');
            }
            None => {
                pending.push_str(trimmed);
                commands.push(std::mem::take(&mut pending));
            }
        }
    }
    assert!(!in_block, "README.md: a ```sh block is not closed");
    commands
}

/// A one-article edition dated `date`.
fn small_edition(date: &str) -> String {
    format!(
        "title: 测试日报\ndate: {date}\nlanguage: zh-Hans\nsections:\n  - title: 要闻\n    articles:\n      - headline: 标题{date}\n        body: |\n          正文第一段，测试用。\n"
    )
}

/// The folder the commands run in: the README's file names, as small fixtures.
fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::os::unix::fs::symlink(repo("examples"), root.join("examples")).unwrap();
    std::fs::copy(
        repo("examples/nmg-2022-01-03/edition.yaml"),
        root.join("EDITION.yaml"),
    )
    .unwrap();
    std::fs::copy(
        repo("examples/nmg-2022-01-03/page.txt"),
        root.join("page.txt"),
    )
    .unwrap();
    let mut listed = Vec::new();
    for folder in ["archive", "editions"] {
        for date in ["2022-01-03", "2022-01-04"] {
            let path = format!("{folder}/{}/edition.yaml", date.replace('-', "/"));
            std::fs::create_dir_all(root.join(&path).parent().unwrap()).unwrap();
            std::fs::write(root.join(&path), small_edition(date)).unwrap();
            if folder == "archive" {
                listed.push(path);
            }
        }
    }
    // Manifests: one path per line, relative to the manifest.
    let manifest = |at: &str, prefix: &str| {
        let lines: Vec<String> = listed.iter().map(|p| format!("{prefix}{p}\n")).collect();
        std::fs::create_dir_all(root.join(at).parent().unwrap()).unwrap();
        std::fs::write(root.join(at), lines.concat()).unwrap();
    };
    manifest("issues.txt", "");
    manifest("archive.txt", "");
    for cluster in ["shared", "data"] {
        manifest(&format!("{cluster}/archive.txt"), "../");
        std::fs::create_dir_all(root.join(cluster).join("reports")).unwrap();
    }
    dir
}

/// The command as it runs here: `cargo run --release --` is the folio under test, cluster
/// paths are made relative, and GNU parallel's jobs become one command each.
fn runnable(command: &str) -> Vec<String> {
    let command = match command.strip_prefix("cargo run --release -- ") {
        Some(args) => format!("folio {args}"),
        None => command.to_string(),
    };
    let command = command
        .replace(" /shared/", " shared/")
        .replace("@/shared/", "@shared/");
    let command = command
        .replace(" /data/", " data/")
        .replace("@/data/", "@data/");
    let command = command
        .replace("\"/shared/", "\"shared/")
        .replace("\"/data/", "\"data/");
    if let Some(rest) = command.strip_prefix("parallel ") {
        let job = &rest[rest.find("folio ").expect("parallel runs folio")..];
        let (job, args) = job.split_once(" ::: ").expect("parallel's argument list");
        return args
            .split_whitespace()
            .map(|a| job.replace("{}", a))
            .collect();
    }
    vec![command]
}

/// Checks a README command that cannot run inside `cargo test` (see the file's comment), or
/// returns false for one to run.
fn checked_without_running(command: &str) -> bool {
    if command == ".ci/run" {
        for script in [".ci/run", ".ci/install-tools"] {
            let path = repo(script);
            let mode = std::os::unix::fs::PermissionsExt::mode(
                &std::fs::metadata(&path).unwrap().permissions(),
            );
            assert!(mode & 0o111 != 0, "{script} is not executable");
            let syntax = Command::new("bash").arg("-n").arg(&path).output().unwrap();
            assert!(
                syntax.status.success(),
                "{script}: {}",
                String::from_utf8_lossy(&syntax.stderr)
            );
        }
        return true;
    }
    if let Some(args) = command.strip_prefix("cargo install ") {
        assert_eq!(
            args, "--locked --path .",
            "a cargo install this test does not know"
        );
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let metadata = Command::new(cargo)
            .args([
                "metadata",
                "--locked",
                "--offline",
                "--no-deps",
                "--format-version",
                "1",
            ])
            .current_dir(repo("."))
            .output()
            .unwrap();
        assert!(
            metadata.status.success(),
            "cargo install --locked would fail: {}",
            String::from_utf8_lossy(&metadata.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&metadata.stdout).unwrap();
        let bins: Vec<&str> = json["packages"][0]["targets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["kind"].as_array().unwrap().iter().any(|k| k == "bin"))
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert!(bins.contains(&"folio"), "no folio binary: {bins:?}");
        return true;
    }
    false
}

#[test]
fn every_command_in_the_readme_runs() {
    let commands = readme_commands();
    assert!(commands.len() >= 20, "too few commands found: {commands:?}");
    let sandbox = sandbox();
    let bin_dir: PathBuf = Path::new(FOLIO).parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for command in &commands {
        if checked_without_running(command) {
            continue;
        }
        for run in runnable(command) {
            assert!(
                run.starts_with("folio "),
                "README command not covered by tests/readme.rs: {command}"
            );
            let out = Command::new("bash")
                .args(["-euo", "pipefail", "-c", &run])
                .current_dir(sandbox.path())
                .env("PATH", &path)
                .env_remove("FOLIO_FONT_DIR")
                .env("SLURM_CPUS_PER_TASK", "2")
                .env("SLURM_ARRAY_TASK_ID", "1")
                .env("JOB_COMPLETION_INDEX", "0")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "README command fails: {command}\n(run as: {run})\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    println!("{ran} README commands run, {} in all", commands.len());
    // The first command writes what the README says it writes.
    for ext in ["epub", "pdf"] {
        let book = sandbox
            .path()
            .join(format!("out/内蒙古日报-2022-01-03.{ext}"));
        assert!(book.is_file(), "{} missing", book.display());
    }
    assert!(sandbox.path().join("man/folio.1").is_file());
    assert!(
        std::fs::metadata(sandbox.path().join("folio.bash"))
            .unwrap()
            .len()
            > 1000
    );
}

#[test]
fn the_command_reader_joins_continued_lines_and_skips_comments() {
    let commands = readme_commands();
    assert_eq!(
        commands[0],
        "cargo run --release -- build examples/nmg-2022-01-03/edition.yaml -o out/"
    );
    assert_eq!(commands[1], ".ci/run");
    assert!(commands
        .iter()
        .all(|c| !c.starts_with('#') && !c.ends_with('\\')));
    assert!(commands.iter().any(|c| c
        .starts_with("folio import examples/nmg-2022-01-03/page.txt")
        && c.contains("--report review.txt")));
}

/// Every relative link in the README and in `docs/` points at a file of the repository, and
/// every file path they quote exists, but for the made-up folders of the examples (`out/`,
/// `archive/`, …).
#[test]
fn paths_the_documentation_names_exist() {
    let link = regex::Regex::new(r"\]\(([^)#:]+)\)").unwrap();
    let quoted = regex::Regex::new(
        r"`(\.?[a-z][a-z0-9._-]*/[^`\s]*\.(?:yaml|yml|json|txt|rs|md|pdf|py|ttc|jpg|png))`",
    )
    .unwrap();
    let made_up = [
        "out", "archive", "editions", "bag", "man", "shared", "data", "OUT",
    ];
    let mut documents = vec![repo("README.md")];
    for entry in std::fs::read_dir(repo("docs")).unwrap() {
        documents.push(entry.unwrap().path());
    }
    for document in documents {
        let text = std::fs::read_to_string(&document).unwrap();
        let base = document.parent().unwrap();
        for c in link.captures_iter(&text) {
            assert!(
                base.join(&c[1]).exists(),
                "{}: link to {}",
                document.display(),
                &c[1]
            );
        }
        for c in quoted.captures_iter(&text) {
            if made_up.contains(&c[1].split('/').next().unwrap()) {
                continue;
            }
            assert!(
                repo(&c[1]).exists(),
                "{}: names {}",
                document.display(),
                &c[1]
            );
        }
    }
}
