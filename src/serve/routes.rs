//! HTTP routes: each handler parses the URL, asks [`Explorer`] and renders a page, a fragment
//! (`fragment=1`, for the partial updates of `app.js`) or a file.
//!
//! Statuses: unknown département, indicator, document, figure or path → 404; bad parameter or
//! SQL DataFusion rejects → 400 with the message; writing statement → 403; a function asked
//! to build a value over `query::limits::MAX_BUILT_BYTES` (`repeat('x', 2000000000)`) → 422;
//! query past its time limit → 503; URL over [`MAX_URI_BYTES`] → 414; body over
//! [`MAX_BODY_BYTES`] → 413; a `Host` other than the loopback names and `--host` → 421, no
//! `Host` → 400. Refusals are French plain text.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use maud::Markup;

use super::engine::{
    Bands, Download, ExplorerError, PeerSpec, ReferenceChoice, SCATTER_FIGURE, ViewRequest,
    download_name,
};
use super::pages::{self, Nav};
use super::{AllowedHosts, Explorer, MAX_BODY_BYTES, MAX_URI_BYTES, assets};

type Shared = Arc<Explorer>;
type Params = Query<HashMap<String, String>>;
/// Every pair of the query string, in order, repeated names kept (the bands' checkboxes).
type Pairs = Query<Vec<(String, String)>>;

/// Rows per page of a SQL result.
pub const PAGE_SIZE: usize = 100;
/// The département shown when the URL names none (the example, Charente-Maritime).
pub const DEFAULT_DEPARTEMENT: &str = "17";

/// The routes, answering requests whose `Host` is one of `hosts`.
pub fn router(explorer: Shared, hosts: AllowedHosts) -> Router {
    Router::new()
        .route("/", get(explorer_page))
        .route("/figure/{file}", get(figure_file))
        .route("/report.zip", get(report_zip))
        .route("/indicateur", get(indicator_page))
        .route("/indicateur/figure/{file}", get(indicator_file))
        .route("/comparaison", get(comparison_page))
        .route("/comparaison/figure/{file}", get(comparison_file))
        .route("/sql", get(sql_page))
        .route("/sql/download", get(sql_download))
        .route("/api/query", get(api_query))
        .route("/documents", get(documents_page))
        .route("/documents/{id}", get(document_page))
        .route("/assets/{name}", get(asset))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(Arc::new(hosts), limits))
        .with_state(explorer)
}

/// What every answer says to the browser: pages load only their own assets (inline styles
/// of the SVG figures; no inline script), no page may frame them, no sniffing of types, no
/// referrer (the SQL is in the URL).
pub const SECURITY_HEADERS: [(&str, &str); 5] = [
    (
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
         script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-resource-policy", "same-origin"),
];

/// Refuse requests for another host (421), oversized URLs (414) and bodies (413) before any
/// handler runs; add [`SECURITY_HEADERS`] to every answer.
async fn limits(State(hosts): State<Arc<AllowedHosts>>, req: Request, next: Next) -> Response {
    let mut resp = match refusal(&hosts, &req) {
        Some(resp) => resp,
        None => next.run(req).await,
    };
    for (name, value) in SECURITY_HEADERS {
        resp.headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    resp
}

/// The answer refusing `req` before it reaches a handler, if it must be refused.
fn refusal(hosts: &AllowedHosts, req: &Request) -> Option<Response> {
    // The host asked for: the URL's own (absolute form) or the `Host` header, both checked.
    let header = req
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{fffd}"));
    let authority = req.uri().authority().map(|a| a.as_str());
    if header.is_none() && authority.is_none() {
        return Some(plain(
            StatusCode::BAD_REQUEST,
            "en-tête Host manquant : l'explorateur répond aux adresses http://localhost:PORT/ ou http://127.0.0.1:PORT/".into(),
        ));
    }
    if let Some(bad) = [header, authority]
        .into_iter()
        .flatten()
        .find(|h| !hosts.allows(h))
    {
        return Some(plain(
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "hôte « {} » refusé : l'explorateur ne répond qu'aux adresses {} (protection contre les pages qui se font passer pour lui)",
                bad.chars().take(100).collect::<String>(),
                hosts.names().join(", ")
            ),
        ));
    }
    let uri_len = req.uri().to_string().len();
    if uri_len > MAX_URI_BYTES {
        return Some(plain(
            StatusCode::URI_TOO_LONG,
            format!("adresse trop longue ({uri_len} octets, au plus {MAX_URI_BYTES})"),
        ));
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Some(plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("requête trop volumineuse (au plus {MAX_BODY_BYTES} octets)"),
        ));
    }
    None
}

