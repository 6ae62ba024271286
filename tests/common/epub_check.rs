//! Judging an EPUB the way e-book distributors do: EPUBCheck 5.3.0 (the W3C/DAISY validator),
//! then the package itself: language, navigation, embedded fonts, headlines in the table of
//! contents.

use std::ffi::OsStr;
use std::fmt;
use std::io::Read;
use std::path::Path;

use regex::Regex;

use super::text::{articles, unescape};
use super::tools;

/// A font larger than this was not subset.
const SUBSET_FONT_LIMIT: u64 = 4_000_000;

/// What [`check_epub`] found.
#[derive(Debug)]
pub struct EpubReport {
    /// EPUBCheck's fatal errors and errors.
    pub errors: usize,
    /// EPUBCheck's warnings.
    pub warnings: usize,
    /// EPUBCheck's messages of those severities: `SEVERITY ID: message [path:line]`.
    pub messages: Vec<String>,
    /// Every `dc:language` of the package.
    pub languages: Vec<String>,
    /// The text of every entry of the nav document's `toc`, unescaped.
    pub nav_entries: Vec<String>,
    /// How deeply the `toc`'s lists nest.
    pub nav_depth: usize,
    /// Every embedded font file and its size.
    pub fonts: Vec<(String, u64)>,
    /// The book's size in bytes.
    pub bytes: u64,
    /// Everything beyond EPUBCheck's messages that fails the bar.
    pub problems: Vec<String>,
}

impl EpubReport {
    /// Fails the test, with the whole report, unless EPUBCheck reports no error and no warning
    /// and every inspection passed.
    pub fn assert_clean(&self) -> &Self {
        println!("{self}");
        assert!(
            self.errors == 0 && self.warnings == 0 && self.problems.is_empty(),
            "the EPUB fails its checks:\n{self:#?}"
        );
        self
    }
}

impl fmt::Display for EpubReport {
    /// One summary line, in the form the checks have always printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "epub: {} errors, {} warnings, {} problems, toc {}, {} fonts, {} bytes",
            self.errors,
            self.warnings,
            self.problems.len(),
            self.nav_entries.len(),
            self.fonts.len(),
            self.bytes
        )
    }
}

