//! The books as readers show them. EPUBCheck and Ace judge the files; this judges what a
//! person sees: chosen pages of real editions are rendered in WebKitGTK (the engine of Foliate,
//! and the family of Apple Books and Kobo) and in headless Chromium (Blink: Thorium and many
//! apps) by the drivers in `tests/readers/`, and the test reads the screenshots and the boxes
//! the engines report:
//!
//! - every embedded font loaded;
//! - no character box overlaps another, consecutive characters of a line run in reading order,
//!   and no gap in a line is wider than a word space can stretch to;
//! - each character is drawn where it is laid out: the pixels inside its box are the character
//!   drawn alone in the same font (engines can paint glyphs away from their boxes, as WebKitGTK
//!   2.50 does with `text-autospace`, while every box is right);
//! - in vertical text the punctuation has its vertical forms (`、。` in the upper right, brackets
//!   turned, `ー` upright);
//! - nothing runs off the page, and in a book paginated as Foliate paginates, no character or
//!   picture is cut by a page edge (the cover is whole on the first page);
//! - Korean words are never split at a line end.
//!
//! Each book is first judged by EPUBCheck and Ace (`common::check_epub`, `common::check_a11y`).
//! `.ci/install-tools` installs the engines (Debian's chromium, xvfb, python3-gi, python3-gi-cairo,
//! gir1.2-webkit2-4.1). The renders stay in `target/tmp/readers/` for a person to look at.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use image::GrayImage;
use serde::Deserialize;

mod common;
use common::repo;

/// The window pages are rendered in: a phone-sized reader, in CSS pixels.
const PHONE: (u32, u32) = (600, 800);
/// The window covers are rendered in: a desktop reader's, wider than tall, where a cover
/// sized by the window's height (not the page's) runs off the page.
const DESKTOP: (u32, u32) = (1000, 700);
/// Foliate's default page gap and margin at this size (its `--_gap` of 7% of the width, its
/// 48-pixel margin for header and footer), as the pagination emulation uses them.
const GAP: f64 = 42.0;
const MARGIN: f64 = 48.0;

/// A page box, in CSS pixels.
#[derive(Debug, Clone, Copy, Deserialize)]
struct Rect(f64, f64, f64, f64);

impl Rect {
    fn right(&self) -> f64 {
        self.0 + self.2
    }
    fn bottom(&self) -> f64 {
        self.1 + self.3
    }
    fn area(&self) -> f64 {
        self.2.max(0.0) * self.3.max(0.0)
    }
    /// The area two boxes share, not counting a shared strip under 1.5 pixels wide (WebKit
    /// rounds Latin letters' boxes out to whole pixels, so neighbours share one).
    fn intersection(&self, other: &Rect) -> f64 {
        let w = self.right().min(other.right()) - self.0.max(other.0);
        let h = self.bottom().min(other.bottom()) - self.1.max(other.1);
        if w < 1.5 || h < 1.5 {
            return 0.0;
        }
        w * h
    }
    fn contains(&self, other: &Rect, slack: f64) -> bool {
        other.0 >= self.0 - slack
            && other.1 >= self.1 - slack
            && other.right() <= self.right() + slack
            && other.bottom() <= self.bottom() + slack
    }
    /// How much of the smaller of the two spans [a, a+al] and [b, b+bl] the other covers.
    fn span_overlap(a: f64, al: f64, b: f64, bl: f64) -> f64 {
        let common = (a + al).min(b + bl) - a.max(b);
        common.max(0.0) / al.min(bl).max(0.01)
    }
}

/// One character (or one upright run of digits) as the engine laid it out.
#[derive(Debug, Clone, Deserialize)]
struct Unit(String, f64, f64, f64, f64, usize, String);

impl Unit {
    fn text(&self) -> &str {
        &self.0
    }
    fn rect(&self) -> Rect {
        Rect(self.1, self.2, self.3, self.4)
    }
    fn style(&self) -> usize {
        self.5
    }
    /// The character before it in the document's text.
    fn before(&self) -> &str {
        &self.6
    }
}

/// A character drawn alone on a reference sheet: text, style, box in sheet pixels.
#[derive(Debug, Clone, Deserialize)]
struct Template(String, usize, f64, f64, f64, f64);

