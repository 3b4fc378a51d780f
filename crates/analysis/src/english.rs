//! English (and any non-CJK script): Unicode word segmentation, NFKC width
//! folding, lowercasing, stop words, Snowball stemming with a stem cache.

use std::cell::RefCell;
use std::collections::HashMap;

#[cfg(test)]
use proptest::strategy::Strategy;
use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use crate::stop_words;
use crate::tokens::TokenList;
use crate::word::{Word, WordBuild};

/// Most distinct words a thread's stem cache holds before it is cleared. The
/// vocabulary of role documents is small (a few tens of thousands of words),
/// so the cache almost always hits after warm-up; the bound keeps a hostile
/// input from growing it without end.
const STEM_CACHE_LIMIT: usize = 200_000;

/// A stemmer and its cache of stems.
struct StemCache {
    stemmer: Stemmer,
    stems: HashMap<Word, Stem, WordBuild>,
    /// The texts of the cached stems, one after another.
    arena: String,
    /// Word spans of a run with a hyphen, reused from run to run.
    words: Vec<(usize, usize)>,
}

/// Where a cached stem lies in [`StemCache::arena`]: every stem is
/// appended to one string, so reading one is a slice of it (no pointer to
/// follow per stem, and no UTF-8 check).
#[derive(Clone, Copy)]
struct Stem {
    start: u32,
    len: u32,
}

/// Words whose Snowball stem is another word with another main sense in
/// role documents, kept apart (as Lucene's `StemmerOverrideFilter` does):
/// "designer" is not "design" ("Designs and implements…" names no designer),
/// "officer" is not "office" ("office IT"), "organizer" is not
/// "organization", "programmer" is not "program(me)", "marketer" is not
/// "market", and "performance" is not "perform" ("performance review" is
/// not "performs PR reviews"). Nor is "accountable" "accounting" (owning an
/// outcome is not bookkeeping), "production" and "productivity" "product"
/// ("production issues" are not product work), "experiment" "experience"
/// ("runs experiments" is not "5 years of experience"), or "executive"
/// "executes". Agent nouns whose verb is what the role does
/// ("manager"/"manages", "recruiter"/"recruits", "reviewer"/"reviews") keep
/// Snowball's stem: a statement that manages is evidence of a manager.
/// Plurals share the singular's stem.
const STEM_OVERRIDES: &[(&str, &str)] = &[
    ("designer", "designer"),
    ("designers", "designer"),
    ("officer", "officer"),
    ("officers", "officer"),
    ("organizer", "organizer"),
    ("organizers", "organizer"),
    ("organiser", "organizer"),
    ("organisers", "organizer"),
    ("performance", "performance"),
    ("performances", "performance"),
    ("performer", "performer"),
    ("performers", "performer"),
    ("programmer", "programmer"),
    ("programmers", "programmer"),
    ("marketer", "marketer"),
    ("marketers", "marketer"),
    ("accountable", "accountable"),
    ("accountability", "accountable"),
    ("accountabilities", "accountable"),
    ("production", "production"),
    ("productions", "production"),
    ("productive", "productive"),
    ("productivity", "productive"),
    ("experiment", "experiment"),
    ("experiments", "experiment"),
    ("experimented", "experiment"),
    ("experimenting", "experiment"),
    ("executive", "executive"),
    ("executives", "executive"),
];

/// The stem of a lowercase word: an override, else Snowball's.
fn stem_word(stemmer: &Stemmer, word: &str) -> String {
    match STEM_OVERRIDES.iter().find(|(w, _)| *w == word) {
        Some((_, stem)) => (*stem).to_string(),
        None => stemmer.stem(word).into_owned(),
    }
}

impl StemCache {
    /// Calls `f` with the stem of a lowercase word.
    fn with_stem<R>(&mut self, word: &str, f: impl FnOnce(&str) -> R) -> R {
        let Some(key) = Word::new(word) else {
            return f(&stem_word(&self.stemmer, word));
        };
        self.with_stem_lazy(key, || word, f)
    }

