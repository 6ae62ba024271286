//! Page PDFs with a text layer: the glyphs and their positions (see [`glyphs`]) become
//! the lines a reader sees, in the order a reader reads them, for the same structure recovery
//! as extracted text. What plain extraction loses, positions keep: which column a line is in
//! (blocks of lines of one size, ordered by cutting the page along its white space, so a
//! neighbouring article's column never interrupts another's), letter-spacing (real gaps), and
//! fake bold (a glyph drawn twice a little apart is one glyph on a bold line).

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::lines::RawLine;
use super::ImportError;

mod glyphs;

use glyphs::Glyph;

/// Some PDF writers (Chromium's) map ideographs whose glyph is also a radical's to the radical
/// (`⽣` U+2F63 for `生`, `⻩` U+2EE9 for `黄`). Kangxi radicals have a compatibility mapping
/// to their ideograph; the CJK Radicals Supplement forms that stand for whole simplified
/// characters are listed here.
fn unify_radical(c: char) -> char {
    const SUPPLEMENT: &[(char, char)] = &[
        ('⺠', '民'),
        ('⻄', '西'),
        ('⻅', '见'),
        ('⻆', '角'),
        ('⻉', '贝'),
        ('⻋', '车'),
        ('⻑', '長'),
        ('⻓', '长'),
        ('⻔', '门'),
        ('⻗', '雨'),
        ('⻘', '青'),
        ('⻚', '页'),
        ('⻛', '风'),
        ('⻜', '飞'),
        ('⻝', '食'),
        ('⻢', '马'),
        ('⻣', '骨'),
        ('⻤', '鬼'),
        ('⻥', '鱼'),
        ('⻦', '鸟'),
        ('⻧', '卤'),
        ('⻨', '麦'),
        ('⻩', '黄'),
        ('⻪', '黾'),
        ('⻬', '齐'),
        ('⻮', '齿'),
        ('⻰', '龙'),
        ('⻳', '龟'),
        ('⺩', '王'),
        ('⺟', '母'),
    ];
    match c as u32 {
        0x2F00..=0x2FDF => c.nfkc().next().unwrap_or(c),
        0x2E80..=0x2EFF => SUPPLEMENT
            .iter()
            .find(|(r, _)| *r == c)
            .map_or(c, |(_, u)| *u),
        _ => c,
    }
}

/// The text lines of a page PDF in reading order, ready for [`super::lines::clean_lines`];
/// [`ImportError::UnreadablePdf`] or [`ImportError::NoTextLayer`] when it has none.
pub fn read_pdf(bytes: &[u8]) -> Result<Vec<RawLine>, ImportError> {
    let doc =
        lopdf::Document::load_from(bytes).map_err(|e| ImportError::UnreadablePdf(e.to_string()))?;
    if doc.is_encrypted() {
        return Err(ImportError::UnreadablePdf("the PDF is encrypted".into()));
    }
    let mut out = Vec::new();
    let mut fonts = glyphs::FontCache::default();
    for (_, page) in doc.get_pages() {
        let glyphs = glyphs::page_glyphs(&doc, page, &mut fonts)
            .into_iter()
            .map(|mut g| {
                g.text = g.text.chars().map(unify_radical).collect();
                g
            })
            .collect();
        page_lines(glyphs, &mut out);
    }
    if out.is_empty() {
        return Err(ImportError::NoTextLayer);
    }
    Ok(out)
}

/// A line of glyphs and its box (points; top < bottom).
#[derive(Debug, Clone)]
struct TextLine {
    glyphs: Vec<Glyph>,
    doubled: bool,
    size: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

/// A block: lines of one size following one another in one column.
#[derive(Debug, Clone)]
struct Block {
    lines: Vec<usize>,
    /// The size of its text.
    size: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

/// A box on the page (points; top < bottom).
trait Bounds {
    /// Its left, right, top and bottom edges.
    fn edges(&self) -> (f64, f64, f64, f64);
}

impl Bounds for TextLine {
    fn edges(&self) -> (f64, f64, f64, f64) {
        (self.left, self.right, self.top, self.bottom)
    }
}

impl Bounds for Block {
    fn edges(&self) -> (f64, f64, f64, f64) {
        (self.left, self.right, self.top, self.bottom)
    }
}

/// The direction a page's lines run in: across it (horizontal text, lines stacked down the
/// page) or down it (vertical text, lines stacked right to left). It says which coordinates
/// of glyphs, lines and blocks run along a line and which across the lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Axis {
    Horizontal,
    Vertical,
}

impl Axis {
    /// Where a glyph's origin is along its line.
    fn along(self, g: &Glyph) -> f64 {
        match self {
            Axis::Horizontal => g.x,
            Axis::Vertical => g.y,
        }
    }

