//! `depbench olinpe synth`: synthetic OLINPE extracts in the transmission format, their stock
//! at 31/12 matched to DREES's published counts of each département.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use depbench::import::olinpe::synth::{self, Anchor, Params};
use depbench::query::params::Params as QueryParams;

use super::Cli;

/// Outils OLINPE (extractions individuelles pseudonymisées).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

/// Ce que faire des données OLINPE.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Écrire des extractions synthétiques (XML, schéma 2016), une par département et par année,
    /// dont le stock au 31/12 égale les dénombrements de la DREES (AED, AEMO, accueillis) du
    /// dossier des données (une année sans chiffre DREES prend celui de l'année la plus proche).
    /// Les mêmes fichiers pour une même graine.
    Synth(SynthArgs),
}

/// `depbench olinpe synth` arguments.
#[derive(Debug, clap::Args)]
pub struct SynthArgs {
    /// Départements (codes du COG séparés par des virgules) ou `all` (chaque département ayant des
    /// dénombrements DREES).
    #[arg(long, value_name = "CODES")]
    pub departements: String,
    /// Années des extractions : `2015-2023` ou une seule année.
    #[arg(long, value_name = "DÉBUT-FIN", default_value = "2015-2023")]
    pub years: String,
    /// Graine de la simulation.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Part des événements portant un défaut pour le contrôle (de 0 à 1).
    #[arg(
        long = "defauts",
        alias = "defects",
        default_value_t = 0.0,
        value_name = "PART",
        allow_negative_numbers = true
    )]
    pub defects: f64,
    /// Part des dénombrements DREES que le stock au 31/12 reproduit (1 : tous ; 0.01 : un
    /// centième, pour une extraction aux petites cellules sous le secret statistique, ou une
    /// extraction partielle pour le rapprochement).
    #[arg(
        long = "echelle",
        alias = "scale",
        default_value_t = 1.0,
        value_name = "PART",
        allow_negative_numbers = true
    )]
    pub scale: f64,
    /// Dossier de sortie.
    #[arg(short, long, value_name = "DOSSIER")]
    pub out: PathBuf,
}

fn years(text: &str) -> anyhow::Result<(i32, i32)> {
    let current = depbench::import::kit::current_year();
    let (a, b) = text.split_once('-').unwrap_or((text, text));
    let a: i32 = a.trim().parse().map_err(|_| {
        anyhow::anyhow!("--years {text} : année de début illisible (2015-2023 attendu)")
    })?;
    let b: i32 = b.trim().parse().map_err(|_| {
        anyhow::anyhow!("--years {text} : année de fin illisible (2015-2023 attendu)")
    })?;
    if !(1990..=2100).contains(&a) || b < a || b > 2100 {
        bail!("--years {text} : deux années croissantes attendues (2015-2023)");
    }
    if b > current {
        bail!(
            "--years {text} : année {b} postérieure à l'année en cours ({current}) : des années écoulées ou en cours attendues"
        );
    }
    Ok((a, b))
}

/// Run `depbench olinpe …`.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    match &args.command {
        Command::Synth(a) => synth_run(cli, a),
    }
}

fn synth_run(cli: &Cli, a: &SynthArgs) -> anyhow::Result<ExitCode> {
    let (first_year, last_year) = years(&a.years)?;
    if !(0.0..=1.0).contains(&a.defects) {
        bail!(
            "--defauts {} : une part entre 0 et 1 attendue (0.02 = 2 % des événements)",
            a.defects
        );
    }
    if !(a.scale > 0.0 && a.scale <= 1.0) {
        bail!(
            "--echelle {} : une part entre 0 (exclu) et 1 attendue (0.01 = un centième des dénombrements DREES)",
            a.scale
        );
    }
    let engine = cli.engine()?;
    let rows = super::runtime()?.block_on(depbench::query::run::run_file(
        &engine,
        "olinpe/drees_counts.sql",
        &QueryParams::default(),
    ))?;
    let mut all: BTreeMap<String, BTreeMap<i32, Anchor>> = BTreeMap::new();
    for i in 0..rows.len() {
        let (Some(dep), Some(year), Some(aed), Some(aemo), Some(acc)) = (
            rows.text("departement", i),
            rows.int("year", i),
            rows.number("aed", i),
            rows.number("aemo", i),
            rows.number("accueillis", i),
        ) else {
            continue;
        };
        all.entry(dep).or_default().insert(
            year as i32,
            Anchor {
                aed: aed * a.scale,
                aemo: aemo * a.scale,
                accueillis: acc * a.scale,
            },
        );
    }
    let departements = if a.departements.trim() == "all" {
        all
    } else {
        let mut chosen = BTreeMap::new();
        for code in a
            .departements
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            let code = depbench::import::olinpe::identity::code(code);
            if !depbench::import::olinpe::identity::is_known(&code) {
                bail!(
                    "--departements : département « {code} » inconnu : un code du COG attendu (01 à 95, 2A, 2B, 20 pour la Collectivité de Corse, 69D, 69M, 971 à 976)"
                );
            }
            let targets = all.get(&code).with_context(|| {
                format!("--departements : pas de dénombrement DREES (AED, AEMO, accueillis) pour le département {code} dans {}", cli.data_dir().display())
            })?;
            chosen.insert(code, targets.clone());
        }
        chosen
    };
    if departements.is_empty() {
        bail!("--departements {} : aucun département", a.departements);
    }
    let params = Params {
        departements,
        first_year,
        last_year,
        seed: a.seed,
        defects: a.defects,
    };
    let s = synth::generate(&params, &a.out)?;
    let n = |v: usize| depbench::model::format::number(v as f64, 0);
    let plural =
        |v: usize, one: &str, many: &str| format!("{} {}", n(v), if v > 1 { many } else { one });
    println!(
        "{} sous {} : {}, {}, {}, {} ({} avec un défaut), {} Mo",
        plural(
            s.files.len(),
            "fichier OLINPE synthétique",
            "fichiers OLINPE synthétiques"
        ),
        a.out.display(),
        plural(params.departements.len(), "département", "départements"),
        plural(s.persons, "personne", "personnes"),
        plural(s.measures, "mesure", "mesures"),
        plural(s.events, "événement", "événements"),
        n(s.defects),
        depbench::model::format::number(s.bytes as f64 / 1e6, 1)
    );
    Ok(ExitCode::SUCCESS)
}
