//! The journey heatmap: every touchpoint against every KPI on one slide.
//!
//! One row per touchpoint in journey order (the config's phases in the
//! order they first appear, each phase's touchpoints in config order, and
//! touchpoints without a phase last), one column per KPI. A cell holds the
//! touchpoint's signed impact on the KPI, the matrix's y, printed and
//! coloured on the diverging scale of [`Diverging`]. A cell whose interval
//! includes zero is hatched, as the matrix dashes its whisker; a
//! touchpoint the matrix could not place has an empty grey cell.

use super::draw::{bold, fit_lines, hatch, heading, line, outline, rect, signed_pct, text};
use super::scale::Diverging;
use crate::format::NumFmt;
use crate::i18n::{chart_texts, fill, ChartTexts};
use crate::lang::Lang;
use crate::layout::{
    fit_text, quadrant_ink, text_width, wrap, BoxF, HAlign, Rgb, Shape, AXIS, GRID, INK, MUTED,
};
use crate::model::Analysis;
use crate::quadrant::{Matrix, Quadrant};

/// Canvas width and height at least: 16:9.
pub(crate) const WIDTH: f64 = 1280.0;
pub(crate) const MIN_HEIGHT: f64 = 720.0;
const LEFT: f64 = 32.0;
/// Top of the column heads, under the title and subtitle.
const TOP: f64 = 92.0;
const LABEL_SIZE: f64 = 12.0;
const LABEL_MIN_WIDTH: f64 = 140.0;
const LABEL_MAX_WIDTH: f64 = 300.0;
/// Touchpoint labels sit this far right of their phase's heading.
const INDENT: f64 = 12.0;
const COLUMN_MIN: f64 = 84.0;
const COLUMN_MAX: f64 = 170.0;
const LEGEND_WIDTH: f64 = 210.0;
const MIN_PITCH: f64 = 18.0;
const MAX_PITCH: f64 = 30.0;
/// A phase heading's row, relative to a touchpoint's.
const HEADING_SHARE: f64 = 0.9;
const NOTE_STEP: f64 = 15.0;
const BOTTOM_MARGIN: f64 = 14.0;
/// The colour key's bar.
const KEY_HEIGHT: f64 = 200.0;
const KEY_SLICES: usize = 50;
/// Filling of a cell without a value.
const EMPTY: Rgb = Rgb(0xf1, 0xf3, 0xf5);
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

/// The whole heatmap, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JourneyLayout {
    pub(crate) width: f64,
    pub(crate) height: f64,
    /// The cells' area, row labels left of it, column heads above.
    pub(crate) table: BoxF,
    /// Top to bottom: phase headings and touchpoints.
    pub(crate) rows: Vec<JourneyRow>,
    pub(crate) cells: Vec<HeatCell>,
    pub(crate) scale: Diverging,
    /// Everything in drawing order.
    pub(crate) shapes: Vec<Shape>,
}

/// A row of the heatmap.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum JourneyRow {
    Phase { name: String, area: BoxF },
    Touchpoint { touchpoint: usize, area: BoxF },
}

/// One touchpoint's cell in one KPI's column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeatCell {
    pub(crate) touchpoint: usize,
    pub(crate) kpi: usize,
    pub(crate) area: BoxF,
    /// The impact (%); `None` where the matrix could not place it.
    pub(crate) value: Option<f64>,
    /// The impact interval includes zero.
    pub(crate) uncertain: bool,
}

/// The journey's phases in the order they first appear, each with its
/// touchpoints (indices) in config order; touchpoints without a phase
/// come last, under `None`.
pub(crate) fn journey_order(a: &Analysis) -> Vec<(Option<String>, Vec<usize>)> {
    let mut phases: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    let mut loose = Vec::new();
    for (i, tp) in a.touchpoints.iter().enumerate() {
        let Some(phase) = tp.phase.as_deref().map(str::trim).filter(|p| !p.is_empty()) else {
            loose.push(i);
            continue;
        };
        match phases.iter_mut().find(|(p, _)| p.as_deref() == Some(phase)) {
            Some((_, tps)) => tps.push(i),
            None => phases.push((Some(phase.to_string()), vec![i])),
        }
    }
    if !loose.is_empty() {
        phases.push((None, loose));
    }
    phases
}

