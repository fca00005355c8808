//! An axis as one linear piece, or as two with a break between them.
//!
//! One far-out touchpoint can squeeze all the others into a sliver of the
//! plot (a letter at -41% impact while nine moments sit within ±3%). When
//! at most [`BREAK_MAX_OUTLIERS`] points lie farther beyond the others
//! than [`BREAK_RATIO`] times the others' range (at least the axis's
//! minimum span), the axis leaves out the empty stretch between them: it
//! becomes two linear pieces at the same scale, [`BREAK_GAP`] px apart,
//! drawn with a break mark. The crosshair and zero always stay on the main
//! piece, and both pieces carry ticks at the same step (the far piece at
//! least one), so every position still reads its true value.
//!
//! Positions are measured in px from the low end of the axis (`a`), so
//! the same code serves x (left to right) and y (bottom to top).

use super::axes::{nice_step, nice_ticks};

/// Points beyond a break lie farther beyond the rest than this many times
/// the rest's range.
pub(super) const BREAK_RATIO: f64 = 1.0;
/// At most this many points on the far side of a break.
pub(super) const BREAK_MAX_OUTLIERS: usize = 2;
/// The fewest points an axis needs before any of them counts as an
/// outlier.
const BREAK_MIN_POINTS: usize = 5;
/// The gap between the two pieces, in px.
pub(super) const BREAK_GAP: f64 = 14.0;
/// Room around a far point's bubble on its piece, in px.
const FAR_MARGIN: f64 = 8.0;

/// One linear piece: data values `lo..hi` at `a_lo..a_hi` px from the
/// axis's low end.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Piece {
    lo: f64,
    hi: f64,
    a_lo: f64,
    a_hi: f64,
}

impl Piece {
    fn at(&self, v: f64) -> f64 {
        self.a_lo + (v - self.lo) / (self.hi - self.lo) * (self.a_hi - self.a_lo)
    }

    fn per_px(&self) -> f64 {
        (self.hi - self.lo) / (self.a_hi - self.a_lo)
    }
}

/// An axis of one or two linear pieces, low values first, drawn `below`
/// px beyond the low end of the first and `above` px beyond the high end
/// of the last (which extend linearly to there).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Axis {
    pieces: Vec<Piece>,
    below: f64,
    above: f64,
    /// The tick step shared by both pieces of a broken axis.
    step: Option<f64>,
}

impl Axis {
    /// One linear piece: `lo..hi` over `0..len` px.
    pub fn linear(lo: f64, hi: f64, len: f64) -> Axis {
        Axis {
            pieces: vec![Piece {
                lo,
                hi,
                a_lo: 0.0,
                a_hi: len,
            }],
            below: 0.0,
            above: 0.0,
            step: None,
        }
    }

    /// The axis drawn `below` px further at its low end and `above` px
    /// further at its high end (the caption bands of the y axis).
    pub fn extended(mut self, below: f64, above: f64) -> Axis {
        self.below += below;
        self.above += above;
        self
    }

    /// Px from the low end for a value; a value in the gap of a broken
    /// axis goes to the nearer edge of the gap.
    pub fn at(&self, v: f64) -> f64 {
        match self.pieces.as_slice() {
            [low, high] if v < high.lo && v > low.hi => {
                if v - low.hi < high.lo - v {
                    low.a_hi
                } else {
                    high.a_lo
                }
            }
            [low, high] if v <= low.hi => low.at(v),
            [.., last] => last.at(v),
            [] => 0.0,
        }
    }

    /// The values drawn, from the low end to the high end.
    pub fn full_range(&self) -> (f64, f64) {
        let (first, last) = (self.pieces[0], self.pieces[self.pieces.len() - 1]);
        (
            first.lo - self.below * first.per_px(),
            last.hi + self.above * last.per_px(),
        )
    }

