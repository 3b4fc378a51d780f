//! Word-level Chinese ↔ English translation from a CC-CEDICT subset: the
//! fallback for words the curated lexicon lacks.
//!
//! CC-CEDICT glosses are noisy (管理 → supervise, manage, administer), so
//! callers weight these translations well below lexicon concepts. English →
//! Chinese only follows glosses that are a single word, ranked by how
//! primary the meaning is to the Chinese word.
//!
//! The data (`data/cedict-subset.tsv` and its reverse index
//! `data/cedict-reverse.tsv`, CC BY-SA 4.0, see `data/NOTICE`) is compiled in
//! and sorted; a lookup is a binary search over its lines, and only the
//! glosses of the entry found are analysed. Parsing all 56,000 entries up
//! front cost about 200 ms, more than a whole cold search should take.

use std::sync::LazyLock;

const FORWARD: &str = include_str!("../data/cedict-subset.tsv");
const REVERSE: &str = include_str!("../data/cedict-reverse.tsv");

static DICTIONARY: LazyLock<Dictionary> = LazyLock::new(|| Dictionary::new(FORWARD, REVERSE));

/// A sorted, tab-separated table searched by its first column.
#[derive(Debug)]
pub(crate) struct Table {
    lines: Vec<&'static str>,
}

impl Table {
    pub(crate) fn new(text: &'static str) -> Table {
        Table { lines: text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect() }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&'static str> {
        self.lines.binary_search_by(|l| l.split('\t').next().unwrap_or("").cmp(key)).ok().map(|i| self.lines[i])
    }

    /// The `|`-separated cells of `key`'s second column; empty when the key is absent.
    pub(crate) fn cells(&self, key: &str) -> Vec<&'static str> {
        let column = self.get(key).and_then(|l| l.split('\t').nth(1)).unwrap_or("");
        column.split('|').filter(|c| !c.is_empty()).collect()
    }
}

/// Chinese words with their English glosses, and the reverse.
#[derive(Debug)]
pub struct Dictionary {
    forward: Table,
    reverse: Table,
}

impl Dictionary {
    fn new(forward: &'static str, reverse: &'static str) -> Dictionary {
        Dictionary { forward: Table::new(forward), reverse: Table::new(reverse) }
    }

    /// The shipped CC-CEDICT subset, indexed on first use and shared.
    pub fn builtin() -> &'static Dictionary {
        &DICTIONARY
    }

    /// English tokens (analysed: lowercased, stemmed) glossing a Chinese word;
    /// empty when the word is unknown.
    pub fn english_of(&self, zh: &str) -> Vec<String> {
        let Some(line) = self.forward.get(zh) else { return Vec::new() };
        let glosses = line.split('\t').nth(2).unwrap_or("");
        let mut out: Vec<String> = Vec::new();
        let mut tokens = crate::TokenList::default();
        crate::english::analyze_run(&glosses.replace('|', " ; "), 0, &mut 0, &mut tokens);
        for t in tokens.iter() {
            if !out.iter().any(|o| o == t.text) {
                out.push(t.text.to_string());
            }
        }
        out
    }

    /// Chinese words whose gloss is exactly this English word (given as
    /// written, lowercased; callers try the stem too).
    pub fn chinese_of(&self, en: &str) -> Vec<String> {
        self.reverse.cells(en).into_iter().map(str::to_string).collect()
    }

    /// The Simplified form of a Traditional word, when the entry's traditional
    /// column says so (a linear scan: for tests and tools, not hot paths).
    pub fn simplified_of(&self, traditional: &str) -> Option<&'static str> {
        self.forward.lines.iter().find_map(|l| {
            let mut c = l.split('\t');
            let simp = c.next()?;
            (c.next()? == traditional).then_some(simp)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_both_ways() {
        let d = Dictionary::builtin();
        // 预算 "budget", 招聘 "recruit", 趋势 "trend"
        assert!(d.english_of("预算").contains(&"budget".to_string()));
        assert!(d.chinese_of("recruit").contains(&"招聘".to_string()), "{:?}", d.chinese_of("recruit"));
        assert!(d.chinese_of("trend").contains(&"趋势".to_string()));
        assert_eq!(d.simplified_of("預算"), Some("预算"));
        assert!(d.english_of("不存在的词").is_empty());
    }
}
