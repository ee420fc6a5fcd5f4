//! `depbench tables`: list the tables and views, or describe one.

use std::process::ExitCode;

use depbench::query::prompt;

use super::Cli;

/// List tables and views with what they hold, or the columns of one of them
/// (`indicators`: also each indicator's years per edition).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Describe this table or view (columns, types and what each column holds).
    pub name: Option<String>,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let engine = cli.engine()?;
    let text = match &args.name {
        None => prompt::list_tables(&engine),
        Some(name) if name.trim().eq_ignore_ascii_case("indicators") => {
            let rt = super::runtime()?;
            let mut text = rt.block_on(prompt::describe(&engine, name))?;
            text.push('\n');
            text.push_str(&rt.block_on(depbench::report::indicators::listing(&engine))?);
            text
        }
        Some(name) => super::runtime()?.block_on(prompt::describe(&engine, name))?,
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
