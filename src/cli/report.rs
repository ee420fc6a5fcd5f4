//! `depbench report`: the benchmark report of a département (or of the five seed départements).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use depbench::peers::PeerChoice;
use depbench::report::{self, Request};

use super::Cli;

/// The départements whose plans depbench starts from: Orne, Charente-Maritime, Val-d'Oise,
/// Hérault, Haute-Garonne.
pub const SEED_DEPARTEMENTS: [&str; 5] = ["61", "17", "95", "34", "31"];

/// Write a benchmark report: every figure of queries/figures/ as SVG, PNG and CSV, a workbook
/// with a sheet per table, the sources, and a self-contained index.html.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Focus département (DREES code: 17, 2A, 971…).
    #[arg(long, short = 'd', required_unless_present_any = ["all", "every_departement"], conflicts_with_all = ["all", "every_departement"])]
    pub department: Option<String>,
    /// The five seed départements (61, 17, 95, 34, 31), each with its plan's comparison set or,
    /// without one, its 4 nearest départements.
    #[arg(long, conflicts_with = "every_departement")]
    pub all: bool,
    /// Every département with DREES data for --year (the 101-département benchmark).
    #[arg(long)]
    pub every_departement: bool,
    /// Peers, comma-separated (default: the plan's comparison set, else --auto-peers 4).
    #[arg(long, value_delimiter = ',', conflicts_with = "auto_peers")]
    pub peers: Vec<String>,
    /// Choose the K nearest départements on standardised features.
    #[arg(long, value_name = "K")]
    pub auto_peers: Option<usize>,
    /// Year of the levels (stocks at 31 December).
    #[arg(long, default_value_t = 2022)]
    pub year: i32,
    /// First year of the evolutions (default: year − 4).
    #[arg(long)]
    pub from: Option<i32>,
    /// Output folder.
    #[arg(long, short, default_value = "reports")]
    pub out: PathBuf,
}

impl Args {
    fn choice(&self) -> PeerChoice {
        if !self.peers.is_empty() {
            PeerChoice::Named(self.peers.clone())
        } else if let Some(k) = self.auto_peers {
            PeerChoice::Auto(k)
        } else {
            PeerChoice::Default
        }
    }
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let engine = cli.engine()?;
    let rt = super::runtime()?;
    let focuses: Vec<String> = match &args.department {
        Some(d) => vec![d.clone()],
        None if args.every_departement => rt.block_on(report::departements(&engine, args.year))?,
        None => SEED_DEPARTEMENTS.iter().map(|s| s.to_string()).collect(),
    };
    let shapes = rt.block_on(report::shapes(&engine))?;
    let bar = indicatif::ProgressBar::new(focuses.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .expect("static template"),
    );
    // Build every report before writing any, so a bad parameter writes nothing.
    let mut reports = Vec::new();
    for focus in &focuses {
        bar.set_message(format!("département {focus}"));
        let req = Request {
            focus: focus.clone(),
            peers: args.choice(),
            year: args.year,
            from: args.from,
        };
        let r = rt
            .block_on(report::build(&engine, &req, &shapes))
            .with_context(|| format!("report for département {focus}"))?;
        reports.push(r);
        bar.inc(1);
    }
    bar.finish_and_clear();
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    for r in &reports {
        let dir = report::write(r, &args.out)?;
        println!(
            "{} ({}) : {} figures, pairs {} → {}",
            r.focus_name,
            r.focus,
            r.figures.len(),
            r.peers.codes.join(", "),
            dir.join("index.html").display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
