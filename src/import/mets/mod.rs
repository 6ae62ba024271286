//! METS/ALTO import: one digitised newspaper issue (a METS file with MODS metadata and the
//! logical structure, one ALTO file per page) to an [`Edition`].
//!
//! [`structure`] reads the METS, [`mods`] its metadata records, [`alto`] the pages, [`text`]
//! makes paragraphs of ALTO words, and [`assemble`] turns the logical structure into sections
//! and articles. Files are read only here and in those readers, through [`xml::read_text`]
//! (regular files, size-capped); every XML file is parsed by `roxmltree` with DTDs refused.
//! Anything uncertain becomes a [`Note`] for `--report`.

mod alto;
mod assemble;
mod crop;
mod glyphs;
mod mods;
mod pages;
mod structure;
mod text;
mod xml;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use glyphs::replace_uncovered;
pub use xml::MetsError;

use crate::edition::{Date, Edition, Language};

/// What the METS may not say, or what the caller wants instead.
#[derive(Debug, Clone, Default)]
pub struct MetsOptions {
    /// Publication name, over the MODS title.
    pub title: Option<String>,
    /// Date of the issue, over MODS `dateIssued`.
    pub date: Option<Date>,
    /// Language, over the MODS languages.
    pub language: Option<Language>,
    /// Size caps for the METS and ALTO files (`import`) and page images (`image`).
    pub limits: crate::input::Limits,
}

/// One uncertain decision, for a person to review.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The file it is about; `None` for the METS file.
    pub file: Option<PathBuf>,
    /// 1-based line in that file.
    pub line: u32,
    /// What was decided and why it is uncertain.
    pub message: String,
}

impl Note {
    fn mets(line: u32, message: impl Into<String>) -> Note {
        Note {
            file: None,
            line,
            message: message.into(),
        }
    }
}

/// An imported issue: the edition, the notes, and what was read.
#[derive(Debug, Clone)]
pub struct MetsImport {
    /// The issue as an edition.
    pub edition: Edition,
    /// Every uncertain decision, METS notes first, then per ALTO file.
    pub notes: Vec<Note>,
    /// The METS file.
    pub mets: PathBuf,
    /// Every file read (METS first, then the ALTO files in page order).
    pub sources: Vec<PathBuf>,
    /// Divisions of type ARTICLE in the METS (each is one article of the edition).
    pub mets_articles: usize,
    /// Words in the ALTO files, and those the edition holds.
    pub words: (usize, usize),
    /// Illustrations cut from page images: file name (under `images/` beside the edition)
    /// and picture; the edition's images point at them.
    pub images: Vec<(String, std::sync::Arc<crate::edition::ImageData>)>,
}

impl MetsImport {
    /// The notes as report lines, `file:line: message`.
    pub fn report_lines(&self) -> Vec<String> {
        self.notes
            .iter()
            .map(|n| {
                let file = n.file.as_deref().unwrap_or(&self.mets);
                format!("{}:{}: {}", file.display(), n.line, n.message)
            })
            .collect()
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Whether `path` names a METS issue: a folder holding a METS file, or a METS file itself
/// (an `.xml` file whose root element is `mets`).
pub fn is_mets_input(path: &Path) -> bool {
    if path.is_dir() {
        find_mets(path).is_ok()
    } else {
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
            && sniff_mets(path)
    }
}

/// Whether `path` is a METS file: an `.xml` file whose root element is `mets`.
pub fn is_mets_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
        && path.is_file()
        && sniff_mets(path)
}

/// Imports an issue as `folio batch` and `folio import` do with no options: the METS
/// metadata, characters the bundled fonts lack replaced (and noted), the edition checked
/// against the edition contract.
pub fn import_issue(input: &Path, fonts: &crate::fonts::FontSet) -> anyhow::Result<MetsImport> {
    import_issue_with(input, &MetsOptions::default(), fonts)
}

/// [`import_issue`] with options.
pub fn import_issue_with(
    input: &Path,
    options: &MetsOptions,
    fonts: &crate::fonts::FontSet,
) -> anyhow::Result<MetsImport> {
    let mut imported = import_mets(input, options).map_err(|e| anyhow::anyhow!("{e}"))?;
    for (c, with, n) in replace_uncovered(&mut imported.edition, fonts) {
        imported.notes.push(Note::mets(
            1,
            format!(
                "“{c}” (U+{:04X}) is in no bundled font: replaced by “{with}” ({n} time(s))",
                c as u32
            ),
        ));
    }
    let yaml = super::to_yaml(&imported.edition);
    crate::edition::parse_str(&imported.mets, &yaml).map_err(|e| {
        anyhow::anyhow!(
            "the edition imported from {} is not valid: {e}",
            imported.mets.display()
        )
    })?;
    Ok(imported)
}

/// Whether the file's first bytes open a `mets` root element.
fn sniff_mets(path: &Path) -> bool {
    use std::io::Read;
    let mut head = vec![0u8; 4096];
    let Ok(n) = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)) else {
        return false;
    };
    let text = String::from_utf8_lossy(&head[..n]);
    // The first element after the prolog and comments.
    let mut rest = text.as_ref();
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
            .collect();
        return name.rsplit(':').next() == Some("mets");
    }
    false
}

