//! The METS file: its files (`fileSec`), MODS records (`dmdSec`), the logical structure map
//! (articles, sections and their parts) and how its divisions point into ALTO: `fptr/area`
//! inside the logical map, or `structLink` links to physical divisions holding the areas.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use roxmltree::Node;

use super::mods::{self, Mods};
use super::xml::{self, MetsError};

/// A file of the `fileSec`.
#[derive(Debug, Clone, PartialEq)]
pub struct FileEntry {
    /// `MIMETYPE`, lower-cased (may be empty).
    pub mime: String,
    /// Its `USE`, else its `fileGrp`'s (NDNP puts `USE="ocr"` on the file), lower-cased
    /// (may be empty).
    pub group_use: String,
    /// `USE` of its `fileGrp` as written: deliveries often keep a group's files in a folder of
    /// that name (`FULLTEXT/`, `ALTO3/`, OCR-D's `OCR-D-OCR/`).
    pub group_folder: String,
    /// The `FLocat` reference as written.
    pub href: String,
    /// 1-based line of the `file` element.
    pub line: u32,
}

/// A pointer into an ALTO file: `BEGIN` (and `END`) IDs, or the whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// `FILEID`.
    pub file: String,
    /// `BEGIN`, when given.
    pub begin: Option<String>,
    /// `END`, when given.
    pub end: Option<String>,
    /// 1-based line of the `area` (or `fptr`) element.
    pub line: u32,
}

/// A division of the logical structure map.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Div {
    /// `ID`.
    pub id: String,
    /// `TYPE`, upper-cased (`ARTICLE`, `SECTION`, `TITLE`, …).
    pub kind: String,
    /// `LABEL`.
    pub label: Option<String>,
    /// `DMDID` references.
    pub dmd: Vec<String>,
    /// Its own areas, in order (from `fptr`s, or from `structLink`s).
    pub areas: Vec<Area>,
    /// Child divisions in order.
    pub children: Vec<Div>,
    /// 1-based line of the element.
    pub line: u32,
}

/// What folio reads of a METS file.
#[derive(Debug, Clone)]
pub struct Mets {
    /// The METS file.
    pub path: PathBuf,
    /// `OBJID` of the root.
    pub object_id: Option<String>,
    /// `LABEL` of the root.
    pub label: Option<String>,
    /// Files by ID, and their IDs in `fileSec` order.
    pub files: HashMap<String, FileEntry>,
    /// File IDs in `fileSec` order.
    pub file_order: Vec<String>,
    /// MODS records by `dmdSec` ID, and those IDs in order.
    pub mods: HashMap<String, Mods>,
    /// `dmdSec` IDs in order.
    pub mods_order: Vec<String>,
    /// The logical structure map's root division.
    pub logical: Div,
    /// Physical pages in order: the IDs of the files each page's division points at.
    pub pages: Vec<Vec<String>>,
    /// Each physical page's printed number (`ORDERLABEL`, else a `LABEL` with a digit).
    pub page_labels: Vec<Option<String>>,
}

/// Reads and parses the METS file at `path`.
pub fn read(path: &Path, limits: &crate::input::Limits) -> Result<Mets, MetsError> {
    let text = xml::read_text(path, "METS file", limits)?;
    parse(path, &text)
}

