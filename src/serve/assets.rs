//! The explorer's static files, embedded in the binary: no CDN, no network, no file system.
//!
//! Only the names listed here are served; any other path (`../Cargo.toml`, encoded variants)
//! is simply not found, so nothing outside these bytes can ever be read.

/// (name, MIME type, bytes) of every embedded asset.
pub const ASSETS: [(&str, &str, &[u8]); 2] = [
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/explorer/app.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/explorer/style.css"),
    ),
];

/// The asset named exactly `name`: its MIME type and bytes.
pub fn get(name: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, mime, bytes)| (*mime, *bytes))
}
