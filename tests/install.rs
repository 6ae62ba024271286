//! An installed `folio` needs nothing beside it: a copy of the binary in a folder of its own,
//! run from elsewhere, with no `FOLIO_FONT_DIR`, builds the example into both books (the fonts
//! are compiled in); `--version` says which fonts it uses and where they are; `--font-dir`
//! replaces them.

mod common;

use std::path::Path;
use std::process::Command;

use common::{repo, FOLIO};

/// A copy of the binary alone in `dir/bin`, as `cargo install --root dir` leaves it.
fn installed_copy(dir: &Path) -> std::path::PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let copy = bin.join("folio");
    std::fs::copy(FOLIO, &copy).unwrap();
    copy
}

#[test]
fn a_copy_of_the_binary_alone_builds_both_books_with_its_own_fonts() {
    let root = tempfile::tempdir().unwrap();
    let folio = installed_copy(root.path());
    // The edition is copied too, so nothing of the repository is reachable from the run.
    let work = root.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::copy(
        repo("examples/nmg-2022-01-03/edition.yaml"),
        work.join("edition.yaml"),
    )
    .unwrap();
    let out = Command::new(&folio)
        .current_dir(&work)
        .env_remove("FOLIO_FONT_DIR")
        .args(["build", "edition.yaml", "-o", "out"])
        .output()
        .unwrap();
    common::assert_success(&out);
    for ext in ["epub", "pdf"] {
        let book = common::only_output(&work.join("out"), ext);
        assert!(std::fs::metadata(&book).unwrap().len() > 10_000, "{book:?}");
    }
}

#[test]
fn version_names_the_fonts_and_where_they_are() {
    let out = Command::new(FOLIO)
        .env_remove("FOLIO_FONT_DIR")
        .arg("--version")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.starts_with(&format!("folio {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    assert!(
        text.contains("fonts: embedded in this executable: NotoSerifCJK-Regular.ttc")
            && text.contains("NotoSansCJK-Bold.ttc"),
        "{text}"
    );
    let fonts = repo("fonts");
    let out = Command::new(FOLIO)
        .env("FOLIO_FONT_DIR", &fonts)
        .arg("--version")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("fonts: from the folder {}", fonts.display())),
        "{text}"
    );
}

#[test]
fn a_font_dir_without_the_fonts_is_refused_by_name_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(FOLIO)
        .arg("build")
        .arg(repo("examples/nmg-2022-01-03/edition.yaml"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg("--font-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    common::assert_refused(&out, &["NotoSerifCJK-Regular.ttc", "compiled into it"]);
    assert!(!dir.path().join("out").exists());
}

#[test]
fn man_pages_are_written_for_every_command_from_the_clap_definitions() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(FOLIO)
        .args(["man", "-o"])
        .arg(dir.path())
        .output()
        .unwrap();
    common::assert_success(&out);
    for command in [
        "folio",
        "folio-build",
        "folio-check",
        "folio-import",
        "folio-batch",
    ] {
        let page = std::fs::read_to_string(dir.path().join(format!("{command}.1"))).unwrap();
        assert!(
            page.contains(&format!(".TH {command} 1")),
            "{command}: {page}"
        );
    }
    let build = std::fs::read_to_string(dir.path().join("folio-build.1")).unwrap();
    assert!(
        build.contains("font\\-dir") && build.contains("pdf\\-standard"),
        "{build}"
    );
}

#[test]
fn bash_completions_are_valid_bash_and_know_the_subcommands_and_flags() {
    let out = Command::new(FOLIO)
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let script = String::from_utf8(out.stdout).unwrap();
    for word in [
        "build",
        "batch",
        "import",
        "--font-dir",
        "--shard",
        "--pdf-standard",
    ] {
        assert!(script.contains(word), "{word} not completed");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.bash");
    std::fs::write(&path, &script).unwrap();
    let check = Command::new("bash").arg("-n").arg(&path).output().unwrap();
    common::assert_success(&check);
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = Command::new(FOLIO)
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success() && out.stdout.len() > 1000, "{shell}");
    }
}
