//! What the benchmarks share: reading the process's peak memory, and editions cut from the
//! real sample edition.

// Each benchmark compiles this module and may use only part of it.
#![allow(dead_code)]

use std::path::Path;

use folio::edition::{parse_str, Edition};

/// The real sample edition the benchmarks cut their editions from.
pub const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/nmg-2022-01-03/edition.yaml"
);

/// The sample edition with `articles` articles cycled from its own, `per_section` to a section
/// (`第1版`, `第2版`, …). `headline(h, i, n)` gives article `i`'s headline from its sample
/// headline `h` (the sample has `n` articles), so that a benchmark can make them distinct.
pub fn cycled_edition(
    articles: usize,
    per_section: usize,
    headline: impl Fn(&str, usize, usize) -> String,
) -> Edition {
    let text = std::fs::read_to_string(SAMPLE).expect("the sample edition is readable");
    let sample: Edition = parse_str(Path::new(SAMPLE), &text).expect("the sample is valid");
    let pool: Vec<_> = sample
        .sections
        .iter()
        .flat_map(|s| s.articles.iter().cloned())
        .collect();
    let mut edition = sample.clone();
    edition.sections = (0..articles.div_ceil(per_section))
        .map(|s| {
            let mut section = sample.sections[0].clone();
            section.title = format!("第{}版", s + 1);
            section.articles = (s * per_section..((s + 1) * per_section).min(articles))
                .map(|i| {
                    let mut a = pool[i % pool.len()].clone();
                    a.headline = headline(&a.headline, i, pool.len());
                    a
                })
                .collect();
            section
        })
        .collect();
    edition
}

/// The process's peak resident set size (`VmHWM` from /proc/self/status), as the kernel
/// prints it (e.g. `46472 kB`).
pub fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown (no /proc/self/status)".to_string())
}
