//! Word reader: the fuzz input is used as `word/document.xml` of a docx, so
//! the XML reader (not the zip layer) is exercised.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let mut zw = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    if zw.start_file("word/document.xml", opts).is_err() || zw.write_all(data).is_err() {
        return;
    }
    if let Ok(c) = zw.finish() {
        let _ = rectify_import::import_bytes("fuzz.docx", &c.into_inner());
    }
});