fn status_of(e: &ExplorerError) -> StatusCode {
    match e {
        ExplorerError::NotFound(_) => StatusCode::NOT_FOUND,
        ExplorerError::BadRequest(_) => StatusCode::BAD_REQUEST,
        ExplorerError::Refused(_) => StatusCode::FORBIDDEN,
        ExplorerError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
        ExplorerError::TooLarge(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ExplorerError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn plain(status: StatusCode, message: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message + "\n",
    )
        .into_response()
}

/// An HTML page (or its `#content` fragment) with `status`.
fn page(status: StatusCode, fragment: bool, title: &str, nav: Nav, content: Markup) -> Response {
    let html = if fragment {
        content
    } else {
        pages::layout(title, nav, content)
    };
    (status, Html(html.into_string())).into_response()
}

fn error_page(e: &ExplorerError, fragment: bool) -> Response {
    let status = status_of(e);
    page(
        status,
        fragment,
        "Erreur — depbench",
        Nav::None,
        pages::error(status.as_u16(), &e.to_string()),
    )
}

fn is_fragment(q: &HashMap<String, String>) -> bool {
    q.get("fragment").is_some_and(|v| v == "1")
}

fn year_param(q: &HashMap<String, String>, key: &str) -> Result<Option<i32>, ExplorerError> {
    match q.get(key).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(y) => y.parse::<i32>().map(Some).map_err(|_| {
            ExplorerError::BadRequest(format!("{key}={y} : une année est attendue (ex. 2022)"))
        }),
    }
}

/// The `peers` parameter with the picker's `add` (a name or code typed in its field) appended.
fn peers_param(q: &HashMap<String, String>) -> String {
    let peers = q.get("peers").map(|s| s.trim()).unwrap_or("");
    match q.get("add").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => peers.to_string(),
        Some(add) if peers.is_empty() => add.to_string(),
        Some(add) => format!("{peers},{add}"),
    }
}

fn view_request(q: &HashMap<String, String>) -> Result<ViewRequest, ExplorerError> {
    Ok(ViewRequest {
        departement: q
            .get("departement")
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .unwrap_or(DEFAULT_DEPARTEMENT)
            .to_string(),
        peers: PeerSpec::parse(&peers_param(q))?,
        year: year_param(q, "year")?,
        from: year_param(q, "from")?,
        references: ReferenceChoice::from_url(q.get("reference").map(String::as_str))?,
        among: match q.get("among").map(|s| s.trim()).filter(|s| !s.is_empty()) {
            None => None,
            Some(word) => Some(crate::bench::peers::Among::parse(word).map_err(|_| {
                ExplorerError::BadRequest(format!(
                    "among={word} : les départements de comparaison automatiques se choisissent parmi metropole, drom, region ou all"
                ))
            })?),
        },
        features: match q.get("features").map(|s| s.trim()).filter(|s| !s.is_empty()) {
            None => None,
            Some(text) => Some(crate::bench::peers::PeerMethod::parse(text).map_err(|e| {
                ExplorerError::BadRequest(format!(
                    "features={text} : {}",
                    e.to_string().trim_start_matches("--features : ")
                ))
            })?),
        },
    })
}

