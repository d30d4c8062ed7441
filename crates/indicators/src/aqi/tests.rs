use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn num(s: &str) -> Dec {
    Dec::parse(s).unwrap()
}

fn e2012() -> &'static Edition {
    edition_for(d("2024-06-01")).unwrap()
}

fn e2026() -> &'static Edition {
    edition_for(d("2026-03-01")).unwrap()
}

fn day(date: &str, vals: &[(Pollutant, &str)]) -> DayRating {
    let mut m = DailyMeans::default();
    for (p, v) in vals {
        m.set(*p, Some(num(v)));
    }
    rate_day(d(date), &m).unwrap()
}

#[test]
fn editions_switch_on_their_dates() {
    assert!(edition_for(d("2012-12-31")).is_none());
    assert_eq!(edition_for(d("2013-01-01")).unwrap().name, "HJ 633-2012");
    assert_eq!(edition_for(d("2026-02-28")).unwrap().name, "HJ 633-2012");
    assert_eq!(edition_for(d("2026-03-01")).unwrap().name, "HJ 633-2026");
    assert_eq!(edition_for(d("2031-01-01")).unwrap().name, "HJ 633-2026");
    // Tables are ascending and cover the same steps.
    for e in EDITIONS {
        for p in Pollutant::ALL {
            let col = e.columns.column(p);
            assert!(col.windows(2).all(|w| w[0] < w[1]), "{} {p:?}", e.name);
        }
    }
}

#[test]
fn breakpoints_give_their_steps_under_2012() {
    let e = e2012();
    let cases = [
        (Pollutant::Pm25, "35", 50),
        (Pollutant::Pm25, "75", 100),
        (Pollutant::Pm25, "115", 150),
        (Pollutant::Pm25, "150", 200),
        (Pollutant::Pm25, "250", 300),
        (Pollutant::Pm25, "500", 500),
        (Pollutant::Pm10, "150", 100),
        (Pollutant::So2, "150", 100),
        (Pollutant::No2, "80", 100),
        (Pollutant::Co, "4", 100),
        (Pollutant::Co, "4.0", 100),
        (Pollutant::O3_8h, "160", 100),
        (Pollutant::O3_8h, "800", 300),
        (Pollutant::Pm25, "0", 0),
    ];
    for (p, v, want) in cases {
        assert_eq!(iaqi(e, p, num(v)), Iaqi::Rated(want), "{p:?} {v}");
    }
}

#[test]
fn interpolation_rounds_up() {
    let e = e2012();
    // PM2.5 50: 50 + (50-35)/(75-35)*50 = 68.75 → 69
    assert_eq!(iaqi(e, Pollutant::Pm25, num("50")), Iaqi::Rated(69));
    // PM2.5 75.1: 100 + 0.1/40*50 = 100.125 → 101
    assert_eq!(iaqi(e, Pollutant::Pm25, num("75.1")), Iaqi::Rated(101));
    // PM2.5 35.000001 is just above 50 → 51
    assert_eq!(iaqi(e, Pollutant::Pm25, num("35.000001")), Iaqi::Rated(51));
    // PM10 100: 50 + 50/100*50 = 75 exactly
    assert_eq!(iaqi(e, Pollutant::Pm10, num("100")), Iaqi::Rated(75));
    // NO2 100: 100 + 20/100*50 = 110
    assert_eq!(iaqi(e, Pollutant::No2, num("100")), Iaqi::Rated(110));
    // CO 1.1 mg/m³: 1.1/2*50 = 27.5 → 28
    assert_eq!(iaqi(e, Pollutant::Co, num("1.1")), Iaqi::Rated(28));
    // O3 8h 200: 100 + 40/55*50 = 136.36 → 137
    assert_eq!(iaqi(e, Pollutant::O3_8h, num("200")), Iaqi::Rated(137));
    // SO2 0.3: 0.3 → 0.3 → 1
    assert_eq!(iaqi(e, Pollutant::So2, num("0.3")), Iaqi::Rated(1));
}

