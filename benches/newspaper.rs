//! The newspaper placer beside the book layout: lays out and writes the 100-article edition
//! (110 articles in ten sections) on broadsheet newspaper pages and as an A4 book, and prints
//! for each the time per build (layout, PDF writing), pages, jump lines and the peak memory.
//! Each layout runs in a child process of its own, so each peak (VmHWM) is its own. Run with
//! `cargo bench --bench newspaper`.

mod common;
use common::peak_memory;

#[path = "../tests/data/pdf/hundred_articles.rs"]
mod hundred_articles;

use std::process::Command;
use std::time::{Duration, Instant};

use folio::edition::{self, LoadOptions};
use folio::fonts::FontSet;
use folio::layout::{self, LayoutOptions, PageSize, Placer};
use folio::pdf::{self, PdfOptions};

/// Builds timed per layout; the fastest and the median are reported.
const PASSES: usize = 5;

/// Set in a child process: the layout it times.
const CHILD: &str = "FOLIO_BENCH_PLACER";

fn main() {
    match std::env::var(CHILD).as_deref() {
        Ok("book") => run(Placer::Book),
        Ok("newspaper") => run(Placer::Newspaper),
        _ => {
            let me = std::env::current_exe().expect("the bench's own path");
            for placer in ["book", "newspaper"] {
                let status = Command::new(&me)
                    .env(CHILD, placer)
                    .status()
                    .expect("run the bench for one layout");
                assert!(status.success(), "the {placer} run failed");
            }
        }
    }
}

/// Times `placer` on the 100-article edition and prints the figures.
fn run(placer: Placer) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = hundred_articles::write_hundred_article_edition(dir.path());
    let fonts = FontSet::embedded().expect("bundled fonts load");
    let edition =
        edition::load(&path, &LoadOptions::default()).expect("the 100-article edition loads");
    let options = PdfOptions {
        layout: LayoutOptions {
            placer,
            page: match placer {
                Placer::Book => PageSize::A4,
                Placer::Newspaper => PageSize::BROADSHEET,
            },
            ..LayoutOptions::default()
        },
        ..PdfOptions::default()
    };
    let (mut total, mut layout_times) = (Vec::new(), Vec::new());
    let (mut pages, mut bytes) = (0, 0);
    for _ in 0..PASSES {
        let start = Instant::now();
        let laid_out = layout::layout(&edition, &fonts, &options.layout).expect("layout");
        layout_times.push(start.elapsed());
        let pdf = pdf::write(&edition, &laid_out, &options.standard).expect("write");
        total.push(start.elapsed());
        pages = laid_out.pages.len();
        bytes = pdf.len();
    }
    total.sort();
    layout_times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{:?} layout, {}: {} articles, {pages} pages, {bytes} bytes",
        placer,
        options.layout.provenance(),
        edition.articles().count()
    );
    println!(
        "  build: fastest {:.1} ms, median {:.1} ms (layout: median {:.1} ms; PDF writing: {:.1} ms); peak memory (VmHWM) {}",
        ms(total[0]),
        ms(total[PASSES / 2]),
        ms(layout_times[PASSES / 2]),
        ms(total[PASSES / 2]) - ms(layout_times[PASSES / 2]),
        peak_memory()
    );
}
