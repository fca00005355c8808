//! The importance bar chart of one KPI: a horizontal bar per touchpoint of
//! its signed impact (the matrix's y), for a slide where a matrix asks too
//! much of the audience.
//!
//! Bars run from most positive at the top to most negative at the bottom,
//! not by absolute size: a consultant reads the chart as "what helps, then
//! what hurts", the zero line splits the two groups once, and up stays
//! good as in the matrix. Sorting by size would interleave helping and
//! hurting moments and make the eye zigzag across zero.
//!
//! Each bar has the colour of its quadrant in the matrix, with the
//! matrix's marks: hollow when not controllable, a dashed outline for a
//! small base, and for an uncertain direction a dashed whisker over a pale
//! bar. The axis range follows the bars; a whisker reaching far beyond
//! them is cut at the edge with an arrowhead, so one wide interval does
//! not squash every bar.

use super::draw::{arrowhead, bold, fit_lines, heading, line, outline, rect, signed_pct, text};
use crate::format::NumFmt;
use crate::i18n::{chart_texts, fill, texts, ChartTexts, Texts};
use crate::lang::Lang;
use crate::layout::{
    fit_text, kpi_title, nice_ticks, quadrant_colour, quadrant_ink, text_width, wrap, BoxF, HAlign,
    Rgb, Shape, AXIS, GRID, INK, MUTED, UNCERTAIN_DASH,
};
use crate::model::{KpiAnalysis, KpiKind};
use crate::quadrant::{Matrix, MatrixPoint, Quadrant};

/// Canvas width and smallest height in px: 16:9.
pub(crate) const WIDTH: f64 = 1280.0;
pub(crate) const MIN_HEIGHT: f64 = 720.0;
/// Left margin of the labels and the titles.
const LEFT: f64 = 32.0;
/// Top of the plot, under the title and subtitle.
const TOP: f64 = 84.0;
/// Under the plot: tick labels and the axis title.
const AXIS_SPACE: f64 = 50.0;
/// Each note under the chart, and the margin under the last.
const NOTE_STEP: f64 = 15.0;
const BOTTOM_MARGIN: f64 = 14.0;
/// The legend column right of the plot.
const LEGEND_WIDTH: f64 = 210.0;
const LABEL_SIZE: f64 = 12.0;
const LABEL_LINE: f64 = 14.0;
const LABEL_MIN_WIDTH: f64 = 120.0;
const LABEL_MAX_WIDTH: f64 = 280.0;
/// Between the labels and the plot.
const LABEL_GAP: f64 = 12.0;
const VALUE_SIZE: f64 = 11.0;
/// Between a bar's (or whisker's) end and its value.
const VALUE_GAP: f64 = 6.0;
/// Room kept at each side of the plot for an arrowhead.
const EDGE: f64 = 12.0;
/// Row pitch: below the smallest the canvas grows, above the largest the
/// bars would look like blocks.
const MIN_PITCH: f64 = 18.0;
const MAX_PITCH: f64 = 44.0;
/// How far beyond the bars (as a share of their span) the axis may reach
/// for a whisker before the whisker is cut.
const WHISKER_ROOM: f64 = 0.2;

/// The whole chart, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ImportanceLayout {
    pub(crate) width: f64,
    pub(crate) height: f64,
    /// The bars' area, labels left of it.
    pub(crate) plot: BoxF,
    /// The impact range (%) on the axis.
    pub(crate) range: (f64, f64),
    /// One row per placed touchpoint, top to bottom.
    pub(crate) rows: Vec<BarRow>,
    /// Everything in drawing order.
    pub(crate) shapes: Vec<Shape>,
}

/// One touchpoint's row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BarRow {
    pub(crate) touchpoint: usize,
    pub(crate) impact: f64,
    pub(crate) label_lines: Vec<String>,
    pub(crate) label: BoxF,
    pub(crate) bar: BoxF,
    pub(crate) value: BoxF,
    pub(crate) whisker: Option<Whisker>,
}

/// An interval whisker in px, cut to the plot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Whisker {
    pub(crate) x0: f64,
    pub(crate) x1: f64,
    pub(crate) y: f64,
    /// The interval runs on beyond the left or right end.
    pub(crate) cut_low: bool,
    pub(crate) cut_high: bool,
}

