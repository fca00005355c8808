//! Compact columns for the survey model, so that a million respondents fit
//! in memory a few times over instead of once.
//!
//! A rating column holds a handful of distinct answers (1 to 10, blank), so
//! it is stored as one byte per respondent and a table of levels
//! ([`Values`]); only a column with more than 255 distinct values keeps a
//! value per row. Segment and wave columns hold a few labels, stored as a
//! code per respondent and the labels once ([`Labels`]). Respondent ids are
//! one text buffer with the end of each id ([`Ids`]).

use std::collections::HashMap;
use std::ops::Index;

/// The most levels a coded [`Values`] column holds besides blank.
const MAX_LEVELS: usize = 255;

/// The values of a touchpoint or KPI column, one per kept respondent
/// (`None` = no answer, not experienced).
#[derive(Clone, Debug, Default)]
pub struct Values {
    repr: Repr,
}

#[derive(Clone, Debug)]
enum Repr {
    /// `codes[i]` indexes `table` (and `levels`); code 0 is blank.
    Coded {
        codes: Vec<u8>,
        /// `table[0]` is `None`, `table[c]` is `Some(levels[c])`.
        table: Vec<Option<f64>>,
        /// The level of each code; `levels[0]` is unused (0.0).
        levels: Vec<f64>,
    },
    Dense(Vec<Option<f64>>),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Coded {
            codes: Vec::new(),
            table: vec![None],
            levels: vec![0.0],
        }
    }
}

impl Values {
    /// The number of rows.
    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Coded { codes, .. } => codes.len(),
            Repr::Dense(values) => values.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value of row `i`; `None` where blank or when `i >= len()`.
    pub fn get(&self, i: usize) -> Option<f64> {
        match &self.repr {
            Repr::Coded { codes, table, .. } => codes.get(i).and_then(|&c| table[c as usize]),
            Repr::Dense(values) => values.get(i).copied().flatten(),
        }
    }

    /// The value of every row, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<f64>> + Clone + '_ {
        (0..self.len()).map(move |i| self[i])
    }

    /// Codes per row and the level table (`levels[0]` is the blank code,
    /// value unused) when the column is dictionary-coded.
    pub fn coded(&self) -> Option<(&[u8], &[f64])> {
        match &self.repr {
            Repr::Coded { codes, levels, .. } => Some((codes, levels)),
            Repr::Dense(_) => None,
        }
    }

    /// The value of every row as a vector.
    pub fn to_vec(&self) -> Vec<Option<f64>> {
        self.iter().collect()
    }

    /// The values of `rows`, in that order (a subset survey, a segment
    /// group). Panics when a row is out of range, as indexing does.
    pub fn select(&self, rows: &[usize]) -> Values {
        let repr = match &self.repr {
            Repr::Coded {
                codes,
                table,
                levels,
            } => Repr::Coded {
                codes: rows.iter().map(|&r| codes[r]).collect(),
                table: table.clone(),
                levels: levels.clone(),
            },
            Repr::Dense(values) => Repr::Dense(rows.iter().map(|&r| values[r]).collect()),
        };
        Values { repr }
    }

    /// The values of rows given as codes of their cells' texts (`raw`)
    /// and the value of each code (`value_of`): coded at the 1st to
    /// 255th distinct value, in order of appearance, as
    /// [`Values::from`] codes them; dense beyond. Each code's value is
    /// looked up once, not each row's.
    pub(crate) fn from_raw_codes(
        raw: impl ExactSizeIterator<Item = u32> + Clone,
        value_of: &[Option<f64>],
    ) -> Values {
        const UNSEEN: u16 = u16::MAX;
        // Level code per raw code, once seen; blank (no value) is 0.
        let mut level_of: Vec<u16> = vec![UNSEEN; value_of.len()];
        let mut levels = vec![0.0];
        let mut by_bits: HashMap<u64, u8> = HashMap::new();
        let mut codes = Vec::with_capacity(raw.len());
        for c in raw.clone() {
            let c = c as usize;
            if level_of[c] == UNSEEN {
                level_of[c] = match value_of[c] {
                    None => 0,
                    Some(v) => match by_bits.get(&v.to_bits()) {
                        Some(&l) => u16::from(l),
                        None if levels.len() <= MAX_LEVELS => {
                            let l = levels.len() as u8;
                            levels.push(v);
                            by_bits.insert(v.to_bits(), l);
                            u16::from(l)
                        }
                        None => return raw.map(|c| value_of[c as usize]).collect(),
                    },
                };
            }
            codes.push(level_of[c] as u8);
        }
        let table = std::iter::once(None)
            .chain(levels[1..].iter().map(|&v| Some(v)))
            .collect();
        Values {
            repr: Repr::Coded {
                codes,
                table,
                levels,
            },
        }
    }

    /// Sets the value of every row through `f` (e.g. a reversed scale).
    pub(crate) fn map(&mut self, f: impl Fn(f64) -> f64) {
        match &mut self.repr {
            Repr::Coded { table, levels, .. } => {
                for (t, l) in table.iter_mut().zip(levels.iter_mut()).skip(1) {
                    *l = f(*l);
                    *t = Some(*l);
                }
            }
            Repr::Dense(values) => values.iter_mut().flatten().for_each(|v| *v = f(*v)),
        }
    }
}

