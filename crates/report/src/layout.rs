//! The impact matrix as simple drawing types, before any SVG exists.
//!
//! Layout is where the judgement lives (axis ranges, bubble sizes, where a
//! label goes so that it stays legible), so it is pure and testable: the
//! [`svg`](crate::svg) module only turns these shapes into plotters calls.
//! Text widths are estimated from character classes because an SVG has no
//! font metrics at render time (plotters' own estimate, without system
//! fonts, counts bytes at a fixed 0.7 em); the estimate errs wide so that
//! labels that do not overlap here do not overlap in a browser either.

use crate::format::NumFmt;
use crate::i18n::{fill, texts};
use crate::model::{KpiAnalysis, KpiKind};
use crate::quadrant::{CrosshairRule, Lang, Matrix, Quadrant, XScale};

/// Canvas size in px.
pub const WIDTH: f64 = 1000.0;
pub const HEIGHT: f64 = 720.0;

/// Plot area (inside the axes).
const PLOT: BoxF = BoxF {
    x0: 104.0,
    y0: 78.0,
    x1: 812.0,
    y1: 636.0,
};
/// Radius of a bubble for a touchpoint every customer experienced.
pub const MAX_RADIUS: f64 = 34.0;
/// Smallest radius drawn, so rare touchpoints stay visible.
const MIN_RADIUS: f64 = 3.5;
const LABEL_SIZE: f64 = 12.0;
const LABEL_GAP: f64 = 4.0;
/// The font the SVG asks for; widths below are estimated for it.
pub const FONT: &str = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/// The rotated y-axis title: font size, the x of its first line and the
/// step to the next, and the most lines it may take.
const Y_TITLE_SIZE: f64 = 13.0;
const Y_TITLE_X: f64 = 18.0;
const Y_TITLE_STEP: f64 = 17.0;
const Y_TITLE_MAX_LINES: usize = 3;

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

const INK: Rgb = Rgb(0x22, 0x2b, 0x36);
const MUTED: Rgb = Rgb(0x5b, 0x66, 0x72);
const GRID: Rgb = Rgb(0xe3, 0xe7, 0xeb);
const AXIS: Rgb = Rgb(0x9a, 0xa3, 0xad);

/// Okabe-Ito colours: distinguishable with the common colour-vision
/// deficiencies and still pleasant on a client slide.
pub fn quadrant_colour(q: Quadrant) -> Rgb {
    match q {
        Quadrant::Amplify => Rgb(0x00, 0x9e, 0x73),
        Quadrant::Improve => Rgb(0xe6, 0x9f, 0x00),
        Quadrant::Prevent => Rgb(0xd5, 0x5e, 0x00),
        Quadrant::Economize => Rgb(0x00, 0x72, 0xb2),
    }
}

/// Dash and gap (px) of an impact whisker whose interval includes zero.
const UNCERTAIN_DASH: (u32, u32) = (3, 3);

/// Interval whiskers: the quadrant's ink, lightened halfway to white.
pub fn whisker_colour(q: Quadrant) -> Rgb {
    let Rgb(r, g, b) = quadrant_ink(q);
    let light = |c: u8| c + (255 - c) / 2;
    Rgb(light(r), light(g), light(b))
}

/// A darker shade for outlines and captions, readable on white.
pub fn quadrant_ink(q: Quadrant) -> Rgb {
    match q {
        Quadrant::Amplify => Rgb(0x00, 0x6b, 0x4e),
        Quadrant::Improve => Rgb(0x9a, 0x64, 0x00),
        Quadrant::Prevent => Rgb(0xa3, 0x43, 0x00),
        Quadrant::Economize => Rgb(0x00, 0x52, 0x80),
    }
}

/// An axis-aligned box in px (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxF {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl BoxF {
    pub fn overlaps(&self, o: &BoxF) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn inside(&self, o: &BoxF) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }

    /// How far a circle reaches into the box, in px (0 when apart).
    fn circle_intrusion(&self, cx: f64, cy: f64, r: f64) -> f64 {
        let dx = (self.x0 - cx).max(0.0).max(cx - self.x1);
        let dy = (self.y0 - cy).max(0.0).max(cy - self.y1);
        (r - dx.hypot(dy)).max(0.0)
    }

    fn nearest_point(&self, x: f64, y: f64) -> (f64, f64) {
        (x.clamp(self.x0, self.x1), y.clamp(self.y0, self.y1))
    }
}

/// Horizontal alignment of a text relative to its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HAlign {
    Start,
    Middle,
    End,
}

/// A line of text, vertically centred on `y`.
#[derive(Debug, Clone, PartialEq)]
pub struct TextShape {
    pub x: f64,
    pub y: f64,
    pub text: String,
    pub size: f64,
    pub bold: bool,
    pub colour: Rgb,
    pub align: HAlign,
    /// Rotated a quarter turn anticlockwise (for the y-axis title).
    pub vertical: bool,
}

/// A drawing primitive.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Rect {
        area: BoxF,
        fill: Rgb,
        opacity: f64,
    },
    Line {
        points: Vec<(f64, f64)>,
        colour: Rgb,
        width: u32,
        /// Dash and gap length in px; solid when `None`.
        dash: Option<(u32, u32)>,
    },
    Circle {
        cx: f64,
        cy: f64,
        r: f64,
        fill: Rgb,
        /// 0 draws the outline only (a hollow bubble).
        fill_opacity: f64,
        stroke: Rgb,
        stroke_width: u32,
        /// Small-base touchpoints get a dashed outline.
        dashed: bool,
    },
    Text(TextShape),
}

