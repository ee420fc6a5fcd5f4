//! The explorer's view of a request: the focus and peers resolved by name or code and checked
//! against the years DREES covers, the year and the peers chosen. Part of the one door into
//! the library ([`super`]).

use super::*;

impl Explorer {
    /// A département from a code (`17`, `2a`, `1` → `01`) or a name (`Orne`, `cotes d'armor`).
    /// `None` when nothing matches.
    pub fn find_departement(&self, input: &str) -> Option<&Departement> {
        crate::model::names::find(self.names(), input).map(|i| &self.departements[i])
    }

    /// (code, name) of every département, for [`crate::model::names`].
    fn names(&self) -> impl Iterator<Item = (&str, &str)> + Clone {
        self.departements
            .iter()
            .map(|d| (d.code.as_str(), d.name.as_str()))
    }

    fn resolve(&self, input: &str, what: &str) -> Result<Departement> {
        self.find_departement(input).cloned().ok_or_else(|| {
            let near: Vec<String> = crate::model::names::near(self.names(), input)
                .into_iter()
                .map(|i| &self.departements[i])
                .map(|d| format!("{} ({})", d.name, d.code))
                .collect();
            let hint = if near.is_empty() {
                "codes DREES : 01…95, 2A, 2B, 20, 971…974, 976, ou nom du département".to_string()
            } else {
                format!("voulez-vous dire {} ?", near.join(", "))
            };
            let msg = format!("{what} : département inconnu « {} » ({hint})", input.trim());
            if what == "département" {
                ExplorerError::NotFound(msg)
            } else {
                ExplorerError::BadRequest(msg)
            }
        })
    }

    /// Check a view: focus (404 when unknown), peers (400), year (400).
    pub async fn view(&self, req: &ViewRequest) -> Result<View> {
        limited(
            self.timeout,
            "choix des départements de comparaison",
            self.view_inner(req),
        )
        .await
    }

