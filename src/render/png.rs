//! PNG = the chart's SVG rasterised with resvg, so the SVG and the PNG are the same picture.
//!
//! Text is shaped with the embedded DejaVu fonts only (a font database holding nothing else, no
//! system fonts), so a PNG looks the same on every machine. No ancillary chunk (time, gamma, text)
//! is written and the rasteriser is single-threaded: the same SVG gives the same bytes.

use super::theme;
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

/// Rasterise `svg` (as written by the render stage) at its own size to PNG bytes (8-bit RGB on
/// white). Errors (an SVG usvg cannot read, a zero size, encoding) are returned as text.
pub fn rasterise(svg: &str) -> Result<Vec<u8>, String> {
    let options = usvg::Options {
        font_family: DEJAVU.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| format!("reading the SVG: {e}"))?;
    let size = tree.size().to_int_size();
    let (w, h) = (size.width(), size.height());
    let mut pixmap =
        tiny_skia::Pixmap::new(w, h).ok_or_else(|| format!("empty picture ({w} × {h})"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    // The background is opaque white, so every pixel has alpha 255 and the premultiplied
    // channels are the colour itself: drop alpha for a smaller, opaque file.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    encode_rgb(w, h, &rgb)
}

/// Encode a `width` × `height` RGB buffer (3 bytes a pixel, rows top to bottom) as PNG.
pub fn encode_rgb(width: u32, height: u32, rgb: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = ::png::Encoder::new(&mut out, width, height);
    encoder.set_color(::png::ColorType::Rgb);
    encoder.set_depth(::png::BitDepth::Eight);
    // Fast (fdeflate) keeps rendering as quick as the old bitmap backend; Balanced gives files
    // ~2.4× smaller but makes a figure ~30 % slower to render (examples/render_png.rs).
    encoder.set_compression(::png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(rgb).map_err(|e| e.to_string())?;
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
        let rgb: Vec<u8> = (0..4 * 3 * 3).map(|i| (i * 7) as u8).collect();
        let bytes = encode_rgb(4, 3, &rgb).unwrap();
        assert_eq!(&bytes[..8], &SIGNATURE);
        let (w, h, buf) = decode(&bytes);
        assert_eq!((w, h), (4, 3));
        assert_eq!(buf, rgb);
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
        assert_eq!(&px[..3], &[0xFF, 0, 0], "red rectangle at the top left");
        let dark = px[3 * 12..]
            .chunks_exact(3)
            .filter(|p| p[0] < 128 && p[1] < 128)
            .count();
        assert!(
            dark > 10,
            "the text is drawn (font found): {dark} dark pixels"
        );
        assert_eq!(rasterise(svg).unwrap(), bytes, "same bytes on a rerun");
    }

    #[test]
    fn unreadable_svg_is_an_error() {
        let err = rasterise("<svg").unwrap_err();
        assert!(err.starts_with("reading the SVG:"), "{err}");
    }
}
