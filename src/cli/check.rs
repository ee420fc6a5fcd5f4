//! `depbench check`: validate the catalogue and the provenance of every document figure.

use std::path::PathBuf;
use std::process::ExitCode;

use depbench::check;

use super::Cli;

/// Check the data: every table loads with its schema, codes, ids, vocabularies and keys are
/// consistent, and every document figure is printed on its cited line of its seed
/// (../shared/seeds/<doc_id>.txt; skipped with a message when absent). Exits 2 on any problem.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder of the seed texts (default: $DEPBENCH_SEEDS or ../shared/seeds).
    #[arg(long, value_name = "DIR")]
    pub seeds: Option<PathBuf>,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let seeds = args.seeds.clone().or_else(check::default_seeds_dir);
    // The whole check reads one state of the data directory: an import waits until it ends.
    let _reading = depbench::import::commit::read_lock(&cli.data_dir())?;
    let report = check::check(&cli.data_dir(), seeds.as_deref());
    // Each edition held (issue 9): what `is_current` chose from.
    let catalog = depbench::catalog::Catalog::new(cli.data_dir());
    // A base that does not load cannot list its editions; the check below says why in full.
    match check::editions::held_editions(&catalog) {
        Ok(editions) => {
            println!("éditions détenues :");
            for e in editions {
                println!("  {e}");
            }
        }
        Err(e) => println!("éditions détenues : non listées ({e})"),
    }
    print!("{}", report.render(seeds.as_deref()));
    if report.ok() {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(depbench::Error::Check(format!(
            "vérification échouée : {} problème(s) dans les données (listés ci-dessus)",
            report.issues.len()
        ))
        .into())
    }
}
