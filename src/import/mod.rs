//! Import: recovers an edition's structure from raw text extracted from a printed page.
//!
//! Extraction leaves column lines hard-wrapped, headlines printed after their bodies, spaces
//! around digits and Latin words, letter-spaced justified lines, fake-bold captions printed
//! twice and `⋯⋯` for the ellipsis. [`import_text`] undoes that with heuristics that read the
//! text itself (column width, sentence-final punctuation, dateline and byline patterns), and
//! records every guess as a [`Note`] so a person can review it. [`to_yaml`] writes the result in
//! the edition format. Pure functions: no file is read or written here.

mod captions;
mod conventions;
mod headline;
mod language;
mod lines;
pub mod mets;
mod page_pdf;
mod paragraphs;
mod reattach;
mod stream;
mod structure;
mod units;
mod yaml;

use std::fmt;

use crate::edition::{Date, Edition, Language, Section};

pub use language::detect as detect_language;
pub use yaml::to_yaml;

/// What the raw text does not say, supplied by the caller.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Publication name.
    pub title: String,
    /// Date of the issue.
    pub date: Date,
    /// Language of the text; `None`: detected from its characters (see [`detect_language`]).
    pub language: Option<Language>,
    /// Title of the section the page becomes, or of the text before the first running head
    /// that names a section (`第2版 经济`).
    pub section: String,
}

/// One uncertain decision, for a person to review: where in the raw text, and what was guessed.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// 1-based line of the raw text.
    pub line: usize,
    /// What was decided and why it is uncertain.
    pub message: String,
}

