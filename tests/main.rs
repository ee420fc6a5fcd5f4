//! depbench's integration tests: one binary (DataFusion links once), one module per area.

mod common;

mod check;
mod cli;
mod cli_messages;
mod context;
mod context_peers;
mod context_sources;
mod editions;
mod epci;
mod figures;
mod hostile_workbooks;
mod import_errors;
mod local_kit;
mod map;
mod number_rule;
mod olinpe;
mod olinpe_derived;
mod quality_flags;
mod query_output;
mod references;
mod reimport;
mod report;
mod report_pdf;
mod serve;
mod serve_bands;
mod serve_browser;
mod serve_comforts;
mod serve_limits;
mod shell;
mod structure;
mod territories;
mod trust_words;
mod user_files;
mod values;
mod writers;
