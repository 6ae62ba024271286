//! The bundled fonts: finding them, choosing the face for a language, per-character fallback,
//! metrics and subsetting.
//!
//! The bundled font files ([`BUNDLED`]) are compiled into the program, so an installed `folio`
//! needs nothing beside it; `--font-dir` or `FOLIO_FONT_DIR` points it at a folder of files of
//! the same names instead ([`FontSource`]). Either way the bytes are used in place, never
//! copied: the embedded ones are pages of the mapped executable, a folder's files are
//! memory-mapped, so a process only pays for the pages it reads. A [`FontSet`] is loaded once
//! and shared by every edition of a batch. Faces are chosen by family name (`Noto Serif CJK
//! SC`, …), never by a hard-coded index into the collection. Each face of a style carries the
//! fallback faces of that style ([`Face::fallbacks`]), in the order they are tried for a
//! character the face lacks; a character no face has is drawn as [`PLACEHOLDER`] (see
//! [`Face::face_for`]).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{anyhow, bail, Context, Result};

use crate::locale::Region;

/// The mark drawn for a character no bundled face has: the geta mark `〓`, the typesetter's
/// sign for a missing sort, from the edition's own face. The original character is kept as the
/// text (`/ActualText` in the PDF, the character itself in the EPUB).
pub const PLACEHOLDER: char = '\u{3013}';

/// What a bundled font file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The edition's own face of a style: a collection with one face per region.
    Primary(FontStyle),
    /// A fallback for characters the primary faces of these styles lack, tried in table order.
    Fallback(&'static [FontStyle]),
}

const BOTH: &[FontStyle] = &[FontStyle::Serif, FontStyle::SansBold];

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
/// is copied into each place that uses it, and with it, possibly, its 80 MB of bytes.
///
/// Fallbacks are tried in this order. Measured on the cmaps (Unicode 14 assignments): Noto CJK
/// lacks sub- and superscripts, most of Latin Extended, Greek and Cyrillic beyond the basic
/// letters, many arrows, mathematical and technical signs and dingbats, and all but 2,057 of
/// the 42,720 Extension B ideographs and most of C–F. Noto Serif and Noto Sans Bold (the Latin
/// faces of the same design as the body and headlines) cover the letters; Noto Sans Math,
/// Symbols and Symbols 2 the signs (4,241 of the 4,312 symbols Noto CJK lacks in the blocks
/// measured); HanaMinB 42,711 of Extension B and all of C–F.
pub static BUNDLED: [BundledFont; 8] = [
    bundled!("NotoSerifCJK-Regular.ttc", Role::Primary(FontStyle::Serif)),
    bundled!("NotoSansCJK-Bold.ttc", Role::Primary(FontStyle::SansBold)),
    bundled!("NotoSerif-Regular.ttf", Role::Fallback(&[FontStyle::Serif])),
    bundled!("NotoSans-Bold.ttf", Role::Fallback(&[FontStyle::SansBold])),
    bundled!("NotoSansMath-Regular.ttf", Role::Fallback(BOTH)),
    bundled!("NotoSansSymbols-Regular.ttf", Role::Fallback(BOTH)),
    bundled!("NotoSansSymbols2-Regular.ttf", Role::Fallback(BOTH)),
    bundled!("HanaMinB.ttf", Role::Fallback(BOTH)),
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
    /// Its name in [`BUNDLED`].
    file: &'static str,
    role: Role,
    bytes: FontBytes,
    families: Vec<String>,
}

/// The bundled fonts, loaded once per process.
pub struct FontSet {
    source: FontSource,
    /// One per row of [`BUNDLED`], in its order.
    files: Vec<Collection>,
    /// The fallback faces of each style, in the order they are tried.
    serif_fallbacks: Arc<[Face]>,
    sans_fallbacks: Arc<[Face]>,
}

impl fmt::Debug for FontSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.files.iter().map(|c| &c.origin))
            .finish()
    }
}

