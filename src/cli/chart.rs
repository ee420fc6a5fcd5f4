//! `depbench chart`: render one figure file to SVG or PNG.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use depbench::bench::figure::Figure;
use depbench::model::territory::Roles;
use depbench::query::Params;
use depbench::render::ImageFormat;

use super::Cli;

/// Render one figure (a SQL file with a chart header) to an image; the format follows the
/// output's extension (.svg or .png). Without `-p references=…` (codes: FRM, FRE, DROM, R75…)
/// the references follow the focus as in `depbench report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The figure file.
    #[arg(short, long, value_name = "FILE.sql")]
    pub file: PathBuf,
    /// Named parameter, e.g. --param focus=61 --param peers=14,50 --param year=2022.
    #[arg(short, long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Output image (.svg or .png).
    #[arg(short, long)]
    pub output: PathBuf,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let format = match args.output.extension().and_then(|e| e.to_str()) {
        Some("svg") => ImageFormat::Svg,
        Some("png") => ImageFormat::Png,
        _ => bail!(
            "{}: the output must end in .svg or .png",
            args.output.display()
        ),
    };
    let fig = Figure::read(&args.file)?;
    let mut params = Params::parse(args.params.iter().map(String::as_str))?;
    let roles = Roles {
        focus: params.get("focus").unwrap_or_default().to_string(),
        peers: params
            .get("peers")
            .map(|p| p.split(',').map(|s| s.trim().to_string()).collect())
            .unwrap_or_default(),
    };
    let engine = cli.engine()?;
    fig.register_tables(&engine)?;
    let rt = super::runtime()?;
    let rendered = rt.block_on(async {
        // Without `-p references=…`, the references follow the focus as in `depbench report`.
        depbench::bench::references::fill_default(&engine, &mut params, &fig.sql).await?;
        let shapes = if fig.chart == depbench::bench::figure::ChartKind::Map {
            depbench::report::shapes(&engine).await?
        } else {
            Vec::new()
        };
        depbench::report::render_figure(&engine, &fig, &params, &roles, &shapes).await
    })?;
    let bytes = match format {
        ImageFormat::Svg => rendered.svg,
        ImageFormat::Png => rendered.png,
    };
    std::fs::write(&args.output, bytes)
        .with_context(|| format!("writing {}", args.output.display()))?;
    Ok(ExitCode::SUCCESS)
}
