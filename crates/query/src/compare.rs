//! Comparing roles statement by statement, across languages.
//!
//! A statement is three sparse vectors, each weighted by inverse document
//! frequency: its analysed terms, its lexicon concepts, and a *bridge*
//! vector in English (an English statement's own terms; a Chinese
//! statement's words translated through CC-CEDICT). Similarity is the
//! largest of the three cosines, the bridge one scaled down for its noise
//! and used only across languages, then weighted by section (a pair of
//! responsibilities outranks a pair of introduction sentences). Two
//! statements in different languages are thus compared on concepts and
//! translations and are not penalised for sharing no words.
//!
//! The comparison is a pure function of the statements and weights
//! ([`compare_statements`]); it opens no index and does no I/O.

use std::collections::HashMap;

use rayon::prelude::*;
use rolesearch_index::StoredStatement;

/// Below this similarity a statement has no counterpart.
pub const MATCH_THRESHOLD: f32 = 0.2;

/// Weight of the translated (CC-CEDICT) cosine relative to term and concept cosines.
const BRIDGE_WEIGHT: f32 = 0.8;
/// How far shared concepts lift a pair above what its words say: a pair
/// that shares all its concepts and no words scores this much. Concepts
/// were a channel of their own (a pair scored the better of words and
/// concepts), and then one broad concept ("PR" and "Pull Request" are
/// code review) gave unrelated statements of a duty guide the score of its
/// translation, 1.0, and compare paired them by reading order instead.
/// Translation-pair recall with this: OpenHarmony dev 0.673 → 0.755,
/// held-out 0.683 → 0.798, Kubernetes en/zh/ja 0.481 → 0.750
/// (`scripts/compare_pair_recall.py`; 0.2 and 0.5 measured too, 0.35 chosen
/// on dev and on `similar startup-cto-zh`, where the Wikimedia CTO now ranks
/// above Head of Reader Relations).
const CONCEPT_SHARE: f32 = 0.35;

/// Interned feature names, shared by all statements compared together.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Vocabulary {
    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }

    fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }
}

/// A sparse vector sorted by feature id, with its Euclidean norm.
#[derive(Debug, Clone, Default)]
struct Sparse {
    entries: Vec<(u32, f32)>,
    norm: f32,
}

impl Sparse {
    fn new(vocab: &mut Vocabulary, prefix: &str, weights: &HashMap<String, f32>) -> Sparse {
        let mut entries: Vec<(u32, f32)> =
            weights.iter().map(|(k, w)| (vocab.intern(&format!("{prefix}{k}")), *w)).collect();
        entries.sort_unstable_by_key(|e| e.0);
        let norm = entries.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        Sparse { entries, norm }
    }

    /// Cosine similarity by merging the two sorted lists.
    fn cosine(&self, other: &Sparse) -> f32 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < self.entries.len() && j < other.entries.len() {
            let (a, b) = (self.entries[i], other.entries[j]);
            match a.0.cmp(&b.0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a.1 * b.1;
                    i += 1;
                    j += 1;
                }
            }
        }
        (dot / (self.norm * other.norm)).min(1.0)
    }

    /// Feature ids in both vectors, in id order.
    fn shared(&self, other: &Sparse) -> Vec<u32> {
        let theirs: std::collections::HashSet<u32> = other.entries.iter().map(|e| e.0).collect();
        self.entries.iter().filter(|e| theirs.contains(&e.0)).map(|e| e.0).collect()
    }
}

/// A statement prepared for comparison.
#[derive(Debug, Clone)]
pub struct Features {
    /// The statement.
    pub statement: StoredStatement,
    terms: Sparse,
    concepts: Sparse,
    bridge: Sparse,
    weight: f32,
    /// Terms and bridge words as the statement writes them, by feature id:
    /// evidence shows "disaster", not the stem "disast".
    surfaces: HashMap<u32, String>,
}

