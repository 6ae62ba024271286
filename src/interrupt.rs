//! SIGINT and SIGTERM: leave no temporary file behind, let a batch write its report, exit
//! with the conventional status (128 + the signal's number: 130 for SIGINT, 143 for SIGTERM).
//!
//! Every temporary file of [`crate::output::write_atomic`] is registered here while it
//! exists. [`install`] starts one thread that waits for the signals (through `signal-hook`,
//! so nothing runs inside a signal handler); on a signal it runs the hooks registered with
//! [`on_interrupt`] (a batch writes its report, marked interrupted), then, holding the
//! registry's lock so that no new temporary can appear, removes the registered ones and ends
//! the process. A temporary being renamed into place at that moment is either already a whole
//! output or removed; no partial file survives.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, Once};

/// Temporaries of this process that exist right now.
static TEMPORARIES: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());
/// Set once a signal arrived: no new temporary may be created.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// What to do before exiting, by id.
type Hook = Box<dyn Fn(&str) + Send + Sync>;
static HOOKS: Mutex<Vec<(u64, Hook)>> = Mutex::new(Vec::new());
static NEXT_HOOK: AtomicU64 = AtomicU64::new(0);

fn temporaries() -> MutexGuard<'static, BTreeSet<PathBuf>> {
    TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts (once) the thread that handles SIGINT and SIGTERM. Without it, the signals keep
/// their default action (the library used alone leaves them alone).
pub fn install() -> std::io::Result<()> {
    static ONCE: Once = Once::new();
    let mut result = Ok(());
    ONCE.call_once(|| {
        use signal_hook::consts::{SIGINT, SIGTERM};
        match signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) {
            Ok(mut signals) => {
                let spawned = std::thread::Builder::new()
                    .name("folio-signals".into())
                    .spawn(move || {
                        if let Some(signal) = signals.forever().next() {
                            shut_down(signal);
                        }
                    });
                if let Err(e) = spawned {
                    result = Err(e);
                }
            }
            Err(e) => result = Err(e),
        }
    });
    result
}

/// The signal's name, as reports write it.
fn signal_name(signal: i32) -> String {
    match signal {
        signal_hook::consts::SIGINT => "SIGINT".into(),
        signal_hook::consts::SIGTERM => "SIGTERM".into(),
        other => format!("signal {other}"),
    }
}

/// Runs the hooks, removes the temporaries and exits with 128 + `signal`.
fn shut_down(signal: i32) -> ! {
    let name = signal_name(signal);
    eprintln!("folio: {name} received: removing temporary files and stopping");
    for (_, hook) in HOOKS.lock().unwrap_or_else(|e| e.into_inner()).iter() {
        hook(&name);
    }
    let held = temporaries();
    INTERRUPTED.store(true, Ordering::SeqCst);
    for path in held.iter() {
        let _ = std::fs::remove_file(path);
    }
    // The lock stays held: a worker about to create a temporary waits until the end.
    std::process::exit(128 + signal);
}

/// Whether a signal has arrived (the process is about to end).
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Runs `create` (which makes a temporary file and returns its path with a value) while
/// holding the registry, and registers the path; refuses once a signal has arrived.
pub fn create_temporary<T>(
    create: impl FnOnce() -> std::io::Result<(PathBuf, T)>,
) -> std::io::Result<T> {
    let mut held = temporaries();
    if interrupted() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            "interrupted by a signal",
        ));
    }
    let (path, value) = create()?;
    held.insert(path);
    Ok(value)
}

/// Forgets a temporary that was renamed into place or removed.
pub fn forget_temporary(path: &Path) {
    temporaries().remove(path);
}

/// A registered hook; dropping it unregisters the hook.
#[must_use = "the hook is unregistered when this is dropped"]
pub struct HookGuard(u64);

impl Drop for HookGuard {
    fn drop(&mut self) {
        HOOKS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|(id, _)| *id != self.0);
    }
}

/// Registers `hook`, run with the signal's name (`SIGTERM`) before the process exits on a
/// signal, for as long as the returned guard lives.
pub fn on_interrupt(hook: impl Fn(&str) + Send + Sync + 'static) -> HookGuard {
    let id = NEXT_HOOK.fetch_add(1, Ordering::Relaxed);
    HOOKS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((id, Box::new(hook)));
    HookGuard(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporaries_are_registered_until_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(".folio-x.tmp");
        let value = create_temporary(|| {
            std::fs::write(&p, b"x")?;
            Ok((p.clone(), 7))
        })
        .unwrap();
        assert_eq!(value, 7);
        assert!(temporaries().contains(&p));
        forget_temporary(&p);
        assert!(!temporaries().contains(&p));
        let guard = on_interrupt(|_| {});
        let id = guard.0;
        drop(guard);
        assert!(HOOKS.lock().unwrap().iter().all(|(i, _)| *i != id));
    }
}
