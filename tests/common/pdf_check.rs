//! Judging a PDF the way archivists and readers' tools do: qpdf (structure, outline), poppler
//! (`pdfinfo`, `pdffonts`, `pdftotext`: metadata, fonts, text, word boxes) and Apache PDFBox
//! Preflight (PDF/A-1b validity).

use std::ffi::OsStr;
use std::fmt;
use std::path::Path;

use regex::Regex;

use super::text::{alnum, articles, edition_pieces, unescape};
use super::tools;

/// Characters no line may start with (closing marks, small kana, iteration marks, …).
const NO_START: &str = "，。、．：；？！‼⁇⁈⁉）］｝〕〉》」』】〙〗〟’”｠»ヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～?!)]},.:;%";
/// Characters no line may end with (opening marks).
const NO_END: &str = "（［｛〔〈《「『【〘〖〝‘“｟«([{";

/// What [`check_pdf`] found.
#[derive(Debug)]
pub struct PdfReport {
    /// Number of pages (`pdfinfo`).
    pub pages: usize,
    /// Page size as `pdfinfo` prints it (`595.276 x 841.89 pts (A4)`).
    pub page_size: String,
    /// Number of fonts `pdffonts` lists.
    pub fonts: usize,
    /// Every outline (bookmark) title, depth first.
    pub outline: Vec<String>,
    /// The share of the edition's 12-character pieces `pdftotext` recovers, when an edition
    /// was given.
    pub text_share: Option<f64>,
    /// Up to five pieces of the edition's text not recovered.
    pub text_missing: Vec<String>,
    /// Lines starting with a closing mark or ending with an opening one (horizontal text).
    pub kinsoku: usize,
    /// The first few kinsoku violations, as lines of text.
    pub kinsoku_examples: Vec<String>,
    /// Words whose box lies outside the page (horizontal text).
    pub outside: usize,
    /// The PDF/A identification in the XMP (`PDF/A-2b`), if any.
    pub pdfa: Option<String>,
    /// The file's size in bytes.
    pub bytes: u64,
    /// The whole text as `pdftotext` reads it.
    pub text: String,
    /// Everything that fails the bar, one sentence each.
    pub problems: Vec<String>,
}

impl PdfReport {
    /// Fails the test, with the whole report, unless every check passed.
    pub fn assert_clean(&self) -> &Self {
        println!("{self}");
        assert!(
            self.problems.is_empty(),
            "the PDF fails its checks:\n{self:#?}"
        );
        self
    }
}

impl fmt::Display for PdfReport {
    /// One summary line, in the form the checks have always printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let share = self
            .text_share
            .map_or_else(|| "n/a".to_string(), |s| format!("{:.2}%", 100.0 * s));
        write!(
            f,
            "pdf: {} pages ({}), {} fonts, outline {}, text {share}, kinsoku {}, outside {}, {}, {} bytes, {} problems",
            self.pages,
            self.page_size,
            self.fonts,
            self.outline.len(),
            self.kinsoku,
            self.outside,
            self.pdfa.as_deref().unwrap_or("no PDF/A id"),
            self.bytes,
            self.problems.len()
        )
    }
}

