//! `depbench chart`: render one figure file to SVG or PNG.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use depbench::bench::figure::Figure;
use depbench::query::Params;
use depbench::render::ImageFormat;

use super::Cli;

/// Render one figure (a SQL file with a chart header) to an image; the format follows the
/// output's extension (.svg or .png). Beside the image, its data: `NAME.csv` (French Excel: BOM,
/// `;`, decimal comma) and `NAME.xlsx`, with its flags and notes. Parameters the figure uses and
/// you leave out are chosen as `depbench report` does: `year` the focus's latest DREES year
/// (`-p year=latest`), `from` year − 4, `since` year − 10, the focus's default peers and
/// references (codes: FRM, FRE, DROM, R75…); what was chosen is said.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The figure file.
    #[arg(short, long, value_name = "FILE.sql")]
    pub file: PathBuf,
    /// Named parameter, e.g. --param focus=61 --param peers=14,50 --param year=2022.
    #[arg(short, long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Output image (.svg or .png); its data are written beside it (.csv, .xlsx).
    #[arg(short, long)]
    pub output: PathBuf,
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
    let fig = Figure::read(&args.file)?;
    let params = Params::parse(args.params.iter().map(String::as_str))?;
    let engine = cli.engine()?;
    fig.register_tables(&engine)?;
    let rt = super::runtime()?;
    let single = rt.block_on(depbench::report::single::figure(&engine, &fig, params))?;
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
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
