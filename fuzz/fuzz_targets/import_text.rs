//! Text and Markdown reader: any bytes, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = rectify_import::import_bytes("fuzz.txt", data);
    let _ = rectify_import::import_bytes("fuzz.md", data);
});
