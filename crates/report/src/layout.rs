//! The impact matrix as simple drawing types, before any SVG exists.
//!
//! Layout is where the judgement lives (axis ranges, bubble sizes, where a
//! label goes so that it stays legible), so it is pure and testable: the
//! [`svg`](crate::svg) module only turns these shapes into plotters calls.
//! Text widths are estimated from character classes because an SVG has no
//! font metrics at render time (plotters' own estimate, without system
//! fonts, counts bytes at a fixed 0.7 em); the estimate errs wide so that
//! labels that do not overlap here do not overlap in a browser either.
//!
//! [`layout_matrix`] runs the steps in drawing order, one file each:
//! `frame` (axes, data to px, with `scale` for an axis that may break),
//! `axes` (tints, grid, crosshair, break marks), `captions`, `bubbles`
//! (with whiskers), `labels`, `titles` (and the notes under the chart) and
//! `legend` (with the key to numbered markers). All of them draw with the
//! types of `canvas` and measure text with `text`.

mod axes;
mod bubbles;
mod canvas;
mod captions;
mod frame;
mod labels;
mod legend;
mod scale;
mod text;
mod titles;

#[cfg(test)]
mod tests;

pub use axes::nice_ticks;
/// The matrix's ink, grid and dash, shared with the other charts.
pub(crate) use canvas::{line, text, AXIS, GRID, INK, MUTED, UNCERTAIN_DASH};
pub use canvas::{
    quadrant_colour, quadrant_ink, radius, whisker_colour, BoxF, Bubble, HAlign, LabelPlacement,
    Rgb, Shape, TextShape, FONT, HEIGHT, MAX_RADIUS, WIDTH,
};
pub use labels::{place_labels, LabelItem};
pub use text::{fit_text, text_width, wrap};
pub(crate) use titles::kpi_title;
pub use titles::y_title_lines;

use crate::format::NumFmt;
use crate::i18n::texts;
use crate::lang::Lang;
use crate::model::KpiAnalysis;
use crate::quadrant::Matrix;
use canvas::PLOT;

/// The whole matrix, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixLayout {
    pub width: f64,
    pub height: f64,
    pub plot: BoxF,
    /// The values the axes show, from the plot's edges (a broken axis
    /// leaves out part of its range, see `breaks`).
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// The crosshair in px.
    pub crosshair: (f64, f64),
    /// The white bands of broken axes, where each leaves out values.
    pub breaks: Vec<BoxF>,
    pub bubbles: Vec<Bubble>,
    /// Every placed point's label, or its numbered marker.
    pub labels: Vec<LabelPlacement>,
    /// Boxes of the quadrant captions (kept free of labels and bubbles).
    pub captions: Vec<BoxF>,
    /// Everything in drawing order.
    pub shapes: Vec<Shape>,
}

/// Lays out the matrix of one KPI, in drawing order: the plot, the
/// quadrant captions, whiskers and bubbles, labels, titles, legend and
/// the notes under the chart.
pub fn layout_matrix(matrix: &Matrix, kpi: &KpiAnalysis, lang: Lang) -> MatrixLayout {
    let t = texts(lang);
    let nf = NumFmt::new(lang);

    // The captions' widths depend on where the crosshair lands on x, and
    // their bands' heights set the y range.
    let x_axis = frame::x_axis(matrix);
    let cxp = frame::x_px(&x_axis, matrix.cx).clamp(PLOT.x0, PLOT.x1);
    let captions_laid = captions::fit_captions(t, cxp);
    let frame = frame::Frame::new(
        matrix,
        x_axis,
        captions::band(&captions_laid, true),
        captions::band(&captions_laid, false),
    );

    let mut shapes = Vec::new();
    axes::draw_plot(&mut shapes, &frame, matrix, nf);
    let captions = captions::draw_captions(&mut shapes, &captions_laid);
    bubbles::draw_whiskers(&mut shapes, &frame, matrix);
    let bubbles = bubbles::place_bubbles(&frame, matrix);
    bubbles::draw_bubbles(&mut shapes, &bubbles);
    bubbles::draw_moves(&mut shapes, &frame, matrix, &bubbles);
    let items = labels::label_items(matrix, &bubbles, &frame);
    let breaks = frame.break_bands();
    let fixed: Vec<BoxF> = captions.iter().chain(&breaks).copied().collect();
    let labels = place_labels(&items, &bubbles, &fixed);
    labels::draw_labels(&mut shapes, &labels);
    titles::draw_titles(&mut shapes, matrix, kpi, t, nf);
    titles::draw_axis_titles(&mut shapes, matrix, kpi, t, nf);
    let legend_end = legend::draw_legend(&mut shapes, matrix, t, nf);
    let key_end = legend::draw_marker_key(&mut shapes, &labels, t, legend_end + 30.0);
    titles::draw_notes(&mut shapes, matrix, kpi, &frame, t, nf);

    MatrixLayout {
        width: WIDTH,
        // A long key of numbered markers makes the canvas taller.
        height: HEIGHT.max(key_end + 16.0),
        plot: frame.plot,
        x_range: frame.x.full_range(),
        y_range: frame.y.full_range(),
        crosshair: (frame.cxp, frame.cyp),
        breaks,
        bubbles,
        labels,
        captions,
        shapes,
    }
}