    /// [`StemCache::with_stem`] for a word whose key is made already, and
    /// whose text is only needed to stem it (on a miss).
    fn with_stem_lazy<'w, R>(&mut self, key: Word, word: impl FnOnce() -> &'w str, f: impl FnOnce(&str) -> R) -> R {
        if let Some(&Stem { start, len }) = self.stems.get(&key) {
            return f(&self.arena[start as usize..(start + len) as usize]);
        }
        let stem = stem_word(&self.stemmer, word());
        let r = f(&stem);
        if self.stems.len() >= STEM_CACHE_LIMIT || self.arena.len() + stem.len() > u32::MAX as usize {
            self.stems.clear();
            self.arena.clear();
        }
        let start = self.arena.len() as u32;
        self.arena.push_str(&stem);
        self.stems.insert(key, Stem { start, len: stem.len() as u32 });
        r
    }
}

thread_local! {
    // Snowball is the cost of English analysis (it dominates tantivy's
    // en_stem); caching stems per thread makes a repeated word a hash lookup.
    static STEMS: RefCell<StemCache> =
        RefCell::new(StemCache {
        stemmer: Stemmer::create(Algorithm::English),
        stems: HashMap::default(),
        arena: String::new(),
        words: Vec::new(),
    });
}

/// Stems a lowercase word, through the thread's cache.
pub fn stem(word: &str) -> String {
    STEMS.with(|cell| cell.borrow_mut().with_stem(word, str::to_string))
}

/// Dictionary forms an inflected lowercase word may come from ("sentences"
/// → "sentence", "policies" → "policy", "managing" → "manage", "planned" →
/// "plan"), most likely first; only forms that stem as the word does, so a
/// guess never changes what the word means to the index.
///
/// Why: dictionaries list glosses in their dictionary form, and a query
/// word is looked up as typed, then as its stem ("sentenc"), neither of
/// which is a gloss: "long sentences" never reached 句子.
pub fn base_forms(word: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if !word.is_ascii() || word.len() < 4 {
        return out;
    }
    let mut guess = |stem: &str, ending: &str| {
        if stem.len() >= 2 {
            out.push(format!("{stem}{ending}"));
        }
    };
    let undouble = |stem: &str| -> Option<String> {
        let b = stem.as_bytes();
        (b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] && !b"aeioulsz".contains(&b[b.len() - 1]))
            .then(|| stem[..stem.len() - 1].to_string())
    };
    if let Some(stem) = word.strip_suffix("ies") {
        guess(stem, "y");
    }
    if let Some(stem) = word.strip_suffix("ied") {
        guess(stem, "y");
    }
    if word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is") {
        guess(&word[..word.len() - 1], "");
    }
    if let Some(stem) = word.strip_suffix("es") {
        guess(stem, "");
    }
    for ending in ["ing", "ed"] {
        if let Some(stem) = word.strip_suffix(ending) {
            guess(stem, "e");
            guess(stem, "");
            if let Some(single) = undouble(stem) {
                guess(&single, "");
            }
        }
    }
    let own = stem(word);
    out.retain(|f| f != word && stem(f) == own);
    out.dedup();
    out
}

/// Lowercases and folds a word: ASCII takes a fast path; anything else goes
/// through NFKC (full-width Ａ → A, ligatures) and Unicode lowercasing.
pub fn normalize(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfkc()
        .filter(|&c| !is_invisible(c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == '\u{2019}' { '\'' } else { c })
        .collect()
}

/// Characters that show nothing yet would make a word unmatchable: format
/// characters (bidi marks and overrides, zero-width joiners, soft hyphen,
/// BOM, tag characters), which word segmentation attaches to the word
/// before them, and Latin/Greek/Cyrillic combining accents left over after
/// NFKC (one that composes, as in "e\u{301}", has become "é" already).
/// Marks of other scripts (Devanagari vowel signs …) are letters' parts
/// and stay.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00ad}' | '\u{061c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
        | '\u{e0001}' | '\u{e0020}'..='\u{e007f}'
        | '\u{0300}'..='\u{036f}')
}

