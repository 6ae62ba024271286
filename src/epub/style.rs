//! The book's stylesheet: `assets/epub/base.css` with the edition's font faces and fallback
//! stacks filled in, plus `assets/epub/vertical.css` for vertical editions.

use crate::edition::{Region, WritingMode};
use crate::fonts::{Face, FontStyle};

const BASE_CSS: &str = include_str!("../../assets/epub/base.css");
const VERTICAL_CSS: &str = include_str!("../../assets/epub/vertical.css");

/// CSS family name of an embedded subset face.
pub fn embedded_family(style: FontStyle) -> &'static str {
    match style {
        FontStyle::Serif => "folio-serif",
        FontStyle::SansBold => "folio-sans",
    }
}

/// Path of an embedded subset face inside the book, relative to the stylesheet.
pub fn font_path(style: FontStyle) -> &'static str {
    match style {
        FontStyle::Serif => "fonts/serif.otf",
        FontStyle::SansBold => "fonts/sans-bold.otf",
    }
}

/// A subset of a fallback face embedded in the book, for characters the edition's own faces
/// lack: one file, named in the font stack of each style that uses it, after that style's own
/// face, so that readers take from it only what the first face lacks.
#[derive(Debug, Clone, PartialEq)]
pub struct FallbackFace {
    /// The styles whose text needs it.
    pub styles: Vec<FontStyle>,
    /// Its file's stem (`HanaMinB`), which its CSS family names are made from.
    pub stem: String,
    /// Its path inside the book, relative to the stylesheet (`fonts/HanaMinB.ttf`).
    pub path: String,
    /// `font/ttf` or `font/otf`.
    pub media_type: &'static str,
}

impl FallbackFace {
    /// The embedded subset of `face` for `styles`.
    pub fn new(face: &Face, styles: Vec<FontStyle>) -> FallbackFace {
        let file = face.file();
        let (stem, extension) = file.rsplit_once('.').unwrap_or((file, "ttf"));
        let truetype = extension.eq_ignore_ascii_case("ttf");
        FallbackFace {
            styles,
            stem: stem.to_string(),
            path: format!("fonts/{stem}.{}", if truetype { "ttf" } else { "otf" }),
            media_type: if truetype { "font/ttf" } else { "font/otf" },
        }
    }

    /// Its CSS family name in the stack of `style` (`folio-serif-HanaMinB`).
    pub fn family(&self, style: FontStyle) -> String {
        format!("{}-{}", embedded_family(style), self.stem)
    }
}

/// The `@font-face` rule of an embedded face.
fn font_face(family: &str, style: FontStyle, path: &str, format: &str) -> String {
    let weight = match style {
        FontStyle::Serif => "normal",
        FontStyle::SansBold => "bold",
    };
    format!(
        "@font-face {{\n  font-family: \"{family}\";\n  font-style: normal;\n  font-weight: {weight};\n  src: url(\"{path}\") format(\"{format}\");\n}}\n",
    )
}

/// System fonts of the same design for the region, for characters the subset lacks and for
/// readers that ignore embedded fonts.
fn system_stack(style: FontStyle, region: Region) -> &'static str {
    match (style, region) {
        (FontStyle::Serif, Region::SimplifiedChinese) => {
            "\"Noto Serif CJK SC\", \"Source Han Serif SC\", \"Songti SC\", \"STSong\", \"SimSun\", serif"
        }
        (FontStyle::Serif, Region::TraditionalChinese) => {
            "\"Noto Serif CJK TC\", \"Source Han Serif TC\", \"Songti TC\", \"PMingLiU\", \"MingLiU\", serif"
        }
        (FontStyle::Serif, Region::HongKong) => {
            "\"Noto Serif CJK HK\", \"Source Han Serif HC\", \"Songti TC\", \"MingLiU_HKSCS\", serif"
        }
        (FontStyle::Serif, Region::Japan) => {
            "\"Noto Serif CJK JP\", \"Source Han Serif\", \"Hiragino Mincho ProN\", \"Yu Mincho\", serif"
        }
        (FontStyle::Serif, Region::Korea) => {
            "\"Noto Serif CJK KR\", \"Source Han Serif K\", \"AppleMyungjo\", \"Batang\", serif"
        }
        (FontStyle::SansBold, Region::SimplifiedChinese) => {
            "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", sans-serif"
        }
        (FontStyle::SansBold, Region::TraditionalChinese) => {
            "\"Noto Sans CJK TC\", \"Source Han Sans TC\", \"PingFang TC\", \"Microsoft JhengHei\", sans-serif"
        }
        (FontStyle::SansBold, Region::HongKong) => {
            "\"Noto Sans CJK HK\", \"Source Han Sans HC\", \"PingFang HK\", \"Microsoft JhengHei\", sans-serif"
        }
        (FontStyle::SansBold, Region::Japan) => {
            "\"Noto Sans CJK JP\", \"Source Han Sans\", \"Hiragino Sans\", \"Yu Gothic\", sans-serif"
        }
        (FontStyle::SansBold, Region::Korea) => {
            "\"Noto Sans CJK KR\", \"Source Han Sans K\", \"Apple SD Gothic Neo\", \"Malgun Gothic\", sans-serif"
        }
    }
}

