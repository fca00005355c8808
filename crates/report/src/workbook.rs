//! `report.xlsx`: the analysis as a workbook a consultant filters, sorts
//! and charts in Excel without retyping a number.
//!
//! `impact.csv` is the machine contract; this is the human one: sheets
//! named and headed in the report's language, numbers written as numbers
//! with a number format (shares as percentages, gains with a sign), text
//! always as text (a label `=HYPERLINK(...)` from an export stays a
//! label), and every table with a frozen header, an autofilter and fitted
//! columns. Sheets: a summary (survey, n, KPIs with their NPS, the ranked
//! actions, the change since the previous wave), one per KPI (its
//! touchpoint table), segments, the segment groups' models, the
//! comparison with the previous wave when there is one, the excluded rows
//! and the warnings. The numbers come from the same places as the other
//! outputs ([`touchpoint_rows`], [`priorities`], [`group_matrices`]), so
//! the workbook never disagrees with `impact.json`.
//!
//! The file is byte-identical across runs: its creation date is fixed.

mod table;
#[cfg(test)]
mod tests;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

use crate::data::{excluded_rows, touchpoint_rows, TouchpointRow};
use crate::format::NumFmt;
use crate::groups::{group_matrices, skip_text};
use crate::html::first_screen_summary;
use crate::i18n::{fill, texts, workbook_texts, Texts, WorkbookTexts};
use crate::lang::Lang;
use crate::model::{Analysis, ExclusionReason, KpiAnalysis, KpiKind, SegmentAnalysis, Warning};
use crate::priorities::{gain_scale, priorities, shares, Measure, Priorities, Priority};
use crate::quadrant::{place, Matrix, Quadrant};
use crate::{ReportError, ReportSettings};
use table::{table_sheet, write_cell, write_table, Cell, Columns, Formats, Num, Table, Widths};

/// The workbook of `analysis` as the bytes of an `.xlsx` file.
pub fn render_workbook(
    analysis: &Analysis,
    settings: &ReportSettings,
) -> Result<Vec<u8>, ReportError> {
    build(analysis, settings).map_err(|e| ReportError::Workbook(e.to_string()))
}

fn build(a: &Analysis, settings: &ReportSettings) -> Result<Vec<u8>, XlsxError> {
    let (t, wt) = (texts(settings.lang), workbook_texts(settings.lang));
    let f = Formats::new();
    let mut wb = Workbook::new();
    // A fixed date: a rerun on the same data writes the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(&a.title)
            .set_creation_datetime(&created),
    );
    let p = priorities(a, &settings.crosshair);
    let names = sheet_names(a, wt);
    summary_sheet(named(&mut wb, wt.sheet_summary)?, a, settings, &p, &f)?;
    for (k, name) in names.iter().enumerate() {
        let m = place(a, k, &settings.crosshair);
        table_sheet(
            named(&mut wb, name)?,
            &kpi_table(a, k, &m, &p, t, wt),
            1,
            &f,
        )?;
    }
    let ws = named(&mut wb, wt.sheet_segments)?;
    if a.segments.is_empty() {
        ws.write_string(0, 0, wt.no_segments)?;
    } else {
        table_sheet(ws, &segments_table(a, t, wt, settings.lang), 2, &f)?;
    }
    if a.segment_models.iter().any(|g| g.analysis.is_some()) {
        let table = segment_models_table(a, settings, t, wt);
        table_sheet(named(&mut wb, wt.sheet_segment_models)?, &table, 2, &f)?;
    }
    if let Some(table) = comparison_table(a, settings, t, wt) {
        table_sheet(named(&mut wb, wt.sheet_comparison)?, &table, 2, &f)?;
    }
    let excluded = excluded_table(a, wt, settings.lang);
    table_sheet(named(&mut wb, wt.sheet_excluded)?, &excluded, 0, &f)?;
    let warnings = warnings_table(a, wt, settings.lang);
    table_sheet(named(&mut wb, wt.sheet_warnings)?, &warnings, 0, &f)?;
    wb.save_to_buffer()
}