#[test]
fn the_2026_edition_tightens_particles_only() {
    let e = e2026();
    assert_eq!(iaqi(e, Pollutant::Pm25, num("60")), Iaqi::Rated(100));
    // 100 + (75-60)/55*50 = 113.64 → 114
    assert_eq!(iaqi(e, Pollutant::Pm25, num("75")), Iaqi::Rated(114));
    assert_eq!(iaqi(e, Pollutant::Pm25, num("115")), Iaqi::Rated(150));
    assert_eq!(iaqi(e, Pollutant::Pm10, num("120")), Iaqi::Rated(100));
    // 100 + 30/130*50 = 111.54 → 112
    assert_eq!(iaqi(e, Pollutant::Pm10, num("150")), Iaqi::Rated(112));
    assert_eq!(iaqi(e, Pollutant::O3_8h, num("160")), Iaqi::Rated(100));
    assert_eq!(
        iaqi(e, Pollutant::So2, num("80")),
        iaqi(e2012(), Pollutant::So2, num("80"))
    );
}

#[test]
fn values_above_the_tables() {
    assert_eq!(
        iaqi(e2012(), Pollutant::Pm25, num("600")),
        Iaqi::Capped(500)
    );
    assert_eq!(
        iaqi(e2012(), Pollutant::O3_8h, num("800.1")),
        Iaqi::NeedsOneHour
    );
    assert_eq!(
        iaqi(e2026(), Pollutant::O3_8h, num("900")),
        Iaqi::Capped(300)
    );
    let r = day(
        "2020-07-01",
        &[(Pollutant::Pm25, "30"), (Pollutant::O3_8h, "850")],
    );
    assert_eq!(r.aqi, None, "unrated without the 1-hour value");
    assert!(!r.notes.is_empty());
    let r = day(
        "2026-07-01",
        &[(Pollutant::Pm25, "30"), (Pollutant::O3_8h, "850")],
    );
    assert_eq!(r.aqi, Some(300));
    assert_eq!(r.primary, ["o3_8h"]);
    let r = day("2020-01-01", &[(Pollutant::Pm25, "650")]);
    assert_eq!(r.aqi, Some(500));
    assert_eq!(r.category, Some("严重污染"));
    assert_eq!(r.notes.len(), 1);
}

#[test]
fn hand_computed_days() {
    // PM2.5 75 alone → 100, 良, primary PM2.5.
    let r = day(
        "2018-01-02",
        &[(Pollutant::Pm25, "75"), (Pollutant::Pm10, "60")],
    );
    assert_eq!(
        (r.aqi, r.level, r.category),
        (Some(100), Some("二级"), Some("良"))
    );
    assert_eq!(r.primary, ["pm25"]);
    assert_eq!(r.standard, "HJ 633-2012");
    // PM2.5 115 → 150 轻度污染.
    let r = day("2018-01-03", &[(Pollutant::Pm25, "115")]);
    assert_eq!(
        (r.aqi, r.level, r.category),
        (Some(150), Some("三级"), Some("轻度污染"))
    );
    // O3 8h 160 → 100 and is primary; the rest lower.
    let r = day(
        "2019-07-01",
        &[
            (Pollutant::Pm25, "20"),
            (Pollutant::Pm10, "40"),
            (Pollutant::So2, "8"),
            (Pollutant::No2, "25"),
            (Pollutant::Co, "0.6"),
            (Pollutant::O3_8h, "160"),
        ],
    );
    assert_eq!(r.aqi, Some(100));
    assert_eq!(r.primary, ["o3_8h"]);
    // Ties: PM2.5 75 and PM10 150 both 100.
    let r = day(
        "2019-01-01",
        &[(Pollutant::Pm25, "75"), (Pollutant::Pm10, "150")],
    );
    assert_eq!(r.primary, ["pm25", "pm10"]);
    // AQI ≤ 50: no primary pollutant.
    let r = day(
        "2019-01-01",
        &[(Pollutant::Pm25, "35"), (Pollutant::No2, "40")],
    );
    assert_eq!((r.aqi, r.category), (Some(50), Some("优")));
    assert!(r.primary.is_empty());
    // Heavy pollution: PM2.5 200 → 250 重度污染.
    let r = day("2017-01-01", &[(Pollutant::Pm25, "200")]);
    assert_eq!(
        (r.aqi, r.level, r.category),
        (Some(250), Some("五级"), Some("重度污染"))
    );
    // 301 → 六级.
    assert_eq!(level_and_category(301), ("六级", "严重污染"));
    assert_eq!(level_and_category(151), ("四级", "中度污染"));
    // No value: not valid.
    let r = day("2017-01-01", &[]);
    assert!(!r.is_valid());
    assert_eq!(r.level, None);
    // The same PM2.5 on either side of 2026-03-01.
    assert_eq!(day("2026-02-28", &[(Pollutant::Pm25, "75")]).aqi, Some(100));
    let r = day("2026-03-01", &[(Pollutant::Pm25, "75")]);
    assert_eq!(
        (r.aqi, r.category, r.standard),
        (Some(114), Some("轻度污染"), "HJ 633-2026")
    );
}

