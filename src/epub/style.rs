//! The book's stylesheet: `assets/epub/base.css` with the edition's font faces and fallback
//! stacks filled in, plus `assets/epub/vertical.css` for vertical editions.

use crate::edition::WritingMode;
use crate::fonts::FontStyle;
use crate::locale::Region;

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
/// `embedded` (only the styles it actually uses).
pub fn stylesheet(region: Region, mode: WritingMode, embedded: &[FontStyle]) -> String {
    let mut faces = String::new();
    for &style in embedded {
        let weight = match style {
            FontStyle::Serif => "normal",
            FontStyle::SansBold => "bold",
        };
        faces.push_str(&format!(
            "@font-face {{\n  font-family: \"{}\";\n  font-style: normal;\n  font-weight: {weight};\n  src: url(\"{}\") format(\"opentype\");\n}}\n",
            embedded_family(style),
            font_path(style),
        ));
    }
    let stack = |style: FontStyle| {
        if embedded.contains(&style) {
            format!(
                "\"{}\", {}",
                embedded_family(style),
                system_stack(style, region)
            )
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
        );
        assert!(css.contains("writing-mode: vertical-rl"));
        assert!(!css.contains("fonts/serif.otf"));
        assert!(css.contains("font-family: \"Noto Serif CJK SC\""));
    }
}
