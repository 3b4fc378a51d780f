//! Comparing roles statement by statement, across languages.
//!
//! A statement is two sparse vectors: its analysed terms and its lexicon
//! concepts, each weighted by inverse document frequency. Similarity is the
//! larger of the two cosines, so two statements in different languages are
//! compared on concepts alone and are not penalised for sharing no words.
//! The comparison itself is a pure function of the statements and weights
//! ([`compare_statements`]); it opens no index and does no I/O.

use std::collections::HashMap;

use rolesearch_index::StoredStatement;

/// Below this similarity a statement has no counterpart.
pub const MATCH_THRESHOLD: f32 = 0.2;

/// A statement prepared for comparison.
#[derive(Debug, Clone)]
pub struct Features {
    /// The statement.
    pub statement: StoredStatement,
    terms: HashMap<String, f32>,
    concepts: HashMap<String, f32>,
    term_norm: f32,
    concept_norm: f32,
}

impl Features {
    /// Builds features from analysed terms and concept ids with their weights.
    pub fn new(statement: StoredStatement, terms: HashMap<String, f32>, concepts: HashMap<String, f32>) -> Features {
        let norm = |m: &HashMap<String, f32>| m.values().map(|w| w * w).sum::<f32>().sqrt();
        let term_norm = norm(&terms);
        let concept_norm = norm(&concepts);
        Features { statement, terms, concepts, term_norm, concept_norm }
    }
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
    /// Shared terms (`term: budget`) and concepts (`concept: hiring`).
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

fn cosine(a: &HashMap<String, f32>, na: f32, b: &HashMap<String, f32>, nb: f32) -> (f32, Vec<String>) {
    if na == 0.0 || nb == 0.0 {
        return (0.0, Vec::new());
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut dot = 0.0;
    let mut shared = Vec::new();
    for (k, w) in small {
        if let Some(v) = large.get(k) {
            dot += w * v;
            shared.push(k.clone());
        }
    }
    shared.sort();
    ((dot / (na * nb)).min(1.0), shared)
}

/// How much a section says about what a role does: a pair of
/// responsibilities outranks a pair of introduction sentences.
fn section_weight(section: &str) -> f32 {
    match section {
        "responsibilities" => 1.0,
        "requirements" => 0.9,
        "nice-to-have" => 0.8,
        "benefits" => 0.5,
        _ => 0.7,
    }
}

/// Similarity of two statements (0..=1, weighted by section) and the evidence for it.
pub fn similarity(a: &Features, b: &Features) -> (f32, Vec<String>) {
    let (st, terms) = cosine(&a.terms, a.term_norm, &b.terms, b.term_norm);
    let (sc, concepts) = cosine(&a.concepts, a.concept_norm, &b.concepts, b.concept_norm);
    let mut evidence: Vec<String> = concepts.into_iter().map(|c| format!("concept: {c}")).collect();
    evidence.extend(terms.into_iter().map(|t| format!("term: {t}")));
    let w = (section_weight(&a.statement.section) * section_weight(&b.statement.section)).sqrt();
    (st.max(sc) * w, evidence)
}

/// Aligns every statement of `a` with its best counterpart in `b`.
pub fn compare_statements(a: &[Features], b: &[Features]) -> Comparison {
    let mut pairs = Vec::new();
    let mut only_a = Vec::new();
    let mut b_matched = vec![false; b.len()];
    let mut a_matched = 0usize;
    for fa in a {
        let mut best: Option<(f32, usize, Vec<String>)> = None;
        for (j, fb) in b.iter().enumerate() {
            let (s, ev) = similarity(fa, fb);
            if best.as_ref().is_none_or(|(bs, _, _)| s > *bs) {
                best = Some((s, j, ev));
            }
        }
        match best {
            Some((s, j, evidence)) if s >= MATCH_THRESHOLD => {
                b_matched[j] = true;
                a_matched += 1;
                pairs.push(Pair { a: fa.statement.clone(), b: b[j].statement.clone(), score: s, evidence });
            }
            Some((s, j, evidence)) => {
                only_a.push(fa.statement.clone());
                pairs.push(Pair { a: fa.statement.clone(), b: b[j].statement.clone(), score: s, evidence });
            }
            None => only_a.push(fa.statement.clone()),
        }
    }
    // A statement of B matched by nothing of A may still resemble one of A.
    for (j, fb) in b.iter().enumerate() {
        if !b_matched[j] && a.iter().any(|fa| similarity(fb, fa).0 >= MATCH_THRESHOLD) {
            b_matched[j] = true;
        }
    }
    let only_b: Vec<StoredStatement> =
        b.iter().zip(&b_matched).filter(|(_, m)| !**m).map(|(f, _)| f.statement.clone()).collect();
    let b_count = b_matched.iter().filter(|m| **m).count();
    pairs.sort_by(|x, y| {
        y.score.total_cmp(&x.score).then_with(|| x.a.ord.cmp(&y.a.ord)).then_with(|| x.b.ord.cmp(&y.b.ord))
    });
    let total = a.len() + b.len();
    let overlap = if total == 0 { 0.0 } else { (a_matched + b_count) as f32 / total as f32 };
    Comparison { pairs, only_a, only_b, overlap }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feat(ord: u64, terms: &[(&str, f32)], concepts: &[(&str, f32)]) -> Features {
        let st = StoredStatement {
            role_id: "r".into(),
            role_title: "R".into(),
            section: "responsibilities".into(),
            heading: String::new(),
            text: format!("s{ord}"),
            lang: "en".into(),
            ord,
            parent: None,
            concepts: Vec::new(),
        };
        let m = |v: &[(&str, f32)]| v.iter().map(|(k, w)| (k.to_string(), *w)).collect();
        Features::new(st, m(terms), m(concepts))
    }

    #[test]
    fn self_comparison_pairs_every_statement_with_itself() {
        let a = vec![feat(0, &[("budget", 2.0)], &[("budget", 1.0)]), feat(1, &[("hire", 1.5)], &[])];
        let c = compare_statements(&a, &a);
        assert!(c.pairs.iter().all(|p| p.a == p.b && (p.score - 1.0).abs() < 1e-6));
        assert!(c.only_a.is_empty() && c.only_b.is_empty());
        assert!((c.overlap - 1.0).abs() < 1e-6);
    }

    #[test]
    fn concepts_bridge_statements_without_shared_words() {
        let zh = vec![feat(0, &[("招聘", 3.0)], &[("hiring", 2.0)])];
        let en = vec![feat(0, &[("hire", 2.0), ("staff", 1.0)], &[("hiring", 2.0)]), feat(1, &[("budget", 2.0)], &[])];
        let c = compare_statements(&zh, &en);
        assert_eq!(c.pairs[0].b.ord, 0);
        assert!(c.pairs[0].evidence.contains(&"concept: hiring".to_string()));
        assert_eq!(c.only_b.len(), 1);
    }
}
