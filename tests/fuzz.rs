//! Fuzz targets for the edition loader and the importer, run in `cargo test` for a bounded
//! number of inputs.
//!
//! Each target mutates real inputs (the sample edition and its page text, and small hostile
//! seeds) with random edits that go for the parsers' weak spots: byte flips, spliced and
//! repeated slices, deep brackets, YAML anchors, aliases and tags, control characters, stray
//! quotes and invalid UTF-8. Every input must give a result or a clean error: no panic, and
//! no input may take long (the slowest is reported; over [`SLOW`] fails the test).
//!
//! `FOLIO_FUZZ_INPUTS=N` sets how many inputs each target tries (default 300);
//! `FOLIO_FUZZ_SECONDS=S` runs each for S seconds instead; `FOLIO_FUZZ_SEED` picks the seed.
//! A long run: `FOLIO_FUZZ_SECONDS=600 cargo test --release --test fuzz -- --nocapture`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use folio::edition::{self, Date, Language, LoadOptions};
use folio::import::{import_text, to_yaml, ImportOptions};

/// Any one input slower than this is a failure (the loader of a 64 KB file should take
/// milliseconds; this leaves room for a slow debug build on a busy machine).
const SLOW: Duration = Duration::from_secs(10);

/// CPU time of this thread: what an input costs, however busy the machine (wall-clock time
/// under `nice` on a loaded machine flagged inputs that took 0.15 s of CPU as 10 s hangs).
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// A small, fast, deterministic random generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments the mutator inserts: the constructs that broke parsers before.
const TOKENS: &[&[u8]] = &[
    b"[",
    b"]",
    b"{",
    b"}",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"- - - - - - - - - - -",
    b"&a ",
    b"*a",
    b"&b [*a, *a, *a, *a]",
    b"!!binary ",
    b"!foo ",
    b"!!str ",
    b"? ",
    b": ",
    b"\"",
    b"'",
    b"|",
    b">",
    b"\n",
    b"\n  ",
    b"---\n",
    b"...\n",
    b"#",
    b"%YAML 1.1\n",
    b"\x1b[31m",
    b"\x07",
    b"\x00",
    b"\xc2\x85",
    b"\xe2\x80\xae",
    b"\xff\xfe",
    b"\\e",
    b"\\u0000",
    b"\t",
    b"\r",
    b"2022-02-30",
    b"src: x.jpg",
    b"src: \"\"",
    b"images:\n  - src: /dev/zero\n",
    b"headline: ",
    b"body: ",
    b"sections: ",
    b"articles: ",
    b"title: ",
    "「」——……，。（".as_bytes(),
    "\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}".as_bytes(),
];

/// One random edit of `data`.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    let len = data.len();
    match rng.below(7) {
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        1 => {
            let token = TOKENS[rng.below(TOKENS.len())];
            let at = rng.below(len + 1);
            data.splice(at..at, token.iter().copied());
        }
        2 if len > 0 => {
            let a = rng.below(len);
            let b = (a + rng.below(64)).min(len);
            data.drain(a..b);
        }
        3 if len > 0 => {
            // Repeat a slice a few times (long lines, big bodies, many keys).
            let a = rng.below(len);
            let b = (a + 1 + rng.below(256)).min(len);
            let piece = data[a..b].to_vec();
            let times = 1 + rng.below(16);
            for _ in 0..times {
                data.splice(b..b, piece.iter().copied());
            }
        }
        4 if len > 0 => {
            let at = rng.below(len);
            data.truncate(at);
        }
        5 => {
            let depth = 1 + rng.below(200);
            let at = rng.below(len + 1);
            let open: Vec<u8> = std::iter::repeat_n(b"[{"[rng.below(2)], depth).collect();
            data.splice(at..at, open);
        }
        _ => {
            let b = rng.below(256) as u8;
            let at = rng.below(len + 1);
            data.insert(at, b);
        }
    }
}

/// How a target's run went.
#[derive(Default)]
struct Tally {
    inputs: u64,
    accepted: u64,
    refused: u64,
    slowest: Duration,
    slowest_len: usize,
}

