//! Touchpoint labels: which label gets which spot, and the labels drawn.
//!
//! Placement is greedy, most important touchpoints first so they get the
//! best spots: beside, above, below or diagonally off the bubble, else
//! further out on rings with a leader line. The rules are hard, so that
//! the matrix reads at a glance:
//! - a label lies wholly inside its bubble's quadrant, clear of the
//!   crosshair lines (so it can never suggest the other quadrant), and
//!   inside the plot;
//! - it overlaps no other label, caption or axis break, and no bubble but
//!   its own;
//! - its leader line crosses no other leader. A leader runs from the
//!   bubble's edge towards the label's nearest point, inside the quadrant,
//!   so it never crosses a crosshair line either. A leader that runs under
//!   another label is allowed but costly (labels sit on a white halo over
//!   the leaders).
//!
//! A label that has no such spot falls back to a numbered marker on its
//! bubble, and the number is explained in a key beside the chart (see
//! [`legend`](super::legend)). Other labels keep clear of every bubble's
//! marker area, so a marker never hides a label.

use super::canvas::{
    line, text, BoxF, Bubble, HAlign, LabelPlacement, Rgb, Shape, INK, LABEL_GAP, LABEL_SIZE,
    MARKER_R, MUTED,
};
use super::frame::Frame;
use super::text::{fit_text, text_width};
use crate::quadrant::Matrix;

/// What each point's label needs, most important touchpoints first so
/// they get the best spots.
pub(super) fn label_items(matrix: &Matrix, bubbles: &[Bubble], frame: &Frame) -> Vec<LabelItem> {
    let mut order: Vec<usize> = (0..matrix.points.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&matrix.points[a], &matrix.points[b]);
        (pb.y.abs() * pb.frequency.sqrt()).total_cmp(&(pa.y.abs() * pa.frequency.sqrt()))
    });
    order
        .iter()
        .filter_map(|&i| {
            let p = &matrix.points[i];
            let b = bubbles.iter().find(|b| b.touchpoint == p.touchpoint)?;
            Some(LabelItem {
                touchpoint: p.touchpoint,
                text: fit_text(&p.label, LABEL_SIZE, 200.0),
                name: p.label.clone(),
                cx: b.cx,
                cy: b.cy,
                r: drawn_radius(b),
                region: frame.region(p.quadrant),
            })
        })
        .collect()
}

/// The radius a bubble takes on screen: tiny small-base bubbles get a
/// ring drawn 3 px outside.
fn drawn_radius(b: &Bubble) -> f64 {
    if b.small_base && b.r < 8.0 {
        b.r + 3.0
    } else {
        b.r
    }
}

