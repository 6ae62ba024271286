//! The bundled Noto CJK fonts: finding them, choosing the face for a language, metrics.
//!
//! The bundled font files ([`BUNDLED`]) are compiled into the program, so an installed `folio`
//! needs nothing beside it; `--font-dir` or `FOLIO_FONT_DIR` points it at a folder of files of
//! the same names instead ([`FontSource`]). Either way the bytes are used in place, never
//! copied: the embedded ones are pages of the mapped executable, a folder's files are
//! memory-mapped, so a process only pays for the pages it reads. A [`FontSet`] is loaded once
//! and shared by every edition of a batch. Faces are chosen by family name (`Noto Serif CJK
//! SC`, …), never by a hard-coded index into the collection.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{anyhow, bail, Context, Result};

use crate::locale::Region;

/// What a bundled font file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The edition's own face of a style: a collection with one face per region.
    Primary(FontStyle),
}

/// One bundled font file: its name in `fonts/`, what it is for, and its bytes, compiled into
/// the program.
#[derive(Clone, Copy)]
pub struct BundledFont {
    /// File name in the repository's `fonts/` (and in a `--font-dir` folder).
    pub file: &'static str,
    /// What it is for.
    pub role: Role,
    /// The whole file.
    pub bytes: &'static [u8],
}

impl fmt::Debug for BundledFont {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} bytes, {:?})",
            self.file,
            self.bytes.len(),
            self.role
        )
    }
}

/// One row of [`BUNDLED`]: `fonts/FILE`, compiled in with `include_bytes!`.
macro_rules! bundled {
    ($file:literal, $role:expr) => {
        BundledFont {
            file: $file,
            role: $role,
            bytes: include_bytes!(concat!("../fonts/", $file)),
        }
    };
}

/// Every bundled font file; adding a face is one row. A `static`, not a `const`: a constant
/// is copied into each place that uses it, and with it, possibly, its 46 MB of bytes.
pub static BUNDLED: [BundledFont; 2] = [
    bundled!("NotoSerifCJK-Regular.ttc", Role::Primary(FontStyle::Serif)),
    bundled!("NotoSansCJK-Bold.ttc", Role::Primary(FontStyle::SansBold)),
];

/// Where a [`FontSet`]'s files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontSource {
    /// The files compiled into the program ([`BUNDLED`]).
    Embedded,
    /// A folder holding files of the same names as [`BUNDLED`]'s.
    Dir(PathBuf),
}

impl FontSource {
    /// `dir` (the `--font-dir` flag) if given, else `$FOLIO_FONT_DIR` if set and not empty,
    /// else the embedded fonts.
    pub fn choose(dir: Option<&Path>) -> FontSource {
        if let Some(dir) = dir {
            return FontSource::Dir(dir.to_path_buf());
        }
        match std::env::var_os("FOLIO_FONT_DIR") {
            Some(dir) if !dir.is_empty() => FontSource::Dir(PathBuf::from(dir)),
            _ => FontSource::Embedded,
        }
    }

    /// Which font files this source gives and where they are, for `folio --version`.
    pub fn describe(&self) -> String {
        match self {
            FontSource::Embedded => {
                let files: Vec<String> = BUNDLED
                    .iter()
                    .map(|f| format!("{} ({:.1} MB)", f.file, f.bytes.len() as f64 / 1e6))
                    .collect();
                format!("embedded in this executable: {}", files.join(", "))
            }
            FontSource::Dir(dir) => {
                let files: Vec<String> = BUNDLED
                    .iter()
                    .map(|f| dir.join(f.file).display().to_string())
                    .collect();
                format!("from the folder {}: {}", dir.display(), files.join(", "))
            }
        }
    }
}

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

/// One font file and the family name of each face in it.
struct Collection {
    /// Where it came from, for messages: a path, or `embedded FILE`.
    origin: String,
    role: Role,
    bytes: FontBytes,
    families: Vec<String>,
}

/// The bundled fonts, loaded once per process.
pub struct FontSet {
    source: FontSource,
    /// One per row of [`BUNDLED`], in its order.
    files: Vec<Collection>,
}

