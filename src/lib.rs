//! depbench: comparative analytics for French departmental child-protection statistics.
//!
//! Data flows one way through the pipeline stages:
//! [`import`] (official files → `data/`) → [`catalog`] (Arrow tables) → [`query`] (DataFusion
//! SQL over tables and the views in `queries/`) → `render` (charts, tables) → `report`.

pub mod catalog;
pub mod check;
pub mod error;
pub mod figure;
pub mod format;
pub mod geo;
pub mod import;
pub mod peers;
pub mod query;
pub mod render;
pub mod report;
pub mod schema;
pub mod serve;
pub mod shell;

pub use error::{Error, Result};
