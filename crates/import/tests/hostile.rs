//! Hostile input: clear errors, bounded memory, never a panic.

mod common;
use rectify_import::{import_bytes, ImportError};
use std::io::Write;

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zw = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in entries {
        zw.start_file(*name, opts).expect("zip");
        zw.write_all(data).expect("zip");
    }
    zw.finish().expect("zip").into_inner()
}

#[test]
fn empty_and_blank() {
    assert_eq!(import_bytes("a.txt", b"").err(), Some(ImportError::Empty));
    assert_eq!(
        import_bytes("a.txt", b"   \n\n  ").err(),
        Some(ImportError::NothingFound)
    );
    assert_eq!(
        import_bytes("a.txt", "只有一段叙述文字。".as_bytes()).err(),
        Some(ImportError::NothingFound)
    );
}

#[test]
fn too_large() {
    let big = vec![b'a'; rectify_import::MAX_INPUT_BYTES + 1];
    match import_bytes("big.txt", &big) {
        Err(ImportError::TooLarge { size, limit }) => assert!(size > limit),
        other => panic!("{other:?}"),
    }
    let msg = ImportError::TooLarge { size: 2, limit: 1 }.to_string();
    assert!(msg.starts_with("文件过大") && msg.contains("too large"));
}

#[test]
fn binary_and_bad_encodings() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
    assert_eq!(import_bytes("x.txt", png).err(), Some(ImportError::Binary));
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    assert_eq!(
        import_bytes("x.doc", &ole).err().map(|e| e.code()),
        Some("unsupported_format")
    );
    assert_eq!(
        import_bytes("x.pdf", b"%PDF-1.7\n...")
            .err()
            .map(|e| e.code()),
        Some("unsupported_format")
    );
    // Neither UTF-8 nor GBK.
    assert_eq!(
        import_bytes("x.txt", &[0xFF, 0xFF, 0xFF, 0x41, 0x80, 0xFF]).err(),
        Some(ImportError::Encoding)
    );
    // A UTF-8 BOM followed by invalid UTF-8.
    assert_eq!(
        import_bytes("x.txt", b"\xEF\xBB\xBF\xFF\xFE").err(),
        Some(ImportError::Encoding)
    );
    // Lots of control characters.
    let ctl: Vec<u8> = (0..200u8).map(|i| i % 8 + 1).collect();
    assert_eq!(import_bytes("x.txt", &ctl).err(), Some(ImportError::Binary));
}

#[test]
fn zip_without_office_parts_and_damaged_zip() {
    let z = zip_with(&[("hello.txt", b"hi")]);
    assert_eq!(
        import_bytes("x.docx", &z).err().map(|e| e.code()),
        Some("unsupported_format")
    );
    let mut z = zip_with(&[("word/document.xml", b"<w:document/>")]);
    z.truncate(z.len() / 2);
    assert!(import_bytes("x.docx", &z).is_err());
    assert!(import_bytes("x.docx", b"PK\x03\x04garbage").is_err());
}

#[test]
fn zip_bomb_docx_is_stopped() {
    // 80 MiB of spaces inside a paragraph compress to well under 1 MiB.
    let mut zw = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_level(Some(1));
    zw.start_file("word/document.xml", opts).expect("zip");
    zw.write_all(b"<w:document><w:body><w:p><w:r><w:t>")
        .expect("zip");
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..80 {
        zw.write_all(&chunk).expect("zip");
    }
    zw.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .expect("zip");
    let bytes = zw.finish().expect("zip").into_inner();
    assert!(bytes.len() < 4 << 20, "{}", bytes.len());
    assert_eq!(
        import_bytes("bomb.docx", &bytes).err().map(|e| e.code()),
        Some("zip_limit")
    );
}

#[test]
fn too_many_zip_entries() {
    let mut zw = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zw.start_file("word/document.xml", opts).expect("zip");
    zw.write_all(b"<w:document/>").expect("zip");
    for i in 0..10_001 {
        zw.start_file(format!("x/{i}"), opts).expect("zip");
    }
    let bytes = zw.finish().expect("zip").into_inner();
    assert_eq!(
        import_bytes("many.docx", &bytes).err().map(|e| e.code()),
        Some("zip_limit")
    );
}

#[test]
fn deeply_nested_xml() {
    let depth = 100_000;
    let mut xml = String::with_capacity(depth * 14);
    xml.push_str("<w:document><w:body>");
    for _ in 0..depth {
        xml.push_str("<w:tbl><w:tr><w:tc>");
    }
    let bytes = zip_with(&[("word/document.xml", xml.as_bytes())]);
    assert_eq!(
        import_bytes("deep.docx", &bytes).err().map(|e| e.code()),
        Some("limit")
    );
    // Nested tables within the limit are flattened, not an error of their own.
    let mut xml = String::from("<w:document><w:body>");
    for _ in 0..20 {
        xml.push_str("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>（一）问题</w:t></w:r></w:p>");
    }
    let bytes = zip_with(&[("word/document.xml", xml.as_bytes())]);
    let _ = import_bytes("nested.docx", &bytes);
}

#[test]
fn malformed_xml_is_an_error_not_a_panic() {
    for xml in [
        "<w:document><w:body><w:p><w:t>a</w:x></w:p>",
        "<<<>>>",
        "<w:p attr=\"unterminated>",
        "\u{0}\u{1}",
    ] {
        let bytes = zip_with(&[("word/document.xml", xml.as_bytes())]);
        let _ = import_bytes("bad.docx", &bytes);
    }
}

#[test]
fn xlsx_with_a_huge_claimed_range() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "序号").expect("w");
    ws.write_string(1_048_575, 16_383, "far away").expect("w");
    let bytes = wb.save_to_buffer().expect("xlsx");
    // Bounded: the far cell is ignored; nothing plan-like is found.
    assert_eq!(
        import_bytes("huge.xlsx", &bytes).err(),
        Some(ImportError::NothingFound)
    );
}

#[test]
fn large_valid_text_is_handled() {
    // ~4 MB: the Hengyang plan repeated; a clear result, in bounded time.
    let one = common::demo("hengyang-2019-provincial-inspection-plan.txt");
    let mut big = Vec::new();
    for _ in 0..60 {
        big.extend_from_slice(&one);
        big.push(b'\n');
    }
    let plan = import_bytes("big.txt", &big).expect("imports");
    assert_eq!(plan.problems.len(), 40 * 60);
    assert!(plan.warnings.iter().any(|w| w.code == "count_mismatch"));
}

/// A tiny deterministic generator for mutation tests.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn mutated_inputs_never_panic() {
    let seeds: Vec<Vec<u8>> = vec![
        common::demo("changde-2021-central-inspection-plan.txt")[..20_000].to_vec(),
        common::fixture("xiangjiang-district-plan.md"),
        zip_with(&[("word/document.xml", b"<w:document><w:body><w:p><w:r><w:t>\xe4\xb8\x80\xe3\x80\x81</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>")]),
    ];
    let mut rng = Lcg(42);
    for seed in &seeds {
        for _ in 0..150 {
            let mut b = seed.clone();
            let flips = 1 + rng.next() % 8;
            for _ in 0..flips {
                let i = (rng.next() as usize) % b.len();
                b[i] = rng.next() as u8;
            }
            if rng.next() & 3 == 0 {
                let cut = (rng.next() as usize) % b.len();
                b.truncate(cut);
            }
            let _ = import_bytes("m", &b);
        }
    }
}
