//! Values on hover: every mark of a chart (a bar, a point, a map area, a table cell) carries
//! an SVG `<title>` saying what it shows in French (« Charente-Maritime, 2022 : 12,1 ‰ »), so
//! a browser shows it on hover — in the explorer, in the reports' HTML and in a downloaded SVG.
//!
//! plotters' SVG backend writes shapes and texts only. A chart kind wraps the drawing of a
//! mark in [`titled`] (and adds [`hit`] targets where a mark is too thin to point at, such
//! as the vertices of a line); these write sentinel `<text>` elements (their content starts
//! with a private-use character) that [`attach`] turns into a `<g class="mark">` group whose
//! first child is the `<title>`, and into transparent hit circles. [`for_raster`] takes the
//! titles and groups off again before the PNG is rasterised, so the PNG is drawn from the very
//! shapes it was drawn from before titles existed.

use std::borrow::Cow;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::RenderError;
use super::theme;

/// Starts a mark: the sentinel's text is the mark's title.
const OPEN: char = '\u{E000}';
/// Ends the mark opened last.
const CLOSE: char = '\u{E001}';
/// A transparent hit circle at the sentinel's position.
const HIT: char = '\u{E002}';
/// A transparent hit rectangle from the sentinel's position, its size after the character.
const HIT_RECT: char = '\u{E003}';
/// Radius (px) of a hit circle: about a fingertip's reach at the chart's size.
pub const HIT_RADIUS: u32 = 9;
/// The start tag of a mark's group, as [`attach`] writes it.
pub const MARK_GROUP: &str = "<g class=\"mark\">";

/// The title of a mark: « Charente-Maritime, 2022 : 12,1 ‰ », or « Charente-Maritime :
/// 12,1 ‰ » without a period. `value` is already French formatted (with its unit, or n.d.).
pub fn title(label: &str, period: Option<&str>, value: &str) -> String {
    let label = label.trim_end_matches(super::model::FLAG_MARK).trim();
    match period.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => format!("{label}, {p} : {value}"),
        None => format!("{label} : {value}"),
    }
}

#[cfg(test)]
thread_local! {
    /// Tests draw a chart without its marks' sentinels to compare pictures.
    static OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `f` run with no sentinel written (tests: the chart as drawn before titles existed).
#[cfg(test)]
pub(crate) fn without<T>(f: impl FnOnce() -> T) -> T {
    OFF.with(|o| o.set(true));
    let out = f();
    OFF.with(|o| o.set(false));
    out
}

fn sentinel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    at: (i32, i32),
) -> Result<(), RenderError> {
    #[cfg(test)]
    if OFF.with(|o| o.get()) {
        return Ok(());
    }
    let style = theme::font(10.0, false).color(&BLACK);
    area.draw_text(text, &style, at)?;
    Ok(())
}

/// Draw a mark with `draw`, grouped under `title` (an empty title draws the mark without one).
pub(crate) fn titled<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    draw: impl FnOnce() -> Result<(), RenderError>,
) -> Result<(), RenderError> {
    if title.is_empty() {
        return draw();
    }
    sentinel(area, &format!("{OPEN}{}", one_line(title)), (0, 0))?;
    draw()?;
    sentinel(area, &CLOSE.to_string(), (0, 0))
}

/// A transparent circle of [`HIT_RADIUS`] at `at` (area coordinates) that takes the pointer
/// for the mark it is drawn in (inside [`titled`]): a line's vertex without a marker.
pub(crate) fn hit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
) -> Result<(), RenderError> {
    sentinel(area, &HIT.to_string(), at)
}

/// A transparent rectangle from `top_left` to `bottom_right` (area coordinates) that takes the
/// pointer for the mark it is drawn in: the whole column of a thin ranking bar.
pub(crate) fn column<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    top_left: (i32, i32),
    bottom_right: (i32, i32),
) -> Result<(), RenderError> {
    let (w, h) = (
        (bottom_right.0 - top_left.0).max(1),
        (bottom_right.1 - top_left.1).max(1),
    );
    sentinel(area, &format!("{HIT_RECT}{w},{h}"), top_left)
}

