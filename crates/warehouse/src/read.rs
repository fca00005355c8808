//! Reads the query's result as the engine exported it (CSV with a header,
//! or Parquet) into [`SurveySums`], checking that it was computed for the config: the
//! layout column must match the config's (a differing key is named), every
//! row's `sums` must hold the numbers the layout needs, blocks and segment
//! columns must be the config's.

use std::path::Path;

use cximpact_analysis::{SetSums, SurveySums};
use cximpact_ingest::Config;
use cximpact_regression::{Answers, Moments};

use crate::layout::{Layout, COUNTS, MIN_BLOCKS};
use crate::WarehouseError;

/// The result's columns.
const COLUMNS: [&str; 6] = ["layout", "set_column", "set_value", "block", "sums", "wave"];

/// One row of the result: where it is (a CSV line, a Parquet row) and its
/// fields in [`COLUMNS`] order.
type Row = (String, [String; 6]);

/// The sums of each wave (`None`: no wave column, or the rows without a
/// wave).
pub type WaveSums = Vec<(Option<String>, SurveySums)>;

/// Reads the sums in `path` (Parquet when it starts like one, else CSV),
/// computed for `config` (the block count is the result's own, checked
/// against the rest of its layout), per wave when the config names a wave
/// column.
pub fn read_sums(path: &Path, config: &Config) -> Result<WaveSums, WarehouseError> {
    let file = path.display().to_string();
    let io = |source| WarehouseError::Io {
        file: file.clone(),
        source,
    };
    let bytes = std::fs::read(path).map_err(io)?;
    let rows = if bytes.starts_with(b"PAR1") {
        parquet_rows(path, &file)?
    } else {
        let text = String::from_utf8(bytes).map_err(|_| WarehouseError::Result {
            file: file.clone(),
            message: "neither Parquet nor UTF-8 text (CSV)".into(),
        })?;
        csv_rows(&text, &file)?
    };
    read_rows(rows, &file, config)
}

/// [`read_sums`] of a CSV result's text, without a wave column.
#[cfg(test)]
pub(crate) fn read_sums_text(
    text: &str,
    file: &str,
    config: &Config,
) -> Result<SurveySums, WarehouseError> {
    let mut waves = read_rows(csv_rows(text, file)?, file, config)?;
    Ok(waves.remove(0).1)
}

/// The rows of a CSV result (columns found by their header).
fn csv_rows(text: &str, file: &str) -> Result<Vec<Row>, WarehouseError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader
        .headers()
        .map_err(|e| result_error(file, format!("not a CSV file: {e}")))?
        .clone();
    let names: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let at = positions(&names, file)?;
    let mut rows = Vec::new();
    for (r, record) in reader.records().enumerate() {
        let line = format!("line {}", r + 2);
        let record = record.map_err(|e| WarehouseError::Row {
            file: file.to_string(),
            line: line.clone(),
            message: format!("not a CSV row: {e}"),
        })?;
        let fields = at.map(|i| record.get(i).unwrap_or("").trim().to_string());
        rows.push((line, fields));
    }
    Ok(rows)
}

/// The rows of a Parquet result: text and integer columns as text, NULL
/// as empty.
fn parquet_rows(path: &Path, file: &str) -> Result<Vec<Row>, WarehouseError> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let bad = |e: parquet::errors::ParquetError| result_error(file, format!("not Parquet: {e}"));
    let opened = std::fs::File::open(path).map_err(|source| WarehouseError::Io {
        file: file.to_string(),
        source,
    })?;
    let reader = SerializedFileReader::new(opened).map_err(bad)?;
    let names: Vec<String> = reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let at = positions(&names, file)?;
    let mut rows = Vec::new();
    for (r, row) in reader.into_iter().enumerate() {
        let row = row.map_err(bad)?;
        let fields: Vec<String> = row
            .get_column_iter()
            .map(|(_, field)| match field {
                Field::Null => String::new(),
                Field::Str(s) => s.trim().to_string(),
                Field::Bytes(b) => String::from_utf8_lossy(b.data()).trim().to_string(),
                other => other.to_string(),
            })
            .collect();
        let fields = at.map(|i| fields.get(i).cloned().unwrap_or_default());
        rows.push((format!("row {}", r + 1), fields));
    }
    Ok(rows)
}

