//! The bilingual role lexicon: language-neutral concepts and their terms.
//!
//! # Format
//! A UTF-8 text file, one concept per line, tab-separated:
//!
//! ```text
//! # concept-id <TAB> English terms <TAB> Chinese terms [<TAB> Japanese terms [<TAB> weight]]
//! hiring<TAB>hire|hiring|recruit|recruiting<TAB>招聘|招募|人才招聘<TAB>採用
//! product<TAB>product|products<TAB>产品<TAB>プロダクト<TAB>0.3
//! ```
//!
//! The optional weight (0..=1, default 1) says how much evidence a match
//! carries: broad concepts ("product", "operations") are marked low, so they
//! count less in ranking and comparison. Terms within a cell are separated by `|`. A term is analysed with the
//! same analyzer as statements, so "recruiting" and "recruits" are one
//! English term (same stem), and a term of several words matches a
//! statement holding its words in order, with only stop words between. Lines starting with `#` and blank
//! lines are ignored. The shipped lexicon is `data/lexicon.tsv`; users add
//! their own file by naming it in `$ROLESEARCH_LEXICON` (added to the built-in
//! one at first use; re-index afterwards) or, in code, with [`Lexicon::extend_from_str`].

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::word::{pair_hash64, HashBits, Word, WordBuild};
use crate::{MixedAnalyzer, Token, TokenView};

/// The lexicon shipped with rolesearch.
pub const BUILTIN: &str = include_str!("../data/lexicon.tsv");

/// Environment variable naming a user lexicon file added to the built-in one.
pub const USER_LEXICON_ENV: &str = "ROLESEARCH_LEXICON";

/// Buffers of term matching, reused per thread by [`Lexicon::concept_ids_joined`].
#[derive(Default)]
struct Scratch {
    /// Every token's key and its hash (0 for none).
    keys: Vec<(Option<Word>, u64)>,
    /// Terms of three words or more already tried from the current token.
    tried: Vec<u32>,
    /// (position, term) of the terms found.
    matched: Vec<(usize, u32)>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

static SHARED: LazyLock<(Lexicon, Option<String>)> = LazyLock::new(|| {
    let analyzer = MixedAnalyzer::new();
    let mut lex = Lexicon::default();
    // The built-in file is tested to parse; a failure here is a packaging bug.
    lex.extend_from_str(BUILTIN, &analyzer).expect("the built-in lexicon parses");
    let mut error = None;
    if let Some(path) = std::env::var_os(USER_LEXICON_ENV) {
        let shown = std::path::Path::new(&path).display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                // All or nothing: a bad line leaves the built-in lexicon alone.
                let mut extended = lex.clone();
                match extended.extend_from_str(&text, &analyzer) {
                    Ok(()) => lex = extended,
                    Err(e) => error = Some(format!("lexicon {shown}: {e}")),
                }
            }
            Err(e) => error = Some(format!("lexicon {shown}: {e}")),
        }
    }
    (lex, error)
});

/// One way a concept is written: the analysed tokens of a term.
#[derive(Debug, Clone)]
struct Term {
    concept: u32,
    tokens: Vec<String>,
    lang: &'static str,
}

/// A concept a text or query matched, with the lexicon term that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConceptMatch {
    /// Concept id, e.g. `hiring`.
    pub concept: String,
    /// The lexicon term's language (`en`, `zh`, `ja`).
    pub lang: &'static str,
    /// The term's analysed tokens, joined with spaces.
    pub term: String,
}

