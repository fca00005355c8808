//! Touchpoint labels: which label gets which spot, and the labels drawn.
//!
//! Placement is greedy, most important touchpoints first so they get the
//! best spots: beside, above or below the bubble, else further out on
//! rings with a leader line. Labels never overlap each other or a caption
//! and always stay inside the plot.

use super::canvas::{
    line, text, BoxF, Bubble, HAlign, LabelPlacement, Rgb, Shape, INK, LABEL_GAP, LABEL_SIZE, MUTED,
};
use super::text::{fit_text, text_width};
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
    let mut placed: Vec<LabelPlacement> = Vec::new();
    for item in items {
        let search = Search {
            item,
            w: text_width(&item.text, LABEL_SIZE) + 4.0,
            h: LABEL_SIZE + 6.0,
            bubbles,
            fixed,
            plot,
            placed: &placed,
        };
        let primary = search.primary();
        let mut best = search.best_primary(&primary);
        if best.as_ref().is_none_or(|x| x.cost > 10.0) {
            best = search.best_on_rings(best);
        }
        let (bbox, leader) = search.settle(best, &primary);
        placed.push(LabelPlacement {
            touchpoint: item.touchpoint,
            text: item.text.clone(),
            bbox,
            leader,
        });
    }
    placed
}

/// A candidate spot: its cost, its box, and whether it needs a leader.
struct Spot {
    cost: f64,
    bbox: BoxF,
    leader: bool,
}

/// The search for one label's spot, against the labels already placed.
struct Search<'a> {
    item: &'a LabelItem,
    /// Size of the label's box.
    w: f64,
    h: f64,
    bubbles: &'a [Bubble],
    fixed: &'a [BoxF],
    plot: &'a BoxF,
    placed: &'a [LabelPlacement],
}

impl Search<'_> {
    /// The label's box from its left edge and vertical centre.
    fn at(&self, x0: f64, yc: f64) -> BoxF {
        let (w, h) = (self.w, self.h);
        BoxF {
            x0,
            y0: yc - h / 2.0,
            x1: x0 + w,
            y1: yc + h / 2.0,
        }
    }

    /// Right, left, above and below the bubble, in order of preference.
    fn primary(&self) -> [BoxF; 4] {
        let (w, h, plot) = (self.w, self.h, self.plot);
        let (cx, cy, r) = (self.item.cx, self.item.cy, self.item.r);
        // Above and below slide sideways to stay inside the plot, which
        // keeps bubbles near the right or left edge labelled up close.
        let centred = (cx - w / 2.0).clamp(plot.x0 + 1.0, (plot.x1 - w - 1.0).max(plot.x0));
        [
            self.at(cx + r + LABEL_GAP, cy),
            self.at(cx - r - LABEL_GAP - w, cy),
            self.at(centred, cy - r - LABEL_GAP / 2.0 - h / 2.0),
            self.at(centred, cy + r + LABEL_GAP / 2.0 + h / 2.0),
        ]
    }

    /// Inside the plot and clear of captions and placed labels.
    fn free(&self, b: &BoxF) -> bool {
        b.inside(self.plot)
            && !self.fixed.iter().any(|f| f.overlaps(b))
            && !self.placed.iter().any(|p| p.bbox.overlaps(b))
    }

    /// The cost of the bubbles a box covers.
    fn bubble_cost(&self, b: &BoxF) -> f64 {
        self.bubbles
            .iter()
            .map(|o| {
                let own = o.touchpoint == self.item.touchpoint;
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
    }

    /// The cheapest free spot beside the bubble; the first that covers no
    /// bubble wins outright.
    fn best_primary(&self, primary: &[BoxF; 4]) -> Option<Spot> {
        let mut best: Option<Spot> = None;
        for (k, b) in primary.iter().enumerate() {
            if !self.free(b) {
                continue;
            }
            let cost = self.bubble_cost(b) + k as f64 * 2.0;
            let spot = Spot {
                cost,
                bbox: *b,
                leader: false,
            };
            if cost == k as f64 * 2.0 {
                return Some(spot);
            }
            if best.as_ref().is_none_or(|x| cost < x.cost) {
                best = Some(spot);
            }
        }
        best
    }

    /// Spots on rings further and further out, better than `best`; stops
    /// at the first ring whose best spot is cheaper than going further.
    fn best_on_rings(&self, mut best: Option<Spot>) -> Option<Spot> {
        let (cx, cy, r, w) = (self.item.cx, self.item.cy, self.item.r, self.w);
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
                let b = self.at(x0, py);
                if !self.free(&b) {
                    continue;
                }
                let cost = self.bubble_cost(&b) + 8.0 + (d - r) * 0.6;
                if best.as_ref().is_none_or(|x| cost < x.cost) {
                    best = Some(Spot {
                        cost,
                        bbox: b,
                        leader: true,
                    });
                }
            }
            if best.as_ref().is_some_and(|x| x.cost < (d - r) * 0.6) {
                break;
            }
        }
        best
    }

    /// The chosen box and its leader line from the bubble's edge.
    fn settle(&self, best: Option<Spot>, primary: &[BoxF; 4]) -> (BoxF, Option<Leader>) {
        let (cx, cy, r) = (self.item.cx, self.item.cy, self.item.r);
        match best {
            Some(Spot {
                bbox: b,
                leader: true,
                ..
            }) => {
                let end = b.nearest_point(cx, cy);
                let (dx, dy) = (end.0 - cx, end.1 - cy);
                let d = dx.hypot(dy).max(1e-9);
                let start = (cx + dx / d * r, cy + dy / d * r);
                (b, Some((start, end)))
            }
            Some(Spot { bbox: b, .. }) => (b, None),
            // Nowhere free at all (an absurdly crowded plot): keep the
            // label beside its bubble, clamped into the plot.
            None => {
                let mut b = primary[0];
                let shift = (b.x1 - self.plot.x1).max(0.0);
                b.x0 -= shift;
                b.x1 -= shift;
                (b, None)
            }
        }
    }
}

/// Start and end of a leader line.
type Leader = ((f64, f64), (f64, f64));
