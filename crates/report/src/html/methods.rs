//! The methods appendix: the settings, the importance method, and how
//! logistic models and the bootstrap were run.

use crate::format::NumFmt;
use crate::i18n::{fill, Texts};
use crate::lang::Lang;
use crate::model::Analysis;
use crate::quadrant::{CrosshairRule, Matrix, XScale};
use crate::ReportSettings;
use cximpact_regression::ModelKind;

/// The methods paragraph on the settings: crosshair rules, bases,
/// weighting and importance method.
pub(super) fn methods_settings(
    a: &Analysis,
    settings: &ReportSettings,
    matrices: &[Matrix],
    weighting: &str,
    t: &Texts,
    nf: NumFmt,
) -> String {
    let rule = |r: CrosshairRule, unit: &str| match r {
        CrosshairRule::Mean => fill(t.rule_mean, &[("v", "")]).replace(" ()", ""),
        CrosshairRule::Median => fill(t.rule_median, &[("v", "")]).replace(" ()", ""),
        CrosshairRule::Midpoint => fill(t.rule_midpoint, &[("v", "")]).replace(" ()", ""),
        CrosshairRule::Zero => t.rule_zero.to_string(),
        CrosshairRule::Value(v) => format!("{}{unit}", nf.dec(v, 2)),
    };
    let x_unit = match matrices.first().map(|m| m.x_scale) {
        Some(XScale::PercentOfScale) => "%",
        _ => "",
    };
    fill(
        t.methods_settings,
        &[
            ("x", &rule(settings.crosshair.x, x_unit)),
            ("y", &rule(settings.crosshair.y, "%")),
            ("min_not", &nf.int(a.settings.min_not_experienced)),
            ("small", &nf.int(a.settings.small_base)),
            ("weights", weighting),
            ("method", &importance_methods(a, nf.lang)),
        ],
    )
}

/// The importance methods the KPIs used, named in the report's language.
fn importance_methods(a: &Analysis, lang: Lang) -> String {
    use cximpact_regression::ImportanceMethod as M;
    let mut names: Vec<&str> = Vec::new();
    for kpi in &a.kpis {
        let name = match (kpi.model.importance_method, lang) {
            (M::ShapleyExact, Lang::En) => "Shapley (LMG), exact over all subsets",
            (M::ShapleyExact, Lang::Nl) => "Shapley (LMG), exact over alle deelverzamelingen",
            (M::ShapleySampled, Lang::En) => "Shapley (LMG), estimated from sampled orders",
            (M::ShapleySampled, Lang::Nl) => {
                "Shapley (LMG), geschat uit steekproeven van volgordes"
            }
            (M::RelativeWeights, Lang::En) => "Johnson's relative weights",
            (M::RelativeWeights, Lang::Nl) => "relatieve gewichten (Johnson)",
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.join("; ")
}

/// The methods paragraphs on logistic models: how they are fitted, the
/// rule for large surveys when a model was fitted on a subsample and,
/// when one of them was bootstrapped, how.
pub(super) fn methods_logistic(a: &Analysis, t: &'static Texts, nf: NumFmt) -> Vec<String> {
    let logistic: Vec<_> = a
        .kpis
        .iter()
        .filter(|k| k.model.model == ModelKind::Logistic)
        .collect();
    let mut out = Vec::new();
    if !logistic.is_empty() {
        out.push(t.methods_logistic.to_string());
    }
    if let Some(s) = logistic.iter().find_map(|k| k.subsample) {
        out.push(fill(t.methods_logistic_subsample, &[("cap", &nf.int(s.n))]));
    }
    if logistic.iter().any(|k| k.uncertainty.is_some()) {
        out.push(t.methods_logistic_bootstrap.to_string());
    }
    out
}

/// The bootstrap paragraphs of the methods appendix, from the first KPI
/// with intervals (all KPIs share one bootstrap).
pub(super) fn methods_bootstrap(a: &Analysis, t: &'static Texts, nf: NumFmt) -> Vec<String> {
    let Some(u) = a.kpis.iter().find_map(|k| k.uncertainty.as_ref()) else {
        return Vec::new();
    };
    let unit = match u.chunks {
        Some(chunks) => fill(t.bootstrap_blocks, &[("chunks", &nf.int(chunks))]),
        None => String::new(),
    };
    t.methods_bootstrap
        .iter()
        .map(|p| {
            fill(
                p,
                &[
                    ("reps", &nf.int(u.replicates)),
                    ("seed", &u.seed.to_string()),
                    ("unit", &unit),
                    ("small", &nf.int(a.settings.small_base)),
                ],
            )
            .replace("  ", " ")
        })
        .collect()
}
