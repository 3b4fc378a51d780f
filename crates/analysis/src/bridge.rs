//! The learned bilingual layer: for an index term, the terms of the other
//! scripts (Latin, Han, kana) that mean the same, with how close they are.
//!
//! Where the lexicon is precise and small and CC-CEDICT covers Chinese ↔
//! English only, this layer covers English, Chinese and Japanese words
//! nobody wrote an entry for (code review ↔ 代码审查 ↔ コードレビュー). It is
//! distilled once, offline, by `scripts/make_bridge.py` from a multilingual
//! sentence encoder (Universal Sentence Encoder Multilingual v3, Apache-2.0;
//! see `data/NOTICE`): each vocabulary word is embedded alone, vectors are
//! centred per script, and each term keeps its nearest terms of the other
//! scripts by CSLS with their cosine. Nothing runs a model at build or run
//! time; the table is compiled in and looked up by binary search, like the
//! dictionary, so a cold search pays nothing to load it.

use std::sync::LazyLock;

use crate::dictionary::Table;

const DATA: &str = include_str!("../data/bridge.tsv");

static BRIDGE: LazyLock<Bridge> = LazyLock::new(|| Bridge { table: Table::new(DATA) });

/// Cross-language neighbours of index terms, learned from a sentence encoder.
#[derive(Debug)]
pub struct Bridge {
    table: Table,
}

impl Bridge {
    /// The shipped table, indexed on first use and shared.
    pub fn builtin() -> &'static Bridge {
        &BRIDGE
    }

    /// Terms of other scripts close in meaning to `term` (an analysed index
    /// term: an English stem, a Chinese or Japanese word), closest first,
    /// with their cosine (0..=1); empty for a term the layer does not know.
    pub fn neighbours(&self, term: &str) -> Vec<(&'static str, f32)> {
        let Some(line) = self.table.get(term) else { return Vec::new() };
        line.split('\t')
            .nth(1)
            .unwrap_or("")
            .split('|')
            .filter_map(|cell| {
                let (word, cos) = cell.rsplit_once(':')?;
                Some((word, cos.parse::<f32>().ok()?))
            })
            .collect()
    }
}

impl Bridge {
    /// [`neighbours`](Bridge::neighbours) of `term`, or, for a Chinese or
    /// Japanese word the layer does not know, of the known words it is made
    /// of: katakana compounds are kept whole by the analyzer (コードレビュー)
    /// and are often missing from the vocabulary where their parts (コード,
    /// レビュー) are not. The parts are found longest first, left to right;
    /// each part's links count with a tenth less confidence.
    pub fn links(&self, term: &str) -> Vec<(&'static str, f32)> {
        let direct = self.neighbours(term);
        if !direct.is_empty() || !term.chars().all(|c| rolesearch_doc::is_han(c) || rolesearch_doc::is_kana(c)) {
            return direct;
        }
        let (parts, _) = crate::parts::known_parts(term, MAX_PART_CHARS, |part| self.knows(part));
        let mut out: Vec<(&'static str, f32)> = Vec::new();
        for (from, to) in parts {
            for (w, c) in self.neighbours(&term[from..to]) {
                if !out.iter().any(|(x, _)| *x == w) {
                    out.push((w, c * 0.9));
                }
            }
        }
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out
    }

    /// Whether the layer knows `term` (has links for it).
    pub fn knows(&self, term: &str) -> bool {
        self.table.get(term).is_some()
    }
}

/// Longest part [`Bridge::links`] looks up, in characters.
const MAX_PART_CHARS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    fn has(term: &str, other: &str) -> bool {
        Bridge::builtin().neighbours(term).iter().any(|(w, _)| *w == other)
    }

    #[test]
    fn words_meet_their_translations_in_each_script() {
        // None of these pairs is in the lexicon or needed CC-CEDICT to be learned.
        assert!(has("代码审查", "review") || has("审查", "review"), "{:?}", Bridge::builtin().neighbours("审查"));
        assert!(has("budget", "预算"), "{:?}", Bridge::builtin().neighbours("budget"));
        assert!(has("预算", "budget"));
        assert!(Bridge::builtin().neighbours("budget").iter().all(|(_, c)| (0.0..=1.0).contains(c)));
        assert!(Bridge::builtin().neighbours("no-such-term-xyz").is_empty());
    }

    #[test]
    fn japanese_han_words_link_to_english_and_leave_chinese_alone() {
        // Keys are folded, as the index holds them: 知見 → 知见, 進捗 → 进捗.
        assert!(has("知见", "insight"), "{:?}", Bridge::builtin().neighbours("知见"));
        assert!(has("进捗", "progress"), "{:?}", Bridge::builtin().neighbours("进捗"));
        assert!(has("面接", "interview"), "{:?}", Bridge::builtin().neighbours("面接"));
        assert!(has("estim", "见积"), "見積 is among estimate's neighbours");
        // A word only Japanese writes is near Chinese words for the characters
        // they share (知見 → 明知), so it links to English only...
        let han = |w: &str| w.chars().any(rolesearch_doc::is_han);
        assert!(!Bridge::builtin().neighbours("知见").iter().any(|(w, _)| han(w)));
        // ...and has places of its own: an English word keeps its Chinese ones.
        assert!(has("simpl", "简洁"), "{:?}", Bridge::builtin().neighbours("simpl"));
    }

    #[test]
    fn unknown_katakana_compounds_link_through_their_parts() {
        let b = Bridge::builtin();
        assert!(b.neighbours("コードレビュー").is_empty(), "the vocabulary now has it: pick another compound");
        let links = b.links("コードレビュー");
        assert!(links.iter().any(|(w, _)| *w == "review"), "{links:?}");
        assert!(links.iter().any(|(w, _)| *w == "code"), "{links:?}");
        assert!(b.links("no-such-term-xyz").is_empty());
    }
}