/// Column widths, row pitch and the canvas size.
struct Grid {
    label_width: f64,
    column: f64,
    /// The row of a touchpoint; a phase heading takes `HEADING_SHARE` of it.
    pitch: f64,
    headings: bool,
    table: BoxF,
    width: f64,
    height: f64,
}

/// Lays out the heatmap of every KPI's matrix (`matrices[k]` of
/// `a.kpis[k]`).
pub(crate) fn layout_journey(a: &Analysis, matrices: &[Matrix], lang: Lang) -> JourneyLayout {
    let (ct, nf) = (chart_texts(lang), NumFmt::new(lang));
    let order = journey_order(a);
    let notes = notes(a, ct);
    let label_width = label_width(a, &order);
    let column = column_width(a, label_width);
    let heads: Vec<Vec<String>> = a
        .kpis
        .iter()
        .map(|k| fit_lines(&k.label, 12.0, column - 10.0, 3))
        .collect();
    let head_lines = heads.iter().map(Vec::len).max().unwrap_or(1);
    let grid = grid(a, &order, (label_width, column), head_lines, notes.len());
    let scale = Diverging::covering(
        matrices
            .iter()
            .flat_map(|m| m.points.iter().map(|p| p.y.abs()))
            .fold(0.0, f64::max),
    );

    let mut shapes = Vec::new();
    draw_titles(&mut shapes, a, ct, grid.width);
    draw_heads(&mut shapes, a, &heads, &grid, ct, nf);
    let rows = rows(&order, &grid, ct);
    let cells = cells(&rows, matrices, &grid);
    draw_rows(&mut shapes, a, &rows, &grid);
    draw_cells(&mut shapes, &cells, scale, nf);
    draw_key(
        &mut shapes,
        scale,
        &cells,
        grid.table.x1 + 32.0,
        grid.width,
        ct,
        nf,
    );
    let n = notes.len();
    for (i, note) in notes.into_iter().enumerate() {
        let y = grid.height - BOTTOM_MARGIN - (n - 1 - i) as f64 * NOTE_STEP;
        let note = fit_text(&note, 11.0, grid.width - 2.0 * LEFT);
        let ink = quadrant_ink(Quadrant::Prevent);
        shapes.push(bold(LEFT, y, note, 11.0, ink, HAlign::Start));
    }

    JourneyLayout {
        width: grid.width,
        height: grid.height,
        table: grid.table,
        rows,
        cells,
        scale,
        shapes,
    }
}

/// The row labels' column: the widest label (touchpoints indented under
/// their phase), within bounds.
fn label_width(a: &Analysis, order: &[(Option<String>, Vec<usize>)]) -> f64 {
    let headings = order.iter().any(|(p, _)| p.is_some());
    let indent = if headings { INDENT } else { 0.0 };
    a.touchpoints
        .iter()
        .map(|tp| text_width(&tp.label, LABEL_SIZE) + indent)
        .chain(
            order
                .iter()
                .filter_map(|(p, _)| p.as_deref())
                .map(|p| text_width(p, 12.0)),
        )
        .fold(LABEL_MIN_WIDTH, f64::max)
        .min(LABEL_MAX_WIDTH)
}

/// A KPI column's width: the room right of the labels shared out, within
/// bounds (the canvas grows for many KPIs).
fn column_width(a: &Analysis, label_width: f64) -> f64 {
    let room = WIDTH - 2.0 * LEFT - label_width - 12.0 - LEGEND_WIDTH - 32.0;
    (room / a.kpis.len().max(1) as f64).clamp(COLUMN_MIN, COLUMN_MAX)
}