/// Parses METS text (see [`read`]).
pub fn parse(path: &Path, text: &str) -> Result<Mets, MetsError> {
    let doc = xml::parse(path, text, "METS file")?;
    let root = doc.root_element();
    if xml::name(root) != "mets" {
        return Err(MetsError::at(
            path,
            root,
            format!(
                "expected a METS file (root element `mets`), found `{}`",
                xml::name(root)
            ),
        ));
    }
    let mut mets = Mets {
        path: path.to_path_buf(),
        object_id: xml::attr(root, "OBJID").map(str::to_string),
        label: xml::attr(root, "LABEL").map(xml::collapse),
        files: HashMap::new(),
        file_order: Vec::new(),
        mods: HashMap::new(),
        mods_order: Vec::new(),
        logical: Div::default(),
        pages: Vec::new(),
        page_labels: Vec::new(),
    };
    read_files(root, &mut mets);
    for dmd in xml::children(root, "dmdSec") {
        if let Some(id) = xml::attr(dmd, "ID") {
            mets.mods.insert(id.to_string(), mods::read(dmd));
            mets.mods_order.push(id.to_string());
        }
    }
    let maps: Vec<Node> = xml::children(root, "structMap").collect();
    let logical = maps.iter().find(|m| is_map(m, "logical"));
    // NDNP issues have one untyped map of `np:issue` and `np:page` divisions: the pages.
    let physical = maps
        .iter()
        .find(|m| is_map(m, "physical"))
        .or_else(|| maps.iter().find(|m| Some(**m) != logical.copied()));
    // Physical divisions by ID (with their own and nested areas) for structLink.
    let mut by_id: HashMap<String, Vec<Area>> = HashMap::new();
    if let Some(map) = physical {
        for div in xml::descendants(*map, "div") {
            if let Some(id) = xml::attr(div, "ID") {
                by_id.insert(id.to_string(), areas_below(div));
            }
        }
        for page in xml::descendants(*map, "div").filter(|d| is_page(*d)) {
            mets.pages
                .push(areas_below(page).into_iter().map(|a| a.file).collect());
            mets.page_labels.push(page_label(page));
        }
    }
    let Some(logical) = logical else {
        if mets.pages.is_empty() {
            return Err(MetsError::at(
                path,
                root,
                "the METS file has neither a logical structure map (structMap TYPE=\"LOGICAL\") nor pages in a physical one: expected the issue's articles or pages",
            ));
        }
        // Only pages: the articles are found in the ALTO files (see `pages`).
        return Ok(mets);
    };
    let Some(top) = xml::child(*logical, "div") else {
        return Err(MetsError::at(
            path,
            *logical,
            "the logical structure map is empty: expected divisions for the issue's articles",
        ));
    };
    let links = read_links(root);
    mets.logical = read_div(top, &by_id, &links);
    Ok(mets)
}

/// Whether a `structMap` is of this kind (`TYPE`, or a `LABEL` naming it).
fn is_map(map: &Node, kind: &str) -> bool {
    xml::attr(*map, "TYPE").is_some_and(|t| t.eq_ignore_ascii_case(kind))
        || xml::attr(*map, "LABEL")
            .is_some_and(|l| l.to_ascii_lowercase().contains(&kind.to_ascii_lowercase()))
}

/// Whether a division is a page: `TYPE` `page`, with or without a prefix (NDNP's `np:page`).
fn is_page(div: Node) -> bool {
    xml::attr(div, "TYPE")
        .and_then(|t| t.rsplit(':').next())
        .is_some_and(|t| t.eq_ignore_ascii_case("page"))
}

/// A page's printed number: `ORDERLABEL`, else a `LABEL` holding a digit (`Seite 3`, not the
/// placeholder `[Seite]`).
fn page_label(div: Node) -> Option<String> {
    let label = |k| {
        xml::attr(div, k)
            .map(xml::collapse)
            .filter(|l| l.chars().any(|c| c.is_ascii_digit()))
    };
    label("ORDERLABEL").or_else(|| label("LABEL"))
}

