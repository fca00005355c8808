//! Layout tests: labels and bubbles stay legible and inside the plot, and
//! every mark the matrix uses is explained.

use super::canvas::{MIN_RADIUS, UNCERTAIN_DASH, Y_TITLE_MAX_LINES};
use super::*;
use crate::fixture::fixture;
use crate::i18n::fill;
use crate::quadrant::{place, Crosshair, Quadrant};

mod breaks;
mod stress;

/// No two labels overlap, nor a label and a marker. Markers are discs on
/// their bubbles' centres, so two of them overlap exactly when their
/// bubbles lie closer than a marker is wide, drawn on top of each other.
pub(super) fn no_overlaps(labels: &[LabelPlacement]) {
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            if a.marker.is_some() && b.marker.is_some() {
                continue;
            }
            assert!(
                !a.bbox.overlaps(&b.bbox),
                "{:?} overlaps {:?}: {a:?} {b:?}",
                a.text,
                b.text
            );
        }
    }
}

/// An impact interval that includes zero draws a dashed whisker (and
/// the legend explains it); one that does not, a solid one.
#[test]
fn uncertain_direction_draws_a_dashed_whisker() {
    let a = fixture();
    let mut m = place(&a, 0, &Crosshair::default());
    for p in &mut m.points {
        p.x_ci = None;
        p.y_ci = None;
    }
    let dashed = |m: &Matrix| {
        layout_matrix(m, &a.kpis[0], Lang::En)
            .shapes
            .iter()
            .filter(|s| matches!(s, Shape::Line { dash: Some(d), .. } if *d == UNCERTAIN_DASH))
            .count()
    };
    let y = m.points[0].y;
    m.points[0].y_ci = Some([y.abs() * 0.5 + 0.1, y.abs() * 1.5 + 0.2]);
    assert_eq!(dashed(&m), 0);
    m.points[0].y_ci = Some([-1.0, y.abs() + 1.0]);
    // The whisker and its legend key.
    assert_eq!(dashed(&m), 2);
    let l = layout_matrix(&m, &a.kpis[0], Lang::En);
    assert!(l
        .shapes
        .iter()
        .any(|s| matches!(s, Shape::Text(t) if t.text.starts_with("dashed:"))));
}

/// The y title is plain words and fits without an ellipsis, in both
/// languages, for every fixture KPI.
#[test]
fn y_title_fits_in_plain_words() {
    let a = fixture();
    for lang in [Lang::En, Lang::Nl] {
        for (k, kpi) in a.kpis.iter().enumerate() {
            let m = place(&a, k, &Crosshair::default());
            let l = layout_matrix(&m, kpi, lang);
            let lines: Vec<&TextShape> = l
                .shapes
                .iter()
                .filter_map(|s| match s {
                    Shape::Text(t) if t.vertical => Some(t),
                    _ => None,
                })
                .collect();
            assert!((2..=Y_TITLE_MAX_LINES).contains(&lines.len()), "{lines:?}");
            let joined: Vec<&str> = lines.iter().map(|t| t.text.as_str()).collect();
            let joined = joined.join(" ");
            assert!(!joined.contains('\u{2026}'), "{joined}");
            assert!(joined.contains(&kpi.label), "{joined}");
            for t in &lines {
                assert!(text_width(&t.text, t.size) <= l.plot.y1 - l.plot.y0);
                // Left of the tick labels.
                assert!(t.x + t.size / 2.0 < l.plot.x0 - 45.0, "{}", t.x);
            }
        }
    }
    let en: Vec<(String, bool)> = y_title_lines(&fill(
        texts(Lang::En).axis_y,
        &[("kpi", "Likelihood to recommend")],
    ));
    assert_eq!(
        en,
        [
            (
                "Impact on Likelihood to recommend: share of what explains it (%)".into(),
                true
            ),
            ("above the line it helps, below it hurts".into(), false)
        ]
    );
}

/// Touchpoints marked not controllable are drawn as outlines, with a
/// legend key; the others are filled.
#[test]
fn not_controllable_bubbles_are_hollow() {
    let a = fixture();
    let m = place(&a, 0, &Crosshair::default());
    let l = layout_matrix(&m, &a.kpis[0], Lang::En);
    let hollow: Vec<usize> = l
        .bubbles
        .iter()
        .filter(|b| b.hollow)
        .map(|b| b.touchpoint)
        .collect();
    assert_eq!(hollow, [14]);
    let outlines = l
        .shapes
        .iter()
        .filter(|s| matches!(s, Shape::Circle { fill_opacity, stroke_width: 2, .. } if *fill_opacity == 0.0))
        .count();
    // The bubble and the legend key.
    assert_eq!(outlines, 2);
    assert!(l
        .shapes
        .iter()
        .any(|s| matches!(s, Shape::Text(t) if t.text.starts_with("outline only:"))));
    // Without such touchpoints, no key.
    let mut a = fixture();
    a.touchpoints[14].controllable = true;
    let m = place(&a, 0, &Crosshair::default());
    let l = layout_matrix(&m, &a.kpis[0], Lang::En);
    assert!(l.bubbles.iter().all(|b| !b.hollow));
    assert!(!l
        .shapes
        .iter()
        .any(|s| matches!(s, Shape::Text(t) if t.text.starts_with("outline only"))));
}

