//! The touchpoints themselves: a bubble each, sized by how many customers
//! experienced the touchpoint, over the whiskers of its bootstrap
//! intervals.

use super::canvas::{
    line, quadrant_colour, quadrant_ink, radius, whisker_colour, Bubble, Shape, UNCERTAIN_DASH,
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
