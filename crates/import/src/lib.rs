//! Plan importer: documents (txt, md, docx, xlsx) into `rectify-plan/1`
//! drafts with diagnostics. Bytes in, values out: no I/O here.
//!
//! Every reader produces the same intermediate — numbered lines and tables
//! ([`doc`]) — so a plan in a Word table, an xlsx ledger and the same plan in
//! text yield the same records. The structure is recognised by a label
//! dictionary ([`labels`]), a numbering grammar ([`numbering`]) and an outline
//! built from the numbering styles ([`structure`]); deadlines use the grammar
//! of `rectify_domain::DeadlineSpec::parse`.

mod assemble;
mod clean;
mod doc;
mod docx;
mod error;
mod fields;
mod fold;
mod labels;
mod listnum;
mod numbering;
mod petitions;
mod structure;
mod tables;
mod text;
mod xlsx;
mod zipsafe;

pub use error::ImportError;
pub use petitions::{read_petitions, MAX_PETITION_BYTES, MAX_PETITION_ROWS};
pub use rectify_domain::PlanDraft;

use doc::limits;
use rectify_domain::SourceInfo;
use sha2::{Digest, Sha256};

/// The largest file accepted (50 MiB).
pub const MAX_INPUT_BYTES: usize = limits::MAX_INPUT_BYTES;

/// What a file turned out to be, judged by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Txt,
    Md,
    Docx,
    Xlsx,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Txt => "txt",
            SourceKind::Md => "md",
            SourceKind::Docx => "docx",
            SourceKind::Xlsx => "xlsx",
        }
    }
}

/// Imports a plan from the bytes of a file. The kind is detected from the
/// content (zip with Word or Excel parts, UTF-8 / UTF-8 BOM / UTF-16 / GBK
/// text, Markdown markers); the file name only names the source and breaks
/// ties.
pub fn import_bytes(file_name: &str, bytes: &[u8]) -> Result<PlanDraft, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_INPUT_BYTES as u64,
        });
    }
    let sha256 = hex::encode(Sha256::digest(bytes));
    let (kind, blocks) = read_blocks(file_name, bytes)?;
    let source = SourceInfo {
        file: file_name.to_string(),
        sha256,
        kind: kind.as_str().to_string(),
    };
    assemble::build(source, blocks)
}

/// Detects the kind of a file from its content.
pub fn detect_kind(file_name: &str, bytes: &[u8]) -> Result<SourceKind, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let zip = zipsafe::SafeZip::open(bytes)?;
        let names = zip.names();
        if docx::main_part(&names).is_some() {
            return Ok(SourceKind::Docx);
        }
        if names
            .iter()
            .any(|n| n == "xl/workbook.xml" || n.starts_with("xl/worksheets/"))
        {
            return Ok(SourceKind::Xlsx);
        }
        return Err(ImportError::unsupported(
            "压缩包中既没有 Word 正文也没有 Excel 工作表",
            "a zip without Word or Excel content",
        ));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ImportError::unsupported(
            "旧版 Office 二进制格式（.doc/.xls），请另存为 .docx 或 .xlsx",
            "legacy binary Office format (.doc/.xls); save it as .docx or .xlsx",
        ));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(ImportError::unsupported(
            "PDF 文件，请先转换为 Word 或文本",
            "PDF; convert it to Word or text first",
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(ImportError::unsupported(
            "RTF 文件，请另存为 .docx",
            "RTF; save it as .docx",
        ));
    }
    let text = decode_text(bytes)?;
    Ok(if looks_like_markdown(file_name, &text) {
        SourceKind::Md
    } else {
        SourceKind::Txt
    })
}

fn read_blocks(
    file_name: &str,
    bytes: &[u8],
) -> Result<(SourceKind, Vec<doc::Block>), ImportError> {
    let kind = detect_kind(file_name, bytes)?;
    let blocks = match kind {
        SourceKind::Docx => docx::blocks_from_docx(bytes)?,
        SourceKind::Xlsx => xlsx::blocks_from_xlsx(bytes)?,
        SourceKind::Txt | SourceKind::Md => {
            let text = decode_text(bytes)?;
            let blocks = text::blocks_from_text(&text);
            if blocks.len() > limits::MAX_BLOCKS {
                return Err(ImportError::Limit("行数过多 / too many lines".into()));
            }
            blocks
        }
    };
    Ok((kind, blocks))
}

/// Decodes text: UTF-8 (with or without BOM), UTF-16 with BOM, else GBK
/// (GB18030). Binary content and undecodable bytes are errors.
pub(crate) fn decode_text(bytes: &[u8]) -> Result<String, ImportError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(str::to_string)
            .map_err(|_| ImportError::Encoding)
            .and_then(check_not_binary);
    }
    for (bom, enc) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (s, had_errors) = enc.decode_without_bom_handling(rest);
            if had_errors {
                return Err(ImportError::Encoding);
            }
            return check_not_binary(s.into_owned());
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return check_not_binary(s.to_string());
    }
    // NUL bytes mean binary, not GBK.
    if bytes.contains(&0) {
        return Err(ImportError::Binary);
    }
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => check_not_binary(s.into_owned()),
        None => Err(ImportError::Encoding),
    }
}

fn check_not_binary(s: String) -> Result<String, ImportError> {
    let total = s.chars().take(65_536).count().max(1);
    let control = s
        .chars()
        .take(65_536)
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if control * 20 > total || s.contains('\0') {
        return Err(ImportError::Binary);
    }
    Ok(s)
}

fn looks_like_markdown(file_name: &str, text: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        return true;
    }
    let mut score = 0;
    for line in text.lines().take(400) {
        let t = line.trim_start();
        if t.starts_with("# ") || t.starts_with("## ") || t.starts_with("### ") {
            score += 2;
        }
        if t.contains("**") || t.contains("~~") {
            score += 1;
        }
        if t.starts_with('|') && t.contains("---") {
            score += 2;
        }
    }
    score >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(detect_kind("a.bin", b"").err(), Some(ImportError::Empty));
        assert_eq!(
            detect_kind("a.txt", "整改方案".as_bytes()).ok(),
            Some(SourceKind::Txt)
        );
        assert_eq!(
            detect_kind("a.txt", "# 标题\n## 一\n**x**".as_bytes()).ok(),
            Some(SourceKind::Md)
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("整改时限：2020年底");
        assert_eq!(
            decode_text(&gbk).ok().as_deref(),
            Some("整改时限：2020年底")
        );
        assert_eq!(
            decode_text(&[0xff, 0xfe, 0x74, 0x65]).ok().as_deref(),
            Some("整")
        );
        assert_eq!(
            decode_text(&[0x80, 0x00, 0x01, 0x02]).err(),
            Some(ImportError::Binary)
        );
    }
}
