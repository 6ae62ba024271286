//! From the METS logical structure to sections and articles: which divisions are articles,
//! which are sections and which only hold them; what part each ALTO area plays in its article
//! (headline, byline, body, picture, caption); headlines from METS titles or else from style.

use std::collections::HashMap;

use super::alto::AltoPage;
use super::crop::PageImages;
use super::structure::{Area, Div, Mets};
use super::text::{self, Piece};
use super::Note;
use std::sync::Arc;

use crate::edition::{join_paragraphs, Article, Image, ImageData, ImageRef, Section};

/// Division types that only hold others (the issue and its containers; a monograph or a
/// periodical's part from an OCR-D or Kitodo workspace).
const CONTAINERS: [&str; 13] = [
    "",
    "MONOGRAPH",
    "NEWSPAPER",
    "PERIODICAL",
    "VOLUME",
    "YEAR",
    "MONTH",
    "DAY",
    "ISSUE",
    "EDITION",
    "CONTENT",
    "MULTIVOLUME_WORK",
    "PART",
];

/// Division types that group articles under a title.
const SECTIONS: [&str; 3] = ["SECTION", "CHAPTER", "DEPARTMENT"];

/// Division types that are parts of an article (or of a section's own text), never articles.
const PARTS: [&str; 17] = [
    "HEADING",
    "TITLE",
    "HEADLINE",
    "HEADER",
    "SUBHEADLINE",
    "SUBTITLE",
    "SUBHEADING",
    "KICKER",
    "OVERLINE",
    "BODY",
    "BODY_CONTENT",
    "PARAGRAPH",
    "TEXT",
    "TEXTBLOCK",
    "CAPTION",
    "AUTHOR",
    "BYLINE",
];

/// The part an area plays in its article, from the nearest typed division above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Heading,
    Kicker,
    Subheading,
    Byline,
    Caption,
    Picture,
    Body,
}

fn role_of(kind: &str) -> Option<Role> {
    Some(match kind {
        "HEADING" | "TITLE" | "HEADLINE" | "HEADER" | "MAIN_TITLE" => Role::Heading,
        "KICKER" | "OVERLINE" => Role::Kicker,
        "SUBHEADLINE" | "SUBTITLE" | "SUBHEADING" => Role::Subheading,
        "AUTHOR" | "BYLINE" => Role::Byline,
        "CAPTION" => Role::Caption,
        "ILLUSTRATION" | "PICTURE" | "IMAGE" | "PHOTO" | "FIGURE" | "GRAPHIC" | "MAP" | "CHART" => {
            Role::Picture
        }
        "BODY" | "BODY_CONTENT" | "PARAGRAPH" | "TEXT" | "TEXTBLOCK" => Role::Body,
        _ => return None,
    })
}

/// What the assembly needs: the METS, its ALTO pages, and which words have been used.
pub struct Assembly<'a> {
    mets: &'a Mets,
    pages: &'a [AltoPage],
    /// ALTO file ID → page index.
    pub page_of: HashMap<String, usize>,
    /// Per page, per word: taken by some article.
    pub used: Vec<Vec<bool>>,
    /// Uncertain decisions.
    pub notes: Vec<Note>,
    /// METS divisions of type ARTICLE, and the articles made of them (equal unless a bug).
    pub mets_articles: usize,
    /// Page images to cut illustrations from.
    pub images: PageImages,
    /// Illustrations cut out: (file name, picture), named by page and ALTO ID.
    pub crops: Vec<(String, Arc<ImageData>)>,
}

/// An article's areas sorted by role, in order.
#[derive(Default)]
struct Parts {
    by_role: Vec<(Role, Piece, Vec<usize>)>,
}

impl Parts {
    /// The pieces in any of `roles`, in order.
    fn pieces(&self, roles: &[Role]) -> Vec<Piece> {
        self.by_role
            .iter()
            .filter(|(r, _, _)| roles.contains(r))
            .map(|(_, p, _)| p.clone())
            .collect()
    }

