//! The model stage: what every other stage agrees on — table schemas, number formats, shapes.
//! It depends on nothing else in the crate.

pub mod format;
pub mod schema;
