//! The journey heatmap's diverging colour scale: blue for an impact that
//! helps, orange for one that hurts, near-white around zero.
//!
//! Blue against orange stays apart for the common colour-vision
//! deficiencies, where red against green does not. The stops are
//! ColorBrewer's (RdBu's blues, PuOr's oranges), evenly spaced in
//! lightness, so a cell twice as far from zero looks about twice as
//! strong.

use crate::layout::Rgb;

/// From zero outwards: near-white, then three steps of blue.
const BLUES: [Rgb; 4] = [
    Rgb(0xf7, 0xf7, 0xf7),
    Rgb(0x92, 0xc5, 0xde),
    Rgb(0x43, 0x93, 0xc3),
    Rgb(0x21, 0x66, 0xac),
];

/// From zero outwards: near-white, then three steps of orange.
const ORANGES: [Rgb; 4] = [
    Rgb(0xf7, 0xf7, 0xf7),
    Rgb(0xfd, 0xb8, 0x63),
    Rgb(0xe0, 0x82, 0x14),
    Rgb(0xb3, 0x58, 0x06),
];

/// Beyond this share of the scale a cell is dark enough for white text.
const DARK_FROM: f64 = 0.6;

/// A symmetric scale from `-max` to `+max` (impact in %).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Diverging {
    pub(crate) max: f64,
}

impl Diverging {
    /// The scale for values up to `largest` in absolute size, rounded up
    /// to a round number so that the key's ticks read well.
    pub(crate) fn covering(largest: f64) -> Diverging {
        const STEPS: [f64; 12] = [
            1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0, 50.0, 75.0, 100.0,
        ];
        let largest = if largest.is_finite() {
            largest.abs()
        } else {
            0.0
        };
        let max = STEPS
            .iter()
            .copied()
            .find(|s| *s >= largest)
            .unwrap_or(100.0);
        Diverging { max }
    }

    /// Where `v` lies on the scale, -1 to 1.
    fn position(self, v: f64) -> f64 {
        if v.is_finite() {
            (v / self.max).clamp(-1.0, 1.0)
        } else {
            0.0
        }
    }

    /// The fill of a cell of value `v`.
    pub(crate) fn colour(self, v: f64) -> Rgb {
        let t = self.position(v);
        let stops = if t >= 0.0 { &BLUES } else { &ORANGES };
        let at = t.abs() * (stops.len() - 1) as f64;
        let i = (at.floor() as usize).min(stops.len() - 2);
        let f = at - i as f64;
        let (a, b) = (stops[i], stops[i + 1]);
        let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
        Rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// Whether a cell of value `v` needs white text.
    pub(crate) fn is_dark(self, v: f64) -> bool {
        self.position(v).abs() >= DARK_FROM
    }
}
