//! The edition model: every field of the edition format (see `docs/edition.md`), as loaded and
//! validated. Writers and the layout read this and nothing else.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::locale::{Calendar, Locale, Tag};
use crate::script;

/// One issue of a publication: its metadata and its sections in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// Publication name, e.g. `内蒙古日报`.
    pub title: String,
    /// Date of the issue.
    pub date: Date,
    /// BCP 47 language tag; selects fonts, line-breaking rules and every output's `lang`.
    #[serde(default, skip_serializing_if = "Language::is_default")]
    pub language: Language,
    /// Horizontal or vertical (right-to-left columns) text.
    #[serde(default, skip_serializing_if = "WritingMode::is_default")]
    pub writing_mode: WritingMode,
    /// How the edition's own pages count years (`minguo` for 民國 years in Chinese,
    /// `japanese` for era names in Japanese); Gregorian by default.
    #[serde(default, skip_serializing_if = "is_gregorian")]
    pub calendar: Calendar,
    /// Issue label, e.g. `第25367期`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    /// Publisher name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Stable identifier; when absent one is derived from title and date (see [`Edition::identifier`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// Cover image, as written in the file; when absent a cover is generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<ImageRef>,
    /// Sections in reading order; at least one.
    pub sections: Vec<Section>,
}

/// A page or department of the edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Section title, e.g. `第1版 要闻`.
    pub title: String,
    /// Articles in reading order; at least one.
    pub articles: Vec<Article>,
}

/// One article: headline block, body paragraphs and images.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Main title.
    pub headline: String,
    /// Line printed above the headline (引题).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kicker: Option<String>,
    /// Line printed below the headline (副题).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subheadline: Option<String>,
    /// E.g. `本报乌海1月2日电`; leads the first paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    /// E.g. `记者 郝飚`; in parentheses after the dateline, or on its own line without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// Paragraphs separated by blank lines, as written in the file (see [`Article::paragraphs`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Images in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Image>,
}

/// A photograph or figure with its caption and credit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// The picture; absent when it was not supplied (caption and credit are still printed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src: Option<ImageRef>,
    /// Caption text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Credit, e.g. `本报记者 王雅静 摄`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
    /// Text alternative; defaults to the caption (see [`Image::alt_text`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
}

/// A path to an image as written in the edition file, plus its contents once loaded.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "PathBuf", into = "PathBuf")]
pub struct ImageRef {
    /// The path exactly as written (relative to the edition file).
    pub path: PathBuf,
    /// The decoded header and raw bytes; filled in by the loader, `None` before.
    pub data: Option<Arc<ImageData>>,
}

impl fmt::Debug for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ImageRef({:?}, loaded: {})",
            self.path,
            self.data.is_some()
        )
    }
}

impl From<PathBuf> for ImageRef {
    fn from(path: PathBuf) -> Self {
        ImageRef { path, data: None }
    }
}

impl From<ImageRef> for PathBuf {
    fn from(r: ImageRef) -> Self {
        r.path
    }
}

/// Format of an embedded picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    /// JPEG (baseline or progressive).
    Jpeg,
    /// PNG.
    Png,
}

impl ImageFormat {
    /// The media type, e.g. `image/jpeg`.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
        }
    }

    /// The usual file extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
        }
    }
}

/// An image file's bytes, checked to be a readable JPEG or PNG, with its pixel size.
#[derive(Clone, PartialEq)]
pub struct ImageData {
    /// The file's bytes, untouched.
    pub bytes: Vec<u8>,
    /// Its format, from its content (not its name).
    pub format: ImageFormat,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl fmt::Debug for ImageData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ImageData({:?}, {}x{}, {} bytes)",
            self.format,
            self.width,
            self.height,
            self.bytes.len()
        )
    }
}

/// A calendar date, `YYYY-MM-DD`, checked to exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, 1000–9999.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31 (checked against the month).
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, refusing dates that do not exist (2022-02-30).
    pub fn parse(s: &str) -> Result<Date, String> {
        let bad = || format!("expected a date as YYYY-MM-DD, found `{s}`");
        let parts: Vec<&str> = s.trim().split('-').collect();
        if parts.len() != 3
            || parts[0].len() != 4
            || parts[1].len() != 2
            || parts[2].len() != 2
            || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad());
        }
        let year: u16 = parts[0].parse().map_err(|_| bad())?;
        let month: u8 = parts[1].parse().map_err(|_| bad())?;
        let day: u8 = parts[2].parse().map_err(|_| bad())?;
        if year < 1000 || !(1..=12).contains(&month) {
            return Err(bad());
        }
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day == 0 || day > days {
            return Err(format!(
                "`{s}` is not a date: {year}-{month:02} has {days} days"
            ));
        }
        Ok(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // YAML may hand an unquoted date over as a string; anything else is refused.
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Direction of text on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum WritingMode {
    /// Lines left to right, stacked top to bottom.
    #[default]
    #[serde(rename = "horizontal-tb")]
    HorizontalTb,
    /// Lines top to bottom, stacked right to left; pages bound on the right.
    #[serde(rename = "vertical-rl")]
    VerticalRl,
}

impl WritingMode {
    fn is_default(&self) -> bool {
        *self == WritingMode::default()
    }

    /// The CSS keyword, e.g. `vertical-rl`.
    pub fn css(self) -> &'static str {
        match self {
            WritingMode::HorizontalTb => "horizontal-tb",
            WritingMode::VerticalRl => "vertical-rl",
        }
    }
}

