//! Characters the edition's own Noto CJK face lacks, end to end: rare Extension B ideographs of
//! real Tang poems set from the bundled HanaMinB, sub- and superscripts and signs from the
//! bundled Noto symbol faces, and characters no bundled face has (private-use, very recent
//! Unicode additions, emoji) drawn as `〓` with the original kept as text, warned about, refused
//! by `--strict`, listed by `folio check` and by the batch report.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{check_epub, check_pdf, check_pdfa_1b, only_output, repo, FOLIO};

/// The rare ideographs of `tests/data/fallback/tang-rare` that Noto Serif CJK TC lacks and
/// HanaMinB has (measured with the font's cmap when the edition was made).
const RARE: [&str; 21] = [
    "𡏜", "𡚕", "𡽏", "𥨆", "𦯶", "𩅔", "𩅦", "𠿕", "𦨻", "𧇠", "𡾼", "𢶉", "𤶬", "𦊲", "𦋥", "𦪽",
    "𥫽", "𩭝", "𣓍", "𧮢", "𩷨",
];

/// The rare characters of the last poem, whose headline holds one (set in the headline face).
const RARE_HEADLINE: [&str; 2] = ["𣞷", "𦊔"];

fn tang() -> PathBuf {
    repo("tests/data/fallback/tang-rare/edition.yaml")
}

fn run(args: &[&str], edition: &Path, out: Option<&Path>) -> Output {
    let mut cmd = Command::new(FOLIO);
    cmd.arg(args[0]).arg(edition);
    if let Some(out) = out {
        cmd.arg("-o").arg(out);
    }
    cmd.args(&args[1..]).output().expect("run folio")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdffonts(pdf: &Path) -> String {
    let out = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("run pdffonts");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The EPUB's entries whose names end in `suffix`, with their bytes.
fn epub_entries(epub: &Path, suffix: &str) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut found = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        if entry.name().ends_with(suffix) {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            found.push((entry.name().to_string(), bytes));
        }
    }
    found
}

/// Writes an edition of one article with `body` (and `headline`) and returns its path.
fn one_article(dir: &Path, name: &str, headline: &str, body: &str) -> PathBuf {
    let path = dir.join(name).join("edition.yaml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let body: String = body.lines().map(|l| format!("          {l}\n")).collect();
    std::fs::write(
        &path,
        format!(
            "title: 科学日报\ndate: 2024-05-01\nlanguage: zh-Hans\nsections:\n  - title: 要闻\n    articles:\n      - headline: \"{headline}\"\n        body: |\n{body}"
        ),
    )
    .unwrap();
    path
}

#[test]
fn rare_extension_b_poems_build_by_default_with_real_glyphs_in_both_books() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["build"], &tang(), Some(dir.path()));
    assert!(out.status.success(), "{}", stderr(&out));
    // Every ideograph has a glyph. The one placeholder is a private-use character the data
    // set writes inside its own `{厓厂=…}` description of a character Unicode lacks (U+E815,
    // GB 18030's old private-use code for the radical ⺁): warned about once, kept as text.
    let warnings: Vec<String> = stderr(&out)
        .lines()
        .filter(|l| l.starts_with("warning"))
        .map(str::to_string)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("U+E815 ") && warnings[0].contains("private-use"));
    assert!(
        warnings[0].contains("“復留侯從効問南漢劉巖改名龑字音義”"),
        "{}",
        warnings[0]
    );
    let pdf = only_output(dir.path(), "pdf");
    let epub = only_output(dir.path(), "epub");
    check_pdf(&pdf, Some(&tang()), false).assert_clean();
    check_epub(&epub, Some(&tang())).assert_clean();

    // The PDF embeds a subset of HanaMinB beside Noto CJK, and gives every rare character back.
    let fonts = pdffonts(&pdf);
    assert!(fonts.contains("HanaMinB"), "{fonts}");
    let text = pdftotext(&pdf);
    for c in RARE.iter().chain(&RARE_HEADLINE) {
        assert!(text.contains(c), "{c} is not in the PDF's text");
    }
    assert!(
        text.contains("{厓厂=\u{E815}}"),
        "the private-use character is given back"
    );
    assert!(
        !text.contains('〓'),
        "pdftotext reads the placeholder's ActualText"
    );

    // The EPUB embeds a HanaMinB subset holding exactly the rare characters, named after the
    // edition's own face in both stacks (the last headline holds one).
    let hana = epub_entries(&epub, "fonts/HanaMinB.ttf");
    assert_eq!(hana.len(), 1, "one HanaMinB subset");
    let face = ttf_parser::Face::parse(&hana[0].1, 0).unwrap();
    for c in RARE.iter().chain(&RARE_HEADLINE) {
        let c = c.chars().next().unwrap();
        assert!(face.glyph_index(c).is_some(), "{c} is not in the subset");
    }
    assert!(face.glyph_index('中').is_none(), "only what Noto lacks");
    assert!(hana[0].1.len() < 60_000, "{} bytes", hana[0].1.len());
    let css = epub_entries(&epub, ".css");
    let css = String::from_utf8_lossy(&css[0].1);
    assert!(
        css.contains("\"folio-serif\", \"folio-serif-HanaMinB\"")
            && css.contains("\"folio-sans\", \"folio-sans-HanaMinB\""),
        "{css}"
    );

    // PDF/A-1b too, judged by Apache PDFBox Preflight.
    let a1 = dir.path().join("a1");
    let out = run(
        &["build", "--format", "pdf", "--pdf-standard", "a-1b"],
        &tang(),
        Some(&a1),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    check_pdfa_1b(&only_output(&a1, "pdf"));
}