impl Index<usize> for Values {
    type Output = Option<f64>;

    fn index(&self, i: usize) -> &Option<f64> {
        match &self.repr {
            Repr::Coded { codes, table, .. } => &table[codes[i] as usize],
            Repr::Dense(values) => &values[i],
        }
    }
}

impl PartialEq for Values {
    /// Equal when every row holds the same value, however stored.
    fn eq(&self, other: &Values) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl From<Vec<Option<f64>>> for Values {
    fn from(values: Vec<Option<f64>>) -> Values {
        values.into_iter().collect()
    }
}

impl FromIterator<Option<f64>> for Values {
    fn from_iter<I: IntoIterator<Item = Option<f64>>>(iter: I) -> Values {
        let mut builder = ValuesBuilder::default();
        for v in iter {
            builder.push(v);
        }
        builder.finish()
    }
}

/// Comparisons with plain values, as tests write them.
macro_rules! eq_plain {
    ($column:ty, $item:ty, |$a:ident, $b:ident| $same:expr) => {
        impl PartialEq<[$item]> for $column {
            fn eq(&self, other: &[$item]) -> bool {
                self.len() == other.len() && self.iter().zip(other).all(|($a, $b)| $same)
            }
        }
        impl<const N: usize> PartialEq<[$item; N]> for $column {
            fn eq(&self, other: &[$item; N]) -> bool {
                *self == other[..]
            }
        }
        impl PartialEq<Vec<$item>> for $column {
            fn eq(&self, other: &Vec<$item>) -> bool {
                *self == other[..]
            }
        }
    };
}

eq_plain!(Values, Option<f64>, |a, b| a == *b);
eq_plain!(Labels, Option<String>, |a, b| a == b);

/// Builds a [`Values`] row by row: coded while there are at most 255
/// distinct values, dense from the 256th on.
#[derive(Default)]
pub(crate) struct ValuesBuilder {
    values: Values,
    /// Code per level's bits, while coded.
    code_of: HashMap<u64, u8>,
}

impl ValuesBuilder {
    pub(crate) fn push(&mut self, value: Option<f64>) {
        match &mut self.values.repr {
            Repr::Coded {
                codes,
                table,
                levels,
            } => {
                let Some(v) = value else {
                    codes.push(0);
                    return;
                };
                if let Some(&c) = self.code_of.get(&v.to_bits()) {
                    codes.push(c);
                } else if levels.len() <= MAX_LEVELS {
                    let c = levels.len() as u8;
                    levels.push(v);
                    table.push(Some(v));
                    self.code_of.insert(v.to_bits(), c);
                    codes.push(c);
                } else {
                    let mut dense: Vec<Option<f64>> = Vec::with_capacity(codes.capacity());
                    dense.extend(codes.iter().map(|&c| table[c as usize]));
                    dense.push(value);
                    self.values.repr = Repr::Dense(dense);
                    self.code_of.clear();
                }
            }
            Repr::Dense(values) => values.push(value),
        }
    }

    pub(crate) fn finish(self) -> Values {
        self.values
    }
}

/// The labels of a segment or wave column, one per kept respondent
/// (`None` where blank).
#[derive(Clone, Debug, Default)]
pub struct Labels {
    /// `codes[i]` indexes `table`; `table[0]` is `None` (blank).
    codes: Vec<u32>,
    table: Vec<Option<String>>,
}

impl Labels {
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The label of row `i`; `None` where blank or when `i >= len()`.
    pub fn get(&self, i: usize) -> Option<&str> {
        self.codes
            .get(i)
            .and_then(|&c| self.table[c as usize].as_deref())
    }

