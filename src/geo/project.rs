//! Projection and views. Coordinates are projected once with the spherical Mercator
//! projection (conformal: shapes and angles look right at a hromada's or an oblast's scale),
//! in radians; a [`View`] then fits a part of that plane into an SVG viewBox of whole units.

use super::Pt;

/// Spherical Mercator of a longitude/latitude in degrees, in radians of the equator; `y`
/// grows northwards.
pub fn mercator([lon, lat]: Pt) -> Pt {
    let lat = lat.clamp(-85.0, 85.0).to_radians();
    [
        lon.to_radians(),
        (std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln(),
    ]
}

/// Back from Mercator to longitude/latitude in degrees.
pub fn unmercator([x, y]: Pt) -> Pt {
    [
        x.to_degrees(),
        (2.0 * y.exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees(),
    ]
}

/// An axis-aligned box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min: Pt,
    pub max: Pt,
}

impl Bounds {
    pub const EMPTY: Bounds = Bounds {
        min: [f64::INFINITY, f64::INFINITY],
        max: [f64::NEG_INFINITY, f64::NEG_INFINITY],
    };

    pub fn of<'a>(points: impl IntoIterator<Item = &'a Pt>) -> Bounds {
        let mut b = Bounds::EMPTY;
        for p in points {
            b.add(*p);
        }
        b
    }

    pub fn add(&mut self, p: Pt) {
        self.min = [self.min[0].min(p[0]), self.min[1].min(p[1])];
        self.max = [self.max[0].max(p[0]), self.max[1].max(p[1])];
    }

    pub fn union(mut self, other: Bounds) -> Bounds {
        if !other.is_empty() {
            self.add(other.min);
            self.add(other.max);
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.min[0] > self.max[0] || self.min[1] > self.max[1]
    }

    pub fn intersects(&self, o: &Bounds) -> bool {
        !(self.is_empty()
            || o.is_empty()
            || o.min[0] > self.max[0]
            || o.max[0] < self.min[0]
            || o.min[1] > self.max[1]
            || o.max[1] < self.min[1])
    }

    pub fn contains(&self, p: Pt) -> bool {
        p[0] >= self.min[0] && p[0] <= self.max[0] && p[1] >= self.min[1] && p[1] <= self.max[1]
    }

    pub fn width(&self) -> f64 {
        self.max[0] - self.min[0]
    }

    pub fn height(&self) -> f64 {
        self.max[1] - self.min[1]
    }

    pub fn center(&self) -> Pt {
        [
            (self.min[0] + self.max[0]) / 2.0,
            (self.min[1] + self.max[1]) / 2.0,
        ]
    }

    /// Shrunk by `d` on every side.
    pub fn inset(&self, d: f64) -> Bounds {
        Bounds {
            min: [self.min[0] + d, self.min[1] + d],
            max: [self.max[0] - d, self.max[1] - d],
        }
    }

    /// Grown by `fraction` of its size on every side (at least `min` in each direction).
    pub fn padded(&self, fraction: f64, min: f64) -> Bounds {
        let dx = (self.width() * fraction).max(min);
        let dy = (self.height() * fraction).max(min);
        Bounds {
            min: [self.min[0] - dx, self.min[1] - dy],
            max: [self.max[0] + dx, self.max[1] + dy],
        }
    }
}

/// A part of the projected plane drawn into a `width` × `height` viewBox.
#[derive(Debug, Clone, Copy)]
pub struct View {
    /// The projected area shown (exactly the viewBox).
    pub bounds: Bounds,
    pub width: u32,
    pub height: u32,
    /// viewBox units per projected unit.
    pub scale: f64,
}

impl View {
    /// The smallest view of `width` units across that shows `area` whole, keeping its aspect
    /// (the height follows, within `min_height..=max_height`; the area is centred).
    pub fn fit(area: Bounds, width: u32, min_height: u32, max_height: u32) -> View {
        let w = area.width().max(1e-9);
        let h = area.height().max(1e-9);
        let natural = (f64::from(width) * h / w).round() as u32;
        let height = natural.clamp(min_height, max_height);
        let scale = (f64::from(width) / w).min(f64::from(height) / h);
        let c = area.center();
        let (hw, hh) = (
            f64::from(width) / scale / 2.0,
            f64::from(height) / scale / 2.0,
        );
        View {
            bounds: Bounds {
                min: [c[0] - hw, c[1] - hh],
                max: [c[0] + hw, c[1] + hh],
            },
            width,
            height,
            scale,
        }
    }

    /// A projected point in viewBox units (y grows downwards).
    pub fn to_view(&self, p: Pt) -> Pt {
        [
            (p[0] - self.bounds.min[0]) * self.scale,
            (self.bounds.max[1] - p[1]) * self.scale,
        ]
    }

    /// The viewBox as a clip rectangle.
    pub fn rect(&self) -> Bounds {
        Bounds {
            min: [0.0, 0.0],
            max: [f64::from(self.width), f64::from(self.height)],
        }
    }
}

/// Metres per projected unit at a latitude (the sphere's radius shrinks by cos φ).
pub fn metres_per_unit(lat: f64) -> f64 {
    6_371_008.8 * lat.to_radians().cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mercator_round_trips_and_fits() {
        let p = [32.2623, 48.5079];
        let back = unmercator(mercator(p));
        assert!((back[0] - p[0]).abs() < 1e-9 && (back[1] - p[1]).abs() < 1e-9);
        let area = Bounds::of(&[mercator([32.0, 48.0]), mercator([33.0, 49.0])]);
        let v = View::fit(area, 1000, 100, 2000);
        let a = v.to_view(mercator([32.0, 49.0]));
        let b = v.to_view(mercator([33.0, 48.0]));
        assert!(a[0].abs() < 0.5 && a[1].abs() < 0.5, "{a:?}");
        assert!((b[0] - 1000.0).abs() < 0.5 && (b[1] - f64::from(v.height)).abs() < 0.5);
        // A degree of latitude is longer than a degree of longitude at 48°N.
        assert!(v.height > 1400 && v.height < 1600, "{}", v.height);
    }
}
