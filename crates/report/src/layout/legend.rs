//! The legend right of the plot: bubble sizes as nested circles sharing a
//! baseline (like a map legend), then a key for each kind of mark the
//! matrix uses (small base, not controllable, whiskers, dashed whiskers),
//! and under it the key to the numbered markers of labels that had no
//! spot.

use super::bubbles::direction_uncertain;
use super::canvas::{
    line, radius, text, whisker_colour, HAlign, LabelPlacement, Rgb, Shape, AXIS, INK, MAX_RADIUS,
    MUTED, PLOT, UNCERTAIN_DASH, WIDTH,
};
use super::labels::marker;
use super::text::wrap;
use crate::format::NumFmt;
use crate::i18n::{fill, Texts};
use crate::quadrant::{Matrix, Quadrant};

/// The grey of the legend's sample bubbles.
const SAMPLE: Rgb = Rgb(0xc8, 0xcf, 0xd6);

/// Draws the whole legend; returns the y of its last line.
pub(super) fn draw_legend(shapes: &mut Vec<Shape>, matrix: &Matrix, t: &Texts, nf: NumFmt) -> f64 {
    let lx = PLOT.x1 + 24.0;
    let base_y = draw_sizes(shapes, t, nf, lx);
    let (sy, key_lines) = draw_mark_keys(shapes, matrix, t, nf, lx, base_y + 24.0);
    let last = sy + 14.0 * (key_lines.max(1) - 1) as f64;
    if matrix
        .points
        .iter()
        .any(|p| p.x_ci.is_some() || p.y_ci.is_some())
    {
        let wy = sy + 14.0 * key_lines.max(1) as f64 + 14.0;
        return draw_whisker_keys(shapes, matrix, t, lx, wy);
    }
    last
}

/// The key to the numbered markers, from `top` down in the legend's
/// column: a title, then each number on its marker with the touchpoint's
/// name wrapped beside it. Returns the y of the last line (`top` less a
/// line when there are no markers).
pub(super) fn draw_marker_key(
    shapes: &mut Vec<Shape>,
    labels: &[LabelPlacement],
    t: &Texts,
    top: f64,
) -> f64 {
    let mut markers: Vec<(usize, &str)> = labels
        .iter()
        .filter_map(|l| Some((l.marker?, l.text.as_str())))
        .collect();
    if markers.is_empty() {
        return top - 14.0;
    }
    markers.sort();
    let lx = PLOT.x1 + 24.0;
    let mut title = text(lx, top, t.marker_key.to_string(), 12.0, INK, HAlign::Start);
    if let Shape::Text(ts) = &mut title {
        ts.bold = true;
    }
    shapes.push(title);
    let mut y = top + 20.0;
    let mut last = top;
    for (n, name) in markers {
        shapes.extend(marker(lx + 9.0, y, 7.0, n));
        let lines = key_text(shapes, name, lx + 24.0, y);
        last = y + 14.0 * (lines.max(1) - 1) as f64;
        y = last + 18.0;
    }
    last
}

/// The title, its explanation and three nested circles for 100%, 50% and
/// 10% of customers; returns the circles' baseline.
fn draw_sizes(shapes: &mut Vec<Shape>, t: &Texts, nf: NumFmt, lx: f64) -> f64 {
    let plot = PLOT;
    let mut lt = text(
        lx,
        plot.y0 + 8.0,
        t.legend_title.to_string(),
        12.0,
        INK,
        HAlign::Start,
    );
    if let Shape::Text(ts) = &mut lt {
        ts.bold = true;
    }
    shapes.push(lt);
    let sub_lines = wrap(t.legend_sub, 11.0, WIDTH - lx - 10.0);
    let mut ly = plot.y0 + 24.0;
    for l in &sub_lines {
        shapes.push(text(lx, ly, l.clone(), 11.0, MUTED, HAlign::Start));
        ly += 14.0;
    }
    let base_y = ly + 2.0 * MAX_RADIUS + 4.0;
    let ccx = lx + MAX_RADIUS;
    for share in [1.0, 0.5, 0.1] {
        let r = radius(share);
        shapes.push(Shape::Circle {
            cx: ccx,
            cy: base_y - r,
            r,
            fill: SAMPLE,
            fill_opacity: 0.35,
            stroke: MUTED,
            stroke_width: 1,
            dashed: false,
        });
        let ty = base_y - 2.0 * r;
        shapes.push(line(
            vec![(ccx, ty), (ccx + MAX_RADIUS + 8.0, ty)],
            AXIS,
            1,
            None,
        ));
        shapes.push(text(
            ccx + MAX_RADIUS + 11.0,
            ty,
            nf.share(share, 0),
            11.0,
            INK,
            HAlign::Start,
        ));
    }
    base_y
}

