//! The model stage: what every other stage agrees on — table schemas with their declared keys,
//! foreign keys and vocabularies ([`schema`]), what each column holds ([`columns`]), territory codes and roles ([`territory`]), French
//! number formats ([`mod@format`]), the one number rule of every value read ([`numbers`]), CSV line numbers ([`lines`]), département outlines ([`shape`]),
//! spreadsheet cell references ([`cells`]) and the bounded map of recent results every cache uses
//! ([`recent`]). It depends on nothing else in the crate.

pub mod cells;
pub mod columns;
pub mod context_tables;
pub mod format;
pub mod least_squares;
pub mod lines;
pub mod local;
pub mod names;
pub mod numbers;
pub mod recent;
pub mod schema;
pub mod shape;
pub mod territory;

pub use cells::a1;
