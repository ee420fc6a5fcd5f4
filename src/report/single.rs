//! One figure outside a report (`depbench chart`): the parameters a report would give it when
//! they are not given (`year` the focus's latest, `from`, `since`, `to`, the default peers and
//! references), its flags ⚑ and footnotes exactly as the report draws them, and its data beside
//! it as French CSV and XLSX ([`super::data`]).

use crate::bench::figure::{ChartKind, Figure};
use crate::bench::peers::{self, PeerChoice};
use crate::bench::references::{self, ReferenceChoice};
use crate::error::{Error, Result};
use crate::model::territory::Roles;
use crate::query::run::run_file;
use crate::query::{Engine, Params};

use super::{Rendered, YearChoice, absent, flags};

/// A figure drawn on its own, with what was chosen for the user (in French, one line each:
/// « année 2022 : la dernière avec des données DREES pour l'Hérault (34) », the default peers).
#[derive(Debug, Clone)]
pub struct Single {
    pub rendered: Rendered,
    /// The figure's data as a one-sheet workbook ([`super::figure_workbook`]).
    pub xlsx: Vec<u8>,
    pub said: Vec<String>,
}

/// Fill the parameters `fig` uses and `params` lacks as `depbench report` would: `focus` given
/// by code or name becomes its code; `year` missing or `latest` is the focus's latest DREES
/// year ([`YearChoice`]); `from` is `year − 4`, `since` `from` when given else `year − 10`
/// ([`super::since`]), `to` is `year`; `peers` by `choice` (the report's default,
/// [`PeerChoice::Default`], or the automatic choice of `--features`), its method text said;
/// `references` the focus's. Returns what was chosen, in French. Errors name the parameter; a
/// `choice` other than the default beside `-p peers` is refused (two choices of the peers).
pub async fn fill_params(
    engine: &Engine,
    fig: &Figure,
    params: &mut Params,
    choice: &PeerChoice,
) -> Result<Vec<String>> {
    Ok(fill(engine, fig, params, choice).await?.0)
}

/// [`fill_params`], with the peers chosen when they were (for the chart's note).
async fn fill(
    engine: &Engine,
    fig: &Figure,
    params: &mut Params,
    choice: &PeerChoice,
) -> Result<(Vec<String>, Option<peers::Peers>)> {
    let used = Params::used(&fig.sql);
    let uses = |p: &str| used.iter().any(|u| u == p);
    let mut said = Vec::new();
    let focus = match params.get("focus").map(str::to_string) {
        Some(f) => {
            let (code, name) = peers::resolve(engine, &f, "-p focus").await?;
            check_in_field(engine, &code, &name, &format!("-p focus={}", f.trim())).await?;
            params.set("focus", code.clone());
            Some((code, name))
        }
        None => None,
    };
    let year_used = uses("year") || uses("to");
    if year_used {
        let asked = params
            .get("year")
            .or_else(|| params.get("to"))
            .unwrap_or("latest")
            .to_string();
        let choice: YearChoice = asked
            .parse()
            .map_err(|m| Error::Invalid(format!("-p year={asked}: {m}")))?;
        let (year, sentence) = choice
            .resolve(
                engine,
                focus.as_ref().map(|(c, n)| (c.as_str(), n.as_str())),
            )
            .await?;
        said.extend(sentence);
        let first = check_year(engine, year, &format!("-p year={asked}")).await?;
        params.set("year", year.to_string());
        if params.get("to").is_none() || params.get("to") == Some("latest") {
            params.set("to", year.to_string());
        }
        let from = match params.get("from") {
            Some(f) => Some(
                f.trim()
                    .parse::<i32>()
                    .map_err(|_| Error::Invalid(format!("-p from={f} : pas une année")))?,
            ),
            None => None,
        };
        if uses("from") && from.is_none() {
            params.set("from", (year - 4).max(first).to_string());
        }
        if uses("since") && params.get("since").is_none() {
            params.set("since", super::since(year, from, first).to_string());
        }
    }
    let chooses = *choice != PeerChoice::Default;
    if chooses && params.get("peers").is_some() {
        return Err(Error::Invalid(
            "--features choisit les départements de comparaison automatiques, -p peers les nomme : gardez l'un des deux".into(),
        ));
    }
    if chooses && !uses("peers") {
        said.push(format!(
            "--features : sans effet, la figure {} ne montre pas de départements de comparaison",
            fig.path.display()
        ));
    }
    if uses("peers")
        && params.get("peers").is_none()
        && let Some((code, _)) = &focus
        && let Some(year) = params.get("year").and_then(|y| y.parse::<i32>().ok())
    {
        let chosen = peers::choose(engine, code, year, choice).await?;
        said.push(format!(
            "départements de comparaison : {} ({})",
            chosen.codes.join(", "),
            chosen.method
        ));
        params.set("peers", chosen.codes.join(","));
        references::fill_default(engine, params, &fig.sql).await?;
        return Ok((said, Some(chosen)));
    }
    references::fill_default(engine, params, &fig.sql).await?;
    Ok((said, None))
}