/// One face of a font file: the bytes it lives in, its index and its family name, and the
/// faces to fall back to for characters it lacks. Cheap to clone; parse it with [`Face::ttf`]
/// or [`Face::shaper`] when needed.
#[derive(Clone)]
pub struct Face {
    bytes: FontBytes,
    index: u32,
    /// Shared: every glyph run holds a clone of its face.
    family: Arc<str>,
    style: FontStyle,
    metrics: FaceMetrics,
    /// The file of [`BUNDLED`] it comes from, for naming subsets (`NotoSerif-Regular.ttf`).
    file: &'static str,
    fallbacks: Arc<[Face]>,
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
                FontSource::Dir(dir) => Collection::open(&dir.join(font.file), font),
            })
            .collect::<Result<_>>()?;
        let mut set = FontSet {
            source: source.clone(),
            files,
            serif_fallbacks: Arc::from(Vec::new()),
            sans_fallbacks: Arc::from(Vec::new()),
        };
        set.serif_fallbacks = set.fallback_faces(FontStyle::Serif)?;
        set.sans_fallbacks = set.fallback_faces(FontStyle::SansBold)?;
        Ok(set)
    }

    /// The fallback faces of `style`: the first face of every fallback file that serves it.
    fn fallback_faces(&self, style: FontStyle) -> Result<Arc<[Face]>> {
        let mut faces = Vec::new();
        for collection in &self.files {
            if matches!(collection.role, Role::Fallback(styles) if styles.contains(&style)) {
                let family = collection.families[0].clone();
                faces.push(collection.face(0, family, style, Arc::from(Vec::new()))?);
            }
        }
        Ok(Arc::from(faces))
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

    /// The face of `style` for `region`, found by its family name (e.g. `Noto Serif CJK TC`),
    /// with the fallback faces of its style.
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
        let fallbacks = match style {
            FontStyle::Serif => self.serif_fallbacks.clone(),
            FontStyle::SansBold => self.sans_fallbacks.clone(),
        };
        collection.face(index, family, style, fallbacks)
    }
}

impl Collection {
    /// The file at `path`, memory-mapped, for the row `font` of [`BUNDLED`].
    fn open(path: &Path, font: &BundledFont) -> Result<Collection> {
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
        Collection::parse(path.display().to_string(), font, Arc::new(map))
    }

    /// A file compiled into the program, used in place.
    fn embedded(font: &BundledFont) -> Result<Collection> {
        Collection::parse(
            format!("embedded {}", font.file),
            font,
            Arc::new(font.bytes),
        )
    }

    /// Reads the family name of every face in `bytes`.
    fn parse(origin: String, font: &BundledFont, bytes: FontBytes) -> Result<Collection> {
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
            file: font.file,
            role: font.role,
            bytes,
            families,
        })
    }

    /// Face `index` of this file.
    fn face(
        &self,
        index: u32,
        family: String,
        style: FontStyle,
        fallbacks: Arc<[Face]>,
    ) -> Result<Face> {
        let ttf = ttf_parser::Face::parse(self.bytes.as_ref().as_ref(), index)
            .map_err(|e| anyhow!("{}: face {index}: {e}", self.origin))?;
        let metrics = FaceMetrics {
            units_per_em: ttf.units_per_em(),
            ascender: ttf.ascender(),
            descender: ttf.descender(),
        };
        Ok(Face {
            bytes: self.bytes.clone(),
            index,
            family: family.into(),
            style,
            metrics,
            file: self.file,
            fallbacks,
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

    /// The bundled file the face comes from (`NotoSerif-Regular.ttf`).
    pub fn file(&self) -> &'static str {
        self.file
    }

    /// The faces tried, in order, for a character this face lacks (empty for a fallback face).
    pub fn fallbacks(&self) -> &[Face] {
        &self.fallbacks
    }

    /// Whether the face maps `c` to a glyph.
    pub fn has_glyph(&self, c: char) -> bool {
        self.ttf().glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    /// Of `chars`, those this face lacks, by the fallback that draws them (its index in
    /// [`Face::fallbacks`]), each fallback once, in order; characters no face has are left
    /// out. Each face is parsed once, so this suits whole books (the EPUB's subsets).
    pub fn fallback_chars(&self, chars: impl IntoIterator<Item = char>) -> Vec<(usize, Vec<char>)> {
        let own = self.ttf();
        let mut parsed: Vec<Option<ttf_parser::Face<'_>>> = vec![None; self.fallbacks.len()];
        let mut found: Vec<Vec<char>> = vec![Vec::new(); self.fallbacks.len()];
        for c in chars {
            if c.is_whitespace()
                || crate::script::draws_nothing(c)
                || own.glyph_index(c).is_some_and(|g| g.0 != 0)
            {
                continue;
            }
            for (k, fallback) in self.fallbacks.iter().enumerate() {
                let face = parsed[k].get_or_insert_with(|| fallback.ttf());
                if face.glyph_index(c).is_some_and(|g| g.0 != 0) {
                    found[k].push(c);
                    break;
                }
            }
        }
        found
            .into_iter()
            .enumerate()
            .filter(|(_, chars)| !chars.is_empty())
            .collect()
    }

    /// The face that draws `c`: this face if it has it, else the first of its fallbacks that
    /// does; `None` when no bundled face has it (it is then drawn as [`PLACEHOLDER`]).
    pub fn face_for(&self, c: char) -> Option<&Face> {
        std::iter::once(self)
            .chain(self.fallbacks.iter())
            .find(|f| f.has_glyph(c))
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
