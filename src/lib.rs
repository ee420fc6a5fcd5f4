//! depbench: comparative analytics for French departmental child-protection statistics.
//!
//! One-way stages (see `docs/ARCHITECTURE.md`; `tests/structure.rs` enforces the rule):
//! [`model`] (schemas with declared keys and vocabularies, territory codes, formats, shapes) ←
//! [`import`] (official files → `data/`) ← [`catalog`] (Arrow tables) ← [`query`] (read-only
//! DataFusion SQL over the tables and the views of `queries/`, one typed row accessor) ←
//! [`mod@bench`] (figures, peers) and [`check`]; [`render`] (charts, map, table exports) depends on
//! the model only; [`report`] assembles bench and render. The binary's `cli` uses everything.

pub mod bench;
pub mod catalog;
pub mod check;
pub mod error;
pub mod import;
pub mod model;
pub mod query;
pub mod render;
pub mod report;
pub mod serve;
pub mod write;

pub use error::{Error, Result};
