//! Axis breaks and clipped whiskers, checked against the tick labels a
//! reader sees: on a broken axis every bubble must sit where its tick
//! labels say its value is, and a whisker that runs past what the plot
//! shows ends there with an arrowhead.

use super::super::scale::{find_break, Split};
use super::super::*;
use super::stress::{matrix, point, stress_matrix, Rng};
use crate::fixture::fixture;
use crate::quadrant::{place, Crosshair};

/// The ticks as drawn: `(value, px)` read back from the tick labels, for
/// the y axis (left of the plot) or the x axis (under it).
fn ticks(l: &MatrixLayout, y_axis: bool) -> Vec<(f64, f64)> {
    l.shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text(t) if y_axis && t.align == HAlign::End && t.x == l.plot.x0 - 7.0 => {
                Some((parse(&t.text), t.y))
            }
            Shape::Text(t) if !y_axis && t.y == l.plot.y1 + 14.0 => Some((parse(&t.text), t.x)),
            _ => None,
        })
        .collect()
}

fn parse(s: &str) -> f64 {
    s.replace(['%', '+'], "")
        .replace('\u{2212}', "-")
        .parse()
        .unwrap_or_else(|_| panic!("tick {s:?}"))
}

/// A tick's value and its position in px.
type Tick = (f64, f64);

/// Where the tick labels put `v` in px, for a bubble drawn at `drawn`
/// px: read off a tick on the bubble's side of the break (`gap`, in px
/// along the axis), at the scale both pieces share (from the two first
/// ticks of the side with more of them).
fn read(ticks: &[(f64, f64)], gap: Option<(f64, f64)>, drawn: f64, v: f64) -> f64 {
    let side_of = |p: f64| gap.is_some_and(|(a, _)| p > a);
    let (one, other): (Vec<Tick>, Vec<Tick>) =
        ticks.iter().partition(|t| side_of(t.1) == side_of(drawn));
    let longest = if one.len() >= other.len() {
        &one
    } else {
        &other
    };
    let per_unit = (longest[1].1 - longest[0].1) / (longest[1].0 - longest[0].0);
    let (tv, tp) = *one.first().expect("a tick on every piece");
    tp + (v - tv) * per_unit
}

/// Every bubble sits where the tick labels of its piece say its value is.
fn positions_read_true(l: &MatrixLayout, m: &Matrix) {
    let (yt, xt) = (ticks(l, true), ticks(l, false));
    let y_gap = l
        .breaks
        .iter()
        .find(|b| b.x0 < l.plot.x0)
        .map(|b| (b.y0, b.y1));
    let x_gap = l
        .breaks
        .iter()
        .find(|b| b.y0 < l.plot.y0)
        .map(|b| (b.x0, b.x1));
    for p in &m.points {
        let b = l
            .bubbles
            .iter()
            .find(|b| b.touchpoint == p.touchpoint)
            .unwrap();
        let (y, x) = (read(&yt, y_gap, b.cy, p.y), read(&xt, x_gap, b.cx, p.x));
        assert!(
            (y - b.cy).abs() < 0.01,
            "{}: y {} read as {}",
            p.label,
            b.cy,
            y
        );
        assert!(
            (x - b.cx).abs() < 0.01,
            "{}: x {} read as {}",
            p.label,
            b.cx,
            x
        );
    }
}

#[test]
fn the_break_rule() {
    let low = Some(Split {
        low: true,
        outliers: 1,
    });
    let core = [0.0, 1.0, 2.0, 3.0, 4.0];
    let with = |far: &[f64]| [far, &core[..]].concat();
    assert_eq!(find_break(&core, &[0.0], 1.0), None);
    // More than once the rest's range (4) beyond it.
    assert_eq!(find_break(&with(&[-4.1]), &[0.0], 1.0), low);
    assert_eq!(find_break(&with(&[-4.0]), &[0.0], 1.0), None);
    // The rest's range counts as at least the axis's least span.
    assert_eq!(find_break(&with(&[-15.0]), &[0.0], 20.0), None);
    assert_eq!(find_break(&with(&[-25.0]), &[0.0], 20.0), low);
    // The crosshair stays on the main piece.
    assert_eq!(find_break(&with(&[-10.0]), &[-10.0, 0.0], 1.0), None);
    // Two far points together; on the high side.
    assert_eq!(
        find_break(&with(&[-11.0, -10.0]), &[0.0], 1.0),
        Some(Split {
            low: true,
            outliers: 2
        })
    );
    assert_eq!(
        find_break(&with(&[20.0]), &[0.0], 1.0),
        Some(Split {
            low: false,
            outliers: 1
        })
    );
    // Two far points farther apart from each other than from the rest:
    // no single far piece.
    assert_eq!(find_break(&with(&[-25.0, -12.0]), &[0.0], 1.0), None);
}

