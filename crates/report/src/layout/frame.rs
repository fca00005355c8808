//! From data to px: the axis ranges of a matrix and the mapping onto the
//! plot area.
//!
//! Ranges keep every bubble (with its radius) inside the plot, the
//! crosshair and zero visible and away from the edges. The y axis maps
//! onto the plot minus the caption bands at its top and bottom, which
//! bubbles keep clear of.

use super::canvas::{radius, BoxF, PLOT};
use crate::quadrant::{Matrix, XScale};

/// Where data values land on the canvas.
pub(super) struct Frame {
    pub plot: BoxF,
    pub x_range: (f64, f64),
    /// The y range of the region between the caption bands.
    pub y_range: (f64, f64),
    /// The y range extended to the caption bands, so that gridlines and
    /// ticks fill the whole plot.
    pub y_full: (f64, f64),
    inner_top: f64,
    inner_bottom: f64,
    /// The crosshair in px, clamped to the plot.
    pub cxp: f64,
    pub cyp: f64,
}

impl Frame {
    /// The frame for `matrix` whose x range is `x_range` (see [`x_range`])
    /// and whose caption bands take `band_top` and `band_bottom` px.
    pub fn new(matrix: &Matrix, x_range: (f64, f64), band_top: f64, band_bottom: f64) -> Frame {
        let plot = PLOT;
        let ys: Vec<(f64, f64)> = extent(matrix)
            .map(|(_, y, frequency)| (y, radius(frequency) + 2.0))
            .collect();
        let inner_top = plot.y0 + band_top;
        let inner_bottom = plot.y1 - band_bottom;
        let y_range = fit_range(&ys, &[matrix.cy, 0.0], 20.0, inner_bottom - inner_top, None);
        // The y range covers the inner region only; extend it to the caption
        // bands so gridlines and ticks fill the whole plot.
        let per_px = (y_range.1 - y_range.0) / (inner_bottom - inner_top);
        let y_full = (
            y_range.0 - band_bottom * per_px,
            y_range.1 + band_top * per_px,
        );
        let mut frame = Frame {
            plot,
            x_range,
            y_range,
            y_full,
            inner_top,
            inner_bottom,
            cxp: 0.0,
            cyp: 0.0,
        };
        frame.cxp = frame.px(matrix.cx).clamp(plot.x0, plot.x1);
        frame.cyp = frame.py(matrix.cy).clamp(plot.y0, plot.y1);
        frame
    }

    /// The x of a satisfaction value.
    pub fn px(&self, x: f64) -> f64 {
        x_px(self.x_range, x)
    }

    /// The y of an impact value.
    pub fn py(&self, y: f64) -> f64 {
        let (inner_top, inner_bottom, y_range) = (self.inner_top, self.inner_bottom, self.y_range);
        inner_bottom - (y - y_range.0) / (y_range.1 - y_range.0) * (inner_bottom - inner_top)
    }
}

/// The x range of a matrix. It comes before the rest of the frame: the
/// captions' widths depend on where the crosshair lands, and the height
/// of the captions sets the y range.
pub(super) fn x_range(matrix: &Matrix) -> (f64, f64) {
    let plot = PLOT;
    let xs: Vec<(f64, f64)> = extent(matrix)
        .map(|(x, _, frequency)| (x, radius(frequency) + 2.0))
        .collect();
    let (x_min_span, x_bounds) = match matrix.x_scale {
        XScale::Raw { min, max } => (((max - min) / 9.0).max(1e-9), (min, max)),
        XScale::PercentOfScale => (10.0, (0.0, 100.0)),
    };
    fit_range(
        &xs,
        &[matrix.cx],
        x_min_span,
        plot.x1 - plot.x0,
        Some(x_bounds),
    )
}

/// Every position the axes hold: the points, then the matrix's extra
/// extent (see [`Matrix::axis_extent`]).
fn extent(matrix: &Matrix) -> impl Iterator<Item = (f64, f64, f64)> + '_ {
    matrix
        .points
        .iter()
        .map(|p| (p.x, p.y, p.frequency))
        .chain(matrix.axis_extent.iter().copied())
}

/// The x in px of `x` on an axis spanning `x_range`.
pub(super) fn x_px(x_range: (f64, f64), x: f64) -> f64 {
    let plot = PLOT;
    plot.x0 + (x - x_range.0) / (x_range.1 - x_range.0) * (plot.x1 - plot.x0)
}

/// A data range that keeps every value's bubble (radius in px) inside
/// `len_px`, contains `must` (crosshair, zero), is at least `min_span`
/// wide, and keeps the first `must` value between 30% and 70% of the axis
/// so no quadrant collapses to a sliver.
fn fit_range(
    values: &[(f64, f64)],
    must: &[f64],
    min_span: f64,
    len_px: f64,
    bounds: Option<(f64, f64)>,
) -> (f64, f64) {
    let all = values.iter().map(|v| v.0).chain(must.iter().copied());
    let (mut lo, mut hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    if !lo.is_finite() {
        return bounds.unwrap_or((-1.0, 1.0));
    }
    if hi - lo < min_span {
        let mid = (lo + hi) / 2.0;
        lo = mid - min_span / 2.0;
        hi = mid + min_span / 2.0;
    }
    let pad = (hi - lo) * 0.06;
    lo -= pad;
    hi += pad;
    for _ in 0..40 {
        let mut changed = false;
        let span = hi - lo;
        for &(v, r) in values {
            let r_data = r / len_px * span;
            if v - r_data < lo - 1e-12 {
                lo = v - r_data * 1.02;
                changed = true;
            }
            if v + r_data > hi + 1e-12 {
                hi = v + r_data * 1.02;
                changed = true;
            }
        }
        if let Some(&c) = must.first() {
            let (above, below) = (hi - c, c - lo);
            let total = above + below;
            if above < 0.3 * total {
                hi = c + below * 3.0 / 7.0;
                changed = true;
            } else if below < 0.3 * total {
                lo = c - above * 3.0 / 7.0;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Satisfaction cannot leave its scale; clip the padding, not the data.
    if let Some((bl, bh)) = bounds {
        let data_lo = values.iter().map(|v| v.0).fold(f64::INFINITY, f64::min);
        let data_hi = values.iter().map(|v| v.0).fold(f64::NEG_INFINITY, f64::max);
        if lo < bl && data_lo >= bl {
            lo = lo.max(bl - (hi - lo) * 0.04);
        }
        if hi > bh && data_hi <= bh {
            hi = hi.min(bh + (hi - lo) * 0.04);
        }
    }
    (lo, hi)
}
