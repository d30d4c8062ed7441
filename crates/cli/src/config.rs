//! The server's configuration, layered in one place: defaults, then the
//! TOML file (`--config` / `RECTIFY_CONFIG`), then the environment, then the
//! flags (clap has already folded `RECTIFY_LISTEN` into `--listen`).

use crate::support::today_override;
use anyhow::{anyhow, Result};
use rectify_server::Config;
use std::net::{IpAddr, SocketAddr};
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
    if let Ok(v) = std::env::var("RECTIFY_TRUSTED_PROXIES") {
        config.trusted_proxies = trusted_proxies(&v)?;
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

/// `RECTIFY_TRUSTED_PROXIES`: addresses separated by commas or spaces.
fn trusted_proxies(v: &str) -> Result<Vec<IpAddr>> {
    v.split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse().map_err(|_| {
                anyhow!("RECTIFY_TRUSTED_PROXIES：{s} 不是 IP 地址 / is not an IP address")
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusted_proxies_come_from_the_file_and_the_environment_form() {
        let c: Config = toml::from_str("trusted_proxies = [\"127.0.0.1\", \"::1\"]").unwrap();
        assert_eq!(c.trusted_proxies.len(), 2);
        assert!(
            Config::default().trusted_proxies.is_empty(),
            "trust no one by default"
        );
        assert_eq!(trusted_proxies("10.0.0.1, 10.0.0.2").unwrap().len(), 2);
        assert!(trusted_proxies("10.0.0.1, proxy.local").is_err());
    }
}