impl fmt::Debug for FontSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.files.iter().map(|c| &c.origin))
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
    /// Loads every file of [`BUNDLED`] from `source`.
    pub fn open(source: &FontSource) -> Result<FontSet> {
        let files = BUNDLED
            .iter()
            .map(|font| match source {
                FontSource::Embedded => Collection::embedded(font),
                FontSource::Dir(dir) => Collection::open(&dir.join(font.file), font.role),
            })
            .collect::<Result<_>>()?;
        Ok(FontSet {
            source: source.clone(),
            files,
        })
    }

    /// The fonts compiled into the program.
    pub fn embedded() -> Result<FontSet> {
        FontSet::open(&FontSource::Embedded)
    }

    /// The fonts of `$FOLIO_FONT_DIR` if it is set, else the embedded ones.
    pub fn from_env() -> Result<FontSet> {
        FontSet::open(&FontSource::choose(None))
    }

    /// Loads the files of [`BUNDLED`]'s names from the folder `dir`.
    pub fn load(dir: &Path) -> Result<FontSet> {
        FontSet::open(&FontSource::Dir(dir.to_path_buf()))
    }

    /// Where the files came from.
    pub fn source(&self) -> &FontSource {
        &self.source
    }

    /// The face of `style` for `region`, found by its family name (e.g. `Noto Serif CJK TC`).
    pub fn face(&self, style: FontStyle, region: Region) -> Result<Face> {
        let collection = self
            .files
            .iter()
            .find(|c| c.role == Role::Primary(style))
            .ok_or_else(|| anyhow!("no bundled font file is the {style:?} face"))?;
        let family = format!("{} {}", style.family_prefix(), region.noto_suffix());
        let index = collection
            .families
            .iter()
            .position(|f| *f == family)
            .ok_or_else(|| {
                anyhow!(
                    "{} has no face named `{family}` (it has: {})",
                    collection.origin,
                    collection.families.join(", ")
                )
            })? as u32;
        let ttf = ttf_parser::Face::parse(collection.bytes.as_ref().as_ref(), index)
            .map_err(|e| anyhow!("{}: face {index}: {e}", collection.origin))?;
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
    /// The file at `path`, memory-mapped.
    fn open(path: &Path, role: Role) -> Result<Collection> {
        let file = std::fs::File::open(path).with_context(|| {
            let names: Vec<&str> = BUNDLED.iter().map(|f| f.file).collect();
            format!(
                "cannot open font {} (--font-dir and FOLIO_FONT_DIR must name a folder holding {}; \
                 without either, folio uses the fonts compiled into it)",
                path.display(),
                names.join(", ")
            )
        })?;
        // SAFETY: the font files are read-only assets that folio never writes; a concurrent
        // truncation by another program is the documented hazard of mmap, accepted here for
        // the memory it saves (only the glyphs used are paged in).
        let map = unsafe { memmap2::Mmap::map(&file) }
            .with_context(|| format!("cannot map font {}", path.display()))?;
        Collection::parse(path.display().to_string(), role, Arc::new(map))
    }

    /// A file compiled into the program, used in place.
    fn embedded(font: &BundledFont) -> Result<Collection> {
        Collection::parse(
            format!("embedded {}", font.file),
            font.role,
            Arc::new(font.bytes),
        )
    }

    /// Reads the family name of every face in `bytes`.
    fn parse(origin: String, role: Role, bytes: FontBytes) -> Result<Collection> {
        let data: &[u8] = bytes.as_ref().as_ref();
        let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
        let mut families = Vec::new();
        for i in 0..count {
            let face = ttf_parser::Face::parse(data, i)
                .map_err(|e| anyhow!("{origin}: face {i} is unreadable: {e}"))?;
            families.push(family_name(&face).unwrap_or_default());
        }
        if families.is_empty() {
            bail!("{origin} holds no font");
        }
        Ok(Collection {
            origin,
            role,
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
        let set = FontSet::embedded().unwrap();
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
        let set = FontSet::embedded().unwrap();
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
    fn a_font_dir_gives_the_same_faces_as_the_embedded_files() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let from_dir = FontSet::load(&dir).unwrap();
        let embedded = FontSet::embedded().unwrap();
        for style in [FontStyle::Serif, FontStyle::SansBold] {
            let a = from_dir.face(style, Region::Japan).unwrap();
            let b = embedded.face(style, Region::Japan).unwrap();
            assert_eq!((a.family(), a.index()), (b.family(), b.index()));
            assert!(a.data() == b.data());
        }
        assert_eq!(from_dir.source(), &FontSource::Dir(dir));
        assert!(FontSource::Embedded
            .describe()
            .contains("NotoSerifCJK-Regular.ttc (26.3 MB)"));
    }

    #[test]
    fn a_missing_font_dir_says_what_to_do() {
        let err = FontSet::load(Path::new("/nonexistent")).unwrap_err();
        assert!(format!("{err:#}").contains("--font-dir"));
    }
}
