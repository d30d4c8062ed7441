//! `rectify indicators aqi|water-class` as scripts use them (CONTRACTS.md §2).

use assert_cmd::Command;
use serde_json::{json, Value};
use std::path::PathBuf;

fn rectify() -> Command {
    let mut c = Command::cargo_bin("rectify").expect("the rectify binary");
    c.env_remove("RECTIFY_DB")
        .env_remove("RECTIFY_TODAY")
        .env("RECTIFY_LOG", "error");
    c
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../indicators/tests/fixtures")
        .join(name)
}

fn run_json(args: &[&str], file: &str) -> Value {
    serde_json::from_str(&run_raw(args, file)).expect("JSON on stdout")
}

/// The JSON text as printed (key order included).
fn run_raw(args: &[&str], file: &str) -> String {
    let o = rectify()
        .args(args)
        .arg("--csv")
        .arg(fixture(file))
        .arg("--json")
        .output()
        .expect("rectify runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).expect("UTF-8 stdout")
}

#[test]
fn aqi_json_is_the_contract() {
    let v = run_json(&["indicators", "aqi"], "aqi_days.csv");
    let obj = v.as_object().unwrap();
    assert_eq!(obj.keys().collect::<Vec<_>>(), ["days", "summary"]);
    let days = v["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(
        days[0],
        json!({"date":"2024-01-01","aqi":100,"level":"二级","category":"良","primary":["pm25"],"standard":"HJ 633-2012"})
    );
    assert_eq!(days[1]["aqi"], 150);
    assert_eq!(days[1]["category"], "轻度污染");
    assert_eq!(days[2]["aqi"], 100);
    assert_eq!(days[2]["primary"], json!(["o3_8h"]));
    assert_eq!(
        days[3]["aqi"],
        Value::Null,
        "a day with no value is not valid"
    );
    assert_eq!(
        days[4]["primary"],
        json!([]),
        "AQI ≤ 50 has no primary pollutant"
    );
    assert_eq!(days[4]["category"], "优");
    // The edition in force on each day.
    assert_eq!(days[5]["standard"], "HJ 633-2012");
    assert_eq!(days[5]["aqi"], 100);
    assert_eq!(days[6]["standard"], "HJ 633-2026");
    assert_eq!(days[6]["aqi"], 114);
    assert_eq!(
        v["summary"],
        json!({"valid_days":6,"good_days":4,"good_rate":0.6667,"pm25_mean":65.0})
    );
}

#[test]
fn aqi_json_keys_are_in_contract_order() {
    let raw = run_raw(&["indicators", "aqi"], "aqi_days.csv");
    assert!(raw.starts_with(
        r#"{"days":[{"date":"2024-01-01","aqi":100,"level":"二级","category":"良","primary":["pm25"],"standard":"HJ 633-2012"},"#
    ), "{raw}");
    assert!(raw.contains(
        r#"{"date":"2024-01-04","aqi":null,"level":null,"category":null,"primary":[],"standard":"HJ 633-2012"}"#
    ), "{raw}");
    assert!(
        raw.trim_end().ends_with(
            r#"],"summary":{"valid_days":6,"good_days":4,"good_rate":0.6667,"pm25_mean":65.0}}"#
        ),
        "{raw}"
    );
    let raw = run_raw(&["indicators", "water-class"], "water_samples.csv");
    assert!(
        raw.contains(
            r#"{"site":"南湖","date":"2024-05-01","class_num":5,"class":"Ⅴ","limiting":["tp"]}"#
        ),
        "{raw}"
    );
}

#[test]
fn aqi_table_is_chinese() {
    let o = rectify()
        .args(["indicators", "aqi", "--csv"])
        .arg(fixture("aqi_days.csv"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("首要污染物"), "{out}");
    assert!(out.contains("轻度污染"), "{out}");
    assert!(out.contains("优良天数比例 66.7%"), "{out}");
}

#[test]
fn aqi_bad_csv_names_the_line_and_does_not_panic() {
    let o = rectify()
        .args(["indicators", "aqi", "--json", "--csv"])
        .arg(fixture("aqi_bad_line.csv"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("第3行") && err.contains("line 3"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let o = rectify()
        .args(["indicators", "aqi", "--csv", "/nonexistent/x.csv"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("无法读取文件"));
}

#[test]
fn water_class_json_is_the_contract() {
    let v = run_json(&["indicators", "water-class"], "water_samples.csv");
    assert_eq!(v.as_object().unwrap().len(), 1);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(
        rows[0],
        json!({"site":"湘江衡阳段","date":"2024-05-01","class_num":1,"class":"Ⅰ","limiting":["do","codmn","cod","bod5","nh3n","tp"]})
    );
    assert_eq!(rows[1]["class"], "Ⅲ");
    assert_eq!(rows[1]["limiting"], json!(["cod", "bod5", "nh3n", "tp"]));
    // TP 0.15 is Ⅲ in a river but Ⅴ in a lake.
    assert_eq!(rows[2]["class_num"], 5);
    assert_eq!(rows[2]["limiting"], json!(["tp"]));
    assert_eq!(rows[3]["class_num"], 6);
    assert_eq!(rows[3]["class"], "劣Ⅴ");
    assert_eq!(
        rows[3]["limiting"],
        json!(["do", "codmn", "cod", "bod5", "nh3n", "tp"])
    );
    assert_eq!(rows[4]["class"], "劣Ⅴ");
    assert_eq!(rows[4]["limiting"], json!(["ph"]));
}

#[test]
fn water_class_table_and_errors() {
    let o = rectify()
        .args(["indicators", "water-class", "--csv"])
        .arg(fixture("water_samples.csv"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("水质类别") && out.contains("劣Ⅴ类"), "{out}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("pH 5.5"));

    let o = rectify()
        .args(["indicators", "water-class", "--json", "--csv"])
        .arg(fixture("water_bad_waterbody.csv"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("第3行") && err.contains("river 或 lake"),
        "{err}"
    );
}
