//! `depbench report`: the benchmark report of a département (or of the five seed départements).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use depbench::bench::peers::{Among, PeerChoice, PeerMethod};
use depbench::bench::references::ReferenceChoice;
use depbench::report::{self, Request, YearChoice};

use super::Cli;

/// Écrire un rapport comparatif : chaque figure de queries/figures/ en SVG, PNG et CSV, un
/// classeur avec une feuille par tableau, les sources, et un index.html autonome.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Département étudié (code DREES : 17, 2A, 971… ; ou son nom).
    #[arg(long, short = 'd', value_name = "CODE", required_unless_present_any = ["all", "every_departement"], conflicts_with_all = ["all", "every_departement"])]
    pub department: Option<String>,
    /// Les cinq départements des schémas (61, 17, 95, 34, 31), chacun avec les départements de
    /// comparaison de son schéma ou, à défaut, ses 4 plus proches.
    #[arg(long, conflicts_with = "every_departement")]
    pub all: bool,
    /// Chaque département ayant des données DREES pour --year (le comparatif des 101 départements).
    #[arg(long)]
    pub every_departement: bool,
    /// Départements de comparaison, séparés par des virgules (par défaut : ceux du schéma, sinon --auto-peers 4).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "CODES",
        conflicts_with = "auto_peers"
    )]
    pub peers: Vec<String>,
    /// Choisir les K départements les plus proches sur des critères centrés-réduits.
    #[arg(long, value_name = "K")]
    pub auto_peers: Option<usize>,
    /// Parmi quels départements choisir ceux de comparaison automatiques : metropole, drom,
    /// region (la région du département) ou all (par défaut : drom pour un département
    /// d'outre-mer, metropole sinon). Seul, il demande les 4 plus proches parmi eux au lieu des
    /// départements de comparaison du schéma.
    #[arg(long, value_name = "metropole|drom|region|all", value_parser = parse_among, conflicts_with = "peers")]
    pub among: Option<Among>,
    /// Comment choisir les départements de comparaison automatiques : critères de contexte avec
    /// poids facultatifs (`rsa=2,densite,pop` ; critères pop, densite, rsa, aah, jeunes,
    /// evolution ; par défaut les six, de poids 1), ou `resultats` (l'ancienne méthode, sur les
    /// taux de l'ASE). Seul, il demande les 4 plus proches selon ces critères au lieu des
    /// départements de comparaison du schéma.
    #[arg(long, value_name = "rsa=2,densite,pop|resultats", value_parser = parse_features, conflicts_with = "peers")]
    pub features: Option<PeerMethod>,
    /// Année des niveaux (effectifs au 31 décembre), ou `latest` : la dernière année de données
    /// DREES du département (dite dans la sortie).
    #[arg(long, default_value = "latest", value_name = "ANNÉE|latest")]
    pub year: YearChoice,
    /// Première année des évolutions et des niveaux comparés à --year (par défaut : year − 4) et
    /// des taux dans le temps (par défaut : year − 10).
    #[arg(long, value_name = "ANNÉE")]
    pub from: Option<i32>,
    /// Références tracées à côté du département et de ses départements de comparaison, séparées
    /// par des virgules : FRM (France métropolitaine), FRE (France entière hors Mayotte), DROM
    /// (DROM hors Mayotte), region (la région du département, somme de ses départements). Par
    /// défaut : FRM,region en métropole, FRE,DROM,region outre-mer.
    #[arg(long, value_delimiter = ',', value_name = "FRM,FRE,DROM,region")]
    pub reference: Vec<String>,
    /// Dossier de sortie.
    #[arg(long, short, default_value = "reports", value_name = "DOSSIER")]
    pub out: PathBuf,
    /// Réécrire un dossier de rapport qui contient des fichiers que depbench n'a pas écrits (ces fichiers sont gardés).
    #[arg(long)]
    pub force: bool,
}

