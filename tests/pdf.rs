//! PDF export, end to end: the real `folio` binary builds real editions, and the files are
//! judged by `common::check_pdf` (qpdf, poppler: fonts, text, outline, kinsoku, page bounds,
//! PDF/A identification), by Apache PDFBox Preflight (`common::check_pdfa_1b`) and by
//! `pdfinfo`.

mod common;
#[path = "data/pdf/hundred_articles.rs"]
mod hundred_articles;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::pdf_check::PdfReport;
use common::text::{alnum, articles, edition_pieces, pieces_of};
use common::{check_pdf, check_pdfa_1b, only_output, repo, FOLIO};
use hundred_articles::{sample_edition, write_hundred_article_edition};

fn latin_urls() -> PathBuf {
    repo("tests/data/pdf/latin-urls.yaml")
}

/// Runs `folio build EDITION -o OUT --format pdf ARGS…` and returns the PDF's path.
fn build(edition: &Path, out: &Path, args: &[&str]) -> PathBuf {
    let args: Vec<&str> = ["--format", "pdf"].iter().chain(args).copied().collect();
    common::build(edition, out, &args);
    only_output(out, "pdf")
}

/// Judges `pdf` (horizontal text) against `edition` and asserts every check passes.
fn assert_clean(pdf: &Path, edition: &Path) -> PdfReport {
    let report = check_pdf(pdf, Some(edition), false);
    report.assert_clean();
    report
}

fn pdfinfo(pdf: &Path, meta: bool) -> String {
    let mut cmd = Command::new("pdfinfo");
    if meta {
        cmd.arg("-meta");
    }
    let out = cmd.arg(pdf).output().expect("run pdfinfo (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn sample_passes_check_pdf_tagged_and_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let first = build(&sample_edition(), &dir.path().join("a"), &[]);
    let report = assert_clean(&first, &sample_edition());
    assert_eq!(report.kinsoku, 0);
    assert_eq!(report.pdfa.as_deref(), Some("PDF/A-2b"));
    let info = pdfinfo(&first, false);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        info.contains("Title:           内蒙古日报 2022-01-03"),
        "{info}"
    );
    // The edition's date, never the clock.
    assert!(
        info.contains("CreationDate:    Mon Jan  3 00:00:00 2022"),
        "{info}"
    );
    let second = build(&sample_edition(), &dir.path().join("b"), &[]);
    assert!(
        std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap(),
        "two builds of the sample differ"
    );
    let bytes = std::fs::read(&first).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/Lang(zh-Hans)"), "catalog /Lang");
    assert!(
        text.contains("/DisplayDocTitle true"),
        "title in the window bar"
    );
}

#[test]
fn hundred_article_edition_passes_check_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let edition = write_hundred_article_edition(dir.path());
    let pdf = build(&edition, &dir.path().join("out"), &[]);
    let report = assert_clean(&pdf, &edition);
    // 10 section bookmarks and 100 article bookmarks.
    assert_eq!(report.outline.len(), 110, "{report}");
}

#[test]
fn latin_words_urls_digits_quotes_and_brackets_pass_check_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build(&latin_urls(), dir.path(), &[]);
    assert_clean(&pdf, &latin_urls());
}

#[test]
fn pictures_pass_check_pdf_and_jpeg_bytes_are_untouched() {
    let edition = repo("tests/data/epub/images/edition.yaml");
    let dir = tempfile::tempdir().unwrap();
    let pdf = build(&edition, dir.path(), &[]);
    assert_clean(&pdf, &edition);
    let bytes = std::fs::read(&pdf).unwrap();
    for jpeg in ["wetland.jpg", "market-1.jpg", "cover.jpg"] {
        let original = std::fs::read(repo("tests/data/epub/images").join(jpeg)).unwrap();
        assert!(
            bytes
                .windows(original.len())
                .any(|w| w == original.as_slice()),
            "{jpeg} is not embedded byte for byte"
        );
    }
}

#[test]
fn pdfa_1b_passes_pdfbox_preflight() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build(&sample_edition(), dir.path(), &["--pdf-standard", "a-1b"]);
    assert!(check_pdfa_1b(&pdf).valid);
    let report = assert_clean(&pdf, &sample_edition());
    assert_eq!(report.pdfa.as_deref(), Some("PDF/A-1b"));
}

