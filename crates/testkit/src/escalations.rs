//! Escalations (督办) on problems and on units, and a look-back campaign
//! (回头看) over the signed-off problems, with a rebound now and then.

use crate::plans::ProblemRef;
use crate::reports::StagePlan;
use crate::signoffs::Stage;
use crate::Gen;
use anyhow::Result;
use chrono::{Datelike, Duration};
use rand::Rng;
use rectify_store::{LookbackSelection, NewEscalation};
use std::collections::BTreeMap;

/// About one problem in 25 that has not entered sign-off is escalated
/// (督办函, 约谈, …, numbered per year), and a few units are summoned.
pub(crate) async fn write_escalations(
    g: &mut Gen<'_>,
    refs: &[ProblemRef],
    plan_for: &[StagePlan],
) -> Result<()> {
    let kinds = rectify_store::ESCALATION_KINDS;
    let units = g.store.list_units().await?;
    let mut seq_by_year: BTreeMap<i32, u32> = BTreeMap::new();
    for (r, (st, _)) in refs.iter().zip(plan_for.iter()) {
        if *st != Stage::None || !g.rng.gen_bool(0.04) {
            continue;
        }
        let (kind, label) = kinds[g.rng.gen_range(0..kinds.len())];
        let date = g.today - Duration::days(g.rng.gen_range(5..=300));
        let no = seq_by_year.entry(date.year()).or_insert(0);
        *no += 1;
        g.store
            .add_escalation(&NewEscalation {
                problem_id: Some(r.id),
                unit_id: None,
                kind: kind.into(),
                date,
                doc_number: Some(format!(
                    "{}整改办〔{}〕{}号",
                    r.jurisdiction.trim_end_matches('市'),
                    date.year(),
                    no
                )),
                note: Some(format!("整改进度滞后，予以{label}")),
                actor: "市整改办".into(),
            })
            .await?;
        g.counts.escalations += 1;
    }
    if !units.is_empty() {
        for _ in 0..(refs.len() / 500).clamp(1, 20) {
            let u = &units[g.rng.gen_range(0..units.len())];
            let date = g.today - Duration::days(g.rng.gen_range(5..=200));
            g.store
                .add_escalation(&NewEscalation {
                    problem_id: None,
                    unit_id: Some(u.id),
                    kind: "interview".into(),
                    date,
                    doc_number: None,
                    note: Some(format!("{}整改工作推进不力，约谈主要负责人", u.name)),
                    actor: "市整改办".into(),
                })
                .await?;
            g.counts.escalations += 1;
        }
    }
    Ok(())
}

/// With ten or more signed-off problems: a campaign drawing 10% of them
/// (by `seed`); every other item is re-verified, one in five of those
/// rebounds.
pub(crate) async fn write_lookback(g: &mut Gen<'_>, signed: &[i64], seed: u64) -> Result<()> {
    if signed.len() < 10 {
        return Ok(());
    }
    let campaign = g
        .store
        .create_lookback(
            "督察整改“回头看”（合成数据）",
            Some("按10%比例抽查已销号问题"),
            &LookbackSelection::Percent {
                plan_id: None,
                percent: 10,
                seed,
            },
            "市整改办",
        )
        .await?;
    g.counts.lookback_items = campaign.items.len();
    for (i, item) in campaign.items.iter().enumerate() {
        if i % 2 == 1 {
            continue; // still pending
        }
        let rebound = i % 10 == 4;
        g.store
            .record_lookback_result(
                campaign.campaign.id,
                item.problem_id,
                !rebound,
                if rebound {
                    "回头看发现问题反弹，重新打开整改。"
                } else {
                    "现场复核，整改成效巩固，未发现反弹。"
                },
                "市整改办",
            )
            .await?;
        if rebound {
            g.counts.rebounds += 1;
        }
    }
    Ok(())
}
