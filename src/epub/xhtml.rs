//! The XHTML documents of the book: cover, section pages and one document per article. Every
//! text goes through [`TextStyles`], which escapes it and records which characters each font
//! style has to render, so the embedded subsets hold exactly what the pages show.

use std::collections::BTreeSet;

use super::style::face;
use crate::design::TextKind;
use crate::edition::{Article, Image, Section};
use crate::fonts::FontStyle;

use super::inline;
use super::non_empty;
use super::pagelist::{self, Spot};
use super::xml::escape;

/// The characters each font style renders in the book, gathered while the documents are
/// written (ordered sets, so subsets and output are deterministic).
#[derive(Debug, Default, Clone)]
pub struct TextStyles {
    serif: BTreeSet<char>,
    sans: BTreeSet<char>,
    vertical: bool,
}

impl TextStyles {
    /// A collector for a horizontal (`vertical == false`) or vertical book.
    pub fn new(vertical: bool) -> TextStyles {
        TextStyles {
            vertical,
            ..TextStyles::default()
        }
    }

    /// Escapes `text` for XHTML and records its characters as set in `style`, with the inline
    /// markup of [`inline::markup`] (CJK–Latin spacing, break opportunities in long tokens,
    /// upright short numbers in vertical books).
    pub fn text(&mut self, style: FontStyle, text: &str) -> String {
        self.text_marked(style, text, &[])
    }

    /// [`TextStyles::text`] with page-break markers: `marks` holds, sorted by offset, the
    /// character offset into `text` (before escaping, so escapes cannot shift it) and the page
    /// number of each marker.
    pub fn text_marked(
        &mut self,
        style: FontStyle,
        text: &str,
        marks: &[(usize, usize)],
    ) -> String {
        let set = match style {
            FontStyle::Serif => &mut self.serif,
            FontStyle::SansBold => &mut self.sans,
        };
        set.extend(text.chars().filter(|c| !c.is_control()));
        inline::markup(text, marks, self.vertical)
    }

    /// The characters set in `style`, in code point order.
    pub fn chars(&self, style: FontStyle) -> &BTreeSet<char> {
        match style {
            FontStyle::Serif => &self.serif,
            FontStyle::SansBold => &self.sans,
        }
    }
}

/// A picture stored in the book, as an article's `<img>` refers to it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredImage {
    /// Path inside the book, relative to the documents.
    pub href: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// A complete XHTML document in the edition's language; `class`, when not empty, is given to
/// the root element.
fn document(lang: &str, title: &str, class: &str, body: &str) -> String {
    let lang = escape(lang);
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", escape(class))
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\"{class}>\n<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

/// The cover page: the cover picture alone, with the text it shows as its alternative. Its
/// root has the class `cover-page`, which keeps it horizontal in vertical books: a reader
/// sizes a horizontal page's picture to the page, but a vertical one's by the window, and cuts
/// it off (Foliate).
pub fn cover_page(lang: &str, title: &str, image_href: &str, alt: &str) -> String {
    let body = format!(
        "<div class=\"cover\"><img epub:type=\"cover\" role=\"doc-cover\" src=\"{}\" alt=\"{}\"/></div>\n",
        escape(image_href),
        escape(alt)
    );
    document(lang, title, "cover-page", &body)
}

/// A section's opening page: its title as the level-1 heading, and the edition it belongs to.
/// `page_breaks` lists the pages whose markers open the document (see [`super::pagelist`]).
pub fn section_page(
    lang: &str,
    section: &Section,
    edition_line: &str,
    page_breaks: &[usize],
    styles: &mut TextStyles,
) -> String {
    let markers: String = page_breaks.iter().map(|&n| pagelist::marker(n)).collect();
    let body = format!(
        "{markers}<section epub:type=\"part\" role=\"doc-part\" aria-labelledby=\"section-title\">\n\
         <h1 id=\"section-title\">{}</h1>\n<p class=\"edition-line\">{}</p>\n</section>\n",
        styles.text(face(TextKind::SectionTitle), section.title.trim()),
        styles.text(face(TextKind::EditionLine), edition_line),
    );
    document(lang, section.title.trim(), "", &body)
}

/// A page-break marker in an article's document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleMark {
    /// The block it goes into.
    pub spot: Spot,
    /// Characters into the block's printed text; 0 puts the marker before the block.
    pub offset: usize,
    /// The page number.
    pub number: usize,
}

/// The markers of one article, handed out block by block as the document is written; what no
/// block takes (a block the article does not print) closes the article.
struct PendingMarks {
    marks: Vec<Option<ArticleMark>>,
}

impl PendingMarks {
    /// Markers to write before the block `spot` (offset 0), in page order.
    fn before(&mut self, spot: Spot) -> String {
        let mut out = String::new();
        for slot in &mut self.marks {
            if slot.is_some_and(|m| m.spot == spot && m.offset == 0) {
                out.push_str(&pagelist::marker(slot.take().unwrap().number));
            }
        }
        out
    }