    /// Where a glyph's origin is across the lines (its baseline; its line's axis, vertically).
    fn across(self, g: &Glyph) -> f64 {
        match self {
            Axis::Horizontal => g.y,
            Axis::Vertical => g.x,
        }
    }

    /// Where a glyph ends along its line: after its advance, or an em below it (an upright
    /// glyph of vertical text takes an em).
    fn end(self, g: &Glyph) -> f64 {
        match self {
            Axis::Horizontal => g.x + g.advance,
            Axis::Vertical => g.y + g.size,
        }
    }

    /// A glyph's box: as wide as its advance (an em, vertically), from its ascent to its
    /// descent around the origin.
    fn glyph_box(self, g: &Glyph) -> (f64, f64, f64, f64) {
        let width = match self {
            Axis::Horizontal => g.advance,
            Axis::Vertical => g.size,
        };
        (g.x, g.x + width, g.y - 0.88 * g.size, g.y + 0.12 * g.size)
    }

    /// A box's extent along the lines: (start, end).
    fn span(self, b: &impl Bounds) -> (f64, f64) {
        let (left, right, top, bottom) = b.edges();
        match self {
            Axis::Horizontal => (left, right),
            Axis::Vertical => (top, bottom),
        }
    }

    /// A line's baseline across the lines: its foot, or its left edge, vertically.
    fn baseline(self, l: &TextLine) -> f64 {
        match self {
            Axis::Horizontal => l.bottom,
            Axis::Vertical => l.left,
        }
    }

    /// The white across the lines from `before` to `after`, the box that follows it (below
    /// it, or to its left, vertically); negative when they overlap.
    fn gap(self, before: &impl Bounds, after: &impl Bounds) -> f64 {
        let (before_left, _, _, before_bottom) = before.edges();
        let (_, after_right, after_top, _) = after.edges();
        match self {
            Axis::Horizontal => after_top - before_bottom,
            Axis::Vertical => before_left - after_right,
        }
    }

