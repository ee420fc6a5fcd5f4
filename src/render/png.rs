//! PNG = the chart's SVG rasterised with resvg, so the SVG and the PNG are the same picture.
//!
//! Text is shaped with the embedded DejaVu fonts only (a font database holding nothing else, no
//! system fonts), so a PNG looks the same on every machine. No ancillary chunk (time, gamma, text)
//! is written and the rasteriser is single-threaded: the same SVG gives the same bytes.

use super::theme;
use crate::model::recent::Recent;
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// The 8-byte PNG signature.
pub const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// Family name of the embedded DejaVu Sans fonts, as their name tables declare it.
const DEJAVU: &str = "DejaVu Sans";

/// The font database: the embedded regular and bold DejaVu Sans, and `sans-serif` mapped to them
/// (the SVG backend writes `font-family="sans-serif"`, see [`theme::FONT_FAMILY`]).
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(theme::FONT_REGULAR.to_vec());
        db.load_font_data(theme::FONT_BOLD.to_vec());
        db.set_sans_serif_family(DEJAVU);
        Arc::new(db)
    })
    .clone()
}

/// Rasterise `svg` (as written by the render stage) at its own size to PNG bytes (8-bit RGBA,
/// opaque, on white). Errors (an SVG usvg cannot read, a zero size, encoding) are returned as
/// text.
///
/// The elements are drawn in document order, as resvg draws the whole SVG; a `<text>` element is
/// drawn from a cache of text runs, where the same text (same markup but for its integer
/// position) is shaped and rasterised once: a report's charts repeat their axis labels, names and source
/// lines, and shaping text was two thirds of the rasterising time (every-département report:
/// 50 583 texts, 5 213 distinct). A run drawn at a whole-pixel offset covers the same pixels as
/// the text drawn in place.
pub fn rasterise(svg: &str) -> Result<Vec<u8>, String> {
    // Titles and mark groups are for the pointer only: the picture is the shapes and texts.
    let svg = &*super::marks::for_raster(svg);
    let options = options();
    let (head, body) = match split_root(svg) {
        Some((head, body)) if flat(body) => (head, body),
        // Groups, definitions, styles…: drawn by resvg in one piece.
        _ => {
            let tree =
                usvg::Tree::from_str(svg, &options).map_err(|e| format!("reading the SVG: {e}"))?;
            return on_canvas(tree.size(), |pixmap| {
                resvg::render(
                    &tree,
                    tiny_skia::Transform::identity(),
                    &mut pixmap.as_mut(),
                );
                Ok(())
            });
        }
    };
    let frame = usvg::Tree::from_str(&format!("{head}</svg>"), &options)
        .map_err(|e| format!("reading the SVG: {e}"))?;
    on_canvas(frame.size(), |pixmap| {
        draw_flat(head, body, &options, pixmap)
    })
}

/// Draw the flat content `body` of the root `head` onto `pixmap` in document order: shapes by
/// resvg, texts from the cache of runs (see [`rasterise`]).
fn draw_flat(
    head: &str,
    body: &str,
    options: &usvg::Options,
    pixmap: &mut tiny_skia::Pixmap,
) -> Result<(), String> {
    let mut shapes = String::new();
    let mut rest = body;
    while let Some(start) = rest.find("<text") {
        let Some(len) = rest[start..].find("</text>").map(|e| e + "</text>".len()) else {
            break;
        };
        let element = &rest[start..start + len];
        shapes.push_str(&rest[..start]);
        rest = &rest[start + len..];
        match Placed::of(element) {
            Some(placed) => {
                draw_shapes(head, &mut shapes, options, pixmap)?;
                placed.draw(options, pixmap)?;
            }
            None => shapes.push_str(element),
        }
    }
    let rest = rest.trim_end();
    shapes.push_str(rest.strip_suffix("</svg>").unwrap_or(rest));
    draw_shapes(head, &mut shapes, options, pixmap)
}