/// Runs a poppler tool and returns its stdout. Anything it prints on stderr is a
/// problem: archivists run these tools and must not see an error on a valid file.
fn poppler(program: &str, args: &[&OsStr], problems: &mut Vec<String>) -> String {
    let out = tools::run(program, args, "poppler-utils");
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !stderr.trim().is_empty() {
        problems.push(format!("{program} prints on stderr: {}", stderr.trim()));
    }
    if !out.status.success() {
        problems.push(format!("{program} failed: {}", stderr.trim()));
    }
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Judges `pdf`: `qpdf --check`, PDF/A identification in the XMP, every font embedded, subset
/// and with a Unicode map; the outline; given the edition file, at least 99% of its text
/// recovered in order by `pdftotext` (in 12-character pieces) and every headline in the
/// outline; for horizontal text (`vertical` false), no kinsoku violation and no word outside
/// the page; and nothing on poppler's stderr. Fails the test only if a tool is missing; the
/// verdicts are in the report's `problems`.
pub fn check_pdf(pdf: &Path, edition: Option<&Path>, vertical: bool) -> PdfReport {
    assert!(pdf.is_file(), "no PDF at {}", pdf.display());
    let mut problems = Vec::new();
    let file = pdf.as_os_str();

    let qpdf = tools::run("qpdf", &[OsStr::new("--check"), file], "qpdf");
    if !qpdf.status.success() {
        let said = [qpdf.stderr, qpdf.stdout]
            .iter()
            .map(|b| String::from_utf8_lossy(b).trim().to_string())
            .find(|s| !s.is_empty())
            .unwrap_or_default();
        problems.push(format!(
            "qpdf --check: {}",
            said.lines().last().unwrap_or("")
        ));
    }

    let info = poppler("pdfinfo", &[file], &mut problems);
    let field = |name: &str| -> String {
        info.lines()
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
            .unwrap_or_else(|| panic!("pdfinfo gave no {name}:\n{info}"))
    };
    let pages: usize = field("Pages:").parse().expect("a page count");
    let page_size = field("Page size:");
    let meta = poppler("pdfinfo", &[OsStr::new("-meta"), file], &mut problems);
    let pdfa = pdfa_id(&meta);
    if pdfa.is_none() {
        problems.push("no PDF/A identification (pdfaid) in the XMP metadata".into());
    }

    let fonts = check_fonts(&poppler("pdffonts", &[file], &mut problems), &mut problems);
    let outline = outline_titles(pdf, &mut problems);
    let text = poppler(
        "pdftotext",
        &[
            OsStr::new("-enc"),
            OsStr::new("UTF-8"),
            file,
            OsStr::new("-"),
        ],
        &mut problems,
    );

    let (mut text_share, mut text_missing) = (None, Vec::new());
    if let Some(edition) = edition {
        let (share, missing) = recovered(&text, &edition_pieces(edition));
        if share < 0.99 {
            problems.push(format!(
                "only {:.1}% of the edition's text recovered",
                100.0 * share
            ));
        }
        text_share = Some(share);
        text_missing = missing;
        let titles: Vec<String> = outline.iter().map(|t| alnum(t)).collect();
        let heads: Vec<String> = articles(edition).into_iter().map(|a| a.headline).collect();
        let absent: Vec<&String> = heads
            .iter()
            .filter(|h| !titles.iter().any(|t| t.contains(&alnum(h))))
            .collect();
        if !absent.is_empty() {
            problems.push(format!(
                "{} of {} headlines missing from the outline, e.g. {:?}",
                absent.len(),
                heads.len(),
                &absent[..absent.len().min(5)]
            ));
        }
    }

    let (mut kinsoku, mut kinsoku_examples, mut outside) = (0, Vec::new(), 0);
    if !vertical {
        let boxes = poppler(
            "pdftotext",
            &[
                OsStr::new("-enc"),
                OsStr::new("UTF-8"),
                OsStr::new("-bbox-layout"),
                file,
                OsStr::new("-"),
            ],
            &mut problems,
        );
        (kinsoku, kinsoku_examples, outside) = line_rules(&boxes);
        if kinsoku > 0 {
            problems.push(format!(
                "{kinsoku} kinsoku violations, e.g. {kinsoku_examples:?}"
            ));
        }
        if outside > 0 {
            problems.push(format!("{outside} words outside the page"));
        }
    }

    PdfReport {
        pages,
        page_size,
        fonts,
        outline,
        text_share,
        text_missing,
        kinsoku,
        kinsoku_examples,
        outside,
        pdfa,
        bytes: std::fs::metadata(pdf).unwrap().len(),
        text,
        problems,
    }
}

/// `PDF/A-2b` from the XMP's `pdfaid:part` and `pdfaid:conformance` (attribute or element).
fn pdfa_id(xmp: &str) -> Option<String> {
    let part = Regex::new(r#"pdfaid:part[=>"']+\s*(\d)"#).unwrap();
    let conformance = Regex::new(r#"pdfaid:conformance[=>"']+\s*(\w)"#).unwrap();
    let part = part.captures(xmp)?[1].to_string();
    let level = conformance
        .captures(xmp)
        .map(|c| c[1].to_lowercase())
        .unwrap_or_default();
    Some(format!("PDF/A-{part}{level}"))
}

/// Counts `pdffonts`' rows, adding a problem for each font not embedded, not subset or without
/// a Unicode map.
fn check_fonts(table: &str, problems: &mut Vec<String>) -> usize {
    let mut count = 0;
    for row in table.lines().skip(2) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        if cols.len() < 7 {
            continue;
        }
        count += 1;
        let n = cols.len();
        let (name, emb, sub, uni) = (cols[0], cols[n - 5], cols[n - 4], cols[n - 3]);
        for (flag, what) in [(emb, "embedded"), (sub, "subset")] {
            if flag != "yes" {
                problems.push(format!("font {name} not {what}"));
            }
        }
        if uni != "yes" {
            problems.push(format!("font {name} has no Unicode map"));
        }
    }
    if count == 0 {
        problems.push("no font in the PDF".into());
    }
    count
}

/// Every outline title, depth first, from `qpdf --json`.
fn outline_titles(pdf: &Path, problems: &mut Vec<String>) -> Vec<String> {
    let out = tools::run(
        "qpdf",
        &[
            OsStr::new("--json"),
            OsStr::new("--json-key=outlines"),
            pdf.as_os_str(),
        ],
        "qpdf",
    );
    fn walk(items: &[serde_json::Value], titles: &mut Vec<String>) {
        for item in items {
            titles.push(item["title"].as_str().unwrap_or("").to_string());
            walk(item["kids"].as_array().map_or(&[], Vec::as_slice), titles);
        }
    }
    let mut titles = Vec::new();
    match serde_json::from_slice::<serde_json::Value>(&out.stdout) {
        Ok(json) => walk(
            json["outlines"].as_array().map_or(&[], Vec::as_slice),
            &mut titles,
        ),
        Err(e) => problems.push(format!("outline unreadable: {e}")),
    }
    titles
}

/// The share of `pieces` found in `text` (letters, digits and Han characters only), and up to
/// five pieces not found.
pub fn recovered(text: &str, pieces: &[String]) -> (f64, Vec<String>) {
    let got = alnum(text);
    let missing: Vec<&String> = pieces
        .iter()
        .filter(|p| !got.contains(p.as_str()))
        .collect();
    let share = 1.0 - missing.len() as f64 / pieces.len().max(1) as f64;
    (share, missing.into_iter().take(5).cloned().collect())
}

/// Kinsoku violations (with up to five examples) and words outside the page in
/// `pdftotext -bbox-layout` output. Words of a block that share a baseline (within 1 pt) are
/// one printed line: poppler may split a line in two where punctuation is compressed.
fn line_rules(boxes: &str) -> (usize, Vec<String>, usize) {
    let page = Regex::new(r#"(?s)<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>"#).unwrap();
    let block = Regex::new(r"(?s)<block[^>]*>(.*?)</block>").unwrap();
    let word = Regex::new(
        r#"<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>"#,
    )
    .unwrap();
    let (mut violations, mut examples, mut outside) = (0, Vec::new(), 0);
    for p in page.captures_iter(boxes) {
        let (w, h): (f64, f64) = (p[1].parse().unwrap(), p[2].parse().unwrap());
        for b in block.captures_iter(&p[3]) {
            let mut rows: Vec<(f64, Vec<(f64, String)>)> = Vec::new();
            for c in word.captures_iter(&b[1]) {
                let n = |i: usize| -> f64 { c[i].parse().unwrap() };
                let (x0, y0, x1, y1) = (n(1), n(2), n(3), n(4));
                if x0 < -0.5 || x1 > w + 0.5 || y0 < -0.5 || y1 > h + 0.5 {
                    outside += 1;
                }
                let text = unescape(&c[5]);
                match rows.iter_mut().find(|(base, _)| (base - y1).abs() < 1.0) {
                    Some((_, words)) => words.push((x0, text)),
                    None => rows.push((y1, vec![(x0, text)])),
                }
            }
            for (_, mut words) in rows {
                words.sort_by(|a, b| a.0.total_cmp(&b.0));
                let line: String = words.into_iter().map(|(_, t)| t).collect();
                let chars: Vec<char> = line.chars().collect();
                if chars.len() < 2 {
                    continue;
                }
                let bad_start = NO_START.contains(chars[0]);
                let bad_end = NO_END.contains(chars[chars.len() - 1]);
                violations += usize::from(bad_start) + usize::from(bad_end);
                if (bad_start || bad_end) && examples.len() < 5 {
                    examples.push(line);
                }
            }
        }
    }
    (violations, examples, outside)
}

/// What [`check_pdfa_1b`] found.
#[derive(Debug)]
pub struct PdfaReport {
    /// Preflight's verdict.
    pub valid: bool,
    /// Its error lines (`2.1.6 : Invalid graphics object, …`), sorted, repeats counted.
    pub errors: Vec<String>,
}

/// Validates `pdf` against PDF/A-1b with Apache PDFBox Preflight 2.0 and fails the test,
/// with Preflight's errors, unless it is valid. Preflight knows only PDF/A-1b: use it on a
/// PDF made for PDF/A-1b.
pub fn check_pdfa_1b(pdf: &Path) -> PdfaReport {
    let classpath = tools::pdfbox_classpath();
    let out = tools::run(
        tools::java(),
        &[
            OsStr::new("-cp"),
            OsStr::new(&classpath),
            OsStr::new("org.apache.pdfbox.preflight.Validator_A1b"),
            pdf.as_os_str(),
        ],
        "default-jre-headless",
    );
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let error_line = Regex::new(r"^ *[0-9.]+ *: ").unwrap();
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for line in said.lines().filter(|l| error_line.is_match(l)) {
        *counts.entry(line.trim()).or_default() += 1;
    }
    let errors: Vec<String> = counts.iter().map(|(l, n)| format!("{n}× {l}")).collect();
    let valid = said.contains("is a valid PDF/A-1b");
    assert!(
        valid && errors.is_empty(),
        "PDFBox Preflight: {} is not a valid PDF/A-1b:\n{}\n{}",
        pdf.display(),
        errors.join("\n"),
        if errors.is_empty() { said.as_str() } else { "" }
    );
    println!("pdfa-1b: valid");
    PdfaReport { valid, errors }
}

/// The text of page `n` as `pdftotext -f n -l n` reads it.
pub fn page_text(pdf: &Path, n: usize) -> String {
    let n = n.to_string();
    let out = tools::run(
        "pdftotext",
        &[
            OsStr::new("-enc"),
            OsStr::new("UTF-8"),
            OsStr::new("-f"),
            OsStr::new(&n),
            OsStr::new("-l"),
            OsStr::new(&n),
            pdf.as_os_str(),
            OsStr::new("-"),
        ],
        "poppler-utils",
    );
    assert!(out.status.success(), "pdftotext failed on page {n}");
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}
