//! The one error type of this crate: Chinese first, then English.

/// What can go wrong turning ledger values into office files, or reading a
/// ledger workbook back.
#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    #[error("生成 Excel 文件失败：{0} / failed to write the xlsx file: {0}")]
    XlsxWrite(String),
    #[error("无法读取 Excel 文件：{0} / cannot read the xlsx file: {0}")]
    XlsxRead(String),
    #[error("工作簿中没有工作表 / the workbook has no worksheet")]
    NoWorksheet,
    #[error("未找到表头行（前 {0} 行中没有“反馈问题”列） / no header row found (no 反馈问题 column in the first {0} rows)")]
    NoHeaderRow(usize),
    #[error("生成 Word 文件失败：{0} / failed to write the docx file: {0}")]
    DocxWrite(String),
    #[error("生成 JSON 失败：{0} / failed to write JSON: {0}")]
    Json(String),
    #[error("调度月份“{0}”格式不对，应为 YYYY-MM / period {0:?} is not of the form YYYY-MM")]
    BadPeriod(String),
}

impl OfficeError {
    /// A stable machine-readable code, for logs and API answers.
    pub fn code(&self) -> &'static str {
        match self {
            OfficeError::XlsxWrite(_) => "xlsx_write",
            OfficeError::XlsxRead(_) => "xlsx_read",
            OfficeError::NoWorksheet => "no_worksheet",
            OfficeError::NoHeaderRow(_) => "no_header_row",
            OfficeError::DocxWrite(_) => "docx_write",
            OfficeError::Json(_) => "json",
            OfficeError::BadPeriod(_) => "bad_period",
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for OfficeError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        OfficeError::XlsxWrite(e.to_string())
    }
}

impl From<zip::result::ZipError> for OfficeError {
    fn from(e: zip::result::ZipError) -> Self {
        OfficeError::DocxWrite(e.to_string())
    }
}

impl From<serde_json::Error> for OfficeError {
    fn from(e: serde_json::Error) -> Self {
        OfficeError::Json(e.to_string())
    }
}