/// Draws the leader lines, then each label on a white halo, then the
/// numbered markers of the labels that had no spot.
pub(super) fn draw_labels(shapes: &mut Vec<Shape>, labels: &[LabelPlacement]) {
    for l in labels {
        if let Some((a, b)) = l.leader {
            shapes.push(line(vec![a, b], MUTED, 1, None));
        }
    }
    for l in labels.iter().filter(|l| l.marker.is_none()) {
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
    for l in labels {
        if let Some(n) = l.marker {
            let (cx, cy) = ((l.bbox.x0 + l.bbox.x1) / 2.0, (l.bbox.y0 + l.bbox.y1) / 2.0);
            shapes.extend(marker(cx, cy, MARKER_R, n));
        }
    }
}

/// The box of a numbered marker on a bubble centred at `(cx, cy)`.
fn marker_box(cx: f64, cy: f64) -> BoxF {
    BoxF {
        x0: cx - MARKER_R,
        y0: cy - MARKER_R,
        x1: cx + MARKER_R,
        y1: cy + MARKER_R,
    }
}

/// A numbered marker: a white disc with a dark ring and the number.
pub(super) fn marker(cx: f64, cy: f64, r: f64, n: usize) -> [Shape; 2] {
    let mut number = text(cx, cy, n.to_string(), MARKER_SIZE, INK, HAlign::Middle);
    if let Shape::Text(t) = &mut number {
        t.bold = true;
    }
    [
        Shape::Circle {
            cx,
            cy,
            r,
            fill: Rgb(255, 255, 255),
            fill_opacity: 0.95,
            stroke: INK,
            stroke_width: 1,
            dashed: false,
        },
        number,
    ]
}

/// Font size of a marker's number.
const MARKER_SIZE: f64 = 10.0;

/// What the label placer needs to know about one label.
#[derive(Debug, Clone)]
pub struct LabelItem {
    pub touchpoint: usize,
    /// The label as drawn beside the bubble (shortened if very long).
    pub text: String,
    /// The whole name, for the key when the label becomes a marker.
    pub name: String,
    pub cx: f64,
    pub cy: f64,
    pub r: f64,
    /// Where the label must lie: its bubble's quadrant, inside the plot
    /// and clear of the crosshair lines.
    pub region: BoxF,
}

/// Places every label by the rules in the module's doc, most important
/// (first in `items`) first; `fixed` are boxes no label may cover
/// (captions, axis breaks). A label without a spot becomes a numbered
/// marker on its bubble; markers are numbered 1, 2, ... in journey order
/// (by touchpoint).
pub fn place_labels(
    items: &[LabelItem],
    bubbles: &[Bubble],
    fixed: &[BoxF],
) -> Vec<LabelPlacement> {
    let mut placed: Vec<LabelPlacement> = Vec::new();
    // First every label that fits right beside its bubble, then the
    // others further out with leaders, which find their way between the
    // labels already there.
    let mut later: Vec<&LabelItem> = Vec::new();
    for item in items {
        match Search::new(item, bubbles, fixed, &placed).beside() {
            Some(spot) => placed.push(spot.placement(item)),
            None => later.push(item),
        }
    }
    let mut failed: Vec<&LabelItem> = Vec::new();
    for item in later {
        match Search::new(item, bubbles, fixed, &placed).best() {
            Some(spot) => placed.push(spot.placement(item)),
            None => failed.push(item),
        }
    }
    // Another chance for each label that found no spot: a label placed
    // earlier near its bubble steps aside when both then find a spot.
    let mut markers = Vec::new();
    for item in failed {
        if !make_room(item, items, bubbles, fixed, &mut placed) {
            markers.push(item);
        }
    }
    markers.sort_by_key(|i| i.touchpoint);
    for (k, item) in markers.into_iter().enumerate() {
        placed.push(LabelPlacement {
            touchpoint: item.touchpoint,
            text: item.name.clone(),
            bbox: marker_box(item.cx, item.cy),
            leader: None,
            marker: Some(k + 1),
        });
    }
    placed
}

/// Tries to place `item` by moving one placed label near its bubble: the
/// label is taken out, `item` placed, then the label placed again. Keeps
/// the first exchange in which both find a spot.
fn make_room(
    item: &LabelItem,
    items: &[LabelItem],
    bubbles: &[Bubble],
    fixed: &[BoxF],
    placed: &mut Vec<LabelPlacement>,
) -> bool {
    let near = |p: &LabelPlacement| {
        let (x, y) = p.bbox.nearest_point(item.cx, item.cy);
        (x - item.cx).hypot(y - item.cy) < item.r + 160.0
    };
    let candidates: Vec<usize> = (0..placed.len()).filter(|&i| near(&placed[i])).collect();
    for i in candidates {
        let mut trial = placed.clone();
        let moved = trial.remove(i);
        let Some(other) = items.iter().find(|o| o.touchpoint == moved.touchpoint) else {
            continue;
        };
        let Some(spot) = Search::new(item, bubbles, fixed, &trial).best() else {
            continue;
        };
        trial.push(spot.placement(item));
        if let Some(spot) = Search::new(other, bubbles, fixed, &trial).best() {
            trial.push(spot.placement(other));
            *placed = trial;
            return true;
        }
    }
    false
}

/// A chosen spot: its cost, its box, and its leader line.
struct Spot {
    cost: f64,
    bbox: BoxF,
    leader: Option<Leader>,
}

impl Spot {
    fn placement(self, item: &LabelItem) -> LabelPlacement {
        LabelPlacement {
            touchpoint: item.touchpoint,
            text: item.text.clone(),
            bbox: self.bbox,
            leader: self.leader,
            marker: None,
        }
    }
}

/// The search for one label's spot, against the labels already placed.
struct Search<'a> {
    item: &'a LabelItem,
    /// Size of the label's box.
    w: f64,
    h: f64,
    bubbles: &'a [Bubble],
    fixed: &'a [BoxF],
    placed: &'a [LabelPlacement],
}

