//! The spec loader: any text to a loaded document or diagnostics, never a
//! panic (`generator::load::read_str`, what `cargo xtask explore` runs on
//! documents written elsewhere).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(diagnostics) = generator::load::read_str("fuzzed.yaml", text) {
        for diagnostic in &diagnostics {
            let _ = diagnostic.to_string();
        }
    }
});
