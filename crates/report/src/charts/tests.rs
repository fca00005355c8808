//! Layout tests of the slide charts: what a consultant would check on the
//! slide (order, nothing overlapping, nothing cut without a sign, every
//! touchpoint there), measured on the laid-out shapes.

use super::importance::{layout_importance, ImportanceLayout, MIN_HEIGHT};
use super::journey::{journey_order, layout_journey, JourneyRow};
use super::scale::Diverging;
use super::{render_importance_svg, render_journey_svg};
use crate::fixture::fixture;
use crate::lang::Lang;
use crate::layout::{BoxF, Shape};
use crate::model::Analysis;
use crate::quadrant::{place, Crosshair, Matrix};

fn matrix(a: &Analysis, k: usize) -> Matrix {
    place(a, k, &Crosshair::default())
}

fn importance(a: &Analysis, k: usize) -> ImportanceLayout {
    layout_importance(&matrix(a, k), &a.kpis[k], Lang::En)
}

fn texts_of(shapes: &[Shape]) -> Vec<&str> {
    shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text(t) => Some(t.text.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn bars_run_from_most_positive_to_most_negative_with_every_touchpoint() {
    let a = fixture();
    for k in 0..a.kpis.len() {
        let m = matrix(&a, k);
        let l = layout_importance(&m, &a.kpis[k], Lang::En);
        let impacts: Vec<f64> = l.rows.iter().map(|r| r.impact).collect();
        assert!(impacts.windows(2).all(|w| w[0] >= w[1]), "{impacts:?}");
        assert!(l.rows.windows(2).all(|w| w[0].bar.y1 <= w[1].bar.y0));
        let mut shown: Vec<usize> = l.rows.iter().map(|r| r.touchpoint).collect();
        shown.sort_unstable();
        let placed: Vec<usize> = m.points.iter().map(|p| p.touchpoint).collect();
        assert_eq!(shown, placed);
        // Every bar starts at zero: a positive one runs right with its
        // value beyond its end, a negative one left.
        let zero = l.rows[0].bar.x0;
        for r in &l.rows {
            let start = if r.impact >= 0.0 { r.bar.x0 } else { r.bar.x1 };
            assert!((start - zero).abs() < 1e-9);
            assert_eq!(r.impact >= 0.0, r.value.x0 >= r.bar.x1);
        }
        // The one touchpoint nobody experienced is named under the chart.
        let texts = texts_of(&l.shapes);
        assert!(
            texts.iter().any(|t| t.contains("Moving house service")),
            "{texts:?}"
        );
    }
}

#[test]
fn labels_and_values_keep_clear_of_the_bars_and_each_other() {
    let a = fixture();
    let l = importance(&a, 0);
    let marks: Vec<BoxF> = l
        .rows
        .iter()
        .flat_map(|r| {
            let w = r.whisker.map(|w| BoxF {
                x0: w.x0,
                y0: w.y - 4.0,
                x1: w.x1,
                y1: w.y + 4.0,
            });
            [Some(r.bar), w].into_iter().flatten()
        })
        .collect();
    for (i, r) in l.rows.iter().enumerate() {
        assert!(r.label.x1 < l.plot.x0, "label {i} reaches into the plot");
        assert!(r.label.x0 >= 0.0);
        for m in &marks {
            assert!(!r.label.overlaps(m), "label {i} on a bar");
            assert!(!r.value.overlaps(m), "value {i} on a bar or whisker");
        }
        assert!(r.value.inside(&l.plot), "value {i} outside the plot");
        for (j, o) in l.rows.iter().enumerate().skip(i + 1) {
            assert!(!r.label.overlaps(&o.label), "labels {i} and {j}");
            assert!(!r.value.overlaps(&o.value), "values {i} and {j}");
        }
    }
}

/// A whisker far beyond the bars is cut at the plot's edge and ends in an
/// arrowhead there; one inside the range keeps its end caps.
#[test]
fn wide_whiskers_are_cut_at_the_edge_with_an_arrowhead() {
    let a = fixture();
    let mut m = matrix(&a, 0);
    let wide = m.points[0].touchpoint;
    m.points[0].y_ci = Some([-80.0, 95.0]);
    let l = layout_importance(&m, &a.kpis[0], Lang::En);
    let row = l.rows.iter().find(|r| r.touchpoint == wide).unwrap();
    let w = row.whisker.unwrap();
    assert!(w.cut_low && w.cut_high);
    assert!(w.x0 >= l.plot.x0 && w.x1 <= l.plot.x1);
    assert!(l.range.0 > -80.0 && l.range.1 < 95.0, "{:?}", l.range);
    let tips: Vec<(f64, f64)> = l
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Line { points, .. } if points.len() == 3 => Some(points[1]),
            _ => None,
        })
        .collect();
    assert!(tips.contains(&(w.x0, w.y)) && tips.contains(&(w.x1, w.y)));
    // A whisker is cut exactly where its interval leaves the range, and
    // an end that is not cut has its cap.
    let caps: Vec<(f64, f64)> = l
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Line { points, .. } if points.len() == 2 && points[0].0 == points[1].0 => {
                Some((points[0].0, (points[0].1 + points[1].1) / 2.0))
            }
            _ => None,
        })
        .collect();
    for r in &l.rows {
        let [lo, hi] = m.point(r.touchpoint).unwrap().y_ci.unwrap();
        let w = r.whisker.unwrap();
        assert_eq!(w.cut_low, lo < l.range.0, "touchpoint {}", r.touchpoint);
        assert_eq!(w.cut_high, hi > l.range.1, "touchpoint {}", r.touchpoint);
        for (x, cut) in [(w.x0, w.cut_low), (w.x1, w.cut_high)] {
            assert_eq!(
                cut,
                !caps.contains(&(x, w.y)),
                "touchpoint {}",
                r.touchpoint
            );
            assert_eq!(cut, tips.contains(&(x, w.y)), "touchpoint {}", r.touchpoint);
        }
    }
    // The legend explains the arrowhead (wrapped over lines).
    assert!(texts_of(&l.shapes)
        .join(" ")
        .contains("arrow: the interval runs on beyond the chart"));
}

