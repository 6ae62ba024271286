//! Editions: the model, and loading and validating edition files (YAML or JSON).
//!
//! Loading is the only place that reads the edition's files; everything downstream works on
//! the returned [`Edition`], whose images already carry their bytes.

mod guard;
mod load;
mod model;
mod picture;

pub use load::{load, parse_str, LoadError, LoadOptions};
pub use model::*;
pub use picture::decode_image;
