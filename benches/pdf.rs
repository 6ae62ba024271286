//! PDF throughput: lays out and writes the 100-article edition (the sample's articles repeated
//! across ten sections) and prints the time per build, split into layout (with the text
//! engine) and PDF writing, and the process's peak memory (VmHWM). Run with
//! `cargo bench --bench pdf`. For comparison, Typst 0.15 (PyPI `typst`) can set the same edition;
//! time it the same way.

mod common;
use common::peak_memory;

#[path = "../tests/data/pdf/hundred_articles.rs"]
mod hundred_articles;

use std::time::{Duration, Instant};

use folio::edition::{self, LoadOptions};
use folio::fonts::FontSet;
use folio::layout;
use folio::pdf::{self, PdfOptions};

/// Builds timed; the fastest and the median are reported.
const PASSES: usize = 7;

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = hundred_articles::write_hundred_article_edition(dir.path());
    let fonts = FontSet::embedded().expect("bundled fonts load");
    let edition =
        edition::load(&path, &LoadOptions::default()).expect("the 100-article edition loads");
    let options = PdfOptions::default();
    let articles = edition.articles().count();
    let chars: usize = edition
        .articles()
        .map(|(_, a)| a.body.as_deref().unwrap_or("").chars().count())
        .sum();

    let mut total = Vec::new();
    let mut cpu = Vec::new();
    let mut layout_times = Vec::new();
    let mut bytes = 0;
    let mut pages = 0;
    for _ in 0..PASSES {
        let start = Instant::now();
        let cpu_start = cpu_time();
        let laid_out = layout::layout(&edition, &fonts, &options.layout).expect("layout");
        let laid = start.elapsed();
        let pdf = pdf::write(&edition, &laid_out, &options.standard).expect("write");
        total.push(start.elapsed());
        cpu.push(cpu_time() - cpu_start);
        layout_times.push(laid);
        bytes = pdf.len();
        pages = laid_out.pages.len();
    }
    total.sort();
    cpu.sort();
    layout_times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "pdf bench: {articles} articles, {chars} body characters, {pages} pages, {bytes} bytes ({})",
        options.standard
    );
    println!(
        "  build: fastest {:.1} ms, median {:.1} ms (layout + text engine: median {:.1} ms; PDF writing: {:.1} ms)",
        ms(total[0]),
        ms(total[PASSES / 2]),
        ms(layout_times[PASSES / 2]),
        ms(total[PASSES / 2]) - ms(layout_times[PASSES / 2]),
    );
    println!(
        "  CPU per build: fastest {:.1} ms, median {:.1} ms (the machine is shared: wall time includes waiting)",
        ms(cpu[0]),
        ms(cpu[PASSES / 2])
    );
    println!("  peak memory (VmHWM): {}", peak_memory());
}

/// CPU time used by this process so far (all threads).
fn cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec into the pointer it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}