/// Where the table goes and how big the canvas is.
fn grid(
    a: &Analysis,
    order: &[(Option<String>, Vec<usize>)],
    (label_width, column): (f64, f64),
    head_lines: usize,
    notes: usize,
) -> Grid {
    let headings = order.iter().any(|(p, _)| p.is_some());
    let top = TOP + head_lines as f64 * 14.0 + 22.0;
    let n_headings = if headings { order.len() } else { 0 };
    let units = a.touchpoints.len() as f64 + HEADING_SHARE * n_headings as f64;
    let room = MIN_HEIGHT - top - notes as f64 * NOTE_STEP - BOTTOM_MARGIN - 8.0;
    let pitch = (room / units.max(1.0)).clamp(MIN_PITCH, MAX_PITCH);
    let x0 = LEFT + label_width + 12.0;
    let table = BoxF {
        x0,
        y0: top,
        x1: x0 + column * a.kpis.len() as f64,
        y1: top + pitch * units,
    };
    Grid {
        label_width,
        column,
        pitch,
        headings,
        width: WIDTH.max(table.x1 + 32.0 + LEGEND_WIDTH),
        height: (table.y1 + 8.0 + notes as f64 * NOTE_STEP + BOTTOM_MARGIN)
            .max(MIN_HEIGHT)
            .ceil(),
        table,
    }
}

/// The title with the survey's name, and the subtitle.
fn draw_titles(shapes: &mut Vec<Shape>, a: &Analysis, ct: &ChartTexts, width: f64) {
    let title = fill(ct.journey_title, &[("survey", &a.title)]);
    let mut sub = ct.journey_subtitle.to_string();
    if a.kpis.iter().any(|k| k.reverse) {
        sub = format!("{sub} {}", ct.journey_reversed);
    }
    heading(shapes, LEFT, &title, &sub, width - 2.0 * LEFT);
}

/// Each KPI's name over its column, with its n and R² under it.
fn draw_heads(
    shapes: &mut Vec<Shape>,
    a: &Analysis,
    heads: &[Vec<String>],
    grid: &Grid,
    ct: &ChartTexts,
    nf: NumFmt,
) {
    let lines = heads.iter().map(Vec::len).max().unwrap_or(1);
    for (k, (kpi, head)) in a.kpis.iter().zip(heads).enumerate() {
        let cx = grid.table.x0 + (k as f64 + 0.5) * grid.column;
        // Bottom-aligned, so short names sit on the table like long ones.
        let first = TOP + (lines - head.len()) as f64 * 14.0;
        for (i, l) in head.iter().enumerate() {
            shapes.push(bold(
                cx,
                first + i as f64 * 14.0,
                l.clone(),
                12.0,
                INK,
                HAlign::Middle,
            ));
        }
        let meta = fill(
            ct.column_meta,
            &[
                ("n", &nf.int(kpi.model.n)),
                ("r2", &nf.dec(kpi.model.r2, 2)),
            ],
        );
        shapes.push(text(
            cx,
            TOP + lines as f64 * 14.0 + 2.0,
            fit_text(&meta, 10.0, grid.column - 6.0),
            10.0,
            MUTED,
            HAlign::Middle,
        ));
    }
    shapes.push(line(
        vec![
            (LEFT, grid.table.y0 - 4.0),
            (grid.table.x1, grid.table.y0 - 4.0),
        ],
        AXIS,
        1,
        None,
    ));
}

/// The rows top to bottom: each phase's heading (when the journey has
/// phases), then its touchpoints.
fn rows(order: &[(Option<String>, Vec<usize>)], grid: &Grid, ct: &ChartTexts) -> Vec<JourneyRow> {
    let mut rows = Vec::new();
    let mut y = grid.table.y0;
    let area = |y0: f64, h: f64| BoxF {
        x0: LEFT,
        y0,
        x1: grid.table.x1,
        y1: y0 + h,
    };
    let no_phase = || ct.no_phase.to_string();
    for (phase, tps) in order {
        if grid.headings {
            let h = grid.pitch * HEADING_SHARE;
            rows.push(JourneyRow::Phase {
                name: phase.clone().unwrap_or_else(no_phase),
                area: area(y, h),
            });
            y += h;
        }
        for &tp in tps {
            rows.push(JourneyRow::Touchpoint {
                touchpoint: tp,
                area: area(y, grid.pitch),
            });
            y += grid.pitch;
        }
    }
    rows
}