async fn explorer_page(State(ex): State<Shared>, Query(q): Params) -> Response {
    let fragment = is_fragment(&q);
    let result = async {
        let view = ex.view(&view_request(&q)?).await?;
        // A peer added by the picker's form: the page's own address says the peers.
        if !fragment && q.get("add").is_some_and(|a| !a.trim().is_empty()) {
            return Ok(Err(format!("/?{}", view.query_string())));
        }
        let suggestion = ex.suggestion(&view).await;
        let figures = ex.figures(&view).await?;
        Ok::<_, ExplorerError>(Ok((view, suggestion, figures)))
    }
    .await;
    match result {
        Ok(Err(canonical)) => Redirect::to(&canonical).into_response(),
        Ok(Ok((view, suggestion, figures))) => page(
            StatusCode::OK,
            fragment,
            &format!("{} ({}) — depbench", view.focus.name, view.focus.code),
            Nav::Explorer,
            pages::explorer(&ex, &view, &suggestion, &figures),
        ),
        Err(e) => error_page(&e, fragment),
    }
}

async fn figure_file(
    State(ex): State<Shared>,
    Path(file): Path<String>,
    Query(q): Params,
) -> Response {
    let result = async {
        let (id, ext, format) = file_parts(&file)?;
        let view = ex.view(&view_request(&q)?).await?;
        let fig = ex.figure(&view, id).await?;
        let bytes = ex.download(&fig, format)?;
        Ok::<_, ExplorerError>((format, download_name(&view, id, view.year, ext), bytes))
    }
    .await;
    file_response(result)
}

/// A figure file's answer: its type and the name it is saved under (département, subject,
/// year: [`download_name`]), or the refusal as plain text.
fn file_response(result: Result<(Download, String, Vec<u8>), ExplorerError>) -> Response {
    match result {
        Ok((format, name, bytes)) => (
            [
                (header::CONTENT_TYPE, format.mime().to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    // Pictures open in the browser; data files are saved (the CSV would
                    // otherwise show as text instead of going to the spreadsheet).
                    format!(
                        "{}; filename=\"{}\"",
                        match format {
                            Download::Svg | Download::Png => "inline",
                            _ => "attachment",
                        },
                        name.replace(['"', '\\'], "")
                    ),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => plain(status_of(&e), e.to_string()),
    }
}

/// The file name `file` asks for: figure id and format (`indicator_map.svg`).
fn file_parts(file: &str) -> Result<(&str, &str, Download), ExplorerError> {
    let (id, ext) = file
        .rsplit_once('.')
        .ok_or_else(|| ExplorerError::NotFound(format!("fichier inconnu « {file} »")))?;
    let format = Download::from_ext(ext).ok_or_else(|| {
        ExplorerError::NotFound(format!("format inconnu « {ext} » (svg, png, csv, xlsx)"))
    })?;
    Ok((id, ext, format))
}

/// The indicator page's bands: every `bands` value of the query string (one per checkbox,
/// or a comma-separated list) and `weight`.
fn bands_param(pairs: &[(String, String)]) -> Result<Bands, ExplorerError> {
    let values: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "bands")
        .map(|(_, v)| v.as_str())
        .collect();
    let weight = pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "weight")
        .map(|(_, v)| v.as_str());
    Bands::from_url(&values, weight)
}

/// `/indicateur/figure/indicator_map.csv?indicator=…&departement=…&year=…&bands=…`: a figure
/// of the indicator page as SVG, PNG, French CSV or XLSX.
async fn indicator_file(
    State(ex): State<Shared>,
    Path(file): Path<String>,
    Query(q): Params,
    Query(pairs): Pairs,
) -> Response {
    let result = async {
        let (id, ext, format) = file_parts(&file)?;
        let view = ex.view(&view_request(&q)?).await?;
        let indicator = indicator_param(&ex, &q);
        let bands = bands_param(&pairs)?;
        let (ind, fig) = ex.indicator_figure(&indicator, &view, id, &bands).await?;
        let bytes = ex.download(&fig, format)?;
        let name = download_name(&view, &ind.subject(id), ind.year_for(&view), ext);
        Ok::<_, ExplorerError>((format, name, bytes))
    }
    .await;
    file_response(result)
}

/// The two indicators of the comparison page: `indicator` (default: the first of the list)
/// and `indicator2` (default: the next one that is a different indicator).
fn indicator_pair(ex: &Explorer, q: &HashMap<String, String>) -> (String, String) {
    let x = indicator_param(ex, q);
    let y = q
        .get("indicator2")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| {
            ex.indicators()
                .iter()
                .map(|i| i.id.clone())
                .find(|id| *id != x && id.starts_with("part_"))
                .or_else(|| {
                    ex.indicators()
                        .iter()
                        .map(|i| i.id.clone())
                        .find(|id| *id != x)
                })
        })
        .unwrap_or_default();
    (x, y)
}

