//! Bytes received by the preview server as a request head. See `hromada::fuzzing::http_request`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hromada::fuzzing::http_request(data));
