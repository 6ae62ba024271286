//! Reading input files safely: the one place folio opens a file it was given to read.
//!
//! A path in an edition (or on the command line) may name anything: a FIFO that blocks the
//! reader forever, `/dev/zero` that never ends, a 1 GB sparse file called `x.jpg`. So every
//! input is read the same way: only a regular file (checked with `stat` before it is opened,
//! and again with `fstat` on the open descriptor, so a file swapped in between is caught),
//! opened with `O_NONBLOCK` (opening a FIFO never waits for a writer) and `O_NOCTTY`, its size
//! checked against a cap for its [`Kind`] before a byte is read, and never more than the cap
//! read even if the file grows meanwhile. Images are sniffed from their first bytes before
//! the rest is read, so a huge file that is no picture costs nothing.
//!
//! The caps are generous for real newspapers (an edition file of 128 MiB holds about 40
//! million CJK characters; a press photo is rarely above 20 MB) and can be changed with
//! `--max-edition-size`, `--max-image-size`, `--max-input-size` or the environment variables
//! `FOLIO_MAX_EDITION_SIZE`, `FOLIO_MAX_IMAGE_SIZE`, `FOLIO_MAX_INPUT_SIZE`.

use std::fmt;
use std::fs::{File, Metadata, OpenOptions};
use std::io::Read;
use std::path::Path;

/// What a file is read as; each kind has its own size cap in [`Limits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An edition file (YAML or JSON), or a batch manifest.
    Edition,
    /// A picture named by an edition (`src`, `cover`): JPEG or PNG, sniffed first.
    Image,
    /// The input of `folio import` (raw page text).
    Import,
}

/// Size caps per [`Kind`], in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest edition file or manifest.
    pub edition_bytes: u64,
    /// Largest image file.
    pub image_bytes: u64,
    /// Largest `import` input.
    pub import_bytes: u64,
}

/// Default cap for edition files: 128 MiB.
pub const DEFAULT_EDITION_BYTES: u64 = 128 << 20;
/// Default cap for image files: 64 MiB.
pub const DEFAULT_IMAGE_BYTES: u64 = 64 << 20;
/// Default cap for `import` inputs: 64 MiB.
pub const DEFAULT_IMPORT_BYTES: u64 = 64 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            edition_bytes: DEFAULT_EDITION_BYTES,
            image_bytes: DEFAULT_IMAGE_BYTES,
            import_bytes: DEFAULT_IMPORT_BYTES,
        }
    }
}

impl Limits {
    /// The cap for one kind of file.
    pub fn for_kind(&self, kind: Kind) -> u64 {
        match kind {
            Kind::Edition => self.edition_bytes,
            Kind::Image => self.image_bytes,
            Kind::Import => self.import_bytes,
        }
    }
}

/// Why an input could not be read, in words (the caller adds which file and field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError(pub String);

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// Parses a size such as `128M`, `2G`, `500k` or `1048576` (bytes); K, M, G are powers of 1024.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let bad = || format!("expected a size such as 64M, 1G or 500000 (bytes), found `{t}`");
    let lower = t.to_ascii_lowercase();
    let digits = lower.trim_end_matches(['b', 'i']);
    let (number, shift) = match digits.chars().last() {
        Some('k') => (&digits[..digits.len() - 1], 10),
        Some('m') => (&digits[..digits.len() - 1], 20),
        Some('g') => (&digits[..digits.len() - 1], 30),
        Some('t') => (&digits[..digits.len() - 1], 40),
        _ => (digits, 0),
    };
    let n: u64 = number.trim().parse().map_err(|_| bad())?;
    n.checked_mul(1u64 << shift).ok_or_else(bad)
}

