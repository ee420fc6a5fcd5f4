//! The look shared by every chart and map: embedded font, canvas sizes, margins, font sizes and a
//! palette that stays readable when a slide is printed in grey.
//!
//! Call [`ensure_fonts`] before drawing any text with plotters (every `render` entry point does).
//! Colours are ordered by lightness so that focus, reference, peers and other territories remain
//! distinct without colour: focus is the darkest tone, then the reference, then peers, then others.

use std::sync::Once;

use plotters::style::{FontDesc, FontFamily, FontStyle, RGBColor, register_font};

use super::model::{Band, Role};
use crate::model::recent::Recent;

/// DejaVu Sans (regular), embedded so that rendering never depends on the fonts of the machine.
pub static FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold, used for titles, the focus territory and table headers.
pub static FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Font family name under which the embedded fonts are registered; SVG text refers to it.
pub const FONT_FAMILY: &str = "sans-serif";

static FONTS: Once = Once::new();

/// Register the embedded fonts with plotters (regular and bold), once per process.
///
/// Safe to call from every drawing function and from several threads.
pub fn ensure_fonts() {
    FONTS.call_once(|| {
        // The bytes are DejaVu fonts shipped with the crate; failing to parse them is a build defect.
        register_font(FONT_FAMILY, FontStyle::Normal, FONT_REGULAR)
            .unwrap_or_else(|_| panic!("embedded DejaVuSans.ttf is not a valid font"));
        register_font(FONT_FAMILY, FontStyle::Bold, FONT_BOLD)
            .unwrap_or_else(|_| panic!("embedded DejaVuSans-Bold.ttf is not a valid font"));
    });
}

/// The font at `size` pixels, bold or regular (registers the fonts if needed).
pub fn font(size: f64, bold: bool) -> FontDesc<'static> {
    ensure_fonts();
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    FontDesc::new(FontFamily::Name(FONT_FAMILY), size, style)
}

/// Width in pixels of `text` written at `size` pixels (bold or regular), as plotters lays it out.
///
/// Widths are kept per thread (the last 20 000 measured): wrapping titles, notes and source
/// lines measures the same texts again and again, in one chart and across the reports of a
/// run, and laying a text out was 2 % of the every-département report's time.
pub fn text_width(text: &str, size: f64, bold: bool) -> u32 {
    thread_local! {
        static WIDTHS: std::cell::RefCell<Recent<u32>> =
            std::cell::RefCell::new(Recent::new(KEPT_WIDTHS));
    }
    // `f64`'s display reads back to the same number, so each size has its own key.
    let key = format!("{size} {bold} {text}");
    if let Some(w) = WIDTHS.with_borrow(|widths| widths.get(&key)) {
        return w;
    }
    let w = font(size, bold)
        .box_size(text)
        .map(|(w, _)| w)
        // Layout only fails when the font is missing, which `ensure_fonts` rules out; a rough
        // estimate keeps the caller going rather than aborting a whole report.
        .unwrap_or_else(|_| (text.chars().count() as f64 * size * 0.6) as u32);
    WIDTHS.with_borrow_mut(|widths| widths.put(key, w));
    w
}

/// How many text widths [`text_width`] keeps per thread (a few MB at most).
const KEPT_WIDTHS: usize = 20_000;

