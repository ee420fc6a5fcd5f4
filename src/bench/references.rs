//! References of a comparison: the territories drawn next to the focus and its peers as a
//! yardstick — a national scope (France métropolitaine, France entière hors Mayotte, DROM) and
//! the focus's région.
//!
//! By default the references follow the focus: France métropolitaine and the région for a
//! metropolitan département; France entière (hors Mayotte), the DROM and the région for an
//! overseas one. `--reference` (report, chart) and `reference=` (explorer) choose among
//! [`ACCEPTED`]. National values are DREES's published totals; a région is the sum of its
//! départements in the year's partition (`region_sums`, read by every derived view through
//! `bench_observations`), and a région that is the focus alone (Guadeloupe, Martinique,
//! Guyane, La Réunion; Corse from 2018) is left out with a note, since it would repeat the focus.

use crate::error::{Error, Result};
use crate::model::territory::AGGREGATES;
use crate::query::run::run_file;
use crate::query::{Engine, Params};

/// The values `--reference` accepts (comma-separated, case-insensitive), with their meaning.
pub const ACCEPTED: [(&str, &str); 4] = [
    ("FRM", "France métropolitaine"),
    ("FRE", "France entière hors Mayotte"),
    ("DROM", "DROM hors Mayotte"),
    ("region", "la région du département"),
];

/// One reference a user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reference {
    /// France métropolitaine (DREES total).
    Frm,
    /// France entière hors Mayotte (DREES total).
    Fre,
    /// DROM hors Mayotte (DREES total).
    Drom,
    /// The focus's région, summed from its départements.
    Region,
}

impl Reference {
    /// The word of [`ACCEPTED`] naming this reference.
    pub fn word(self) -> &'static str {
        match self {
            Reference::Frm => "FRM",
            Reference::Fre => "FRE",
            Reference::Drom => "DROM",
            Reference::Region => "region",
        }
    }

    fn parse(word: &str) -> Option<Reference> {
        Some(match word.trim().to_lowercase().as_str() {
            "frm" => Reference::Frm,
            "fre" => Reference::Fre,
            "drom" => Reference::Drom,
            "region" | "région" => Reference::Region,
            _ => return None,
        })
    }
}

/// Which references a comparison draws.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ReferenceChoice {
    /// Following the focus: FRM + région, or FRE + DROM + région for the DROM.
    #[default]
    Default,
    /// The references asked for, in the order given, without repeats.
    Chosen(Vec<Reference>),
}

impl ReferenceChoice {
    /// Parse what the user gave for `option` (`--reference` on the command line, `reference` in
    /// a URL): comma-separated words of [`ACCEPTED`]. No value at all is the default; an
    /// unknown or empty word is an error (in French) naming the option, the value and the
    /// accepted words, with an example.
    pub fn parse(option: &str, values: &[String]) -> Result<ReferenceChoice> {
        if values.is_empty() {
            return Ok(ReferenceChoice::Default);
        }
        let sep = if option.starts_with("--") { " " } else { "=" };
        let given = values.join(",");
        let accepted: Vec<String> = ACCEPTED.iter().map(|(w, m)| format!("{w} ({m})")).collect();
        let accepted = accepted.join(", ");
        let mut chosen = Vec::new();
        for word in given.split(',') {
            let word = word.trim();
            let Some(r) = Reference::parse(word) else {
                let what = if word.is_empty() {
                    "référence vide".to_string()
                } else {
                    let words: Vec<String> = ACCEPTED.iter().map(|(w, _)| w.to_string()).collect();
                    let near = crate::query::hints::nearest_best(word, &words);
                    let mut what = format!("référence inconnue « {word} »");
                    if !near.is_empty() {
                        what.push_str(" ; ");
                        what.push_str(&crate::query::hints::did_you_mean(&near));
                    }
                    what
                };
                return Err(Error::Invalid(format!(
                    "{option}{sep}{given} : {what} ; valeurs acceptées, séparées par des virgules : {accepted} ; par exemple {option}{sep}FRM,region"
                )));
            };
            if !chosen.contains(&r) {
                chosen.push(r);
            }
        }
        Ok(ReferenceChoice::Chosen(chosen))
    }

    /// The form of the choice in a URL or on the command line (`FRM,region`; empty for the
    /// default).
    pub fn to_param(&self) -> String {
        match self {
            ReferenceChoice::Default => String::new(),
            ReferenceChoice::Chosen(r) => r.iter().map(|r| r.word()).collect::<Vec<_>>().join(","),
        }
    }
}

