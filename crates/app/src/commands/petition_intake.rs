//! The portal's complaint intake (网上受理) and tracking: a citizen files a
//! complaint (form or Open311), gets a tracking number, and follows the
//! status and the public reply — nothing else, and never anyone's contact.

use crate::error::{Error, ErrorCode, Result};
use crate::App;
use chrono::NaiveDate;
use rectify_domain::petition::{self, PetitionStatus, Source};
use rectify_store::{NewPetition, PetitionDetail, PetitionFilter};
use serde::Serialize;

/// The kinds a citizen may choose (Open311 `service_code`).
pub const SERVICES: [(&str, &str, &str); 7] = [
    ("air", "大气污染", "废气、粉尘、异味、露天焚烧"),
    ("water", "水污染", "污水直排、黑臭水体、饮用水源"),
    ("noise", "噪声污染", "工业、施工、社会生活噪声"),
    ("soil", "土壤污染", "土壤、地下水污染"),
    ("waste", "固体废物", "垃圾、危险废物、建筑渣土乱倒"),
    ("ecology", "生态破坏", "非法采砂采矿、毁林、侵占岸线"),
    ("other", "其他", "其他生态环境问题"),
];

pub fn service_name(code: &str) -> Option<&'static str> {
    SERVICES.iter().find(|s| s.0 == code).map(|s| s.1)
}

/// What a citizen sends.
#[derive(Debug, Clone, Default)]
pub struct Complaint {
    pub service_code: String,
    pub place: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub description: String,
    /// Never public: only the office and the assigned unit see it.
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub photo: Option<(Option<String>, bytes::Bytes)>,
}

/// What anyone may see of a petition: status and the public reply.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PublicPetition {
    pub tracking: String,
    pub service_code: String,
    pub service_name: String,
    pub status: String,
    pub status_zh: String,
    pub place: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub received_on: Option<NaiveDate>,
    pub public_reply: String,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Digit runs long enough to be a phone or an ID number, masked: a place or
/// reply typed by a person must not carry a contact onto the portal.
pub fn mask_numbers(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= 7 {
            out.extend(std::iter::repeat_n('＊', run.chars().count()));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in s.chars() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) || (c == '-' && !run.is_empty()) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn service_of(kind: &str) -> &'static str {
    SERVICES
        .iter()
        .find(|s| kind == s.0 || kind == s.1 || kind.contains(&s.1[..s.1.len().min(6)]))
        .map(|s| s.0)
        .unwrap_or("other")
}

impl From<&PetitionDetail> for PublicPetition {
    fn from(d: &PetitionDetail) -> Self {
        let status = PetitionStatus::parse(&d.row.status).unwrap_or(PetitionStatus::Received);
        let code = service_of(&d.row.kind);
        PublicPetition {
            tracking: d.row.code.clone(),
            service_code: code.into(),
            service_name: service_name(code).unwrap_or("其他").into(),
            status: status.as_str().into(),
            status_zh: status.label_zh().into(),
            place: mask_numbers(&d.address),
            lat: d.lat,
            lon: d.lon,
            received_on: d.row.received_on,
            public_reply: mask_numbers(&d.public_reply),
            closed_at: d.closed_at,
        }
    }
}

fn tracking_number(today: NaiveDate) -> String {
    use rand::Rng;
    // No 0/O, 1/I: read aloud over the phone.
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = rand::thread_rng();
    let tail: String = (0..8)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("WS{}{tail}", today.format("%Y%m%d"))
}

fn check_complaint(c: &Complaint) -> Result<()> {
    if service_name(&c.service_code).is_none() {
        return Err(Error::with(
            ErrorCode::InvalidInput,
            "请选择问题类别 / choose a category (service_code)",
        ));
    }
    let n = c.description.trim().chars().count();
    if !(10..=2000).contains(&n) {
        return Err(Error::with(
            ErrorCode::InvalidInput,
            "问题描述须为10到2000字 / the description must be 10-2000 characters",
        ));
    }
    let p = c.place.trim().chars().count();
    if !(2..=200).contains(&p) {
        return Err(Error::with(
            ErrorCode::InvalidInput,
            "请填写问题地点（2到200字） / the place must be 2-200 characters",
        ));
    }
    match (c.lat, c.lon) {
        (None, None) => {}
        (Some(lat), Some(lon)) if (3.0..=54.0).contains(&lat) && (73.0..=136.0).contains(&lon) => {}
        _ => {
            return Err(Error::with(
                ErrorCode::InvalidInput,
                "坐标须为中国境内的经纬度 / lat and long must both be given, within China",
            ))
        }
    }
    if let Some(phone) = c.contact_phone.as_deref().filter(|s| !s.trim().is_empty()) {
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let ok = phone
            .chars()
            .all(|ch| ch.is_ascii_digit() || " -+()".contains(ch));
        if !ok || !(7..=15).contains(&digits) {
            return Err(Error::with(
                ErrorCode::InvalidInput,
                "联系电话格式不正确 / the phone number is not valid",
            ));
        }
    }
    Ok(())
}