/// Concepts and the terms that express them in each language.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    ids: Vec<String>,
    weights: Vec<f32>,
    by_id: HashMap<String, u32>,
    terms: Vec<Term>,
    /// Terms are looked up for every token of every statement at index
    /// time, by inline keys ([`Word`]): first by the token alone (three
    /// tokens in four start no term), then, for a token that starts terms
    /// of several words, by the pair of it and each token near it. So a
    /// common first word ("manag", which starts dozens of terms) costs no
    /// more than a rare one. Terms with a word longer than [`Word::MAX`]
    /// bytes among their first two are checked word by word.
    by_first: HashMap<Word, Starts, WordBuild>,
    /// Terms of two words or more, by their first two.
    by_pair: HashMap<(Word, Word), Vec<u32>, WordBuild>,
    /// Terms whose first word is too long for a key.
    by_long_first: HashMap<String, Vec<u32>>,
    /// Hashes of the keys of `by_first` and `by_pair` (see [`HashBits`]):
    /// most tokens start no term, and most pairs of tokens are no term's.
    known: HashBits,
}

/// The terms a word starts.
#[derive(Debug, Clone, Default)]
struct Starts {
    /// One-word terms: the word is all of them.
    alone: Vec<u32>,
    /// Whether the word starts terms in [`Lexicon::by_pair`].
    pairs: bool,
    /// Terms whose second word is too long for a key.
    long_second: Vec<u32>,
}

/// A line of a lexicon file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for LexiconError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for LexiconError {}