impl Args {
    fn choice(&self) -> PeerChoice {
        let choice = if !self.peers.is_empty() {
            PeerChoice::Named(self.peers.clone())
        } else if let Some(k) = self.auto_peers {
            PeerChoice::Auto(k, self.among)
        } else if self.among.is_some() || self.features.is_some() {
            PeerChoice::Auto(4, self.among)
        } else {
            PeerChoice::Default
        };
        match &self.features {
            Some(method) => PeerChoice::Method(Box::new(choice), method.clone()),
            None => choice,
        }
    }
}

/// `--features`, by [`PeerMethod::parse`].
pub(super) fn parse_features(text: &str) -> Result<PeerMethod, String> {
    PeerMethod::parse(text).map_err(|e| e.to_string())
}

/// `--among`'s words, by [`Among::parse`].
fn parse_among(text: &str) -> Result<Among, String> {
    Among::parse(text).map_err(|e| e.to_string())
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let references = ReferenceChoice::parse("--reference", &args.reference)?;
    // A report commit a dead run left in --out is completed first, whatever this run does.
    if args.out.is_dir() {
        report::recover(&args.out)?;
    }
    let engine = cli.engine()?;
    let rt = super::runtime()?;
    // `--every-departement` reports on one year for all: the latest of the DREES data.
    let every_year = if args.every_departement {
        let (year, said) = rt.block_on(args.year.resolve(&engine, None))?;
        if let Some(said) = said {
            eprintln!("--every-departement : {said}");
        }
        year
    } else {
        0
    };
    let focuses: Vec<String> = match &args.department {
        Some(d) => vec![d.clone()],
        None if args.every_departement => rt.block_on(report::departements(&engine, every_year))?,
        None => depbench::model::territory::SEED_DEPARTEMENTS
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    if args.every_departement {
        for (code, name, reason) in rt.block_on(report::skipped(&engine, every_year))? {
            eprintln!("--every-departement : {name} ({code}) non produit : {reason}");
        }
    }
    if focuses.is_empty() {
        anyhow::bail!(
            "--every-departement : aucun département n'a de données DREES pour {every_year}"
        );
    }
    if focuses.len() > 1 {
        rt.block_on(engine.materialise_views())?;
    }
    let shapes = rt.block_on(report::shapes(&engine))?;
    // Every request is checked (codes, year, peers, figure headers) before anything is written;
    // the checks, like the reports, run on as many threads as there are cores.
    let prepared = in_parallel(focuses.clone(), |rt, focus| {
        let year = match args.year {
            _ if args.every_departement => every_year,
            YearChoice::Given(y) => y,
            YearChoice::Latest => {
                let (code, name) = rt
                    .block_on(depbench::bench::peers::resolve(
                        &engine,
                        &focus,
                        "--department",
                    ))
                    .with_context(|| format!("rapport du département {focus}"))?;
                rt.block_on(YearChoice::Latest.resolve(&engine, Some((&code, &name))))?
                    .0
            }
        };
        let req = Request {
            focus: focus.clone(),
            peers: args.choice(),
            year,
            from: args.from,
            references: references.clone(),
        };
        let p = rt
            .block_on(report::prepare(&engine, &req))
            .with_context(|| format!("rapport du département {focus}"))?;
        report::check_target(&args.out, &p.slug(), args.force)?;
        Ok(p)
    })?;
    let created = create_out(&args.out)?;
    let bar = indicatif::ProgressBar::new(prepared.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .expect("static template"),
    );
    // Reports are independent: each is committed whole (staged, then moved into place under
    // the --out folder's lock) as soon as it is ready.
    let written = std::sync::Mutex::new(Vec::new());
    let result = in_parallel(prepared, |rt, p| {
        let focus = p.focus.clone();
        bar.set_message(format!("département {focus}"));
        let r = rt
            .block_on(report::run(&engine, p, &shapes))
            .with_context(|| format!("rapport du département {focus}"))?;
        let (dir, manifest) = report::write_folder(&r, &args.out)?;
        written
            .lock()
            .expect("written lock")
            .push((dir.clone(), manifest));
        let latest = if args.year == YearChoice::Latest && !args.every_departement {
            format!(
                " (--year latest : {})",
                report::latest_words(&r.request.focus, &r.request.focus_name)
            )
        } else {
            String::new()
        };
        let mut line = format!(
            "{} ({}) : {} figures, départements de comparaison {} → {}\n  année : {}{latest}\n  références : {}",
            r.request.focus_name,
            r.request.focus,
            r.figures.len(),
            r.request.peers.codes.join(", "),
            dir.join("index.html").display(),
            r.request.year,
            r.request.references.names()
        );
        for n in &r.request.references.notes {
            line.push_str(&format!("\n  {n}"));
        }
        for l in &r.left_out {
            line.push_str(&format!(
                "\n  figure non produite : {} ({})",
                l.title, l.reason
            ));
        }
        bar.inc(1);
        Ok(line)
    });
    bar.finish_and_clear();
    let lines = match result {
        Ok(lines) => lines,
        Err(e) => {
            // Nothing left behind: in a folder this run created, the reports it wrote go
            // with its failure (not another run's, not a file of the user's), then the
            // folders left empty.
            if let Some(dir) = created {
                for (folder, manifest) in written.into_inner().expect("written lock") {
                    let _ = report::remove_written(&args.out, &folder, &manifest);
                }
                let mut empty = Some(args.out.as_path());
                while let Some(d) = empty {
                    if std::fs::remove_dir(d).is_err() || d == dir {
                        break;
                    }
                    empty = d.parent();
                }
            }
            return Err(e);
        }
    };
    for line in lines {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `f` applied to every item on as many threads as there are cores (each with its own tokio
/// runtime), results in the items' order; the first error stops the others taking new items
/// and is returned.
fn in_parallel<T: Send, R: Send>(
    items: Vec<T>,
    f: impl Fn(&tokio::runtime::Runtime, T) -> anyhow::Result<R> + Sync,
) -> anyhow::Result<Vec<R>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    let total = items.len();
    let next = std::sync::Mutex::new(items.into_iter().enumerate());
    let failed = std::sync::atomic::AtomicBool::new(false);
    let done = std::sync::Mutex::new(Vec::with_capacity(total));
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| -> anyhow::Result<()> {
                    let rt = super::runtime()?;
                    loop {
                        if failed.load(std::sync::atomic::Ordering::Relaxed) {
                            return Ok(());
                        }
                        let Some((i, item)) = next.lock().expect("queue lock").next() else {
                            return Ok(());
                        };
                        match f(&rt, item) {
                            Ok(r) => done.lock().expect("results lock").push((i, r)),
                            Err(e) => {
                                failed.store(true, std::sync::atomic::Ordering::Relaxed);
                                return Err(e);
                            }
                        }
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().expect("report thread panicked"))
    })?;
    let mut done = done.into_inner().expect("results lock");
    done.sort_by_key(|(i, _)| *i);
    Ok(done.into_iter().map(|(_, r)| r).collect())
}

/// Create the `--out` folder; returns the outermost folder this call created (to remove on
/// failure), `None` when it existed. Errors say what to do instead of a raw OS message.
fn create_out(out: &std::path::Path) -> anyhow::Result<Option<PathBuf>> {
    if out.is_dir() {
        return Ok(None);
    }
    if out.exists() {
        anyhow::bail!(
            "--out {} : c'est un fichier, pas un dossier : donnez un dossier pour les rapports",
            out.display()
        );
    }
    let mut outermost = out.to_path_buf();
    while let Some(parent) = outermost.parent() {
        if parent.as_os_str().is_empty() || parent.exists() {
            break;
        }
        outermost = parent.to_path_buf();
    }
    std::fs::create_dir_all(out).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::PermissionDenied => "permission refusée".to_string(),
            std::io::ErrorKind::NotADirectory | std::io::ErrorKind::AlreadyExists => {
                "un fichier se trouve sur le chemin".to_string()
            }
            _ => e.to_string(),
        };
        anyhow::anyhow!(
            "--out {} : impossible de créer le dossier ({why}) : donnez un dossier où vous pouvez écrire",
            out.display()
        )
    })?;
    Ok(Some(outermost))
}
