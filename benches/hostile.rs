//! Huge-input benchmark (`cargo bench --bench hostile`): time and peak memory of the real
//! binary on inputs that grow, to show that both stay linear in the input's size.
//!
//! 1. `paragraph-N`: an edition of one article whose body is one Latin paragraph of N MB
//!    (1, 4, 16, 64), built to EPUB and PDF;
//! 2. `edition-N`: editions of N articles (1,000, 5,000, 10,000) cut from the real sample
//!    edition, built to EPUB and PDF;
//! 3. `headline-N`: an article whose headline is N words (1,000, 4,000), built to EPUB and
//!    PDF (the headline's phrase-break search was quadratic; its PDF strings are cut);
//! 4. `nesting-N`: `folio check` of a document of N nested flow sequences (`[[[…`).
//!
//! Each case runs `folio` as a child process (the binary of this build, or `FOLIO_BIN` to
//! measure another one, e.g. an older build for a before/after table), and its peak RSS comes
//! from `wait4`'s resource usage, so it is the child's own. A case that runs longer than
//! `FOLIO_BENCH_TIMEOUT` seconds (default 300) is killed and reported as such.
//! `cargo bench --bench hostile -- paragraph` runs the cases whose names contain `paragraph`.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::cycled_edition;

/// What one run of the binary cost.
struct Usage {
    wall: Duration,
    cpu: Duration,
    peak_rss_mb: f64,
    outcome: String,
}

/// Runs `folio ARGS`, killing it after `timeout`; returns its time, CPU and peak RSS.
// The child is reaped by `wait4` (which also gives its resource usage), not `Child::wait`.
#[allow(clippy::zombie_processes)]
fn run(bin: &Path, args: &[&OsStr], timeout: Duration) -> Usage {
    let started = Instant::now();
    let mut errors = tempfile::tempfile().expect("a temporary file for stderr");
    let child = Command::new(bin)
        .args(args)
        .stdout(Stdio::null())
        .stderr(errors.try_clone().expect("a second handle"))
        .spawn()
        .expect("the folio binary starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: all-zero is a valid rusage; wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut killed = false;
    loop {
        // SAFETY: wait4 on our own child, with pointers to values we own.
        let rc = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if rc == pid {
            break;
        }
        if !killed && started.elapsed() > timeout {
            // SAFETY: kill of our own child's pid, which has not been reaped yet.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            killed = true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let wall = started.elapsed();
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let mut stderr = String::new();
    {
        use std::io::{Read, Seek};
        let _ = errors.rewind();
        let _ = errors.read_to_string(&mut stderr);
    }
    drop(child);
    let outcome = if killed {
        format!("killed after {} s", timeout.as_secs())
    } else if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
        "ok".to_string()
    } else if libc::WIFEXITED(status) {
        let first: String = stderr
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(160)
            .collect();
        format!("exit {}: {first}", libc::WEXITSTATUS(status))
    } else {
        format!("signal {}", libc::WTERMSIG(status))
    };
    Usage {
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        peak_rss_mb: usage.ru_maxrss as f64 / 1024.0,
        outcome,
    }
}

/// An edition file of one article whose body is one Latin paragraph of about `mb` MB.
fn paragraph_edition(mb: usize) -> String {
    let words = [
        "archive",
        "newspaper",
        "library",
        "edition",
        "column",
        "reader",
        "page",
        "print",
        "history",
        "morning",
    ];
    let target = mb * 1_000_000;
    let mut body = String::with_capacity(target + 16);
    let mut i = 0usize;
    while body.len() < target {
        body.push_str(words[i % words.len()]);
        body.push(' ');
        i = i.wrapping_mul(7).wrapping_add(3) % 1_000_003;
    }
    format!(
        "title: Big\ndate: 2022-01-03\nlanguage: en\nsections:\n  - title: One\n    articles:\n      - headline: A long paragraph\n        body: \"{}\"\n",
        body.trim_end()
    )
}

/// An edition of one short article whose headline is `words` Latin words.
fn headline_edition(words: usize) -> String {
    let pool = [
        "archive",
        "newspaper",
        "library",
        "edition",
        "column",
        "morning",
    ];
    let headline: Vec<&str> = (0..words).map(|i| pool[(i * 7 + 3) % pool.len()]).collect();
    format!(
        "title: Big\ndate: 2022-01-03\nlanguage: en\nsections:\n  - title: One\n    articles:\n      - headline: \"{}\"\n        body: \"A short body.\"\n",
        headline.join(" ")
    )
}

/// An edition of `articles` articles cycled from the sample, headlines numbered.
fn many_articles_edition(articles: usize) -> String {
    let edition = cycled_edition(articles, 20, |h, i, _| format!("{h}（{}）", i + 1));
    serde_yaml::to_string(&edition).expect("an edition serialises")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let filter = args.iter().find(|a| !a.starts_with('-'));
    let bin = std::env::var_os("FOLIO_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_folio")));
    let timeout = Duration::from_secs(
        std::env::var("FOLIO_BENCH_TIMEOUT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(300),
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    println!("folio hostile-input benchmark: {}", bin.display());
    println!("| case | input | wall s | CPU s | peak RSS MB | outcome |");
    println!("|---|---|---|---|---|---|");
    type Case = (String, Box<dyn Fn() -> String>, &'static str);
    let mut cases: Vec<Case> = Vec::new();
    for mb in [1, 4, 16, 64] {
        cases.push((
            format!("paragraph-{mb}"),
            Box::new(move || paragraph_edition(mb)),
            "build",
        ));
    }
    for n in [1_000, 5_000, 10_000] {
        cases.push((
            format!("edition-{n}"),
            Box::new(move || many_articles_edition(n)),
            "build",
        ));
    }
    for n in [1_000, 4_000] {
        cases.push((
            format!("headline-{n}"),
            Box::new(move || headline_edition(n)),
            "build",
        ));
    }
    for n in [10_000, 100_000, 200_000] {
        cases.push((
            format!("nesting-{n}"),
            Box::new(move || format!("{}{}", "[".repeat(n), "]".repeat(n))),
            "check",
        ));
    }
    for (name, make, command) in cases {
        if filter.is_some_and(|f| !name.contains(f.as_str())) {
            continue;
        }
        let path = dir.path().join(format!("{name}.yaml"));
        let text = make();
        std::fs::write(&path, &text).unwrap();
        let mut argv: Vec<&OsStr> = vec![OsStr::new(command), path.as_os_str()];
        if command == "build" {
            argv.extend([OsStr::new("-o"), out.as_os_str()]);
            // Editions far larger than any real one; the size cap is lifted for the benchmark.
            argv.extend([OsStr::new("--max-edition-size"), OsStr::new("1G")]);
        }
        let mut u = run(&bin, &argv, timeout);
        if u.outcome
            .contains("unexpected argument '--max-edition-size'")
        {
            // An older binary without the flag (and without the cap).
            argv.truncate(argv.len() - 2);
            u = run(&bin, &argv, timeout);
        }
        let mut line = String::new();
        let _ = write!(
            line,
            "| {name} | {:.1} MB | {:.2} | {:.2} | {:.0} | {} |",
            text.len() as f64 / 1e6,
            u.wall.as_secs_f64(),
            u.cpu.as_secs_f64(),
            u.peak_rss_mb,
            u.outcome
        );
        println!("{line}");
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_dir_all(&out);
    }
    println!("goal: time and memory linear in the input; a 10,000-article edition under 300 MB");
}
