//! The explorer's HTML, server-side (maud escapes every text; SVG and the report's tables are
//! inserted as the renderer wrote them). Each page has a `content` part that partial updates
//! swap into `#content`, and [`layout`] around it for a full page.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::engine::{
    BAND_CHOICES, Bands, Body, Comparison, DocumentInfo, Explorer, FigureOut, Grid, Indicator,
    NO_BAND, REFERENCE_DEFAULT, REFERENCE_OPTIONS, SqlPage, Suggestion, TableDoc, View,
    download_name,
};

/// Pages of the navigation bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Explorer,
    Indicator,
    Comparison,
    Sql,
    Documents,
    None,
}

/// The choices of the page's « Départements de comparaison automatiques parmi » select: `among` words and labels.
const AMONG_LABELS: [(&str, &str); 4] = [
    ("metropole", "départements de métropole"),
    ("drom", "départements d'outre-mer"),
    ("region", "départements de sa région"),
    ("all", "tous les départements"),
];

/// A full page: header, navigation, `content` in `#content`.
pub fn layout(title: &str, here: Nav, content: Markup) -> Markup {
    let link = |href: &str, nav: Nav, label: &str| {
        html! { a href=(href) class=[(here == nav).then_some("here")] { (label) } }
    };
    html! {
        (DOCTYPE)
        html lang="fr" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                // No favicon request: the page loads nothing but its own two assets.
                link rel="icon" href="data:,";
                link rel="stylesheet" href="/assets/style.css";
                script src="/assets/app.js" defer {}
            }
            body {
                header {
                    strong { "depbench" }
                    (link("/", Nav::Explorer, "Comparer un département"))
                    (link("/indicateur", Nav::Indicator, "Un indicateur"))
                    (link("/comparaison", Nav::Comparison, "Deux indicateurs"))
                    (link("/sql", Nav::Sql, "SQL"))
                    (link("/documents", Nav::Documents, "Documents"))
                }
                main id="content" { (content) }
            }
        }
    }
}

/// An error page's content: what went wrong, in the user's words where possible.
pub fn error(status: u16, message: &str) -> Markup {
    let title = match status {
        404 => "Introuvable",
        403 => "Refusé",
        503 => "Délai dépassé",
        500 => "Erreur interne",
        _ => "Requête invalide",
    };
    html! {
        h1 data-title=(format!("{title} — depbench")) { (title) }
        p.error { (with_code(message)) }
        p { a href="/" { "Retour à l'explorateur" } }
    }
}

/// An error message whose `backquoted` parts (SQL to write, a column) are shown as code: the
/// messages are written for a terminal, where the backquotes read as code marks.
fn with_code(message: &str) -> Markup {
    let paired = message.matches('`').count().is_multiple_of(2);
    html! {
        @for (i, part) in message.split('`').enumerate() {
            @if paired && !i.is_multiple_of(2) { code { (part) } } @else { (part) }
        }
    }
}

fn departement_list(ex: &Explorer) -> Markup {
    html! {
        datalist id="departements" {
            @for d in ex.departements() {
                option value=(d.code) { (d.name) " (" (d.code) ")" }
            }
        }
    }
}

