//! EPUB export, end to end: the real `folio` binary builds real editions, and the books are
//! judged by EPUBCheck 5.3.0 and this project's package inspections (`common::check_epub`),
//! by Ace by DAISY (`common::check_a11y`) and inspected directly.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

mod common;
use common::epub_check::EpubReport;
use common::{check_a11y, check_epub, repo};

fn sample() -> PathBuf {
    repo("examples/nmg-2022-01-03/edition.yaml")
}

fn vertical_tc() -> PathBuf {
    repo("tests/data/epub/vertical-tc/edition.yaml")
}

fn images() -> PathBuf {
    repo("tests/data/epub/images/edition.yaml")
}

fn markup() -> PathBuf {
    repo("tests/data/epub/markup/edition.yaml")
}

/// Runs `folio build EDITION -o DIR --format epub` and returns the book's path and bytes.
fn build(edition: &Path, out: &Path) -> (PathBuf, Vec<u8>) {
    common::build(edition, out, &["--format", "epub"]);
    let book = common::only_output(out, "epub");
    let bytes = std::fs::read(&book).unwrap();
    (book, bytes)
}

/// Runs `check_epub` (EPUBCheck plus inspections against the edition) and asserts it passes.
fn assert_check_epub(book: &Path, edition: &Path) -> EpubReport {
    let report = check_epub(book, Some(edition));
    report.assert_clean();
    report
}

/// Every entry of the book, by name.
fn entries(epub: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).expect("a zip");
    let mut map = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        map.insert(file.name().to_string(), bytes);
    }
    map
}

fn text(entries: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        entries
            .get(name)
            .unwrap_or_else(|| panic!("{name} in book"))
            .clone(),
    )
    .unwrap()
}

#[test]
fn sample_edition_passes_epubcheck_and_stays_small() {
    let dir = tempfile::tempdir().unwrap();
    let (book, bytes) = build(&sample(), dir.path());
    assert_check_epub(&book, &sample());
    assert!(
        bytes.len() < 600 * 1024,
        "sample EPUB is {} bytes",
        bytes.len()
    );
    let book = entries(&bytes);
    let opf = text(&book, "OEBPS/content.opf");
    assert!(opf.contains("<dc:title>内蒙古日报 2022-01-03</dc:title>"));
    assert!(opf.contains("<dc:publisher>内蒙古日报社</dc:publisher>"));
    // Library software shows the publisher as the author, and the edition's own day in any
    // time zone from UTC−11 to UTC+11 (calibre moves a bare date's 1st to the 2nd).
    assert!(opf.contains("<dc:creator id=\"creator\">内蒙古日报社</dc:creator>"));
    assert!(opf.contains("<dc:date>2022-01-03T12:00:00Z</dc:date>"));
    assert!(opf.contains("<meta property=\"dcterms:modified\">2022-01-03T00:00:00Z</meta>"));
    assert!(opf.contains("page-progression-direction=\"ltr\""));
    let first = text(&book, "OEBPS/article-01-01.xhtml");
    assert!(
        first.contains(
            "<p><span class=\"lead\">本报乌海<span class=\"sp-ba\">1</span>月\
             <span class=\"sp-ba\">2</span>日电（记者 郝飚）</span>“没想到"
        ),
        "the dateline and byline lead the first paragraph"
    );
    let with_kicker = text(&book, "OEBPS/article-01-06.xhtml");
    assert!(with_kicker.contains("<p class=\"kicker\">向市民报告 听市民意见 请市民评议</p>"));
    assert!(with_kicker.contains("<p class=\"byline\">本报记者 刘向平</p>"));
}

#[test]
fn vertical_traditional_chinese_edition_passes_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    let (book, bytes) = build(&vertical_tc(), dir.path());
    assert_check_epub(&book, &vertical_tc());
    let book = entries(&bytes);
    let opf = text(&book, "OEBPS/content.opf");
    assert!(opf.contains("page-progression-direction=\"rtl\""));
    assert!(opf.contains("<meta name=\"primary-writing-mode\" content=\"vertical-rl\"/>"));
    assert!(opf.contains(
        "<dc:identifier id=\"epub-id-1\">urn:folio-test:beigang-morning:2023-10-10</dc:identifier>"
    ));
    assert!(opf.contains("<meta property=\"schema:issueNumber\">第8123號</meta>"));
    let css = text(&book, "OEBPS/stylesheet.css");
    assert!(css.contains("writing-mode: vertical-rl"));
    assert!(css.contains("\"Noto Serif CJK TC\""));
    assert!(
        book.contains_key("OEBPS/images/cover.png"),
        "a generated cover"
    );
}

