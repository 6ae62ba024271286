//! The newspaper placer: each section is one page or more (a 版), its articles laid out as
//! rectangular blocks on the page's column grid, the lead story largest and highest.
//!
//! How a page is planned:
//!
//! 1. *Shapes.* Each article is laid out once per block width (1 to N columns) into a frame
//!    of unbounded height; its balanced height at that width is the shape's height, and the
//!    extent its head keeps with its first lines is what a split must leave room for. A
//!    single-column block (a brief) takes the smallest headline. One-column blocks are what
//!    lets a page be filled under the one-block-under rule below: a block over three
//!    columns can only be followed, under it, by blocks within those three columns, and
//!    without single columns one of them stayed empty to the foot.
//! 2. *Placement.* Articles are placed in the section's order (its importance order) on a
//!    skyline (the filled height of each column). A move puts the next article, at one of its
//!    widths, over columns `c..c+k`, its top at the highest skyline among them, so blocks are
//!    rectangles and never overlap. The cost of a move is the white it leaves under the block
//!    (skyline below its top). A beam search keeps the best [`BEAM`] partial pages; a page
//!    ends when the next article fits nowhere, and the chosen plan is the one with the least
//!    white (what it left under blocks plus what stays empty at the foot). The lead story must
//!    start at the top and be at least half the page wide.
//! 3. *Continuations.* An article that fits on no page whole (or would leave a large foot
//!    empty) may start in the foot of a page and continue at the top of the next page of its
//!    section, with jump lines both ways (`下转第N版` / `上接第N版`, from the locale).
//!
//! Each block is then laid out for real into a frame of its size (the book's article flow:
//! headline across the block, pictures spanning it, body balanced through its columns) and
//! the frame placed on the page; rules are drawn between blocks.

use anyhow::Result;

use super::frame::Frame;
use super::geometry::{PageGrid, Rect};
use super::layouter::*;
use super::page::*;
use crate::design::{self, TextKind};
use crate::edition::Article;
use crate::typeset::{self, Align, Direction, ParagraphStyle, Span, EM_BOX_ASCENT};

/// Partial pages kept at each step of the placement search.
const BEAM: usize = 48;

/// A block placed on a page plan: article `article` over columns `column..column + width`.
#[derive(Debug, Clone, Copy)]
struct Block {
    article: usize,
    column: usize,
    width: usize,
    top: f32,
    height: f32,
    /// The article continues on the next page from this block.
    split: bool,
}

/// An article set to one block width.
#[derive(Debug, Clone, Copy)]
struct Shape {
    /// Its balanced height.
    height: f32,
    /// The extent from its top that must stay on one page: the head with its first lines,
    /// picture or caption.
    keep: f32,
}

/// A partial page in the search.
#[derive(Clone)]
struct Plan {
    skyline: Vec<f32>,
    /// The block whose foot makes each column's skyline (`None`: nothing above yet).
    owner: Vec<Option<usize>>,
    blocks: Vec<Block>,
    /// White left under blocks so far, in column-points.
    white: f32,
}

/// The rest of an article continued on the next page: its frames (each a page tall, the
/// last `last_height` tall).
struct Carried {
    article: usize,
    frames: Vec<Frame>,
    last_height: f32,
}

/// A jump line to print once page numbers are known.
struct Jump {
    /// Content page index it is printed on.
    page: usize,
    /// Baseline start, in page coordinates, and the room it has.
    x: f32,
    y: f32,
    width: f32,
    /// Content page index it points to.
    target: usize,
    /// `true`: "continued on"; `false`: "continued from".
    on: bool,
}

