//! The portal's complaint form, throttled like the objection form: at most
//! [`objection::PER_ADDRESS_LIMIT`] per client address within
//! [`objection::per_address_window`]. The count is kept in this process
//! (a token bucket keyed by a hash of the address); a complaint refused for
//! its content gives its token back, so a typo costs nothing.

use super::petition_intake::{Complaint, PublicPetition};
use crate::error::{Error, ErrorCode, Result};
use crate::throttle::Throttle;
use crate::App;
use rectify_domain::objection;
use sha2::{Digest, Sha256};

pub(crate) fn complaint_throttle() -> Throttle {
    let window = objection::per_address_window()
        .to_std()
        .unwrap_or(std::time::Duration::from_secs(600));
    Throttle::per_window(
        u32::try_from(objection::PER_ADDRESS_LIMIT).unwrap_or(5),
        window,
    )
}

/// The throttle's key: a hash, so memory holds no addresses.
fn client_key(address: &str) -> String {
    hex::encode(Sha256::digest(format!("rectify-complaint:{address}")))
}

impl App {
    /// [`App::submit_complaint`] from the portal's form, for the client at
    /// `client` (as the server layer determined it).
    pub async fn submit_complaint_from(
        &self,
        client: &str,
        c: Complaint,
    ) -> Result<PublicPetition> {
        let key = client_key(client);
        if !self.complaint_throttle.take(&key) {
            return Err(Error::with(
                ErrorCode::TooManyRequests,
                "同一地址10分钟内至多提交5件举报 / at most 5 complaints per address in 10 minutes",
            ));
        }
        let r = self.submit_complaint(c).await;
        if let Err(e) = &r {
            if e.http_status() < 500 {
                self.complaint_throttle.give_back(&key);
            }
        }
        r
    }
}