/// The sample fixture has no outlier: no break anywhere.
#[test]
fn fixture_axes_do_not_break() {
    let a = fixture();
    for (k, kpi) in a.kpis.iter().enumerate() {
        let m = place(&a, k, &Crosshair::default());
        let l = layout_matrix(&m, kpi, Lang::En);
        assert!(l.breaks.is_empty(), "KPI {k}");
        positions_read_true(&l, &m);
    }
}

/// The sample's retention case: one letter at -41% while the rest lie
/// within -12..+10%. The impact axis breaks, the note says what it leaves
/// out, the rest gets at least twice the room, and every bubble reads its
/// true value on its piece.
#[test]
fn an_outlier_breaks_the_impact_axis() {
    let a = fixture();
    let mut m = place(&a, 0, &Crosshair::default());
    // The vertical spread in px of the points other than `far`.
    let spread = |l: &MatrixLayout, far: usize| {
        let ys: Vec<f64> = l
            .bubbles
            .iter()
            .filter(|b| b.touchpoint != far)
            .map(|b| b.cy)
            .collect();
        ys.iter().copied().fold(f64::MIN, f64::max) - ys.iter().copied().fold(f64::MAX, f64::min)
    };
    let far = m.points.iter().position(|p| !p.controllable).unwrap();
    m.points[far].y = -41.0;
    m.points[far].y_ci = Some([-48.0, -29.0]);
    let l = layout_matrix(&m, &a.kpis[0], Lang::En);
    assert_eq!(l.breaks.len(), 1);
    let band = l.breaks[0];
    assert!(
        band.x0 < l.plot.x0 && band.x1 > l.plot.x1,
        "a band across the plot"
    );
    positions_read_true(&l, &m);
    // The rest keeps most of the room it has without the far point.
    let far_tp = m.points[far].touchpoint;
    let mut without = m.clone();
    without.points.remove(far);
    let room = spread(&layout_matrix(&without, &a.kpis[0], Lang::En), far_tp);
    assert!(
        spread(&l, far_tp) > 0.75 * room,
        "{} of {room}",
        spread(&l, far_tp)
    );
    let note = l
        .shapes
        .iter()
        .any(|s| matches!(s, Shape::Text(t) if t.text.starts_with("The impact axis is broken")));
    assert!(note);
    // Its whisker stops at the break with an arrowhead, not in the gap.
    let b = l
        .bubbles
        .iter()
        .find(|b| b.touchpoint == m.points[far].touchpoint)
        .unwrap();
    let tip = (b.cx, band.y1);
    assert_eq!(arrowheads_at(&l, tip), 2, "arrowhead at the break");
    check_no_line_in(&l, &band);
    super::stress::check_rules(&l, &m);
}

/// Seeded surveys with one far point planted beyond the rest (on either
/// side): the axis breaks and positions read true; without it, no break.
#[test]
fn breaks_follow_the_rule_over_seeds() {
    let kpi = &fixture().kpis[0];
    for seed in 1..=20 {
        let mut rng = Rng::new(seed);
        let centre = (7.0, 0.0);
        let mut points: Vec<_> = (0..12)
            .map(|i| {
                let xy = (rng.uniform(5.0, 9.0), rng.uniform(-9.0, 9.0));
                point(i, format!("Moment {i}"), xy, rng.uniform(0.05, 1.0), centre)
            })
            .collect();
        let m = matrix(points.clone(), centre);
        let l = layout_matrix(&m, kpi, Lang::En);
        assert!(l.breaks.is_empty(), "seed {seed}: no outlier, no break");
        positions_read_true(&l, &m);
        let sign = if seed % 2 == 0 { 1.0 } else { -1.0 };
        let far = sign * (9.0 + 20.0 * rng.uniform(1.05, 3.0));
        points.push(point(12, "Far".into(), (7.5, far), 0.4, centre));
        let m = matrix(points, centre);
        let l = layout_matrix(&m, kpi, Lang::En);
        assert_eq!(l.breaks.len(), 1, "seed {seed}: far point at {far}");
        positions_read_true(&l, &m);
        super::stress::check_rules(&l, &m);
    }
}