#[test]
fn pdfa_2a_with_pdfua_1_validates_in_krilla_and_shows_the_title() {
    let dir = tempfile::tempdir().unwrap();
    // krilla refuses to write a file that breaks either standard, so success is the check.
    let pdf = build(
        &sample_edition(),
        dir.path(),
        &["--pdf-standard", "a-2a+ua1"],
    );
    let meta = pdfinfo(&pdf, true);
    assert!(meta.contains("pdfuaid:part"), "no PDF/UA id in the XMP");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("/DisplayDocTitle true"));
    assert!(pdfinfo(&pdf, false).contains("Tagged:          yes"));
    assert_clean(&pdf, &sample_edition());
}

#[test]
fn page_sizes_and_columns_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let a5 = build(&sample_edition(), &dir.path().join("a5"), &["--page", "a5"]);
    let info = pdfinfo(&a5, false);
    assert!(
        info.contains("Page size:       419.528 x 595.276 pts"),
        "{info}"
    );
    assert_clean(&a5, &sample_edition());
    let custom = build(
        &sample_edition(),
        &dir.path().join("custom"),
        &["--page", "182x257mm", "--columns", "3"],
    );
    let info = pdfinfo(&custom, false);
    assert!(info.contains("Page size:       515.9"), "{info}");
    // Three narrow columns on a small page: nearly every page turn falls inside a paragraph,
    // and `pdftotext` reads the next page's running head into it, so the whole-file text
    // share misses the 12-character piece straddling each turn (5 of 6 turns here, 98.99%
    // against its 99% bar) though no text is lost. Its other verdicts stand as they are; its
    // text share is replaced by the precise check of the same property.
    check_pdf_except_text_share_across_page_turns(&custom, &sample_edition(), 11);
}

/// A photo story (a headline and a captioned picture, no body) under a two-column story on
/// an imported page: it used to be set in the first column only, under a short headline
/// that did not reach the second column, and poppler read it between that story's two
/// columns (text share 98.08%). Every article must now be read whole and in edition order.
#[test]
fn a_photo_story_after_a_story_in_columns_is_read_after_it() {
    let edition = repo("tests/data/import/jiangcheng-2024-03-15/edition.yaml");
    let dir = tempfile::tempdir().unwrap();
    let pdf = build(&edition, dir.path(), &[]);
    let text = check_pdf_except_text_share_across_page_turns(&pdf, &edition, 7);
    let articles = article_pieces(&edition);
    let mut from = 0;
    let starts: Vec<usize> = articles
        .iter()
        .map(|(headline, _)| {
            let at = text[from..]
                .find(&alnum(headline))
                .map(|i| i + from)
                .unwrap_or_else(|| panic!("{headline} not found after the story before it"));
            from = at;
            at
        })
        .collect();
    for (k, (headline, pieces)) in articles.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        let own = &text[starts[k]..end];
        let outside: Vec<&String> = pieces
            .iter()
            .filter(|p| !own.contains(p.as_str()))
            .collect();
        assert!(
            outside.is_empty(),
            "{headline}: text read outside the article: {outside:?}"
        );
    }
    let photo = articles.last().unwrap();
    assert!(photo.0 == "樱花绽放 游人如织" && !photo.1.is_empty());
}

/// For each article in edition order: its headline, and the 12-character pieces of its
/// paragraphs and captions.
fn article_pieces(edition: &Path) -> Vec<(String, Vec<String>)> {
    articles(edition)
        .into_iter()
        .map(|a| {
            let pieces = a.blocks.iter().flat_map(|b| pieces_of(b)).collect();
            (a.headline, pieces)
        })
        .collect()
}

