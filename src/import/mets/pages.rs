//! Issues whose METS names no articles, only pages (NDNP / Chronicling America, the DFG
//! newspaper profile, OCR-D workspaces): each page becomes a section, cut into articles where
//! a line is set as a heading (larger than the page's text, or bold where little is). Lines,
//! not blocks: OCR engines often make a whole column one block, headings and all.

use super::alto::AltoPage;
use super::assemble::first_words;
use super::text::{self, Piece};
use super::Note;
use crate::edition::{join_paragraphs, Article, Section};

/// A heading has at most this many lines: a longer run set large is text (a lead).
const HEADING_LINES: usize = 3;

/// One section per page holding unused words, titled by the page's printed number (`labels`,
/// by ALTO page) or `Page N`; its words are marked used. Notes say how each page was cut.
pub fn sections(
    pages: &[AltoPage],
    labels: &[Option<String>],
    used: &mut [Vec<bool>],
    notes: &mut Vec<Note>,
) -> Vec<Section> {
    let mut out = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let lines = free_lines(page, p, &used[p]);
        if lines.is_empty() {
            continue;
        }
        for piece in &lines {
            used[p][piece.words.clone()].fill(true);
        }
        let articles = articles(pages, &lines);
        if articles.is_empty() {
            // Only marks without letters or digits (rules, specks): nothing to print.
            continue;
        }
        let title = labels
            .get(p)
            .cloned()
            .flatten()
            .unwrap_or_else(|| format!("Page {}", p + 1));
        notes.push(Note {
            file: Some(page.file.clone()),
            line: page.lines.first().map_or(1, |l| l.source_line),
            message: format!(
                "the METS names no articles on this page: {} article(s) cut at the lines set as headings, in section `{title}`",
                articles.len()
            ),
        });
        out.push(Section { title, articles });
    }
    out
}

/// The page's unused words as one piece per text line (a line's words are consecutive).
fn free_lines(page: &AltoPage, p: usize, used: &[bool]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for (i, word) in page.words.iter().enumerate() {
        if used[i] {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.words.end == i && page.words[last.words.start].line == word.line => {
                last.words.end = i + 1
            }
            _ => out.push(Piece {
                page: p,
                words: i..i + 1,
            }),
        }
    }
    out
}

/// The lines cut into articles: a short run of heading lines heads the lines up to the next.
fn articles(pages: &[AltoPage], lines: &[Piece]) -> Vec<Article> {
    let style = PageStyle::of(pages, lines);
    let mut heading: Vec<bool> = lines.iter().map(|l| style.is_heading(pages, l)).collect();
    let mut start = 0;
    while start < heading.len() {
        let len = heading[start..].iter().take_while(|h| **h).count();
        if len > HEADING_LINES {
            heading[start..start + len].fill(false);
        }
        start += len.max(1);
    }
    let mut out = Vec::new();
    let mut head: Vec<Piece> = Vec::new();
    let mut body: Vec<Piece> = Vec::new();
    for (line, is_heading) in lines.iter().zip(heading) {
        if is_heading {
            if !body.is_empty() {
                out.extend(article(pages, &head, &body));
                head.clear();
                body.clear();
            }
            head.push(line.clone());
        } else {
            body.push(line.clone());
        }
    }
    out.extend(article(pages, &head, &body));
    out
}

/// One article: the heading's words as headline (else the first words of its text).
fn article(pages: &[AltoPage], head: &[Piece], body: &[Piece]) -> Option<Article> {
    let paragraphs = text::paragraphs(pages, body);
    // Without a heading, the first words of the first paragraph with a letter or digit: OCR
    // often opens a page with specks (`*`, `.`).
    let headline = Some(text::one_line(pages, head))
        .filter(|h| !h.is_empty())
        .or_else(|| {
            paragraphs
                .iter()
                .map(|p| first_words(p, 8))
                .find(|h| !h.is_empty())
        })?;
    // A heading with nothing under it (the page's last line): printed as its own text.
    let body = join_paragraphs(&paragraphs).unwrap_or_else(|| format!("{headline}\n"));
    Some(Article {
        headline,
        body: Some(body),
        ..Article::default()
    })
}

/// What the page's text looks like: the median word size and how much of it is bold.
struct PageStyle {
    median: Option<f32>,
    bold_share: f32,
}

