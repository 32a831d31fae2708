//! `gh_actions_runtime::fuzzing::gzip`: see its docs for the input and what
//! is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gh_actions_runtime::fuzzing::gzip(data));