    async fn view_inner(&self, req: &ViewRequest) -> Result<View> {
        let focus = self.resolve(&req.departement, "département")?;
        let (first, last) = self.years;
        // Without a year, the latest the focus has (2A/2B end in 2017).
        let year = req
            .year
            .unwrap_or_else(|| focus.years.last().copied().unwrap_or(last).min(last));
        if !(first..=last).contains(&year) {
            return Err(ExplorerError::BadRequest(format!(
                "année {year} hors de la période couverte par la DREES ({first}-{last})"
            )));
        }
        // Outside DREES's field the département has no page (404); a year without its data is
        // a wrong request for a page that exists (400).
        focus.check_year(year, "département").map_err(|m| {
            if focus.years.is_empty() {
                ExplorerError::NotFound(m)
            } else {
                ExplorerError::BadRequest(m)
            }
        })?;
        let from = req.from.unwrap_or(year - 4).max(first);
        if from >= year {
            return Err(ExplorerError::BadRequest(format!(
                "l'année de départ des évolutions ({from}) doit précéder l'année {year}"
            )));
        }
        let choice = match &req.peers {
            PeerSpec::Named(names) => {
                let mut codes: Vec<String> = Vec::new();
                // The library's rule (view `territory_overlaps`), one kept query per focus.
                let overlapping = peers::overlaps(&self.engine, &focus.code).await?;
                for n in names {
                    let d = self.resolve(n, "départements de comparaison")?;
                    if d.code == focus.code {
                        return Err(ExplorerError::BadRequest(format!(
                            "départements de comparaison : {} ({}) est le département étudié lui-même",
                            d.name, d.code
                        )));
                    }
                    if codes.contains(&d.code) {
                        return Err(ExplorerError::BadRequest(format!(
                            "départements de comparaison : {} ({}) est nommé deux fois : nommez chaque département de comparaison une seule fois",
                            d.name, d.code
                        )));
                    }
                    if let Some(o) = overlapping.iter().find(|o| o.code == d.code) {
                        return Err(ExplorerError::BadRequest(format!(
                            "départements de comparaison : {} ({}) recouvre le département étudié {} ({}) : {}, les mêmes enfants seraient comptés deux fois ; retirez-le des départements de comparaison",
                            d.name,
                            d.code,
                            focus.name,
                            focus.code,
                            o.relation.why()
                        )));
                    }
                    d.check_year(year, "départements de comparaison")
                        .map_err(ExplorerError::BadRequest)?;
                    codes.push(d.code);
                }
                if codes.is_empty() && (req.among.is_some() || req.features.is_some()) {
                    PeerChoice::Auto(4, req.among)
                } else if codes.is_empty() {
                    PeerChoice::Default
                } else {
                    PeerChoice::Named(codes)
                }
            }
            PeerSpec::Document => PeerChoice::Document,
            PeerSpec::Auto(k) => PeerChoice::Auto(*k, req.among),
            PeerSpec::Default if req.among.is_some() => PeerChoice::Auto(4, req.among),
            PeerSpec::Default if req.features.is_some() => PeerChoice::Auto(4, req.among),
            PeerSpec::Default => PeerChoice::Default,
        };
        // `features` chooses how automatic peers are chosen, as `--features` does in a report.
        let choice = match (&req.features, choice) {
            (Some(m), c @ (PeerChoice::Auto(..) | PeerChoice::Default)) => {
                PeerChoice::Method(Box::new(c), m.clone())
            }
            (_, c) => c,
        };
        let chosen = match choice {
            // Named peers are already checked against the départements held in memory and the
            // focus's kept overlaps: no query to run (the load test's figure requests all name
            // their peers).
            PeerChoice::Named(codes) => {
                peers::Peers {
                    codes,
                    method: NAMED_METHOD.to_string(),
                    distances: Vec::new(),
                }
            }
            // The library's message names the command line's options: say it for the page.
            other => peers::choose(&self.engine, &focus.code, year, &other)
                .await
                .map_err(|e| match (e, &other) {
                    // The plan's own set is asked for and the focus has none.
                    (crate::Error::Invalid(_), PeerChoice::Document) => {
                        ExplorerError::BadRequest(format!(
                            "départements de comparaison : aucun schéma de {} ({}) n'en nomme : nommez-les (peers=14,50) ou choisissez les plus proches (peers=auto:4)",
                            focus.name, focus.code
                        ))
                    }
                    (crate::Error::Invalid(_), _) => ExplorerError::BadRequest(format!(
                        "départements de comparaison : les départements les plus proches de {} ({}) ne peuvent pas être choisis pour {year} (indicateurs incomplets) : nommez-les (peers=14,50)",
                        focus.name, focus.code
                    )),
                    (e, _) => e.into(),
                })?,
        };
        let peers: Vec<Departement> = chosen
            .codes
            .iter()
            .map(|c| {
                self.departements
                    .iter()
                    .find(|d| &d.code == c)
                    .cloned()
                    .unwrap_or(Departement {
                        code: c.clone(),
                        name: c.clone(),
                        whole: None,
                        years: Vec::new(),
                    })
            })
            .collect();
        let key = format!("{}|{from}|{year}|{}", focus.code, req.references.to_param());
        let cached = self.reference_cache.lock().get(&key);
        let refs = match cached {
            Some(refs) => refs,
            None => {
                let mut refs = references::resolve(
                    &self.engine,
                    &focus.code,
                    &focus.name,
                    year,
                    &req.references,
                    "reference",
                )
                .await?;
                refs.notes
                    .extend(references::gaps(&self.engine, &refs, from, year).await?);
                self.reference_cache.lock().put(key, refs.clone());
                refs
            }
        };
        let mut params = Params::default();
        params
            .set("focus", focus.code.clone())
            .set("peers", chosen.codes.join(","))
            .set("references", refs.param())
            .set("year", year.to_string())
            .set("from", from.to_string())
            .set(
                "since",
                crate::report::since(year, req.from, first).to_string(),
            )
            .set("to", year.to_string());
        let roles = Roles {
            focus: focus.code.clone(),
            peers: chosen.codes.clone(),
        };
        Ok(View {
            focus,
            peers,
            spec: req.peers.clone(),
            year,
            from,
            method: crate::bench::features::explorer_words(&chosen.method),
            distances: chosen
                .distances
                .iter()
                .map(|(c, d)| (c.clone(), format::number(*d, 2)))
                .collect(),
            reference_choice: req.references.clone(),
            among: req.among,
            features: req.features.clone(),
            references: refs,
            params,
            roles,
        })
    }
}
