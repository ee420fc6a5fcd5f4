//! depbench's integration tests: one binary (DataFusion links once), one module per area.

mod common;
mod check;
