//! The query that sums a survey in the warehouse (`cximpact sql`): the
//! cells read with the config's meaning (codes, value maps, decimal mark,
//! scales, reversed questions, yes/no answers) as ingest reads a CSV whose
//! cells are text, then one aggregate per number of the result's `sums`
//! (see the crate docs for the layout, the hash and the noise).

use std::collections::BTreeMap;

use cximpact_analysis::SumColumn;
use cximpact_ingest::{Config, KpiKind, DEFAULT_NEGATIVE, DEFAULT_POSITIVE};

use crate::layout::Layout;
use crate::{Dialect, WarehouseError};

/// A number as ingest accepts it (sign, digits, one decimal point, an
/// exponent).
const NUMBER: &str = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$";
/// An anchored answer such as "10 - Extremely likely".
const ANCHORED: &str = "^-?[0-9]+ *[-=:] .+$";

/// The query summing `table` for `config` in `blocks` blocks.
pub fn query(
    config: &Config,
    table: &str,
    dialect: Dialect,
    blocks: usize,
) -> Result<String, WarehouseError> {
    let ok = !table.is_empty()
        && table
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '"' | '`' | '-'));
    if !ok {
        return Err(WarehouseError::Config {
            config: config.origin.clone(),
            message: format!(
                "--table {table:?}: give a table name (letters, digits, _ . - and quotes)"
            ),
        });
    }
    let layout = Layout::new(config, blocks)?;
    let sql = Sql { d: dialect };
    let mut out = header(&layout, config, dialect);
    out.push_str(&sql.text_cte(config, &layout, table));
    out.push_str(&sql.cells_cte(config, &layout));
    out.push_str(&sql.rows_cte(&layout));
    out.push_str(&sql.select(&layout));
    Ok(out)
}

/// The query's opening comment: what it computes and how to export it.
fn header(layout: &Layout, config: &Config, dialect: Dialect) -> String {
    let export = match dialect {
        Dialect::DuckDb => "COPY (<this query>) TO 'sums.csv' (HEADER)",
        Dialect::Spark => {
            "spark.sql(query).coalesce(1).write.option(\"header\", True).csv(\"sums\")"
        }
        Dialect::Postgres => {
            "COPY (<this query>) TO STDOUT WITH (FORMAT csv, HEADER) in a file run by psql -f, \
             output to sums.csv"
        }
    };
    format!(
        "-- cximpact: the sums of a touchpoint survey for `cximpact analyze --moments`.\n\
         -- Config: {origin}; dialect: {dialect}; {blocks} blocks.\n\
         -- One row per set of respondents (the whole survey per block, each segment\n\
         -- group with block -1), per wave when the config names one; `sums` holds the numbers in the order the crate\n\
         -- cximpact-warehouse documents. Blocks and noise from h = md5(trim(id)):\n\
         -- H1, H2, H3 = hex digits 1-8, 9-16, 17-24 as unsigned numbers;\n\
         -- block = H3 mod {blocks}; u1 = (H1 + 0.5) / 2^32, u2 = (H2 + 0.5) / 2^32;\n\
         -- z1 = sqrt(-2 ln u1) cos(2 pi u2), z2 = sqrt(-2 ln u1) sin(2 pi u2).\n\
         -- Export the result as CSV with a header, e.g. {export},\n\
         -- then: cximpact analyze --moments sums.csv --config {origin} --out DIR\n",
        origin = config.origin,
        blocks = layout.blocks,
    )
}

/// Writes SQL in one dialect.
struct Sql {
    d: Dialect,
}