/// The METS file of an issue folder: the one `.xml` file directly inside whose root is `mets`.
pub fn find_mets(folder: &Path) -> Result<PathBuf, MetsError> {
    std::fs::read_dir(folder)
        .map_err(|e| MetsError::new(folder, format!("cannot list the issue folder: {e}")))?;
    let mut found = mets_files(folder);
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(MetsError::new(
            folder,
            "no METS file in this folder: expected one .xml file whose root element is `mets`",
        )),
        _ => same_issue(&found).ok_or_else(|| {
            MetsError::new(
                folder,
                format!(
                    "{} METS files in this folder ({}) list different ALTO files: expected one issue per folder; name the METS file instead",
                    found.len(),
                    found
                        .iter()
                        .filter_map(|p| p.file_name())
                        .map(|n| n.to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        }),
    }
}

/// The `.xml` files directly in `folder` whose root is `mets`, sorted by name.
fn mets_files(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml"))
                && sniff_mets(p)
        })
        .collect();
    found.sort();
    found
}

/// Of several METS files in one folder, the first by name when all list the same ALTO files:
/// copies of one issue, as NDNP's validator leaves `1857021401_1.xml` beside
/// `1857021401.xml`. `None` when they differ or one cannot be read.
fn same_issue(found: &[PathBuf]) -> Option<PathBuf> {
    let limits = crate::input::Limits::default();
    let mut lists = found.iter().map(|p| {
        let mets = structure::read(p, &limits).ok()?;
        let mut hrefs: Vec<String> = mets
            .file_order
            .iter()
            .filter(|id| mets.is_text_file(id))
            .map(|id| mets.files[id].href.clone())
            .collect();
        hrefs.sort();
        Some(hrefs)
    });
    let first = lists.next()??;
    for other in lists {
        if other? != first {
            return None;
        }
    }
    found.first().cloned()
}

/// Imports the issue at `input` (an issue folder or its METS file). Every ALTO file the METS
/// lists must exist and hold text; nothing is written.
pub fn import_mets(input: &Path, options: &MetsOptions) -> Result<MetsImport, MetsError> {
    let mets_path = if input.is_dir() {
        find_mets(input)?
    } else {
        input.to_path_buf()
    };
    let mets = structure::read(&mets_path, &options.limits)?;
    let (pages, page_of, sources) = load_pages(&mets, &options.limits)?;
    let meta = metadata::issue(&mets, options)?;
    let images = page_images(&mets, &page_of);
    let mut assembly = assemble::Assembly::new(&mets, &pages, page_of);
    assembly.images = crop::PageImages::new(images, options.limits);
    let mut sections = assembly.sections(&meta.section_title);
    let mut notes = std::mem::take(&mut assembly.notes);
    notes.extend(meta.notes);
    if let Some(copies) = copies_note(input, &mets_path) {
        notes.push(copies);
    }
    if sections.is_empty() {
        // The METS names no articles (only pages, or an issue linked to whole pages): each
        // page becomes a section cut at its headings, rather than one unstructured leftover.
        let labels = page_labels(&mets, &assembly.page_of);
        sections = pages::sections(&pages, &labels, &mut assembly.used, &mut notes);
    }
    let leftover = unlinked::leftover(&pages, &mut assembly.used, &mut notes);
    if let Some(section) = leftover {
        sections.push(section);
    }
    if sections.is_empty() {
        return Err(MetsError::new(
            &mets_path,
            "the logical structure map points at no text: expected articles with areas in the ALTO files",
        ));
    }
    notes.extend(confidence::notes(&pages, &assembly.used));
    let total: usize = pages.iter().map(|p| p.words.len()).sum();
    let used: usize = assembly.used.iter().flatten().filter(|u| **u).count();
    let mut edition = Edition {
        language: meta.language,
        issue: meta.issue,
        publisher: meta.publisher,
        identifier: meta.identifier,
        ..Edition::new(meta.title, meta.date, sections)
    };
    let mut dropped = 0;
    // The publication's name is metadata (catalogues, `dc:title`): left as the MODS gives it.
    let title = edition.title.clone();
    glyphs::each_text(&mut edition, &mut |s| {
        let (glued, n) = text::glue(s);
        *s = glued;
        dropped += n;
    });
    edition.title = title;
    if dropped > 0 {
        notes.push(Note::mets(
            1,
            format!("{dropped} stray punctuation mark(s) opening or ending a paragraph or title (OCR noise such as `.on-hot`, `constabl(`) dropped"),
        ));
    }
    Ok(MetsImport {
        edition,
        notes,
        mets: mets_path,
        sources,
        mets_articles: assembly.mets_articles,
        images: std::mem::take(&mut assembly.crops),
        words: (total, used),
    })
}

