//! The client's address, as the login throttle and the audit of logins see
//! it: the TCP peer, unless the peer is a proxy named in the configuration
//! (`trusted_proxies`); only then is its `X-Forwarded-For` believed. Anyone
//! can write that header, so trusting it from everyone would let a guesser
//! pick a fresh address for every try.

use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

/// The client's address as text (`unknown` when the server was started
/// without connection info, as in some tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(pub String);

/// A hop of `X-Forwarded-For`: an address, perhaps with a port.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .map(|ip| ip.to_canonical())
}

/// Walks `X-Forwarded-For` from the right (the hop our own proxy added)
/// past the trusted proxies; the first other address is the client. An
/// unreadable hop stops the walk at the proxy that reported it.
pub fn client_addr(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> String {
    let Some(peer) = peer.map(|p| p.to_canonical()) else {
        return "unknown".into();
    };
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|t| t.to_canonical() == *ip);
    if !is_trusted(&peer) {
        return peer.to_string();
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        match parse_hop(hop) {
            Some(ip) => {
                client = ip;
                if !is_trusted(&ip) {
                    break;
                }
            }
            None => break,
        }
    }
    client.to_string()
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(ClientAddr(client_addr(
            peer,
            &parts.headers,
            &state.config.trusted_proxies,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn xff(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_str(v).unwrap_or(HeaderValue::from_static("")),
        );
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn the_header_is_ignored_from_an_untrusted_peer() {
        let h = xff("203.0.113.9");
        assert_eq!(
            client_addr(Some(ip("198.51.100.7")), &h, &[]),
            "198.51.100.7"
        );
        assert_eq!(
            client_addr(Some(ip("198.51.100.7")), &h, &[ip("127.0.0.1")]),
            "198.51.100.7"
        );
    }

    #[test]
    fn a_trusted_proxy_names_the_client() {
        let trusted = [ip("127.0.0.1"), ip("10.0.0.2")];
        // The client forged the first hop; our proxies appended the rest.
        let h = xff("1.1.1.1, 203.0.113.9, 10.0.0.2");
        assert_eq!(
            client_addr(Some(ip("127.0.0.1")), &h, &trusted),
            "203.0.113.9"
        );
        assert_eq!(
            client_addr(
                Some(ip("::ffff:127.0.0.1")),
                &xff("203.0.113.9:4711"),
                &trusted
            ),
            "203.0.113.9"
        );
        // No header: the proxy itself.
        assert_eq!(
            client_addr(Some(ip("127.0.0.1")), &HeaderMap::new(), &trusted),
            "127.0.0.1"
        );
        // Garbage stops the walk at the proxy that reported it.
        assert_eq!(
            client_addr(Some(ip("127.0.0.1")), &xff("nonsense"), &trusted),
            "127.0.0.1"
        );
    }
}