/// The stylesheet for an edition in `region` and `mode` whose book embeds the faces in
/// `embedded` (only the styles it actually uses) and the fallback faces in `fallbacks`.
pub fn stylesheet(
    region: Region,
    mode: WritingMode,
    embedded: &[FontStyle],
    fallbacks: &[FallbackFace],
) -> String {
    let mut faces = String::new();
    for &style in embedded {
        faces.push_str(&font_face(
            embedded_family(style),
            style,
            font_path(style),
            "opentype",
        ));
    }
    for fallback in fallbacks {
        let format = if fallback.media_type == "font/ttf" {
            "truetype"
        } else {
            "opentype"
        };
        for &style in &fallback.styles {
            faces.push_str(&font_face(
                &fallback.family(style),
                style,
                &fallback.path,
                format,
            ));
        }
    }
    let stack = |style: FontStyle| {
        if embedded.contains(&style) {
            let mut stack = format!("\"{}\", ", embedded_family(style));
            for fallback in fallbacks.iter().filter(|f| f.styles.contains(&style)) {
                stack.push_str(&format!("\"{}\", ", fallback.family(style)));
            }
            stack + system_stack(style, region)
        } else {
            system_stack(style, region).to_string()
        }
    };
    let mut css = BASE_CSS
        .replace("{{font_faces}}", faces.trim_end())
        .replace("{{serif}}", &stack(FontStyle::Serif))
        .replace("{{sans}}", &stack(FontStyle::SansBold));
    if mode == WritingMode::VerticalRl {
        css.push_str(VERTICAL_CSS);
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_faces_come_first_in_the_stacks() {
        let css = stylesheet(
            Region::TraditionalChinese,
            WritingMode::HorizontalTb,
            &[FontStyle::Serif, FontStyle::SansBold],
            &[],
        );
        assert!(css.contains("font-family: \"folio-serif\", \"Noto Serif CJK TC\""));
        assert!(css.contains("src: url(\"fonts/sans-bold.otf\")"));
        assert!(css.contains("line-break: strict"));
        assert!(!css.contains("{{"));
        assert!(!css.contains("vertical-rl"));
    }

    #[test]
    fn vertical_editions_get_vertical_css_and_unused_faces_are_left_out() {
        let css = stylesheet(
            Region::SimplifiedChinese,
            WritingMode::VerticalRl,
            &[FontStyle::SansBold],
            &[],
        );
        assert!(css.contains("writing-mode: vertical-rl"));
        assert!(!css.contains("fonts/serif.otf"));
        assert!(css.contains("font-family: \"Noto Serif CJK SC\""));
    }

    #[test]
    fn fallback_faces_follow_the_own_face_of_each_style_that_uses_them() {
        let fallback = FallbackFace {
            styles: vec![FontStyle::Serif, FontStyle::SansBold],
            stem: "HanaMinB".to_string(),
            path: "fonts/HanaMinB.ttf".to_string(),
            media_type: "font/ttf",
        };
        let css = stylesheet(
            Region::TraditionalChinese,
            WritingMode::HorizontalTb,
            &[FontStyle::Serif, FontStyle::SansBold],
            &[fallback],
        );
        assert!(css.contains(
            "font-family: \"folio-serif\", \"folio-serif-HanaMinB\", \"Noto Serif CJK TC\""
        ));
        assert!(css.contains("font-family: \"folio-sans\", \"folio-sans-HanaMinB\", "));
        assert_eq!(
            css.matches("src: url(\"fonts/HanaMinB.ttf\") format(\"truetype\")")
                .count(),
            2,
            "{css}"
        );
    }
}