impl Note {
    fn new(line: usize, message: impl Into<String>) -> Note {
        Note {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The recovered edition and the notes on what was guessed, in line order.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The page as an edition of one section.
    pub edition: Edition,
    /// Every uncertain decision.
    pub notes: Vec<Note>,
}

/// Drops control characters (other than tabs) from the lines' text, such as the form feed
/// `pdftotext` puts before a page: an edition may not hold them. Returns the first one's line
/// and how many were dropped.
fn drop_controls(lines: &mut [lines::Line]) -> Option<(usize, usize)> {
    let (mut first, mut count) = (None, 0);
    for line in lines.iter_mut() {
        if line.text.chars().any(|c| c.is_control() && c != '\t') {
            let before = line.text.chars().count();
            line.text.retain(|c| !c.is_control() || c == '\t');
            count += before - line.text.chars().count();
            first.get_or_insert(line.number);
        }
    }
    first.map(|l| (l, count))
}

/// Why a page could not be imported.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    /// The text has no non-blank line.
    Empty,
    /// Text was found but no article could be made of it.
    NoArticles,
    /// The file is not a PDF that can be read.
    UnreadablePdf(String),
    /// The PDF has no text layer (a scan without OCR): nothing to import.
    NoTextLayer,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Empty => write!(f, "the page text is empty: expected the text extracted from a page"),
            ImportError::NoArticles => write!(
                f,
                "no article found: expected bodies of sentences (ending in 。！？) with their headlines"
            ),
            ImportError::UnreadablePdf(e) => write!(f, "not a readable PDF ({e})"),
            ImportError::NoTextLayer => write!(
                f,
                "the PDF has no text layer (a scan without OCR?): expected pages with text; run OCR first"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// Recovers the articles of one page of raw extracted text (or of several pages: a running head
/// such as `第2版 经济` starts a new section).
pub fn import_text(raw: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    if stream::is_glyph_per_line(raw) {
        let mut notes = Vec::new();
        let lines = lines::clean_lines(stream::restack(raw, &mut notes));
        return import_lines(lines, options, true, notes);
    }
    import_lines(lines::read_lines(raw), options, true, Vec::new())
}

/// Recovers the articles of a page PDF (or of several pages) from its text layer: glyph
/// positions give the columns and the reading order, overlapping copies fake bold.
pub fn import_pdf(bytes: &[u8], options: &ImportOptions) -> Result<Imported, ImportError> {
    let raw = page_pdf::read_pdf(bytes)?;
    import_lines(lines::clean_lines(raw), options, false, Vec::new())
}

/// The structure recovery shared by text and PDF: sections, articles, language. `extracted`:
/// the lines come from extracted text, in its order (not from a PDF's positions); `notes` holds
/// what reading the lines already guessed.
fn import_lines(
    lines: Vec<lines::Line>,
    options: &ImportOptions,
    extracted: bool,
    mut notes: Vec<Note>,
) -> Result<Imported, ImportError> {
    let mut lines = lines;
    let controls = drop_controls(&mut lines);
    let lines = structure::join_wrapped_bylines(lines);
    if lines.is_empty() {
        return Err(ImportError::Empty);
    }
    let text: String = lines.iter().map(|l| l.text.as_str()).collect();
    if let Some((line, count)) = controls {
        notes.push(Note::new(
            line,
            format!("{count} control character(s) left out (no edition may hold them)"),
        ));
    }
    let doubled: Vec<usize> = lines
        .iter()
        .filter(|l| l.doubled)
        .map(|l| l.number)
        .collect();
    if let Some(&first) = doubled.first() {
        notes.push(Note::new(
            first,
            format!(
                "{} line(s) printed twice run by run (fake bold) were read once",
                doubled.len()
            ),
        ));
    }
    let mut sections = Vec::new();
    for (title, part) in structure::split_sections(&lines, &options.section, &mut notes) {
        let articles = structure::recover(part, extracted, &mut notes);
        if !articles.is_empty() {
            sections.push(Section { title, articles });
        }
    }
    if sections.is_empty() {
        return Err(ImportError::NoArticles);
    }
    let language = match &options.language {
        Some(language) => language.clone(),
        None => detected_language(&text, &mut notes),
    };
    notes.sort_by_key(|n| n.line);
    let edition = Edition {
        language,
        ..Edition::new(options.title.clone(), options.date, sections)
    };
    Ok(Imported { edition, notes })
}

/// The language the text's characters show, noted for review; zh-Hans when they show none.
fn detected_language(text: &str, notes: &mut Vec<Note>) -> Language {
    let (tag, evidence) = match language::detect(text) {
        Some((tag, n)) => (tag, format!("{n} character(s) only that script uses")),
        None => (
            "zh-Hans",
            "no character that tells; the default".to_string(),
        ),
    };
    notes.push(Note::new(
        1,
        format!("language detected as {tag} ({evidence}): pass --language to override"),
    ));
    Language::parse(tag).expect("a valid tag")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> ImportOptions {
        ImportOptions {
            title: "测试报".into(),
            date: Date::parse("2024-05-06").unwrap(),
            language: None,
            section: "要闻".into(),
        }
    }

    #[test]
    fn control_characters_are_left_out_and_noted() {
        let mut lines = lines::read_lines("一\n二\u{10}三\u{7}四\n");
        assert_eq!(drop_controls(&mut lines), Some((2, 2)));
        assert_eq!(lines[1].text, "二三四");
        assert_eq!(drop_controls(&mut lines::read_lines("甲\t乙\n")), None);
    }

    #[test]
    fn empty_text_is_refused() {
        assert_eq!(
            import_text(" \n\n", &options()).unwrap_err(),
            ImportError::Empty
        );
    }

    #[test]
    fn a_small_page_is_recovered() {
        let raw = "本报北京 5 月 5 日电 （记者 张\n三）今天，新的图书馆正式开放，市民\n可以免费借阅图书。\n\n  开馆首日，共有 1200 名读者到馆。\n\n新 图 书 馆 开 放\n";
        let got = import_text(raw, &options()).unwrap();
        let a = &got.edition.sections[0].articles[0];
        assert_eq!(a.headline, "新图书馆开放");
        assert_eq!(a.dateline.as_deref(), Some("本报北京5月5日电"));
        assert_eq!(a.byline.as_deref(), Some("记者 张三"));
        assert_eq!(
            a.body.as_deref(),
            Some("今天，新的图书馆正式开放，市民可以免费借阅图书。\n\n开馆首日，共有1200名读者到馆。\n")
        );
    }

    #[test]
    fn a_korean_page_is_recovered_with_its_conventions() {
        let raw = "시내버스 노선 전면 개편\n\n[서울=연합뉴스] 김민수 기자 = 서울시는 다음 달부터 시내버스 노선\n을 전면 개편한다고 6일 밝혔다. 이번 개편으로 모두 120개 노선이\n조정되며, 출퇴근 시간대 배차 간격이 평균 3분 줄어든다.\n\n도서관 야간 개방 확대\n이지은 기자\n시립도서관 열 곳이 이달부터 밤 10시까지 문을 연다. 시는 직장인\n과 학생들의 이용 수요가 늘어남에 따라 개방 시간을 확대하기로 했\n다고 밝혔다.\n";
        let got = import_text(raw, &options()).unwrap();
        assert_eq!(got.edition.language.tag(), "ko");
        let a = &got.edition.sections[0].articles;
        assert_eq!(a.len(), 2, "{:?}", got.notes);
        assert_eq!(a[0].headline, "시내버스 노선 전면 개편");
        assert_eq!(a[0].dateline.as_deref(), Some("[서울=연합뉴스]"));
        assert_eq!(a[0].byline.as_deref(), Some("김민수 기자"));
        // Korean keeps its word spaces, beside digits and after a full stop too.
        assert!(a[0].body.as_deref().unwrap().starts_with(
            "서울시는 다음 달부터 시내버스 노선을 전면 개편한다고 6일 밝혔다. 이번 개편으로"
        ));
        assert_eq!(a[1].headline, "도서관 야간 개방 확대");
        assert_eq!(a[1].byline.as_deref(), Some("이지은 기자"));
        assert_eq!(a[1].dateline, None);
    }

    #[test]
    fn a_japanese_page_is_recovered_with_its_conventions() {
        let raw = "市営バス 路線を全面改編\n\n【横浜＝山田太郎】横浜市は６日、市営バスの路線を来月から全面的に\n改編すると発表した。対象は１２０路線で、通勤時間帯の運行間隔を平\n均３分短縮する。\n\n図書館の夜間開館を拡大\n　市立図書館１０館が今月から午後１０時まで開館する。会社員や学生\nの利用が増えていることを受けた措置だ。\n　図書館の担当者は「夜間も安心して利用できるよう職員を配置する」\nと話している。\n";
        let got = import_text(raw, &options()).unwrap();
        assert_eq!(got.edition.language.tag(), "ja");
        let a = &got.edition.sections[0].articles;
        assert_eq!(a.len(), 2, "{:?}", got.notes);
        assert_eq!(a[0].headline, "市営バス 路線を全面改編");
        assert_eq!(a[0].dateline.as_deref(), Some("【横浜＝山田太郎】"));
        assert_eq!(a[1].headline, "図書館の夜間開館を拡大");
        assert_eq!(a[1].dateline, None);
        assert_eq!(a[1].paragraphs().len(), 2);
    }
}
