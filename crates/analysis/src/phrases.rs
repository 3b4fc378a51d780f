//! Words that mean an English expression of several words, and the reverse:
//! 行为准则 "code of conduct", 开源 "open source", 跟进 "follow up".
//!
//! The word tables of [`crate::Dictionary`] follow single-word glosses only,
//! so an expression reached its translation word by word, in the wrong
//! senses: "code of conduct" searched 代码 (program code) and 进行 (to carry
//! out), and 行動規範 searched "action" and "about" (from "move about").
//! Dictionaries list these expressions as glosses of one word; this table
//! keeps them whole, keyed by the terms the index holds ("code conduct").
//!
//! The data (`data/phrases.tsv`, `data/phrases-cjk.tsv`, CC BY-SA 4.0 from
//! CC-CEDICT and JMdict, see `data/NOTICE`) is built by
//! `scripts/make_phrases.py`, compiled in and sorted: a lookup is a binary
//! search, and nothing is parsed up front.

use std::sync::LazyLock;

use crate::dictionary::Table;

const TO_CJK: &str = include_str!("../data/phrases.tsv");
const TO_ENGLISH: &str = include_str!("../data/phrases-cjk.tsv");

static PHRASES: LazyLock<Phrases> =
    LazyLock::new(|| Phrases { to_cjk: Table::new(TO_CJK), to_english: Table::new(TO_ENGLISH) });

/// Most English terms of an expression the table keys.
pub const MAX_PHRASE_TERMS: usize = 3;

/// English expressions ↔ Chinese and Japanese words, from dictionary glosses.
#[derive(Debug)]
pub struct Phrases {
    to_cjk: Table,
    to_english: Table,
}

impl Phrases {
    /// The shipped table, indexed on first use and shared.
    pub fn builtin() -> &'static Phrases {
        &PHRASES
    }

    /// Chinese and Japanese words (Chinese first, as the dictionaries write
    /// them) for an English expression given as its index terms in order
    /// (`["code", "conduct"]`); empty when no dictionary glosses a word so.
    pub fn words_for(&self, terms: &[&str]) -> Vec<&'static str> {
        if !(2..=MAX_PHRASE_TERMS).contains(&terms.len()) {
            return Vec::new();
        }
        self.to_cjk.cells(&terms.join(" "))
    }

    /// The English expressions a Chinese or Japanese word (folded, or as
    /// written) is glossed with, each as its index terms in order.
    pub fn expressions_of(&self, word: &str) -> Vec<Vec<&'static str>> {
        let key = crate::traditional::fold_traditional(word);
        let key = key.as_deref().unwrap_or(word);
        self.to_english.cells(key).into_iter().map(|c| c.split(' ').collect()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_meet_the_words_that_mean_them() {
        let p = Phrases::builtin();
        assert!(p.words_for(&["code", "conduct"]).contains(&"行为准则"), "{:?}", p.words_for(&["code", "conduct"]));
        assert!(p.words_for(&["sourc", "code"]).contains(&"源代码"));
        assert!(p.expressions_of("行为准则").contains(&vec!["code", "conduct"]));
        assert!(p.expressions_of("跟进").contains(&vec!["follow", "up"]));
        // One term is a word, not an expression: the word tables have it.
        assert!(p.words_for(&["code"]).is_empty());
        assert!(p.expressions_of("不存在的词").is_empty());
    }
}
