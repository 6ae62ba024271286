//! METS/ALTO import end to end: the real binary on real issues published by libraries
//! (`tests/data/mets/`, see its README), scored against the ALTO files' own words by a scorer
//! written here (not the importer's); the books judged by the project's validators; malformed
//! deliveries refused with nothing written; `folio batch` over a delivery of several issues.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_yaml::Value;

fn folio(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(common::FOLIO)
        .args(args)
        .output()
        .expect("run folio")
}

fn issue(name: &str) -> PathBuf {
    common::repo("tests/data/mets").join(name)
}

/// `folio import ISSUE -o DIR/edition.yaml --report DIR/report.txt EXTRA…`; asserts success.
fn import(issue: &Path, dir: &Path, extra: &[&str]) -> (PathBuf, String) {
    let edition = dir.join("edition.yaml");
    let report = dir.join("report.txt");
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "import".as_ref(),
        issue.as_os_str(),
        "-o".as_ref(),
        edition.as_os_str(),
        "--report".as_ref(),
        report.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    let out = folio(&args);
    assert!(
        out.status.success(),
        "folio import {} failed: {}",
        issue.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    (edition, std::fs::read_to_string(report).unwrap())
}

// ---- The scorer: ALTO words, read here with roxmltree, independently of the importer. ----

/// The words of one ALTO `TextBlock`, in order: `CONTENT`, or for a word hyphenated across
/// lines the whole word (`SUBS_CONTENT` of its first part; its second part is not counted).
/// A line's last word ending in a hyphen the OCR left in it (`gan⸗`, no `SUBS_TYPE`) is
/// read with the next line's first word as one word, the hyphen kept before a capital
/// (`Schleswig-Holstein`). Tokens without a letter or digit (lone punctuation) are not words.
fn alto_blocks(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let mut blocks = Vec::new();
    for block in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "TextBlock")
    {
        let mut words = Vec::new();
        let mut carry: Option<String> = None;
        for line in block
            .descendants()
            .filter(|n| n.tag_name().name() == "TextLine")
        {
            let strings: Vec<_> = line
                .children()
                .filter(|n| n.tag_name().name() == "String")
                .collect();
            for (k, s) in strings.iter().enumerate() {
                let content = s.attribute("CONTENT").unwrap_or("");
                let mut word = match s.attribute("SUBS_TYPE") {
                    Some("HypPart1") => s.attribute("SUBS_CONTENT").unwrap_or(content).to_string(),
                    Some("HypPart2") => continue,
                    _ => content.to_string(),
                };
                if let Some(first) = carry.take() {
                    word = printed_join(&first, &word);
                }
                let next = line
                    .next_siblings()
                    .skip(1)
                    .find(|n| n.tag_name().name() == "TextLine")
                    .and_then(|l| l.children().find(|n| n.tag_name().name() == "String"));
                if k + 1 == strings.len()
                    && s.attribute("SUBS_TYPE").is_none()
                    && printed_hyphen(&word)
                    && next.is_some_and(|n| n.attribute("STYLEREFS") == s.attribute("STYLEREFS"))
                {
                    carry = Some(word);
                    continue;
                }
                let key = core(&word);
                if !key.is_empty() {
                    words.push(key);
                }
            }
        }
        words.extend(carry.map(|w| core(&w)).filter(|w| !w.is_empty()));
        if !words.is_empty() {
            blocks.push(words);
        }
    }
    blocks
}

/// Whether a line's last word ends in a hyphen after a letter (`gan⸗`, `Car-`).
fn printed_hyphen(word: &str) -> bool {
    let mut rev = word.chars().rev();
    rev.next().is_some_and(|c| "-⸗¬\u{ad}".contains(c))
        && rev.next().is_some_and(char::is_alphabetic)
}

/// A word split at a printed hyphen, whole: `gan⸗` `ze` → `ganze`, `Schleswig-` `Holstein` →
/// `Schleswig-Holstein`.
fn printed_join(first: &str, second: &str) -> String {
    let stem: String = {
        let mut c = first.chars();
        c.next_back();
        c.collect()
    };
    if second.starts_with(char::is_uppercase) {
        format!("{stem}-{second}")
    } else {
        format!("{stem}{second}")
    }
}

