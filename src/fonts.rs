//! The bundled Noto CJK fonts: finding them, choosing the face for a language, metrics.
//!
//! A [`FontSet`] maps the two collection files once (memory-mapped, so a process only pays for
//! the pages it reads) and is shared by every edition of a batch. Faces are chosen by family
//! name (`Noto Serif CJK SC`, …), never by a hard-coded index into the collection.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{anyhow, bail, Context, Result};

use crate::locale::Region;

/// File name of the body face collection.
pub const SERIF_FILE: &str = "NotoSerifCJK-Regular.ttc";
/// File name of the headline face collection.
pub const SANS_BOLD_FILE: &str = "NotoSansCJK-Bold.ttc";

/// Shared, immutable font bytes (a memory map of the file, or bytes in memory).
pub type FontBytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// The two type styles a newspaper page uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontStyle {
    /// Body text: Noto Serif CJK Regular.
    Serif,
    /// Headlines: Noto Sans CJK Bold.
    SansBold,
}

impl FontStyle {
    /// The family prefix before the region suffix, e.g. `Noto Serif CJK`.
    pub fn family_prefix(self) -> &'static str {
        match self {
            FontStyle::Serif => "Noto Serif CJK",
            FontStyle::SansBold => "Noto Sans CJK",
        }
    }
}

/// One collection file and the family name of each face in it.
struct Collection {
    path: PathBuf,
    bytes: FontBytes,
    families: Vec<String>,
}

/// The bundled fonts, loaded once per process.
pub struct FontSet {
    serif: Collection,
    sans_bold: Collection,
}

impl fmt::Debug for FontSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FontSet")
            .field("serif", &self.serif.path)
            .field("sans_bold", &self.sans_bold.path)
            .finish()
    }
}

/// One face of a collection: the bytes it lives in, its index and its family name.
/// Cheap to clone; parse it with [`Face::ttf`] or [`Face::shaper`] when needed.
#[derive(Clone)]
pub struct Face {
    bytes: FontBytes,
    index: u32,
    family: String,
    style: FontStyle,
    metrics: FaceMetrics,
}

impl fmt::Debug for Face {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Face({} #{})", self.family, self.index)
    }
}

/// Vertical metrics of a face, in font units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaceMetrics {
    /// Units per em.
    pub units_per_em: u16,
    /// Typographic ascender (positive, above the baseline).
    pub ascender: i16,
    /// Typographic descender (negative, below the baseline).
    pub descender: i16,
}

impl FontSet {
    /// The folder the bundled fonts are looked for in when none is given: `$FOLIO_FONT_DIR`,
    /// then `fonts/` beside the executable or in its parent folders, then the source tree's.
    pub fn default_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("FOLIO_FONT_DIR") {
            return PathBuf::from(dir);
        }
        if let Ok(exe) = std::env::current_exe() {
            for dir in exe.ancestors().skip(1).take(4) {
                let candidate = dir.join("fonts");
                if candidate.join(SERIF_FILE).is_file() {
                    return candidate;
                }
            }
        }
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts"))
    }

    /// Loads both collections from `dir`, which must hold [`SERIF_FILE`] and [`SANS_BOLD_FILE`].
    pub fn load(dir: &Path) -> Result<FontSet> {
        Ok(FontSet {
            serif: Collection::open(&dir.join(SERIF_FILE))?,
            sans_bold: Collection::open(&dir.join(SANS_BOLD_FILE))?,
        })
    }

    /// The face of `style` for `region`, found by its family name (e.g. `Noto Serif CJK TC`).
    pub fn face(&self, style: FontStyle, region: Region) -> Result<Face> {
        let collection = match style {
            FontStyle::Serif => &self.serif,
            FontStyle::SansBold => &self.sans_bold,
        };
        let family = format!("{} {}", style.family_prefix(), region.noto_suffix());
        let index = collection
            .families
            .iter()
            .position(|f| *f == family)
            .ok_or_else(|| {
                anyhow!(
                    "{} has no face named `{family}` (it has: {})",
                    collection.path.display(),
                    collection.families.join(", ")
                )
            })? as u32;
        let ttf = ttf_parser::Face::parse(collection.bytes.as_ref().as_ref(), index)
            .map_err(|e| anyhow!("{}: face {index}: {e}", collection.path.display()))?;
        let metrics = FaceMetrics {
            units_per_em: ttf.units_per_em(),
            ascender: ttf.ascender(),
            descender: ttf.descender(),
        };
        Ok(Face {
            bytes: collection.bytes.clone(),
            index,
            family,
            style,
            metrics,
        })
    }
}