/// Impact values to px.
#[derive(Debug, Clone, Copy)]
struct Axis {
    lo: f64,
    hi: f64,
    /// The px `lo` and `hi` land on, inside the plot.
    x0: f64,
    x1: f64,
}

impl Axis {
    fn px(&self, v: f64) -> f64 {
        self.x0 + (v - self.lo) / (self.hi - self.lo) * (self.x1 - self.x0)
    }
}

/// Lays out the bar chart of one KPI's matrix.
pub(crate) fn layout_importance(
    matrix: &Matrix,
    kpi: &KpiAnalysis,
    lang: Lang,
) -> ImportanceLayout {
    let (t, ct, nf) = (texts(lang), chart_texts(lang), NumFmt::new(lang));
    let points = sorted(matrix);
    let notes = notes(matrix, kpi, t);

    let label_width = points
        .iter()
        .map(|p| text_width(&p.label, LABEL_SIZE))
        .fold(LABEL_MIN_WIDTH, f64::max)
        .min(LABEL_MAX_WIDTH);
    let room = MIN_HEIGHT - TOP - AXIS_SPACE - notes.len() as f64 * NOTE_STEP - BOTTOM_MARGIN;
    let pitch = (room / points.len().max(1) as f64).clamp(MIN_PITCH, MAX_PITCH);
    let plot = BoxF {
        x0: LEFT + label_width + LABEL_GAP,
        y0: TOP,
        x1: WIDTH - LEGEND_WIDTH - 28.0,
        y1: TOP + pitch * points.len().max(1) as f64,
    };
    let height = (plot.y1 + AXIS_SPACE + notes.len() as f64 * NOTE_STEP + BOTTOM_MARGIN)
        .max(MIN_HEIGHT)
        .ceil();

    let values: Vec<String> = points.iter().map(|p| signed_pct(nf, p.y, 1)).collect();
    let axis = axis(&points, &values, &plot);
    let mut shapes = Vec::new();
    draw_grid(&mut shapes, &plot, &axis, pitch, points.len(), nf);
    let rows = rows(&points, &values, &plot, &axis, pitch, label_width);
    draw_rows(&mut shapes, &points, &rows, &values);
    draw_titles(&mut shapes, kpi, t, ct, nf);
    shapes.push(bold(
        (plot.x0 + plot.x1) / 2.0,
        plot.y1 + 36.0,
        fill(ct.importance_axis, &[("kpi", &kpi.label)]),
        13.0,
        INK,
        HAlign::Middle,
    ));
    draw_legend(&mut shapes, matrix, &rows, t, ct, nf, plot.x1 + 28.0);
    draw_notes(&mut shapes, notes, height);

    ImportanceLayout {
        width: WIDTH,
        height,
        plot,
        range: (axis.lo, axis.hi),
        rows,
        shapes,
    }
}

/// The placed touchpoints from most positive to most negative impact;
/// ties keep journey order.
fn sorted(matrix: &Matrix) -> Vec<&MatrixPoint> {
    let mut points: Vec<&MatrixPoint> = matrix.points.iter().collect();
    points.sort_by(|a, b| b.y.total_cmp(&a.y));
    points
}

/// The axis: the bars and zero, plus whiskers up to a fifth of the bars'
/// span beyond them, mapped onto the plot minus room for the values
/// printed beyond the bar ends.
fn axis(points: &[&MatrixPoint], values: &[String], plot: &BoxF) -> Axis {
    let (mut lo, mut hi) = points
        .iter()
        .fold((0.0f64, 0.0f64), |(l, h), p| (l.min(p.y), h.max(p.y)));
    let span = (hi - lo).max(1.0);
    if hi - lo < 1.0 {
        // No bars to speak of: one percentage point around zero.
        lo = lo.min(-0.5);
        hi = hi.max(0.5);
    }
    let (ci_lo, ci_hi) = points
        .iter()
        .filter_map(|p| p.y_ci)
        .fold((lo, hi), |(l, h), [a, b]| (l.min(a), h.max(b)));
    lo = lo.min(ci_lo.max(lo - WHISKER_ROOM * span));
    hi = hi.max(ci_hi.min(hi + WHISKER_ROOM * span));
    // Values print right of a positive bar and left of a negative one.
    let room = |negative: bool| {
        points
            .iter()
            .zip(values)
            .filter(|(p, _)| (p.y < 0.0) == negative)
            .map(|(_, v)| VALUE_GAP + text_width(v, VALUE_SIZE) + 4.0)
            .fold(EDGE, f64::max)
    };
    Axis {
        lo,
        hi,
        x0: plot.x0 + room(true),
        x1: plot.x1 - room(false),
    }
}

