//! SPSS `.sav` / `.zsav` files via ambers: variable names and labels, value
//! labels, user-defined missing values, and the cells as text.

use std::io::Cursor;

use ambers::{MissingSpec, SpssMetadata, Value};
use arrow::array::{Array, Float64Array, StringArray, StringViewArray};

use super::grid::{check_unique, clean_label, Select};
use super::store::Cells;
use super::{guard, number_text, Container, Layout, LoadOptions, Table};
use crate::error::IngestError;
use crate::warning::{Warning, WarningKind};

/// ambers' message in the words of the rest of the tool: a short read is a
/// truncated file, and its own "error:" prefixes would read as a second
/// error in the one-line message.
fn sav_message(message: &str) -> String {
    if message.contains("failed to fill whole buffer") || message.contains("UnexpectedEof") {
        return "the file ends too early; it is truncated (export it again)".to_string();
    }
    message.replace("I/O error: ", "").replace("error: ", "")
}

/// An SPSS `.sav` / `.zsav` file via `ambers`.
pub(super) fn read_sav(
    bytes: &[u8],
    file: &str,
    opts: &LoadOptions,
    select: Select,
) -> Result<Table, IngestError> {
    let (batch, meta) = guard(file, || ambers::read_sav_from_reader(Cursor::new(bytes)))?
        .map_err(|e| sav_error(file, sav_message(&e.to_string())))?;
    let warnings = meta
        .warnings
        .iter()
        .map(|w| Warning {
            kind: WarningKind::FileDamaged {
                detail: w.to_string(),
            },
            file: file.to_string(),
            row: None,
            column: None,
        })
        .collect();
    let rows = batch.num_rows();
    let schema = batch.schema();
    let columns: Vec<String> = schema
        .fields()
        .iter()
        .map(|f| f.name().trim().to_string())
        .collect();
    check_unique(&columns, file)?;
    if columns.is_empty() {
        return Err(IngestError::EmptyFile {
            file: file.to_string(),
        });
    }
    let mut labels = Vec::new();
    let mut value_labels = Vec::new();
    let mut cells = Cells::with_rows(&select.keep(&columns), rows);
    for (i, field) in schema.fields().iter().enumerate() {
        let missing = UserMissing {
            specs: if opts.user_missing_blank {
                meta.variable_missing_values
                    .get(field.name())
                    .cloned()
                    .unwrap_or_default()
            } else {
                Vec::new()
            },
        };
        // One column's text at a time: only the selected ones are kept.
        let column = column_cells(batch.column(i).as_ref(), rows, &missing)
            .map_err(|e| sav_error(file, format!("column \"{}\": {e}", columns[i])))?;
        cells
            .push_column(i, column.iter().map(Option::as_deref))
            .map_err(|_| IngestError::TooLarge {
                file: file.to_string(),
            })?;
        labels.push(
            meta.label(field.name())
                .map(clean_label)
                .filter(|l| !l.is_empty()),
        );
        value_labels.push(column_value_labels(&meta, field.name()));
    }
    Ok(Table {
        file: file.to_string(),
        container: Container::Sav,
        layout: Layout::Spss,
        columns,
        labels,
        value_labels,
        cells,
        rows,
        separator: None,
        warnings,
    })
}

fn sav_error(file: &str, message: String) -> IngestError {
    IngestError::Sav {
        file: file.to_string(),
        message,
    }
}

/// A column's user-defined missing values, when they count as blanks
/// (`[survey] user_missing`); empty otherwise.
struct UserMissing {
    specs: Vec<MissingSpec>,
}

impl UserMissing {
    fn number(&self, v: f64) -> bool {
        self.specs.iter().any(|m| match m {
            MissingSpec::Value(x) => *x == v,
            MissingSpec::Range { lo, hi } => *lo <= v && v <= *hi,
            MissingSpec::StringValue(_) => false,
        })
    }

    fn text(&self, t: &str) -> bool {
        self.specs
            .iter()
            .any(|m| matches!(m, MissingSpec::StringValue(s) if s.trim() == t))
    }
}

/// The cells of one column as text: numbers in their shortest form, text
/// trimmed at the end, user-missing values and blanks as `None`, and any
/// other type (dates, times, durations) as arrow displays it.
fn column_cells(
    array: &dyn Array,
    rows: usize,
    missing: &UserMissing,
) -> Result<Vec<Option<String>>, arrow::error::ArrowError> {
    let text_cell = |t: &str| {
        let t = t.trim_end();
        (!t.is_empty() && !missing.text(t.trim())).then(|| t.to_string())
    };
    let any = array.as_any();
    Ok(if let Some(a) = any.downcast_ref::<Float64Array>() {
        (0..rows)
            .map(|r| {
                (!a.is_null(r))
                    .then(|| a.value(r))
                    .filter(|v| v.is_finite() && !missing.number(*v))
                    .map(number_text)
            })
            .collect()
    } else if let Some(a) = any.downcast_ref::<StringViewArray>() {
        (0..rows)
            .map(|r| (!a.is_null(r)).then(|| text_cell(a.value(r))).flatten())
            .collect()
    } else if let Some(a) = any.downcast_ref::<StringArray>() {
        (0..rows)
            .map(|r| (!a.is_null(r)).then(|| text_cell(a.value(r))).flatten())
            .collect()
    } else {
        // Dates, times, durations: shown as text, never rated.
        let formatter = arrow::util::display::ArrayFormatter::try_new(array, &Default::default())?;
        (0..rows)
            .map(|r| (!array.is_null(r)).then(|| formatter.value(r).to_string()))
            .collect()
    })
}

/// A variable's value labels as `(code, label)`, codes in the form cells
/// take ("99", not "99.0").
fn column_value_labels(meta: &SpssMetadata, name: &str) -> Vec<(String, String)> {
    meta.variable_value_labels
        .get(name)
        .map(|m| {
            m.iter()
                .map(|(v, l)| {
                    let code = match v {
                        Value::Numeric(x) => number_text(*x),
                        Value::String(s) => s.trim().to_string(),
                    };
                    (code, l.trim().to_string())
                })
                .collect()
        })
        .unwrap_or_default()
}