fn result_error(file: &str, message: String) -> WarehouseError {
    WarehouseError::Result {
        file: file.to_string(),
        message,
    }
}

/// Where each of [`COLUMNS`] is among `names`.
fn positions(names: &[String], file: &str) -> Result<[usize; 6], WarehouseError> {
    let mut at = [0; 6];
    for (slot, c) in at.iter_mut().zip(COLUMNS) {
        *slot = names.iter().position(|h| h == c).ok_or_else(|| {
            result_error(
                file,
                format!(
                    "no column \"{c}\": the result of `cximpact sql` has the columns {}, \
                     exported with a header",
                    COLUMNS.join(", ")
                ),
            )
        })?;
    }
    Ok(at)
}

/// The sums of one wave while its rows are read.
#[derive(Default)]
struct Sets {
    whole: Option<Vec<Option<SetSums>>>,
    segments: Vec<(String, Option<String>, SetSums)>,
}

/// The sums of the result's rows, per wave in order of appearance.
fn read_rows(rows: Vec<Row>, file: &str, config: &Config) -> Result<WaveSums, WarehouseError> {
    let mut layout: Option<Layout> = None;
    let mut waves: Vec<(Option<String>, Sets)> = Vec::new();
    let mut kept_weight = 0.0;
    for (line, field) in rows {
        let row_error = |message: String| WarehouseError::Row {
            file: file.to_string(),
            line: line.clone(),
            message,
        };
        let layout = match &layout {
            Some(l) => l,
            None => layout.insert(layout_of(&field[0], file, config)?),
        };
        if field[0] != layout.signature() {
            return Err(row_error(
                "its layout differs from the first row's: rows of two queries are mixed".into(),
            ));
        }
        let wave = Some(field[5].clone()).filter(|w| !w.is_empty() && layout.wave.is_some());
        let at = match waves.iter().position(|w| w.0 == wave) {
            Some(at) => at,
            None => {
                waves.push((wave, Sets::default()));
                waves.len() - 1
            }
        };
        let sets = &mut waves[at].1;
        let (sums, weight) = parse_set(&field[4], layout).map_err(row_error)?;
        let column = field[1].as_str();
        let block: i64 = field[3]
            .parse()
            .map_err(|_| row_error(format!("block {:?} is not a number", field[3])))?;
        if column.is_empty() {
            let blocks = sets.whole.get_or_insert_with(|| vec![None; layout.blocks]);
            let slot = usize::try_from(block)
                .ok()
                .and_then(|b| blocks.get_mut(b))
                .ok_or_else(|| {
                    row_error(format!("block {block} is outside 0..{}", layout.blocks))
                })?;
            kept_weight += weight;
            if slot.replace(sums).is_some() {
                return Err(row_error(format!("block {block} appears twice")));
            }
        } else if layout.segments.iter().any(|s| s == column) {
            let value = Some(field[2].clone()).filter(|v| !v.is_empty());
            sets.segments.push((column.to_string(), value, sums));
        } else {
            return Err(row_error(format!(
                "set column {column:?} is not a segment column of the config ({})",
                layout.segments.join(", ")
            )));
        }
    }
    let no_rows = || {
        result_error(
            file,
            "no rows for the whole survey: is this the result of `cximpact sql`?".into(),
        )
    };
    let layout = layout.ok_or_else(no_rows)?;
    let mut out = Vec::new();
    for (wave, sets) in waves {
        let whole = join_blocks(sets.whole.ok_or_else(no_rows)?, &layout);
        let sums = SurveySums {
            file: file.to_string(),
            whole,
            segments: sets.segments,
        };
        out.push((wave, sums));
    }
    // Ingest rescales the weights to a mean of one over the file's kept
    // rows: every wave by the same factor.
    let kept: usize = out
        .iter()
        .map(|(_, s)| s.whole.rows_in - s.whole.invalid_weight - s.whole.zero_weight)
        .sum();
    if kept > 0 && kept_weight > 0.0 && kept_weight.is_finite() {
        let f = kept as f64 / kept_weight;
        for (_, sums) in &mut out {
            rescale(&mut sums.whole, f);
            for (_, _, set) in &mut sums.segments {
                rescale(set, f);
            }
        }
    }
    Ok(out)
}