    /// The values shown on the piece that holds `v` (the outer pieces
    /// reach the ends of the axis), for clipping an interval around `v`.
    pub fn visible(&self, v: f64) -> (f64, f64) {
        let (lo, hi) = self.full_range();
        match self.pieces.as_slice() {
            [low, high] => {
                if v <= (low.hi + high.lo) / 2.0 {
                    (lo, low.hi)
                } else {
                    (high.lo, hi)
                }
            }
            _ => (lo, hi),
        }
    }

    /// The gap of a broken axis, in px from the low end.
    pub fn gap(&self) -> Option<(f64, f64)> {
        match self.pieces.as_slice() {
            [low, high] => Some((low.a_hi, high.a_lo)),
            _ => None,
        }
    }

    /// The data values either side of the break: the top of the low piece
    /// and the bottom of the high one.
    pub fn cut(&self) -> Option<(f64, f64)> {
        match self.pieces.as_slice() {
            [low, high] => Some((low.hi, high.lo)),
            _ => None,
        }
    }

    /// Round tick values: about `target` over an unbroken axis; on a
    /// broken one, every multiple of the shared step on either piece.
    pub fn ticks(&self, target: usize) -> Vec<f64> {
        let (lo, hi) = self.full_range();
        let Some(step) = self.step else {
            return nice_ticks(lo, hi, target);
        };
        let mut ticks = Vec::new();
        for (i, (a, b)) in self.visible_ranges().into_iter().enumerate() {
            // Keep ticks off the gap's edges, where the break mark sits.
            let margin = if i == 0 { (0.0, 6.0) } else { (6.0, 0.0) };
            let per_px = self.pieces[i].per_px();
            let (a, b) = (a + margin.0 * per_px, b - margin.1 * per_px);
            let first = (a / step).ceil() as i64;
            let last = (b / step).floor() as i64;
            ticks.extend((first..=last).map(|k| clean(k as f64 * step, step)));
        }
        ticks
    }

    /// The values each piece shows, low piece first.
    fn visible_ranges(&self) -> Vec<(f64, f64)> {
        let (lo, hi) = self.full_range();
        match self.pieces.as_slice() {
            [low, high] => vec![(lo, low.hi), (high.lo, hi)],
            _ => vec![(lo, hi)],
        }
    }

    /// The same axis read from the other end, for values negated.
    fn mirrored(self, len: f64) -> Axis {
        let pieces = self
            .pieces
            .iter()
            .rev()
            .map(|p| Piece {
                lo: -p.hi,
                hi: -p.lo,
                a_lo: len - p.a_hi,
                a_hi: len - p.a_lo,
            })
            .collect();
        Axis {
            pieces,
            below: self.above,
            above: self.below,
            step: self.step,
        }
    }
}

/// A multiple of `step` without float noise or a negative zero.
fn clean(v: f64, step: f64) -> f64 {
    let v = (v / step).round() * step;
    if v.abs() < step * 1e-9 {
        0.0
    } else {
        v
    }
}

/// What an axis holds: values with the px each needs around it (a
/// bubble's radius), values that must stay on the main piece (crosshair,
/// zero), the least span in data units, the length in px, the bounds the
/// padding may not pass (a satisfaction scale) and about how many ticks.
pub(super) struct AxisSpec<'a> {
    pub values: &'a [(f64, f64)],
    pub must: &'a [f64],
    pub min_span: f64,
    pub len: f64,
    pub bounds: Option<(f64, f64)>,
    pub ticks: usize,
}