/// Runs `check_pdf` on `pdf` and requires every verdict but the text share (fonts, outline,
/// kinsoku, page bounds, qpdf, PDF/A, poppler's stderr); then checks the text page by page without the page
/// furniture, which is what the text share means to measure.
///
/// `pdftotext` on the whole file prints each page's running head (folio, section,
/// publication, date) before the page's first column, so where a paragraph runs over a page
/// turn the head lands inside it and the one 12-character piece spanning the turn is not
/// found. So: (1) each page is extracted alone (`-f N -l N`), its first line must be exactly
/// the running head this layout prints (folio N, a section or the contents label, the
/// publication and the date) and is dropped, the pages are joined, and ≥ 99% of the pieces
/// must be found in that text; (2) the whole-file share may fall short of 99% by at most one
/// piece per page turn, since a head inserted at a turn can split at most one piece of the
/// paragraph running across it, so a lost line or glyph still fails.
///
/// Returns the text of the pages after the first (the articles, without running heads),
/// letters, digits and Han characters only, for checks of reading order.
fn check_pdf_except_text_share_across_page_turns(
    pdf: &Path,
    edition: &Path,
    outline_entries: usize,
) -> String {
    let report = check_pdf(pdf, Some(edition), false);
    for problem in &report.problems {
        assert!(
            problem.contains("of the edition's text recovered"),
            "{problem}\n{report:#?}"
        );
    }
    assert_eq!(report.kinsoku, 0, "{report:#?}");
    assert_eq!(report.outside, 0, "{report:#?}");
    assert_eq!(report.pdfa.as_deref(), Some("PDF/A-2b"), "{report}");
    assert_eq!(report.outline.len(), outline_entries, "{report}");
    let share = 100.0 * report.text_share.expect("a text share");

    let pieces = edition_pieces(edition);
    let pages = report.pages;
    let page_turns = pages - 1;
    let bound = 100.0 * (1.0 - page_turns as f64 / pieces.len() as f64);
    assert!(
        share + 0.005 >= bound,
        "the whole file recovers {share:.2}%, below the {bound:.2}% one piece per page turn allows"
    );

    let text = std::fs::read_to_string(edition).unwrap();
    let e: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let title = e["title"].as_str().unwrap();
    let date = e["date"].as_str().unwrap();
    let mut ymd = date.split('-').map(|n| n.parse::<u32>().unwrap());
    let (y, m, d) = (
        ymd.next().unwrap(),
        ymd.next().unwrap(),
        ymd.next().unwrap(),
    );
    let mut labels: Vec<String> = e["sections"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_string())
        .collect();
    labels.extend(["目录".to_string(), "目錄".to_string()]);
    let mut joined = String::new();
    let mut content = String::new();
    for n in 1..=pages {
        let page = common::pdf_check::page_text(pdf, n);
        let mut lines = page.lines().filter(|l| !l.trim().is_empty()).peekable();
        if n > 1 {
            let first = lines.next().unwrap_or("");
            let heads: Vec<String> = labels
                .iter()
                .map(|label| alnum(&format!("{n}{label}{title}{y}年{m}月{d}日")))
                .collect();
            assert!(
                heads.contains(&alnum(first)),
                "page {n} does not open with its running head: {first:?}"
            );
        }
        for line in lines {
            joined.push_str(&alnum(line));
            if n > 1 {
                content.push_str(&alnum(line));
            }
        }
    }
    let found = pieces
        .iter()
        .filter(|p| joined.contains(p.as_str()))
        .count();
    let missing: Vec<&String> = pieces
        .iter()
        .filter(|p| !joined.contains(p.as_str()))
        .take(5)
        .collect();
    assert!(
        found as f64 >= 0.99 * pieces.len() as f64,
        "without the running heads {found} of {} pieces recovered; missing {missing:?}",
        pieces.len()
    );
    content
}

#[test]
fn bad_pdf_options_are_refused_with_the_choices() {
    for (flag, value, expected) in [
        ("--page", "a3", "WIDTHxHEIGHTmm"),
        ("--pdf-standard", "a-1b+ua1", "cannot be combined"),
        ("--pdf-standard", "x", "a-2b"),
        ("--columns", "0", "columns"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let result = Command::new(FOLIO)
            .arg("build")
            .arg(sample_edition())
            .arg("-o")
            .arg(dir.path())
            .args(["--format", "pdf", flag, value])
            .output()
            .unwrap();
        assert!(!result.status.success(), "{flag} {value} was accepted");
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(stderr.contains(expected), "{flag} {value}: {stderr}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "output written"
        );
    }
}

#[test]
fn vertical_edition_is_set_in_right_to_left_columns_and_passes_qpdf() {
    let edition = repo("tests/data/epub/vertical-tc/edition.yaml");
    let dir = tempfile::tempdir().unwrap();
    let pdf = build(&edition, dir.path(), &[]);
    let qpdf = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .expect("run qpdf");
    assert!(
        qpdf.status.success(),
        "{}",
        String::from_utf8_lossy(&qpdf.stdout)
    );
    assert!(pdfinfo(&pdf, false).contains("Tagged:          yes"));
    // Pages bound on the right: viewers are told the reading direction.
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("/Direction/R2L"));
    // poppler reads each vertical line through its ActualText: the headline comes out whole.
    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("市立圖書館新館今日啟用"), "{text}");
}