/// A new sheet called `name`.
fn named<'w>(wb: &'w mut Workbook, name: &str) -> Result<&'w mut Worksheet, XlsxError> {
    wb.add_worksheet().set_name(name)
}

/// The KPI sheets' names: each KPI's label made a valid sheet name (at
/// most 31 characters, none of `[]:*?/\` nor an apostrophe, runs of
/// spaces as one),
/// distinct from each other and from the fixed sheets (Excel compares
/// names without case).
fn sheet_names(a: &Analysis, wt: &WorkbookTexts) -> Vec<String> {
    let mut taken: Vec<String> = [
        wt.sheet_summary,
        wt.sheet_segments,
        wt.sheet_segment_models,
        wt.sheet_comparison,
        wt.sheet_excluded,
        wt.sheet_warnings,
        // Reserved by English Excel.
        "History",
    ]
    .iter()
    .map(|s| s.to_lowercase())
    .collect();
    let mut out = Vec::new();
    for (k, kpi) in a.kpis.iter().enumerate() {
        let clean: String = kpi
            .label
            .chars()
            .map(|c| if "[]:*?/\\'".contains(c) { ' ' } else { c })
            .collect();
        let mut base = clean.split_whitespace().collect::<Vec<_>>().join(" ");
        if base.is_empty() {
            base = format!("KPI {}", k + 1);
        }
        let mut name = truncate(&base, 31);
        let mut n = 2;
        while taken.contains(&name.to_lowercase()) {
            let suffix = format!(" ({n})");
            name = format!("{}{suffix}", truncate(&base, 31 - suffix.len()));
            n += 1;
        }
        taken.push(name.to_lowercase());
        out.push(name);
    }
    out
}

