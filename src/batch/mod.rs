//! Batch conversion: many editions at once, in parallel, resumable, isolated.
//!
//! A [`Batch`] owns a dedicated thread pool. [`Batch::plan`] finds the editions
//! ([`discover`]), names their outputs ([`Naming`]), refuses name clashes before anything is
//! written, and keeps this run's [`Shard`]. [`Batch::run`] then converts them: each worker
//! takes the next edition in order, loads it only then (memory stays bounded by the number of
//! threads), renders every format with [`crate::build::render_formats`] against the one shared
//! [`FontSet`], and writes the files with [`write_atomic`], then the edition's [`Stamp`].
//! A refused edition, a failing writer or a panic fails that edition alone.

mod bagit;
mod discover;
mod lock;
mod naming;
mod progress;
mod report;
mod shard;
mod stamp;

use std::cell::{Cell, RefCell};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

pub use bagit::{write_bag, BagSummary, PAYLOAD_DIR, STAMP_DIR};
pub use discover::{discover, Input, EDITION_FILE_NAMES};
pub use lock::{is_temporary, remove_stale_temporaries, OutputLock, LOCK_FILE};
pub use naming::{check_collisions, mirror_name, read_header, Header, NameTemplate, Naming};
pub use progress::{Bar, Lines, Progress, Quiet};
pub use report::{BatchReport, EditionReport, OutputReport, Status};
pub use shard::Shard;
pub use stamp::{
    folio_version, input_hash, settings_fingerprint, sha256_hex, Stamp, StampedOutput,
    STAMP_EXTENSION,
};

use crate::build::{self, BuildOptions, Format};
use crate::edition;
use crate::fonts::FontSet;
use crate::input::{self, Kind, Limits};
use crate::layout::MissingCharacter;
use crate::output::{write_atomic, AtomicFile};

/// Everything a batch needs besides its inputs and the fonts.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// The output folder (the bag's root with `bagit`).
    pub output_dir: PathBuf,
    /// Formats and writer options, as for `folio build`.
    pub build: BuildOptions,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// How outputs are named.
    pub naming: Naming,
    /// Skip editions whose stamp shows their outputs are whole and current.
    pub skip_existing: bool,
    /// Only this share of the inputs.
    pub shard: Option<Shard>,
    /// Write the output folder as a BagIt bag: outputs under `data/`, manifests at the end.
    pub bagit: bool,
    /// Where [`Batch::run`] writes the JSON report: when it ends, and also when SIGINT or
    /// SIGTERM interrupts it (see [`crate::interrupt`]; the report then says so).
    pub report: Option<PathBuf>,
}

impl BatchOptions {
    /// Options writing into `output_dir` with the default build options, one thread per core.
    pub fn new(output_dir: impl Into<PathBuf>) -> BatchOptions {
        BatchOptions {
            output_dir: output_dir.into(),
            build: BuildOptions::default(),
            jobs: 0,
            naming: Naming::Mirror,
            skip_existing: false,
            shard: None,
            bagit: false,
            report: None,
        }
    }
}

/// One edition of a plan and its output name (or why it has none).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedEdition {
    /// The edition file.
    pub input: Input,
    /// Its output name relative to the output folder, without extension; an error when the
    /// name template needed a title or date the file does not give.
    pub name: Result<PathBuf, String>,
}

/// The editions a run will convert, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Editions found in all inputs, before sharding.
    pub inputs: usize,
    /// This run's editions (this shard's, with `--shard`).
    pub editions: Vec<PlannedEdition>,
}

/// A batch: its options and its own thread pool.
#[derive(Debug)]
pub struct Batch {
    options: BatchOptions,
    pool: rayon::ThreadPool,
}

/// Where an edition's files go: outputs under `payload`, its stamp under `stamps`.
struct Layout {
    payload: PathBuf,
    stamps: PathBuf,
}

/// `dir/name.ext`, keeping any dots already in the name.
fn with_extension(dir: &Path, name: &Path, ext: &str) -> PathBuf {
    let mut path = dir.join(name).into_os_string();
    path.push(".");
    path.push(ext);
    PathBuf::from(path)
}

/// `name.ext` as a `/`-separated string, as recorded in stamps.
fn relative_file(name: &Path, ext: &str) -> String {
    format!("{}.{ext}", slash_path(name))
}