/// A jump line: (the page it is printed on, the page it names).
type Jump = (usize, usize);

/// The jump lines of a PDF, by page (1-based): ("continued on", page it names) and
/// ("continued from", page it names).
fn jump_lines(pdf: &Path, pages: usize) -> (Vec<Jump>, Vec<Jump>) {
    let (mut on, mut from) = (Vec::new(), Vec::new());
    for n in 1..=pages {
        let text = alnum(&common::pdf_check::page_text(pdf, n));
        for (marker, list) in [("下转第", &mut on), ("上接第", &mut from)] {
            for (at, _) in text.match_indices(marker) {
                let digits: String = text[at + marker.len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                list.push((n, digits.parse().expect("a page number after the jump")));
            }
        }
    }
    (on, from)
}

/// Newspaper pages: the sample's articles in blocks on a broadsheet, read whole and in order
/// by pdftotext although blocks sit side by side, PDF/A-2b, no kinsoku violation.
#[test]
fn sample_on_a_broadsheet_passes_check_pdf_and_preflight() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["--layout", "newspaper", "--page", "broadsheet"];
    let pdf = build(&sample_edition(), &dir.path().join("a"), &args);
    let report = assert_clean(&pdf, &sample_edition());
    assert_eq!(report.kinsoku, 0);
    assert_eq!(report.pdfa.as_deref(), Some("PDF/A-2b"));
    assert!(report.text_share.unwrap() >= 0.99, "{report}");
    // The title page, then the section's one page: all ten articles on it.
    assert_eq!(report.pages, 2, "{report}");
    let again = build(&sample_edition(), &dir.path().join("b"), &args);
    assert!(std::fs::read(&pdf).unwrap() == std::fs::read(&again).unwrap());
    let a1b = [
        "--layout",
        "newspaper",
        "--page",
        "berliner",
        "--pdf-standard",
        "a-1b",
    ];
    let pdf = build(&sample_edition(), &dir.path().join("c"), &a1b);
    assert!(check_pdfa_1b(&pdf).valid);
}

/// The 100-article edition (ten sections) on newspaper pages: every article's text
/// recovered, every section and headline in the outline; on broadsheets each section fits
/// its page, on the smaller berliner pages articles continue, and each jump line is answered
/// by one pointing back.
#[test]
fn hundred_articles_on_newspaper_pages_jump_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let edition = write_hundred_article_edition(dir.path());
    let args = ["--layout", "newspaper", "--page", "broadsheet"];
    let pdf = build(&edition, &dir.path().join("broadsheet"), &args);
    let report = assert_clean(&pdf, &edition);
    assert_eq!(report.outline.len(), 110, "{report}");
    assert_eq!(report.kinsoku, 0);
    let (on, _) = jump_lines(&pdf, report.pages);
    assert!(on.is_empty(), "every section fits its broadsheet: {on:?}");
    let args = ["--layout", "newspaper", "--page", "berliner"];
    let pdf = build(&edition, &dir.path().join("berliner"), &args);
    let report = assert_clean(&pdf, &edition);
    assert_eq!(report.outline.len(), 110, "{report}");
    assert_eq!(report.kinsoku, 0);
    let (on, from) = jump_lines(&pdf, report.pages);
    assert!(!on.is_empty(), "an article continues somewhere");
    let mut back: Vec<(usize, usize)> = from.iter().map(|&(p, to)| (to, p)).collect();
    back.sort();
    let mut on = on;
    on.sort();
    assert_eq!(
        on, back,
        "下转第N版 on page p is answered by 上接第p版 on page N"
    );
}