/// The first `chars` characters, without a space at the end.
fn truncate(s: &str, chars: usize) -> String {
    s.chars()
        .take(chars)
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// The summary: survey facts, the headline and first action in words,
/// the KPIs, the ranked actions and (with `--compare`) the change per KPI.
fn summary_sheet(
    ws: &mut Worksheet,
    a: &Analysis,
    settings: &ReportSettings,
    p: &Priorities,
    f: &Formats,
) -> Result<(), XlsxError> {
    let (t, wt) = (texts(settings.lang), workbook_texts(settings.lang));
    let mut widths = Widths::default();
    ws.write_string_with_format(0, 0, table::cell_text(&a.title), &f.title)?;
    let [label, level, detail, action] = first_screen_summary(a, settings);
    let weighting = a.weight_column.as_ref().map_or_else(
        || t.unweighted.to_string(),
        |c| fill(t.weighted_by, &[("col", c)]),
    );
    let mut facts = vec![
        (wt.survey_file, Cell::text(&a.source_file)),
        (t.respondents_in, Cell::int(a.respondents_in)),
        (t.respondents_analysed, Cell::int(a.respondents_analysed)),
        (t.weighting, Cell::text(weighting)),
    ];
    if !level.is_empty() {
        facts.push((
            wt.headline,
            Cell::text(format!("{level} ({label}; {detail})")),
        ));
        facts.push((wt.first_action, Cell::text(action)));
    }
    if let Some(c) = &a.comparison {
        facts.push((wt.previous_wave, Cell::text(&c.previous_file)));
    }
    let mut row = 2;
    for (name, value) in &facts {
        ws.write_string_with_format(row, 0, *name, &f.bold)?;
        widths.fit(0, name.chars().count() as f64);
        // Long values run on into the empty cells beside them.
        write_cell(ws, row, 1, value, f)?;
        row += 1;
    }
    let mut sections = vec![
        (wt.kpis_heading, kpis_table(a, t, wt)),
        (t.priorities_heading, actions_table(a, p, settings.lang)),
    ];
    if let Some(changes) = changes_table(a, wt) {
        sections.push((wt.changes_heading, changes));
    }
    for (heading, table) in &sections {
        ws.write_string_with_format(row + 1, 0, *heading, &f.bold)?;
        row = write_table(ws, row + 2, table, f, &mut widths)?;
    }
    widths.apply(ws)
}

/// The KPI's level as the question was asked (a reversed KPI turned
/// back), its interval, and how to show it: a share or a mean.
fn kpi_level(kpi: &KpiAnalysis) -> (f64, Option<[f64; 2]>, Num) {
    let (lo, hi) = kpi.scale;
    let raw = |v: f64| if kpi.reverse { lo + hi - v } else { v };
    let ci = kpi
        .uncertainty
        .as_ref()
        .and_then(|u| u.kpi_mean_ci)
        .map(|[x, y]| {
            let (x, y) = (raw(x), raw(y));
            [x.min(y), x.max(y)]
        });
    let n = if shares(kpi) { Num::Pct } else { Num::Dec2 };
    (raw(kpi.model.kpi_mean), ci, n)
}

/// One row per KPI: kind, base, fit, level and NPS with intervals.
fn kpis_table(a: &Analysis, t: &Texts, wt: &WorkbookTexts) -> Table {
    let mut c: Columns<KpiAnalysis> = Columns::new();
    let ci = [wt.ci_low, wt.ci_high];
    c.add(wt.kpi, |k| Cell::text(&k.label));
    c.add(wt.column, |k| Cell::text(&k.name));
    c.add(wt.kind, move |k| {
        Cell::text(match k.kind {
            KpiKind::Nps => t.kind_nps,
            KpiKind::Scale => t.kind_scale,
            KpiKind::Binary => t.kind_binary,
        })
    });
    c.add(wt.n, |k| Cell::int(k.model.n));
    c.add(wt.r2, |k| Cell::num(k.model.r2, Num::Dec2));
    c.add(wt.adj_r2, |k| Cell::opt(k.model.adj_r2, Num::Dec2));
    c.add(wt.level, |k| {
        let (v, _, n) = kpi_level(k);
        Cell::num(v, n)
    });
    for (i, bound) in ci.iter().enumerate() {
        c.add(fill(bound, &[("h", wt.level)]), move |k| {
            let (_, ci, n) = kpi_level(k);
            Cell::opt(ci.map(|c| c[i]), n)
        });
    }
    c.with_ci(wt.nps, ci, Num::Signed1, |k| {
        let ci = k
            .nps_effects
            .as_ref()
            .and_then(|e| e.uncertainty.as_ref())
            .and_then(|u| u.kpi_mean_ci);
        (k.nps.as_ref().map(|s| s.score), ci)
    });
    c.add(t.promoters, |k| {
        Cell::opt(k.nps.as_ref().map(|s| s.promoters), Num::Pct)
    });
    c.add(t.passives, |k| {
        Cell::opt(k.nps.as_ref().map(|s| s.passives), Num::Pct)
    });
    c.add(t.detractors, |k| {
        Cell::opt(k.nps.as_ref().map(|s| s.detractors), Num::Pct)
    });
    c.table(&a.kpis)
}

/// The ranked actions, certain ones first, with their gains and, for the
/// others, why they are not certain.
fn actions_table(a: &Analysis, p: &Priorities, lang: Lang) -> Table {
    let (t, wt, nf) = (texts(lang), workbook_texts(lang), NumFmt::new(lang));
    let mut c: Columns<Priority> = Columns::new();
    let ci = [wt.ci_low, wt.ci_high];
    c.add(wt.rank, |i| Cell::int(i.rank));
    c.add(wt.certain, |i| Cell::Bool(i.certain));
    c.add(wt.action, move |i| {
        Cell::text(t.quadrant(i.action.quadrant()).name)
    });
    c.add(t.th_touchpoint, |i| {
        Cell::text(&a.touchpoints[i.touchpoint].label)
    });
    c.add(wt.what_if, move |i| {
        Cell::text(match i.measure {
            Measure::OnePointMore => wt.what_if_more,
            Measure::OneInTenFewer => wt.what_if_prevent,
            Measure::OnePointLess => wt.what_if_less,
        })
    });
    c.add(wt.kpi, |i| Cell::text(&a.kpis[i.kpi].label));
    c.with_ci(wt.gain, ci, Num::Signed2, |i| {
        (i.gain.map(|g| g.value), i.gain.and_then(|g| g.ci))
    });
    c.add(wt.unit, move |i| Cell::text(unit(&a.kpis[i.kpi], wt)));
    c.with_ci(wt.gain_nps, ci, Num::Signed2, |i| {
        (i.nps.map(|g| g.value), i.nps.and_then(|g| g.ci))
    });
    c.add(wt.flags, move |i| {
        Cell::text(crate::html::flag_words(a, i, t, nf).join(", "))
    });
    c.add(wt.note, |i| {
        Cell::text(a.touchpoints[i.touchpoint].note.as_deref().unwrap_or(""))
    });
    c.table(&p.items)
}

/// The unit of a KPI's gains.
fn unit(kpi: &KpiAnalysis, wt: &WorkbookTexts) -> &'static str {
    if gain_scale(kpi) == 1.0 {
        wt.unit_points
    } else {
        wt.unit_pp
    }
}