impl Features {
    /// Builds features from weighted analysed terms, concept ids, and bridge
    /// (English) terms, interning their names in `vocab`.
    pub fn new(
        vocab: &mut Vocabulary,
        statement: StoredStatement,
        terms: &HashMap<String, f32>,
        concepts: &HashMap<String, f32>,
        bridge: &HashMap<String, f32>,
    ) -> Features {
        let weight = section_weight(&statement.section);
        Features {
            terms: Sparse::new(vocab, "t:", terms),
            concepts: Sparse::new(vocab, "c:", concepts),
            bridge: Sparse::new(vocab, "b:", bridge),
            statement,
            weight,
            surfaces: HashMap::new(),
        }
    }

    /// Adds how the statement writes its terms (analysed term → words as
    /// written) and its bridge words (English word → the word it came from:
    /// itself in English, the Chinese word it translates).
    #[must_use]
    pub fn with_surfaces(
        mut self,
        vocab: &mut Vocabulary,
        terms: &HashMap<String, String>,
        bridge: &HashMap<String, String>,
    ) -> Features {
        for (prefix, map) in [("t:", terms), ("b:", bridge)] {
            for (k, surface) in map {
                self.surfaces.insert(vocab.intern(&format!("{prefix}{k}")), surface.clone());
            }
        }
        self
    }

    /// How the statement writes feature `id`, else the feature's name.
    fn surface<'s>(&'s self, id: u32, vocab: &'s Vocabulary) -> &'s str {
        self.surfaces.get(&id).map_or_else(|| &vocab.name(id)[2..], String::as_str)
    }
}

/// How much a section says about what a role does.
fn section_weight(section: &str) -> f32 {
    match section {
        "responsibilities" => 1.0,
        "requirements" => 0.9,
        "nice-to-have" => 0.8,
        "benefits" => 0.5,
        _ => 0.7,
    }
}

/// Similarity of two statements, 0..=1 (weighted by section).
pub fn similarity(a: &Features, b: &Features) -> f32 {
    let mut words = a.terms.cosine(&b.terms);
    if a.statement.lang != b.statement.lang {
        words = words.max(BRIDGE_WEIGHT * a.bridge.cosine(&b.bridge));
    }
    let concepts = a.concepts.cosine(&b.concepts);
    let s = words.max(words + CONCEPT_SHARE * (concepts - words));
    s * (a.weight * b.weight).sqrt()
}

/// What two statements share: concepts (`concept: hiring`), words
/// (`term: budget`, or `term: hires / hiring` when the two write it
/// differently) and, across languages, dictionary translations
/// (`cc-cedict: 灾难 = disaster`, `jmdict: 予算 = budget`), loanword origins (`loanword: マージ =
/// merge`) or links of the learned bilingual layer (`learned: 代码 = code`).
/// Words are shown as each text writes them.
pub fn evidence(a: &Features, b: &Features, vocab: &Vocabulary) -> Vec<String> {
    let both = |id: u32, sep: &str| {
        let (x, y) = (a.surface(id, vocab), b.surface(id, vocab));
        if x.to_lowercase() == y.to_lowercase() {
            x.to_string()
        } else {
            format!("{x}{sep}{y}")
        }
    };
    let mut out: Vec<String> =
        a.concepts.shared(&b.concepts).into_iter().map(|c| format!("concept: {}", &vocab.name(c)[2..])).collect();
    out.extend(a.terms.shared(&b.terms).into_iter().map(|t| format!("term: {}", both(t, " / "))));
    if a.statement.lang != b.statement.lang {
        // The English side's word is the bridge feature itself; the other
        // side's word reached it through CC-CEDICT, JMdict, a loanword's origin or
        // the learned layer.
        let dict = rolesearch_analysis::Dictionary::builtin();
        let loanwords = rolesearch_analysis::Loanwords::builtin();
        out.extend(a.bridge.shared(&b.bridge).into_iter().map(|t| {
            let english = &vocab.name(t)[2..];
            let other = if a.statement.language() == rolesearch_doc::Lang::En { b } else { a };
            let word = other.surface(t, vocab);
            let layer = if dict.english_of(word).iter().any(|e| e == english) {
                "cc-cedict"
            } else if dict.english_of_japanese(word).iter().any(|e| e == english) {
                "jmdict"
            } else if loanwords.english_of(word).contains(&english) {
                "loanword"
            } else {
                "learned"
            };
            format!("{layer}: {}", both(t, " = "))
        }));
    }
    out
}

