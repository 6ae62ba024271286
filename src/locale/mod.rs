//! The edition's locale: which language its words are in, which regional CJK variant its
//! faces take, and how it writes dates. Plain data, read by the model, the fonts, the text
//! engine's rules, the layout and the EPUB writer alike, so that the running head, the title
//! page, the table of contents, the cover and the EPUB metadata always agree.
//!
//! This module depends on nothing else in the crate.

mod date;
mod tag;
mod words;

pub use date::Calendar;
pub use tag::{Region, Tag};
pub use words::SummaryFacts;

/// The languages folio has its own words and rules for; any other language gets English words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Chinese in simplified characters.
    Hans,
    /// Chinese in traditional characters (Taiwan, Hong Kong, Macao).
    Hant,
    /// Japanese.
    Ja,
    /// Korean.
    Ko,
    /// Any other language; English words.
    En,
}

/// Everything a stage needs to know about the edition's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Locale {
    lang: Lang,
    region: Region,
    calendar: Calendar,
    cjk: bool,
}

impl Locale {
    /// The locale of a parsed language tag, with years counted in `calendar`.
    pub fn new(tag: &Tag, calendar: Calendar) -> Locale {
        let lang = match tag.language.as_str() {
            "zh" if tag.is_traditional_chinese() => Lang::Hant,
            "zh" => Lang::Hans,
            "ja" => Lang::Ja,
            "ko" => Lang::Ko,
            _ => Lang::En,
        };
        Locale {
            lang,
            region: tag.font_region(),
            calendar,
            cjk: tag.is_cjk(),
        }
    }

    /// The locale of a tag written as text, in the Gregorian calendar (for tests and tools).
    pub fn parse(tag: &str) -> Result<Locale, String> {
        Ok(Locale::new(&Tag::parse(tag)?, Calendar::Gregorian))
    }

    /// The language of folio's own words and rules.
    pub fn lang(self) -> Lang {
        self.lang
    }

    /// The regional CJK variant of the faces.
    pub fn region(self) -> Region {
        self.region
    }

    /// How years are counted.
    pub fn calendar(self) -> Calendar {
        self.calendar
    }

    /// Whether text is set with CJK rules (kinsoku, punctuation adjustment, CJK spacing).
    pub fn is_cjk(self) -> bool {
        self.cjk
    }

    /// The BCP 47 tag of folio's own words (differs from the edition's tag for the fallback).
    pub fn words_tag(self) -> &'static str {
        match self.lang {
            Lang::Hans => "zh-Hans",
            Lang::Hant => "zh-Hant",
            Lang::Ja => "ja",
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// A date as readers of this language write it: `2022年1月3日`, `2022년 1월 3일`,
    /// `民國111年1月3日`, `令和4年1月3日`, `2022-01-03`. Korean keeps its spaces (they are
    /// word spaces); the numbers carry no other space.
    pub fn date(self, year: u16, month: u8, day: u8) -> String {
        let gregorian = || format!("{year}年");
        let year_text = match (self.calendar, self.lang) {
            (Calendar::Minguo, Lang::Hans | Lang::Hant) => date::minguo_year(year),
            (Calendar::Japanese, Lang::Ja) => {
                date::japanese_era_year(year, month, day).unwrap_or_else(gregorian)
            }
            _ => gregorian(),
        };
        match self.lang {
            Lang::Hans | Lang::Hant | Lang::Ja => format!("{year_text}{month}月{day}日"),
            Lang::Ko => format!("{year}년 {month}월 {day}일"),
            Lang::En => format!("{year:04}-{month:02}-{day:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(tag: &str, calendar: Calendar) -> Locale {
        Locale::new(&Tag::parse(tag).unwrap(), calendar)
    }

    #[test]
    fn the_language_follows_the_tag() {
        let lang = |s: &str| Locale::parse(s).unwrap().lang();
        assert_eq!(lang("zh-Hans"), Lang::Hans);
        assert_eq!(lang("zh"), Lang::Hans);
        assert_eq!(lang("zh-Hant"), Lang::Hant);
        assert_eq!(lang("zh-HK"), Lang::Hant);
        assert_eq!(lang("zh-TW"), Lang::Hant);
        assert_eq!(lang("zh-Hans-HK"), Lang::Hans);
        assert_eq!(lang("ja"), Lang::Ja);
        assert_eq!(lang("ko-KR"), Lang::Ko);
        assert_eq!(lang("fr"), Lang::En);
        assert!(!Locale::parse("fr").unwrap().is_cjk());
        assert!(Locale::parse("ko").unwrap().is_cjk());
    }

    #[test]
    fn dates_are_written_the_local_way() {
        let g = Calendar::Gregorian;
        assert_eq!(locale("zh-Hans", g).date(2024, 5, 1), "2024年5月1日");
        assert_eq!(locale("zh-Hant", g).date(2024, 5, 1), "2024年5月1日");
        assert_eq!(locale("ja", g).date(2024, 5, 1), "2024年5月1日");
        assert_eq!(locale("ko", g).date(2024, 5, 1), "2024년 5월 1일");
        assert_eq!(locale("en", g).date(2024, 5, 1), "2024-05-01");
        let minguo = Calendar::Minguo;
        assert_eq!(
            locale("zh-Hant", minguo).date(2024, 5, 1),
            "民國113年5月1日"
        );
        assert_eq!(locale("zh-TW", minguo).date(1912, 1, 1), "民國元年1月1日");
        let era = Calendar::Japanese;
        assert_eq!(locale("ja", era).date(2024, 5, 1), "令和6年5月1日");
        assert_eq!(locale("ja", era).date(2019, 4, 30), "平成31年4月30日");
        assert_eq!(locale("ja", era).date(1850, 4, 30), "1850年4月30日");
        // A calendar only applies where it is the language's own.
        assert_eq!(locale("ko", minguo).date(2024, 5, 1), "2024년 5월 1일");
        assert_eq!(locale("zh-Hant", era).date(2024, 5, 1), "2024年5月1日");
    }
}
