//! `rectify audit`: verify the trail (optionally against a saved, signed
//! checkpoint) and save the latest checkpoint for outsiders to keep.

use crate::args::AuditCommand;
use crate::support::{open_app, read_file, write_out};
use anyhow::{anyhow, Result};
use rectify_store::audit::Checkpoint;

pub(crate) async fn run(command: AuditCommand) -> Result<i32> {
    match command {
        AuditCommand::Verify { db, checkpoint } => {
            let checkpoint = match &checkpoint {
                Some(path) => Some(read_checkpoint(path)?),
                None => None,
            };
            let app = open_app(&db).await?;
            match app.audit_check(checkpoint.as_ref()).await? {
                Ok(r) => {
                    println!(
                        "审计链完整，台账与记录一致 / audit trail intact: {} events, {} rows, head {}",
                        r.events, r.rows, r.head
                    );
                    if let Some(cp) = &checkpoint {
                        println!(
                            "审计链延续检查点 #{}（签名有效，密钥 {}）/ the chain extends checkpoint #{} (signature valid, key {})",
                            cp.seq, cp.key_id, cp.seq, cp.key_id
                        );
                    }
                    Ok(0)
                }
                Err(e) => {
                    eprintln!("审计校验失败 / audit verification failed: {e}");
                    Ok(1)
                }
            }
        }
        AuditCommand::Checkpoint { out, db } => {
            let app = open_app(&db).await?;
            let cp = app.latest_checkpoint().await?;
            let mut json = serde_json::to_vec_pretty(&cp)?;
            json.push(b'\n');
            write_out(&out, &json)?;
            eprintln!(
                "已保存检查点 #{}（{}，密钥 {}）/ saved checkpoint #{} ({}, key {}) to {}",
                cp.seq,
                cp.at,
                cp.key_id,
                cp.seq,
                cp.at,
                cp.key_id,
                out.display()
            );
            Ok(0)
        }
    }
}

/// A checkpoint file: the JSON `audit checkpoint` writes, or one entry of
/// the public list.
fn read_checkpoint(path: &std::path::Path) -> Result<Checkpoint> {
    let bytes = read_file(path)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        anyhow!(
            "检查点文件格式错误 {} / not a checkpoint file {}: {e}",
            path.display(),
            path.display()
        )
    })
}
