//! Ranking statements and roles for a query, in and across languages.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rolesearch_analysis::{Bridge, ConceptMatch, Dictionary, Lexicon, Loanwords, Phrases, Token, MAX_PHRASE_TERMS};
use rolesearch_doc::{Lang, Metadata, SectionKind};
use rolesearch_index::{
    lang_number, meta_facet, DocLanguages, FacetFilter, Fields, KeyMap, KeySet, RoleIndex, StoredStatement, DOC_ROLE,
    META_FIELD,
};
use tantivy::collector::{FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query as TQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Term, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument};

use crate::top::{TopByLanguage, Tops};
use crate::{Error, Result};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 4096;

/// Deepest a search pages: `offset + limit` is capped here (as
/// Elasticsearch's `max_result_window`). A larger limit returns this many
/// hits rather than asking tantivy for room for a trillion, and an offset
/// past it is an error.
pub const MAX_RESULT_WINDOW: usize = 10_000;
/// Most values per key a facet count lists (the most frequent), as
/// Meilisearch's `maxValuesPerFacet`.
pub const MAX_FACET_VALUES: usize = 100;
/// Distinct query terms used; the rest of a very long query is ignored.
const MAX_QUERY_TERMS: usize = 64;
/// Weight of a match through a lexicon concept relative to a direct word
/// match: a statement in the query's own language that uses the query's
/// words ranks above a translated one.
const CONCEPT_WEIGHT: f32 = 0.6;
/// Weight of a word translated through CC-CEDICT relative to a direct
/// match: its glosses are noisy, so it only decides between otherwise weak hits.
const DICTIONARY_WEIGHT: f32 = 0.3;
/// Most dictionary translations per query word (CC-CEDICT and JMdict).
const DICTIONARY_PER_TERM: usize = 4;
/// Most JMdict words an English query word adds beside CC-CEDICT's (each
/// folded, and as JMdict writes it). A Chinese word brings all the Japanese
/// spellings whose twin it is (the table keeps at most four).
const JAPANESE_PER_TERM: usize = 2;
/// Weight of a word the learned bilingual layer ([`Bridge`]) links to a
/// query word, at cosine 1; a link's weight falls to 0 at [`MIN_LEARNED_COS`].
const LEARNED_WEIGHT: f32 = 0.45;
/// Weight of a word that means an expression of the query, or of an
/// expression that a word of the query means ([`Phrases`]): a dictionary
/// entry matched whole, weighted as a learned link at cosine 1.
const PHRASE_WEIGHT: f32 = LEARNED_WEIGHT;
/// Weight of a katakana loanword's English origin, or the reverse (UniDic,
/// [`Loanwords`]): the same word written in another script, weighted as a
/// learned link at cosine 1.
const LOANWORD_WEIGHT: f32 = LEARNED_WEIGHT;
/// Most loanword spellings tried per query word (a stem can come from a few:
/// リポジトリ, リポジトリー), the most common first.
const LOANWORDS_PER_TERM: usize = 3;
/// Weakest learned link used: below it, neighbours of frequent words are noise.
const MIN_LEARNED_COS: f32 = 0.5;
/// Most learned links per query word.
const LEARNED_PER_TERM: usize = 3;
/// Largest share of statements a learned link's word may occur in.
const MAX_LINK_DOC_SHARE: f32 = 0.02;
/// Below this many statements a link's word is never too frequent.
const MIN_LINK_DF_CAP: f32 = 1000.0;
/// See [`language_balance`].
const BALANCE_EXPONENT: f32 = 0.9;
const BALANCE_POOL: usize = 100;
const MAX_BALANCE: f32 = 4.0;
/// Weight of the words of a query concept's other terms.
const EXPANSION_WEIGHT: f32 = 0.15;
/// Weight of title evidence in role-level ranking.
const TITLE_WEIGHT: f32 = 1.5;
/// Statements and titles weighed for role-level ranking.
const ROLE_EVIDENCE: usize = 400;
const ROLE_TITLES: usize = 200;
/// Statements of each language's own best that role ranking also weighs.
const ROLE_EVIDENCE_PER_LANG: usize = 100;
/// Share (on a log scale) of statement search's language raise
/// ([`language_balance`]) that role ranking applies to statement evidence.
/// All of it put Chinese and Japanese roles that share one bridged word
/// with the query above the English roles that are about it; none of it
/// left a charter's translation below other charters. Role-level nDCG@10
/// on the short sets turned into role judgments (k8s-short / oh-short /
/// jd-short): none 0.930 / 0.884 / 0.812, 0.3 0.939 / 0.919 / 0.820, 0.5
/// 0.939 / 0.936 / 0.818, 0.7 0.928 / 0.946 / 0.808, all 0.925 / 0.945 / 0.776.
const ROLE_BALANCE_SHARE: f32 = 0.5;
/// Most index words a `word*` prefix stands for (the most frequent ones).
const MAX_PREFIX_TERMS: usize = 32;
/// Shortest word (in letters) that a one-letter typo is corrected in, as
/// Meilisearch does: shorter words have too many neighbours.
const MIN_TYPO_LETTERS: usize = 5;

/// What a search returns: single statements, or roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    /// One hit per statement.
    #[default]
    Statement,
    /// One hit per role, with its best statement.
    Role,
}

impl Level {
    /// Parses `statement` or `role`.
    pub fn from_name(name: &str) -> Option<Level> {
        match name.trim().to_ascii_lowercase().as_str() {
            "statement" | "statements" => Some(Level::Statement),
            "role" | "roles" => Some(Level::Role),
            _ => None,
        }
    }
}

/// A search request. Built by value: `Query::new("budget").limit(5)`.
#[derive(Debug, Clone)]
pub struct Query {
    text: String,
    limit: usize,
    offset: usize,
    level: Level,
    lang: Option<Lang>,
    role: Option<String>,
    section: Option<SectionKind>,
    cross_language: bool,
    collapse: bool,
    /// Metadata filters: (key, value).
    filters: Vec<(String, String)>,
    /// Metadata keys to count hits per value of.
    facets: Vec<String>,
}

impl Query {
    /// A query for `text`: statement level, 10 hits, all languages, cross-language on.
    pub fn new(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            limit: 10,
            offset: 0,
            level: Level::Statement,
            lang: None,
            role: None,
            section: None,
            cross_language: true,
            collapse: true,
            filters: Vec::new(),
            facets: Vec::new(),
        }
    }
    /// Maximum number of hits. Any number is accepted; a search returns at
    /// most [`MAX_RESULT_WINDOW`] hits in all (offset included).
    pub fn limit(mut self, n: usize) -> Query {
        self.limit = n;
        self
    }
    /// Hits to skip, for the next page: `offset(10).limit(10)` is page two.
    pub fn offset(mut self, n: usize) -> Query {
        self.offset = n;
        self
    }
    /// The hits ranked before the page is cut: offset + limit, capped.
    fn window(&self) -> usize {
        self.offset.saturating_add(self.limit).min(MAX_RESULT_WINDOW)
    }
    /// Statement or role level.
    pub fn level(mut self, level: Level) -> Query {
        self.level = level;
        self
    }
    /// Only statements (or roles) in this language.
    pub fn lang(mut self, lang: Option<Lang>) -> Query {
        self.lang = lang;
        self
    }
    /// Only this role (an id, or a file stem matching all its levels).
    pub fn role(mut self, role: Option<String>) -> Query {
        self.role = role;
        self
    }
    /// Only statements of this section kind.
    pub fn section(mut self, section: Option<SectionKind>) -> Query {
        self.section = section;
        self
    }
    /// Match across languages through the lexicon (on by default).
    pub fn cross_language(mut self, on: bool) -> Query {
        self.cross_language = on;
        self
    }
    /// One hit per statement text (on by default): a statement that a
    /// ladder repeats verbatim in many levels or roles is one hit, listing
    /// the roles it appears in ([`Hit::roles`]), not ten hits. `false`
    /// lists every copy. (Statement level; `total` counts statements.)
    pub fn collapse(mut self, on: bool) -> Query {
        self.collapse = on;
        self
    }
    /// Only roles whose metadata has `key: value` (keys are matched in
    /// lower case, values exactly). Filters on different keys must all
    /// hold; several values of one key are alternatives: `filter("company",
    /// "Acme").filter("company", "Beta")` is Acme or Beta.
    pub fn filter(mut self, key: impl AsRef<str>, value: impl Into<String>) -> Query {
        self.filters.push((key.as_ref().trim().to_lowercase(), value.into().trim().to_string()));
        self
    }
    /// Count the hits per value of metadata `key` ([`Page::facets`]), as
    /// Elasticsearch's terms aggregation or Meilisearch's facet distribution.
    pub fn facet(mut self, key: impl AsRef<str>) -> Query {
        let key = key.as_ref().trim().to_lowercase();
        if !self.facets.contains(&key) {
            self.facets.push(key);
        }
        self
    }
    /// The query text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Why a hit matched: a query word found as is, or a lexicon concept.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Match {
    /// The analysed term that matched in the hit's text (a stem for English).
    pub term: String,
    /// The term as the hit's text writes it (its first occurrence): what
    /// people read, where `term` may be a stem ("disaster", not "disast").
    pub word: String,
    /// What bridged it when the word is not the query's own: a lexicon
    /// concept id (`hiring`), `cc-cedict <query word>` or `jmdict <query
    /// word>` for a dictionary translation, `learned <query word>` for a link of the learned
    /// bilingual layer ([`Bridge`]), or `typo <word as typed>` for a
    /// corrected typo.
    pub concept: Option<String>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// The statement's stable id (`role_id:hash of its text`), as in TREC
    /// qrels for `rolesearch eval`: it survives re-indexing and edits
    /// elsewhere in the document.
    pub statement_id: String,
    /// Role id.
    pub role_id: String,
    /// Role title.
    pub role_title: String,
    /// Language of the statement.
    pub lang: Lang,
    /// Section kind of the statement.
    pub section: SectionKind,
    /// Section heading.
    pub heading: String,
    /// Statement text.
    pub text: String,
    /// Relevance score (higher is better; comparable within one result list).
    pub score: f32,
    /// Order of the statement within its role.
    pub ord: u64,
    /// Byte ranges of `text` to highlight, sorted and disjoint.
    pub highlights: Vec<(usize, usize)>,
    /// Terms and concepts that matched.
    pub matched: Vec<Match>,
    /// The metadata of the hit's role.
    pub metadata: Metadata,
    /// Every role the statement's text appears in among the hits (the
    /// hit's own role first): more than one when repeated statements are
    /// collapsed ([`Query::collapse`]).
    pub roles: Vec<String>,
}