/// A relative path with `/` between its parts on every system, as stamps and bag manifests
/// record it.
fn slash_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// `value` as pretty JSON with a final newline, as reports and stamps are written: plain
/// structs of strings and numbers, which always serialise.
fn pretty_json(value: &impl serde::Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("reports and stamps always serialise");
    bytes.push(b'\n');
    bytes
}

/// Removes the file at `path`; one that is already gone is not an error.
fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

thread_local! {
    /// Set while a worker runs an edition: panics there are recorded, not printed.
    static IN_EDITION: Cell<bool> = const { Cell::new(false) };
    /// The last panic of an edition on this thread: message and location.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs (once) a panic hook that records a panic inside an edition for its report,
/// instead of printing it over the progress bar; other panics go to the previous hook.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_EDITION.with(Cell::get) {
                let location = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let message = panic_message(info.payload());
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{location}")));
            } else {
                previous(info);
            }
        }));
    });
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

impl Batch {
    /// A batch with its thread pool (`options.jobs` threads, or one per core).
    pub fn new(options: BatchOptions) -> Result<Batch> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.jobs)
            .thread_name(|i| format!("folio-batch-{i}"))
            .build()
            .context("cannot start the batch's threads")?;
        Ok(Batch { options, pool })
    }

    /// The number of worker threads.
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// Finds the editions in `args` (files, folders, `@manifest` files), names their outputs,
    /// refuses the batch if two would write the same file (over all inputs, not just this
    /// shard's, so that shards never clash either), and keeps this shard's share.
    pub fn plan(&self, args: &[PathBuf]) -> Result<Plan> {
        let inputs = discover(args)?;
        let names: Vec<Result<PathBuf, String>> = match &self.options.naming {
            Naming::Mirror => inputs.iter().map(|i| Ok(mirror_name(i))).collect(),
            Naming::Template(template) => self.pool.install(|| {
                inputs
                    .par_iter()
                    .map(|input| template_name(template, input, &self.options.build.load.limits))
                    .collect()
            }),
        };
        check_collisions(
            inputs
                .iter()
                .zip(&names)
                .filter_map(|(i, n)| n.as_ref().ok().map(|n| (i, n.as_path()))),
        )?;
        let total = inputs.len();
        let editions = inputs
            .into_iter()
            .zip(names)
            .enumerate()
            .filter(|(position, _)| self.options.shard.is_none_or(|s| s.takes(*position)))
            .map(|(_, (input, name))| PlannedEdition { input, name })
            .collect();
        Ok(Plan {
            inputs: total,
            editions,
        })
    }

    /// Converts the plan's editions on the pool, reporting to `progress`; with `bagit`, then
    /// writes the bag's manifests. Fails only for problems with the output folder itself;
    /// an edition's failure is in the report (see [`BatchReport::succeeded`]).
    pub fn run(
        &self,
        plan: &Plan,
        fonts: &FontSet,
        progress: &dyn Progress,
    ) -> Result<BatchReport> {
        install_panic_hook();
        let started = Instant::now();
        let options = &self.options;
        let root = &options.output_dir;
        let (lock, stale_removed) = OutputLock::acquire(root)?;
        let layout = if options.bagit {
            Layout {
                payload: root.join(PAYLOAD_DIR),
                stamps: root.join(STAMP_DIR),
            }
        } else {
            Layout {
                payload: root.clone(),
                stamps: root.clone(),
            }
        };
        let settings = settings_fingerprint(&options.build);
        let total = plan.editions.len();
        let results: Arc<Vec<Mutex<Option<EditionReport>>>> =
            Arc::new((0..total).map(|_| Mutex::new(None)).collect());
        let summary = Summary {
            shard: options.shard.map(|s| s.to_string()),
            inputs: plan.inputs,
            editions: total,
            stale_temporaries_removed: stale_removed,
            jobs: self.threads(),
            started,
        };
        // On SIGINT or SIGTERM, the editions finished so far go into the report.
        let _hook = options.report.clone().map(|path| {
            let results = Arc::clone(&results);
            let summary = summary.clone();
            crate::interrupt::on_interrupt(move |signal| {
                let finished = results
                    .iter()
                    .filter_map(|r| r.lock().unwrap_or_else(|e| e.into_inner()).clone())
                    .collect();
                let mut report = summary.report(finished);
                report.interrupted = Some(signal.to_string());
                if let Err(e) = write_atomic(&path, &report.to_json()) {
                    eprintln!("folio: cannot write the report: {e:#}");
                }
            })
        });
        let next = AtomicUsize::new(0);
        progress.start(total);
        self.pool.scope(|scope| {
            for _ in 0..self.pool.current_num_threads() {
                scope.spawn(|_| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total {
                        break;
                    }
                    let report = run_edition(&plan.editions[i], fonts, options, &layout, &settings);
                    progress.edition_done(&report);
                    *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(report);
                });
            }
        });
        let results: Vec<EditionReport> = results
            .iter()
            .map(|r| {
                r.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take()
                    .expect("every edition was run")
            })
            .collect();
        if options.bagit {
            lock.make_exclusive()?;
            remove_stale_temporaries(&layout.payload)?;
            self.pool.install(|| write_bag(root))?;
        }
        drop(lock);
        let report = summary.report(results);
        if let Some(path) = &options.report {
            write_atomic(path, &report.to_json())?;
        }
        progress.finish(&report);
        Ok(report)
    }
}