impl Lexicon {
    /// The lexicon in use, parsed once and shared: the built-in one plus the
    /// file named by `$ROLESEARCH_LEXICON`, when set. Concepts are stored at
    /// index time, so after changing the user file, re-index.
    pub fn shared() -> &'static Lexicon {
        &SHARED.0
    }

    /// Why the user lexicon (`$ROLESEARCH_LEXICON`) could not be added, if it
    /// could not; the built-in lexicon is then used alone.
    pub fn user_error() -> Option<&'static str> {
        SHARED.1.as_deref()
    }

    /// Adds the concepts of a lexicon file (see the module docs for the format).
    ///
    /// # Errors
    /// [`LexiconError`] with the line number of a malformed line.
    pub fn extend_from_str(&mut self, text: &str, analyzer: &MixedAnalyzer) -> Result<(), LexiconError> {
        const LANGS: [&str; 3] = ["en", "zh", "ja"];
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let mut cells = line.split('\t');
            let id = cells.next().unwrap_or("").trim();
            if id.is_empty() || id.contains(char::is_whitespace) {
                return Err(LexiconError { line: i + 1, reason: format!("bad concept id {id:?} (no spaces allowed)") });
            }
            let concept = match self.by_id.get(id) {
                Some(&c) => c,
                None => {
                    let c = self.ids.len() as u32;
                    self.ids.push(id.to_string());
                    self.weights.push(1.0);
                    self.by_id.insert(id.to_string(), c);
                    c
                }
            };
            let cells: Vec<&str> = cells.collect();
            if let Some(w) = cells.get(3).map(|w| w.trim()).filter(|w| !w.is_empty()) {
                match w.parse::<f32>() {
                    Ok(w) if w > 0.0 && w <= 1.0 => self.weights[concept as usize] = w,
                    _ => {
                        return Err(LexiconError {
                            line: i + 1,
                            reason: format!("weight {w:?} of {id:?} is not a number in (0, 1]"),
                        })
                    }
                }
            }
            let mut any = false;
            for (cell, lang) in cells.iter().take(3).zip(LANGS) {
                for term in cell.split('|').map(str::trim).filter(|t| !t.is_empty()) {
                    let mut dedup: Vec<String> = Vec::new();
                    let context = if lang == "ja" { rolesearch_doc::Lang::Ja } else { rolesearch_doc::Lang::Zh };
                    // One word per position: the compound, whose span covers
                    // the parts stacked on it (北京大学 over 北京 and 大学,
                    // "oncall" over "call"). The parts come with the whole in
                    // any text, and "oncall" written closed has only the whole.
                    let tokens = analyzer.analyze_in(term, context);
                    for group in tokens.chunk_by(|x, y| x.position == y.position) {
                        let whole = group.iter().rev().max_by_key(|t| t.offset_to - t.offset_from);
                        if let Some(t) = whole.filter(|t| !dedup.contains(&t.text)) {
                            dedup.push(t.text.clone());
                        }
                    }
                    if dedup.is_empty() {
                        continue;
                    }
                    any = true;
                    let idx = self.terms.len() as u32;
                    match (Word::new(&dedup[0]), dedup.get(1).map(|w| Word::new(w))) {
                        (None, _) => self.by_long_first.entry(dedup[0].clone()).or_default().push(idx),
                        (Some(first), None) => {
                            self.known.insert(first.hash64());
                            self.by_first.entry(first).or_default().alone.push(idx);
                        }
                        (Some(first), Some(Some(second))) => {
                            self.known.insert(first.hash64());
                            self.known.insert(pair_hash64(first.hash64(), second.hash64()));
                            self.by_first.entry(first).or_default().pairs = true;
                            self.by_pair.entry((first, second)).or_default().push(idx);
                        }
                        (Some(first), Some(None)) => {
                            self.known.insert(first.hash64());
                            self.by_first.entry(first).or_default().long_second.push(idx);
                        }
                    }
                    self.terms.push(Term { concept, tokens: dedup, lang });
                }
            }
            if !any {
                return Err(LexiconError { line: i + 1, reason: format!("concept {id:?} has no terms") });
            }
        }
        Ok(())
    }

    /// How much evidence a concept carries (0..=1): broad concepts such as
    /// `product` or `operations` are marked lower in the lexicon's fifth column.
    pub fn weight(&self, concept: &str) -> f32 {
        self.by_id.get(concept).map(|&c| self.weights[c as usize]).unwrap_or(1.0)
    }

    /// Number of concepts.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when the lexicon holds no concept.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Whether an analysed word is the first word of a term ("frontend",
    /// "disast"): a word the lexicon knows is no typo.
    pub fn starts_term(&self, word: &str) -> bool {
        match Word::new(word) {
            Some(key) => self.by_first.contains_key(&key),
            None => self.by_long_first.contains_key(word),
        }
    }

    /// The concepts whose terms occur in an analysed text, each once, in
    /// the order they first occur in the text (see [`Lexicon::term_matches`]
    /// for when a term occurs).
    pub fn concepts_in(&self, tokens: &[Token]) -> Vec<ConceptMatch> {
        let mut seen = HashSet::new();
        self.term_matches(tokens).into_iter().filter(|m| seen.insert(m.concept.clone())).collect()
    }

    /// The ids of [`Lexicon::concepts_in`], without building the matches.
    pub fn concept_ids_in<'a, T: TokenView + ?Sized>(&'a self, tokens: &T) -> Vec<&'a str> {
        let mut ids = Vec::new();
        self.for_each_concept_id(tokens, |id| ids.push(id));
        ids
    }

    /// [`Lexicon::concept_ids_in`] joined with spaces (concept ids hold
    /// none), which is how indexing stores them: it calls this for every
    /// statement, so the one allocation is the string returned (none when
    /// no concept matched).
    pub fn concept_ids_joined<T: TokenView + ?Sized>(&self, tokens: &T) -> String {
        let mut out = String::new();
        self.for_each_concept_id(tokens, |id| {
            if out.is_empty() {
                // Room for a few ids: one allocation where growing would realloc.
                out.reserve(48);
            } else {
                out.push(' ');
            }
            out.push_str(id);
        });
        out
    }

    /// Calls `f` with the id of each concept whose terms occur, once, in the
    /// order they first occur; the matching works in per-thread buffers.
    fn for_each_concept_id<'a, T: TokenView + ?Sized>(&'a self, tokens: &T, mut f: impl FnMut(&'a str)) {
        SCRATCH.with(|cell| {
            let mut scratch = cell.borrow_mut();
            self.matched_terms_into(tokens, &mut scratch);
            let matched = &scratch.matched;
            let concept = |term: u32| self.terms[term as usize].concept;
            for (k, &(_, term)) in matched.iter().enumerate() {
                if !matched[..k].iter().any(|&(_, earlier)| concept(earlier) == concept(term)) {
                    f(&self.ids[concept(term) as usize]);
                }
            }
        })
    }

    /// Every lexicon term that occurs in an analysed text (several per
    /// concept when several of its terms occur), in text order. The words
    /// of a term must occur in the term's order, each at the previous one's
    /// position or the text's next word, so only stop words (which keep
    /// their positions) come between: "backup and disaster recovery", not
    /// "Builds recruiting pipeline"; parts of a Chinese compound share a position.
    pub fn term_matches<T: TokenView + ?Sized>(&self, tokens: &T) -> Vec<ConceptMatch> {
        self.matched_terms(tokens)
            .into_iter()
            .map(|(_, idx)| {
                let term = &self.terms[idx as usize];
                ConceptMatch {
                    concept: self.ids[term.concept as usize].clone(),
                    lang: term.lang,
                    term: term.tokens.join(" "),
                }
            })
            .collect()
    }

    /// (position of its first word, term index) of every term that occurs,
    /// ordered by position, then term index. Tokens come in position order
    /// (analysis never decreases positions), so a term's first occurrence
    /// that completes is its earliest; each next word is looked for among
    /// the tokens up to the next word of the text, the nearest first.
    fn matched_terms<T: TokenView + ?Sized>(&self, tokens: &T) -> Vec<(usize, u32)> {
        let mut scratch = Scratch::default();
        self.matched_terms_into(tokens, &mut scratch);
        scratch.matched
    }

    /// [`Lexicon::matched_terms`] into `scratch.matched`.
    fn matched_terms_into<T: TokenView + ?Sized>(&self, tokens: &T, scratch: &mut Scratch) {
        let n = tokens.count();
        let Scratch { keys, tried, matched: out } = scratch;
        out.clear();
        // Every token's key and its hash (0 for none), made once (a token
        // is looked at up to three times: as a first word and as the
        // second word of two others).
        keys.clear();
        keys.extend((0..n).map(|i| {
            let word = Word::new(tokens.text_at(i));
            (word, word.map_or(0, |w| w.hash64()))
        }));
        let found = |out: &[(usize, u32)], idx: u32| out.iter().any(|&(_, t)| t == idx);
        // Terms of three words or more already tried from this token: the
        // nearest token holding the second word is the one to follow from.
        // Tokens `lo..hi` are those from position start to the next word.
        // Token `next` is the first past position start: the text's next word.
        let (mut lo, mut hi, mut next) = (0, 0, 0);
        for i in 0..n {
            let start = tokens.position_at(i);
            if i > 0 && tokens.position_at(i - 1) != start {
                lo = i;
            }
            while next < n && tokens.position_at(next) <= start {
                next += 1;
            }
            let reach = if next < n { tokens.position_at(next) } else { start };
            while hi < n && tokens.position_at(hi) <= reach {
                hi += 1;
            }
            let (Some(key), hash) = keys[i] else {
                for &idx in self.by_long_first.get(tokens.text_at(i)).into_iter().flatten() {
                    if !found(out, idx) && self.follows(tokens, idx, 1, start) {
                        out.push((start, idx));
                    }
                }
                continue;
            };
            if !self.known.may_contain(hash) {
                continue;
            }
            let Some(starts) = self.by_first.get(&key) else {
                continue;
            };
            for &idx in &starts.alone {
                if !found(out, idx) {
                    out.push((start, idx));
                }
            }
            for &idx in &starts.long_second {
                if !found(out, idx) && self.follows(tokens, idx, 1, start) {
                    out.push((start, idx));
                }
            }
            if !starts.pairs {
                continue;
            }
            tried.clear();
            for (j, &(second, second_hash)) in keys.iter().enumerate().take(hi).skip(lo) {
                let Some(second) = second.filter(|_| self.known.may_contain(pair_hash64(hash, second_hash))) else {
                    continue;
                };
                let Some(terms) = self.by_pair.get(&(key, second)) else {
                    continue;
                };
                for &idx in terms {
                    if found(out, idx) || tried.contains(&idx) {
                        continue;
                    }
                    tried.push(idx);
                    if self.follows(tokens, idx, 2, tokens.position_at(j)) {
                        out.push((start, idx));
                    }
                }
            }
        }
        out.sort_unstable();
    }

    /// Whether the words of term `idx` from its `from`-th on follow a word
    /// at position `at`: each at the previous one's position (a part of the
    /// same compound) or the next word's, the nearest taken.
    fn follows<T: TokenView + ?Sized>(&self, tokens: &T, idx: u32, from: usize, mut at: usize) -> bool {
        let n = tokens.count();
        // First token at or after position `at` (binary search).
        let first_at = |at: usize| {
            let (mut lo, mut hi) = (0, n);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if tokens.position_at(mid) < at {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            lo
        };
        self.terms[idx as usize].tokens[from..].iter().all(|word| {
            let first = first_at(at);
            let reach = next_position(tokens, first, at);
            let next = (first..n)
                .take_while(|&j| tokens.position_at(j) <= reach)
                .find(|&j| tokens.text_at(j) == word)
                .map(|j| tokens.position_at(j));
            match next {
                Some(q) => {
                    at = q;
                    true
                }
                None => false,
            }
        })
    }

    /// The terms of a concept in other languages than `lang` (for `--explain`
    /// and comparison evidence).
    pub fn terms_of(&self, concept: &str) -> Vec<(&'static str, String)> {
        let Some(&c) = self.by_id.get(concept) else {
            return Vec::new();
        };
        self.terms.iter().filter(|t| t.concept == c).map(|t| (t.lang, t.tokens.join(" "))).collect()
    }
}