impl Collection {
    fn open(path: &Path) -> Result<Collection> {
        let file = std::fs::File::open(path).with_context(|| {
            format!(
                "cannot open font {} (pass --font-dir or set FOLIO_FONT_DIR to the folder holding \
                 {SERIF_FILE} and {SANS_BOLD_FILE})",
                path.display()
            )
        })?;
        // SAFETY: the font files are read-only assets that folio never writes; a concurrent
        // truncation by another program is the documented hazard of mmap, accepted here for
        // the memory it saves (only the glyphs used are paged in).
        let map = unsafe { memmap2::Mmap::map(&file) }
            .with_context(|| format!("cannot map font {}", path.display()))?;
        let bytes: FontBytes = Arc::new(map);
        let count = ttf_parser::fonts_in_collection(bytes.as_ref().as_ref()).unwrap_or(1);
        let mut families = Vec::new();
        for i in 0..count {
            let face = ttf_parser::Face::parse(bytes.as_ref().as_ref(), i)
                .map_err(|e| anyhow!("{}: face {i} is unreadable: {e}", path.display()))?;
            families.push(family_name(&face).unwrap_or_default());
        }
        if families.is_empty() {
            bail!("{} holds no font", path.display());
        }
        Ok(Collection {
            path: path.to_path_buf(),
            bytes,
            families,
        })
    }
}

/// The typographic family name (name ID 16), else the legacy family (ID 1).
fn family_name(face: &ttf_parser::Face) -> Option<String> {
    let names = face.names();
    let find = |id: u16| {
        names
            .into_iter()
            .filter(|n| n.name_id == id && n.is_unicode())
            .find_map(|n| n.to_string())
    };
    find(ttf_parser::name_id::TYPOGRAPHIC_FAMILY).or_else(|| find(ttf_parser::name_id::FAMILY))
}

impl Face {
    /// The raw bytes of the whole collection this face lives in.
    pub fn data(&self) -> &[u8] {
        self.bytes.as_ref().as_ref()
    }

    /// The shared bytes, for handing to writers (krilla) without copying.
    pub fn shared_bytes(&self) -> FontBytes {
        self.bytes.clone()
    }

    /// The face's index in its collection.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// What tells faces apart: the address of the loaded bytes and the index in them. Two
    /// clones of one face share a key; caches of parsed faces and PDF fonts are keyed by it,
    /// since the family name alone does not say which loaded file a face came from.
    pub fn key(&self) -> (usize, u32) {
        (self.data().as_ptr() as usize, self.index)
    }

    /// The family name, e.g. `Noto Serif CJK SC`.
    pub fn family(&self) -> &str {
        &self.family
    }

    /// Which style this face is.
    pub fn style(&self) -> FontStyle {
        self.style
    }

    /// Vertical metrics in font units.
    pub fn metrics(&self) -> FaceMetrics {
        self.metrics
    }