#[derive(Debug, Deserialize)]
struct Sheet {
    png: String,
    templates: Vec<Template>,
}

#[derive(Debug, Deserialize)]
struct Viewport {
    width: f64,
    height: f64,
}

/// What `tests/readers/measure.js` measured (see there), plus the drivers' additions.
#[derive(Debug, Deserialize)]
struct Report {
    engine: String,
    lang: String,
    vertical: bool,
    viewport: Viewport,
    scroll: (f64, f64),
    pages: Vec<Rect>,
    units: Vec<Unit>,
    /// Per style: font-family, font-size, font-weight, font-style, font-feature-settings,
    /// font-variant-east-asian, writing-mode, text-orientation, text-combine-upright.
    styles: Vec<Vec<String>>,
    images: Vec<(Option<String>, f64, f64, f64, f64)>,
    fonts: Vec<(String, String)>,
    sheets: Vec<Sheet>,
}

impl Report {
    fn font_size(&self, style: usize) -> f64 {
        self.styles[style][1]
            .trim_end_matches("px")
            .parse()
            .unwrap_or(16.0)
    }
    fn vertical_style(&self, style: usize) -> bool {
        self.styles[style][6].starts_with("vertical")
    }
    fn window(&self) -> Rect {
        Rect(
            self.scroll.0,
            self.scroll.1,
            self.viewport.width,
            self.viewport.height,
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Engine {
    WebKit,
    Chromium,
}

impl Engine {
    fn name(self) -> &'static str {
        match self {
            Engine::WebKit => "webkit",
            Engine::Chromium => "chromium",
        }
    }
}

/// How a page is shown: scrolled from its top, or paginated like Foliate and turned to `page`.
#[derive(Debug, Clone, Copy)]
enum View {
    Scrolled,
    Paginated(usize),
}

/// Xvfb displays picked with `xvfb-run -a` collide when started at once.
static DISPLAY: Mutex<()> = Mutex::new(());

/// Renders `page` in `engine` into `out` and reads the report.
fn render(engine: Engine, page: &Path, out: &Path, view: View, window: (u32, u32)) -> Report {
    let driver = repo("tests/readers").join(match engine {
        Engine::WebKit => "webkit_render.py",
        Engine::Chromium => "chromium_render.py",
    });
    let mut args: Vec<String> = vec![
        driver.display().to_string(),
        page.display().to_string(),
        "--out".into(),
        out.display().to_string(),
        format!("--width={}", window.0),
        format!("--height={}", window.1),
    ];
    if let View::Paginated(n) = view {
        args.extend([
            "--paginate".into(),
            format!("--gap={GAP}"),
            format!("--margin={MARGIN}"),
            format!("--page={n}"),
        ]);
    }
    // Debian's python3-gi lives with the system interpreter, not with a pyenv or venv one.
    let python = "/usr/bin/python3";
    let result = match engine {
        Engine::WebKit => {
            let _display = DISPLAY.lock().unwrap_or_else(|e| e.into_inner());
            Command::new("xvfb-run")
                .args(["-a", "-s", "-screen 0 1280x1024x24", python])
                .args(&args)
                .output()
        }
        Engine::Chromium => Command::new(python).args(&args).output(),
    }
    .unwrap_or_else(|e| {
        panic!(
            "cannot run the {} driver: {e} (.ci/run installs it)",
            engine.name()
        )
    });
    assert!(
        result.status.success(),
        "{} could not render {}: {}",
        engine.name(),
        page.display(),
        String::from_utf8_lossy(&result.stderr)
    );
    let json = std::fs::read_to_string(out.join("report.json")).unwrap();
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("report of {}: {e}", out.display()))
}

/// A few characters around unit `i`, to say where a defect is.
fn context(units: &[Unit], i: usize) -> String {
    let from = i.saturating_sub(4);
    let to = (i + 5).min(units.len());
    let mut s = String::new();
    for (k, u) in units.iter().enumerate().take(to).skip(from) {
        if k == i {
            s.push('[');
        }
        s.push_str(u.text());
        if k == i {
            s.push(']');
        }
    }
    s
}

fn is_hangul(s: &str) -> bool {
    s.chars()
        .all(|c| matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}'))
}

/// Every embedded face the page's text asks for first loaded (otherwise the page shows a
/// system font, not the book's); a face no text on the page uses is never fetched.
fn fonts_not_loaded(report: &Report) -> Vec<String> {
    let wanted = |family: &str| {
        report.units.iter().any(|u| {
            let families = &report.styles[u.style()][0];
            families
                .split(',')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"')
                == family
        })
    };
    report
        .fonts
        .iter()
        .filter(|(family, status)| status == "error" || (status != "loaded" && wanted(family)))
        .map(|(family, status)| format!("font {family} is {status}, not loaded"))
        .collect()
}

/// Character boxes covering each other.
fn overlapping_boxes(report: &Report) -> Vec<String> {
    let units = &report.units;
    let mut found = Vec::new();
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by(|&a, &b| units[a].1.total_cmp(&units[b].1));
    for (k, &i) in order.iter().enumerate() {
        let a = units[i].rect();
        for &j in &order[k + 1..] {
            let b = units[j].rect();
            if b.0 >= a.right() {
                break;
            }
            let smaller = a.area().min(b.area());
            if smaller > 0.0 && a.intersection(&b) > 0.15 * smaller {
                found.push(format!(
                    "{} overlaps {}",
                    context(units, i.min(j)),
                    units[i.max(j)].text()
                ));
            }
        }
    }
    found
}

/// Whether units `a` and `b` (consecutive) sit on one line, and if so whether `b` comes after
/// `a` in the reading direction and how far after.
fn same_line(report: &Report, a: &Unit, b: &Unit) -> Option<f64> {
    let (ra, rb) = (a.rect(), b.rect());
    if report.vertical_style(a.style()) {
        (Rect::span_overlap(ra.0, ra.2, rb.0, rb.2) > 0.5).then(|| rb.1 - ra.bottom())
    } else {
        (Rect::span_overlap(ra.1, ra.3, rb.1, rb.3) > 0.5).then(|| rb.0 - ra.right())
    }
}

/// Consecutive characters of one line out of reading order, or pulled apart by more than a
/// stretched word space (the mark of a line justified around an unbreakable long token).
fn order_and_gaps(report: &Report) -> Vec<String> {
    let units = &report.units;
    let mut found = Vec::new();
    for i in 1..units.len() {
        let (a, b) = (&units[i - 1], &units[i]);
        let Some(gap) = same_line(report, a, b) else {
            continue;
        };
        let em = report.font_size(b.style());
        if gap < -1.0 {
            found.push(format!(
                "{} is drawn before the character it follows",
                context(units, i)
            ));
        } else if gap > 1.5 * em {
            found.push(format!(
                "{} stands {:.0} px ({:.1} em) after the character before it",
                context(units, i),
                gap,
                gap / em
            ));
        }
    }
    found
}

/// Characters running off the window's width in scrolled pages (cut at the reader's edge).
fn off_the_page(report: &Report) -> Vec<String> {
    let window = report.window();
    let mut found = Vec::new();
    for (i, u) in report.units.iter().enumerate() {
        let r = u.rect();
        let outside = if report.vertical {
            r.1 < -0.5 || r.bottom() > window.3 + 0.5
        } else {
            r.0 < -0.5 || r.right() > window.2 + 0.5
        };
        if outside {
            found.push(format!("{} runs off the page", context(&report.units, i)));
        }
    }
    found
}

/// In a paginated book: characters and pictures a page edge cuts, and a cover that is not
/// whole on the first page.
fn cut_by_pages(report: &Report, cover: bool) -> Vec<String> {
    let mut found = Vec::new();
    let in_a_page = |r: &Rect| report.pages.iter().any(|p| p.contains(r, 0.5));
    for (i, u) in report.units.iter().enumerate() {
        if !in_a_page(&u.rect()) {
            found.push(format!(
                "{} is cut by a page edge",
                context(&report.units, i)
            ));
        }
    }
    for (src, x, y, w, h) in &report.images {
        let r = Rect(*x, *y, *w, *h);
        let name = src.as_deref().unwrap_or("?");
        if !in_a_page(&r) {
            found.push(format!("picture {name} ({r:?}) is cut by a page edge"));
        }
        if cover {
            // Whole on the first page, and as large as the page lets it be (Foliate keeps a
            // margin above and below for its header and footer).
            let first = report.pages[0];
            let fills = (r.2 / first.2).max(r.3 / (first.3 - 2.0 * MARGIN));
            if !first.contains(&r, 0.5) || fills < 0.8 {
                found.push(format!(
                    "cover {name} ({r:?}) is not whole on the first page {first:?}"
                ));
            }
        }
    }
    found
}

/// Korean words broken across lines (Hangul after Hangul with no space between, on two lines).
fn split_korean_words(report: &Report) -> Vec<String> {
    let units = &report.units;
    let mut found = Vec::new();
    for i in 1..units.len() {
        let (a, b) = (&units[i - 1], &units[i]);
        if is_hangul(a.text())
            && is_hangul(b.text())
            && !b.before().trim().is_empty()
            && same_line(report, a, b).is_none()
        {
            found.push(format!("{} splits a word at a line end", context(units, i)));
        }
    }
    found
}

/// Darkness (0 white … 1 black) of pixel (x, y), white outside the picture.
fn ink(img: &GrayImage, x: i64, y: i64) -> f32 {
    if x < 0 || y < 0 || x >= i64::from(img.width()) || y >= i64::from(img.height()) {
        return 0.0;
    }
    1.0 - f32::from(img.get_pixel(x as u32, y as u32)[0]) / 255.0
}

/// The pixels of `rect` (window coordinates) as darkness, row by row, softened by a 3×3 box
/// blur inside the crop so that the same glyph drawn half a pixel apart compares as equal.
fn crop(img: &GrayImage, rect: Rect) -> (usize, usize, Vec<f32>) {
    let (x0, y0) = (rect.0.floor() as i64, rect.1.floor() as i64);
    let (x1, y1) = (rect.right().ceil() as i64, rect.bottom().ceil() as i64);
    let (w, h) = ((x1 - x0).max(0) as usize, (y1 - y0).max(0) as usize);
    let mut px = Vec::with_capacity(w * h);
    for y in y0..y1 {
        for x in x0..x1 {
            px.push(ink(img, x, y));
        }
    }
    let mut soft = vec![0.0; w * h];
    for y in 0..h {
        for x in 0..w {
            let mut sum = 0.0;
            for (dx, dy) in (-1i64..=1).flat_map(|dx| (-1i64..=1).map(move |dy| (dx, dy))) {
                let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                if nx >= 0 && ny >= 0 && (nx as usize) < w && (ny as usize) < h {
                    sum += px[ny as usize * w + nx as usize];
                }
            }
            soft[y * w + x] = sum / 9.0;
        }
    }
    (w, h, soft)
}

/// How differently the page's box and the character drawn alone are inked, at the best of a
/// few placements of the lone character in the box (start, centre or end of each axis, give or
/// take two pixels: justification and punctuation trimming widen or narrow boxes, and WebKit
/// moves a vertical line holding an upright number two pixels across): 0 the same picture, 1
/// nothing in common.
fn mismatch(page: &(usize, usize, Vec<f32>), alone: &(usize, usize, Vec<f32>)) -> f32 {
    let (pw, ph, p) = page;
    let (tw, th, t) = alone;
    let (pw, ph, tw, th) = (*pw as i64, *ph as i64, *tw as i64, *th as i64);
    let page_ink: f32 = p.iter().sum();
    let alone_ink: f32 = t.iter().sum();
    if page_ink + alone_ink < 1.0 {
        return 0.0;
    }
    let offsets = |outer: i64, inner: i64| {
        let mut v: Vec<i64> = [0, outer - inner, (outer - inner) / 2]
            .iter()
            .flat_map(|&o| [o - 2, o - 1, o, o + 1, o + 2])
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut best = f32::MAX;
    for dy in offsets(ph, th) {
        for dx in offsets(pw, tw) {
            let mut diff = 0.0;
            let mut covered = 0.0;
            for y in 0..ph {
                for x in 0..pw {
                    let (tx, ty) = (x - dx, y - dy);
                    let tv = if tx >= 0 && ty >= 0 && tx < tw && ty < th {
                        t[(ty * tw + tx) as usize]
                    } else {
                        0.0
                    };
                    if tv > 0.0 {
                        covered += tv;
                    }
                    diff += (p[(y * pw + x) as usize] - tv).abs();
                }
            }
            // Ink of the lone character that falls outside the box counts as missing; the
            // constant keeps a stop or comma, a few pixels of ink, from failing on noise.
            let score = (diff + (alone_ink - covered)) / (page_ink + alone_ink + 6.0);
            best = best.min(score);
        }
    }
    best
}

/// Above this, a character's box does not show the character (measured: a glyph drawn where
/// it is laid out scores below 0.2 in both engines; one drawn a quarter em away over 0.5).
const MISMATCH_LIMIT: f32 = 0.4;

/// Characters in the window whose box does not show them as they look drawn alone.
fn drawn_elsewhere(report: &Report, dir: &Path) -> Vec<String> {
    let page = image::open(dir.join("page.png")).unwrap().to_luma8();
    let mut alone: HashMap<(String, usize), (usize, usize, Vec<f32>)> = HashMap::new();
    for sheet in &report.sheets {
        let img = image::open(dir.join(&sheet.png)).unwrap().to_luma8();
        for t in &sheet.templates {
            alone.insert((t.0.clone(), t.1), crop(&img, Rect(t.2, t.3, t.4, t.5)));
        }
    }
    let window = report.window();
    let mut found = Vec::new();
    for (i, u) in report.units.iter().enumerate() {
        let r = u.rect();
        if !window.contains(&r, 0.0) {
            continue;
        }
        let Some(template) = alone.get(&(u.text().to_string(), u.style())) else {
            continue;
        };
        let in_window = Rect(r.0 - window.0, r.1 - window.1, r.2, r.3);
        let score = mismatch(&crop(&page, in_window), template);
        if score > MISMATCH_LIMIT {
            found.push(format!(
                "{} is not drawn in its box (mismatch {score:.2})",
                context(&report.units, i)
            ));
        }
    }
    found
}

/// Punctuation of vertical lines that keeps its horizontal form, judged on the character
/// drawn alone in the page's vertical style: `、。，．` sit in the upper right of their square,
/// brackets are turned (wider than tall), the long-vowel mark and dashes stand (taller than
/// wide).
fn horizontal_forms_in_vertical_text(report: &Report, dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for sheet in &report.sheets {
        let img = image::open(dir.join(&sheet.png)).unwrap().to_luma8();
        for t in &sheet.templates {
            if !report.vertical_style(t.1) {
                continue;
            }
            let (w, h, px) = crop(&img, Rect(t.2, t.3, t.4, t.5));
            let (mut sum, mut cx, mut cy) = (0.0f32, 0.0f32, 0.0f32);
            let (mut min_x, mut max_x, mut min_y, mut max_y) = (w, 0, h, 0);
            for y in 0..h {
                for x in 0..w {
                    let v = px[y * w + x];
                    sum += v;
                    cx += v * x as f32;
                    cy += v * y as f32;
                    if v > 0.5 {
                        min_x = min_x.min(x);
                        max_x = max_x.max(x);
                        min_y = min_y.min(y);
                        max_y = max_y.max(y);
                    }
                }
            }
            if sum < 1.0 || max_x < min_x {
                continue;
            }
            let (cx, cy) = (cx / sum / w as f32, cy / sum / h as f32);
            let (ink_w, ink_h) = (max_x - min_x + 1, max_y - min_y + 1);
            let c = t.0.as_str();
            // Traditional Chinese centres its stops and commas in vertical text as in
            // horizontal; Japanese and Simplified Chinese move them to the upper right.
            let cornered = !(report.lang.starts_with("zh-Hant")
                || report.lang.starts_with("zh-TW")
                || report.lang.starts_with("zh-HK"));
            let wrong = match c {
                "、" | "。" | "，" | "．" if cornered => !(cx > 0.5 && cy < 0.5),
                "「" | "」" | "『" | "』" | "（" | "）" | "《" | "》" | "【" | "】" | "〈"
                | "〉" => ink_w <= ink_h,
                "ー" | "—" | "…" => ink_h <= ink_w,
                _ => false,
            };
            if wrong {
                found.push(format!(
                    "{c} keeps its horizontal form in vertical text (ink centre {cx:.2},{cy:.2}, \
                     {ink_w}×{ink_h} px)"
                ));
            }
        }
    }
    found
}

/// A page to look at: its document in the book, and how it is shown.
struct Shown {
    document: &'static str,
    view: View,
    cover: bool,
}

const fn scrolled(document: &'static str) -> Shown {
    Shown {
        document,
        view: View::Scrolled,
        cover: false,
    }
}

const fn paginated(document: &'static str, page: usize) -> Shown {
    Shown {
        document,
        view: View::Paginated(page),
        cover: false,
    }
}

const fn cover() -> Shown {
    Shown {
        document: "cover.xhtml",
        view: View::Paginated(0),
        cover: true,
    }
}

/// Builds `edition`, validates the book (EPUBCheck, Ace), renders each of `pages` in both
/// engines and fails with every defect found.
fn reads_right(name: &str, edition: &str, pages: &[Shown]) {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("readers")
        .join(name);
    let _ = std::fs::remove_dir_all(&root);
    let book_dir = root.join("book");
    std::fs::create_dir_all(&book_dir).unwrap();
    common::build(&repo(edition), &root, &["--format", "epub"]);
    let book = common::only_output(&root, "epub");
    // What the validators say first: EPUBCheck 0/0 and the package inspections, Ace clean.
    common::check_epub(&book, Some(&repo(edition))).assert_clean();
    common::check_a11y(&book).assert_clean();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
    archive.extract(&book_dir).unwrap();
    let korean = edition_language(&book_dir).starts_with("ko");

    let mut defects = Vec::new();
    for engine in [Engine::WebKit, Engine::Chromium] {
        for shown in pages {
            let label = match shown.view {
                View::Scrolled => shown.document.to_string(),
                View::Paginated(n) => format!("{}, page {}", shown.document, n + 1),
            };
            let out: PathBuf = root
                .join(engine.name())
                .join(label.replace(", page ", "-p").replace(".xhtml", ""));
            let window = if shown.cover { DESKTOP } else { PHONE };
            let page = book_dir.join("OEBPS").join(shown.document);
            let report = render(engine, &page, &out, shown.view, window);
            let mut found = fonts_not_loaded(&report);
            found.extend(overlapping_boxes(&report));
            found.extend(order_and_gaps(&report));
            found.extend(drawn_elsewhere(&report, &out));
            if report.vertical {
                found.extend(horizontal_forms_in_vertical_text(&report, &out));
            }
            match shown.view {
                View::Scrolled => found.extend(off_the_page(&report)),
                View::Paginated(_) => found.extend(cut_by_pages(&report, shown.cover)),
            }
            if korean {
                found.extend(split_korean_words(&report));
            }
            println!(
                "{name}: {} {label}: {} characters, {} defects ({})",
                report.engine,
                report.units.len(),
                found.len(),
                out.display()
            );
            defects.extend(
                found
                    .into_iter()
                    .map(|d| format!("{} {label}: {d}", report.engine)),
            );
        }
    }
    assert!(
        defects.is_empty(),
        "{name}: {} defects a reader would see:\n{}",
        defects.len(),
        defects.join("\n")
    );
}

/// The `dc:language` of the unzipped book in `dir`.
fn edition_language(dir: &Path) -> String {
    let opf = std::fs::read_to_string(dir.join("OEBPS/content.opf")).unwrap();
    let start = opf.find("<dc:language").unwrap();
    let from = start + opf[start..].find('>').unwrap() + 1;
    let to = from + opf[from..].find('<').unwrap();
    opf[from..to].to_string()
}

#[test]
fn the_sample_reads_right() {
    reads_right(
        "sample",
        "examples/nmg-2022-01-03/edition.yaml",
        &[scrolled("article-01-01.xhtml"), cover()],
    );
}

#[test]
fn numbers_percentages_urls_and_latin_read_right() {
    reads_right(
        "numbers",
        "tests/data/readers/numbers/edition.yaml",
        &[
            scrolled("article-01-01.xhtml"),
            scrolled("article-01-02.xhtml"),
        ],
    );
}

#[test]
fn long_urls_and_latin_words_read_right() {
    reads_right(
        "latin-urls",
        "tests/data/pdf/latin-urls.yaml",
        &[
            scrolled("article-01-01.xhtml"),
            scrolled("article-01-02.xhtml"),
        ],
    );
}

#[test]
fn vertical_traditional_chinese_reads_right() {
    reads_right(
        "vertical-tc",
        "tests/data/epub/vertical-tc/edition.yaml",
        &[
            cover(),
            paginated("article-01-01.xhtml", 0),
            paginated("article-01-01.xhtml", 1),
        ],
    );
}

#[test]
fn vertical_japanese_reads_right() {
    reads_right(
        "ja-vertical",
        "tests/data/readers/ja-vertical/edition.yaml",
        &[cover(), paginated("article-01-01.xhtml", 0)],
    );
}

#[test]
fn korean_reads_right() {
    reads_right(
        "ko",
        "tests/data/readers/ko/edition.yaml",
        &[
            scrolled("article-01-01.xhtml"),
            scrolled("article-01-02.xhtml"),
        ],
    );
}

/// Runs calibre's `ebook-convert FROM TO` and returns its output; fails if it fails or warns.
fn ebook_convert(from: &Path, to: &Path) -> String {
    let result = Command::new("ebook-convert")
        .arg(from)
        .arg(to)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run ebook-convert: {e} (.ci/install-tools installs calibre)")
        });
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(
        result.status.success(),
        "ebook-convert {} failed:\n{log}",
        from.display()
    );
    let complaints: Vec<&str> = log
        .lines()
        .filter(|l| {
            let l = l.to_lowercase();
            l.contains("warn") || l.contains("error") || l.contains("failed")
        })
        .collect();
    assert!(
        complaints.is_empty(),
        "ebook-convert {} complains:\n{}",
        from.display(),
        complaints.join("\n")
    );
    log
}