/// Runs `target` over mutations of `seeds` for the configured budget; fails on a panic or a
/// slow input, printing the input that caused it.
fn fuzz(name: &str, seeds: &[Vec<u8>], target: impl Fn(&[u8]) -> bool) {
    let inputs: u64 = std::env::var("FOLIO_FUZZ_INPUTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let seconds: Option<u64> = std::env::var("FOLIO_FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok());
    let seed: u64 = std::env::var("FOLIO_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_f011);
    let mut rng = Rng(seed | 1);
    let mut tally = Tally::default();
    let started = Instant::now();
    loop {
        let done = match seconds {
            Some(s) => started.elapsed() >= Duration::from_secs(s),
            None => tally.inputs >= inputs,
        };
        if done {
            break;
        }
        let mut data = seeds[rng.below(seeds.len())].clone();
        for _ in 0..1 + rng.below(8) {
            mutate(&mut rng, &mut data);
        }
        let t = thread_cpu();
        let outcome = catch_unwind(AssertUnwindSafe(|| target(&data)));
        let took = thread_cpu() - t;
        tally.inputs += 1;
        let keep = std::env::temp_dir().join(format!("folio-fuzz-{name}-failure.bin"));
        match outcome {
            Ok(true) => tally.accepted += 1,
            Ok(false) => tally.refused += 1,
            Err(_) => {
                std::fs::write(&keep, &data).unwrap();
                panic!(
                    "{name}: panic on input {} (saved as {})",
                    tally.inputs,
                    keep.display()
                );
            }
        }
        if took > tally.slowest {
            tally.slowest = took;
            tally.slowest_len = data.len();
        }
        if took > SLOW {
            std::fs::write(&keep, &data).unwrap();
            panic!(
                "{name}: input of {} bytes took {took:?} (saved as {})",
                data.len(),
                keep.display()
            );
        }
    }
    println!(
        "fuzz {name}: {} inputs in {:.1} s ({} accepted, {} refused), no panic; slowest {:.1} ms CPU ({} bytes)",
        tally.inputs,
        started.elapsed().as_secs_f64(),
        tally.accepted,
        tally.refused,
        tally.slowest.as_secs_f64() * 1e3,
        tally.slowest_len
    );
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/nmg-2022-01-03")
            .join(name),
    )
    .unwrap()
}

#[test]
fn fuzz_the_edition_loader() {
    let dir = tempfile::tempdir().unwrap();
    let small = b"title: T\ndate: 2022-01-03\nsections:\n  - title: S\n    articles:\n      - headline: H\n        body: |\n          B\n".to_vec();
    let json = br#"{"title": "T", "date": "2022-01-03", "sections": [{"title": "S", "articles": [{"headline": "H", "body": "B"}]}]}"#.to_vec();
    let seeds = vec![sample("edition.yaml"), small, json];
    let yaml_path = dir.path().join("edition.yaml");
    let json_path = dir.path().join("edition.json");
    let options = LoadOptions::default();
    fuzz("loader", &seeds, |data| {
        // Through the file system, as `folio check` reads it, as YAML and as JSON.
        std::fs::write(&yaml_path, data).unwrap();
        std::fs::write(&json_path, data).unwrap();
        let yaml = edition::load(&yaml_path, &options);
        let json = edition::load(&json_path, &options);
        for e in [&yaml, &json].into_iter().flat_map(|r| r.as_ref().err()) {
            let message = e.to_string();
            assert!(
                !message.chars().any(|c| c.is_control()),
                "a raw control character in {message:?}"
            );
            assert!(
                message.len() < 2_000,
                "a message of {} bytes",
                message.len()
            );
        }
        yaml.is_ok() || json.is_ok()
    });
}

#[test]
fn fuzz_the_importer() {
    let seeds = vec![
        sample("page.txt"),
        "标题\n\n正文第一段。\n本报讯（记者 某某）正文。\n"
            .as_bytes()
            .to_vec(),
    ];
    let options = ImportOptions {
        title: "内蒙古日报".into(),
        date: Date::parse("2022-01-03").unwrap(),
        language: Some(Language::parse("zh-Hans").unwrap()),
        section: "第1版".into(),
    };
    fuzz("importer", &seeds, |data| {
        // `folio import` refuses non-UTF-8 before importing; the mutations still reach the
        // importer through the replacement character.
        let text = String::from_utf8_lossy(data);
        match import_text(&text, &options) {
            Ok(imported) => {
                // What the importer writes must load again (the CLI refuses it otherwise,
                // but a recovered edition that does not parse is a bug worth seeing).
                let yaml = to_yaml(&imported.edition);
                if let Err(e) = edition::parse_str(Path::new("imported.yaml"), &yaml) {
                    panic!("the importer wrote an edition that does not load: {e}\n{yaml}");
                }
                true
            }
            Err(_) => false,
        }
    });
}
