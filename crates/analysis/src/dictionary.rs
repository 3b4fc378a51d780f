//! Word-level Chinese ↔ English translation from a CC-CEDICT subset, and
//! Japanese ↔ English from a JMdict subset: the fallback for words the
//! curated lexicon lacks.
//!
//! Japanese kanji are folded to Simplified Chinese before analysis (職務 →
//! 职务), so a JMdict headword is keyed by its folded form, the token the
//! index holds. The two dictionaries then share keys but not always senses
//! (担当: Chinese "assume", Japanese "in charge of"), so callers ask for the
//! language they read: [`Dictionary::readings`].
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
const JA_FORWARD: &str = include_str!("../data/jmdict-subset.tsv");
const JA_REVERSE: &str = include_str!("../data/jmdict-reverse.tsv");

static DICTIONARY: LazyLock<Dictionary> =
    LazyLock::new(|| Dictionary::new([FORWARD, REVERSE], [JA_FORWARD, JA_REVERSE]));

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

/// Chinese and Japanese words with their English glosses, and the reverse.
#[derive(Debug)]
pub struct Dictionary {
    forward: Table,
    reverse: Table,
    ja_forward: Table,
    ja_reverse: Table,
}

impl Dictionary {
    fn new([forward, reverse]: [&'static str; 2], [ja_forward, ja_reverse]: [&'static str; 2]) -> Dictionary {
        Dictionary {
            forward: Table::new(forward),
            reverse: Table::new(reverse),
            ja_forward: Table::new(ja_forward),
            ja_reverse: Table::new(ja_reverse),
        }
    }

    /// The shipped CC-CEDICT subset, indexed on first use and shared.
    pub fn builtin() -> &'static Dictionary {
        &DICTIONARY
    }

    /// English tokens (analysed: lowercased, stemmed) glossing a Chinese word;
    /// empty when the word is unknown.
    pub fn english_of(&self, zh: &str) -> Vec<String> {
        let mut out = Vec::new();
        glosses_of(&self.forward, zh, &mut out);
        out
    }

    /// English tokens glossing a (folded) Japanese word, from JMdict; empty
    /// when the word is unknown.
    pub fn english_of_japanese(&self, ja: &str) -> Vec<String> {
        let mut out = Vec::new();
        glosses_of(&self.ja_forward, ja, &mut out);
        out
    }

    /// English tokens glossing a Han word read as Japanese (`japanese`) or
    /// Chinese: that language's dictionary, or the other's when the first
    /// lacks the word. A word means one thing: 担当 read as Japanese is "in
    /// charge" only, not also CC-CEDICT's "assume" (more readings would
    /// split a word's weight in `compare`); 予算, which only JMdict has,
    /// still reads "budget" in a query without kana.
    pub fn readings(&self, word: &str, japanese: bool) -> Vec<String> {
        let mut out = Vec::new();
        let (first, second) =
            if japanese { (&self.ja_forward, &self.forward) } else { (&self.forward, &self.ja_forward) };
        glosses_of(first, word, &mut out);
        if out.is_empty() {
            glosses_of(second, word, &mut out);
        }
        out
    }

    /// Whether either dictionary glosses the word with a single English
    /// word (担当 "charge", 设定 "set"): then an expression it is also
    /// glossed with (设定 "set up") says no more than its words do.
    pub fn has_one_word_gloss(&self, word: &str) -> bool {
        let key = folded(word);
        [&self.forward, &self.ja_forward].iter().any(|table| {
            table.get(&key).and_then(|l| l.split('\t').nth(2)).is_some_and(|g| g.split('|').any(|g| !g.contains(' ')))
        })
    }

    /// Like [`Dictionary::readings`], saying whether the readings came
    /// from JMdict.
    pub fn readings_from(&self, word: &str, japanese: bool) -> (Vec<String>, bool) {
        let out = self.readings(word, japanese);
        let key = folded(word);
        let from_jmdict = if japanese { self.ja_forward.get(&key).is_some() } else { self.forward.get(&key).is_none() };
        let from_jmdict = from_jmdict && !out.is_empty();
        (out, from_jmdict)
    }

    /// Japanese words (folded, as the index holds them) whose gloss is
    /// exactly this English word, the most common first; or, given a
    /// Chinese word, the Japanese spellings whose twin it is (预算 → 予算).
    /// At most `most` words, each folded (进捗, what jieba's index holds)
    /// and, when JMdict writes it otherwise, also as written (進捗, what
    /// lindera's holds).
    pub fn japanese_of(&self, en_or_zh: &str, most: usize) -> Vec<String> {
        let mut out = Vec::new();
        for word in self.ja_reverse.cells(en_or_zh).into_iter().take(most) {
            out.push(word.to_string());
            if let Some(kanji) = self.ja_forward.get(word).and_then(|l| l.split('\t').nth(1)).filter(|k| !k.is_empty())
            {
                // The Han part of a word with okurigana (見積もり → 見積).
                let han: String = kanji.chars().take_while(|&c| rolesearch_doc::is_han(c)).collect();
                if han != word {
                    out.push(han);
                }
            }
        }
        out
    }

    /// The Chinese words for a Japanese spelling Chinese does not write
    /// (予算 → 预算, 面接 → 面试): matched through a shared gloss and a shared
    /// character by `scripts/make_jmdict_subset.py`.
    pub fn chinese_twins(&self, ja: &str) -> Vec<String> {
        let column = self.ja_forward.get(&folded(ja)).and_then(|l| l.split('\t').nth(4)).unwrap_or("");
        column.split('|').filter(|c| !c.is_empty()).map(str::to_string).collect()
    }

    /// Folded Japanese words that jieba's own dictionary lacks: without
    /// them, jieba cuts 予算 (budget) into 予 / 算, and a single character
    /// reaches no other language. The Chinese analyzer adds them to jieba.
    pub fn words_new_to_jieba(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.ja_forward.lines.iter().filter(|l| l.split('\t').nth(3) == Some("1")).filter_map(|l| l.split('\t').next())
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

/// The dictionaries' key for a word: Traditional and shinjitai folded to
/// Simplified, as the analyzer folds text. Words from lindera (the
/// `japanese` feature) keep their kanji as written (開発, 進捗).
fn folded(word: &str) -> std::borrow::Cow<'_, str> {
    match crate::traditional::fold_traditional(word) {
        Some(f) => std::borrow::Cow::Owned(f),
        None => std::borrow::Cow::Borrowed(word),
    }
}

