//! `depbench serve`: the local web explorer (see `depbench::serve`).

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use depbench::serve::{self, Explorer};

use super::Cli;

/// Lancer l'explorateur web : comparer un département à ses départements de comparaison, un
/// indicateur pour tous les départements, du SQL en lecture seule et les documents, dans un
/// navigateur. Lecture seule, sans comptes : il écoute sur l'adresse locale sauf si --host en
/// donne une autre, et ne répond qu'aux requêtes adressées à localhost, 127.0.0.1, [::1] ou à
/// l'adresse de --host (421 sinon).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port d'écoute (0 : un port libre quelconque).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Adresse d'écoute ; toute autre qu'une adresse locale expose les données au réseau.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADRESSE")]
    pub host: IpAddr,
    /// Ouvrir l'explorateur dans le navigateur par défaut dès qu'il écoute.
    #[arg(long)]
    pub open: bool,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    // Several requests at once: one worker thread per core.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let explorer = rt
        .block_on(Explorer::open(&cli.data_dir(), &cli.queries_dir()))
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("chargement du catalogue")?;
    if !args.host.is_loopback() {
        eprintln!(
            "attention : écouter sur {} rend l'explorateur accessible depuis d'autres machines ; il sert des données en lecture seule, sans comptes ni contrôle d'accès",
            args.host
        );
    }
    let addr = SocketAddr::new(args.host, args.port);
    let open = args.open;
    rt.block_on(serve::serve(Arc::new(explorer), addr, move |bound| {
        let url = format!("http://{bound}/");
        println!("explorateur depbench : {url} (Ctrl-C pour arrêter)");
        if open {
            open_browser(&url);
        }
    }))
    .with_context(|| format!("écoute sur {addr}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Ask the desktop to open `url`; a failure only prints a message (the URL is printed anyway).
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    if let Err(e) = cmd.arg(url).spawn() {
        eprintln!("impossible d'ouvrir un navigateur ({e}) ; ouvrez {url} vous-même");
    }
}
