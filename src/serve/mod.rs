//! `depbench serve`: a local web explorer over the catalogue — the report's figures for any
//! département and peers, one indicator for every département, read-only SQL, the documents.
//!
//! One process loads the catalogue once ([`engine::Explorer`]); routes ([`routes`]) render
//! server-side HTML ([`pages`]) and answer partial updates for a few lines of embedded
//! JavaScript ([`assets`]). Only [`engine`] calls the rest of the library.

pub mod assets;
pub mod connections;
pub mod engine;
pub mod pages;
pub mod routes;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

pub use connections::Limits;
pub use engine::Explorer;

/// Longest URL accepted (the SQL editor sends its statement in the query string).
pub const MAX_URI_BYTES: usize = 16 * 1024;
/// Largest request body accepted (the explorer only reads GET requests).
pub const MAX_BODY_BYTES: u64 = 64 * 1024;

/// The host names the explorer answers to (the `Host` header, with or without a port): the
/// loopback names `localhost`, `127.0.0.1` and `[::1]`, and the address given to `--host`.
/// Any other name is refused (421), so that a web page whose name an attacker points at
/// 127.0.0.1 (DNS rebinding) cannot read the explorer through the user's browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHosts(Vec<String>);

impl AllowedHosts {
    /// `localhost`, `127.0.0.1` and `[::1]`.
    pub fn loopback() -> Self {
        AllowedHosts(vec!["localhost".into(), "127.0.0.1".into(), "[::1]".into()])
    }

    /// The loopback names and `ip` (bracketed when IPv6), unless it is unspecified
    /// (`0.0.0.0`, `::`: no one writes it in an address bar).
    pub fn with(ip: IpAddr) -> Self {
        let mut hosts = Self::loopback();
        if !ip.is_unspecified() {
            let name = match ip {
                IpAddr::V4(v4) => v4.to_string(),
                IpAddr::V6(v6) => format!("[{v6}]"),
            };
            if !hosts.0.contains(&name) {
                hosts.0.push(name);
            }
        }
        hosts
    }

    /// The names, in order.
    pub fn names(&self) -> &[String] {
        &self.0
    }

    /// Whether a `Host` header value (`localhost:8080`, `[::1]`, `127.0.0.1`) names the
    /// explorer; case does not matter, a port must be digits.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let name = if host.starts_with('[') {
            match host.find(']') {
                Some(end) => {
                    let (name, rest) = host.split_at(end + 1);
                    if !port_ok(rest) {
                        return false;
                    }
                    name.to_string()
                }
                None => return false,
            }
        } else {
            match host.split_once(':') {
                Some((name, port)) if port_ok(&format!(":{port}")) => name.to_string(),
                Some(_) => return false,
                None => host,
            }
        };
        self.0.contains(&name)
    }
}

/// Empty, or `:` and 1 to 5 digits.
fn port_ok(rest: &str) -> bool {
    rest.is_empty()
        || rest
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The explorer's routes over a loaded catalogue, answering the loopback names only.
pub fn router(explorer: Arc<Explorer>) -> axum::Router {
    routes::router(explorer, AllowedHosts::loopback())
}

/// The routes answering `hosts`.
pub fn router_for(explorer: Arc<Explorer>, hosts: AllowedHosts) -> axum::Router {
    routes::router(explorer, hosts)
}

/// Serve `explorer` on `addr` until the process is stopped; `ready` is called with the bound
/// address (the port may be 0: the system picks one). Requests must name the loopback or
/// `addr`'s address ([`AllowedHosts::with`]); connections are served within the default
/// [`Limits`].
pub async fn serve(
    explorer: Arc<Explorer>,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    serve_with(explorer, addr, Limits::default(), ready).await
}

/// [`serve`] within `limits`.
pub async fn serve_with(
    explorer: Arc<Explorer>,
    addr: SocketAddr,
    limits: Limits,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    let app = router_for(explorer, AllowedHosts::with(addr.ip()));
    connections::serve(listener, app, limits).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_with_or_without_port() {
        let hosts = AllowedHosts::with("192.168.1.5".parse().unwrap());
        for ok in [
            "localhost",
            "localhost:8080",
            "LocalHost:1",
            "127.0.0.1",
            "127.0.0.1:8080",
            "[::1]",
            "[::1]:8080",
            "192.168.1.5:80",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for refused in [
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example",
            "localhost.",
            "127.0.0.1.nip.io",
            "127.0.0.2",
            "localhost:80x",
            "localhost:",
            "[::1]x",
            "[::2]",
            "",
            "localhost:8080@evil",
        ] {
            assert!(!hosts.allows(refused), "{refused}");
        }
        assert!(!AllowedHosts::loopback().allows("192.168.1.5"));
        assert_eq!(
            AllowedHosts::with("::1".parse().unwrap()),
            AllowedHosts::loopback()
        );
        assert_eq!(
            AllowedHosts::with("0.0.0.0".parse().unwrap()),
            AllowedHosts::loopback()
        );
    }
}