fn is_acronym(word: &str) -> bool {
    word.len() >= 2 && word.chars().all(|c| c.is_uppercase())
}

/// UAX #29 rules WB6/7 and WB11/12 for ASCII: `'` and `.` join two letters
/// or two digits, `,` and `;` join two digits. Not the colon, which UAX #29
/// lets join two letters (for Swedish "S:t"): in role documents it ends a
/// label ("Wechat group:HRS2030", "Owner:Platform"), and a label glued to
/// its value matched neither the label nor the value.
fn joins(before: u8, mid: u8, after: u8) -> bool {
    let letters = before.is_ascii_alphabetic() && after.is_ascii_alphabetic();
    let digits = before.is_ascii_digit() && after.is_ascii_digit();
    match mid {
        b'\'' | b'.' => letters || digits,
        b',' | b';' => digits,
        _ => false,
    }
}

/// A colon, ASCII or of CJK text (full-width "：", the presentation forms
/// "︓" and "﹕"): always a word boundary here (see [`joins`]).
fn is_colon(c: char) -> bool {
    matches!(c, ':' | '\u{FE13}' | '\u{FE55}' | '\u{FF1A}')
}

/// Word boundaries of ASCII text, the common case, without the full UAX #29
/// state machine: a word is a run of letters, digits and `_`, joined across
/// `'`, `.`, `:`, `,`, `;` as [`joins`] says ("don't", "v1.28", "1,000") —
/// the same words `unicode_word_indices` finds (a property test checks it).
///
/// A plain loop calling `f`, not an iterator: the hot path of English
/// analysis, which an iterator's `next` kept out of line.
fn for_each_ascii_word<'t>(text: &'t str, mut f: impl FnMut(usize, &'t str)) {
    let b = text.as_bytes();
    let word_byte = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    loop {
        while i < b.len() && !word_byte(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            return;
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
            f(start, &text[start..i]);
        }
    }
}

/// Analyses `text` (a slice of a larger text starting at byte `base`),
/// appending tokens. `position` is the next free position.
pub(crate) fn analyze_run(text: &str, base: usize, position: &mut usize, out: &mut TokenList) {
    // One cache borrow per run; a cached ASCII word costs no allocation.
    STEMS.with(|cell| {
        let mut cache = cell.borrow_mut();
        if !text.as_bytes().contains(&b'-') {
            for_each_word(text, |i, word| emit_word(word, base + i, position, out, &mut cache));
            return;
        }
        // A hyphen: a pair like "on-call" is one word (see
        // [`stop_word_compound`]), so the words are listed first.
        let mut words = std::mem::take(&mut cache.words);
        words.clear();
        for_each_word(text, |i, word| words.push((i, i + word.len())));
        let mut k = 0;
        while k < words.len() {
            if let Some((joined, content)) = stop_word_compound(text, &words, k) {
                // The content word first ("in-app" is about apps, and the
                // learned layer knows "app"), then the joined word at the
                // same position, which only the compound has.
                let pos = *position;
                let (i, j) = words[content];
                emit_word(&text[i..j], base + i, position, out, &mut cache);
                let (from, to) = (base + words[k].0, base + words[k + 1].1);
                cache.with_stem(&joined, |stem| out.push(stem, from, to, pos));
                *position = pos + 2;
                k += 2;
            } else {
                let (i, j) = words[k];
                emit_word(&text[i..j], base + i, position, out, &mut cache);
                k += 1;
            }
        }
        cache.words = words;
    });
}