    /// The illustrations the pieces hold: (page index, illustration index), each once in a row.
    fn figures(&self) -> Vec<(usize, usize)> {
        let mut figures: Vec<(usize, usize)> = self
            .by_role
            .iter()
            .flat_map(|(_, p, f)| f.iter().map(move |i| (p.page, *i)))
            .collect();
        figures.dedup();
        figures
    }
}

impl<'a> Assembly<'a> {
    /// An assembly over `mets` and its loaded pages (`page_of`: ALTO file ID → page index).
    pub fn new(mets: &'a Mets, pages: &'a [AltoPage], page_of: HashMap<String, usize>) -> Self {
        Assembly {
            mets,
            pages,
            page_of,
            used: pages.iter().map(|p| vec![false; p.words.len()]).collect(),
            notes: Vec::new(),
            mets_articles: 0,
            images: PageImages::default(),
            crops: Vec::new(),
        }
    }

    /// The sections of the issue, in the logical structure's order. Units outside any
    /// section are grouped into sections titled `issue_title`.
    pub fn sections(&mut self, issue_title: &str) -> Vec<Section> {
        let mut units: Vec<(Option<String>, Article)> = Vec::new();
        let root = self.mets.logical.clone();
        self.walk(&root, None, &mut units);
        let mut sections: Vec<Section> = Vec::new();
        let mut last_key: Option<Option<String>> = None;
        for (key, article) in units {
            if last_key.as_ref() != Some(&key) {
                sections.push(Section {
                    title: key.clone().unwrap_or_else(|| issue_title.to_string()),
                    articles: Vec::new(),
                });
                last_key = Some(key);
            }
            if let Some(s) = sections.last_mut() {
                s.articles.push(article);
            }
        }
        sections
    }

    fn walk(
        &mut self,
        div: &Div,
        section: Option<String>,
        out: &mut Vec<(Option<String>, Article)>,
    ) {
        let kind = div.kind.as_str();
        if CONTAINERS.contains(&kind) && !div.children.is_empty() {
            // A container's own areas (a structLink from the issue to every page) are covered
            // by its children.
            for child in &div.children {
                self.walk(child, section.clone(), out);
            }
        } else if SECTIONS.contains(&kind) {
            self.section(div, out);
        } else if CONTAINERS.contains(&kind) {
            // A container without divisions names no articles, even when it is linked to
            // whole pages (the DFG newspaper profile links the issue to its pages): its words
            // are left for the pages' own cut (see `pages`).
        } else {
            let mut nested = Vec::new();
            if let Some(article) = self.article(div, None, &mut nested) {
                out.push((section.clone(), article));
            }
            for inner in nested {
                self.walk(&inner, section.clone(), out);
            }
        }
    }

    /// A section: its title, its own text (as a leading article), then its articles.
    fn section(&mut self, div: &Div, out: &mut Vec<(Option<String>, Article)>) {
        let own: Vec<&Div> = div
            .children
            .iter()
            .filter(|c| PARTS.contains(&c.kind.as_str()))
            .collect();
        let mut heading = Parts::default();
        for c in own
            .iter()
            .filter(|c| role_of(&c.kind) == Some(Role::Heading))
        {
            self.collect(c, Role::Heading, &mut heading, &mut Vec::new());
        }
        let heading_pieces: Vec<Piece> =
            heading.by_role.iter().map(|(_, p, _)| p.clone()).collect();
        let heading_text = text::one_line(self.pages, &heading_pieces);
        let mods_title = self
            .mets
            .mods_of(div)
            .flat_map(|m| m.titles.clone())
            .collect::<Vec<_>>()
            .join(" ");
        let title = [
            div.label.clone().unwrap_or_default(),
            mods_title,
            heading_text.clone(),
        ]
        .into_iter()
        .find(|t| !t.trim().is_empty())
        .unwrap_or_else(|| {
            self.notes.push(Note::mets(
                div.line,
                "a section without a title: titled `Section`",
            ));
            "Section".to_string()
        });
        // The section's own areas (a section linked to whole pages, as Kitodo and VLS link
        // a chapter) are its own text too.
        let own_body = Div {
            children: own
                .iter()
                .filter(|c| role_of(&c.kind) != Some(Role::Heading))
                .map(|c| (*c).clone())
                .collect(),
            areas: div.areas.clone(),
            line: div.line,
            ..Div::default()
        };
        // The heading's words are the section's title.
        self.mark(&heading_pieces);
        if !own_body.children.is_empty() || !own_body.areas.is_empty() {
            let mut nested = Vec::new();
            if let Some(article) = self.article(&own_body, Some(&title), &mut nested) {
                self.notes.push(Note::mets(
                    div.line,
                    format!("section `{title}` has text of its own: it became an article headed with the section's title"),
                ));
                out.push((Some(title.clone()), article));
            }
        }
        for child in div
            .children
            .iter()
            .filter(|c| !PARTS.contains(&c.kind.as_str()))
        {
            self.walk(child, Some(title.clone()), out);
        }
    }