/// A placed bubble.
#[derive(Debug, Clone, PartialEq)]
pub struct Bubble {
    pub touchpoint: usize,
    pub cx: f64,
    pub cy: f64,
    pub r: f64,
    pub quadrant: Quadrant,
    pub small_base: bool,
    /// Not controllable: drawn hollow.
    pub hollow: bool,
}

/// A placed touchpoint label.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelPlacement {
    pub touchpoint: usize,
    pub text: String,
    pub bbox: BoxF,
    /// Start and end of a leader line when the label had to move away from
    /// its bubble.
    pub leader: Option<((f64, f64), (f64, f64))>,
}

/// The whole matrix, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixLayout {
    pub width: f64,
    pub height: f64,
    pub plot: BoxF,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub bubbles: Vec<Bubble>,
    pub labels: Vec<LabelPlacement>,
    /// Boxes of the quadrant captions (kept free of labels and bubbles).
    pub captions: Vec<BoxF>,
    /// Everything in drawing order.
    pub shapes: Vec<Shape>,
}

/// Estimated advance width of `text` at font size `size` (px), for a
/// Helvetica-like sans-serif, erring slightly wide.
pub fn text_width(text: &str, size: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'I' => 0.28,
            'f' | 't' | 'r' | ' ' | '(' | ')' | '-' | '[' | ']' | '/' => 0.36,
            'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.9,
            '\u{2014}' => 1.0,
            c if c.is_ascii_digit() => 0.58,
            c if c.is_uppercase() => 0.7,
            _ => 0.58,
        })
        .sum();
    em * size * 1.04
}

/// Radius for a frequency: area proportional to the share of customers.
pub fn radius(frequency: f64) -> f64 {
    (MAX_RADIUS * frequency.clamp(0.0, 1.0).sqrt()).max(MIN_RADIUS)
}

/// Shortens `text` with an ellipsis until it fits `max_width`.
pub fn fit_text(text: &str, size: f64, max_width: f64) -> String {
    if text_width(text, size) <= max_width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let s: String = chars.iter().collect::<String>().trim_end().to_string() + "\u{2026}";
        if text_width(&s, size) <= max_width {
            return s;
        }
    }
    String::new()
}