/// Row bands, gridlines with their tick labels, and the zero line.
fn draw_grid(shapes: &mut Vec<Shape>, plot: &BoxF, axis: &Axis, pitch: f64, n: usize, nf: NumFmt) {
    // Every other row on a light band, from the labels to the plot's end,
    // so the eye keeps a label and its bar together.
    for i in (1..n).step_by(2) {
        let y0 = plot.y0 + i as f64 * pitch;
        shapes.push(rect(
            BoxF {
                x0: LEFT - 6.0,
                y0,
                x1: plot.x1,
                y1: y0 + pitch,
            },
            GRID,
            0.4,
        ));
    }
    let ticks = nice_ticks(axis.lo, axis.hi, 8);
    let decimals = if ticks.iter().all(|t| t.fract() == 0.0) {
        0
    } else {
        1
    };
    for &tick in &ticks {
        let x = axis.px(tick);
        if tick != 0.0 {
            shapes.push(line(vec![(x, plot.y0), (x, plot.y1)], GRID, 1, None));
        }
        shapes.push(text(
            x,
            plot.y1 + 14.0,
            signed_pct(nf, tick, decimals),
            11.0,
            MUTED,
            HAlign::Middle,
        ));
    }
    shapes.push(line(
        vec![(plot.x0, plot.y1), (plot.x1, plot.y1)],
        AXIS,
        1,
        None,
    ));
    let zero = axis.px(0.0);
    shapes.push(line(
        vec![(zero, plot.y0 - 4.0), (zero, plot.y1)],
        INK,
        1,
        None,
    ));
}

/// Where each row's label, bar, whisker and value go.
fn rows(
    points: &[&MatrixPoint],
    values: &[String],
    plot: &BoxF,
    axis: &Axis,
    pitch: f64,
    label_width: f64,
) -> Vec<BarRow> {
    let thickness = (pitch * 0.62).min(24.0);
    let max_lines = ((pitch - 2.0) / LABEL_LINE).floor().clamp(1.0, 2.0) as usize;
    let label_x1 = plot.x0 - LABEL_GAP;
    points
        .iter()
        .zip(values)
        .enumerate()
        .map(|(i, (p, value))| {
            let y = plot.y0 + (i as f64 + 0.5) * pitch;
            let (zero, end) = (axis.px(0.0), axis.px(p.y));
            let bar = BoxF {
                x0: zero.min(end),
                y0: y - thickness / 2.0,
                x1: zero.max(end),
                y1: y + thickness / 2.0,
            };
            let whisker = p.y_ci.map(|[lo, hi]| Whisker {
                x0: axis.px(lo.max(axis.lo)),
                x1: axis.px(hi.min(axis.hi)),
                y,
                cut_low: lo < axis.lo,
                cut_high: hi > axis.hi,
            });
            let label_lines = fit_lines(&p.label, LABEL_SIZE, label_width, max_lines);
            let label_w = label_lines
                .iter()
                .map(|l| text_width(l, LABEL_SIZE))
                .fold(0.0, f64::max);
            let half = label_lines.len() as f64 * LABEL_LINE / 2.0;
            let value_w = text_width(value, VALUE_SIZE);
            let value_x = if p.y >= 0.0 {
                bar.x1.max(whisker.map_or(bar.x1, |w| w.x1)) + VALUE_GAP
            } else {
                bar.x0.min(whisker.map_or(bar.x0, |w| w.x0)) - VALUE_GAP - value_w
            };
            BarRow {
                touchpoint: p.touchpoint,
                impact: p.y,
                label: BoxF {
                    x0: label_x1 - label_w,
                    y0: y - half,
                    x1: label_x1,
                    y1: y + half,
                },
                label_lines,
                bar,
                value: BoxF {
                    x0: value_x,
                    y0: y - VALUE_SIZE / 2.0,
                    x1: value_x + value_w,
                    y1: y + VALUE_SIZE / 2.0,
                },
                whisker,
            }
        })
        .collect()
}

