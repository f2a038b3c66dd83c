//! A GeoJSON map layer, read and prepared for the map. See `hromada::fuzzing::geojson`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hromada::fuzzing::geojson(data));
