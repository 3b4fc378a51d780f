//! Retrieval evaluation: graded judgments, nDCG@k, MRR@k, Recall@k.
//!
//! Judgments name a statement by a fragment of its text (as the shared
//! development set does), so they survive re-indexing: a hit is relevant
//! when its role id matches (a file stem also matches the roles a
//! multi-level file yields) and its text contains the fragment, both
//! compared after NFKC folding, lowercasing and dropping everything but
//! letters and digits. Each judgment is credited once, to the first hit
//! that holds it. Pure functions: no index, no I/O.

use unicode_normalization::UnicodeNormalization;

/// One graded judgment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgment {
    /// Role id (or file stem).
    pub role_id: String,
    /// Grade, 1 or more.
    pub grade: u32,
    /// Text fragment of the relevant statement; empty for role-level judgments.
    pub fragment: String,
}

/// Metrics of one ranked list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// nDCG@k.
    pub ndcg: f64,
    /// Reciprocal rank of the first relevant hit (0 when none in the top k).
    pub rr: f64,
    /// Share of judgments found in the top k.
    pub recall: f64,
}

/// Folds text for fragment matching: NFKC, lowercase, letters and digits only.
pub fn fold(text: &str) -> String {
    text.nfkc().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

fn same_role(judged: &str, got: &str) -> bool {
    got == judged || got.strip_prefix(judged).is_some_and(|rest| rest.starts_with(['/', '#', ':']))
}

/// Gains of ranked hits `(role_id, text)` against judgments.
pub fn gains(hits: &[(String, String)], judgments: &[Judgment], statement_level: bool) -> Vec<u32> {
    let mut open: Vec<(String, u32, String)> =
        judgments.iter().map(|j| (j.role_id.clone(), j.grade, fold(&j.fragment))).collect();
    hits.iter()
        .map(|(role, text)| {
            let text = if statement_level { fold(text) } else { String::new() };
            let best = open
                .iter()
                .enumerate()
                .filter(|(_, (r, _, frag))| same_role(r, role) && (!statement_level || text.contains(frag.as_str())))
                .max_by_key(|(i, (_, g, _))| (*g, std::cmp::Reverse(*i)))
                .map(|(i, (_, g, _))| (i, *g));
            match best {
                Some((i, g)) => {
                    open.remove(i);
                    g
                }
                None => 0,
            }
        })
        .collect()
}

fn dcg(gains: &[u32]) -> f64 {
    gains.iter().enumerate().map(|(i, g)| f64::from(*g) / ((i + 2) as f64).log2()).sum()
}

/// nDCG@k, MRR@k and Recall@k of one ranked list (already cut to k).
pub fn score(gains: &[u32], judgments: &[Judgment], k: usize) -> Scores {
    let mut ideal: Vec<u32> = judgments.iter().map(|j| j.grade).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    ideal.truncate(k);
    let idcg = dcg(&ideal);
    let ndcg = if idcg > 0.0 { dcg(gains) / idcg } else { 0.0 };
    let rr = gains.iter().position(|g| *g > 0).map(|i| 1.0 / (i + 1) as f64).unwrap_or(0.0);
    let found = gains.iter().filter(|g| **g > 0).count();
    let recall = if judgments.is_empty() { 0.0 } else { found as f64 / judgments.len() as f64 };
    Scores { ndcg, rr, recall }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(role: &str, grade: u32, frag: &str) -> Judgment {
        Judgment { role_id: role.into(), grade, fragment: frag.into() }
    }

    #[test]
    fn metrics_by_hand() {
        let judgments = [j("a", 2, "Plan the budget"), j("b", 1, "预算")];
        let hits = vec![
            ("c".to_string(), "nothing".to_string()),
            ("a".to_string(), "We plan the BUDGET, yearly".to_string()),
            ("b/level-1".to_string(), "参与制定年度预算".to_string()),
        ];
        let g = gains(&hits, &judgments, true);
        assert_eq!(g, [0, 2, 1]);
        let s = score(&g, &judgments, 10);
        // DCG = 2/log2(3) + 1/log2(4); IDCG = 2/log2(2) + 1/log2(3)
        let want = (2.0 / 3f64.log2() + 0.5) / (2.0 + 1.0 / 3f64.log2());
        assert!((s.ndcg - want).abs() < 1e-12);
        assert_eq!(s.rr, 0.5);
        assert_eq!(s.recall, 1.0);
        // A judgment is credited once.
        let twice = vec![hits[1].clone(), hits[1].clone()];
        assert_eq!(gains(&twice, &judgments, true), [2, 0]);
    }
}