/// Analysed query: its terms and the concepts they express.
struct Analysed {
    terms: Vec<String>,
    concepts: Vec<ConceptMatch>,
    /// Words of other languages for query terms no concept covers: from
    /// CC-CEDICT, JMdict, loanword origins or the learned layer.
    translations: Vec<Translation>,
    /// Tokens of the lexicon terms of the query's concepts, not in the query.
    expansion: Vec<String>,
    /// Index words that `word*` prefixes of the query stand for.
    prefix_terms: Vec<String>,
    /// Words a hit must not contain (analysed).
    excluded: Vec<String>,
    /// Phrases a hit must contain, and phrases it must not: analysed terms
    /// with their positions relative to the phrase's first word.
    phrases: Vec<Vec<(usize, String)>>,
    excluded_phrases: Vec<Vec<(usize, String)>>,
    /// (as typed, the index term it was corrected to) for words the index
    /// does not hold that are one edit away from a word it does.
    corrections: Vec<(String, String)>,
    /// The one language a single Han character of the query matches in, when
    /// the query has other words: see [`single_han_language`].
    single_han_lang: Option<Lang>,
    /// What explaining a hit needs of the query, built for the first hit.
    marks: std::sync::OnceLock<Marks>,
}

/// The words a hit's explanation marks, and why, as far as the query alone
/// says: built once per search rather than once per hit returned.
struct Marks {
    /// Query terms, and the words its prefixes stand for.
    direct: HashSet<String>,
    /// Words of other languages: the layer and query word that bridged each.
    translated: HashMap<String, String>,
    /// Index terms a typo was corrected to: "typo" and what was typed.
    typos: HashMap<String, String>,
}

impl Analysed {
    fn marks(&self) -> &Marks {
        self.marks.get_or_init(|| {
            let mut translated = HashMap::new();
            // A word a translation of its own reached is marked as that: an
            // expression's words also match without it.
            let (single, together): (Vec<&Translation>, Vec<&Translation>) =
                self.translations.iter().partition(|tr| tr.also.is_empty());
            for tr in single.into_iter().chain(together) {
                let layer = match tr.layer {
                    Layer::Dictionary => "cc-cedict",
                    Layer::JaDictionary => "jmdict",
                    Layer::Learned => "learned",
                    Layer::Loanword => "loanword",
                    Layer::Phrase => "phrase",
                };
                for to in std::iter::once(&tr.to).chain(&tr.also) {
                    translated.entry(to.clone()).or_insert_with(|| format!("{layer} {}", tr.from));
                }
            }
            Marks {
                direct: self.terms.iter().chain(&self.prefix_terms).cloned().collect(),
                translated,
                typos: self.corrections.iter().map(|(typed, term)| (term.clone(), format!("typo {typed}"))).collect(),
            }
        })
    }

    /// Whether candidates must be read and checked (phrases).
    fn verifies(&self) -> bool {
        !self.phrases.is_empty() || !self.excluded_phrases.is_empty()
    }

    /// Whether `text` (analysed as `lang`) holds every phrase and no excluded one.
    fn admits(&self, index: &RoleIndex, text: &str, lang: Lang) -> bool {
        if !self.verifies() {
            return true;
        }
        let tokens = index.analyzer().tokens_in(text, lang);
        let mut at: HashMap<usize, Vec<&str>> = HashMap::new();
        for t in tokens.iter() {
            at.entry(t.position).or_default().push(t.text);
        }
        let holds = |phrase: &[(usize, String)]| {
            at.iter().any(|(&start, _)| {
                phrase.iter().all(|(rel, term)| at.get(&(start + rel)).is_some_and(|ts| ts.contains(&term.as_str())))
            })
        };
        self.phrases.iter().all(|p| holds(p)) && !self.excluded_phrases.iter().any(|p| holds(p))
    }
}

/// Which layer bridged a query word to a word of another language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    /// CC-CEDICT glosses.
    Dictionary,
    /// JMdict glosses (Japanese words).
    JaDictionary,
    /// The learned bilingual layer ([`Bridge`]).
    Learned,
    /// Katakana loanword origins, UniDic's and JMdict's ([`Loanwords`]).
    Loanword,
    /// A word that means an expression of several words ([`Phrases`]).
    Phrase,
}

/// A query word's translation and the weight its matches carry.
#[derive(Debug, Clone)]
struct Translation {
    from: String,
    to: String,
    /// Further terms a match must hold with `to`: an expression
    /// ("code of conduct" is `code` and `conduct`), or a word the index
    /// splits (行動規範 is 行动 and 规范).
    also: Vec<String>,
    weight: f32,
    layer: Layer,
}

/// A token of one Han or kana character: too ambiguous to stand for a
/// word of another language.
fn single_cjk(tok: &str) -> bool {
    lone_char(tok).is_some_and(|c| rolesearch_doc::is_han(c) || rolesearch_doc::is_kana(c))
}

/// A token of one Han character.
fn single_han(tok: &str) -> bool {
    lone_char(tok).is_some_and(rolesearch_doc::is_han)
}

/// The character a one-character token is.
fn lone_char(tok: &str) -> Option<char> {
    let mut chars = tok.chars();
    chars.next().filter(|_| chars.next().is_none())
}

/// The language a query's single Han characters are matched in: Japanese
/// for a query with kana, else Chinese. A lone character shared by the two
/// scripts is rarely the same word in both: a Chinese function character
/// (当 "when", 对, 得) is a Japanese verb stem cut from its okurigana (割り当て
/// is 割 / 当 without lindera), so across the two it matched unrelated lines
/// ("レビューの割り当て" found "当你满足相关条件时"). Han-only text is
/// Chinese, as [`rolesearch_doc::detect_lang`] reads it without context.
/// None when every word of the query is a single character: a word jieba
/// does not know (納得 is 纳 / 得), which means what the user typed wherever
/// it is written.
fn single_han_language(text: &str, terms: &[String]) -> Option<Lang> {
    if !terms.iter().any(|t| single_han(t)) || terms.iter().all(|t| single_han(t)) {
        return None;
    }
    Some(if text.chars().any(rolesearch_doc::is_kana) { Lang::Ja } else { Lang::Zh })
}

