//! The peer picker's automatic suggestion: the départements the documented method picks for
//! the focus (`bench::peers`, the 4 nearest on the view's features — the context's by default —
//! among the focus's pool), and the `peers` URL parameter ([`PeerSpec`]),
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
    /// What they are chosen on: the features and their weights ([`peers::PeerMethod::criteria`]).
    pub criteria: String,
}

impl Explorer {
    /// The [`SUGGESTED_PEERS`] nearest départements of the view's focus for its year, among the
    /// view's pool (`among`, else the focus's default); empty when the method cannot choose
    /// (indicators missing that year): the picker then says nothing more.
    pub async fn suggestion(&self, view: &View) -> Suggestion {
        let method = view.features.clone().unwrap_or_default();
        let key = format!(
            "{}|{}|{}|{}",
            view.focus.code,
            view.year,
            view.among.map_or("", |a| a.word()),
            method.spec()
        );
        if let Some(hit) = self.suggestion_cache.lock().get(&key) {
            return hit;
        }
        let choice = PeerChoice::Method(
            Box::new(PeerChoice::Auto(SUGGESTED_PEERS, view.among)),
            method.clone(),
        );
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
                method: crate::bench::features::explorer_words(&p.method),
                criteria: crate::bench::features::explorer_words(&method.criteria()),
            },
            Err(_) => Suggestion::default(),
        };
        self.suggestion_cache.lock().put(key, out.clone());
        out
    }
}

/// How the peers are asked for in the URL: `22,64,14`, `document`, `auto:4`, or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerSpec {
    Named(Vec<String>),
    Document,
    Auto(usize),
    Default,
}

impl PeerSpec {
    /// Parse the `peers` URL parameter; names and codes are resolved later.
    pub fn parse(text: &str) -> Result<PeerSpec> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(PeerSpec::Default);
        }
        if t == "document" {
            return Ok(PeerSpec::Document);
        }
        if let Some(k) = t.strip_prefix("auto:") {
            return match k.trim().parse::<usize>() {
                Ok(k) if (1..=MAX_AUTO_PEERS).contains(&k) => Ok(PeerSpec::Auto(k)),
                _ => Err(ExplorerError::BadRequest(format!(
                    "peers=auto:{k} : le nombre de départements proches doit être un entier de 1 à {MAX_AUTO_PEERS}"
                ))),
            };
        }
        Ok(PeerSpec::Named(
            t.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        ))
    }

    /// The URL form.
    pub fn to_param(&self) -> String {
        match self {
            PeerSpec::Named(c) => c.join(","),
            PeerSpec::Document => "document".into(),
            PeerSpec::Auto(k) => format!("auto:{k}"),
            PeerSpec::Default => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peers_parameter() {
        assert_eq!(
            PeerSpec::parse("22, 64,14").unwrap(),
            PeerSpec::Named(vec!["22".into(), "64".into(), "14".into()])
        );
        assert_eq!(PeerSpec::parse("auto:4").unwrap(), PeerSpec::Auto(4));
        assert_eq!(PeerSpec::parse("document").unwrap(), PeerSpec::Document);
        assert_eq!(PeerSpec::parse("").unwrap(), PeerSpec::Default);
        assert_eq!(
            PeerSpec::parse("auto:500").unwrap_err(),
            ExplorerError::BadRequest(
                "peers=auto:500 : le nombre de départements proches doit être un entier de 1 à 10"
                    .into()
            )
        );
    }
}
