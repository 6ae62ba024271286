//! The issue's metadata: title, date, language, issue label, publisher and identifier, from
//! the MODS records of the issue's divisions (and the METS root), overridden by the caller's
//! options; what is missing and not given is an error naming the METS file.

use std::collections::HashMap;

use super::mods::Mods;
use super::structure::{Div, Mets};
use super::xml::MetsError;
use super::{MetsOptions, Note};
use crate::edition::{Date, Language};

/// The issue-level fields of the edition.
pub struct IssueMeta {
    /// Publication name.
    pub title: String,
    /// Date of the issue.
    pub date: Date,
    /// Language of the edition.
    pub language: Language,
    /// Issue label.
    pub issue: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Stable identifier.
    pub identifier: Option<String>,
    /// The title of sections made of articles outside any METS section.
    pub section_title: String,
    /// Uncertain decisions.
    pub notes: Vec<Note>,
}

/// Languages folio cannot set: right-to-left scripts.
const RIGHT_TO_LEFT: [&str; 6] = ["ar", "he", "fa", "ur", "yi", "ps"];

/// The issue's metadata (see the module comment).
pub fn issue(mets: &Mets, options: &MetsOptions) -> Result<IssueMeta, MetsError> {
    let records = issue_records(mets);
    let first = |f: &dyn Fn(&Mods) -> Option<String>| records.iter().find_map(|m| f(m));
    let mut notes = Vec::new();
    let title = match &options.title {
        Some(t) => t.clone(),
        None => first(&|m| m.titles.first().cloned())
            .or_else(|| {
                mets.label
                    .as_deref()
                    .filter(|l| !l.contains("PLACEHOLDER"))
                    .map(without_date)
            })
            .ok_or_else(|| {
                MetsError::new(
                    &mets.path,
                    "the MODS records give no title for the issue (mods:titleInfo/mods:title): pass --title",
                )
            })?,
    };
    let date = match options.date {
        Some(d) => d,
        None => {
            let written = first(&|m| m.date.clone());
            match written.as_deref().and_then(parse_date) {
                Some(d) => d,
                None => date_in_name(mets).ok_or_else(|| {
                    let found = written.map_or("none".to_string(), |w| format!("`{w}`"));
                    MetsError::new(
                        &mets.path,
                        format!(
                            "the MODS records give no date for the issue as YYYY-MM-DD (mods:dateIssued; found {found}) and the file name has none: pass --date"
                        ),
                    )
                })?,
            }
        }
    };
    let language = match &options.language {
        Some(l) => l.clone(),
        None => choose_language(mets, &records, &mut notes)?,
    };
    let issue = first(&|m| m.issue.clone());
    let publisher = first(&|m| m.publisher.clone());
    let identifier = mets
        .object_id
        .clone()
        .filter(|o| is_identifier(o))
        .or_else(|| {
            first(&|m| {
                m.identifiers
                    .iter()
                    .find(|(kind, _)| kind != "local")
                    .or(m.identifiers.first())
                    .map(|(kind, value)| {
                        if kind.is_empty() || value.contains(':') {
                            value.clone()
                        } else {
                            format!("{kind}:{value}")
                        }
                    })
            })
        });
    let section_title = format!("{title} {date}");
    Ok(IssueMeta {
        title,
        date,
        language,
        issue,
        publisher,
        identifier,
        section_title,
        notes,
    })
}

/// The MODS records of the issue: those of the logical containers above the articles (root
/// first), then any record with a date of issue.
fn issue_records(mets: &Mets) -> Vec<&Mods> {
    let mut ids: Vec<&str> = Vec::new();
    let mut div: &Div = &mets.logical;
    loop {
        ids.extend(div.dmd.iter().map(String::as_str));
        match div.kind.as_str() {
            "ISSUE" => break,
            _ => match div
                .children
                .iter()
                .find(|c| !c.dmd.is_empty() || !c.children.is_empty())
            {
                Some(c)
                    if matches!(
                        c.kind.as_str(),
                        "VOLUME" | "ISSUE" | "YEAR" | "MONTH" | "DAY" | "NEWSPAPER" | "PERIODICAL"
                    ) =>
                {
                    div = c
                }
                _ => break,
            },
        }
    }
    // The issue's own record before the title's (the issue is more specific).
    ids.reverse();
    let mut records: Vec<&Mods> = ids.iter().filter_map(|id| mets.mods.get(*id)).collect();
    for id in &mets.mods_order {
        let m = &mets.mods[id];
        if m.date.is_some() && !records.iter().any(|r| std::ptr::eq(*r, m)) {
            records.push(m);
        }
    }
    records
}

/// Whether an `OBJID` identifies the object: not empty, and not the small counter some
/// repositories write there (Visual Library's `OBJID="2"`), which a MODS identifier beats.
fn is_identifier(objid: &str) -> bool {
    let o = objid.trim();
    let counter = o.len() <= 4 && o.bytes().all(|b| b.is_ascii_digit());
    !o.is_empty() && !counter
}

/// A METS `LABEL` without the issue's date after its last comma: NDNP labels an issue
/// `Weekly Trinity journal (Weaverville, Calif.), 1857-02-14`; the date has its own field.
fn without_date(label: &str) -> String {
    match label.rsplit_once(',') {
        Some((name, date)) if parse_date(date).is_some() && !name.trim().is_empty() => {
            name.trim().to_string()
        }
        _ => label.to_string(),
    }
}