/// The references of one comparison, resolved for a focus and a year.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct References {
    /// (code, name) of each reference drawn: `FRM`, `FRE`, `DROM`, a région code (`R75`).
    pub territories: Vec<(String, String)>,
    /// What a reader should know (in French): a région left out because it is the focus alone.
    pub notes: Vec<String>,
}

impl References {
    /// The codes, comma-separated: the value of the figures' `$references` parameter.
    pub fn param(&self) -> String {
        self.codes().join(",")
    }

    /// The codes drawn.
    pub fn codes(&self) -> Vec<&str> {
        self.territories.iter().map(|(c, _)| c.as_str()).collect()
    }

    /// The names, French-joined: `France métropolitaine et Nouvelle Aquitaine`.
    pub fn names(&self) -> String {
        let names: Vec<&str> = self.territories.iter().map(|(_, n)| n.as_str()).collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => one.to_string(),
            [rest @ .., last] => format!("{} et {last}", rest.join(", ")),
        }
    }
}

fn aggregate_name(code: &str) -> String {
    AGGREGATES
        .iter()
        .find(|a| a.0 == code)
        .map_or_else(|| code.to_string(), |a| a.1.to_string())
}

/// Resolve `choice` for the focus département `focus` (a checked DREES code, named `focus_name`)
/// in `year` (`option` names where the choice came from, for errors): the région comes from
/// `queries/report/references.sql` (every territory's région that year). A région made of the
/// focus alone is left out with a note; so is a focus without a région (none in DREES's field).
/// When nothing remains (`--reference region` for Guadeloupe) it is an error saying why and
/// what to add.
pub async fn resolve(
    engine: &Engine,
    focus: &str,
    focus_name: &str,
    year: i32,
    choice: &ReferenceChoice,
    option: &str,
) -> Result<References> {
    // The year's list serves every focus: `run_file` keeps it for the other reports of the run.
    const FILE: &str = "report/references.sql";
    let mut p = Params::default();
    p.set("year", year.to_string());
    let rows = run_file(engine, FILE, &p).await?;
    for column in ["territory", "region", "region_name", "scope", "members"] {
        rows.require(column, FILE)?;
    }
    let region = rows.position("territory", focus).map(|r| {
        (
            rows.text("region", r).unwrap_or_default(),
            rows.text("region_name", r).unwrap_or_default(),
            rows.text("scope", r).unwrap_or_default(),
            rows.text("members", r).unwrap_or_default(),
        )
    });
    let overseas = region.as_ref().is_some_and(|r| r.2 == "DROM");
    let wanted = match choice {
        ReferenceChoice::Chosen(r) => r.clone(),
        ReferenceChoice::Default if overseas => {
            vec![Reference::Fre, Reference::Drom, Reference::Region]
        }
        ReferenceChoice::Default => vec![Reference::Frm, Reference::Region],
    };
    let mut out = References::default();
    for r in wanted {
        let code = match r {
            Reference::Frm => "FRM",
            Reference::Fre => "FRE",
            Reference::Drom => "DROM",
            Reference::Region => {
                match &region {
                    None => out.notes.push(format!(
                        "Référence régionale omise : {focus_name} ({focus}) n'appartient à aucune région du champ de la DREES."
                    )),
                    Some((_, name, _, members)) if members == focus => out.notes.push(format!(
                        "Référence régionale omise : la région {name} ne compte en {year} qu'un département, {focus_name} ({focus}) lui-même."
                    )),
                    Some((code, name, _, _)) => out.territories.push((code.clone(), name.clone())),
                }
                continue;
            }
        };
        out.territories
            .push((code.to_string(), aggregate_name(code)));
    }
    if out.territories.is_empty() {
        let sep = if option.starts_with("--") { " " } else { "=" };
        let why = out.notes.join(" ");
        return Err(Error::Invalid(format!(
            "{option}{sep}{} : aucune référence à tracer pour {focus_name} ({focus}) en {year} ({why}) : ajoutez FRM, FRE ou DROM, par exemple {option}{sep}{}",
            choice.to_param(),
            if overseas { "FRE,DROM" } else { "FRM,region" }
        )));
    }
    Ok(out)
}

