//! Content sniffing: a file's type is what its bytes say, never its name or
//! the Content-Type a client claims. Only the types the ledger needs pass:
//! photos (JPEG, PNG), PDFs, and Word / Excel documents (docx, xlsx).
//! Everything else — SVG, HTML, scripts, macro-enabled Office files, other
//! archives — is refused.

use crate::EvidenceError;

/// The accepted types of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentType {
    Jpeg,
    Png,
    Pdf,
    Docx,
    Xlsx,
}

impl ContentType {
    pub const ALL: [ContentType; 5] = [
        ContentType::Jpeg,
        ContentType::Png,
        ContentType::Pdf,
        ContentType::Docx,
        ContentType::Xlsx,
    ];

    /// The MIME type the file is served with.
    pub fn mime(self) -> &'static str {
        match self {
            ContentType::Jpeg => "image/jpeg",
            ContentType::Png => "image/png",
            ContentType::Pdf => "application/pdf",
            ContentType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            ContentType::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    pub fn from_mime(mime: &str) -> Option<ContentType> {
        ContentType::ALL.into_iter().find(|c| c.mime() == mime)
    }

    pub fn extension(self) -> &'static str {
        match self {
            ContentType::Jpeg => "jpg",
            ContentType::Png => "png",
            ContentType::Pdf => "pdf",
            ContentType::Docx => "docx",
            ContentType::Xlsx => "xlsx",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ContentType::Jpeg | ContentType::Png => "图片",
            ContentType::Pdf => "PDF 文件",
            ContentType::Docx => "Word 文档",
            ContentType::Xlsx => "Excel 表格",
        }
    }
}

/// What a zip archive turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Docx,
    Xlsx,
    Macro,
    Other,
}