/// Split `text` into lines no wider than `max_width` pixels, breaking at spaces.
///
/// A single word wider than `max_width` stays on its own line (callers shrink the size instead).
pub fn wrap(text: &str, size: f64, bold: bool, max_width: u32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || text_width(&candidate, size, bold) <= max_width {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = word.to_string();
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// `text` in lines of at most `max_width` pixels, as [`wrap`] does; a word wider than
/// `break_width` (the room it really has, `max_width` and the padding around it) is broken
/// after a `+`, `-` or `/` it holds, else between letters, so that table headers stay in their
/// column (« AED+AEMO 2018 » in a narrow column: « AED+ », « AEMO », « 2018 »), while a word
/// that only eats into the padding (« éducatives ») stays whole.
pub fn wrap_within(
    text: &str,
    size: f64,
    bold: bool,
    max_width: u32,
    break_width: u32,
) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if text_width(word, size, bold) <= break_width.max(max_width) {
            words.push(word.to_string());
            continue;
        }
        // Pieces ending at a break character, then letters as many as fit.
        let mut piece = String::new();
        for c in word.chars() {
            let longer = format!("{piece}{c}");
            if !piece.is_empty() && text_width(&longer, size, bold) > break_width.max(max_width) {
                words.push(std::mem::take(&mut piece));
            }
            piece.push(c);
            if matches!(c, '+' | '-' | '/') {
                words.push(std::mem::take(&mut piece));
            }
        }
        if !piece.is_empty() {
            words.push(piece);
        }
    }
    // Pieces cut after a break character join the next one when they fit together.
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut glued = false;
    for w in words {
        let sep = if current.is_empty() || glued { "" } else { " " };
        let candidate = format!("{current}{sep}{w}");
        if current.is_empty() || text_width(&candidate, size, bold) <= max_width {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = w.clone();
        }
        glued = w.ends_with(['+', '-', '/']);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// Shorten `text` with an ellipsis so that it fits in `max_width` pixels.
pub fn ellipsize(text: &str, size: f64, bold: bool, max_width: u32) -> String {
    if text_width(text, size, bold) <= max_width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    for keep in (1..chars.len()).rev() {
        let candidate: String = chars[..keep]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_string()
            + "…";
        if text_width(&candidate, size, bold) <= max_width {
            return candidate;
        }
    }
    "…".to_string()
}

// ---------------------------------------------------------------------------------------------
// Sizes

/// Canvas of comparison bars, lines, composition, matrix charts: (width, height) in pixels.
pub const CHART_SIZE: (u32, u32) = (1200, 700);
/// Canvas of the ranking of all départements (wider: about 100 bars).
pub const RANKING_SIZE: (u32, u32) = (1400, 700);
/// Canvas of a map of metropolitan France (nearly square, room for the legend on the right).
pub const MAP_SIZE: (u32, u32) = (1100, 1100);
/// Width of a table drawn as an image; its height follows the number of rows.
pub const TABLE_WIDTH: u32 = 1200;

/// Outer margin around everything drawn, in pixels.
pub const MARGIN: u32 = 28;
/// Vertical gap between text blocks (title, subtitle, plot, source), in pixels.
pub const GAP: u32 = 10;

/// Title size (bold), in pixels.
pub const TITLE_SIZE: f64 = 30.0;
/// Smallest size a long title may be shrunk to before it wraps onto more lines.
pub const TITLE_MIN_SIZE: f64 = 22.0;
/// Subtitle size, in pixels.
pub const SUBTITLE_SIZE: f64 = 20.0;
/// Axis title size ("Taux pour 1 000 jeunes", "Année"), in pixels.
pub const AXIS_LABEL_SIZE: f64 = 17.0;
/// Tick label and territory name size, in pixels.
pub const TICK_SIZE: f64 = 16.0;
/// Value labels written on or next to bars and line ends, in pixels.
pub const VALUE_SIZE: f64 = 16.0;
/// Legend entries, in pixels.
pub const LEGEND_SIZE: f64 = 16.0;
/// Source line under the chart, in pixels.
pub const SOURCE_SIZE: f64 = 14.0;
/// Table cells, in pixels.
pub const TABLE_SIZE: f64 = 17.0;

/// Stroke width of the focus line in evolution charts.
pub const FOCUS_STROKE: u32 = 5;
/// Stroke width of peer and other lines.
pub const PEER_STROKE: u32 = 2;
/// Stroke width of the reference (France métropolitaine) line.
pub const REFERENCE_STROKE: u32 = 3;

// ---------------------------------------------------------------------------------------------
// Palette

/// KPMG deep blue: the focus (client) département. Darkest tone (L* ≈ 25).
pub const FOCUS: RGBColor = RGBColor(0x00, 0x33, 0x8D);
/// Medium blue: comparison départements (L* ≈ 68), clearly lighter than focus and reference.
pub const PEER: RGBColor = RGBColor(0x7F, 0xA8, 0xDC);
/// Dark grey: France métropolitaine (L* ≈ 42); bars of the reference are also hatched.
pub const REFERENCE: RGBColor = RGBColor(0x5A, 0x5A, 0x5A);
/// Light grey: every other département (L* ≈ 83).
pub const OTHER: RGBColor = RGBColor(0xCC, 0xCC, 0xCC);

/// The distribution of all départements (the explorer's indicator page): the median line and
/// the bands around it in orange hues, apart from the blues of the focus and peers and the grey
/// of the references; the quantile bands (deciles, quartiles) orange, the median ± 10 % / 20 %
/// bands green, each lighter the wider it is, so that nested bands read in grey print.
pub const MEDIAN: RGBColor = RGBColor(0x8A, 0x3B, 0x00);
/// The quantile bands' hue (see [`MEDIAN`]).
pub const QUANTILE_BAND: RGBColor = RGBColor(0xE0, 0x82, 0x1E);
/// The median ± 10 % / 20 % bands' hue (see [`MEDIAN`]).
pub const MEDIAN_BAND: RGBColor = RGBColor(0x3C, 0x9A, 0x5F);

/// How the median line is drawn: colour, stroke width and dash (dash, gap in pixels; `None`
/// solid).
pub fn median_style() -> (RGBColor, u32, Option<(f64, f64)>) {
    (MEDIAN, REFERENCE_STROKE, None)
}

/// How a band is filled: colour and opacity (0 to 1).
pub fn band_fill(band: Band) -> (RGBColor, f64) {
    match band {
        Band::Interdecile => (QUANTILE_BAND, 0.18),
        Band::Interquartile => (QUANTILE_BAND, 0.36),
        Band::Median20 => (MEDIAN_BAND, 0.16),
        Band::Median10 => (MEDIAN_BAND, 0.30),
    }
}

/// Main text colour (titles, labels): near black.
pub const TEXT: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
/// Secondary text colour (subtitle, source, ticks).
pub const TEXT_MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Axis lines and the zero line.
pub const AXIS: RGBColor = RGBColor(0x40, 0x40, 0x40);
/// Light grid lines.
pub const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
/// Background.
pub const BACKGROUND: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
/// Highlight behind the focus row of a table (very light blue).
pub const FOCUS_ROW: RGBColor = RGBColor(0xDD, 0xE8, 0xF6);
/// Header background of a table (the focus blue, with white text).
pub const HEADER: RGBColor = FOCUS;
/// Thin separators between table rows.
pub const RULE: RGBColor = RGBColor(0xC8, 0xC8, 0xC8);

/// Colour of a territory according to its role.
pub fn role_colour(role: Role) -> RGBColor {
    match role {
        Role::Focus => FOCUS,
        Role::Peer => PEER,
        Role::Reference => REFERENCE,
        Role::Other => OTHER,
    }
}

/// Colour of a label written for a territory of this role (darker than its bar for peers/others).
pub fn role_text_colour(role: Role) -> RGBColor {
    match role {
        Role::Focus => FOCUS,
        Role::Reference => REFERENCE,
        Role::Peer | Role::Other => TEXT,
    }
}

/// Whether labels of this role are written in bold (the focus only).
pub fn role_bold(role: Role) -> bool {
    role == Role::Focus
}

/// Segments of composition (100 %) bars, alternating dark and light so that neighbours stay
/// distinct in grey; used in order, cycling if there are more parts.
pub const PARTS: [RGBColor; 6] = [
    RGBColor(0x00, 0x33, 0x8D), // deep blue, L* ≈ 25
    RGBColor(0x9D, 0xC6, 0xEC), // light blue, L* ≈ 77
    RGBColor(0x00, 0x6E, 0xB8), // mid blue, L* ≈ 45
    RGBColor(0xD9, 0xD9, 0xD9), // light grey, L* ≈ 87
    RGBColor(0x4D, 0x4D, 0x4D), // dark grey, L* ≈ 33
    RGBColor(0xA6, 0xA6, 0xA6), // mid grey, L* ≈ 68
];

/// Colour of composition part `i`.
pub fn part_colour(i: usize) -> RGBColor {
    PARTS[i % PARTS.len()]
}

/// Text colour readable on a fill: white on dark fills, near black on light ones.
pub fn text_on(fill: RGBColor) -> RGBColor {
    if lightness(fill) < 0.25 {
        BACKGROUND
    } else {
        TEXT
    }
}

/// Relative luminance (0 black … 1 white) of an sRGB colour, as a grey printer sees it.
pub fn lightness(c: RGBColor) -> f64 {
    fn lin(v: u8) -> f64 {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    }
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// Map classes, 5 sequential blues from light (lowest values) to dark (highest values).
pub const MAP_CLASSES: [RGBColor; 5] = [
    RGBColor(0xE3, 0xEE, 0xF9),
    RGBColor(0xAE, 0xCD, 0xEC),
    RGBColor(0x6B, 0xA1, 0xD6),
    RGBColor(0x2B, 0x66, 0xB0),
    RGBColor(0x00, 0x2A, 0x73),
];
/// Map fill for a département without value ("n.d.").
pub const MAP_MISSING: RGBColor = RGBColor(0xF4, 0xF4, 0xF4);
/// Thin département borders on maps.
pub const MAP_BORDER: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
/// Thick outline of the focus département on maps (black reads on every class).
pub const MAP_FOCUS_OUTLINE: RGBColor = RGBColor(0x00, 0x00, 0x00);
/// Outline of peer départements on maps.
pub const MAP_PEER_OUTLINE: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Stroke width of the focus outline on maps.
pub const MAP_FOCUS_STROKE: u32 = 4;
/// Stroke width of peer outlines on maps.
pub const MAP_PEER_STROKE: u32 = 2;
/// How much wider than the focus or peer outline its white halo is drawn on maps (so the
/// outline shows on the darkest class).
pub const MAP_HALO_EXTRA: u32 = 3;

/// Colour of map class `class` (0 = lowest); classes beyond the last use the darkest.
pub fn class_colour(class: usize) -> RGBColor {
    MAP_CLASSES[class.min(MAP_CLASSES.len() - 1)]
}

/// Matrix cells: shade from white (1) to `FOCUS` (maximum), `t` in 0..=1.
pub fn shade(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let lo = RGBColor(0xEA, 0xF1, 0xFA);
    let hi = FOCUS;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    RGBColor(mix(lo.0, hi.0), mix(lo.1, hi.1), mix(lo.2, hi.2))
}

// ---------------------------------------------------------------------------------------------
// Report stylesheet

/// `#RRGGBB` of a theme colour, for CSS.
pub fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// The class an HTML table row of a territory with this role carries (`role-focus`, …): the
/// table writer and [`css`] both use it, so every class a row carries has a rule.
pub fn role_class(role: Role) -> &'static str {
    match role {
        Role::Focus => "role-focus",
        Role::Peer => "role-peer",
        Role::Reference => "role-reference",
        Role::Other => "role-other",
    }
}

/// The report's stylesheet (one line of CSS), built from this theme so that tables in the
/// report use the charts' colours: rows of a territory carry `class="role-…"` ([`role_class`]);
/// the focus row is bold in [`FOCUS`] on [`FOCUS_ROW`], each row starts with a bar in its role's
/// chart colour, and table headers are white on [`HEADER`] as in the table images.
pub fn css() -> String {
    let mut css = format!(
        "body{{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:{text}}}\
h1{{font-size:1.6em}}h2{{font-size:1.25em;margin-top:2em;border-bottom:1px solid {rule}}}\
figure{{margin:1.5em 0}}figure svg{{max-width:100%;height:auto}}\
table{{border-collapse:collapse;font-size:.9em;width:100%}}th,td{{border:1px solid {rule};padding:.3em .5em}}\
th{{background:{header};color:{on_header}}}td.num,th.num{{text-align:right}}\
.meta{{color:{muted}}}.links a{{margin-right:1em}}\
nav.toc{{background:#F7F7F7;border:1px solid {rule};padding:.5em 1.5em;margin:1.5em 0}}nav.toc h2{{margin-top:.5em;border:none}}nav.toc ol{{columns:2;column-gap:2em;padding-left:1.5em}}nav.toc li{{margin:.2em 0;break-inside:avoid}}\
nav.toc a{{color:{focus};text-decoration:none}}nav.toc a:hover{{text-decoration:underline}}\
p.lecture{{font-size:.9em;margin:.4em 0 .6em;color:{text}}}figcaption .note{{color:{text}}}figcaption{{font-size:.85em;color:{muted}}}\
section.figure{{margin-top:2.5em}}h2.figure-number{{font-size:1em;color:{muted};margin-bottom:.3em}}.sr{{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}}\
tbody th{{background:none;color:inherit;text-align:left;white-space:nowrap;font-weight:normal}}tr.role-focus th{{font-weight:bold}}caption{{text-align:left;font-weight:bold;padding:.3em 0}}\
@page{{size:A4;margin:15mm 12mm 18mm}}\
@media print{{body{{max-width:none;margin:0;padding:0;font-size:10pt}}\
h1{{font-size:16pt}}h2{{font-size:12pt;margin-top:0;break-after:avoid}}\
section.figure{{break-inside:avoid;page-break-inside:avoid;margin:0 0 8mm}}\
figure,table,tr,p.lecture{{break-inside:avoid;page-break-inside:avoid}}\
figure svg{{max-height:230mm;width:100%}}\
.links,figcaption.links{{display:none}}nav.toc{{break-after:page;background:none}}nav.toc a{{color:{text}}}\
a{{color:inherit;text-decoration:none}}}}",
        text = hex(TEXT),
        rule = hex(RULE),
        header = hex(HEADER),
        on_header = hex(text_on(HEADER)),
        muted = hex(TEXT_MUTED),
        focus = hex(FOCUS),
    );
    for role in [Role::Focus, Role::Peer, Role::Reference, Role::Other] {
        let class = role_class(role);
        css.push_str(&format!(
            "tr.{class} td:first-child{{border-left:6px solid {}}}",
            hex(role_colour(role))
        ));
        match role {
            Role::Focus => css.push_str(&format!(
                "tr.{class}{{font-weight:bold;color:{};background:{}}}",
                hex(FOCUS),
                hex(FOCUS_ROW)
            )),
            Role::Reference => css.push_str(&format!(
                "tr.{class}{{color:{};background:#F2F2F2}}",
                hex(REFERENCE)
            )),
            Role::Peer | Role::Other => {}
        }
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kept width is the width plotters lays out, for each size and weight.
    #[test]
    fn kept_text_widths_are_the_laid_out_widths() {
        for (size, bold) in [(12.0, false), (12.0, true), (15.5, false)] {
            let laid_out = font(size, bold).box_size("Charente-Maritime").unwrap().0;
            assert_eq!(text_width("Charente-Maritime", size, bold), laid_out);
            assert_eq!(text_width("Charente-Maritime", size, bold), laid_out);
        }
        assert!(
            text_width("Charente-Maritime", 12.0, true)
                > text_width("Charente-Maritime", 12.0, false)
        );
    }

    #[test]
    fn roles_are_ordered_by_lightness_for_grey_print() {
        let l = |r| lightness(role_colour(r));
        assert!(l(Role::Focus) + 0.05 < l(Role::Reference));
        assert!(l(Role::Reference) + 0.15 < l(Role::Peer));
        assert!(l(Role::Peer) + 0.15 < l(Role::Other));
    }

    #[test]
    fn map_classes_get_darker() {
        for w in MAP_CLASSES.windows(2) {
            assert!(lightness(w[0]) > lightness(w[1]) + 0.05);
        }
        assert_eq!(class_colour(9), MAP_CLASSES[4]);
    }

    #[test]
    fn neighbouring_parts_differ_in_grey() {
        for i in 0..PARTS.len() {
            let (a, b) = (part_colour(i), part_colour(i + 1));
            assert!(
                (lightness(a) - lightness(b)).abs() > 0.15,
                "parts {i} and {}",
                i + 1
            );
        }
    }

    #[test]
    fn fonts_measure_and_wrap() {
        let w = text_width("Charente-Maritime", TICK_SIZE, false);
        assert!(w > 100 && w < 220, "{w}");
        assert!(text_width("Charente-Maritime", TICK_SIZE, true) > w);
        let lines = wrap(
            "Évolution du nombre d'enfants confiés entre 2018 et 2022",
            20.0,
            true,
            300,
        );
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(l, 20.0, true) <= 300));
        let short = ellipsize("Territoire de Belfort et environs", 16.0, false, 120);
        assert!(short.ends_with('…') && text_width(&short, 16.0, false) <= 120);
    }

    /// Selectors of `css` for a table row class, e.g. `tr.role-focus{…}` → the declarations.
    fn rules_for(css: &str, class: &str) -> Vec<String> {
        let selector = format!("tr.{class}");
        css.split('}')
            .filter_map(|rule| rule.split_once('{'))
            .filter(|(sel, _)| sel.split(',').any(|s| s.trim().starts_with(&selector)))
            .map(|(_, decl)| decl.to_string())
            .collect()
    }

    #[test]
    fn every_role_class_of_the_html_tables_has_a_css_rule() {
        use crate::model::format::Unit;
        use crate::render::model::{Column, Meta, Row, Table};
        let roles = [Role::Focus, Role::Peer, Role::Reference, Role::Other];
        let table = Table {
            label_header: None,
            columns: vec![Column {
                header: "Taux".into(),
                unit: Unit::PerThousand,
                decimals: 1,
                signed: false,
            }],
            rows: roles
                .iter()
                .map(|&role| Row {
                    label: format!("{role:?}"),
                    role,
                    cells: vec![Some(1.0)],
                    secret: false,
                })
                .collect(),
        };
        let meta = Meta::new("t", Unit::PerThousand, "Source : test");
        let html = crate::render::export::to_html(&meta, &table);
        let css = css();
        let mut classes: Vec<&str> = html
            .split("<tr class=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .flat_map(|c| c.split_whitespace())
            .filter(|c| c.starts_with("role-"))
            .collect();
        classes.sort();
        classes.dedup();
        assert_eq!(classes.len(), 4, "one class per role: {classes:?}");
        for class in classes {
            assert!(
                !rules_for(&css, class).is_empty(),
                "no CSS rule for tr.{class} in {css}"
            );
        }
        for role in roles {
            assert!(html.contains(&format!("class=\"{}\"", role_class(role))));
        }
    }

    #[test]
    fn css_has_a_print_layout() {
        let css = css();
        assert!(css.contains("@page{size:A4;"), "A4 pages");
        let print = &css[css.find("@media print{").expect("print rules")..];
        for rule in [
            "section.figure{break-inside:avoid",
            "figure,table,tr,p.lecture{break-inside:avoid",
            ".links,figcaption.links{display:none}",
        ] {
            assert!(print.contains(rule), "{rule}");
        }
        assert!(css.contains("nav.toc"), "table of contents styled");
    }

    #[test]
    fn css_focus_colour_is_the_chart_focus_colour() {
        let css = css();
        let focus = rules_for(&css, "role-focus").join(";");
        assert!(focus.contains(&format!("color:{}", hex(FOCUS))), "{focus}");
        assert!(focus.contains("font-weight:bold"), "{focus}");
        assert_eq!(hex(FOCUS), "#00338D");
        assert_eq!(hex(role_colour(Role::Focus)), hex(FOCUS));
        // The old hand-written stylesheet's rules matched no row and used another blue.
        assert!(
            !css.contains("tr.focus") && !css.contains("#e8eef7"),
            "{css}"
        );
    }
}