/// Appends the analysed English tokens of `word`'s glosses in `table` to
/// `out`, skipping tokens already there.
fn glosses_of(table: &Table, word: &str, out: &mut Vec<String>) {
    let Some(line) = table.get(&folded(word)) else { return };
    let glosses = line.split('\t').nth(2).unwrap_or("");
    let mut tokens = crate::TokenList::default();
    crate::english::analyze_run(&glosses.replace('|', " ; "), 0, &mut 0, &mut tokens);
    for t in tokens.iter() {
        if !out.iter().any(|o| o == t.text) {
            out.push(t.text.to_string());
        }
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

    #[test]
    fn japanese_words_read_in_their_own_sense() {
        let d = Dictionary::builtin();
        // 予算 is Japanese only (Chinese writes 预算); 担当 is "assume" in
        // Chinese and "in charge" in Japanese; 実装 is keyed as folded.
        assert!(d.english_of("予算").is_empty());
        assert!(d.readings("予算", true).contains(&"budget".to_string()));
        assert!(d.readings("予算", false).contains(&"budget".to_string()));
        assert_eq!(d.readings("担当", true).first().map(String::as_str), Some("charg"));
        assert_eq!(d.readings("担当", false), ["assum"]);
        assert!(!d.readings("担当", true).contains(&"assum".to_string()));
        assert!(d.readings_from("予算", false).1);
        assert!(!d.readings_from("预算", true).1);
        assert!(
            d.english_of_japanese("实装").contains(&"implement".to_string()),
            "{:?}",
            d.english_of_japanese("实装")
        );
        assert!(d.japanese_of("interview", 4).contains(&"面接".to_string()));
        // Words Chinese writes alike come through CC-CEDICT's reverse index.
        assert!(!d.japanese_of("implementation", 4).contains(&"实施".to_string()));
        let new: Vec<_> = d.words_new_to_jieba().collect();
        assert!(new.contains(&"予算") && new.contains(&"进捗"), "{}", new.len());
        assert!(!new.contains(&"实装"));
        assert_eq!(d.chinese_twins("予算"), ["预算"]);
        assert_eq!(d.japanese_of("预算", 4), ["予算"]);
        // Folded for jieba's index, as written for lindera's.
        assert_eq!(d.japanese_of("overtime", 1), ["残业", "残業"]);
        assert_eq!(d.english_of_japanese("進捗"), d.english_of_japanese("进捗"));
        assert!(d.english_of("開発").contains(&"develop".to_string()));
        assert!(d.chinese_twins("预算").is_empty());
        assert!(d.has_one_word_gloss("设定") && d.has_one_word_gloss("進捗"));
        assert!(!d.has_one_word_gloss("行为准则"));
    }
}