    /// The areas below `div` with their roles; nested articles are set aside.
    fn collect(&mut self, div: &Div, role: Role, parts: &mut Parts, nested: &mut Vec<Div>) {
        for area in &div.areas {
            if let Some((piece, figures)) = self.resolve(area) {
                parts.by_role.push((role, piece, figures));
            }
        }
        for child in &div.children {
            if child.kind == "ARTICLE" || SECTIONS.contains(&child.kind.as_str()) {
                nested.push(child.clone());
                continue;
            }
            let r = role_of(&child.kind).map_or(role, |own| match (role, own) {
                // A caption inside a picture stays a caption; a body inside a heading stays heading.
                (Role::Heading, Role::Body) => Role::Heading,
                (_, own) => own,
            });
            self.collect(child, r, parts, nested);
        }
    }

    /// The words and figures an area points at; `None` (with a note) when it points nowhere.
    fn resolve(&mut self, area: &Area) -> Option<(Piece, Vec<usize>)> {
        if !self.mets.is_text_file(&area.file) {
            return None;
        }
        let Some(&page) = self.page_of.get(&area.file) else {
            self.notes.push(Note::mets(
                area.line,
                format!(
                    "an area points at file `{}`, which is not in the fileSec",
                    area.file
                ),
            ));
            return None;
        };
        let alto = &self.pages[page];
        let span = match &area.begin {
            None => Some(alto.all()),
            Some(b) => alto.select(b, area.end.as_deref()),
        };
        let Some(span) = span else {
            self.notes.push(Note::mets(
                area.line,
                format!(
                    "an area points at `{}` in {}, which has no element with that ID: left out",
                    area.begin.as_deref().unwrap_or(""),
                    alto.file.display()
                ),
            ));
            return None;
        };
        Some((
            Piece {
                page,
                words: span.words,
            },
            span.figures.collect(),
        ))
    }

    /// The illustration `f` of page `page` cut from the page image, or `None` (noted when
    /// a page image was supplied but could not be used).
    fn crop(&mut self, page: usize, f: usize, notes: &mut Vec<String>) -> Option<ImageRef> {
        let alto = &self.pages[page];
        let figure = &alto.figures[f];
        self.images.path(page)?;
        match self.images.crop(page, alto.size, figure.rect) {
            Ok(data) => {
                let stem = alto
                    .file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let id = if figure.id.is_empty() {
                    format!("f{f}")
                } else {
                    figure.id.clone()
                };
                let name = crate::output::safe_file_name(&format!("{stem}-{id}.jpg"));
                if !self.crops.iter().any(|(n, _)| *n == name) {
                    self.crops.push((name.clone(), data.clone()));
                }
                Some(ImageRef {
                    path: std::path::PathBuf::from("images").join(name),
                    data: Some(data),
                })
            }
            Err(why) => {
                notes.push(format!(
                    "illustration `{}` not cut from the page image: {why}",
                    figure.id
                ));
                None
            }
        }
    }

    /// Marks the pieces' words as taken.
    fn mark(&mut self, pieces: &[Piece]) {
        for p in pieces {
            for i in p.words.clone() {
                self.used[p.page][i] = true;
            }
        }
    }