/// The small-base key at `sy`, then the hollow bubble's key when a
/// touchpoint is marked not controllable; returns the y of the last key
/// and its number of lines.
fn draw_mark_keys(
    shapes: &mut Vec<Shape>,
    matrix: &Matrix,
    t: &Texts,
    nf: NumFmt,
    lx: f64,
    sy: f64,
) -> (f64, usize) {
    shapes.push(Shape::Circle {
        cx: lx + 9.0,
        cy: sy,
        r: 9.0,
        fill: SAMPLE,
        fill_opacity: 0.25,
        stroke: MUTED,
        stroke_width: 1,
        dashed: true,
    });
    let key = fill(t.small_base_key, &[("n", &nf.int(matrix.small_base))]);
    let mut key_lines = key_text(shapes, &key, lx + 24.0, sy);
    let mut sy = sy;
    // The hollow bubble, when a touchpoint is marked not controllable.
    if matrix.points.iter().any(|p| !p.controllable) {
        sy += 14.0 * key_lines.max(1) as f64 + 14.0;
        shapes.push(Shape::Circle {
            cx: lx + 9.0,
            cy: sy,
            r: 9.0,
            fill: SAMPLE,
            fill_opacity: 0.0,
            stroke: MUTED,
            stroke_width: 2,
            dashed: false,
        });
        key_lines = key_text(shapes, t.not_controllable_key, lx + 24.0, sy);
    }
    (sy, key_lines)
}

/// The whisker key at `wy`, then the dashed whisker's key when a
/// touchpoint's direction is uncertain; returns the y of the last line.
fn draw_whisker_keys(shapes: &mut Vec<Shape>, matrix: &Matrix, t: &Texts, lx: f64, wy: f64) -> f64 {
    let colour = whisker_colour(Quadrant::Amplify);
    let (gx, gy) = (lx + 9.0, wy);
    shapes.push(line(vec![(gx - 9.0, gy), (gx + 9.0, gy)], colour, 1, None));
    shapes.push(line(vec![(gx, gy - 9.0), (gx, gy + 9.0)], colour, 1, None));
    for e in [-9.0, 9.0] {
        shapes.push(line(
            vec![(gx + e, gy - 3.0), (gx + e, gy + 3.0)],
            colour,
            1,
            None,
        ));
        shapes.push(line(
            vec![(gx - 3.0, gy + e), (gx + 3.0, gy + e)],
            colour,
            1,
            None,
        ));
    }
    let n_lines = key_text(shapes, t.whisker_key, lx + 24.0, wy);
    let mut last = wy + 14.0 * (n_lines.max(1) - 1) as f64;
    // The dashed whisker, when a touchpoint's direction is uncertain.
    if matrix.points.iter().any(direction_uncertain) {
        let uy = wy + 14.0 * n_lines as f64 + 12.0;
        shapes.push(line(
            vec![(gx, uy - 9.0), (gx, uy + 9.0)],
            colour,
            1,
            Some(UNCERTAIN_DASH),
        ));
        let n = key_text(shapes, t.whisker_uncertain_key, lx + 24.0, uy);
        last = (uy + 9.0).max(uy + 14.0 * (n.max(1) - 1) as f64);
    }
    last
}

/// A legend key's text, wrapped to the legend column from `(x, y)`;
/// returns the number of lines.
fn key_text(shapes: &mut Vec<Shape>, key: &str, x: f64, y: f64) -> usize {
    // The symbol sits 24 px left of the text; 30 px stay free on the right
    // of the symbol column, as for the legend's other texts.
    let lines = wrap(key, 11.0, WIDTH - (x - 24.0) - 30.0);
    let n = lines.len();
    for (i, l) in lines.into_iter().enumerate() {
        shapes.push(text(x, y + i as f64 * 14.0, l, 11.0, INK, HAlign::Start));
    }
    n
}
