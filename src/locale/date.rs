//! Dates as readers of each language write them, in the calendar the edition asks for.

use serde::{Deserialize, Serialize};

/// How years are counted on the edition's own pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Calendar {
    /// Common era years: `2024年5月1日`, `2024년 5월 1일`.
    #[default]
    Gregorian,
    /// Republic of China years, as Taiwanese papers print them: `民國113年5月1日`
    /// (Chinese editions only).
    Minguo,
    /// Japanese era names: `令和6年5月1日` (Japanese editions only).
    Japanese,
}

impl Calendar {
    /// The name used in the edition file.
    pub fn name(self) -> &'static str {
        match self {
            Calendar::Gregorian => "gregorian",
            Calendar::Minguo => "minguo",
            Calendar::Japanese => "japanese",
        }
    }
}

/// Japanese eras since the Gregorian calendar was adopted (1873), newest first: name and
/// first day. Earlier dates are written in common era years, since converting them would
/// need the lunisolar calendar.
const ERAS: [(&str, (u16, u8, u8)); 5] = [
    ("令和", (2019, 5, 1)),
    ("平成", (1989, 1, 8)),
    ("昭和", (1926, 12, 25)),
    ("大正", (1912, 7, 30)),
    ("明治", (1868, 1, 25)),
];

/// The year in an era: `元年` for its first, else `N年`.
fn era_year(n: u16) -> String {
    if n == 1 {
        "元年".to_string()
    } else {
        format!("{n}年")
    }
}

/// `民國113年`, `民國元年`, or for years before 1912 `民前N年`.
pub(super) fn minguo_year(year: u16) -> String {
    if year >= 1912 {
        format!("民國{}", era_year(year - 1911))
    } else {
        format!("民前{}年", 1912 - year)
    }
}

/// `令和6年`, `平成元年`; `None` before 1873.
pub(super) fn japanese_era_year(year: u16, month: u8, day: u8) -> Option<String> {
    if year < 1873 {
        return None;
    }
    let (name, (start, _, _)) = ERAS
        .iter()
        .find(|(_, start)| (year, month, day) >= *start)
        .copied()?;
    Some(format!("{name}{}", era_year(year - start + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eras_start_on_their_first_day() {
        assert_eq!(japanese_era_year(2024, 5, 1).unwrap(), "令和6年");
        assert_eq!(japanese_era_year(2019, 5, 1).unwrap(), "令和元年");
        assert_eq!(japanese_era_year(2019, 4, 30).unwrap(), "平成31年");
        assert_eq!(japanese_era_year(1989, 1, 7).unwrap(), "昭和64年");
        assert_eq!(japanese_era_year(1989, 1, 8).unwrap(), "平成元年");
        assert_eq!(japanese_era_year(1926, 12, 25).unwrap(), "昭和元年");
        assert_eq!(japanese_era_year(1900, 1, 1).unwrap(), "明治33年");
        assert_eq!(japanese_era_year(1872, 12, 31), None);
    }

    #[test]
    fn minguo_years_count_from_1912() {
        assert_eq!(minguo_year(2024), "民國113年");
        assert_eq!(minguo_year(1912), "民國元年");
        assert_eq!(minguo_year(1911), "民前1年");
    }
}