/// A byte count for people: `64 MiB`, `1.5 GiB`, `812 bytes`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let value = bytes as f64 / size as f64;
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{value:.1} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// What a file that is not a regular file is, in words.
fn describe_special(meta: &Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Refuses anything but a regular file no larger than `cap`.
fn check_metadata(meta: &Metadata, kind: Kind, cap: u64) -> Result<(), InputError> {
    if !meta.is_file() {
        return Err(InputError(format!(
            "is {}, not a regular file: folio reads only regular files",
            describe_special(meta)
        )));
    }
    if meta.len() > cap {
        let flag = match kind {
            Kind::Edition => "--max-edition-size",
            Kind::Image => "--max-image-size",
            Kind::Import => "--max-input-size",
        };
        return Err(InputError(format!(
            "is {}, more than the {} allowed for {}; pass {flag} to allow more",
            human_size(meta.len()),
            human_size(cap),
            match kind {
                Kind::Edition => "an edition file",
                Kind::Image => "an image",
                Kind::Import => "an import input",
            }
        )));
    }
    Ok(())
}

/// Opens `path` for reading without blocking, after checking it is a regular file within the
/// cap, and checks the open descriptor again.
fn open_checked(path: &Path, kind: Kind, cap: u64) -> Result<File, InputError> {
    let cannot_open = |e: std::io::Error| InputError(format!("cannot be opened: {}", io_words(&e)));
    let meta = std::fs::metadata(path).map_err(cannot_open)?;
    check_metadata(&meta, kind, cap)?;
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(cannot_open)?;
    let meta = file.metadata().map_err(cannot_open)?;
    check_metadata(&meta, kind, cap)?;
    Ok(file)
}

/// An I/O error in words, without Rust's `(os error N)` suffix.
fn io_words(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Reads at most `cap` bytes from an open file; more means the file grew past the cap.
fn read_capped(file: File, cap: u64, mut prefix: Vec<u8>) -> Result<Vec<u8>, InputError> {
    let mut rest = file.take(cap.saturating_sub(prefix.len() as u64).saturating_add(1));
    rest.read_to_end(&mut prefix)
        .map_err(|e| InputError(format!("cannot read it: {}", io_words(&e))))?;
    if prefix.len() as u64 > cap {
        return Err(InputError(format!(
            "grew beyond the {} allowed while it was read",
            human_size(cap)
        )));
    }
    Ok(prefix)
}

/// Reads a whole regular file of `kind`, refusing FIFOs, devices, folders and files over the cap.
pub fn read(path: &Path, kind: Kind, limits: &Limits) -> Result<Vec<u8>, InputError> {
    let cap = limits.for_kind(kind);
    let file = open_checked(path, kind, cap)?;
    if kind == Kind::Image {
        return read_image(file, cap);
    }
    read_capped(file, cap, Vec::new())
}

/// Whether two paths name the same file (the same device and inode, so a symbolic or hard
/// link to a file counts as that file); `false` when either does not exist.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(x), Ok(y)) => {
            use std::os::unix::fs::MetadataExt;
            x.dev() == y.dev() && x.ino() == y.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        },
        _ => false,
    }
}

/// The signatures of the pictures folio embeds: JPEG (SOI and a marker) and PNG.
const JPEG_SIGNATURE: &[u8] = &[0xFF, 0xD8, 0xFF];
const PNG_SIGNATURE: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// Reads an image: its first bytes must be a JPEG or PNG signature before the rest is read.
fn read_image(mut file: File, cap: u64) -> Result<Vec<u8>, InputError> {
    let mut head = Vec::with_capacity(PNG_SIGNATURE.len());
    (&mut file)
        .take(PNG_SIGNATURE.len() as u64)
        .read_to_end(&mut head)
        .map_err(|e| InputError(format!("cannot read it: {}", io_words(&e))))?;
    if !(head.starts_with(JPEG_SIGNATURE) || head.starts_with(PNG_SIGNATURE)) {
        let what = if head.is_empty() {
            "it is empty".to_string()
        } else if head.iter().all(|&b| b == 0) {
            "it begins with zero bytes".to_string()
        } else {
            "its first bytes are neither a JPEG nor a PNG signature".to_string()
        };
        return Err(InputError(format!("is not a JPEG or PNG image: {what}")));
    }
    read_capped(file, cap, head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_suffixes() {
        assert_eq!(parse_size("128M"), Ok(128 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert_eq!(parse_size("500k"), Ok(500 << 10));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("99999999999T").is_err());
        assert_eq!(human_size(64 << 20), "64 MiB");
        assert_eq!(human_size(1536 << 20), "1.5 GiB");
        assert_eq!(human_size(812), "812 bytes");
    }

    #[test]
    fn a_regular_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("e.yaml");
        std::fs::write(&p, "title: T\n").unwrap();
        assert_eq!(
            read(&p, Kind::Edition, &Limits::default()).unwrap(),
            b"title: T\n"
        );
    }

    #[test]
    fn folders_devices_and_oversized_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path(), Kind::Edition, &Limits::default()).unwrap_err();
        assert!(e.0.contains("is a folder"), "{e}");
        let e = read(Path::new("/dev/zero"), Kind::Edition, &Limits::default()).unwrap_err();
        assert!(e.0.contains("character device"), "{e}");
        let p = dir.path().join("big.yaml");
        std::fs::write(&p, vec![b'a'; 2000]).unwrap();
        let limits = Limits {
            edition_bytes: 1000,
            ..Limits::default()
        };
        let e = read(&p, Kind::Edition, &limits).unwrap_err();
        assert!(e.0.contains("--max-edition-size"), "{e}");
    }

    #[test]
    fn a_sparse_file_named_as_an_image_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.jpg");
        let f = File::create(&p).unwrap();
        f.set_len(1 << 30).unwrap();
        let e = read(&p, Kind::Image, &Limits::default()).unwrap_err();
        assert!(e.0.contains("1 GiB"), "{e}");
        // Under the cap, the first bytes give it away before the rest is read.
        f.set_len(32 << 20).unwrap();
        let e = read(&p, Kind::Image, &Limits::default()).unwrap_err();
        assert!(e.0.contains("begins with zero bytes"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pipe.png");
        let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: mkfifo reads the NUL-terminated path we own.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let e = read(&p, Kind::Image, &Limits::default()).unwrap_err();
        assert!(e.0.contains("FIFO"), "{e}");
    }
}
