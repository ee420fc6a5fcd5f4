//! `depbench query`: run one read-only SQL statement (or a query file) and print the result.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use depbench::query::{Params, output};

use super::Cli;

/// Run SQL over the catalogue and its views. Named parameters ($focus, $peers, $year, $from,
/// $to…) are given with --param name=value; lists are comma-separated (--param peers=22,64,14).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The SQL statement.
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    pub sql: Option<String>,
    /// Read the statement from a file.
    #[arg(short, long, value_name = "FILE.sql")]
    pub file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = output::Format::Table)]
    pub format: output::Format,
    /// Named parameter, e.g. --param focus=17 --param peers=22,64,14 --param year=2022.
    #[arg(short, long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let (sql, context) = match (&args.sql, &args.file) {
        (Some(sql), _) => (sql.clone(), "query".to_string()),
        (None, Some(path)) => (
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
            path.display().to_string(),
        ),
        (None, None) => unreachable!("clap requires SQL or --file"),
    };
    let params = Params::parse(args.params.iter().map(String::as_str))?;
    let engine = cli.engine()?;
    let rt = super::runtime()?;
    let text = rt.block_on(async {
        let df = engine.plan(&sql, &params, &context).await?;
        let schema = std::sync::Arc::new(df.schema().as_arrow().clone());
        let batches = df
            .collect()
            .await
            .map_err(|e| depbench::Error::query(&context, e))?;
        output::render(&schema, &batches, args.format)
    })?;
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