/// A quadrant id of the data outputs as its name, or "not in matrix".
fn quadrant_name(id: Option<&str>, t: &Texts) -> Cell {
    let q = Quadrant::ALL.into_iter().find(|q| Some(q.id()) == id);
    Cell::text(q.map_or(t.not_in_matrix, |q| t.quadrant(q).name))
}

/// A KPI's touchpoint table: the same numbers as its rows of
/// `impact.csv`, shares as percentages, with intervals beside them.
fn kpi_table(
    a: &Analysis,
    k: usize,
    m: &Matrix,
    p: &Priorities,
    t: &Texts,
    wt: &WorkbookTexts,
) -> Table {
    let kpi = &a.kpis[k];
    let rows: Vec<(usize, TouchpointRow)> =
        touchpoint_rows(a, kpi, m).into_iter().enumerate().collect();
    let mut c: Columns<(usize, TouchpointRow)> = Columns::new();
    let ci = [wt.ci_low, wt.ci_high];
    c.add(t.th_touchpoint, |(_, r)| Cell::text(r.label));
    c.add(wt.column, |(_, r)| Cell::text(r.name));
    c.add(wt.phase, |(_, r)| Cell::text(r.phase.unwrap_or("")));
    c.add(t.th_n, |(_, r)| Cell::int(r.n_experienced));
    c.add(t.th_frequency, |(_, r)| Cell::num(r.frequency, Num::Pct));
    c.with_ci(t.th_mean, ci, Num::Dec2, |(_, r)| {
        (r.satisfaction_mean, r.satisfaction_ci)
    });
    c.add(wt.sd, |(_, r)| Cell::opt(r.satisfaction_sd, Num::Dec2));
    c.add(t.th_top_box, |(_, r)| Cell::opt(r.top_box_share, Num::Pct));
    c.add(t.th_incidence, |(_, r)| {
        Cell::opt(r.incidence_effect, Num::Signed3)
    });
    c.add(t.th_quality, |(_, r)| {
        Cell::opt(r.quality_effect, Num::Signed3)
    });
    if kpi.model.model == cximpact_regression::ModelKind::Logistic {
        c.add(t.th_incidence_or, |(_, r)| {
            Cell::opt(r.incidence_odds_ratio, Num::Dec2)
        });
        c.add(t.th_quality_or, |(_, r)| {
            Cell::opt(r.quality_odds_ratio, Num::Dec2)
        });
    }
    c.add(wt.importance, |(_, r)| {
        Cell::num(r.importance_share, Num::Pct)
    });
    // The matrix's y, in % of what the model explains, as a share.
    let share = |v: Option<f64>| v.map(|v| v / 100.0);
    c.with_ci(wt.impact, ci, Num::SignedPct, move |(_, r)| {
        (
            share(r.matrix_y),
            r.matrix_y_ci.map(|[l, h]| [l / 100.0, h / 100.0]),
        )
    });
    c.add(t.th_quadrant, move |(_, r)| quadrant_name(r.quadrant, t));
    c.add(wt.quadrant_probability, |(_, r)| {
        Cell::opt(r.quadrant_probability, Num::Pct)
    });
    let u = unit(kpi, wt);
    let nps = kpi.nps_effects.is_some();
    c.with_ci(
        &fill(wt.gain_more, &[("unit", u)]),
        ci,
        Num::Signed2,
        |(_, r)| (r.gain_one_point, r.gain_one_point_ci),
    );
    if nps {
        c.with_ci(wt.gain_more_nps, ci, Num::Signed2, |(_, r)| {
            (r.gain_one_point_nps, r.gain_one_point_nps_ci)
        });
    }
    c.with_ci(
        &fill(wt.gain_prevent, &[("unit", u)]),
        ci,
        Num::Signed2,
        |(_, r)| (r.gain_prevent, r.gain_prevent_ci),
    );
    if nps {
        c.with_ci(wt.gain_prevent_nps, ci, Num::Signed2, |(_, r)| {
            (r.gain_prevent_nps, r.gain_prevent_nps_ci)
        });
    }
    c.add(wt.priority_rank, move |(j, _)| {
        let item = p.items.iter().find(|i| i.kpi == k && i.touchpoint == *j);
        item.map_or(Cell::Blank, |i| Cell::int(i.rank))
    });
    c.add(wt.small_base, |(_, r)| Cell::Bool(r.small_base));
    c.add(wt.controllable, |(_, r)| Cell::Bool(r.controllable));
    c.add(wt.note, |(_, r)| Cell::text(r.note.unwrap_or("")));
    c.table(&rows)
}

