//! Batch benchmark (`cargo bench --bench batch`): prints, for this machine,
//!
//! 1. one 10-article edition to EPUB + PDF (load, each writer, CPU and wall time);
//! 2. one 100-article edition, the same;
//! 3. a batch of 365 ten-article editions on 2 threads: editions/s, CPU time, peak RSS.
//!
//! Each scenario runs in a child process of this benchmark, so that its peak RSS (`VmHWM` in
//! `/proc/self/status`) is its own. The editions are cut from the real sample edition; the
//! goals of issue 5 are printed beside the numbers. `--scenario NAME` runs one scenario.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use folio::batch::{Batch, BatchOptions, Quiet};
use folio::build::BuildOptions;
use folio::edition::{self, Date, Edition, LoadOptions};
use folio::fonts::FontSet;
use folio::{epub, layout, pdf};

mod common;
use common::cycled_edition;

const SCENARIOS: [&str; 3] = ["edition-10", "edition-100", "batch-365"];

/// CPU time of the whole process (every thread), from `CLOCK_PROCESS_CPUTIME_ID`.
fn cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Peak resident set size of this process in MB (`VmHWM`).
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// An edition of `articles` articles cycled from the sample (headlines numbered so that every
/// article is distinct), dated `day` days into 2021.
fn make_edition(articles: usize, day: u32) -> Edition {
    let mut edition = cycled_edition(articles, 10, |h, i, n| {
        if i >= n {
            format!("{h}（{}）", i / n + 1)
        } else {
            h.to_string()
        }
    });
    let month_days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut month, mut dom) = (0, day);
    while dom > month_days[month] {
        dom -= month_days[month];
        month += 1;
    }
    edition.date = Date::parse(&format!("2021-{:02}-{dom:02}", month + 1)).unwrap();
    edition
}

/// CPU time (ms) and largest peak RSS (MB) of the waited-for child processes.
fn children_usage() -> (f64, f64) {
    // SAFETY: getrusage fills the struct we own; all-zero is a valid starting value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: as above; RUSAGE_CHILDREN is a valid selector.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage failed");
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1e3 + t.tv_usec as f64 / 1e3;
    (
        ms(usage.ru_utime) + ms(usage.ru_stime),
        usage.ru_maxrss as f64 / 1024.0,
    )
}