/// The config's layout for the blocks the result names, or the first part
/// of the result's layout that differs from it.
fn layout_of(signature: &str, file: &str, config: &Config) -> Result<Layout, WarehouseError> {
    let theirs: Vec<(&str, &str)> = signature
        .split(';')
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    let blocks = theirs
        .iter()
        .find(|(k, _)| *k == "blocks")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .ok_or_else(|| WarehouseError::Result {
            file: file.to_string(),
            message: format!(
                "the layout column {signature:?} names no block count: is this the result of \
                 `cximpact sql`?"
            ),
        })?;
    if blocks < MIN_BLOCKS {
        return Err(result_error(
            file,
            format!(
                "the sums are in {blocks} blocks; the bootstrap needs at least {MIN_BLOCKS}: \
                 print the query again with --blocks 512"
            ),
        ));
    }
    let layout = Layout::new(config, blocks)?;
    for (key, ours) in layout.parts() {
        let theirs = theirs.iter().find(|(k, _)| *k == key).map_or("", |p| p.1);
        if theirs != ours {
            return Err(WarehouseError::Mismatch {
                file: file.to_string(),
                config: config.origin.clone(),
                what: key.to_string(),
                theirs: shown(theirs),
                ours: shown(&ours),
            });
        }
    }
    Ok(layout)
}

/// A layout part as an error quotes it.
fn shown(part: &str) -> String {
    if part.is_empty() {
        "none".into()
    } else {
        format!("\"{part}\"")
    }
}

/// Reads numbers in order, counting them.
struct Numbers<'a> {
    values: std::str::SplitAsciiWhitespace<'a>,
}

impl Numbers<'_> {
    fn next(&mut self) -> Result<f64, String> {
        let text = self.values.next().ok_or("sums ended early")?;
        let v: f64 = text
            .parse()
            .map_err(|_| format!("{text:?} in sums is not a number"))?;
        if v.is_nan() {
            return Err("sums holds NaN".into());
        }
        Ok(v)
    }

    fn count(&mut self) -> Result<usize, String> {
        let v = self.next()?;
        if v < 0.0 || v.fract() != 0.0 || v > 1e15 {
            return Err(format!("{v} in sums is not a count"));
        }
        Ok(v as usize)
    }
}

/// One row's `sums` as the sums of one set in one block, with the
/// summed weight of its kept rows.
fn parse_set(text: &str, layout: &Layout) -> Result<(SetSums, f64), String> {
    let found = text.split_ascii_whitespace().count();
    if found != layout.len() {
        return Err(format!(
            "sums holds {found} numbers; the config's layout needs {}",
            layout.len()
        ));
    }
    let mut n = Numbers {
        values: text.split_ascii_whitespace(),
    };
    let t = layout.touchpoints();
    let counts: Vec<usize> = (0..COUNTS).map(|_| n.count()).collect::<Result<_, _>>()?;
    let kept_weight = n.next()?;
    let kept_experienced = (0..t).map(|_| n.count()).collect::<Result<_, _>>()?;
    let desc: Vec<f64> = (0..1 + 2 * t).map(|_| n.next()).collect::<Result<_, _>>()?;
    let mut histograms = Vec::with_capacity(t);
    for (j, points) in layout.points.iter().enumerate() {
        let mut levels = Vec::new();
        for &p in points {
            let (w, c) = (n.next()?, n.count()?);
            if c > 0 {
                levels.push((p, w, c));
            }
        }
        let off = n.count()?;
        if off > 0 {
            return Err(format!(
                "{off} ratings of touchpoint \"{}\" are not whole points of its scale; the \
                 warehouse path describes touchpoints by scale point (run cximpact on the \
                 export instead)",
                layout.plan.survey.touchpoints[j].column
            ));
        }
        histograms.push(levels);
    }
    let mut questions = Vec::new();
    for (qi, q) in layout.plan.questions.iter().enumerate() {
        let mut m = Moments::new(layout.plan.rating_shift.clone(), q.shifts.clone());
        m.n = n.count()?;
        for (c, values) in layout.answers[qi].iter().enumerate() {
            m.answers[c] = match values {
                None if m.n > 0 => Answers::Many,
                None => Answers::None,
                Some(values) => {
                    let mut present = Vec::new();
                    for &v in values {
                        let k = n.count()?;
                        if k > 0 {
                            present.push((v, k));
                        }
                    }
                    match present[..] {
                        [] => Answers::None,
                        [one] => Answers::One(one.0, one.1),
                        [a, b] => Answers::Two([a, b]),
                        _ => Answers::Many,
                    }
                }
            };
        }
        for j in 0..t {
            m.n_experienced[j] = n.count()?;
            let (lo, hi) = (n.next()?, n.next()?);
            m.rating_min[j] = if lo >= 1e300 { f64::INFINITY } else { lo };
            m.rating_max[j] = if hi <= -1e300 { f64::NEG_INFINITY } else { hi };
            m.headroom[j] = n.next()?;
        }
        for x in m.cross.iter_mut() {
            *x = n.next()?;
        }
        questions.push(m);
    }
    Ok((
        SetSums {
            rows_in: counts[0],
            invalid_weight: counts[1],
            zero_weight: counts[2],
            no_kpi: counts[3],
            earlier_wave: 0,
            no_wave: 0,
            analysed: counts[4],
            kept_experienced,
            desc: vec![desc],
            histograms,
            questions: questions.into_iter().map(|m| vec![m]).collect(),
        },
        kept_weight,
    ))
}

