//! The benchmark stage: figures (annotated SQL files turned into charts) and peers
//! (départements de comparaison). Uses the query stage; used by the report.

pub mod figure;
pub mod peers;
pub mod references;