#[test]
fn edition_with_pictures_passes_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    let (book, bytes) = build(&images(), dir.path());
    assert_check_epub(&book, &images());
    let book = entries(&bytes);
    assert!(
        book.contains_key("OEBPS/images/cover.jpg"),
        "the given cover"
    );
    let wetland = text(&book, "OEBPS/article-01-01.xhtml");
    assert!(wetland.contains(
        "<h2 id=\"headline\">春雨过后 &quot;湿地&quot; 公园迎来候鸟与 &apos;观鸟客&apos;</h2>"
    ));
    assert!(wetland.contains("src=\"images/article-01-01-1.jpg\" alt=\"湖面上成群的候鸟，远处是木制的观鸟屏风和芦苇丛。\""));
    assert!(wetland.contains(
        "src=\"images/article-01-01-2.png\" alt=\"2020—2024年观测到的鸟类种数 &lt;单位：种&gt;\""
    ));
    // Over 4 megapixels: downscaled, still a PNG.
    let aerial = image::load_from_memory(&book["OEBPS/images/article-01-02-1.png"]).unwrap();
    assert!(u64::from(aerial.width()) * u64::from(aerial.height()) <= 4_000_000);
    assert!(
        aerial.width() > 2000,
        "only as much as needed: {}",
        aerial.width()
    );
    // No src: the caption and credit only.
    let missing = text(&book, "OEBPS/article-01-03.xhtml");
    assert!(!missing.contains("<img"));
    assert!(missing.contains(
        "<span class=\"sp-a\">1987</span>年落成的城市图书馆（原图缺失）。</span> \
         <span class=\"credit\">资料图片</span>"
    ));
    // A photo story: pictures and captions, no body.
    let story = text(&book, "OEBPS/article-02-01.xhtml");
    assert_eq!(story.matches("<figure>").count(), 2);
    let latin = text(&book, "OEBPS/article-03-01.xhtml");
    assert!(latin
        .contains("Harbour Festival: &apos;Lights and Music&apos; Return on &quot;Saturday&quot;"));
    assert!(
        latin.contains("with light installations"),
        "lines of a Latin paragraph join with a space"
    );
    let nav = text(&book, "OEBPS/nav.xhtml");
    assert!(nav.contains("English &amp; Other &lt;Pages&gt;"));
}

/// Headlines made of `<`, `&`, `>` and quotes keep the book well-formed and read as written:
/// every headline is in the nav, unescaped, exactly as the edition spells it.
#[test]
fn headlines_with_xml_special_characters_stay_well_formed() {
    let dir = tempfile::tempdir().unwrap();
    let (book, bytes) = build(&markup(), dir.path());
    assert_check_epub(&book, &markup());
    let edition = folio::edition::load(&markup(), &folio::edition::LoadOptions::default()).unwrap();
    let book = entries(&bytes);
    let nav = text(&book, "OEBPS/nav.xhtml");
    let entries: Vec<String> = nav
        .split("<a href=\"")
        .skip(1)
        .map(|a| common::unescape(&a[a.find('>').unwrap() + 1..a.find("</a>").unwrap()]))
        .collect();
    for (_, article) in edition.articles() {
        assert!(
            entries.contains(&article.headline),
            "{:?} not in the nav {entries:?}",
            article.headline
        );
    }
    let page = text(&book, "OEBPS/article-01-01.xhtml");
    assert!(page.contains("<h2 id=\"headline\">A &lt; B &amp; C &gt; D: &quot;Quotes&quot; and &apos;Apostrophes&apos;</h2>"));
    assert!(page.contains("Text with &lt;b&gt;not bold&lt;/b&gt; &amp; an &amp;amp; entity"));
    assert!(page.contains("]]&gt; and &lt;!-- not a comment --&gt;"));
    let script = text(&book, "OEBPS/article-01-02.xhtml");
    assert!(!script.contains("<script"));
    let opf = text(&book, "OEBPS/content.opf");
    assert!(opf.contains("<dc:publisher>O&apos;Reilly &amp; Sons &lt;Press&gt;</dc:publisher>"));
    assert!(opf.contains("<dc:title>Markup &amp; &lt;Co&gt; \"Daily\" 2024-03-01</dc:title>"));
}

