//! `folio import` on real and simulated raw pages, scored against hand-structured editions.
//!
//! Each page is imported by the real binary; the result must load as an edition and pass
//! `folio check`, and is scored against the expected edition beside the raw text: articles found,
//! headline blocks exactly right, datelines and bylines, character similarity of bodies and
//! captions (whitespace removed) and paragraph breaks. Scores are printed
//! (`cargo test --test import -- --nocapture`) and held to floors.

use std::path::{Path, PathBuf};
use std::process::Command;

use folio::edition::{self, Article, Edition};

mod common;
use common::{repo, FOLIO as BIN};

/// Runs `folio import` on `page` with the expected edition's title, date and language, and
/// returns the imported edition and the review report.
fn import(page: &Path, expected: &Edition, out_dir: &Path) -> (Edition, String) {
    let output = out_dir.join("imported.yaml");
    let report = out_dir.join("report.txt");
    let run = Command::new(BIN)
        .arg("import")
        .arg(page)
        .arg("-o")
        .arg(&output)
        .args(["--title", &expected.title])
        .args(["--date", &expected.date.to_string()])
        .args(["--language", expected.language.tag()])
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "folio import failed on {}: {}",
        page.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&output).unwrap();
    let edition = edition::parse_str(&output, &text)
        .unwrap_or_else(|e| panic!("imported edition does not load: {e}\n{text}"));
    let check = Command::new(BIN)
        .arg("check")
        .arg(&output)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "folio check refuses the imported edition: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    (edition, std::fs::read_to_string(&report).unwrap())
}

fn load_expected(path: &Path) -> Edition {
    let text = std::fs::read_to_string(path).unwrap();
    edition::parse_str(path, &text).unwrap()
}

/// An article's running text (paragraphs, then captions and credits) without whitespace, and
/// the offsets in it where paragraphs break.
fn text_and_breaks(a: &Article) -> (Vec<char>, Vec<usize>) {
    let mut text = Vec::new();
    let mut breaks = Vec::new();
    for (i, p) in a.paragraphs().iter().enumerate() {
        if i > 0 {
            breaks.push(text.len());
        }
        text.extend(p.chars().filter(|c| !c.is_whitespace()));
    }
    for image in &a.images {
        for part in [&image.caption, &image.credit].into_iter().flatten() {
            text.extend(part.chars().filter(|c| !c.is_whitespace()));
        }
    }
    (text, breaks)
}

/// Edit distance between two character sequences (insertions, deletions, substitutions).
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// How an imported page compares with its hand-structured edition.
#[derive(Debug, Default)]
struct Score {
    expected: usize,
    imported: usize,
    found: usize,
    headlines_exact: usize,
    headline_blocks_exact: usize,
    datelines_right: usize,
    bylines_right: usize,
    chars_total: usize,
    chars_right: usize,
    worst_article_similarity: f64,
    breaks_expected: usize,
    breaks_imported: usize,
    breaks_matched: usize,
}

impl Score {
    fn char_similarity(&self) -> f64 {
        self.chars_right as f64 / self.chars_total.max(1) as f64
    }

    /// Breaks in the right place over all breaks expected or made (missed and spurious both count).
    fn break_accuracy(&self) -> f64 {
        let wrong = (self.breaks_expected - self.breaks_matched)
            + (self.breaks_imported - self.breaks_matched);
        self.breaks_matched as f64 / (self.breaks_matched + wrong).max(1) as f64
    }

    fn print(&self, name: &str) {
        println!(
            "import score {name}: articles {}/{} found ({} imported), headlines exact {}/{}, \
             headline blocks (kicker, subheadline) exact {}/{}, datelines {}/{}, bylines {}/{}, \
             body characters {:.4} (worst article {:.4}), paragraph breaks {}/{} found, {} spurious, accuracy {:.4}",
            self.found,
            self.expected,
            self.imported,
            self.headlines_exact,
            self.expected,
            self.headline_blocks_exact,
            self.expected,
            self.datelines_right,
            self.expected,
            self.bylines_right,
            self.expected,
            self.char_similarity(),
            self.worst_article_similarity,
            self.breaks_matched,
            self.breaks_expected,
            self.breaks_imported - self.breaks_matched,
            self.break_accuracy(),
        );
    }
}

