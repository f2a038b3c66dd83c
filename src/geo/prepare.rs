//! The map as the renderer sees it: every layer projected, its polygons cut into shared
//! arcs, every feature's bounds known, and the area the main map shows.

use super::project::mercator;
use super::topology::{self, Topology};
use super::{Bounds, Layer, Pt};
use crate::config::map::{LayerStyle, MapLayer};

#[derive(Debug, Clone)]
pub struct PreparedFeature {
    pub label: Option<String>,
    /// Polygons as rings of arcs (the first ring the outer one).
    pub polygons: Vec<Vec<Vec<(usize, bool)>>>,
    pub lines: Vec<Vec<Pt>>,
    pub points: Vec<Pt>,
    pub bounds: Bounds,
}

#[derive(Debug, Clone)]
pub struct PreparedLayer {
    pub name: String,
    pub style: LayerStyle,
    pub features: Vec<PreparedFeature>,
    /// The layer's shared arcs (projected) and the bounds of each.
    pub arcs: Vec<Vec<Pt>>,
    pub arc_bounds: Vec<Bounds>,
    pub bounds: Bounds,
}

#[derive(Debug, Clone)]
pub struct Map {
    pub layers: Vec<PreparedLayer>,
    /// What the main map shows: the layers marked `fit`, else every layer and venue.
    pub extent: Bounds,
}

/// Projects and prepares the layers (a layer that could not be read is `None` and left
/// out). `venues` are the venues' locations (lon, lat). No layers and no venues: no map.
pub fn prepare(config: &[MapLayer], layers: Vec<Option<Layer>>, venues: &[Pt]) -> Option<Map> {
    let mut prepared = Vec::new();
    let mut fit = Bounds::EMPTY;
    let mut all = Bounds::EMPTY;
    for (conf, layer) in config.iter().zip(layers) {
        let Some(layer) = layer else { continue };
        let p = prepare_layer(conf, layer);
        if conf.fit {
            fit = fit.union(p.bounds);
        }
        all = all.union(p.bounds);
        prepared.push(p);
    }
    let mut at_venues = Bounds::EMPTY;
    for v in venues {
        at_venues.add(mercator(*v));
    }
    // Every venue is on the main map, whatever the layers it is fitted to.
    let extent = if fit.is_empty() { all } else { fit }.union(at_venues);
    if extent.is_empty() {
        return None;
    }
    Some(Map {
        layers: prepared,
        extent,
    })
}

fn prepare_layer(conf: &MapLayer, layer: Layer) -> PreparedLayer {
    // Every ring of the layer, numbered in feature order, for the topology.
    let mut rings: Vec<Vec<Pt>> = Vec::new();
    let mut shapes = Vec::new();
    for f in layer.features {
        let polygons: Vec<Vec<usize>> = f
            .shape
            .polygons
            .iter()
            .map(|poly| {
                poly.iter()
                    .map(|r| {
                        rings.push(r.iter().map(|p| mercator(*p)).collect());
                        rings.len() - 1
                    })
                    .collect()
            })
            .collect();
        let lines: Vec<Vec<Pt>> = f
            .shape
            .lines
            .iter()
            .map(|l| l.iter().map(|p| mercator(*p)).collect())
            .collect();
        let points: Vec<Pt> = f.shape.points.iter().map(|p| mercator(*p)).collect();
        let bounds = Bounds::of(
            f.shape
                .coords()
                .map(|p| mercator(*p))
                .collect::<Vec<_>>()
                .iter(),
        );
        shapes.push((f.label, polygons, lines, points, bounds));
    }
    let Topology {
        arcs,
        rings: ring_arcs,
    } = topology::build(&rings);
    let arc_bounds: Vec<Bounds> = arcs.iter().map(Bounds::of).collect();
    let mut bounds = Bounds::EMPTY;
    let features = shapes
        .into_iter()
        .map(|(label, polygons, lines, points, b)| {
            bounds = bounds.union(b);
            PreparedFeature {
                label,
                polygons: polygons
                    .into_iter()
                    .map(|poly| {
                        poly.into_iter()
                            .map(|r| ring_arcs[r].clone())
                            .filter(|r| !r.is_empty())
                            .collect::<Vec<_>>()
                    })
                    .filter(|p: &Vec<_>| !p.is_empty())
                    .collect(),
                lines,
                points,
                bounds: b,
            }
        })
        .collect();
    PreparedLayer {
        name: conf.name.clone(),
        style: conf.style,
        features,
        arcs,
        arc_bounds,
        bounds,
    }
}