fn view_controls(ex: &Explorer, action: &str, view: &View, extra: Markup) -> Markup {
    let (first, last) = ex.years();
    html! {
        form.controls action=(action) method="get" data-live {
            (extra)
            label {
                "Département (code ou nom)"
                input name="departement" list="departements" value=(view.focus.code) required;
            }
            label {
                "Départements de comparaison"
                input.wide name="peers" value=(view.spec.to_param())
                    placeholder="22,64,14 · document · auto:4";
                span.hint { "codes ou noms séparés par des virgules ; « document » : ceux du schéma ; « auto:4 » : les 4 plus proches" }
            }
            label {
                "Critères des départements automatiques"
                input name="features" value=(view.features.as_ref().map(|f| f.spec()).unwrap_or_default())
                    placeholder="rsa=2,densite,pop · resultats";
                span.hint { "par défaut : pop, densite, rsa, aah, jeunes, evolution, de poids 1 ; « resultats » : sur les taux de l'ASE" }
            }
            label {
                "Départements de comparaison automatiques parmi"
                select name="among" {
                    option value="" selected[view.among.is_none()] { "par défaut" }
                    @for (word, label) in AMONG_LABELS {
                        option value=(word) selected[view.among.map(|a| a.word()) == Some(word)] { (label) }
                    }
                }
                // A select cannot wrap on a phone: the default is said here, where text wraps.
                span.hint { "par défaut : les DROM pour un DROM, sinon la métropole" }
            }
            label {
                "Année"
                select name="year" {
                    @for y in (first..=last).rev() {
                        option value=(y) selected[y == view.year] { (y) }
                    }
                }
            }
            label {
                "Références"
                @let current = view.reference_choice.to_param();
                select name="reference" {
                    @for (value, label) in REFERENCE_OPTIONS {
                        option value=(value) selected[value == current] { (label) }
                    }
                    // A combination typed in the URL that the list does not hold stays selected.
                    @if !REFERENCE_OPTIONS.iter().any(|(v, _)| *v == current) {
                        option value=(current) selected { (current) }
                    }
                }
                span.hint { (REFERENCE_DEFAULT) }
            }
            noscript { button type="submit" { "Afficher" } }
            (departement_list(ex))
        }
    }
}

fn view_meta(view: &View) -> Markup {
    html! {
        p.meta {
            "Données au 31/12/" (view.year) " ; évolutions depuis " (view.from)
            ". Départements de comparaison : "
            @for (i, p) in view.peers.iter().enumerate() {
                @if i > 0 { ", " }
                (p.name) " (" (p.code) ")"
            }
            ". Références : " (view.references.names()) "."
        }
        @for note in &view.references.notes {
            p.meta.note { (note) }
        }
        p.meta { "Méthode de choix : " (view.method) }
        @if !view.distances.is_empty() {
            p.meta {
                "Distances au département (les plus faibles sont les profils les plus proches) : "
                @for (i, (c, d)) in view.distances.iter().enumerate() {
                    @if i > 0 { " ; " }
                    @match view.peers.iter().find(|p| &p.code == c) {
                        Some(p) => { (p.name) " (" (c) ") " (d) }
                        None => { (c) " " (d) }
                    }
                }
                "."
            }
        }
    }
}