    /// The article's pictures: each figure (by page and index) cropped from its page image,
    /// the caption under the first; a caption alone when there is no figure. A picture with
    /// neither image nor caption would print nothing: it is left out, with a note.
    fn pictures(
        &mut self,
        figures: &[(usize, usize)],
        caption: Option<&str>,
        notes: &mut Vec<String>,
    ) -> Vec<Image> {
        let mut images: Vec<Image> = Vec::new();
        for (k, &(page, f)) in figures.iter().enumerate() {
            let src = self.crop(page, f, notes);
            images.push(Image {
                src,
                caption: caption.filter(|_| k == 0).map(str::to_string),
                ..Image::default()
            });
        }
        if images.is_empty() && caption.is_some() {
            images.push(Image {
                caption: caption.map(str::to_string),
                ..Image::default()
            });
        }
        let before = images.len();
        images.retain(|i| i.caption.is_some() || i.src.is_some());
        if images.len() < before {
            notes.push(format!(
                "{} picture(s) without caption left out: the page image was not supplied",
                before - images.len()
            ));
        }
        images
    }

    /// One article from a division (an ARTICLE, ADVERTISEMENT, title section, …); `forced`
    /// gives its headline. `None` when it has no text and no picture at all.
    fn article(
        &mut self,
        div: &Div,
        forced: Option<&str>,
        nested: &mut Vec<Div>,
    ) -> Option<Article> {
        let is_article = div.kind == "ARTICLE";
        let mut parts = Parts::default();
        let start = role_of(&div.kind).unwrap_or(Role::Body);
        self.collect(div, start, &mut parts, nested);
        if parts.by_role.is_empty() && !is_article && forced.is_none() {
            // A division that points at no text (a workspace's cover, linked only to page
            // images) is no article: its LABEL alone would print as one.
            return None;
        }
        let (heading, kicker, subheading, byline, captions) = (
            parts.pieces(&[Role::Heading]),
            parts.pieces(&[Role::Kicker]),
            parts.pieces(&[Role::Subheading]),
            parts.pieces(&[Role::Byline]),
            parts.pieces(&[Role::Caption]),
        );
        // The words inside a picture (a table's, a map's legend) are text like any other.
        let mut body = parts.pieces(&[Role::Body, Role::Picture]);
        let figures = parts.figures();
        for group in [&heading, &kicker, &subheading, &byline, &captions, &body] {
            self.mark(group);
        }
        if is_article {
            self.mets_articles += 1;
        }
        let pages = self.pages;
        let heading_text = text::one_line(pages, &heading);
        let mods: Vec<_> = self.mets.mods_of(div).cloned().collect();
        let kicker_text = text::one_line(pages, &kicker);
        // A title the kicker already prints is not the headline (`FEUILLETON.` over `Suez…`).
        let titles: Vec<String> = mods
            .iter()
            .flat_map(|m| m.titles.clone())
            .filter(|t| kicker_text.is_empty() || !same_words(t, &kicker_text))
            .collect();
        let subtitles: Vec<String> = mods.iter().flat_map(|m| m.subtitles.clone()).collect();
        let mut notes = Vec::new();
        let mut subheadline = Some(text::one_line(pages, &subheading)).filter(|s| !s.is_empty());
        let named = Named {
            forced,
            titles: &titles,
            subtitles: &subtitles,
            label: div.label.clone().filter(|l| !is_snippet(l)),
            heading: &heading_text,
        };
        let headline = named.headline(pages, &mut body, &mut subheadline, &mut notes);
        let mut paragraphs: Vec<String> =
            keep_printed_heading(&heading_text, &headline, &mut subheadline)
                .into_iter()
                .collect();
        paragraphs.extend(text::paragraphs(pages, &body));
        let caption = Some(text::one_line(pages, &captions)).filter(|c| !c.is_empty());
        let images = self.pictures(&figures, caption.as_deref(), &mut notes);
        let mut headline = headline;
        if headline.trim().is_empty() {
            let first = paragraphs
                .first()
                .cloned()
                .or_else(|| caption.clone())
                .unwrap_or_default();
            headline = first_words(&first, 8);
            if headline.is_empty() {
                if is_article {
                    self.notes.push(Note::mets(
                        div.line,
                        "an article with no text at all: left out",
                    ));
                }
                return None;
            }
            notes.push(
                "no title in the METS and none by style: headline made of the first words".into(),
            );
        }
        if paragraphs.is_empty() && images.is_empty() {
            paragraphs.push(headline.clone());
            notes.push("the article is only a headline: its body repeats it".into());
        }
        for n in notes {
            self.notes.push(Note::mets(
                div.line,
                format!("article `{}`: {n}", short(&headline)),
            ));
        }
        // The printed byline, else the names MODS credits.
        let byline = Some(text::one_line(pages, &byline))
            .filter(|b| !b.is_empty())
            .or_else(|| {
                let names: Vec<String> = mods.iter().flat_map(|m| m.names.clone()).collect();
                (!names.is_empty()).then(|| names.join(", "))
            });
        Some(Article {
            headline: headline.trim().to_string(),
            kicker: Some(kicker_text).filter(|k| !k.is_empty()),
            subheadline: subheadline.filter(|s| !s.trim().is_empty()),
            dateline: None,
            byline,
            body: join_paragraphs(&paragraphs),
            images,
        })
    }
}