/// A BCP 47 language tag such as `zh-Hans`, `zh-Hant`, `ja`, `ko` or `en`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Language(String);

impl Default for Language {
    fn default() -> Self {
        Language("zh-Hans".into())
    }
}

impl TryFrom<String> for Language {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Language::parse(&s)
    }
}

impl From<Language> for String {
    fn from(l: Language) -> String {
        l.0
    }
}

impl Language {
    /// Checks the tag's shape (see [`Tag::parse`]).
    pub fn parse(s: &str) -> Result<Language, String> {
        Tag::parse(s)?;
        Ok(Language(s.trim().to_string()))
    }

    /// The tag as written, e.g. `zh-Hant`.
    pub fn tag(&self) -> &str {
        &self.0
    }

    fn is_default(&self) -> bool {
        *self == Language::default()
    }

    /// The language, script and region subtags.
    pub fn subtags(&self) -> Tag {
        Tag::parse(&self.0).expect("a Language is checked when it is made")
    }
}

fn is_gregorian(c: &Calendar) -> bool {
    *c == Calendar::Gregorian
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Edition {
    /// An edition with the required fields and every optional one at its default
    /// (`zh-Hans`, horizontal, no issue, publisher, identifier or cover).
    pub fn new(title: impl Into<String>, date: Date, sections: Vec<Section>) -> Edition {
        Edition {
            title: title.into(),
            date,
            language: Language::default(),
            writing_mode: WritingMode::default(),
            calendar: Calendar::default(),
            issue: None,
            publisher: None,
            identifier: None,
            cover: None,
            sections,
        }
    }

    /// The edition's locale: its words, faces' region, rules and calendar.
    pub fn locale(&self) -> Locale {
        Locale::new(&self.language.subtags(), self.calendar)
    }

    /// The edition's date as its readers write it: `2022年1月3日`, `2022년 1월 3일`.
    pub fn display_date(&self) -> String {
        let d = self.date;
        self.locale().date(d.year, d.month, d.day)
    }

    /// The stable identifier: the edition's own, else a UUID (v5) derived from title and date,
    /// as `urn:uuid:…`, so that rebuilding the same edition gives the same book.
    pub fn identifier(&self) -> String {
        match &self.identifier {
            Some(id) => id.clone(),
            None => {
                let name = format!("folio:{}:{}", self.title, self.date);
                let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes());
                format!("urn:uuid:{id}")
            }
        }
    }

    /// The book title shown in libraries: publication and date, e.g. `内蒙古日报 2022-01-03`.
    pub fn display_title(&self) -> String {
        format!("{} {}", self.title, self.date)
    }

    /// A file-name stem for outputs, e.g. `内蒙古日报-2022-01-03`: the title with characters
    /// that are unsafe in file names replaced.
    pub fn file_stem(&self) -> String {
        format!(
            "{}-{}",
            crate::output::safe_file_name(&self.title),
            self.date
        )
    }

    /// Every article with its section, in reading order.
    pub fn articles(&self) -> impl Iterator<Item = (&Section, &Article)> {
        self.sections
            .iter()
            .flat_map(|s| s.articles.iter().map(move |a| (s, a)))
    }
}

impl Article {
    /// The body's paragraphs: split at blank lines; a single line break inside a paragraph
    /// joins the lines with nothing between CJK characters and one space between Latin words.
    pub fn paragraphs(&self) -> Vec<String> {
        split_paragraphs(self.body.as_deref().unwrap_or(""))
    }

    /// The lead that opens the first paragraph: `dateline（byline）`, or the dateline alone.
    /// `None` when there is no dateline (a byline alone stands on its own line). A Latin
    /// dateline takes ASCII parentheses: `LONDON (Jane Doe) `. A wire dateline in square
    /// brackets is followed by the reporter and `=`, as Korean papers print it:
    /// `[서울=연합뉴스] 김민수 기자 = `.
    pub fn lead(&self) -> Option<String> {
        let dateline = self.dateline.as_deref()?.trim();
        let cjk = dateline.chars().last().is_some_and(script::is_cjk);
        let byline = self.byline.as_deref().map(str::trim);
        if let Some(b) = byline.filter(|b| !b.is_empty()) {
            if dateline.starts_with('[') && dateline.ends_with(']') {
                return Some(format!("{dateline} {b} = "));
            }
        }
        Some(match (byline, cjk) {
            (Some(b), true) if !b.is_empty() => format!("{dateline}（{b}）"),
            (Some(b), false) if !b.is_empty() => format!("{dateline} ({b}) "),
            (_, true) => dateline.to_string(),
            (_, false) => format!("{dateline} "),
        })
    }

