//! The `rectify` binary as scripts use it (CONTRACTS.md §2).
#![allow(clippy::unwrap_used)]

use assert_cmd::Command;
use std::path::PathBuf;

fn rectify() -> Command {
    let mut c = Command::cargo_bin("rectify").unwrap();
    c.env_remove("RECTIFY_DB")
        .env_remove("RECTIFY_TODAY")
        .env("RECTIFY_LOG", "error");
    c
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rectify-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    let _ = std::fs::remove_file(&p);
    p
}

fn seed(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../demo")
        .join(name)
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn calendar_answers_like_the_contract() {
    let out = |args: &[&str]| {
        let o = rectify().args(args).output().unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        String::from_utf8(o.stdout).unwrap().trim().to_string()
    };
    assert_eq!(
        out(&["calendar", "add-workdays", "2026-09-24", "5"]),
        "2026-10-09"
    );
    assert_eq!(out(&["calendar", "is-workday", "2026-10-01"]), "false");
    assert_eq!(
        out(&["calendar", "is-workday", "2026-10-10"]),
        "true",
        "调休 make-up Saturday"
    );
    assert_eq!(out(&["calendar", "is-workday", "2026-11-23"]), "true");
    let o = rectify()
        .args(["calendar", "is-workday", "2031-01-02"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("2031"), "{}", stderr(&o));
    let o = rectify()
        .args(["calendar", "is-workday", "2026-13-01"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("YYYY-MM-DD"));
}

#[test]
fn bad_paths_and_urls_fail_clearly() {
    let o = rectify()
        .args(["import", "/nonexistent/plan.txt", "--dry-run"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("无法读取文件"), "{}", stderr(&o));
    let plan = seed("hengyang-2019-provincial-inspection-plan.txt");
    for (url, expect) in [
        ("mysql://localhost/x", "不支持的数据库地址"),
        ("postgres://[::1", "PostgreSQL"),
        ("postgres://postgres@127.0.0.1:1/none", "无法连接"),
        ("sqlite:/nonexistent-rectify-dir/x.db", "数据库目录不存在"),
    ] {
        let o = rectify()
            .args(["import", plan.to_str().unwrap(), "--db", url])
            .output()
            .unwrap();
        assert!(!o.status.success(), "{url}");
        assert!(stderr(&o).contains(expect), "{url}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"));
    }
    let o = rectify()
        .env("RECTIFY_TODAY", "tomorrow")
        .args([
            "report",
            "monthly",
            "--period",
            "2026-10",
            "--format",
            "html",
            "--out",
            "/tmp/x.html",
            "--db",
            "sqlite::memory:",
        ])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("RECTIFY_TODAY"));
}

#[test]
fn dry_run_json_is_the_plan_contract() {
    let plan = seed("hengyang-2019-provincial-inspection-plan.txt");
    let o = rectify()
        .args(["import", plan.to_str().unwrap(), "--dry-run", "--json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["format"], "rectify-plan/1");
    assert_eq!(v["problems"].as_array().unwrap().len(), 40);
    assert_eq!(v["categories"].as_array().unwrap().len(), 8);
    assert_eq!(v["declared_problem_count"], 40);
    assert_eq!(v["source"]["kind"], "txt");
    assert_eq!(v["problems"][0]["deadline"]["immediate"], true);
}

#[tokio::test]
async fn import_export_report_and_audit_verify_catch_tampering() {
    let db = tmp("ledger.db");
    let url = format!("sqlite:{}", db.display());
    let plan = seed("changde-2021-central-inspection-plan.txt");
    let o = rectify()
        .args(["import", plan.to_str().unwrap(), "--db", &url])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    // Re-importing the same document updates in place: nothing added or changed.
    let o = rectify()
        .args(["import", plan.to_str().unwrap(), "--db", &url])
        .output()
        .unwrap();
    assert!(stderr(&o).contains("新增 0，修改 0"), "{}", stderr(&o));
    let o = rectify()
        .args([
            "user",
            "add",
            "--username",
            "office",
            "--role",
            "office",
            "--password-stdin",
            "--db",
            &url,
        ])
        .write_stdin("short\n")
        .output()
        .unwrap();
    assert!(
        !o.status.success()
            && stderr(&o).contains("至少8位")
            && stderr(&o).contains("[password_weak]")
    );
    let o = rectify()
        .args([
            "user",
            "add",
            "--username",
            "office",
            "--role",
            "office",
            "--password-stdin",
            "--db",
            &url,
        ])
        .write_stdin("a-long-password\n")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = rectify()
        .args([
            "user",
            "add",
            "--username",
            "x",
            "--role",
            "mayor",
            "--password-stdin",
            "--db",
            &url,
        ])
        .write_stdin("a-long-password\n")
        .output()
        .unwrap();
    assert!(!o.status.success() && stderr(&o).contains("未知角色"));
    let add = |name: &str, extra: &[&str], password: &str| {
        let mut args = vec!["user", "add", "--username", name, "--password-stdin"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--db", &url]);
        rectify()
            .args(&args)
            .write_stdin(format!("{password}\n"))
            .output()
            .unwrap()
    };
    // Eight digits are eight characters, and guessed at once.
    let o = add("weak", &["--role", "office"], "12345678");
    assert!(
        !o.status.success() && stderr(&o).contains("[password_weak]"),
        "{}",
        stderr(&o)
    );
    // A mistyped unit is refused; --create-unit adds a new one.
    let unit_args = ["--role", "unit", "--unit", "市住建局局"];
    let o = add("liaison", &unit_args, "tangerine-lake-4417");
    assert!(
        !o.status.success()
            && stderr(&o).contains("[unit_unknown]")
            && stderr(&o).contains("市住建局局"),
        "{}",
        stderr(&o)
    );
    let o = add(
        "liaison",
        &[&unit_args[..], &["--create-unit"]].concat(),
        "tangerine-lake-4417",
    );
    assert!(o.status.success(), "{}", stderr(&o));

    for fmt in ["xlsx", "csv", "json"] {
        let out = tmp(&format!("ledger.{fmt}"));
        let o = rectify()
            .args([
                "export",
                "ledger",
                "--format",
                fmt,
                "--out",
                out.to_str().unwrap(),
                "--db",
                &url,
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(std::fs::metadata(&out).unwrap().len() > 1000);
    }
    let csv = std::fs::read_to_string(tmp_existing("ledger.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}') && csv.contains("反馈问题") && csv.contains("整改时限"));
    let html = tmp("report.html");
    let o = rectify()
        .env("RECTIFY_TODAY", "2026-11-23")
        .args([
            "report",
            "monthly",
            "--period",
            "2026-10",
            "--format",
            "html",
            "--out",
            html.to_str().unwrap(),
            "--db",
            &url,
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .contains("月调度通报"));

    let o = rectify()
        .args(["audit", "verify", "--db", &url])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    // (b) a problem's text changed directly in the database
    let store = rectify_store_sqlite::SqliteStore::connect(&url)
        .await
        .unwrap();
    sqlx::query("UPDATE problems SET description = description || '（已整改）' WHERE id = 7")
        .execute(store.pool())
        .await
        .unwrap();
    let o = rectify()
        .args(["audit", "verify", "--db", &url])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("problem #7"), "{}", stderr(&o));
    sqlx::query("UPDATE problems SET description = substr(description, 1, length(description) - 5) WHERE id = 7").execute(store.pool()).await.unwrap();
    let o = rectify()
        .args(["audit", "verify", "--db", &url])
        .output()
        .unwrap();
    assert!(o.status.success(), "restored: {}", stderr(&o));
    // (a) one audit event edited
    sqlx::query("UPDATE audit_events SET actor = 'someone' WHERE seq = 12")
        .execute(store.pool())
        .await
        .unwrap();
    let o = rectify()
        .args(["audit", "verify", "--db", &url])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("#12"), "{}", stderr(&o));
}

fn tmp_existing(name: &str) -> PathBuf {
    std::env::temp_dir()
        .join(format!("rectify-cli-{}", std::process::id()))
        .join(name)
}

#[test]
fn an_administrator_extends_the_calendar_with_a_new_year() {
    let db = tmp("calendar.db");
    let url = format!("sqlite:{}", db.display());
    let o = rectify()
        .args(["calendar", "is-workday", "2027-01-04", "--db", &url])
        .output()
        .unwrap();
    assert!(!o.status.success(), "2027 has no data yet");
    for (date, extra) in [
        ("2027-01-01", None),
        ("2027-01-02", None),
        ("2027-01-03", None),
        ("2027-01-09", Some("--workday")),
    ] {
        let mut args = vec!["calendar", "set", date, "--name", "元旦", "--db", &url];
        if let Some(e) = extra {
            args.push(e);
        }
        let o = rectify().args(&args).output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let out = |args: &[&str]| {
        String::from_utf8(rectify().args(args).output().unwrap().stdout)
            .unwrap()
            .trim()
            .to_string()
    };
    assert_eq!(
        out(&["calendar", "is-workday", "2027-01-01", "--db", &url]),
        "false"
    );
    assert_eq!(
        out(&["calendar", "is-workday", "2027-01-04", "--db", &url]),
        "true"
    );
    assert_eq!(
        out(&["calendar", "is-workday", "2027-01-09", "--db", &url]),
        "true",
        "make-up Saturday"
    );
    assert_eq!(
        out(&["calendar", "add-workdays", "2026-12-30", "3", "--db", &url]),
        "2027-01-05"
    );
    // Without the database, 2027 is still unknown: an error, not a guess.
    assert!(!rectify()
        .args(["calendar", "is-workday", "2027-01-04"])
        .output()
        .unwrap()
        .status
        .success());
}

#[test]
fn a_bad_period_gives_the_same_code_as_the_api() {
    let db = tmp("period.db");
    let out = tmp("period.html");
    for (period, code) in [
        ("9999-12", "period_out_of_range"),
        ("2026-13", "period_invalid"),
    ] {
        let o = rectify()
            .env("RECTIFY_TODAY", "2026-11-20")
            .args([
                "report", "monthly", "--period", period, "--format", "html", "--out",
            ])
            .arg(&out)
            .arg("--db")
            .arg(format!("sqlite:{}", db.display()))
            .output()
            .unwrap();
        assert!(!o.status.success(), "{period}");
        assert!(
            stderr(&o).contains(&format!("[{code}]")),
            "{period}: {}",
            stderr(&o)
        );
    }
}

/// A saved checkpoint exposes a rewritten chain that verifies on its own,
/// and a checkpoint file altered by hand fails its signature.
#[tokio::test]
async fn audit_checkpoint_exposes_a_recomputed_chain() {
    let dir = tmp_existing("checkpoint-data");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.to_str().unwrap();
    let url = format!("sqlite:{}", dir.join("ledger.db").display());
    let plan = seed("changde-2021-central-inspection-plan.txt");
    let o = rectify()
        .args(["import", plan.to_str().unwrap(), "--db", &url])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let cp_file = dir.join("checkpoint.json");
    let cp_path = cp_file.to_str().unwrap();
    let o = rectify()
        .args([
            "audit",
            "checkpoint",
            "--out",
            cp_path,
            "--db",
            &url,
            "--data",
            data,
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = std::fs::metadata(dir.join("audit-signing.key")).unwrap();
        assert_eq!(key.permissions().mode() & 0o777, 0o600);
    }
    let cp: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cp_file).unwrap()).unwrap();
    assert!(cp["seq"].as_i64().unwrap() > 10 && cp["signature"].as_str().unwrap().len() == 128);
    let verify = |cp_path: &str| {
        rectify()
            .args([
                "audit",
                "verify",
                "--db",
                &url,
                "--data",
                data,
                "--checkpoint",
                cp_path,
            ])
            .output()
            .unwrap()
    };
    let o = verify(cp_path);
    assert!(o.status.success(), "{}", stderr(&o));

    // A checkpoint file altered by hand (an earlier sequence number).
    let mut forged = cp.clone();
    forged["seq"] = serde_json::json!(cp["seq"].as_i64().unwrap() - 1);
    let forged_file = dir.join("forged.json");
    std::fs::write(&forged_file, forged.to_string()).unwrap();
    let o = verify(forged_file.to_str().unwrap());
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("[checkpoint_invalid]"),
        "{}",
        stderr(&o)
    );

    // Checked where another server's key is at hand: not this server's.
    let other = dir.join("other");
    std::fs::create_dir_all(&other).unwrap();
    let other_url = format!("sqlite:{}", other.join("other.db").display());
    let other_cp = other.join("cp.json");
    let o = rectify()
        .args([
            "audit",
            "checkpoint",
            "--out",
            other_cp.to_str().unwrap(),
            "--db",
            &other_url,
            "--data",
            other.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = rectify()
        .args([
            "audit",
            "verify",
            "--db",
            &url,
            "--data",
            other.to_str().unwrap(),
            "--checkpoint",
            cp_path,
        ])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("[checkpoint_foreign_key]"),
        "{}",
        stderr(&o)
    );

    // Rewrite the second event and recompute every later hash and the head:
    // the chain alone verifies, the saved checkpoint does not.
    let store = rectify_store_sqlite::SqliteStore::connect(&url)
        .await
        .unwrap();
    use rectify_store::{audit, Store};
    let mut events = store.audit_events(None).await.unwrap();
    events[1].actor = "someone else".into();
    let mut prev = events[0].hash.clone();
    for e in events.iter_mut().skip(1) {
        e.prev_hash = prev.clone();
        e.hash = audit::chain_hash(&prev, &audit::canonical(e.seq, &e.at, e));
        prev = e.hash.clone();
        sqlx::query("UPDATE audit_events SET actor = $1, prev_hash = $2, hash = $3 WHERE seq = $4")
            .bind(&e.actor)
            .bind(&e.prev_hash)
            .bind(&e.hash)
            .bind(e.seq)
            .execute(store.pool())
            .await
            .unwrap();
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&prev)
        .execute(store.pool())
        .await
        .unwrap();
    let o = rectify()
        .args(["audit", "verify", "--db", &url, "--data", data])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = verify(cp_path);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("检查点"), "{}", stderr(&o));
}

/// The unit registry on a real plan: 常德's 「各区县（市）委和人民政府」 is
/// expanded into its nine counties in the plan's own wording
/// (「鼎城区委和人民政府」, which the plan also writes), the bare 「鼎城区」 it
/// writes once is suggested as a duplicate, a merge needs a reason, and the
/// audit trail verifies afterwards.
#[test]
fn unit_duplicates_and_merge_on_a_real_plan() {
    let db = tmp("units.db");
    let url = format!("sqlite:{}", db.display());
    let data = tmp_existing("units-data");
    let plan = seed("changde-2021-central-inspection-plan.txt");
    let o = rectify()
        .args(["import", plan.to_str().unwrap(), "--db", &url])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = rectify()
        .args(["unit", "duplicates", "--json", "--db", &url])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let groups = d["groups"].as_array().unwrap();
    let dingcheng = groups
        .iter()
        .find(|g| g["units"][0]["name"] == "鼎城区委和人民政府")
        .unwrap_or_else(|| panic!("{d}"));
    let names: Vec<&str> = dingcheng["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"鼎城区"), "{names:?}");
    assert_eq!(dingcheng["reasons"][0]["code"], "territorial_body");
    // 澧县 and 临澧县 are never suggested as one.
    for g in groups {
        let text = g["units"].to_string();
        assert!(
            !(text.contains("\"澧县") && text.contains("临澧县")),
            "{text}"
        );
    }
    let merge = |reason: &str| {
        rectify()
            .args([
                "unit",
                "merge",
                "--from",
                "鼎城区",
                "--into",
                "鼎城区委和人民政府",
                "--reason",
                reason,
                "--db",
                &url,
            ])
            .output()
            .unwrap()
    };
    let o = merge(" ");
    assert!(!o.status.success() && stderr(&o).contains("[reason_required]"));
    let o = merge("鼎城区即鼎城区委和人民政府");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("已合并"));
    let o = merge("再次合并");
    assert!(!o.status.success(), "the name now leads to the kept unit");
    let o = rectify()
        .args([
            "audit",
            "verify",
            "--db",
            &url,
            "--data",
            data.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

/// `rectify petitions import` and `duplicates --json` as CONTRACTS.md §2
/// promises: the handover list in, `{"groups": [[受理编号…]…]}` out, and a
/// bad file refused with its line and nothing stored.
#[test]
fn petitions_import_and_duplicates() {
    let db = format!("sqlite:{}", tmp("petitions.db").display());
    let list = tmp("第一批.csv");
    std::fs::write(
        &list,
        "受理编号,交办日期,行政区域,污染类型,交办问题基本情况\n\
         D1,2026-11-02,衡南县,大气,衡南县云集街道花桥村8组刘某的生猪养殖场臭气熏天，粪水直排耒水支流\n\
         D2,2026-11-05,衡南县,大气、水,花桥村八组刘某养猪场粪水排进河里，臭得很\n\
         D3,2026-11-05,衡南县,噪声,车江街道建设路某KTV夜间噪声扰民\n",
    )
    .unwrap();
    let o = rectify()
        .args(["petitions", "import", list.to_str().unwrap(), "--db", &db])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("新增 3"));
    let o = rectify()
        .args(["petitions", "duplicates", "--json", "--db", &db])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["groups"], serde_json::json!([["D1", "D2"]]), "{v}");
    let bad = tmp("bad.csv");
    std::fs::write(&bad, "受理编号,交办问题基本情况\nB1,\n").unwrap();
    let o = rectify()
        .args(["petitions", "import", bad.to_str().unwrap(), "--db", &db])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("第2行"), "{}", stderr(&o));
}
