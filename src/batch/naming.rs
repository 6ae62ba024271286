//! Output names: where each edition's files go inside the output folder, and the check, made
//! before anything is written, that no two editions would write the same file.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{bail, Result};
use serde::Deserialize;

use super::discover::{clean_relative, Input};
use crate::edition::Date;
use crate::input::{self, Kind, Limits};
use crate::output::safe_file_name;

/// How output files are named.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Naming {
    /// Mirror the inputs: `archive/2022/01/03/edition.yaml` gives
    /// `OUT/archive/2022/01/03/edition.epub`. Needs nothing but the paths.
    #[default]
    Mirror,
    /// A template such as `{title}-{date}` or `{year}/{title}-{date}`; needs each edition's
    /// title and date, read before the batch starts.
    Template(NameTemplate),
}

/// A `--name` template: literal text (`/` makes subfolders) and placeholders.
///
/// Placeholders: `{title}`, `{date}` (`YYYY-MM-DD`), `{year}`, `{month}`, `{day}`, `{issue}`
/// (empty when absent), `{stem}` (the edition file's name without extension), `{folder}` (the
/// name of the folder holding it) and `{path}` (its folder in the mirrored structure).
#[derive(Debug, Clone, PartialEq)]
pub struct NameTemplate {
    source: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Literal(String),
    Field(Field),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    Title,
    Date,
    Year,
    Month,
    Day,
    Issue,
    Stem,
    Folder,
    Path,
}

impl Field {
    const ALL: [(&'static str, Field); 9] = [
        ("title", Field::Title),
        ("date", Field::Date),
        ("year", Field::Year),
        ("month", Field::Month),
        ("day", Field::Day),
        ("issue", Field::Issue),
        ("stem", Field::Stem),
        ("folder", Field::Folder),
        ("path", Field::Path),
    ];

    /// Whether the value comes from inside the edition file (rather than from its path).
    fn needs_header(self) -> bool {
        matches!(
            self,
            Field::Title | Field::Date | Field::Year | Field::Month | Field::Day | Field::Issue
        )
    }
}

impl FromStr for NameTemplate {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> Result<Self> {
        let mut parts = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let Some(end) = after.find('}') else {
                    bail!("name template `{s}`: `{{` without a closing `}}`");
                };
                let key = &after[..end];
                let Some((_, field)) = Field::ALL.iter().find(|(k, _)| *k == key) else {
                    let known: Vec<String> =
                        Field::ALL.iter().map(|(k, _)| format!("{{{k}}}")).collect();
                    bail!(
                        "name template `{s}`: unknown placeholder `{{{key}}}`; expected one of {}",
                        known.join(", ")
                    );
                };
                parts.push(Part::Field(*field));
                rest = &after[end + 1..];
            } else {
                let end = rest.find(['{', '}']).unwrap_or(rest.len());
                if end == 0 {
                    bail!("name template `{s}`: `}}` without an opening `{{`");
                }
                parts.push(Part::Literal(rest[..end].to_string()));
                rest = &rest[end..];
            }
        }
        if parts.is_empty() {
            bail!("the name template is empty; expected e.g. `{{title}}-{{date}}`");
        }
        if s.starts_with('/') || s.split('/').any(|c| c == "..") {
            bail!(
                "name template `{s}` must stay inside the output folder (no leading `/`, no `..`)"
            );
        }
        Ok(NameTemplate {
            source: s.to_string(),
            parts,
        })
    }
}

impl fmt::Display for NameTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl NameTemplate {
    /// Whether expanding the template needs the edition's title, date or issue.
    pub fn needs_header(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Field(f) if f.needs_header()))
    }

    /// The output name (relative to the output folder, without extension) for `input`.
    pub fn expand(&self, input: &Input, header: Option<&Header>) -> Result<PathBuf, String> {
        let mut name = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(text) => name.push_str(text),
                Part::Field(field) => name.push_str(&self.value(*field, input, header)?),
            }
        }
        clean_relative(Path::new(&name))
            .filter(|p| p.components().all(|c| c.as_os_str() != ".."))
            .ok_or_else(|| {
                format!(
                    "the name template `{}` gives an empty or unusable name `{name}`",
                    self.source
                )
            })
    }

    fn value(
        &self,
        field: Field,
        input: &Input,
        header: Option<&Header>,
    ) -> Result<String, String> {
        let header =
            || header.ok_or_else(|| "the edition's title and date could not be read".to_string());
        let path_part = |p: Option<&std::ffi::OsStr>| {
            p.map(|s| safe_file_name(&s.to_string_lossy()))
                .unwrap_or_default()
        };
        Ok(match field {
            Field::Title => safe_file_name(&header()?.title),
            Field::Date => header()?.date.to_string(),
            Field::Year => format!("{:04}", header()?.date.year),
            Field::Month => format!("{:02}", header()?.date.month),
            Field::Day => format!("{:02}", header()?.date.day),
            Field::Issue => header()?
                .issue
                .as_deref()
                .map(safe_file_name)
                .unwrap_or_default(),
            Field::Stem => path_part(input.relative.file_stem()),
            Field::Folder => path_part(
                input
                    .path
                    .parent()
                    .and_then(|p| {
                        std::fs::canonicalize(p)
                            .ok()
                            .and_then(|c| c.file_name().map(|n| n.to_os_string()))
                    })
                    .as_deref(),
            ),
            Field::Path => input
                .relative
                .parent()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default(),
        })
    }
}

/// The little of an edition a name template needs, read without loading the edition.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Publication name.
    pub title: String,
    /// Issue date.
    pub date: Date,
    /// Issue label, if any.
    pub issue: Option<String>,
}