/// One aligned pair.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Pair {
    /// Statement of role A.
    pub a: StoredStatement,
    /// Its best counterpart in role B.
    pub b: StoredStatement,
    /// Similarity in 0..=1.
    pub score: f32,
    /// Shared concepts (`concept: hiring`), words (`term: budget`) and
    /// dictionary translations (`cc-cedict: 预算 = budget`), as written.
    pub evidence: Vec<String>,
}

/// The comparison of two roles.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Comparison {
    /// Every statement of A with its best counterpart in B, best first.
    pub pairs: Vec<Pair>,
    /// Statements of A with no counterpart in B.
    pub only_a: Vec<StoredStatement>,
    /// Statements of B that no statement of A matches.
    pub only_b: Vec<StoredStatement>,
    /// Share of all statements (A and B) that have a counterpart, 0..=1.
    pub overlap: f32,
}

/// Best counterpart in `b` of each statement of `a`: (index, score).
/// Similarity of every statement of `a` (rows) with every one of `b`,
/// computed once for all that a comparison derives from it.
fn similarities(a: &[Features], b: &[Features]) -> Vec<Vec<f32>> {
    a.iter().map(|fa| b.iter().map(|fb| similarity(fa, fb)).collect()).collect()
}

/// Share of the statements of both roles that pair off one to one with a
/// counterpart (≥ [`MATCH_THRESHOLD`]), each pair counted by its similarity
/// (at most 1): pairs are taken best first, and a statement already paired
/// is not taken again. 1 for a role with itself.
///
/// One to one, because a role with one generic statement ("Works
/// collaboratively with all disciplines") would otherwise count as sharing
/// every statement of the other role that touches collaboration, and rank
/// above roles that share many distinct duties (`similar startup-cto-zh`
/// put a product ladder level first and both CTO roles 22nd and 43rd; now
/// the English CTO is first). Weighted, because a pair just over the
/// threshold shares a word or two, not a duty.
pub fn overlap(a: &[Features], b: &[Features]) -> f32 {
    one_to_one(&matches_of(&similarities(a, b)), a.len(), b.len())
}

/// How near each of `others` is to role `a`, 0..=1: [`overlap`], with each
/// statement of `a` counted by how few of the other roles have a
/// counterpart for it.
///
/// Why: roles of one project share boilerplate ("Meeting link: Welink",
/// "Mailing list: dev@openharmony.io"), matched word for word within a
/// language, while a translation's statements match through bridges at
/// lower similarity. By plain overlap an English charter's nearest roles
/// were other English charters, and its own Chinese translation came 15th.
/// A statement that every role has a counterpart for says nothing about
/// which role is nearest, as a word in every document says nothing about
/// which document matches (the weight is an idf over roles). A statement of
/// another role is weighed as `a`'s average statement.
///
/// Returns, for each of `others`, (this weighted overlap, plain [`overlap`]).
pub fn distinctive_overlaps(a: &[Features], others: &[Vec<Features>]) -> Vec<(f32, f32)> {
    // Only the matches are kept per role, not its whole similarity matrix:
    // a large index has thousands of roles.
    let matches: Vec<Vec<Candidate>> = others.par_iter().map(|b| matches_of(&similarities(a, b))).collect();
    let mut with = vec![0usize; a.len()];
    for m in &matches {
        let mut seen = vec![false; a.len()];
        for &(_, i, _) in m {
            if !std::mem::replace(&mut seen[i], true) {
                with[i] += 1;
            }
        }
    }
    let roles = others.len() as f32;
    let weights: Vec<f32> =
        with.iter().map(|&n| ((roles + 1.0) / (n as f32 + 0.5)).ln() / ((roles + 1.0) / 0.5).ln()).collect();
    matches
        .iter()
        .zip(others)
        .map(|(m, b)| {
            // Pairing does not depend on the weights: pair once, sum twice.
            let pairs = one_to_one_pairs(m, a.len(), b.len());
            (dice(&pairs, a.len(), b.len(), Some(&weights)), dice(&pairs, a.len(), b.len(), None))
        })
        .collect()
}

