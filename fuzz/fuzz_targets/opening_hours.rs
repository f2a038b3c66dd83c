//! An opening_hours value of a venue. See `hromada::fuzzing::opening_hours`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hromada::fuzzing::opening_hours(data));
