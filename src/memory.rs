//! Process-wide memory settings the binary applies at start.
//!
//! glibc's allocator serves a block of 128 KiB or more with its own `mmap` and gives it back
//! on `free`, but after such a block is freed it raises that threshold to the block's size
//! ("dynamic threshold"). Writing an EPUB compresses every chapter with a new deflate state of
//! 380 KB (inside the zip crate), so after the first one every later one comes from the main
//! heap, between long-lived allocations, and the heap grows without reusing them: measured on
//! a 10,000-article edition, the EPUB writer took the process from 141 MB to 531 MB of
//! resident memory while the live heap never passed 230 MB. A fixed threshold of 256 KiB
//! (which also turns the dynamic adjustment off) keeps those blocks out of the heap: 291 MB
//! for the whole build, the same time within the noise.

/// The size from which blocks are mapped on their own (and returned to the system when freed).
pub const MMAP_THRESHOLD: usize = 256 * 1024;

/// Fixes the allocator's mmap threshold at [`MMAP_THRESHOLD`] (glibc only; elsewhere nothing
/// to do). Called once, first thing, by the binary; the library never changes it.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a tuning parameter of glibc's allocator; it is called
    // before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD as libc::c_int);
    }
}
