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
type StemCache = (Stemmer, HashMap<Box<str>, Box<str>, crate::config::FnvBuild>);

thread_local! {
    // Snowball is the cost of English analysis (it dominates tantivy's
    // en_stem); caching stems per thread makes a repeated word a hash lookup.
    static STEMS: RefCell<StemCache> =
        RefCell::new((Stemmer::create(Algorithm::English), HashMap::default()));
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

/// UAX #29 rules WB6/7 and WB11/12 for ASCII: `'` and `.` join two letters
/// or two digits, `:` joins two letters, `,` and `;` join two digits.
fn joins(before: u8, mid: u8, after: u8) -> bool {
    let letters = before.is_ascii_alphabetic() && after.is_ascii_alphabetic();
    let digits = before.is_ascii_digit() && after.is_ascii_digit();
    match mid {
        b'\'' | b'.' => letters || digits,
        b':' => letters,
        b',' | b';' => digits,
        _ => false,
    }
}

/// Word boundaries of ASCII text, the common case, without the full UAX #29
/// state machine: a word is a run of letters, digits and `_`, joined across
/// `'`, `.`, `:`, `,`, `;` as [`joins`] says ("don't", "v1.28", "1,000") —
/// the same words `unicode_word_indices` finds (a property test checks it).
fn ascii_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = text.as_bytes();
    let word_byte = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    std::iter::from_fn(move || loop {
        while i < b.len() && !word_byte(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        while i < b.len() {
            if word_byte(b[i]) {
                i += 1;
            } else if i + 1 < b.len() && joins(b[i - 1], b[i], b[i + 1]) {
                i += 2;
            } else {
                break;
            }
        }
        // A run of underscores alone is not a word.
        if b[start..i].iter().any(u8::is_ascii_alphanumeric) {
            return Some((start, &text[start..i]));
        }
    })
}

/// Analyses `text` (a slice of a larger text starting at byte `base`),
/// appending tokens. `position` is the next free position.
pub(crate) fn analyze_run(text: &str, base: usize, position: &mut usize, out: &mut Vec<Token>) {
    if text.is_ascii() {
        // One cache borrow per run and one reused lowercase buffer: a word
        // costs one allocation, its token's text.
        STEMS.with(|cell| {
            let mut guard = cell.borrow_mut();
            let (stemmer, cache) = &mut *guard;
            let mut lower = String::new();
            for (i, word) in ascii_words(text) {
                let pos = *position;
                *position += 1;
                lower.clear();
                lower.push_str(word);
                lower.make_ascii_lowercase();
                if stop_words::is_english_stop(&lower) && !is_acronym(word) {
                    continue;
                }
                let text = if !lower.bytes().any(|b| b.is_ascii_alphabetic()) {
                    lower.clone()
                } else if let Some(s) = cache.get(lower.as_str()) {
                    s.to_string()
                } else {
                    let s = stemmer.stem(&lower).into_owned();
                    if cache.len() >= STEM_CACHE_LIMIT {
                        cache.clear();
                    }
                    cache.insert(lower.as_str().into(), s.clone().into_boxed_str());
                    s
                };
                let from = base + i;
                out.push(Token {
                    offset_from: from,
                    offset_to: from + word.len(),
                    position: pos,
                    text,
                    position_length: 1,
                });
            }
        });
    } else {
        for (i, word) in text.unicode_word_indices() {
            push_word(word, base + i, position, out);
        }
    }
}

fn push_word(word: &str, from: usize, position: &mut usize, out: &mut Vec<Token>) {
    let norm = normalize(word);
    let pos = *position;
    *position += 1;
    // "IT" (office IT) and "US" are not the stop words "it" and "us".
    if stop_words::is_english_stop(&norm) && !is_acronym(word) {
        return;
    }
    let text = if norm.chars().any(char::is_alphabetic) { stem(&norm) } else { norm };
    out.push(Token { offset_from: from, offset_to: from + word.len(), position: pos, text, position_length: 1 });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_fast_path_finds_the_words_uax29_finds() {
        for text in [
            "Hire, manage and support technical staff (and contractors).",
            "don't stop: v1.28 e.g. 5+ years, C++ and node.js; a_b -- x'",
            "Kubernetes 集群 isn't ascii",
            "...'leading and trailing'...",
        ] {
            if !text.is_ascii() {
                continue;
            }
            let fast: Vec<_> = ascii_words(text).collect();
            let uax: Vec<_> = text.unicode_word_indices().collect();
            assert_eq!(fast, uax, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_fast_path_agrees_with_uax29(text in "[a-zA-Z0-9 _.,;:'!()+-]{0,40}") {
            let fast: Vec<_> = ascii_words(&text).collect();
            let uax: Vec<_> = text.unicode_word_indices().collect();
            proptest::prop_assert_eq!(fast, uax);
        }
    }

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
