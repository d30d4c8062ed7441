//! Web pages converted to text sometimes arrive in traditional characters
//! (a site's 繁體 view) and with pinyin ruby left inline (「關(guān)」). The
//! label dictionary, the numbering and deadline grammars and the declared
//! counts are written in simplified characters, so the characters they rely
//! on are folded to their simplified forms and the ruby is dropped.
//!
//! The table covers the vocabulary of rectification plans (问题, 整改, 责任,
//! 单位, 时限, 进展, 完成 …), not the whole script: other characters stay as
//! written.

use crate::numbering::re;
use once_cell::sync::Lazy;
use regex::Regex;

/// (traditional, simplified) pairs.
const PAIRS: &[(char, char)] = &[
    ('個', '个'),
    ('們', '们'),
    ('倫', '伦'),
    ('備', '备'),
    ('側', '侧'),
    ('傳', '传'),
    ('償', '偿'),
    ('優', '优'),
    ('內', '内'),
    ('則', '则'),
    ('創', '创'),
    ('劃', '划'),
    ('務', '务'),
    ('動', '动'),
    ('區', '区'),
    ('協', '协'),
    ('單', '单'),
    ('參', '参'),
    ('員', '员'),
    ('問', '问'),
    ('啟', '启'),
    ('嚴', '严'),
    ('國', '国'),
    ('圍', '围'),
    ('執', '执'),
    ('報', '报'),
    ('場', '场'),
    ('壩', '坝'),
    ('處', '处'),
    ('將', '将'),
    ('對', '对'),
    ('導', '导'),
    ('屬', '属'),
    ('嶺', '岭'),
    ('廣', '广'),
    ('廳', '厅'),
    ('彙', '汇'),
    ('從', '从'),
    ('復', '复'),
    ('應', '应'),
    ('態', '态'),
    ('據', '据'),
    ('擔', '担'),
    ('擬', '拟'),
    ('擴', '扩'),
    ('於', '于'),
    ('時', '时'),
    ('書', '书'),
    ('會', '会'),
    ('條', '条'),
    ('構', '构'),
    ('標', '标'),
    ('樣', '样'),
    ('機', '机'),
    ('檢', '检'),
    ('權', '权'),
    ('歸', '归'),
    ('汙', '污'),
    ('沒', '没'),
    ('況', '况'),
    ('減', '减'),
    ('溝', '沟'),
    ('濟', '济'),
    ('為', '为'),
    ('無', '无'),
    ('狀', '状'),
    ('環', '环'),
    ('產', '产'),
    ('畫', '画'),
    ('當', '当'),
    ('發', '发'),
    ('監', '监'),
    ('盡', '尽'),
    ('確', '确'),
    ('種', '种'),
    ('窪', '洼'),
    ('範', '范'),
    ('節', '节'),
    ('類', '类'),
    ('級', '级'),
    ('納', '纳'),
    ('組', '组'),
    ('結', '结'),
    ('給', '给'),
    ('統', '统'),
    ('經', '经'),
    ('綜', '综'),
    ('綠', '绿'),
    ('緊', '紧'),
    ('總', '总'),
    ('縣', '县'),
    ('續', '续'),
    ('織', '织'),
    ('習', '习'),
    ('聯', '联'),
    ('與', '与'),
    ('舉', '举'),
    ('華', '华'),
    ('萬', '万'),
    ('號', '号'),
    ('補', '补'),
    ('製', '制'),
    ('規', '规'),
    ('視', '视'),
    ('覺', '觉'),
    ('觀', '观'),
    ('計', '计'),
    ('記', '记'),
    ('設', '设'),
    ('許', '许'),
    ('訴', '诉'),
    ('診', '诊'),
    ('評', '评'),
    ('試', '试'),
    ('該', '该'),
    ('認', '认'),
    ('說', '说'),
    ('調', '调'),
    ('請', '请'),
    ('諾', '诺'),
    ('謀', '谋'),
    ('證', '证'),
    ('變', '变'),
    ('負', '负'),
    ('責', '责'),
    ('質', '质'),
    ('費', '费'),
    ('資', '资'),
    ('車', '车'),
    ('較', '较'),
    ('農', '农'),
    ('這', '这'),
    ('進', '进'),
    ('過', '过'),
    ('達', '达'),
    ('違', '违'),
    ('適', '适'),
    ('選', '选'),
    ('還', '还'),
    ('邊', '边'),
    ('鄉', '乡'),
    ('醫', '医'),
    ('釋', '释'),
    ('針', '针'),
    ('鎮', '镇'),
    ('長', '长'),
    ('門', '门'),
    ('開', '开'),
    ('間', '间'),
    ('關', '关'),
    ('陳', '陈'),
    ('際', '际'),
    ('隊', '队'),
    ('階', '阶'),
    ('隨', '随'),
    ('險', '险'),
    ('雙', '双'),
    ('項', '项'),
    ('順', '顺'),
    ('預', '预'),
    ('領', '领'),
    ('頭', '头'),
    ('題', '题'),
    ('顯', '显'),
    ('風', '风'),
    ('養', '养'),
    ('體', '体'),
    ('點', '点'),
    ('堅', '坚'),
    ('實', '实'),
    ('現', '现'),
    ('辦', '办'),
    ('牽', '牵'),
    ('維', '维'),
    ('護', '护'),
    ('後', '后'),
    ('氣', '气'),
];

// Pinyin ruby after a Han character: 「關(guān)」.
static RE_RUBY: Lazy<Regex> =
    Lazy::new(|| re(r"(\p{Han})\(([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)\)"));

static TABLE: Lazy<std::collections::HashMap<char, char>> =
    Lazy::new(|| PAIRS.iter().copied().collect());

fn simplified(c: char) -> char {
    if c < '\u{4e00}' {
        return c;
    }
    TABLE.get(&c).copied().unwrap_or(c)
}

/// Drops pinyin ruby and folds the listed traditional characters.
pub(crate) fn fold(s: &str) -> String {
    let s = if s.contains('(') {
        RE_RUBY.replace_all(s, "$1").into_owned()
    } else {
        s.to_string()
    };
    if s.is_ascii() {
        return s;
    }
    s.chars().map(simplified).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_traditional_labels_and_drops_ruby() {
        assert_eq!(fold("責任單位：市生態環境局"), "责任单位：市生态环境局");
        assert_eq!(
            fold("南寧市人民政府關(guān)于整改情況"),
            "南寧市人民政府关于整改情况"
        );
        assert_eq!(fold("共六類25個具體問題"), "共六类25个具体问题");
        assert_eq!(fold("PM2.5(年均)"), "PM2.5(年均)");
    }
}
