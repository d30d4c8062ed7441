//! The evidence store on the local file system (in a temp dir) and in
//! memory, and the S3 configuration (no S3 server here: parsing and building
//! only).

#![allow(clippy::unwrap_used)]

use bytes::Bytes;
use rectify_evidence::{Backend, ContentType, EvidenceError, EvidenceStore, S3Config};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

static N: AtomicUsize = AtomicUsize::new(0);

fn temp_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!(
        "rectify-evidence-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn png() -> Bytes {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    v.extend_from_slice(b"\0\0\0\rIHDR not really a picture");
    Bytes::from(v)
}

async fn round_trip(store: &EvidenceStore) {
    let pdf = Bytes::from_static(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n");
    let c = store.put(pdf.clone()).await.unwrap();
    assert_eq!(c.content_type, ContentType::Pdf);
    assert_eq!(c.size, pdf.len());
    assert_eq!(c.sha256, rectify_evidence::sha256_hex(&pdf));
    // The same bytes again: the same key, stored once.
    assert_eq!(store.put(pdf.clone()).await.unwrap(), c);
    let blob = store.get(&c.sha256).await.unwrap().unwrap();
    assert_eq!(blob.bytes, pdf);
    assert_eq!(blob.content_type, ContentType::Pdf);
    assert!(store.contains(&c.sha256).await.unwrap());

    let p = store.put(png()).await.unwrap();
    assert_eq!(p.content_type, ContentType::Png);
    assert_ne!(p.sha256, c.sha256);

    let absent = "0".repeat(64);
    assert!(store.get(&absent).await.unwrap().is_none());
    assert!(!store.contains(&absent).await.unwrap());
    // Keys are hashes, never paths.
    for bad in [
        "../../etc/passwd",
        &"A".repeat(64),
        "abc",
        &format!("{}/x", "a".repeat(62)),
    ] {
        assert!(
            matches!(store.get(bad).await, Err(EvidenceError::BadKey)),
            "{bad}"
        );
    }
    // Refused before anything is written.
    let svg = Bytes::from_static(
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
    );
    assert!(matches!(
        store.put(svg.clone()).await,
        Err(EvidenceError::Unsupported(_))
    ));
    assert!(!store
        .contains(&rectify_evidence::sha256_hex(&svg))
        .await
        .unwrap());
    assert!(matches!(
        store.put(Bytes::new()).await,
        Err(EvidenceError::Empty)
    ));
}

#[tokio::test]
async fn local_file_system() {
    let dir = temp_dir();
    let store = EvidenceStore::local(&dir).unwrap();
    assert_eq!(store.backend(), &Backend::Local(dir.clone()));
    round_trip(&store).await;
    // The file lies under the directory, named by its hash.
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n";
    let sha = rectify_evidence::sha256_hex(pdf);
    let file = dir.join("sha256").join(&sha[..2]).join(&sha);
    assert_eq!(std::fs::read(&file).unwrap(), pdf);
    // A blob changed on disk is reported, not served.
    std::fs::write(&file, b"%PDF-1.4 tampered").unwrap();
    assert!(matches!(
        store.get(&sha).await,
        Err(EvidenceError::Corrupt(_))
    ));
    // A second store on the same directory (another server process) sees the blobs.
    let other = EvidenceStore::local(&dir).unwrap();
    let png_sha = rectify_evidence::sha256_hex(&png());
    assert!(other.get(&png_sha).await.unwrap().is_some());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn in_memory() {
    round_trip(&EvidenceStore::in_memory()).await;
}

#[tokio::test]
async fn size_limit() {
    let store = EvidenceStore::in_memory().with_max_size(1024);
    assert_eq!(store.max_size(), 1024);
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(1025, b' ');
    match store.put(Bytes::from(big.clone())).await {
        Err(EvidenceError::TooLarge {
            size: 1025,
            max: 1024,
        }) => {}
        other => panic!("{other:?}"),
    }
    big.truncate(1024);
    assert!(store.put(Bytes::from(big)).await.is_ok());
    assert_eq!(
        EvidenceStore::in_memory().max_size(),
        rectify_evidence::DEFAULT_MAX_SIZE
    );
    assert_eq!(rectify_evidence::DEFAULT_MAX_SIZE, 20 * 1024 * 1024);
}

#[test]
fn error_messages_are_chinese_first() {
    let e = EvidenceError::Unsupported("SVG 图像".into()).to_string();
    assert!(e.starts_with("不支持的文件类型"), "{e}");
    let e = EvidenceError::TooLarge { size: 2, max: 1 }.to_string();
    assert!(e.starts_with("文件过大"), "{e}");
}

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let m: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| m.get(k).cloned()
}

#[test]
fn s3_config_from_environment() {
    assert_eq!(S3Config::from_lookup(env(&[])).unwrap(), None);
    assert_eq!(
        S3Config::from_lookup(env(&[("RECTIFY_S3_BUCKET", " ")])).unwrap(),
        None
    );
    let cfg = S3Config::from_lookup(env(&[
        ("RECTIFY_S3_BUCKET", "rectify-evidence"),
        ("RECTIFY_S3_ENDPOINT", "http://127.0.0.1:9000/"),
        ("AWS_ACCESS_KEY_ID", "minio"),
        ("AWS_SECRET_ACCESS_KEY", "minio-secret"),
        ("RECTIFY_S3_PREFIX", "/city/ledger/"),
    ]))
    .unwrap()
    .unwrap();
    assert_eq!(cfg.bucket, "rectify-evidence");
    assert_eq!(cfg.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
    assert_eq!(cfg.region, "us-east-1");
    assert!(cfg.allow_http, "an http:// endpoint allows plain HTTP");
    assert!(!cfg.virtual_hosted, "path style by default");
    assert_eq!(cfg.prefix, "city/ledger/");
    assert!(
        !format!("{cfg:?}").contains("minio-secret"),
        "the secret is not logged"
    );
    // Builds without contacting anything.
    let store = EvidenceStore::s3(&cfg).unwrap();
    assert_eq!(
        store.backend(),
        &Backend::S3 {
            bucket: "rectify-evidence".into()
        }
    );

    let aws = S3Config::from_lookup(env(&[
        ("RECTIFY_S3_BUCKET", "ledger"),
        ("AWS_REGION", "cn-north-1"),
        ("RECTIFY_S3_VIRTUAL_HOSTED", "true"),
    ]))
    .unwrap()
    .unwrap();
    assert_eq!(
        (aws.region.as_str(), aws.allow_http, aws.virtual_hosted),
        ("cn-north-1", false, true)
    );
    assert_eq!(aws.endpoint, None);
    let with_region = S3Config::from_lookup(env(&[
        ("RECTIFY_S3_BUCKET", "ledger"),
        ("RECTIFY_S3_REGION", "cn-northwest-1"),
        ("AWS_REGION", "cn-north-1"),
    ]))
    .unwrap()
    .unwrap();
    assert_eq!(with_region.region, "cn-northwest-1");
}

#[test]
fn s3_config_errors_are_clear() {
    for (pairs, needle) in [
        (vec![("RECTIFY_S3_BUCKET", "Bad_Bucket")], "存储桶"),
        (
            vec![
                ("RECTIFY_S3_BUCKET", "ok-bucket"),
                ("RECTIFY_S3_ENDPOINT", "minio:9000"),
            ],
            "http://",
        ),
        (
            vec![
                ("RECTIFY_S3_BUCKET", "ok-bucket"),
                ("AWS_ACCESS_KEY_ID", "k"),
            ],
            "AWS_SECRET_ACCESS_KEY",
        ),
        (
            vec![
                ("RECTIFY_S3_BUCKET", "ok-bucket"),
                ("RECTIFY_S3_ALLOW_HTTP", "maybe"),
            ],
            "RECTIFY_S3_ALLOW_HTTP",
        ),
        (
            vec![
                ("RECTIFY_S3_BUCKET", "ok-bucket"),
                ("RECTIFY_S3_ENDPOINT", "http://10.0.0.1:9000"),
                ("RECTIFY_S3_ALLOW_HTTP", "false"),
            ],
            "RECTIFY_S3_ALLOW_HTTP=false",
        ),
        (
            vec![
                ("RECTIFY_S3_BUCKET", "ok-bucket"),
                ("RECTIFY_S3_PREFIX", "a/../b"),
            ],
            "RECTIFY_S3_PREFIX",
        ),
    ] {
        match S3Config::from_lookup(env(&pairs)) {
            Err(e @ EvidenceError::Config(_)) => {
                let m = e.to_string();
                assert!(m.starts_with("证据存储配置错误"), "{m}");
                assert!(m.contains(needle), "{m} should name {needle}");
            }
            other => panic!("{pairs:?}: {other:?}"),
        }
    }
}

#[test]
fn from_lookup_picks_the_backend_and_limit() {
    let dir = temp_dir();
    let local = EvidenceStore::from_lookup(env(&[("RECTIFY_EVIDENCE_MAX_MB", "5")]), &dir).unwrap();
    assert_eq!(local.backend(), &Backend::Local(dir.clone()));
    assert_eq!(local.max_size(), 5 * 1024 * 1024);
    let s3 = EvidenceStore::from_lookup(env(&[("RECTIFY_S3_BUCKET", "ledger")]), &dir).unwrap();
    assert!(matches!(s3.backend(), Backend::S3 { .. }));
    assert!(EvidenceStore::from_lookup(env(&[("RECTIFY_EVIDENCE_MAX_MB", "0")]), &dir).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}