/// A cell per touchpoint row and KPI.
fn cells(rows: &[JourneyRow], matrices: &[Matrix], grid: &Grid) -> Vec<HeatCell> {
    let mut cells = Vec::new();
    for row in rows {
        let JourneyRow::Touchpoint { touchpoint, area } = row else {
            continue;
        };
        for (k, m) in matrices.iter().enumerate() {
            let x0 = grid.table.x0 + k as f64 * grid.column;
            let point = m.point(*touchpoint);
            cells.push(HeatCell {
                touchpoint: *touchpoint,
                kpi: k,
                area: BoxF {
                    x0: x0 + 1.0,
                    y0: area.y0 + 1.0,
                    x1: x0 + grid.column - 1.0,
                    y1: area.y1 - 1.0,
                },
                value: point.map(|p| p.y),
                uncertain: point.is_some_and(|p| p.impact_uncertain),
            });
        }
    }
    cells
}

/// Phase headings and touchpoint labels, with a rule above each phase.
fn draw_rows(shapes: &mut Vec<Shape>, a: &Analysis, rows: &[JourneyRow], grid: &Grid) {
    let indent = if grid.headings { INDENT } else { 0.0 };
    let max_lines = if grid.pitch >= 28.0 { 2 } else { 1 };
    for (i, row) in rows.iter().enumerate() {
        match row {
            JourneyRow::Phase { name, area } => {
                if i > 0 {
                    shapes.push(line(
                        vec![(area.x0, area.y0), (area.x1, area.y0)],
                        GRID,
                        1,
                        None,
                    ));
                }
                let y = (area.y0 + area.y1) / 2.0 + 1.0;
                let name = fit_text(name, 12.0, grid.label_width);
                shapes.push(bold(LEFT, y, name, 12.0, INK, HAlign::Start));
            }
            JourneyRow::Touchpoint { touchpoint, area } => {
                let label = &a.touchpoints[*touchpoint].label;
                let lines = fit_lines(label, LABEL_SIZE, grid.label_width - indent, max_lines);
                let y = (area.y0 + area.y1) / 2.0;
                let n = lines.len() as f64;
                for (j, l) in lines.into_iter().enumerate() {
                    let dy = (j as f64 - (n - 1.0) / 2.0) * 13.0;
                    shapes.push(text(
                        LEFT + indent,
                        y + dy,
                        l,
                        LABEL_SIZE,
                        INK,
                        HAlign::Start,
                    ));
                }
            }
        }
    }
}

/// The cells: filled on the scale, hatched when uncertain, the value in
/// white on dark cells.
fn draw_cells(shapes: &mut Vec<Shape>, cells: &[HeatCell], scale: Diverging, nf: NumFmt) {
    for c in cells {
        let (cx, cy) = ((c.area.x0 + c.area.x1) / 2.0, (c.area.y0 + c.area.y1) / 2.0);
        let size = ((c.area.y1 - c.area.y0) * 0.62).clamp(10.0, 12.0);
        let Some(v) = c.value else {
            shapes.push(rect(c.area, EMPTY, 1.0));
            shapes.push(text(cx, cy, "\u{2013}".into(), size, MUTED, HAlign::Middle));
            continue;
        };
        let colour = scale.colour(v);
        shapes.push(rect(c.area, colour, 1.0));
        let s = signed_pct(nf, v, 1);
        if c.uncertain {
            shapes.extend(hatch(c.area, 6.0, AXIS));
            // A clear patch behind the number keeps it legible.
            let half = text_width(&s, size) / 2.0 + 5.0;
            let patch = BoxF {
                x0: (cx - half).max(c.area.x0),
                y0: cy - size * 0.75,
                x1: (cx + half).min(c.area.x1),
                y1: cy + size * 0.75,
            };
            shapes.push(rect(patch, colour, 1.0));
        }
        let ink = if scale.is_dark(v) { WHITE } else { INK };
        shapes.push(if c.uncertain {
            text(cx, cy, s, size, ink, HAlign::Middle)
        } else {
            bold(cx, cy, s, size, ink, HAlign::Middle)
        });
    }
}