/// Judges `epub`: EPUBCheck's verdict; a `dc:language`; a nav document whose `lang` is the
/// book's language, with a `toc`; embedded fonts, each subset; and, given the edition file,
/// every headline in the `toc`. Fails the test only if a tool is missing or the book cannot
/// be opened; the verdicts are in the report.
pub fn check_epub(epub: &Path, edition: Option<&Path>) -> EpubReport {
    assert!(epub.is_file(), "no EPUB at {}", epub.display());
    let (errors, warnings, messages) = epubcheck(epub);
    let mut problems = Vec::new();

    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap())
        .unwrap_or_else(|e| panic!("{} is not a zip: {e}", epub.display()));
    let mut read = |name: &str| -> Option<String> {
        let mut entry = zip.by_name(name).ok()?;
        let mut text = String::new();
        entry.read_to_string(&mut text).ok()?;
        Some(text)
    };
    let container = read("META-INF/container.xml").expect("META-INF/container.xml");
    let opf_path = capture(r#"full-path="([^"]+)""#, &container).expect("a rootfile");
    let opf = read(&opf_path).unwrap_or_else(|| panic!("no package document {opf_path}"));
    let base = opf_path.rsplit_once('/').map_or("", |(dir, _)| dir);

    let languages: Vec<String> = Regex::new(r"<dc:language[^>]*>([^<]+)</dc:language>")
        .unwrap()
        .captures_iter(&opf)
        .map(|c| c[1].trim().to_string())
        .collect();
    if languages.is_empty() {
        problems.push("no dc:language".into());
    }

    let (mut nav_entries, mut nav_depth) = (Vec::new(), 0);
    let nav_item = capture(
        r#"(<item\s[^>]*properties\s*=\s*"[^"]*\bnav\b[^"]*"[^>]*>)"#,
        &opf,
    );
    match nav_item.and_then(|item| capture(r#"href="([^"]+)""#, &item)) {
        Some(href) => {
            let path = join(base, &href);
            let nav = read(&path).unwrap_or_else(|| panic!("no nav document {path}"));
            let lang = capture(r#"<html[^>]*\slang="([^"]*)""#, &nav);
            if lang.as_deref() != languages.first().map(String::as_str) {
                problems.push(format!(
                    "the nav document's lang {lang:?} is not the book's language {languages:?}"
                ));
            }
            match capture(r#"(?s)(<nav[^>]*epub:type\s*=\s*"toc".*?</nav>)"#, &nav) {
                Some(toc) => (nav_entries, nav_depth) = toc_entries(&toc),
                None => problems.push("the nav document has no toc".into()),
            }
        }
        None => problems.push("no nav document".into()),
    }

    let mut fonts = Vec::new();
    let font_name = Regex::new(r"(?i)\.(otf|ttf|woff2?)$").unwrap();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        if font_name.is_match(entry.name()) {
            fonts.push((entry.name().to_string(), entry.size()));
        }
    }
    for (name, size) in &fonts {
        if *size > SUBSET_FONT_LIMIT {
            problems.push(format!("font {name} is {size} bytes: not subset"));
        }
    }
    if fonts.is_empty() {
        problems.push("no embedded font".into());
    }

    if let Some(edition) = edition {
        let squeeze = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
        let entries: Vec<String> = nav_entries.iter().map(|e| squeeze(e)).collect();
        let heads: Vec<String> = articles(edition).into_iter().map(|a| a.headline).collect();
        let absent: Vec<&String> = heads
            .iter()
            .filter(|h| !entries.iter().any(|e| e.contains(&squeeze(h))))
            .collect();
        if !absent.is_empty() {
            problems.push(format!(
                "{} of {} headlines missing from the toc, e.g. {:?}",
                absent.len(),
                heads.len(),
                &absent[..absent.len().min(5)]
            ));
        }
    }

    EpubReport {
        errors,
        warnings,
        messages,
        languages,
        nav_entries,
        nav_depth,
        fonts,
        bytes: std::fs::metadata(epub).unwrap().len(),
        problems,
    }
}

/// Runs EPUBCheck with its JSON report; returns its errors (fatal included), warnings, and
/// those messages.
fn epubcheck(epub: &Path) -> (usize, usize, Vec<String>) {
    let jar = tools::epubcheck_jar();
    let out = tools::run(
        tools::java(),
        &[
            OsStr::new("-jar"),
            jar.as_os_str(),
            epub.as_os_str(),
            OsStr::new("--json"),
            OsStr::new("-"),
        ],
        "default-jre-headless",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = stdout
        .find('{')
        .and_then(|at| serde_json::from_str(&stdout[at..]).ok())
        .unwrap_or_else(|| {
            panic!(
                "EPUBCheck produced no report on {}:\n{}\n{}",
                epub.display(),
                stdout,
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let (mut errors, mut warnings, mut messages) = (0, 0, Vec::new());
    for m in report["messages"].as_array().into_iter().flatten() {
        let severity = m["severity"].as_str().unwrap_or("");
        if !matches!(severity, "FATAL" | "ERROR" | "WARNING") {
            continue;
        }
        if severity == "WARNING" {
            warnings += 1;
        } else {
            errors += 1;
        }
        let at = &m["locations"][0];
        messages.push(format!(
            "{severity} {}: {} [{}:{}]",
            m["ID"].as_str().unwrap_or("?"),
            m["message"].as_str().unwrap_or(""),
            at["path"].as_str().unwrap_or("?"),
            at["line"]
        ));
    }
    (errors, warnings, messages)
}

/// The `toc`'s entries (the text of each link, tags removed, unescaped) and its depth.
fn toc_entries(toc: &str) -> (Vec<String>, usize) {
    let tag = Regex::new(r"<[^>]+>").unwrap();
    let entries = Regex::new(r"(?s)<a[^>]*>(.*?)</a>")
        .unwrap()
        .captures_iter(toc)
        .map(|c| unescape(&tag.replace_all(&c[1], "")).trim().to_string())
        .collect();
    let (mut depth, mut deepest) = (0usize, 0);
    for list in Regex::new(r"</?ol").unwrap().find_iter(toc) {
        if list.as_str() == "<ol" {
            depth += 1;
            deepest = deepest.max(depth);
        } else {
            depth = depth.saturating_sub(1);
        }
    }
    (entries, deepest)
}

/// The first capture group of `pattern` in `text`.
fn capture(pattern: &str, text: &str) -> Option<String> {
    Regex::new(pattern)
        .unwrap()
        .captures(text)
        .map(|c| c[1].to_string())
}

/// `href` resolved against the package's folder `base`, `.` and `..` removed.
fn join(base: &str, href: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}