#[test]
fn csv_and_summary() {
    let csv = "date,pm25,pm10,so2,no2,co,o3_8h\n\
               2024-01-01,75,,,,,\n\
               2024-01-02,115,120,10,40,1.0,60\n\
               2024-01-03,,,,,,\n\
               2024-01-04,20,30,,,,\n";
    let r = rate_csv(csv.as_bytes()).unwrap();
    assert_eq!(r.days.len(), 4);
    assert_eq!(r.summary.valid_days, 3);
    assert_eq!(r.summary.good_days, 2);
    assert_eq!(r.summary.good_rate, Some(0.6667));
    assert_eq!(r.summary.pm25_mean, Some(70.0));
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].line, Some(4));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(
        json["days"][0],
        serde_json::json!({"date":"2024-01-01","aqi":100,"level":"二级","category":"良","primary":["pm25"],"standard":"HJ 633-2012"})
    );
    assert_eq!(json["days"][2]["aqi"], serde_json::Value::Null);
    assert_eq!(json.as_object().unwrap().len(), 2);
}

#[test]
fn csv_errors_name_the_line() {
    let bad = [
        ("date,pm25,pm10,so2,no2,co\n2024-01-01,1,1,1,1,1\n", 1),
        (
            "date,pm25,pm10,so2,no2,co,o3_8h\n2024-01-01,1,1,1,1,1,1\n2024-13-01,1,1,1,1,1,1\n",
            3,
        ),
        (
            "date,pm25,pm10,so2,no2,co,o3_8h\n2024-01-01,x,1,1,1,1,1\n",
            2,
        ),
        (
            "date,pm25,pm10,so2,no2,co,o3_8h\n2024-01-01,-3,1,1,1,1,1\n",
            2,
        ),
        (
            "date,pm25,pm10,so2,no2,co,o3_8h\n2012-12-31,3,1,1,1,1,1\n",
            2,
        ),
        ("date,pm25,pm10,so2,no2,co,o3_8h\n2024-01-01,3,1\n", 2),
    ];
    for (csv, line) in bad {
        let e = rate_csv(csv.as_bytes()).unwrap_err();
        assert_eq!(e.line, Some(line), "{csv}: {e}");
        assert!(e.to_string().contains(&format!("第{line}行")), "{e}");
    }
}

#[test]
fn columns_found_by_name_and_duplicates_warned() {
    let csv =
        "O3_8h,co,no2,so2,pm10,pm25,date,station\n160,,,,,,2024-07-01,A\n1,,,,,,2024-07-01,A\n";
    let r = rate_csv(csv.as_bytes()).unwrap();
    assert_eq!(r.days[0].aqi, Some(100));
    assert_eq!(r.days[0].primary, ["o3_8h"]);
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].line, Some(3));
}