/// A segment column's readable name, or a group's (`[segments.labels]`).
fn group_label(a: &Analysis, column: &str, value: &str, t: &Texts) -> (String, String) {
    let g = a
        .segment_models
        .iter()
        .find(|g| g.column == column && g.value == value);
    let column_label = a
        .segment_models
        .iter()
        .find(|g| g.column == column)
        .map_or_else(|| column.to_string(), |g| g.column_label.clone());
    let label = if value.trim().is_empty() {
        t.blank_group.to_string()
    } else {
        g.map_or_else(|| value.to_string(), |g| g.label.clone())
    };
    (column_label, label)
}

/// Every segment group: its size, each KPI's level in it, and whether it
/// has an analysis of its own (and why not).
fn segments_table(a: &Analysis, t: &Texts, wt: &WorkbookTexts, lang: Lang) -> Table {
    struct Row<'a> {
        column: &'a str,
        group: &'a crate::model::SegmentGroup,
        model: Option<&'a SegmentAnalysis>,
    }
    let rows: Vec<Row> = a
        .segments
        .iter()
        .flat_map(|s| {
            s.groups.iter().map(|g| Row {
                column: &s.column,
                group: g,
                model: a
                    .segment_models
                    .iter()
                    .find(|m| m.column == s.column && m.value == g.value),
            })
        })
        .collect();
    let mut c: Columns<Row> = Columns::new();
    c.add(wt.segment, |r| {
        Cell::text(group_label(a, r.column, "", t).0)
    });
    c.add(wt.group, |r| {
        Cell::text(group_label(a, r.column, &r.group.value, t).1)
    });
    c.add(wt.n, |r| Cell::int(r.group.n));
    for (k, kpi) in a.kpis.iter().enumerate() {
        let n = match kpi.kind {
            KpiKind::Nps => Num::Signed1,
            KpiKind::Binary => Num::Pct,
            KpiKind::Scale => Num::Dec2,
        };
        c.add(&kpi.label, move |r| {
            Cell::opt(r.group.kpi_values.get(k).copied().flatten(), n)
        });
    }
    c.add(wt.own_analysis, |r| {
        Cell::opt_bool(r.model.map(|m| m.analysis.is_some()))
    });
    let nf = NumFmt::new(lang);
    c.add(wt.reason, move |r| {
        let skip = r.model.and_then(|m| m.skipped.as_ref());
        Cell::text(skip.map_or_else(String::new, |s| skip_text(s, t, nf)))
    });
    c.table(&rows)
}

