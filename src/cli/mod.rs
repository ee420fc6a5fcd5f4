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
pub mod usage;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Statistiques comparées de la protection de l'enfance (ASE) des départements français.
#[derive(Debug, Parser)]
#[command(name = "depbench", version, subcommand_value_name = "COMMANDE")]
pub struct Cli {
    /// Dossier des données (par défaut : $DEPBENCH_DATA, ./data, ou celui des sources de depbench,
    /// alors dit sur la sortie d'erreur).
    #[arg(long, global = true, value_name = "DOSSIER")]
    pub data_dir: Option<PathBuf>,
    /// Dossier des requêtes, avec views/ et figures/ (par défaut : $DEPBENCH_QUERIES ou ./queries).
    #[arg(long, global = true, value_name = "DOSSIER")]
    pub queries_dir: Option<PathBuf>,
    /// Votre fichier comme table à côté du catalogue, en lecture seule : CSV, Parquet, JSON ou une
    /// feuille XLSX (CHEMIN#feuille). Répétable : --table ip=ip_2023.csv --table ut=unites.xlsx#2023.
    #[arg(long = "table", global = true, value_name = "NOM=CHEMIN")]
    pub tables: Vec<String>,
    /// Mémoire que le moteur de requêtes peut prendre pour les tris, jointures et agrégats (ex.
    /// 512MB, 4GB ; par défaut 2GB ou $DEPBENCH_MEMORY_LIMIT) ; une requête qui en demande plus
    /// s'arrête avec une erreur.
    #[arg(long, global = true, value_name = "TAILLE", value_parser = parse_memory_limit)]
    pub memory_limit: Option<usize>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Check(check::Args),
    Import(import::Args),
    /// Extractions individuelles OLINPE : `depbench olinpe synth` écrit des extractions
    /// synthétiques (les vraies s'importent par `depbench import` et se contrôlent par
    /// `depbench check --olinpe`).
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
        depbench::catalog::data_dir::locate(self.data_dir.as_deref()).0
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

/// Run the parsed command. First the data directory: a missing one is an error (except the
/// folder `import` is told to create), and one that is neither named nor the current
/// directory's is said on stderr ([`depbench::catalog::data_dir`]).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    use depbench::catalog::data_dir::{self, Origin};
    let (dir, origin) = data_dir::locate(cli.data_dir.as_deref());
    let creates = matches!(cli.command, Command::Import(_)) && origin != Origin::Built;
    if let Some(missing) = data_dir::missing(&dir, origin)
        && !creates
    {
        anyhow::bail!(missing);
    }
    if let Some(note) = data_dir::note(&dir, origin) {
        eprintln!("{note}");
    }
    // The queries folder likewise (`import` reads none when it only loads files).
    let (note, missing) = depbench::query::queries_dir_note(cli.queries_dir.as_deref());
    if let Some(missing) = missing
        && !matches!(cli.command, Command::Import(_))
    {
        anyhow::bail!(missing);
    }
    if let Some(note) = note {
        eprintln!("{note}");
    }
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