/// Reads `title`, `date` and `issue` from an edition file (YAML or JSON), skipping the rest.
/// Any problem is left to the full loader, which says precisely what is wrong.
pub fn read_header(path: &Path, limits: &Limits) -> Option<Header> {
    #[derive(Deserialize)]
    struct Raw {
        title: String,
        date: String,
        #[serde(default)]
        issue: Option<String>,
    }
    let text = String::from_utf8(input::read(path, Kind::Edition, limits).ok()?).ok()?;
    let raw: Raw = serde_yaml::from_str(text.strip_prefix('\u{feff}').unwrap_or(&text)).ok()?;
    Some(Header {
        title: raw.title,
        date: Date::parse(&raw.date).ok()?,
        issue: raw.issue,
    })
}

/// The mirrored output name: the input's relative place without its extension.
pub fn mirror_name(input: &Input) -> PathBuf {
    input.relative.with_extension("")
}

/// Refuses the batch if two editions would write the same output name. Names are compared
/// without case, since case-insensitive file systems (macOS, Windows) would merge them.
pub fn check_collisions<'a>(named: impl IntoIterator<Item = (&'a Input, &'a Path)>) -> Result<()> {
    let mut owner: HashMap<String, &Input> = HashMap::new();
    let mut clashes = Vec::new();
    for (input, name) in named {
        let key = name.to_string_lossy().to_lowercase();
        if let Some(first) = owner.get(&key) {
            clashes.push(format!(
                "  {} and {} would both write {}.*",
                first.path.display(),
                input.path.display(),
                name.display()
            ));
        } else {
            owner.insert(key, input);
        }
    }
    if !clashes.is_empty() {
        let shown = clashes.len().min(10);
        let more = if clashes.len() > shown {
            format!("\n  … and {} more", clashes.len() - shown)
        } else {
            String::new()
        };
        bail!(
            "{} output name clash(es), nothing was written:\n{}{more}\nchoose another --name template (e.g. '{{path}}/{{title}}-{{date}}') or move the inputs apart",
            clashes.len(),
            clashes[..shown].join("\n")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(rel: &str) -> Input {
        Input {
            relative: PathBuf::from(rel),
            path: PathBuf::from("/nonexistent").join(rel),
        }
    }

    fn header() -> Header {
        Header {
            title: "内蒙古 日报/晚刊".into(),
            date: Date::parse("2022-01-03").unwrap(),
            issue: Some("第25367期".into()),
        }
    }

    #[test]
    fn templates_expand_placeholders_and_subfolders() {
        let t: NameTemplate = "{year}/{title}-{date}".parse().unwrap();
        assert!(t.needs_header());
        let name = t
            .expand(&input("a/b/edition.yaml"), Some(&header()))
            .unwrap();
        assert_eq!(name, PathBuf::from("2022/内蒙古_日报_晚刊-2022-01-03"));
        let t: NameTemplate = "{path}/{stem}-{issue}".parse().unwrap();
        assert!(t.needs_header());
        assert!(!"{path}/{stem}"
            .parse::<NameTemplate>()
            .unwrap()
            .needs_header());
        let name = t
            .expand(&input("a/b/edition.yaml"), Some(&header()))
            .unwrap();
        assert_eq!(name, PathBuf::from("a/b/edition-第25367期"));
    }

    #[test]
    fn bad_templates_are_refused() {
        for bad in [
            "",
            "{title",
            "{nope}-{date}",
            "../{title}",
            "/abs/{title}",
            "x}",
        ] {
            assert!(bad.parse::<NameTemplate>().is_err(), "{bad:?} was accepted");
        }
        let t: NameTemplate = "{issue}".parse().unwrap();
        let mut h = header();
        h.issue = None;
        assert!(t.expand(&input("e.yaml"), Some(&h)).is_err());
    }

    #[test]
    fn mirror_names_drop_the_extension() {
        assert_eq!(
            mirror_name(&input("a/2022/edition.yaml")),
            PathBuf::from("a/2022/edition")
        );
    }

    #[test]
    fn collisions_are_found_up_front_ignoring_case() {
        let a = input("x/edition.yaml");
        let b = input("x/edition.json");
        let c = input("X/EDITION.yaml");
        let names = [mirror_name(&a), mirror_name(&b), mirror_name(&c)];
        let err = check_collisions([(&a, names[0].as_path()), (&b, names[1].as_path())])
            .unwrap_err()
            .to_string();
        assert!(err.contains("would both write x/edition"), "{err}");
        assert!(check_collisions([(&a, names[0].as_path()), (&c, names[2].as_path())]).is_err());
        let d = input("y/edition.yaml");
        let nd = mirror_name(&d);
        assert!(check_collisions([(&a, names[0].as_path()), (&d, nd.as_path())]).is_ok());
    }

    #[test]
    fn headers_are_read_from_yaml_and_json() {
        let dir = tempfile::tempdir().unwrap();
        let yaml = dir.path().join("e.yaml");
        std::fs::write(&yaml, "title: 报\ndate: 2022-01-03\nsections: []\n").unwrap();
        assert_eq!(read_header(&yaml, &Limits::default()).unwrap().title, "报");
        let json = dir.path().join("e.json");
        std::fs::write(
            &json,
            r#"{"title": "报", "date": "2022-01-04", "issue": "1"}"#,
        )
        .unwrap();
        assert_eq!(
            read_header(&json, &Limits::default())
                .unwrap()
                .date
                .to_string(),
            "2022-01-04"
        );
        std::fs::write(&yaml, "date: 2022-01-03\n").unwrap();
        assert!(read_header(&yaml, &Limits::default()).is_none());
    }
}