/// Each segment group's own model per KPI: the touchpoints' numbers in
/// the group and whether each acts differently from the rest.
fn segment_models_table(
    a: &Analysis,
    settings: &ReportSettings,
    t: &Texts,
    wt: &WorkbookTexts,
) -> Table {
    struct Row<'a> {
        group: &'a SegmentAnalysis,
        kpi: &'a KpiAnalysis,
        n: usize,
        r: TouchpointRow<'a>,
        differs: Option<bool>,
        p: Option<f64>,
    }
    let mut rows: Vec<Row> = Vec::new();
    for (k, kpi) in a.kpis.iter().enumerate() {
        for view in group_matrices(a, k, &settings.crosshair) {
            let Some((ga, gk, m)) = &view.kpi else {
                continue;
            };
            for (j, r) in touchpoint_rows(ga, gk, m).into_iter().enumerate() {
                rows.push(Row {
                    group: view.group,
                    kpi,
                    n: gk.model.n,
                    r,
                    differs: view.differs(j),
                    p: view.test(j).map(|t| t.p_adjusted),
                });
            }
        }
    }
    let mut c: Columns<Row> = Columns::new();
    c.add(wt.segment, |r| Cell::text(&r.group.column_label));
    c.add(wt.group, |r| {
        Cell::text(group_label(a, &r.group.column, &r.group.value, t).1)
    });
    c.add(wt.kpi, |r| Cell::text(&r.kpi.label));
    c.add(wt.n, |r| Cell::int(r.n));
    c.add(t.th_touchpoint, |r| Cell::text(r.r.label));
    c.add(t.th_frequency, |r| Cell::num(r.r.frequency, Num::Pct));
    c.add(t.th_mean, |r| Cell::opt(r.r.satisfaction_mean, Num::Dec2));
    c.add(wt.impact, |r| {
        Cell::opt(r.r.matrix_y.map(|y| y / 100.0), Num::SignedPct)
    });
    c.add(t.th_quadrant, move |r| quadrant_name(r.r.quadrant, t));
    c.add(fill(wt.gain_more, &[("unit", wt.unit_points)]), |r| {
        Cell::opt(r.r.gain_one_point, Num::Signed2)
    });
    c.add(wt.differs, |r| Cell::opt_bool(r.differs));
    c.add(wt.p_adjusted, |r| Cell::opt(r.p, Num::Dec3));
    c.table(&rows)
}

/// Per KPI both waves share: the previous level and the change.
fn changes_table(a: &Analysis, wt: &WorkbookTexts) -> Option<Table> {
    let cmp = a.comparison.as_ref()?;
    let mut c: Columns<crate::model::KpiComparison> = Columns::new();
    let ci = [wt.ci_low, wt.ci_high];
    let prev = |kc: &crate::model::KpiComparison| &cmp.previous.kpis[kc.previous_kpi];
    c.add(wt.kpi, |kc| Cell::text(&a.kpis[kc.kpi].label));
    c.add(wt.n_then, move |kc| Cell::int(prev(kc).model.n));
    c.add(wt.nps_then, move |kc| {
        Cell::opt(prev(kc).nps.as_ref().map(|n| n.score), Num::Signed1)
    });
    c.with_ci(wt.nps_change, ci, Num::Signed1, |kc| {
        (kc.nps_change, kc.nps_change_ci)
    });
    c.with_ci(wt.mean_change, ci, Num::Signed2, |kc| {
        (Some(kc.mean_change), kc.mean_change_ci)
    });
    Some(c.table(&cmp.kpis))
}