impl<'a> Search<'a> {
    fn new(
        item: &'a LabelItem,
        bubbles: &'a [Bubble],
        fixed: &'a [BoxF],
        placed: &'a [LabelPlacement],
    ) -> Search<'a> {
        Search {
            item,
            w: text_width(&item.text, LABEL_SIZE) + 4.0,
            h: LABEL_SIZE + 6.0,
            bubbles,
            fixed,
            placed,
        }
    }

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

    /// Right, left, above, below and diagonally off the bubble, in order
    /// of preference.
    fn primary(&self) -> [BoxF; 8] {
        let (w, h, region) = (self.w, self.h, self.item.region);
        let (cx, cy, r) = (self.item.cx, self.item.cy, self.item.r);
        // Above and below slide sideways to stay inside the quadrant,
        // which keeps bubbles near its edges labelled up close.
        let centred = (cx - w / 2.0).clamp(region.x0, (region.x1 - w).max(region.x0));
        let d = (r + LABEL_GAP) * std::f64::consts::FRAC_1_SQRT_2;
        [
            self.at(cx + r + LABEL_GAP, cy),
            self.at(cx - r - LABEL_GAP - w, cy),
            self.at(centred, cy - r - LABEL_GAP / 2.0 - h / 2.0),
            self.at(centred, cy + r + LABEL_GAP / 2.0 + h / 2.0),
            self.at(cx + d, cy - d - h / 2.0),
            self.at(cx - d - w, cy - d - h / 2.0),
            self.at(cx + d, cy + d + h / 2.0),
            self.at(cx - d - w, cy + d + h / 2.0),
        ]
    }

    /// The leader from the bubble to a box that does not touch it: from
    /// the bubble's edge towards the box's nearest point.
    fn leader_to(&self, b: &BoxF) -> Option<Leader> {
        let (cx, cy, r) = (self.item.cx, self.item.cy, self.item.r);
        let end = b.nearest_point(cx, cy);
        let (dx, dy) = (end.0 - cx, end.1 - cy);
        let d = dx.hypot(dy);
        if d <= r + LABEL_GAP + 2.0 {
            return None;
        }
        Some(((cx + dx / d * r, cy + dy / d * r), end))
    }

    /// Whether a box (with its leader) keeps every rule.
    fn allowed(&self, b: &BoxF, leader: Option<Leader>) -> bool {
        let own = self.item.touchpoint;
        b.inside(&self.item.region)
            && !self.fixed.iter().any(|f| f.overlaps(b))
            && !self.placed.iter().any(|p| p.bbox.overlaps(b))
            && self.bubbles.iter().all(|o| {
                o.touchpoint == own
                    || (b.circle_intrusion(o.cx, o.cy, drawn_radius(o)) <= 0.0
                        && !b.overlaps(&marker_box(o.cx, o.cy)))
            })
            && self
                .placed
                .iter()
                .all(|p| leader.is_none_or(|l| p.leader.is_none_or(|pl| !segments_cross(l, pl))))
    }

    /// How many placed labels the new leader runs under, and how many
    /// placed leaders run under the new box.
    fn leaders_under_labels(&self, b: &BoxF, leader: Option<Leader>) -> usize {
        self.placed
            .iter()
            .map(|p| {
                usize::from(p.leader.is_some_and(|pl| segment_enters_box(pl, b)))
                    + usize::from(leader.is_some_and(|l| segment_enters_box(l, &p.bbox)))
            })
            .sum()
    }

    /// What a spot costs beyond its distance: covering its own bubble
    /// hides what it names; a leader across other bubbles, or under a
    /// label, is hard to follow.
    fn cost(&self, b: &BoxF, leader: Option<Leader>) -> f64 {
        let own = b.circle_intrusion(self.item.cx, self.item.cy, self.item.r);
        let covered = if own > 0.0 { 200.0 + 10.0 * own } else { 0.0 };
        let under = 60.0 * self.leaders_under_labels(b, leader) as f64;
        let crossed = leader.map_or(0.0, |(a, e)| {
            let n = self
                .bubbles
                .iter()
                .filter(|o| o.touchpoint != self.item.touchpoint)
                .filter(|o| segment_circle_distance(a, e, (o.cx, o.cy)) < o.r)
                .count();
            let length = (e.0 - a.0).hypot(e.1 - a.1);
            8.0 + 0.6 * length + 15.0 * n as f64
        });
        covered + under + crossed
    }

    /// The cheapest spot that keeps every rule: beside the bubble when one
    /// is free and does not cover it, else the cheapest on rings further
    /// and further out, stopping at the first ring whose best spot is
    /// cheaper than going further.
    fn best(&self) -> Option<Spot> {
        let mut best = self.beside();
        if best.is_some() {
            return best;
        }
        for (k, b) in self.primary().iter().enumerate() {
            self.consider(&mut best, *b, k as f64 * 2.0);
        }
        let (cx, cy, r, w) = (self.item.cx, self.item.cy, self.item.r, self.w);
        for step in 1..=RINGS {
            let d = r + LABEL_GAP + step as f64 * 9.0;
            for a in 0..RING_SPOTS {
                let ang = a as f64 * std::f64::consts::TAU / RING_SPOTS as f64;
                let (ux, uy) = (ang.cos(), ang.sin());
                let (px, py) = (cx + ux * d, cy + uy * d * 0.8);
                // Anchor the near edge of the box at the ring point.
                let x0 = if ux > 0.2 {
                    px
                } else if ux < -0.2 {
                    px - w
                } else {
                    px - w / 2.0
                };
                self.consider(&mut best, self.at(x0, py), 0.0);
            }
            if best
                .as_ref()
                .is_some_and(|s| s.cost < 8.0 + 0.6 * (d + 9.0 - r))
            {
                break;
            }
        }
        best
    }

    /// The cheapest spot right beside the bubble that keeps every rule
    /// and does not cover the bubble.
    fn beside(&self) -> Option<Spot> {
        let mut best: Option<Spot> = None;
        for (k, b) in self.primary().iter().enumerate() {
            self.consider(&mut best, *b, k as f64 * 2.0);
        }
        best.filter(|s| s.cost <= 16.0)
    }

    /// Keeps `b` in `best` when it keeps the rules and costs less.
    fn consider(&self, best: &mut Option<Spot>, b: BoxF, extra: f64) {
        let leader = self.leader_to(&b);
        if !self.allowed(&b, leader) {
            return;
        }
        let cost = self.cost(&b, leader) + extra;
        if best.as_ref().is_none_or(|s| cost < s.cost) {
            *best = Some(Spot {
                cost,
                bbox: b,
                leader,
            });
        }
    }
}