/// `draw` on a white picture of `size` (rounded to whole pixels), then the picture as PNG; an
/// error for an empty size.
///
/// The picture is this thread's canvas, kept from one figure to the next when the size is the
/// same (most figures are 1 200 px wide): allocating and zeroing 3 MB for each of the 1 188
/// PNGs of the every-département report cost 1,4 % of its time.
fn on_canvas(
    size: usvg::Size,
    draw: impl FnOnce(&mut tiny_skia::Pixmap) -> Result<(), String>,
) -> Result<Vec<u8>, String> {
    thread_local! {
        static CANVAS: std::cell::RefCell<Option<tiny_skia::Pixmap>> =
            const { std::cell::RefCell::new(None) };
    }
    let size = size.to_int_size();
    let (w, h) = (size.width(), size.height());
    let kept = CANVAS
        .with_borrow_mut(Option::take)
        .filter(|p| p.width() == w && p.height() == h);
    let mut pixmap = match kept {
        Some(p) => p,
        None => tiny_skia::Pixmap::new(w, h).ok_or_else(|| format!("empty picture ({w} × {h})"))?,
    };
    pixmap.fill(tiny_skia::Color::WHITE);
    draw(&mut pixmap)?;
    // The background is opaque white, so every pixel has alpha 255 and the premultiplied
    // channels are the colour itself: tiny-skia's buffer is written as it is (RGBA). Dropping
    // the alpha channel first made the files 7 % smaller but cost 1,1 s over the 1 188 PNGs of
    // the every-département report, beside 3,2 s of encoding (measured 2026-11-30).
    let png = encode_rgba(pixmap.width(), pixmap.height(), pixmap.data());
    CANVAS.with_borrow_mut(|c| *c = Some(pixmap));
    png
}

/// Whether the root's content is a flat list of shapes and texts (what the render stage
/// writes), so that drawing it piece by piece in document order is drawing it whole: no group,
/// definition, style or link whose meaning spans several elements.
fn flat(body: &str) -> bool {
    const FLAT: [&str; 9] = [
        "rect", "polyline", "polygon", "circle", "ellipse", "line", "path", "text", "tspan",
    ];
    body.match_indices('<').all(|(i, _)| {
        let name: String = body[i + 1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
            .collect();
        FLAT.contains(&name.as_str()) || (name == "svg" && body[i..].starts_with("</svg"))
    })
}

/// usvg's options: the embedded fonts only.
fn options() -> usvg::Options<'static> {
    usvg::Options {
        font_family: DEJAVU.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    }
}

/// The root start tag (`<svg …>`) and everything after it, closing tag included.
fn split_root(svg: &str) -> Option<(&str, &str)> {
    let start = svg.find("<svg")?;
    let end = start + svg[start..].find('>')? + 1;
    (!svg[start..end].ends_with("/>")).then(|| (&svg[start..end], &svg[end..]))
}