/// Per KPI and touchpoint both waves share: the changes with their
/// intervals and the quadrant then and now.
fn comparison_table(
    a: &Analysis,
    settings: &ReportSettings,
    t: &Texts,
    wt: &WorkbookTexts,
) -> Option<Table> {
    let cmp = a.comparison.as_ref()?;
    struct Row<'a> {
        kpi: &'a KpiAnalysis,
        change: &'a crate::model::TouchpointChange,
        then: Option<Quadrant>,
        now: Option<Quadrant>,
    }
    let mut rows: Vec<Row> = Vec::new();
    for kc in &cmp.kpis {
        let m = place(a, kc.kpi, &settings.crosshair);
        for change in &kc.touchpoints {
            let point = m.point(change.touchpoint);
            rows.push(Row {
                kpi: &a.kpis[kc.kpi],
                change,
                then: point.and_then(|p| p.previous).map(|p| p.quadrant),
                now: point.map(|p| p.quadrant),
            });
        }
    }
    let mut c: Columns<Row> = Columns::new();
    let ci = [wt.ci_low, wt.ci_high];
    let name = move |q: Option<Quadrant>| q.map_or(Cell::Blank, |q| Cell::text(t.quadrant(q).name));
    c.add(wt.kpi, |r| Cell::text(&r.kpi.label));
    c.add(t.th_touchpoint, |r| {
        Cell::text(&a.touchpoints[r.change.touchpoint].label)
    });
    c.with_ci(wt.sat_change, ci, Num::Signed2, |r| {
        (
            r.change.satisfaction_change,
            r.change.satisfaction_change_ci,
        )
    });
    c.with_ci(wt.freq_change, ci, Num::SignedPct, |r| {
        (
            Some(r.change.frequency_change),
            r.change.frequency_change_ci,
        )
    });
    // Percentage points of the matrix's y, as shares.
    c.with_ci(wt.impact_change, ci, Num::SignedPct, |r| {
        let ci = r
            .change
            .impact_change_ci
            .map(|[l, h]| [l / 100.0, h / 100.0]);
        (Some(r.change.impact_change / 100.0), ci)
    });
    c.add(wt.quadrant_then, move |r| name(r.then));
    c.add(wt.quadrant_now, move |r| name(r.now));
    c.add(wt.moved, |r| match (r.then, r.now) {
        (Some(then), Some(now)) => Cell::Bool(then != now),
        _ => Cell::Blank,
    });
    c.add(wt.changed, |r| Cell::opt_bool(r.change.significant_change));
    Some(c.table(&rows))
}

/// The exclusion reasons and warnings in the report's language: the one
/// place the workbook calls the translators of `i18n`.
mod words {
    use crate::lang::Lang;
    use crate::model::{ExclusionReason, Warning};

    pub(super) fn exclusion(lang: Lang, reason: &ExclusionReason) -> String {
        crate::i18n::exclusion_reason(lang, reason)
    }

    /// A warning's kind and sentence.
    pub(super) fn warning(lang: Lang, w: &Warning) -> (String, String) {
        (
            crate::i18n::warning_kind(lang, &w.kind),
            crate::i18n::warning_message(lang, &w.kind),
        )
    }
}

/// `excluded.csv` as a sheet: every row left out, by row, with its id,
/// reason and the KPI it was left out of (blank: the whole analysis).
fn excluded_table(a: &Analysis, wt: &WorkbookTexts, lang: Lang) -> Table {
    let rows = excluded_rows(a);
    let mut c: Columns<(usize, &str, &ExclusionReason, &str)> = Columns::new();
    c.add(wt.row, |r| Cell::int(r.0));
    c.add(wt.id, |r| Cell::text(r.1));
    c.add(wt.reason, move |r| Cell::text(words::exclusion(lang, r.2)));
    c.add(wt.kpi, |r| {
        let kpi = a.kpis.iter().find(|k| k.name == r.3);
        Cell::text(kpi.map_or(r.3, |k| k.label.as_str()))
    });
    c.table(&rows)
}

/// Every warning: kind, where (row, column, file) and what.
fn warnings_table(a: &Analysis, wt: &WorkbookTexts, lang: Lang) -> Table {
    let mut c: Columns<Warning> = Columns::new();
    c.add(wt.kind, move |w| Cell::text(words::warning(lang, w).0));
    c.add(wt.row, |w| w.row.map_or(Cell::Blank, Cell::int));
    c.add(wt.column, |w| Cell::text(w.column.as_deref().unwrap_or("")));
    c.add(wt.file, |w| Cell::text(&w.file));
    c.add(wt.message, move |w| Cell::text(words::warning(lang, w).1));
    c.table(&a.warnings)
}
