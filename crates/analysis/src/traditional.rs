//! Traditional → Simplified Chinese folding, so that 技術總監 finds 技术总监
//! and the reverse.
//!
//! Table-driven: `data/traditional.tsv` holds the 3,471 character pairs of
//! CC-CEDICT (CC BY-SA 4.0) whose forms differ, keeping only pairs of equal
//! UTF-8 length, so folding never moves a byte offset and highlights stay
//! exact. Folding happens at analysis time only: stored text is untouched.
//! Japanese kanji that have a simplified Chinese form fold too (職務 → 职务),
//! which index and query do alike. So do the Japanese shinjitai that are
//! neither form (変 → 变, 対 → 对, 関 → 关: `data/shinjitai.tsv`, 200
//! characters, from OpenCC's JPVariants via the Traditional original; see
//! `scripts/make_shinjitai.py`): without them jieba split 変更 into 変 / 更
//! and nothing linked it to "change".

use std::collections::HashMap;
use std::sync::LazyLock;

const DATA: &str = include_str!("../data/traditional.tsv");
const SHINJITAI: &str = include_str!("../data/shinjitai.tsv");

/// Start of the range looked up by index: CJK Extension A and the Unified
/// Ideographs (U+3400..U+9FFF) hold nearly every pair.
const DENSE_START: u32 = 0x3400;
const DENSE_END: u32 = 0xA000;

/// Every character of Chinese text is looked up, so the common range is an
/// array indexed by code point (110 KB), not a hash map: hashing each
/// character cost a fifth of Chinese analysis time.
pub(crate) struct Table {
    dense: Vec<char>,
    /// One bit per code point of the dense range: has a Simplified form.
    /// Most Chinese text has nothing to fold, and this 3.4 KB bitmap answers
    /// that from the L1 cache where the 110 KB array would not.
    bits: Vec<u64>,
    rest: HashMap<char, char>,
}

impl Table {
    /// True when `c` is a Traditional character with a Simplified form.
    #[inline]
    pub(crate) fn folds(&self, c: char) -> bool {
        let u = c as u32;
        if (DENSE_START..DENSE_END).contains(&u) {
            let k = (u - DENSE_START) as usize;
            self.bits[k / 64] & (1 << (k % 64)) != 0
        } else {
            u >= 0x2E80 && self.rest.contains_key(&c)
        }
    }

    fn get(&self, c: char) -> Option<char> {
        let u = c as u32;
        if (DENSE_START..DENSE_END).contains(&u) {
            let s = self.dense[(u - DENSE_START) as usize];
            (s != '\0').then_some(s)
        } else if u < 0x2E80 {
            None // no Traditional forms below the CJK radicals
        } else {
            self.rest.get(&c).copied()
        }
    }
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let size = (DENSE_END - DENSE_START) as usize;
    let mut table = Table { dense: vec!['\0'; size], bits: vec![0; size.div_ceil(64)], rest: HashMap::new() };
    for line in DATA.lines().chain(SHINJITAI.lines()).filter(|l| !l.starts_with('#')) {
        let mut cells = line.split('\t');
        if let (Some(t), Some(s)) =
            (cells.next().and_then(|c| c.chars().next()), cells.next().and_then(|c| c.chars().next()))
        {
            if t.len_utf8() == s.len_utf8() {
                let u = t as u32;
                if (DENSE_START..DENSE_END).contains(&u) {
                    let k = (u - DENSE_START) as usize;
                    table.dense[k] = s;
                    table.bits[k / 64] |= 1 << (k % 64);
                } else {
                    table.rest.insert(t, s);
                }
            }
        }
    }
    table
});

/// The folding table (loaded on first use).
pub(crate) fn table() -> &'static Table {
    &TABLE
}

/// The Japanese shinjitai of `data/shinjitai.tsv`, sorted: forms neither
/// Chinese script writes.
static SHINJITAI_FORMS: LazyLock<Vec<char>> = LazyLock::new(|| {
    let mut forms: Vec<char> =
        SHINJITAI.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.chars().next()).collect();
    forms.sort_unstable();
    forms
});

/// Whether `text` holds a kanji that only Japanese writes (経, 対, 検: a
/// shinjitai that is neither the Simplified nor the Traditional form): Han
/// text without kana is then Japanese all the same.
pub(crate) fn has_japanese_form(text: &str) -> bool {
    let table = &*TABLE;
    text.chars().any(|c| table.folds(c) && SHINJITAI_FORMS.binary_search(&c).is_ok())
}

/// Whether text that no document language vouches for (a query, a title)
/// reads as Japanese: it has kana, or a kanji only Japanese writes (経,
/// 対, 検: a shinjitai that is neither the Simplified nor the Traditional form).
pub fn reads_as_japanese(text: &str) -> bool {
    text.chars().any(rolesearch_doc::is_kana) || has_japanese_form(text)
}

/// The Simplified form of `text`, or `None` when it holds no Traditional
/// character. The result has the same byte length, character by character.
pub fn fold_traditional(text: &str) -> Option<String> {
    let table = &*TABLE;
    if !text.chars().any(|c| table.folds(c)) {
        return None;
    }
    Some(text.chars().map(|c| table.get(c).unwrap_or(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kanji_only_japanese_writes_mark_japanese_text() {
        assert!(has_japanese_form("経理")); // Chinese writes 经理 / 經理
        assert!(has_japanese_form("障害対応"));
        assert!(!has_japanese_form("经理"));
        assert!(!has_japanese_form("經理"));
        assert!(!has_japanese_form("予算")); // 予 is Chinese too
        assert!(!has_japanese_form("budget"));
    }

    #[test]
    fn folds_traditional_keeping_byte_offsets() {
        // "technical director", Traditional and Simplified
        assert_eq!(fold_traditional("技術總監").as_deref(), Some("技术总监"));
        assert_eq!(fold_traditional("技术总监"), None);
        let t = "負責預算與招聘";
        assert_eq!(fold_traditional(t).map(|s| s.len()), Some(t.len()));
    }

    #[test]
    fn japanese_shinjitai_fold_to_simplified_but_chinese_characters_stay() {
        // "change", "response", "relation" in Japanese
        assert_eq!(fold_traditional("変更・対応・関係").as_deref(), Some("变更・对应・关系"));
        // Characters that are ordinary Chinese in their own right are not
        // folded, though Japanese uses them as shinjitai (予 for 豫, 欠 for 缺).
        assert_eq!(fold_traditional("给予欠款"), None);
    }
}
