//! Pages handed to a writer one at a time, so that a whole edition's pages never have to be
//! held at once: the memory a build needs stays that of one page plus the edition, however
//! many pages there are (10,000 articles make about 4,800 A4 pages; holding them all took
//! about 550 MB).
//!
//! The table of contents comes first in the book and names the page of every article, so the
//! pages cannot simply be written as the flow makes them. Two passes over the same flow:
//!
//! 1. [`number`]: the sections are laid out and each content page, once the flow has moved
//!    past it, is looked at (characters drawn as the placeholder) and dropped, keeping only
//!    where its text begins. That fixes every page number, so the front matter (title page,
//!    table of contents) is laid out and kept, with the structure tree and the outline.
//! 2. [`emit`]: the front matter pages are handed out, then the sections are laid out again,
//!    each content page handed out as soon as it is final and dropped.
//!
//! The flow is deterministic, so the second pass makes exactly the pages of the first (a test
//! checks that the pages are those [`super::layout`] returns all at once). The cost is the
//! flow's time twice; the text engine's work is most of it.
//!
//! The newspaper placer arranges a section's articles over its pages in any order and sets
//! jump lines naming later pages; it is not streamed: [`number`] lays it out whole and keeps
//! its pages, and [`emit`] hands them out.

use anyhow::{bail, Result};

use super::layouter::{Layouter, Retire};
use super::missing::{MissingCharacter, MissingScan};
use super::page::*;
use super::{LayoutOptions, Placer};
use crate::edition::Edition;
use crate::fonts::FontSet;

/// What the numbering pass knows of a laid-out edition: everything but the content pages.
#[derive(Debug, Clone)]
pub struct Numbered {
    /// The logical structure, complete (front matter included).
    pub structure: Structure,
    /// Bookmarks, with their final page numbers.
    pub outline: Vec<OutlineEntry>,
    /// Which pages these are ("a4, 2 columns").
    pub provenance: String,
    /// Characters drawn as the placeholder, once each, where they first appear.
    pub missing: Vec<MissingCharacter>,
    /// By page index: where the edition's text on that page begins.
    starts: Vec<Option<TextPosition>>,
    /// The pages [`emit`] hands out as they are: the front matter, or every page when the
    /// content is not laid out again.
    kept: Vec<Page>,
    /// Whether [`emit`] lays the content pages out again after `kept`.
    relayout: bool,
    /// Whether [`emit`] has handed the pages out.
    emitted: bool,
}

impl Numbered {
    /// Where each page begins, as the EPUB's page list needs it.
    pub fn page_starts(&self) -> PageStarts {
        PageStarts {
            starts: self.starts.clone(),
            provenance: self.provenance.clone(),
        }
    }

    /// The number of pages.
    pub fn page_count(&self) -> usize {
        self.starts.len()
    }
}

/// The numbering pass: page numbers, structure, outline and page starts of the edition's
/// pages, keeping only the front matter's pages.
pub fn number(edition: &Edition, fonts: &FontSet, options: &LayoutOptions) -> Result<Numbered> {
    if options.placer != Placer::Book {
        let laid_out = super::layout(edition, fonts, options)?;
        return Ok(Numbered {
            missing: super::missing_characters(&laid_out),
            starts: laid_out
                .pages
                .iter()
                .map(|p| p.text_start.clone())
                .collect(),
            structure: laid_out.structure,
            outline: laid_out.outline,
            provenance: laid_out.provenance,
            kept: laid_out.pages,
            relayout: false,
            emitted: false,
        });
    }
    Ok(Layouter::new(edition, fonts, options)?.run_numbering())
}

/// The pages of the edition `numbered` describes, in order, each handed to `sink` and then
/// dropped; the first error `sink` returns ends the pass and is returned. The pages the
/// numbering pass kept are handed over and dropped too, so `numbered` can be emitted once;
/// its structure, outline and page starts stay.
pub fn emit(
    edition: &Edition,
    fonts: &FontSet,
    options: &LayoutOptions,
    numbered: &mut Numbered,
    sink: &mut dyn FnMut(&Page) -> Result<()>,
) -> Result<()> {
    if numbered.emitted {
        bail!("the pages of this layout were already handed out");
    }
    numbered.emitted = true;
    let kept = std::mem::take(&mut numbered.kept);
    let offset = kept.len();
    for page in kept {
        sink(&page)?;
    }
    if !numbered.relayout {
        return Ok(());
    }
    let mut layouter = Layouter::new(edition, fonts, options)?;
    layouter.retire = Retire::Emit {
        offset,
        sink,
        error: None,
    };
    let content = layouter.run_emitting()?;
    if offset + content != numbered.page_count() {
        bail!(
            "the layout gave {} pages the second time, {} the first",
            offset + content,
            numbered.page_count()
        );
    }
    Ok(())
}