fn analyse(index: &RoleIndex, searcher: &Searcher, q: &Query) -> Result<Analysed> {
    let len = q.text.chars().count();
    if len > MAX_QUERY_CHARS {
        return Err(Error::QueryTooLong { len, max: MAX_QUERY_CHARS });
    }
    let syntax = crate::syntax::parse(&q.text);
    let mut tokens = index.analyzer().analyze_query(&syntax.words);
    let f = index.fields();
    let corrections = correct_typos(searcher, f.text, f.title, &syntax.words, &mut tokens);
    let prefix_terms = expand_prefixes(searcher, f.text, &syntax.prefixes);
    let analyse_phrase = |p: &String| -> Vec<(usize, String)> {
        let toks = index.analyzer().analyze_query(p);
        let first = toks.first().map_or(0, |t| t.position);
        let mut seen = HashSet::new();
        // One term per position: the first (a compound's parts stack on it).
        toks.into_iter().filter(|t| seen.insert(t.position)).map(|t| (t.position - first, t.text)).collect()
    };
    let phrases: Vec<Vec<(usize, String)>> =
        syntax.phrases.iter().map(analyse_phrase).filter(|p| !p.is_empty()).collect();
    let excluded_phrases = syntax.excluded_phrases.iter().map(analyse_phrase).filter(|p| !p.is_empty()).collect();
    let mut excluded: Vec<String> = Vec::new();
    for w in &syntax.excluded_words {
        for t in index.analyzer().analyze_query(w) {
            if !excluded.contains(&t.text) {
                excluded.push(t.text);
            }
        }
    }
    let mut terms: Vec<String> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !terms.contains(&t.text) {
            terms.push(t.text.clone());
        }
        if terms.len() >= MAX_QUERY_TERMS {
            tokens.truncate(i + 1);
            break;
        }
    }
    // Words that are also excluded are not searched for.
    terms.retain(|t| !excluded.contains(t));
    if terms.is_empty() && prefix_terms.is_empty() && syntax.prefixes.is_empty() {
        return Err(Error::EmptyQuery { query: q.text.clone() });
    }
    let mut concepts = if q.cross_language { Lexicon::shared().concepts_in(&tokens) } else { Vec::new() };
    // Words no lexicon concept covers fall back to CC-CEDICT and JMdict, weighted low.
    let mut translations = Vec::new();
    if q.cross_language {
        let text = index.fields().text;
        let docs = searcher.num_docs() as f32;
        // A link counts if the index holds its word, and, in a large index,
        // not in a large share of its statements: such a word adds little
        // score (low idf) and its long postings cost the most to match.
        let useful = |to: &str| {
            let df = searcher.doc_freq(&Term::from_field_text(text, to)).unwrap_or(0) as f32;
            df > 0.0 && df <= (MAX_LINK_DOC_SHARE * docs).max(MIN_LINK_DF_CAP)
        };
        // Expressions first: the words they stand for are not translated
        // one by one ("code of conduct" is not 代码 and 进行).
        let in_phrase = phrase_links(index, searcher, &syntax.words, &tokens, &terms, &mut translations);
        // Nor is one of them a concept alone (規範 of 行動規範 is not the
        // lexicon's coding standards); a concept's term of several words is
        // as precise as the expression and stays.
        let words_in_phrase: HashSet<&str> =
            tokens.iter().filter(|t| in_phrase.contains(&t.position)).map(|t| t.text.as_str()).collect();
        concepts.retain(|c| c.term.contains(' ') || !words_in_phrase.contains(c.term.as_str()));
        let covered: HashSet<&str> = concepts.iter().flat_map(|c| c.term.split(' ')).collect();
        let dict = Dictionary::builtin();
        let japanese = rolesearch_analysis::reads_as_japanese(&q.text);
        for tok in tokens.iter().filter(|t| !covered.contains(t.text.as_str()) && !in_phrase.contains(&t.position)) {
            let t = &tok.text;
            // (word, from JMdict)
            let out: Vec<(String, bool)> = if t.chars().any(rolesearch_doc::is_han) {
                // A Han word of a query with kana is Japanese: JMdict's
                // sense (担当 "in charge", not CC-CEDICT's "assume"), or
                // CC-CEDICT's when JMdict lacks the word; the reverse for
                // a query without kana.
                let (mut out, from_ja) = dict.readings_from(t, japanese);
                out.truncate(DICTIONARY_PER_TERM);
                let mut out: Vec<(String, bool)> = out.into_iter().map(|w| (w, from_ja)).collect();
                // A Japanese spelling Chinese does not write meets its
                // Chinese twin, and the reverse (予算 ↔ 预算).
                // Not a false friend, which folding alone would have merged
                // (経理 "accounting" is not 经理 "manager").
                out.extend(
                    dict.chinese_twins(t)
                        .into_iter()
                        .chain(dict.japanese_of(t, usize::MAX))
                        .filter(|w| !rolesearch_analysis::false_friends(t, w))
                        .map(|w| (w, true)),
                );
                out
            } else {
                // The reverse indexes are keyed by the word as written
                // ("recruiting" is not "recruit"): try the query's own word,
                // then its stem. Chinese words first, then the most common
                // Japanese ones (予算 "budget", 面接 "interview").
                let raw = syntax.words.get(tok.offset_from..tok.offset_to).unwrap_or(t).to_lowercase();
                // An inflected word ("sentences") is looked up in its
                // dictionary forms ("sentence") before its stem.
                let forms = lookup_forms(&raw, t);
                let or_stem = |of: &dyn Fn(&str) -> Vec<String>| {
                    forms.iter().map(|f| of(f)).find(|found| !found.is_empty()).unwrap_or_default()
                };
                let mut out: Vec<(String, bool)> = or_stem(&|w| dict.chinese_of(w))
                    .into_iter()
                    .take(DICTIONARY_PER_TERM)
                    .map(|w| (w, false))
                    .collect();
                for ja in or_stem(&|w| dict.japanese_of(w, JAPANESE_PER_TERM)) {
                    if !out.iter().any(|(o, _)| *o == ja) {
                        out.push((ja, true));
                    }
                }
                out
            };
            for (tr, from_ja) in out.into_iter().filter(|(tr, _)| !single_cjk(tr)) {
                if !terms.contains(&tr) && !translations.iter().any(|x: &Translation| x.to == tr && x.also.is_empty()) {
                    translations.push(Translation {
                        from: t.clone(),
                        to: tr,
                        also: Vec::new(),
                        weight: DICTIONARY_WEIGHT,
                        layer: if from_ja { Layer::JaDictionary } else { Layer::Dictionary },
                    });
                }
            }
        }
        // A katakana word meets the English word it was borrowed from, and
        // the reverse, before the learned layer: the same word written in
        // another script, where the learned layer only guesses (マージ → dim).
        let loanwords = Loanwords::builtin();
        for tok in tokens.iter() {
            let t = &tok.text;
            let out = if t.chars().all(rolesearch_doc::is_kana) {
                loanwords.english_of(t)
            } else if t.bytes().all(|b| b.is_ascii()) {
                loanwords.katakana_of(t)
            } else {
                Vec::new()
            };
            // The most common spellings only: each one tried costs a term
            // lookup in every segment.
            for to in out.into_iter().take(LOANWORDS_PER_TERM) {
                if terms.iter().any(|x| x == to)
                    || translations.iter().any(|x| x.to == to && x.also.is_empty())
                    || !useful(to)
                {
                    continue;
                }
                translations.push(Translation {
                    from: t.clone(),
                    to: to.to_string(),
                    also: Vec::new(),
                    weight: LOANWORD_WEIGHT,
                    layer: Layer::Loanword,
                });
            }
        }
        // The learned layer bridges every query word, concept-covered or
        // not: it knows words the lexicon and CC-CEDICT lack, and Japanese.
        let bridge = Bridge::builtin();
        for tok in tokens.iter().filter(|t| !in_phrase.contains(&t.position)) {
            let t = &tok.text;
            let links = bridge.links(t);
            let mut kept = 0;
            for (to, cos) in links.into_iter().filter(|(_, c)| *c >= MIN_LEARNED_COS) {
                if kept == LEARNED_PER_TERM {
                    break;
                }
                if terms.iter().any(|x| x == to)
                    || translations.iter().any(|x| x.to == to && x.also.is_empty())
                    || !useful(to)
                {
                    continue;
                }
                kept += 1;
                let weight = LEARNED_WEIGHT * (cos - MIN_LEARNED_COS) / (1.0 - MIN_LEARNED_COS);
                translations.push(Translation {
                    from: t.clone(),
                    to: to.to_string(),
                    also: Vec::new(),
                    weight,
                    layer: Layer::Learned,
                });
            }
        }
    }
    let mut expansion: Vec<String> = Vec::new();
    let lex = Lexicon::shared();
    for c in &concepts {
        for (_, term) in lex.terms_of(&c.concept) {
            for tok in term.split(' ') {
                // One Han or kana character (a Japanese term segmented
                // without a Japanese dictionary) matches unrelated text.
                if single_cjk(tok) {
                    continue;
                }
                if !terms.iter().any(|t| t == tok) && !expansion.iter().any(|t| t == tok) {
                    expansion.push(tok.to_string());
                }
            }
        }
    }
    Ok(Analysed {
        single_han_lang: single_han_language(&q.text, &terms),
        terms,
        concepts,
        translations,
        expansion,
        prefix_terms,
        excluded,
        phrases,
        excluded_phrases,
        corrections,
        marks: std::sync::OnceLock::new(),
    })
}

/// Translations of the query's expressions of several words ([`Phrases`]):
/// English words in a row (a stop word may stand between them) that a
/// dictionary glosses a Chinese or Japanese word with, and Chinese or
/// Japanese words, alone or two or three in a row, that it glosses with an
/// English expression. Returns the positions of the query words that an
/// expression of several of them covers: those are not translated one by
/// one, which reads each in a sense of its own (行动规范 is not "action" and
/// "norm"; "code of conduct" is not 代码 and 进行).
fn phrase_links(
    index: &RoleIndex,
    searcher: &Searcher,
    query: &str,
    tokens: &[Token],
    terms: &[String],
    translations: &mut Vec<Translation>,
) -> HashSet<usize> {
    let text = index.fields().text;
    let indexed = |t: &str| searcher.doc_freq(&Term::from_field_text(text, t)).unwrap_or(0) > 0;
    // One word per position: the longest (jieba stacks a compound's parts
    // on it: 行为准则 is also 行为, 为准 and 准则).
    let mut heads: Vec<&Token> = Vec::new();
    for t in tokens {
        match heads.last_mut() {
            Some(h) if h.position == t.position => {
                if t.text.chars().count() > h.text.chars().count() {
                    *h = t;
                }
            }
            _ => heads.push(t),
        }
    }
    let cjk = |t: &Token| t.text.chars().any(|c| rolesearch_doc::is_han(c) || rolesearch_doc::is_kana(c));
    let latin = |t: &Token| t.text.bytes().all(|b| b.is_ascii_alphabetic());
    let phrases = Phrases::builtin();
    let dict = Dictionary::builtin();
    let bridge = Bridge::builtin();
    let japanese = rolesearch_analysis::reads_as_japanese(query);
    // What a query word reaches on its own: its dictionary words (as
    // typed, in its dictionary forms, as its stem) and its learned links.
    let word_level = |t: &Token| -> HashSet<String> {
        let mut out: HashSet<String> = bridge.links(&t.text).into_iter().map(|(w, _)| w.to_string()).collect();
        if cjk(t) {
            out.extend(dict.readings(&t.text, japanese));
        } else {
            let raw = query.get(t.offset_from..t.offset_to).unwrap_or(&t.text).to_lowercase();
            for f in &lookup_forms(&raw, &t.text) {
                out.extend(dict.chinese_of(f));
                out.extend(dict.japanese_of(f, usize::MAX));
            }
        }
        out
    };
    let mut covered = HashSet::new();
    // Whether the index holds the expression's translation. Only then
    // does it stand for its words: "long sentences" is 長文 to JMdict, which
    // an index may lack, and then 句子 (from "sentences") still counts.
    let add = |from: String, words: Vec<String>, translations: &mut Vec<Translation>| {
        let Some((to, also)) = words.split_first() else { return false };
        if words.iter().any(|w| terms.contains(w) || !indexed(w)) {
            return false;
        }
        if translations.iter().any(|x| x.to == *to && x.also == also) {
            return true;
        }
        translations.push(Translation {
            from,
            to: to.clone(),
            also: also.to_vec(),
            weight: PHRASE_WEIGHT,
            layer: Layer::Phrase,
        });
        true
    };
    let mut i = 0;
    while i < heads.len() {
        let mut taken = 1;
        for n in (1..=MAX_PHRASE_TERMS.min(heads.len() - i)).rev() {
            let run = &heads[i..i + n];
            let together = run.windows(2).all(|w| w[1].position - w[0].position <= if cjk(w[0]) { 1 } else { 2 });
            if !together {
                continue;
            }
            let mut found = false;
            // The query's own words, as typed ("code of conduct").
            let from = query.get(run[0].offset_from..run[n - 1].offset_to).unwrap_or_default().to_string();
            // An expression its words translate one by one ("security
            // issues": 安全 and 问题) needs no link of its own, and its words'
            // own links are wider (a line may say 安全 without 问题). So for
            // one word and its parts (设计规范: 设计 "design", 规范
            // "specification"), not 行为准则 "code of conduct" (行为
            // "behaviour", 准则 "norm"). Read only for a run the tables know.
            let reached = std::cell::OnceCell::new();
            let compositional = |words: &[String]| {
                let reached: &HashSet<String> = reached.get_or_init(|| {
                    // One word: its own readings (每周 is "every" and "week"
                    // already) and its parts'.
                    let parts: Vec<&Token> = if n == 1 {
                        tokens.iter().filter(|t| t.position == run[0].position).collect()
                    } else {
                        run.to_vec()
                    };
                    parts.into_iter().flat_map(&word_level).collect()
                });
                !reached.is_empty() && words.iter().all(|w| reached.contains(w))
            };
            if n >= 2 && run.iter().all(|t| latin(t)) {
                let words: Vec<&str> = run.iter().map(|t| t.text.as_str()).collect();
                for w in phrases.words_for(&words) {
                    // The word as the index holds it, in a Chinese and in a
                    // Japanese text (with lindera the two differ): its words in a row.
                    let zh = analysed_words(index, w, Lang::Zh);
                    let ja = analysed_words(index, w, Lang::Ja);
                    for parts in if ja == zh { vec![zh] } else { vec![zh, ja] } {
                        if !parts.is_empty() && !parts.iter().any(|p| single_cjk(p)) && !compositional(&parts) {
                            found |= add(from.clone(), parts, translations);
                        }
                    }
                }
            } else if run.iter().all(|t| cjk(t)) {
                let word: String = run.iter().map(|t| t.text.as_str()).collect();
                // A word the dictionaries also gloss with one word keeps its
                // word readings: its expressions are mostly phrasal verbs
                // (设定 "set up", 指示 "point out") that match any English
                // line with "set" and "up".
                if n == 1 && Dictionary::builtin().has_one_word_gloss(&word) {
                    continue;
                }
                for expr in phrases.expressions_of(&word) {
                    let words: Vec<String> = expr.into_iter().map(str::to_string).collect();
                    if !compositional(&words) {
                        found |= add(from.clone(), words, translations);
                    }
                }
            }
            if found {
                if n >= 2 {
                    covered.extend(run.iter().map(|t| t.position));
                }
                taken = n;
                break;
            }
        }
        i += taken;
    }
    covered
}

