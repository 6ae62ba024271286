//! The XHTML documents of the book: cover, section pages and one document per article. Every
//! text goes through [`TextStyles`], which escapes it and records which characters each font
//! style has to render, so the embedded subsets hold exactly what the pages show.

use std::collections::BTreeSet;

use crate::edition::{Article, Image, Section};
use crate::fonts::FontStyle;

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

    /// Escapes `text` for XHTML and records its characters as set in `style`. In vertical
    /// books, short numbers are set upright across the column (see [`tate_chu_yoko`]).
    pub fn text(&mut self, style: FontStyle, text: &str) -> String {
        let set = match style {
            FontStyle::Serif => &mut self.serif,
            FontStyle::SansBold => &mut self.sans,
        };
        set.extend(text.chars().filter(|c| !c.is_control()));
        if self.vertical {
            tate_chu_yoko(text)
        } else {
            escape(text)
        }
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

/// A complete XHTML document in the edition's language.
fn document(lang: &str, title: &str, body: &str) -> String {
    let lang = escape(lang);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

/// The cover page: the cover picture alone, with the text it shows as its alternative.
pub fn cover_page(lang: &str, title: &str, image_href: &str, alt: &str) -> String {
    let body = format!(
        "<div class=\"cover\"><img epub:type=\"cover\" role=\"doc-cover\" src=\"{}\" alt=\"{}\"/></div>\n",
        escape(image_href),
        escape(alt)
    );
    document(lang, title, &body)
}

/// A section's opening page: its title as the level-1 heading, and the edition it belongs to.
pub fn section_page(
    lang: &str,
    section: &Section,
    edition_line: &str,
    styles: &mut TextStyles,
) -> String {
    let body = format!(
        "<section epub:type=\"part\" role=\"doc-part\" aria-labelledby=\"section-title\">\n\
         <h1 id=\"section-title\">{}</h1>\n<p class=\"edition-line\">{}</p>\n</section>\n",
        styles.text(FontStyle::SansBold, section.title.trim()),
        styles.text(FontStyle::Serif, edition_line),
    );
    document(lang, section.title.trim(), &body)
}

/// An article: the headline block (kicker, headline as a level-2 heading under the section's,
/// subheadline, a standalone byline), the body with the dateline and byline leading the first
/// paragraph, then the figures. `images` holds, for each of the article's images, where its
/// picture is stored (`None` when the edition gave no `src`).
pub fn article_page(
    lang: &str,
    article: &Article,
    images: &[Option<StoredImage>],
    styles: &mut TextStyles,
) -> String {
    let mut body = String::from("<article aria-labelledby=\"headline\">\n<header>\n");
    if let Some(kicker) = non_empty(&article.kicker) {
        body.push_str(&format!(
            "<p class=\"kicker\">{}</p>\n",
            styles.text(FontStyle::SansBold, kicker)
        ));
    }
    body.push_str(&format!(
        "<h2 id=\"headline\">{}</h2>\n",
        styles.text(FontStyle::SansBold, article.headline.trim())
    ));
    if let Some(sub) = non_empty(&article.subheadline) {
        body.push_str(&format!(
            "<p class=\"subheadline\">{}</p>\n",
            styles.text(FontStyle::SansBold, sub)
        ));
    }
    if let Some(byline) = article.standalone_byline().filter(|b| !b.is_empty()) {
        body.push_str(&format!(
            "<p class=\"byline\">{}</p>\n",
            styles.text(FontStyle::Serif, byline)
        ));
    }
    body.push_str("</header>\n");
    let lead = article.lead().filter(|l| !l.trim().is_empty()).map(|l| {
        format!(
            "<span class=\"lead\">{}</span>",
            styles.text(FontStyle::SansBold, &l)
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
        body.push_str(&format!(
            "<p>{lead}{}</p>\n",
            styles.text(FontStyle::Serif, paragraph)
        ));
    }
    for (image, stored) in article.images.iter().zip(images) {
        body.push_str(&figure(image, stored.as_ref(), styles));
    }
    body.push_str("</article>\n");
    document(lang, article.headline.trim(), &body)
}

/// One image as a `<figure>`: the picture with its text alternative (empty, so marked
/// decorative, only when the edition gives neither alt text nor caption), then the caption
/// and credit. Without a picture only the caption and credit are printed.
fn figure(image: &Image, stored: Option<&StoredImage>, styles: &mut TextStyles) -> String {
    let caption = non_empty(&image.caption);
    let credit = non_empty(&image.credit);
    if stored.is_none() && caption.is_none() && credit.is_none() {
        return String::new();
    }
    let mut out = String::from(if stored.is_some() {
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
            out.push_str(&format!(
                "<span class=\"caption\">{}</span>",
                styles.text(FontStyle::Serif, caption)
            ));
        }
        if let Some(credit) = credit {
            if caption.is_some() {
                // Readers that ignore the stylesheet still see the two apart.
                out.push(' ');
            }
            out.push_str(&format!(
                "<span class=\"credit\">{}</span>",
                styles.text(FontStyle::Serif, credit)
            ));
        }
        out.push_str("</figcaption>\n");
    }
    out.push_str("</figure>\n");
    out
}

/// Escapes `text` and wraps each standalone run of one or two ASCII digits (`10月9日`, not
/// `1952` or `3.5`) in `<span class="tcy">`, which the stylesheet sets upright with
/// `text-combine-upright`, as vertical CJK typesetting does; longer numbers stay rotated.
pub fn tate_chu_yoko(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let joins_number = |c: Option<&char>| {
        c.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%'))
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            let standalone = !joins_number(start.checked_sub(1).map(|p| &chars[p]))
                && !joins_number(chars.get(i));
            if run.len() <= 2 && standalone {
                out.push_str(&format!("<span class=\"tcy\">{run}</span>"));
            } else {
                out.push_str(&run);
            }
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_ascii_digit() {
                i += 1;
            }
            out.push_str(&escape(&chars[start..i].iter().collect::<String>()));
        }
    }
    out
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
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
        let page = article_page("zh-Hans", &article, &[], &mut styles);
        assert!(
            page.contains("<h2 id=\"headline\">A &lt; B &amp; &quot;C&quot; &apos;D&apos;</h2>")
        );
        assert!(page
            .contains("<p><span class=\"lead\">本报乌海1月2日电（记者 郝飚）</span>“没想到…”</p>"));
        assert!(page.contains("<p class=\"kicker\">引题</p>"));
        assert!(page.contains("lang=\"zh-Hans\" xml:lang=\"zh-Hans\""));
        assert!(styles.chars(FontStyle::SansBold).contains(&'郝'));
        assert!(styles.chars(FontStyle::Serif).contains(&'段'));
        assert!(!styles.chars(FontStyle::Serif).contains(&'郝'));
    }

    #[test]
    fn short_numbers_stand_upright_in_vertical_text() {
        assert_eq!(
            tate_chu_yoko("10月9日電 1952年 3.5% <A1>"),
            "<span class=\"tcy\">10</span>月<span class=\"tcy\">9</span>日電 1952年 3.5% &lt;A1&gt;"
        );
        let mut vertical = TextStyles::new(true);
        assert_eq!(
            vertical.text(FontStyle::Serif, "約12萬度"),
            "約<span class=\"tcy\">12</span>萬度"
        );
        let mut horizontal = TextStyles::default();
        assert_eq!(horizontal.text(FontStyle::Serif, "約12萬度"), "約12萬度");
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
        let page = article_page("zh-Hans", &article, &[None, Some(stored)], &mut styles);
        assert!(page.contains("<figure class=\"no-picture\">\n<figcaption><span class=\"caption\">说明</span> <span class=\"credit\">本报记者 摄</span></figcaption>"));
        assert!(page.contains("<img src=\"images/a.png\" alt=\"有图\" width=\"4\" height=\"3\"/>"));
        assert_eq!(page.matches("<img").count(), 1);
    }
}