/// A word without the punctuation around it (`«Zeitung,»` → `Zeitung`), in the letters modern
/// type prints: the importer writes Fraktur OCR's long s, r rotunda, double hyphen and small
/// e above as `s`, `r`, `-` and an umlaut, since no bundled face has them.
fn core(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let modern: String = word
        .chars()
        .map(|c| match c {
            'ſ' => 's',
            'ꝛ' => 'r',
            '⸗' => '-',
            '\u{0364}' => '\u{0308}',
            c => c,
        })
        .nfc()
        .collect();
    modern
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// The ALTO files of an issue folder (every `.xml` but the METS file), sorted.
fn alto_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "xml") {
                let head = std::fs::read_to_string(&p).unwrap();
                if head.contains("<alto") {
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    out
}

/// Every text of the edition in reading order, as words (`core`), split at any whitespace
/// (no-break spaces included).
fn edition_words(edition: &Value) -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    texts.extend(s(edition, "title"));
    for section in edition["sections"].as_sequence().unwrap() {
        texts.extend(s(section, "title"));
        for a in section["articles"].as_sequence().unwrap() {
            for k in [
                "kicker",
                "headline",
                "subheadline",
                "byline",
                "dateline",
                "body",
            ] {
                texts.extend(s(a, k));
            }
            for image in a
                .get("images")
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
            {
                texts.extend(s(image, "caption"));
            }
        }
    }
    texts
        .iter()
        .flat_map(|t| t.split_whitespace().map(core).collect::<Vec<_>>())
        .filter(|w| !w.is_empty())
        .collect()
}

/// How many of the blocks' words the edition holds in order: each block is aligned with the
/// edition's words where its best run starts (a block may be anywhere: reading order between
/// blocks is the METS's), then matched in order within a window.
fn score(blocks: &[Vec<String>], edition: &[String]) -> (usize, usize) {
    let mut at: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in edition.iter().enumerate() {
        at.entry(w.as_str()).or_default().push(i);
    }
    let (mut total, mut found) = (0, 0);
    for block in blocks {
        total += block.len();
        let mut best = 0;
        // Candidate starts: where one of the block's first words occurs.
        let mut starts: Vec<usize> = block
            .iter()
            .take(4)
            .enumerate()
            .flat_map(|(k, w)| {
                at.get(w.as_str())
                    .into_iter()
                    .flatten()
                    .map(move |&p| p.saturating_sub(k))
            })
            .collect();
        starts.sort_unstable();
        starts.dedup();
        for start in starts.into_iter().take(400) {
            let mut cursor = start;
            let mut matched = 0;
            for w in block {
                // The next occurrence within a few words: OCR noise may sit between.
                if let Some(p) =
                    (cursor..(cursor + 6).min(edition.len())).find(|&p| edition[p] == *w)
                {
                    matched += 1;
                    cursor = p + 1;
                }
            }
            best = best.max(matched);
            if best == block.len() {
                break;
            }
        }
        found += best;
    }
    (total, found)
}