/// Scales every weighted sum of `set` by `f`: ingest rescales the weights
/// to a mean of one over the kept rows, the query sums them as stored.
fn rescale(set: &mut SetSums, f: f64) {
    for d in set.desc.iter_mut().flatten() {
        *d *= f;
    }
    for level in set.histograms.iter_mut().flatten() {
        level.1 *= f;
    }
    for m in set.questions.iter_mut().flatten() {
        m.headroom.iter_mut().for_each(|h| *h *= f);
        m.cross.iter_mut().for_each(|c| *c *= f);
    }
}

/// The whole survey's blocks as one set: counts and histograms added, the
/// descriptive sums and moments kept per block (an empty block has empty
/// sums).
fn join_blocks(blocks: Vec<Option<SetSums>>, layout: &Layout) -> SetSums {
    let t = layout.touchpoints();
    let mut whole = SetSums {
        rows_in: 0,
        invalid_weight: 0,
        zero_weight: 0,
        no_kpi: 0,
        earlier_wave: 0,
        no_wave: 0,
        analysed: 0,
        kept_experienced: vec![0; t],
        desc: Vec::new(),
        histograms: layout.points.iter().map(|_| Vec::new()).collect(),
        questions: vec![Vec::new(); layout.plan.questions.len()],
    };
    for block in blocks {
        let Some(b) = block else {
            whole.desc.push(vec![0.0; 1 + 2 * t]);
            for (qi, q) in layout.plan.questions.iter().enumerate() {
                let empty = Moments::new(layout.plan.rating_shift.clone(), q.shifts.clone());
                whole.questions[qi].push(empty);
            }
            continue;
        };
        whole.rows_in += b.rows_in;
        whole.invalid_weight += b.invalid_weight;
        whole.zero_weight += b.zero_weight;
        whole.no_kpi += b.no_kpi;
        whole.analysed += b.analysed;
        for (a, x) in whole.kept_experienced.iter_mut().zip(&b.kept_experienced) {
            *a += x;
        }
        whole.desc.extend(b.desc);
        for (h, levels) in whole.histograms.iter_mut().zip(b.histograms) {
            for (p, w, c) in levels {
                match h.iter_mut().find(|l| l.0 == p) {
                    Some(l) => {
                        l.1 += w;
                        l.2 += c;
                    }
                    None => h.push((p, w, c)),
                }
            }
        }
        for (q, m) in whole.questions.iter_mut().zip(b.questions) {
            q.extend(m);
        }
    }
    for h in &mut whole.histograms {
        h.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    whole
}

#[cfg(test)]
mod tests;