/// Appends the token of one word (none for a stop word), at the next position.
fn emit_word(word: &str, from: usize, position: &mut usize, out: &mut TokenList, cache: &mut StemCache) {
    // Words that are not ASCII, or too long for a key (rare), take
    // the general path.
    if !word.is_ascii() || word.len() > Word::MAX {
        push_word(word, from, position, out, cache);
        return;
    }
    let pos = *position;
    *position += 1;
    let to = from + word.len();
    // One pass lowercases the word into a zero-padded buffer (which
    // is also its cache key) and notes whether it has letters.
    let mut padded = [0u8; Word::PADDED];
    let mut letters = false;
    for (d, &c) in padded.iter_mut().zip(word.as_bytes()) {
        letters |= c.is_ascii_alphabetic();
        *d = c.to_ascii_lowercase();
    }
    let lower = &padded[..word.len()];
    if stop_words::is_english_stop_bytes(lower) && !is_acronym(word) {
        return;
    }
    // (ASCII, so valid UTF-8; checked only when read as text.)
    let text = || std::str::from_utf8(lower).unwrap_or_default();
    if letters {
        let key = Word::from_padded(&padded, word.len());
        cache.with_stem_lazy(key, text, |stem| out.push(stem, from, to, pos));
    } else {
        out.push(text(), from, to, pos);
    }
}

/// The lowercase joined form of words `k` and `k + 1` of `text` (byte
/// ranges), and which of the two is not a stop word, when they are a
/// compound like "on-call", "hands-on" or "buy-in": two words of letters
/// joined by one ASCII hyphen, exactly one of them a stop word, and no
/// hyphen linking the pair to a third word (chains like "end-to-end" keep
/// their words). Split, the stop word was dropped and "on-call" was only
/// the word "call": "leads calls" matched it as well as on-call duties did,
/// and a lexicon term "on-call" tagged every call. The joined word ranks
/// the compound first and makes such a term a pair that only it matches.
fn stop_word_compound(text: &str, words: &[(usize, usize)], k: usize) -> Option<(String, usize)> {
    let hyphen_between = |a: usize, b: usize| {
        let (_, end) = words[a];
        words[b].0 == end + 1 && text.as_bytes()[end] == b'-'
    };
    if k + 1 >= words.len() || !hyphen_between(k, k + 1) {
        return None;
    }
    if (k > 0 && hyphen_between(k - 1, k)) || (k + 2 < words.len() && hyphen_between(k + 1, k + 2)) {
        return None;
    }
    let (a, b) = (&text[words[k].0..words[k].1], &text[words[k + 1].0..words[k + 1].1]);
    if !(a.chars().all(char::is_alphabetic) && b.chars().all(char::is_alphabetic)) {
        return None;
    }
    // "IT" is not "it", but "ON-CALL" is "on-call".
    let shouting = is_acronym(a) && is_acronym(b);
    let stop = |w: &str| stop_words::is_english_stop(&w.to_lowercase()) && (shouting || !is_acronym(w));
    let (stop_a, stop_b) = (stop(a), stop(b));
    if stop_a == stop_b {
        return None;
    }
    Some((format!("{a}{b}").to_lowercase(), if stop_a { k + 1 } else { k }))
}

/// Calls `f(offset, word)` for the words of `text`: the words
/// `unicode_word_indices` finds with every colon a boundary (property tests
/// check it), found faster.
/// Latin words inside Chinese text come as runs like "Java、Python，": the
/// punctuation of Chinese text never joins words, so the run is cut there
/// and each ASCII piece takes the ASCII scanner; only pieces with other
/// characters go through the full UAX #29 segmenter.
fn for_each_word(text: &str, mut f: impl FnMut(usize, &str)) {
    if text.is_ascii() {
        return for_each_ascii_word(text, f);
    }
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if breaks(c) || is_colon(c) {
            piece_words(&text[start..i], start, &mut f);
            start = i + c.len_utf8();
        }
    }
    piece_words(&text[start..], start, &mut f);
}

