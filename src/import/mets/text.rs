//! Text from ALTO words: lines joined with spaces, hyphenated words joined (`SUBS_CONTENT`,
//! `HYP`), paragraphs at block boundaries and at indented first lines, and headlines found by
//! their style when the METS gives none. Pure functions over parsed pages.

use std::ops::Range;

use super::alto::{AltoPage, Hyphen};

/// A run of consecutive words of one page, in the order the METS structure lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Index of the page.
    pub page: usize,
    /// Word indices in that page.
    pub words: Range<usize>,
}

/// How far (in average character widths) a line must start right of its block's left edge
/// to count as an indented first line.
const INDENT_CHARS: f32 = 1.2;

/// The paragraphs the pieces make. A new paragraph starts at a new block (unless the last
/// paragraph ran on: no final punctuation and no indent, as when a paragraph continues in the
/// next column) and at an indented line; a word split across lines is joined.
pub fn paragraphs(pages: &[AltoPage], pieces: &[Piece]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    // The previous word: page, line, block, whether it awaits its second half, and, when its
    // hyphen was only printed (see `Hyphen::Printed`), its size and weight.
    type Style = (Option<f32>, bool);
    let mut prev: Option<(usize, usize, usize, bool, Option<Style>)> = None;
    for piece in pieces {
        let page = &pages[piece.page];
        for i in piece.words.clone() {
            let word = &page.words[i];
            let line = &page.lines[word.line];
            let block = &page.blocks[line.block];
            let indented =
                page.char_width > 0.0 && line.hpos - block.left > INDENT_CHARS * page.char_width;
            let awaiting = prev.is_some_and(|p| p.3);
            // A printed hyphen splits a word only between halves set alike: `Bitters-` in a
            // bold heading over `Messrs.` in text is a dash.
            let printed = prev.is_some_and(|p| p.4.is_some());
            let unlike = prev
                .and_then(|p| p.4)
                .is_some_and(|style| style != (word.size, word.bold));
            let same_block = prev.is_some_and(|p| (p.0, p.2) == (piece.page, line.block));
            let joins = awaiting && !unlike && (word.hyphen == Hyphen::Second || same_block);
            if let Some((p_page, p_line, p_block, _, _)) = prev {
                let new_line = (p_page, p_line) != (piece.page, word.line);
                let new_block = (p_page, p_block) != (piece.page, line.block);
                // A new block breaks after a finished sentence or before an indent; a new line
                // inside a block breaks only before an indent.
                let breaks = !joins
                    && if new_block {
                        indented || ends_sentence(&current)
                    } else {
                        new_line && indented
                    };
                if breaks && !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            if joins {
                if word.hyphen == Hyphen::Second && replaced_with_whole(&mut current) {
                    // The whole word is already written: skip its second half.
                } else if printed && word.content.starts_with(char::is_uppercase) {
                    // `Schleswig-` `Holstein`: a compound's own hyphen, kept (as `-`).
                    strip_hyphen(&mut current);
                    current.push('-');
                    current.push_str(&word.content);
                } else {
                    strip_hyphen(&mut current);
                    current.push_str(&word.content);
                }
            } else {
                push_word(&mut current, &word.content);
            }
            let awaits = match &word.hyphen {
                Hyphen::First(whole) => {
                    if let Some(whole) = whole {
                        mark_whole(&mut current, &word.content, whole);
                    }
                    true
                }
                Hyphen::Printed => true,
                _ => false,
            };
            let printed_hyphen = (word.hyphen == Hyphen::Printed).then_some((word.size, word.bold));
            prev = Some((piece.page, word.line, line.block, awaits, printed_hyphen));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.into_iter().map(|p| unmark(&p)).collect()
}

/// The text of the pieces on one line (for headlines, captions, bylines).
pub fn one_line(pages: &[AltoPage], pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in paragraphs(pages, pieces) {
        push_word(&mut out, &p);
    }
    out
}

/// Marks no line may start with, even after a space (OCR often reads `word .` or `« mot »`).
const NO_START: &str = "，。、．：；？！）］｝〕〉》」』】’”»?!)]},.:;%–—";
/// Marks no line may end with.
const NO_END: &str = "（［｛〔〈《「『【‘“«([{";

/// Appends a word after a space (see [`glue`] for the spaces next to punctuation).
fn push_word(current: &mut String, word: &str) {
    if !current.is_empty() {
        current.push(' ');
    }
    current.push_str(word);
}

/// The text with every space before a closing mark or after an opening one made a no-break
/// space, so that no line starts with `.` or `»` or ends with `(`: OCR keeps the gaps it sees
/// (`word .`, `« mot »`), and French sets those spaces unbreakable anyway. Closing marks that
/// open a paragraph and opening marks that end one (OCR noise: `.on-hot`, `constabl(`) are
/// dropped; the second value counts them.
pub fn glue(text: &str) -> (String, usize) {
    let mut dropped = 0;
    let mut out = String::with_capacity(text.len());
    for (n, paragraph) in text.split("\n\n").enumerate() {
        if n > 0 {
            out.push_str("\n\n");
        }
        let trailing_newline = paragraph.ends_with('\n');
        let core = paragraph.trim_end_matches('\n');
        let start = core.trim_start_matches(|c: char| NO_START.contains(c) || c.is_whitespace());
        let trimmed = start.trim_end_matches(|c: char| NO_END.contains(c) || c.is_whitespace());
        dropped += core.chars().filter(|c| !c.is_whitespace()).count()
            - trimmed.chars().filter(|c| !c.is_whitespace()).count();
        let chars: Vec<char> = trimmed.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let closing = chars.get(i + 1).is_some_and(|n| NO_START.contains(*n));
                let opening = i > 0 && NO_END.contains(chars[i - 1]);
                out.push(if closing || opening { '\u{a0}' } else { ' ' });
            } else {
                out.push(c);
            }
        }
        if trailing_newline {
            out.push('\n');
        }
    }
    (out, dropped)
}

// While a paragraph is built, a first half with a known whole word is written as
// `MARK whole MARK first` so that the second half can swap in the whole word.
const MARK: char = '\u{E000}';

fn mark_whole(current: &mut String, first: &str, whole: &str) {
    let cut = current.len() - first.len();
    current.truncate(cut);
    current.push(MARK);
    current.push_str(whole);
    current.push(MARK);
    current.push_str(first);
}

/// Replaces a marked first half by its whole word; false when the text ends otherwise.
fn replaced_with_whole(current: &mut String) -> bool {
    let Some(end) = current.rfind(MARK) else {
        return false;
    };
    if current[end + MARK.len_utf8()..].contains(' ') {
        return false;
    }
    let Some(start) = current[..end].rfind(MARK) else {
        return false;
    };
    let whole = current[start + MARK.len_utf8()..end].to_string();
    current.truncate(start);
    current.push_str(&whole);
    true
}

/// Drops any marks left (a first half whose second half never came: the first half stays).
fn unmark(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut parts = p.split(MARK);
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    // Marked runs come in pairs: whole, then the rest after the first half.
    while let (Some(_whole), Some(rest)) = (parts.next(), parts.next()) {
        out.push_str(rest);
    }
    out
}

/// Drops the hyphen (any of [`super::alto::HYPHENS`]) that ends `current`, if one does.
fn strip_hyphen(current: &mut String) {
    if current.ends_with(super::alto::HYPHENS) {
        current.pop();
    }
}

/// Whether text ends a sentence (so that a new block after it starts a new paragraph).
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .chars()
        .last()
        .is_none_or(|c| ".!?:;\"'»«)]”“’。！？」』".contains(c))
}

