//! `depbench tables`: list the tables and views, or describe one.

use std::process::ExitCode;

use depbench::query::prompt;

use super::Cli;

/// List tables and views with what they hold, or the columns of one of them.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Describe this table or view (columns, types and what each column holds).
    pub name: Option<String>,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let engine = cli.engine()?;
    let text = match &args.name {
        None => prompt::list_tables(&engine),
        Some(name) => super::runtime()?.block_on(prompt::describe(&engine, name))?,
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
