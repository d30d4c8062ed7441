//! Personal names written together without a separator (「张伟李明王芳」):
//! split into pieces of two or three characters (three or four after a
//! compound surname), each starting with a surname from the table in
//! `data/surnames.txt`; among the possible splits, the one jieba's
//! person-name tagging (`nr`) and word boundaries agree with most.

use jieba_rs::Jieba;
use once_cell::sync::Lazy;
use std::collections::HashSet;

static SURNAMES: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    include_str!("../../data/surnames.txt")
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
});

static JIEBA: Lazy<Jieba> = Lazy::new(Jieba::new);

/// Characters of titles and offices, rare in given names.
const TITLE_CHARS: &str = "长记任委局办市县区副主书厅处科";

/// The surname a name starts with, compound surnames first.
pub(crate) fn surname_of(name: &str) -> Option<&'static str> {
    let two: String = name.chars().take(2).collect();
    let one: String = name.chars().take(1).collect();
    SURNAMES
        .get(two.as_str())
        .filter(|_| two.chars().count() == 2)
        .or_else(|| SURNAMES.get(one.as_str()))
        .copied()
}

/// Splits run-together names; `None` when the token is no such run (a single
/// name, a title, anything with a piece that does not start with a surname).
pub(crate) fn split_names(token: &str) -> Option<Vec<String>> {
    let chars: Vec<char> = token.chars().collect();
    let n = chars.len();
    if !(4..=16).contains(&n) || !chars.iter().all(|c| is_han(*c)) {
        return None;
    }
    // Jieba's view: word boundaries and the words it tags as names.
    let mut bounds: HashSet<usize> = HashSet::new();
    let mut tagged: HashSet<(usize, usize)> = HashSet::new();
    let mut pos = 0;
    for t in JIEBA.tag(token, true) {
        let len = t.word.chars().count();
        if t.tag.starts_with("nr") {
            tagged.insert((pos, pos + len));
        }
        pos += len;
        bounds.insert(pos);
    }
    let mut best: Option<(i32, Vec<(usize, usize)>)> = None;
    let mut stack: Vec<(usize, Vec<(usize, usize)>)> = vec![(0, Vec::new())];
    let mut steps = 0;
    while let Some((at, pieces)) = stack.pop() {
        steps += 1;
        if steps > 2_000 {
            break;
        }
        if at == n {
            if pieces.len() < 2 {
                continue;
            }
            let score: i32 = pieces
                .iter()
                .map(|(a, b)| {
                    2 * i32::from(tagged.contains(&(*a, *b))) + i32::from(bounds.contains(b))
                })
                .sum();
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, pieces));
            }
            continue;
        }
        let rest: String = chars[at..].iter().collect();
        let Some(surname) = surname_of(&rest) else {
            continue;
        };
        let s = surname.chars().count();
        for given in 1..=2 {
            let end = at + s + given;
            // Given names do not hold the words of titles (区长, 副书记 …).
            let title_word = chars
                .get(at + s..end.min(n))
                .is_some_and(|g| g.iter().any(|c| TITLE_CHARS.contains(*c)));
            if end <= n && !title_word {
                let mut p = pieces.clone();
                p.push((at, end));
                stack.push((end, p));
            }
        }
    }
    let (_, pieces) = best?;
    Some(
        pieces
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect(),
    )
}

/// 「张伟（副市长）李明王芳」: a name with its title in brackets followed by
/// more names without a separator → 「张伟（副市长）」「李明王芳」.
pub(crate) fn split_after_brackets(item: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = item.trim();
    while let Some(i) = rest.find(['）', ')']) {
        let close = rest[i..].chars().next().map(char::len_utf8).unwrap_or(1);
        let (head, tail) = rest.split_at(i + close);
        let tail = tail.trim();
        let name_follows = !tail.is_empty()
            && surname_of(tail).is_some()
            && (split_names(tail).is_some()
                || (2..=3).contains(&tail.chars().take_while(|c| is_han(*c)).count())
                    && !tail.contains(['（', '(']));
        if !name_follows {
            break;
        }
        out.push(head.to_string());
        rest = tail;
    }
    out.push(rest.to_string());
    out
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_written_together_split() {
        assert_eq!(
            split_names("张伟李明王芳"),
            Some(vec!["张伟".into(), "李明".into(), "王芳".into()])
        );
        assert_eq!(
            split_names("王建国刘洋"),
            Some(vec!["王建国".into(), "刘洋".into()])
        );
        assert_eq!(
            split_names("欧阳文华陈静"),
            Some(vec!["欧阳文华".into(), "陈静".into()])
        );
        assert_eq!(split_names("市委常委副市长"), None);
        assert_eq!(split_names("区长张伟"), None);
        assert_eq!(split_names("张伟"), None);
        assert_eq!(split_names("生态环境局"), None);
    }
}