impl AxisSpec<'_> {
    /// The axis: broken when [`find_break`] says so and the pieces fit,
    /// else one linear piece over the range [`fit_range`] finds.
    pub fn fit(&self) -> Axis {
        if let Some(axis) = self.fit_broken() {
            return axis;
        }
        let (lo, hi) = fit_range(self.values, self.must, self.min_span, self.len, self.bounds);
        Axis::linear(lo, hi, self.len)
    }

    fn fit_broken(&self) -> Option<Axis> {
        let values: Vec<f64> = self.values.iter().map(|v| v.0).collect();
        let split = find_break(&values, self.must, self.min_span)?;
        if split.low {
            self.fit_low_break(split.outliers)
        } else {
            let values: Vec<(f64, f64)> = self.values.iter().map(|&(v, r)| (-v, r)).collect();
            let must: Vec<f64> = self.must.iter().map(|v| -v).collect();
            let negated = AxisSpec {
                values: &values,
                must: &must,
                bounds: self.bounds.map(|(l, h)| (-h, -l)),
                ..*self
            };
            Some(negated.fit_low_break(split.outliers)?.mirrored(self.len))
        }
    }

    /// The `n_out` lowest values on a short piece at the low end, the rest
    /// fitted on the remaining length at the same scale. The short piece's
    /// length depends on the scale and the scale on the main piece's
    /// length, so the two are settled in turn until they agree.
    fn fit_low_break(&self, n_out: usize) -> Option<Axis> {
        let mut sorted = self.values.to_vec();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (far, core) = sorted.split_at(n_out);
        let widest = far.iter().map(|v| v.1).fold(0.0, f64::max);
        let mut far_len = 2.0 * (widest + FAR_MARGIN);
        for _ in 0..8 {
            let core_len = self.len - BREAK_GAP - far_len;
            if core_len < self.len * 0.6 {
                return None;
            }
            let (lo, hi) = fit_range(core, self.must, self.min_span, core_len, self.bounds);
            let per_px = (hi - lo) / core_len;
            let step = nice_step(hi - lo, self.ticks as f64 * core_len / self.len);
            let (f_lo, f_hi) = far_window(far, per_px, step);
            let new_len = (f_hi - f_lo) / per_px;
            let gap = self.len - core_len - new_len;
            if (new_len - far_len).abs() < 0.25 && gap >= BREAK_GAP / 2.0 {
                // The gap must leave out more than it takes.
                if lo - f_hi <= gap * per_px {
                    return None;
                }
                return Some(Axis {
                    pieces: vec![
                        Piece {
                            lo: f_lo,
                            hi: f_hi,
                            a_lo: 0.0,
                            a_hi: new_len,
                        },
                        Piece {
                            lo,
                            hi,
                            a_lo: self.len - core_len,
                            a_hi: self.len,
                        },
                    ],
                    below: 0.0,
                    above: 0.0,
                    step: Some(step),
                });
            }
            far_len = new_len;
        }
        None
    }
}

/// The values of the far piece: every far bubble with [`FAR_MARGIN`] px
/// around it, widened to hold at least one multiple of `step` 6 px or
/// more inside it.
fn far_window(far: &[(f64, f64)], per_px: f64, step: f64) -> (f64, f64) {
    let mut lo = far
        .iter()
        .map(|&(v, r)| v - (r + FAR_MARGIN) * per_px)
        .fold(f64::INFINITY, f64::min);
    let mut hi = far
        .iter()
        .map(|&(v, r)| v + (r + FAR_MARGIN) * per_px)
        .fold(f64::NEG_INFINITY, f64::max);
    let pad = 6.0 * per_px;
    let above = ((lo + pad) / step).ceil() * step;
    if above > hi - pad {
        let below = ((lo + pad) / step).floor() * step;
        if (lo + pad) - below <= above - (hi - pad) {
            lo = below - pad;
        } else {
            hi = above + pad;
        }
    }
    (lo, hi)
}

/// Where an axis breaks: the `outliers` lowest (`low`) or highest values
/// go on the far piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Split {
    pub low: bool,
    pub outliers: usize,
}