/// Draw the elements gathered in `shapes` (inside the root `head`) onto `pixmap`, then empty it.
fn draw_shapes(
    head: &str,
    shapes: &mut String,
    options: &usvg::Options,
    pixmap: &mut tiny_skia::Pixmap,
) -> Result<(), String> {
    if shapes.trim().is_empty() {
        shapes.clear();
        return Ok(());
    }
    let tree = usvg::Tree::from_str(&format!("{head}{shapes}</svg>"), options)
        .map_err(|e| format!("reading the SVG: {e}"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    shapes.clear();
    Ok(())
}

/// A `<text>` element as a run (its markup with `x` and `y` reduced to their fractional parts)
/// and the whole-pixel offset where it goes. `None` for an element the run cache does not take
/// (no plain numeric `x`/`y`, or a `transform`): it is drawn in place with the shapes.
struct Placed {
    key: String,
    x: i32,
    y: i32,
}

impl Placed {
    fn of(element: &str) -> Option<Placed> {
        let tag_end = element.find('>')?;
        let tag = &element[..tag_end];
        if tag.contains("transform") {
            return None;
        }
        let (x, fx, tag) = whole_and_fraction(tag, " x=\"")?;
        let (y, fy, tag) = whole_and_fraction(&tag, " y=\"")?;
        let key = format!("{tag} x=\"{fx}\" y=\"{fy}\"{}", &element[tag_end..]);
        Some(Placed { key, x, y })
    }

    /// Draw the run at its place, rasterising it first if [`TextRuns`] does not hold it.
    fn draw(&self, options: &usvg::Options, pixmap: &mut tiny_skia::Pixmap) -> Result<(), String> {
        let held = runs().lock().get(&self.key);
        let run = match held {
            Some(run) => run,
            None => {
                let run = Arc::new(rasterise_run(&self.key, options)?);
                runs().lock().put(self.key.clone(), run.clone());
                run
            }
        };
        if let Some((image, left, top)) = &*run {
            pixmap.draw_pixmap(
                self.x + left,
                self.y + top,
                image.as_ref(),
                &tiny_skia::PixmapPaint::default(),
                tiny_skia::Transform::identity(),
                None,
            );
        }
        Ok(())
    }
}

/// The attribute starting with `name` (e.g. ` x="`) of `tag` as its whole part and fractional
/// part, and the tag without that attribute; `None` unless the value is a finite number.
fn whole_and_fraction(tag: &str, name: &str) -> Option<(i32, f64, String)> {
    let start = tag.find(name)?;
    let value_start = start + name.len();
    let value_end = value_start + tag[value_start..].find('"')?;
    let value: f64 = tag[value_start..value_end].parse().ok()?;
    let whole = value.floor();
    if !whole.is_finite() || whole.abs() > 1e6 {
        return None;
    }
    let rest = format!("{}{}", &tag[..start], &tag[value_end + 1..]);
    Some((whole as i32, value - whole, rest))
}

/// A text run rasterised on its own: the picture and the offset of its top-left pixel from the
/// element's whole-pixel position; `None` when the text draws nothing (empty, blank).
type Run = Option<(tiny_skia::Pixmap, i32, i32)>;

/// The runs already rasterised, shared by every thread: at most 4 096 (a run is a few KB).
fn runs() -> &'static parking_lot::Mutex<Recent<Arc<Run>>> {
    static RUNS: OnceLock<parking_lot::Mutex<Recent<Arc<Run>>>> = OnceLock::new();
    RUNS.get_or_init(|| parking_lot::Mutex::new(Recent::new(4096)))
}

/// Shape and rasterise `element` (a `<text>` at a fractional position) on a transparent picture
/// just large enough for it, with a 2-pixel margin for anti-aliasing.
fn rasterise_run(element: &str, options: &usvg::Options) -> Result<Run, String> {
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\">{element}</svg>"
    );
    let tree = usvg::Tree::from_str(&svg, options).map_err(|e| format!("reading the SVG: {e}"))?;
    // The glyphs' own outlines (a text's bounding box is its layout box, which a glyph such
    // as ‰ overhangs).
    let Some(bounds) = tree
        .root()
        .children()
        .iter()
        .map(|node| match node {
            usvg::Node::Text(text) => text.flattened().abs_layer_bounding_box().to_rect(),
            other => other.abs_stroke_bounding_box(),
        })
        .map(|r| (r.left(), r.top(), r.right(), r.bottom()))
        .reduce(|a, b| (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3)))
    else {
        return Ok(None);
    };
    let (left, top, right, bottom) = bounds;
    let (left, top) = (left.floor() as i32 - 2, top.floor() as i32 - 2);
    let width = (right.ceil() as i32 + 2 - left).max(1) as u32;
    let height = (bottom.ceil() as i32 + 2 - top).max(1) as u32;
    let Some(mut image) = tiny_skia::Pixmap::new(width, height) else {
        return Ok(None);
    };
    resvg::render(
        &tree,
        tiny_skia::Transform::from_translate(-left as f32, -top as f32),
        &mut image.as_mut(),
    );
    Ok(Some((image, left, top)))
}

