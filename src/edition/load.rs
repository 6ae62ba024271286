//! Reading an edition file: parse (YAML or JSON), check the contract, load the images.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::guard::{self, Positions};
use super::model::{Edition, ImageRef};
use super::picture::decode_image;
use crate::echo;
use crate::input::{self, Kind, Limits};
use crate::locale::Calendar;

/// How permissive loading is.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Accept image paths that resolve outside the edition's folder (refused by default, so that
    /// an edition from elsewhere cannot pull `/etc/…` into a book).
    pub allow_outside_paths: bool,
    /// Size caps for the edition file and its images.
    pub limits: Limits,
}

/// Why an edition was refused: the file, where in it (when known), the field and what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// The edition file.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The field's path, e.g. `sections[0].articles[2].images[0].src`; empty for the whole file.
    pub field: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for LoadError {
    /// `file:line:column: field: message`, with control characters escaped and long echoes
    /// of the input cut (see [`echo::clean`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", echo::clean(&self.file.display().to_string()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        if !self.field.is_empty() {
            write!(f, ": {}", echo::clean(&self.field))?;
        }
        write!(f, ": {}", echo::clean(&self.message))
    }
}

impl std::error::Error for LoadError {}

/// Loads, validates and resolves an edition file; images are read and checked.
pub fn load(path: &Path, options: &LoadOptions) -> Result<Edition, LoadError> {
    let err = |line: Option<usize>, field: &str, message: String| LoadError {
        file: path.to_path_buf(),
        line,
        column: None,
        field: field.to_string(),
        message,
    };
    let bytes = input::read(path, Kind::Edition, &options.limits)
        .map_err(|e| err(None, "", format!("the edition file {e}")))?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(err(
                Some(line),
                "",
                format!("the file is not UTF-8 (invalid byte at offset {at}); save it as UTF-8"),
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(err(
            None,
            "",
            "the file is empty; expected an edition with title, date and sections".into(),
        ));
    }
    check_controls(path, text)?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let (mut edition, positions) = if is_json {
        (parse_json(path, text)?, Positions::default())
    } else {
        parse_yaml(path, text, options.limits.edition_bytes)?
    };
    let base = path
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .unwrap_or(Path::new("."));
    let source = Source {
        path,
        text,
        positions: &positions,
    };
    validate(&source, base, &mut edition, options)?;
    Ok(edition)
}

/// The edition file being validated: its name, its text and where its fields are.
struct Source<'a> {
    path: &'a Path,
    text: &'a str,
    positions: &'a Positions,
}