    /// Puts glyphs in their order along the line.
    fn sort_along(self, glyphs: &mut [Glyph]) {
        glyphs.sort_by(|a, b| self.along(a).total_cmp(&self.along(b)));
    }
}

/// Appends one page's lines, in reading order, to `out`.
fn page_lines(glyphs: Vec<Glyph>, out: &mut Vec<RawLine>) {
    let (glyphs, drawn_twice) = drop_fake_bold_copies(glyphs);
    if glyphs.is_empty() {
        return;
    }
    let axis = line_axis(&glyphs);
    let mut lines = group_lines(glyphs, &drawn_twice, axis);
    let blocks = group_blocks(&lines, axis);
    let blocks = join_split_lines(&mut lines, blocks, axis);
    let order = reading_order(&blocks, (0..blocks.len()).collect(), axis, 0);
    for b in order {
        let block: Vec<&TextLine> = blocks[b].lines.iter().map(|&l| &lines[l]).collect();
        let texts: Vec<String> = block.iter().map(|l| line_text(&l.glyphs, axis)).collect();
        let heads = run_in_headings(&block, &texts, axis);
        for (k, (line, text)) in block.iter().zip(texts).enumerate() {
            let mut push = |text: String, heading: bool, blank_before: bool| {
                out.push(RawLine {
                    number: out.len() + 1,
                    text,
                    blank_before,
                    doubled: line.doubled,
                    size: Some(line.size as f32),
                    heading,
                });
            };
            let whole_heading = |k: usize| heads[k] == block[k].glyphs.len();
            match heads[k] {
                0 => push(text, false, k == 0 || whole_heading(k - 1)),
                // A heading opens its line (or goes on from the line before); the paragraph
                // after it opens a block of its own.
                n => {
                    let continued = k > 0 && heads[k - 1] > 0;
                    let (head, rest) = line.glyphs.split_at(n);
                    push(line_text(head, axis), true, !continued);
                    if !rest.is_empty() {
                        push(line_text(rest, axis), false, true);
                    }
                }
            }
        }
    }
}

/// Briefs' headlines set bold in the text's size and run into their first paragraph (which goes
/// on after it on the same line, or on the next): for each line of a block (`texts`: the lines'
/// texts), how many of its first glyphs are such a heading. A heading starts a paragraph (the
/// block's first line, or after a sentence's end), may wrap onto the next line, has at least
/// two letters and at most 24, does not close a clause, and is not a dateline or byline set
/// bold.
fn run_in_headings(block: &[&TextLine], texts: &[String], axis: Axis) -> Vec<usize> {
    let mut heads = vec![0; block.len()];
    for k in 0..block.len() {
        if k > 0 && !super::structure::ends_sentence(&texts[k - 1]) {
            continue;
        }
        // The bold run from the start of line k, over whole lines and into the next.
        let mut counts = Vec::new();
        for line in &block[k..] {
            let n = line.glyphs.iter().take_while(|g| g.bold).count();
            counts.push(n);
            if n < line.glyphs.len() {
                break;
            }
        }
        // Regular text must follow on the run's last line.
        let ended = counts
            .last()
            .is_some_and(|&n| n < block[k + counts.len() - 1].glyphs.len());
        let parts: Vec<String> = block[k..]
            .iter()
            .zip(&counts)
            .map(|(l, &n)| line_text(&l.glyphs[..n], axis))
            .collect();
        let head = super::structure::join_texts(parts.iter().map(String::as_str));
        let letters = head.chars().filter(|c| !c.is_whitespace()).count();
        let open_end = head.ends_with(|c: char| {
            matches!(c, '，' | '、' | '；' | '：' | '（' | ',' | ';' | ':' | '(')
        });
        let lead = super::conventions::starts_with_lead(&head)
            || super::conventions::is_byline_line(&head);
        if ended && (2..=24).contains(&letters) && !open_end && !lead {
            heads[k..k + counts.len()].copy_from_slice(&counts);
        }
    }
    heads
}

/// Fake bold draws each glyph twice, the copy shifted by a fraction of an em: keeps the first
/// and remembers which glyphs had a copy.
fn drop_fake_bold_copies(glyphs: Vec<Glyph>) -> (Vec<Glyph>, Vec<bool>) {
    let mut seen: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut keep = vec![true; glyphs.len()];
    let mut twice = vec![false; glyphs.len()];
    for (i, g) in glyphs.iter().enumerate() {
        let same = seen.entry(g.text.as_str()).or_default();
        if let Some(&j) = same.iter().find(|&&j| {
            let o = &glyphs[j];
            (o.x - g.x).abs() < 0.3 * g.size && (o.y - g.y).abs() < 0.3 * g.size
        }) {
            keep[i] = false;
            twice[j] = true;
        } else {
            same.push(i);
        }
    }
    let mut kept = Vec::new();
    let mut flags = Vec::new();
    for (i, g) in glyphs.into_iter().enumerate() {
        if keep[i] {
            kept.push(g);
            flags.push(twice[i]);
        }
    }
    (kept, flags)
}

/// The way the page's lines run: down when glyphs following one another in the content go down
/// the page more often than across it.
fn line_axis(glyphs: &[Glyph]) -> Axis {
    let (mut across, mut down) = (0, 0);
    for w in glyphs.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        if dy.abs() < 0.2 * a.size && dx > 0.0 && dx < 1.6 * a.size {
            across += 1;
        } else if dx.abs() < 0.2 * a.size && dy > 0.0 && dy < 1.6 * a.size {
            down += 1;
        }
    }
    if down > across {
        Axis::Vertical
    } else {
        Axis::Horizontal
    }
}