/// How many rings a label's search goes out, 9 px apart, and how many
/// spots each ring has.
const RINGS: usize = 30;
const RING_SPOTS: usize = 32;

/// Start and end of a leader line.
type Leader = ((f64, f64), (f64, f64));

/// Whether two segments cross (touching ends do not count).
fn segments_cross((a, b): Leader, (c, d): Leader) -> bool {
    let orient = |p: (f64, f64), q: (f64, f64), r: (f64, f64)| {
        (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)
    };
    let (o1, o2) = (orient(a, b, c), orient(a, b, d));
    let (o3, o4) = (orient(c, d, a), orient(c, d, b));
    o1 * o2 < 0.0 && o3 * o4 < 0.0
}

/// Whether a segment runs through the inside of a box (Liang-Barsky
/// clipping; running along an edge does not count).
fn segment_enters_box(((x0, y0), (x1, y1)): Leader, b: &BoxF) -> bool {
    let (dx, dy) = (x1 - x0, y1 - y0);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, x0 - b.x0),
        (dx, b.x1 - x0),
        (-dy, y0 - b.y0),
        (dy, b.y1 - y0),
    ] {
        if p == 0.0 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t1 - t0 > 1e-9
}

/// The distance from `c` to the segment `a`-`b`.
fn segment_circle_distance(a: (f64, f64), b: (f64, f64), c: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((c.0 - a.0) * dx + (c.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (a.0 + t * dx - c.0).hypot(a.1 + t * dy - c.1)
}
