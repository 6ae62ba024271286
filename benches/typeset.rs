//! Text engine throughput: typesets every paragraph of the sample edition as the layout does
//! (body paragraphs, the first opened by the dateline lead in the sans face, and captions) ten
//! times over, horizontally and vertically, and prints the time per character. Run with
//! `cargo bench --bench typeset`.

use std::path::Path;
use std::time::Instant;

use folio::edition::{self, LoadOptions};
use folio::fonts::{FontSet, FontStyle};
use folio::typeset::{break_paragraph, Direction, ParagraphStyle, Span};

/// Copies of the sample edition typeset per pass: about the text of a 100-article edition.
const COPIES: usize = 10;
/// Passes timed; the fastest and the median are reported.
const PASSES: usize = 15;

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/nmg-2022-01-03/edition.yaml");
    let edition = edition::load(&path, &LoadOptions::default()).expect("sample edition loads");
    let fonts = FontSet::embedded().expect("bundled fonts load");
    let region = edition.locale().region();
    let serif = fonts.face(FontStyle::Serif, region).expect("serif face");
    let sans = fonts.face(FontStyle::SansBold, region).expect("sans face");
    let size = 9.5;
    let mut paragraphs: Vec<Vec<Span>> = Vec::new();
    for section in &edition.sections {
        for article in &section.articles {
            // The paragraphs as the layout sets them, the first opened by the lead in the sans.
            let mut lead = article.lead();
            for text in article.paragraphs() {
                let mut spans = Vec::new();
                if let Some(lead) = lead.take() {
                    spans.push(Span {
                        text: lead,
                        face: sans.clone(),
                        size,
                    });
                }
                spans.push(Span {
                    text,
                    face: serif.clone(),
                    size,
                });
                paragraphs.push(spans);
            }
            for image in &article.images {
                if let Some(caption) = &image.caption {
                    paragraphs.push(vec![Span {
                        text: caption.clone(),
                        face: serif.clone(),
                        size: 8.0,
                    }]);
                }
            }
        }
    }
    let chars: usize = paragraphs
        .iter()
        .flatten()
        .map(|s| s.text.chars().count())
        .sum::<usize>()
        * COPIES;
    println!(
        "typeset bench: {} paragraphs x {COPIES} = {chars} characters, {size} pt, column 240 pt",
        paragraphs.len()
    );
    for (name, direction, measure) in [
        ("horizontal", Direction::Horizontal, 240.0),
        ("vertical", Direction::Vertical, 400.0),
    ] {
        let style = ParagraphStyle {
            direction,
            ..Default::default()
        };
        let mut times = Vec::with_capacity(PASSES);
        let mut lines = 0;
        let cpu_start = cpu_time_ns();
        for _ in 0..PASSES {
            let start = Instant::now();
            lines = 0;
            for _ in 0..COPIES {
                for spans in &paragraphs {
                    lines += std::hint::black_box(break_paragraph(spans, &style, measure)).len();
                }
            }
            times.push(start.elapsed());
        }
        let cpu_per_pass = cpu_time_ns()
            .zip(cpu_start)
            .map(|(end, start)| (end - start) as f64 / PASSES as f64);
        times.sort();
        let best = times[0];
        let median = times[PASSES / 2];
        println!(
            "{name:>10}: {lines} lines; wall time per pass: best {:.2} ms, median {:.2} ms; \
             {:.0} ns/char (best)",
            best.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3,
            best.as_secs_f64() * 1e9 / chars as f64,
        );
        if let Some(cpu) = cpu_per_pass {
            println!(
                "{:>10}  CPU time per pass (mean, less sensitive to a busy machine): {:.2} ms, \
                 {:.0} ns/char",
                "",
                cpu / 1e6,
                cpu / chars as f64
            );
        }
    }
}

/// CPU time this process has spent running, in nanoseconds (Linux `schedstat`), if known.
fn cpu_time_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}
