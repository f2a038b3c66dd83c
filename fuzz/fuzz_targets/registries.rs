//! A YAML text as the venues, the events and the services registry. See `hromada::fuzzing::registries`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hromada::fuzzing::registries(data));
