//! `depbench tables`: list the tables and views, or describe one.

use std::process::ExitCode;

use depbench::query::prompt;

use super::Cli;

/// Lister les tables et les vues avec ce qu'elles contiennent, ou les colonnes de l'une d'elles
/// (`indicators` : aussi les années de chaque indicateur par édition).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Décrire cette table ou vue (colonnes, types et contenu de chaque colonne).
    #[arg(value_name = "NOM")]
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
