//! `depbench shell`: an interactive SQL prompt.

use std::process::ExitCode;

use super::Cli;

/// Interactive SQL: statements end with `;` and may span lines; `\d` lists tables, `\d NAME`
/// describes one, `\q` quits. History is kept in ~/.depbench_history.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Named parameter available to every statement, e.g. --param focus=17.
    #[arg(short, long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let params = depbench::query::Params::parse(args.params.iter().map(String::as_str))?;
    let engine = cli.engine()?;
    let rt = super::runtime()?;
    rt.block_on(depbench::shell::run(&engine, &params))?;
    Ok(ExitCode::SUCCESS)
}