/// The words of a piece of text without breaking characters, starting at
/// byte `base` of the run.
fn piece_words(piece: &str, base: usize, f: &mut impl FnMut(usize, &str)) {
    // ASCII followed only by inert punctuation ("Kubernetes，") has the
    // words of its ASCII part.
    let ascii_end = piece.bytes().position(|b| !b.is_ascii()).unwrap_or(piece.len());
    if piece[ascii_end..].chars().all(is_inert) {
        for_each_ascii_word(&piece[..ascii_end], |i, w| f(base + i, w));
    } else {
        piece.unicode_word_indices().for_each(|(i, w)| f(base + i, w));
    }
}

/// Spaces and punctuation that never join or extend a word under UAX #29
/// when no letter or digit follows them: no format or combining marks, and
/// none of the connectors (‿ ⁀ ⁔ ＿, narrow no-break space) that extend a
/// word like `_` does.
fn is_inert(c: char) -> bool {
    breaks(c)
        || matches!(c as u32, 0x2018 | 0x2019 | 0x2024 | 0x2027 | 0x2044 | 0xFF07 | 0xFF0C | 0xFF0E | 0xFF1A | 0xFF1B)
}

/// Non-ASCII spaces and punctuation that are a word boundary on both sides
/// under UAX #29 wherever they stand (Word_Break "Other" or a space): the
/// punctuation of Chinese and Japanese text, dashes, quotes, bullets. Not the
/// "middle" marks (’ ， ： …) that join letters or digits around them, and
/// not the pictographs ‼ and ⁉, which a zero-width joiner before them holds
/// to the word (rule WB3c, found by proptest).
fn breaks(c: char) -> bool {
    match c as u32 {
        0..=0x7F | 0x202F => false,
        0x2010..=0x2017
        | 0x201A..=0x2023
        | 0x2025..=0x2026
        | 0x2030..=0x203B
        | 0x203D..=0x203E
        | 0x2041..=0x2043
        | 0x2045..=0x2048
        | 0x204A..=0x2053
        | 0x2055..=0x205E
        | 0x3001..=0x3003
        | 0x3008..=0x3011
        | 0x3014..=0x301B
        | 0xFF01..=0xFF06
        | 0xFF08..=0xFF0B
        | 0xFF0D
        | 0xFF0F
        | 0xFF1C..=0xFF20
        | 0xFF3B..=0xFF3E
        | 0xFF40
        | 0xFF5B..=0xFF64 => true,
        _ => c.is_whitespace(),
    }
}

