//! Customer groups side by side: each segment group's matrix of a KPI,
//! placed against the whole sample's quadrant lines and on shared axes so
//! the small multiples compare at a glance, and which touchpoints act
//! differently in a group.

use crate::format::NumFmt;
use crate::i18n::{fill, warning_message, Texts};
use crate::model::{Analysis, GroupDifference, KpiAnalysis, SegmentAnalysis, SegmentSkip};
use crate::quadrant::{place, Crosshair, CrosshairRule, Matrix};

/// A touchpoint differs from the rest of the sample when its
/// Holm-adjusted p-value is below this.
pub const DIFFERENCE_LEVEL: f64 = 0.05;

/// One group's view of one KPI.
#[derive(Debug, Clone)]
pub struct GroupMatrix<'a> {
    pub group: &'a SegmentAnalysis,
    /// The group's own analysis of the KPI and its matrix; `None` when the
    /// group has no analysis or the KPI could not be modelled in it.
    pub kpi: Option<(&'a Analysis, &'a KpiAnalysis, Matrix)>,
    /// Per touchpoint of the whole analysis: the test of a different
    /// effect; empty when the group was not tested.
    pub tests: &'a [Option<GroupDifference>],
}

impl GroupMatrix<'_> {
    /// Touchpoint `j` acts differently in the group (`None`: not tested).
    pub fn differs(&self, j: usize) -> Option<bool> {
        self.tests
            .get(j)
            .copied()
            .flatten()
            .map(|t| t.p_adjusted < DIFFERENCE_LEVEL)
    }

    /// The test of touchpoint `j`.
    pub fn test(&self, j: usize) -> Option<GroupDifference> {
        self.tests.get(j).copied().flatten()
    }
}

/// Every segment group's view of KPI `k` of `a`, in the analysis's group
/// order. The groups' matrices use the whole sample's crosshair values and
/// share one set of axes with the whole sample's matrix.
pub fn group_matrices<'a>(
    a: &'a Analysis,
    k: usize,
    crosshair: &Crosshair,
) -> Vec<GroupMatrix<'a>> {
    let whole = place(a, k, crosshair);
    let fixed = Crosshair {
        x: CrosshairRule::Value(whole.cx),
        y: CrosshairRule::Value(whole.cy),
    };
    let name = &a.kpis[k].name;
    let mut out: Vec<GroupMatrix> = a
        .segment_models
        .iter()
        .map(|g| {
            let kpi = g.analysis.as_deref().and_then(|ga| {
                let gk = ga.kpis.iter().position(|x| &x.name == name)?;
                Some((ga, &ga.kpis[gk], place(ga, gk, &fixed)))
            });
            let tests = g
                .differences
                .iter()
                .find(|d| d.kpi == k)
                .map_or(&[][..], |d| d.touchpoints.as_slice());
            GroupMatrix {
                group: g,
                kpi,
                tests,
            }
        })
        .collect();
    let extent: Vec<(f64, f64, f64)> = whole
        .points
        .iter()
        .chain(
            out.iter()
                .filter_map(|g| g.kpi.as_ref())
                .flat_map(|(_, _, m)| m.points.iter()),
        )
        .map(|p| (p.x, p.y, p.frequency))
        .collect();
    for g in &mut out {
        if let Some((_, _, m)) = &mut g.kpi {
            m.axis_extent = extent.clone();
        }
    }
    out
}

/// Why a group has no analysis of its own, in words.
pub fn skip_text(skip: &SegmentSkip, t: &Texts, nf: NumFmt) -> String {
    match skip {
        SegmentSkip::TooSmall { n, min } => fill(
            t.segment_too_small,
            &[("n", &nf.int(*n)), ("min", &nf.int(*min))],
        ),
        SegmentSkip::Blank => t.segment_blank.to_string(),
        SegmentSkip::NoKpiModelled(reasons) => {
            let reasons: Vec<String> = reasons
                .iter()
                .map(|r| warning_message(nf.lang, r))
                .collect();
            fill(t.segment_not_modelled, &[("reasons", &reasons.join("; "))])
        }
        SegmentSkip::Failed(error) => fill(t.segment_failed, &[("error", error)]),
    }
}
