//! `depbench serve`: the local web explorer (see `depbench::serve`).

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use depbench::serve::{self, Explorer};

use super::Cli;

/// Serve the web explorer: compare a département with its peers, one indicator for every
/// département, read-only SQL and the documents, in a browser. Read-only, no accounts: it
/// listens on the loopback address unless --host says otherwise, and answers only requests
/// addressed to localhost, 127.0.0.1, [::1] or the --host address (421 otherwise).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on; anything but a loopback address exposes the data to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Open the explorer in the default browser once it listens.
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
