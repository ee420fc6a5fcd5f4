//! The two-indicator comparison page: one département a bubble, the first indicator across, the
//! second up, the bubble's area its population (`queries/explorer/indicator_scatter.sql`). Part
//! of the one door into the library ([`super`]).

use super::*;

/// The comparison figure's file stem in `queries/explorer/` (its id in URLs).
pub const SCATTER_FIGURE: &str = "indicator_scatter";

/// Two indicators compared for a view, and the year both are shown for.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub x: Indicator,
    pub y: Indicator,
    /// The view's year within the years both indicators are published.
    pub year: i32,
}

impl Comparison {
    /// The subject of the comparison's downloads (`taux_accueillis_0_19 part_judiciaire_ae`),
    /// for [`download_name`].
    pub fn subject(&self) -> String {
        format!("{} {}", self.x.id, self.y.id)
    }
}

impl Explorer {
    fn indicator(&self, id: &str) -> Result<Indicator> {
        self.indicators
            .iter()
            .find(|i| i.id == id)
            .cloned()
            .ok_or_else(|| ExplorerError::NotFound(format!("indicateur inconnu « {id} »")))
    }

    /// The scatter of `x` against `y` for `view`: 404 for an unknown indicator, 400 when the
    /// two are one or have no year in common.
    pub async fn comparison(
        &self,
        x: &str,
        y: &str,
        view: &View,
    ) -> Result<(Comparison, FigureOut)> {
        let (xi, yi) = (self.indicator(x)?, self.indicator(y)?);
        if xi.id == yi.id {
            return Err(ExplorerError::BadRequest(format!(
                "indicator2={y} : choisissez deux indicateurs différents"
            )));
        }
        let (first, last) = (
            xi.first_year.max(yi.first_year),
            xi.last_year.min(yi.last_year),
        );
        if first > last {
            return Err(ExplorerError::BadRequest(format!(
                "{} ({}-{}) et {} ({}-{}) n'ont aucune année en commun",
                xi.label, xi.first_year, xi.last_year, yi.label, yi.first_year, yi.last_year
            )));
        }
        let year = view.year.clamp(first, last);
        let unit_of = |i: &Indicator| i.unit.parse::<Unit>().unwrap_or(Unit::Ratio);
        let mut fig = self.scatter_figure.clone();
        fig.title = fig
            .title
            .replace("{indicateur_x}", &xi.label)
            .replace("{indicateur_y}", &yi.label);
        // The axes' titles say their unit: « … de 0 à 19 ans (‰) ».
        let with_unit = |s: &str| {
            s.replace(
                "{indicateur_x}",
                &format!("{} ({})", xi.label, xi.unit_words()),
            )
            .replace(
                "{indicateur_y}",
                &format!("{} ({})", yi.label, yi.unit_words()),
            )
        };
        fig.headers = fig.headers.iter().map(|h| with_unit(h)).collect();
        fig.unit = unit_of(&yi);
        fig.units = vec![unit_of(&xi), unit_of(&yi), Unit::Count];
        let mut params = view.params.clone();
        params
            .set("indicator", xi.id.clone())
            .set("indicator2", yi.id.clone())
            .set("year", year.to_string());
        let out = limited(self.timeout, "comparaison", async {
            Ok(self.compute(&fig, &params, view).await)
        })
        .await?;
        Ok((Comparison { x: xi, y: yi, year }, out))
    }
}