/// Bars, whiskers, values and labels.
fn draw_rows(shapes: &mut Vec<Shape>, points: &[&MatrixPoint], rows: &[BarRow], values: &[String]) {
    for ((p, row), value) in points.iter().zip(rows).zip(values) {
        draw_bar(shapes, p, &row.bar);
        if let Some(w) = row.whisker {
            draw_whisker(shapes, &w, p.impact_uncertain);
        }
        shapes.push(text(
            row.value.x0,
            (row.value.y0 + row.value.y1) / 2.0,
            value.clone(),
            VALUE_SIZE,
            INK,
            HAlign::Start,
        ));
        let n = row.label_lines.len();
        let y = (row.label.y0 + row.label.y1) / 2.0;
        for (i, l) in row.label_lines.iter().enumerate() {
            let dy = (i as f64 - (n as f64 - 1.0) / 2.0) * LABEL_LINE;
            shapes.push(text(
                row.label.x1,
                y + dy,
                l.clone(),
                LABEL_SIZE,
                INK,
                HAlign::End,
            ));
        }
    }
}

/// A bar as the matrix draws its bubble: filled in the quadrant colour
/// (pale when its direction is uncertain), hollow when not controllable,
/// a dashed outline for a small base.
fn draw_bar(shapes: &mut Vec<Shape>, p: &MatrixPoint, bar: &BoxF) {
    let (colour, ink) = (quadrant_colour(p.quadrant), quadrant_ink(p.quadrant));
    if p.controllable {
        let opacity = if p.impact_uncertain { 0.35 } else { 0.85 };
        shapes.push(rect(*bar, colour, opacity));
    }
    let dash = p.small_base.then_some((4, 3));
    let width = if p.controllable { 1 } else { 2 };
    shapes.push(outline(*bar, ink, width, dash));
}

/// A whisker with end caps, or an arrowhead where it was cut; dashed when
/// the interval includes zero.
fn draw_whisker(shapes: &mut Vec<Shape>, w: &Whisker, uncertain: bool) {
    let dash = uncertain.then_some(UNCERTAIN_DASH);
    shapes.push(line(vec![(w.x0, w.y), (w.x1, w.y)], INK, 1, dash));
    for (x, cut, towards) in [(w.x0, w.cut_low, -1.0), (w.x1, w.cut_high, 1.0)] {
        if cut {
            shapes.push(arrowhead((x, w.y), towards, INK));
        } else {
            shapes.push(line(vec![(x, w.y - 4.0), (x, w.y + 4.0)], INK, 1, None));
        }
    }
}

/// The title (the matrix's: KPI, n and R²) and the subtitle.
fn draw_titles(shapes: &mut Vec<Shape>, kpi: &KpiAnalysis, t: &Texts, ct: &ChartTexts, nf: NumFmt) {
    let title = kpi_title(kpi, t, nf);
    let mut sub = fill(ct.importance_subtitle, &[("kpi", &kpi.label)]);
    if kpi.reverse {
        sub = format!("{sub} {}", ct.importance_reversed);
    } else if kpi.kind == KpiKind::Binary {
        sub = format!("{sub} {}", t.binary_note);
    }
    heading(shapes, LEFT, &title, &sub, WIDTH - 2.0 * LEFT);
}