    /// The label of every row, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Option<String>> + Clone + '_ {
        self.codes.iter().map(|&c| &self.table[c as usize])
    }

    /// Codes per row and the distinct labels (`labels[0]` is `None`, the
    /// blank code), for grouping rows without comparing text.
    pub fn coded(&self) -> (&[u32], &[Option<String>]) {
        (&self.codes, &self.table)
    }

    /// The labels of `rows`, in that order. Panics when a row is out of
    /// range, as indexing does.
    pub fn select(&self, rows: &[usize]) -> Labels {
        Labels {
            codes: rows.iter().map(|&r| self.codes[r]).collect(),
            table: self.table.clone(),
        }
    }
}

impl Labels {
    /// The labels of rows given as codes of their cells' texts (`raw`) and
    /// the label of each code (`label_of`), coded in order of appearance
    /// as [`Labels::from`] codes them.
    pub(crate) fn from_raw_codes(
        raw: impl ExactSizeIterator<Item = u32>,
        label_of: &[Option<String>],
    ) -> Labels {
        let mut code_of: Vec<Option<u32>> = vec![None; label_of.len()];
        let mut builder = LabelsBuilder::default();
        let mut codes = Vec::with_capacity(raw.len());
        for c in raw {
            let code = match code_of[c as usize] {
                Some(code) => code,
                None => {
                    let code = builder.code(label_of[c as usize].as_deref());
                    code_of[c as usize] = Some(code);
                    code
                }
            };
            codes.push(code);
        }
        builder.codes = codes;
        builder.finish()
    }
}

impl Index<usize> for Labels {
    type Output = Option<String>;

    fn index(&self, i: usize) -> &Option<String> {
        &self.table[self.codes[i] as usize]
    }
}

impl PartialEq for Labels {
    /// Equal when every row holds the same label, however coded.
    fn eq(&self, other: &Labels) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl From<Vec<Option<String>>> for Labels {
    fn from(labels: Vec<Option<String>>) -> Labels {
        labels.into_iter().collect()
    }
}

impl FromIterator<Option<String>> for Labels {
    fn from_iter<I: IntoIterator<Item = Option<String>>>(iter: I) -> Labels {
        let mut builder = LabelsBuilder::default();
        for label in iter {
            builder.push(label.as_deref());
        }
        builder.finish()
    }
}

/// Builds [`Labels`] row by row.
#[derive(Default)]
pub(crate) struct LabelsBuilder {
    codes: Vec<u32>,
    table: Vec<Option<String>>,
    code_of: HashMap<String, u32>,
}

impl LabelsBuilder {
    pub(crate) fn push(&mut self, label: Option<&str>) {
        let code = self.code(label);
        self.codes.push(code);
    }

    /// The code of `label`, a new one for a label not seen before.
    fn code(&mut self, label: Option<&str>) -> u32 {
        let Some(label) = label else {
            return 0;
        };
        match self.code_of.get(label) {
            Some(&c) => c,
            None => {
                let c = (self.table.len() + 1) as u32;
                self.table.push(Some(label.to_string()));
                self.code_of.insert(label.to_string(), c);
                c
            }
        }
    }

    pub(crate) fn finish(self) -> Labels {
        let mut table = Vec::with_capacity(self.table.len() + 1);
        table.push(None);
        table.extend(self.table);
        Labels {
            codes: self.codes,
            table,
        }
    }
}

/// Respondent ids, one per data row: one text buffer and the end of each.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ids {
    text: String,
    ends: Vec<usize>,
}

impl Ids {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The id of row `i`; `None` when `i >= len()`.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.text[start..end])
    }

    /// Every id, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        (0..self.len()).map(move |i| &self[i])
    }

    /// Adds the id of the next row.
    pub fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }

    /// The ids of `rows`, in that order. Panics when a row is out of
    /// range, as indexing does.
    pub fn select(&self, rows: &[usize]) -> Ids {
        rows.iter().map(|&r| &self[r]).collect()
    }
}