impl Source<'_> {
    /// An error at `field`: at its value's line and column when the YAML pass saw it, else
    /// at the first line containing `needle`.
    fn error(&self, field: &str, needle: &str, message: impl Into<String>) -> LoadError {
        let (line, column) = match self.positions.get(field) {
            Some((l, c)) => (Some(l), Some(c)),
            None => (line_of(self.text, needle), None),
        };
        LoadError {
            file: self.path.to_path_buf(),
            line,
            column,
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// Refuses a raw control character (other than tab and line breaks) with its real position.
fn check_controls(path: &Path, text: &str) -> Result<(), LoadError> {
    match echo::first_control(text) {
        None => Ok(()),
        Some((line, column, c)) => Err(LoadError {
            file: path.to_path_buf(),
            line: Some(line),
            column: Some(column),
            field: String::new(),
            message: format!(
                "control character {} in the file; an edition may hold only printable text, \
                 tabs and line breaks",
                echo::escape(&c.to_string())
            ),
        }),
    }
}

/// Parses edition text in memory without touching the file system (for tests and `import`):
/// YAML or JSON (JSON is YAML), checked against the contract except for image files.
pub fn parse_str(name: &Path, text: &str) -> Result<Edition, LoadError> {
    check_controls(name, text)?;
    let (edition, positions) = parse_yaml(name, text, crate::input::DEFAULT_EDITION_BYTES)?;
    let source = Source {
        path: name,
        text,
        positions: &positions,
    };
    check_structure(&source, &edition)?;
    Ok(edition)
}

/// Parses YAML after the guard pass ([`guard::scan`]) has refused what would make the parser
/// slow or silently lose data; `max_expanded` caps the size with aliases expanded.
fn parse_yaml(
    path: &Path,
    text: &str,
    max_expanded: u64,
) -> Result<(Edition, Positions), LoadError> {
    let positions = guard::scan(text, max_expanded).map_err(|r| LoadError {
        file: path.to_path_buf(),
        line: Some(r.line),
        column: Some(r.column),
        field: r.field,
        message: r.message,
    })?;
    let de = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize::<_, Edition>(de)
        .map_err(|e| {
            let field = clean_path(&e.path().to_string());
            let inner = e.into_inner();
            // Errors raised by our own checks (a bad date, say) come without a position (serde_yaml
            // reports 1:1); point at the field's key instead.
            let (line, column) = match inner.location() {
                Some(l) if !(l.line() == 1 && l.column() == 1 && !field.is_empty()) => {
                    (Some(l.line()), Some(l.column()))
                }
                _ => (line_of_key(text, &field), None),
            };
            LoadError {
                file: path.to_path_buf(),
                line,
                column,
                message: explain(&strip_path(&strip_location(&inner.to_string()))),
                field,
            }
        })
        .map(|edition| (edition, positions))
}

fn parse_json(path: &Path, text: &str) -> Result<Edition, LoadError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let edition = serde_path_to_error::deserialize::<_, Edition>(&mut de).map_err(|e| {
        let field = clean_path(&e.path().to_string());
        let inner = e.into_inner();
        LoadError {
            file: path.to_path_buf(),
            line: Some(inner.line()),
            column: Some(inner.column()),
            field,
            message: explain(&strip_location(&inner.to_string())),
        }
    })?;
    // Anything after the edition's closing brace is refused, not ignored.
    de.end().map_err(|e| LoadError {
        file: path.to_path_buf(),
        line: Some(e.line()),
        column: Some(e.column()),
        field: String::new(),
        message: "unexpected text after the end of the JSON document; expected nothing but \
                  white space after the edition's closing `}`"
            .into(),
    })?;
    Ok(edition)
}

fn clean_path(p: &str) -> String {
    if p == "." {
        String::new()
    } else {
        p.to_string()
    }
}

/// serde_yaml and serde_json append " at line X column Y"; we report those separately.
fn strip_location(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// serde_yaml prefixes messages with the field's path, which we report separately.
fn strip_path(msg: &str) -> String {
    match msg.split_once(": ") {
        Some((head, rest)) if !head.contains(' ') && !head.is_empty() => rest.to_string(),
        _ => msg.to_string(),
    }
}

/// The line of the first `key:` for the last component of a field path such as
/// `sections[0].date` (approximate: the first occurrence of that key).
fn line_of_key(text: &str, field: &str) -> Option<usize> {
    let key = field.rsplit('.').next()?.split('[').next()?;
    if key.is_empty() {
        return None;
    }
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
                || l.strip_prefix(&format!("\"{key}\""))
                    .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

/// Rewrites serde's messages for people: unknown fields get a "did you mean".
fn explain(msg: &str) -> String {
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        if let Some(end) = rest.find('`') {
            let unknown = &rest[..end];
            let expected: Vec<&str> = rest[end + 1..]
                .split('`')
                .enumerate()
                .filter(|(i, _)| i % 2 == 1)
                .map(|(_, s)| s)
                .collect();
            let mut out = format!("unknown field `{unknown}`");
            if let Some(best) = expected
                .iter()
                .map(|e| (edit_distance(unknown, e), *e))
                .filter(|(d, e)| *d <= 2.max(e.len() / 3))
                .min()
                .map(|(_, e)| e)
            {
                out.push_str(&format!(" (did you mean `{best}`?)"));
            }
            if !expected.is_empty() {
                out.push_str(&format!("; expected one of: {}", expected.join(", ")));
            }
            return out;
        }
    }
    if let Some(field) = msg.strip_prefix("missing field `") {
        let field = field.trim_end_matches('`');
        return format!("missing required field `{field}`");
    }
    msg.to_string()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The line on which `needle` first appears in the source, to point at an error found after
/// parsing (serde no longer knows positions then).
fn line_of(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

fn check_structure(src: &Source, e: &Edition) -> Result<(), LoadError> {
    let err = |needle: &str, field: String, message: &str| src.error(&field, needle, message);
    check_text_fields(src, e)?;
    if e.title.trim().is_empty() {
        return Err(err(
            "title",
            "title".into(),
            "expected the publication's name, found an empty string",
        ));
    }
    let calendar_fits = match e.calendar {
        Calendar::Gregorian => true,
        Calendar::Minguo => e.language.subtags().language == "zh",
        Calendar::Japanese => e.language.subtags().language == "ja",
    };
    if !calendar_fits {
        return Err(err(
            "calendar",
            "calendar".into(),
            &format!(
                "the `{}` calendar is for {} editions, but the language is `{}`; \
                 expected `gregorian` or another language",
                e.calendar.name(),
                if e.calendar == Calendar::Minguo {
                    "Chinese (zh)"
                } else {
                    "Japanese (ja)"
                },
                e.language
            ),
        ));
    }
    if e.sections.is_empty() {
        return Err(err(
            "sections",
            "sections".into(),
            "expected at least one section",
        ));
    }
    for (si, s) in e.sections.iter().enumerate() {
        if s.title.trim().is_empty() {
            return Err(err(
                "",
                format!("sections[{si}].title"),
                "expected a section title, found an empty string",
            ));
        }
        if s.articles.is_empty() {
            return Err(err(
                &s.title,
                format!("sections[{si}].articles"),
                "empty section: expected at least one article",
            ));
        }
        for (ai, a) in s.articles.iter().enumerate() {
            let at = format!("sections[{si}].articles[{ai}]");
            if a.headline.trim().is_empty() {
                return Err(err(
                    "",
                    format!("{at}.headline"),
                    "expected a headline, found an empty string",
                ));
            }
            let has_body = a.body.as_deref().is_some_and(|b| !b.trim().is_empty());
            if !has_body && a.images.is_empty() {
                return Err(err(
                    &a.headline,
                    at,
                    "the article has neither a body nor images; expected `body`, `images` or both",
                ));
            }
        }
    }
    Ok(())
}

/// Every text field of the edition with its path, in file order.
fn text_fields(e: &Edition) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = vec![("title".into(), e.title.as_str())];
    for (name, value) in [
        ("issue", &e.issue),
        ("publisher", &e.publisher),
        ("identifier", &e.identifier),
    ] {
        if let Some(v) = value {
            out.push((name.into(), v));
        }
    }
    for (si, s) in e.sections.iter().enumerate() {
        out.push((format!("sections[{si}].title"), &s.title));
        for (ai, a) in s.articles.iter().enumerate() {
            let at = format!("sections[{si}].articles[{ai}]");
            out.push((format!("{at}.headline"), &a.headline));
            for (name, value) in [
                ("kicker", &a.kicker),
                ("subheadline", &a.subheadline),
                ("dateline", &a.dateline),
                ("byline", &a.byline),
                ("body", &a.body),
            ] {
                if let Some(v) = value {
                    out.push((format!("{at}.{name}"), v));
                }
            }
            for (ii, im) in a.images.iter().enumerate() {
                for (name, value) in [
                    ("caption", &im.caption),
                    ("credit", &im.credit),
                    ("alt", &im.alt),
                ] {
                    if let Some(v) = value {
                        out.push((format!("{at}.images[{ii}].{name}"), v));
                    }
                }
            }
        }
    }
    out
}

/// Refuses control characters inside values (written as YAML or JSON escapes such as `\e`,
/// which the raw-text check cannot see): no book can show them.
fn check_text_fields(src: &Source, e: &Edition) -> Result<(), LoadError> {
    for (field, value) in text_fields(e) {
        if let Some(c) = value
            .chars()
            .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            return Err(src.error(
                &field,
                "",
                format!(
                    "control character {} in the text; expected printable text",
                    echo::escape(&c.to_string())
                ),
            ));
        }
        if let Some(at) = stacked_marks(value) {
            return Err(src.error(
                &field,
                "",
                format!(
                    "more than {MAX_STACKED_MARKS} combining marks in a row after `{}`; no \
                     font can stack them and no reader can read them",
                    echo::escape(
                        &value[..at]
                            .chars()
                            .last()
                            .map(String::from)
                            .unwrap_or_default()
                    )
                ),
            ));
        }
    }
    Ok(())
}

/// The most combining marks (non-starters) accepted in a row: the limit of Unicode's
/// Stream-Safe Text Format (UAX #15); stacks of thousands ("Zalgo" text) make PDF strings
/// longer than PDF/A allows and show nothing readable.
const MAX_STACKED_MARKS: usize = 30;

/// The byte offset where a run of more than [`MAX_STACKED_MARKS`] combining marks begins.
fn stacked_marks(text: &str) -> Option<usize> {
    let mut run = 0;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if unicode_normalization::char::canonical_combining_class(c) != 0 {
            if run == 0 {
                start = i;
            }
            run += 1;
            if run > MAX_STACKED_MARKS {
                return Some(start);
            }
        } else {
            run = 0;
        }
    }
    None
}

fn validate(
    src: &Source,
    base: &Path,
    e: &mut Edition,
    options: &LoadOptions,
) -> Result<(), LoadError> {
    check_structure(src, e)?;
    if let Some(cover) = e.cover.as_mut() {
        load_image(src, base, "cover", cover, options)?;
    }
    for (si, s) in e.sections.iter_mut().enumerate() {
        for (ai, a) in s.articles.iter_mut().enumerate() {
            for (ii, im) in a.images.iter_mut().enumerate() {
                if let Some(image) = im.src.as_mut() {
                    let field = format!("sections[{si}].articles[{ai}].images[{ii}].src");
                    load_image(src, base, &field, image, options)?;
                }
            }
        }
    }
    Ok(())
}

fn load_image(
    src: &Source,
    base: &Path,
    field: &str,
    r: &mut ImageRef,
    options: &LoadOptions,
) -> Result<(), LoadError> {
    let written = r.path.display().to_string();
    let err = |message: String| src.error(field, &written, message);
    if written.trim().is_empty() {
        return Err(err(
            "expected the path of a JPEG or PNG file, found an empty string".into(),
        ));
    }
    let full = base.join(&r.path);
    let resolved = full
        .canonicalize()
        .map_err(|e| err(format!("cannot open image `{}`: {e}", full.display())))?;
    if !options.allow_outside_paths {
        let root = base
            .canonicalize()
            .map_err(|e| err(format!("cannot resolve the edition's folder: {e}")))?;
        if !resolved.starts_with(&root) {
            return Err(err(format!(
                "image `{written}` resolves to {}, outside the edition's folder {}; \
                 move it beside the edition or pass --allow-outside-paths",
                resolved.display(),
                root.display()
            )));
        }
    }
    let bytes = input::read(&resolved, Kind::Image, &options.limits)
        .map_err(|e| err(format!("image `{written}` {e}")))?;
    let data = decode_image(bytes).map_err(|m| err(format!("image `{written}`: {m}")))?;
    r.data = Some(Arc::new(data));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Edition, LoadError> {
        parse_str(Path::new("e.yaml"), text)
    }

    const OK: &str = "title: T\ndate: 2022-01-03\nsections:\n  - title: S\n    articles:\n      - headline: H\n        body: 正文\n";

    #[test]
    fn minimal_edition_parses() {
        let e = parse(OK).unwrap();
        assert_eq!(e.sections[0].articles[0].paragraphs(), vec!["正文"]);
        assert_eq!(e.language.tag(), "zh-Hans");
    }

    #[test]
    fn unknown_field_suggests_the_right_one() {
        let e = parse(&OK.replace("body:", "subheadlin: x\n        body:")).unwrap_err();
        assert_eq!(e.line, Some(7));
        assert_eq!(e.field, "sections[0].articles[0].subheadlin");
        assert!(
            e.message.contains("did you mean `subheadline`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn bad_date_is_refused_with_its_line() {
        let e = parse(&OK.replace("2022-01-03", "2022-02-30")).unwrap_err();
        assert_eq!(e.field, "date");
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("28 days"), "{}", e.message);
    }

    #[test]
    fn empty_section_and_empty_article_are_refused() {
        let e = parse("title: T\ndate: 2022-01-03\nsections:\n  - title: S\n    articles: []\n")
            .unwrap_err();
        assert_eq!(e.field, "sections[0].articles");
        let e = parse(&OK.replace("        body: 正文\n", "")).unwrap_err();
        assert_eq!(e.field, "sections[0].articles[0]");
        assert!(e.message.contains("neither"));
        assert_eq!(e.line, Some(6));
    }

    #[test]
    fn stacked_combining_marks_are_refused() {
        let zalgo = format!("H{}", "\u{301}".repeat(40));
        let e = parse(&OK.replace("headline: H", &format!("headline: {zalgo}"))).unwrap_err();
        assert_eq!(e.field, "sections[0].articles[0].headline");
        assert!(e.message.contains("after `H`"), "{}", e.message);
        assert!(parse(&OK.replace("headline: H", "headline: Ḗ\u{301}")).is_ok());
    }

    #[test]
    fn missing_required_field_is_named() {
        let e = parse("title: T\nsections: []\n").unwrap_err();
        assert!(e.message.contains("`date`"), "{}", e.message);
    }

    #[test]
    fn a_calendar_must_be_the_languages_own() {
        let minguo = OK.replace("date:", "language: zh-Hant\ncalendar: minguo\ndate:");
        let e = parse(&minguo).unwrap();
        assert_eq!(e.display_date(), "民國111年1月3日");
        let e = parse(&OK.replace("date:", "language: ja\ncalendar: japanese\ndate:")).unwrap();
        assert_eq!(e.display_date(), "令和4年1月3日");
        let e = parse(&OK.replace("date:", "language: ko\ncalendar: minguo\ndate:")).unwrap_err();
        assert_eq!((e.field.as_str(), e.line), ("calendar", Some(3)));
        assert!(e.message.contains("Chinese"), "{}", e.message);
        let e = parse(&OK.replace("date:", "calendar: julian\ndate:")).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("minguo"), "{}", e.message);
    }
}