/// Encode a `width` × `height` RGBA buffer (4 bytes a pixel, straight alpha, rows top to bottom)
/// as PNG.
pub fn encode_rgba(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = ::png::Encoder::new(&mut out, width, height);
    encoder.set_color(::png::ColorType::Rgba);
    encoder.set_depth(::png::BitDepth::Eight);
    // Fast (fdeflate) keeps rendering as quick as the old bitmap backend; Balanced gives files
    // ~2.4× smaller but makes a figure ~30 % slower to render (examples/render_png.rs).
    encoder.set_compression(::png::Compression::Fast);
    // One filter for every row instead of trying the five on each (`Adaptive`): Paeth encodes
    // these pictures 17 % faster for files 5 % larger (1 188 PNGs of the every-département
    // report, measured 2026-11-30; `Up` or `Sub` were faster still but 35–45 % larger).
    encoder.set_filter(::png::Filter::Paeth);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(rgba).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    #[test]
    fn encodes_a_readable_png() {
        let rgba: Vec<u8> = (0..4 * 3 * 4).map(|i| (i * 7) as u8).collect();
        let bytes = encode_rgba(4, 3, &rgba).unwrap();
        assert_eq!(&bytes[..8], &SIGNATURE);
        let (w, h, buf) = decode(&bytes);
        assert_eq!((w, h), (4, 3));
        assert_eq!(buf, rgba);
    }

    #[test]
    fn rasterises_shapes_and_text_with_the_embedded_font_only() {
        let svg = r##"<svg width="40" height="20" xmlns="http://www.w3.org/2000/svg">
<rect x="0" y="0" width="10" height="20" fill="#FF0000"/>
<text x="12" y="15" font-family="sans-serif" font-size="14" fill="#000000">ab</text>
</svg>"##;
        let bytes = rasterise(svg).unwrap();
        let (w, h, px) = decode(&bytes);
        assert_eq!((w, h), (40, 20));
        assert_eq!(
            &px[..4],
            &[0xFF, 0, 0, 0xFF],
            "red rectangle at the top left"
        );
        assert!(px.chunks_exact(4).all(|p| p[3] == 0xFF), "opaque");
        let dark = px[4 * 12..]
            .chunks_exact(4)
            .filter(|p| p[0] < 128 && p[1] < 128)
            .count();
        assert!(
            dark > 10,
            "the text is drawn (font found): {dark} dark pixels"
        );
        assert_eq!(rasterise(svg).unwrap(), bytes, "same bytes on a rerun");
    }

    /// The SVG drawn by resvg in one piece (no run cache), as RGBA.
    fn direct(svg: &str) -> Vec<u8> {
        let tree = usvg::Tree::from_str(svg, &options()).unwrap();
        let size = tree.size().to_int_size();
        let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
        pixmap.fill(tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            tiny_skia::Transform::identity(),
            &mut pixmap.as_mut(),
        );
        pixmap.data().to_vec()
    }

    /// Pixels whose channels differ by more than `tolerance` between two RGBA buffers.
    fn differing(a: &[u8], b: &[u8], tolerance: u8) -> usize {
        assert_eq!(a.len(), b.len());
        a.chunks_exact(4)
            .zip(b.chunks_exact(4))
            .filter(|(p, q)| {
                p.iter()
                    .zip(q.iter())
                    .any(|(x, y)| x.abs_diff(*y) > tolerance)
            })
            .count()
    }

    #[test]
    fn text_runs_draw_the_picture_resvg_draws_in_one_piece() {
        // Texts over shapes, a shape over a text (drawn order kept), a repeated text (second
        // from the run cache), a bold ‰ (its glyph overhangs its layout box), a fractional
        // position, a rotated text (drawn in place) and an empty one.
        let svg = r##"<svg width="300" height="120" viewBox="0 0 300 120" xmlns="http://www.w3.org/2000/svg">
<rect x="0" y="0" width="300" height="120" fill="#FFFFFF"/>
<rect x="0" y="0" width="150" height="120" fill="#1F4E79"/>
<text x="10" y="30" dy="0.5ex" text-anchor="start" font-family="sans-serif" font-size="16" fill="#FFFFFF">
Charente : 17,2 ‰
</text>
<text x="160" y="30" dy="0.5ex" text-anchor="start" font-family="sans-serif" font-size="16" fill="#1A1A1A" font-weight="bold">
Landes : 17,7 ‰
</text>
<rect x="160" y="20" width="20" height="20" fill="#C00000"/>
<text x="10" y="90" dy="0.5ex" text-anchor="start" font-family="sans-serif" font-size="16" fill="#FFFFFF">
Charente : 17,2 ‰
</text>
<text x="150.5" y="100.25" text-anchor="middle" font-family="sans-serif" font-size="11" fill="#555555">Source : DREES</text>
<text x="290" y="60" transform="rotate(-90 290 60)" text-anchor="middle" font-family="sans-serif" font-size="11" fill="#555555">taux</text>
<text x="5" y="5" font-family="sans-serif" font-size="11" fill="#555555"></text>
</svg>"##;
        let (w, h, cached) = decode(&rasterise(svg).unwrap());
        assert_eq!((w, h), (300, 120));
        let whole = direct(svg);
        // Anti-aliased edges may differ by rounding (a run is drawn on its own, then laid on
        // the picture); nothing else may.
        assert_eq!(differing(&cached, &whole, 64), 0);
        let off = differing(&cached, &whole, 8);
        assert!(off <= 20, "{off} pixels more than 8 apart");
        // The red square drawn after the bold text covers it.
        let at = |x: usize, y: usize| &cached[4 * (y * 300 + x)..4 * (y * 300 + x) + 4];
        assert_eq!(at(170, 30), &[0xC0, 0, 0, 0xFF]);
        // The text drawn again from the cache, 60 pixels lower, is the same picture.
        let first: Vec<&[u8]> = (10..140).map(|x| at(x, 30)).collect();
        let again: Vec<&[u8]> = (10..140).map(|x| at(x, 90)).collect();
        assert!(
            first.iter().any(|p| p[0] > 0xF0),
            "white text on the blue band"
        );
        assert_eq!(first, again);
    }

    #[test]
    fn an_svg_with_groups_is_drawn_in_one_piece() {
        let svg = r##"<svg width="60" height="30" xmlns="http://www.w3.org/2000/svg"><g opacity="0.5"><text x="5" y="20" font-family="sans-serif" font-size="14" fill="#000000">ab</text></g></svg>"##;
        let (_, _, px) = decode(&rasterise(svg).unwrap());
        assert_eq!(px, direct(svg));
    }

    /// The thread's canvas is kept from one picture to the next: what a picture drew does not
    /// show through in the next one of the same size, and a picture of another size gets a
    /// canvas of its own size.
    #[test]
    fn a_kept_canvas_starts_white_again() {
        let black = r##"<svg width="40" height="20" xmlns="http://www.w3.org/2000/svg"><rect x="0" y="0" width="40" height="20" fill="#000000"/></svg>"##;
        let empty = r##"<svg width="40" height="20" xmlns="http://www.w3.org/2000/svg"></svg>"##;
        let (_, _, px) = decode(&rasterise(black).unwrap());
        assert!(px.chunks_exact(4).all(|p| p == [0, 0, 0, 255]));
        let (w, h, px) = decode(&rasterise(empty).unwrap());
        assert_eq!((w, h), (40, 20));
        assert!(px.chunks_exact(4).all(|p| p == [255, 255, 255, 255]));
        let wider = r##"<svg width="50" height="20" xmlns="http://www.w3.org/2000/svg"><rect x="0" y="0" width="25" height="20" fill="#000000"/></svg>"##;
        let (w, h, px) = decode(&rasterise(wider).unwrap());
        assert_eq!((w, h), (50, 20));
        assert_eq!(px, direct(wider));
    }

    #[test]
    fn unreadable_svg_is_an_error() {
        let err = rasterise("<svg").unwrap_err();
        assert!(err.starts_with("reading the SVG:"), "{err}");
    }
}
