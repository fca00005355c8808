//! The words around the plot: the title with the model's n and R², the
//! crosshair line under it, the axis titles, and the notes under the chart.

use super::canvas::{
    quadrant_ink, text, HAlign, Shape, HEIGHT, INK, MUTED, PLOT, WIDTH, Y_TITLE_MAX_LINES,
    Y_TITLE_SIZE, Y_TITLE_STEP, Y_TITLE_X,
};
use super::frame::Frame;
use super::text::{fit_text, wrap};
use crate::format::NumFmt;
use crate::i18n::{fill, Texts};
use crate::model::{KpiAnalysis, KpiKind};
use crate::quadrant::{CrosshairRule, Matrix, Quadrant, XScale};

/// A KPI chart's title: the KPI, its base n and its R² (pseudo-R² for a
/// logistic model), as the matrix and the bar chart show it.
pub(crate) fn kpi_title(kpi: &KpiAnalysis, t: &Texts, nf: NumFmt) -> String {
    let logistic = kpi.model.model == cximpact_regression::ModelKind::Logistic;
    fill(
        if logistic {
            t.matrix_title_logistic
        } else {
            t.matrix_title
        },
        &[
            ("kpi", &kpi.label),
            ("n", &nf.int(kpi.model.n)),
            ("r2", &nf.dec(kpi.model.r2, 2)),
        ],
    )
}

/// The title, in bold, and under it where the crosshair sits.
pub(super) fn draw_titles(
    shapes: &mut Vec<Shape>,
    matrix: &Matrix,
    kpi: &KpiAnalysis,
    t: &Texts,
    nf: NumFmt,
) {
    let plot = PLOT;
    let title = kpi_title(kpi, t, nf);
    let mut title_shape = text(
        plot.x0,
        26.0,
        fit_text(&title, 18.0, WIDTH - 120.0),
        18.0,
        INK,
        HAlign::Start,
    );
    if let Shape::Text(ts) = &mut title_shape {
        ts.bold = true;
    }
    shapes.push(title_shape);
    let sub = subtitle(matrix, kpi, t, nf);
    for (i, l) in wrap(&sub, 12.0, WIDTH - plot.x0 - 20.0)
        .into_iter()
        .take(2)
        .enumerate()
    {
        shapes.push(text(
            plot.x0,
            47.0 + i as f64 * 15.0,
            l,
            12.0,
            MUTED,
            HAlign::Start,
        ));
    }
}

/// Where the crosshair sits and why, with a note for a reversed or
/// yes/no KPI.
fn subtitle(matrix: &Matrix, kpi: &KpiAnalysis, t: &Texts, nf: NumFmt) -> String {
    let rule = |r: CrosshairRule, v: String| match r {
        CrosshairRule::Mean => fill(t.rule_mean, &[("v", &v)]),
        CrosshairRule::Median => fill(t.rule_median, &[("v", &v)]),
        CrosshairRule::Midpoint => fill(t.rule_midpoint, &[("v", &v)]),
        CrosshairRule::Zero => t.rule_zero.to_string(),
        CrosshairRule::Value(_) => fill(t.rule_value, &[("v", &v)]),
    };
    let x_unit = |v: f64| match matrix.x_scale {
        XScale::Raw { .. } => nf.dec(v, 2),
        XScale::PercentOfScale => nf.pct(v, 1),
    };
    let mut sub = fill(
        t.crosshair_line,
        &[
            ("x", &rule(matrix.crosshair.x, x_unit(matrix.cx))),
            (
                "y",
                &rule(matrix.crosshair.y, format!("{}%", nf.signed(matrix.cy, 1))),
            ),
        ],
    );
    if kpi.reverse {
        sub = format!("{sub} {}", t.reversed_note);
    } else if kpi.kind == KpiKind::Binary {
        sub = format!("{sub} {}", t.binary_note);
    }
    sub
}

/// The x title under the axis and the y title, rotated, left of it.
pub(super) fn draw_axis_titles(
    shapes: &mut Vec<Shape>,
    matrix: &Matrix,
    kpi: &KpiAnalysis,
    t: &Texts,
    nf: NumFmt,
) {
    let plot = PLOT;
    let x_title = match matrix.x_scale {
        XScale::Raw { min, max } => fill(
            t.axis_x,
            &[(
                "scale",
                &format!("{}-{}", nf.scale_point(min), nf.scale_point(max)),
            )],
        ),
        XScale::PercentOfScale => t.axis_x_pct.to_string(),
    };
    let mut xt = text(
        (plot.x0 + plot.x1) / 2.0,
        plot.y1 + 36.0,
        x_title,
        13.0,
        INK,
        HAlign::Middle,
    );
    if let Shape::Text(ts) = &mut xt {
        ts.bold = true;
    }
    shapes.push(xt);
    // The y title in plain words, rotated: what the axis measures, then
    // how to read it, each wrapped to the plot's height.
    for (i, (line, bold)) in y_title_lines(&fill(t.axis_y, &[("kpi", &kpi.label)]))
        .into_iter()
        .enumerate()
    {
        let mut yt = text(
            Y_TITLE_X + Y_TITLE_STEP * i as f64,
            (plot.y0 + plot.y1) / 2.0,
            line,
            Y_TITLE_SIZE,
            INK,
            HAlign::Middle,
        );
        if let Shape::Text(ts) = &mut yt {
            ts.bold = bold;
            ts.vertical = true;
        }
        shapes.push(yt);
    }
}