/// The break rule. With at least [`BREAK_MIN_POINTS`] values, the axis
/// breaks when its `k` lowest (or highest) values, `k` at most
/// [`BREAK_MAX_OUTLIERS`] and all beyond every `must` value, lie farther
/// from the rest than [`BREAK_RATIO`] times the rest's range (the range of
/// the other values and the `must` values, at least `min_span`), and are
/// closer to each other than to the rest. Of several such splits the one
/// with the largest gap relative to the rest's range wins.
pub(super) fn find_break(values: &[f64], must: &[f64], min_span: f64) -> Option<Split> {
    let n = values.len();
    if n < BREAK_MIN_POINTS || values.iter().chain(must).any(|v| !v.is_finite()) {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let m_lo = must.iter().copied().fold(f64::INFINITY, f64::min);
    let m_hi = must.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut best: Option<(f64, Split)> = None;
    for k in 1..=BREAK_MAX_OUTLIERS.min(n - 3) {
        // Low side: v[..k] far, v[k..] the rest.
        let rest = (v[k].min(m_lo), v[n - 1].max(m_hi));
        let low = (v[k - 1] < m_lo).then(|| (rest.0 - v[k - 1], v[k - 1] - v[0], rest));
        // High side: v[n-k..] far.
        let rest = (v[0].min(m_lo), v[n - 1 - k].max(m_hi));
        let high = (v[n - k] > m_hi).then(|| (v[n - k] - rest.1, v[n - 1] - v[n - k], rest));
        for (is_low, side) in [(true, low), (false, high)] {
            let Some((gap, far_span, (r_lo, r_hi))) = side else {
                continue;
            };
            let span = (r_hi - r_lo).max(min_span);
            let ratio = gap / span;
            if ratio > BREAK_RATIO && far_span < gap && best.as_ref().is_none_or(|b| ratio > b.0) {
                best = Some((
                    ratio,
                    Split {
                        low: is_low,
                        outliers: k,
                    },
                ));
            }
        }
    }
    best.map(|b| b.1)
}

/// A data range that keeps every value's bubble (radius in px) inside
/// `len_px`, contains `must` (crosshair, zero), is at least `min_span`
/// wide, and keeps the first `must` value between 30% and 70% of the axis
/// so no quadrant collapses to a sliver.
pub(super) fn fit_range(
    values: &[(f64, f64)],
    must: &[f64],
    min_span: f64,
    len_px: f64,
    bounds: Option<(f64, f64)>,
) -> (f64, f64) {
    let all = values.iter().map(|v| v.0).chain(must.iter().copied());
    let (mut lo, mut hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    if !lo.is_finite() {
        return bounds.unwrap_or((-1.0, 1.0));
    }
    if hi - lo < min_span {
        let mid = (lo + hi) / 2.0;
        lo = mid - min_span / 2.0;
        hi = mid + min_span / 2.0;
    }
    let pad = (hi - lo) * 0.06;
    lo -= pad;
    hi += pad;
    for _ in 0..40 {
        let mut changed = false;
        let span = hi - lo;
        for &(v, r) in values {
            let r_data = r / len_px * span;
            if v - r_data < lo - 1e-12 {
                lo = v - r_data * 1.02;
                changed = true;
            }
            if v + r_data > hi + 1e-12 {
                hi = v + r_data * 1.02;
                changed = true;
            }
        }
        if let Some(&c) = must.first() {
            let (above, below) = (hi - c, c - lo);
            let total = above + below;
            if above < 0.3 * total {
                hi = c + below * 3.0 / 7.0;
                changed = true;
            } else if below < 0.3 * total {
                lo = c - above * 3.0 / 7.0;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Satisfaction cannot leave its scale; clip the padding, not the data.
    if let Some((bl, bh)) = bounds {
        let data_lo = values.iter().map(|v| v.0).fold(f64::INFINITY, f64::min);
        let data_hi = values.iter().map(|v| v.0).fold(f64::NEG_INFINITY, f64::max);
        if lo < bl && data_lo >= bl {
            lo = lo.max(bl - (hi - lo) * 0.04);
        }
        if hi > bh && data_hi <= bh {
            hi = hi.min(bh + (hi - lo) * 0.04);
        }
    }
    (lo, hi)
}