/// A match of statement `i` of A with statement `j` of B: (similarity, i, j).
type Candidate = (f32, usize, usize);

/// The pairs of a similarity matrix at or over [`MATCH_THRESHOLD`], best
/// first (ties in statement order).
fn matches_of(sim: &[Vec<f32>]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for (i, row) in sim.iter().enumerate() {
        out.extend(row.iter().enumerate().filter(|(_, s)| **s >= MATCH_THRESHOLD).map(|(j, s)| (*s, i, j)));
    }
    out.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| (x.1, x.2).cmp(&(y.1, y.2))));
    out
}

/// [`overlap`] from the matches of two roles (`a_len` and `b_len` statements).
fn one_to_one(matches: &[Candidate], a_len: usize, b_len: usize) -> f32 {
    dice(&one_to_one_pairs(matches, a_len, b_len), a_len, b_len, None)
}

/// The matches that pair off one to one, taken best first: a statement
/// already paired is not taken again.
fn one_to_one_pairs(matches: &[Candidate], a_len: usize, b_len: usize) -> Vec<Candidate> {
    let (mut a_used, mut b_used) = (vec![false; a_len], vec![false; b_len]);
    let mut pairs = Vec::new();
    for &(s, i, j) in matches {
        if !a_used[i] && !b_used[j] {
            a_used[i] = true;
            b_used[j] = true;
            pairs.push((s, i, j));
        }
    }
    pairs
}

/// Twice the paired similarity (each at most 1) over the statements of both
/// roles; with `weights`, each statement of A counts by its weight, and each
/// of B by A's average.
fn dice(pairs: &[Candidate], a_len: usize, b_len: usize, weights: Option<&[f32]>) -> f32 {
    let weight = |i: usize| weights.map_or(1.0, |w| w[i]);
    let a_total: f32 = (0..a_len).map(weight).sum();
    let mean = if a_len == 0 { 0.0 } else { a_total / a_len as f32 };
    let total = a_total + mean * b_len as f32;
    if total <= 0.0 {
        return 0.0;
    }
    2.0 * pairs.iter().map(|&(s, i, _)| s.min(1.0) * weight(i)).sum::<f32>() / total
}

/// Aligns every statement of `a` with its best counterpart in `b`.
pub fn compare_statements(a: &[Features], b: &[Features], vocab: &Vocabulary) -> Comparison {
    let sim = similarities(a, b);
    let mut pairs = Vec::new();
    let mut only_a = Vec::new();
    for (fa, row) in a.iter().zip(&sim) {
        // The first of equal bests.
        let best = row.iter().copied().enumerate().fold(None, |best: Option<(usize, f32)>, (j, s)| {
            if best.is_none_or(|(_, bs)| s > bs) {
                Some((j, s))
            } else {
                best
            }
        });
        match best {
            Some((j, s)) => {
                if s < MATCH_THRESHOLD {
                    only_a.push(fa.statement.clone());
                }
                pairs.push(Pair {
                    a: fa.statement.clone(),
                    b: b[j].statement.clone(),
                    score: s,
                    evidence: evidence(fa, &b[j], vocab),
                });
            }
            None => only_a.push(fa.statement.clone()),
        }
    }
    let only_b: Vec<StoredStatement> = b
        .iter()
        .enumerate()
        .filter(|(j, _)| !sim.iter().any(|row| row[*j] >= MATCH_THRESHOLD))
        .map(|(_, f)| f.statement.clone())
        .collect();
    pairs.sort_by(|x, y| {
        y.score.total_cmp(&x.score).then_with(|| x.a.ord.cmp(&y.a.ord)).then_with(|| x.b.ord.cmp(&y.b.ord))
    });
    Comparison { pairs, only_a, only_b, overlap: one_to_one(&matches_of(&sim), a.len(), b.len()) }
}

