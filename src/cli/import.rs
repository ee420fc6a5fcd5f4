//! `depbench import`: official files (../shared/data) → normalised CSV under data/.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::Cli;

/// Import the DREES, Insee and IGN files into data/ (all or nothing) and print an account of
/// every row read.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shared data folder holding drees/, insee/ and geo/.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub from: PathBuf,
    /// Print only the summary line per input.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let data_dir = cli.data_dir();
    let out = depbench::import::import_all(&args.from)
        .with_context(|| format!("importing from {}", args.from.display()))?;
    for account in &out.accounts {
        if args.quiet {
            print!(
                "{}",
                account.to_string().lines().next().unwrap_or("").to_string() + "\n"
            );
        } else {
            print!("{account}");
        }
    }
    out.commit(&data_dir)
        .with_context(|| format!("writing {}", data_dir.display()))?;
    println!(
        "wrote {} files under {}",
        out.files.len(),
        data_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
