//! Import errors: one enum, stable codes, Chinese-first messages with English.

use thiserror::Error;

/// Why a file could not be imported at all. Problems inside a document that
/// could be read are reported as warnings on the draft instead.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ImportError {
    #[error("文件为空 / the file is empty")]
    Empty,
    #[error("文件过大：{size} 字节，上限 {limit} 字节 / file too large: {size} bytes, the limit is {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("不支持的文件格式：{zh} / unsupported file format: {en}")]
    Unsupported { zh: String, en: String },
    #[error("无法识别文本编码（不是 UTF-8、UTF-16 或 GBK 文本）/ cannot decode the text: not UTF-8, UTF-16 or GBK")]
    Encoding,
    #[error("文件内容像二进制数据，不是文本方案 / the content looks binary, not a text plan")]
    Binary,
    #[error("压缩包损坏或无法读取：{0} / the zip container is damaged or unreadable: {0}")]
    Zip(String),
    #[error("压缩包超出安全限制（{0}），可能是压缩炸弹 / the zip container exceeds a safety limit ({0}); possibly a zip bomb")]
    ZipLimit(String),
    #[error("Word 文档内容（XML）无法解析：{0} / the Word document XML cannot be parsed: {0}")]
    Xml(String),
    #[error("Excel 工作簿无法读取：{0} / the Excel workbook cannot be read: {0}")]
    Xlsx(String),
    #[error("文档超出安全限制（{0}）/ the document exceeds a safety limit ({0})")]
    Limit(String),
    #[error("文件中没有找到整改问题、指标表或项目表 / no problems, indicator tables or project tables were found in the file")]
    NothingFound,
}

impl ImportError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Empty => "empty",
            ImportError::TooLarge { .. } => "too_large",
            ImportError::Unsupported { .. } => "unsupported_format",
            ImportError::Encoding => "encoding",
            ImportError::Binary => "binary",
            ImportError::Zip(_) => "zip",
            ImportError::ZipLimit(_) => "zip_limit",
            ImportError::Xml(_) => "xml",
            ImportError::Xlsx(_) => "xlsx",
            ImportError::Limit(_) => "limit",
            ImportError::NothingFound => "nothing_found",
        }
    }

    pub(crate) fn unsupported(zh: &str, en: &str) -> Self {
        ImportError::Unsupported {
            zh: zh.to_string(),
            en: en.to_string(),
        }
    }
}
