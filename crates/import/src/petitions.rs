//! Placeholder until the petition list reader lands.

use rectify_domain::error::{Error, ErrorCode};
use rectify_domain::petition::PetitionFile;

pub fn read_petitions(_bytes: &[u8], _file_name: &str) -> Result<PetitionFile, Error> {
    Err(Error::with(
        ErrorCode::PetitionFileInvalid,
        "未实现 / not yet",
    ))
}