async fn comparison_page(State(ex): State<Shared>, Query(q): Params) -> Response {
    let fragment = is_fragment(&q);
    let result = async {
        let view = ex.view(&view_request(&q)?).await?;
        let (x, y) = indicator_pair(&ex, &q);
        let (cmp, figure) = ex.comparison(&x, &y, &view).await?;
        if !fragment && q.get("add").is_some_and(|a| !a.trim().is_empty()) {
            return Ok(Err(format!(
                "/comparaison?{}&indicator={}&indicator2={}",
                view.query_string(),
                pages::urlencode(&cmp.x.id),
                pages::urlencode(&cmp.y.id)
            )));
        }
        let suggestion = ex.suggestion(&view).await;
        Ok::<_, ExplorerError>(Ok((view, suggestion, cmp, figure)))
    }
    .await;
    match result {
        Ok(Err(canonical)) => Redirect::to(&canonical).into_response(),
        Ok(Ok((view, suggestion, cmp, figure))) => page(
            StatusCode::OK,
            fragment,
            &format!("{} selon {} — depbench", cmp.y.label, cmp.x.label),
            Nav::Comparison,
            pages::comparison(&ex, &view, &suggestion, &cmp, &figure),
        ),
        Err(e) => error_page(&e, fragment),
    }
}

/// `/comparaison/figure/indicator_scatter.csv?indicator=…&indicator2=…&departement=…`: the
/// comparison's scatter as SVG, PNG, French CSV or XLSX.
async fn comparison_file(
    State(ex): State<Shared>,
    Path(file): Path<String>,
    Query(q): Params,
) -> Response {
    let result = async {
        let (id, ext, format) = file_parts(&file)?;
        if id != SCATTER_FIGURE {
            return Err(ExplorerError::NotFound(format!(
                "figure inconnue « {id} » ({SCATTER_FIGURE})"
            )));
        }
        let view = ex.view(&view_request(&q)?).await?;
        let (x, y) = indicator_pair(&ex, &q);
        let (cmp, fig) = ex.comparison(&x, &y, &view).await?;
        let bytes = ex.download(&fig, format)?;
        let name = download_name(&view, &cmp.subject(), cmp.year, ext);
        Ok::<_, ExplorerError>((format, name, bytes))
    }
    .await;
    file_response(result)
}

/// The indicator asked for, else the first of the list.
fn indicator_param(ex: &Explorer, q: &HashMap<String, String>) -> String {
    q.get("indicator")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| ex.indicators().first().map(|i| i.id.clone()))
        .unwrap_or_default()
}

