//! `depbench import [PATH ...]`: publication files (any edition) → normalised CSV under data/.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use depbench::import::commit;

use super::Cli;

/// Importer des fichiers publiés par la DREES et l'Insee (fichiers, ou dossiers lus en entier),
/// chacun comme l'édition qu'il est, dans data/ (tout ou rien ; un import à la fois, un second
/// attend). Affiche pour chaque fichier la publication, l'édition, les années, la comparaison de
/// ses valeurs avec les éditions déjà détenues, et le compte de chaque ligne lue.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Fichiers ou dossiers à importer (par défaut : les dossiers partagés des données et du contexte).
    #[arg(value_name = "CHEMIN")]
    pub paths: Vec<PathBuf>,
    /// Ancienne écriture d'un seul dossier à importer.
    #[arg(long, value_name = "DOSSIER", hide = true)]
    pub from: Option<PathBuf>,
    /// N'afficher que la ligne de résumé de chaque fichier.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let data_dir = cli.data_dir();
    let mut paths = args.paths.clone();
    paths.extend(args.from.clone());
    if paths.is_empty() {
        paths.push(PathBuf::from("../shared/data"));
        // The socio-demographic context (minima sociaux, national series, EPCI) beside it.
        let context = PathBuf::from("../shared/context");
        if context.is_dir() {
            paths.push(context);
        }
    }
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    // One import at a time per data directory, for the whole read-compare-write: a second one
    // waits, then reads what the first wrote (sources.csv, the editions held).
    let created = !data_dir.exists();
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("création de {}", data_dir.display()))?;
    let lock = commit::Lock::exclusive(&data_dir, &commit::import_busy(&data_dir))?;
    let imported = commit::recover(&lock).and_then(|rolled| {
        if rolled {
            eprintln!(
                "{} : l'écriture d'un import interrompu a été achevée",
                data_dir.display()
            );
        }
        depbench::import::editions::import_paths(&paths, Some(&data_dir))
    });
    let out = match imported {
        Ok(out) => out,
        Err(e) => {
            if created {
                let _ = std::fs::remove_dir(&data_dir);
            }
            return Err(e).with_context(|| format!("import de {}", shown.join(", ")));
        }
    };
    for account in &out.accounts {
        if args.quiet {
            println!("{}", account.to_string().lines().next().unwrap_or(""));
        } else {
            print!("{account}");
        }
    }
    for (path, reason) in &out.ignored {
        println!("ignoré {} : {reason}", path.display());
    }
    for note in &out.notes {
        println!("{note}");
    }
    for report in &out.reports {
        print!("{report}");
    }
    out.commit_locked(&lock)
        .with_context(|| format!("écriture de {}", data_dir.display()))?;
    println!(
        "{} fichiers écrits sous {}",
        out.files.len(),
        data_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