impl App {
    /// Files a citizen's complaint; answers what the citizen may see, with
    /// the tracking number.
    /// Unthrottled: callers facing the public use
    /// [`App::submit_complaint_from`].
    pub async fn submit_complaint(&self, c: Complaint) -> Result<PublicPetition> {
        check_complaint(&c)?;
        let description =
            rectify_domain::input::Text::<2000>::parse(&c.description, "问题描述 / description")?;
        let place = rectify_domain::input::Text::<200, false>::parse(&c.place, "问题地点 / place")?;
        let contact_name = rectify_domain::input::ShortText::optional(
            c.contact_name.as_deref().unwrap_or(""),
            "联系人 / name",
        )?
        .map(|t| t.as_str().to_string());
        let contact_phone = c
            .contact_phone
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        // The photo is checked and stored first: a bad file refuses the
        // complaint before anything is written.
        let photo = match c.photo {
            Some((name, bytes)) if !bytes.is_empty() => {
                let checked = self
                    .evidence()?
                    .put(bytes)
                    .await
                    .map_err(crate::error::evidence)?;
                Some((name, checked))
            }
            _ => None,
        };
        let today = self.today();
        let due = petition::due_date(&*self.calendar().await?, today).ok();
        let kind = service_name(&c.service_code).unwrap_or("其他").to_string();
        let code = tracking_number(today);
        let rebound = self
            .rebound_index()
            .await?
            .check(&rectify_petitions::Petition {
                id: code.clone(),
                date: Some(today),
                area: String::new(),
                kind: kind.clone(),
                text: description.as_str().to_string(),
                address: place.as_str().to_string(),
            });
        let row = NewPetition {
            code: code.clone(),
            source: Some(Source::Portal),
            received_on: Some(today),
            kind,
            content: description.as_str().to_string(),
            address: place.as_str().to_string(),
            lat: c.lat,
            lon: c.lon,
            contact_name,
            contact_phone,
            due_date: due,
            rebound: rebound.and_then(|r| serde_json::to_value(r).ok()),
            ..Default::default()
        };
        let report = self.store.import_petitions(None, &[row], "public").await?;
        if let (Some((name, checked)), Some(&id)) = (photo, report.new_ids.first()) {
            let size =
                i64::try_from(checked.size).map_err(|_| Error::new(ErrorCode::PayloadTooLarge))?;
            let file_name = name
                .and_then(|n| super::evidence::clean_file_name(Some(&n)))
                .unwrap_or_else(|| format!("照片.{}", checked.content_type.extension()));
            self.store
                .add_petition_attachment(
                    id,
                    &checked.sha256,
                    size,
                    checked.content_type.mime(),
                    &file_name,
                    "public",
                )
                .await?;
        }
        self.track_petition(&code).await
    }

    /// What anyone may see of a petition, by its tracking number (or 受理编号).
    pub async fn track_petition(&self, code: &str) -> Result<PublicPetition> {
        let code = code.trim();
        if code.is_empty() || code.chars().count() > 64 {
            return Err(Error::new(ErrorCode::NotFound));
        }
        let d = self
            .store
            .petition_by_code(code)
            .await?
            .ok_or_else(|| Error::new(ErrorCode::NotFound))?;
        Ok(PublicPetition::from(&d))
    }

    /// The portal's own complaints, newest first (Open311 `GET requests`).
    pub async fn public_petitions(
        &self,
        status: Option<PetitionStatus>,
        limit: u32,
    ) -> Result<Vec<PublicPetition>> {
        let page = self
            .store
            .list_petitions(&PetitionFilter {
                source: Some(Source::Portal),
                status,
                page: 1,
                per_page: limit.clamp(1, 200),
                ..Default::default()
            })
            .await?;
        let mut out = Vec::with_capacity(page.items.len());
        for row in page.items {
            if let Some(d) = self.store.get_petition(row.id).await? {
                out.push(PublicPetition::from(&d));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_and_id_numbers_are_masked_short_numbers_kept() {
        assert_eq!(
            mask_numbers("幸福村3组，电话13812345678"),
            "幸福村3组，电话＊＊＊＊＊＊＊＊＊＊＊"
        );
        assert_eq!(mask_numbers("建设路128号"), "建设路128号");
        assert_eq!(mask_numbers("0731-8888888"), "＊＊＊＊＊＊＊＊＊＊＊＊");
    }

    #[test]
    fn a_complaint_is_checked() {
        let ok = Complaint {
            service_code: "noise".into(),
            place: "建设路128号".into(),
            description: "夜间施工噪声很大，每天凌晨两点还在施工".into(),
            ..Default::default()
        };
        assert!(check_complaint(&ok).is_ok());
        for bad in [
            Complaint {
                service_code: "x".into(),
                ..ok.clone()
            },
            Complaint {
                description: "太吵".into(),
                ..ok.clone()
            },
            Complaint {
                lat: Some(48.8),
                lon: Some(2.3),
                ..ok.clone()
            },
            Complaint {
                lat: Some(28.0),
                ..ok.clone()
            },
            Complaint {
                contact_phone: Some("call me".into()),
                ..ok.clone()
            },
        ] {
            assert!(check_complaint(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tracking_numbers_are_dated_and_unambiguous() {
        let t = tracking_number(NaiveDate::from_ymd_opt(2026, 12, 7).expect("date"));
        assert!(t.starts_with("WS20261207"), "{t}");
        assert_eq!(t.len(), 18);
        assert!(!t[10..].contains(['0', 'O', '1', 'I']));
    }
}
