//! Each indicator's years per edition (`depbench tables indicators`): which years each edition
//! of a DREES series publishes (at least one territory with a value), and the years of the
//! measures depbench computes, from `queries/report/indicator_years.sql`.

use crate::error::Result;
use crate::query::run::run_file;
use crate::query::{Engine, Params};

const FILE: &str = "report/indicator_years.sql";

/// The listing, in French, one block per indicator (id and label, then one line per edition,
/// the latest first: `  édition 2022 (drees-benef-2022) : 2002-2022`), years missing inside
/// the span said (`2002-2022, 19 années sur 21`).
pub async fn listing(engine: &Engine) -> Result<String> {
    let rows = run_file(engine, FILE, &Params::default()).await?;
    for c in [
        "indicator",
        "label",
        "source_id",
        "edition",
        "first_year",
        "last_year",
        "years",
    ] {
        rows.require(c, FILE)?;
    }
    let mut out = String::from(
        "Années par indicateur et par édition (années où au moins un territoire a une valeur ; « calculé » : mesure calculée par depbench) :\n",
    );
    let mut current = String::new();
    for r in 0..rows.len() {
        let t = |c: &str| rows.text(c, r).unwrap_or_default();
        let id = t("indicator");
        if id != current {
            out.push_str(&format!("{id} — {}\n", t("label")));
            current = id;
        }
        let (first, last, n) = (
            rows.int("first_year", r).unwrap_or_default(),
            rows.int("last_year", r).unwrap_or_default(),
            rows.int("years", r).unwrap_or_default(),
        );
        let span = if first == last {
            first.to_string()
        } else {
            format!("{first}-{last}")
        };
        let gaps = if n < last - first + 1 {
            format!(", {n} années sur {}", last - first + 1)
        } else {
            String::new()
        };
        let edition = match t("source_id").as_str() {
            "calculé" => "calculé".to_string(),
            source => format!("édition {} ({source})", t("edition")),
        };
        out.push_str(&format!("  {edition} : {span}{gaps}\n"));
    }
    Ok(out)
}