/// What a report says besides its editions' results.
#[derive(Clone)]
struct Summary {
    shard: Option<String>,
    inputs: usize,
    editions: usize,
    stale_temporaries_removed: usize,
    jobs: usize,
    started: Instant,
}

impl Summary {
    /// The report over `results` (all of them, or those finished when interrupted).
    fn report(&self, results: Vec<EditionReport>) -> BatchReport {
        let count = |s: Status| results.iter().filter(|r| r.status == s).count();
        BatchReport {
            folio: folio_version(),
            shard: self.shard.clone(),
            inputs: self.inputs,
            editions: self.editions,
            built: count(Status::Built),
            up_to_date: count(Status::UpToDate),
            failed: count(Status::Failed),
            stale_temporaries_removed: self.stale_temporaries_removed,
            jobs: self.jobs,
            seconds: self.started.elapsed().as_secs_f64(),
            interrupted: None,
            results,
        }
    }
}

/// An edition's name from a template, reading its title and date only if the template needs them.
fn template_name(
    template: &NameTemplate,
    input: &Input,
    limits: &Limits,
) -> Result<PathBuf, String> {
    let header = if template.needs_header() {
        let header = read_header(&input.path, limits);
        if header.is_none() {
            return Err("the edition's title and date could not be read for --name".to_string());
        }
        header
    } else {
        None
    };
    template.expand(input, header.as_ref())
}

/// Runs one edition in isolation: an error or a panic becomes a failed report.
fn run_edition(
    planned: &PlannedEdition,
    fonts: &FontSet,
    options: &BatchOptions,
    layout: &Layout,
    settings: &str,
) -> EditionReport {
    let started = Instant::now();
    let mut missing = Vec::new();
    let (status, outputs, error) =
        isolate(|| build_edition(planned, fonts, options, layout, settings, &mut missing));
    EditionReport {
        input: planned.input.path.clone(),
        name: planned.name.as_ref().ok().cloned(),
        status,
        outputs,
        seconds: started.elapsed().as_secs_f64(),
        error,
        missing_characters: missing,
    }
}