/// Splits a headline off the start of the pieces by its style: leading lines (at most three)
/// set clearly larger than the rest, or in bold when the rest is not. Returns the headline's
/// pieces and the rest; no headline when the style says nothing.
pub fn style_heading(pages: &[AltoPage], pieces: &[Piece]) -> (Vec<Piece>, Vec<Piece>) {
    let words: Vec<(usize, usize)> = pieces
        .iter()
        .flat_map(|p| p.words.clone().map(move |i| (p.page, i)))
        .collect();
    if words.len() < 4 {
        return (Vec::new(), pieces.to_vec());
    }
    let mut sizes: Vec<f32> = words
        .iter()
        .filter_map(|&(p, i)| pages[p].words[i].size)
        .collect();
    sizes.sort_by(f32::total_cmp);
    let median = sizes.get(sizes.len() / 2).copied();
    let bold_share = words
        .iter()
        .filter(|&&(p, i)| pages[p].words[i].bold)
        .count() as f32
        / words.len() as f32;
    let big = |p: usize, i: usize| {
        let w = &pages[p].words[i];
        match (w.size, median) {
            (Some(s), Some(m)) if s >= 1.25 * m => true,
            _ => w.bold && bold_share < 0.3,
        }
    };
    // Whole leading lines that are big.
    let mut taken = 0;
    let mut lines = 0;
    while taken < words.len() && lines < 3 {
        let (p, i) = words[taken];
        let line = pages[p].words[i].line;
        let end = words[taken..]
            .iter()
            .position(|&(q, j)| q != p || pages[q].words[j].line != line)
            .map_or(words.len(), |k| taken + k);
        if !words[taken..end].iter().all(|&(q, j)| big(q, j)) {
            break;
        }
        taken = end;
        lines += 1;
    }
    if taken == 0 || taken * 2 > words.len() {
        return (Vec::new(), pieces.to_vec());
    }
    split_at(pieces, taken)
}