/// Lays out the matrix of one KPI.
pub fn layout_matrix(matrix: &Matrix, kpi: &KpiAnalysis, lang: Lang) -> MatrixLayout {
    let t = texts(lang);
    let nf = NumFmt::new(lang);
    let plot = PLOT;

    // Axis ranges: bubbles (with their radius) inside the plot, the
    // crosshair and zero visible and not hugging an edge.
    let xs: Vec<(f64, f64)> = matrix
        .points
        .iter()
        .map(|p| (p.x, radius(p.frequency) + 2.0))
        .collect();
    let ys: Vec<(f64, f64)> = matrix
        .points
        .iter()
        .map(|p| (p.y, radius(p.frequency) + 2.0))
        .collect();
    let (x_min_span, x_bounds) = match matrix.x_scale {
        XScale::Raw { min, max } => (((max - min) / 9.0).max(1e-9), (min, max)),
        XScale::PercentOfScale => (10.0, (0.0, 100.0)),
    };
    let x_range = fit_range(
        &xs,
        &[matrix.cx],
        x_min_span,
        plot.x1 - plot.x0,
        Some(x_bounds),
    );
    let px = |x: f64| plot.x0 + (x - x_range.0) / (x_range.1 - x_range.0) * (plot.x1 - plot.x0);
    let cxp = px(matrix.cx).clamp(plot.x0, plot.x1);

    // Quadrant captions go in bands at the top and bottom of the plot that
    // bubbles keep clear of. Each caption stays within its own quadrant's
    // width (wrapping the advice if needed), so the bands' height depends on
    // where the crosshair ended up.
    let captions_laid: Vec<Caption> = [
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
    .collect();
    let band = |top: bool| {
        captions_laid
            .iter()
            .filter(|c| c.top == top)
            .map(|c| 22.0 + 14.0 * c.advice.len() as f64)
            .fold(0.0, f64::max)
    };
    let (band_top, band_bottom) = (band(true), band(false));
    let inner_top = plot.y0 + band_top;
    let inner_bottom = plot.y1 - band_bottom;
    let y_range = fit_range(&ys, &[matrix.cy, 0.0], 20.0, inner_bottom - inner_top, None);
    let py = |y: f64| {
        inner_bottom - (y - y_range.0) / (y_range.1 - y_range.0) * (inner_bottom - inner_top)
    };
    // The y range covers the inner region only; extend it to the caption
    // bands so gridlines and ticks fill the whole plot.
    let per_px = (y_range.1 - y_range.0) / (inner_bottom - inner_top);
    let y_full = (
        y_range.0 - band_bottom * per_px,
        y_range.1 + band_top * per_px,
    );

    let mut shapes = Vec::new();
    let cyp = py(matrix.cy).clamp(plot.y0, plot.y1);

    // Quadrant tints.
    for (q, area) in [
        (
            Quadrant::Improve,
            BoxF {
                x1: cxp,
                y1: cyp,
                ..plot
            },
        ),
        (
            Quadrant::Amplify,
            BoxF {
                x0: cxp,
                y1: cyp,
                ..plot
            },
        ),
        (
            Quadrant::Prevent,
            BoxF {
                x1: cxp,
                y0: cyp,
                ..plot
            },
        ),
        (
            Quadrant::Economize,
            BoxF {
                x0: cxp,
                y0: cyp,
                ..plot
            },
        ),
    ] {
        shapes.push(Shape::Rect {
            area,
            fill: quadrant_colour(q),
            opacity: 0.07,
        });
    }

    // Grid and ticks.
    let x_ticks = nice_ticks(x_range.0, x_range.1, 10);
    let y_ticks = nice_ticks(y_full.0, y_full.1, 9);
    let x_dec = decimals_for(&x_ticks);
    let y_dec = decimals_for(&y_ticks);
    for &v in &x_ticks {
        let x = px(v);
        shapes.push(line(vec![(x, plot.y0), (x, plot.y1)], GRID, 1, None));
        shapes.push(text(
            x,
            plot.y1 + 14.0,
            nf.dec(v, x_dec),
            11.0,
            MUTED,
            HAlign::Middle,
        ));
    }
    for &v in &y_ticks {
        let y = py(v);
        shapes.push(line(vec![(plot.x0, y), (plot.x1, y)], GRID, 1, None));
        let label = if v == 0.0 {
            "0%".to_string()
        } else {
            format!("{}%", nf.signed(v, y_dec))
        };
        shapes.push(text(plot.x0 - 7.0, y, label, 11.0, MUTED, HAlign::End));
    }
    // Zero impact always drawn when it is not the crosshair itself.
    if matrix.cy != 0.0 {
        let y0 = py(0.0);
        shapes.push(line(vec![(plot.x0, y0), (plot.x1, y0)], AXIS, 1, None));
    }
    // Plot frame.
    shapes.push(line(
        vec![
            (plot.x0, plot.y0),
            (plot.x1, plot.y0),
            (plot.x1, plot.y1),
            (plot.x0, plot.y1),
            (plot.x0, plot.y0),
        ],
        AXIS,
        1,
        None,
    ));
    // Crosshair.
    shapes.push(line(
        vec![(cxp, plot.y0), (cxp, plot.y1)],
        MUTED,
        2,
        Some((7, 5)),
    ));
    shapes.push(line(
        vec![(plot.x0, cyp), (plot.x1, cyp)],
        MUTED,
        2,
        Some((7, 5)),
    ));

    // Quadrant captions in the corner bands.
    let mut captions = Vec::new();
    for c in &captions_laid {
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
        let height = 22.0 + 14.0 * c.advice.len() as f64;
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
        captions.push(BoxF {
            x0: bx0 - 2.0,
            y0,
            x1: bx0 + w + 2.0,
            y1: y0 + height - 4.0,
        });
    }

    // Bootstrap interval whiskers, under the bubbles: thin and light so
    // the chart stays readable; clipped to the plot.
    for p in &matrix.points {
        let colour = whisker_colour(p.quadrant);
        let (x, y) = (px(p.x), py(p.y));
        if let Some([lo, hi]) = p.x_ci {
            let (a, b) = (px(lo).max(plot.x0), px(hi).min(plot.x1));
            if b > a {
                shapes.push(line(vec![(a, y), (b, y)], colour, 1, None));
                for (end, inside) in [(px(lo), a), (px(hi), b)] {
                    if end == inside {
                        shapes.push(line(vec![(end, y - 3.0), (end, y + 3.0)], colour, 1, None));
                    }
                }
            }
        }
        if let Some([lo, hi]) = p.y_ci {
            let (a, b) = (py(hi).max(plot.y0), py(lo).min(plot.y1));
            if b > a {
                // An impact interval that includes zero: the direction is
                // not established, and the whisker is dashed to say so.
                let dash = direction_uncertain(p).then_some(UNCERTAIN_DASH);
                shapes.push(line(vec![(x, a), (x, b)], colour, 1, dash));
                for (end, inside) in [(py(hi), a), (py(lo), b)] {
                    if end == inside {
                        shapes.push(line(vec![(x - 3.0, end), (x + 3.0, end)], colour, 1, None));
                    }
                }
            }
        }
    }

    // Bubbles: largest first so small ones stay visible on top.
    let mut bubbles: Vec<Bubble> = matrix
        .points
        .iter()
        .map(|p| Bubble {
            touchpoint: p.touchpoint,
            cx: px(p.x),
            cy: py(p.y),
            r: radius(p.frequency),
            quadrant: p.quadrant,
            small_base: p.small_base,
            hollow: !p.controllable,
        })
        .collect();
    bubbles.sort_by(|a, b| b.r.total_cmp(&a.r));
    for b in &bubbles {
        shapes.push(Shape::Circle {
            cx: b.cx,
            cy: b.cy,
            r: b.r,
            fill: quadrant_colour(b.quadrant),
            // Not controllable: outline only.
            fill_opacity: match (b.hollow, b.small_base) {
                (true, _) => 0.0,
                (false, true) => 0.25,
                (false, false) => 0.5,
            },
            stroke: quadrant_ink(b.quadrant),
            stroke_width: if b.hollow { 2 } else { 1 },
            dashed: b.small_base,
        });
    }
    // A centre dot marks the exact value, which matters for big bubbles.
    for b in &bubbles {
        shapes.push(Shape::Circle {
            cx: b.cx,
            cy: b.cy,
            r: 1.5,
            fill: quadrant_ink(b.quadrant),
            fill_opacity: 1.0,
            stroke: quadrant_ink(b.quadrant),
            stroke_width: 1,
            dashed: false,
        });
    }

    // Labels, most important touchpoints first so they get the best spots.
    let mut order: Vec<usize> = (0..matrix.points.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&matrix.points[a], &matrix.points[b]);
        (pb.y.abs() * pb.frequency.sqrt()).total_cmp(&(pa.y.abs() * pa.frequency.sqrt()))
    });
    let items: Vec<LabelItem> = order
        .iter()
        .map(|&i| {
            let p = &matrix.points[i];
            let b = bubbles
                .iter()
                .find(|b| b.touchpoint == p.touchpoint)
                .expect("every point has a bubble");
            LabelItem {
                touchpoint: p.touchpoint,
                text: fit_text(&p.label, LABEL_SIZE, 200.0),
                cx: b.cx,
                cy: b.cy,
                // Tiny small-base bubbles get a ring drawn 3 px outside.
                r: if b.small_base && b.r < 8.0 {
                    b.r + 3.0
                } else {
                    b.r
                },
            }
        })
        .collect();
    let labels = place_labels(&items, &bubbles, &captions, &plot);
    for l in &labels {
        if let Some((a, b)) = l.leader {
            shapes.push(line(vec![a, b], MUTED, 1, None));
        }
    }
    for l in &labels {
        // A white halo keeps labels readable over gridlines and tints.
        shapes.push(Shape::Rect {
            // The width estimate errs wide for safety; a halo that wide
            // would show as a white bar, so it hugs the likely text width.
            area: BoxF {
                x0: l.bbox.x0 + 1.0,
                y0: l.bbox.y0 + 2.0,
                x1: l.bbox.x0 + 3.0 + (l.bbox.x1 - l.bbox.x0 - 4.0) * 0.9,
                y1: l.bbox.y1 - 2.0,
            },
            fill: Rgb(255, 255, 255),
            opacity: 0.6,
        });
        shapes.push(text(
            l.bbox.x0 + 2.0,
            (l.bbox.y0 + l.bbox.y1) / 2.0,
            l.text.clone(),
            LABEL_SIZE,
            INK,
            HAlign::Start,
        ));
    }

    // Titles.
    let r2 = nf.dec(kpi.model.r2, 2);
    let logistic = kpi.model.model == cximpact_regression::ModelKind::Logistic;
    let title = fill(
        if logistic {
            t.matrix_title_logistic
        } else {
            t.matrix_title
        },
        &[
            ("kpi", &kpi.label),
            ("n", &nf.int(kpi.model.n)),
            ("r2", &r2),
        ],
    );
    let mut title_shape = text(
        plot.x0,
        26.0,
        fit_text(&title, 18.0, WIDTH - 120.0),
        18.0,
        INK,
        HAlign::Start,
    );
    if let Shape::Text(ts) = &mut title_shape {
        ts.bold = true;
    }
    shapes.push(title_shape);
    let rule = |r: CrosshairRule, v: String| match r {
        CrosshairRule::Mean => fill(t.rule_mean, &[("v", &v)]),
        CrosshairRule::Median => fill(t.rule_median, &[("v", &v)]),
        CrosshairRule::Midpoint => fill(t.rule_midpoint, &[("v", &v)]),
        CrosshairRule::Zero => t.rule_zero.to_string(),
        CrosshairRule::Value(_) => fill(t.rule_value, &[("v", &v)]),
    };
    let x_unit = |v: f64| match matrix.x_scale {
        XScale::Raw { .. } => nf.dec(v, 2),
        XScale::PercentOfScale => nf.pct(v, 1),
    };
    let mut sub = fill(
        t.crosshair_line,
        &[
            ("x", &rule(matrix.crosshair.x, x_unit(matrix.cx))),
            (
                "y",
                &rule(matrix.crosshair.y, format!("{}%", nf.signed(matrix.cy, 1))),
            ),
        ],
    );
    if kpi.reverse {
        sub = format!("{sub} {}", t.reversed_note);
    } else if kpi.kind == KpiKind::Binary {
        sub = format!("{sub} {}", t.binary_note);
    }
    for (i, l) in wrap(&sub, 12.0, WIDTH - plot.x0 - 20.0)
        .into_iter()
        .take(2)
        .enumerate()
    {
        shapes.push(text(
            plot.x0,
            47.0 + i as f64 * 15.0,
            l,
            12.0,
            MUTED,
            HAlign::Start,
        ));
    }

    // Axis titles.
    let x_title = match matrix.x_scale {
        XScale::Raw { min, max } => fill(
            t.axis_x,
            &[(
                "scale",
                &format!("{}-{}", nf.scale_point(min), nf.scale_point(max)),
            )],
        ),
        XScale::PercentOfScale => t.axis_x_pct.to_string(),
    };
    let mut xt = text(
        (plot.x0 + plot.x1) / 2.0,
        plot.y1 + 36.0,
        x_title,
        13.0,
        INK,
        HAlign::Middle,
    );
    if let Shape::Text(ts) = &mut xt {
        ts.bold = true;
    }
    shapes.push(xt);
    // The y title in plain words, rotated: what the axis measures, then
    // how to read it, each wrapped to the plot's height.
    for (i, (line, bold)) in y_title_lines(&fill(t.axis_y, &[("kpi", &kpi.label)]))
        .into_iter()
        .enumerate()
    {
        let mut yt = text(
            Y_TITLE_X + Y_TITLE_STEP * i as f64,
            (plot.y0 + plot.y1) / 2.0,
            line,
            Y_TITLE_SIZE,
            INK,
            HAlign::Middle,
        );
        if let Shape::Text(ts) = &mut yt {
            ts.bold = bold;
            ts.vertical = true;
        }
        shapes.push(yt);
    }

    // Legend: nested circles sharing a baseline, like a map legend.
    let lx = plot.x1 + 24.0;
    let mut lt = text(
        lx,
        plot.y0 + 8.0,
        t.legend_title.to_string(),
        12.0,
        INK,
        HAlign::Start,
    );
    if let Shape::Text(ts) = &mut lt {
        ts.bold = true;
    }
    shapes.push(lt);
    let sub_lines = wrap(t.legend_sub, 11.0, WIDTH - lx - 10.0);
    let mut ly = plot.y0 + 24.0;
    for l in &sub_lines {
        shapes.push(text(lx, ly, l.clone(), 11.0, MUTED, HAlign::Start));
        ly += 14.0;
    }
    let base_y = ly + 2.0 * MAX_RADIUS + 4.0;
    let ccx = lx + MAX_RADIUS;
    for share in [1.0, 0.5, 0.1] {
        let r = radius(share);
        shapes.push(Shape::Circle {
            cx: ccx,
            cy: base_y - r,
            r,
            fill: Rgb(0xc8, 0xcf, 0xd6),
            fill_opacity: 0.35,
            stroke: MUTED,
            stroke_width: 1,
            dashed: false,
        });
        let ty = base_y - 2.0 * r;
        shapes.push(line(
            vec![(ccx, ty), (ccx + MAX_RADIUS + 8.0, ty)],
            AXIS,
            1,
            None,
        ));
        shapes.push(text(
            ccx + MAX_RADIUS + 11.0,
            ty,
            nf.share(share, 0),
            11.0,
            INK,
            HAlign::Start,
        ));
    }
    let sy = base_y + 24.0;
    shapes.push(Shape::Circle {
        cx: lx + 9.0,
        cy: sy,
        r: 9.0,
        fill: Rgb(0xc8, 0xcf, 0xd6),
        fill_opacity: 0.25,
        stroke: MUTED,
        stroke_width: 1,
        dashed: true,
    });
    let key = fill(t.small_base_key, &[("n", &nf.int(matrix.small_base))]);
    let mut key_lines = key_text(&mut shapes, &key, lx + 24.0, sy);
    let mut sy = sy;
    // The hollow bubble, when a touchpoint is marked not controllable.
    if matrix.points.iter().any(|p| !p.controllable) {
        sy += 14.0 * key_lines.max(1) as f64 + 14.0;
        shapes.push(Shape::Circle {
            cx: lx + 9.0,
            cy: sy,
            r: 9.0,
            fill: Rgb(0xc8, 0xcf, 0xd6),
            fill_opacity: 0.0,
            stroke: MUTED,
            stroke_width: 2,
            dashed: false,
        });
        key_lines = key_text(&mut shapes, t.not_controllable_key, lx + 24.0, sy);
    }

    // Whisker key, when the matrix has intervals.
    if matrix
        .points
        .iter()
        .any(|p| p.x_ci.is_some() || p.y_ci.is_some())
    {
        let wy = sy + 14.0 * key_lines.max(1) as f64 + 14.0;
        let colour = whisker_colour(Quadrant::Amplify);
        let (gx, gy) = (lx + 9.0, wy);
        shapes.push(line(vec![(gx - 9.0, gy), (gx + 9.0, gy)], colour, 1, None));
        shapes.push(line(vec![(gx, gy - 9.0), (gx, gy + 9.0)], colour, 1, None));
        for e in [-9.0, 9.0] {
            shapes.push(line(
                vec![(gx + e, gy - 3.0), (gx + e, gy + 3.0)],
                colour,
                1,
                None,
            ));
            shapes.push(line(
                vec![(gx - 3.0, gy + e), (gx + 3.0, gy + e)],
                colour,
                1,
                None,
            ));
        }
        let n_lines = key_text(&mut shapes, t.whisker_key, lx + 24.0, wy);
        // The dashed whisker, when a touchpoint's direction is uncertain.
        if matrix.points.iter().any(direction_uncertain) {
            let uy = wy + 14.0 * n_lines as f64 + 12.0;
            shapes.push(line(
                vec![(gx, uy - 9.0), (gx, uy + 9.0)],
                colour,
                1,
                Some(UNCERTAIN_DASH),
            ));
            key_text(&mut shapes, t.whisker_uncertain_key, lx + 24.0, uy);
        }
    }

    // Under the chart: a caution for a KPI with caveats, and the
    // touchpoints that could not be placed.
    let mut bottom = HEIGHT - 14.0;
    if !kpi.model.caveats.is_empty() {
        let mut caution = text(
            plot.x0,
            bottom,
            fit_text(t.caveat_svg, 12.0, WIDTH - plot.x0 - 20.0),
            12.0,
            quadrant_ink(Quadrant::Prevent),
            HAlign::Start,
        );
        if let Shape::Text(ts) = &mut caution {
            ts.bold = true;
        }
        shapes.push(caution);
        bottom -= 15.0;
    }
    if !matrix.unplaced.is_empty() {
        let list: Vec<&str> = matrix.unplaced.iter().map(|u| u.label.as_str()).collect();
        let note = fill(t.not_placed, &[("list", &list.join(", "))]);
        shapes.push(text(
            plot.x0,
            bottom,
            fit_text(&note, 11.0, WIDTH - plot.x0 - 20.0),
            11.0,
            MUTED,
            HAlign::Start,
        ));
    }

    MatrixLayout {
        width: WIDTH,
        height: HEIGHT,
        plot,
        x_range,
        y_range: y_full,
        bubbles,
        labels,
        captions,
        shapes,
    }
}

