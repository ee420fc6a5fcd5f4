//! depbench's integration tests: one binary (DataFusion links once), one module per area.

mod common;

mod check;
mod cli;
mod editions;
mod figures;
mod import_errors;
mod map;
mod quality_flags;
mod query_output;
mod references;
mod reimport;
mod report;
mod serve;
mod serve_browser;
mod serve_limits;
mod shell;
mod structure;
mod territories;
mod values;