/// Scores every expected article against the imported article whose text is closest to it.
fn score(expected: &Edition, imported: &Edition) -> Score {
    let got: Vec<&Article> = imported.articles().map(|(_, a)| a).collect();
    let mut used = vec![false; got.len()];
    let mut s = Score {
        imported: got.len(),
        worst_article_similarity: 1.0,
        ..Score::default()
    };
    for (_, want) in expected.articles() {
        s.expected += 1;
        let (want_text, want_breaks) = text_and_breaks(want);
        s.chars_total += want_text.len();
        s.breaks_expected += want_breaks.len();
        let best = got
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .map(|(i, a)| {
                let (text, _) = text_and_breaks(a);
                let distance = levenshtein(&want_text, &text);
                (i, distance, want_text.len().max(text.len()))
            })
            .min_by_key(|&(_, distance, _)| distance);
        let Some((i, distance, longest)) = best else {
            s.worst_article_similarity = 0.0;
            continue;
        };
        let similarity = 1.0 - distance as f64 / longest.max(1) as f64;
        if similarity < 0.5 {
            s.worst_article_similarity = 0.0;
            continue;
        }
        used[i] = true;
        let a = got[i];
        s.found += 1;
        s.chars_right += want_text.len().saturating_sub(distance);
        s.worst_article_similarity = s.worst_article_similarity.min(similarity);
        s.headlines_exact += usize::from(a.headline == want.headline);
        s.headline_blocks_exact += usize::from(
            a.headline == want.headline
                && a.kicker == want.kicker
                && a.subheadline == want.subheadline,
        );
        s.datelines_right += usize::from(a.dateline == want.dateline);
        s.bylines_right += usize::from(a.byline == want.byline);
        let (_, breaks) = text_and_breaks(a);
        s.breaks_imported += breaks.len();
        // A break counts when it falls within two characters of the expected place (the texts
        // may differ slightly before it).
        let mut taken = vec![false; breaks.len()];
        for w in &want_breaks {
            if let Some(k) = (0..breaks.len()).find(|&k| !taken[k] && breaks[k].abs_diff(*w) <= 2) {
                taken[k] = true;
                s.breaks_matched += 1;
            }
        }
    }
    s
}

fn score_page(dir: &Path) -> (Score, String) {
    let expected = load_expected(&dir.join("edition.yaml"));
    let out = tempfile::tempdir().unwrap();
    let (imported, report) = import(&dir.join("page.txt"), &expected, out.path());
    let s = score(&expected, &imported);
    (s, report)
}

#[test]
fn sample_page_scores_against_the_hand_edition() {
    let (s, report) = score_page(&repo("examples/nmg-2022-01-03"));
    s.print("nmg-2022-01-03");
    assert_eq!(s.found, 10, "{s:?}");
    assert_eq!(s.imported, 10, "{s:?}");
    assert_eq!(s.headlines_exact, 10, "{s:?}");
    assert_eq!(s.headline_blocks_exact, 10, "{s:?}");
    assert_eq!(s.datelines_right, 10, "{s:?}");
    assert_eq!(s.bylines_right, 10, "{s:?}");
    assert!(s.char_similarity() >= 0.995, "{s:?}");
    assert!(s.break_accuracy() >= 0.95, "{s:?}");
    // The report names the guesses a person should review.
    assert!(report.contains("attached by position"), "{report}");
    assert!(report.contains("page slogan"), "{report}");
    assert!(report.contains("kicker"), "{report}");
}

#[test]
fn simulated_pages_score_against_their_editions() {
    let data = repo("tests/data/import");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("page.txt").is_file())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 2,
        "expected at least two simulated pages in {}",
        data.display()
    );
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let (s, _) = score_page(&dir);
        s.print(&name);
        assert_eq!(s.found, s.expected, "{name}: {s:?}");
        assert_eq!(s.imported, s.expected, "{name}: {s:?}");
        // A headline printed over two lines loses the author's space where the lines break
        // (`秋季馬拉松週日開跑 / 部分路段交通管制`); nothing in the text tells it apart from
        // a headline wrapped mid-phrase, so one such miss per page is allowed.
        assert!(s.headlines_exact + 1 >= s.expected, "{name}: {s:?}");
        assert!(s.datelines_right + 1 >= s.expected, "{name}: {s:?}");
        assert!(s.bylines_right + 1 >= s.expected, "{name}: {s:?}");
        assert!(s.char_similarity() >= 0.995, "{name}: {s:?}");
        assert!(s.break_accuracy() >= 0.9, "{name}: {s:?}");
    }
}