/// The colour key right of the table: the scale as a bar with ticks and
/// "helps" / "hurts", then the hatched and the empty cell's keys.
fn draw_key(
    shapes: &mut Vec<Shape>,
    scale: Diverging,
    cells: &[HeatCell],
    x: f64,
    width: f64,
    ct: &ChartTexts,
    nf: NumFmt,
) {
    let text_x = x + 28.0;
    let key_width = width - text_x - 16.0;
    shapes.push(bold(
        x,
        TOP + 8.0,
        ct.key_title.into(),
        12.0,
        INK,
        HAlign::Start,
    ));
    let (top, bar_w) = (TOP + 28.0, 18.0);
    let slice = KEY_HEIGHT / KEY_SLICES as f64;
    for i in 0..KEY_SLICES {
        let v = scale.max * (1.0 - 2.0 * (i as f64 + 0.5) / KEY_SLICES as f64);
        let y0 = top + i as f64 * slice;
        // Slices overlap by a pixel so no white seams show between them.
        let area = BoxF {
            x0: x,
            y0,
            x1: x + bar_w,
            y1: (y0 + slice + 1.0).min(top + KEY_HEIGHT),
        };
        shapes.push(rect(area, scale.colour(v), 1.0));
    }
    let bar = BoxF {
        x0: x,
        y0: top,
        x1: x + bar_w,
        y1: top + KEY_HEIGHT,
    };
    shapes.push(outline(bar, AXIS, 1, None));
    for step in [1.0, 0.5, 0.0, -0.5, -1.0] {
        let v = scale.max * step;
        let y = top + (1.0 - step) / 2.0 * KEY_HEIGHT;
        shapes.push(line(
            vec![(x + bar_w, y), (x + bar_w + 4.0, y)],
            AXIS,
            1,
            None,
        ));
        let decimals = usize::from(v.fract() != 0.0);
        shapes.push(text(
            x + bar_w + 7.0,
            y,
            signed_pct(nf, v, decimals),
            11.0,
            INK,
            HAlign::Start,
        ));
    }
    let word_x = x + bar_w + 60.0;
    shapes.push(bold(
        word_x,
        top + 1.0,
        ct.key_helps.into(),
        11.0,
        scale.colour(scale.max),
        HAlign::Start,
    ));
    shapes.push(bold(
        word_x,
        top + KEY_HEIGHT - 1.0,
        ct.key_hurts.into(),
        11.0,
        scale.colour(-scale.max),
        HAlign::Start,
    ));
    let mut y = top + KEY_HEIGHT + 30.0;
    if cells.iter().any(|c| c.uncertain) {
        let s = swatch(x, y);
        shapes.push(rect(s, scale.colour(scale.max * 0.2), 1.0));
        shapes.extend(hatch(s, 6.0, AXIS));
        y += key_text(shapes, ct.hatched_key, text_x, y, key_width);
    }
    if cells.iter().any(|c| c.value.is_none()) {
        let s = swatch(x, y);
        shapes.push(rect(s, EMPTY, 1.0));
        shapes.push(text(
            (s.x0 + s.x1) / 2.0,
            y,
            "\u{2013}".into(),
            11.0,
            MUTED,
            HAlign::Middle,
        ));
        key_text(shapes, ct.missing_key, text_x, y, key_width);
    }
}

/// A key symbol's box, centred on `y`.
fn swatch(x: f64, y: f64) -> BoxF {
    BoxF {
        x0: x,
        y0: y - 9.0,
        x1: x + 18.0,
        y1: y + 9.0,
    }
}

/// A key's text, wrapped from `(x, y)`; returns the height it took with
/// the gap to the next key.
fn key_text(shapes: &mut Vec<Shape>, key: &str, x: f64, y: f64, width: f64) -> f64 {
    let lines = wrap(key, 11.0, width);
    let n = lines.len().max(1);
    for (i, l) in lines.into_iter().enumerate() {
        shapes.push(text(x, y + i as f64 * 14.0, l, 11.0, INK, HAlign::Start));
    }
    14.0 * n as f64 + 12.0
}

/// Under the heatmap: the KPIs whose importances are not sound.
fn notes(a: &Analysis, ct: &ChartTexts) -> Vec<String> {
    let unsound: Vec<&str> = a
        .kpis
        .iter()
        .filter(|k| !k.model.caveats.is_empty())
        .map(|k| k.label.as_str())
        .collect();
    if unsound.is_empty() {
        Vec::new()
    } else {
        vec![fill(ct.caveat_kpis, &[("list", &unsound.join(", "))])]
    }
}
