//! The common intermediate form every reader produces: numbered lines and
//! tables. A plan in a Word table, an xlsx ledger and the same plan in text
//! all become this before the structure is recognised.

/// One block of a document, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// A line (a text line, or a Word paragraph), 1-based number in the
    /// normalized text.
    Line {
        no: u32,
        text: String,
    },
    Table(Table),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Table {
    /// A caption given by the container (an xlsx sheet name); the line
    /// before the table is used otherwise.
    pub caption: Option<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub line: u32,
    pub cells: Vec<String>,
}

/// Hard limits that keep memory bounded on hostile input.
pub(crate) mod limits {
    /// Largest accepted input file.
    pub const MAX_INPUT_BYTES: usize = 50 * 1024 * 1024;
    /// Largest decompressed size of one zip entry that is read.
    pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
    /// Largest decompressed size of all zip entries read together.
    pub const MAX_TOTAL_UNZIPPED: u64 = 160 * 1024 * 1024;
    /// Most entries a docx/xlsx container may have.
    pub const MAX_ZIP_ENTRIES: usize = 10_000;
    /// Deepest XML element nesting accepted.
    pub const MAX_XML_DEPTH: usize = 2_000;
    /// Most lines/paragraphs/rows in one document.
    pub const MAX_BLOCKS: usize = 2_000_000;
    /// Most columns read from a spreadsheet row.
    pub const MAX_COLUMNS: u32 = 256;
    /// Most rows read from one sheet.
    pub const MAX_SHEET_ROWS: u32 = 200_000;
}
