//! The quadrant captions: each quadrant's name and short advice in a
//! corner of the plot.
//!
//! Captions go in bands at the top and bottom of the plot that bubbles
//! keep clear of. Each caption stays within its own quadrant's width
//! (wrapping the advice if needed), so the bands' height depends on where
//! the crosshair ended up.

use super::canvas::{quadrant_ink, text, BoxF, HAlign, Shape, INK, PLOT};
use super::text::{fit_text, text_width, wrap};
use crate::i18n::Texts;
use crate::quadrant::Quadrant;

/// A quadrant's name and advice, wrapped to fit its quadrant.
pub(super) struct Caption {
    quadrant: Quadrant,
    right: bool,
    top: bool,
    name: String,
    advice: Vec<String>,
}

impl Caption {
    /// Height of the caption in px (its band is as high as its tallest).
    fn height(&self) -> f64 {
        22.0 + 14.0 * self.advice.len() as f64
    }
}

/// The four captions, fitted to their quadrants' widths given the
/// crosshair's x in px.
pub(super) fn fit_captions(t: &Texts, cxp: f64) -> Vec<Caption> {
    let plot = PLOT;
    [
        (Quadrant::Improve, false, true),
        (Quadrant::Amplify, true, true),
        (Quadrant::Prevent, false, false),
        (Quadrant::Economize, true, false),
    ]
    .into_iter()
    .map(|(q, right, top)| {
        let room = if right { plot.x1 - cxp } else { cxp - plot.x0 } - 18.0;
        let qt = t.quadrant(q);
        Caption {
            quadrant: q,
            right,
            top,
            name: fit_text(qt.name, 13.0, room),
            advice: wrap(qt.short, 11.0, room.max(60.0))
                .into_iter()
                .take(3)
                .collect(),
        }
    })
    .collect()
}

/// Height in px of the top (`top`) or bottom caption band.
pub(super) fn band(captions: &[Caption], top: bool) -> f64 {
    captions
        .iter()
        .filter(|c| c.top == top)
        .map(Caption::height)
        .fold(0.0, f64::max)
}

/// Draws the captions in the corner bands; returns their boxes, which
/// labels and bubbles keep free.
pub(super) fn draw_captions(shapes: &mut Vec<Shape>, captions: &[Caption]) -> Vec<BoxF> {
    let plot = PLOT;
    let mut boxes = Vec::new();
    for c in captions {
        let w = c
            .advice
            .iter()
            .map(|l| text_width(l, 11.0))
            .fold(text_width(&c.name, 13.0), f64::max);
        let (x, align, bx0) = if c.right {
            (plot.x1 - 8.0, HAlign::End, plot.x1 - 8.0 - w)
        } else {
            (plot.x0 + 8.0, HAlign::Start, plot.x0 + 8.0)
        };
        let height = c.height();
        let y0 = if c.top {
            plot.y0 + 4.0
        } else {
            plot.y1 - height
        };
        let mut name_shape = text(
            x,
            y0 + 9.0,
            c.name.clone(),
            13.0,
            quadrant_ink(c.quadrant),
            align,
        );
        if let Shape::Text(ts) = &mut name_shape {
            ts.bold = true;
        }
        shapes.push(name_shape);
        for (i, l) in c.advice.iter().enumerate() {
            shapes.push(text(
                x,
                y0 + 24.0 + 14.0 * i as f64,
                l.clone(),
                11.0,
                INK,
                align,
            ));
        }
        boxes.push(BoxF {
            x0: bx0 - 2.0,
            y0,
            x1: bx0 + w + 2.0,
            y1: y0 + height - 4.0,
        });
    }
    boxes
}
