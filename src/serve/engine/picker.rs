//! The peer picker's automatic suggestion: the départements the documented method picks for
//! the focus (`bench::peers`, the 4 nearest on the published indicators among the focus's pool),
//! shown beside the peers chosen so the user can take it and edit it. Part of the one door into
//! the library ([`super`]).

use super::*;

/// Peers the suggestion names (the method's default K).
pub const SUGGESTED_PEERS: usize = 4;

/// The automatic suggestion for a view: the départements and their distances, French
/// formatted, nearest first.
#[derive(Debug, Clone, Default)]
pub struct Suggestion {
    pub peers: Vec<(Departement, String)>,
    /// How they were chosen, in French (the method's own sentence).
    pub method: String,
}

impl Explorer {
    /// The [`SUGGESTED_PEERS`] nearest départements of the view's focus for its year, among the
    /// view's pool (`among`, else the focus's default); empty when the method cannot choose
    /// (indicators missing that year): the picker then says nothing more.
    pub async fn suggestion(&self, view: &View) -> Suggestion {
        let key = format!(
            "{}|{}|{}",
            view.focus.code,
            view.year,
            view.among.map_or("", |a| a.word())
        );
        if let Some(hit) = self.suggestion_cache.lock().get(&key) {
            return hit;
        }
        let choice = PeerChoice::Auto(SUGGESTED_PEERS, view.among);
        let chosen = limited(self.timeout, "suggestion de pairs", async {
            Ok(peers::choose(&self.engine, &view.focus.code, view.year, &choice).await?)
        })
        .await;
        let out = match chosen {
            Ok(p) => Suggestion {
                peers: p
                    .distances
                    .iter()
                    .filter_map(|(c, d)| {
                        let dep = self.departements.iter().find(|x| &x.code == c)?;
                        Some((dep.clone(), format::number(*d, 2)))
                    })
                    .collect(),
                method: p.method,
            },
            Err(_) => Suggestion::default(),
        };
        self.suggestion_cache.lock().put(key, out.clone());
        out
    }
}