impl PageStyle {
    /// The style of the page's text over all of its free lines.
    fn of(pages: &[AltoPage], lines: &[Piece]) -> PageStyle {
        let words: Vec<&super::alto::Word> = lines
            .iter()
            .flat_map(|b| b.words.clone().map(move |i| &pages[b.page].words[i]))
            .collect();
        let mut sizes: Vec<f32> = words.iter().filter_map(|w| w.size).collect();
        sizes.sort_by(f32::total_cmp);
        PageStyle {
            median: sizes.get(sizes.len() / 2).copied(),
            bold_share: words.iter().filter(|w| w.bold).count() as f32 / words.len().max(1) as f32,
        }
    }

    /// A line whose every word is set clearly larger than the page's text, or bold on a
    /// page where bold is rare; it must hold two letters (not a rule, a speck or an initial).
    fn is_heading(&self, pages: &[AltoPage], line: &Piece) -> bool {
        let words = &pages[line.page].words[line.words.clone()];
        let big = |w: &super::alto::Word| match (w.size, self.median) {
            (Some(s), Some(m)) if s >= 1.25 * m => true,
            _ => w.bold && self.bold_share < 0.3,
        };
        let letters = words
            .iter()
            .flat_map(|w| w.content.chars())
            .filter(|c| c.is_alphabetic())
            .count();
        words.iter().all(big) && letters >= 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const PAGE: &str = r#"<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">
 <Styles><TextStyle ID="b" FONTSIZE="8"/><TextStyle ID="h" FONTSIZE="14"/></Styles>
 <Layout><Page ID="P1"><PrintSpace>
  <TextBlock ID="BX" STYLEREFS="b"><TextLine><String CONTENT="*"/></TextLine></TextBlock>
  <TextBlock ID="B0" STYLEREFS="b"><TextLine><String CONTENT="Before"/><SP/><String CONTENT="any"/><SP/><String CONTENT="heading."/></TextLine></TextBlock>
  <TextBlock ID="B1" STYLEREFS="h"><TextLine><String CONTENT="Local"/><SP/><String CONTENT="News"/></TextLine></TextBlock>
  <TextBlock ID="B2" STYLEREFS="b"><TextLine><String CONTENT="The"/><SP/><String CONTENT="mill"/><SP/><String CONTENT="is" /><SP/><String CONTENT="run-" SUBS_TYPE="HypPart1" SUBS_CONTENT="running"/></TextLine>
   <TextLine><String CONTENT="ning" SUBS_TYPE="HypPart2" SUBS_CONTENT="running"/><SP/><String CONTENT="again."/></TextLine></TextBlock>
  <TextBlock ID="B3" STYLEREFS="h"><TextLine><String CONTENT="Arrivals"/></TextLine></TextBlock>
  <TextBlock ID="B4" STYLEREFS="b"><TextLine><String CONTENT="Two"/><SP/><String CONTENT="ships"/><SP/><String CONTENT="came."/></TextLine></TextBlock>
 </PrintSpace></Page></Layout></alto>"#;

    #[test]
    fn a_page_is_cut_into_articles_at_its_headings() {
        let pages = [super::super::alto::parse(Path::new("p.xml"), PAGE).unwrap()];
        let mut used = vec![vec![false; pages[0].words.len()]];
        let mut notes = Vec::new();
        let sections = sections(&pages, &[Some("3".into())], &mut used, &mut notes);
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].title, "3");
        let heads: Vec<&str> = sections[0]
            .articles
            .iter()
            .map(|a| a.headline.as_str())
            .collect();
        assert_eq!(heads, ["Before any heading.", "Local News", "Arrivals"]);
        assert_eq!(
            sections[0].articles[1].body.as_deref(),
            Some("The mill is running again.\n")
        );
        assert!(used[0].iter().all(|u| *u));
        assert_eq!(notes.len(), 1);
        assert!(notes[0].message.contains("3 article(s)"), "{}", notes[0]);
    }

    #[test]
    fn words_already_used_stay_out_and_unlabelled_pages_are_numbered() {
        let pages = [super::super::alto::parse(Path::new("p.xml"), PAGE).unwrap()];
        let mut used = vec![vec![true; pages[0].words.len()]];
        let n = used[0].len();
        used[0][n - 3..].fill(false);
        let sections = sections(&pages, &[None], &mut used, &mut Vec::new());
        assert_eq!(sections[0].title, "Page 1");
        assert_eq!(sections[0].articles.len(), 1);
        assert_eq!(sections[0].articles[0].headline, "Two ships came.");
    }
}
