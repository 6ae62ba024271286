//! An edition's text as the validators count it, read from the edition file itself (as plain
//! YAML, not through folio's model, so that a fault in folio's loader cannot hide in its judge).

use std::path::Path;

/// One article of an edition file: its headline, and its paragraphs and captions.
pub struct ArticleText {
    /// The headline as written.
    pub headline: String,
    /// The body's paragraphs (split at blank or whitespace-only lines), then the captions.
    pub blocks: Vec<String>,
}

/// Every article of the edition file at `path`, in edition order.
pub fn articles(path: &Path) -> Vec<ArticleText> {
    let source = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read the edition {}: {e}", path.display()));
    let edition: serde_yaml::Value = serde_yaml::from_str(&source)
        .unwrap_or_else(|e| panic!("the edition {} is not YAML: {e}", path.display()));
    let paragraph_break = regex::Regex::new(r"\n\s*\n").unwrap();
    let mut articles = Vec::new();
    let sections = edition["sections"].as_sequence().expect("sections");
    for section in sections {
        for article in section["articles"].as_sequence().expect("articles") {
            let body = article["body"].as_str().unwrap_or("");
            let mut blocks: Vec<String> = paragraph_break
                .split(body)
                .filter(|p| !p.trim().is_empty())
                .map(str::to_string)
                .collect();
            for image in article["images"].as_sequence().into_iter().flatten() {
                if let Some(caption) = image["caption"].as_str().filter(|c| !c.is_empty()) {
                    blocks.push(caption.to_string());
                }
            }
            let headline = article["headline"]
                .as_str()
                .expect("a headline")
                .to_string();
            articles.push(ArticleText { headline, blocks });
        }
    }
    articles
}

/// Only the letters, digits and Han characters of `text`: what the text comparisons count,
/// since extraction adds spaces between scripts and punctuation may change width.
pub fn alnum(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The 12-character pieces of one block (of its letters, digits and Han characters), stepping
/// 12; a block shorter than 12 is one piece.
pub fn pieces_of(block: &str) -> Vec<String> {
    let kept: Vec<char> = alnum(block).chars().collect();
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < kept.len().max(12) - 11 {
        pieces.push(kept[i..(i + 12).min(kept.len())].iter().collect());
        i += 12;
    }
    pieces
}

/// Every piece of the edition's text: each paragraph and caption, then each headline.
pub fn edition_pieces(path: &Path) -> Vec<String> {
    let articles = articles(path);
    let mut pieces: Vec<String> = articles
        .iter()
        .flat_map(|a| a.blocks.iter().flat_map(|b| pieces_of(b)))
        .collect();
    pieces.extend(articles.iter().flat_map(|a| pieces_of(&a.headline)));
    pieces
}

/// Undoes XML escaping in one pass: the five predefined entities and numeric character
/// references.
pub fn unescape(s: &str) -> String {
    let entity = regex::Regex::new(r"&(lt|gt|quot|apos|amp|#x[0-9A-Fa-f]+|#[0-9]+);").unwrap();
    entity
        .replace_all(s, |c: &regex::Captures| {
            let named = match &c[1] {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "amp" => Some('&'),
                code => match code.strip_prefix("#x") {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => code[1..].parse().ok(),
                }
                .and_then(char::from_u32),
            };
            named.map_or_else(|| c[0].to_string(), String::from)
        })
        .into_owned()
}
