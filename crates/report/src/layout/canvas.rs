//! The canvas and what is drawn on it: its size and plot area, colours,
//! fonts, bubble radii, and the drawing types (boxes, lines, circles,
//! texts) that layout produces and [`svg`](crate::svg) draws. Every step
//! of the layout builds on these; none of them knows about a matrix.

use crate::quadrant::Quadrant;

/// Canvas size in px.
pub const WIDTH: f64 = 1000.0;
pub const HEIGHT: f64 = 720.0;

/// Plot area (inside the axes).
pub(super) const PLOT: BoxF = BoxF {
    x0: 104.0,
    y0: 78.0,
    x1: 812.0,
    y1: 636.0,
};
/// Radius of a bubble for a touchpoint every customer experienced.
pub const MAX_RADIUS: f64 = 34.0;
/// Smallest radius drawn, so rare touchpoints stay visible.
pub(super) const MIN_RADIUS: f64 = 3.5;
pub(super) const LABEL_SIZE: f64 = 12.0;
pub(super) const LABEL_GAP: f64 = 4.0;
/// Radius of the numbered marker a bubble gets when its label has no
/// spot; labels keep this far from every bubble's centre.
pub(super) const MARKER_R: f64 = 8.0;
/// The font the SVG asks for; widths below are estimated for it.
pub const FONT: &str = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/// The rotated y-axis title: font size, the x of its first line and the
/// step to the next, and the most lines it may take.
pub(super) const Y_TITLE_SIZE: f64 = 13.0;
pub(super) const Y_TITLE_X: f64 = 18.0;
pub(super) const Y_TITLE_STEP: f64 = 17.0;
pub(super) const Y_TITLE_MAX_LINES: usize = 3;

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub(crate) const INK: Rgb = Rgb(0x22, 0x2b, 0x36);
pub(crate) const MUTED: Rgb = Rgb(0x5b, 0x66, 0x72);
pub(crate) const GRID: Rgb = Rgb(0xe3, 0xe7, 0xeb);
pub(crate) const AXIS: Rgb = Rgb(0x9a, 0xa3, 0xad);

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
pub(crate) const UNCERTAIN_DASH: (u32, u32) = (3, 3);

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
    pub(super) fn circle_intrusion(&self, cx: f64, cy: f64, r: f64) -> f64 {
        let dx = (self.x0 - cx).max(0.0).max(cx - self.x1);
        let dy = (self.y0 - cy).max(0.0).max(cy - self.y1);
        (r - dx.hypot(dy)).max(0.0)
    }

    pub(super) fn nearest_point(&self, x: f64, y: f64) -> (f64, f64) {
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
    /// The label had no spot: its bubble carries this number instead (and
    /// `bbox` is the marker's), and the key beside the chart names it.
    pub marker: Option<usize>,
}

/// Radius for a frequency: area proportional to the share of customers.
pub fn radius(frequency: f64) -> f64 {
    (MAX_RADIUS * frequency.clamp(0.0, 1.0).sqrt()).max(MIN_RADIUS)
}

/// A line through `points`; solid when `dash` is `None`.
pub(crate) fn line(
    points: Vec<(f64, f64)>,
    colour: Rgb,
    width: u32,
    dash: Option<(u32, u32)>,
) -> Shape {
    Shape::Line {
        points,
        colour,
        width,
        dash,
    }
}

/// A line of text, vertically centred on `y`.
pub(crate) fn text(x: f64, y: f64, s: String, size: f64, colour: Rgb, align: HAlign) -> Shape {
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

/// The two strokes of an arrowhead at `tip` pointing along the unit
/// vector `(ux, uy)`: `len` px back from the tip, `degrees` off the shaft.
pub(super) fn arrow_head(
    tip: (f64, f64),
    (ux, uy): (f64, f64),
    len: f64,
    degrees: f64,
    colour: Rgb,
) -> [Shape; 2] {
    let (c, s) = (degrees.to_radians().cos(), degrees.to_radians().sin());
    [1.0, -1.0].map(|sign: f64| {
        let (hx, hy) = (ux * c - sign * uy * s, uy * c + sign * ux * s);
        line(
            vec![tip, (tip.0 - len * hx, tip.1 - len * hy)],
            colour,
            1,
            None,
        )
    })
}