/// The note a chart drawn with `--features` carries: how its peers were chosen and their
/// distances (« Départements de comparaison : les 4 plus proches sur le contexte
/// socio-démographique (--features rsa=2,densite,pop ; distances : Puy-de-Dôme 0,15, …). »).
async fn features_note(
    engine: &Engine,
    choice: &PeerChoice,
    chosen: &peers::Peers,
) -> Result<Option<String>> {
    let PeerChoice::Method(_, method) = choice else {
        return Ok(None);
    };
    let on = match method {
        peers::PeerMethod::Outcome => "les taux de l'ASE (ancienne méthode)",
        peers::PeerMethod::Context(_) => "le contexte socio-démographique",
    };
    let mut distances = Vec::new();
    for (code, d) in &chosen.distances {
        let name = peers::resolve(engine, code, "-p peers").await?.1;
        distances.push(format!("{name} {}", crate::model::format::number(*d, 2)));
    }
    Ok(Some(format!(
        "Départements de comparaison : les {} plus proches sur {on} (--features {} ; distances : {}).",
        chosen.codes.len(),
        method.spec(),
        distances.join(", ")
    )))
}

/// First and last years of DREES's data (`peers/years.sql`).
async fn drees_years(engine: &Engine) -> Result<(i32, i32)> {
    let years = run_file(engine, "peers/years.sql", &Params::default()).await?;
    years
        .int("first_year", 0)
        .zip(years.int("last_year", 0))
        .map(|(f, l)| (f as i32, l as i32))
        .ok_or_else(|| Error::Invalid("aucune donnée DREES sur laquelle faire un rapport".into()))
}

/// `year` within DREES's years, or an error naming `what` (`--year 2040`, `-p year=2040`) and
/// the years covered. Returns the first year of DREES data (where evolutions may start).
pub(crate) async fn check_year(engine: &Engine, year: i32, what: &str) -> Result<i32> {
    let (first, last) = drees_years(engine).await?;
    if year < first || year > last {
        return Err(Error::Invalid(format!(
            "{what} : hors limites : les données DREES couvrent {first}-{last}, donnez une année dans cet intervalle"
        )));
    }
    Ok(first)
}

/// `code` (named `name`) is in DREES's field of child protection, or an error naming `what`
/// (`--department 976`, `-p focus=976`): Mayotte and the collectivités d'outre-mer are not.
pub(crate) async fn check_in_field(
    engine: &Engine,
    code: &str,
    name: &str,
    what: &str,
) -> Result<()> {
    let mut p = Params::default();
    p.set("focus", code.to_string());
    let focus = run_file(engine, "report/focus.sql", &p).await?;
    if focus.text("parent_kind", 0).is_none() {
        return Err(Error::Invalid(format!(
            "{what} : {name} ({code}) est hors du champ de la DREES (la DREES ne publie pour lui aucune série de protection de l'enfance) : choisissez un autre département"
        )));
    }
    Ok(())
}

