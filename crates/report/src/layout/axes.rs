//! The plot itself before any touchpoint: quadrant tints, gridlines with
//! their tick labels, the zero line, the frame and the crosshair.

use super::canvas::{line, quadrant_colour, text, BoxF, HAlign, Shape, AXIS, GRID, MUTED};
use super::frame::Frame;
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
    let (x_range, y_full) = (frame.x_range, frame.y_full);
    let x_ticks = nice_ticks(x_range.0, x_range.1, 10);
    let y_ticks = nice_ticks(y_full.0, y_full.1, 9);
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
    let raw = span / target.max(2) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
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

/// The fewest decimals (up to two) that show every tick exactly.
fn decimals_for(ticks: &[f64]) -> usize {
    (0..3)
        .find(|&d| {
            let f = 10f64.powi(d as i32);
            ticks.iter().all(|t| ((t * f).round() - t * f).abs() < 1e-6)
        })
        .unwrap_or(2)
}