/// The forms an English query word is looked up in the dictionaries by, in
/// order: as typed (lowercased), its dictionary forms ("sentences" →
/// "sentence"), its stem. The reverse tables are keyed by glosses as written.
fn lookup_forms(raw: &str, stem: &str) -> Vec<String> {
    let mut forms = vec![raw.to_string()];
    forms.extend(rolesearch_analysis::base_forms(raw));
    forms.push(stem.to_string());
    forms
}

/// The index's words for a Chinese or Japanese word in a text of `lang`:
/// the longest at each position (jieba stacks a compound's parts on it:
/// 行为准则 is also 行为, 为准 and 准则 at one position).
fn analysed_words(index: &RoleIndex, word: &str, lang: Lang) -> Vec<String> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for t in index.analyzer().tokens_in(word, lang).iter() {
        match out.last_mut() {
            Some((pos, longest)) if *pos == t.position => {
                if t.text.chars().count() > longest.chars().count() {
                    *longest = t.text.to_string();
                }
            }
            _ => out.push((t.position, t.text.to_string())),
        }
    }
    out.into_iter().map(|(_, w)| w).collect()
}

/// Corrects words of at least [`MIN_TYPO_LETTERS`] Latin letters that
/// neither statements nor titles hold, and that neither the lexicon nor a
/// dictionary knows (their translations may be indexed), to the most frequent indexed word one
/// edit (insertion, deletion, substitution, swap of neighbours) away from
/// the word as typed. Edits are made on the word as typed, then stemmed, so
/// "managment" finds what "management" finds. Returns (typed, corrected term).
fn correct_typos(
    searcher: &Searcher,
    text: Field,
    title: Field,
    words: &str,
    tokens: &mut [tantivy::tokenizer::Token],
) -> Vec<(String, String)> {
    let df = |field: Field, t: &str| searcher.doc_freq(&Term::from_field_text(field, t)).unwrap_or(0);
    let mut out = Vec::new();
    for tok in tokens.iter_mut() {
        let Some(typed) = words.get(tok.offset_from..tok.offset_to) else { continue };
        let typed = typed.to_ascii_lowercase();
        if typed.len() < MIN_TYPO_LETTERS || !typed.bytes().all(|b| b.is_ascii_lowercase()) {
            continue;
        }
        if df(text, &tok.text) > 0 || df(title, &tok.text) > 0 {
            continue;
        }
        // A word the lexicon, a loanword's origin or a dictionary knows is a
        // word, not a typo: "frontend" is フロントエンド in a Japanese
        // posting, not "fronted" (stem front). (Not the learned layer: its
        // vocabulary holds stems of rare forms, "disastr" of "disastrous".)
        if Lexicon::shared().starts_term(&tok.text)
            || !Loanwords::builtin().katakana_of(&tok.text).is_empty()
            || !Dictionary::builtin().chinese_of(&typed).is_empty()
            || !Dictionary::builtin().japanese_of(&typed, 1).is_empty()
        {
            continue;
        }
        let mut best: Option<(u64, String)> = None;
        for variant in one_edit(&typed) {
            let term = rolesearch_analysis::stem(&variant);
            if term.is_empty() || term == tok.text {
                continue;
            }
            let n = df(text, &term) + df(title, &term);
            if n > 0 && best.as_ref().is_none_or(|(m, b)| n > *m || (n == *m && term < *b)) {
                best = Some((n, term));
            }
        }
        if let Some((_, term)) = best {
            out.push((typed, term.clone()));
            tok.text = term;
        }
    }
    out
}

/// Every lowercase ASCII word one edit away from `word`.
fn one_edit(word: &str) -> Vec<String> {
    let b = word.as_bytes();
    let mut out = Vec::with_capacity(54 * b.len() + 25);
    let with = |parts: &[&[u8]]| String::from_utf8(parts.concat()).unwrap_or_default();
    for i in 0..=b.len() {
        for c in b'a'..=b'z' {
            out.push(with(&[&b[..i], &[c], &b[i..]]));
            if i < b.len() && b[i] != c {
                out.push(with(&[&b[..i], &[c], &b[i + 1..]]));
            }
        }
        if i < b.len() {
            out.push(with(&[&b[..i], &b[i + 1..]]));
        }
        if i + 1 < b.len() && b[i] != b[i + 1] {
            out.push(with(&[&b[..i], &[b[i + 1], b[i]], &b[i + 2..]]));
        }
    }
    out
}

