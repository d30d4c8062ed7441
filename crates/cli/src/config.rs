//! The server's configuration, layered in one place: defaults, then the
//! TOML file (`--config` / `RECTIFY_CONFIG`), then the environment, then the
//! flags (clap has already folded `RECTIFY_LISTEN` into `--listen`).

use crate::support::today_override;
use anyhow::{anyhow, Result};
use rectify_server::Config;
use std::net::SocketAddr;
use std::path::Path;

pub(crate) fn server_config(
    file: Option<&Path>,
    listen: Option<SocketAddr>,
    data_dir: &Path,
) -> Result<Config> {
    let mut config = match file {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| {
                anyhow!(
                    "无法读取配置文件 {} / cannot read the configuration file: {e}",
                    p.display()
                )
            })?;
            toml::from_str(&text).map_err(|e| {
                anyhow!(
                    "配置文件格式错误 / invalid configuration file {}: {e}",
                    p.display()
                )
            })?
        }
        None => Config::default(),
    };
    if let Ok(v) = std::env::var("RECTIFY_SECURE_COOKIES") {
        config.secure_cookies = matches!(v.trim(), "1" | "true" | "yes");
    }
    if let Ok(v) = std::env::var("RECTIFY_NODE_ID") {
        config.node_id = v;
    }
    config.today = today_override()?.or(config.today);
    if let Some(l) = listen {
        config.listen = l;
    }
    if config.data_dir.is_none() {
        // The key that signs audit checkpoints lives in the data directory.
        config.data_dir = Some(data_dir.to_path_buf());
    }
    if config.evidence_dir.is_none() {
        // Attachments live beside the default database unless configured.
        config.evidence_dir = Some(data_dir.join("evidence"));
    }
    Ok(config)
}
