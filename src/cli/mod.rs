//! Subcommands: one module each, with its arguments and its `run`.

mod chart;
mod check;
mod import;
mod olinpe;
mod query;
mod report;
mod serve;
mod shell;
mod tables;
mod template;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Comparative analytics for French departmental child-protection statistics (ASE).
#[derive(Debug, Parser)]
#[command(name = "depbench", version, about)]
pub struct Cli {
    /// Data directory (default: $DEPBENCH_DATA, ./data, or the one shipped with depbench).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Queries directory holding views/ and figures/ (default: $DEPBENCH_QUERIES or ./queries).
    #[arg(long, global = true, value_name = "DIR")]
    pub queries_dir: Option<PathBuf>,
    /// Your own file as a table beside the catalogue, read-only: CSV, Parquet, JSON or an XLSX
    /// sheet (PATH#sheet). Repeatable: --table ip=ip_2023.csv --table ut=unites.xlsx#2023.
    #[arg(long = "table", global = true, value_name = "NAME=PATH")]
    pub tables: Vec<String>,
    /// Memory the query engine may use for sorts, joins and aggregates (e.g. 512MB, 4GB;
    /// default 2GB or $DEPBENCH_MEMORY_LIMIT); a query needing more stops with an error.
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_memory_limit)]
    pub memory_limit: Option<usize>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Check(check::Args),
    Import(import::Args),
    /// OLINPE individual-level extracts: `depbench olinpe synth`.
    Olinpe(olinpe::Args),
    Report(report::Args),
    Serve(serve::Args),
    Chart(chart::Args),
    Query(query::Args),
    Shell(shell::Args),
    Tables(tables::Args),
    Template(template::Args),
}

impl Cli {
    /// The data directory to use.
    pub fn data_dir(&self) -> PathBuf {
        self.data_dir
            .clone()
            .unwrap_or_else(depbench::catalog::default_data_dir)
    }

    /// The queries directory to use.
    pub fn queries_dir(&self) -> PathBuf {
        self.queries_dir
            .clone()
            .unwrap_or_else(depbench::query::default_queries_dir)
    }

    /// A query engine over the chosen directories, with the memory limit and the user's
    /// tables (`--table`).
    pub fn engine(&self) -> anyhow::Result<depbench::query::Engine> {
        let mut options = depbench::query::EngineOptions::default();
        if let Some(limit) = self.memory_limit {
            options.memory_limit = limit;
        }
        let engine =
            depbench::query::Engine::open_with(self.data_dir(), self.queries_dir(), options)?;
        engine.add_files(&self.tables)?;
        Ok(engine)
    }
}

/// Run the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Check(args) => check::run(&cli, args),
        Command::Import(args) => import::run(&cli, args),
        Command::Olinpe(args) => olinpe::run(&cli, args),
        Command::Report(args) => report::run(&cli, args),
        Command::Serve(args) => serve::run(&cli, args),
        Command::Chart(args) => chart::run(&cli, args),
        Command::Query(args) => query::run(&cli, args),
        Command::Shell(args) => shell::run(&cli, args),
        Command::Tables(args) => tables::run(&cli, args),
        Command::Template(args) => template::run(&cli, args),
    }
}

fn parse_memory_limit(text: &str) -> Result<usize, String> {
    depbench::query::hints::parse_bytes(text).map_err(|e| e.to_string())
}

/// A current-thread runtime for the async query engine.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}