/// The indexed words each prefix begins, the most frequent first, at most
/// [`MAX_PREFIX_TERMS`] in all. English words are indexed as stems, so the
/// prefix's own stem counts too ("engineer*" finds "engineering", stem "engin").
fn expand_prefixes(searcher: &Searcher, field: Field, prefixes: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in prefixes {
        let p = rolesearch_analysis::normalize(p);
        let mut found: Vec<(u64, String)> = Vec::new();
        let add = |t: String, found: &mut Vec<(u64, String)>| {
            if !found.iter().any(|(_, x)| *x == t) {
                let n = searcher.doc_freq(&Term::from_field_text(field, &t)).unwrap_or(0);
                if n > 0 {
                    found.push((n, t));
                }
            }
        };
        if p.is_ascii() {
            add(rolesearch_analysis::stem(&p), &mut found);
        }
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else { continue };
            let Ok(mut stream) = inverted.terms().range().ge(p.as_bytes()).into_stream() else { continue };
            let mut scanned = 0;
            while stream.advance() && scanned < 4 * MAX_PREFIX_TERMS {
                let key = stream.key();
                if !key.starts_with(p.as_bytes()) {
                    break;
                }
                if let Ok(t) = std::str::from_utf8(key) {
                    add(t.to_string(), &mut found);
                }
                scanned += 1;
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        for (_, t) in found {
            if out.len() < MAX_PREFIX_TERMS && !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

fn term_query(field: Field, text: &str, freqs: bool) -> Box<dyn TQuery> {
    let opt = if freqs { IndexRecordOption::WithFreqs } else { IndexRecordOption::Basic };
    Box::new(TermQuery::new(Term::from_field_text(field, text), opt))
}

/// BM25 inverse document frequency of `text` in `field`.
fn idf(searcher: &Searcher, field: Field, text: &str) -> f32 {
    let n = searcher.num_docs() as f32;
    let df = searcher.doc_freq(&Term::from_field_text(field, text)).unwrap_or(0) as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// A match through a concept is worth a fixed share of what the query words
/// that expressed it would score as a direct match (about idf × 1.1 for a
/// short statement). A concept's own frequency says little about how much
/// of the query it covers: "technology trends" matched as 技术发展趋势 covers
/// both words and must beat a statement that only says "technology".
fn concept_query(searcher: &Searcher, concepts: Field, words: Field, c: &ConceptMatch) -> Box<dyn TQuery> {
    let worth: f32 = c.term.split(' ').map(|t| idf(searcher, words, t)).sum::<f32>()
        * CONCEPT_WEIGHT
        * Lexicon::shared().weight(&c.concept);
    // BM25 on the concept field scores about idf(concept) for a statement
    // with an average number of concepts, more for a focused one: dividing
    // by idf(concept) leaves the query words' worth, scaled by focus.
    let own = idf(searcher, concepts, &c.concept).max(0.1);
    Box::new(BoostQuery::new(term_query(concepts, &c.concept, true), worth / own))
}

/// Role ids a `--role` filter selects: the id itself and, for a document id, its levels.
fn matching_roles(index: &RoleIndex, searcher: &Searcher, role: &str) -> Result<Vec<String>> {
    let roles = index.roles_in(searcher)?;
    let ids: Vec<String> = roles.iter().filter(|r| r.id == role || r.document == role).map(|r| r.id.clone()).collect();
    if ids.is_empty() {
        return Err(Error::UnknownRole {
            role: role.to_string(),
            suggestions: crate::closest_ids(role, roles.iter().map(|r| (r.id.as_str(), r.title.as_str()))),
        });
    }
    Ok(ids)
}

/// A query matching the documents of the roles a `--role` filter selects.
fn role_filter(index: &RoleIndex, searcher: &Searcher, role: &str) -> Result<Box<dyn TQuery>> {
    let f = index.fields();
    let any: Vec<(Occur, Box<dyn TQuery>)> = matching_roles(index, searcher, role)?
        .iter()
        .map(|id| (Occur::Should, term_query(f.role_id, id, false)))
        .collect();
    Ok(Box::new(BooleanQuery::new(any)))
}

fn kind_weight(kind: Option<SectionKind>) -> f32 {
    match kind {
        Some(SectionKind::Responsibilities) => 1.0,
        Some(SectionKind::Requirements) => 0.9,
        Some(SectionKind::NiceToHave) => 0.8,
        Some(SectionKind::Summary) => 0.8,
        Some(SectionKind::Other) | None => 0.85,
        Some(SectionKind::Benefits) => 0.6,
    }
}

fn statement_query(index: &RoleIndex, searcher: &Searcher, q: &Query, a: &Analysed) -> Result<BooleanQuery> {
    let f = index.fields();
    let mut should: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    for t in &a.terms {
        let direct = term_query(f.text, t, true);
        match a.single_han_lang.filter(|_| single_han(t)) {
            Some(lang) => should.push((
                Occur::Should,
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, direct),
                    (Occur::Must, FacetFilter { lang: Some(lang), ..FacetFilter::default() }.query()),
                ])),
            )),
            None => should.push((Occur::Should, direct)),
        }
    }
    for t in &a.prefix_terms {
        should.push((Occur::Should, term_query(f.text, t, true)));
    }
    for c in &a.concepts {
        should.push((Occur::Should, concept_query(searcher, f.concepts, f.text, c)));
    }
    for tr in &a.translations {
        let matched: Box<dyn TQuery> = if tr.also.is_empty() {
            term_query(f.text, &tr.to, true)
        } else {
            Box::new(BooleanQuery::new(
                std::iter::once(&tr.to).chain(&tr.also).map(|t| (Occur::Must, term_query(f.text, t, true))).collect(),
            ))
        };
        should.push((Occur::Should, Box::new(BoostQuery::new(matched, tr.weight))));
    }
    // The words of every term of the query's concepts, in every language, at
    // a low weight: among statements that share a concept, the one that
    // says "backup, disaster recovery" outranks the one that says "backups".
    // They only rank what matched otherwise: alone, a word of a concept's
    // term ("continuity" of "business continuity") is not the concept, and
    // "disaster recovery" found "continued growth" and "Business Needs".
    let boost = a.expansion.iter().map(|w| {
        (Occur::Should, Box::new(BoostQuery::new(term_query(f.text, w, true), EXPANSION_WEIGHT)) as Box<dyn TQuery>)
    });
    // Role documents (whose title concepts share the `concepts` field)
    // match too: the collector of ranked hits skips them by their language
    // byte, which costs less than a MustNot clause seeking the role
    // postings for every candidate; [`without_roles`] excludes them for
    // every other collector.
    let mut must: Vec<(Occur, Box<dyn TQuery>)> = vec![(Occur::Must, Box::new(BooleanQuery::new(should)))];
    must.extend(boost);
    for t in &a.excluded {
        must.push((Occur::MustNot, term_query(f.text, t, false)));
    }
    // Every word of a phrase must be there; the order is checked on the
    // candidates (the text is indexed without positions).
    for (_, t) in a.phrases.iter().flatten() {
        must.push((Occur::Must, Box::new(ConstScoreQuery::new(term_query(f.text, t, false), 0.0))));
    }
    let filter = match q.level {
        Level::Role => FacetFilter { role_lang: q.lang, section: q.section, ..FacetFilter::default() },
        Level::Statement => FacetFilter { lang: q.lang, section: q.section, ..FacetFilter::default() },
    };
    if !filter.is_empty() {
        must.push((Occur::Must, filter.query()));
    }
    if let Some(role) = &q.role {
        must.push((Occur::Must, role_filter(index, searcher, role)?));
    }
    if let Some(meta) = metadata_filter(index, &q.filters) {
        must.push((Occur::Must, meta));
    }
    Ok(BooleanQuery::new(must))
}

/// `query` restricted to statements: role documents excluded (statement
/// documents carry no type).
fn without_roles(index: &RoleIndex, query: &BooleanQuery) -> BooleanQuery {
    BooleanQuery::new(vec![
        (Occur::Must, Box::new(query.clone())),
        (Occur::MustNot, term_query(index.fields().doc_type, DOC_ROLE, false)),
    ])
}

/// Statements per distinct text in the languages the query's words are
/// written in (the most of them): its hits are mostly of those languages.
fn query_copies(index: &RoleIndex, searcher: &Searcher, a: &Analysed) -> f32 {
    let copies = index.doc_languages(searcher).copies();
    let mut slots = [false; 3];
    for term in &a.terms {
        if !crate::is_cjk_word(term) {
            slots[lang_slot(Lang::En)] = true;
        } else {
            // Han alone may be Chinese or Japanese; kana is Japanese.
            slots[lang_slot(Lang::Ja)] = true;
            slots[lang_slot(Lang::Zh)] |= !term.chars().any(rolesearch_doc::is_kana);
        }
    }
    (0..3).filter(|&i| slots[i]).map(|i| copies[i]).fold(1.0, f32::max)
}

/// The best `n` matches of `query` and the best `per_lang` of each language.
fn top_by_language(
    index: &RoleIndex,
    searcher: &Searcher,
    query: &dyn TQuery,
    n: usize,
    per_lang: usize,
) -> Result<Tops> {
    let langs = index.doc_languages(searcher);
    searcher
        .search(query, &TopByLanguage { overall: n.max(1), per_lang, langs })
        .map_err(|source| Error::Tantivy { context: "searching".into(), source })
}

fn top(searcher: &Searcher, query: &dyn TQuery, n: usize) -> Result<Vec<(f32, DocAddress)>> {
    searcher
        .search(query, &TopDocs::with_limit(n.max(1)).order_by_score())
        .map_err(|source| Error::Tantivy { context: "searching".into(), source })
}

/// What ranking reads of candidates without the document store: section
/// kind, language, text key, role and order, from the statement snapshot
/// read once per searcher generation ([`DocLanguages`]).
struct FastKeys {
    snapshot: Arc<DocLanguages>,
}

impl FastKeys {
    fn new(index: &RoleIndex, searcher: &Searcher) -> FastKeys {
        FastKeys { snapshot: index.doc_languages(searcher) }
    }

    /// The [`rolesearch_index::text_key`] of a statement's text.
    fn text_key(&self, addr: DocAddress) -> Option<u64> {
        self.snapshot.text_key(addr.segment_ord, addr.doc_id)
    }

    /// A statement's order in its role.
    fn ord(&self, addr: DocAddress) -> u32 {
        self.snapshot.ord(addr.segment_ord, addr.doc_id).unwrap_or(0)
    }

    /// A statement's role, numbered in role id order
    /// ([`DocLanguages::role`]); `None` when the snapshot lacks it.
    fn role(&self, addr: DocAddress) -> Option<u32> {
        self.snapshot.role(addr.segment_ord, addr.doc_id)
    }

    /// A candidate's section weight and language (1 and none for a
    /// document the snapshot holds no statement for).
    fn weight(&self, addr: DocAddress) -> (f32, Option<Lang>) {
        let (segment, doc) = (addr.segment_ord, addr.doc_id);
        let weight = self.snapshot.section(segment, doc).map_or(1.0, |kind| kind_weight(Some(kind)));
        (weight, self.snapshot.of(segment, doc).map(|lang| LANGS[lang]))
    }
}

/// How much each language's candidates are raised so that the best
/// statement in every language competes with the best in the query's own.
///
/// A statement matched across languages only through bridges (concepts,
/// dictionary, learned links, all weighted below 1) scores a fraction of
/// what a same-language statement sharing the query's words scores, so a
/// translation ends up below any same-language text that shares one
/// boilerplate sentence. Each language's scores are multiplied by
/// `(best overall / best in that language)^`[`BALANCE_EXPONENT`], at most
/// [`MAX_BALANCE`]: 90% of the way (on a log scale) to level, so a language's best
/// joins the top hits while a language with only weak matches stays low.
/// Not all the way: a translation that ties the query's own best would be
/// ordered by role id, not by evidence. (Session 17 measured 0.7 and 3× too
/// timid for one-word queries: 承認 met its English "approve" only through a
/// learned link at weight 0.3, which 3× left below ten Japanese lines.)
///
/// The factors are a function of the query alone, so that a filter never
/// changes the scores of the hits it lets through: they come from the best
/// [`BALANCE_POOL`] candidates of the query without filters, and a language
/// with none among them is raised as if its best were the pool's last.
fn language_balance(pool: &[(f32, Option<Lang>)]) -> [f32; 3] {
    let floor = pool.iter().map(|p| p.0).fold(f32::INFINITY, f32::min);
    let mut best = [0.0f32; 3];
    for &(s, lang) in pool {
        if let Some(l) = lang {
            let b = &mut best[lang_slot(l)];
            *b = b.max(s);
        }
    }
    let top = best.iter().copied().fold(0.0f32, f32::max);
    best.map(|b| {
        let b = if b > 0.0 { b } else { floor };
        if b > 0.0 && b.is_finite() {
            (top / b).powf(BALANCE_EXPONENT).min(MAX_BALANCE)
        } else {
            1.0
        }
    })
}

/// The language raise of `q` when it does not depend on the caller's own
/// fetch: none without cross-language matching (the plain baseline keeps
/// BM25's scores), and for a filtered query the raise of the query without
/// its filters ([`balance_pool`]). `None` for an unfiltered query: its first
/// fetch starts with the pool ([`weighed_pool`]).
fn preset_balance(index: &RoleIndex, searcher: &Searcher, q: &Query, a: &Analysed) -> Result<Option<[f32; 3]>> {
    let filtered = q.lang.is_some() || q.section.is_some() || q.role.is_some() || !q.filters.is_empty();
    Ok(if !q.cross_language {
        Some([1.0; 3])
    } else if filtered {
        Some(language_balance(&balance_pool(index, searcher, q, a)?))
    } else {
        None
    })
}

/// Section-weighted scores and languages of the first [`BALANCE_POOL`] of
/// `found` (tantivy's order).
fn weighed_pool(keys: &FastKeys, found: &[(f32, DocAddress)]) -> Vec<(f32, Option<Lang>)> {
    found
        .iter()
        .take(BALANCE_POOL)
        .map(|&(s, addr)| {
            let (w, lang) = keys.weight(addr);
            (s * w, lang)
        })
        .collect()
}

/// Section-weighted scores and languages of the best [`BALANCE_POOL`]
/// statements for the query without its filters.
fn balance_pool(index: &RoleIndex, searcher: &Searcher, q: &Query, a: &Analysed) -> Result<Vec<(f32, Option<Lang>)>> {
    let mut open = q.clone();
    open.lang = None;
    open.section = None;
    open.role = None;
    open.filters.clear();
    let query = statement_query(index, searcher, &open, a)?;
    let found = top_by_language(index, searcher, &query, BALANCE_POOL, 0)?.all;
    Ok(weighed_pool(&FastKeys::new(index, searcher), &found))
}

fn lang_slot(lang: Lang) -> usize {
    lang_number(lang) as usize
}

/// The languages by [`lang_slot`].
const LANGS: [Lang; 3] = [Lang::En, Lang::Zh, Lang::Ja];

fn load(index: &RoleIndex, searcher: &Searcher, addr: DocAddress) -> Result<StoredStatement> {
    let doc: TantivyDocument =
        searcher.doc(addr).map_err(|source| Error::Tantivy { context: "reading a hit".into(), source })?;
    Ok(StoredStatement::from_doc(index.fields(), &doc))
}

/// Byte ranges of `text` whose tokens are query terms or terms of the
/// concepts that matched, plus the matches for `--explain`.
fn explain(index: &RoleIndex, st: &StoredStatement, a: &Analysed) -> (Vec<(usize, usize)>, Vec<Match>) {
    let (text, stored_concepts) = (&st.text, &st.concepts);
    let marks = a.marks();
    let tokens = index.analyzer().tokens_in(text, st.language());
    // The words of the lexicon term that carried each concept the query and
    // the statement share (ahead of words translated another way).
    let mut concept_words: HashMap<&str, String> = HashMap::new();
    if a.concepts.iter().any(|c| stored_concepts.contains(&c.concept)) {
        for m in Lexicon::shared().term_matches(&tokens) {
            if stored_concepts.contains(&m.concept) && a.concepts.iter().any(|c| c.concept == m.concept) {
                for tok in m.term.split(' ') {
                    if let Some(t) = tokens.iter().find(|t| t.text == tok) {
                        concept_words.entry(t.text).or_insert_with(|| m.concept.clone());
                    }
                }
            }
        }
    }
    let mut ranges = Vec::new();
    let mut matched: Vec<Match> = Vec::new();
    for tok in tokens.iter() {
        let why: Option<Option<&str>> = if let Some(typo) = marks.typos.get(tok.text) {
            Some(Some(typo))
        } else if marks.direct.contains(tok.text)
            && !(single_han(tok.text) && a.single_han_lang.is_some_and(|l| l != st.language()))
        {
            Some(None)
        } else if let Some(concept) = concept_words.get(tok.text) {
            Some(Some(concept.as_str()))
        } else {
            marks.translated.get(tok.text).map(|t| Some(t.as_str()))
        };
        if let Some(why) = why {
            let term = tok.text;
            ranges.push((tok.offset_from, tok.offset_to));
            if !matched.iter().any(|x| x.term == term && x.concept.as_deref() == why) {
                let word = text.get(tok.offset_from..tok.offset_to).unwrap_or(term).to_string();
                matched.push(Match { term: term.to_string(), word, concept: why.map(str::to_string) });
            }
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    (merged, matched)
}

fn to_hit(index: &RoleIndex, st: StoredStatement, score: f32, a: &Analysed) -> Hit {
    let roles = vec![st.role_id.clone()];
    to_hit_in(index, st, score, a, roles)
}

fn to_hit_in(index: &RoleIndex, st: StoredStatement, score: f32, a: &Analysed, roles: Vec<String>) -> Hit {
    let (highlights, matched) = explain(index, &st, a);
    let lang = st.language();
    Hit {
        statement_id: st.id,
        role_id: st.role_id,
        role_title: st.role_title,
        lang,
        section: SectionKind::from_name(&st.section).unwrap_or(SectionKind::Other),
        heading: st.heading,
        text: st.text,
        score,
        ord: st.ord,
        highlights,
        matched,
        metadata: st.metadata,
        roles,
    }
}

/// Hits from statements read in rank order: with `collapse`, one per
/// statement text (folded), carrying the roles of its copies; at most `n`.
fn hits_from(index: &RoleIndex, read: Vec<(f32, StoredStatement)>, a: &Analysed, n: usize, collapse: bool) -> Vec<Hit> {
    if !collapse {
        return read.into_iter().take(n).map(|(s, st)| to_hit(index, st, s, a)).collect();
    }
    let mut groups: Vec<(f32, StoredStatement, Vec<String>)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for (s, st) in read {
        match at.entry(rolesearch_doc::fold(&st.text)) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let roles = &mut groups[*e.get()].2;
                if !roles.contains(&st.role_id) {
                    roles.push(st.role_id);
                }
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(groups.len());
                let roles = vec![st.role_id.clone()];
                groups.push((s, st, roles));
            }
        }
    }
    groups.into_iter().take(n).map(|(s, st, roles)| to_hit_in(index, st, s, a, roles)).collect()
}

/// The best `n` hits of `scored` (in rank order), one per statement text,
/// each naming the roles its copies among the candidates are in.
///
/// Copies are grouped by text key and ordered by role id and statement
/// order, all from the statement snapshot (roles are numbered in id order),
/// so only the `n` hits returned are read from the document store.
/// (Reading candidates until `n` distinct texts had been seen read five
/// times as many in a ladder that repeats statements, and cost three times
/// the rest of the query.)
fn collapsed(
    index: &RoleIndex,
    searcher: &Searcher,
    keys: &FastKeys,
    scored: &[(f32, DocAddress)],
    a: &Analysed,
    n: usize,
) -> Result<Vec<Hit>> {
    // Groups in the order of their best copy; a statement without a key
    // (not expected) is a group of its own.
    let mut groups: Vec<Vec<(f32, DocAddress)>> = Vec::new();
    let mut at: KeyMap<usize> = KeyMap::default();
    for &(s, addr) in scored {
        let slot = match keys.text_key(addr) {
            Some(key) => *at.entry(key).or_insert(groups.len()),
            None => groups.len(),
        };
        if slot == groups.len() {
            groups.push(Vec::new());
        }
        groups[slot].push((s, addr));
    }
    // Groups tied with the n-th on score are ordered by their best copy's
    // role id and order, as uncollapsed hits are.
    let Some(cut) = groups.get(n.saturating_sub(1).min(groups.len().saturating_sub(1))).map(|g| g[0].0) else {
        return Ok(Vec::new());
    };
    let mut chosen: Vec<Group> = Vec::new();
    for members in groups.into_iter().take_while(|g| g[0].0 >= cut) {
        // A role the snapshot lacks (not expected) sorts last.
        let mut copies: Vec<TextCopy> = members
            .into_iter()
            .map(|(score, addr)| TextCopy {
                score,
                role: keys.role(addr).unwrap_or(u32::MAX),
                ord: keys.ord(addr),
                addr,
            })
            .collect();
        copies.sort_by(TextCopy::rank);
        chosen.push(Group { copies });
    }
    chosen.sort_by(|x, y| TextCopy::rank(x.best(), y.best()));
    chosen.truncate(n);
    chosen
        .into_iter()
        .map(|g| {
            let st = load(index, searcher, g.best().addr)?;
            // Each role once, in the order of its best copy.
            let mut seen: HashSet<u32> = HashSet::with_capacity(g.copies.len());
            let mut roles: Vec<String> = Vec::new();
            for copy in g.copies.iter().filter(|c| seen.insert(c.role)) {
                match keys.snapshot.role_id(copy.role) {
                    Some(id) => roles.push(id.to_string()),
                    None => roles.push(load(index, searcher, copy.addr)?.role_id),
                }
            }
            Ok(to_hit_in(index, st, g.best().score, a, roles))
        })
        .collect()
}

/// One copy of a statement text among the candidates.
#[derive(Clone, Copy)]
struct TextCopy {
    score: f32,
    /// Role number ([`DocLanguages::role`]): ordered as role ids are.
    role: u32,
    ord: u32,
    addr: DocAddress,
}

impl TextCopy {
    /// Best first; ties break on role id, then statement order.
    fn rank(x: &TextCopy, y: &TextCopy) -> std::cmp::Ordering {
        y.score.total_cmp(&x.score).then_with(|| x.role.cmp(&y.role)).then_with(|| x.ord.cmp(&y.ord))
    }
}

/// Copies of one statement text among the candidates.
struct Group {
    /// Every copy, best first (ties: lowest role id, then order); never empty.
    copies: Vec<TextCopy>,
}

impl Group {
    fn best(&self) -> &TextCopy {
        &self.copies[0]
    }
}

/// Sorts best first; ties break on role id, then statement order, so the
/// result does not depend on the order documents were indexed in.
fn sort_hits(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        b.score.total_cmp(&a.score).then_with(|| a.role_id.cmp(&b.role_id)).then_with(|| a.ord.cmp(&b.ord))
    });
}