fn read_files(root: Node, mets: &mut Mets) {
    for group in xml::descendants(root, "fileGrp") {
        let group_use = xml::attr(group, "USE")
            .or_else(|| xml::attr(group, "ID"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let group_folder = xml::attr(group, "USE").unwrap_or("").trim().to_string();
        for file in xml::children(group, "file") {
            let (Some(id), Some(loc)) = (xml::attr(file, "ID"), xml::child(file, "FLocat")) else {
                continue;
            };
            mets.files.insert(
                id.to_string(),
                FileEntry {
                    mime: xml::attr(file, "MIMETYPE")
                        .unwrap_or("")
                        .to_ascii_lowercase(),
                    group_use: xml::attr(file, "USE")
                        .map(str::to_ascii_lowercase)
                        .unwrap_or_else(|| group_use.clone()),
                    group_folder: group_folder.clone(),
                    href: xml::attr(loc, "href").unwrap_or("").trim().to_string(),
                    line: xml::line(file),
                },
            );
            mets.file_order.push(id.to_string());
        }
    }
}

/// `structLink`: logical division ID → physical division IDs, in order. Both the METS 1.x
/// `smLink from/to` form and the `smLinkGrp` locator/arc form.
fn read_links(root: Node) -> HashMap<String, Vec<String>> {
    let mut links: HashMap<String, Vec<String>> = HashMap::new();
    let Some(section) = xml::child(root, "structLink") else {
        return links;
    };
    let id = |href: &str| href.trim().trim_start_matches('#').to_string();
    for link in xml::children(section, "smLink") {
        if let (Some(from), Some(to)) = (xml::attr(link, "from"), xml::attr(link, "to")) {
            links.entry(id(from)).or_default().push(id(to));
        }
    }
    for group in xml::children(section, "smLinkGrp") {
        let locators: HashMap<&str, String> = xml::children(group, "smLocatorLink")
            .filter_map(|l| Some((xml::attr(l, "label")?, id(xml::attr(l, "href")?))))
            .collect();
        for arc in xml::children(group, "smArcLink") {
            let (Some(from), Some(to)) = (xml::attr(arc, "from"), xml::attr(arc, "to")) else {
                continue;
            };
            if let Some(source) = locators.get(from) {
                // One arc may stand for many locators sharing a label; take them all, in order.
                let targets = xml::children(group, "smLocatorLink")
                    .filter(|l| xml::attr(*l, "label") == Some(to))
                    .filter_map(|l| xml::attr(l, "href"))
                    .map(id);
                links.entry(source.clone()).or_default().extend(targets);
            }
        }
        if xml::children(group, "smArcLink").next().is_none() {
            // No arcs: the first locator is the logical division, the rest its areas.
            let mut hrefs =
                xml::children(group, "smLocatorLink").filter_map(|l| xml::attr(l, "href"));
            if let Some(first) = hrefs.next() {
                links.entry(id(first)).or_default().extend(hrefs.map(id));
            }
        }
    }
    // An arc per locator label is common: drop repeats, keep the order.
    for targets in links.values_mut() {
        let mut seen = std::collections::HashSet::new();
        targets.retain(|t| seen.insert(t.clone()));
    }
    links
}

/// Every `area` (or bare `fptr FILEID`) at or below `node`, in document order, not looking
/// into nested `div`s other than `node` itself.
fn own_areas(node: Node) -> Vec<Area> {
    let mut out = Vec::new();
    for fptr in xml::children(node, "fptr") {
        let areas: Vec<Node> = xml::descendants(fptr, "area").collect();
        if areas.is_empty() {
            if let Some(file) = xml::attr(fptr, "FILEID") {
                out.push(Area {
                    file: file.to_string(),
                    begin: None,
                    end: None,
                    line: xml::line(fptr),
                });
            }
        }
        for a in areas {
            if let Some(file) = xml::attr(a, "FILEID") {
                out.push(Area {
                    file: file.to_string(),
                    begin: xml::attr(a, "BEGIN").map(str::to_string),
                    end: xml::attr(a, "END").map(str::to_string),
                    line: xml::line(a),
                });
            }
        }
    }
    out
}

/// The areas of a physical division and of the divisions inside it.
fn areas_below(node: Node) -> Vec<Area> {
    let mut out = own_areas(node);
    for child in xml::children(node, "div") {
        out.extend(areas_below(child));
    }
    out
}

fn read_div(
    node: Node,
    physical: &HashMap<String, Vec<Area>>,
    links: &HashMap<String, Vec<String>>,
) -> Div {
    let id = xml::attr(node, "ID").unwrap_or("").to_string();
    let mut areas = own_areas(node);
    if let Some(targets) = links.get(&id) {
        for t in targets {
            if let Some(a) = physical.get(t) {
                areas.extend(a.iter().cloned());
            }
        }
    }
    Div {
        kind: xml::attr(node, "TYPE")
            .unwrap_or("")
            .trim()
            .to_ascii_uppercase(),
        label: xml::attr(node, "LABEL")
            .map(xml::collapse)
            .filter(|l| !l.is_empty()),
        dmd: xml::attr(node, "DMDID")
            .map(|d| d.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default(),
        areas,
        children: xml::children(node, "div")
            .map(|c| read_div(c, physical, links))
            .collect(),
        line: xml::line(node),
        id,
    }
}

impl Mets {
    /// The folder the METS file's references are relative to.
    pub fn folder(&self) -> &Path {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    }

    /// The local path a file reference names, relative to the METS file's folder: `file://./x`,
    /// `file:x` and plain relative paths; `None` for other URLs, absolute paths and paths that
    /// leave the folder (a delivery never points outside itself).
    pub fn local_path(&self, href: &str) -> Option<PathBuf> {
        let rest = href
            .strip_prefix("file://")
            .or_else(|| href.strip_prefix("file:"))
            .unwrap_or(href);
        if rest.contains("://") || rest.starts_with('/') || rest.starts_with('\\') {
            return None;
        }
        let rest = percent_decode(rest);
        let relative = Path::new(&rest);
        let mut clean = PathBuf::new();
        for c in relative.components() {
            match c {
                std::path::Component::Normal(p) => clean.push(p),
                std::path::Component::CurDir => {}
                _ => return None,
            }
        }
        (!clean.as_os_str().is_empty()).then(|| self.folder().join(clean))
    }

    /// Where a listed file is on disk: its reference as written (see [`Mets::local_path`]);
    /// else, since deliveries are often copied without their METS being rewritten (a DFG
    /// viewer METS keeps its URLs, a workspace its group folders), a file of the reference's
    /// last name beside the METS file or in a folder named after its group's `USE`, with
    /// `.xml` added to a name without extension. `None` when none of these is a file.
    pub fn find_file(&self, entry: &FileEntry) -> Option<PathBuf> {
        if let Some(p) = self.local_path(&entry.href).filter(|p| p.is_file()) {
            return Some(p);
        }
        let name = last_name(&entry.href)?;
        let mut names = vec![name.to_string()];
        if !name.contains('.') {
            names.push(format!("{name}.xml"));
        }
        let mut folders = vec![self.folder().to_path_buf()];
        if is_plain_name(&entry.group_folder) {
            folders.push(self.folder().join(&entry.group_folder));
        }
        folders
            .iter()
            .flat_map(|f| names.iter().map(move |n| f.join(n)))
            .find(|p| p.is_file())
    }

    /// Whether the file with this ID is an ALTO (text) file rather than an image or PDF.
    /// PAGE-XML (`application/vnd.prima.page+xml`, OCR-D workspaces hold both) is not ALTO.
    pub fn is_text_file(&self, id: &str) -> bool {
        self.files.get(id).is_some_and(|f| {
            let href = f.href.to_ascii_lowercase();
            // A group named for PAGE (`OCR-D-GT-PAGE`), not one whose ID merely starts with
            // the word (NDNP's `pageFileGrp1`).
            let tokens: Vec<&str> = f
                .group_use
                .split(|c: char| !c.is_ascii_alphanumeric())
                .collect();
            let page_xml = f.mime.contains("page+xml")
                || (tokens.contains(&"page") && !tokens.contains(&"alto"));
            (f.mime.contains("xml")
                || f.group_use.contains("text")
                || f.group_use.contains("alto")
                || f.group_use.contains("ocr")
                || href.ends_with(".xml"))
                && !page_xml
                && !f.mime.starts_with("image/")
                && !f.mime.contains("pdf")
        })
    }

    /// The MODS records a division's `DMDID` names, in order.
    pub fn mods_of<'a>(&'a self, div: &'a Div) -> impl Iterator<Item = &'a Mods> + 'a {
        div.dmd.iter().filter_map(|d| self.mods.get(d))
    }
}

/// The last segment of a reference (a URL's query and fragment dropped), when it is a plain
/// file name.
fn last_name(href: &str) -> Option<String> {
    let path = href.split(['?', '#']).next().unwrap_or("");
    let name = percent_decode(path.rsplit(['/', '\\']).next().unwrap_or(""));
    is_plain_name(&name).then_some(name)
}

/// Whether `name` is one path component that stays where it is (not empty, `.` or `..`).
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', ':'])
}

/// `%20` and friends in a file reference.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const METS: &str = r##"<mets xmlns="http://www.loc.gov/METS/" xmlns:xlink="http://www.w3.org/1999/xlink" OBJID="ark:/1/2">
  <dmdSec ID="D1"><mdWrap><xmlData><mods xmlns="http://www.loc.gov/mods/v3"><titleInfo><title>Heute</title></titleInfo></mods></xmlData></mdWrap></dmdSec>
  <fileSec><fileGrp USE="Text">
    <file ID="A1" MIMETYPE="text/xml"><FLocat LOCTYPE="URL" xlink:href="file://./alto/p1.xml"/></file>
    <file ID="I1" MIMETYPE="image/jpeg"><FLocat xlink:href="img/p1.jpg"/></file>
  </fileGrp></fileSec>
  <structMap TYPE="PHYSICAL"><div ID="ph" TYPE="physSequence"><div ID="pg1" TYPE="page">
    <fptr FILEID="I1"/><div ID="pa1" TYPE="pagearea"><fptr><area FILEID="A1" BEGIN="w1" END="w9"/></fptr></div>
  </div></div></structMap>
  <structMap TYPE="LOGICAL"><div ID="log" TYPE="Newspaper"><div ID="issue" TYPE="ISSUE">
    <div ID="a1" TYPE="ARTICLE" DMDID="D1" LABEL=" Heute "><div TYPE="TITLE"><fptr><area FILEID="A1" BEGIN="TB1"/></fptr></div></div>
    <div ID="a2" TYPE="Article"/>
  </div></div></structMap>
  <structLink><smLinkGrp>
    <smLocatorLink xlink:href="#a2" xlink:label="article"/>
    <smLocatorLink xlink:href="#pa1" xlink:label="area"/>
    <smArcLink xlink:from="article" xlink:to="area"/>
  </smLinkGrp></structLink>
</mets>"##;

    #[test]
    fn fptr_areas_and_struct_links_both_reach_alto() {
        let mets = parse(Path::new("/d/m.xml"), METS).unwrap();
        assert_eq!(mets.object_id.as_deref(), Some("ark:/1/2"));
        let issue = &mets.logical.children[0];
        let a1 = &issue.children[0];
        assert_eq!(
            (a1.kind.as_str(), a1.label.as_deref()),
            ("ARTICLE", Some("Heute"))
        );
        assert_eq!(a1.children[0].areas[0].begin.as_deref(), Some("TB1"));
        assert_eq!(mets.mods_of(a1).next().unwrap().titles, ["Heute"]);
        let a2 = &issue.children[1];
        assert_eq!(a2.kind, "ARTICLE");
        assert_eq!(a2.areas.len(), 1);
        assert_eq!(
            (a2.areas[0].begin.as_deref(), a2.areas[0].end.as_deref()),
            (Some("w1"), Some("w9"))
        );
        assert_eq!(mets.pages, [vec!["I1".to_string(), "A1".to_string()]]);
        assert!(mets.is_text_file("A1") && !mets.is_text_file("I1"));
        let mut page_xml = mets.clone();
        page_xml.files.get_mut("A1").unwrap().mime = "application/vnd.prima.page+xml".into();
        assert!(!page_xml.is_text_file("A1"));
    }

    #[test]
    fn references_stay_inside_the_folder() {
        let mets = parse(Path::new("/d/m.xml"), METS).unwrap();
        assert_eq!(
            mets.local_path("file://./alto/p%201.xml"),
            Some(PathBuf::from("/d/alto/p 1.xml"))
        );
        assert_eq!(mets.local_path("p.xml"), Some(PathBuf::from("/d/p.xml")));
        assert_eq!(mets.local_path("../etc/passwd"), None);
        assert_eq!(mets.local_path("file:///etc/passwd"), None);
        assert_eq!(mets.local_path("https://x/p.xml"), None);
    }

    #[test]
    fn a_mets_without_logical_map_is_refused() {
        let err = parse(
            Path::new("m.xml"),
            "<mets><structMap TYPE=\"PHYSICAL\"/></mets>",
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("neither a logical structure map (structMap TYPE=\"LOGICAL\") nor pages"),
            "{err}"
        );
    }

    #[test]
    fn an_ndnp_issue_has_only_pages_and_file_level_uses() {
        let ndnp = r##"<mets xmlns="http://www.loc.gov/METS/" xmlns:xlink="http://www.w3.org/1999/xlink">
  <fileSec><fileGrp ID="pageFileGrp1">
    <file ID="ocrFile1" USE="ocr"><FLocat xlink:href="./0225.xml"/></file>
    <file ID="serviceFile1" USE="service"><FLocat xlink:href="./0225.jp2"/></file>
  </fileGrp></fileSec>
  <structMap><div TYPE="np:issue"><div TYPE="np:page"><fptr FILEID="serviceFile1"/><fptr FILEID="ocrFile1"/></div></div></structMap>
</mets>"##;
        let mets = parse(Path::new("/d/1857021401.xml"), ndnp).unwrap();
        assert_eq!(
            mets.pages,
            [vec!["serviceFile1".to_string(), "ocrFile1".to_string()]]
        );
        assert!(mets.logical.children.is_empty() && mets.logical.areas.is_empty());
        assert!(
            mets.is_text_file("ocrFile1"),
            "a `pageFileGrp` is no PAGE-XML group"
        );
        assert!(!mets.is_text_file("serviceFile1"));
    }

    #[test]
    fn a_file_is_found_by_its_name_in_its_groups_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("ALTO3")).unwrap();
        std::fs::write(dir.path().join("ALTO3/16331005.xml"), "<alto/>").unwrap();
        let mets = parse(&dir.path().join("m.xml"), METS).unwrap();
        let entry = |href: &str| FileEntry {
            mime: "text/xml".into(),
            group_use: "alto3".into(),
            group_folder: "ALTO3".into(),
            href: href.into(),
            line: 1,
        };
        let found = Some(dir.path().join("ALTO3/16331005.xml"));
        assert_eq!(
            mets.find_file(&entry("https://x.de/fulltext/alto3/16331005")),
            found
        );
        assert_eq!(mets.find_file(&entry("16331005.xml")), found);
        assert_eq!(mets.find_file(&entry("https://x.de/other/16331006")), None);
        assert_eq!(mets.find_file(&entry("https://x.de/..")), None);
    }
}