    /// Parses the face for metrics and glyph lookup (cheap: reads the table directory).
    pub fn ttf(&self) -> ttf_parser::Face<'_> {
        ttf_parser::Face::parse(self.data(), self.index).expect("face was parsed when loaded")
    }

    /// The face for shaping with rustybuzz.
    pub fn shaper(&self) -> rustybuzz::Face<'_> {
        rustybuzz::Face::from_slice(self.data(), self.index).expect("face was parsed when loaded")
    }

    /// A standalone OpenType font holding only the glyphs for `chars`, for embedding in an
    /// EPUB. Keeps `cmap`, the vertical tables and only the layout features vertical and
    /// proportional CJK text needs (`vert vrt2 vkrn vpal halt vhal palt kern`): HarfBuzz's
    /// default set also keeps `locl` and `liga`, which nearly doubles the size.
    pub fn subset(&self, chars: impl IntoIterator<Item = char>) -> Result<Vec<u8>> {
        let failed = || anyhow!("cannot subset font {}", self.family);
        let blob = hb_subset::Blob::from_bytes(self.data()).map_err(|_| failed())?;
        let face = hb_subset::FontFace::new_with_index(blob, self.index).map_err(|_| failed())?;
        // HarfBuzz turns an out-of-range face index into an empty face instead of an error.
        if face.glyph_count() == 0 {
            bail!("font {} (face {}) has no glyphs", self.family, self.index);
        }
        let mut input = hb_subset::SubsetInput::new().map_err(|_| failed())?;
        {
            let mut unicodes = input.unicode_set();
            for c in chars {
                unicodes.insert(c);
            }
        }
        {
            let mut features = input.layout_feature_tag_set();
            features.clear();
            for tag in SUBSET_FEATURES {
                features.insert(hb_subset::Tag::new(tag));
            }
        }
        let subset = input.subset_font(&face).map_err(|_| failed())?;
        if subset.glyph_count() == 0 {
            bail!("subsetting font {} produced an empty font", self.family);
        }
        let bytes = subset.underlying_blob().to_vec();
        Ok(bytes)
    }
}

/// OpenType layout features an embedded subset keeps: vertical forms and metrics, and the
/// punctuation width adjustments CJK typesetting uses, plus Latin kerning.
const SUBSET_FEATURES: [&[u8; 4]; 8] = [
    b"vert", b"vrt2", b"vkrn", b"vpal", b"halt", b"vhal", b"palt", b"kern",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faces_are_found_by_family_for_each_region() {
        let set = FontSet::load(&FontSet::default_dir()).unwrap();
        for region in [
            Region::Japan,
            Region::Korea,
            Region::SimplifiedChinese,
            Region::TraditionalChinese,
            Region::HongKong,
        ] {
            for style in [FontStyle::Serif, FontStyle::SansBold] {
                let face = set.face(style, region).unwrap();
                assert!(face.family().ends_with(region.noto_suffix()));
                assert_eq!(face.metrics().units_per_em, 1000);
                assert!(face.ttf().glyph_index('中').is_some());
            }
        }
    }

    #[test]
    fn subsets_keep_only_the_characters_asked_for_and_the_vertical_tables() {
        let set = FontSet::load(&FontSet::default_dir()).unwrap();
        let face = set
            .face(FontStyle::Serif, Region::TraditionalChinese)
            .unwrap();
        let bytes = face.subset("臺灣，「新聞」".chars()).unwrap();
        assert!(bytes.len() < 100_000, "{} bytes", bytes.len());
        let subset = ttf_parser::Face::parse(&bytes, 0).unwrap();
        assert!(subset.glyph_index('灣').is_some());
        assert!(subset.glyph_index('中').is_none());
        let tables = subset.tables();
        assert!(tables.vhea.is_some() && tables.vmtx.is_some() && tables.vorg.is_some());
        let features: Vec<String> = tables
            .gsub
            .unwrap()
            .features
            .into_iter()
            .map(|f| f.tag.to_string())
            .collect();
        assert!(features.contains(&"vert".to_string()), "{features:?}");
        assert_eq!(
            bytes,
            face.subset("臺灣，「新聞」".chars()).unwrap(),
            "deterministic"
        );
    }

    #[test]
    fn a_missing_font_dir_says_what_to_do() {
        let err = FontSet::load(Path::new("/nonexistent")).unwrap_err();
        assert!(format!("{err:#}").contains("--font-dir"));
    }
}
