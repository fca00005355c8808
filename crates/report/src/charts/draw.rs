//! Small drawing helpers the slide charts share on top of the matrix's
//! canvas types: texts, lines, outlined boxes, hatching, arrowheads,
//! labels fitted to a width and percentages as the axes print them.

use crate::format::NumFmt;
use crate::layout::{fit_text, wrap, BoxF, HAlign, Rgb, Shape, INK, MUTED};
pub(super) use crate::layout::{line, text};

/// A bold line of text, vertically centred on `y`.
pub(super) fn bold(x: f64, y: f64, s: String, size: f64, colour: Rgb, align: HAlign) -> Shape {
    let mut shape = text(x, y, s, size, colour, align);
    if let Shape::Text(t) = &mut shape {
        t.bold = true;
    }
    shape
}

/// A chart's heading at the top left: the title in bold on one line and
/// the subtitle in at most two lines under it, both within `width` px.
pub(super) fn heading(shapes: &mut Vec<Shape>, left: f64, title: &str, subtitle: &str, width: f64) {
    shapes.push(bold(
        left,
        26.0,
        fit_text(title, 18.0, width),
        18.0,
        INK,
        HAlign::Start,
    ));
    for (i, l) in fit_lines(subtitle, 12.0, width, 2).into_iter().enumerate() {
        shapes.push(text(
            left,
            47.0 + i as f64 * 15.0,
            l,
            12.0,
            MUTED,
            HAlign::Start,
        ));
    }
}

/// A filled box without an outline.
pub(super) fn rect(area: BoxF, fill: Rgb, opacity: f64) -> Shape {
    Shape::Rect {
        area,
        fill,
        opacity,
    }
}

/// The outline of a box. A solid outline runs on over its first side so
/// that the last corner is joined like the others.
pub(super) fn outline(b: BoxF, colour: Rgb, width: u32, dash: Option<(u32, u32)>) -> Shape {
    let mut points = vec![
        (b.x0, b.y0),
        (b.x1, b.y0),
        (b.x1, b.y1),
        (b.x0, b.y1),
        (b.x0, b.y0),
    ];
    if dash.is_none() {
        points.push((b.x1, b.y0));
    }
    line(points, colour, width, dash)
}

/// Diagonal hatching (lines rising to the right, `spacing` px apart)
/// clipped to the box.
pub(super) fn hatch(b: BoxF, spacing: f64, colour: Rgb) -> Vec<Shape> {
    // Lines y = b.y1 - (x - c) for c from left of the box to its right,
    // each cut where it leaves the box.
    let height = b.y1 - b.y0;
    let mut shapes = Vec::new();
    let mut c = b.x0 - height + spacing / 2.0;
    while c < b.x1 {
        let x_start = c.max(b.x0);
        let x_end = (c + height).min(b.x1);
        if x_end > x_start {
            let y_at = |x: f64| b.y1 - (x - c);
            shapes.push(line(
                vec![(x_start, y_at(x_start)), (x_end, y_at(x_end))],
                colour,
                1,
                None,
            ));
        }
        c += spacing;
    }
    shapes
}

/// An open arrowhead with its tip at `tip`, pointing right (`towards` =
/// 1) or left (-1): how a whisker says it runs on beyond the chart.
pub(super) fn arrowhead(tip: (f64, f64), towards: f64, colour: Rgb) -> Shape {
    let back = tip.0 - towards * 7.0;
    line(
        vec![(back, tip.1 - 4.5), tip, (back, tip.1 + 4.5)],
        colour,
        1,
        None,
    )
}

/// `text` in at most `max_lines` lines of `max_width` px: wrapped at
/// spaces, and what does not fit ends in an ellipsis (never cut mid-word
/// without one).
pub(super) fn fit_lines(text: &str, size: f64, max_width: f64, max_lines: usize) -> Vec<String> {
    let mut lines = wrap(text, size, max_width);
    if lines.len() > max_lines.max(1) {
        let rest = lines.split_off(max_lines.max(1) - 1).join(" ");
        lines.push(format!("{rest}\u{2026}"));
    }
    lines
        .into_iter()
        .map(|l| fit_text(&l, size, max_width))
        .collect()
}

/// A signed percentage as the charts print it: `+13.0%`, `−4.1%`, `0%`.
pub(super) fn signed_pct(nf: NumFmt, v: f64, decimals: usize) -> String {
    format!("{}%", nf.signed(v, decimals))
}
