//! depbench: comparative analytics for French departmental child-protection statistics.
//!
//! Data flows one way through the pipeline stages:
//! [`import`] (official files → `data/`) → [`catalog`] (Arrow tables) → [`query`] (DataFusion
//! SQL over tables and the views in `queries/`) → `render` (charts, tables) → `report`.

pub mod bench;
pub mod catalog;
pub mod check;
pub mod error;
pub mod import;
pub mod model;
pub mod query;
pub mod render;
pub mod report;
pub mod shell;

pub use error::{Error, Result};
