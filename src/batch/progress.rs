//! Progress of a running batch: an `indicatif` bar on a terminal, plain periodic lines
//! otherwise (logs, CI, cluster job output), or nothing but failures with `--quiet`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use super::report::{BatchReport, EditionReport, Status};

/// Receives a batch's events, from any worker thread.
pub trait Progress: Sync {
    /// The batch is about to start `total` editions.
    fn start(&self, total: usize);
    /// One edition is done (built, up to date or failed).
    fn edition_done(&self, report: &EditionReport);
    /// The batch is over.
    fn finish(&self, report: &BatchReport);
}

fn failure_line(report: &EditionReport) -> String {
    format!(
        "folio batch: FAILED {}: {}",
        report.input.display(),
        report.error.as_deref().unwrap_or("unknown error")
    )
}

/// Prints nothing but failures (`--quiet`).
#[derive(Debug, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn start(&self, _total: usize) {}

    fn edition_done(&self, report: &EditionReport) {
        if report.status == Status::Failed {
            eprintln!("{}", failure_line(report));
        }
    }

    fn finish(&self, _report: &BatchReport) {}
}

/// A progress bar with done/total, failures, rate and ETA, for a terminal.
#[derive(Debug)]
pub struct Bar {
    bar: ProgressBar,
    failed: AtomicUsize,
}

impl Default for Bar {
    fn default() -> Self {
        // Hidden until `start` knows the total, so that no `0/0` flashes first.
        let bar = ProgressBar::hidden();
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} editions, {msg} ({rate}, ETA {eta})",
            )
            .expect("the template is valid")
            .with_key("rate", |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.1} editions/s", state.per_sec());
            })
            .progress_chars("=> "),
        );
        bar.set_message("0 failed");
        Bar {
            bar,
            failed: AtomicUsize::new(0),
        }
    }
}

impl Progress for Bar {
    fn start(&self, total: usize) {
        self.bar.set_length(total as u64);
        self.bar.reset_eta();
        self.bar.set_draw_target(ProgressDrawTarget::stderr());
        self.bar.enable_steady_tick(Duration::from_millis(200));
    }

    fn edition_done(&self, report: &EditionReport) {
        if report.status == Status::Failed {
            let failed = self.failed.fetch_add(1, Ordering::Relaxed) + 1;
            self.bar.println(failure_line(report));
            self.bar.set_message(format!("{failed} failed"));
        }
        self.bar.inc(1);
    }

    fn finish(&self, report: &BatchReport) {
        self.bar.finish_and_clear();
        eprintln!("folio batch: {}", report.summary());
    }
}

/// One plain line every `interval` (and each failure as it happens), for logs.
#[derive(Debug)]
pub struct Lines {
    interval: Duration,
    state: Mutex<LinesState>,
}

#[derive(Debug)]
struct LinesState {
    started: Instant,
    last_line: Instant,
    total: usize,
    done: usize,
    failed: usize,
}

impl Lines {
    /// Progress lines at most once per `interval`.
    pub fn new(interval: Duration) -> Lines {
        let now = Instant::now();
        Lines {
            interval,
            state: Mutex::new(LinesState {
                started: now,
                last_line: now,
                total: 0,
                done: 0,
                failed: 0,
            }),
        }
    }
}

impl Progress for Lines {
    fn start(&self, total: usize) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.total = total;
        s.started = Instant::now();
        s.last_line = s.started;
        eprintln!(
            "folio batch: {} to do",
            crate::plural::count(total, "edition", "editions")
        );
    }

    fn edition_done(&self, report: &EditionReport) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.done += 1;
        if report.status == Status::Failed {
            s.failed += 1;
            eprintln!("{}", failure_line(report));
        }
        let now = Instant::now();
        if now.duration_since(s.last_line) >= self.interval && s.done < s.total {
            s.last_line = now;
            let elapsed = now.duration_since(s.started).as_secs_f64();
            let rate = s.done as f64 / elapsed.max(1e-9);
            let eta = (s.total - s.done) as f64 / rate.max(1e-9);
            eprintln!(
                "folio batch: {}/{} done, {} failed, {:.1} editions/s, ETA {:.0} s",
                s.done, s.total, s.failed, rate, eta
            );
        }
    }

    fn finish(&self, report: &BatchReport) {
        eprintln!("folio batch: {}", report.summary());
    }
}