/// How many hits a query has in all (statements, or roles at role level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Total {
    /// The count.
    pub value: usize,
    /// Whether `value` is exact; when false it is a lower bound (as
    /// Elasticsearch's `"relation": "gte"`): phrase queries stop checking
    /// candidates once the page is full, and role-level search weighs the
    /// best 400 statements.
    pub exact: bool,
}

/// One page of hits and how many there are in all.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Page {
    /// The hits from `offset`, at most `limit`.
    pub hits: Vec<Hit>,
    /// Hits in all, before `offset` and `limit`.
    pub total: Total,
    /// For each key asked for with [`Query::facet`], the number of hits
    /// (statements, or roles at role level: what `total` counts) per value,
    /// most first, at most [`MAX_FACET_VALUES`]. Counted over all hits, not
    /// the page; exact when `total` is.
    pub facets: BTreeMap<String, Vec<FacetCount>>,
}

/// How many hits have one value of a metadata key.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FacetCount {
    /// The value.
    pub value: String,
    /// Hits with it.
    pub count: usize,
}

/// Sorts counts most first (ties by value) and keeps the first [`MAX_FACET_VALUES`].
fn facet_list(counts: HashMap<String, usize>) -> Vec<FacetCount> {
    let mut list: Vec<FacetCount> = counts.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    list.truncate(MAX_FACET_VALUES);
    list
}

/// Counts per value of each of `keys` over the metadata of `hits`.
fn count_metadata<'m>(keys: &[String], hits: impl Iterator<Item = &'m Metadata>) -> BTreeMap<String, Vec<FacetCount>> {
    let mut counts: Vec<HashMap<String, usize>> = vec![HashMap::new(); keys.len()];
    for m in hits {
        for (key, c) in keys.iter().zip(counts.iter_mut()) {
            for v in m.get(key).into_iter().flatten() {
                *c.entry(v.clone()).or_default() += 1;
            }
        }
    }
    keys.iter().cloned().zip(counts.into_iter().map(facet_list)).collect()
}

