//! Touchpoint labels: which label gets which spot, and the labels drawn.
//!
//! Placement is greedy, most important touchpoints first so they get the
//! best spots: beside, above or below the bubble, else further out on
//! rings with a leader line. Labels never overlap each other or a caption
//! and always stay inside the plot.

use super::{
    fit_text, line, text, text_width, BoxF, Bubble, HAlign, LabelPlacement, Rgb, Shape, INK,
    LABEL_GAP, LABEL_SIZE, MUTED,
};
use crate::quadrant::Matrix;

/// What each point's label needs, most important touchpoints first so
/// they get the best spots.
pub(super) fn label_items(matrix: &Matrix, bubbles: &[Bubble]) -> Vec<LabelItem> {
    let mut order: Vec<usize> = (0..matrix.points.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&matrix.points[a], &matrix.points[b]);
        (pb.y.abs() * pb.frequency.sqrt()).total_cmp(&(pa.y.abs() * pa.frequency.sqrt()))
    });
    order
        .iter()
        .map(|&i| {
            let p = &matrix.points[i];
            let b = bubbles
                .iter()
                .find(|b| b.touchpoint == p.touchpoint)
                .expect("every point has a bubble");
            LabelItem {
                touchpoint: p.touchpoint,
                text: fit_text(&p.label, LABEL_SIZE, 200.0),
                cx: b.cx,
                cy: b.cy,
                // Tiny small-base bubbles get a ring drawn 3 px outside.
                r: if b.small_base && b.r < 8.0 {
                    b.r + 3.0
                } else {
                    b.r
                },
            }
        })
        .collect()
}

/// Draws the leader lines, then each label on a white halo.
pub(super) fn draw_labels(shapes: &mut Vec<Shape>, labels: &[LabelPlacement]) {
    for l in labels {
        if let Some((a, b)) = l.leader {
            shapes.push(line(vec![a, b], MUTED, 1, None));
        }
    }
    for l in labels {
        // A white halo keeps labels readable over gridlines and tints.
        shapes.push(Shape::Rect {
            // The width estimate errs wide for safety; a halo that wide
            // would show as a white bar, so it hugs the likely text width.
            area: BoxF {
                x0: l.bbox.x0 + 1.0,
                y0: l.bbox.y0 + 2.0,
                x1: l.bbox.x0 + 3.0 + (l.bbox.x1 - l.bbox.x0 - 4.0) * 0.9,
                y1: l.bbox.y1 - 2.0,
            },
            fill: Rgb(255, 255, 255),
            opacity: 0.6,
        });
        shapes.push(text(
            l.bbox.x0 + 2.0,
            (l.bbox.y0 + l.bbox.y1) / 2.0,
            l.text.clone(),
            LABEL_SIZE,
            INK,
            HAlign::Start,
        ));
    }
}

/// What the label placer needs to know about one label.
#[derive(Debug, Clone)]
pub struct LabelItem {
    pub touchpoint: usize,
    pub text: String,
    pub cx: f64,
    pub cy: f64,
    pub r: f64,
}

/// Greedy label placement: right, left, above, below the bubble; if all
/// four collide with another label, a caption, another bubble or the plot
/// edge, the label moves outwards on rings around the bubble and gets a
/// leader line. Labels never overlap each other or a caption and always
/// stay inside the plot; covering a bubble is only a cost, because in a
/// crowded matrix that is better than a label far from its bubble.
pub fn place_labels(
    items: &[LabelItem],
    bubbles: &[Bubble],
    fixed: &[BoxF],
    plot: &BoxF,
) -> Vec<LabelPlacement> {
    let h = LABEL_SIZE + 6.0;
    let mut placed: Vec<LabelPlacement> = Vec::new();
    for item in items {
        let w = text_width(&item.text, LABEL_SIZE) + 4.0;
        let at = |x0: f64, yc: f64| BoxF {
            x0,
            y0: yc - h / 2.0,
            x1: x0 + w,
            y1: yc + h / 2.0,
        };
        let (cx, cy, r) = (item.cx, item.cy, item.r);
        // Above and below slide sideways to stay inside the plot, which
        // keeps bubbles near the right or left edge labelled up close.
        let centred = (cx - w / 2.0).clamp(plot.x0 + 1.0, (plot.x1 - w - 1.0).max(plot.x0));
        let primary = [
            at(cx + r + LABEL_GAP, cy),
            at(cx - r - LABEL_GAP - w, cy),
            at(centred, cy - r - LABEL_GAP / 2.0 - h / 2.0),
            at(centred, cy + r + LABEL_GAP / 2.0 + h / 2.0),
        ];
        let free = |b: &BoxF| {
            b.inside(plot)
                && !fixed.iter().any(|f| f.overlaps(b))
                && !placed.iter().any(|p| p.bbox.overlaps(b))
        };
        let bubble_cost = |b: &BoxF| -> f64 {
            bubbles
                .iter()
                .map(|o| {
                    let own = o.touchpoint == item.touchpoint;
                    let intr = b.circle_intrusion(o.cx, o.cy, o.r);
                    if intr <= 0.0 {
                        0.0
                    } else if own {
                        // Covering its own bubble hides what it names.
                        200.0 + 10.0 * intr
                    } else {
                        40.0 + 3.0 * intr
                    }
                })
                .sum()
        };

        let mut best: Option<(f64, BoxF, bool)> = None;
        for (k, b) in primary.iter().enumerate() {
            if !free(b) {
                continue;
            }
            let cost = bubble_cost(b) + k as f64 * 2.0;
            if cost == k as f64 * 2.0 {
                best = Some((cost, *b, false));
                break;
            }
            if best.as_ref().is_none_or(|x| cost < x.0) {
                best = Some((cost, *b, false));
            }
        }
        if best.as_ref().is_none_or(|x| x.0 > 10.0) {
            for step in 1..=24 {
                let d = r + LABEL_GAP + step as f64 * 9.0;
                for a in 0..24 {
                    let ang = a as f64 * std::f64::consts::PI / 12.0;
                    let (ux, uy) = (ang.cos(), ang.sin());
                    let px = cx + ux * d;
                    let py = cy + uy * d * 0.8;
                    // Anchor the near edge of the box at the ring point.
                    let x0 = if ux > 0.2 {
                        px
                    } else if ux < -0.2 {
                        px - w
                    } else {
                        px - w / 2.0
                    };
                    let b = at(x0, py);
                    if !free(&b) {
                        continue;
                    }
                    let cost = bubble_cost(&b) + 8.0 + (d - r) * 0.6;
                    if best.as_ref().is_none_or(|x| cost < x.0) {
                        best = Some((cost, b, true));
                    }
                }
                if best.as_ref().is_some_and(|x| x.0 < (d - r) * 0.6) {
                    break;
                }
            }
        }
        let (bbox, leader) = match best {
            Some((_, b, true)) => {
                let end = b.nearest_point(cx, cy);
                let (dx, dy) = (end.0 - cx, end.1 - cy);
                let d = dx.hypot(dy).max(1e-9);
                let start = (cx + dx / d * r, cy + dy / d * r);
                (b, Some((start, end)))
            }
            Some((_, b, false)) => (b, None),
            // Nowhere free at all (an absurdly crowded plot): keep the
            // label beside its bubble, clamped into the plot.
            None => {
                let mut b = primary[0];
                let shift = (b.x1 - plot.x1).max(0.0);
                b.x0 -= shift;
                b.x1 -= shift;
                (b, None)
            }
        };
        placed.push(LabelPlacement {
            touchpoint: item.touchpoint,
            text: item.text.clone(),
            bbox,
            leader,
        });
    }
    placed
}
