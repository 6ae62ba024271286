//! Writes an edition as YAML in the format people edit by hand (see `spec/edition.md`): bodies
//! as literal blocks (`|`) of blank-line-separated paragraphs, one paragraph per line.
//! serde_yaml cannot emit block scalars, so this writer is explicit; every other scalar is a
//! double-quoted string (JSON string syntax, which YAML reads the same way).

use std::fmt::Write;

use crate::edition::{Article, Edition, Image};

/// The edition as YAML text that `edition::parse_str` reads back into an equal edition.
pub fn to_yaml(edition: &Edition) -> String {
    let mut out = String::new();
    field(&mut out, 0, "title", &edition.title);
    let _ = writeln!(out, "date: {}", edition.date);
    field(&mut out, 0, "language", edition.language.tag());
    if edition.writing_mode != crate::edition::WritingMode::default() {
        let _ = writeln!(out, "writing_mode: {}", edition.writing_mode.css());
    }
    for (key, value) in [
        ("issue", &edition.issue),
        ("publisher", &edition.publisher),
        ("identifier", &edition.identifier),
    ] {
        if let Some(v) = value {
            field(&mut out, 0, key, v);
        }
    }
    if let Some(cover) = &edition.cover {
        field(&mut out, 0, "cover", &cover.path.to_string_lossy());
    }
    out.push_str("sections:\n");
    for section in &edition.sections {
        out.push_str("  - ");
        field(&mut out, 0, "title", &section.title);
        out.push_str("    articles:\n");
        for article in &section.articles {
            write_article(&mut out, article);
        }
    }
    out
}

fn write_article(out: &mut String, a: &Article) {
    out.push_str("      - ");
    field(out, 0, "headline", &a.headline);
    for (key, value) in [
        ("kicker", &a.kicker),
        ("subheadline", &a.subheadline),
        ("dateline", &a.dateline),
        ("byline", &a.byline),
    ] {
        if let Some(v) = value {
            field(out, 8, key, v);
        }
    }
    if let Some(body) = &a.body {
        write_body(out, 8, body);
    }
    if !a.images.is_empty() {
        out.push_str("        images:\n");
        for image in &a.images {
            write_image(out, image);
        }
    }
}

fn write_image(out: &mut String, image: &Image) {
    let mut first = true;
    let mut item = |out: &mut String, key: &str, value: &str| {
        if first {
            out.push_str("          - ");
            field(out, 0, key, value);
            first = false;
        } else {
            field(out, 12, key, value);
        }
    };
    if let Some(src) = &image.src {
        item(out, "src", &src.path.to_string_lossy());
    }
    for (key, value) in [
        ("caption", &image.caption),
        ("credit", &image.credit),
        ("alt", &image.alt),
    ] {
        if let Some(v) = value {
            item(out, key, v);
        }
    }
    if first {
        // An image with no field at all is still an item.
        out.push_str("          - {}\n");
    }
}

/// `key: "value"` at the given indentation.
fn field(out: &mut String, indent: usize, key: &str, value: &str) {
    let _ = writeln!(out, "{:indent$}{key}: {}", "", quoted(value));
}

/// A double-quoted YAML scalar; JSON's escaping is valid YAML.
fn quoted(value: &str) -> String {
    serde_json::to_string(value).expect("a string always serialises")
}

/// The body as a literal block when every line can stand in one (printable, no leading or
/// trailing spaces that a block would lose or misread), else as a quoted string.
fn write_body(out: &mut String, indent: usize, body: &str) {
    let block_safe = !body.trim().is_empty()
        && body.ends_with('\n')
        && !body.ends_with("\n\n")
        && body.lines().all(|l| {
            l == l.trim()
                && !l.starts_with('#')
                && l.chars().all(|c| {
                    !c.is_control() && c != '\u{feff}' && c != '\u{2028}' && c != '\u{2029}'
                })
        })
        && !body.starts_with('\n');
    if !block_safe {
        field(out, indent, "body", body);
        return;
    }
    let _ = writeln!(out, "{:indent$}body: |", "");
    for line in body.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{:width$}{line}", "", width = indent + 2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::{parse_str, Date, Section};
    use std::path::Path;

    fn sample() -> Edition {
        Edition::new(
            "内蒙古日报 \"测试\"",
            Date::parse("2022-01-03").unwrap(),
            vec![Section {
                title: "要闻".into(),
                articles: vec![
                    Article {
                        headline: "#1: 一篇 — 文章".into(),
                        dateline: Some("本报乌海1月2日电".into()),
                        byline: Some("记者 郝飚".into()),
                        body: Some("“没想到：- 第一段”\n\n# 第二段 PM2.5 'x'\n".into()),
                        ..Article::default()
                    },
                    Article {
                        headline: "图片".into(),
                        images: vec![Image {
                            caption: Some("说明。".into()),
                            credit: Some("本报记者 王雅静 摄".into()),
                            ..Image::default()
                        }],
                        ..Article::default()
                    },
                ],
            }],
        )
    }

    #[test]
    fn output_reads_back_into_the_same_edition() {
        let e = sample();
        let text = to_yaml(&e);
        let back = parse_str(Path::new("t.yaml"), &text).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn plain_bodies_are_literal_blocks() {
        let mut e = sample();
        e.sections[0].articles[0].body = Some("第一段。\n\n第二段。\n".into());
        let text = to_yaml(&e);
        assert!(
            text.contains("        body: |\n          第一段。\n\n          第二段。\n"),
            "{text}"
        );
        assert_eq!(parse_str(Path::new("t.yaml"), &text).unwrap(), e);
    }
}
