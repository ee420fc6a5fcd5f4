//! `depbench serve`: a local web explorer over the catalogue — the report's figures for any
//! département and peers, one indicator for every département, read-only SQL, the documents.
//!
//! One process loads the catalogue once ([`engine::Explorer`]); routes ([`routes`]) render
//! server-side HTML ([`pages`]) and answer partial updates for a few lines of embedded
//! JavaScript ([`assets`]). Only [`engine`] calls the rest of the library.

pub mod assets;
pub mod engine;
pub mod pages;
pub mod routes;

use std::net::SocketAddr;
use std::sync::Arc;

pub use engine::Explorer;

/// Longest URL accepted (the SQL editor sends its statement in the query string).
pub const MAX_URI_BYTES: usize = 16 * 1024;
/// Largest request body accepted (the explorer only reads GET requests).
pub const MAX_BODY_BYTES: u64 = 64 * 1024;

/// The explorer's routes over a loaded catalogue.
pub fn router(explorer: Arc<Explorer>) -> axum::Router {
    routes::router(explorer)
}

/// Serve `explorer` on `addr` until the process is stopped; `ready` is called with the bound
/// address (the port may be 0: the system picks one).
pub async fn serve(
    explorer: Arc<Explorer>,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(explorer)).await
}
