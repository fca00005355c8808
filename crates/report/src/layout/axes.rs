//! The plot itself before any touchpoint: quadrant tints, gridlines with
//! their tick labels, the zero line, the frame, the crosshair and the
//! mark of an axis break.

use super::canvas::{line, quadrant_colour, text, BoxF, HAlign, Rgb, Shape, AXIS, GRID, MUTED};
use super::frame::{Frame, X_TICKS, Y_TICKS};
use crate::format::NumFmt;
use crate::quadrant::{Matrix, Quadrant};

/// Draws the plot's background, grid, frame and crosshair, in that order.
pub(super) fn draw_plot(shapes: &mut Vec<Shape>, frame: &Frame, matrix: &Matrix, nf: NumFmt) {
    draw_tints(shapes, frame);
    draw_grid(shapes, frame, nf);
    let plot = frame.plot;
    // Zero impact always drawn when it is not the crosshair itself.
    if matrix.cy != 0.0 {
        let y0 = frame.py(0.0);
        shapes.push(line(vec![(plot.x0, y0), (plot.x1, y0)], AXIS, 1, None));
    }
    // Plot frame.
    shapes.push(line(
        vec![
            (plot.x0, plot.y0),
            (plot.x1, plot.y0),
            (plot.x1, plot.y1),
            (plot.x0, plot.y1),
            (plot.x0, plot.y0),
        ],
        AXIS,
        1,
        None,
    ));
    // Crosshair.
    let (cxp, cyp) = (frame.cxp, frame.cyp);
    shapes.push(line(
        vec![(cxp, plot.y0), (cxp, plot.y1)],
        MUTED,
        2,
        Some((7, 5)),
    ));
    shapes.push(line(
        vec![(plot.x0, cyp), (plot.x1, cyp)],
        MUTED,
        2,
        Some((7, 5)),
    ));
    draw_breaks(shapes, frame);
}

/// Where an axis breaks: a white band across the plot and its frame, and
/// a pair of slanted strokes where each frame line is cut.
fn draw_breaks(shapes: &mut Vec<Shape>, frame: &Frame) {
    let plot = frame.plot;
    for band in frame.break_bands() {
        shapes.push(Shape::Rect {
            area: band,
            fill: Rgb(255, 255, 255),
            opacity: 1.0,
        });
        let vertical_axis = band.x0 < plot.x0;
        for edge in [0.0, 1.0] {
            if vertical_axis {
                let y = band.y0 + edge * (band.y1 - band.y0);
                for x in [plot.x0, plot.x1] {
                    shapes.push(line(
                        vec![(x - 7.0, y + 3.0), (x + 7.0, y - 3.0)],
                        MUTED,
                        2,
                        None,
                    ));
                }
            } else {
                let x = band.x0 + edge * (band.x1 - band.x0);
                for y in [plot.y0, plot.y1] {
                    shapes.push(line(
                        vec![(x - 3.0, y + 7.0), (x + 3.0, y - 7.0)],
                        MUTED,
                        2,
                        None,
                    ));
                }
            }
        }
    }
}

/// Each quadrant lightly tinted in its colour.
fn draw_tints(shapes: &mut Vec<Shape>, frame: &Frame) {
    let (plot, cxp, cyp) = (frame.plot, frame.cxp, frame.cyp);
    for (q, area) in [
        (
            Quadrant::Improve,
            BoxF {
                x1: cxp,
                y1: cyp,
                ..plot
            },
        ),
        (
            Quadrant::Amplify,
            BoxF {
                x0: cxp,
                y1: cyp,
                ..plot
            },
        ),
        (
            Quadrant::Prevent,
            BoxF {
                x1: cxp,
                y0: cyp,
                ..plot
            },
        ),
        (
            Quadrant::Economize,
            BoxF {
                x0: cxp,
                y0: cyp,
                ..plot
            },
        ),
    ] {
        shapes.push(Shape::Rect {
            area,
            fill: quadrant_colour(q),
            opacity: 0.07,
        });
    }
}

/// Gridlines at round values, with their tick labels.
fn draw_grid(shapes: &mut Vec<Shape>, frame: &Frame, nf: NumFmt) {
    let plot = frame.plot;
    let x_ticks = frame.x.ticks(X_TICKS);
    let y_ticks = frame.y.ticks(Y_TICKS);
    let x_dec = decimals_for(&x_ticks);
    let y_dec = decimals_for(&y_ticks);
    for &v in &x_ticks {
        let x = frame.px(v);
        shapes.push(line(vec![(x, plot.y0), (x, plot.y1)], GRID, 1, None));
        shapes.push(text(
            x,
            plot.y1 + 14.0,
            nf.dec(v, x_dec),
            11.0,
            MUTED,
            HAlign::Middle,
        ));
    }
    for &v in &y_ticks {
        let y = frame.py(v);
        shapes.push(line(vec![(plot.x0, y), (plot.x1, y)], GRID, 1, None));
        let label = if v == 0.0 {
            "0%".to_string()
        } else {
            format!("{}%", nf.signed(v, y_dec))
        };
        shapes.push(text(plot.x0 - 7.0, y, label, 11.0, MUTED, HAlign::End));
    }
}

/// Round tick values (1, 2, 2.5 or 5 times a power of ten) inside the range.
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let span = hi - lo;
    // `is_finite` also rules out NaN.
    if !span.is_finite() || span <= 0.0 {
        return vec![lo];
    }
    let step = nice_step(span, target as f64);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last)
        .map(|i| {
            let v = i as f64 * step;
            // Kill -0 and float noise (0.30000000000000004).
            let v = (v / step).round() * step;
            if v.abs() < step * 1e-9 {
                0.0
            } else {
                v
            }
        })
        .collect()
}

/// A round step (1, 2, 2.5 or 5 times a power of ten) that cuts `span`
/// into about `target` parts (at least two).
pub(super) fn nice_step(span: f64, target: f64) -> f64 {
    let raw = span / target.max(2.0);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

/// The fewest decimals (up to two) that show every tick exactly.
fn decimals_for(ticks: &[f64]) -> usize {
    (0..3)
        .find(|&d| {
            let f = 10f64.powi(d as i32);
            ticks.iter().all(|t| ((t * f).round() - t * f).abs() < 1e-6)
        })
        .unwrap_or(2)
}
