//! Traditional → Simplified Chinese folding, so that 技術總監 finds 技术总监
//! and the reverse.
//!
//! Table-driven: `data/traditional.tsv` holds the 3,471 character pairs of
//! CC-CEDICT (CC BY-SA 4.0) whose forms differ, keeping only pairs of equal
//! UTF-8 length, so folding never moves a byte offset and highlights stay
//! exact. Folding happens at analysis time only: stored text is untouched.
//! Japanese kanji that have a simplified Chinese form fold too (職務 → 职务),
//! which index and query do alike.

use std::collections::HashMap;
use std::sync::LazyLock;

const DATA: &str = include_str!("../data/traditional.tsv");

static TABLE: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for line in DATA.lines().filter(|l| !l.starts_with('#')) {
        let mut cells = line.split('\t');
        if let (Some(t), Some(s)) =
            (cells.next().and_then(|c| c.chars().next()), cells.next().and_then(|c| c.chars().next()))
        {
            if t.len_utf8() == s.len_utf8() {
                m.insert(t, s);
            }
        }
    }
    m
});

/// The Simplified form of `text`, or `None` when it holds no Traditional
/// character. The result has the same byte length, character by character.
pub fn fold_traditional(text: &str) -> Option<String> {
    let table = &*TABLE;
    if !text.chars().any(|c| table.contains_key(&c)) {
        return None;
    }
    Some(text.chars().map(|c| table.get(&c).copied().unwrap_or(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_traditional_keeping_byte_offsets() {
        // "technical director", Traditional and Simplified
        assert_eq!(fold_traditional("技術總監").as_deref(), Some("技术总监"));
        assert_eq!(fold_traditional("技术总监"), None);
        let t = "負責預算與招聘";
        assert_eq!(fold_traditional(t).map(|s| s.len()), Some(t.len()));
    }
}
