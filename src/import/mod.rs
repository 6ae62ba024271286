//! Import: recovers an edition's structure from raw text extracted from printed pages.