/// Titles are one line: line breaks and tabs become spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The SVG written by the backend with its sentinels turned into mark groups, titles and hit
/// circles (see the module's text). An SVG without sentinels is returned as it is.
pub fn attach(svg: String) -> String {
    if !svg.contains([OPEN, CLOSE, HIT, HIT_RECT]) {
        return svg;
    }
    let mut out = String::with_capacity(svg.len() + svg.len() / 8);
    let mut rest = svg.as_str();
    while let Some(start) = rest.find("<text") {
        let Some(len) = rest[start..].find("</text>").map(|e| e + "</text>".len()) else {
            break;
        };
        let element = &rest[start..start + len];
        out.push_str(&rest[..start]);
        rest = &rest[start + len..];
        let Some(open_end) = element.find('>') else {
            out.push_str(element);
            continue;
        };
        let content =
            element[open_end + 1..element.len() - "</text>".len()].trim_start_matches('\n');
        let content = content.strip_suffix('\n').unwrap_or(content);
        let mut chars = content.chars();
        match chars.next() {
            Some(OPEN) => {
                out.push_str(MARK_GROUP);
                out.push_str("<title>");
                // Already escaped by the backend.
                out.push_str(chars.as_str());
                out.push_str("</title>");
            }
            Some(CLOSE) => out.push_str("</g>"),
            Some(HIT) => {
                let tag = &element[..open_end];
                let (x, y) = (attr(tag, "x"), attr(tag, "y"));
                out.push_str(&format!(
                    "<circle class=\"hit\" cx=\"{x}\" cy=\"{y}\" r=\"{HIT_RADIUS}\" fill=\"none\" pointer-events=\"all\"/>"
                ));
            }
            Some(HIT_RECT) => {
                let tag = &element[..open_end];
                let (x, y) = (attr(tag, "x"), attr(tag, "y"));
                let (w, h) = chars.as_str().split_once(',').unwrap_or(("1", "1"));
                out.push_str(&format!(
                    "<rect class=\"hit\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"none\" pointer-events=\"all\"/>"
                ));
            }
            _ => {
                out.push_str(element);
                continue;
            }
        }
        // The sentinel's own line break.
        rest = rest.strip_prefix('\n').unwrap_or(rest);
        out.push('\n');
    }
    out.push_str(rest);
    out
}

/// The value of attribute `name` in a start tag (empty when absent).
fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    tag.find(&key)
        .map(|i| {
            let v = &tag[i + key.len()..];
            &v[..v.find('"').unwrap_or(v.len())]
        })
        .unwrap_or("")
}

/// `svg` without what only a pointer uses — titles, mark groups, hit circles — for the PNG
/// rasteriser: the picture is the same, and the SVG stays a flat list of shapes and texts.
pub fn for_raster(svg: &str) -> Cow<'_, str> {
    if !svg.contains(MARK_GROUP) && !svg.contains("class=\"hit\"") {
        return Cow::Borrowed(svg);
    }
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    loop {
        let next = [
            MARK_GROUP,
            "</g>",
            "<title>",
            "<circle class=\"hit\"",
            "<rect class=\"hit\"",
        ]
        .iter()
        .filter_map(|p| rest.find(p).map(|i| (i, *p)))
        .min();
        let Some((i, what)) = next else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = match what {
            "<title>" => rest
                .find("</title>")
                .map_or(rest.len(), |e| e + "</title>".len()),
            "<circle class=\"hit\"" | "<rect class=\"hit\"" => {
                rest.find("/>").map_or(rest.len(), |e| e + 2)
            }
            other => other.len(),
        };
        rest = &rest[end..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_read_as_french() {
        assert_eq!(
            title("Charente-Maritime", Some("2022"), "12,1 ‰"),
            "Charente-Maritime, 2022 : 12,1 ‰"
        );
        assert_eq!(title("Orne\u{a0}⚑", None, "n.d."), "Orne : n.d.");
    }

    #[test]
    fn sentinels_become_groups_and_go_away_for_the_raster() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (100, 100)).into_drawing_area();
            theme::ensure_fonts();
            titled(&root, "Orne, 2022 : 1 < 2 & \"x\"", || {
                root.draw(&Rectangle::new([(1, 1), (5, 5)], RED.filled()))?;
                hit(&root, (3, 4))?;
                column(&root, (1, 0), (5, 90))?;
                Ok(())
            })
            .unwrap();
            root.present().unwrap();
        }
        let bare: String = {
            let mut s = String::new();
            {
                let root = SVGBackend::with_string(&mut s, (100, 100)).into_drawing_area();
                root.draw(&Rectangle::new([(1, 1), (5, 5)], RED.filled()))
                    .unwrap();
                root.present().unwrap();
            }
            s
        };
        let with = attach(svg);
        assert!(
            with.contains(
                "<g class=\"mark\"><title>Orne, 2022 : 1 &lt; 2 &amp; &quot;x&quot;</title>\n<rect"
            ),
            "{with}"
        );
        assert!(with.contains(
            "<circle class=\"hit\" cx=\"3\" cy=\"4\" r=\"9\" fill=\"none\" pointer-events=\"all\"/>\n<rect class=\"hit\" x=\"1\" y=\"0\" width=\"4\" height=\"90\" fill=\"none\" pointer-events=\"all\"/>\n</g>\n"
        ));
        assert!(!with.contains('\u{E000}') && !with.contains("<text"));
        assert_eq!(for_raster(&with), bare);
    }
}