/// Runs `job`, turning an error or a panic into a failure with its message (and, for a
/// panic, its location), so that one edition can never take the batch down.
fn isolate(
    job: impl FnOnce() -> Result<(Status, Vec<OutputReport>)>,
) -> (Status, Vec<OutputReport>, Option<String>) {
    IN_EDITION.with(|f| f.set(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
    IN_EDITION.with(|f| f.set(false));
    match outcome {
        Ok(Ok((status, outputs))) => (status, outputs, None),
        Ok(Err(e)) => (Status::Failed, Vec::new(), Some(format!("{e:#}"))),
        Err(payload) => {
            let recorded = LAST_PANIC.with(|p| p.borrow_mut().take());
            let message = recorded.unwrap_or_else(|| panic_message(payload.as_ref()));
            (
                Status::Failed,
                Vec::new(),
                Some(format!("internal error (panic): {message}")),
            )
        }
    }
}

/// The edition an input stands for, and the bytes its stamp hashes: an edition file as
/// loaded; a METS issue imported in memory (see [`crate::import::mets`]), hashed with all the
/// files it was made of.
fn load_input(
    path: &Path,
    load: &edition::LoadOptions,
    fonts: &FontSet,
) -> Result<(edition::Edition, Vec<u8>)> {
    if crate::import::mets::is_mets_file(path) {
        let options = crate::import::mets::MetsOptions {
            limits: load.limits,
            ..Default::default()
        };
        let imported = crate::import::mets::import_issue_with(path, &options, fonts)?;
        let mut source = Vec::new();
        for file in &imported.sources {
            let bytes = input::read(file, Kind::Edition, &load.limits)
                .with_context(|| format!("cannot read {}", file.display()))?;
            source.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            source.extend_from_slice(&bytes);
        }
        return Ok((imported.edition, source));
    }
    // Read the bytes that are hashed before loading, so that a file edited meanwhile can
    // only make the stamp look older than the outputs, never newer.
    let source = input::read(path, Kind::Edition, &load.limits);
    let loaded = edition::load(path, load)?;
    let source = source.with_context(|| format!("cannot read {}", path.display()))?;
    Ok((loaded, source))
}

/// An output file that hashes what is written into it, for the stamp.
struct Hashing {
    out: AtomicFile,
    hasher: sha2::Sha256,
}

impl Hashing {
    fn new(out: AtomicFile) -> Hashing {
        use sha2::Digest;
        Hashing {
            out,
            hasher: sha2::Sha256::new(),
        }
    }

    /// The file, and the SHA-256 of what was written, in hex.
    fn finish(self) -> (AtomicFile, String) {
        use sha2::Digest;
        (self.out, format!("{:x}", self.hasher.finalize()))
    }
}

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = self.out.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Loads, checks the stamp, renders every format, writes the files and then the stamp. The
/// characters drawn as the placeholder go to `missing`.
fn build_edition(
    planned: &PlannedEdition,
    fonts: &FontSet,
    options: &BatchOptions,
    layout: &Layout,
    settings: &str,
    missing: &mut Vec<MissingCharacter>,
) -> Result<(Status, Vec<OutputReport>)> {
    let path = &planned.input.path;
    let load = &options.build.load;
    let name = match &planned.name {
        Ok(name) => name,
        Err(why) => {
            // The loader says precisely what is wrong with the file, if anything is.
            load_input(path, load, fonts)?;
            bail!("{why}");
        }
    };
    let (loaded, source) = load_input(path, load, fonts)?;
    let input_sha256 = input_hash(&source, &loaded);
    let formats: &[Format] = &options.build.formats;
    let files: Vec<String> = formats
        .iter()
        .map(|f| relative_file(name, f.extension()))
        .collect();
    let stamp_path = with_extension(&layout.stamps, name, STAMP_EXTENSION);
    if options.skip_existing {
        if let Some(stamp) = Stamp::read(&stamp_path) {
            if stamp.is_current(settings, &input_sha256, &files, &layout.payload) {
                let outputs = formats
                    .iter()
                    .zip(&stamp.outputs)
                    .map(|(f, o)| OutputReport {
                        format: f.extension().to_string(),
                        path: layout.payload.join(&o.file),
                        bytes: o.bytes,
                        sha256: o.sha256.clone(),
                    })
                    .collect();
                return Ok((Status::UpToDate, outputs));
            }
        }
    }
    // Each format is written into its temporary (and hashed) as it is made; none is renamed
    // into place before every format is complete.
    let mut made = formats
        .iter()
        .zip(&files)
        .map(|(&format, file)| {
            let out = with_extension(&layout.payload, name, format.extension());
            Ok((format, file, Hashing::new(AtomicFile::create(&out)?)))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut writers: Vec<(Format, &mut dyn Write)> = made
        .iter_mut()
        .map(|(format, _, out)| (*format, out as &mut dyn Write))
        .collect();
    *missing = build::render_to(&loaded, fonts, &options.build, &mut writers)
        .with_context(|| format!("{}: export failed", path.display()))?;
    drop(loaded);
    // The old stamp goes first: until the new one is written, the edition counts as not built.
    remove_if_present(&stamp_path)
        .with_context(|| format!("cannot remove the old stamp {}", stamp_path.display()))?;
    let mut outputs = Vec::with_capacity(made.len());
    let mut stamped = Vec::with_capacity(made.len());
    for (format, file, out) in made {
        let (out, sha256) = out.finish();
        let path = out.path().to_path_buf();
        let bytes = out.commit()?;
        stamped.push(StampedOutput {
            file: file.clone(),
            bytes,
            sha256: sha256.clone(),
        });
        outputs.push(OutputReport {
            format: format.extension().to_string(),
            path,
            bytes,
            sha256,
        });
    }
    let stamp = Stamp {
        folio: folio_version(),
        settings: settings.to_string(),
        input_sha256,
        outputs: stamped,
    };
    write_atomic(&stamp_path, &stamp.to_bytes())?;
    Ok((Status::Built, outputs))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "title: 报\ndate: 2022-01-03\nsections:\n  - title: 一\n    articles:\n      - headline: 标题\n        body: 正文\n";

    fn fonts() -> FontSet {
        FontSet::embedded().unwrap()
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn names_keep_dots_and_use_slashes() {
        let name = Path::new("a/Le.Monde-2022");
        assert_eq!(
            with_extension(Path::new("/o"), name, "pdf"),
            PathBuf::from("/o/a/Le.Monde-2022.pdf")
        );
        assert_eq!(relative_file(name, "epub"), "a/Le.Monde-2022.epub");
    }

    #[test]
    fn a_panicking_edition_becomes_a_failure_with_its_location() {
        install_panic_hook();
        let (status, outputs, error) = isolate(|| panic!("writer bug {}", 42));
        assert_eq!(status, Status::Failed);
        assert!(outputs.is_empty());
        let error = error.unwrap();
        assert!(
            error.contains("writer bug 42") && error.contains("src/batch/mod.rs:"),
            "{error}"
        );
        let (status, _, error) = isolate(|| Ok((Status::Built, Vec::new())));
        assert_eq!((status, error), (Status::Built, None));
    }

    #[test]
    fn a_refused_edition_fails_alone_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = dir.path().join("in");
        write(
            &inputs.join("bad/edition.yaml"),
            "title: 报\ndate: 2022-02-30\nsections: []\n",
        );
        write(&inputs.join("good/edition.yaml"), GOOD);
        let mut options = BatchOptions::new(dir.path().join("out"));
        options.jobs = 2;
        let batch = Batch::new(options).unwrap();
        let plan = batch.plan(&[inputs]).unwrap();
        assert_eq!(plan.editions.len(), 2);
        let report = batch.run(&plan, &fonts(), &Quiet).unwrap();
        let bad = &report.results[0];
        assert_eq!(bad.status, Status::Failed);
        assert!(
            bad.error.as_deref().unwrap().contains("2022-02-30"),
            "{bad:?}"
        );
        assert!(!dir.path().join("out/in/bad").exists());
        assert!(!report.succeeded());
    }

    #[test]
    fn template_names_need_a_readable_header() {
        let dir = tempfile::tempdir().unwrap();
        write(&dir.path().join("a/edition.yaml"), GOOD);
        write(&dir.path().join("b/edition.yaml"), "date: 2022-01-03\n");
        let mut options = BatchOptions::new(dir.path().join("out"));
        options.naming = Naming::Template("{title}-{date}".parse().unwrap());
        let plan = Batch::new(options)
            .unwrap()
            .plan(&[dir.path().to_path_buf()])
            .unwrap();
        assert_eq!(plan.editions[0].name, Ok(PathBuf::from("报-2022-01-03")));
        assert!(plan.editions[1].name.is_err());
    }

    #[test]
    fn template_clashes_refuse_the_batch() {
        let dir = tempfile::tempdir().unwrap();
        write(&dir.path().join("a/edition.yaml"), GOOD);
        write(&dir.path().join("b/edition.yaml"), GOOD);
        let mut options = BatchOptions::new(dir.path().join("out"));
        options.naming = Naming::Template("{title}-{date}".parse().unwrap());
        let err = Batch::new(options)
            .unwrap()
            .plan(&[dir.path().to_path_buf()])
            .unwrap_err();
        assert!(
            err.to_string().contains("would both write 报-2022-01-03"),
            "{err}"
        );
    }
}