fn write_edition(path: &Path, edition: &Edition) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, serde_yaml::to_string(edition).unwrap()).unwrap();
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Loads and renders one edition to both formats several times, as a build does (one layout
/// shared by both writers); prints median CPU times.
fn single_edition(articles: usize, runs: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edition.yaml");
    write_edition(&path, &make_edition(articles, 3));
    let t = Instant::now();
    let fonts = FontSet::embedded().unwrap();
    let font_ms = t.elapsed().as_secs_f64() * 1e3;
    let options = BuildOptions::default();
    let (mut load, mut layout_ms, mut epub_ms, mut pdf_ms, mut total, mut wall) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut sizes = (0, 0);
    for run in 0..=runs {
        let (w0, c0) = (Instant::now(), cpu_time());
        let e = edition::load(&path, &LoadOptions::default()).unwrap();
        let c1 = cpu_time();
        let pages = &options.pdf.layout;
        let laid_out = layout::layout(&e, &fonts, pages).unwrap();
        let c2 = cpu_time();
        let epub_bytes = epub::write(&e, &fonts, &options.epub, &laid_out.page_starts()).unwrap();
        let c3 = cpu_time();
        let pdf_bytes = pdf::write(&e, &laid_out, &options.pdf.standard).unwrap();
        let c4 = cpu_time();
        let w = w0.elapsed();
        sizes = (epub_bytes.len(), pdf_bytes.len());
        if run == 0 {
            continue; // warm-up: first touch of the font pages
        }
        load.push((c1 - c0).as_secs_f64() * 1e3);
        layout_ms.push((c2 - c1).as_secs_f64() * 1e3);
        epub_ms.push((c3 - c2).as_secs_f64() * 1e3);
        pdf_ms.push((c4 - c3).as_secs_f64() * 1e3);
        total.push((c4 - c0).as_secs_f64() * 1e3);
        wall.push(w.as_secs_f64() * 1e3);
    }
    println!(
        "edition-{articles}: CPU ms (median of {runs}): load {:.1}, layout {:.1}, EPUB {:.1}, PDF {:.1}, total {:.1} (wall {:.1}); \
         fonts opened once in {font_ms:.1} ms; EPUB {} KB, PDF {} KB; peak RSS {:.1} MB",
        median(load),
        median(layout_ms),
        median(epub_ms),
        median(pdf_ms),
        median(total),
        median(wall),
        sizes.0 / 1024,
        sizes.1 / 1024,
        peak_rss_mb()
    );
    // The same edition through the real binary, as a user runs it: process start, fonts, write.
    let out = dir.path().join("out");
    let w0 = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("build")
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let wall = w0.elapsed().as_secs_f64() * 1e3;
    let (cpu_ms, max_rss_mb) = children_usage();
    println!(
        "  `folio build` of it (both formats, process start to files on disk): {cpu_ms:.0} ms CPU, {wall:.0} ms wall, max RSS {max_rss_mb:.1} MB"
    );
    if articles == 100 {
        println!("  goal: ≤ 150 ms CPU for both formats (Typst: ~630 ms for the PDF alone), peak RSS ≤ 100 MB");
    }
}

/// 365 ten-article editions through the batch machinery on 2 threads.
fn batch_365() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("archive");
    for day in 1..=365 {
        write_edition(
            &inputs.join(format!("{day:03}/edition.yaml")),
            &make_edition(10, day),
        );
    }
    let rss_before = peak_rss_mb();
    let fonts = FontSet::embedded().unwrap();
    let mut options = BatchOptions::new(dir.path().join("out"));
    options.jobs = 2;
    let batch = Batch::new(options).unwrap();
    let (w0, c0) = (Instant::now(), cpu_time());
    let plan = batch.plan(&[inputs]).unwrap();
    let report = batch.run(&plan, &fonts, &Quiet).unwrap();
    let (wall, cpu) = (w0.elapsed().as_secs_f64(), (cpu_time() - c0).as_secs_f64());
    assert_eq!(
        report.built,
        365,
        "{:?}",
        report.results.iter().find(|r| r.error.is_some())
    );
    let bytes: u64 = report
        .results
        .iter()
        .flat_map(|r| &r.outputs)
        .map(|o| o.bytes)
        .sum();
    println!(
        "batch-365: 365 ten-article editions, 2 threads: {wall:.2} s wall, {cpu:.2} s CPU, {:.1} editions/s, \
         {:.0} ms CPU per edition, {} MB written, peak RSS {:.1} MB (before the batch: {rss_before:.1} MB)",
        365.0 / wall,
        cpu / 365.0 * 1e3,
        bytes / 1_000_000,
        peak_rss_mb()
    );
    println!("  goal: ≤ 20 s wall, peak RSS ≤ 100 MB");
}

fn run_scenario(name: &str) {
    match name {
        "edition-10" => single_edition(10, 5),
        "edition-100" => single_edition(100, 3),
        "batch-365" => batch_365(),
        other => panic!("unknown scenario {other}; expected one of {SCENARIOS:?}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--scenario") {
        run_scenario(&args[i + 1]);
        return;
    }
    // `cargo bench -- NAME` filters scenarios by name, like the built-in harness.
    let filter = args.iter().skip(1).find(|a| !a.starts_with('-'));
    let me: PathBuf = std::env::current_exe().unwrap();
    println!(
        "folio batch benchmark, {} CPUs",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    for name in SCENARIOS {
        if filter.is_some_and(|f| !name.contains(f.as_str())) {
            continue;
        }
        let status = Command::new(&me)
            .args(["--scenario", name])
            .status()
            .unwrap();
        assert!(status.success(), "scenario {name} failed");
    }
}