/// How far on the next word of a term may be, from a word at position `at`
/// (`i` the first token at or after it): the next word of the text, so
/// only stop words may come between ("build the pipeline"), not another
/// word ("Builds recruiting pipeline" is not a build pipeline).
fn next_position<T: TokenView + ?Sized>(tokens: &T, i: usize, at: usize) -> usize {
    (i..tokens.count()).map(|j| tokens.position_at(j)).find(|&p| p > at).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_parses_and_bridges_languages() {
        let lex = Lexicon::shared();
        assert!(lex.len() >= 200, "{} concepts", lex.len());
        let a = MixedAnalyzer::new();
        let concepts =
            |text: &str| -> Vec<String> { lex.concepts_in(&a.analyze(text)).into_iter().map(|m| m.concept).collect() };
        let c_en = concepts("Hire, manage and support technical staff");
        // "take part in recruiting talent for the technical team"
        let c_zh = concepts("参与技术团队人才招聘");
        assert!(c_en.contains(&"hiring".to_string()) && c_zh.contains(&"hiring".to_string()), "{c_en:?} {c_zh:?}");
    }

    #[test]
    fn words_of_a_term_must_be_close_together() {
        let lex = Lexicon::shared();
        let a = MixedAnalyzer::new();
        let has = |text: &str, c: &str| lex.concepts_in(&a.analyze(text)).iter().any(|m| m.concept == c);
        assert!(has("Owns backups and disaster recovery", "backup-recovery"));
        assert!(has("keeps up with new technologies", "technology-trends"));
        assert!(!has("New hires learn about our stack, tooling and technology", "technology-trends"));
        assert!(has("Provides technical support", "support"));
        assert!(!has("Supports technical staff", "support"), "word order matters");
        // Only stop words may come between a term's words.
        assert!(has("Maintains the build pipeline", "ci-cd"));
        assert!(has("Owns the build and the deployment pipeline", "ci-cd"));
        assert!(!has("Builds recruiting pipeline", "ci-cd"), "another word between");
        assert!(!has("Builds simple tools", "ci-cd"));
        assert!(has("Builds the pipeline", "ci-cd"), "a stop word between");
    }

    #[test]
    fn broad_words_are_not_concepts() {
        let lex = Lexicon::shared();
        let a = MixedAnalyzer::new();
        let has = |text: &str, c: &str| lex.concepts_in(&a.analyze(text)).iter().any(|m| m.concept == c);
        // "set up" and 構築 (build) are not installing software; efficiency is not improving a process.
        assert!(!has("Set up process around more effective communication", "installation"));
        assert!(!has("CIの構築ができる", "installation"));
        assert!(
            has("チームの開発環境構築を担当する", "installation")
                && has("Installs and configures servers", "installation")
        );
        assert!(!has("Highly efficient at storytelling", "process-improvement"));
        assert!(has("Runs retrospectives on large projects", "process-improvement"));
        assert!(has("项目复盘", "process-improvement"));
    }

    /// The matching rule written plainly (every occurrence of every word, the
    /// earliest start that completes), to check the fast scan against.
    fn reference(lex: &Lexicon, tokens: &[Token]) -> Vec<(usize, u32)> {
        let mut positions: HashMap<&str, Vec<usize>> = HashMap::new();
        for t in tokens {
            positions.entry(t.text.as_str()).or_default().push(t.position);
        }
        let mut out = Vec::new();
        for (idx, term) in lex.terms.iter().enumerate() {
            let Some(firsts) = positions.get(term.tokens[0].as_str()) else { continue };
            // The next word is at the same position or the text's next one.
            let next = |at: usize| tokens.iter().map(|t| t.position).filter(|&p| p > at).min().unwrap_or(at);
            let follows = |start: usize| {
                let mut at = start;
                term.tokens[1..].iter().all(|w| {
                    let reach = next(at);
                    match positions
                        .get(w.as_str())
                        .and_then(|ps| ps.iter().copied().filter(|&q| q >= at && q <= reach).min())
                    {
                        Some(q) => {
                            at = q;
                            true
                        }
                        None => false,
                    }
                })
            };
            if let Some(at) = firsts.iter().copied().filter(|&p| follows(p)).min() {
                out.push((at, idx as u32));
            }
        }
        out.sort_unstable();
        out
    }

    proptest::proptest! {
        #[test]
        fn fast_matching_agrees_with_the_plain_rule(
            picks in proptest::collection::vec((0usize..40, 0usize..3), 0..40)
        ) {
            let lex = Lexicon::shared();
            // Words of a few multi-word terms, so that terms often complete
            // and often fall just short, plus fillers.
            let mut vocab: Vec<&str> = lex
                .terms
                .iter()
                .filter(|t| t.tokens.len() > 1)
                .take(12)
                .flat_map(|t| t.tokens.iter().map(String::as_str))
                .collect();
            vocab.extend(["x", "y", "团队"]);
            let mut position = 0;
            let tokens: Vec<Token> = picks
                .iter()
                .map(|&(w, step)| {
                    position += step;
                    Token { text: vocab[w % vocab.len()].to_string(), position, ..Token::default() }
                })
                .collect();
            proptest::prop_assert_eq!(lex.matched_terms(&tokens[..]), reference(lex, &tokens));
        }
    }

    #[test]
    fn joined_ids_are_the_ids_in_order() {
        let lex = Lexicon::shared();
        let a = MixedAnalyzer::new();
        for text in ["Hire, manage and support technical staff; own the budget", "参与技术团队人才招聘和预算", "x"]
        {
            let tokens = a.tokens(text);
            assert_eq!(lex.concept_ids_joined(&tokens), lex.concept_ids_in(&tokens).join(" "), "{text}");
        }
        assert!(lex.concept_ids_joined(&a.tokens("Hire, manage")).contains("hiring"));
    }

    #[test]
    fn malformed_lines_name_the_line() {
        let mut lex = Lexicon::default();
        let err = lex.extend_from_str("ok\tfine\n\nbad id\tx\n", &MixedAnalyzer::new()).unwrap_err();
        assert_eq!(err.line, 3);
    }
}
