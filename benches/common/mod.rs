//! What the benchmarks share: reading the process's peak memory.

// Each benchmark compiles this module and may use only part of it.
#![allow(dead_code)]

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