/// Counts per value of each of `keys` over every document `query` matches,
/// with tantivy's facet collector (no stored document is read).
fn count_facets(searcher: &Searcher, query: &dyn TQuery, keys: &[String]) -> Result<BTreeMap<String, Vec<FacetCount>>> {
    let mut collector = FacetCollector::for_field(META_FIELD);
    for k in keys {
        collector.add_facet(tantivy::schema::Facet::from_path([k.as_str()]));
    }
    let counts = searcher
        .search(query, &collector)
        .map_err(|source| Error::Tantivy { context: "counting facets".into(), source })?;
    Ok(keys
        .iter()
        .map(|k| {
            let per_value: HashMap<String, usize> = counts
                .get(tantivy::schema::Facet::from_path([k.as_str()]))
                .filter_map(|(f, n)| f.to_path().get(1).map(|v| (v.to_string(), n as usize)))
                .collect();
            (k.clone(), facet_list(per_value))
        })
        .collect())
}

/// A query matching the documents whose role's metadata passes the
/// filters: a facet term per value, values of one key as alternatives.
fn metadata_filter(index: &RoleIndex, filters: &[(String, String)]) -> Option<Box<dyn TQuery>> {
    if filters.is_empty() {
        return None;
    }
    let field = index.fields().meta;
    let mut keys: Vec<&str> = filters.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    let all: Vec<(Occur, Box<dyn TQuery>)> = keys
        .into_iter()
        .map(|key| {
            let any: Vec<(Occur, Box<dyn TQuery>)> = filters
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(k, v)| {
                    let term = Term::from_facet(field, &meta_facet(k, v));
                    (Occur::Should, Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn TQuery>)
                })
                .collect();
            (Occur::Must, Box::new(BooleanQuery::new(any)) as Box<dyn TQuery>)
        })
        .collect();
    // Adds nothing to scores: a filter is not evidence.
    Some(Box::new(BoostQuery::new(Box::new(BooleanQuery::new(all)), 0.0)))
}

/// Runs `q` on one searcher snapshot of `index`.
///
/// # Errors
/// [`Error::EmptyQuery`], [`Error::QueryTooLong`], [`Error::UnknownRole`]
/// for a `role` filter naming no role, or an index error.
pub fn search(index: &RoleIndex, q: &Query) -> Result<Vec<Hit>> {
    Ok(run(index, q, false)?.hits)
}

/// As [`search`], with the total number of hits.
///
/// # Errors
/// As [`search`].
pub fn search_page(index: &RoleIndex, q: &Query) -> Result<Page> {
    run(index, q, true)
}

/// A search; `count` asks for an exact total, which costs a second pass
/// over the matches when the page did not see them all (about doubling a
/// statement search), so [`search`] does not ask for it.
fn run(index: &RoleIndex, q: &Query, count: bool) -> Result<Page> {
    let searcher = index.searcher();
    let a = analyse(index, &searcher, q)?;
    if q.offset >= MAX_RESULT_WINDOW {
        return Err(Error::Invalid(format!(
            "offset {} is past the first {MAX_RESULT_WINDOW} hits a search pages through; narrow the query or filter it",
            q.offset
        )));
    }
    let window = q.window().max(q.offset + 1);
    let mut page = ranked(index, &searcher, q, &a, window, count)?;
    page.hits.drain(..q.offset.min(page.hits.len()));
    page.hits.truncate(q.window().saturating_sub(q.offset));
    Ok(page)
}

/// The best `n` hits of `q`, and how many there are.
fn ranked(index: &RoleIndex, searcher: &Searcher, q: &Query, a: &Analysed, n: usize, count: bool) -> Result<Page> {
    let query = statement_query(index, searcher, q, a)?;
    match q.level {
        Level::Statement => {
            // Section weights (≤ 1) reorder tantivy's top hits, so fetch more
            // than needed, and more again until no unfetched statement could
            // still outrank the last hit kept. Only the hits returned are
            // explained (re-analysed for highlights).
            // Candidates are weighed and ordered from fast fields; only the
            // hits returned are read from the document store.
            let keys = FastKeys::new(index, searcher);
            // Phrases are checked on the text of candidates: take all of
            // them (up to the window), read in score order until enough pass.
            // Collapsing needs candidates past the copies of repeated statements.
            let collapse = q.collapse;
            // Collapsed, n distinct texts take about n × copies statements:
            // fetch that deep at once (a ladder index that repeats a
            // language's lines 14 times otherwise needs a second pass).
            let per_hit =
                if collapse { query_copies(index, searcher, a).mul_add(2.0, 0.5).clamp(8.0, 64.0) as usize } else { 3 };
            let mut want =
                if a.verifies() { MAX_RESULT_WINDOW } else { n.saturating_mul(per_hit).max(30).max(BALANCE_POOL) };
            let mut balance = preset_balance(index, searcher, q, a)?;
            // The best of each language come from the same pass (see
            // `top.rs`): a raised language's best may be past the mixed list.
            let per_lang = if q.cross_language { n.saturating_mul(3).max(30) } else { 0 };
            let (mut scored, exhausted, floor, kth, balance, by_lang) = loop {
                let found = top_by_language(index, searcher, &query, want, per_lang)?;
                let exhausted = found.all.len() < want;
                let floor = found.all.last().map(|(s, _)| *s).unwrap_or(0.0);
                let mut weighed = Vec::with_capacity(found.all.len());
                for &(score, addr) in &found.all {
                    let (w, lang) = keys.weight(addr);
                    weighed.push((score * w, addr, lang));
                }
                // Unfiltered, the first fetch (in tantivy's order) starts with the pool.
                let balance = *balance.get_or_insert_with(|| {
                    let pool: Vec<(f32, Option<Lang>)> =
                        weighed.iter().take(BALANCE_POOL).map(|w| (w.0, w.2)).collect();
                    language_balance(&pool)
                });
                let mut scored: Vec<(f32, DocAddress)> = weighed
                    .into_iter()
                    .map(|(s, addr, lang)| (s * lang.map_or(1.0, |l| balance[lang_slot(l)]), addr))
                    .collect();
                scored.sort_by(|x, y| y.0.total_cmp(&x.0));
                // When collapsing, the n-th hit is the n-th distinct text
                // (by the text-key column: two texts may score alike).
                let kth = if collapse {
                    let mut texts = KeySet::default();
                    scored
                        .iter()
                        .find(|&&(_, addr)| texts.insert(keys.text_key(addr).unwrap_or(u64::MAX)) && texts.len() >= n)
                        .map_or(0.0, |s| s.0)
                } else {
                    scored.get(n.saturating_sub(1)).map(|s| s.0).unwrap_or(0.0)
                };
                // An unfetched statement of the best language scores at most
                // `floor`; raised languages are fetched on their own below.
                // Collapsed, a hit tied with `floor` may have copies past the
                // cut (a text repeated in more roles than were fetched): its
                // roles are complete only once the fetch goes below it.
                let complete = if collapse { floor < kth } else { floor <= kth };
                if exhausted || complete || want >= 3 * MAX_RESULT_WINDOW {
                    break (scored, exhausted, floor, kth, balance, found.by_lang);
                }
                want *= 4;
            };
            // An unfetched statement of a raised language may still outrank
            // the n-th hit: add that language's own best. (Fetching the mixed
            // list deeper until `floor × raise` fell below the n-th hit read
            // thousands of candidates per query.)
            if !exhausted {
                let mut seen: HashSet<DocAddress> = scored.iter().map(|s| s.1).collect();
                for lang in [Lang::En, Lang::Zh, Lang::Ja] {
                    let best = &by_lang[lang_slot(lang)];
                    let f = balance[lang_slot(lang)];
                    if f <= 1.0 || floor * f <= kth {
                        continue;
                    }
                    for &(score, addr) in best.iter().filter(|(_, addr)| seen.insert(*addr)) {
                        let (w, lang) = keys.weight(addr);
                        scored.push((score * w * lang.map_or(1.0, |l| balance[lang_slot(l)]), addr));
                    }
                }
                scored.sort_by(|x, y| y.0.total_cmp(&x.0));
            }
            // Equal scores (a statement repeated across ladder levels) order
            // by role id, then statement order. A tie across the cut decides
            // which hits are returned, so all of it is read. (The role id
            // column's dictionary lookup costs more than these reads.) Only
            // the hits returned are explained.
            let mut read: Vec<(f32, StoredStatement)> = Vec::new();
            let total;
            let mut facets = BTreeMap::new();
            if a.verifies() {
                let mut checked = 0;
                let mut texts = HashSet::new();
                for &(s, addr) in &scored {
                    // Facet counts are over all hits: then every candidate is checked.
                    let enough = if collapse { texts.len() } else { read.len() } >= n;
                    if q.facets.is_empty() && enough && read.last().is_some_and(|l| l.0 > s) {
                        break;
                    }
                    let st = load(index, searcher, addr)?;
                    checked += 1;
                    if a.admits(index, &st.text, st.language()) {
                        if collapse {
                            texts.insert(rolesearch_doc::fold(&st.text));
                        }
                        read.push((s, st));
                    }
                }
                total = Total { value: read.len(), exact: exhausted && checked == scored.len() };
                facets = count_metadata(&q.facets, read.iter().map(|(_, st)| &st.metadata));
            } else {
                // Counting collectors see role documents: the same query without them, made once.
                let statements = std::cell::OnceCell::new();
                let statements = || statements.get_or_init(|| without_roles(index, &query));
                if !q.facets.is_empty() {
                    facets = count_facets(searcher, statements(), &q.facets)?;
                }
                total = if exhausted {
                    Total { value: scored.len(), exact: true }
                } else if !count {
                    Total { value: scored.len(), exact: false }
                } else {
                    let count = searcher
                        .search(statements(), &tantivy::collector::Count)
                        .map_err(|source| Error::Tantivy { context: "counting hits".into(), source })?;
                    Total { value: count, exact: true }
                };
                if collapse {
                    let hits = collapsed(index, searcher, &keys, &scored, a, n)?;
                    return Ok(Page { hits, total, facets });
                } else {
                    let mut end = n.min(scored.len());
                    if let Some(&(last, _)) = end.checked_sub(1).and_then(|i| scored.get(i)) {
                        end += scored[end..].iter().take_while(|s| s.0 == last).count();
                    }
                    read = scored[..end]
                        .iter()
                        .map(|&(s, addr)| Ok((s, load(index, searcher, addr)?)))
                        .collect::<Result<Vec<(f32, StoredStatement)>>>()?;
                }
            }
            read.sort_by(|x, y| {
                y.0.total_cmp(&x.0).then_with(|| x.1.role_id.cmp(&y.1.role_id)).then_with(|| x.1.ord.cmp(&y.1.ord))
            });
            Ok(Page { hits: hits_from(index, read, a, n, collapse), total, facets })
        }
        Level::Role => rank_roles(index, searcher, q, n, a, &query),
    }
}

