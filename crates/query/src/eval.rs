//! Retrieval evaluation: graded judgments, nDCG@k, MRR@k, Recall@k.
//!
//! Judgments name a statement by a fragment of its text (as the shared
//! development set does), so they survive re-indexing: a hit is relevant
//! when its role id matches (a file stem also matches the roles a
//! multi-level file yields) and its text contains the fragment, both
//! compared after NFKC folding, lowercasing and dropping everything but
//! letters and digits. Each judgment is credited once, to the first hit
//! that holds it. Pure functions: no index, no I/O.

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

pub use rolesearch_doc::fold;
pub use rolesearch_index::statement_id;

fn same_role(judged: &str, got: &str) -> bool {
    got == judged || got.strip_prefix(judged).is_some_and(|rest| rest.starts_with(['/', '#', ':']))
}

/// Gains of ranked hits `(role_id, text)` against judgments.
pub fn gains(hits: &[(String, String)], judgments: &[Judgment], statement_level: bool) -> Vec<u32> {
    credit(hits, judgments, statement_level).iter().map(|c| c.map_or(0, |j| judgments[j].grade)).collect()
}

/// Which judgment each ranked hit `(role_id, text)` is credited with: the
/// open judgment of the highest grade (then the first) that the hit holds.
/// Each judgment is credited once, to the first hit that holds it.
pub fn credit(hits: &[(String, String)], judgments: &[Judgment], statement_level: bool) -> Vec<Option<usize>> {
    let folded: Vec<String> = judgments.iter().map(|j| fold(&j.fragment)).collect();
    let mut open: Vec<bool> = vec![true; judgments.len()];
    hits.iter()
        .map(|(role, text)| {
            let text = if statement_level { fold(text) } else { String::new() };
            let best = (0..judgments.len())
                .filter(|&i| open[i] && same_role(&judgments[i].role_id, role))
                .filter(|&i| !statement_level || text.contains(folded[i].as_str()))
                .max_by_key(|&i| (judgments[i].grade, std::cmp::Reverse(i)));
            if let Some(i) = best {
                open[i] = false;
            }
            best
        })
        .collect()
}

fn dcg(gains: &[u32]) -> f64 {
    gains.iter().enumerate().map(|(i, g)| f64::from(*g) / ((i + 2) as f64).log2()).sum()
}

/// nDCG@k, MRR@k and Recall@k of one ranked list (already cut to k).
pub fn score(gains: &[u32], judgments: &[Judgment], k: usize) -> Scores {
    let grades: Vec<u32> = judgments.iter().map(|j| j.grade).collect();
    let m = Measures::new(gains, &grades);
    Scores { ndcg: m.ndcg(k), rr: m.rr(k), recall: m.recall(k) }
}

/// Measures of one ranked list against graded judgments, at any cut-off,
/// defined as trec_eval (and ir-measures) define them: a hit with grade
/// ≥ 1 is relevant; nDCG uses the grade as gain and the ideal ranking of
/// every judged grade; AP averages the precision at each relevant hit over
/// the number of relevant judgments (relevant ones never retrieved count
/// as 0); P@k divides by k even when fewer hits came back.
#[derive(Debug, Clone)]
pub struct Measures {
    gains: Vec<u32>,
    ideal: Vec<u32>,
    relevant: usize,
}

impl Measures {
    /// `gains` of the ranked hits (0 = not relevant), `grades` of every judgment of the query.
    pub fn new(gains: &[u32], grades: &[u32]) -> Measures {
        let mut ideal: Vec<u32> = grades.iter().copied().filter(|g| *g > 0).collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        Measures { gains: gains.to_vec(), relevant: ideal.len(), ideal }
    }

    fn top(&self, k: usize) -> &[u32] {
        &self.gains[..k.min(self.gains.len())]
    }

    /// nDCG@k.
    pub fn ndcg(&self, k: usize) -> f64 {
        let idcg = dcg(&self.ideal[..k.min(self.ideal.len())]);
        if idcg > 0.0 {
            dcg(self.top(k)) / idcg
        } else {
            0.0
        }
    }

    /// Precision at k.
    pub fn precision(&self, k: usize) -> f64 {
        if k == 0 {
            return 0.0;
        }
        self.top(k).iter().filter(|g| **g > 0).count() as f64 / k as f64
    }

    /// Reciprocal rank of the first relevant hit in the top k (0 when none).
    pub fn rr(&self, k: usize) -> f64 {
        self.top(k).iter().position(|g| *g > 0).map_or(0.0, |i| 1.0 / (i + 1) as f64)
    }

    /// Share of the relevant judgments found in the top k.
    pub fn recall(&self, k: usize) -> f64 {
        if self.relevant == 0 {
            return 0.0;
        }
        self.top(k).iter().filter(|g| **g > 0).count() as f64 / self.relevant as f64
    }

    /// Average precision over the whole ranked list.
    pub fn average_precision(&self) -> f64 {
        if self.relevant == 0 {
            return 0.0;
        }
        let mut found = 0;
        let mut sum = 0.0;
        for (i, g) in self.gains.iter().enumerate() {
            if *g > 0 {
                found += 1;
                sum += f64::from(found) / (i + 1) as f64;
            }
        }
        sum / self.relevant as f64
    }
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

    #[test]
    fn precision_and_average_precision_by_hand() {
        // Relevant at ranks 2 and 4; three relevant judged (one never found), one judged 0.
        let m = Measures::new(&[0, 1, 0, 3], &[1, 3, 2, 0]);
        assert_eq!(m.precision(2), 0.5);
        assert_eq!(m.precision(10), 0.2, "P@k divides by k");
        assert!((m.average_precision() - (1.0 / 2.0 + 2.0 / 4.0) / 3.0).abs() < 1e-12);
        assert_eq!(m.rr(10), 0.5);
        assert_eq!(m.rr(1), 0.0);
        assert!((m.recall(10) - 2.0 / 3.0).abs() < 1e-12);
        // nDCG@2: DCG = 1/log2(3); ideal 3, 2.
        assert!((m.ndcg(2) - (1.0 / 3f64.log2()) / (3.0 + 2.0 / 3f64.log2())).abs() < 1e-12);
        let none = Measures::new(&[0, 0], &[]);
        assert_eq!((none.ndcg(10), none.average_precision(), none.recall(10)), (0.0, 0.0, 0.0));
    }

    #[test]
    fn statement_ids_depend_on_content_not_place_or_spacing() {
        let id = statement_id("cto", "Plan the annual budget.");
        assert!(id.starts_with("cto:") && id.len() == "cto:".len() + 12, "{id}");
        assert_eq!(statement_id("cto", "  plan the ANNUAL budget "), id);
        assert_ne!(statement_id("cto", "Plan the budget"), id);
        assert_ne!(statement_id("cto-zh", "Plan the annual budget."), id);
    }
}