/// The titles the METS gives its ARTICLE divisions, in order (MODS titles, else a LABEL that
/// is not a text snippet), and the number of ARTICLE divisions.
fn mets_articles(mets: &Path) -> (usize, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(mets).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let mut mods_titles: HashMap<&str, Vec<String>> = HashMap::new();
    for dmd in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "dmdSec")
    {
        let titles = dmd
            .descendants()
            .filter(|n| n.tag_name().name() == "titleInfo")
            .map(|t| {
                t.children()
                    .filter(|c| matches!(c.tag_name().name(), "nonSort" | "title"))
                    .filter_map(|c| c.text())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        mods_titles.insert(dmd.attribute("ID").unwrap_or(""), titles);
    }
    let Some(logical) = doc
        .descendants()
        .find(|n| n.tag_name().name() == "structMap" && n.attribute("TYPE") == Some("LOGICAL"))
    else {
        // Only pages (NDNP): no articles.
        return (0, Vec::new());
    };
    let mut count = 0;
    let mut titles = Vec::new();
    for div in logical.descendants().filter(|n| {
        n.tag_name().name() == "div"
            && n.attribute("TYPE")
                .is_some_and(|t| t.eq_ignore_ascii_case("ARTICLE"))
    }) {
        count += 1;
        let mut t: Vec<String> = div
            .attribute("DMDID")
            .into_iter()
            .flat_map(|d| d.split_whitespace())
            .flat_map(|d| mods_titles.get(d).cloned().unwrap_or_default())
            .collect();
        if t.is_empty() {
            if let Some(label) = div.attribute("LABEL").filter(|l| !l.ends_with("...")) {
                t.push(label.to_string());
            }
        }
        titles.push(t);
    }
    (count, titles)
}

fn same(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    key(a) == key(b)
}

/// Every article of the edition as its printed title texts (kicker, headline, subheadline).
fn edition_titles(edition: &Value) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for section in edition["sections"].as_sequence().unwrap() {
        for a in section["articles"].as_sequence().unwrap() {
            out.push(
                ["kicker", "headline", "subheadline"]
                    .iter()
                    .filter_map(|k| a.get(*k).and_then(Value::as_str).map(str::to_string))
                    .collect(),
            );
        }
    }
    out
}

fn read_yaml(path: &Path) -> Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn mets_file(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.extension().is_some_and(|x| x == "xml")
                && std::fs::read_to_string(p).unwrap().contains("<mets")
        })
        .unwrap()
}

/// The words of an issue's ALTO files that are split across lines, whole: the `SUBS_CONTENT`
/// of each first part, and each word split at a hyphen the OCR left at a line's end (see
/// [`printed_join`]; not when the halves are set in different type, as a heading's dash over
/// text).
fn hyphenated_words(folder: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for f in alto_files(folder) {
        let text = std::fs::read_to_string(&f).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        for s in doc
            .descendants()
            .filter(|n| n.attribute("SUBS_TYPE") == Some("HypPart1"))
        {
            out.extend(
                Some(core(s.attribute("SUBS_CONTENT").unwrap_or(""))).filter(|w| !w.is_empty()),
            );
        }
        for line in doc
            .descendants()
            .filter(|n| n.tag_name().name() == "TextLine")
        {
            let last = line.children().rfind(|n| n.tag_name().name() == "String");
            let next = line
                .next_siblings()
                .skip(1)
                .find(|n| n.tag_name().name() == "TextLine")
                .and_then(|l| l.children().find(|n| n.tag_name().name() == "String"));
            let (Some(last), Some(next)) = (last, next) else {
                continue;
            };
            let first = last.attribute("CONTENT").unwrap_or("");
            if last.attribute("SUBS_TYPE").is_some()
                || !printed_hyphen(first)
                || last.attribute("STYLEREFS") != next.attribute("STYLEREFS")
            {
                continue;
            }
            let w = core(&printed_join(
                first,
                next.attribute("CONTENT").unwrap_or(""),
            ));
            if w.chars().any(char::is_alphabetic) {
                out.push(w);
            }
        }
    }
    out
}