/// A label too long for its column wraps at spaces and, where it still
/// does not fit, ends in an ellipsis: never a word cut without one.
#[test]
fn long_labels_wrap_and_end_in_an_ellipsis() {
    let mut a = fixture();
    let long = "Handling of the storm damage claim by the external loss adjuster and the \
                repair company after the October storm";
    a.touchpoints[0].label = long.into();
    let l = importance(&a, 0);
    let row = l.rows.iter().find(|r| r.touchpoint == 0).unwrap();
    assert!(row.label_lines.len() == 2, "{:?}", row.label_lines);
    let last = row.label_lines.last().unwrap();
    assert!(last.ends_with('\u{2026}'), "{last}");
    let shown = row.label_lines.join(" ");
    let shown = shown.trim_end_matches('\u{2026}');
    assert!(long.starts_with(shown), "{shown}");
    assert!(row.label.x1 - row.label.x0 <= 280.0 + 1e-9);
}

#[test]
fn hollow_pale_and_dashed_marks_follow_the_matrix() {
    let a = fixture();
    let m = matrix(&a, 0);
    let l = layout_importance(&m, &a.kpis[0], Lang::En);
    let filled = |b: &BoxF| {
        l.shapes.iter().find_map(|s| match s {
            Shape::Rect { area, opacity, .. } if area == b => Some(*opacity),
            _ => None,
        })
    };
    for p in &m.points {
        let row = l
            .rows
            .iter()
            .find(|r| r.touchpoint == p.touchpoint)
            .unwrap();
        match (p.controllable, p.impact_uncertain) {
            (false, _) => assert_eq!(filled(&row.bar), None, "{} is hollow", p.label),
            (true, true) => assert_eq!(filled(&row.bar), Some(0.35), "{} is pale", p.label),
            (true, false) => assert_eq!(filled(&row.bar), Some(0.85), "{}", p.label),
        }
    }
    assert!(m.points.iter().any(|p| !p.controllable));
    assert!(m.points.iter().any(|p| p.impact_uncertain));
    let dashed_whiskers = l
        .shapes
        .iter()
        .filter(|s| matches!(s, Shape::Line { points, dash: Some(_), .. } if points.len() == 2 && points[0].1 == points[1].1))
        .count();
    // One per uncertain touchpoint, and the legend's.
    let uncertain = m.points.iter().filter(|p| p.impact_uncertain).count();
    assert_eq!(dashed_whiskers, uncertain + 1);
}

