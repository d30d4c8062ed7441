//! Reading zip containers (docx, xlsx) within fixed limits: entry count,
//! decompressed size per entry and in total, all checked while streaming so
//! a zip bomb is stopped after at most the limit.

use crate::doc::limits;
use crate::error::ImportError;
use std::io::{Cursor, Read};
use zip::ZipArchive;

pub(crate) struct SafeZip<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    total: u64,
}

impl<'a> SafeZip<'a> {
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Self, ImportError> {
        let archive =
            ZipArchive::new(Cursor::new(bytes)).map_err(|e| ImportError::Zip(e.to_string()))?;
        if archive.len() > limits::MAX_ZIP_ENTRIES {
            return Err(ImportError::ZipLimit(format!(
                "{} 个条目，上限 {} / {} entries, limit {}",
                archive.len(),
                limits::MAX_ZIP_ENTRIES,
                archive.len(),
                limits::MAX_ZIP_ENTRIES
            )));
        }
        Ok(SafeZip { archive, total: 0 })
    }

    pub(crate) fn names(&self) -> Vec<String> {
        self.archive.file_names().map(str::to_string).collect()
    }

    /// Reads one entry, decompressing at most the per-entry limit.
    pub(crate) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let entry = match self.archive.by_name(name) {
            Ok(e) => e,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(ImportError::Zip(e.to_string())),
        };
        let mut buf = Vec::new();
        let cap = limits::MAX_ENTRY_BYTES;
        entry
            .take(cap + 1)
            .read_to_end(&mut buf)
            .map_err(|e| ImportError::Zip(e.to_string()))?;
        let n = buf.len() as u64;
        if n > cap {
            return Err(ImportError::ZipLimit(format!(
                "条目 {name} 解压后超过 {cap} 字节 / entry {name} decompresses to more than {cap} bytes"
            )));
        }
        self.total += n;
        if self.total > limits::MAX_TOTAL_UNZIPPED {
            return Err(ImportError::ZipLimit(format!(
                "解压总量超过 {} 字节 / more than {} bytes decompressed in total",
                limits::MAX_TOTAL_UNZIPPED,
                limits::MAX_TOTAL_UNZIPPED
            )));
        }
        Ok(Some(buf))
    }

    /// Streams every entry whose name satisfies `pick` through the limits
    /// without keeping it, so that a library reading the container afterwards
    /// is known to stay within them.
    pub(crate) fn check_entries(&mut self, pick: impl Fn(&str) -> bool) -> Result<(), ImportError> {
        let names: Vec<String> = self.names().into_iter().filter(|n| pick(n)).collect();
        for name in names {
            let entry = match self.archive.by_name(&name) {
                Ok(e) => e,
                Err(e) => return Err(ImportError::Zip(e.to_string())),
            };
            let cap = limits::MAX_ENTRY_BYTES;
            let n = std::io::copy(&mut entry.take(cap + 1), &mut std::io::sink())
                .map_err(|e| ImportError::Zip(e.to_string()))?;
            if n > cap {
                return Err(ImportError::ZipLimit(format!(
                    "条目 {name} 解压后超过 {cap} 字节 / entry {name} decompresses to more than {cap} bytes"
                )));
            }
            self.total += n;
            if self.total > limits::MAX_TOTAL_UNZIPPED {
                return Err(ImportError::ZipLimit(format!(
                    "解压总量超过 {} 字节 / more than {} bytes decompressed in total",
                    limits::MAX_TOTAL_UNZIPPED,
                    limits::MAX_TOTAL_UNZIPPED
                )));
            }
        }
        Ok(())
    }
}