/// Run, mark and draw `fig` with `params` (filled by [`fill_params`]): the flags of the focus
/// and peers on the values it shows (⚑ and footnotes, as in a report), the peers and
/// references without a value named under it, its data as French CSV and XLSX. `choice`: how
/// the peers are chosen when `params` does not name them ([`fill_params`]).
pub async fn figure(
    engine: &Engine,
    fig: &Figure,
    mut params: Params,
    choice: &PeerChoice,
) -> Result<Single> {
    let (said, chosen) = fill(engine, fig, &mut params, choice).await?;
    let note = match &chosen {
        Some(chosen) => features_note(engine, choice, chosen).await?,
        None => None,
    };
    let roles = Roles {
        focus: params.get("focus").unwrap_or_default().to_string(),
        peers: params
            .items("peers")
            .into_iter()
            .map(str::to_string)
            .collect(),
    };
    // A « Parcours (OLINPE) » figure without the département's extract (of the year asked) has
    // nothing to draw: say which extract is missing and how to load it.
    if fig.reads_olinpe() && !roles.focus.is_empty() {
        let name = peers::resolve(engine, &roles.focus, "focus").await?.1;
        let year = params.get("year").and_then(|y| y.trim().parse().ok());
        if let Some(why) = super::extracts::missing(engine, fig, &roles.focus, &name, year).await? {
            return Err(Error::Invalid(format!("{} : {why}", fig.path.display())));
        }
    }
    let shapes = if fig.chart == ChartKind::Map {
        super::shapes(engine).await?
    } else if fig.chart == ChartKind::Areas {
        let areas = super::area_shapes(engine, &params).await?;
        if areas.is_empty() {
            let focus = params.get("focus").unwrap_or_default().to_string();
            let name = peers::resolve(engine, &focus, "focus").await?.1;
            let reason = super::no_areas_reason(engine, &format!("{name} ({focus})")).await?;
            return Err(Error::Invalid(format!("{} : {reason}", fig.path.display())));
        }
        areas
    } else {
        Vec::new()
    };
    let df = super::plan_figure(engine, fig, &params).await?;
    let (mut chart, schema, batches) =
        super::run_planned(fig, df, &params, &roles, &shapes).await?;
    if !roles.focus.is_empty() && params.get("year").is_some() {
        let all = flags::load(engine, &params).await?;
        let shown = flags::shown(&all, fig, &params, &schema, &batches);
        flags::mark(&mut chart, &shown);
        let mut peer_names = Vec::new();
        for code in &roles.peers {
            peer_names.push(peers::resolve(engine, code, "-p peers").await?);
        }
        let refs = reference_names(engine, &roles.focus, &params).await?;
        chart
            .meta
            .notes
            .extend(absent::note(fig, &peer_names, &refs, &schema, &batches));
    }
    chart.meta.notes.extend(note);
    let rendered = super::draw_figure(fig, &params, chart, schema, batches)?;
    let xlsx = super::figure_workbook(
        fig,
        &rendered.chart,
        &rendered.schema,
        &rendered.batches,
        &rendered.headers,
    )?;
    Ok(Single {
        rendered,
        xlsx,
        said,
    })
}

/// (code, name) of the references of `params` that the focus's default references name (the
/// others are left out of the « sans valeur » note, having no name at hand).
async fn reference_names(
    engine: &Engine,
    focus: &str,
    params: &Params,
) -> Result<Vec<(String, String)>> {
    let Some(year) = params.get("year").and_then(|y| y.parse::<i32>().ok()) else {
        return Ok(Vec::new());
    };
    let given = params.items("references");
    if given.is_empty() {
        return Ok(Vec::new());
    }
    let known = references::resolve(
        engine,
        focus,
        focus,
        year,
        &ReferenceChoice::Default,
        "-p references",
    )
    .await?;
    Ok(known
        .territories
        .into_iter()
        .filter(|(c, _)| given.contains(&c.as_str()))
        .collect())
}