/// Each ALTO page's printed number from its physical division, by ALTO page index.
fn page_labels(mets: &structure::Mets, page_of: &HashMap<String, usize>) -> Vec<Option<String>> {
    let mut labels = vec![None; page_of.len()];
    for (files, label) in mets.pages.iter().zip(&mets.page_labels) {
        if let Some(&p) = files.iter().find_map(|f| page_of.get(f)) {
            labels[p] = label.clone();
        }
    }
    labels
}

/// A note when the issue folder holds other METS files (copies of this one, see
/// [`find_mets`]) besides the one read.
fn copies_note(input: &Path, read: &Path) -> Option<Note> {
    if !input.is_dir() {
        return None;
    }
    let others: Vec<String> = mets_files(input)
        .into_iter()
        .filter(|p| p != read)
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    (!others.is_empty()).then(|| {
        Note::mets(
            1,
            format!(
                "the folder holds other METS files listing the same ALTO files ({}): read this one, the first by name",
                others.join(", ")
            ),
        )
    })
}

/// The page image (JPEG or PNG file that exists) of each ALTO page, from the physical
/// structure map: the image file a page's division points at beside its ALTO file.
fn page_images(
    mets: &structure::Mets,
    page_of: &HashMap<String, usize>,
) -> HashMap<usize, PathBuf> {
    let mut out = HashMap::new();
    for files in &mets.pages {
        let Some(page) = files.iter().find_map(|f| page_of.get(f)) else {
            continue;
        };
        let image = files
            .iter()
            .filter_map(|f| mets.files.get(f))
            .find_map(|entry| {
                let href = entry.href.to_ascii_lowercase();
                let picture = matches!(
                    entry.mime.as_str(),
                    "image/jpeg" | "image/jpg" | "image/png"
                ) || href.ends_with(".jpg")
                    || href.ends_with(".jpeg")
                    || href.ends_with(".png");
                picture
                    .then(|| mets.local_path(&entry.href))
                    .flatten()
                    .filter(|p| p.is_file())
            });
        if let Some(path) = image {
            out.insert(*page, path);
        }
    }
    out
}

type Pages = (Vec<alto::AltoPage>, HashMap<String, usize>, Vec<PathBuf>);

/// Reads every ALTO file the METS lists, in `fileSec` order; a missing or empty one refuses
/// the issue.
fn load_pages(mets: &structure::Mets, limits: &crate::input::Limits) -> Result<Pages, MetsError> {
    let mut pages = Vec::new();
    let mut page_of = HashMap::new();
    let mut sources = vec![mets.path.clone()];
    for id in &mets.file_order {
        if !mets.is_text_file(id) {
            continue;
        }
        let entry = &mets.files[id];
        let path = mets
            .find_file(entry)
            .ok_or_else(|| missing_file(mets, id, entry))?;
        page_of.insert(id.clone(), pages.len());
        pages.push(alto::read(&path, limits)?);
        sources.push(path);
    }
    if pages.is_empty() {
        return Err(MetsError::new(
            &mets.path,
            "the METS file lists no ALTO files: expected one text file per page in its fileSec",
        ));
    }
    Ok((pages, page_of, sources))
}