/// calibre is the usual way to a Kindle: `ebook-convert BOOK.epub BOOK.azw3` succeeds without
/// a warning, and the AZW3 (read back by calibre into an EPUB) is still vertical and still
/// has the book's fonts.
#[test]
fn calibre_makes_a_kindle_book_that_stays_vertical_with_its_fonts() {
    for (name, edition, vertical) in [
        (
            "ja-vertical",
            "tests/data/readers/ja-vertical/edition.yaml",
            true,
        ),
        (
            "vertical-tc",
            "tests/data/epub/vertical-tc/edition.yaml",
            true,
        ),
        ("sample", "examples/nmg-2022-01-03/edition.yaml", false),
    ] {
        let dir = tempfile::tempdir().unwrap();
        common::build(&repo(edition), dir.path(), &["--format", "epub"]);
        let book = common::only_output(dir.path(), "epub");
        let azw3 = dir.path().join(format!("{name}.azw3"));
        ebook_convert(&book, &azw3);
        if name == "ja-vertical" {
            // calibre's library shows the publisher as the author and the edition's day (it
            // moves a bare date's 1st of the month to the 2nd).
            let meta = Command::new("ebook-meta").arg(&azw3).output().unwrap();
            let meta = String::from_utf8_lossy(&meta.stdout);
            assert!(meta.contains("湊新聞社"), "{meta}");
            assert!(
                meta.contains("Published           : 2024-04-01T12:00:00"),
                "{meta}"
            );
        }
        let back = dir.path().join("back.epub");
        ebook_convert(&azw3, &back);
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&back).unwrap()).unwrap();
        let (mut css, mut opf, mut fonts) = (String::new(), String::new(), 0);
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let entry_name = entry.name().to_lowercase();
            if entry_name.ends_with(".otf") || entry_name.ends_with(".ttf") {
                fonts += 1;
            } else if entry_name.ends_with(".css") || entry_name.ends_with(".opf") {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
                if entry_name.ends_with(".css") {
                    css.push_str(&text);
                } else {
                    opf.push_str(&text);
                }
            }
        }
        println!(
            "{name}: AZW3 of {} bytes, {fonts} fonts",
            std::fs::metadata(&azw3).unwrap().len()
        );
        assert!(fonts >= 1, "{name}: the AZW3 lost the embedded fonts");
        if vertical {
            assert!(
                css.contains("writing-mode: vertical-rl"),
                "{name}: the AZW3 is not vertical"
            );
            assert!(
                opf.contains("name=\"primary-writing-mode\" content=\"vertical-rl\""),
                "{name}: the AZW3 does not say it is vertical"
            );
        }
    }
}
