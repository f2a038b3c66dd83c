//! A page's text (front matter + Markdown) modelled as an instruction of the example site. See `hromada::fuzzing::frontmatter_markdown`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hromada::fuzzing::frontmatter_markdown(data));