/// The pieces split after the first `n` words.
fn split_at(pieces: &[Piece], n: usize) -> (Vec<Piece>, Vec<Piece>) {
    let (mut head, mut rest) = (Vec::new(), Vec::new());
    let mut left = n;
    for p in pieces {
        let len = p.words.len();
        if left >= len {
            head.push(p.clone());
            left -= len;
        } else if left > 0 {
            let cut = p.words.start + left;
            head.push(Piece {
                page: p.page,
                words: p.words.start..cut,
            });
            rest.push(Piece {
                page: p.page,
                words: cut..p.words.end,
            });
            left = 0;
        } else {
            rest.push(p.clone());
        }
    }
    (head, rest)
}

#[cfg(test)]
mod tests {
    use super::super::alto;
    use super::*;
    use std::path::Path;

    fn page(body: &str) -> AltoPage {
        let text = format!(
            r#"<alto><Styles><TextStyle ID="S" FONTSIZE="9"/><TextStyle ID="H" FONTSIZE="20"/></Styles><Layout><Page><PrintSpace>{body}</PrintSpace></Page></Layout></alto>"#
        );
        alto::parse(Path::new("p.xml"), &text).unwrap()
    }

    fn all(p: &AltoPage) -> Vec<Piece> {
        vec![Piece {
            page: 0,
            words: 0..p.words.len(),
        }]
    }

    const W: &str = r#"WIDTH="40""#;

    #[test]
    fn hyphenated_words_are_joined_and_indents_start_paragraphs() {
        let body = format!(
            r#"<TextBlock HPOS="0" STYLEREFS="S">
            <TextLine HPOS="100"><String CONTENT="Die" {W}/><SP/><String CONTENT="Zei" SUBS_TYPE="HypPart1" SUBS_CONTENT="Zeitung" {W}/><HYP CONTENT="-"/></TextLine>
            <TextLine HPOS="0"><String CONTENT="tung" SUBS_TYPE="HypPart2" SUBS_CONTENT="Zeitung" {W}/><SP/><String CONTENT="schreibt" {W}/><SP/><String CONTENT="lan" {W}/><HYP/></TextLine>
            <TextLine HPOS="0"><String CONTENT="ge." {W}/></TextLine>
            <TextLine HPOS="100"><String CONTENT="Neu" {W}/></TextLine></TextBlock>"#
        );
        let p = page(&body);
        let pages = [p];
        assert_eq!(
            paragraphs(&pages, &all(&pages[0])),
            ["Die Zeitung schreibt lange.", "Neu"]
        );
    }

