//! A site.toml text, checked as the build checks it. See `hromada::fuzzing::site_toml`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hromada::fuzzing::site_toml(data));
