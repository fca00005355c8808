//! The touchpoints themselves: a bubble each, sized by how many customers
//! experienced the touchpoint, over the whiskers of its bootstrap
//! intervals.

use super::canvas::{
    arrow_head, line, quadrant_colour, quadrant_ink, radius, whisker_colour, Bubble, Rgb, Shape,
    UNCERTAIN_DASH,
};
use super::frame::Frame;
use crate::quadrant::{Matrix, MatrixPoint};

/// Bootstrap interval whiskers, under the bubbles: thin and light so the
/// chart stays readable. A whisker that runs past what the plot shows
/// (its edge, or the break of a broken axis) stops there with an
/// arrowhead; one that ends inside gets a short cap.
pub(super) fn draw_whiskers(shapes: &mut Vec<Shape>, frame: &Frame, matrix: &Matrix) {
    for p in &matrix.points {
        let colour = whisker_colour(p.quadrant);
        let (x, y) = (frame.px(p.x), frame.py(p.y));
        if let Some([lo, hi]) = p.x_ci {
            let ends = clip(frame.x.visible(p.x), lo, hi).map(|(v, c)| ((frame.px(v), y), c));
            whisker(shapes, ends, colour, None);
        }
        if let Some([lo, hi]) = p.y_ci {
            // An impact interval that includes zero: the direction is
            // not established, and the whisker is dashed to say so.
            let dash = direction_uncertain(p).then_some(UNCERTAIN_DASH);
            let ends = clip(frame.y.visible(p.y), lo, hi).map(|(v, c)| ((x, frame.py(v)), c));
            whisker(shapes, ends, colour, dash);
        }
    }
}

/// An interval's ends clipped to the values shown, each with whether it
/// was clipped.
fn clip((shown_lo, shown_hi): (f64, f64), lo: f64, hi: f64) -> [(f64, bool); 2] {
    [
        (lo.clamp(shown_lo, shown_hi), lo < shown_lo),
        (hi.clamp(shown_lo, shown_hi), hi > shown_hi),
    ]
}

/// One whisker between two ends in px, with a cap or, where it was
/// clipped, an arrowhead pointing on at each end.
fn whisker(
    shapes: &mut Vec<Shape>,
    [(a, a_clipped), (b, b_clipped)]: [((f64, f64), bool); 2],
    colour: Rgb,
    dash: Option<(u32, u32)>,
) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length = dx.hypot(dy);
    if length < 1.0 {
        return;
    }
    shapes.push(line(vec![a, b], colour, 1, dash));
    let (ux, uy) = (dx / length, dy / length);
    for (end, clipped, sign) in [(a, a_clipped, -1.0), (b, b_clipped, 1.0)] {
        if clipped {
            shapes.extend(arrow_head(end, (sign * ux, sign * uy), 6.0, 30.0, colour));
        } else {
            // A cap across the whisker.
            let (px, py) = (-uy * 3.0, ux * 3.0);
            shapes.push(line(
                vec![(end.0 - px, end.1 - py), (end.0 + px, end.1 + py)],
                colour,
                1,
                None,
            ));
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
        shapes.extend(arrow_head(tip, (ux, uy), 8.0, 25.0, colour));
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
