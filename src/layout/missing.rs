//! Characters no bundled face has: where the laid-out edition drew the placeholder for them.
//!
//! The text engine draws [`crate::fonts::PLACEHOLDER`] for such a character and marks the run
//! ([`crate::typeset::GlyphRun::placeholder`]); this module reads those runs back from the
//! pages, so that the warning, `folio build --strict`, `folio check` and the batch report all
//! list exactly what the PDF shows, once per character, with the article and page it first
//! appears on.

use std::collections::HashSet;
use std::fmt;

use serde::Serialize;

use super::page::{ElementId, ElementKind, Item, LaidOutEdition, Page, Structure, Tag};
use crate::script;

/// One character (or cluster: an emoji sequence, a letter with its marks) drawn as the
/// placeholder, where it first appears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingCharacter {
    /// The character as written in the edition.
    pub text: String,
    /// Its code points, `U+E000` (space-separated for a cluster).
    pub code_points: String,
    /// What it is: a private-use code point, an unassigned one, an emoji, or simply a
    /// character of no bundled face.
    pub kind: String,
    /// The headline of the article it first appears in; `None` on the title page and in
    /// running heads.
    pub article: Option<String>,
    /// The page (1-based) it first appears on.
    pub page: usize,
}

impl fmt::Display for MissingCharacter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} “{}” ({}) on page {}",
            self.code_points, self.text, self.kind, self.page
        )?;
        match &self.article {
            Some(headline) => write!(f, ", in “{headline}”"),
            None => write!(f, ", outside the articles"),
        }
    }
}

/// Every character drawn as the placeholder, once each, in the order of first appearance.
pub fn missing_characters(laid_out: &LaidOutEdition) -> Vec<MissingCharacter> {
    let mut scan = MissingScan::default();
    for (index, page) in laid_out.pages.iter().enumerate() {
        scan.page(page, index);
    }
    scan.finish(&laid_out.structure)
}

/// The placeholder clusters of pages looked at one at a time, so that the pages themselves
/// need not be kept (see [`super::stream`]); the articles they belong to are named at the
/// end, from the finished structure.
#[derive(Debug, Default)]
pub(crate) struct MissingScan {
    /// Each cluster once, in the order first found: its text, the element of the run it was
    /// found in, its page index.
    found: Vec<(String, Option<ElementId>, usize)>,
    /// The clusters in `found`, so that a page of many placeholders is not quadratic.
    seen: HashSet<String>,
}

impl MissingScan {
    /// Looks at page `index` (0-based).
    pub(crate) fn page(&mut self, page: &Page, index: usize) {
        for item in &page.items {
            let Item::Text(text) = item else { continue };
            if !text.run.placeholder {
                continue;
            }
            let element = match text.tag {
                Tag::Element(e) => Some(e),
                _ => None,
            };
            for g in &text.run.glyphs {
                let cluster = text.run.text.get(g.text.clone()).unwrap_or("");
                if cluster.is_empty() || !self.seen.insert(cluster.to_string()) {
                    continue;
                }
                self.found.push((cluster.to_string(), element, index));
            }
        }
    }

    /// What `later` found on pages that come after every page looked at here, its page
    /// indices moved `shift` pages on; clusters already found here stay where they were.
    pub(crate) fn append(&mut self, later: MissingScan, shift: usize) {
        for (text, element, index) in later.found {
            if self.seen.insert(text.clone()) {
                self.found.push((text, element, index + shift));
            }
        }
    }

    /// The characters found, named with the headline of the article each first appears in.
    pub(crate) fn finish(self, structure: &Structure) -> Vec<MissingCharacter> {
        if self.found.is_empty() {
            return Vec::new();
        }
        let headlines = article_headlines(structure);
        self.found
            .into_iter()
            .map(|(text, element, index)| {
                let first = text.chars().next().unwrap_or(' ');
                MissingCharacter {
                    code_points: text
                        .chars()
                        .map(|c| format!("U+{:04X}", c as u32))
                        .collect::<Vec<_>>()
                        .join(" "),
                    kind: script::missing_kind(first).to_string(),
                    article: element.and_then(|e| headlines.get(e).cloned().flatten()),
                    page: index + 1,
                    text,
                }
            })
            .collect()
    }
}

/// The headline of the article each element belongs to (`None` outside articles).
fn article_headlines(structure: &Structure) -> Vec<Option<String>> {
    let mut headlines = vec![None; structure.elements.len()];
    let mut stack: Vec<(usize, Option<String>)> = vec![(0, None)];
    while let Some((id, inherited)) = stack.pop() {
        let element = &structure.elements[id];
        let own = if element.kind == ElementKind::Article {
            first_heading(structure, id)
        } else {
            inherited
        };
        headlines[id] = own.clone();
        for &child in element.children.iter().rev() {
            stack.push((child, own.clone()));
        }
    }
    headlines
}

/// The text of the first heading under element `id`.
fn first_heading(structure: &Structure, id: usize) -> Option<String> {
    let element = &structure.elements[id];
    if let ElementKind::Heading { text, .. } = &element.kind {
        return Some(text.clone());
    }
    element
        .children
        .iter()
        .find_map(|&child| first_heading(structure, child))
}
