//! Byte-string search in a PDF's raw bytes, shared by the passes that edit krilla's output
//! in place ([`super::fixup`], [`super::vertical`]): they look for the exact tokens krilla
//! writes rather than parse the file again.

/// The offset of the first `needle` in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The offset of the last `needle` in `haystack`.
pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_first_and_last() {
        let text = b"1 0 obj\n<<>>\nendobj\n2 0 obj\n<<>>\nendobj\n";
        assert_eq!(find(text, b"obj\n"), Some(4));
        assert_eq!(rfind(text, b"\nendobj"), Some(32));
        assert!(contains(text, b"2 0 obj"));
        assert!(!contains(text, b"stream"));
        assert_eq!(find(b"ab", b"abc"), None);
    }
}