    /// Markers inside the text of `spot`, as `(offset, page)` sorted by offset.
    fn inside(&mut self, spot: Spot) -> Vec<(usize, usize)> {
        let mut inside: Vec<(usize, usize)> = Vec::new();
        for slot in &mut self.marks {
            if slot.is_some_and(|m| m.spot == spot) {
                let m = slot.take().unwrap();
                inside.push((m.offset, m.number));
            }
        }
        inside.sort_by_key(|&(offset, _)| offset);
        inside
    }

    /// Every marker not written yet, in page order.
    fn rest(&mut self) -> String {
        self.marks
            .iter_mut()
            .filter_map(Option::take)
            .map(|m| pagelist::marker(m.number))
            .collect()
    }
}

/// An article: the headline block (kicker, headline as a level-2 heading under the section's,
/// subheadline, a standalone byline), the body with the dateline and byline leading the first
/// paragraph, then the figures. `images` holds, for each of the article's images, where its
/// picture is stored (`None` when the edition gave no `src`); `marks` the page breaks that fall
/// in the article.
pub fn article_page(
    lang: &str,
    article: &Article,
    images: &[Option<StoredImage>],
    marks: &[ArticleMark],
    styles: &mut TextStyles,
) -> String {
    let mut marks = PendingMarks {
        marks: marks.iter().copied().map(Some).collect(),
    };
    let mut body = String::from("<article aria-labelledby=\"headline\">\n<header>\n");
    if let Some(kicker) = non_empty(&article.kicker) {
        body.push_str(&marks.before(Spot::Kicker));
        let inside = marks.inside(Spot::Kicker);
        body.push_str(&format!(
            "<p class=\"kicker\">{}</p>\n",
            styles.text_marked(face(TextKind::Kicker), kicker, &inside)
        ));
    }
    body.push_str(&marks.before(Spot::Headline));
    let inside = marks.inside(Spot::Headline);
    body.push_str(&format!(
        "<h2 id=\"headline\">{}</h2>\n",
        styles.text_marked(face(TextKind::Headline), article.headline.trim(), &inside)
    ));
    if let Some(sub) = non_empty(&article.subheadline) {
        body.push_str(&marks.before(Spot::Subheadline));
        let inside = marks.inside(Spot::Subheadline);
        body.push_str(&format!(
            "<p class=\"subheadline\">{}</p>\n",
            styles.text_marked(face(TextKind::Subheadline), sub, &inside)
        ));
    }
    if let Some(byline) = article.standalone_byline().filter(|b| !b.is_empty()) {
        body.push_str(&marks.before(Spot::Byline));
        let inside = marks.inside(Spot::Byline);
        body.push_str(&format!(
            "<p class=\"byline\">{}</p>\n",
            styles.text_marked(face(TextKind::Byline), byline, &inside)
        ));
    }
    body.push_str("</header>\n");
    let lead = article.lead().filter(|l| !l.trim().is_empty()).map(|l| {
        format!(
            "<span class=\"lead\">{}</span>",
            styles.text(face(TextKind::Dateline), &l)
        )
    });
    let paragraphs = article.paragraphs();
    if paragraphs.is_empty() {
        if let Some(lead) = &lead {
            body.push_str(&format!("<p>{lead}</p>\n"));
        }
    }
    for (i, paragraph) in paragraphs.iter().enumerate() {
        let lead = if i == 0 {
            lead.as_deref().unwrap_or("")
        } else {
            ""
        };
        body.push_str(&marks.before(Spot::Paragraph(i)));
        let inside = marks.inside(Spot::Paragraph(i));
        body.push_str(&format!(
            "<p>{lead}{}</p>\n",
            styles.text_marked(face(TextKind::Body), paragraph, &inside)
        ));
    }
    for (i, (image, stored)) in article.images.iter().zip(images).enumerate() {
        body.push_str(&figure(i, image, stored.as_ref(), &mut marks, styles));
    }
    body.push_str(&marks.rest());
    body.push_str("</article>\n");
    document(lang, article.headline.trim(), "", &body)
}