#[test]
fn import_is_deterministic_and_writes_nothing_on_failure() {
    let dir = tempfile::tempdir().unwrap();
    let page = repo("examples/nmg-2022-01-03/page.txt");
    let run = |out: &Path| {
        Command::new(BIN)
            .arg("import")
            .arg(&page)
            .arg("-o")
            .arg(out)
            .args(["--title", "内蒙古日报", "--date", "2022-01-03"])
            .output()
            .unwrap()
    };
    let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
    assert!(run(&a).status.success());
    assert!(run(&b).status.success());
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());

    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "\n\n").unwrap();
    let out = dir.path().join("never.yaml");
    let failed = Command::new(BIN)
        .arg("import")
        .arg(&empty)
        .arg("-o")
        .arg(&out)
        .args(["--title", "报", "--date", "2022-01-03"])
        .output()
        .unwrap();
    assert!(!failed.status.success());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("empty.txt") && stderr.contains("empty"),
        "{stderr}"
    );
    assert!(!out.exists());

    let bad_date = Command::new(BIN)
        .arg("import")
        .arg(&page)
        .arg("-o")
        .arg(&out)
        .args(["--title", "报", "--date", "2022-02-30"])
        .output()
        .unwrap();
    assert!(!bad_date.status.success());
    assert!(String::from_utf8_lossy(&bad_date.stderr).contains("--date"));
    assert!(!out.exists());
}

#[test]
fn imported_sample_builds_to_epub_and_pdf_that_pass_the_checks() {
    let dir = tempfile::tempdir().unwrap();
    let expected = load_expected(&repo("examples/nmg-2022-01-03/edition.yaml"));
    import(
        &repo("examples/nmg-2022-01-03/page.txt"),
        &expected,
        dir.path(),
    );
    let edition = dir.path().join("imported.yaml");
    let books = dir.path().join("books");
    common::build(&edition, &books, &[]);
    common::check_epub(&common::only_output(&books, "epub"), Some(&edition)).assert_clean();
    common::check_pdf(&common::only_output(&books, "pdf"), Some(&edition), false).assert_clean();
}

/// Runs `folio import` on a page made by another engine the way a new user would: the title and
/// date given (the page does not print them), the language and sections left to the importer.
/// `None` when the import is refused.
fn import_as_a_user(page: &Path, expected: &Edition, out_dir: &Path) -> Option<Edition> {
    let output = out_dir.join("imported.yaml");
    let run = Command::new(BIN)
        .arg("import")
        .arg(page)
        .arg("-o")
        .arg(&output)
        .args(["--title", &expected.title])
        .args(["--date", &expected.date.to_string()])
        .output()
        .unwrap();
    if !run.status.success() {
        println!(
            "{}: refused: {}",
            page.display(),
            String::from_utf8_lossy(&run.stderr).trim()
        );
        return None;
    }
    let text = std::fs::read_to_string(&output).unwrap();
    Some(
        edition::parse_str(&output, &text)
            .unwrap_or_else(|e| panic!("imported edition does not load: {e}\n{text}")),
    )
}

/// One row of the independent pages' table.
struct PageRow {
    name: String,
    score: Score,
    language_right: bool,
    sections_right: bool,
}

impl PageRow {
    /// Everything the issue asks of a page: every article, headline, dateline and byline,
    /// ≥ 99.5% of the body characters, the language.
    fn complete(&self) -> bool {
        let s = &self.score;
        s.found == s.expected
            && s.imported == s.expected
            && s.headlines_exact == s.expected
            && s.datelines_right == s.expected
            && s.bylines_right == s.expected
            && s.char_similarity() >= 0.995
            && self.language_right
    }
}