async fn report_zip(State(ex): State<Shared>, Query(q): Params) -> Response {
    let result = async {
        let view = ex.view(&view_request(&q)?).await?;
        ex.report_zip(&view).await
    }
    .await;
    match result {
        Ok((name, bytes)) => (
            [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => plain(status_of(&e), e.to_string()),
    }
}

async fn indicator_page(
    State(ex): State<Shared>,
    Query(q): Params,
    Query(pairs): Pairs,
) -> Response {
    let fragment = is_fragment(&q);
    let result = async {
        let view = ex.view(&view_request(&q)?).await?;
        let id = indicator_param(&ex, &q);
        let bands = bands_param(&pairs)?;
        let (ind, figures) = ex.indicator_figures(&id, &view, &bands).await?;
        Ok::<_, ExplorerError>((view, ind, bands, figures))
    }
    .await;
    match result {
        Ok((view, ind, bands, figures)) => page(
            StatusCode::OK,
            fragment,
            &format!("{} — depbench", ind.label),
            Nav::Indicator,
            pages::indicator(&ex, &view, &ind, &bands, &figures),
        ),
        Err(e) => error_page(&e, fragment),
    }
}

async fn sql_page(State(ex): State<Shared>, Query(q): Params) -> Response {
    let fragment = is_fragment(&q);
    let sql = q.get("sql").map(|s| s.trim()).unwrap_or("");
    let page_no: usize = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0);
    let (status, result) = if sql.is_empty() {
        (StatusCode::OK, None)
    } else {
        match ex
            .sql_page(sql, page_no.saturating_mul(PAGE_SIZE), PAGE_SIZE)
            .await
        {
            Ok(p) => (StatusCode::OK, Some(Ok(p))),
            Err(e) => (
                status_of(&e),
                Some(Err((status_of(&e).as_u16(), e.to_string()))),
            ),
        }
    };
    page(
        status,
        fragment,
        "SQL — depbench",
        Nav::Sql,
        pages::sql(ex.tables(), sql, page_no, PAGE_SIZE, result),
    )
}

async fn export(ex: &Explorer, q: &HashMap<String, String>, formats: &[&str]) -> Response {
    let sql = q.get("sql").map(|s| s.trim()).unwrap_or("");
    if sql.is_empty() {
        return plain(
            StatusCode::BAD_REQUEST,
            "paramètre sql manquant (GET /api/query?sql=SELECT…&format=csv|csv-fr|json)".into(),
        );
    }
    let format = q.get("format").map(String::as_str).unwrap_or(formats[0]);
    if !formats.contains(&format) {
        return plain(
            StatusCode::BAD_REQUEST,
            format!("format « {format} » inconnu ({})", formats.join(", ")),
        );
    }
    match ex.sql_export(sql, format).await {
        Ok(bytes) => {
            let mime = match format {
                "json" => "application/json",
                "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                _ => "text/csv; charset=utf-8",
            };
            let ext = if format == "csv-fr" { "csv" } else { format };
            (
                [
                    (header::CONTENT_TYPE, mime.to_string()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"requete.{ext}\""),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => plain(status_of(&e), e.to_string()),
    }
}

/// The SQL page's downloads: French Excel CSV (`format=csv` is the same file, for links
/// written before `csv-fr`) or XLSX.
async fn sql_download(State(ex): State<Shared>, Query(mut q): Params) -> Response {
    if q.get("format").is_some_and(|f| f == "csv") {
        q.insert("format".into(), "csv-fr".into());
    }
    export(&ex, &q, &["csv-fr", "xlsx"]).await
}

/// For scripts: `csv` (`,`, decimal points), `csv-fr` (French Excel) or `json`.
async fn api_query(State(ex): State<Shared>, Query(q): Params) -> Response {
    export(&ex, &q, &["csv", "csv-fr", "json"]).await
}

async fn documents_page(State(ex): State<Shared>, Query(q): Params) -> Response {
    page(
        StatusCode::OK,
        is_fragment(&q),
        "Documents — depbench",
        Nav::Documents,
        pages::documents(ex.documents()),
    )
}

async fn document_page(
    State(ex): State<Shared>,
    Path(id): Path<String>,
    Query(q): Params,
) -> Response {
    let fragment = is_fragment(&q);
    match ex.document(&id).await {
        Ok((doc, figures, actions)) => page(
            StatusCode::OK,
            fragment,
            &format!("{} — depbench", doc.title),
            Nav::Documents,
            pages::document(&doc, &figures, &actions),
        ),
        Err(e) => error_page(&e, fragment),
    }
}

async fn asset(Path(name): Path<String>) -> Response {
    match assets::get(&name) {
        Some((mime, bytes)) => (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            Body::from(bytes),
        )
            .into_response(),
        None => plain(StatusCode::NOT_FOUND, format!("fichier inconnu « {name} »")),
    }
}

async fn not_found(req: Request) -> Response {
    error_page(
        &ExplorerError::NotFound(format!("aucune page à l'adresse « {} »", req.uri().path())),
        false,
    )
}