/// BM25 of query words in role titles, with the average length of a role's
/// title. tantivy's BM25 averages over every document of the index, and
/// statement documents have no title: the average title came out a fraction
/// of a word long, so every title scored as if it were tens of times too long
/// and a role whose title is the query ("Surveyor" → Surveyors) scored less
/// than one statement that mentions the word.
struct TitleBm25 {
    /// Per query word: its forms (the word itself at weight 1, its
    /// translations at theirs) with their idf in the title field.
    words: Vec<Vec<(String, f32, f32)>>,
    /// Tokens in the titles of all roles, per role.
    average_len: f32,
}

impl TitleBm25 {
    const K1: f32 = 1.2;
    const B: f32 = 0.75;

    fn new(searcher: &Searcher, f: &Fields, words: &[Vec<(String, f32)>]) -> TitleBm25 {
        let roles = searcher.doc_freq(&Term::from_field_text(f.doc_type, DOC_ROLE)).unwrap_or(0).max(1) as f32;
        let tokens: u64 = searcher
            .segment_readers()
            .iter()
            .filter_map(|r| r.inverted_index(f.title).ok())
            .map(|ii| ii.total_num_tokens())
            .sum();
        // idf over every document, as statements' words are weighed, so a
        // title's words and a statement's words are on one scale.
        let words = words
            .iter()
            .map(|forms| forms.iter().map(|(w, weight)| (w.clone(), *weight, idf(searcher, f.title, w))).collect())
            .collect();
        TitleBm25 { words, average_len: (tokens as f32 / roles).max(1.0) }
    }

    /// The query words' BM25 score in a title analysed as `title`: each
    /// word counts once, by its best form the title holds.
    fn score(&self, title: &rolesearch_analysis::TokenList) -> f32 {
        let norm = 1.0 - Self::B + Self::B * title.len() as f32 / self.average_len;
        self.words
            .iter()
            .map(|forms| {
                forms
                    .iter()
                    .map(|(word, weight, idf)| {
                        let tf = title.iter().filter(|t| t.text == word.as_str()).count() as f32;
                        weight * idf * tf * (Self::K1 + 1.0) / (tf + Self::K1 * norm)
                    })
                    .fold(0.0, f32::max)
            })
            .sum()
    }
}

fn rank_roles(
    index: &RoleIndex,
    searcher: &Searcher,
    q: &Query,
    n: usize,
    a: &Analysed,
    query: &BooleanQuery,
) -> Result<Page> {
    let f = index.fields();
    // Statement evidence: best statement counts fully, the next ones less.
    // Each language's statements are raised part of the way statement
    // search raises them ([`ROLE_BALANCE_SHARE`]): a translation matched
    // through bridges scored a fraction of its original, and a charter's
    // Chinese twin ranked below English charters that share one word with
    // the query. Each language's own best statements are evidence too, as
    // a raised language's best may be past the mixed list.
    let found = top_by_language(
        index,
        searcher,
        query,
        ROLE_EVIDENCE,
        if q.cross_language { ROLE_EVIDENCE_PER_LANG } else { 0 },
    )?;
    let mut exact = found.all.len() < ROLE_EVIDENCE;
    let keys = FastKeys::new(index, searcher);
    let balance = match preset_balance(index, searcher, q, a)? {
        Some(balance) => balance,
        None => language_balance(&weighed_pool(&keys, &found.all)),
    };
    let mut seen: HashSet<DocAddress> = HashSet::new();
    let candidates: Vec<(f32, DocAddress)> = found
        .all
        .iter()
        .chain(found.by_lang.iter().flatten())
        .copied()
        .filter(|(_, addr)| seen.insert(*addr))
        .collect();
    let mut per_role: HashMap<String, Vec<(f32, StoredStatement)>> = HashMap::new();
    for (score, addr) in candidates {
        let st = load(index, searcher, addr)?;
        if !a.admits(index, &st.text, st.language()) {
            continue;
        }
        let (w, lang) = keys.weight(addr);
        let raise = lang.map_or(1.0, |l| balance[lang_slot(l)]).powf(ROLE_BALANCE_SHARE);
        per_role.entry(st.role_id.clone()).or_default().push((score * w * raise, st));
    }
    // Title evidence, from the role documents. Words are scored below
    // (`TitleBm25`); tantivy scores the title concepts.
    // Each query word with its translations: a title in another language
    // names the role as well ("frontend engineer" is フロントエンドエンジニア).
    let words: Vec<Vec<(String, f32)>> = a
        .terms
        .iter()
        .chain(&a.prefix_terms)
        .map(|t| {
            let mut forms = vec![(t.clone(), 1.0)];
            forms.extend(a.translations.iter().filter(|tr| tr.from == *t).map(|tr| (tr.to.clone(), tr.weight)));
            forms
        })
        .collect();
    let mut should: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    for (t, _) in words.iter().flatten() {
        should.push((Occur::Should, Box::new(ConstScoreQuery::new(term_query(f.title, t, false), 0.0))));
    }
    for c in &a.concepts {
        should.push((Occur::Should, concept_query(searcher, f.concepts, f.title, c)));
    }
    let mut must: Vec<(Occur, Box<dyn TQuery>)> = vec![
        (Occur::Must, term_query(f.doc_type, DOC_ROLE, false)),
        (Occur::Must, Box::new(BooleanQuery::new(should))),
    ];
    for t in &a.excluded {
        must.push((Occur::MustNot, term_query(f.title, t, false)));
    }
    if q.lang.is_some() {
        must.push((Occur::Must, FacetFilter { role_lang: q.lang, ..FacetFilter::default() }.query()));
    }
    if let Some(role) = &q.role {
        must.push((Occur::Must, role_filter(index, searcher, role)?));
    }
    if let Some(meta) = metadata_filter(index, &q.filters) {
        must.push((Occur::Must, meta));
    }
    let mut title_scores: HashMap<String, (f32, f32)> = HashMap::new();
    let bm25 = TitleBm25::new(searcher, f, &words);
    let titles = top(searcher, &BooleanQuery::new(must), ROLE_TITLES)?;
    exact &= titles.len() < ROLE_TITLES;
    for (score, addr) in titles {
        let doc: TantivyDocument =
            searcher.doc(addr).map_err(|source| Error::Tantivy { context: "reading a role".into(), source })?;
        let st = StoredStatement::from_doc(f, &doc);
        // A title that holds the whole query ("Engineering Manager 5" for
        // "engineering manager") outranks one that shares a common word with
        // it ("Web Engineering Framework"): scale by the share of query terms
        // the title holds, squared. A title concept shared with the query
        // (CTO = 技术总监) counts as holding all of it.
        let title_text = doc.get_first(f.title).and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        if !a.admits(index, &title_text, st.language()) {
            continue;
        }
        // Up to 200 role documents per query: analysed into a TokenList (no
        // allocation per token), titles being a few words.
        let title_tokens = index.analyzer().tokens(&title_text);
        let held = words[..a.terms.len()]
            .iter()
            .filter(|forms| forms.iter().any(|(w, _)| title_tokens.iter().any(|x| x.text == w.as_str())))
            .count() as f32
            / a.terms.len() as f32;
        let by_concept = a.concepts.iter().any(|c| c.concept.starts_with("title-") && st.concepts.contains(&c.concept));
        let coverage = if by_concept { 1.0 } else { held };
        let coverage = coverage * coverage;
        title_scores.insert(st.role_id, ((score + bm25.score(&title_tokens)) * coverage, coverage));
    }
    let mut ids: Vec<String> = per_role.keys().chain(title_scores.keys()).cloned().collect();
    ids.sort();
    ids.dedup();
    let mut hits = Vec::new();
    for id in ids {
        let mut evidence = per_role.remove(&id).unwrap_or_default();
        evidence.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.ord.cmp(&y.1.ord)));
        let agg: f32 = evidence.iter().take(3).zip([1.0, 0.35, 0.15]).map(|((s, _), w)| s * w).sum();
        let (title, coverage) = title_scores.get(&id).copied().unwrap_or((0.0, 0.0));
        // A role whose title names what the user asked for is that role: its
        // statement evidence counts double, plus the title's own score.
        let score = agg * (1.0 + coverage) + TITLE_WEIGHT * title;
        let best = match evidence.into_iter().next() {
            Some((_, st)) => st,
            None => {
                // A title-only match: show the role's first responsibility.
                let all = index.statements_of(searcher, &id)?;
                match all.iter().position(|s| s.section == SectionKind::Responsibilities.name()) {
                    Some(i) => all[i].clone(),
                    None => match all.into_iter().next() {
                        Some(s) => s,
                        None => continue,
                    },
                }
            }
        };
        hits.push(to_hit(index, best, score, a));
    }
    sort_hits(&mut hits);
    let total = Total { value: hits.len(), exact };
    let facets = count_metadata(&q.facets, hits.iter().map(|h| &h.metadata));
    hits.truncate(n);
    Ok(Page { hits, total, facets })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_han_characters_keep_to_the_query_language() {
        let terms = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(single_han_language("レビューの割り当て", &terms(&["レビュー", "割", "当"])), Some(Lang::Ja));
        assert_eq!(single_han_language("成为评审人", &terms(&["成为", "评审", "人"])), Some(Lang::Zh));
        // A word jieba does not know, all single characters: no language.
        assert_eq!(single_han_language("納得", &terms(&["纳", "得"])), None);
        assert_eq!(single_han_language("代码审查", &terms(&["代码", "审查"])), None);
        assert_eq!(single_han_language("code review", &terms(&["code", "review"])), None);
    }

    #[test]
    fn single_cjk_characters_are_not_bridges() {
        assert!(single_cjk("災") && single_cjk("ム") && single_cjk("复"));
        assert!(!single_cjk("灾难") && !single_cjk("a") && !single_cjk("コード") && !single_cjk(""));
    }
}
