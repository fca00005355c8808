//! The crosshair that divides the matrix into quadrants: a rule for each
//! line (mean, median, midpoint, zero or a value), as the user writes it
//! on the command line or in the config, and back.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// Where one crosshair line sits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CrosshairRule {
    /// x: the frequency-weighted mean of the plotted touchpoints' means;
    /// y: the frequency-weighted mean of their plotted impacts.
    Mean,
    /// The median of the plotted values.
    Median,
    /// x: the middle of the satisfaction scale (50 when x is in % of
    /// scale); y: zero impact, the middle of a signed axis.
    Midpoint,
    /// Zero.
    Zero,
    /// A value the user gave, in the axis' own units (scale points, or % of
    /// the scale when touchpoints have different scales; % of explained
    /// variance for y).
    Value(f64),
}

impl FromStr for CrosshairRule {
    type Err = ParseCrosshairError;

    /// Parses `mean`, `median`, `midpoint`, `zero` or a number. A decimal
    /// comma is accepted (`7,5`) because Dutch users type it; in a crosshair
    /// pair use `;` between the two values then.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        match t.to_ascii_lowercase().as_str() {
            "mean" | "average" | "gemiddelde" => return Ok(CrosshairRule::Mean),
            "median" | "mediaan" => return Ok(CrosshairRule::Median),
            "midpoint" | "middle" | "midden" => return Ok(CrosshairRule::Midpoint),
            "zero" | "0" | "nul" => return Ok(CrosshairRule::Zero),
            _ => {}
        }
        match t.replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(CrosshairRule::Value(v)),
            _ => Err(ParseCrosshairError(format!(
                "invalid crosshair value {t:?}: expected mean, median, midpoint, zero or a number"
            ))),
        }
    }
}

impl fmt::Display for CrosshairRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CrosshairRule::Mean => f.write_str("mean"),
            CrosshairRule::Median => f.write_str("median"),
            CrosshairRule::Midpoint => f.write_str("midpoint"),
            CrosshairRule::Zero => f.write_str("zero"),
            CrosshairRule::Value(v) => write!(f, "{v}"),
        }
    }
}

impl Serialize for CrosshairRule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The two crosshair lines that split the matrix into quadrants.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Crosshair {
    pub x: CrosshairRule,
    pub y: CrosshairRule,
}

impl Default for Crosshair {
    /// Data-centred on satisfaction, zero on impact: "better or worse than
    /// our average moment" against "helps or hurts".
    fn default() -> Self {
        Crosshair {
            x: CrosshairRule::Mean,
            y: CrosshairRule::Zero,
        }
    }
}

impl FromStr for Crosshair {
    type Err = ParseCrosshairError;

    /// `"mean"` sets x only (y stays zero); `"midpoint,zero"` or `"7.5,0"`
    /// sets both; `"7,5;0"` is the same with a decimal comma.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let sep = if s.contains(';') { ';' } else { ',' };
        let parts: Vec<&str> = s.split(sep).collect();
        match parts.as_slice() {
            [x] => Ok(Crosshair {
                x: x.parse()?,
                ..Crosshair::default()
            }),
            [x, y] => Ok(Crosshair {
                x: x.parse()?,
                y: y.parse()?,
            }),
            _ => Err(ParseCrosshairError(format!(
                "invalid crosshair {s:?}: expected one value (x) or two (x,y)"
            ))),
        }
    }
}

impl fmt::Display for Crosshair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `;` keeps the pair parseable whatever the values look like.
        write!(f, "{};{}", self.x, self.y)
    }
}

/// A crosshair string that could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct ParseCrosshairError(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_crosshair_rules() {
        assert_eq!("mean".parse::<CrosshairRule>(), Ok(CrosshairRule::Mean));
        assert_eq!(" Median ".parse(), Ok(CrosshairRule::Median));
        assert_eq!("midpoint".parse(), Ok(CrosshairRule::Midpoint));
        assert_eq!("zero".parse(), Ok(CrosshairRule::Zero));
        assert_eq!("7.5".parse(), Ok(CrosshairRule::Value(7.5)));
        assert_eq!("-2".parse(), Ok(CrosshairRule::Value(-2.0)));
        assert!("meen".parse::<CrosshairRule>().is_err());
        assert!("NaN".parse::<CrosshairRule>().is_err());
    }

    #[test]
    fn parses_crosshair_pairs() {
        let c: Crosshair = "mean".parse().unwrap();
        assert_eq!(c, Crosshair::default());
        let c: Crosshair = "midpoint".parse().unwrap();
        assert_eq!((c.x, c.y), (CrosshairRule::Midpoint, CrosshairRule::Zero));
        let c: Crosshair = "midpoint,zero".parse().unwrap();
        assert_eq!((c.x, c.y), (CrosshairRule::Midpoint, CrosshairRule::Zero));
        let c: Crosshair = "7.5,0".parse().unwrap();
        assert_eq!((c.x, c.y), (CrosshairRule::Value(7.5), CrosshairRule::Zero));
        let c: Crosshair = "7,5;median".parse().unwrap();
        assert_eq!(
            (c.x, c.y),
            (CrosshairRule::Value(7.5), CrosshairRule::Median)
        );
        let err = "1,2,3".parse::<Crosshair>().unwrap_err();
        assert!(err.0.contains("1,2,3"), "{err}");
        // Display round-trips.
        let c: Crosshair = "7.5,median".parse().unwrap();
        assert_eq!(c.to_string().parse::<Crosshair>(), Ok(c));
    }
}