/// `YYYY-MM-DD`, `YYYY-MM-DDThh:mm…` or `YYYYMMDD`.
fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    // `get`: a multi-byte character may straddle byte 10 of free text (a LABEL).
    if let Some(Ok(d)) = s.get(..10).map(Date::parse) {
        return Some(d);
    }
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Date::parse(&format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..])).ok();
    }
    None
}

/// A date in the METS file's name or its folder's (`18451228_01-METS.xml`, `1858-12-07`).
fn date_in_name(mets: &Mets) -> Option<Date> {
    let names = [
        mets.path.file_name(),
        mets.path.parent().and_then(|p| p.file_name()),
    ];
    for name in names.into_iter().flatten() {
        let name = name.to_string_lossy();
        let chars: Vec<char> = name.chars().collect();
        for i in 0..chars.len() {
            for len in [10, 8] {
                if i + len <= chars.len() {
                    let candidate: String = chars[i..i + len].iter().collect();
                    let before = i.checked_sub(1).map(|j| chars[j].is_ascii_digit());
                    let after = chars.get(i + len).map(|c| c.is_ascii_digit());
                    if before != Some(true) && after != Some(true) {
                        if let Some(d) = parse_date(&candidate) {
                            return Some(d);
                        }
                    }
                }
            }
        }
    }
    None
}

/// The edition's language: the one most articles are in (by their MODS records), else the
/// issue's first; `zh` without a script stays `zh` (noted), right-to-left scripts are refused.
fn choose_language(
    mets: &Mets,
    issue: &[&Mods],
    notes: &mut Vec<Note>,
) -> Result<Language, MetsError> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for id in &mets.mods_order {
        let m = &mets.mods[id];
        if issue.iter().any(|r| std::ptr::eq(*r, m)) {
            continue;
        }
        if let Some(l) = m.languages.first() {
            if !counts.contains_key(l.as_str()) {
                order.push(l);
            }
            *counts.entry(l).or_default() += 1;
        }
    }
    let issue_languages: Vec<&str> = issue
        .iter()
        .flat_map(|m| m.languages.iter().map(String::as_str))
        .collect();
    let by_articles = order.iter().copied().max_by_key(|l| {
        (
            counts[l],
            std::cmp::Reverse(order.iter().position(|o| o == l)),
        )
    });
    let chosen = by_articles.or(issue_languages.first().copied());
    let Some(tag) = chosen else {
        notes.push(Note::mets(
            1,
            "the MODS records give no language: the edition is marked `und`; pass --language",
        ));
        return Ok(Language::parse("und").expect("a valid tag"));
    };
    let mut all: Vec<&str> = issue_languages.clone();
    all.extend(order.iter().copied());
    all.dedup();
    let distinct: std::collections::BTreeSet<&str> = all.iter().copied().collect();
    if distinct.len() > 1 {
        let listed: Vec<String> = order
            .iter()
            .map(|l| format!("{l} ({})", counts[l]))
            .collect();
        notes.push(Note::mets(
            1,
            format!(
                "the issue is in several languages ({}); the edition is marked `{tag}`{}",
                distinct.into_iter().collect::<Vec<_>>().join(", "),
                if listed.is_empty() {
                    String::new()
                } else {
                    format!(", the language of most articles: {}", listed.join(", "))
                }
            ),
        ));
    }
    let primary = tag.split('-').next().unwrap_or("");
    if RIGHT_TO_LEFT.contains(&primary) {
        return Err(MetsError::new(
            &mets.path,
            format!("the issue is in `{tag}`, a right-to-left script folio cannot typeset: expected a left-to-right language"),
        ));
    }
    if tag == "zh" {
        notes.push(Note::mets(
            1,
            "the MODS language is Chinese without a script: the edition is marked `zh` (set as Simplified); pass --language zh-Hant for Traditional",
        ));
    }
    Language::parse(tag).map_err(|e| MetsError::new(&mets.path, format!("the MODS language: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_mods_and_names() {
        assert_eq!(parse_date("1858-12-07").unwrap().to_string(), "1858-12-07");
        assert_eq!(parse_date("18451228").unwrap().to_string(), "1845-12-28");
        assert_eq!(
            parse_date("1855-09-22T00:00:00").unwrap().to_string(),
            "1855-09-22"
        );
        assert!(parse_date("1855").is_none());
    }

    #[test]
    fn a_small_counter_is_no_object_identifier() {
        assert!(!is_identifier("2"));
        assert!(!is_identifier(" "));
        assert!(is_identifier("https://persist.lu/ark:/70795/hnpwc4"));
        assert!(is_identifier("0002244"));
    }

    #[test]
    fn a_label_loses_its_trailing_date_only() {
        assert_eq!(
            without_date("Weekly Trinity journal (Weaverville, Calif.), 1857-02-14"),
            "Weekly Trinity journal (Weaverville, Calif.)"
        );
        assert_eq!(without_date("Le Nord, Bruxelles"), "Le Nord, Bruxelles");
        assert_eq!(without_date("1857-02-14"), "1857-02-14");
    }
}
