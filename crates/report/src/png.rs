//! Slide-ready PNG pictures of the SVG charts, drawn in-process.
//!
//! PowerPoint handles SVG poorly, so every chart also comes as a PNG,
//! 1920 x 1080 (16:9) unless asked otherwise. The drawing is the SVG
//! itself, rendered by resvg with a bundled font (Liberation Sans, metric
//! compatible with Arial and Helvetica, SIL Open Font License; see
//! `fonts/OFL.txt`), so a PNG looks the same on every machine: no browser
//! and no system fonts are involved. The chart is scaled to fit the picture
//! and centred on white.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{fontdb, Options, Tree};

use crate::ReportError;

static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");

/// The size of a PNG picture in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PngSize {
    pub width: u32,
    pub height: u32,
}

impl PngSize {
    /// Full HD, 16:9: a slide.
    pub const SLIDE: PngSize = PngSize {
        width: 1920,
        height: 1080,
    };
    /// The largest side accepted (a 16K picture is already 500 MB of pixels).
    pub const MAX_SIDE: u32 = 8000;
}

impl Default for PngSize {
    fn default() -> Self {
        PngSize::SLIDE
    }
}

impl std::str::FromStr for PngSize {
    type Err = String;

    /// `WIDTHxHEIGHT`, e.g. `1920x1080`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("\"{s}\" is not a size: give WIDTHxHEIGHT in pixels, e.g. 1920x1080");
        let (w, h) = s.trim().split_once(['x', 'X']).ok_or_else(bad)?;
        let (width, height): (u32, u32) = (
            w.trim().parse().map_err(|_| bad())?,
            h.trim().parse().map_err(|_| bad())?,
        );
        if width < 100 || height < 100 || width > Self::MAX_SIDE || height > Self::MAX_SIDE {
            return Err(format!(
                "{width}x{height}: each side must be between 100 and {} pixels",
                Self::MAX_SIDE
            ));
        }
        Ok(PngSize { width, height })
    }
}

/// The bundled fonts, loaded once; every family the SVGs name that is not
/// bundled falls back to Liberation Sans.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_font_data(REGULAR.to_vec());
            db.load_font_data(BOLD.to_vec());
            db.set_sans_serif_family("Liberation Sans");
            Arc::new(db)
        })
        .clone()
}

/// `svg` as a PNG of `size`: scaled to fit, centred, on white.
pub fn svg_to_png(svg: &str, size: PngSize) -> Result<Vec<u8>, ReportError> {
    let options = Options {
        fontdb: fonts(),
        font_family: "Liberation Sans".to_string(),
        ..Options::default()
    };
    let tree = Tree::from_str(svg, &options).map_err(|e| ReportError::Png(e.to_string()))?;
    let mut pixmap = Pixmap::new(size.width, size.height)
        .ok_or_else(|| ReportError::Png(format!("no {}x{} picture", size.width, size.height)))?;
    pixmap.fill(Color::WHITE);
    let (w, h) = (tree.size().width(), tree.size().height());
    let scale = (size.width as f32 / w).min(size.height as f32 / h);
    let dx = (size.width as f32 - w * scale) / 2.0;
    let dy = (size.height as f32 - h * scale) / 2.0;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale).post_translate(dx, dy),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ReportError::Png(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_bad_ones_say_why() {
        assert_eq!(
            "1280x720".parse(),
            Ok(PngSize {
                width: 1280,
                height: 720
            })
        );
        assert_eq!(
            " 800 X 600 ".parse(),
            Ok(PngSize {
                width: 800,
                height: 600
            })
        );
        for bad in ["1920", "ax1", "10x10", "9000x100", "-5x200"] {
            assert!(bad.parse::<PngSize>().is_err(), "{bad}");
        }
    }

    /// A chart with text becomes a PNG of the asked size whose pixels are
    /// not all white (the text and shapes were drawn, with the bundled
    /// font), and the same SVG always gives the same bytes.
    #[test]
    fn an_svg_with_text_renders_to_a_png_of_the_asked_size() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
            <rect x="10" y="10" width="50" height="30" fill="#d55e00"/>
            <text x="70" y="40" font-family="Helvetica, Arial, sans-serif" font-size="20">Impact</text>
            </svg>"##;
        let png = svg_to_png(
            svg,
            PngSize {
                width: 400,
                height: 300,
            },
        )
        .unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let pixmap = Pixmap::decode_png(&png).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (400, 300));
        // Text pixels: dark and not the rectangle's orange, right of it.
        let dark = pixmap
            .pixels()
            .iter()
            .enumerate()
            .filter(|(i, p)| i % 400 > 150 && p.red() < 100 && p.green() < 100)
            .count();
        assert!(dark > 50, "the text was drawn ({dark} dark pixels)");
        assert_eq!(
            png,
            svg_to_png(
                svg,
                PngSize {
                    width: 400,
                    height: 300
                }
            )
            .unwrap()
        );
        assert!(svg_to_png("<svg", PngSize::SLIDE).is_err());
    }
}
