//! `depbench chart`: render one figure file to SVG or PNG.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use depbench::bench::figure::Figure;
use depbench::bench::peers::{PeerChoice, PeerMethod};
use depbench::query::Params;
use depbench::render::ImageFormat;

use super::Cli;

/// Dessiner une figure (un fichier SQL à en-tête de graphique) dans une image ; le format suit
/// l'extension de la sortie (.svg ou .png). À côté de l'image, ses données : `NOM.csv` (Excel
/// français : BOM, `;`, virgule décimale) et `NOM.xlsx`, avec ses signalements et ses notes. Les
/// paramètres de la figure que vous omettez sont choisis comme le fait `depbench report` : `year`
/// la dernière année DREES du département (`-p year=latest`), `from` year − 4, `since`
/// year − 10, les départements de comparaison et les références par défaut (codes : FRM, FRE,
/// DROM, R75…) ; ce qui a été choisi est dit.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Le fichier de la figure.
    #[arg(short, long, value_name = "FICHIER.sql")]
    pub file: PathBuf,
    /// Paramètre nommé, ex. --param focus=61 --param peers=14,50 --param year=2022.
    #[arg(short, long = "param", value_name = "NOM=VALEUR")]
    pub params: Vec<String>,
    /// Image à écrire (.svg ou .png) ; ses données sont écrites à côté (.csv, .xlsx).
    #[arg(short, long, value_name = "IMAGE")]
    pub output: PathBuf,
    /// Comme pour `depbench report` : les 4 départements de comparaison les plus proches selon
    /// ces critères de contexte et leurs poids (`rsa=2,densite,pop` ; critères pop, densite,
    /// rsa, aah, jeunes, evolution), ou `resultats` (l'ancienne méthode, sur les taux de
    /// l'ASE), au lieu de ceux du schéma ; la méthode (critères, poids, distances) est dite.
    #[arg(long, value_name = "rsa=2,densite,pop|resultats", value_parser = super::report::parse_features)]
    pub features: Option<PeerMethod>,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let format = match args.output.extension().and_then(|e| e.to_str()) {
        Some("svg") => ImageFormat::Svg,
        Some("png") => ImageFormat::Png,
        _ => bail!(
            "{} : la sortie doit finir par .svg ou .png",
            args.output.display()
        ),
    };
    let sql = depbench::query::sql_file::read(&args.file, &cli.queries_dir())?;
    let fig = Figure::parse(&args.file, &sql)?;
    let params = Params::parse(args.params.iter().map(String::as_str))?;
    let engine = cli.engine()?;
    fig.register_tables(&engine)?;
    let rt = super::runtime()?;
    let choice = match &args.features {
        Some(method) => PeerChoice::Method(Box::new(PeerChoice::Auto(4, None)), method.clone()),
        None => PeerChoice::Default,
    };
    let single = rt.block_on(depbench::report::single::figure(
        &engine, &fig, params, &choice,
    ))?;
    for line in &single.said {
        eprintln!("{line}");
    }
    let rendered = single.rendered;
    let bytes = match format {
        ImageFormat::Svg => rendered.svg,
        ImageFormat::Png => rendered.png,
    };
    let csv = args.output.with_extension("csv");
    let xlsx = args.output.with_extension("xlsx");
    // The three files are written whole (temporary file, then renamed), the image last.
    for (path, data) in [
        (&csv, rendered.csv.into_bytes()),
        (&xlsx, single.xlsx),
        (&args.output, bytes),
    ] {
        depbench::write::atomic::AtomicFile::write_all(path, &data)
            .with_context(|| format!("écriture de {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
