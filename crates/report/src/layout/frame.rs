//! From data to px: the axes of a matrix and the mapping onto the plot
//! area.
//!
//! Ranges keep every bubble (with its radius) inside the plot, the
//! crosshair and zero visible and away from the edges; an axis that one
//! far-out touchpoint would squeeze gets a break (see [`scale`](super::scale)).
//! The y axis maps onto the plot minus the caption bands at its top and
//! bottom, which bubbles keep clear of.

use super::canvas::{radius, BoxF, PLOT};
use super::scale::{Axis, AxisSpec};
use crate::quadrant::{Matrix, Quadrant, XScale};

/// About how many ticks each axis gets.
pub(super) const X_TICKS: usize = 10;
pub(super) const Y_TICKS: usize = 9;
/// Labels keep this far (px) from the crosshair lines.
const CROSSHAIR_CLEAR: f64 = 3.0;

/// Where data values land on the canvas.
pub(super) struct Frame {
    pub plot: BoxF,
    /// Satisfaction, in px from the plot's left edge.
    pub x: Axis,
    /// Impact, in px up from the bottom of the region between the caption
    /// bands (extended over the bands, so gridlines and ticks fill the
    /// whole plot).
    pub y: Axis,
    inner_bottom: f64,
    /// The crosshair in px, clamped to the plot.
    pub cxp: f64,
    pub cyp: f64,
}

impl Frame {
    /// The frame for `matrix` whose x axis is `x` (see [`x_axis`]) and
    /// whose caption bands take `band_top` and `band_bottom` px.
    pub fn new(matrix: &Matrix, x: Axis, band_top: f64, band_bottom: f64) -> Frame {
        let plot = PLOT;
        let ys: Vec<(f64, f64)> = extent(matrix)
            .map(|(_, y, frequency)| (y, radius(frequency) + 2.0))
            .collect();
        let inner_top = plot.y0 + band_top;
        let inner_bottom = plot.y1 - band_bottom;
        let y = AxisSpec {
            values: &ys,
            must: &[matrix.cy, 0.0],
            min_span: 20.0,
            len: inner_bottom - inner_top,
            bounds: None,
            ticks: Y_TICKS,
        }
        .fit()
        .extended(band_bottom, band_top);
        let mut frame = Frame {
            plot,
            x,
            y,
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
        x_px(&self.x, x)
    }

    /// The y of an impact value.
    pub fn py(&self, y: f64) -> f64 {
        self.inner_bottom - self.y.at(y)
    }

    /// The area a label of a bubble in quadrant `q` must stay inside: the
    /// quadrant, kept [`CROSSHAIR_CLEAR`] px off the crosshair lines.
    pub fn region(&self, q: Quadrant) -> BoxF {
        let (plot, c) = (self.plot, CROSSHAIR_CLEAR);
        let (left, top) = (
            BoxF {
                x1: self.cxp - c,
                ..plot
            },
            BoxF {
                y1: self.cyp - c,
                ..plot
            },
        );
        let (right, bottom) = (
            BoxF {
                x0: self.cxp + c,
                ..plot
            },
            BoxF {
                y0: self.cyp + c,
                ..plot
            },
        );
        let (h, v) = match q {
            Quadrant::Improve => (left, top),
            Quadrant::Amplify => (right, top),
            Quadrant::Prevent => (left, bottom),
            Quadrant::Economize => (right, bottom),
        };
        BoxF {
            x0: h.x0,
            x1: h.x1,
            y0: v.y0,
            y1: v.y1,
        }
    }

    /// The white bands where an axis breaks, across the plot and a little
    /// beyond its frame.
    pub fn break_bands(&self) -> Vec<BoxF> {
        let plot = self.plot;
        let mut bands = Vec::new();
        if let Some((a, b)) = self.x.gap() {
            bands.push(BoxF {
                x0: plot.x0 + a,
                x1: plot.x0 + b,
                y0: plot.y0 - 6.0,
                y1: plot.y1 + 6.0,
            });
        }
        if let Some((a, b)) = self.y.gap() {
            bands.push(BoxF {
                x0: plot.x0 - 6.0,
                x1: plot.x1 + 6.0,
                y0: self.inner_bottom - b,
                y1: self.inner_bottom - a,
            });
        }
        bands
    }
}

/// The x axis of a matrix. It comes before the rest of the frame: the
/// captions' widths depend on where the crosshair lands, and the height
/// of the captions sets the y axis.
pub(super) fn x_axis(matrix: &Matrix) -> Axis {
    let plot = PLOT;
    let xs: Vec<(f64, f64)> = extent(matrix)
        .map(|(x, _, frequency)| (x, radius(frequency) + 2.0))
        .collect();
    let (x_min_span, x_bounds) = match matrix.x_scale {
        XScale::Raw { min, max } => (((max - min) / 9.0).max(1e-9), (min, max)),
        XScale::PercentOfScale => (10.0, (0.0, 100.0)),
    };
    AxisSpec {
        values: &xs,
        must: &[matrix.cx],
        min_span: x_min_span,
        len: plot.x1 - plot.x0,
        bounds: Some(x_bounds),
        ticks: X_TICKS,
    }
    .fit()
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

/// The x in px of `x` on the x axis.
pub(super) fn x_px(axis: &Axis, x: f64) -> f64 {
    PLOT.x0 + axis.at(x)
}