/// Why a listed ALTO file cannot be read: where it was looked for.
fn missing_file(mets: &structure::Mets, id: &str, entry: &structure::FileEntry) -> MetsError {
    let message = match mets.local_path(&entry.href) {
        Some(path) => format!(
            "the ALTO file `{}` (file `{id}`) is missing: expected {}",
            entry.href,
            path.display()
        ),
        None => format!(
            "file `{id}` is at `{}`: expected a path inside the issue's folder, or a file of that name beside the METS file or in its group's folder `{}`",
            entry.href, entry.group_folder
        ),
    };
    MetsError {
        file: mets.path.clone(),
        position: Some((entry.line, 1)),
        message,
    }
}

mod metadata;

mod unlinked {
    //! ALTO text no article points at: kept, one article per page, so nothing is lost.

    use super::alto::AltoPage;
    use super::text::{self, Piece};
    use super::Note;
    use crate::edition::{join_paragraphs, Article, Section};

    /// The section of leftover text, or `None` when every word found its article.
    pub fn leftover(
        pages: &[AltoPage],
        used: &mut [Vec<bool>],
        notes: &mut Vec<Note>,
    ) -> Option<Section> {
        let mut articles = Vec::new();
        for (p, page) in pages.iter().enumerate() {
            let mut pieces = Vec::new();
            let mut i = 0;
            while i < page.words.len() {
                if used[p][i] {
                    i += 1;
                    continue;
                }
                let start = i;
                while i < page.words.len() && !used[p][i] {
                    used[p][i] = true;
                    i += 1;
                }
                pieces.push(Piece {
                    page: p,
                    words: start..i,
                });
            }
            if pieces.is_empty() {
                continue;
            }
            let count: usize = pieces.iter().map(|x| x.words.len()).sum();
            let (head, rest) = text::style_heading(pages, &pieces);
            let paragraphs = text::paragraphs(pages, if head.is_empty() { &pieces } else { &rest });
            let headline = if head.is_empty() {
                let first = paragraphs.first().cloned().unwrap_or_default();
                super::assemble::first_words(&first, 8)
            } else {
                text::one_line(pages, &head)
            };
            let line = page.lines[page.words[pieces[0].words.start].line].source_line;
            notes.push(Note {
                file: Some(page.file.clone()),
                line,
                message: format!(
                    "{count} word(s) of this page belong to no article of the METS structure: kept in a last section, headed `{}`",
                    headline
                ),
            });
            if paragraphs.is_empty() {
                continue;
            }
            articles.push(Article {
                headline,
                body: join_paragraphs(&paragraphs),
                ..Article::default()
            });
        }
        (!articles.is_empty()).then(|| Section {
            title: "Text outside the logical structure".to_string(),
            articles,
        })
    }
}

mod confidence {
    //! Low OCR confidence (`WC`), per page, for the report.

    use super::alto::AltoPage;
    use super::Note;

    /// Words below this confidence are listed.
    pub const LOW: f32 = 0.5;

    /// One note per page with words below [`LOW`]: how many, and the first few.
    pub fn notes(pages: &[AltoPage], used: &[Vec<bool>]) -> Vec<Note> {
        let mut out = Vec::new();
        for (p, page) in pages.iter().enumerate() {
            let low: Vec<usize> = (0..page.words.len())
                .filter(|&i| used[p][i] && page.words[i].confidence.is_some_and(|c| c < LOW))
                .collect();
            let Some(&first) = low.first() else { continue };
            let examples: Vec<String> = low
                .iter()
                .take(8)
                .map(|&i| {
                    format!(
                        "`{}` ({:.2})",
                        page.words[i].content,
                        page.words[i].confidence.unwrap_or(0.0)
                    )
                })
                .collect();
            out.push(Note {
                file: Some(page.file.clone()),
                line: page.lines[page.words[first].line].source_line,
                message: format!(
                    "{} of {} word(s) have OCR confidence (WC) below {LOW}, e.g. {}",
                    low.len(),
                    page.words.len(),
                    examples.join(", ")
                ),
            });
        }
        out
    }
}
