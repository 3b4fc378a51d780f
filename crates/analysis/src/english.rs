//! English (and any non-CJK script): Unicode word segmentation, NFKC width
//! folding, lowercasing, stop words, Snowball stemming with a stem cache.

use std::cell::RefCell;
use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};
use tantivy_tokenizer_api::Token;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use crate::stop_words;

/// Most distinct words a thread's stem cache holds before it is cleared. The
/// vocabulary of role documents is small (a few tens of thousands of words),
/// so the cache almost always hits after warm-up; the bound keeps a hostile
/// input from growing it without end.
const STEM_CACHE_LIMIT: usize = 200_000;

/// A stemmer and its cache of stems.
type StemCache = (Stemmer, HashMap<Box<str>, Box<str>>);

thread_local! {
    // Snowball is the cost of English analysis (it dominates tantivy's
    // en_stem); caching stems per thread makes a repeated word a hash lookup.
    static STEMS: RefCell<StemCache> =
        RefCell::new((Stemmer::create(Algorithm::English), HashMap::new()));
}

/// Stems a lowercase word, through the thread's cache.
pub fn stem(word: &str) -> String {
    STEMS.with(|cell| {
        let mut guard = cell.borrow_mut();
        let (stemmer, cache) = &mut *guard;
        if let Some(s) = cache.get(word) {
            return s.to_string();
        }
        let s = stemmer.stem(word).into_owned();
        if cache.len() >= STEM_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(word.into(), s.clone().into_boxed_str());
        s
    })
}

/// Lowercases and folds a word: ASCII takes a fast path; anything else goes
/// through NFKC (full-width Ａ → A, ligatures) and Unicode lowercasing.
pub fn normalize(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfkc().flat_map(char::to_lowercase).map(|c| if c == '\u{2019}' { '\'' } else { c }).collect()
}

fn is_acronym(word: &str) -> bool {
    word.len() >= 2 && word.chars().all(|c| c.is_uppercase())
}

/// Analyses `text` (a slice of a larger text starting at byte `base`),
/// appending tokens. `position` is the next free position.
pub(crate) fn analyze_run(text: &str, base: usize, position: &mut usize, out: &mut Vec<Token>) {
    for (i, word) in text.unicode_word_indices() {
        let norm = normalize(word);
        let pos = *position;
        *position += 1;
        // "IT" (office IT) and "US" are not the stop words "it" and "us".
        if stop_words::is_english_stop(&norm) && !is_acronym(word) {
            continue;
        }
        let text = if norm.chars().any(char::is_alphabetic) { stem(&norm) } else { norm };
        out.push(Token {
            offset_from: base + i,
            offset_to: base + i + word.len(),
            position: pos,
            text,
            position_length: 1,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_folds_and_drops_stop_words() {
        let mut out = Vec::new();
        let mut pos = 0;
        analyze_run("Hiring the Engineers for office IT, ＡＰＩ", 0, &mut pos, &mut out);
        let texts: Vec<_> = out.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["hire", "engin", "offic", "it", "api"]);
        assert_eq!(out[1].position, 2, "stop words keep their position");
    }
}
