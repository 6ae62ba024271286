//! Front matter: the title page (masthead, date, cover picture) and the table of contents,
//! whose entries link to the sections and articles.

use super::columns::*;
use super::frame::Frame;
use super::furniture::*;
use super::layouter::*;
use super::page::*;
use crate::design::{self, TextKind};
use crate::typeset::{Align, Direction, Line, Span};

/// One entry of the table of contents: a section or an article, and where it lands.
struct TocEntry {
    is_section: bool,
    text: String,
    target: Destination,
}

/// An entry set in lines: its text, its page number, its indent and its extent along the
/// block axis (with the space over a section's entry).
struct SetTocEntry {
    lines: Vec<Line>,
    number: Option<Line>,
    indent: f32,
    extent: f32,
}

impl Layouter<'_> {
    /// The title page (masthead, cover, table of contents) and any TOC pages after it,
    /// assuming the front matter takes `front_count` pages.
    pub(super) fn front_matter(
        &mut self,
        front_count: usize,
        title_el: ElementId,
        toc_label_el: ElementId,
        toc_el: ElementId,
    ) -> Vec<Frame> {
        let grid = self.front_grid;
        let mut pages = vec![Frame::new(grid, None)];
        let mut cursor = self.title_block(&mut pages[0].items, title_el);

        // Table of contents.
        let style = design::text(TextKind::TocLabel);
        let label = self.span(self.edition.locale().contents(), style.face, style.size);
        let items = &mut pages[0].items;
        let pitch = style.pitch;
        self.front_paragraph(items, &mut cursor, label, Align::Start, pitch, toc_label_el);
        for entry in self.toc_entries(front_count) {
            let item_el = self.structure.add(toc_el, ElementKind::TocItem);
            let link_el = self.structure.add(item_el, ElementKind::Link);
            let set = self.set_toc_entry(&entry);
            if cursor + set.extent > grid.block_extent() + EPSILON {
                pages.push(Frame::new(grid, None));
                cursor = 0.0;
            }
            if entry.is_section {
                cursor += 4.0;
            }
            let page = pages.last_mut().unwrap();
            self.place_toc_entry(page, &mut cursor, &entry, set, link_el);
        }
        pages
    }

    /// The contents' entries in order: each section, then its articles, with the page each
    /// lands on once `front_count` pages of front matter come first.
    fn toc_entries(&self, front_count: usize) -> Vec<TocEntry> {
        let shift = |target: Destination| Destination {
            page: target.page + front_count,
            ..target
        };
        let e = self.edition;
        e.sections
            .iter()
            .zip(&self.section_targets)
            .zip(&self.article_targets)
            .flat_map(|((section, &section_target), article_targets)| {
                let articles = section.articles.iter().zip(article_targets);
                std::iter::once(TocEntry {
                    is_section: true,
                    text: section.title.clone(),
                    target: shift(section_target),
                })
                .chain(articles.map(|(article, &target)| TocEntry {
                    is_section: false,
                    text: article.headline.clone(),
                    target: shift(target),
                }))
            })
            .collect()
    }

    /// An entry's lines, set short of the room for its page number (articles indented under
    /// their section), and its page number. Entries and their page numbers run in the
    /// body's direction: in vertical text one or two digits stand upright in one em
    /// (tate-chu-yoko), as in the body.
    fn set_toc_entry(&self, entry: &TocEntry) -> SetTocEntry {
        let st = self.st;
        let full = self.front_grid.inline_extent();
        let number_room = st.toc * 4.0;
        let (style, indent) = if entry.is_section {
            (design::face(TextKind::TocSection), 0.0)
        } else {
            (design::face(TextKind::TocArticle), st.toc * 2.0)
        };
        let lines = self.set(
            &[self.span(&entry.text, style, st.toc)],
            0.0,
            Align::Start,
            full - indent - number_room,
            self.direction,
        );
        let number = (entry.target.page + 1).to_string();
        let number = self
            .set(
                &[self.span(&number, design::face(TextKind::TocArticle), st.toc)],
                0.0,
                Align::Start,
                number_room,
                self.direction,
            )
            .into_iter()
            .next();
        let extent = st.toc_pitch * lines.len() as f32 + if entry.is_section { 4.0 } else { 0.0 };
        SetTocEntry {
            lines,
            number,
            indent,
            extent,
        }
    }

    /// Places a set entry on `page` from `cursor`: the link over its lines, the lines, dot
    /// leaders and the page number at the end edge.
    fn place_toc_entry(
        &self,
        page: &mut Frame,
        cursor: &mut f32,
        entry: &TocEntry,
        set: SetTocEntry,
        link_el: ElementId,
    ) {
        let st = self.st;
        let grid = self.front_grid;
        let full = grid.inline_extent();
        let direction = self.direction;
        let indent = set.indent;
        let count = set.lines.len();
        // The link annotation comes first in the link element, then its text.
        let rect = grid.rect(0.0, full, *cursor, st.toc_pitch * count as f32);
        page.items.push(Item::Link(LinkItem {
            rect,
            target: entry.target,
            alt: entry.text.clone(),
            tag: Tag::Element(link_el),
        }));
        let last_width = set.lines.last().map_or(0.0, |l| l.width);
        for line in set.lines {
            place_line(
                &mut page.items,
                &grid,
                indent,
                *cursor,
                st.toc_pitch,
                line,
                Tag::Element(link_el),
            );
            *cursor += st.toc_pitch;
        }
        let Some(number_line) = set.number else {
            return;
        };
        let x = full - number_line.width;
        // Dot leaders from the entry's last line to its page number.
        let from = indent + last_width + st.toc * 0.5;
        let to = x - st.toc * 0.5;
        if to > from {
            let block = *cursor - st.toc_pitch;
            let y = match direction {
                Direction::Horizontal => {
                    baseline_in_pitch(block, st.toc_pitch, st.toc) - st.toc * 0.05
                }
                // Vertical glyphs are centred on the line's axis; so are the dots.
                Direction::Vertical => block + st.toc_pitch / 2.0,
            };
            page.items.push(Item::Rule(RuleItem {
                from: grid.to_page(from, y),
                to: grid.to_page(to, y),
                width: design::TOC_LEADER.width,
                grey: design::TOC_LEADER.grey,
                tag: Tag::Layout,
                dotted: true,
            }));
        }
        place_line(
            &mut page.items,
            &grid,
            x,
            *cursor - st.toc_pitch,
            st.toc_pitch,
            number_line,
            Tag::Element(link_el),
        );
    }

    /// The top of the title page: masthead, date and issue, double rule and cover picture.
    /// Returns the block offset below them.
    pub(super) fn title_block(&mut self, items: &mut Vec<Item>, title_el: ElementId) -> f32 {
        let grid = self.front_grid;
        let full = grid.inline_extent();
        let e = self.edition;
        let mut cursor = 0.0f32;
        let style = design::text(TextKind::Masthead);
        let masthead = self.span(&e.title, style.face, style.size);
        self.front_paragraph(
            items,
            &mut cursor,
            masthead,
            Align::Center,
            style.pitch,
            title_el,
        );
        let mut info = vec![e.display_date()];
        info.extend(e.issue.clone());
        info.extend(e.publisher.clone());
        let style = design::text(TextKind::EditionLine);
        let info = self.span(&info.join("　"), style.face, style.size);
        let pitch = style.pitch;
        self.front_paragraph(items, &mut cursor, info, Align::Center, pitch, title_el);
        cursor += 6.0;
        for (offset, width) in design::MASTHEAD_RULES {
            items.push(Item::Rule(RuleItem {
                from: grid.to_page(0.0, cursor + offset),
                to: grid.to_page(full, cursor + offset),
                width,
                grey: 0.0,
                tag: Tag::Layout,
                dotted: false,
            }));
        }
        cursor += 18.0;

        if let Some(data) = e.cover.as_ref().and_then(|c| c.data.clone()) {
            let el = self.structure.add(
                title_el,
                ElementKind::Figure {
                    alt: e.display_title(),
                },
            );
            let max_h = grid.block_extent() * 0.45;
            let (w, h) = (data.width.max(1) as f32, data.height.max(1) as f32);
            // Block extent per inline extent: the picture's height over its width, or in
            // vertical text (inline runs down the page) its width over its height.
            let aspect = match self.direction {
                Direction::Horizontal => h / w,
                Direction::Vertical => w / h,
            };
            let (iw, ih) = fit_block(full, full * aspect, max_h);
            let rect = grid.rect((full - iw) / 2.0, iw, cursor, ih);
            items.push(Item::Image(ImageItem {
                rect,
                data,
                tag: Tag::Element(el),
            }));
            cursor += ih + 18.0;
        }
        cursor
    }

    /// Sets a paragraph across the front matter's text area and places its lines from `cursor`,
    /// `pitch` apart, advancing the cursor past them.
    pub(super) fn front_paragraph(
        &self,
        items: &mut Vec<Item>,
        cursor: &mut f32,
        span: Span,
        align: Align,
        pitch: f32,
        element: ElementId,
    ) {
        let grid = self.front_grid;
        let lines = self.set(&[span], 0.0, align, grid.inline_extent(), self.direction);
        for line in lines {
            place_line(
                items,
                &grid,
                0.0,
                *cursor,
                pitch,
                line,
                Tag::Element(element),
            );
            *cursor += pitch;
        }
    }
}
