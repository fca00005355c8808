//! The slide charts beside the matrix: the importance bar chart of each
//! KPI (`importance-<kpi>.svg`) and the journey heatmap of the survey
//! (`journey.svg`).
//!
//! Consultants paste charts into PowerPoint, and not every audience reads
//! a four-quadrant bubble chart at a glance: the bar chart says "what
//! helps and what hurts" in one direction, the heatmap shows every KPI at
//! once along the journey. Both start from the same [`Matrix`] as the
//! matrix itself, so their numbers, quadrants and uncertain directions
//! never disagree with it. As for the matrix, layout (pure, testable
//! shapes) comes apart from drawing: `importance` and `journey` lay out
//! with the matrix's canvas types and the helpers of `draw`, `scale` holds
//! the heatmap's colours, and [`crate::svg`] draws the shapes.

mod draw;
mod importance;
mod journey;
mod scale;

#[cfg(test)]
mod tests;

pub(crate) use importance::{layout_importance, ImportanceLayout};
pub(crate) use journey::{layout_journey, JourneyLayout};

use crate::lang::Lang;
use crate::model::{Analysis, KpiAnalysis};
use crate::quadrant::Matrix;
use crate::svg::draw_shapes;
use crate::ReportError;

/// One KPI's importance bar chart as a standalone SVG document.
pub(crate) fn render_importance_svg(
    matrix: &Matrix,
    kpi: &KpiAnalysis,
    lang: Lang,
) -> Result<String, ReportError> {
    let l: ImportanceLayout = layout_importance(matrix, kpi, lang);
    draw_shapes(l.width, l.height, &l.shapes)
}

/// The survey's journey heatmap (`matrices[k]` is the matrix of
/// `analysis.kpis[k]`) as a standalone SVG document.
pub(crate) fn render_journey_svg(
    analysis: &Analysis,
    matrices: &[Matrix],
    lang: Lang,
) -> Result<String, ReportError> {
    let l: JourneyLayout = layout_journey(analysis, matrices, lang);
    draw_shapes(l.width, l.height, &l.shapes)
}