    #[test]
    fn a_hyphen_the_ocr_left_joins_the_lines_and_stays_in_a_compound() {
        let body = format!(
            r#"<TextBlock HPOS="0"><TextLine HPOS="0"><String CONTENT="Die" {W}/><SP/><String CONTENT="gan⸗" {W}/></TextLine>
            <TextLine HPOS="0"><String CONTENT="ze" {W}/><SP/><String CONTENT="Schleswig-" {W}/></TextLine>
            <TextLine HPOS="0"><String CONTENT="Holstein" {W}/><SP/><String CONTENT="Sache." {W}/></TextLine></TextBlock>"#
        );
        let pages = [page(&body)];
        assert_eq!(
            paragraphs(&pages, &all(&pages[0])),
            ["Die ganze Schleswig-Holstein Sache."]
        );
    }

    #[test]
    fn a_hyphen_inside_a_line_is_kept_and_alto_hyphenation_gives_the_whole_word() {
        // `Ein-` `und` on one line is a suspended compound; `Zei-` with `SUBS_CONTENT` is
        // joined as ALTO says, and a heading's dash over text in other type is not joined.
        let body = format!(
            r#"<TextBlock HPOS="0"><TextLine HPOS="0"><String CONTENT="Ein-" {W}/><SP/><String CONTENT="und" {W}/><SP/><String CONTENT="Zei-" SUBS_TYPE="HypPart1" SUBS_CONTENT="Zeitung" {W}/></TextLine>
            <TextLine HPOS="0"><String CONTENT="tung" SUBS_TYPE="HypPart2" SUBS_CONTENT="Zeitung" {W}/><SP/><String CONTENT="Bitters-" STYLE="font-weight:bold" {W}/></TextLine>
            <TextLine HPOS="0"><String CONTENT="Messrs." {W}/></TextLine></TextBlock>"#
        );
        let pages = [page(&body)];
        assert_eq!(
            paragraphs(&pages, &all(&pages[0])),
            ["Ein- und Zeitung Bitters- Messrs."]
        );
    }

    #[test]
    fn a_block_after_a_finished_sentence_is_a_new_paragraph_and_a_run_on_is_not() {
        let body = format!(
            r#"<TextBlock HPOS="0"><TextLine HPOS="0"><String CONTENT="Ende." {W}/></TextLine></TextBlock>
            <TextBlock HPOS="500"><TextLine HPOS="500"><String CONTENT="weiter" {W}/></TextLine></TextBlock>
            <TextBlock HPOS="0"><TextLine HPOS="0"><String CONTENT="und" {W}/></TextLine></TextBlock>"#
        );
        let pages = [page(&body)];
        assert_eq!(paragraphs(&pages, &all(&pages[0])), ["Ende.", "weiter und"]);
    }

    #[test]
    fn spaces_beside_punctuation_do_not_break() {
        assert_eq!(
            glue("Wort . « mot » ( x"),
            ("Wort\u{a0}. «\u{a0}mot\u{a0}» (\u{a0}x".to_string(), 0)
        );
        assert_eq!(
            glue(".on-hot a b (\n\n) c (\n"),
            ("on-hot a b\n\nc\n".to_string(), 4)
        );
    }

    #[test]
    fn a_larger_first_line_is_a_headline_by_style() {
        let body = format!(
            r#"<TextBlock HPOS="0" STYLEREFS="H"><TextLine HPOS="0"><String CONTENT="Groß" {W}/><SP/><String CONTENT="Titel" {W}/></TextLine></TextBlock>
            <TextBlock HPOS="0" STYLEREFS="S"><TextLine HPOS="0"><String CONTENT="a" {W}/><SP/><String CONTENT="b" {W}/><SP/><String CONTENT="c" {W}/></TextLine></TextBlock>"#
        );
        let pages = [page(&body)];
        let (head, rest) = style_heading(&pages, &all(&pages[0]));
        assert_eq!(one_line(&pages, &head), "Groß Titel");
        assert_eq!(one_line(&pages, &rest), "a b c");
        let (head, _) = style_heading(&pages, &rest);
        assert!(head.is_empty());
    }
}
