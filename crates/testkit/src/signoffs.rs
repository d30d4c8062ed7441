//! Sign-offs (销号) at every stage, the public notice computed on the official
//! working-day calendar, a rejection now and then, and objections during
//! some notices.

use crate::dates::{month_day, month_index, utc_at};
use crate::plans::ProblemRef;
use crate::reports::StagePlan;
use crate::text::pick;
use crate::Gen;
use anyhow::{Context, Result};
use chrono::Duration;
use rand::rngs::StdRng;
use rand::Rng;
use rectify_domain::{Decision, SignoffStep};
use rectify_store::{NewAttachment, NewObjection, SignoffRequest};

/// How far a problem gets in the sign-off procedure.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Stage {
    None,
    SelfChecked,
    Reviewed,
    InNotice,
    Verifying,
    SignedOff,
    /// Self-checked, then sent back at review (back to 整改中).
    Rejected,
}

/// Problems long past their due date have mostly been signed off; the rest
/// are spread over the stages.
pub(crate) fn stage(rng: &mut StdRng, long_overdue: bool) -> Stage {
    if long_overdue && rng.gen_bool(0.75) {
        return Stage::SignedOff;
    }
    match rng.gen_range(0..100) {
        0..=17 => Stage::SignedOff,
        18..=20 => Stage::Verifying,
        21..=23 => Stage::InNotice,
        24..=26 => Stage::Reviewed,
        27..=29 => Stage::SelfChecked,
        30..=31 => Stage::Rejected,
        _ => Stage::None,
    }
}

fn steps_for(stage: Stage) -> usize {
    match stage {
        Stage::None => 0,
        Stage::SelfChecked | Stage::Rejected => 1,
        Stage::Reviewed => 2,
        Stage::InNotice => 3,
        Stage::Verifying => 4,
        Stage::SignedOff => 5,
    }
}

/// Takes every problem to its planned stage; returns the ids of the
/// problems signed off.
pub(crate) async fn write_signoffs(
    g: &mut Gen<'_>,
    refs: &[ProblemRef],
    plan_for: &[StagePlan],
) -> Result<Vec<i64>> {
    let now_month = month_index(g.today);
    let mut signed: Vec<i64> = vec![];
    for (r, (st, back)) in refs.iter().zip(plan_for.iter()) {
        if *st == Stage::None {
            continue;
        }
        // Working days of the procedure: the notice starts on a working day
        // after self-check and review and, unless it is running now, has ended.
        let notice_start = if *st == Stage::InNotice {
            g.today - Duration::days(g.rng.gen_range(0..=3))
        } else {
            let base = if *back == 0 {
                g.today - Duration::days(g.rng.gen_range(30..=45))
            } else {
                month_day(now_month - back, g.rng.gen_range(3..=12))?
            };
            g.cal.next_workday(base).unwrap_or(base)
        };
        let notice_end = g.cal.add_workdays(notice_start, r.notice_workdays)?;
        let self_check = notice_start - Duration::days(g.rng.gen_range(4..=10));
        let review = notice_start - Duration::days(g.rng.gen_range(1..=3));
        let verify = g.cal.add_workdays(notice_end, g.rng.gen_range(1..=5))?;
        let file = g.cal.add_workdays(verify, g.rng.gen_range(1..=10))?;
        evidence(g, r, self_check).await?;
        for step in SignoffStep::ALL.iter().take(steps_for(*st)) {
            let (day, comment, actor) = match step {
                SignoffStep::SelfCheck => (
                    self_check,
                    "已完成全部整改措施，自查自验合格，申请销号。",
                    format!("{}联络员", r.first_unit),
                ),
                SignoffStep::Review => (review, "材料齐全，同意公示。", "市整改办".to_string()),
                SignoffStep::PublicNotice => (
                    notice_start,
                    "在政府门户网站公示5个工作日，接受社会监督。",
                    "市整改办".to_string(),
                ),
                SignoffStep::Verify => (
                    verify,
                    "经现场核查，整改到位，同意销号。",
                    r.supervising.clone().unwrap_or_else(|| "市整改办".into()),
                ),
                SignoffStep::File => (file, "同意销号，报省整改办备案。", "市整改办".to_string()),
            };
            g.store
                .apply_signoff(&SignoffRequest {
                    problem_id: r.id,
                    step: *step,
                    decision: Decision::Approve,
                    comment: comment.into(),
                    actor,
                    at: utc_at(day, 10),
                    today: day,
                    notice: (*step == SignoffStep::PublicNotice)
                        .then_some((notice_start, notice_end)),
                })
                .await
                .with_context(|| format!("sign-off {} of problem {}", step.as_str(), r.id))?;
            g.counts.signoff_steps += 1;
        }
        if *st == Stage::Rejected {
            g.store
                .apply_signoff(&SignoffRequest {
                    problem_id: r.id,
                    step: SignoffStep::Review,
                    decision: Decision::Reject,
                    comment: "佐证材料不能反映整改成效，退回继续整改。".into(),
                    actor: "市整改办".into(),
                    at: utc_at(review, 11),
                    today: review,
                    notice: None,
                })
                .await?;
            g.counts.signoff_steps += 1;
        }
        match st {
            Stage::SignedOff => {
                g.counts.signed_off += 1;
                signed.push(r.id);
            }
            Stage::InNotice => {
                g.counts.in_notice += 1;
                if g.rng.gen_bool(0.3) {
                    object(g, r).await?;
                }
            }
            _ => {}
        }
    }
    Ok(signed)
}

/// The site photo a unit attaches before 自查自验 (the completion gate
/// asks for one). Only its record: the generator has no evidence store, so
/// the hash names no stored file.
async fn evidence(g: &mut Gen<'_>, r: &ProblemRef, day: chrono::NaiveDate) -> Result<()> {
    use sha2::{Digest, Sha256};
    let sha = hex::encode(Sha256::digest(format!("generated-photo-{}", r.id)));
    g.store
        .add_attachment(&NewAttachment {
            problem_id: r.id,
            report_id: None,
            sha256: sha,
            size: 180_000 + g.rng.gen_range(0..100_000),
            content_type: "image/jpeg".into(),
            file_name: "整改后现场照片.jpg".into(),
            kind: "photo".into(),
            uploaded_by: format!("{}联络员", r.first_unit),
            uploaded_at: utc_at(day, 9),
            public: g.rng.gen_bool(0.5),
        })
        .await?;
    Ok(())
}

/// A member of the public objects during the notice; half the objections
/// are resolved.
async fn object(g: &mut Gen<'_>, r: &ProblemRef) -> Result<()> {
    let obj = g
        .store
        .add_objection(&NewObjection {
            problem_id: r.id,
            text: format!(
                "{}附近仍有异味和污水外溢，整改是否到位请再核实。",
                r.jurisdiction
            ),
            contact: Some(format!(
                "群众 {}先生 138****{:04}",
                pick(&mut g.rng, &g.v.surnames),
                g.rng.gen_range(0..10000)
            )),
            at: utc_at(g.today, 9),
            reference: rectify_domain::objection::reference(
                g.today,
                &std::array::from_fn::<u8, 10, _>(|_| g.rng.gen()),
            ),
            client_key: None,
        })
        .await?;
    g.counts.objections += 1;
    if g.rng.gen_bool(0.5) {
        g.store
            .resolve_objection(
                obj.id,
                "经现场复核，反映问题已整改到位，异议不成立。",
                "市整改办",
            )
            .await?;
    }
    Ok(())
}
