//! Office files from ledger values — bytes out, no database, no network.
//!
//! - [`ledger`]: the ledger (台账) as xlsx, CSV or JSON, and the xlsx read back
//!   (export → import → export gives the same cells);
//! - [`monthly`]: the monthly dispatch notice (月调度通报) computed from problem
//!   details and written as printable HTML, xlsx or docx;
//! - [`notice`]: the 公示 notice (整改完成情况的公示) as docx.

pub mod error;
pub mod ledger;
pub mod monthly;
pub mod notice;
mod text;

pub use error::OfficeError;
pub use ledger::{read_xlsx_ledger, LedgerLine, LEDGER_HEADERS};
pub use monthly::{MonthlyReport, ReportItem, UnitRow};
pub use notice::notice_docx;
