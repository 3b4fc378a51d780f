//! Katakana loanwords and the English words they come from: マージ is
//! "merge", コントリビューター is "contributor".
//!
//! Japanese writes most of the vocabulary of software and business roles in
//! katakana, borrowed from English. The learned layer embeds each word alone
//! and places many of them badly (a sentence encoder's nearest English term
//! for マージ is "dim"), and most are too new for IPADIC. UniDic records the
//! origin of every foreign word it lists ("マージ-merge"): a dictionary fact
//! for about 33,000 katakana words, which `scripts/make_loanwords.py` keys by
//! this crate's own analysis (katakana word → English stems, and the reverse).
//! UniDic 3.1.1 (2022) lacks many of the newest (ワークフロー, メンタリング,
//! リトライ); JMdict lists them with a meaning, not an origin, so the script
//! adds such a word only when its one-word English gloss sounds like it.
//!
//! The data (`data/loanwords.tsv`, `data/loanwords-reverse.tsv`; UniDic 3.1.1,
//! BSD-3-Clause, and JMdict, CC BY-SA 4.0, see `data/NOTICE`) is compiled in
//! and sorted; a lookup is a binary search, like [`Dictionary`](crate::Dictionary)'s.

use std::sync::LazyLock;

use crate::dictionary::Table;

const FORWARD: &str = include_str!("../data/loanwords.tsv");
const REVERSE: &str = include_str!("../data/loanwords-reverse.tsv");

static LOANWORDS: LazyLock<Loanwords> =
    LazyLock::new(|| Loanwords { forward: Table::new(FORWARD), reverse: Table::new(REVERSE) });

/// Longest part of an unknown katakana compound looked up, in characters.
const MAX_PART_CHARS: usize = 12;

/// Katakana words with the English words they were borrowed from, and the reverse.
#[derive(Debug)]
pub struct Loanwords {
    forward: Table,
    reverse: Table,
}

impl Loanwords {
    /// The shipped table, indexed on first use and shared.
    pub fn builtin() -> &'static Loanwords {
        &LOANWORDS
    }

    /// Whether `term` (an index term) is a katakana loanword the table lists.
    pub fn knows(&self, term: &str) -> bool {
        self.forward.get(term).is_some()
    }

    /// The English index terms (stems) a katakana term was borrowed from;
    /// for a compound the table does not list (メンバーシップリクエスト), those
    /// of the listed words it is made of, left to right. Empty for other words.
    pub fn english_of(&self, term: &str) -> Vec<&'static str> {
        let direct = self.forward.cells(term);
        if !direct.is_empty() || !term.chars().all(rolesearch_doc::is_kana) {
            return direct;
        }
        let mut out: Vec<&'static str> = Vec::new();
        let (parts, _) = crate::parts::known_parts(term, MAX_PART_CHARS, |w| self.knows(w));
        for (from, to) in parts {
            for en in self.forward.cells(&term[from..to]) {
                if !out.contains(&en) {
                    out.push(en);
                }
            }
        }
        out
    }

    /// The katakana index terms borrowed from an English index term (a stem:
    /// "merg" → マージ), the most common first.
    pub fn katakana_of(&self, english: &str) -> Vec<&'static str> {
        self.reverse.cells(english)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn katakana_words_meet_the_english_they_come_from() {
        let l = Loanwords::builtin();
        // The learned layer links none of these to its English word.
        assert_eq!(l.english_of("マージ"), ["merg"]);
        assert!(
            l.english_of("コントリビューター").contains(&"contributor"),
            "{:?}",
            l.english_of("コントリビューター")
        );
        assert!(l.english_of("リポジトリ").contains(&"repositori"));
        assert!(l.katakana_of("merg").contains(&"マージ"), "{:?}", l.katakana_of("merg"));
        assert!(l.katakana_of("commit").contains(&"コミット"));
        assert!(l.english_of("review").is_empty() && l.english_of("合并").is_empty());
        assert!(l.katakana_of("no-such-word").is_empty());
    }

    #[test]
    fn words_unidic_lacks_come_from_jmdict_when_the_gloss_sounds_like_them() {
        let l = Loanwords::builtin();
        // None of these is in UniDic 3.1.1.
        assert_eq!(l.english_of("ワークフロー"), ["workflow"]);
        assert_eq!(l.english_of("リトライ"), ["retri"]);
        assert!(l.katakana_of("workflow").contains(&"ワークフロー"), "{:?}", l.katakana_of("workflow"));
        // ...and UniDic's spellings stay first: JMdict's follow them.
        let abstract_ = l.katakana_of("abstract");
        assert_eq!(abstract_.first(), Some(&"アブストラクト"), "{abstract_:?}");
        assert_eq!(abstract_.last(), Some(&"アブストラクション"), "{abstract_:?}");
        // A gloss that is a meaning, not the word borrowed, is left out:
        // チンピラ is Japanese written in katakana, glossed "hoodlum".
        assert!(!l.knows("チンピラ"));
        // An acronym spelled out letter by letter is not the word its letters spell.
        assert!(!l.knows("アイディーイーエー"));
    }

    #[test]
    fn unlisted_compounds_reach_english_through_their_parts() {
        let l = Loanwords::builtin();
        assert!(!l.knows("メンバーシップリクエスト"), "UniDic lists it now: pick another compound");
        let en = l.english_of("メンバーシップリクエスト");
        assert!(en.contains(&"membership") && en.contains(&"request"), "{en:?}");
    }
}
