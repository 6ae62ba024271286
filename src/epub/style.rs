//! The book's stylesheet: `assets/epub/base.css` with the edition's font faces and fallback
//! stacks filled in, plus `assets/epub/vertical.css` for vertical editions.

use crate::design::{self, TextKind};
use crate::edition::WritingMode;
use crate::fonts::FontStyle;
use crate::locale::{Locale, Region};
use crate::typeset::{LineStart, Rules, WordBreak};

const BASE_CSS: &str = include_str!("../../assets/epub/base.css");
const VERTICAL_CSS: &str = include_str!("../../assets/epub/vertical.css");

/// The face the EPUB sets `kind` in: the design table's.
pub fn face(kind: TextKind) -> FontStyle {
    design::face(kind)
}

/// The elements (CSS selectors) that print each kind of text the stylesheet sets a face for;
/// body text, the default, is set on `body`.
const SELECTORS: [(&str, TextKind); 7] = [
    ("h1", TextKind::SectionTitle),
    ("h2", TextKind::Headline),
    (".kicker", TextKind::Kicker),
    (".subheadline", TextKind::Subheadline),
    (".lead", TextKind::Dateline),
    (".byline", TextKind::Byline),
    (".credit", TextKind::Credit),
];

/// The selectors of the kinds of text set in `style`.
fn selectors(style: FontStyle) -> String {
    let chosen: Vec<&str> = SELECTORS
        .iter()
        .filter(|&&(_, kind)| face(kind) == style)
        .map(|&(selector, _)| selector)
        .collect();
    chosen.join(", ")
}

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

/// The stylesheet for an edition in `locale` and `mode` whose book embeds the faces in
/// `embedded` (only the styles it actually uses).
pub fn stylesheet(locale: Locale, mode: WritingMode, embedded: &[FontStyle]) -> String {
    let region = locale.region();
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
        .replace(
            "{{language_rules}}",
            &language_css(&Rules::for_locale(locale)),
        )
        .replace("{{serif}}", &stack(FontStyle::Serif))
        .replace("{{sans}}", &stack(FontStyle::SansBold))
        .replace("{{sans_selectors}}", &selectors(FontStyle::SansBold));
    if mode == WritingMode::VerticalRl {
        css.push_str(VERTICAL_CSS);
    }
    css
}

/// The line-breaking and spacing rules of the edition's language, in CSS, so that reading
/// systems set the EPUB by the rules the text engine sets the PDF by ([`Rules`]): kinsoku
/// (`line-break`), Korean words kept whole (`word-break: keep-all`, a word longer than the
/// line still broken), opening marks trimmed at line starts after the first
/// (`text-spacing-trim: space-first`; centred Traditional Chinese stops are left whole by the
/// engines that read the font, as by folio), no CJK–Latin space beside Hangul.
fn language_css(rules: &Rules) -> String {
    let mut css = String::from(
        "/* The rules of the edition's language, as the PDF is set by them. */\nhtml {\n",
    );
    // `strict` for every CJK language: jlreq's strict rule for Japanese; for Chinese and
    // Korean, which have no kana rule of their own, UAX #14 keeps small kana and iteration
    // marks off a line start in folio's engine too, so `strict` is what it does.
    let line_break = if rules.cjk || rules.line_start == LineStart::Strict {
        "strict"
    } else {
        "auto"
    };
    for prefix in ["", "-webkit-", "-epub-"] {
        css.push_str(&format!("  {prefix}line-break: {line_break};\n"));
    }
    if rules.word_break == WordBreak::KeepAll {
        css.push_str("  word-break: keep-all;\n  -epub-word-break: keep-all;\n");
        css.push_str("  overflow-wrap: break-word;\n");
    }
    if rules.cjk {
        css.push_str("  text-spacing-trim: space-first;\n");
    }
    if !rules.autospace_hangul {
        css.push_str("  text-autospace: no-autospace;\n");
    }
    css.push_str("}\n");
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_faces_come_first_in_the_stacks() {
        let css = stylesheet(
            Locale::parse("zh-Hant").unwrap(),
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
            Locale::parse("zh-Hans").unwrap(),
            WritingMode::VerticalRl,
            &[FontStyle::SansBold],
        );
        assert!(css.contains("writing-mode: vertical-rl"));
        assert!(!css.contains("fonts/serif.otf"));
        assert!(css.contains("font-family: \"Noto Serif CJK SC\""));
    }

    #[test]
    fn each_language_gets_its_own_breaking_and_spacing_rules() {
        let css = |tag: &str| {
            stylesheet(
                Locale::parse(tag).unwrap(),
                WritingMode::HorizontalTb,
                &[FontStyle::Serif],
            )
        };
        let ko = css("ko");
        assert!(ko.contains("word-break: keep-all"), "{ko}");
        assert!(ko.contains("text-autospace: no-autospace"));
        assert!(ko.contains("overflow-wrap: break-word"));
        for tag in ["zh-Hans", "zh-Hant", "ja"] {
            let other = css(tag);
            assert!(!other.contains("keep-all"), "{tag}");
            // CJK–Latin spacing is in the markup (epub::inline), never the engine's.
            assert!(other.contains("text-autospace: no-autospace"), "{tag}");
            assert!(!other.contains("text-autospace: normal"), "{tag}");
            assert!(other.contains("line-break: strict"), "{tag}");
            assert!(other.contains("text-spacing-trim: space-first"), "{tag}");
        }
        assert!(!css("en").contains("text-spacing-trim"));
    }
}