impl Layouter<'_> {
    /// [`number`] for the book: the flow with each content page measured and dropped, then
    /// the front matter.
    fn run_numbering(mut self) -> Numbered {
        self.retire = Retire::Measure(MissingScan::default());
        let front_el = self.flow();
        self.retire_last();
        let content = std::mem::take(&mut self.frames);
        let Retire::Measure(content_scan) = std::mem::replace(&mut self.retire, Retire::Keep)
        else {
            unreachable!("the numbering pass measures")
        };
        let front = self.front_pages(front_el);
        let offset = front.len();
        let kept: Vec<Page> = front
            .into_iter()
            .enumerate()
            .map(|(index, frame)| self.finished_page(frame, index))
            .collect();
        let mut scan = MissingScan::default();
        for (index, page) in kept.iter().enumerate() {
            scan.page(page, index);
        }
        scan.append(content_scan, offset);
        let starts = kept
            .iter()
            .map(|p| p.text_start.clone())
            .chain(content.into_iter().map(|shell| shell.text_start))
            .collect();
        Numbered {
            missing: scan.finish(&self.structure),
            outline: self.outline(offset),
            provenance: self.options.provenance(),
            structure: self.structure,
            starts,
            kept,
            relayout: true,
            emitted: false,
        }
    }

    /// [`emit`]'s second pass for the book: the flow with each content page emitted; returns
    /// the number of content pages.
    fn run_emitting(mut self) -> Result<usize> {
        self.flow();
        self.retire_last();
        match std::mem::replace(&mut self.retire, Retire::Keep) {
            Retire::Emit { error: Some(e), .. } => Err(e),
            _ => Ok(self.frames.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::{self, LoadOptions};
    use crate::layout::PageSize;

    fn load(path: &str) -> Edition {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        edition::load(&path, &LoadOptions::default()).unwrap()
    }

    /// The two passes give the pages, structure, outline and page starts that the layout of
    /// the whole edition at once gives, for a book with a one-page and with a several-page
    /// table of contents, horizontal and vertical, and for the newspaper placer.
    #[test]
    fn streamed_pages_are_the_pages_laid_out_at_once() {
        let fonts = FontSet::embedded().unwrap();
        let sample = load("examples/nmg-2022-01-03/edition.yaml");
        let mut many = sample.clone();
        let articles = many.sections[0].articles.clone();
        for k in 0..6 {
            let mut section = many.sections[0].clone();
            section.title = format!("第{k}版");
            section.articles = articles.clone();
            many.sections.push(section);
        }
        let a5 = LayoutOptions {
            page: PageSize::A5,
            ..LayoutOptions::default()
        };
        let newspaper = LayoutOptions {
            placer: Placer::Newspaper,
            ..LayoutOptions::default()
        };
        let mut vertical = sample.clone();
        vertical.writing_mode = crate::edition::WritingMode::VerticalRl;
        let cases = [
            (&sample, LayoutOptions::default()),
            (&many, a5.clone()),
            (&vertical, a5),
            (&sample, newspaper),
        ];
        for (edition, options) in &cases {
            let whole = super::super::layout(edition, &fonts, options).unwrap();
            let mut numbered = number(edition, &fonts, options).unwrap();
            let mut pages = Vec::new();
            emit(edition, &fonts, options, &mut numbered, &mut |p| {
                pages.push(format!("{p:?}"));
                Ok(())
            })
            .unwrap();
            let expected: Vec<String> = whole.pages.iter().map(|p| format!("{p:?}")).collect();
            assert_eq!(pages.len(), expected.len(), "{}", options.provenance());
            for (k, (got, want)) in pages.iter().zip(&expected).enumerate() {
                assert!(
                    got == want,
                    "page {} differs ({})",
                    k + 1,
                    options.provenance()
                );
            }
            assert_eq!(
                format!("{:?}", numbered.structure),
                format!("{:?}", whole.structure)
            );
            assert_eq!(
                format!("{:?}", numbered.outline),
                format!("{:?}", whole.outline)
            );
            assert_eq!(numbered.page_starts(), whole.page_starts());
            assert_eq!(numbered.missing, super::super::missing_characters(&whole));
        }
        // The several-page contents case does have several front matter pages.
        let numbered = number(&many, &fonts, &cases[1].1).unwrap();
        assert!(numbered.kept.len() > 1, "{}", numbered.kept.len());
    }

    /// The sink's error ends the pass and is returned.
    #[test]
    fn a_failing_sink_stops_the_pages() {
        let fonts = FontSet::embedded().unwrap();
        let sample = load("examples/nmg-2022-01-03/edition.yaml");
        let options = LayoutOptions {
            page: PageSize::A5,
            ..LayoutOptions::default()
        };
        let mut numbered = number(&sample, &fonts, &options).unwrap();
        let mut seen = 0;
        let result = emit(&sample, &fonts, &options, &mut numbered, &mut |_| {
            seen += 1;
            if seen == 3 {
                anyhow::bail!("disk full")
            }
            Ok(())
        });
        assert_eq!(result.unwrap_err().to_string(), "disk full");
        assert_eq!(seen, 3);
        // Its pages were handed out (some of them): not a second time.
        let again = emit(&sample, &fonts, &options, &mut numbered, &mut |_| Ok(()));
        assert!(again.unwrap_err().to_string().contains("already"));
    }
}