impl Index<usize> for Ids {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

impl<S: AsRef<str>> FromIterator<S> for Ids {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Ids {
        let mut ids = Ids::default();
        for id in iter {
            ids.push(id.as_ref());
        }
        ids
    }
}

impl From<Vec<String>> for Ids {
    fn from(ids: Vec<String>) -> Ids {
        ids.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_coded_and_round_trip() {
        let raw = vec![Some(7.0), None, Some(10.0), Some(7.0), Some(-0.5), None];
        let values = Values::from(raw.clone());
        assert_eq!(values.len(), 6);
        assert_eq!(values.to_vec(), raw);
        assert_eq!(values.iter().collect::<Vec<_>>(), raw);
        assert_eq!(values[2], Some(10.0));
        assert_eq!(values[1], None);
        assert_eq!(values.get(4), Some(-0.5));
        assert_eq!(values.get(6), None, "past the end");
        let (codes, levels) = values.coded().expect("few distinct values are coded");
        assert_eq!(codes.len(), 6);
        assert_eq!(codes[1], 0, "blank is code 0");
        for (i, v) in raw.iter().enumerate() {
            if let Some(v) = v {
                assert_eq!(levels[codes[i] as usize], *v);
            }
        }
        assert_eq!(levels.len(), 4, "blank and three levels");
    }

    /// The 256th distinct value no longer fits a byte: the column keeps a
    /// value per row from then on, with the same values.
    #[test]
    fn more_than_255_distinct_values_fall_back_to_dense() {
        let fits: Vec<Option<f64>> = (0..255).map(|i| Some(i as f64 / 4.0)).collect();
        let coded = Values::from(fits.clone());
        assert!(coded.coded().is_some());
        let mut more = fits;
        more.push(None);
        more.push(Some(1e6));
        more.push(Some(0.25));
        let dense = Values::from(more.clone());
        assert!(dense.coded().is_none());
        assert_eq!(dense.to_vec(), more);
        assert_eq!(dense[255], None);
        assert_eq!(dense[256], Some(1e6));
    }

    #[test]
    fn select_keeps_the_rows_asked_for_in_order() {
        for raw in [
            vec![Some(1.0), None, Some(3.0), Some(4.0)],
            (0..300).map(|i| Some(i as f64)).collect(),
        ] {
            let values = Values::from(raw.clone());
            let picked = values.select(&[3, 0, 1, 3]);
            assert_eq!(
                picked.to_vec(),
                vec![raw[3], raw[0], raw[1], raw[3]],
                "coded: {}",
                values.coded().is_some()
            );
            assert_eq!(picked, Values::from(picked.to_vec()));
            assert!(values.select(&[]).is_empty());
        }
    }

    #[test]
    fn a_mapped_column_changes_every_value() {
        for raw in [
            vec![Some(1.0), None, Some(5.0)],
            (0..300).map(|i| Some(i as f64)).collect(),
        ] {
            let mut values = Values::from(raw.clone());
            values.map(|v| 6.0 - v);
            let expected: Vec<Option<f64>> = raw.iter().map(|v| v.map(|v| 6.0 - v)).collect();
            assert_eq!(values.to_vec(), expected);
        }
    }

    #[test]
    fn labels_are_coded_once() {
        let raw = vec![
            Some("north".to_string()),
            None,
            Some("south".to_string()),
            Some("north".to_string()),
        ];
        let labels = Labels::from(raw.clone());
        assert_eq!(labels.len(), 4);
        assert_eq!(labels[0].as_deref(), Some("north"));
        assert_eq!(labels[1], None);
        assert_eq!(labels.get(2), Some("south"));
        assert_eq!(labels.get(9), None);
        assert_eq!(labels.iter().cloned().collect::<Vec<_>>(), raw);
        let (codes, table) = labels.coded();
        assert_eq!(codes, [1, 0, 2, 1]);
        assert_eq!(table.len(), 3);
        let picked = labels.select(&[2, 1]);
        assert_eq!(picked, Labels::from(vec![Some("south".to_string()), None]));
    }

    #[test]
    fn ids_share_one_buffer() {
        let ids = Ids::from(vec!["R1".to_string(), String::new(), "é-42".to_string()]);
        assert_eq!(ids.len(), 3);
        assert_eq!(&ids[0], "R1");
        assert_eq!(&ids[1], "");
        assert_eq!(ids.get(2), Some("é-42"));
        assert_eq!(ids.get(3), None);
        assert_eq!(ids.iter().collect::<Vec<_>>(), ["R1", "", "é-42"]);
        assert_eq!(
            ids.select(&[2, 0]).iter().collect::<Vec<_>>(),
            ["é-42", "R1"]
        );
    }
}
