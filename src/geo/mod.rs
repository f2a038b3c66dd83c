//! Map layers: GeoJSON read into features in longitude/latitude ([`load`]), projected and
//! cut into shared arcs ([`prepare`](mod@prepare)), and the geometry the map renderer
//! needs: views ([`project`]), simplification ([`simplify`]), clipping ([`clip`]) and
//! label placement ([`labels`]).

pub mod clip;
pub mod labels;
pub mod load;
pub mod prepare;
pub mod project;
mod scan;
pub mod simplify;
mod topology;

pub use prepare::{Map, PreparedFeature, PreparedLayer, prepare};
pub use project::{Bounds, View};
pub use topology::ring_points;

/// A point: longitude and latitude in degrees, or projected coordinates.
pub type Pt = [f64; 2];

/// A feature's geometry, in longitude/latitude. Polygons are lists of rings, the first the
/// outer one.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    pub points: Vec<Pt>,
    pub lines: Vec<Vec<Pt>>,
    pub polygons: Vec<Vec<Vec<Pt>>>,
}

impl Shape {
    pub fn is_empty(&self) -> bool {
        self.points.is_empty() && self.lines.is_empty() && self.polygons.is_empty()
    }

    /// Every coordinate of the shape.
    pub fn coords(&self) -> impl Iterator<Item = &Pt> {
        self.points
            .iter()
            .chain(self.lines.iter().flatten())
            .chain(self.polygons.iter().flatten().flatten())
    }
}

/// One feature of a layer: its label (look-alike letters already corrected) and geometry.
#[derive(Debug, Clone)]
pub struct Feature {
    /// Index in the file's `features` array.
    pub index: usize,
    pub label: Option<String>,
    pub shape: Shape,
}

/// A layer as read from its file.
#[derive(Debug, Clone)]
pub struct Layer {
    pub features: Vec<Feature>,
}