/// Glyphs into lines, in content order: a glyph continues the line when it sits on the same
/// baseline (the same axis, vertically) just after the line's end.
fn group_lines(glyphs: Vec<Glyph>, drawn_twice: &[bool], axis: Axis) -> Vec<TextLine> {
    let mut lines: Vec<(Vec<Glyph>, usize)> = Vec::new();
    for (g, &twice) in glyphs.into_iter().zip(drawn_twice) {
        let fits = lines.last().is_some_and(|(l, _)| {
            let last = &l[l.len() - 1];
            let along = axis.along(&g) - axis.end(last);
            let across = axis.across(&g) - axis.across(last);
            // Upright glyphs of vertical text step down by an em; a rotated Latin run's origin
            // may sit up to an em back.
            let back = match axis {
                Axis::Horizontal => 0.3,
                Axis::Vertical => 1.0,
            };
            across.abs() < 0.3 * last.size && along > -back * last.size && along < 1.5 * last.size
        });
        if fits {
            let (l, n) = lines.last_mut().expect("a line");
            l.push(g);
            *n += usize::from(twice);
        } else {
            lines.push((vec![g], usize::from(twice)));
        }
    }
    let lines = merge_fragments(lines, axis);
    lines
        .into_iter()
        .map(|(glyphs, twice)| {
            let size = glyphs.iter().map(|g| g.size).fold(0.0, f64::max);
            let (mut left, mut right, mut top, mut bottom) =
                (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
            for g in &glyphs {
                let (l, r, t, b) = axis.glyph_box(g);
                left = left.min(l);
                right = right.max(r);
                top = top.min(t);
                bottom = bottom.max(b);
            }
            TextLine {
                doubled: twice * 2 >= glyphs.len(),
                glyphs,
                size,
                left,
                right,
                top,
                bottom,
            }
        })
        .collect()
}

/// Writers may draw a line in pieces and out of order (Typst draws each font's run apart): pieces
/// on one baseline, of one size, with less than an em and a half between them, are one line,
/// its glyphs in order along it.
fn merge_fragments(pieces: Vec<(Vec<Glyph>, usize)>, axis: Axis) -> Vec<(Vec<Glyph>, usize)> {
    // (baseline, start, end, size) of a piece.
    let geometry = |p: &[Glyph]| {
        let size = p.iter().map(|g| g.size).fold(0.0, f64::max);
        let start = p.iter().map(|g| axis.along(g)).fold(f64::MAX, f64::min);
        let end = p.iter().map(|g| axis.end(g)).fold(f64::MIN, f64::max);
        (axis.across(&p[0]), start, end, size)
    };
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    let geo: Vec<(f64, f64, f64, f64)> = pieces.iter().map(|(p, _)| geometry(p)).collect();
    order.sort_by(|&a, &b| geo[a].1.total_cmp(&geo[b].1));
    let mut merged: Vec<Option<(Vec<Glyph>, usize)>> = pieces.into_iter().map(Some).collect();
    // Each piece, taken from the start of the axis on, joins the last open line it continues.
    let mut open: Vec<(usize, f64, f64, f64)> = Vec::new(); // (target, baseline, end, size)
    let mut target_of = vec![usize::MAX; merged.len()];
    for &i in &order {
        let (base, start, end, size) = geo[i];
        let join = open.iter().rposition(|&(_, b, e, s)| {
            (b - base).abs() < 0.2 * size
                && (s - size).abs() <= 0.12 * size
                && start - e < 1.5 * size
                && start - e > -size
        });
        match join {
            Some(k) => {
                let t = open[k].0;
                open[k].2 = open[k].2.max(end);
                target_of[i] = t;
            }
            None => {
                open.push((i, base, end, size));
                target_of[i] = i;
            }
        }
    }
    for i in 0..merged.len() {
        let t = target_of[i];
        if t != i {
            let (glyphs, twice) = merged[i].take().expect("a piece");
            let (tg, tt) = merged[t].as_mut().expect("its line");
            tg.extend(glyphs);
            *tt += twice;
        }
    }
    let mut out: Vec<(Vec<Glyph>, usize)> = merged.into_iter().flatten().collect();
    for (glyphs, _) in &mut out {
        axis.sort_along(glyphs);
    }
    out
}

/// A line's text, with a space wherever the gap between two glyphs is wider than a fifth of
/// an em beyond the line's usual gap (a word space, or letter-spacing, which the text cleaning
/// then reads as such). The usual gap is what justification adds between every two characters
/// of a CJK line; it is no space.
fn line_text(glyphs: &[Glyph], axis: Axis) -> String {
    let gaps: Vec<f64> = glyphs
        .windows(2)
        .map(|w| axis.along(&w[1]) - axis.end(&w[0]))
        .collect();
    let mut sorted = gaps.clone();
    sorted.sort_by(f64::total_cmp);
    let usual = if sorted.len() >= 4 {
        sorted[sorted.len() / 2].max(0.0)
    } else {
        0.0
    };
    let mut out = String::new();
    for (i, g) in glyphs.iter().enumerate() {
        if i > 0 && gaps[i - 1] > usual + 0.2 * glyphs[i - 1].size {
            out.push(' ');
        }
        out.push_str(&g.text);
    }
    out
}

/// Lines into blocks: a line joins the block whose last line is of the same size, overlaps it
/// across the column, and lies just after it (less than an em of white between them).
fn group_blocks(lines: &[TextLine], axis: Axis) -> Vec<Block> {
    let mut order: Vec<usize> = (0..lines.len()).collect();
    // Lines in the order they stack: down the page, or right to left.
    match axis {
        Axis::Horizontal => order.sort_by(|&a, &b| lines[a].top.total_cmp(&lines[b].top)),
        Axis::Vertical => order.sort_by(|&a, &b| lines[b].right.total_cmp(&lines[a].right)),
    }
    let mut blocks: Vec<Block> = Vec::new();
    for i in order {
        let l = &lines[i];
        let joins = blocks.iter().rposition(|b| {
            let last = &lines[*b.lines.last().expect("a line")];
            let same_size = (last.size - l.size).abs() <= 0.12 * l.size;
            let gap = axis.gap(last, l);
            let ((last_start, last_end), (start, end)) = (axis.span(last), axis.span(l));
            let overlap = last_end.min(end) - last_start.max(start);
            let narrower = (last_end - last_start).min(end - start);
            // A paragraph's short last line overlaps little, but starts where the column does
            // (the block's first line may be indented: two ems of slack).
            let starts_alike = (axis.span(b).0 - start).abs() < 2.5 * l.size;
            same_size
                && gap > -0.3 * l.size
                && gap < 1.0 * l.size
                && (overlap > 0.5 * narrower || starts_alike)
        });
        match joins {
            Some(k) => {
                let b = &mut blocks[k];
                b.lines.push(i);
                b.left = b.left.min(l.left);
                b.right = b.right.max(l.right);
                b.top = b.top.min(l.top);
                b.bottom = b.bottom.max(l.bottom);
            }
            None => blocks.push(Block {
                lines: vec![i],
                size: l.size,
                left: l.left,
                right: l.right,
                top: l.top,
                bottom: l.bottom,
            }),
        }
    }
    blocks
}

/// A justified line whose words are far apart (`本报讯`, an ideographic space, then text
/// stretched to the column) is drawn in pieces more than an em and a half apart, which the
/// line grouping leaves apart; the first piece then stands as a block of its own. A one-line
/// block on the baseline of a line of another block, of the same size and inside that block's
/// column, is a piece of that line: its glyphs join it and the block goes.
fn join_split_lines(lines: &mut [TextLine], blocks: Vec<Block>, axis: Axis) -> Vec<Block> {
    let mut gone = vec![false; blocks.len()];
    for b in 0..blocks.len() {
        let [piece] = blocks[b].lines[..] else {
            continue;
        };
        let p = &lines[piece];
        let base = axis.baseline(p);
        let (start, end) = axis.span(p);
        let slack = 0.5 * p.size;
        let host = (0..blocks.len()).find_map(|c| {
            let block = &blocks[c];
            let (col_start, col_end) = axis.span(block);
            if c == b || gone[c] || start < col_start - slack || end > col_end + slack {
                return None;
            }
            block.lines.iter().copied().find(|&m| {
                let l = &lines[m];
                (axis.baseline(l) - base).abs() < 0.2 * p.size
                    && (l.size - p.size).abs() <= 0.12 * p.size
            })
        });
        let Some(host) = host else { continue };
        let (pl, pr, pt, pb) = (p.left, p.right, p.top, p.bottom);
        let glyphs = std::mem::take(&mut lines[piece].glyphs);
        let h = &mut lines[host];
        h.glyphs.extend(glyphs);
        axis.sort_along(&mut h.glyphs);
        h.left = h.left.min(pl);
        h.right = h.right.max(pr);
        h.top = h.top.min(pt);
        h.bottom = h.bottom.max(pb);
        gone[b] = true;
    }
    blocks
        .into_iter()
        .zip(gone)
        .filter(|(_, gone)| !gone)
        .map(|(b, _)| b)
        .collect()
}

/// Orders blocks as a reader does, by cutting the page along white space that runs across
/// it: for horizontal text first into bands top to bottom, then each band into columns left to
/// right; for vertical text first into columns right to left, then bands top to bottom.
fn reading_order(blocks: &[Block], ids: Vec<usize>, axis: Axis, depth: usize) -> Vec<usize> {
    if ids.len() <= 1 || depth > 64 {
        return ids;
    }
    let vertical = axis == Axis::Vertical;
    // Horizontal text is cut into bands first, unless the region is articles side by side
    // (then a band would join their headlines); vertical text into columns first.
    let (mut first, mut second) = (!vertical, vertical);
    if !vertical && side_by_side_articles(blocks, &ids) && !rows_of_articles(blocks, &ids) {
        std::mem::swap(&mut first, &mut second);
    }
    for by_y in [first, second] {
        let mut parts = widest_cuts(blocks, cut(blocks, &ids, by_y), by_y);
        if parts.len() > 1 {
            if vertical && !by_y {
                parts.reverse();
            }
            return parts
                .into_iter()
                .flat_map(|p| reading_order(blocks, p, axis, depth + 1))
                .collect();
        }
    }
    // Nothing to cut along: top to bottom, then left to right (right to left, vertically).
    let mut ids = ids;
    ids.sort_by(|&a, &b| {
        let (a, b) = (&blocks[a], &blocks[b]);
        if vertical {
            b.right.total_cmp(&a.right).then(a.top.total_cmp(&b.top))
        } else {
            a.top.total_cmp(&b.top).then(a.left.total_cmp(&b.left))
        }
    });
    ids
}

/// Whether the blocks cut into columns each of which starts with a headline (a block set larger
/// than the region's smallest text, with no running text above it): articles side by side, not
/// the columns of one article under its headline. A column whose first text is running text
/// continues an article headed elsewhere (a headline centred over the whole row, the column's
/// own headline further down), so the row is cut into bands first.
fn side_by_side_articles(blocks: &[Block], ids: &[usize]) -> bool {
    let columns = widest_cuts(blocks, cut(blocks, ids, false), false);
    let body = ids.iter().map(|&i| blocks[i].size).fold(f64::MAX, f64::min);
    let is_headline_block = |b: &Block| b.size >= 1.3 * body;
    let is_headline = |i: usize| is_headline_block(&blocks[i]);
    // What stands over the first headline (a running head, a kicker) heads no column.
    let first_headline = ids
        .iter()
        .filter(|&&i| is_headline(i))
        .map(|&i| blocks[i].top)
        .fold(f64::MAX, f64::min);
    // A kicker, one short line over its headline, belongs to the headline.
    let kicker = |i: usize| {
        let k = &blocks[i];
        k.lines.len() == 1
            && ids.iter().any(|&h| {
                let h = &blocks[h];
                is_headline_block(h)
                    && h.top >= k.bottom - 0.3 * body
                    && h.top - k.bottom < body
                    && h.left < k.right
                    && k.left < h.right
            })
    };
    // A column is headed when the first of its blocks, the top one or the leftmost of those
    // level with it, is a headline: a headline set beside its body (a side head) starts level
    // with it on its left; text level with a headline on its left is another article's.
    let headed = |c: &Vec<usize>| {
        let tops: Vec<usize> = c
            .iter()
            .copied()
            .filter(|&i| blocks[i].top > first_headline - body && (is_headline(i) || !kicker(i)))
            .collect();
        let top = tops.iter().map(|&i| blocks[i].top).fold(f64::MAX, f64::min);
        tops.iter()
            .copied()
            .filter(|&i| blocks[i].top < top + body)
            .min_by(|&a, &b| blocks[a].left.total_cmp(&blocks[b].left))
            .is_some_and(is_headline)
    };
    columns.len() > 1 && columns.iter().all(headed)
}

/// Whether the region cuts into bands each of which holds running text (a block of two lines
/// or more in the text's size): rows of articles, to be read one after the other even where
/// each column of a row starts with a headline. Articles side by side cut into bands leave
/// their headlines a band of their own.
fn rows_of_articles(blocks: &[Block], ids: &[usize]) -> bool {
    let body = ids.iter().map(|&i| blocks[i].size).fold(f64::MAX, f64::min);
    let bands = widest_cuts(blocks, cut(blocks, ids, true), true);
    let holds_text = |band: &Vec<usize>| {
        band.iter()
            .any(|&i| blocks[i].size < 1.3 * body && blocks[i].lines.len() >= 2)
    };
    bands.len() > 1 && bands.iter().all(holds_text)
}

/// Keeps only the cuts about as wide as the widest (rows of a page, not the narrower space
/// between the headlines of a row and their bodies, which the next level cuts within each
/// article); the groups between narrower cuts are joined.
fn widest_cuts(blocks: &[Block], groups: Vec<Vec<usize>>, by_y: bool) -> Vec<Vec<usize>> {
    let widest = widest_gap(blocks, &groups, by_y);
    let mut out: Vec<Vec<usize>> = Vec::new();
    for g in groups {
        let wide = out.last().is_none_or(|last| {
            widest_gap(blocks, &[last.clone(), g.clone()], by_y) >= 0.8 * widest
        });
        if wide {
            out.push(g);
        } else {
            out.last_mut().expect("a group").extend(g);
        }
    }
    out
}

/// The widest white space between consecutive groups of a cut (0 when it does not cut).
fn widest_gap(blocks: &[Block], groups: &[Vec<usize>], by_y: bool) -> f64 {
    let span = |g: &Vec<usize>| {
        g.iter().fold((f64::MAX, f64::MIN), |(s, e), &i| {
            let b = &blocks[i];
            if by_y {
                (s.min(b.top), e.max(b.bottom))
            } else {
                (s.min(b.left), e.max(b.right))
            }
        })
    };
    groups
        .windows(2)
        .map(|w| span(&w[1]).0 - span(&w[0]).1)
        .fold(0.0, f64::max)
}

/// Splits blocks into groups separated by white space that crosses the whole region: along y
/// (bands, top to bottom) when `by_y`, else along x (columns, left to right).
fn cut(blocks: &[Block], ids: &[usize], by_y: bool) -> Vec<Vec<usize>> {
    let span = |b: &Block| {
        if by_y {
            (b.top, b.bottom)
        } else {
            (b.left, b.right)
        }
    };
    let mut sorted = ids.to_vec();
    sorted.sort_by(|&a, &b| span(&blocks[a]).0.total_cmp(&span(&blocks[b]).0));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut reach = f64::MIN;
    for id in sorted {
        let (start, end) = span(&blocks[id]);
        match groups.last_mut() {
            Some(g) if start < reach => g.push(id),
            _ => groups.push(vec![id]),
        }
        reach = reach.max(end);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x: f64, y: f64) -> Glyph {
        Glyph {
            text: text.into(),
            x,
            y,
            size: 10.0,
            advance: 10.0,
            bold: false,
        }
    }

    fn texts(glyphs: Vec<Glyph>) -> Vec<String> {
        let mut out = Vec::new();
        page_lines(glyphs, &mut out);
        out.into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn columns_are_read_one_after_the_other_not_across() {
        // Two columns of two lines each, drawn line by line across the page.
        let g = vec![
            glyph("甲", 0.0, 10.0),
            glyph("乙", 10.0, 10.0),
            glyph("丙", 50.0, 10.0),
            glyph("丁", 60.0, 10.0),
            glyph("戊", 0.0, 24.0),
            glyph("己", 10.0, 24.0),
            glyph("庚", 50.0, 24.0),
            glyph("辛", 60.0, 24.0),
        ];
        assert_eq!(texts(g), ["甲乙", "戊己", "丙丁", "庚辛"]);
    }

    #[test]
    fn fake_bold_copies_are_dropped_and_the_line_marked() {
        let g = vec![
            glyph("图", 0.0, 10.0),
            glyph("片", 10.0, 10.0),
            glyph("图", 1.5, 10.0),
            glyph("片", 11.5, 10.0),
        ];
        let mut out = Vec::new();
        page_lines(g, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].text, "图片");
        assert!(out[0].doubled);
    }

    /// One glyph per character of `text`, an em apart, from `x` on the baseline `y`.
    fn run(text: &str, x: f64, y: f64, size: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x: x + i as f64 * size,
                y,
                size,
                advance: size,
                bold: false,
            })
            .collect()
    }

    /// [`run`] in a bold face.
    fn bold(text: &str, x: f64, y: f64, size: f64) -> Vec<Glyph> {
        let mut g = run(text, x, y, size);
        g.iter_mut().for_each(|g| g.bold = true);
        g
    }

    #[test]
    fn a_bold_headline_run_into_a_brief_is_cut_from_it() {
        // Paragraph one closes; a bold headline wraps onto the next line and runs into the
        // second paragraph; a bold word opening a line inside a paragraph is not a heading.
        let mut g = run("农会表示，得奖茶", 0.0, 10.0, 10.0);
        g.extend(run("数量有限。", 0.0, 24.0, 10.0));
        g.extend(bold("朴子溪自行车道封", 0.0, 38.0, 10.0));
        g.extend(bold("闭", 0.0, 52.0, 10.0));
        g.extend(run("朴子溪自行", 20.0, 52.0, 10.0));
        g.extend(run("段因堤防补强工程，", 0.0, 66.0, 10.0));
        g.extend(bold("骑士", 0.0, 80.0, 10.0));
        g.extend(run("可改走县道。", 20.0, 80.0, 10.0));
        let mut out = Vec::new();
        page_lines(g, &mut out);
        let lines: Vec<(&str, bool, bool)> = out
            .iter()
            .map(|l| (l.text.as_str(), l.heading, l.blank_before))
            .collect();
        assert_eq!(
            lines,
            [
                ("农会表示，得奖茶", false, true),
                ("数量有限。", false, false),
                ("朴子溪自行车道封", true, true),
                ("闭", true, false),
                ("朴子溪自行", false, true),
                ("段因堤防补强工程，", false, false),
                ("骑士可改走县道。", false, false),
            ]
        );
    }

    #[test]
    fn a_bold_lead_or_byline_is_no_heading() {
        let mut g = bold("本报讯", 0.0, 10.0, 10.0);
        g.extend(run("记者从教育局获悉，", 40.0, 10.0, 10.0));
        let mut out = Vec::new();
        page_lines(g, &mut out);
        assert_eq!(out.len(), 1);
        assert!(!out[0].heading);
    }

    #[test]
    fn rows_of_articles_are_read_row_by_row() {
        // Row 1: an article over three columns and another in the fourth, each under its
        // headline. Row 2: a headline over the first three columns, its text running on into
        // the fourth. Each column of the page starts with a headline, yet it is two rows.
        let mut g = run("甲乙丙丁甲乙丙丁甲乙", 60.0, 20.0, 20.0);
        for (k, c) in ["一", "二", "三"].iter().enumerate() {
            g.extend(run(&c.repeat(9), k as f64 * 110.0, 50.0, 10.0));
            g.extend(run(&c.repeat(9), k as f64 * 110.0, 64.0, 10.0));
        }
        g.extend(run("子丑寅", 335.0, 20.0, 20.0));
        g.extend(run(&"四".repeat(9), 330.0, 50.0, 10.0));
        g.extend(run(&"四".repeat(9), 330.0, 64.0, 10.0));
        g.extend(run("戊己庚辛戊己庚辛戊己", 60.0, 120.0, 20.0));
        for (k, c) in ["五", "六", "七", "八"].iter().enumerate() {
            g.extend(run(&c.repeat(9), k as f64 * 110.0, 150.0, 10.0));
            g.extend(run(&c.repeat(9), k as f64 * 110.0, 164.0, 10.0));
        }
        let out = texts(g);
        let order: Vec<char> = out.iter().map(|t| t.chars().next().unwrap()).collect();
        assert_eq!(
            order,
            [
                '甲', '一', '一', '二', '二', '三', '三', '子', '四', '四', '戊', '五', '五', '六',
                '六', '七', '七', '八', '八'
            ]
        );
    }

    #[test]
    fn a_justified_line_drawn_in_pieces_far_apart_is_one_line() {
        // Indented `本报讯`, then two ems of white (an ideographic space and the
        // justification's stretch), then the text, in a column ten ems wide.
        let mut g = run("本报讯", 20.0, 10.0, 10.0);
        g.extend(run("记者从", 70.0, 10.0, 10.0));
        g.extend(run("教育局获悉，本周全市", 0.0, 24.0, 10.0));
        g.extend(run("中小学将集中开展活动", 0.0, 38.0, 10.0));
        let out = texts(g);
        assert_eq!(
            out,
            [
                "本报讯 记者从",
                "教育局获悉，本周全市",
                "中小学将集中开展活动"
            ]
        );
    }

    #[test]
    fn a_headline_centred_over_a_row_keeps_its_columns_together() {
        // Row 1: a headline over the middle of three columns, heading all three. Row 2: a
        // headline over the first two columns, and a photo story's headline over the third.
        let mut g = run("甲乙丙丁", 110.0, 30.0, 20.0);
        g.extend(run("一一一一一一一一一", 0.0, 50.0, 10.0));
        g.extend(run("二二二二二二二二二", 110.0, 50.0, 10.0));
        g.extend(run("三三三三三三三三三", 220.0, 50.0, 10.0));
        g.extend(run("戊己庚辛壬癸", 30.0, 120.0, 20.0));
        g.extend(run("四四四四四四四四四", 0.0, 140.0, 10.0));
        g.extend(run("五五五五五五五五五", 110.0, 140.0, 10.0));
        g.extend(run("子丑寅", 235.0, 120.0, 20.0));
        g.extend(run("六六六六六六六六六", 220.0, 140.0, 10.0));
        let out = texts(g);
        let order: Vec<char> = out.iter().map(|t| t.chars().next().unwrap()).collect();
        assert_eq!(
            order,
            ['甲', '一', '二', '三', '戊', '四', '五', '子', '六']
        );
    }

    #[test]
    fn vertical_lines_are_read_right_to_left() {
        let g = vec![
            glyph("一", 100.0, 10.0),
            glyph("二", 100.0, 20.0),
            glyph("三", 84.0, 10.0),
            glyph("四", 84.0, 20.0),
        ];
        assert_eq!(texts(g), ["一二", "三四"]);
    }

    #[test]
    fn gaps_become_spaces() {
        let g = vec![
            glyph("老", 0.0, 10.0),
            glyph("街", 14.0, 10.0),
            glyph("新", 24.0, 10.0),
        ];
        assert_eq!(texts(g), ["老 街新"]);
    }

    #[test]
    fn radicals_become_the_ideographs_they_stand_for() {
        assert_eq!(unify_radical('⽣'), '生');
        assert_eq!(unify_radical('⻩'), '黄');
        assert_eq!(unify_radical('，'), '，');
    }

    #[test]
    fn garbage_is_unreadable() {
        assert!(matches!(
            read_pdf(b"not a pdf"),
            Err(ImportError::UnreadablePdf(_))
        ));
    }
}