#[test]
fn kpi_with_caveats_carries_a_caution() {
    let mut a = fixture();
    let caution = |a: &crate::model::Analysis| {
        let m = place(a, 2, &Crosshair::default());
        layout_matrix(&m, &a.kpis[2], Lang::En)
            .shapes
            .iter()
            .any(|s| matches!(s, Shape::Text(t) if t.text.starts_with("Caution")))
    };
    assert!(!caution(&a));
    a.kpis[2].model.caveats = vec![cximpact_regression::ModelCaveat::Separation];
    assert!(caution(&a));
}

#[test]
fn fixture_labels_do_not_overlap_and_stay_inside() {
    let a = fixture();
    for k in 0..a.kpis.len() {
        let m = place(&a, k, &Crosshair::default());
        let l = layout_matrix(&m, &a.kpis[k], Lang::En);
        assert_eq!(l.labels.len(), m.points.len());
        no_overlaps(&l.labels);
        for lab in &l.labels {
            assert!(lab.bbox.inside(&l.plot), "{} outside", lab.text);
            assert!(
                !l.captions.iter().any(|c| c.overlaps(&lab.bbox)),
                "{}",
                lab.text
            );
        }
        for b in &l.bubbles {
            let bb = BoxF {
                x0: b.cx - b.r,
                y0: b.cy - b.r,
                x1: b.cx + b.r,
                y1: b.cy + b.r,
            };
            assert!(
                bb.inside(&l.plot),
                "bubble {} outside the plot",
                b.touchpoint
            );
            for c in &l.captions {
                assert_eq!(
                    c.circle_intrusion(b.cx, b.cy, b.r),
                    0.0,
                    "bubble on caption"
                );
            }
        }
    }
}

#[test]
fn crowded_labels_do_not_overlap() {
    // 25 bubbles piled into a small area.
    let plot = PLOT;
    let mut items = Vec::new();
    let mut bubbles = Vec::new();
    for i in 0..25 {
        let (cx, cy) = (400.0 + (i % 5) as f64 * 14.0, 330.0 + (i / 5) as f64 * 12.0);
        items.push(LabelItem {
            touchpoint: i,
            text: format!("Touchpoint number {i}"),
            name: format!("Touchpoint number {i}"),
            cx,
            cy,
            r: 6.0,
            region: plot,
        });
        bubbles.push(Bubble {
            touchpoint: i,
            cx,
            cy,
            r: 6.0,
            quadrant: Quadrant::Amplify,
            small_base: false,
            hollow: false,
        });
    }
    let labels = place_labels(&items, &bubbles, &[]);
    assert_eq!(labels.len(), 25);
    no_overlaps(&labels);
    assert!(labels.iter().all(|l| l.bbox.inside(&plot)));
    assert!(labels.iter().any(|l| l.leader.is_some()));
}

#[test]
fn ticks_are_round() {
    assert_eq!(
        nice_ticks(0.0, 10.0, 5),
        vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    );
    assert_eq!(
        nice_ticks(-23.0, 41.0, 8),
        vec![-20.0, -10.0, 0.0, 10.0, 20.0, 30.0, 40.0]
    );
    assert_eq!(nice_ticks(5.9, 8.3, 8), vec![6.0, 6.5, 7.0, 7.5, 8.0]);
}

#[test]
fn bubble_area_is_proportional_to_frequency() {
    let (r1, r4) = (radius(0.2), radius(0.8));
    assert!((r4 * r4 / (r1 * r1) - 4.0).abs() < 1e-9);
    assert_eq!(radius(0.0), MIN_RADIUS);
}

#[test]
fn wraps_and_fits_text() {
    assert_eq!(
        wrap("aa bb cc", 10.0, text_width("aa bb", 10.0) + 0.1),
        ["aa bb", "cc"]
    );
    let s = fit_text("A very long touchpoint label indeed", 12.0, 80.0);
    assert!(
        s.ends_with('\u{2026}') && text_width(&s, 12.0) <= 80.0,
        "{s}"
    );
}
