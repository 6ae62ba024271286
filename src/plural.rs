//! Counts in folio's own (English) messages: "1 section", "2 sections". Every message that
//! counts something says it through [`count`], so none reads "1 sections".

/// `n` and the noun in the number `n` calls for: `one` for 1, `many` otherwise (English uses
/// the plural for 0 too: "0 editions").
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_is_singular_and_every_other_number_plural() {
        assert_eq!(count(1, "section", "sections"), "1 section");
        assert_eq!(count(0, "section", "sections"), "0 sections");
        assert_eq!(count(2, "thread", "threads"), "2 threads");
        assert_eq!(count(1, "edition", "editions"), "1 edition");
    }
}