/// The y title's lines, left to right, and whether each is bold: the part
/// before "; " (what the axis measures) in bold, the rest (how to read it)
/// plain, each wrapped to the plot's height. Only a title that needs more
/// than [`Y_TITLE_MAX_LINES`] lines (an extremely long KPI label) is cut.
pub fn y_title_lines(title: &str) -> Vec<(String, bool)> {
    let height = PLOT.y1 - PLOT.y0;
    let mut lines: Vec<(String, bool)> = Vec::new();
    for (i, part) in title.splitn(2, "; ").enumerate() {
        lines.extend(
            wrap(part, Y_TITLE_SIZE, height)
                .into_iter()
                .map(|l| (l, i == 0)),
        );
    }
    if lines.len() > Y_TITLE_MAX_LINES {
        lines.truncate(Y_TITLE_MAX_LINES);
        if let Some(last) = lines.last_mut() {
            last.0 = fit_text(&format!("{} \u{2026}", last.0), Y_TITLE_SIZE, height);
        }
    }
    lines
}

/// A quadrant's name and advice, wrapped to fit its quadrant.
struct Caption {
    quadrant: Quadrant,
    right: bool,
    top: bool,
    name: String,
    advice: Vec<String>,
}

/// The impact interval includes zero: the direction is not established.
fn direction_uncertain(p: &crate::MatrixPoint) -> bool {
    p.y_ci.is_some_and(|[lo, hi]| lo <= 0.0 && hi >= 0.0)
}

