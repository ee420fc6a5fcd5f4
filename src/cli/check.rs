//! `depbench check`: validate the catalogue and the provenance of every document figure.

use std::path::PathBuf;
use std::process::ExitCode;

use depbench::check;

use super::Cli;

/// Vérifier les données : chaque table se charge avec son schéma, codes, identifiants,
/// vocabulaires et clés sont cohérents, et chaque chiffre d'un document est imprimé à la ligne
/// citée de son texte (../shared/seeds/<doc_id>.txt ; sauté avec un message s'il manque). Code de
/// sortie 2 au moindre problème.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dossier des textes des documents (par défaut : $DEPBENCH_SEEDS ou ../shared/seeds).
    #[arg(long, value_name = "DOSSIER")]
    pub seeds: Option<PathBuf>,
    /// Contrôler des fichiers de transmission OLINPE (XML ou CSV `;`, fichiers ou dossiers) au
    /// lieu des données : chaque catégorie du contrôle national avec la position du <DONNEE> et
    /// la variable, et la complétude de chaque variable.
    #[arg(long, value_name = "CHEMIN", num_args = 1..)]
    pub olinpe: Vec<PathBuf>,
    /// Avec --olinpe : écrire aussi le classeur de tout cela (Synthèse, Anomalies, Complétude)
    /// pour l'équipe du système d'information.
    #[arg(long, value_name = "FICHIER.xlsx", requires = "olinpe")]
    pub xlsx: Option<PathBuf>,
    /// Avec --olinpe : anomalies affichées par catégorie (toutes sont dans le classeur).
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub shown: usize,
}

/// `--olinpe`: check every OLINPE file under the paths given.
fn run_olinpe(args: &Args) -> anyhow::Result<ExitCode> {
    let mut files = Vec::new();
    for p in &args.olinpe {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walk(p)?;
            found.sort();
            for f in found {
                if depbench::import::olinpe::recognise_path(&f)?.is_some() {
                    files.push(f);
                } else if let Some(reason) =
                    depbench::import::olinpe::read::not_transmission_path(&f)?
                {
                    println!("ignoré {} : {reason}", f.display());
                }
            }
        } else {
            files.push(p.clone());
        }
    }
    if files.is_empty() {
        anyhow::bail!(
            "aucun fichier OLINPE sous {}",
            args.olinpe
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut reports = Vec::new();
    for f in &files {
        let report = check::olinpe::check_file(f)?;
        print!("{}", report.render(args.shown));
        reports.push(report);
    }
    if let Some(target) = &args.xlsx {
        check::olinpe::write_xlsx(&reports, target)?;
        println!("classeur écrit : {}", target.display());
    }
    let total: usize = reports.iter().map(|r| r.findings.len()).sum();
    if total == 0 {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(depbench::Error::Check(format!(
            "contrôle OLINPE : {total} anomalie(s) dans {} fichier(s) (ci-dessus)",
            reports.len()
        ))
        .into())
    }
}

fn walk(dir: &std::path::Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            out.extend(walk(&p)?);
        } else if p.is_file() {
            out.push(p);
        }
    }
    Ok(out)
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    if !args.olinpe.is_empty() {
        return run_olinpe(args);
    }
    // A folder named by --seeds must exist: each document would otherwise be said missing.
    if let Some(dir) = &args.seeds
        && !dir.is_dir()
    {
        anyhow::bail!(
            "--seeds {} : dossier introuvable ; attendu : le dossier des textes des documents (<doc_id>.txt, ex. ../shared/seeds)",
            dir.display()
        );
    }
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
