//! Judging an EPUB's accessibility with Ace by DAISY, run offline with the system's Chromium.

use std::fmt;
use std::path::Path;
use std::process::Command;

use super::tools;

/// The accessibility metadata an EPUB Accessibility 1.1 publication carries: Ace's required
/// and recommended schema.org items, the conformance claim and its evaluator.
const METADATA: [&str; 7] = [
    "schema:accessMode",
    "schema:accessibilityFeature",
    "schema:accessibilityHazard",
    "schema:accessibilitySummary",
    "schema:accessModeSufficient",
    "dcterms:conformsTo",
    "a11y:certifiedBy",
];

/// What [`check_a11y`] found.
#[derive(Debug, Default)]
pub struct A11yReport {
    /// Violations by impact.
    pub critical: usize,
    /// Serious violations.
    pub serious: usize,
    /// Moderate violations.
    pub moderate: usize,
    /// Minor violations.
    pub minor: usize,
    /// Every violation: `IMPACT RULE FILE [where] description`.
    pub violations: Vec<String>,
    /// The metadata items of [`METADATA`] missing or empty.
    pub metadata_missing: Vec<String>,
}

impl A11yReport {
    /// Fails the test, with every violation, unless there is no critical or serious violation
    /// and the metadata is complete.
    pub fn assert_clean(&self) -> &Self {
        println!("{self}");
        assert!(
            self.critical + self.serious == 0 && self.metadata_missing.is_empty(),
            "Ace by DAISY: {self}\n{}",
            self.violations.join("\n")
        );
        self
    }
}

impl fmt::Display for A11yReport {
    /// The summary line: counts by impact, then the metadata verdict.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let metadata = if self.metadata_missing.is_empty() {
            "ok".to_string()
        } else {
            format!("missing {}", self.metadata_missing.join(" "))
        };
        write!(
            f,
            "a11y: {} critical, {} serious, {} moderate, {} minor, metadata: {metadata}",
            self.critical, self.serious, self.moderate, self.minor
        )
    }
}

/// Runs Ace by DAISY on `epub` and returns its findings. Ace starts Chromium through a wrapper
/// that keeps it headless and off the network; its configuration and caches stay in a
/// temporary folder. Fails the test if Ace or Chromium is missing or Ace cannot run.
pub fn check_a11y(epub: &Path) -> A11yReport {
    let ace = tools::ace_js();
    let chromium = tools::chromium();
    let work = tempfile::tempdir().unwrap();
    let wrapper = work.path().join("chromium");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nexec '{}' --no-sandbox --disable-gpu --disable-dev-shm-usage \
             --disable-background-networking --disable-component-update --no-first-run \
             --disable-sync --disable-default-apps --disable-crash-reporter --disable-breakpad \"$@\"\n",
            chromium.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let report_dir = work.path().join("report");
    let xdg = work.path().join("xdg");
    let out = Command::new("node")
        .arg(&ace)
        .args(["-f", "-t"])
        .arg(work.path().join("tmp"))
        .arg("-o")
        .arg(&report_dir)
        .arg(epub)
        .env("PUPPETEER_EXECUTABLE_PATH", &wrapper)
        .env("PUPPETEER_SKIP_DOWNLOAD", "1")
        // Thirty seconds, not five, to start Chromium on a busy machine.
        .env("ACE_TIMEOUT_INITIAL", "30000")
        .env("XDG_CONFIG_HOME", xdg.join("config"))
        .env("XDG_STATE_HOME", xdg.join("state"))
        .env("XDG_CACHE_HOME", xdg.join("cache"))
        .env("XDG_DATA_HOME", xdg.join("data"))
        .output()
        .unwrap_or_else(|e| {
            tools::missing(&format!(
                "`node` for Ace by DAISY ({e}; Debian package nodejs)"
            ))
        });
    let report_path = report_dir.join("report.json");
    assert!(
        out.status.success() && report_path.is_file(),
        "Ace failed on {}:\n{}\n{}",
        epub.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report_path).unwrap()).expect("Ace's report.json");
    summarise(&report)
}

/// Counts the failed assertions of Ace's report by impact and lists the metadata missing.
fn summarise(report: &serde_json::Value) -> A11yReport {
    let mut found = A11yReport::default();
    for group in report["assertions"].as_array().into_iter().flatten() {
        let file = group["earl:testSubject"]["url"].as_str().unwrap_or("?");
        for a in group["assertions"].as_array().into_iter().flatten() {
            let result = &a["earl:result"];
            if result["earl:outcome"].as_str() != Some("fail") {
                continue;
            }
            let test = &a["earl:test"];
            let impact = test["earl:impact"].as_str().unwrap_or("minor");
            match impact {
                "critical" => found.critical += 1,
                "serious" => found.serious += 1,
                "moderate" => found.moderate += 1,
                _ => found.minor += 1,
            }
            let css: Vec<&str> = result["earl:pointer"]["css"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c.as_str())
                .collect();
            let description = result["dct:description"]
                .as_str()
                .or(test["dct:description"].as_str())
                .unwrap_or("");
            found.violations.push(format!(
                "{impact}\t{}\t{file}\t[{}] {}",
                test["dct:title"].as_str().unwrap_or("?"),
                css.join(", "),
                description.split_whitespace().collect::<Vec<_>>().join(" ")
            ));
        }
    }
    let metadata = &report["a11y-metadata"];
    let listed = |key: &str, item: &str| {
        metadata[key]
            .as_array()
            .is_some_and(|l| l.iter().any(|v| v.as_str() == Some(item)))
    };
    found.metadata_missing = METADATA
        .iter()
        .filter(|item| listed("missing", item) || listed("empty", item))
        .map(|item| item.to_string())
        .collect();
    found
}
