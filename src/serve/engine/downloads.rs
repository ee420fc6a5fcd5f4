//! The explorer's downloads: file names that say what a file holds (département, subject,
//! year), so that files saved one after the other never overwrite each other, and the indicator
//! page's figures one at a time. Part of the one door into the library ([`super`]).

use super::*;

/// The indicator page's figures: file stem in `queries/explorer/` and the word its downloads
/// are named with.
pub const INDICATOR_FIGURES: [(&str, &str); 3] = [
    ("indicator_map", "carte"),
    ("indicator_ranking", "classement"),
    ("indicator_evolution", "evolution"),
];

/// Lower-case ASCII words joined by `-`: `Charente-Maritime` → `charente-maritime`,
/// `03_taux_accueillis` → `03-taux-accueillis`.
fn slug(s: &str) -> String {
    crate::model::names::fold(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

impl View {
    /// The département's part of a file name: `17-charente-maritime`, `2a-corse-du-sud`.
    pub fn slug(&self) -> String {
        format!(
            "{}-{}",
            self.focus.code.to_lowercase(),
            slug(&self.focus.name)
        )
    }
}

/// The name a download is saved under: département, subject, year and extension,
/// `17-charente-maritime_taux-accueillis_2022.csv`. `subject` is a figure id
/// (`03_taux_accueillis`: its number is dropped) or any words (`taux_accueillis_0_19 carte`).
pub fn download_name(view: &View, subject: &str, year: i32, ext: &str) -> String {
    let subject = subject.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_');
    format!("{}_{}_{year}.{ext}", view.slug(), slug(subject))
}

impl Indicator {
    /// The indicator's unit in French words (`‰`, `%`, `effectif`), for the page; the unit id
    /// itself when it is none of `model::format::Unit`.
    pub fn unit_words(&self) -> String {
        crate::model::format::unit_word(&self.unit)
    }

    /// The year the indicator page shows for `view`: the view's year, within the years the
    /// indicator is published.
    pub fn year_for(&self, view: &View) -> i32 {
        view.year.clamp(self.first_year, self.last_year)
    }

    /// The subject of a download of the indicator page's figure `figure_id`
    /// (`taux_accueillis_0_19 carte`), for [`download_name`].
    pub fn subject(&self, figure_id: &str) -> String {
        let word = INDICATOR_FIGURES
            .iter()
            .find(|(id, _)| *id == figure_id)
            .map_or(figure_id, |(_, w)| w);
        format!("{} {word}", self.id)
    }
}

impl Explorer {
    /// One figure of the indicator page (`indicator_map`, `indicator_ranking`,
    /// `indicator_evolution`) for `indicator` and `view`: 404 for an unknown indicator or
    /// figure, or a figure the page does not draw (no evolution over a single year).
    pub async fn indicator_figure(
        &self,
        indicator: &str,
        view: &View,
        figure_id: &str,
        bands: &Bands,
    ) -> Result<(Indicator, FigureOut)> {
        if !INDICATOR_FIGURES.iter().any(|(id, _)| *id == figure_id) {
            return Err(ExplorerError::NotFound(format!(
                "figure inconnue « {figure_id} » (indicator_map, indicator_ranking, indicator_evolution)"
            )));
        }
        let (ind, figures) = self.indicator_figures(indicator, view, bands).await?;
        let fig = figures
            .into_iter()
            .find(|f| f.id == figure_id)
            .ok_or_else(|| {
                ExplorerError::NotFound(format!(
                    "figure « {figure_id} » non tracée pour {} : une seule année publiée",
                    ind.label
                ))
            })?;
        Ok((ind, fig))
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_ascii_words() {
        assert_eq!(slug("Charente-Maritime"), "charente-maritime");
        assert_eq!(slug("Côtes-d'Armor"), "cotes-d-armor");
        assert_eq!(
            slug("taux_accueillis_0_19 carte"),
            "taux-accueillis-0-19-carte"
        );
    }
}
