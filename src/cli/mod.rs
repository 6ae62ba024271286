//! One module per subcommand: its arguments and how it runs.

pub mod batch;
pub mod build;
pub mod docs;
pub mod import;
pub mod import_mets;
