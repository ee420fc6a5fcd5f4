//! `depbench tables`: list the tables and views, or describe one.

use std::process::ExitCode;

use super::Cli;

/// List tables and views with what they hold, or the columns of one of them.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Describe this table or view (columns and types).
    pub name: Option<String>,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let engine = cli.engine()?;
    let text = match &args.name {
        None => depbench::shell::list_tables(&engine),
        Some(name) => super::runtime()?.block_on(depbench::shell::describe(&engine, name))?,
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
