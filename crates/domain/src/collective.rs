//! Collective unit names (「各县市区党委、政府」「各区县（市）」「各县（市、区）」
//! 「各县市区人民政府」): a plan assigns a problem to every county of its
//! jurisdiction at once. Expanded into one unit per county (the children of
//! the plan's jurisdiction in the GB/T 2260 tree), each county's account
//! then sees its share. Pure: the store hands in the registry's names.

use crate::jurisdiction::Jurisdiction;
use crate::unit_registry::{strong_normalize, territorial_body, BodyForm, RegistryUnit};
use crate::UnitAssignment;

/// A collective name read: which body of each county it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collective {
    pub form: BodyForm,
    /// How the collective writes the committee and the government
    /// (「委和人民政府」, 「党委、政府」), reused for each county when it names
    /// both, so that the expansion writes as the plan writes.
    pub wording: String,
    /// 「各城区」: the districts (区) only, not the counties.
    pub districts_only: bool,
}

/// Reads a collective name: 「各」, then the levels (县、市、区 in any order,
/// with brackets and 、), then a body form (党委、政府 / 委和人民政府 /
/// 人民政府 / 政府 / nothing, which means the government). `None` for
/// anything else, e.g. 「各县市区生态环境分局」 or 「各乡镇」.
pub fn parse_collective(name: &str) -> Option<Collective> {
    let s = strong_normalize(name);
    let rest = s.strip_prefix('各')?;
    // 「各城区党委、政府」: the city's districts.
    if let Some(body) = rest.strip_prefix("城区") {
        return Some(Collective {
            form: collective_form(body)?,
            wording: body.to_string(),
            districts_only: true,
        });
    }
    let levels: String = rest
        .chars()
        .take_while(|c| matches!(c, '县' | '市' | '区' | '（' | '）' | '、'))
        .collect();
    let has = |c: char| levels.contains(c);
    // At least two levels, and counties or districts among them: 「各市」
    // alone (a province's cities) is not a county collective.
    let count = ['县', '市', '区'].into_iter().filter(|c| has(*c)).count();
    if count < 2 || !(has('县') || has('区')) {
        return None;
    }
    // 「各县市区委、政府」: 委 directly after the levels.
    let body = &rest[levels.len()..];
    Some(Collective {
        form: collective_form(body)?,
        wording: body.to_string(),
        districts_only: false,
    })
}

/// The body a collective names after its levels; nothing means the
/// government, and 「党政」 (「各县市区党政、政府」) the committee and the
/// government.
fn collective_form(body: &str) -> Option<BodyForm> {
    let both = BodyForm {
        party: true,
        government: true,
    };
    if let Some(rest) = body.strip_prefix("党政") {
        let rest = rest.trim_start_matches(['、', '，', '和']);
        return (rest.is_empty() || rest == "政府" || rest == "人民政府").then_some(both);
    }
    let form = crate::unit_registry::parse_body_form(body)?;
    Some(if form.party || form.government {
        form
    } else {
        BodyForm {
            party: false,
            government: true,
        }
    })
}

/// The jurisdiction a plan names (「常德市」, 「湖南省常德市」, 「常德」).
pub fn find_jurisdiction<'a>(
    name: &str,
    divisions: &'a [Jurisdiction],
) -> Option<&'a Jurisdiction> {
    let n = strong_normalize(name);
    let n = n
        .strip_prefix("湖南省")
        .filter(|r| !r.is_empty())
        .unwrap_or(&n);
    divisions.iter().find(|j| j.name == n).or_else(|| {
        divisions
            .iter()
            .find(|j| j.name.strip_suffix(['市', '县', '区']) == Some(n))
    })
}

/// The standard name of a county's body in `form`: the committee and the
/// government as the collective words them (「鼎城区委和人民政府」 from
/// 「各区县（市）委和人民政府」), else 「鼎城区党委、政府」; the government
/// alone is 「鼎城区人民政府」.
pub fn county_body_name(county: &str, form: BodyForm, wording: &str) -> String {
    match (form.party, form.government) {
        (true, true) => {
            let wording_reads_both = crate::unit_registry::parse_body_form(wording)
                .is_some_and(|f| f.party && f.government);
            if wording_reads_both {
                format!("{county}{wording}")
            } else {
                format!("{county}党委、政府")
            }
        }
        (true, false) => format!("{county}党委"),
        _ => format!("{county}人民政府"),
    }
}

