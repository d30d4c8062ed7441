//! Raw bytes through kind detection (zip, docx, xlsx, text).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = rectify_import::import_bytes("fuzz.bin", data);
});
