//! Petitions for the synthetic ledger: the petitions crate's synthetic
//! handover text (each matter reported one to four times in varied words),
//! dated over the past year, in batches of 2,000 per transaction, most
//! assigned to a unit of the ledger.

use crate::Gen;
use anyhow::Result;
use chrono::Duration;
use rand::Rng;
use rectify_domain::petition::{self, Source};
use rectify_store::{NewPetition, NewPetitionBatch};

const BATCH: usize = 2_000;

pub(crate) async fn write_petitions(g: &mut Gen<'_>, n: usize, seed: u64) -> Result<usize> {
    if n == 0 {
        return Ok(0);
    }
    let units = g.store.list_units().await?;
    let synthetic = rectify_petitions::synth::petitions(n, seed);
    let mut written = 0;
    for (b, chunk) in synthetic.chunks(BATCH).enumerate() {
        let handed_over = g.today - Duration::days(365 - (b as i64 * 7) % 365);
        let rows: Vec<NewPetition> = chunk
            .iter()
            .map(|p| {
                let received = handed_over + Duration::days(g.rng.gen_range(0..5));
                let unit_id = (!units.is_empty() && g.rng.gen_bool(0.8))
                    .then(|| units[g.rng.gen_range(0..units.len())].id);
                NewPetition {
                    code: format!("G{}", &p.id[1..]),
                    source: Some(Source::Handover),
                    received_on: Some(received),
                    area: p.area.clone(),
                    kind: p.kind.clone(),
                    content: p.text.clone(),
                    unit_id,
                    due_date: petition::due_date(&g.cal, received).ok(),
                    contact_phone: g
                        .rng
                        .gen_bool(0.5)
                        .then(|| format!("139{:08}", g.rng.gen_range(0..100_000_000))),
                    ..Default::default()
                }
            })
            .collect();
        let batch = NewPetitionBatch {
            name: format!("第{}批交办信访件", b + 1),
            source: Source::Handover,
            handed_over_on: Some(handed_over),
            file_name: None,
        };
        let r = g
            .store
            .import_petitions(Some(&batch), &rows, "generator")
            .await?;
        written += r.inserted as usize;
    }
    Ok(written)
}