#[test]
fn the_same_poems_set_vertically_keep_their_rare_characters() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(tang()).unwrap();
    let vertical = dir.path().join("edition.yaml");
    std::fs::write(
        &vertical,
        text.replace(
            "language: zh-Hant",
            "language: zh-Hant\nwriting_mode: vertical-rl",
        ),
    )
    .unwrap();
    let out = run(&["build", "--format", "pdf"], &vertical, Some(dir.path()));
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = only_output(dir.path(), "pdf");
    let text = pdftotext(&pdf);
    for c in RARE {
        assert!(text.contains(c), "{c} is not in the vertical PDF's text");
    }
}

/// Private use, an Extension I ideograph (Unicode 15.1) no bundled face has yet, an emoji and
/// an emoji ZWJ sequence (one placeholder for the whole sequence).
const PLACEHOLDERS: [(&str, &str); 4] = [
    ("\u{E000}", "U+E000"),
    ("\u{2EBF0}", "U+2EBF0"),
    ("😀", "U+1F600"),
    ("👩\u{200D}💻", "U+1F469 U+200D U+1F4BB"),
];

fn placeholder_edition(dir: &Path) -> PathBuf {
    one_article(
        dir,
        "placeholders",
        "新字与符号",
        "记者\u{E000}某报道：新收录的𮯰字，网友回复😀和👩\u{200D}💻。\n\n第二段又见\u{E000}一次。",
    )
}

#[test]
fn characters_no_face_has_are_drawn_as_placeholders_kept_as_text_and_warned_once() {
    let dir = tempfile::tempdir().unwrap();
    let edition = placeholder_edition(dir.path());
    let out_dir = dir.path().join("out");
    let out = run(&["build"], &edition, Some(&out_dir));
    assert!(out.status.success(), "{}", stderr(&out));
    let warnings = stderr(&out);
    for (_, code) in PLACEHOLDERS {
        assert_eq!(
            warnings.matches(&format!("{code} ")).count(),
            1,
            "{code} warned once: {warnings}"
        );
    }
    assert!(warnings.contains("private-use") && warnings.contains("emoji"));
    assert!(
        warnings.contains("page 2") && warnings.contains("“新字与符号”"),
        "{warnings}"
    );

    let pdf = only_output(&out_dir, "pdf");
    check_pdf(&pdf, Some(&edition), false).assert_clean();
    let text = pdftotext(&pdf);
    for (c, _) in PLACEHOLDERS {
        assert!(
            text.contains(c),
            "{c:?} not given back by pdftotext:\n{text}"
        );
    }
    // The EPUB keeps the characters as text, for the reader's own fonts.
    let epub = only_output(&out_dir, "epub");
    check_epub(&epub, Some(&edition)).assert_clean();
    let pages: String = epub_entries(&epub, ".xhtml")
        .into_iter()
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    for (c, _) in PLACEHOLDERS {
        assert!(pages.contains(c), "{c:?} not in the EPUB");
    }

    // `check` lists the same characters without writing anything.
    let check = run(&["check"], &edition, None);
    assert!(check.status.success(), "{}", stderr(&check));
    let listed = stderr(&check);
    for (_, code) in PLACEHOLDERS {
        assert!(listed.contains(&format!("{code} ")), "{listed}");
    }
    assert_eq!(
        listed.lines().filter(|l| l.starts_with("warning")).count(),
        warnings
            .lines()
            .filter(|l| l.starts_with("warning"))
            .count()
    );
}

