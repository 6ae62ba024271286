//! MODS records (in METS `dmdSec`s): titles, date, languages, issue number, identifiers,
//! publisher and names; ISO 639-2 language codes mapped to BCP 47.

use roxmltree::Node;

use super::xml;

/// What folio uses of one MODS record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mods {
    /// Each `titleInfo`'s `nonSort` and `title`, in order.
    pub titles: Vec<String>,
    /// Each `titleInfo`'s `subTitle`, in order.
    pub subtitles: Vec<String>,
    /// `dateIssued` (the key date first).
    pub date: Option<String>,
    /// Languages as BCP 47 tags, in order.
    pub languages: Vec<String>,
    /// Issue number or label (`part/detail[@type=issue]/number`, else `titleInfo/partNumber`).
    pub issue: Option<String>,
    /// Identifiers as (type, value): `identifier`, `recordInfo/recordIdentifier`.
    pub identifiers: Vec<(String, String)>,
    /// `originInfo/publisher`.
    pub publisher: Option<String>,
    /// Personal or corporate names (authors), display form.
    pub names: Vec<String>,
}

/// Reads the MODS record at or below `node` (a `mods` element, or anything holding one).
pub fn read(node: Node) -> Mods {
    let Some(mods) = xml::descendants(node, "mods").next() else {
        return Mods::default();
    };
    let mut out = Mods::default();
    for info in xml::children(mods, "titleInfo") {
        let parts: Vec<String> = ["nonSort", "title"]
            .iter()
            .filter_map(|k| xml::child(info, k).map(xml::text))
            .filter(|t| !t.is_empty())
            .collect();
        if !parts.is_empty() {
            out.titles.push(parts.join(" "));
        }
        if let Some(sub) = xml::child(info, "subTitle")
            .map(xml::text)
            .filter(|t| !t.is_empty())
        {
            out.subtitles.push(sub);
        }
        if out.issue.is_none() {
            out.issue = xml::child(info, "partNumber")
                .map(xml::text)
                .filter(|t| !t.is_empty());
        }
    }
    out.date = issue_date(mods);
    for term in xml::descendants(mods, "languageTerm") {
        let code = xml::text(term);
        let authority = xml::attr(term, "authority").unwrap_or("");
        if let Some(tag) = bcp47(&code, authority) {
            if !out.languages.contains(&tag) {
                out.languages.push(tag);
            }
        }
    }
    for detail in xml::descendants(mods, "detail") {
        if xml::attr(detail, "type").is_some_and(|t| t.eq_ignore_ascii_case("issue")) {
            if let Some(n) = xml::child(detail, "number")
                .map(xml::text)
                .filter(|t| !t.is_empty())
            {
                out.issue = Some(n);
            }
        }
    }
    // The host's identifiers (NDNP's LCCN) after the record's own: they name the title.
    let host = xml::children(mods, "relatedItem")
        .filter(|r| xml::attr(*r, "type") == Some("host"))
        .flat_map(|r| xml::children(r, "identifier"));
    for id in xml::children(mods, "identifier").chain(host) {
        let value = xml::text(id);
        if !value.is_empty() {
            let kind = xml::attr(id, "type").unwrap_or("").to_string();
            out.identifiers.push((kind, value));
        }
    }
    for id in xml::descendants(mods, "recordIdentifier") {
        let value = xml::text(id);
        if !value.is_empty() {
            out.identifiers.push(("record".into(), value));
        }
    }
    out.publisher = xml::descendants(mods, "publisher")
        .map(xml::text)
        .find(|t| !t.is_empty());
    for name in xml::children(mods, "name") {
        if let Some(n) = display_name(name) {
            out.names.push(n);
        }
    }
    out
}

/// The date of the issue: a `dateIssued` of the record itself (the key date first), else its
/// `part/date` (the DFG newspaper profile). Dates inside a `relatedItem` are the host title's
/// run or the digital edition's (`1889 - 1918`, `2019`), never the issue's.
fn issue_date(mods: Node) -> Option<String> {
    let own = |n: &Node| {
        !n.ancestors()
            .take_while(|a| *a != mods)
            .any(|a| a.is_element() && xml::name(a) == "relatedItem")
    };
    let mut dates: Vec<Node> = xml::descendants(mods, "dateIssued").filter(own).collect();
    dates.sort_by_key(|d| xml::attr(*d, "keyDate") != Some("yes"));
    let part_dates = xml::children(mods, "part").flat_map(|p| xml::children(p, "date"));
    dates
        .into_iter()
        .chain(part_dates)
        .map(xml::text)
        .find(|t| !t.is_empty())
}

