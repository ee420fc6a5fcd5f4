//! depbench's integration tests: one binary (DataFusion links once), one module per area.

mod common;

mod check;
mod cli;
mod editions;
mod import_errors;
mod reimport;
mod report;
mod shell;
mod values;
