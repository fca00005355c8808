//! The touchpoints themselves: a bubble each, sized by how many customers
//! experienced the touchpoint, over the whiskers of its bootstrap
//! intervals.

use super::canvas::{
    line, quadrant_colour, quadrant_ink, radius, whisker_colour, Bubble, Rgb, Shape, UNCERTAIN_DASH,
};
use super::frame::Frame;
use crate::quadrant::{Matrix, MatrixPoint};

/// Bootstrap interval whiskers, under the bubbles: thin and light so the
/// chart stays readable; clipped to the plot.
pub(super) fn draw_whiskers(shapes: &mut Vec<Shape>, frame: &Frame, matrix: &Matrix) {
    let plot = frame.plot;
    for p in &matrix.points {
        let colour = whisker_colour(p.quadrant);
        let (x, y) = (frame.px(p.x), frame.py(p.y));
        if let Some([lo, hi]) = p.x_ci {
            let (a, b) = (frame.px(lo).max(plot.x0), frame.px(hi).min(plot.x1));
            if b > a {
                shapes.push(line(vec![(a, y), (b, y)], colour, 1, None));
                for (end, inside) in [(frame.px(lo), a), (frame.px(hi), b)] {
                    if end == inside {
                        shapes.push(line(vec![(end, y - 3.0), (end, y + 3.0)], colour, 1, None));
                    }
                }
            }
        }
        if let Some([lo, hi]) = p.y_ci {
            let (a, b) = (frame.py(hi).max(plot.y0), frame.py(lo).min(plot.y1));
            if b > a {
                // An impact interval that includes zero: the direction is
                // not established, and the whisker is dashed to say so.
                let dash = direction_uncertain(p).then_some(UNCERTAIN_DASH);
                shapes.push(line(vec![(x, a), (x, b)], colour, 1, dash));
                for (end, inside) in [(frame.py(hi), a), (frame.py(lo), b)] {
                    if end == inside {
                        shapes.push(line(vec![(x - 3.0, end), (x + 3.0, end)], colour, 1, None));
                    }
                }
            }
        }
    }
}

/// The bubbles in drawing order: largest first so small ones stay
/// visible on top.
pub(super) fn place_bubbles(frame: &Frame, matrix: &Matrix) -> Vec<Bubble> {
    let mut bubbles: Vec<Bubble> = matrix
        .points
        .iter()
        .map(|p| Bubble {
            touchpoint: p.touchpoint,
            cx: frame.px(p.x),
            cy: frame.py(p.y),
            r: radius(p.frequency),
            quadrant: p.quadrant,
            small_base: p.small_base,
            hollow: !p.controllable,
        })
        .collect();
    bubbles.sort_by(|a, b| b.r.total_cmp(&a.r));
    bubbles
}

/// Draws the bubbles, then a centre dot on each.
pub(super) fn draw_bubbles(shapes: &mut Vec<Shape>, bubbles: &[Bubble]) {
    for b in bubbles {
        shapes.push(Shape::Circle {
            cx: b.cx,
            cy: b.cy,
            r: b.r,
            fill: quadrant_colour(b.quadrant),
            // Not controllable: outline only.
            fill_opacity: match (b.hollow, b.small_base) {
                (true, _) => 0.0,
                (false, true) => 0.25,
                (false, false) => 0.5,
            },
            stroke: quadrant_ink(b.quadrant),
            stroke_width: if b.hollow { 2 } else { 1 },
            dashed: b.small_base,
        });
    }
    // A centre dot marks the exact value, which matters for big bubbles.
    for b in bubbles {
        shapes.push(Shape::Circle {
            cx: b.cx,
            cy: b.cy,
            r: 1.5,
            fill: quadrant_ink(b.quadrant),
            fill_opacity: 1.0,
            stroke: quadrant_ink(b.quadrant),
            stroke_width: 1,
            dashed: false,
        });
    }
}

/// The impact interval includes zero: the direction is not established.
pub(super) fn direction_uncertain(p: &MatrixPoint) -> bool {
    p.y_ci.is_some_and(|[lo, hi]| lo <= 0.0 && hi >= 0.0)
}

/// Arrows of a change beyond chance, and of one within it.
const MOVE_COLOUR: Rgb = Rgb(34, 43, 54);
const MOVE_FAINT: Rgb = Rgb(190, 196, 202);

/// The change since the previous wave (`--compare`): a thin arrow from
/// where the touchpoint was to the edge of its bubble now. A change beyond
/// chance is drawn dark, one within chance faint; the start is clipped to
/// the plot.
pub(super) fn draw_moves(
    shapes: &mut Vec<Shape>,
    frame: &Frame,
    matrix: &Matrix,
    bubbles: &[Bubble],
) {
    let plot = frame.plot;
    for p in &matrix.points {
        let (Some(prev), Some(b)) = (
            p.previous,
            bubbles.iter().find(|b| b.touchpoint == p.touchpoint),
        ) else {
            continue;
        };
        let from = (
            frame.px(prev.x).clamp(plot.x0, plot.x1),
            frame.py(prev.y).clamp(plot.y0, plot.y1),
        );
        let (dx, dy) = (b.cx - from.0, b.cy - from.1);
        let length = dx.hypot(dy);
        // Inside its own bubble: no visible move to draw.
        if length <= b.r + 4.0 {
            continue;
        }
        let (ux, uy) = (dx / length, dy / length);
        let tip = (b.cx - ux * b.r, b.cy - uy * b.r);
        let colour = if prev.significant_change == Some(true) {
            MOVE_COLOUR
        } else {
            MOVE_FAINT
        };
        shapes.push(line(vec![from, tip], colour, 1, None));
        // The head: two strokes 8 px back from the tip, 25 degrees off.
        let (c, s) = (25f64.to_radians().cos(), 25f64.to_radians().sin());
        for sign in [1.0, -1.0] {
            let (hx, hy) = (ux * c - sign * uy * s, uy * c + sign * ux * s);
            shapes.push(line(
                vec![tip, (tip.0 - 8.0 * hx, tip.1 - 8.0 * hy)],
                colour,
                1,
                None,
            ));
        }
        // A dot where it was.
        shapes.push(Shape::Circle {
            cx: from.0,
            cy: from.1,
            r: 2.0,
            fill: colour,
            fill_opacity: 1.0,
            stroke: colour,
            stroke_width: 1,
            dashed: false,
        });
    }
}