/// A legend key's text, wrapped to the legend column from `(x, y)`;
/// returns the number of lines.
fn key_text(shapes: &mut Vec<Shape>, key: &str, x: f64, y: f64) -> usize {
    // The symbol sits 24 px left of the text; 30 px stay free on the right
    // of the symbol column, as for the legend's other texts.
    let lines = wrap(key, 11.0, WIDTH - (x - 24.0) - 30.0);
    let n = lines.len();
    for (i, l) in lines.into_iter().enumerate() {
        shapes.push(text(x, y + i as f64 * 14.0, l, 11.0, INK, HAlign::Start));
    }
    n
}

fn line(points: Vec<(f64, f64)>, colour: Rgb, width: u32, dash: Option<(u32, u32)>) -> Shape {
    Shape::Line {
        points,
        colour,
        width,
        dash,
    }
}

fn text(x: f64, y: f64, s: String, size: f64, colour: Rgb, align: HAlign) -> Shape {
    Shape::Text(TextShape {
        x,
        y,
        text: s,
        size,
        bold: false,
        colour,
        align,
        vertical: false,
    })
}

/// Greedy word wrap by estimated width.
pub fn wrap(text: &str, size: f64, max_width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && text_width(&candidate, size) > max_width {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        } else {
            cur = candidate;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// A data range that keeps every value's bubble (radius in px) inside
/// `len_px`, contains `must` (crosshair, zero), is at least `min_span`
/// wide, and keeps the first `must` value between 30% and 70% of the axis
/// so no quadrant collapses to a sliver.
fn fit_range(
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

/// Round tick values (1, 2, 2.5 or 5 times a power of ten) inside the range.
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let span = hi - lo;
    // `is_finite` also rules out NaN.
    if !span.is_finite() || span <= 0.0 {
        return vec![lo];
    }
    let raw = span / target.max(2) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last)
        .map(|i| {
            let v = i as f64 * step;
            // Kill -0 and float noise (0.30000000000000004).
            let v = (v / step).round() * step;
            if v.abs() < step * 1e-9 {
                0.0
            } else {
                v
            }
        })
        .collect()
}

fn decimals_for(ticks: &[f64]) -> usize {
    (0..3)
        .find(|&d| {
            let f = 10f64.powi(d as i32);
            ticks.iter().all(|t| ((t * f).round() - t * f).abs() < 1e-6)
        })
        .unwrap_or(2)
}

/// What the label placer needs to know about one label.
#[derive(Debug, Clone)]
pub struct LabelItem {
    pub touchpoint: usize,
    pub text: String,
    pub cx: f64,
    pub cy: f64,
    pub r: f64,
}

/// Greedy label placement: right, left, above, below the bubble; if all
/// four collide with another label, a caption, another bubble or the plot
/// edge, the label moves outwards on rings around the bubble and gets a
/// leader line. Labels never overlap each other or a caption and always
/// stay inside the plot; covering a bubble is only a cost, because in a
/// crowded matrix that is better than a label far from its bubble.
pub fn place_labels(
    items: &[LabelItem],
    bubbles: &[Bubble],
    fixed: &[BoxF],
    plot: &BoxF,
) -> Vec<LabelPlacement> {
    let h = LABEL_SIZE + 6.0;
    let mut placed: Vec<LabelPlacement> = Vec::new();
    for item in items {
        let w = text_width(&item.text, LABEL_SIZE) + 4.0;
        let at = |x0: f64, yc: f64| BoxF {
            x0,
            y0: yc - h / 2.0,
            x1: x0 + w,
            y1: yc + h / 2.0,
        };
        let (cx, cy, r) = (item.cx, item.cy, item.r);
        // Above and below slide sideways to stay inside the plot, which
        // keeps bubbles near the right or left edge labelled up close.
        let centred = (cx - w / 2.0).clamp(plot.x0 + 1.0, (plot.x1 - w - 1.0).max(plot.x0));
        let primary = [
            at(cx + r + LABEL_GAP, cy),
            at(cx - r - LABEL_GAP - w, cy),
            at(centred, cy - r - LABEL_GAP / 2.0 - h / 2.0),
            at(centred, cy + r + LABEL_GAP / 2.0 + h / 2.0),
        ];
        let free = |b: &BoxF| {
            b.inside(plot)
                && !fixed.iter().any(|f| f.overlaps(b))
                && !placed.iter().any(|p| p.bbox.overlaps(b))
        };
        let bubble_cost = |b: &BoxF| -> f64 {
            bubbles
                .iter()
                .map(|o| {
                    let own = o.touchpoint == item.touchpoint;
                    let intr = b.circle_intrusion(o.cx, o.cy, o.r);
                    if intr <= 0.0 {
                        0.0
                    } else if own {
                        // Covering its own bubble hides what it names.
                        200.0 + 10.0 * intr
                    } else {
                        40.0 + 3.0 * intr
                    }
                })
                .sum()
        };

        let mut best: Option<(f64, BoxF, bool)> = None;
        for (k, b) in primary.iter().enumerate() {
            if !free(b) {
                continue;
            }
            let cost = bubble_cost(b) + k as f64 * 2.0;
            if cost == k as f64 * 2.0 {
                best = Some((cost, *b, false));
                break;
            }
            if best.as_ref().is_none_or(|x| cost < x.0) {
                best = Some((cost, *b, false));
            }
        }
        if best.as_ref().is_none_or(|x| x.0 > 10.0) {
            for step in 1..=24 {
                let d = r + LABEL_GAP + step as f64 * 9.0;
                for a in 0..24 {
                    let ang = a as f64 * std::f64::consts::PI / 12.0;
                    let (ux, uy) = (ang.cos(), ang.sin());
                    let px = cx + ux * d;
                    let py = cy + uy * d * 0.8;
                    // Anchor the near edge of the box at the ring point.
                    let x0 = if ux > 0.2 {
                        px
                    } else if ux < -0.2 {
                        px - w
                    } else {
                        px - w / 2.0
                    };
                    let b = at(x0, py);
                    if !free(&b) {
                        continue;
                    }
                    let cost = bubble_cost(&b) + 8.0 + (d - r) * 0.6;
                    if best.as_ref().is_none_or(|x| cost < x.0) {
                        best = Some((cost, b, true));
                    }
                }
                if best.as_ref().is_some_and(|x| x.0 < (d - r) * 0.6) {
                    break;
                }
            }
        }
        let (bbox, leader) = match best {
            Some((_, b, true)) => {
                let end = b.nearest_point(cx, cy);
                let (dx, dy) = (end.0 - cx, end.1 - cy);
                let d = dx.hypot(dy).max(1e-9);
                let start = (cx + dx / d * r, cy + dy / d * r);
                (b, Some((start, end)))
            }
            Some((_, b, false)) => (b, None),
            // Nowhere free at all (an absurdly crowded plot): keep the
            // label beside its bubble, clamped into the plot.
            None => {
                let mut b = primary[0];
                let shift = (b.x1 - plot.x1).max(0.0);
                b.x0 -= shift;
                b.x1 -= shift;
                (b, None)
            }
        };
        placed.push(LabelPlacement {
            touchpoint: item.touchpoint,
            text: item.text.clone(),
            bbox,
            leader,
        });
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::fixture;
    use crate::quadrant::{place, Crosshair};

    fn no_overlaps(labels: &[LabelPlacement]) {
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(
                    !a.bbox.overlaps(&b.bbox),
                    "{:?} overlaps {:?}",
                    a.text,
                    b.text
                );
            }
        }
    }

    /// An impact interval that includes zero draws a dashed whisker (and
    /// the legend explains it); one that does not, a solid one.
    #[test]
    fn uncertain_direction_draws_a_dashed_whisker() {
        let a = fixture();
        let mut m = place(&a, 0, &Crosshair::default());
        for p in &mut m.points {
            p.x_ci = None;
            p.y_ci = None;
        }
        let dashed = |m: &Matrix| {
            layout_matrix(m, &a.kpis[0], Lang::En)
                .shapes
                .iter()
                .filter(|s| matches!(s, Shape::Line { dash: Some(d), .. } if *d == UNCERTAIN_DASH))
                .count()
        };
        let y = m.points[0].y;
        m.points[0].y_ci = Some([y.abs() * 0.5 + 0.1, y.abs() * 1.5 + 0.2]);
        assert_eq!(dashed(&m), 0);
        m.points[0].y_ci = Some([-1.0, y.abs() + 1.0]);
        // The whisker and its legend key.
        assert_eq!(dashed(&m), 2);
        let l = layout_matrix(&m, &a.kpis[0], Lang::En);
        assert!(l
            .shapes
            .iter()
            .any(|s| matches!(s, Shape::Text(t) if t.text.starts_with("dashed:"))));
    }

    /// The y title is plain words and fits without an ellipsis, in both
    /// languages, for every fixture KPI.
    #[test]
    fn y_title_fits_in_plain_words() {
        let a = fixture();
        for lang in [Lang::En, Lang::Nl] {
            for (k, kpi) in a.kpis.iter().enumerate() {
                let m = place(&a, k, &Crosshair::default());
                let l = layout_matrix(&m, kpi, lang);
                let lines: Vec<&TextShape> = l
                    .shapes
                    .iter()
                    .filter_map(|s| match s {
                        Shape::Text(t) if t.vertical => Some(t),
                        _ => None,
                    })
                    .collect();
                assert!((2..=Y_TITLE_MAX_LINES).contains(&lines.len()), "{lines:?}");
                let joined: Vec<&str> = lines.iter().map(|t| t.text.as_str()).collect();
                let joined = joined.join(" ");
                assert!(!joined.contains('\u{2026}'), "{joined}");
                assert!(joined.contains(&kpi.label), "{joined}");
                for t in &lines {
                    assert!(text_width(&t.text, t.size) <= l.plot.y1 - l.plot.y0);
                    // Left of the tick labels.
                    assert!(t.x + t.size / 2.0 < l.plot.x0 - 45.0, "{}", t.x);
                }
            }
        }
        let en: Vec<(String, bool)> = y_title_lines(&fill(
            texts(Lang::En).axis_y,
            &[("kpi", "Likelihood to recommend")],
        ));
        assert_eq!(
            en,
            [
                (
                    "Impact on Likelihood to recommend: share of what explains it (%)".into(),
                    true
                ),
                ("above the line it helps, below it hurts".into(), false)
            ]
        );
    }

    /// Touchpoints marked not controllable are drawn as outlines, with a
    /// legend key; the others are filled.
    #[test]
    fn not_controllable_bubbles_are_hollow() {
        let a = fixture();
        let m = place(&a, 0, &Crosshair::default());
        let l = layout_matrix(&m, &a.kpis[0], Lang::En);
        let hollow: Vec<usize> = l
            .bubbles
            .iter()
            .filter(|b| b.hollow)
            .map(|b| b.touchpoint)
            .collect();
        assert_eq!(hollow, [14]);
        let outlines = l
            .shapes
            .iter()
            .filter(|s| matches!(s, Shape::Circle { fill_opacity, stroke_width: 2, .. } if *fill_opacity == 0.0))
            .count();
        // The bubble and the legend key.
        assert_eq!(outlines, 2);
        assert!(l
            .shapes
            .iter()
            .any(|s| matches!(s, Shape::Text(t) if t.text.starts_with("outline only:"))));
        // Without such touchpoints, no key.
        let mut a = fixture();
        a.touchpoints[14].controllable = true;
        let m = place(&a, 0, &Crosshair::default());
        let l = layout_matrix(&m, &a.kpis[0], Lang::En);
        assert!(l.bubbles.iter().all(|b| !b.hollow));
        assert!(!l
            .shapes
            .iter()
            .any(|s| matches!(s, Shape::Text(t) if t.text.starts_with("outline only"))));
    }

    #[test]
    fn kpi_with_caveats_carries_a_caution() {
        let mut a = fixture();
        let caution = |a: &crate::model::Analysis| {
            let m = place(a, 2, &Crosshair::default());
            layout_matrix(&m, &a.kpis[2], Lang::En)
                .shapes
                .iter()
                .any(|s| matches!(s, Shape::Text(t) if t.text.starts_with("Caution")))
        };
        assert!(!caution(&a));
        a.kpis[2].model.caveats = vec![cximpact_regression::ModelCaveat::Separation];
        assert!(caution(&a));
    }

    #[test]
    fn fixture_labels_do_not_overlap_and_stay_inside() {
        let a = fixture();
        for k in 0..a.kpis.len() {
            let m = place(&a, k, &Crosshair::default());
            let l = layout_matrix(&m, &a.kpis[k], Lang::En);
            assert_eq!(l.labels.len(), m.points.len());
            no_overlaps(&l.labels);
            for lab in &l.labels {
                assert!(lab.bbox.inside(&l.plot), "{} outside", lab.text);
                assert!(
                    !l.captions.iter().any(|c| c.overlaps(&lab.bbox)),
                    "{}",
                    lab.text
                );
            }
            for b in &l.bubbles {
                let bb = BoxF {
                    x0: b.cx - b.r,
                    y0: b.cy - b.r,
                    x1: b.cx + b.r,
                    y1: b.cy + b.r,
                };
                assert!(
                    bb.inside(&l.plot),
                    "bubble {} outside the plot",
                    b.touchpoint
                );
                for c in &l.captions {
                    assert_eq!(
                        c.circle_intrusion(b.cx, b.cy, b.r),
                        0.0,
                        "bubble on caption"
                    );
                }
            }
        }
    }

    #[test]
    fn crowded_labels_do_not_overlap() {
        // 25 bubbles piled into a small area.
        let plot = PLOT;
        let mut items = Vec::new();
        let mut bubbles = Vec::new();
        for i in 0..25 {
            let (cx, cy) = (400.0 + (i % 5) as f64 * 14.0, 330.0 + (i / 5) as f64 * 12.0);
            items.push(LabelItem {
                touchpoint: i,
                text: format!("Touchpoint number {i}"),
                cx,
                cy,
                r: 6.0,
            });
            bubbles.push(Bubble {
                touchpoint: i,
                cx,
                cy,
                r: 6.0,
                quadrant: Quadrant::Amplify,
                small_base: false,
                hollow: false,
            });
        }
        let labels = place_labels(&items, &bubbles, &[], &plot);
        assert_eq!(labels.len(), 25);
        no_overlaps(&labels);
        assert!(labels.iter().all(|l| l.bbox.inside(&plot)));
        assert!(labels.iter().any(|l| l.leader.is_some()));
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(
            nice_ticks(0.0, 10.0, 5),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        assert_eq!(
            nice_ticks(-23.0, 41.0, 8),
            vec![-20.0, -10.0, 0.0, 10.0, 20.0, 30.0, 40.0]
        );
        assert_eq!(nice_ticks(5.9, 8.3, 8), vec![6.0, 6.5, 7.0, 7.5, 8.0]);
    }

    #[test]
    fn bubble_area_is_proportional_to_frequency() {
        let (r1, r4) = (radius(0.2), radius(0.8));
        assert!((r4 * r4 / (r1 * r1) - 4.0).abs() < 1e-9);
        assert_eq!(radius(0.0), MIN_RADIUS);
    }

    #[test]
    fn wraps_and_fits_text() {
        assert_eq!(
            wrap("aa bb cc", 10.0, text_width("aa bb", 10.0) + 0.1),
            ["aa bb", "cc"]
        );
        let s = fit_text("A very long touchpoint label indeed", 12.0, 80.0);
        assert!(
            s.ends_with('\u{2026}') && text_width(&s, 12.0) <= 80.0,
            "{s}"
        );
    }
}