/// A download link of a figure: label (`SVG`), address, the name the file is saved under.
type FileLink = (&'static str, String, String);

/// The four downloads of a figure at `base` (`/figure/03_taux_accueillis`) with the view's
/// query `qs`, named `name(ext)`.
fn file_links(base: &str, qs: &str, name: impl Fn(&str) -> String) -> Vec<FileLink> {
    [
        ("SVG", "svg"),
        ("PNG", "png"),
        ("CSV", "csv"),
        ("XLSX", "xlsx"),
    ]
    .into_iter()
    .map(|(label, ext)| (label, format!("{base}.{ext}?{qs}"), name(ext)))
    .collect()
}

/// A figure: its title (unless the page's own heading says it: `heading` false), the chart
/// (or table), its downloads, and its data as a table folded under it. `query`: the figure
/// file, named under the links.
fn figure_block(f: &FigureOut, files: &[FileLink], query: Option<&str>, heading: bool) -> Markup {
    html! {
        section.figure id=(format!("fig-{}", f.id)) data-figure=(f.id) {
            @if heading { h2 { (f.title) } }
            @if let Some(reason) = &f.omitted {
                p.note { (reason) }
            }
            @if let Some(body) = &f.body {
                figure {
                    @match body {
                        Body::Svg(svg) => (PreEscaped(svg.as_str())),
                        Body::Table(t) => div.scroll { (PreEscaped(t.as_str())) },
                    }
                    figcaption {
                        span.files {
                            "Télécharger : "
                            @for (label, href, name) in files {
                                a href=(href) download=(name) title=(name) { (label) }
                            }
                        }
                        @if let Some(q) = query {
                            span.hint { "requête " code { "queries/figures/" (q) ".sql" } }
                        }
                    }
                }
                @if let Some(table) = &f.table {
                    details.data {
                        summary { "Tableau des données (celles des fichiers CSV et XLSX)" }
                        div.scroll { (PreEscaped(table.as_str())) }
                    }
                }
            }
        }
    }
}

const RATES_NOTE: &str = "Taux pour 1 000 jeunes de 0 à 20 ans au 1er janvier de l'année suivante (population de référence de la DREES ; 0-20 ans estimés à partir des tranches quinquennales de l'Insee : 0-19 ans + 1/5 des 20-24 ans ; dernière population publiée à défaut, signalée sous la figure). Une région est la somme de ses départements : ses taux rapportent la somme des effectifs à la somme des populations. « n.d. » : valeur non disponible.";

const RATES_NOTE_0_19: &str = "Taux pour 1 000 jeunes de 0 à 19 ans au 1er janvier de l'année suivante (somme exacte des tranches quinquennales de l'Insee ; la DREES rapporte ses taux aux 0-20 ans, voir les indicateurs « 0 à 20 ans »). « n.d. » : valeur non disponible.";

/// The peer picker: the peers shown, each removable (a link to the view without it), a field
/// finding a département by name or code to add (a GET form: no script needed), and the
/// automatic suggestion with its distances and a link taking it. `action` is the page's path,
/// `extra` its own parameters (`indicator=…`), kept by every link and the form.
pub fn peer_picker(
    action: &str,
    view: &View,
    suggestion: &Suggestion,
    extra: &[(&str, &str)],
) -> Markup {
    let codes = view.peer_codes();
    let tail: String = extra
        .iter()
        .map(|(k, v)| format!("&{k}={}", urlencode(v)))
        .collect();
    let without = |code: &str| {
        let rest: Vec<&str> = codes
            .iter()
            .map(String::as_str)
            .filter(|c| *c != code)
            .collect();
        // No peer left: the default choice, said as such.
        format!("{action}?{}{tail}", view.query_with_peers(&rest.join(",")))
    };
    let suggested: Vec<String> = suggestion
        .peers
        .iter()
        .map(|(d, _)| d.code.clone())
        .collect();
    html! {
        section.picker id="pairs" aria-label="Choisir les départements de comparaison" {
            strong { "Départements de comparaison" }
            " "
            @if view.peers.is_empty() { span.meta { "aucun" } }
            @for p in &view.peers {
                span.chip data-peer=(p.code) {
                    (p.name) " (" (p.code) ")"
                    a href=(without(&p.code)) title=(format!("retirer {} ({})", p.name, p.code)) aria-label=(format!("retirer {} ({})", p.name, p.code)) { "×" }
                }
            }
            form.add action=(action) method="get" data-live {
                input type="hidden" name="departement" value=(view.focus.code);
                input type="hidden" name="peers" value=(codes.join(","));
                input type="hidden" name="year" value=(view.year);
                @let reference = view.reference_choice.to_param();
                @if !reference.is_empty() { input type="hidden" name="reference" value=(reference); }
                @if let Some(a) = view.among { input type="hidden" name="among" value=(a.word()); }
                @if let Some(f) = &view.features { input type="hidden" name="features" value=(f.spec()); }
                @for (k, v) in extra { input type="hidden" name=(k) value=(v); }
                label for="add-peer" { "Ajouter (nom ou code) :" }
                input id="add-peer" name="add" list="departements" placeholder="ex. Gironde ou 33" autocomplete="off";
                button type="submit" { "Ajouter" }
            }
            @if !suggestion.peers.is_empty() {
                p.suggest {
                    "Suggestion automatique (les " (suggestion.peers.len()) " plus proches " (suggestion.criteria) ") : "
                    @for (i, (d, dist)) in suggestion.peers.iter().enumerate() {
                        @if i > 0 { ", " }
                        (d.name) " (" (d.code) ", distance " (dist) ")"
                    }
                    @if suggested != codes {
                        a.use href=(format!("{action}?{}{tail}", view.query_with_peers(&suggested.join(",")))) { "utiliser cette suggestion" }
                    } @else {
                        " — c'est la sélection affichée."
                    }
                }
            }
        }
    }
}

/// The explorer's content: controls, the view's meta lines, every figure.
pub fn explorer(
    ex: &Explorer,
    view: &View,
    suggestion: &Suggestion,
    figures: &[FigureOut],
) -> Markup {
    let qs = view.query_string();
    let title = format!(
        "{} ({}) : diagnostic comparé de la protection de l'enfance, {}",
        view.focus.name, view.focus.code, view.year
    );
    html! {
        (view_controls(ex, "/", view, html! {}))
        (peer_picker("/", view, suggestion, &[]))
        h1 data-title=(format!("{title} — depbench")) data-url=(format!("/?{qs}")) { (title) }
        (view_meta(view))
        p {
            a href=(format!("/report.zip?{qs}")) download { "Télécharger le rapport complet (zip)" }
            " · "
            a href=(format!("/indicateur?{qs}")) { "Voir un indicateur pour tous les départements" }
        }
        @for (i, f) in figures.iter().enumerate() {
            @let files = file_links(&format!("/figure/{}", f.id), &qs, |ext| {
                download_name(view, &f.id, view.year, ext)
            });
            // A section's heading (`-- section:`, as in the report) above its first figure.
            @if let Some((title, id, note)) = &f.section {
                @if i == 0 || figures[i - 1].section.as_ref().map(|s| &s.1) != Some(id) {
                    h2.part id=(id) { (title) }
                    @if let Some(note) = note { p.meta { (note) } }
                }
            }
            (figure_block(f, &files, Some(&f.id), true))
        }
        p.meta { (RATES_NOTE) }
        (local_kit_note(view))
    }
}

/// Where the département's own figures (local indicators: IP, contrats jeunes majeurs, MNA,
/// places…) come from, and the kit file to fill and import for the département shown: the
/// explorer never takes an upload, the command line imports.
fn local_kit_note(view: &View) -> Markup {
    let code = &view.focus.code;
    let (from, to) = (view.year - 4, view.year);
    html! {
        section.local-kit {
            h2 { "Chiffres propres au département" }
            p {
                "Les figures « pour 1 000 mineurs », « contrats jeunes majeurs », « places » et le rapprochement avec la DREES lisent les chiffres que les départements tiennent eux-mêmes (kits de données locales, chiffres imprimés dans leurs schémas). Pour ajouter ou corriger ceux de "
                (view.focus.name) " (" (code) ") : écrire le kit, le remplir, puis l'importer :"
            }
            pre {
                code {
                    (format!("depbench template -d {code} --from {from} --to {to} -o kit-{code}.xlsx\ndepbench import kit-{code}.xlsx"))
                }
            }
            p.meta {
                "Fichier à importer pour ce département : " code { (format!("kit-{code}.xlsx")) }
                " (ou sa forme CSV " code { (format!("kit-{code}.csv")) } ", écrite par " code { (format!("depbench template -d {code} … -o kit-{code}.csv")) }
                "). Un kit corrigé devient l'édition courante ; l'ancienne reste dans la vue " code { "revisions" } "."
            }
        }
    }
}

/// The indicator page's bands: a checkbox a band, one for the weighting (a hidden `bands`
/// value says the form was sent, so that no box ticked means no band).
fn band_controls(bands: &Bands) -> Markup {
    html! {
        fieldset.bands {
            legend { "Bandes des départements autour de la médiane" }
            input type="hidden" name="bands" value=(NO_BAND);
            @for (band, word, label) in BAND_CHOICES {
                label.check {
                    input type="checkbox" name="bands" value=(word) checked[bands.has(band)];
                    (label)
                }
            }
            label.check {
                input type="checkbox" name="weight" value="population" checked[bands.weighted];
                "pondérées par la population"
            }
        }
    }
}

/// The indicator page's content.
pub fn indicator(
    ex: &Explorer,
    view: &View,
    ind: &Indicator,
    bands: &Bands,
    figures: &[FigureOut],
) -> Markup {
    let picker = html! {
        label {
            "Indicateur"
            select name="indicator" {
                @for i in ex.indicators() {
                    option value=(i.id) selected[i.id == ind.id] { (i.label) }
                }
            }
        }
        (band_controls(bands))
    };
    let qs = format!(
        "{}&indicator={}&{}",
        view.query_string(),
        urlencode(&ind.id),
        bands.to_query()
    );
    html! {
        (view_controls(ex, "/indicateur", view, picker))
        h1 data-title=(format!("{} — depbench", ind.label)) data-url=(format!("/indicateur?{qs}")) { (ind.label) }
        p.meta {
            "Indicateur " code { (ind.id) } " (" (ind.unit_words()) "), publié de " (ind.first_year) " à " (ind.last_year)
            ". Le département " (view.focus.name) " (" (view.focus.code) ") et ses pairs sont mis en évidence."
        }
        @for f in figures {
            @let files = file_links(&format!("/indicateur/figure/{}", f.id), &qs, |ext| {
                download_name(view, &ind.subject(&f.id), ind.year_for(view), ext)
            });
            (figure_block(f, &files, None, true))
        }
        p.meta {
            @if ind.id.ends_with("_0_19") { (RATES_NOTE_0_19) } @else { (RATES_NOTE) }
        }
        p.meta.bands-note {
            "Médiane et bandes calculées chaque année sur les départements publiés (Rhône entier, Corse telle que publiée). "
            (bands.definitions())
        }
    }
}

/// The comparison page's content: two indicators chosen, the peer picker, the scatter of
/// every département with its downloads and data, and how to read it.
pub fn comparison(
    ex: &Explorer,
    view: &View,
    suggestion: &Suggestion,
    cmp: &Comparison,
    figure: &FigureOut,
) -> Markup {
    let select = |name: &str, label: &str, chosen: &str| {
        html! {
            label {
                (label)
                select name=(name) {
                    @for i in ex.indicators() {
                        option value=(i.id) selected[i.id == chosen] { (i.label) }
                    }
                }
            }
        }
    };
    let pickers = html! {
        (select("indicator", "Indicateur en abscisse (horizontal)", &cmp.x.id))
        (select("indicator2", "Indicateur en ordonnée (vertical)", &cmp.y.id))
    };
    let extra = [
        ("indicator", cmp.x.id.as_str()),
        ("indicator2", cmp.y.id.as_str()),
    ];
    let qs = format!(
        "{}&indicator={}&indicator2={}",
        view.query_string(),
        urlencode(&cmp.x.id),
        urlencode(&cmp.y.id)
    );
    let title = format!("{} selon {}", cmp.y.label, cmp.x.label);
    let files = file_links(&format!("/comparaison/figure/{}", figure.id), &qs, |ext| {
        download_name(view, &cmp.subject(), cmp.year, ext)
    });
    html! {
        (view_controls(ex, "/comparaison", view, pickers))
        (peer_picker("/comparaison", view, suggestion, &extra))
        h1 data-title=(format!("{title} — depbench")) data-url=(format!("/comparaison?{qs}")) { (title) }
        p.meta {
            "Chaque cercle est un département en " (cmp.year) " ; sa surface est proportionnelle à sa population de 0 à 19 ans. "
            (view.focus.name) " (" (view.focus.code) ") et ses départements de comparaison sont mis en évidence et nommés ; "
            "les références (" (view.references.names()) ") sont tracées en tirets à leurs valeurs. "
            "La droite en tirets gris est celle des moindres carrés des départements (non pondérée) ; r est leur coefficient de corrélation."
        }
        (figure_block(figure, &files, None, false))
    }
}

fn grid_table(g: &Grid) -> Markup {
    html! {
        table.grid {
            thead { tr { @for c in &g.columns { th { (c) } } } }
            tbody {
                @for row in &g.rows {
                    tr {
                        @for (text, numeric) in row {
                            td class=[numeric.then_some("num")] { (text) }
                        }
                    }
                }
            }
        }
    }
}

fn catalogue(tables: &[TableDoc]) -> Markup {
    html! {
        h2 { "Catalogue" }
        @for t in tables {
            details {
                summary { code { (t.name) } " (" (if t.kind == "view" { "vue" } else { "table" }) ") — " (with_code(&t.description)) }
                table {
                    thead { tr { th { "colonne" } th { "type" } th { "valeurs manquantes" } th { "contenu" } } }
                    tbody {
                        @for (n, ty, nullable, description) in &t.columns {
                            tr { td { code { (n) } } td { (ty) } td { (if *nullable { "possibles" } else { "non" }) } td { (with_code(description)) } }
                        }
                    }
                }
            }
        }
    }
}

/// The SQL page's content: editor, the result page or its error, the catalogue.
pub fn sql(
    tables: &[TableDoc],
    sql: &str,
    page: usize,
    page_size: usize,
    result: Option<Result<SqlPage, (u16, String)>>,
) -> Markup {
    let enc = urlencode(sql);
    html! {
        h1 data-title="SQL — depbench" { "Requêtes SQL en lecture seule" }
        form action="/sql" method="get" {
            textarea name="sql" rows="8" spellcheck="false" { (sql) }
            p {
                button type="submit" { "Exécuter" }
                span.hint { " SELECT, WITH, EXPLAIN, SHOW, DESCRIBE ; les instructions qui écrivent sont refusées. Pour les scripts : " code { "GET /api/query?sql=…&format=csv|csv-fr|json" } }
            }
        }
        @match result {
            None => {},
            Some(Err((_, message))) => p.error { (with_code(&message)) },
            Some(Ok(p)) => {
                @let shown = p.grid.rows.len();
                @let first = if shown == 0 { 0 } else { page * page_size + 1 };
                p.meta {
                    "Lignes " (first) "–" (page * page_size + shown) " sur "
                    (if p.more { format!("plus de {}", p.total) } else { p.total.to_string() })
                    " · "
                    a href=(format!("/sql/download?format=csv-fr&sql={enc}")) download { "CSV (Excel)" }
                    " · "
                    a href=(format!("/sql/download?format=xlsx&sql={enc}")) download { "XLSX" }
                }
                p.pager {
                    @if page > 0 { a href=(format!("/sql?page={}&sql={enc}", page - 1)) { "← page précédente" } }
                    @if (page + 1) * page_size < p.total { a href=(format!("/sql?page={}&sql={enc}", page + 1)) { "page suivante →" } }
                }
                (grid_table(&p.grid))
            }
        }
        (catalogue(tables))
    }
}

/// The list of documents.
pub fn documents(docs: &[DocumentInfo]) -> Markup {
    html! {
        h1 data-title="Documents — depbench" { "Documents des départements" }
        p.meta { "Schémas et états des lieux saisis comme données : chiffres publiés (avec leur ligne dans le document), actions par thème, rapprochement avec la DREES." }
        table {
            thead { tr { th { "département" } th { "document" } th { "fichier" } th.num { "chiffres" } th.num { "éléments du plan" } } }
            tbody {
                @for d in docs {
                    tr {
                        td { (d.departement_name) " (" (d.departement) ")" }
                        td { a href=(format!("/documents/{}", d.id)) { (d.title) } }
                        td { code { (d.source_file) } }
                        td.num { (d.figures) }
                        td.num { (d.items) }
                    }
                }
            }
        }
    }
}

/// One document: its figures next to DREES, its actions by theme.
pub fn document(doc: &DocumentInfo, figures: &Grid, actions: &Grid) -> Markup {
    html! {
        h1 data-title=(format!("{} — depbench", doc.title)) { (doc.title) }
        p.meta {
            (doc.departement_name) " (" (doc.departement) ") · fichier " code { (doc.source_file) }
            " · les numéros de ligne renvoient à ce fichier."
        }
        p { a href=(format!("/?departement={}", doc.departement)) { "Comparer ce département" } }
        h2 { "Chiffres publiés et rapprochement avec la DREES" }
        @if figures.rows.is_empty() { p.meta { "Aucun chiffre saisi pour ce document." } }
        @else {
            @let reconciled = reconciled(figures);
            p.meta {
                (reconciled.rows.len()) " chiffres rattachés à un indicateur du catalogue, rapprochés de la valeur DREES (même territoire, indicateur et année ou période) ; "
                (figures.rows.len()) " chiffres publiés en tout, ci-dessous."
            }
            @if !reconciled.rows.is_empty() { (grid_table(&reconciled)) }
            details {
                summary { "Tous les chiffres publiés, avec leur ligne dans le document" }
                (grid_table(figures))
            }
        }
        h2 { "Actions par thème" }
        @if actions.rows.is_empty() { p.meta { "Aucune action rattachée à un thème dans ce document." } }
        @else { (grid_table(actions)) }
    }
}

/// The rows of a document's figures that have a reconciliation status (column `rapprochement`).
fn reconciled(figures: &Grid) -> Grid {
    let Some(col) = figures.columns.iter().position(|c| c == "rapprochement") else {
        return Grid::default();
    };
    Grid {
        columns: figures.columns.clone(),
        rows: figures
            .rows
            .iter()
            .filter(|r| !r[col].0.is_empty())
            .cloned()
            .collect(),
    }
}

/// Percent-encode a query-string value (RFC 3986 unreserved characters kept).
pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