#[test]
fn strict_refuses_characters_no_face_has_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let edition = placeholder_edition(dir.path());
    let out_dir = dir.path().join("out");
    let out = run(&["build", "--strict"], &edition, Some(&out_dir));
    assert!(!out.status.success());
    let refusal = stderr(&out);
    for (_, code) in PLACEHOLDERS {
        assert!(refusal.contains(code), "{refusal}");
    }
    assert!(refusal.contains("--strict"), "{refusal}");
    assert!(
        !out_dir.exists() || std::fs::read_dir(&out_dir).unwrap().count() == 0,
        "nothing written"
    );
    let check = run(&["check", "--strict"], &edition, None);
    assert!(!check.status.success());
    assert!(stderr(&check).contains("U+E000"), "{}", stderr(&check));
    // An edition every character of which has a glyph passes --strict.
    let fine = one_article(dir.path(), "fine", "稀见字", "王𡏜之墓志铭，CO₂。");
    let out = run(
        &["build", "--strict", "--format", "pdf"],
        &fine,
        Some(&out_dir),
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn subscripts_circled_numbers_arrows_and_signs_come_from_the_symbol_faces() {
    let dir = tempfile::tempdir().unwrap();
    let body = "CO₂排放下降，H₂O与10⁻³。步骤①→②→③，映射↦与长箭头⟶；∯积分；✓通过，✗未过，➔继续；αβγ与Москва。";
    let edition = one_article(dir.path(), "symbols", "CO₂减排①→②", body);
    let out_dir = dir.path().join("out");
    let out = run(&["build"], &edition, Some(&out_dir));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let pdf = only_output(&out_dir, "pdf");
    check_pdf(&pdf, Some(&edition), false).assert_clean();
    let fonts = pdffonts(&pdf);
    // ₂ ⁻ from Noto Serif (body) and Noto Sans Bold (headline); ↦ ⟶ ∯ from Noto Sans Math;
    // ✗ ➔ from Noto Sans Symbols 2. ① → ✓ α М are in Noto CJK itself.
    for family in [
        "NotoSerif-Regular",
        "NotoSans-Bold",
        "NotoSansMath",
        "NotoSansSymbols2",
    ] {
        assert!(fonts.contains(family), "{family} not embedded:\n{fonts}");
    }
    let text = pdftotext(&pdf);
    for piece in [
        "CO₂",
        "H₂O",
        "10⁻³",
        "①→②→③",
        "映射↦与长箭头⟶",
        "∯积分",
        "✗未过，➔继续",
        "Москва",
    ] {
        assert!(text.contains(piece), "{piece} not in:\n{text}");
    }
}

#[test]
fn a_batch_of_twenty_with_five_needing_fallback_builds_all_and_reports_the_characters() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    let specials = [
        ("e03", "稀见字", "王𡏜之墓志铭。"),
        ("e07", "私用区", "人名\u{E001}待考。"),
        ("e11", "表情", "网友留言😀。"),
        ("e15", "新字", "新收录的𮯰字与\u{E002}。"),
        ("e19", "化学", "CO₂与H₂O。"),
    ];
    for i in 1..=20 {
        let name = format!("e{i:02}");
        match specials.iter().find(|(n, _, _)| *n == name) {
            Some((_, headline, body)) => one_article(&inputs, &name, headline, body),
            None => one_article(&inputs, &name, "要闻", "今天天气晴朗。"),
        };
    }
    let out_dir = dir.path().join("out");
    let report_path = dir.path().join("report.json");
    let out = Command::new(FOLIO)
        .arg("batch")
        .arg(&inputs)
        .arg("-o")
        .arg(&out_dir)
        .arg("--report")
        .arg(&report_path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report_path).unwrap()).unwrap();
    assert_eq!(report["built"], 20);
    let listed = |name: &str| -> Vec<String> {
        let result = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["input"].as_str().unwrap().contains(&format!("/{name}/")))
            .unwrap();
        result["missing_characters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["code_points"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(listed("e07"), ["U+E001"]);
    assert_eq!(listed("e11"), ["U+1F600"]);
    assert_eq!(listed("e15"), ["U+2EBF0", "U+E002"]);
    // Rare ideographs and subscripts have real glyphs: nothing to list.
    assert!(listed("e03").is_empty() && listed("e19").is_empty());
    assert!(listed("e01").is_empty());
    let e15 = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["input"].as_str().unwrap().contains("/e15/"))
        .unwrap();
    assert_eq!(e15["missing_characters"][0]["page"], 2);
    assert_eq!(e15["missing_characters"][0]["article"], "新字");
}
