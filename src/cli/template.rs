//! `depbench template -d CODE --from YEAR --to YEAR -o kit.xlsx`: the local data kit a
//! département fills, as a workbook or (`-o kit.csv`) as the long CSV in French Excel form.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use depbench::bench::kit::{self, KitRequest};

use super::Cli;

/// Write the local data kit of a département: one row per local indicator (IP, CJM, MNA,
/// places, assistants familiaux…), one column per year, with DREES's value beside where one
/// exists; `depbench import` reads it back once filled.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The département (code or name): 17, 2A, Charente-Maritime.
    #[arg(short = 'd', long = "department", value_name = "CODE")]
    pub department: String,
    /// First year of the kit.
    #[arg(long, value_name = "YEAR")]
    pub from: i32,
    /// Last year of the kit.
    #[arg(long, value_name = "YEAR")]
    pub to: i32,
    /// The file to write: `.xlsx` (workbook) or `.csv` (long CSV in French Excel form).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
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
        .with_context(|| format!("writing {}", args.output.display()))?;
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