/// The type of `bytes`, by their magic numbers.
pub fn sniff(bytes: &[u8]) -> Result<ContentType, EvidenceError> {
    if bytes.is_empty() {
        return Err(EvidenceError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(ContentType::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(ContentType::Png);
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(ContentType::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return match classify_zip(bytes) {
            Kind::Docx => Ok(ContentType::Docx),
            Kind::Xlsx => Ok(ContentType::Xlsx),
            Kind::Macro => Err(EvidenceError::Unsupported("含宏的 Office 文档".into())),
            Kind::Other => Err(EvidenceError::Unsupported("压缩包".into())),
        };
    }
    Err(EvidenceError::Unsupported(describe_unknown(bytes)))
}

/// A short guess at what a refused file is, for the error message.
fn describe_unknown(bytes: &[u8]) -> String {
    let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(512)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg")) {
        "SVG 图像".into()
    } else if head.starts_with("<!doctype html") || head.starts_with("<html") {
        "HTML 网页".into()
    } else if head.starts_with('<') {
        "XML/HTML 文本".into()
    } else if bytes.starts_with(b"GIF8") {
        "GIF 图像".into()
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "旧版 Office 文档（doc/xls）".into()
    } else {
        "未知类型".into()
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at + 2)?;
    Some(u16::from_le_bytes([s[0], s[1]]) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at + 4)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
}

/// The entry names of a zip archive, read from its central directory.
/// `None` when the archive is malformed (or ZIP64, which evidence within the
/// size limit never needs).
fn zip_entry_names(b: &[u8]) -> Option<Vec<String>> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const CDH: &[u8] = b"PK\x01\x02";
    let last = b.len().checked_sub(22)?;
    let first = last.saturating_sub(65_535);
    let eocd = (first..=last)
        .rev()
        .find(|&i| b.get(i..i + 4) == Some(EOCD))?;
    let count = u16_at(b, eocd + 10)?;
    let offset = u32_at(b, eocd + 16)?;
    if count == 0xFFFF || offset == 0xFFFF_FFFF {
        return None;
    }
    let mut names = Vec::with_capacity(count);
    let mut p = offset;
    for _ in 0..count {
        if b.get(p..p + 4)? != CDH {
            return None;
        }
        let name_len = u16_at(b, p + 28)?;
        let extra_len = u16_at(b, p + 30)?;
        let comment_len = u16_at(b, p + 32)?;
        let name = b.get(p + 46..p + 46 + name_len)?;
        names.push(String::from_utf8_lossy(name).into_owned());
        p += 46 + name_len + extra_len + comment_len;
    }
    Some(names)
}

fn classify_zip(b: &[u8]) -> Kind {
    let Some(names) = zip_entry_names(b) else {
        return Kind::Other;
    };
    let has = |n: &str| names.iter().any(|x| x == n);
    if !has("[Content_Types].xml") {
        return Kind::Other;
    }
    if names
        .iter()
        .any(|n| n.to_ascii_lowercase().ends_with("vbaproject.bin"))
    {
        return Kind::Macro;
    }
    if has("word/document.xml") {
        Kind::Docx
    } else if has("xl/workbook.xml") {
        Kind::Xlsx
    } else {
        Kind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stored (uncompressed) zip with the given entries.
    pub(crate) fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = vec![];
        let mut central = vec![];
        for (name, data) in entries {
            let offset = out.len() as u32;
            let mut local = b"PK\x03\x04".to_vec();
            local.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            local.extend_from_slice(&0u32.to_le_bytes()); // crc (unchecked here)
            local.extend_from_slice(&(data.len() as u32).to_le_bytes());
            local.extend_from_slice(&(data.len() as u32).to_le_bytes());
            local.extend_from_slice(&(name.len() as u16).to_le_bytes());
            local.extend_from_slice(&0u16.to_le_bytes());
            local.extend_from_slice(name.as_bytes());
            local.extend_from_slice(data);
            out.extend_from_slice(&local);
            let mut c = b"PK\x01\x02".to_vec();
            c.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            c.extend_from_slice(&0u32.to_le_bytes());
            c.extend_from_slice(&(data.len() as u32).to_le_bytes());
            c.extend_from_slice(&(data.len() as u32).to_le_bytes());
            c.extend_from_slice(&(name.len() as u16).to_le_bytes());
            c.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            c.extend_from_slice(&offset.to_le_bytes());
            c.extend_from_slice(name.as_bytes());
            central.extend_from_slice(&c);
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    #[test]
    fn magic_numbers() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest").ok(), Some(ContentType::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n....").ok(), Some(ContentType::Png));
        assert_eq!(sniff(b"%PDF-1.7\n").ok(), Some(ContentType::Pdf));
        assert!(matches!(sniff(b""), Err(EvidenceError::Empty)));
    }

    #[test]
    fn office_documents_by_their_parts() {
        let docx = zip_with(&[
            ("[Content_Types].xml", b"<x/>"),
            ("word/document.xml", b"<w/>"),
        ]);
        assert_eq!(sniff(&docx).ok(), Some(ContentType::Docx));
        let xlsx = zip_with(&[
            ("[Content_Types].xml", b"<x/>"),
            ("xl/workbook.xml", b"<w/>"),
        ]);
        assert_eq!(sniff(&xlsx).ok(), Some(ContentType::Xlsx));
        let docm = zip_with(&[
            ("[Content_Types].xml", b"<x/>"),
            ("word/document.xml", b"<w/>"),
            ("word/vbaProject.bin", b"\0"),
        ]);
        assert!(matches!(sniff(&docm), Err(EvidenceError::Unsupported(m)) if m.contains("宏")));
        let plain = zip_with(&[("a.txt", b"hello")]);
        assert!(matches!(sniff(&plain), Err(EvidenceError::Unsupported(_))));
        // A truncated archive is not a document.
        assert!(sniff(&docx[..docx.len() - 10]).is_err());
    }

    #[test]
    fn active_content_is_refused_whatever_its_name() {
        for (bytes, what) in [
            (
                &b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"[..],
                "SVG",
            ),
            (&b"<?xml version='1.0'?>\n<svg/>"[..], "SVG"),
            (&b"<!DOCTYPE html><script>alert(1)</script>"[..], "HTML"),
            (&b"\xEF\xBB\xBF<html>"[..], "HTML"),
            (&b"GIF89a"[..], "GIF"),
            (&b"#!/bin/sh\nrm -rf /"[..], "未知"),
        ] {
            match sniff(bytes) {
                Err(EvidenceError::Unsupported(m)) => assert!(m.contains(what), "{m}"),
                other => panic!("{what}: {other:?}"),
            }
        }
    }

    #[test]
    fn mime_round_trip() {
        for c in ContentType::ALL {
            assert_eq!(ContentType::from_mime(c.mime()), Some(c));
        }
    }
}