#[test]
fn many_touchpoints_grow_the_canvas_and_none_is_left_out() {
    let mut a = fixture();
    let template = a.touchpoints[0].clone();
    let mut extra = Vec::new();
    for i in 0..60 {
        let mut tp = template.clone();
        tp.label = format!("Extra moment {i}");
        extra.push(tp);
    }
    // Every model keeps an effect per touchpoint.
    for kpi in &mut a.kpis {
        let effect = kpi.model.touchpoints[0].clone();
        kpi.model
            .touchpoints
            .extend(std::iter::repeat_n(effect, 60));
        kpi.uncertainty = None;
    }
    a.touchpoints.extend(extra);
    let l = importance(&a, 0);
    assert_eq!(l.rows.len(), 77);
    assert!(l.height > MIN_HEIGHT);
    for w in l.rows.windows(2) {
        assert!(w[1].bar.y0 - w[0].bar.y0 >= 18.0 - 1e-9);
        assert!(!w[0].label.overlaps(&w[1].label));
    }
}

#[test]
fn an_empty_matrix_still_draws() {
    let a = fixture();
    let mut m = matrix(&a, 0);
    m.points.clear();
    let l = layout_importance(&m, &a.kpis[0], Lang::En);
    assert!(l.rows.is_empty());
    assert!(l.range.0 < 0.0 && l.range.1 > 0.0);
    let svg = super::super::svg::draw_shapes(l.width, l.height, &l.shapes).unwrap();
    assert!(svg.contains("</svg>"));
}

#[test]
fn the_bar_chart_speaks_dutch() {
    let a = fixture();
    let svg = render_importance_svg(&matrix(&a, 1), &a.kpis[1], Lang::Nl).unwrap();
    for w in [
        "Kwadrant in de matrix:",
        "Verbeteren",
        "rechts van nul helpt het",
        "R\u{b2} = 0,33",
    ] {
        assert!(svg.contains(w), "missing {w}");
    }
    // The effort KPI is reversed: the note speaks of the bars' direction,
    // not the matrix's "up".
    assert!(a.kpis[1].reverse);
    assert!(svg.contains("rechts") && svg.contains("altijd goed"));
    assert!(!svg.contains("omhoog"));
    assert!(svg.contains("Contract &amp; terms"));
}

/// Phases in the order they first appear, each phase's touchpoints in
/// config order, touchpoints without a phase last.
#[test]
fn heatmap_rows_follow_the_phases_then_config_order() {
    let mut a = fixture();
    // Interleave: touchpoint 2 goes back to the first phase, 5 loses its.
    a.touchpoints[2].phase = Some("Orientation".into());
    a.touchpoints[5].phase = None;
    let order = journey_order(&a);
    assert_eq!(order[0].0.as_deref(), Some("Orientation"));
    assert_eq!(order[0].1, [0, 1, 2]);
    assert_eq!(order[1].0.as_deref(), Some("Consideration"));
    assert_eq!(order[1].1, [3]);
    assert_eq!(order.last().unwrap(), &(None, vec![5]));

    let matrices: Vec<Matrix> = (0..a.kpis.len()).map(|k| matrix(&a, k)).collect();
    let l = layout_journey(&a, &matrices, Lang::En);
    let rows: Vec<String> = l
        .rows
        .iter()
        .map(|r| match r {
            JourneyRow::Phase { name, .. } => format!("# {name}"),
            JourneyRow::Touchpoint { touchpoint, .. } => touchpoint.to_string(),
        })
        .collect();
    assert_eq!(
        rows[..6],
        ["# Orientation", "0", "1", "2", "# Consideration", "3"]
    );
    assert_eq!(rows[rows.len() - 2..], ["# Other moments", "5"]);
    let tps = rows.iter().filter(|r| !r.starts_with('#')).count();
    assert_eq!(tps, a.touchpoints.len());
    assert!(l
        .rows
        .windows(2)
        .all(|w| area(&w[0]).y1 <= area(&w[1]).y0 + 1e-9));
}

fn area(r: &JourneyRow) -> BoxF {
    match r {
        JourneyRow::Phase { area, .. } | JourneyRow::Touchpoint { area, .. } => *area,
    }
}

