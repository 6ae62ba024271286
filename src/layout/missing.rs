//! Characters no bundled face has: where the laid-out edition drew the placeholder for them.
//!
//! The text engine draws [`crate::fonts::PLACEHOLDER`] for such a character and marks the run
//! ([`crate::typeset::GlyphRun::placeholder`]); this module reads those runs back from the
//! pages, so that the warning, `folio build --strict`, `folio check` and the batch report all
//! list exactly what the PDF shows, once per character, with the article and page it first
//! appears on.

use std::fmt;

use serde::Serialize;

use super::page::{ElementKind, Item, LaidOutEdition, Structure, Tag};
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
    let headlines = article_headlines(&laid_out.structure);
    let mut found: Vec<MissingCharacter> = Vec::new();
    for (index, page) in laid_out.pages.iter().enumerate() {
        for item in &page.items {
            let Item::Text(text) = item else { continue };
            if !text.run.placeholder {
                continue;
            }
            let article = match text.tag {
                Tag::Element(e) => headlines[e].clone(),
                _ => None,
            };
            for g in &text.run.glyphs {
                let cluster = text.run.text.get(g.text.clone()).unwrap_or("");
                if cluster.is_empty() || found.iter().any(|m| m.text == cluster) {
                    continue;
                }
                let first = cluster.chars().next().unwrap_or(' ');
                found.push(MissingCharacter {
                    text: cluster.to_string(),
                    code_points: cluster
                        .chars()
                        .map(|c| format!("U+{:04X}", c as u32))
                        .collect::<Vec<_>>()
                        .join(" "),
                    kind: script::missing_kind(first).to_string(),
                    article: article.clone(),
                    page: index + 1,
                });
            }
        }
    }
    found
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