/// Imports every independent page (`tests/data/import-pages`, typeset by Typst and Chromium and
/// extracted by pdftotext, see make.py there) from the file named `input` in its folder, and
/// prints the score table.
fn score_independent_pages(input: &str) -> Vec<PageRow> {
    let data = repo("tests/data/import-pages");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join(input).is_file())
        .collect();
    dirs.sort();
    let mut rows = Vec::new();
    for dir in dirs {
        let expected = load_expected(&dir.join("edition.yaml"));
        let out = tempfile::tempdir().unwrap();
        let imported = import_as_a_user(&dir.join(input), &expected, out.path());
        let (score, language_right, sections_right) = match &imported {
            Some(got) => (
                score(&expected, got),
                got.language == expected.language,
                got.sections
                    .iter()
                    .map(|s| &s.title)
                    .eq(expected.sections.iter().map(|s| &s.title)),
            ),
            None => (
                Score {
                    expected: expected.articles().count(),
                    ..Score::default()
                },
                false,
                false,
            ),
        };
        rows.push(PageRow {
            name: dir.file_name().unwrap().to_string_lossy().to_string(),
            score,
            language_right,
            sections_right,
        });
    }
    println!("\nfolio import {input} on the independent pages:");
    println!(
        "| page | articles | headlines | kicker+sub | datelines | bylines | body chars | language | sections | all |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for r in &rows {
        let s = &r.score;
        println!(
            "| {} | {}/{} ({}) | {}/{} | {}/{} | {}/{} | {}/{} | {:.4} | {} | {} | {} |",
            r.name,
            s.found,
            s.expected,
            s.imported,
            s.headlines_exact,
            s.expected,
            s.headline_blocks_exact,
            s.expected,
            s.datelines_right,
            s.expected,
            s.bylines_right,
            s.expected,
            s.char_similarity(),
            if r.language_right { "right" } else { "wrong" },
            if r.sections_right { "right" } else { "wrong" },
            if r.complete() { "yes" } else { "no" },
        );
    }
    let sum = |f: &dyn Fn(&Score) -> usize| rows.iter().map(|r| f(&r.score)).sum::<usize>();
    println!(
        "| total | {}/{} | {}/{} | {}/{} | {}/{} | {}/{} | | {}/{} | {}/{} | {}/{} |",
        sum(&|s| s.found),
        sum(&|s| s.expected),
        sum(&|s| s.headlines_exact),
        sum(&|s| s.expected),
        sum(&|s| s.headline_blocks_exact),
        sum(&|s| s.expected),
        sum(&|s| s.datelines_right),
        sum(&|s| s.expected),
        sum(&|s| s.bylines_right),
        sum(&|s| s.expected),
        rows.iter().filter(|r| r.language_right).count(),
        rows.len(),
        rows.iter().filter(|r| r.sections_right).count(),
        rows.len(),
        rows.iter().filter(|r| r.complete()).count(),
        rows.len(),
    );
    rows
}

#[test]
fn independent_pages_from_pdftotext_score_against_their_editions() {
    let rows = score_independent_pages("page.txt");
    assert!(rows.len() >= 31, "expected at least 31 independent pages");
    // Floors at what the text import reaches on the 31 pages (13 it was tuned on, 10 held out
    // and first read at 63 articles and no complete page, 8 more held out and first read at
    // 0 complete pages); pdftotext interleaves some pages' columns beyond what text alone can
    // undo, and drops what tells a headline from text (size, bold).
    let found: usize = rows.iter().map(|r| r.score.found).sum();
    assert!(found >= 121, "articles found on the pages' text: {found}");
    let complete = rows.iter().filter(|r| r.complete()).count();
    assert!(
        complete >= 12,
        "pages imported completely from their text: {complete}"
    );
    assert!(
        rows.iter().all(|r| r.language_right),
        "a language was wrong"
    );
    // A vertical page read glyph by glyph (pdftotext -raw) does not mark where a running
    // head's section name ends (`第5版北海岸三芝…`): one such section name is guessed short.
    let sections_right = rows.iter().filter(|r| r.sections_right).count();
    assert!(
        sections_right + 1 >= rows.len(),
        "sections right on {sections_right} of {} pages",
        rows.len()
    );
}

#[test]
fn independent_pages_from_their_pdfs_score_against_their_editions() {
    let rows = score_independent_pages("page.pdf");
    assert!(rows.len() >= 31, "expected at least 31 independent pages");
    let incomplete: Vec<&str> = rows
        .iter()
        .filter(|r| !r.complete())
        .map(|r| r.name.as_str())
        .collect();
    assert!(
        incomplete.is_empty(),
        "pages not imported completely from their PDFs: {incomplete:?}"
    );
    let found: usize = rows.iter().map(|r| r.score.found).sum();
    assert!(found >= 161, "articles found in the PDFs: {found}");
    assert!(rows.iter().all(|r| r.language_right && r.sections_right));
}

/// A one-page PDF that draws nothing: a scan without OCR has no more text than this.
fn pdf_without_text() -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"0 0 1 rg 0 0 100 100 re f".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page.into()],
            "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn a_pdf_without_a_text_layer_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("scan-2024-01-02.pdf");
    std::fs::write(&scan, pdf_without_text()).unwrap();
    let out = dir.path().join("never.yaml");
    let import = |pdf: &Path| {
        Command::new(BIN)
            .arg("import")
            .arg(pdf)
            .arg("-o")
            .arg(&out)
            .args(["--title", "报"])
            .output()
            .unwrap()
    };
    common::assert_refused(&import(&scan), &["scan-2024-01-02.pdf", "no text layer"]);
    assert!(!out.exists());

    let broken = dir.path().join("broken-2024-01-02.pdf");
    std::fs::write(&broken, b"%PDF-1.7\nnot really a pdf\n").unwrap();
    common::assert_refused(&import(&broken), &["not a readable PDF"]);
    assert!(!out.exists());
}