    /// The byline to print on its own line under the headline: only when there is no dateline.
    pub fn standalone_byline(&self) -> Option<&str> {
        match (&self.dateline, &self.byline) {
            (None, Some(b)) => Some(b.trim()),
            _ => None,
        }
    }
}

impl Image {
    /// The text alternative: `alt`, else the caption, else empty.
    pub fn alt_text(&self) -> &str {
        self.alt
            .as_deref()
            .or(self.caption.as_deref())
            .unwrap_or("")
    }

    /// The loaded picture, if a `src` was given.
    pub fn data(&self) -> Option<&Arc<ImageData>> {
        self.src.as_ref().and_then(|s| s.data.as_ref())
    }
}

/// A body written from its paragraphs, the inverse of [`split_paragraphs`]: separated by blank
/// lines, ending in a line break; `None` when there are none.
pub fn join_paragraphs(paragraphs: &[String]) -> Option<String> {
    (!paragraphs.is_empty()).then(|| format!("{}\n", paragraphs.join("\n\n")))
}

/// Splits a body into paragraphs at blank lines and joins the lines inside each one.
pub fn split_paragraphs(body: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in body.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(join_lines(&current));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(join_lines(&current));
    }
    paragraphs
}

fn join_lines(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        if let (Some(prev), Some(next)) = (out.chars().last(), line.chars().next()) {
            if !script::is_cjk(prev) && !script::is_cjk(next) {
                out.push(' ');
            }
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert_eq!(Date::parse("2022-01-03").unwrap().to_string(), "2022-01-03");
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2022-13-01").is_err());
        assert!(Date::parse("2022-1-3").is_err());
        assert!(Date::parse("yesterday").is_err());
    }

    #[test]
    fn languages_are_checked_and_kept_as_written() {
        assert_eq!(Language::parse(" zh-Hant ").unwrap().tag(), "zh-Hant");
        assert_eq!(Language::parse("ko-KR").unwrap().subtags().language, "ko");
        assert!(Language::parse("Chinese!").is_err());
    }

    #[test]
    fn paragraphs_join_cjk_without_space_and_latin_with_one() {
        let body = "第一行\n第二行\n\n\nHello\nworld\n\n中文\nLED 屏\n";
        assert_eq!(
            split_paragraphs(body),
            vec!["第一行第二行", "Hello world", "中文LED 屏"]
        );
        // Ambiguous punctuation and full-width forms join like the CJK text they belong to.
        assert_eq!(
            split_paragraphs("约翰·\n史密斯说“好”\n※\n注：Ｂ\n１"),
            vec!["约翰·史密斯说“好”※注：Ｂ１"]
        );
    }

    #[test]
    fn lead_combines_dateline_and_byline() {
        let a = Article {
            dateline: Some("本报乌海1月2日电".into()),
            byline: Some("记者 郝飚".into()),
            ..Default::default()
        };
        assert_eq!(a.lead().unwrap(), "本报乌海1月2日电（记者 郝飚）");
        assert_eq!(a.standalone_byline(), None);
        let b = Article {
            byline: Some("本报记者 刘向平".into()),
            ..Default::default()
        };
        assert_eq!(b.lead(), None);
        assert_eq!(b.standalone_byline(), Some("本报记者 刘向平"));
        let latin = Article {
            dateline: Some("LONDON, Jan. 2".into()),
            byline: Some("Jane Doe".into()),
            ..Default::default()
        };
        assert_eq!(latin.lead().unwrap(), "LONDON, Jan. 2 (Jane Doe) ");
        let korean = Article {
            dateline: Some("[서울=연합뉴스]".into()),
            byline: Some("김민수 기자".into()),
            ..Default::default()
        };
        assert_eq!(korean.lead().unwrap(), "[서울=연합뉴스] 김민수 기자 = ");
    }

    #[test]
    fn identifier_is_derived_from_title_and_date() {
        let e = Edition::new("内蒙古日报", Date::parse("2022-01-03").unwrap(), vec![]);
        let id = e.identifier();
        assert!(id.starts_with("urn:uuid:"));
        assert_eq!(id, e.clone().identifier());
        assert_eq!(e.file_stem(), "内蒙古日报-2022-01-03");
    }
}