/// Printed heading text that the headline (from METS) does not repeat stays in the article: as
/// its subheadline when it has none, else as a paragraph opening its text (returned).
fn keep_printed_heading(
    heading: &str,
    headline: &str,
    subheadline: &mut Option<String>,
) -> Option<String> {
    let printed = [headline, subheadline.as_deref().unwrap_or("")].join(" ");
    if heading.is_empty() || same_words(heading, headline) || same_words(heading, &printed) {
        return None;
    }
    match subheadline {
        None => {
            *subheadline = Some(heading.to_string());
            None
        }
        Some(_) => Some(heading.to_string()),
    }
}

/// What names an article, in the order it is trusted: a headline forced on it, its MODS
/// titles and subtitles, its division's LABEL, its printed heading.
struct Named<'n> {
    forced: Option<&'n str>,
    titles: &'n [String],
    subtitles: &'n [String],
    label: Option<String>,
    heading: &'n str,
}

impl Named<'_> {
    /// The headline: the first of what names the article, or else its text's style (larger or
    /// bold first lines, taken out of `body`); empty when nothing does. MODS titles after the
    /// first, and subtitles, become the `subheadline` when the page prints none.
    fn headline(
        self,
        pages: &[AltoPage],
        body: &mut Vec<Piece>,
        subheadline: &mut Option<String>,
        notes: &mut Vec<String>,
    ) -> String {
        if let Some(f) = self.forced {
            return f.to_string();
        }
        if let Some(first) = self.titles.first() {
            if subheadline.is_none() {
                let rest: Vec<String> = self
                    .subtitles
                    .iter()
                    .chain(&self.titles[1..])
                    .cloned()
                    .collect();
                *subheadline = Some(rest.join(" ")).filter(|r| !r.is_empty());
            }
            return first.clone();
        }
        if let Some(label) = self.label {
            return label;
        }
        if !self.heading.is_empty() {
            return self.heading.to_string();
        }
        let (head, rest) = text::style_heading(pages, body);
        if head.is_empty() {
            return String::new();
        }
        *body = rest;
        notes.push("headline taken from the text's style (larger or bold first lines)".into());
        text::one_line(pages, &head)
    }
}

/// A LABEL that is only the first characters of the text (`Der Landbote begrüßt…`), not a title.
fn is_snippet(label: &str) -> bool {
    let l = label.trim_end();
    l.ends_with("...") || l.ends_with('…') || l.contains("PLACEHOLDER")
}

/// Whether two strings have the same letters and digits, ignoring case, spaces and punctuation.
fn same_words(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    key(a) == key(b)
}

/// The first `n` words of a paragraph (from the first with a letter or digit), with `…`
/// when cut.
pub fn first_words(p: &str, n: usize) -> String {
    let words: Vec<&str> = p
        .split_whitespace()
        .skip_while(|w| !w.chars().any(char::is_alphanumeric))
        .collect();
    if words.len() <= n {
        words.join(" ")
    } else {
        format!("{} …", words[..n].join(" "))
    }
}

/// A headline shortened for messages.
fn short(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}
