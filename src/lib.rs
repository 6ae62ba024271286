//! folio: structured newspaper editions to EPUB 3 and archival, paginated PDF, with CJK
//! typesetting a Chinese, Japanese or Korean reader finds correct.
//!
//! The pipeline runs one way (see `DESIGN.md`): [`edition`] loads and validates an edition file
//! into the model; [`epub`] writes the model as an EPUB; [`typeset`] (the text engine) and
//! [`layout`] turn it into pages that [`pdf`] writes. [`import`] recovers an edition from raw
//! extracted page text, and [`batch`] runs many editions at once. [`build`] ties one edition's
//! outputs together; the `folio` binary is a thin CLI over these.

pub mod batch;
pub mod build;
pub mod design;
pub mod echo;
pub mod edition;
pub mod epub;
pub mod fonts;
pub mod import;
pub mod input;
pub mod interrupt;
pub mod layout;
pub mod locale;
pub mod memory;
pub mod output;
pub mod pagestarts;
pub mod pdf;
pub mod plural;
pub mod script;
pub mod typeset;