#[test]
fn every_touchpoint_has_a_cell_per_kpi_with_the_matrix_impact() {
    let a = fixture();
    let matrices: Vec<Matrix> = (0..a.kpis.len()).map(|k| matrix(&a, k)).collect();
    let l = layout_journey(&a, &matrices, Lang::En);
    assert_eq!(l.cells.len(), a.touchpoints.len() * a.kpis.len());
    for c in &l.cells {
        let p = matrices[c.kpi].point(c.touchpoint);
        assert_eq!(c.value, p.map(|p| p.y));
        assert_eq!(c.uncertain, p.is_some_and(|p| p.impact_uncertain));
        assert!(c.area.inside(&l.table));
        assert!(c.value.is_none_or(|v| v.abs() <= l.scale.max));
    }
    for (i, c) in l.cells.iter().enumerate() {
        for o in &l.cells[i + 1..] {
            assert!(!c.area.overlaps(&o.area));
        }
    }
    // The one touchpoint nobody experienced has empty cells; some cells
    // are uncertain and hatched.
    assert!(l.cells.iter().any(|c| c.value.is_none()));
    assert!(l.cells.iter().any(|c| c.uncertain));
    assert!(texts_of(&l.shapes)
        .join(" ")
        .contains("hatched: direction uncertain (interval includes zero)"));
    assert!(l.width / l.height >= 16.0 / 9.0 - 1e-9);
}

#[test]
fn the_colour_scale_diverges_from_white_to_blue_and_orange() {
    let s = Diverging::covering(13.7);
    assert_eq!(s.max, 15.0);
    assert_eq!(Diverging::covering(0.0).max, 1.0);
    assert_eq!(Diverging::covering(f64::NAN).max, 1.0);
    assert_eq!(Diverging::covering(250.0).max, 100.0);
    let white = s.colour(0.0);
    assert!(white.0 > 240 && white.1 > 240 && white.2 > 240);
    let blue = s.colour(15.0);
    let orange = s.colour(-15.0);
    assert!(blue.2 > blue.0 + 100, "{blue:?}");
    assert!(orange.0 > orange.2 + 100, "{orange:?}");
    // Further from zero is darker, on both sides.
    let lum = |c: crate::layout::Rgb| c.0 as u32 + c.1 as u32 + c.2 as u32;
    for v in [1.0, 4.0, 8.0, 12.0] {
        assert!(lum(s.colour(v + 2.0)) < lum(s.colour(v)));
        assert!(lum(s.colour(-v - 2.0)) < lum(s.colour(-v)));
    }
    assert!(s.is_dark(14.0) && !s.is_dark(3.0));
}

#[test]
fn the_heatmap_speaks_dutch() {
    let mut a = fixture();
    a.touchpoints[5].phase = None;
    let matrices: Vec<Matrix> = (0..a.kpis.len()).map(|k| matrix(&a, k)).collect();
    let svg = render_journey_svg(&a, &matrices, Lang::Nl).unwrap();
    for w in [
        "Impact langs de klantreis",
        "Overige momenten",
        "helpt",
        "schaadt",
        "gearceerd",
        "R\u{b2} = 0,33",
    ] {
        assert!(svg.contains(w), "missing {w}");
    }
}

/// Twelve KPIs do not fit the slide's width: the canvas grows so that
/// every column keeps a readable width and the key stays right of the
/// table.
#[test]
fn many_kpis_widen_the_heatmap_instead_of_squeezing_it() {
    let mut a = fixture();
    let kpis = a.kpis.clone();
    for _ in 0..3 {
        a.kpis.extend(kpis.iter().cloned());
    }
    let matrices: Vec<Matrix> = (0..a.kpis.len()).map(|k| matrix(&a, k)).collect();
    let l = layout_journey(&a, &matrices, Lang::En);
    assert_eq!(l.cells.len(), a.touchpoints.len() * 12);
    assert!(l.width > super::journey::WIDTH);
    for c in &l.cells {
        assert!(c.area.x1 - c.area.x0 >= 80.0);
        assert!(c.area.x1 <= l.table.x1);
    }
    let key_x = l
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text(t) if t.text == "Impact (%)" => Some(t.x),
            _ => None,
        })
        .next()
        .unwrap();
    assert!(key_x > l.table.x1 && key_x < l.width);
}