fn push_word(word: &str, from: usize, position: &mut usize, out: &mut TokenList, cache: &mut StemCache) {
    // NFKC may turn a character into a space and a mark ("ͺ" → " ͅ"), and
    // the mark is then dropped: trim what is left.
    let norm = normalize(word);
    let norm = norm.trim();
    if norm.is_empty() {
        return;
    }
    let pos = *position;
    *position += 1;
    // "IT" (office IT) and "US" are not the stop words "it" and "us".
    if stop_words::is_english_stop(norm) && !is_acronym(word) {
        return;
    }
    if norm.chars().any(char::is_alphabetic) {
        cache.with_stem(norm, |stem| out.push(stem, from, from + word.len(), pos));
    } else {
        out.push(norm, from, from + word.len(), pos);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_nouns_keep_apart_from_their_verbs() {
        let words = |t: &str| {
            let mut out = TokenList::for_text(t.len());
            analyze_run(t, 0, &mut 0, &mut out);
            out.into_tokens().into_iter().map(|t| t.text).collect::<Vec<_>>()
        };
        assert_eq!(words("Designs and implements"), ["design", "implement"]);
        assert_eq!(words("Product Designers"), ["product", "designer"]);
        assert_eq!(words("performance reviews"), ["performance", "review"]);
        assert_eq!(words("performs"), ["perform"]);
        assert_eq!(words("office IT"), ["offic", "it"]);
        assert_eq!(words("Chief Technical Officer"), ["chief", "technic", "officer"]);
        assert_eq!(words("accountable for accounting"), ["accountable", "account"]);
        assert_eq!(
            words("production issues hurt productivity, not the product"),
            ["production", "issu", "hurt", "productive", "product"]
        );
        assert_eq!(words("runs experiments with experience"), ["run", "experiment", "experi"]);
        assert_eq!(words("executive executes"), ["executive", "execut"]);
        // Inflections still meet; a manager still manages.
        assert_eq!(words("designers designer"), ["designer", "designer"]);
        assert_eq!(words("manager manages managing"), ["manag", "manag", "manag"]);
    }

    #[test]
    fn invisible_characters_do_not_change_a_word() {
        let words = |t: &str| {
            let mut out = TokenList::for_text(t.len());
            analyze_run(t, 0, &mut 0, &mut out);
            out.into_tokens().into_iter().map(|t| t.text).collect::<Vec<_>>()
        };
        let plain = words("budget");
        assert_eq!(plain, ["budget"]);
        for hostile in
            ["\u{202e}budget\u{202c}", "budget\u{0301}", "bud\u{00ad}get", "bud\u{200d}get", "\u{feff}budget"]
        {
            assert_eq!(words(hostile), plain, "{hostile:?}");
        }
        // Accents that compose stay: "café" is not "cafe".
        assert_eq!(normalize("cafe\u{301}"), "café");
        // Marks of other scripts are kept.
        assert_eq!(normalize("हिंदी").chars().count(), "हिंदी".chars().count());
        // NFKC makes U+037A a space and a dropped mark: no blank token (found by proptest).
        assert!(words("\u{37a}").is_empty());
        assert_eq!(words("\u{37a}budget"), plain);
    }

    fn ascii_words(text: &str) -> Vec<(usize, &str)> {
        let mut words = Vec::new();
        for_each_ascii_word(text, |i, w| words.push((i, w)));
        words
    }

    /// The UAX #29 words of `text` with every colon a boundary: each colon
    /// replaced by a breaking character of its length, so offsets stay.
    fn uax_words(text: &str) -> Vec<(usize, &str)> {
        let broken: String = text
            .chars()
            .map(|c| {
                if c == ':' {
                    " ".into()
                } else if is_colon(c) {
                    "、".into()
                } else {
                    c.to_string()
                }
            })
            .collect();
        broken.unicode_word_indices().map(|(i, w)| (i, &text[i..i + w.len()])).collect()
    }

    #[test]
    fn a_colon_ends_a_label_glued_to_its_value() {
        for text in ["Wechat group:HRS2030", "Wechat group：HRS2030"] {
            let words: Vec<&str> = uax_words(text).into_iter().map(|(_, w)| w).collect();
            let mut fast = Vec::new();
            for_each_word(text, |_, w| fast.push(w.to_string()));
            assert_eq!(fast, ["Wechat", "group", "HRS2030"], "{text:?}");
            assert_eq!(words, fast);
        }
        assert_eq!(ascii_words("at 16:00, e.g. v1.28"), [(0, "at"), (3, "16"), (6, "00"), (10, "e.g"), (15, "v1.28")]);
    }

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
            let fast = ascii_words(text);
            let uax = uax_words(text);
            assert_eq!(fast, uax, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_fast_path_agrees_with_uax29(text in "[a-zA-Z0-9 _.,;:'!()+-]{0,40}") {
            let fast = ascii_words(&text);
            let uax = uax_words(&text);
            proptest::prop_assert_eq!(fast, uax);
        }
    }

    proptest::proptest! {
        #[test]
        fn words_of_mixed_runs_are_the_uax29_words(
            parts in proptest::collection::vec(proptest::prop_oneof![
                "[a-zA-Z0-9 _.,;:']{1,6}",
                (0x2000u32..=0x2060).prop_map(|u| char::from_u32(u).map(String::from).unwrap_or_default()),
                (0x3000u32..=0x3020).prop_map(|u| char::from_u32(u).map(String::from).unwrap_or_default()),
                (0xFF00u32..=0xFF66).prop_map(|u| char::from_u32(u).map(String::from).unwrap_or_default()),
                proptest::sample::select(vec!["é", "\u{301}", "\u{a0}", "\u{ad}", "·", "ß", "Ｋ8s"]).prop_map(String::from),
            ], 0..8)
        ) {
            let text: String = parts.concat();
            let mut fast = Vec::new();
            for_each_word(&text, |i, w| fast.push((i, w.to_string())));
            let uax: Vec<_> = uax_words(&text).into_iter().map(|(i, w)| (i, w.to_string())).collect();
            proptest::prop_assert_eq!(fast, uax, "{:?}", text);
        }
    }

    #[test]
    fn stems_folds_and_drops_stop_words() {
        let mut out = TokenList::default();
        let mut pos = 0;
        analyze_run("Hiring the Engineers for office IT, ＡＰＩ", 0, &mut pos, &mut out);
        let texts: Vec<_> = out.iter().map(|t| t.text).collect();
        assert_eq!(texts, ["hire", "engin", "offic", "it", "api"]);
        assert_eq!(out.get(1).map(|t| t.position), Some(2), "stop words keep their position");
    }

    fn words_of(text: &str) -> Vec<String> {
        let mut out = TokenList::default();
        analyze_run(text, 0, &mut 0, &mut out);
        out.iter().map(|t| t.text.to_string()).collect()
    }

    #[test]
    fn a_stop_word_joined_by_a_hyphen_makes_one_word() {
        // "on-call" is its content word and the joined word, at one position:
        // only the compound has the joined word.
        let mut out = TokenList::default();
        analyze_run("Joins the on-call rotation", 0, &mut 0, &mut out);
        let t: Vec<_> = out.iter().map(|t| (t.text.to_string(), t.offset_from, t.offset_to, t.position)).collect();
        assert_eq!(t[1], ("call".to_string(), 13, 17, 2), "{t:?}");
        assert_eq!(t[2], ("oncal".to_string(), 10, 17, 2), "{t:?}");
        assert_eq!(t[3].3, 4, "the words after it keep their positions: {t:?}");
        assert_eq!(words_of("ON-CALL"), words_of("on-call"));
        assert_eq!(words_of("oncall"), ["oncal"], "the closed form is the joined word");
        assert_eq!(words_of("in-app"), ["app", "inapp"]);
        assert_eq!(words_of("hands-on"), ["hand", "handson"]);
        assert_eq!(words_of("buy-in from leads"), ["buy", "buyin", "lead"]);
        // Chains, pairs without a stop word and pairs of stop words keep their words.
        assert_eq!(words_of("end-to-end testing"), ["end", "end", "test"]);
        assert_eq!(words_of("cross-functional"), ["cross", "function"]);
        assert_eq!(words_of("state-of-the-art"), ["state", "art"]);
        assert_eq!(words_of("in-to"), Vec::<String>::new());
        // An acronym is not a stop word: "IT-led" is not a compound, "IT" stays.
        assert_eq!(words_of("IT-led"), ["it", "led"]);
    }

    #[test]
    fn inflected_words_lead_to_their_dictionary_forms() {
        assert_eq!(base_forms("sentences").first().map(String::as_str), Some("sentence"));
        assert!(base_forms("issues").contains(&"issue".to_string()));
        assert_eq!(base_forms("policies").first().map(String::as_str), Some("policy"));
        assert!(base_forms("managing").contains(&"manage".to_string()));
        assert!(base_forms("planned").contains(&"plan".to_string()));
        assert!(base_forms("typos").contains(&"typo".to_string()));
        // Only forms that mean what the word means to the index.
        assert!(!base_forms("lines").contains(&"lin".to_string()));
        assert!(base_forms("process").is_empty());
        assert!(base_forms("status").is_empty());
    }
}