/// A satisfaction far below the rest breaks the x axis the same way.
#[test]
fn an_outlier_breaks_the_satisfaction_axis() {
    let centre = (8.0, 0.0);
    let mut points: Vec<_> = (0..8)
        .map(|i| {
            let xy = (7.2 + 0.2 * i as f64, -6.0 + 1.7 * i as f64);
            point(i, format!("Moment {i}"), xy, 0.5, centre)
        })
        .collect();
    points.push(point(8, "Far".into(), (1.8, 3.0), 0.3, centre));
    points[8].x_ci = Some([1.2, 4.5]);
    let m = matrix(points, centre);
    let l = layout_matrix(&m, &fixture().kpis[0], Lang::En);
    assert_eq!(l.breaks.len(), 1);
    let band = l.breaks[0];
    assert!(
        band.y0 < l.plot.y0 && band.y1 > l.plot.y1,
        "a band down the plot"
    );
    positions_read_true(&l, &m);
    let b = l.bubbles.iter().find(|b| b.touchpoint == 8).unwrap();
    assert_eq!(arrowheads_at(&l, (band.x0, b.cy)), 2);
    check_no_line_in(&l, &band);
}

/// The number of short strokes (an arrowhead's two) starting at `tip`.
fn arrowheads_at(l: &MatrixLayout, tip: (f64, f64)) -> usize {
    l.shapes
        .iter()
        .filter(|s| match s {
            Shape::Line { points, .. } if points.len() == 2 => {
                let (a, b) = (points[0], points[1]);
                (a.0 - tip.0).hypot(a.1 - tip.1) < 0.01 && (b.0 - a.0).hypot(b.1 - a.1) < 8.0
            }
            _ => false,
        })
        .count()
}

/// No line drawn after a break's band (whiskers, leaders) runs inside
/// it within the plot; the break marks sit on its edges.
fn check_no_line_in(l: &MatrixLayout, band: &BoxF) {
    let start = l
        .shapes
        .iter()
        .position(|s| matches!(s, Shape::Rect { area, .. } if area == band))
        .expect("the band is drawn");
    let inner = BoxF {
        x0: band.x0.max(l.plot.x0) + 1.0,
        y0: band.y0.max(l.plot.y0) + 1.0,
        x1: band.x1.min(l.plot.x1) - 1.0,
        y1: band.y1.min(l.plot.y1) - 1.0,
    };
    for s in &l.shapes[start + 1..] {
        if let Shape::Line { points, .. } = s {
            for w in points.windows(2) {
                let mid = ((w[0].0 + w[1].0) / 2.0, (w[0].1 + w[1].1) / 2.0);
                let inside =
                    mid.0 > inner.x0 && mid.0 < inner.x1 && mid.1 > inner.y0 && mid.1 < inner.y1;
                assert!(!inside, "a line inside the break at {mid:?}");
            }
        }
    }
}

/// Whiskers that run past the plot's edge stop at it with an arrowhead.
#[test]
fn whiskers_past_the_edge_end_in_an_arrowhead() {
    let a = fixture();
    let mut m = place(&a, 0, &Crosshair::default());
    let (x, y) = (m.points[0].x, m.points[0].y);
    m.points[0].x_ci = Some([x - 50.0, x + 0.1]);
    m.points[0].y_ci = Some([y - 0.5, y + 500.0]);
    let l = layout_matrix(&m, &a.kpis[0], Lang::En);
    let b = l
        .bubbles
        .iter()
        .find(|b| b.touchpoint == m.points[0].touchpoint)
        .unwrap();
    assert_eq!(arrowheads_at(&l, (l.plot.x0, b.cy)), 2, "left edge");
    assert_eq!(arrowheads_at(&l, (b.cx, l.plot.y0)), 2, "top edge");
    for s in &l.shapes {
        if let Shape::Line { points, .. } = s {
            for p in points {
                assert!(p.0 >= l.plot.x0 - 8.0 && p.1 >= l.plot.y0 - 8.0, "{p:?}");
            }
        }
    }
    // The stress survey's whiskers never leave the plot either.
    let m = stress_matrix(3);
    let l = layout_matrix(&m, &a.kpis[0], Lang::En);
    assert!(l.shapes.iter().all(|s| match s {
        Shape::Line { points, .. } => points.iter().all(|p| p.1 <= l.plot.y1 + 8.0),
        _ => true,
    }));
}