/// Imports a real issue and checks it against its METS and ALTO: one article per METS
/// article with its title, at least 99.5% of the ALTO words in order, every hyphenated word
/// whole. Returns the edition file.
fn check_issue(name: &str, extra: &[&str], dir: &Path) -> PathBuf {
    let folder = issue(name);
    let (edition_path, report) = import(&folder, dir, extra);
    let edition = read_yaml(&edition_path);

    // One article per METS article, each with its title, in order.
    let (count, titles) = mets_articles(&mets_file(&folder));
    let printed = edition_titles(&edition);
    let mut cursor = 0;
    for t in titles.iter().filter(|t| !t.is_empty()) {
        let hit = printed[cursor..]
            .iter()
            .position(|p| t.iter().any(|title| p.iter().any(|q| same(q, title))))
            .unwrap_or_else(|| panic!("{name}: no article titled {t:?} after article {cursor}"));
        cursor += hit + 1;
    }
    let first_line = report.lines().next().unwrap_or("");
    assert!(
        first_line.contains(&format!("({count} METS article(s))")),
        "{name}: {first_line}"
    );
    assert!(
        printed.len() >= count,
        "{name}: {} articles for {count}",
        printed.len()
    );

    // At least 99.5% of the ALTO words, in order.
    let words = edition_words(&edition);
    let blocks: Vec<Vec<String>> = alto_files(&folder)
        .iter()
        .flat_map(|f| alto_blocks(f))
        .collect();
    let (total, found) = score(&blocks, &words);
    let share = found as f64 / total as f64;
    println!(
        "{name}: {} METS articles, {} edition articles, {found} of {total} ALTO words in order ({:.2}%)",
        count,
        printed.len(),
        100.0 * share
    );
    assert!(
        share >= 0.995,
        "{name}: only {:.2}% of the ALTO words",
        100.0 * share
    );

    // Hyphenated words whole: each is a word of the edition.
    let vocabulary: std::collections::HashSet<&str> = words.iter().map(String::as_str).collect();
    let expected = hyphenated_words(&folder);
    let split: Vec<&String> = expected
        .iter()
        .filter(|w| !vocabulary.contains(w.as_str()))
        .collect();
    let (hyphenated, whole) = (expected.len(), expected.len() - split.len());
    println!("{name}: {whole} of {hyphenated} hyphenated words joined");
    assert_eq!(
        whole, hyphenated,
        "{name}: hyphenated words left split: {split:?}"
    );
    edition_path
}

#[test]
fn luxembourg_1858_alto3_sections_articles_and_overlines() {
    let dir = tempfile::tempdir().unwrap();
    let edition = check_issue("luxzeit-1858-12-07", &[], dir.path());
    let e = read_yaml(&edition);
    assert_eq!(
        e["title"].as_str(),
        Some("Luxemburger Zeitung – Journal de Luxembourg")
    );
    assert_eq!(e["date"].as_str(), Some("1858-12-07"));
    assert_eq!(
        e["identifier"].as_str(),
        Some("https://persist.lu/ark:/70795/hnpwc4")
    );
    assert_eq!(e["publisher"].as_str(), Some("Victor Bück"));
    // The feuilleton: overline as kicker, the title as headline, the MODS author as byline.
    let text = std::fs::read_to_string(&edition).unwrap();
    assert!(
        text.contains("headline: \"Suez et Marseille.\"\n        kicker: \"FEUILLETON.\""),
        "{text}"
    );
    // The books pass the project's validators.
    let books = dir.path().join("books");
    common::build(&edition, &books, &[]);
    common::check_epub(&common::only_output(&books, "epub"), Some(&edition)).assert_clean();
    common::check_pdf(&common::only_output(&books, "pdf"), Some(&edition), false).assert_clean();
}

#[test]
fn british_library_1855_alto14_struct_links_to_word_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let edition = check_issue("bl-0002244-1855-09-22", &[], dir.path());
    let e = read_yaml(&edition);
    assert_eq!(e["title"].as_str(), Some("Colored News."));
    assert_eq!(e["language"].as_str(), Some("en"));
    // The 77 articles are linked only through structLink: all of them are in the first
    // section, in order.
    assert_eq!(
        e["sections"][0]["articles"].as_sequence().unwrap().len(),
        77
    );
    let books = dir.path().join("books");
    common::build(&edition, &books, &[]);
    common::check_epub(&common::only_output(&books, "epub"), Some(&edition)).assert_clean();
    common::check_pdf(&common::only_output(&books, "pdf"), Some(&edition), false).assert_clean();
}