/// Image `index` as a `<figure>`: the picture with its text alternative (empty, so marked
/// decorative, only when the edition gives neither alt text nor caption), then the caption
/// and credit. Without a picture only the caption and credit are printed.
fn figure(
    index: usize,
    image: &Image,
    stored: Option<&StoredImage>,
    marks: &mut PendingMarks,
    styles: &mut TextStyles,
) -> String {
    let caption = non_empty(&image.caption);
    let credit = non_empty(&image.credit);
    if stored.is_none() && caption.is_none() && credit.is_none() {
        return String::new();
    }
    let mut out = marks.before(Spot::Figure(index));
    out.push_str(if stored.is_some() {
        "<figure>\n"
    } else {
        "<figure class=\"no-picture\">\n"
    });
    if let Some(stored) = stored {
        out.push_str(&format!(
            "<img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\"/>\n",
            escape(&stored.href),
            escape(image.alt_text().trim()),
            stored.width,
            stored.height
        ));
    }
    if caption.is_some() || credit.is_some() {
        out.push_str("<figcaption>");
        if let Some(caption) = caption {
            out.push_str(&marks.before(Spot::Caption(index)));
            let inside = marks.inside(Spot::Caption(index));
            out.push_str(&format!(
                "<span class=\"caption\">{}</span>",
                styles.text_marked(face(TextKind::Caption), caption, &inside)
            ));
        }
        if let Some(credit) = credit {
            if caption.is_some() {
                // Readers that ignore the stylesheet still see the two apart.
                out.push(' ');
            }
            out.push_str(&marks.before(Spot::Credit(index)));
            let inside = marks.inside(Spot::Credit(index));
            out.push_str(&format!(
                "<span class=\"credit\">{}</span>",
                styles.text_marked(face(TextKind::Credit), credit, &inside)
            ));
        }
        out.push_str("</figcaption>\n");
    }
    out.push_str("</figure>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lead_opens_the_first_paragraph_and_text_is_escaped() {
        let article = Article {
            headline: "A < B & \"C\" 'D'".into(),
            kicker: Some("引题".into()),
            dateline: Some("本报乌海1月2日电".into()),
            byline: Some("记者 郝飚".into()),
            body: Some("“没想到…”\n\n第二段".into()),
            ..Default::default()
        };
        let mut styles = TextStyles::default();
        let page = article_page("zh-Hans", &article, &[], &[], &mut styles);
        assert!(
            page.contains("<h2 id=\"headline\">A &lt; B &amp; &quot;C&quot; &apos;D&apos;</h2>")
        );
        assert!(page.contains(
            "<p><span class=\"lead\">本报乌海<span class=\"sp-ba\">1</span>月\
             <span class=\"sp-ba\">2</span>日电（记者 郝飚）</span>“没想到…”</p>"
        ));
        assert!(page.contains("<p class=\"kicker\">引题</p>"));
        assert!(page.contains("lang=\"zh-Hans\" xml:lang=\"zh-Hans\""));
        assert!(styles.chars(FontStyle::SansBold).contains(&'郝'));
        assert!(styles.chars(FontStyle::Serif).contains(&'段'));
        assert!(!styles.chars(FontStyle::Serif).contains(&'郝'));
    }

    #[test]
    fn markup_goes_through_inline_and_markers_reach_every_block() {
        let marker = |n| pagelist::marker(n);
        let mut vertical = TextStyles::new(true);
        assert_eq!(
            vertical.text(FontStyle::Serif, "約12萬度"),
            "約<span class=\"tcy\">12</span>萬度"
        );
        let article = Article {
            headline: " 标题".into(),
            dateline: Some("本报讯".into()),
            body: Some("第一段文字\n\n第二段".into()),
            ..Default::default()
        };
        let marks = [
            ArticleMark {
                spot: Spot::Headline,
                offset: 0,
                number: 2,
            },
            ArticleMark {
                spot: Spot::Paragraph(0),
                offset: 3,
                number: 3,
            },
            ArticleMark {
                spot: Spot::Kicker,
                offset: 0,
                number: 4,
            },
        ];
        let page = article_page("zh-Hans", &article, &[], &marks, &mut TextStyles::default());
        assert!(page.contains(&format!("{}<h2 id=\"headline\">标题</h2>", marker(2))));
        assert!(page.contains(&format!(
            "<p><span class=\"lead\">本报讯</span>第一段{}文字</p>",
            marker(3)
        )));
        // The article prints no kicker: its marker closes the article rather than vanish.
        assert!(page.contains(&format!("{}</article>", marker(4))));
    }

    #[test]
    fn a_picture_without_src_prints_caption_and_credit_only() {
        let article = Article {
            headline: "图".into(),
            images: vec![
                Image {
                    caption: Some("说明".into()),
                    credit: Some("本报记者 摄".into()),
                    ..Default::default()
                },
                Image {
                    caption: Some("有图".into()),
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let stored = StoredImage {
            href: "images/a.png".into(),
            width: 4,
            height: 3,
        };
        let mut styles = TextStyles::default();
        let page = article_page("zh-Hans", &article, &[None, Some(stored)], &[], &mut styles);
        assert!(page.contains("<figure class=\"no-picture\">\n<figcaption><span class=\"caption\">说明</span> <span class=\"credit\">本报记者 摄</span></figcaption>"));
        assert!(page.contains("<img src=\"images/a.png\" alt=\"有图\" width=\"4\" height=\"3\"/>"));
        assert_eq!(page.matches("<img").count(), 1);
    }
}
