//! The OLINPE extracts a « Parcours (OLINPE) » figure needs. A figure reading the OLINPE tables
//! ([`Figure::reads_olinpe`]) for a département without any extract loaded, or without the
//! extract of the year asked, has nothing to draw: [`missing`] says which extract is missing
//! and how to load one, where the chart would only say « aucune valeur à tracer »
//! (`depbench chart`, the explorer's figure files).

use crate::bench::figure::Figure;
use crate::error::Result;
use crate::query::run::run_file;
use crate::query::{Engine, Params};

use super::lecture::with_article;

/// The command that loads OLINPE extracts, as the messages name it.
pub const IMPORT: &str = "`depbench import <fichiers OLINPE>`";

/// Why `fig` cannot be drawn for the focus `code` (named `name`) for want of an OLINPE extract,
/// in French, or `None` when it can (or does not read OLINPE). `year`: the year asked
/// (`-p year`, or the figure's `$year`), `None` for any year loaded; a figure without `$year`
/// among its params shows every year loaded, and the message says so. The years loaded are
/// read by `queries/report/olinpe_years.sql`.
pub async fn missing(
    engine: &Engine,
    fig: &Figure,
    code: &str,
    name: &str,
    year: Option<i32>,
) -> Result<Option<String>> {
    if !fig.reads_olinpe() || code.is_empty() {
        return Ok(None);
    }
    let mut p = Params::default();
    p.set("focus", code.to_string());
    let rows = run_file(engine, "report/olinpe_years.sql", &p).await?;
    let years: Vec<i64> = (0..rows.len())
        .filter_map(|i| rows.int("year", i))
        .collect();
    let whom = format!("{} ({code})", with_article(code, name));
    Ok(missing_words(
        &years,
        year,
        &whom,
        fig.params.iter().any(|p| p == "year"),
    ))
}

/// [`missing`]'s sentence from the `years` of the extracts loaded for `whom` (« la
/// Charente-Maritime (17) »).
fn missing_words(years: &[i64], year: Option<i32>, whom: &str, year_used: bool) -> Option<String> {
    if years.is_empty() {
        return Some(format!(
            "aucune extraction OLINPE n'est chargée pour {whom} : cette figure lit les extractions OLINPE du département ; chargez-les avec {IMPORT} (fichiers XML ou CSV transmis à l'ONPE), puis relancez"
        ));
    }
    let year = year?;
    if years.contains(&i64::from(year)) {
        return None;
    }
    let loaded: Vec<String> = years.iter().map(i64::to_string).collect();
    let advice = if year_used {
        format!(
            "ou demandez une année chargée (-p year={})",
            loaded[loaded.len() - 1]
        )
    } else {
        "ou omettez -p year (la figure montre toutes les années chargées)".to_string()
    };
    Some(format!(
        "aucune extraction OLINPE de {year} n'est chargée pour {whom} (années chargées : {}) : chargez celle de {year} avec {IMPORT}, {advice}",
        loaded.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::missing_words;

    /// No extract at all, or none of the year asked: the sentence names the département, the
    /// years loaded and the command; an extract of the year, or no year asked, draws.
    #[test]
    fn missing_extracts_are_named_with_the_command_to_load_them() {
        let whom = "l'Hérault (34)";
        assert_eq!(
            missing_words(&[], None, whom, false).unwrap(),
            "aucune extraction OLINPE n'est chargée pour l'Hérault (34) : cette figure lit les extractions OLINPE du département ; chargez-les avec `depbench import <fichiers OLINPE>` (fichiers XML ou CSV transmis à l'ONPE), puis relancez"
        );
        assert!(missing_words(&[], Some(2022), whom, true).is_some());
        assert_eq!(
            missing_words(&[2021, 2022], Some(2019), whom, false).unwrap(),
            "aucune extraction OLINPE de 2019 n'est chargée pour l'Hérault (34) (années chargées : 2021, 2022) : chargez celle de 2019 avec `depbench import <fichiers OLINPE>`, ou omettez -p year (la figure montre toutes les années chargées)"
        );
        assert!(
            missing_words(&[2021, 2022], Some(2023), whom, true)
                .unwrap()
                .ends_with("ou demandez une année chargée (-p year=2022)")
        );
        assert_eq!(missing_words(&[2021, 2022], Some(2022), whom, true), None);
        assert_eq!(missing_words(&[2021, 2022], None, whom, false), None);
    }
}
