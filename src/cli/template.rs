//! `depbench template -d CODE --from YEAR --to YEAR -o kit.xlsx`: the local data kit a
//! département fills, as a workbook or (`-o kit.csv`) as the long CSV in French Excel form.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use depbench::bench::kit::{self, KitRequest};

use super::Cli;

/// Écrire le kit de données locales d'un département : une ligne par indicateur local (IP, CJM,
/// MNA, places, assistants familiaux…), une colonne par année, avec la valeur de la DREES à côté
/// quand elle existe ; `depbench import` le relit une fois rempli.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Le département (code ou nom) : 17, 2A, Charente-Maritime.
    #[arg(short = 'd', long = "department", value_name = "CODE")]
    pub department: String,
    /// Première année du kit.
    #[arg(long, value_name = "ANNÉE")]
    pub from: i32,
    /// Dernière année du kit.
    #[arg(long, value_name = "ANNÉE")]
    pub to: i32,
    /// Le fichier à écrire : `.xlsx` (classeur) ou `.csv` (CSV long, forme Excel français).
    #[arg(short = 'o', long = "output", value_name = "FICHIER")]
    pub output: PathBuf,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    if args.from > args.to {
        bail!(
            "--from {} est après --to {} : donnez la première année, puis la dernière",
            args.from,
            args.to
        );
    }
    if args.to - args.from > 30 {
        bail!(
            "--from {} --to {} : un kit couvre au plus 31 ans",
            args.from,
            args.to
        );
    }
    let ext = args
        .output
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext != "xlsx" && ext != "csv" {
        bail!(
            "-o {} : attendu : un nom de fichier finissant par .xlsx (classeur) ou .csv (CSV Excel français)",
            args.output.display()
        );
    }
    let engine = cli.engine()?;
    let rt = super::runtime()?;
    let (code, name) = rt.block_on(depbench::bench::peers::resolve(
        &engine,
        &args.department,
        "--department",
    ))?;
    let req = KitRequest {
        code,
        name,
        from: args.from,
        to: args.to,
    };
    let bytes = if ext == "csv" {
        kit::csv(&req)
    } else {
        let drees = rt.block_on(kit::drees_values(&engine, &req))?;
        kit::workbook(&req, &drees)?
    };
    depbench::write::atomic::AtomicFile::write_all(&args.output, &bytes)
        .with_context(|| format!("écriture de {}", args.output.display()))?;
    println!(
        "{} écrit : kit de {} ({}), {}-{} ; remplissez-le, puis `depbench import {}`",
        args.output.display(),
        req.name,
        req.code,
        req.from,
        req.to,
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
