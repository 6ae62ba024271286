//! BCP 47 language tags, as far as folio needs them: the language, the script subtag and the
//! region subtag, and the regional CJK variant (glyph shapes, punctuation position) they call for.

/// The subtags of a BCP 47 tag that choose words, faces and rules: `zh-Hant-HK` is language
/// `zh`, script `Hant`, region `HK`. Extended language subtags, variants, extensions and
/// private use are accepted and ignored.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tag {
    /// The primary language subtag, lower-cased: `zh`, `ja`, `ko`, `en`.
    pub language: String,
    /// The script subtag in title case (`Hans`, `Hant`, `Latn`), if given.
    pub script: Option<String>,
    /// The region subtag in upper case (`TW`, `HK`, `KR`, `419`), if given.
    pub region: Option<String>,
}

/// The regional CJK variant a language calls for: glyph shapes and punctuation positions differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    /// Japanese.
    Japan,
    /// Korean.
    Korea,
    /// Simplified Chinese (mainland).
    SimplifiedChinese,
    /// Traditional Chinese (Taiwan).
    TraditionalChinese,
    /// Traditional Chinese (Hong Kong).
    HongKong,
}

impl Region {
    /// The suffix of the Noto CJK family name for this region: `SC`, `TC`, `HK`, `JP`, `KR`.
    pub fn noto_suffix(self) -> &'static str {
        match self {
            Region::Japan => "JP",
            Region::Korea => "KR",
            Region::SimplifiedChinese => "SC",
            Region::TraditionalChinese => "TC",
            Region::HongKong => "HK",
        }
    }
}

impl Tag {
    /// Parses a tag, checking its shape: a primary subtag of 2–3 letters, then subtags of 1–8
    /// letters or digits. The first 4-letter subtag is the script, the first 2-letter or
    /// 3-digit one (before any singleton such as `-u-` or `-x-`) the region.
    pub fn parse(s: &str) -> Result<Tag, String> {
        let t = s.trim();
        let mut parts = t.split('-');
        let primary = parts.next().unwrap_or("");
        let rest: Vec<&str> = parts.collect();
        let ok = (2..=3).contains(&primary.len())
            && primary.bytes().all(|b| b.is_ascii_alphabetic())
            && rest.iter().all(|p| {
                (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric())
            });
        if !ok {
            return Err(format!(
                "expected a BCP 47 language tag such as zh-Hans, zh-Hant, ja, ko or en, found `{s}`"
            ));
        }
        let mut tag = Tag {
            language: primary.to_ascii_lowercase(),
            script: None,
            region: None,
        };
        for part in rest {
            let alpha = part.bytes().all(|b| b.is_ascii_alphabetic());
            let digits = part.bytes().all(|b| b.is_ascii_digit());
            match part.len() {
                // A singleton starts an extension or private use: nothing after it is ours.
                1 => break,
                4 if alpha && tag.script.is_none() && tag.region.is_none() => {
                    let mut script = part.to_ascii_lowercase();
                    script[..1].make_ascii_uppercase();
                    tag.script = Some(script);
                }
                2 if alpha && tag.region.is_none() => tag.region = Some(part.to_ascii_uppercase()),
                3 if digits && tag.region.is_none() => tag.region = Some(part.to_string()),
                _ => {}
            }
        }
        Ok(tag)
    }

    /// Whether text in this language is set with CJK rules (Chinese, Japanese, Korean).
    pub fn is_cjk(&self) -> bool {
        matches!(self.language.as_str(), "zh" | "ja" | "ko")
    }

    /// Whether this is Chinese in traditional characters: script `Hant`, or a region that
    /// writes them (Taiwan, Hong Kong, Macao) when no script is given.
    pub fn is_traditional_chinese(&self) -> bool {
        self.language == "zh"
            && match self.script.as_deref() {
                Some("Hant") => true,
                Some(_) => false,
                None => matches!(self.region.as_deref(), Some("TW" | "HK" | "MO")),
            }
    }

    /// The regional font variant: zh-HK/zh-MO (and zh-Hant-HK) → HK, zh-Hant/zh-TW → TC,
    /// ja → JP, ko → KR, everything else (zh-Hans, zh-CN, en, …) → SC.
    pub fn font_region(&self) -> Region {
        match self.language.as_str() {
            "ja" => Region::Japan,
            "ko" => Region::Korea,
            "zh" => match self.region.as_deref() {
                Some("HK" | "MO") if self.script.as_deref() != Some("Hans") => Region::HongKong,
                _ if self.is_traditional_chinese() => Region::TraditionalChinese,
                _ => Region::SimplifiedChinese,
            },
            _ => Region::SimplifiedChinese,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> Tag {
        Tag::parse(s).unwrap()
    }

    #[test]
    fn subtags_are_read_by_their_shape() {
        let t = tag("zh-Hant-HK");
        assert_eq!(t.language, "zh");
        assert_eq!(t.script.as_deref(), Some("Hant"));
        assert_eq!(t.region.as_deref(), Some("HK"));
        let t = tag("KO-kr");
        assert_eq!(
            (t.language.as_str(), t.script, t.region.as_deref()),
            ("ko", None, Some("KR"))
        );
        assert_eq!(tag("es-419").region.as_deref(), Some("419"));
        // Nothing after a singleton is a script or region.
        assert_eq!(tag("ja-x-tw").region, None);
        assert_eq!(tag("ja-Latn").script.as_deref(), Some("Latn"));
        assert!(Tag::parse("Chinese!").is_err());
        assert!(Tag::parse("z").is_err());
        assert!(Tag::parse("zh--Hant").is_err());
    }

    #[test]
    fn regions_follow_the_language_script_and_region() {
        let r = |s: &str| tag(s).font_region();
        assert_eq!(r("zh-Hans"), Region::SimplifiedChinese);
        assert_eq!(r("zh"), Region::SimplifiedChinese);
        assert_eq!(r("zh-CN"), Region::SimplifiedChinese);
        assert_eq!(r("zh-Hant"), Region::TraditionalChinese);
        assert_eq!(r("zh-TW"), Region::TraditionalChinese);
        assert_eq!(r("zh-Hant-HK"), Region::HongKong);
        assert_eq!(r("zh-HK"), Region::HongKong);
        assert_eq!(r("zh-MO"), Region::HongKong);
        assert_eq!(r("zh-Hans-HK"), Region::SimplifiedChinese);
        assert_eq!(r("ja"), Region::Japan);
        assert_eq!(r("ko-KR"), Region::Korea);
        assert_eq!(r("en"), Region::SimplifiedChinese);
        assert!(tag("ko").is_cjk() && !tag("en").is_cjk());
    }
}