#[test]
fn rero_1845_alto1_without_mods_title_needs_title_and_takes_the_date_from_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let folder = issue("blb-1845-12-28");
    // Without --title: refused, naming the METS file and what to pass; nothing written.
    let out = folio(&[
        "import".as_ref(),
        folder.as_os_str(),
        "-o".as_ref(),
        dir.path().join("e.yaml").as_os_str(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("18451228_01-METS.xml") && err.contains("--title"),
        "{err}"
    );
    assert!(!dir.path().join("e.yaml").exists());
    let edition = check_issue(
        "blb-1845-12-28",
        &["--title", "Der Landbote", "--language", "de"],
        dir.path(),
    );
    let e = read_yaml(&edition);
    assert_eq!(e["date"].as_str(), Some("1845-12-28"));
    assert_eq!(e["language"].as_str(), Some("de"));
}

/// Every article of a section, as (headline, body).
fn articles_of(section: &Value) -> Vec<(String, String)> {
    section["articles"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|a| {
            let s = |k: &str| a.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            (s("headline"), s("body"))
        })
        .collect()
}

#[test]
fn ndnp_chronicling_america_page_only_issue_is_cut_into_articles_at_its_headings() {
    // NDNP issue METS (profile 1.5): one untyped structMap of `np:page`s, `USE` on the files,
    // the title only in the root LABEL, and the validator's copy `1857021401_1.xml` beside it.
    let dir = tempfile::tempdir().unwrap();
    let name = "ndnp-trinity-1857-02-14";
    let edition = check_issue(name, &["--language", "en"], dir.path());
    let e = read_yaml(&edition);
    assert_eq!(
        e["title"].as_str(),
        Some("Weekly Trinity journal (Weaverville, Calif.)")
    );
    assert_eq!(e["date"].as_str(), Some("1857-02-14"));
    assert_eq!(e["issue"].as_str(), Some("4"));
    assert_eq!(e["identifier"].as_str(), Some("lccn:sn85025202"));
    let sections = e["sections"].as_sequence().unwrap();
    assert_eq!(sections.len(), 1);
    assert_eq!(sections[0]["title"].as_str(), Some("Page 1"));
    let articles = articles_of(&sections[0]);
    assert!(articles.len() >= 15, "{} articles", articles.len());
    let heads: Vec<&str> = articles.iter().map(|(h, _)| h.as_str()).collect();
    for h in [
        "ASSAY OFFICE.",
        "BOUNTY LAND WARRANTS!",
        "THE TRINITY JOURNAL.",
    ] {
        assert!(heads.contains(&h), "no article `{h}` in {heads:?}");
    }
    let report = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(report.contains("1857021401_1.xml"), "{report}");
    let books = dir.path().join("books");
    common::build(&edition, &books, &[]);
    common::check_epub(&common::only_output(&books, "epub"), Some(&edition)).assert_clean();
    common::check_pdf(&common::only_output(&books, "pdf"), Some(&edition), false).assert_clean();
}

#[test]
fn ocrd_workspace_alto4_in_group_folders_joins_printed_hyphens_and_fraktur_letters() {
    // ULB Halle (VLS) METS with an OCR-D FULLTEXT group of ALTO 3 and 4.1: the METS names
    // `320805.xml`, the file is in `FULLTEXT/`; hyphens are only printed (`gan⸗`), letters are
    // Fraktur's.
    let dir = tempfile::tempdir().unwrap();
    let name = "ulb-friedensvorschlaege-1712";
    // A monograph's MODS has only the year: the day must be given.
    let out = folio(&[
        "import".as_ref(),
        issue(name).as_os_str(),
        "-o".as_ref(),
        dir.path().join("e.yaml").as_os_str(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("--date"), "{err}");
    let edition = check_issue(name, &["--date", "1712-03-09"], dir.path());
    let e = read_yaml(&edition);
    assert!(e["title"]
        .as_str()
        .unwrap()
        .starts_with("Neue Friedens-Vorschläge"));
    assert_eq!(e["language"].as_str(), Some("de"));
    assert_eq!(e["identifier"].as_str(), Some("urn:nbn:de:gbv:3:3-10504"));
    let text = std::fs::read_to_string(&edition).unwrap();
    for word in ["bekömmt", "Kayserl."] {
        assert!(text.contains(word), "no `{word}`");
    }
    for mark in ['ſ', '⸗', '\u{0364}'] {
        assert!(!text.contains(mark), "`{mark}` left in the edition");
    }
    let report = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(!report.contains("replaced by “?”"), "{report}");
    // The covers point at no text: no article of them.
    let heads: Vec<String> = e["sections"]
        .as_sequence()
        .unwrap()
        .iter()
        .flat_map(|s| articles_of(s).into_iter().map(|(h, _)| h))
        .collect();
    assert!(heads.iter().any(|h| h == "Titelblatt"), "{heads:?}");
    assert!(!heads.iter().any(|h| h.contains("deckel")), "{heads:?}");
}

#[test]
fn dfg_newspaper_issue_with_alto_urls_reads_the_downloaded_files_and_the_part_date() {
    // DFG newspaper profile (ULB Halle): newspaper/year/month/day/issue, the issue linked to
    // whole pages, its date in `mods:part/mods:date`, the ALTO files named by URL and kept in
    // the group's folder `ALTO3/`.
    let dir = tempfile::tempdir().unwrap();
    let edition = check_issue("ulb-general-anzeiger-1889-03-23", &[], dir.path());
    let e = read_yaml(&edition);
    assert_eq!(
        e["title"].as_str(),
        Some("General-Anzeiger für Halle und den Saalkreis")
    );
    assert_eq!(e["date"].as_str(), Some("1889-03-23"));
    assert_eq!(e["issue"].as_str(), Some("3"));
    assert_eq!(e["language"].as_str(), Some("de"));
    let titles: Vec<&str> = e["sections"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["title"].as_str())
        .collect();
    assert_eq!(titles, ["Page 1", "Page 2"]);
}

/// A copy of a real issue in a temporary folder, to break.
fn copy_issue(name: &str, to: &Path) -> PathBuf {
    let from = issue(name);
    let dest = to.join(name);
    let mut stack = vec![from.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let target = dest.join(p.strip_prefix(&from).unwrap());
            if p.is_dir() {
                stack.push(p);
            } else {
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::copy(&p, &target).unwrap();
            }
        }
    }
    dest
}

/// `folio import` on a broken issue: refused with a message containing `expect`, and no file
/// written.
fn refused(issue: &Path, expect: &[&str]) {
    let out_dir = issue.parent().unwrap().join("out");
    let edition = out_dir.join("edition.yaml");
    let out = folio(&[
        "import".as_ref(),
        issue.as_os_str(),
        "-o".as_ref(),
        edition.as_os_str(),
        "--report".as_ref(),
        out_dir.join("r.txt").as_os_str(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "accepted: {err}");
    for e in expect {
        assert!(err.contains(e), "expected `{e}` in: {err}");
    }
    assert!(
        !out_dir.exists(),
        "something was written for a refused issue"
    );
}

#[test]
fn broken_deliveries_are_refused_naming_file_and_line_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let name = "luxzeit-1858-12-07";
    let mets_name = "2385348_newspaper_luxzeit1858_1858-12-07_01-mets.xml";

    // Malformed METS: an element closed by the wrong tag.
    let bad = copy_issue(name, &dir.path().join("malformed"));
    let mets = bad.join(mets_name);
    let text = std::fs::read_to_string(&mets).unwrap();
    let broken = text.replacen(
        "<mods:title>Kölnische Zeitung.</mods:title>",
        "<mods:title>Kölnische Zeitung.</mods:titel>",
        1,
    );
    assert_ne!(broken, text);
    std::fs::write(&mets, &broken).unwrap();
    let line = broken[..broken.find("</mods:titel>").unwrap()]
        .matches('\n')
        .count()
        + 1;
    refused(&bad, &[&format!("{mets_name}:{line}:"), "malformed XML"]);

    // A METS pointing at an ALTO file that is not there.
    let missing = copy_issue(name, &dir.path().join("missing"));
    std::fs::remove_file(missing.join("text/1858-12-07_01-00003.xml")).unwrap();
    refused(
        &missing,
        &[mets_name, "1858-12-07_01-00003.xml", "is missing"],
    );

    // An ALTO file with no text.
    let empty = copy_issue(name, &dir.path().join("empty"));
    std::fs::write(
        empty.join("text/1858-12-07_01-00002.xml"),
        "<?xml version=\"1.0\"?>\n<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v3#\">\n<Layout><Page ID=\"P2\"><PrintSpace/></Page></Layout>\n</alto>\n",
    )
    .unwrap();
    refused(&empty, &["1858-12-07_01-00002.xml:2:", "has no text"]);

    // Malformed ALTO, and a DTD (entity expansion) in an ALTO file.
    let alto_bad = copy_issue(name, &dir.path().join("alto-bad"));
    let page = alto_bad.join("text/1858-12-07_01-00004.xml");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("</TextLine>", "</TextLin>", 1)).unwrap();
    refused(&alto_bad, &["1858-12-07_01-00004.xml:", "malformed XML"]);
    std::fs::write(
        &page,
        "<?xml version=\"1.0\"?>\n<!DOCTYPE alto [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>\n<alto>&b;</alto>\n",
    )
    .unwrap();
    refused(&alto_bad, &["1858-12-07_01-00004.xml:2:1:", "DTD"]);
}

#[test]
fn batch_over_a_delivery_of_issues_gives_epub_and_pdf_each_and_a_bad_issue_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let delivery = dir.path().join("delivery");
    copy_issue("luxzeit-1858-12-07", &delivery.join("1858"));
    copy_issue("bl-0002244-1855-09-22", &delivery.join("1855"));
    // An issue whose METS has no title (the RERO delivery as it is) fails alone.
    copy_issue("blb-1845-12-28", &delivery.join("1845"));
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let result = folio(&[
        "batch".as_ref(),
        delivery.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--report".as_ref(),
        report.as_os_str(),
        "--quiet".as_ref(),
    ]);
    assert_eq!(
        result.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(report["built"], 2, "{report:#}");
    assert_eq!(report["failed"], 1, "{report:#}");
    let failed = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "failed")
        .unwrap();
    assert!(
        failed["error"].as_str().unwrap().contains("no title"),
        "{failed:#}"
    );
    for (folder, stem) in [
        (
            "1858/luxzeit-1858-12-07",
            "2385348_newspaper_luxzeit1858_1858-12-07_01-mets",
        ),
        ("1855/bl-0002244-1855-09-22", "0002244_18550922_mets"),
    ] {
        let base = out.join("delivery").join(folder).join(stem);
        for ext in ["epub", "pdf"] {
            let file = base.with_extension(ext);
            assert!(file.is_file(), "no {}", file.display());
        }
        common::check_pdf(&base.with_extension("pdf"), None, false).assert_clean();
    }
    assert!(!out.join("delivery/1845").exists());
}

#[test]
fn illustrations_are_cut_from_a_supplied_page_image() {
    // The real page scans were not published with this ALTO; a stand-in page image of half
    // the ALTO's resolution (2590×4050 mm10 → 1295×2025 px), white with a red box exactly
    // where ALTO puts the masthead's illustration (P1_CB00001: 1174,290 173×301), checks
    // that the box is found, scaled and cut.
    let dir = tempfile::tempdir().unwrap();
    let issue = copy_issue("luxzeit-1858-12-07", dir.path());
    let mut page = image::RgbImage::from_pixel(1295, 2025, image::Rgb([255, 255, 255]));
    for y in 145..(145 + 150) {
        for x in 587..(587 + 86) {
            page.put_pixel(x, y, image::Rgb([200, 0, 0]));
        }
    }
    std::fs::create_dir_all(issue.join("blackwhiteimages")).unwrap();
    page.save(issue.join("blackwhiteimages/1858-12-07_01-00001.png"))
        .unwrap();
    let out = dir.path().join("out");
    let (edition, _) = import(&issue, &out, &[]);
    let text = std::fs::read_to_string(&edition).unwrap();
    let src = "images/1858-12-07_01-00001-P1_CB00001_SUB.jpg";
    assert!(text.contains(&format!("src: \"{src}\"")), "{text}");
    let crop = image::open(out.join(src)).unwrap().to_rgb8();
    assert!(
        (86..=88).contains(&crop.width()) && (150..=152).contains(&crop.height()),
        "{}x{}",
        crop.width(),
        crop.height()
    );
    let red = crop
        .pixels()
        .filter(|p| p[0] > 150 && p[1] < 80 && p[2] < 80)
        .count();
    assert!(
        red as f64 > 0.9 * (crop.width() * crop.height()) as f64,
        "{red} red pixels"
    );
    // The book takes the picture.
    let books = dir.path().join("books");
    common::build(&edition, &books, &[]);
    common::check_epub(&common::only_output(&books, "epub"), Some(&edition)).assert_clean();
}