/// `displayForm`, else given and family names, else all name parts.
fn display_name(name: Node) -> Option<String> {
    if let Some(d) = xml::child(name, "displayForm").map(xml::text) {
        if !d.is_empty() {
            return Some(d);
        }
    }
    let part = |kind: &str| {
        xml::children(name, "namePart")
            .filter(|p| xml::attr(*p, "type") == Some(kind))
            .map(xml::text)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let given_family = [part("given"), part("family")]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if !given_family.is_empty() {
        return Some(given_family);
    }
    let all = xml::children(name, "namePart")
        .map(xml::text)
        .collect::<Vec<_>>()
        .join(" ");
    (!all.is_empty()).then_some(all)
}

/// ISO 639-2 (bibliographic and terminology) codes to their BCP 47 (ISO 639-1) tags.
const ISO_639_2: [(&str, &str); 62] = [
    ("alb", "sq"),
    ("ara", "ar"),
    ("arm", "hy"),
    ("baq", "eu"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("chi", "zh"),
    ("cym", "cy"),
    ("cze", "cs"),
    ("dan", "da"),
    ("deu", "de"),
    ("dut", "nl"),
    ("ell", "el"),
    ("eng", "en"),
    ("est", "et"),
    ("eus", "eu"),
    ("fas", "fa"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("fre", "fr"),
    ("ger", "de"),
    ("gle", "ga"),
    ("gre", "el"),
    ("heb", "he"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ice", "is"),
    ("ind", "id"),
    ("isl", "is"),
    ("ita", "it"),
    ("jpn", "ja"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("ltz", "lb"),
    ("may", "ms"),
    ("msa", "ms"),
    ("nld", "nl"),
    ("nor", "no"),
    ("per", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rum", "ro"),
    ("rus", "ru"),
    ("slk", "sk"),
    ("slo", "sk"),
    ("slv", "sl"),
    ("spa", "es"),
    ("sqi", "sq"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tha", "th"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("vie", "vi"),
    ("wel", "cy"),
    ("yid", "yi"),
    ("zho", "zh"),
];

/// A MODS language code as a BCP 47 tag: ISO 639-2 codes mapped to their two-letter tags
/// (`ger` → `de`, `chi`/`zho` → `zh`), RFC 3066/BCP 47 tags kept; `None` for text that is
/// no code (`type="text"` names such as "German") or `und`/`mul`/`zxx`.
pub fn bcp47(code: &str, _authority: &str) -> Option<String> {
    let code = code.trim();
    let lower = code.to_ascii_lowercase();
    if matches!(lower.as_str(), "und" | "mul" | "zxx" | "mis" | "") {
        return None;
    }
    if let Some((_, tag)) = ISO_639_2.iter().find(|(k, _)| *k == lower) {
        return Some(tag.to_string());
    }
    let ok = code.split('-').enumerate().all(|(i, p)| {
        let n = p.len();
        if i == 0 {
            (2..=3).contains(&n) && p.bytes().all(|b| b.is_ascii_alphabetic())
        } else {
            (1..=8).contains(&n) && p.bytes().all(|b| b.is_ascii_alphanumeric())
        }
    });
    ok.then(|| {
        let mut parts = code.split('-');
        let primary = parts.next().unwrap_or("").to_ascii_lowercase();
        std::iter::once(primary)
            .chain(parts.map(str::to_string))
            .collect::<Vec<_>>()
            .join("-")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_issue_date_is_the_records_own_or_its_part_date_never_the_hosts() {
        let dfg = r#"<mods xmlns="http://www.loc.gov/mods/v3">
          <part order="1201"><detail type="issue"><number>3</number></detail><date encoding="w3cdtf">1889-03-23</date></part>
          <relatedItem type="host"><titleInfo><title>General-Anzeiger</title></titleInfo>
            <originInfo><dateIssued encoding="w3cdtf" keyDate="yes">1889</dateIssued></originInfo>
            <identifier type="urn">urn:nbn:de:gbv:3:1-847518</identifier></relatedItem>
        </mods>"#;
        let doc = xml::parse(Path::new("m"), dfg, "MODS").unwrap();
        let m = read(doc.root_element());
        assert_eq!(m.date.as_deref(), Some("1889-03-23"));
        assert_eq!(m.issue.as_deref(), Some("3"));
        assert!(m.titles.is_empty(), "the host's title is not the record's");
        assert_eq!(
            m.identifiers,
            [("urn".to_string(), "urn:nbn:de:gbv:3:1-847518".to_string())]
        );
    }

    #[test]
    fn iso_639_2_codes_map_to_bcp47() {
        assert_eq!(bcp47("ger", "iso639-2b").as_deref(), Some("de"));
        assert_eq!(bcp47("chi", "iso639-2b").as_deref(), Some("zh"));
        assert_eq!(bcp47("zho", "iso639-2t").as_deref(), Some("zh"));
        assert_eq!(bcp47("jpn", "").as_deref(), Some("ja"));
        assert_eq!(bcp47("kor", "").as_deref(), Some("ko"));
        assert_eq!(bcp47("eng", "").as_deref(), Some("en"));
        assert_eq!(bcp47("de", "rfc3066").as_deref(), Some("de"));
        assert_eq!(bcp47("zh-Hant", "rfc3066").as_deref(), Some("zh-Hant"));
        assert_eq!(bcp47("und", ""), None);
        assert_eq!(bcp47("German", ""), None);
    }

    #[test]
    fn a_record_gives_titles_date_language_issue_and_ids() {
        let text = r#"<mods:mods xmlns:mods="http://www.loc.gov/mods/v3">
          <mods:titleInfo><mods:nonSort>Le</mods:nonSort><mods:title>Nord.</mods:title><mods:partNumber>nº 288</mods:partNumber></mods:titleInfo>
          <mods:originInfo><mods:publisher>Victor Bück</mods:publisher><mods:dateIssued keyDate="yes">1858-12-07</mods:dateIssued></mods:originInfo>
          <mods:language><mods:languageTerm authority="iso639-2b" type="code">ger</mods:languageTerm></mods:language>
          <mods:identifier type="issn">1234-5678</mods:identifier>
          <mods:name><mods:namePart type="family">Barthélémy</mods:namePart></mods:name>
        </mods:mods>"#;
        let doc = xml::parse(Path::new("m"), text, "MODS").unwrap();
        let m = read(doc.root_element());
        assert_eq!(m.titles, ["Le Nord."]);
        assert_eq!(m.date.as_deref(), Some("1858-12-07"));
        assert_eq!(m.languages, ["de"]);
        assert_eq!(m.issue.as_deref(), Some("nº 288"));
        assert_eq!(
            m.identifiers,
            [("issn".to_string(), "1234-5678".to_string())]
        );
        assert_eq!(m.publisher.as_deref(), Some("Victor Bück"));
        assert_eq!(m.names, ["Barthélémy"]);
    }
}
