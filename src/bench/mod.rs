//! The benchmark stage: figures (annotated SQL files turned into charts) and peers
//! (départements de comparaison), and the local data kit a département fills ([`kit`]). Uses the query stage; used by the report.

pub mod chart_kind;
pub mod features;
pub mod figure;
pub mod header;
pub mod kit;
pub mod peers;
pub mod references;
pub mod secret;