/// The name to use for `county`'s body in `form`: a registered name of that
/// body (same form first, then any form) so that no new variant appears;
/// else the standard name.
fn registered_or_standard(
    county: &str,
    c: &Collective,
    registry: &[RegistryUnit],
    divisions: &[Jurisdiction],
) -> String {
    let mut any_form = None;
    for u in registry {
        for n in std::iter::once(&u.name).chain(u.aliases.iter()) {
            let Some(b) = territorial_body(n, divisions) else {
                continue;
            };
            if b.place != county {
                continue;
            }
            if b.form == c.form {
                return u.name.clone();
            }
            // The bare place name (「津市」) is a poorer match than a body form.
            let bare = !b.form.party && !b.form.government;
            if any_form.is_none() && !bare {
                any_form = Some(u.name.clone());
            }
        }
    }
    any_form.unwrap_or_else(|| county_body_name(county, c.form, &c.wording))
}

/// Expands the collective entries of a problem's unit list for a plan of
/// `jurisdiction`: one entry per county, district or county-level city of
/// it, with the collective's role, and the collective's name in the note
/// (before any note it had). Other entries, and every entry when the
/// jurisdiction is unknown or has no counties in the table, stay as they
/// are. `None` when nothing was expanded.
pub fn expand_collectives(
    units: &[UnitAssignment],
    jurisdiction: Option<&str>,
    registry: &[RegistryUnit],
    divisions: &[Jurisdiction],
) -> Option<Vec<UnitAssignment>> {
    let j = find_jurisdiction(jurisdiction?, divisions)?;
    let code = j.code.as_deref()?;
    let counties: Vec<&Jurisdiction> = divisions
        .iter()
        .filter(|c| c.parent_code.as_deref() == Some(code))
        .collect();
    if counties.is_empty() {
        return None;
    }
    let mut expanded = false;
    let mut out = vec![];
    for u in units {
        let Some(c) = parse_collective(&u.name) else {
            out.push(u.clone());
            continue;
        };
        expanded = true;
        let collective = u.name.trim();
        let note = match u.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => format!("{collective}；{n}"),
            None => collective.to_string(),
        };
        for county in counties
            .iter()
            .filter(|j| !c.districts_only || j.name.ends_with('区'))
        {
            out.push(UnitAssignment {
                name: registered_or_standard(&county.name, &c, registry, divisions),
                role: u.role,
                note: Some(note.clone()),
            });
        }
    }
    expanded.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jurisdiction::known;
    use crate::UnitRole;

    fn ua(name: &str, role: UnitRole) -> UnitAssignment {
        UnitAssignment {
            name: name.into(),
            role,
            note: None,
        }
    }

    #[test]
    fn collective_names_are_read() {
        for (name, party) in [
            ("各县市区党委、政府", true),
            ("各区县（市）", false),
            ("各县（市、区）", false),
            ("各县市区人民政府", false),
            ("各区县（市）委和人民政府", true),
            ("各县(市、区)党委和政府", true),
            ("各区县市政府", false),
            ("各县市区党政、政府", true),
            ("各城区党委、政府", true),
        ] {
            let c = parse_collective(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(c.form.party, party, "{name}");
            assert!(c.form.government, "{name}");
        }
        for name in [
            "各县市区生态环境分局",
            "各市",
            "各乡镇",
            "市生态环境局",
            "鼎城区人民政府",
            // Which counties are 「相关」 the plan does not say.
            "各相关县市区党委、政府",
        ] {
            assert!(parse_collective(name).is_none(), "{name}");
        }
    }

    #[test]
    fn changde_counties_each_get_their_share() {
        let units = vec![
            ua("各区县（市）党委、政府", UnitRole::Primary),
            ua("市生态环境局", UnitRole::Supervising),
        ];
        let all = known();
        let out = expand_collectives(&units, Some("常德市"), &[], &all).unwrap();
        let primaries: Vec<&str> = out
            .iter()
            .filter(|u| u.role == UnitRole::Primary)
            .map(|u| u.name.as_str())
            .collect();
        assert_eq!(primaries.len(), 9, "{primaries:?}");
        assert!(primaries.contains(&"鼎城区党委、政府"));
        assert!(primaries.contains(&"津市市党委、政府"));
        assert!(primaries.contains(&"澧县党委、政府"));
        assert!(primaries.contains(&"临澧县党委、政府"));
        assert!(out
            .iter()
            .filter(|u| u.role == UnitRole::Primary)
            .all(|u| u.note.as_deref() == Some("各区县（市）党委、政府")));
        assert_eq!(out.last().unwrap().name, "市生态环境局");
        let gov = expand_collectives(
            &[ua("各县（市、区）", UnitRole::Responsible)],
            Some("湖南省常德市"),
            &[],
            &all,
        )
        .unwrap();
        assert!(gov.iter().any(|u| u.name == "鼎城区人民政府"));
        // The plan's own wording of the committee and government is kept.
        let worded = expand_collectives(
            &[ua("各区县（市）委和人民政府", UnitRole::Primary)],
            Some("常德市"),
            &[],
            &all,
        )
        .unwrap();
        assert!(
            worded.iter().any(|u| u.name == "鼎城区委和人民政府"),
            "{worded:?}"
        );
        let typo = expand_collectives(
            &[ua("各县市区党政、政府", UnitRole::Primary)],
            Some("衡阳市"),
            &[],
            &all,
        )
        .unwrap();
        assert!(
            typo.iter().any(|u| u.name == "耒阳市党委、政府"),
            "{typo:?}"
        );
        // 「各城区」: 衡阳's five districts, not its counties.
        let districts = expand_collectives(
            &[ua("各城区党委、政府", UnitRole::Primary)],
            Some("衡阳市"),
            &[],
            &all,
        )
        .unwrap();
        assert_eq!(districts.len(), 5, "{districts:?}");
        assert!(districts.iter().all(|u| u.name.ends_with("区党委、政府")));
    }

    #[test]
    fn registered_names_are_reused() {
        let registry = vec![
            RegistryUnit {
                id: 1,
                name: "鼎城区委和人民政府".into(),
                aliases: vec![],
            },
            RegistryUnit {
                id: 2,
                name: "津市".into(),
                aliases: vec![],
            },
            RegistryUnit {
                id: 3,
                name: "澧县人民政府".into(),
                aliases: vec![],
            },
        ];
        let all = known();
        let out = expand_collectives(
            &[ua("各县市区党委、政府", UnitRole::Primary)],
            Some("常德市"),
            &registry,
            &all,
        )
        .unwrap();
        let names: Vec<&str> = out.iter().map(|u| u.name.as_str()).collect();
        assert!(names.contains(&"鼎城区委和人民政府"), "{names:?}");
        // Only the bare place is registered: the standard name is used.
        assert!(names.contains(&"津市市党委、政府"), "{names:?}");
        // Another form of the same body is reused rather than a new variant.
        assert!(names.contains(&"澧县人民政府"), "{names:?}");
        assert!(!names.contains(&"临澧县人民政府"), "{names:?}");
    }

    #[test]
    fn unknown_jurisdictions_leave_the_list_alone() {
        let all = known();
        let units = vec![ua("各县市区党委、政府", UnitRole::Primary)];
        assert!(expand_collectives(&units, Some("测试市"), &[], &all).is_none());
        assert!(expand_collectives(&units, None, &[], &all).is_none());
        // A city whose counties the table does not list.
        assert!(expand_collectives(&units, Some("长沙市"), &[], &all).is_none());
        assert!(expand_collectives(
            &[ua("市住建局", UnitRole::Primary)],
            Some("常德市"),
            &[],
            &all
        )
        .is_none());
    }
}