/// Overlap of every pair of roles, computed in parallel (rayon). Entry
/// `[i][j]` is `overlap(roles[i], roles[j])`; the matrix is symmetric with
/// 1.0 on the diagonal for roles that have statements.
pub fn overlap_matrix(roles: &[Vec<Features>]) -> Vec<Vec<f32>> {
    let n = roles.len();
    let upper: Vec<Vec<f32>> = (0..n)
        .into_par_iter()
        .map(|i| {
            (i..n).map(|j| if i == j && !roles[i].is_empty() { 1.0 } else { overlap(&roles[i], &roles[j]) }).collect()
        })
        .collect();
    let mut m = vec![vec![0.0; n]; n];
    for (i, row) in upper.into_iter().enumerate() {
        for (k, v) in row.into_iter().enumerate() {
            m[i][i + k] = v;
            m[i + k][i] = v;
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights(v: &[(&str, f32)]) -> HashMap<String, f32> {
        v.iter().map(|(k, w)| (k.to_string(), *w)).collect()
    }

    fn feat(vocab: &mut Vocabulary, ord: u64, lang: &str, terms: &[(&str, f32)], concepts: &[(&str, f32)]) -> Features {
        let st = StoredStatement {
            id: format!("r:{ord}"),
            role_id: "r".into(),
            role_title: "R".into(),
            section: "responsibilities".into(),
            heading: String::new(),
            text: format!("s{ord}"),
            lang: lang.into(),
            ord,
            parent: None,
            concepts: Vec::new(),
            metadata: Default::default(),
        };
        Features::new(vocab, st, &weights(terms), &weights(concepts), &weights(terms))
    }

    /// A statement whose words reach English as `bridge` (a translation).
    fn bridged(
        vocab: &mut Vocabulary,
        ord: u64,
        lang: &str,
        terms: &[(&str, f32)],
        bridge: &[(&str, f32)],
    ) -> Features {
        let f = feat(vocab, ord, lang, terms, &[]);
        Features::new(vocab, f.statement, &weights(terms), &HashMap::new(), &weights(bridge))
    }

    #[test]
    fn self_comparison_pairs_every_statement_with_itself() {
        let mut v = Vocabulary::default();
        let a = vec![
            feat(&mut v, 0, "en", &[("budget", 2.0)], &[("budget", 1.0)]),
            feat(&mut v, 1, "en", &[("hire", 1.5)], &[]),
        ];
        let c = compare_statements(&a, &a, &v);
        assert!(c.pairs.iter().all(|p| p.a == p.b && (p.score - 1.0).abs() < 1e-6));
        assert!(c.only_a.is_empty() && c.only_b.is_empty());
        assert!((c.overlap - 1.0).abs() < 1e-6);
    }

    #[test]
    fn concepts_bridge_statements_without_shared_words() {
        let mut v = Vocabulary::default();
        let zh = vec![feat(&mut v, 0, "zh", &[("招聘", 3.0)], &[("hiring", 2.0)])];
        let en = vec![
            feat(&mut v, 0, "en", &[("hire", 2.0), ("staff", 1.0)], &[("hiring", 2.0)]),
            feat(&mut v, 1, "en", &[("budget", 2.0)], &[]),
        ];
        let c = compare_statements(&zh, &en, &v);
        assert_eq!(c.pairs[0].b.ord, 0);
        assert!(c.pairs[0].evidence.contains(&"concept: hiring".to_string()));
        assert_eq!(c.only_b.len(), 1);
        let m = overlap_matrix(&[zh.clone(), en.clone()]);
        assert_eq!(m[0][1], m[1][0]);
        assert_eq!(m[0][0], 1.0);
    }

    #[test]
    fn one_generic_statement_pairs_once() {
        let mut v = Vocabulary::default();
        let cto = vec![
            feat(&mut v, 0, "en", &[("collabor", 1.0), ("budget", 2.0)], &[]),
            feat(&mut v, 1, "en", &[("collabor", 1.0), ("hire", 2.0)], &[]),
            feat(&mut v, 2, "en", &[("collabor", 1.0), ("architectur", 2.0)], &[]),
        ];
        // One statement that touches what all three touch, and three that each share a duty.
        let generic = vec![feat(&mut v, 0, "en", &[("collabor", 1.0)], &[])];
        let other_cto = vec![
            feat(&mut v, 0, "en", &[("budget", 2.0)], &[]),
            feat(&mut v, 1, "en", &[("hire", 2.0)], &[]),
            feat(&mut v, 2, "en", &[("architectur", 2.0)], &[]),
        ];
        assert!(compare_statements(&cto, &generic, &v).pairs.iter().all(|p| p.score >= MATCH_THRESHOLD));
        assert!(overlap(&cto, &generic) <= 0.5, "{}", overlap(&cto, &generic));
        assert!(overlap(&cto, &other_cto) > overlap(&cto, &generic));
    }

    #[test]
    fn boilerplate_every_role_shares_does_not_make_roles_near() {
        let mut v = Vocabulary::default();
        let meeting = |v: &mut Vocabulary, ord, lang| feat(v, ord, lang, &[("welink", 2.0), ("meet", 1.0)], &[]);
        let mailing = |v: &mut Vocabulary, ord, lang| feat(v, ord, lang, &[("mail", 2.0), ("list", 1.0)], &[]);
        // An English charter: two lines of boilerplate, two of its own duties.
        let kernel = vec![
            meeting(&mut v, 0, "en"),
            mailing(&mut v, 1, "en"),
            feat(&mut v, 2, "en", &[("kernel", 3.0), ("schedul", 2.0)], &[("kernel", 1.0)]),
            feat(&mut v, 3, "en", &[("memori", 3.0), ("secur", 2.0)], &[]),
        ];
        // Its translation meets its duties through bridges only (concepts,
        // translated words), at lower similarity than a word-for-word copy...
        let kernel_zh = vec![
            feat(&mut v, 0, "zh", &[("内核", 3.0), ("调度", 2.0)], &[("kernel", 1.0)]),
            bridged(&mut v, 1, "zh", &[("内存", 3.0)], &[("memori", 3.0)]),
        ];
        // ...while other English charters copy the boilerplate word for word.
        let others: Vec<Vec<Features>> = ["audio", "video", "print"]
            .iter()
            .map(|duty| {
                vec![meeting(&mut v, 0, "en"), mailing(&mut v, 1, "en"), feat(&mut v, 2, "en", &[(duty, 3.0)], &[])]
            })
            .collect();
        let mut roles = vec![kernel_zh.clone()];
        roles.extend(others.iter().cloned());
        assert!(overlap(&kernel, &others[0]) > overlap(&kernel, &kernel_zh), "plain overlap prefers the boilerplate");
        let near = distinctive_overlaps(&kernel, &roles);
        assert!(near[1..].iter().all(|o| near[0].0 > o.0), "{near:?}");
        // The plain overlap comes along unchanged.
        assert_eq!(near[1].1, overlap(&kernel, &others[0]));
        // Unweighted, with the same statements everywhere: a role is as near as its overlap says.
        assert!((overlap(&kernel, &kernel) - 1.0).abs() < 1e-6);
    }
}
