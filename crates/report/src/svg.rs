//! The impact matrix as SVG: the laid-out shapes of [`crate::layout`] drawn
//! with plotters' SVG backend into a `String`.
//!
//! All decisions (ranges, positions, colours) were made in the layout; this
//! module only translates. plotters is built without font support
//! (`default-features = false`), which is fine for SVG: the backend writes
//! `<text>` elements and leaves glyphs to the viewer, and we never ask
//! plotters to measure text.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

use crate::lang::Lang;
use crate::layout::{layout_matrix, HAlign, MatrixLayout, Rgb, Shape, FONT};
use crate::model::KpiAnalysis;
use crate::quadrant::Matrix;
use crate::ReportError;

/// Renders one KPI's impact matrix as a standalone SVG document.
pub fn render_matrix_svg(
    matrix: &Matrix,
    kpi: &KpiAnalysis,
    lang: Lang,
) -> Result<String, ReportError> {
    draw_layout(&layout_matrix(matrix, kpi, lang))
}

/// Draws a finished layout.
pub fn draw_layout(layout: &MatrixLayout) -> Result<String, ReportError> {
    draw_shapes(layout.width, layout.height, &layout.shapes)
}

/// Draws `shapes` in order on a white canvas of `width` x `height` px: the
/// renderer of every chart, not only the matrix.
pub(crate) fn draw_shapes(
    width: f64,
    height: f64,
    shapes: &[Shape],
) -> Result<String, ReportError> {
    let mut out = String::new();
    {
        let size = (width.ceil() as u32, height.ceil() as u32);
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        root.fill(&WHITE).map_err(svg_err)?;
        for shape in shapes {
            draw_shape(&root, shape).map_err(svg_err)?;
        }
        root.present().map_err(svg_err)?;
    }
    Ok(tidy_font_sizes(&out))
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

fn svg_err(e: DrawingAreaErrorKind<std::io::Error>) -> ReportError {
    ReportError::Svg(e.to_string())
}

fn px(v: f64) -> i32 {
    v.round() as i32
}

fn colour(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

fn draw_shape(root: &Area<'_>, shape: &Shape) -> DrawResult {
    match shape {
        Shape::Rect {
            area,
            fill,
            opacity,
        } => root.draw(&Rectangle::new(
            [(px(area.x0), px(area.y0)), (px(area.x1), px(area.y1))],
            colour(*fill).mix(*opacity).filled(),
        )),
        Shape::Line {
            points,
            colour: c,
            width,
            dash,
        } => {
            let pts: Vec<(i32, i32)> = points.iter().map(|&(x, y)| (px(x), px(y))).collect();
            let style = colour(*c).stroke_width(*width);
            match dash {
                None => root.draw(&PathElement::new(pts, style)),
                Some((on, off)) => root.draw(&DashedPathElement::new(pts, *on, *off, style)),
            }
        }
        Shape::Circle {
            cx,
            cy,
            r,
            fill,
            fill_opacity,
            stroke,
            stroke_width,
            dashed,
        } => {
            let centre = (px(*cx), px(*cy));
            let radius = r.round().max(1.0) as u32;
            // A hollow bubble has no fill at all.
            if *fill_opacity > 0.0 {
                root.draw(&Circle::new(
                    centre,
                    radius,
                    colour(*fill).mix(*fill_opacity).filled(),
                ))?;
            }
            if *dashed {
                // The SVG backend has no dash attribute for circles: trace
                // the outline as a dashed polygon instead.
                // A ring hugging a tiny bubble reads as a blot; give it
                // some air so the dashes show.
                let ring_r = if *r < 8.0 { r + 3.0 } else { *r };
                let steps = 72;
                let ring: Vec<(i32, i32)> = (0..=steps)
                    .map(|i| {
                        let a = i as f64 / steps as f64 * std::f64::consts::TAU;
                        (px(cx + ring_r * a.cos()), px(cy + ring_r * a.sin()))
                    })
                    .collect();
                let (on, off) = if ring_r < 12.0 { (3, 2) } else { (4, 3) };
                root.draw(&DashedPathElement::new(
                    ring,
                    on,
                    off,
                    colour(*stroke).stroke_width(*stroke_width),
                ))
            } else if *fill_opacity < 1.0 {
                root.draw(&Circle::new(
                    centre,
                    radius,
                    colour(*stroke).stroke_width(*stroke_width),
                ))
            } else {
                Ok(())
            }
        }
        Shape::Text(t) => {
            let weight = if t.bold {
                FontStyle::Bold
            } else {
                FontStyle::Normal
            };
            let h = match t.align {
                HAlign::Start => HPos::Left,
                HAlign::Middle => HPos::Center,
                HAlign::End => HPos::Right,
            };
            let c = colour(t.colour);
            let mut style = FontDesc::new(FontFamily::Name(FONT), plotters_size(t.size), weight)
                .color(&c)
                .pos(Pos::new(h, VPos::Center));
            if t.vertical {
                style = style.transform(FontTransform::Rotate270);
            }
            root.draw_text(&t.text, &style, (px(t.x), px(t.y)))
        }
    }
}

/// plotters' SVG backend writes `font-size = size / 1.24`.
fn plotters_size(want: f64) -> f64 {
    want * 1.24
}

/// Rounds every `font-size` attribute to two decimals: the `* 1.24 / 1.24`
/// round trip through plotters leaves `13.000000000000002`, which is
/// harmless to a browser but noisy in golden files and diffs.
fn tidy_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(KEY) {
        let (head, tail) = rest.split_at(i + KEY.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        match tail[..end].parse::<f64>() {
            Ok(v) => {
                let r = (v * 100.0).round() / 100.0;
                out.push_str(&r.to_string());
            }
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::fixture;
    use crate::quadrant::{place, Crosshair};

    #[test]
    fn svg_is_wellformed_enough_and_names_every_touchpoint() {
        let a = fixture();
        let m = place(&a, 0, &Crosshair::default());
        let svg = render_matrix_svg(&m, &a.kpis[0], Lang::En).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        for p in &m.points {
            let escaped = p.label.replace('&', "&amp;");
            assert!(svg.contains(&escaped), "missing label {}", p.label);
        }
        assert!(svg.contains("Likelihood to recommend \u{2014} n = 1,987, R\u{b2} = 0.41"));
        assert!(svg.contains("font-size=\"12\""));
        // Contract & terms must be escaped.
        assert!(svg.contains("Contract &amp; terms"));
        assert!(!svg.contains("Contract & terms"));
    }

    #[test]
    fn dutch_svg_uses_dutch_words() {
        let a = fixture();
        let m = place(&a, 1, &Crosshair::default());
        let svg = render_matrix_svg(&m, &a.kpis[1], Lang::Nl).unwrap();
        for w in [
            "Koesteren en uitbouwen",
            "Verbeteren",
            "Voorkomen of herontwerpen",
            "Besparen",
        ] {
            assert!(svg.contains(w), "missing {w}");
        }
        assert!(svg.contains("Tevredenheid over het contactmoment"));
        assert!(svg.contains("R\u{b2} = 0,33"));
    }

    #[test]
    fn font_sizes_are_tidy() {
        assert_eq!(
            tidy_font_sizes("<text font-size=\"13.000000000000002\" x=\"1\">a</text>"),
            "<text font-size=\"13\" x=\"1\">a</text>"
        );
        assert_eq!(tidy_font_sizes("font-size=\"x\""), "font-size=\"x\"");
    }
}
