//! Chinese free-text search terms. A query is segmented with jieba into
//! words, each of which must occur in a problem's text: 「扬尘治理不到位」
//! finds 「扬尘污染治理不到位」, which a literal substring search would miss.

use jieba_rs::Jieba;
use once_cell::sync::Lazy;

static JIEBA: Lazy<Jieba> = Lazy::new(Jieba::new);

/// Words too common in these documents to narrow a search.
const STOP: [&str; 12] = [
    "的", "和", "与", "及", "等", "了", "在", "对", "是", "问题", "工作", "整改",
];

/// The search terms of a query: whitespace-separated parts, each segmented;
/// punctuation and stop words dropped, duplicates removed, at most 8 terms.
/// A part that segments into nothing but stop words is kept whole.
pub fn query_terms(q: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for part in q.split_whitespace() {
        let mut words: Vec<String> = JIEBA
            .cut_for_search(part, true)
            .into_iter()
            .map(str::trim)
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .filter(|w| !STOP.contains(w))
            .map(str::to_string)
            .collect();
        // cut_for_search also yields the sub-words of long words; keep the
        // longest spans only, since a sub-word matches wherever its word does.
        let all = words.clone();
        words.retain(|w| !all.iter().any(|o| o != w && o.contains(w.as_str())));
        if words.is_empty() {
            words.push(part.to_string());
        }
        for w in words {
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out.truncate(8);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_becomes_words_that_need_not_be_adjacent() {
        let t = query_terms("扬尘治理");
        assert_eq!(t, vec!["扬尘", "治理"]);
        let text = "城区扬尘污染治理不到位";
        assert!(t.iter().all(|w| text.contains(w.as_str())));
        assert!(
            !text.contains("扬尘治理"),
            "a substring search would miss it"
        );
    }

    #[test]
    fn punctuation_stop_words_and_duplicates_are_dropped() {
        assert_eq!(
            query_terms("黑臭水体，黑臭水体的问题"),
            vec!["黑臭", "水体"]
        );
        assert_eq!(query_terms("  "), Vec::<String>::new());
        assert_eq!(
            query_terms("问题"),
            vec!["问题"],
            "a query of stop words alone is kept"
        );
        assert_eq!(query_terms("CK04 矿坑"), vec!["CK04", "矿坑"]);
    }

    #[test]
    fn at_most_eight_terms() {
        let q = "大气 水 土壤 固废 生态 噪声 辐射 海洋 农村 工业";
        assert_eq!(query_terms(q).len(), 8);
    }
}