/// Give `$references` its default — the references following `$focus` in `$year` (or `$to`) —
/// when `sql` uses it and `params` has none, so `depbench query -f` and `depbench chart` run a
/// figure file with the parameters they always took. Nothing happens without a focus or a year
/// (the missing-parameter error then names what to give).
pub async fn fill_default(engine: &Engine, params: &mut Params, sql: &str) -> Result<()> {
    if params.get("references").is_some() || !Params::used(sql).iter().any(|p| p == "references") {
        return Ok(());
    }
    let focus = params.get("focus").map(str::to_string);
    let year = params
        .get("year")
        .or_else(|| params.get("to"))
        .and_then(|y| y.trim().parse::<i32>().ok());
    if let (Some(focus), Some(year)) = (focus, year) {
        let refs = resolve(
            engine,
            &focus,
            &focus,
            year,
            &ReferenceChoice::Default,
            "-p references",
        )
        .await?;
        params.set("references", refs.param());
    }
    Ok(())
}

/// Notes on région sums the figures cannot show between `from` and `year` (a département of the
/// région without a value: the figures print n.d. for the région), one per région and series:
/// `Nouvelle Aquitaine : AED n.d. en 2019, 2020 (sans valeur : 79).`
pub async fn gaps(engine: &Engine, refs: &References, from: i32, year: i32) -> Result<Vec<String>> {
    if refs.territories.is_empty() {
        return Ok(Vec::new());
    }
    let mut p = Params::default();
    p.set("references", refs.param())
        .set("from", from.to_string())
        .set("year", year.to_string());
    let rows = run_file(engine, "report/reference_gaps.sql", &p).await?;
    // (région name, series label) → (years, départements missing)
    type Gap = ((String, String), (Vec<String>, Vec<String>));
    let mut notes: Vec<Gap> = Vec::new();
    for i in 0..rows.len() {
        let key = (
            rows.text("territory_name", i).unwrap_or_default(),
            rows.text("indicator_label", i).unwrap_or_default(),
        );
        let year = rows.text("year", i).unwrap_or_default();
        let missing = rows.text("missing", i).unwrap_or_default();
        let entry = match notes.iter_mut().find(|(k, _)| *k == key) {
            Some(e) => e,
            None => {
                notes.push((key, (Vec::new(), Vec::new())));
                notes.last_mut().expect("just pushed")
            }
        };
        entry.1.0.push(year);
        for m in missing.split(", ").filter(|m| !m.is_empty()) {
            if !entry.1.1.iter().any(|x| x == m) {
                entry.1.1.push(m.to_string());
            }
        }
    }
    Ok(notes
        .into_iter()
        .map(|((region, series), (years, mut missing))| {
            missing.sort();
            format!(
                "{region} : {series} n.d. en {} (la somme de ses départements n'est pas calculable, sans valeur : {}).",
                years.join(", "),
                missing.join(", ")
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_words_in_order_without_repeats() {
        assert_eq!(
            ReferenceChoice::parse("--reference", &[]).unwrap(),
            ReferenceChoice::Default
        );
        assert_eq!(
            ReferenceChoice::parse("--reference", &words(&["frm", "Région", "FRM"])).unwrap(),
            ReferenceChoice::Chosen(vec![Reference::Frm, Reference::Region])
        );
        assert_eq!(
            ReferenceChoice::parse("reference", &words(&["FRE,DROM , region"]))
                .unwrap()
                .to_param(),
            "FRE,DROM,region"
        );
    }

    #[test]
    fn unknown_and_empty_words_are_refused_naming_the_option() {
        let e = ReferenceChoice::parse("--reference", &words(&["FRM", "Bretagne"])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--reference FRM,Bretagne : référence inconnue « Bretagne » ; valeurs acceptées, séparées par des virgules : FRM (France métropolitaine), FRE (France entière hors Mayotte), DROM (DROM hors Mayotte), region (la région du département) ; par exemple --reference FRM,region"
        );
        let e = ReferenceChoice::parse("--reference", &words(&["FRN"])).unwrap_err();
        assert!(
            e.to_string().starts_with(
                "--reference FRN : référence inconnue « FRN » ; vouliez-vous dire « FRE » ou « FRM » ? ; valeurs acceptées"
            ),
            "{e}"
        );
        let e = ReferenceChoice::parse("reference", &words(&[""])).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("reference= : référence vide ; valeurs acceptées"),
            "{e}"
        );
    }

    #[test]
    fn names_are_joined_in_french() {
        let r = References {
            territories: vec![
                ("FRE".into(), "France entière (hors Mayotte)".into()),
                ("DROM".into(), "DROM (hors Mayotte)".into()),
                ("R101".into(), "Guadeloupe".into()),
            ],
            notes: Vec::new(),
        };
        assert_eq!(
            r.names(),
            "France entière (hors Mayotte), DROM (hors Mayotte) et Guadeloupe"
        );
        assert_eq!(r.param(), "FRE,DROM,R101");
    }
}