/// The legend column: the quadrant colours, then a key for each mark the
/// chart uses.
fn draw_legend(
    shapes: &mut Vec<Shape>,
    matrix: &Matrix,
    rows: &[BarRow],
    t: &Texts,
    ct: &ChartTexts,
    nf: NumFmt,
    x: f64,
) {
    let text_x = x + 28.0;
    let width = WIDTH - text_x - 16.0;
    let mut y = TOP + 8.0;
    shapes.push(bold(
        x,
        y,
        ct.quadrant_legend.to_string(),
        12.0,
        INK,
        HAlign::Start,
    ));
    y += 22.0;
    for q in Quadrant::ALL {
        let swatch = swatch(x, y);
        shapes.push(rect(swatch, quadrant_colour(q), 0.85));
        shapes.push(outline(swatch, quadrant_ink(q), 1, None));
        y += key_text(shapes, t.quadrant(q).name, text_x, y, width);
    }
    y += 8.0;
    let points = &matrix.points;
    if points.iter().any(|p| !p.controllable) {
        shapes.push(outline(swatch(x, y), MUTED, 2, None));
        y += key_text(shapes, t.not_controllable_key, text_x, y, width);
    }
    if points.iter().any(|p| p.small_base) {
        shapes.push(outline(swatch(x, y), MUTED, 1, Some((4, 3))));
        let key = fill(t.small_base_key, &[("n", &nf.int(matrix.small_base))]);
        y += key_text(shapes, &key, text_x, y, width);
    }
    if points.iter().any(|p| p.y_ci.is_some()) {
        legend_whisker(shapes, x, y, None);
        y += key_text(shapes, t.whisker_key, text_x, y, width);
    }
    if points.iter().any(|p| p.impact_uncertain) {
        let s = swatch(x, y);
        shapes.push(rect(s, quadrant_colour(Quadrant::Amplify), 0.35));
        shapes.push(outline(s, quadrant_ink(Quadrant::Amplify), 1, None));
        legend_whisker(shapes, x, y, Some(UNCERTAIN_DASH));
        y += key_text(shapes, ct.uncertain_bar_key, text_x, y, width);
    }
    if rows
        .iter()
        .filter_map(|r| r.whisker)
        .any(|w| w.cut_low || w.cut_high)
    {
        shapes.push(line(vec![(x, y), (x + 16.0, y)], INK, 1, None));
        shapes.push(arrowhead((x + 18.0, y), 1.0, INK));
        key_text(shapes, ct.clipped_key, text_x, y, width);
    }
}

/// A legend symbol's box, centred on `y`.
fn swatch(x: f64, y: f64) -> BoxF {
    BoxF {
        x0: x + 2.0,
        y0: y - 7.0,
        x1: x + 18.0,
        y1: y + 7.0,
    }
}

/// A whisker across a legend symbol.
fn legend_whisker(shapes: &mut Vec<Shape>, x: f64, y: f64, dash: Option<(u32, u32)>) {
    shapes.push(line(vec![(x, y), (x + 20.0, y)], INK, 1, dash));
    for cap in [x, x + 20.0] {
        shapes.push(line(vec![(cap, y - 4.0), (cap, y + 4.0)], INK, 1, None));
    }
}

/// A legend key's text, wrapped to the column from `(x, y)`; returns the
/// height it took with the gap to the next key.
fn key_text(shapes: &mut Vec<Shape>, key: &str, x: f64, y: f64, width: f64) -> f64 {
    let lines = wrap(key, 11.0, width);
    let n = lines.len().max(1);
    for (i, l) in lines.into_iter().enumerate() {
        shapes.push(text(x, y + i as f64 * 14.0, l, 11.0, INK, HAlign::Start));
    }
    14.0 * n as f64 + 10.0
}

/// A note under the chart: its text, its colour and whether it is bold.
type Note = (String, Rgb, bool);

/// Under the chart: the caution for a KPI with caveats, and the
/// touchpoints that could not be placed.
fn notes(matrix: &Matrix, kpi: &KpiAnalysis, t: &Texts) -> Vec<Note> {
    let mut notes = Vec::new();
    if !kpi.model.caveats.is_empty() {
        notes.push((
            t.caveat_svg.to_string(),
            quadrant_ink(Quadrant::Prevent),
            true,
        ));
    }
    if !matrix.unplaced.is_empty() {
        let list: Vec<&str> = matrix.unplaced.iter().map(|u| u.label.as_str()).collect();
        notes.push((
            fill(t.not_placed, &[("list", &list.join(", "))]),
            MUTED,
            false,
        ));
    }
    notes
}

/// The notes, the last one `BOTTOM_MARGIN` above the canvas's bottom.
fn draw_notes(shapes: &mut Vec<Shape>, notes: Vec<Note>, height: f64) {
    let n = notes.len();
    for (i, (note, colour, is_bold)) in notes.into_iter().enumerate() {
        let y = height - BOTTOM_MARGIN - (n - 1 - i) as f64 * NOTE_STEP;
        let s = fit_text(&note, 11.0, WIDTH - 2.0 * LEFT);
        shapes.push(if is_bold {
            bold(LEFT, y, s, 11.0, colour, HAlign::Start)
        } else {
            text(LEFT, y, s, 11.0, colour, HAlign::Start)
        });
    }
}