impl Layouter<'_> {
    /// Lays out everything as newspaper pages and returns them.
    pub(super) fn run_newspaper(mut self) -> Result<LaidOutEdition> {
        let front = self.front_elements();
        let page_grid = self.grid;
        let mut pages: Vec<Frame> = Vec::new();
        let mut jumps: Vec<Jump> = Vec::new();
        self.line_cache = Some(Default::default());
        for (s, section) in self.edition.sections.iter().enumerate() {
            if let Some(cache) = &self.line_cache {
                cache.borrow_mut().clear();
            }
            let section_el = self.structure.add(0, ElementKind::Section);
            let articles: Vec<&Article> = section.articles.iter().collect();
            let shapes: Vec<Vec<Shape>> = (0..articles.len())
                .map(|a| self.shapes(s, a, section_el, articles[a]))
                .collect();
            let nowhere = Destination {
                page: 0,
                x: 0.0,
                y: 0.0,
            };
            let mut targets = vec![nowhere; articles.len()];
            let mut next = 0;
            let mut carried: Option<Carried> = None;
            let mut first_page = true;
            while next < articles.len() || carried.is_some() {
                self.grid = page_grid;
                self.frames = vec![Frame::new(page_grid, Some(s))];
                self.cursor = 0.0;
                if first_page {
                    self.section_heading(section_el, &section.title);
                    let t = self.section_targets.last_mut().unwrap();
                    t.page = pages.len();
                    first_page = false;
                }
                let top = self.cursor;
                let avail = page_grid.block_extent() - top;
                let mut page = self.frames.pop().unwrap();
                let columns = page_grid.columns as usize;
                let mut skyline = vec![0.0; columns];
                let mut placed = Vec::new();
                // A continuation opens the page, over the columns it was set in.
                if let Some(carry) = carried.take() {
                    let at = pages.len();
                    let (block, rest) = self.open_continuation(&mut page, carry, top);
                    jumps.push(self.jump_slot(at, &block, top, at - 1, false));
                    if rest.is_some() {
                        jumps.push(self.jump_slot(at, &block, top, at + 1, true));
                    }
                    carried = rest;
                    for sky in skyline.iter_mut().take(block.width) {
                        *sky = block.height + self.st.body_pitch;
                    }
                    placed.push(block);
                }
                let plan = if carried.is_some() {
                    // A continuation taller than the page fills it.
                    Plan {
                        owner: vec![None; skyline.len()],
                        skyline,
                        blocks: Vec::new(),
                        white: 0.0,
                    }
                } else {
                    // The continuation opening the page (if any) owns its columns.
                    let owner = (0..columns)
                        .map(|c| placed.first().filter(|b| c < b.width).map(|_| usize::MAX))
                        .collect();
                    self.plan_page(&shapes, next, skyline, owner, avail)
                };
                let at = pages.len();
                for block in &plan.blocks {
                    let a = block.article;
                    let (target, rest) =
                        self.place_block(&mut page, s, section_el, articles[a], block, top);
                    targets[a] = Destination { page: at, ..target };
                    if let Some(rest) = rest {
                        jumps.push(self.jump_slot(at, block, top, at + 1, true));
                        carried = Some(rest);
                    }
                    next = next.max(a + 1);
                }
                placed.extend(plan.blocks.iter().copied());
                if placed.is_empty() {
                    // Nothing fits even alone: cannot happen with split moves, but never loop.
                    next += 1;
                }
                self.block_rules(&mut page, &placed, top, avail);
                pages.push(page);
            }
            self.article_targets.push(targets);
        }
        self.grid = page_grid;
        self.line_cache = None;
        let finished = self.finish_newspaper(pages, front, jumps);
        Ok(finished)
    }

    /// Places the next frame of a continued article at the head of `page`, over the columns
    /// it was set in; returns its block and what still continues.
    fn open_continuation(
        &mut self,
        page: &mut Frame,
        carried: Carried,
        top: f32,
    ) -> (Block, Option<Carried>) {
        let Carried {
            article,
            mut frames,
            last_height,
        } = carried;
        let frame = frames.remove(0);
        let width = frame.grid.columns as usize;
        let height = if frames.is_empty() {
            last_height
        } else {
            frame.grid.block_extent()
        };
        let block = Block {
            article,
            column: 0,
            width,
            top: 0.0,
            height,
            split: !frames.is_empty(),
        };
        let grid = self.grid;
        page.place(frame, grid.content.x, grid.content.y + top);
        let rest = (!frames.is_empty()).then_some(Carried {
            article,
            frames,
            last_height,
        });
        (block, rest)
    }

    /// Lays out a planned block of `article` for real and places its first frame on `page`;
    /// returns its headline's destination on the page and, when it continues, the rest.
    fn place_block(
        &mut self,
        page: &mut Frame,
        s: usize,
        section_el: ElementId,
        article: &Article,
        block: &Block,
        top: f32,
    ) -> (Destination, Option<Carried>) {
        let grid = self.grid;
        let a = block.article;
        let (mut frames, target, last_height) = self.block_frames(s, a, section_el, article, block);
        let first = frames.remove(0);
        let (dx, dy) = (
            grid.content.x + grid.column_start(block.column),
            grid.content.y + top + block.top,
        );
        page.place(first, dx, dy);
        let target = Destination {
            page: 0,
            x: target.x + dx,
            y: target.y + dy,
        };
        let rest = (block.split && !frames.is_empty()).then_some(Carried {
            article: a,
            frames,
            last_height,
        });
        (target, rest)
    }

    /// Front matter, running heads and the jump lines, whose page numbers are known once
    /// the front matter's length is.
    fn finish_newspaper(
        self,
        pages: Vec<Frame>,
        front: FrontElements,
        jumps: Vec<Jump>,
    ) -> LaidOutEdition {
        let locale = self.edition.locale();
        let style = design::text(TextKind::Jump);
        let span = self.span("", style.face, style.size);
        let paragraph = ParagraphStyle {
            first_line_indent_em: 0.0,
            align: Align::Start,
            direction: Direction::Horizontal,
            rules: self.rules,
        };
        let mut index = 0;
        self.finish(pages, front, |page, offset| {
            for jump in jumps.iter().filter(|j| j.page == index) {
                let number = jump.target + offset + 1;
                let text = if jump.on {
                    locale.continued_on(number)
                } else {
                    locale.continued_from(number)
                };
                let span = Span {
                    text,
                    ..span.clone()
                };
                let Some(line) = typeset::break_paragraph(&[span], &paragraph, jump.width)
                    .into_iter()
                    .next()
                else {
                    continue;
                };
                // "Continued on" closes the block at its end edge, "continued from" opens it
                // at its start edge, as papers print them.
                let x = if jump.on {
                    jump.x + (jump.width - line.width).max(0.0)
                } else {
                    jump.x
                };
                for run in line.runs.into_iter().filter(|r| !r.glyphs.is_empty()) {
                    page.items.push(Item::Text(TextItem {
                        x,
                        y: jump.y,
                        vertical: false,
                        run,
                        tag: Tag::Layout,
                    }));
                }
            }
            index += 1;
        })
    }

    /// Where a jump line goes for `block` on content page `page`: the foot of the block
    /// ("continued on", `on`) or its head ("continued from"), pointing at `target`.
    fn jump_slot(&self, page: usize, block: &Block, top: f32, target: usize, on: bool) -> Jump {
        let grid = self.grid;
        let pitch = design::text(TextKind::Jump).pitch;
        let size = design::text(TextKind::Jump).size;
        let x = grid.content.x + grid.column_start(block.column);
        let width = grid.column_start(block.column + block.width)
            - grid.column_gap
            - grid.column_start(block.column);
        let block_top = grid.content.y + top + block.top;
        let line_top = if on {
            block_top + block.height - pitch
        } else {
            block_top
        };
        Jump {
            page,
            x,
            y: line_top + (pitch - size) / 2.0 + EM_BOX_ASCENT * size,
            width,
            target,
            on,
        }
    }

    /// Article `a` set `k` columns wide, for k = 1..=N (index k - 1).
    fn shapes(
        &mut self,
        s: usize,
        a: usize,
        section_el: ElementId,
        article: &Article,
    ) -> Vec<Shape> {
        let columns = self.grid.columns as usize;
        (1..=columns)
            .map(|k| {
                let elements = self.structure.elements.len();
                let children = self.structure.elements[section_el].children.len();
                let grid = self.block_grid(k, 1.0e6);
                let (_, _, height) = self.lay_out_block(s, a, section_el, article, grid, 0.0);
                self.structure.elements.truncate(elements);
                self.structure.elements[section_el]
                    .children
                    .truncate(children);
                Shape {
                    height,
                    keep: self.head_keep,
                }
            })
            .collect()
    }

    /// A frame grid `k` columns of the page wide and `height` tall, its origin at (0, 0).
    fn block_grid(&self, k: usize, height: f32) -> PageGrid {
        let page = self.grid;
        let width = page.column_start(k) - page.column_gap;
        PageGrid {
            content: Rect {
                x: 0.0,
                y: 0.0,
                width,
                height,
            },
            columns: k as u32,
            ..page
        }
    }

    /// Lays article `a` out into frames on `grid` (the first, then continuations of the same
    /// size, each opening `frame_top` down); returns them, the headline's destination in the
    /// first frame's coordinates and the height used in the last.
    fn lay_out_block(
        &mut self,
        s: usize,
        a: usize,
        section_el: ElementId,
        article: &Article,
        grid: PageGrid,
        frame_top: f32,
    ) -> (Vec<Frame>, Destination, f32) {
        let saved = (self.grid, std::mem::take(&mut self.frames), self.cursor);
        self.grid = grid;
        self.frames = vec![Frame::new(grid, Some(s))];
        self.cursor = 0.0;
        self.frame_top = frame_top;
        self.after_heading = true;
        let target = self.article(s, a, section_el, article);
        let height = self.cursor;
        let frames = std::mem::take(&mut self.frames);
        self.frame_top = 0.0;
        (self.grid, self.frames, self.cursor) = saved;
        (frames, target, height)
    }

    /// The frames of a planned block: the article set to the block's width and height (less a
    /// jump line's room when it continues), its continuations after it.
    fn block_frames(
        &mut self,
        s: usize,
        a: usize,
        section_el: ElementId,
        article: &Article,
        block: &Block,
    ) -> (Vec<Frame>, Destination, f32) {
        let jump = design::text(TextKind::Jump).pitch;
        if block.split {
            let grid = self.block_grid(block.width, block.height - jump);
            // The rest continues at the head of the next page, as tall as a page allows.
            let page_room = self.grid.block_extent() - 2.0 * jump;
            self.continuation_grid = Some(self.block_grid(block.width, page_room));
            let laid = self.lay_out_block(s, a, section_el, article, grid, jump);
            self.continuation_grid = None;
            laid
        } else {
            let grid = self.block_grid(block.width, block.height + 1.0);
            self.lay_out_block(s, a, section_el, article, grid, 0.0)
        }
    }

    /// Plans one page from article `from` on: the blocks and the skyline they leave.
    fn plan_page(
        &self,
        shapes: &[Vec<Shape>],
        from: usize,
        skyline: Vec<f32>,
        owner: Vec<Option<usize>>,
        avail: f32,
    ) -> Plan {
        let start = Plan {
            skyline,
            owner,
            blocks: Vec::new(),
            white: 0.0,
        };
        let mut beam = vec![start];
        let mut finished: Vec<Plan> = Vec::new();
        let foot_white =
            |p: &Plan| -> f32 { p.skyline.iter().map(|&h| (avail - h).max(0.0)).sum::<f32>() };
        for (a, shape) in shapes.iter().enumerate().skip(from) {
            let mut next: Vec<Plan> = Vec::new();
            for plan in &beam {
                let moves = self.moves(plan, a, shape, avail);
                if moves.is_empty() {
                    finished.push(plan.clone());
                }
                for p in moves {
                    // A page ends with the article it continues.
                    if p.blocks.last().is_some_and(|b| b.split) {
                        finished.push(p);
                    } else {
                        next.push(p);
                    }
                }
            }
            if next.is_empty() {
                beam = Vec::new();
                break;
            }
            next.sort_by(|x, y| x.white.total_cmp(&y.white));
            next.truncate(BEAM);
            beam = next;
        }
        finished.extend(beam);
        // Most articles first (a page holds what it can), then least white in all.
        finished
            .into_iter()
            .min_by(|x, y| {
                let placed = |p: &Plan| p.blocks.iter().filter(|b| !b.split).count();
                placed(y)
                    .cmp(&placed(x))
                    .then((x.white + foot_white(x)).total_cmp(&(y.white + foot_white(y))))
            })
            .expect("the search keeps at least the empty plan")
    }

    /// The plans `plan` leads to with article `a` (of `shape`) placed next: at each width, over
    /// each run of columns its block may rest on, whole or split into the foot.
    fn moves(&self, plan: &Plan, a: usize, shape: &[Shape], avail: f32) -> Vec<Plan> {
        let columns = plan.skyline.len();
        let gap = self.st.body_pitch;
        let min_split = 12.0 * self.st.body_pitch;
        let jump = design::text(TextKind::Jump).pitch;
        let mut moves = Vec::new();
        for k in 1..=columns {
            let Shape { height, keep } = shape[k - 1];
            // The lead story: at least half the page wide, at the top.
            if a == 0 && 2 * k < columns {
                continue;
            }
            for c in 0..=columns - k {
                let top = plan.skyline[c..c + k].iter().cloned().fold(0.0, f32::max);
                if a == 0 && top > 0.0 {
                    continue;
                }
                // A block rests on one block (or the page's head) only: text extraction
                // (poppler, after Breuel) reads a block above any of an article's columns
                // before that column, so a second block above its later columns would be
                // read between its columns.
                if plan.owner[c..c + k].iter().any(|&o| o != plan.owner[c]) {
                    continue;
                }
                let white: f32 = plan.skyline[c..c + k].iter().map(|&h| top - h).sum();
                let room = avail - top;
                let (height, split) = if top + height <= avail + EPSILON {
                    (height, false)
                } else if room >= min_split
                    && room - jump >= keep + EPSILON
                    && keep < height - EPSILON
                {
                    // A split keeps the head with its first lines (and leaves something to
                    // continue): never a headline alone in the foot.
                    (room, true)
                } else {
                    continue;
                };
                let mut p = plan.clone();
                for h in &mut p.skyline[c..c + k] {
                    *h = top + height + gap;
                }
                let index = p.blocks.len();
                for o in &mut p.owner[c..c + k] {
                    *o = Some(index);
                }
                p.white += white;
                if split {
                    // A split costs the reader a jump, as much as a few lines of white.
                    p.white += 6.0 * gap * k as f32;
                }
                p.blocks.push(Block {
                    article: a,
                    column: c,
                    width: k,
                    top,
                    height,
                    split,
                });
                moves.push(p);
            }
        }
        moves
    }

    /// Rules between the blocks of a page: under a block with another below it, and in the
    /// gap beside a block with another beside it.
    fn block_rules(&self, page: &mut Frame, blocks: &[Block], top: f32, avail: f32) {
        let grid = self.grid;
        let gap = self.st.body_pitch;
        let rule = design::ARTICLE_RULE;
        let mut push = |from: (f32, f32), to: (f32, f32)| page.push_rule(from, to, rule);
        for b in blocks {
            let x0 = grid.content.x + grid.column_start(b.column);
            let x1 = grid.content.x + grid.column_start(b.column + b.width) - grid.column_gap;
            let y0 = grid.content.y + top + b.top;
            let bottom = b.top + b.height;
            if bottom + gap < avail - EPSILON {
                let y = y0 + b.height + gap / 2.0;
                push((x0, y), (x1, y));
            }
            if b.column + b.width < grid.columns as usize {
                let x = x1 + grid.column_gap / 2.0;
                let y1 = (y0 + b.height + gap / 2.0).min(grid.content.y + grid.content.height);
                push((x, y0), (x, y1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::{self, LoadOptions};
    use crate::fonts::FontSet;
    use crate::layout::{LayoutOptions, PageSize, Placer};

    /// A page where the lead takes the top and a long second story could only start in the
    /// foot: it is split there when its head and first lines (or its picture) fit, and left
    /// for the next page when they do not, rather than leave its headline alone.
    #[test]
    fn a_split_keeps_the_headline_with_its_first_lines_or_picture() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/nmg-2022-01-03/edition.yaml");
        let e = edition::load(&path, &LoadOptions::default()).unwrap();
        let fonts = FontSet::embedded().unwrap();
        let options = LayoutOptions {
            placer: Placer::Newspaper,
            page: PageSize::BROADSHEET,
            ..LayoutOptions::default()
        };
        let layouter = Layouter::new(&e, &fonts, &options).unwrap();
        let columns = 6;
        let avail = 1000.0;
        let plan = |keep: f32| {
            let lead = Shape {
                height: 700.0,
                keep: 100.0,
            };
            let long = Shape {
                height: 3000.0,
                keep,
            };
            // The lead offered across the page only, so the second story starts under it.
            let mut leads = vec![
                Shape {
                    height: f32::INFINITY,
                    keep: f32::INFINITY,
                };
                columns
            ];
            leads[columns - 1] = lead;
            let shapes = vec![leads, vec![long; columns]];
            layouter.plan_page(&shapes, 0, vec![0.0; columns], vec![None; columns], avail)
        };
        // About 290 points are left under the lead: room for a head and a few lines…
        let split = plan(60.0);
        assert_eq!(split.blocks.len(), 2);
        assert!(split.blocks[1].split);
        // …but not for a head over a picture 400 points tall.
        let kept = plan(400.0);
        assert_eq!(kept.blocks.len(), 1, "{:?}", kept.blocks);
    }
}