#[test]
fn two_builds_are_byte_identical() {
    for edition in [images(), vertical_tc()] {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (_, first) = build(&edition, a.path());
        let (_, second) = build(&edition, b.path());
        assert!(
            first == second,
            "{} differs between builds",
            edition.display()
        );
    }
}

/// The EPUB Accessibility 1.1 metadata and language markup Ace by DAISY looks for, checked
/// directly (Ace itself needs Node and Chromium: see `ace_by_daisy_finds_no_serious_violation`).
#[test]
fn accessibility_metadata_and_languages_are_complete() {
    for (edition, lang) in [
        (sample(), "zh-Hans"),
        (vertical_tc(), "zh-Hant"),
        (images(), "zh-Hans"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (_, bytes) = build(&edition, dir.path());
        let book = entries(&bytes);
        let opf = text(&book, "OEBPS/content.opf");
        assert!(opf.contains(&format!("<package version=\"3.0\" xmlns=\"http://www.idpf.org/2007/opf\" unique-identifier=\"epub-id-1\" xml:lang=\"{lang}\"")));
        for property in [
            "schema:accessMode\">textual<",
            "schema:accessModeSufficient\">textual<",
            "schema:accessibilityFeature\">tableOfContents<",
            "schema:accessibilityFeature\">readingOrder<",
            "schema:accessibilityFeature\">structuralNavigation<",
            "schema:accessibilityFeature\">alternativeText<",
            "schema:accessibilityHazard\">none<",
            &format!("schema:accessibilitySummary\" xml:lang=\"{lang}\">"),
            "dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA<",
            "a11y:certifiedBy\">",
            "ibooks:specified-fonts\">true<",
        ] {
            assert!(
                opf.contains(property),
                "{}: no {property}",
                edition.display()
            );
        }
        let documents: Vec<&String> = book.keys().filter(|n| n.ends_with(".xhtml")).collect();
        assert!(documents.len() >= 3);
        for name in documents {
            let page = text(&book, name);
            assert!(
                page.contains(&format!("lang=\"{lang}\" xml:lang=\"{lang}\"")),
                "{name} has no lang {lang}"
            );
        }
        let nav = text(&book, "OEBPS/nav.xhtml");
        assert!(nav.contains("epub:type=\"toc\" role=\"doc-toc\""));
        assert!(nav.contains("epub:type=\"landmarks\""));
        assert!(nav.contains("epub:type=\"bodymatter\" href=\"section-01.xhtml\""));
        // Headings: sections are h1, headlines h2; kickers and subheadlines are not headings.
        let section = text(&book, "OEBPS/section-01.xhtml");
        assert!(section.contains("<h1 id=\"section-title\">"));
        let article = text(&book, "OEBPS/article-01-01.xhtml");
        assert!(article.contains("<h2 id=\"headline\">"));
        assert!(!article.contains("<h3"));
    }
}

#[test]
fn embedded_fonts_are_subsets_that_keep_vertical_typesetting() {
    let dir = tempfile::tempdir().unwrap();
    let (_, bytes) = build(&vertical_tc(), dir.path());
    let book = entries(&bytes);
    let article = text(&book, "OEBPS/article-01-01.xhtml");
    for (path, sample_char) in [
        ("OEBPS/fonts/serif.otf", '籌'),
        ("OEBPS/fonts/sans-bold.otf", '啟'),
    ] {
        let font = &book[path];
        assert!(
            font.len() < 1_000_000,
            "{path} is {} bytes: not a subset",
            font.len()
        );
        let face = ttf_parser::Face::parse(font, 0).unwrap();
        assert!(
            face.number_of_glyphs() < 2000,
            "{path}: {} glyphs",
            face.number_of_glyphs()
        );
        assert!(
            face.glyph_index(sample_char).is_some(),
            "{path} lacks {sample_char}"
        );
        assert!(
            face.glyph_index('鑫').is_none(),
            "{path} holds characters the book does not use"
        );
        let tables = face.tables();
        assert!(
            tables.vhea.is_some() && tables.vmtx.is_some() && tables.vorg.is_some(),
            "{path}: vertical metrics"
        );
        let gsub = tables.gsub.expect("GSUB");
        let tags: Vec<String> = gsub
            .features
            .into_iter()
            .map(|f| f.tag.to_string())
            .collect();
        assert!(
            tags.iter().any(|t| t == "vert"),
            "{path}: GSUB features {tags:?}"
        );
        assert!(
            !tags.iter().any(|t| t == "liga" || t == "locl"),
            "{path}: {tags:?}"
        );
    }
    assert!(article.contains("籌備四年"));
    let css = text(&book, "OEBPS/stylesheet.css");
    assert!(css.contains("src: url(\"fonts/serif.otf\") format(\"opentype\")"));
}

/// Ace by DAISY (installed by `.ci/install-tools`; about 7 s a book) finds no critical or serious violation and
/// complete accessibility metadata in the three books.
#[test]
fn ace_by_daisy_finds_no_serious_violation() {
    for edition in [sample(), vertical_tc(), images()] {
        let dir = tempfile::tempdir().unwrap();
        let (book, _) = build(&edition, dir.path());
        check_a11y(&book).assert_clean();
    }
}

/// Draws the pictures of `tests/data/epub/images/` (committed; run this only to change them).
#[test]
#[ignore = "writes test data"]
fn regenerate_test_images() {
    use image::{Rgb, RgbImage};
    let dir = repo("tests/data/epub/images");
    // A small deterministic generator, so the pictures are the same on every run.
    let mut seed = 0x2545_f491_u32;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    let gradient = |w: u32, h: u32, top: [u8; 3], bottom: [u8; 3]| {
        RgbImage::from_fn(w, h, |_, y| {
            let t = y as f32 / h as f32;
            Rgb(std::array::from_fn(|c| {
                (top[c] as f32 * (1.0 - t) + bottom[c] as f32 * t) as u8
            }))
        })
    };
    let save_jpeg = |picture: &RgbImage, name: &str| {
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 80)
            .encode_image(picture)
            .unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    };
    let fill = |picture: &mut RgbImage, x0: u32, y0: u32, w: u32, h: u32, color: [u8; 3]| {
        for y in y0..(y0 + h).min(picture.height()) {
            for x in x0..(x0 + w).min(picture.width()) {
                picture.put_pixel(x, y, Rgb(color));
            }
        }
    };

    // Wetland: sky over water, birds as dark dashes.
    let mut wetland = gradient(640, 400, [180, 210, 235], [60, 110, 140]);
    for _ in 0..120 {
        let (x, y) = (next() % 620, 160 + next() % 220);
        fill(&mut wetland, x, y, 10, 3, [30, 30, 35]);
    }
    save_jpeg(&wetland, "wetland.jpg");

    // Chart: five bars on white.
    let mut chart = RgbImage::from_pixel(600, 360, Rgb([255, 255, 255]));
    for (i, value) in [62u32, 70, 74, 79, 86].iter().enumerate() {
        let h = value * 3;
        fill(
            &mut chart,
            60 + i as u32 * 100,
            330 - h,
            60,
            h,
            [70, 120, 180],
        );
    }
    fill(&mut chart, 40, 330, 540, 2, [0, 0, 0]);
    chart.save(dir.join("birds-chart.png")).unwrap();

    // Aerial view, 2400 × 1800 = 4.32 megapixels: a street grid of blocks.
    let mut aerial = RgbImage::from_pixel(2400, 1800, Rgb([120, 120, 115]));
    for by in 0..18 {
        for bx in 0..24 {
            let shade = 150 + (next() % 80) as u8;
            fill(
                &mut aerial,
                bx * 100 + 12,
                by * 100 + 12,
                76,
                76,
                [shade, shade - 20, shade - 40],
            );
        }
    }
    aerial.save(dir.join("aerial.png")).unwrap();

    // Market at night: warm light, stalls.
    for (name, tint) in [
        ("market-1.jpg", [255, 190, 120]),
        ("market-2.jpg", [240, 220, 150]),
    ] {
        let mut market = gradient(480, 320, [20, 20, 40], tint);
        for i in 0..6 {
            fill(&mut market, 20 + i * 78, 200, 60, 100, [90, 140, 70]);
        }
        save_jpeg(&market, name);
    }

    // Cover: a magazine-like band.
    let mut cover = gradient(600, 900, [230, 225, 215], [200, 190, 170]);
    fill(&mut cover, 0, 80, 600, 160, [30, 60, 110]);
    save_jpeg(&cover, "cover.jpg");
}