impl Sql {
    fn ident(&self, name: &str) -> String {
        match self.d {
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            Dialect::DuckDb | Dialect::Postgres => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    fn lit(&self, text: &str) -> String {
        let text = text.replace('\'', "''");
        match self.d {
            Dialect::Spark => format!("'{}'", text.replace('\\', "\\\\")),
            Dialect::DuckDb | Dialect::Postgres => format!("'{text}'"),
        }
    }

    fn text_type(&self) -> &'static str {
        match self.d {
            Dialect::DuckDb => "VARCHAR",
            Dialect::Spark => "STRING",
            Dialect::Postgres => "TEXT",
        }
    }

    fn double(&self, expr: &str) -> String {
        match self.d {
            Dialect::Postgres => format!("CAST({expr} AS DOUBLE PRECISION)"),
            Dialect::DuckDb | Dialect::Spark => format!("CAST({expr} AS DOUBLE)"),
        }
    }

    fn matches(&self, expr: &str, pattern: &str) -> String {
        let p = self.lit(pattern);
        match self.d {
            Dialect::DuckDb => format!("regexp_matches({expr}, {p})"),
            Dialect::Spark => format!("({expr} RLIKE {p})"),
            Dialect::Postgres => format!("({expr} ~ {p})"),
        }
    }

    fn leading_integer(&self, expr: &str) -> String {
        let p = self.lit("^-?[0-9]+");
        match self.d {
            Dialect::DuckDb | Dialect::Spark => format!("regexp_extract({expr}, {p}, 0)"),
            Dialect::Postgres => format!("substring({expr} from {p})"),
        }
    }

    /// Hex digits `from..from + 8` of `h` as an unsigned number.
    fn hex32(&self, h: &str, from: usize) -> String {
        let digits = format!("substr({h}, {from}, 8)");
        match self.d {
            Dialect::DuckDb => format!("CAST('0x' || {digits} AS BIGINT)"),
            Dialect::Spark => format!("CAST(conv({digits}, 16, 10) AS BIGINT)"),
            Dialect::Postgres => format!("CAST(CAST('x' || {digits} AS BIT(32)) AS BIGINT)"),
        }
    }

    fn list(&self, codes: impl IntoIterator<Item = String>) -> String {
        codes
            .into_iter()
            .map(|c| self.lit(&c))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The first step: every used column as trimmed text.
    fn text_cte(&self, config: &Config, layout: &Layout, table: &str) -> String {
        let survey = &layout.plan.survey;
        let t = self.text_type();
        let text = |name: &str| format!("TRIM(CAST({} AS {t}))", self.ident(name));
        let mut cols = vec![format!("COALESCE({}, '') AS id_text", text(&layout.id))];
        if let Some(w) = &config.survey.weight {
            cols.push(format!("{} AS w_text", text(w)));
        }
        for (j, tp) in survey.touchpoints.iter().enumerate() {
            cols.push(format!("{} AS t_{j}", text(&tp.column)));
        }
        for (q, kpi) in survey.kpis.iter().enumerate() {
            cols.push(format!("{} AS k_{q}", text(&kpi.column)));
        }
        for (s, seg) in layout.segments.iter().enumerate() {
            cols.push(format!("NULLIF({}, '') AS s_{s}", text(seg)));
        }
        if let Some(wave) = &layout.wave {
            cols.push(format!("NULLIF({}, '') AS wv", text(wave)));
        }
        format!(
            "WITH src AS (\n  SELECT\n    {}\n  FROM {table}\n),\n",
            cols.join(",\n    ")
        )
    }

    /// A number written in text `t` (decimal comma made a point when
    /// `comma`), else NULL.
    fn number(&self, t: &str, comma: bool) -> String {
        let t = if comma {
            format!(
                "CASE WHEN {t} NOT LIKE '%.%' AND LENGTH({t}) - LENGTH(REPLACE({t}, ',', '')) = 1 \
                 THEN REPLACE({t}, ',', '.') ELSE {t} END"
            )
        } else {
            t.to_string()
        };
        format!(
            "CASE WHEN {} THEN {} END",
            self.matches(&t, NUMBER),
            self.double(&t)
        )
    }

    /// A rating cell: no-answer codes, value maps, a number, an anchored
    /// answer; NULL for anything else.
    fn rating(
        &self,
        t: &str,
        codes: &[String],
        values: &BTreeMap<String, f64>,
        comma: bool,
    ) -> String {
        let mut out = format!(
            "CASE WHEN {t} IS NULL OR LOWER({t}) IN ({}) THEN NULL",
            self.list(codes.iter().cloned())
        );
        for (text, v) in values {
            out.push_str(&format!(" WHEN LOWER({t}) = {} THEN {v:?}", self.lit(text)));
        }
        out.push_str(&format!(
            " ELSE COALESCE({}, CASE WHEN {} THEN {} END) END",
            self.number(t, comma),
            self.matches(t, ANCHORED),
            self.double(&self.leading_integer(t))
        ));
        out
    }

    /// The second step: numbers in their scales, yes/no answers as 1/0.
    fn cells_cte(&self, config: &Config, layout: &Layout) -> String {
        let survey = &layout.plan.survey;
        let comma = config.decimal_comma() == Some(true);
        let base_codes: Vec<String> = config.not_experienced_codes().into_iter().collect();
        let codes_of = |extra: &[String]| {
            let mut c: Vec<String> = base_codes.clone();
            c.extend(extra.iter().map(|x| x.trim().to_lowercase()));
            c.sort();
            c.dedup();
            c
        };
        let values_of = |own: &BTreeMap<String, f64>| {
            let mut v: BTreeMap<String, f64> = BTreeMap::new();
            for (k, x) in config.survey.values.iter().chain(own) {
                v.insert(k.trim().to_lowercase(), *x);
            }
            v
        };
        let mut cols = vec!["id_text".to_string()];
        cols.push(match &config.survey.weight {
            Some(_) => format!("{} AS w_raw", self.number("w_text", comma)),
            None => "1.0 AS w_raw".to_string(),
        });
        for (j, cfg) in config.touchpoints.iter().enumerate() {
            let raw = self.rating(
                &format!("t_{j}"),
                &codes_of(&cfg.not_experienced),
                &values_of(&cfg.values),
                comma,
            );
            cols.push(format!("{raw} AS xr_{j}"));
        }
        for (q, (kpi, cfg)) in survey.kpis.iter().zip(&config.kpis).enumerate() {
            let t = format!("k_{q}");
            let codes = codes_of(&cfg.not_experienced);
            cols.push(match kpi.kind {
                KpiKind::Binary => format!("{} AS yr_{q}", self.yes_no(&t, &codes, cfg)),
                KpiKind::Nps | KpiKind::Scale => {
                    let raw = self.rating(&t, &codes, &values_of(&cfg.values), comma);
                    format!("{raw} AS yr_{q}")
                }
            });
        }
        for s in 0..layout.segments.len() {
            cols.push(format!("s_{s}"));
        }
        if layout.wave.is_some() {
            cols.push("wv".into());
        }
        let mut scaled = vec!["*".to_string()];
        for (j, (tp, cfg)) in survey
            .touchpoints
            .iter()
            .zip(&config.touchpoints)
            .enumerate()
        {
            scaled.push(in_scale(
                &format!("xr_{j}"),
                tp.scale,
                cfg.reverse,
                &format!("x_{j}"),
            ));
        }
        for (q, kpi) in survey.kpis.iter().enumerate() {
            scaled.push(in_scale(
                &format!("yr_{q}"),
                kpi.scale,
                false,
                &format!("y_{q}"),
            ));
        }
        format!(
            "cells AS (\n  SELECT\n    {}\n  FROM src\n),\nscaled AS (\n  SELECT\n    {}\n  FROM cells\n),\n",
            cols.join(",\n    "),
            scaled.join(",\n    ")
        )
    }

    /// A yes/no cell: 1, 0 or NULL, as ingest reads it.
    fn yes_no(&self, t: &str, codes: &[String], cfg: &cximpact_ingest::KpiConfig) -> String {
        let norm = |c: &str| c.trim().to_lowercase();
        let positive: Vec<String> = match &cfg.positive {
            Some(list) => list.iter().map(|c| norm(c)).collect(),
            None => DEFAULT_POSITIVE.iter().map(|c| norm(c)).collect(),
        };
        let negative: Vec<String> = DEFAULT_NEGATIVE
            .iter()
            .map(|c| c.to_string())
            .chain(cfg.negative.iter().map(|c| norm(c)))
            .filter(|c| !positive.contains(c))
            .collect();
        let mut out = format!("CASE WHEN {t} IS NULL OR {t} = '' THEN NULL");
        for (list, v) in [(&positive, "1.0"), (&negative, "0.0")] {
            if !list.is_empty() {
                let l = self.list(list.iter().cloned());
                out.push_str(&format!(" WHEN LOWER({t}) IN ({l}) THEN {v}"));
            }
        }
        out.push_str(&format!(
            " WHEN LOWER({t}) IN ({}) THEN NULL",
            self.list(codes.iter().cloned())
        ));
        if cfg.positive.is_none() {
            let n = self.number(t, true);
            out.push_str(&format!(" WHEN {n} = 1 THEN 1.0 WHEN {n} = 0 THEN 0.0"));
        }
        out.push_str(" END");
        out
    }

    /// The third step: who is kept and analysed, the weights, the block,
    /// the noise and every column of the raw vectors.
    fn rows_cte(&self, layout: &Layout) -> String {
        let survey = &layout.plan.survey;
        let any_kpi = (0..survey.kpis.len())
            .map(|q| format!("y_{q} IS NOT NULL"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let mut cols = vec![
            format!("MOD({}, {}) AS blk", self.hex32("h", 17), layout.blocks),
            "CASE WHEN w_raw IS NULL OR w_raw < 0 THEN 1 ELSE 0 END AS bad_w".into(),
            "CASE WHEN w_raw = 0 THEN 1 ELSE 0 END AS zero_w".into(),
            "CASE WHEN w_raw > 0 THEN 1 ELSE 0 END AS kept".into(),
            "CASE WHEN w_raw > 0 THEN w_raw ELSE 0 END AS kept_w".into(),
            format!("CASE WHEN w_raw > 0 AND ({any_kpi}) THEN 1 ELSE 0 END AS an"),
            format!("CASE WHEN w_raw > 0 AND NOT ({any_kpi}) THEN 1 ELSE 0 END AS no_kpi"),
            format!("CASE WHEN w_raw > 0 AND ({any_kpi}) THEN w_raw ELSE 0 END AS w"),
        ];
        let u1 = format!("(({} + 0.5) / 4294967296.0)", self.hex32("h", 1));
        let u2 = format!("(({} + 0.5) / 4294967296.0)", self.hex32("h", 9));
        cols.push(format!("SQRT(-2 * LN({u1})) * COS(2 * PI() * {u2}) AS z1"));
        cols.push(format!("SQRT(-2 * LN({u1})) * SIN(2 * PI() * {u2}) AS z2"));
        for (j, shift) in layout.plan.rating_shift.iter().enumerate() {
            cols.push(format!("x_{j}"));
            cols.push(format!(
                "CASE WHEN x_{j} IS NULL THEN 0 ELSE 1 END AS d_{j}"
            ));
            cols.push(format!("COALESCE(x_{j} - {shift:?}, 0) AS v_{j}"));
        }
        for (i, q) in layout.plan.questions.iter().enumerate() {
            let y = format!("y_{}", q.kpi);
            let answered = format!("w_raw > 0 AND {y} IS NOT NULL");
            cols.push(format!(
                "CASE WHEN {answered} THEN w_raw ELSE 0 END AS wq_{i}"
            ));
            cols.push(format!("CASE WHEN {answered} THEN 1 ELSE 0 END AS nq_{i}"));
            for (c, (column, shift)) in q.columns.iter().zip(&q.shifts).enumerate() {
                let value = kpi_value(&y, *column);
                cols.push(format!("{value} AS ya_{i}_{c}"));
                cols.push(format!("COALESCE({value} - {shift:?}, 0) AS yv_{i}_{c}"));
            }
        }
        for s in 0..layout.segments.len() {
            cols.push(format!("s_{s}"));
        }
        if layout.wave.is_some() {
            cols.push("wv".into());
        }
        format!(
            "rows AS (\n  SELECT\n    {}\n  FROM (SELECT scaled.*, md5(id_text) AS h FROM scaled) hashed\n)\n",
            cols.join(",\n    ")
        )
    }

    /// The aggregates, one per number of `sums`, grouped per block and per
    /// segment group.
    fn select(&self, layout: &Layout) -> String {
        let aggs = aggregates(layout);
        let t = self.text_type();
        let items = aggs
            .iter()
            .map(|a| format!("CAST({a} AS {t})"))
            .collect::<Vec<_>>()
            .join(",\n      ");
        let sums = match self.d {
            Dialect::DuckDb => format!("array_to_string([\n      {items}\n    ], ' ')"),
            Dialect::Spark => format!("concat_ws(' ', array(\n      {items}\n    ))"),
            Dialect::Postgres => format!("array_to_string(ARRAY[\n      {items}\n    ], ' ')"),
        };
        let mut set_column = "CASE WHEN GROUPING(blk) = 0 THEN ''".to_string();
        let mut set_value = "CASE".to_string();
        for (s, seg) in layout.segments.iter().enumerate() {
            set_column.push_str(&format!(" WHEN GROUPING(s_{s}) = 0 THEN {}", self.lit(seg)));
            set_value.push_str(&format!(" WHEN GROUPING(s_{s}) = 0 THEN s_{s}"));
        }
        set_column.push_str(" END");
        set_value.push_str(" END");
        if layout.segments.is_empty() {
            set_value = format!("CAST(NULL AS {t})");
        }
        // With a wave column every set is summed per wave.
        let (per_wave, wave) = match layout.wave {
            Some(_) => ("wv, ", "wv".to_string()),
            None => ("", format!("CAST(NULL AS {t})")),
        };
        let mut sets = vec![format!("({per_wave}blk)")];
        sets.extend((0..layout.segments.len()).map(|s| format!("({per_wave}s_{s})")));
        format!(
            "SELECT\n  {} AS layout,\n  {set_column} AS set_column,\n  {set_value} AS set_value,\n  \
             CASE WHEN GROUPING(blk) = 0 THEN blk ELSE -1 END AS block,\n  {sums} AS sums,\n  \
             {wave} AS wave\nFROM rows\nGROUP BY GROUPING SETS ({})\nORDER BY 6, 2, 3, 4\n",
            self.lit(&layout.signature()),
            sets.join(", ")
        )
    }
}

/// Column `raw` where it is in the scale (mirrored when `reverse`), else
/// NULL (ingest warns and leaves such a cell blank), named `name`.
fn in_scale(raw: &str, (lo, hi): (f64, f64), reverse: bool, name: &str) -> String {
    let value = if reverse {
        format!("{:?} - {raw}", lo + hi)
    } else {
        raw.to_string()
    };
    format!("CASE WHEN {raw} >= {lo:?} AND {raw} <= {hi:?} THEN {value} END AS {name}")
}

/// A KPI column of a question's moments from its answer `y`.
fn kpi_value(y: &str, column: SumColumn) -> String {
    match column {
        SumColumn::Value => y.to_string(),
        SumColumn::Mirrored { lo, hi } => format!("({:?} - {y})", lo + hi),
        SumColumn::NpsPoints => {
            format!("CASE WHEN {y} >= 9 THEN 100 WHEN {y} >= 7 THEN 0 WHEN {y} IS NOT NULL THEN -100 END")
        }
        SumColumn::Indicator { promoter, mirrored } => {
            let test = if promoter { ">= 9" } else { "<= 6" };
            let (yes, no) = if mirrored { (0, 1) } else { (1, 0) };
            format!("CASE WHEN {y} {test} THEN {yes} WHEN {y} IS NOT NULL THEN {no} END")
        }
    }
}

/// Every number of `sums` as an aggregate over `rows`, in the documented
/// order.
fn aggregates(layout: &Layout) -> Vec<String> {
    let t = layout.touchpoints();
    let mut out: Vec<String> = vec![
        "COUNT(*)".into(),
        "SUM(bad_w)".into(),
        "SUM(zero_w)".into(),
        "SUM(no_kpi)".into(),
        "SUM(an)".into(),
        "SUM(kept_w)".into(),
    ];
    for j in 0..t {
        out.push(format!("SUM(CASE WHEN kept = 1 THEN d_{j} ELSE 0 END)"));
    }
    out.push("SUM(w)".into());
    for j in 0..t {
        out.push(format!("SUM(w * d_{j})"));
        out.push(format!("COALESCE(SUM(w * x_{j}), 0)"));
    }
    for (j, points) in layout.points.iter().enumerate() {
        for p in points {
            out.push(format!("SUM(CASE WHEN x_{j} = {p:?} THEN w ELSE 0 END)"));
            out.push(format!(
                "SUM(CASE WHEN an = 1 AND x_{j} = {p:?} THEN 1 ELSE 0 END)"
            ));
        }
        let list = points
            .iter()
            .map(|p| format!("{p:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(format!(
            "SUM(CASE WHEN an = 1 AND x_{j} NOT IN ({list}) THEN 1 ELSE 0 END)"
        ));
    }
    for (i, q) in layout.plan.questions.iter().enumerate() {
        out.push(format!("SUM(nq_{i})"));
        for (c, values) in layout.answers[i].iter().enumerate() {
            for v in values.iter().flatten() {
                out.push(format!(
                    "SUM(CASE WHEN nq_{i} = 1 AND ya_{i}_{c} = {v:?} THEN 1 ELSE 0 END)"
                ));
            }
        }
        for (j, tp) in layout.plan.survey.touchpoints.iter().enumerate() {
            out.push(format!("SUM(nq_{i} * d_{j})"));
            out.push(format!(
                "COALESCE(MIN(CASE WHEN nq_{i} = 1 THEN x_{j} END), 1e300)"
            ));
            out.push(format!(
                "COALESCE(MAX(CASE WHEN nq_{i} = 1 THEN x_{j} END), -1e300)"
            ));
            out.push(format!(
                "COALESCE(SUM(wq_{i} * LEAST(GREATEST({:?} - x_{j}, 0), 1)), 0)",
                tp.scale.1
            ));
        }
        let raw: Vec<Option<String>> = std::iter::once(None)
            .chain((0..t).flat_map(|j| [Some(format!("d_{j}")), Some(format!("v_{j}"))]))
            .chain([Some("z1".to_string()), Some("z2".to_string())])
            .chain((0..q.columns.len()).map(|c| Some(format!("yv_{i}_{c}"))))
            .collect();
        for a in 0..raw.len() {
            for b in a..raw.len() {
                out.push(product(&format!("wq_{i}"), &raw[a], &raw[b]));
            }
        }
    }
    out
}

/// `SUM(w * a * b)`, leaving out the constant 1 (`None`) and using `d d =
/// d`, `d v = v` (a rating's deviation is zero where it is not rated).
fn product(w: &str, a: &Option<String>, b: &Option<String>) -> String {
    let mut factors = vec![w.to_string()];
    match (a, b) {
        (Some(a), Some(b)) if a == b && a.starts_with("d_") => factors.push(a.clone()),
        (Some(a), Some(b)) if a.starts_with("d_") && b == &a.replacen("d_", "v_", 1) => {
            factors.push(b.clone())
        }
        _ => factors.extend([a, b].into_iter().flatten().cloned()),
    }
    format!("SUM({})", factors.join(" * "))
}

#[cfg(test)]
mod tests;