/// The y title's lines, left to right, and whether each is bold: the part
/// before "; " (what the axis measures) in bold, the rest (how to read it)
/// plain, each wrapped to the plot's height. Only a title that needs more
/// than `Y_TITLE_MAX_LINES` lines (an extremely long KPI label) is cut.
pub fn y_title_lines(title: &str) -> Vec<(String, bool)> {
    let height = PLOT.y1 - PLOT.y0;
    let mut lines: Vec<(String, bool)> = Vec::new();
    for (i, part) in title.splitn(2, "; ").enumerate() {
        lines.extend(
            wrap(part, Y_TITLE_SIZE, height)
                .into_iter()
                .map(|l| (l, i == 0)),
        );
    }
    if lines.len() > Y_TITLE_MAX_LINES {
        lines.truncate(Y_TITLE_MAX_LINES);
        if let Some(last) = lines.last_mut() {
            last.0 = fit_text(&format!("{} \u{2026}", last.0), Y_TITLE_SIZE, height);
        }
    }
    lines
}

/// Under the chart: a caution for a KPI with caveats, what a broken axis
/// leaves out, and the touchpoints that could not be placed.
pub(super) fn draw_notes(
    shapes: &mut Vec<Shape>,
    matrix: &Matrix,
    kpi: &KpiAnalysis,
    frame: &Frame,
    t: &Texts,
    nf: NumFmt,
) {
    let plot = PLOT;
    let mut bottom = HEIGHT - 14.0;
    for note in break_notes(matrix, frame, t, nf) {
        shapes.push(text(
            plot.x0,
            bottom,
            fit_text(&note, 11.0, WIDTH - plot.x0 - 20.0),
            11.0,
            MUTED,
            HAlign::Start,
        ));
        bottom -= 14.0;
    }
    if !kpi.model.caveats.is_empty() {
        let mut caution = text(
            plot.x0,
            bottom,
            fit_text(t.caveat_svg, 12.0, WIDTH - plot.x0 - 20.0),
            12.0,
            quadrant_ink(Quadrant::Prevent),
            HAlign::Start,
        );
        if let Shape::Text(ts) = &mut caution {
            ts.bold = true;
        }
        shapes.push(caution);
        bottom -= 15.0;
    }
    if matrix.points.iter().any(|p| p.previous.is_some()) {
        shapes.push(text(
            plot.x0,
            bottom,
            fit_text(t.moves_note, 11.0, WIDTH - plot.x0 - 20.0),
            11.0,
            MUTED,
            HAlign::Start,
        ));
        bottom -= 14.0;
    }
    if !matrix.unplaced.is_empty() {
        let list: Vec<&str> = matrix.unplaced.iter().map(|u| u.label.as_str()).collect();
        let note = fill(t.not_placed, &[("list", &list.join(", "))]);
        shapes.push(text(
            plot.x0,
            bottom,
            fit_text(&note, 11.0, WIDTH - plot.x0 - 20.0),
            11.0,
            MUTED,
            HAlign::Start,
        ));
    }
}

/// What each broken axis leaves out, in words: the stretch between its
/// pieces, rounded inwards so that it never claims more than was left out.
fn break_notes(matrix: &Matrix, frame: &Frame, t: &Texts, nf: NumFmt) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some((lo, hi)) = frame.x.cut() {
        let (from, to) = inwards(lo, hi);
        let unit = |v: f64| match matrix.x_scale {
            XScale::Raw { .. } => nf.dec(v, 1),
            XScale::PercentOfScale => format!("{}%", nf.dec(v, 1)),
        };
        notes.push(fill(
            t.axis_break_note,
            &[
                ("axis", t.axis_satisfaction),
                ("from", &unit(from)),
                ("to", &unit(to)),
            ],
        ));
    }
    if let Some((lo, hi)) = frame.y.cut() {
        let (from, to) = inwards(lo, hi);
        let pct = |v: f64| format!("{}%", nf.signed(v, 1));
        notes.push(fill(
            t.axis_break_note,
            &[
                ("axis", t.axis_impact),
                ("from", &pct(from)),
                ("to", &pct(to)),
            ],
        ));
    }
    notes
}

/// `lo..hi` rounded inwards to one decimal.
fn inwards(lo: f64, hi: f64) -> (f64, f64) {
    ((lo * 10.0).ceil() / 10.0, (hi * 10.0).floor() / 10.0)
}
