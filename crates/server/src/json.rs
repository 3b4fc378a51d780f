//! The JSON shapes of the CLI's `--json` output and of `rolesearch serve`'s
//! API: one definition, so both say the same thing.
//!
//! They are a contract read by independent checks
//! (`retrieval_eval.py`): fields may be added, never renamed or removed.

use rolesearch::{RoleComparison, RoleInfo, SimilarRole, StoredStatement, THEMES};
use serde::Serialize;

/// `rolesearch search --json`.
#[derive(Serialize)]
pub struct SearchOut<'a> {
    query: &'a str,
    hits: Vec<HitOut<'a>>,
    /// Hits in all (before --offset and --top), and whether that is exact
    /// or a lower bound.
    total: usize,
    total_exact: bool,
    offset: usize,
    /// Per `--facet KEY`: `[{value, count}]`, most first (absent without --facet).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    facets: &'a std::collections::BTreeMap<String, Vec<rolesearch::FacetCount>>,
}

#[derive(Serialize)]
struct HitOut<'a> {
    /// Stable, content-based statement id (TREC qrels docid).
    statement_id: &'a str,
    role_id: &'a str,
    role_title: &'a str,
    lang: &'a str,
    section: &'a str,
    text: &'a str,
    score: f32,
    heading: &'a str,
    highlights: &'a [(usize, usize)],
    matched: &'a [rolesearch::Match],
    /// The role's metadata: `{key: [values]}`.
    metadata: &'a rolesearch::Metadata,
    /// Every role the statement's text appears in (its own first): a
    /// repeated statement is one hit unless `--no-collapse`.
    roles: &'a [String],
}

impl<'a> SearchOut<'a> {
    /// The output for one page of a search for `query` from `offset`.
    pub fn new(query: &'a str, page: &'a rolesearch::Page, offset: usize) -> SearchOut<'a> {
        SearchOut {
            query,
            total: page.total.value,
            total_exact: page.total.exact,
            offset,
            facets: &page.facets,
            hits: page
                .hits
                .iter()
                .map(|h| HitOut {
                    statement_id: &h.statement_id,
                    role_id: &h.role_id,
                    role_title: &h.role_title,
                    lang: h.lang.code(),
                    section: h.section.name(),
                    text: &h.text,
                    score: h.score,
                    heading: &h.heading,
                    highlights: &h.highlights,
                    matched: &h.matched,
                    metadata: &h.metadata,
                    roles: &h.roles,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct RoleRef<'a> {
    role_id: &'a str,
    role_title: &'a str,
    lang: &'a str,
}

impl<'a> RoleRef<'a> {
    fn new(r: &'a RoleInfo) -> RoleRef<'a> {
        RoleRef { role_id: &r.id, role_title: &r.title, lang: r.lang.code() }
    }
}

/// `rolesearch compare A B --json`.
#[derive(Serialize)]
pub struct CompareOut<'a> {
    a: RoleRef<'a>,
    b: RoleRef<'a>,
    pairs: Vec<PairOut<'a>>,
    only_a: Vec<&'a str>,
    only_b: Vec<&'a str>,
    overlap: f32,
    /// Pairs scoring below it are no match: `matched` is false and their A
    /// statement is also in `only_a`.
    threshold: f32,
}

#[derive(Serialize)]
struct PairOut<'a> {
    a_text: &'a str,
    b_text: &'a str,
    score: f32,
    /// Whether `score` reaches the match threshold.
    matched: bool,
    evidence: &'a [String],
    a_section: &'a str,
    b_section: &'a str,
}

impl<'a> CompareOut<'a> {
    /// The output for a comparison of two roles.
    pub fn new(c: &'a RoleComparison) -> CompareOut<'a> {
        CompareOut {
            a: RoleRef::new(&c.a),
            b: RoleRef::new(&c.b),
            pairs: c
                .comparison
                .pairs
                .iter()
                .map(|p| PairOut {
                    a_text: &p.a.text,
                    b_text: &p.b.text,
                    score: p.score,
                    matched: p.score >= rolesearch::MATCH_THRESHOLD,
                    evidence: &p.evidence,
                    a_section: &p.a.section,
                    b_section: &p.b.section,
                })
                .collect(),
            only_a: c.comparison.only_a.iter().map(|s| s.text.as_str()).collect(),
            only_b: c.comparison.only_b.iter().map(|s| s.text.as_str()).collect(),
            overlap: c.comparison.overlap,
            threshold: rolesearch::MATCH_THRESHOLD,
        }
    }
}

/// `rolesearch compare A B C … --json`.
#[derive(Serialize)]
pub struct ThemesOut<'a> {
    themes: Vec<&'static str>,
    roles: Vec<ThemeRow<'a>>,
}

#[derive(Serialize)]
struct ThemeRow<'a> {
    role_id: &'a str,
    role_title: &'a str,
    lang: &'a str,
    statements: u64,
    coverage: &'a [usize],
}

impl<'a> ThemesOut<'a> {
    /// The output for the theme coverage of three or more roles.
    pub fn new(m: &'a [(RoleInfo, Vec<usize>)]) -> ThemesOut<'a> {
        ThemesOut {
            themes: THEMES.iter().map(|(t, _)| *t).collect(),
            roles: m
                .iter()
                .map(|(r, c)| ThemeRow {
                    role_id: &r.id,
                    role_title: &r.title,
                    lang: r.lang.code(),
                    statements: r.statements,
                    coverage: c,
                })
                .collect(),
        }
    }
}

/// `rolesearch similar ROLE --json`.
#[derive(Serialize)]
pub struct SimilarOut<'a> {
    role_id: &'a str,
    similar: Vec<SimilarRow<'a>>,
}

#[derive(Serialize)]
struct SimilarRow<'a> {
    role_id: &'a str,
    role_title: &'a str,
    lang: &'a str,
    /// The plain overlap, as `compare` reports it.
    overlap: f32,
    /// What the rows are ranked by (added in 0.1.0): the overlap with
    /// boilerplate every role shares counting for little.
    score: f32,
}

impl<'a> SimilarOut<'a> {
    /// The output for the roles nearest to `role`.
    pub fn new(role: &'a str, sim: &'a [SimilarRole]) -> SimilarOut<'a> {
        SimilarOut {
            role_id: role,
            similar: sim
                .iter()
                .map(|s| SimilarRow {
                    role_id: &s.role.id,
                    role_title: &s.role.title,
                    lang: s.role.lang.code(),
                    overlap: s.overlap,
                    score: s.score,
                })
                .collect(),
        }
    }
}

/// `rolesearch roles --json`.
#[derive(Serialize)]
pub struct RolesOut<'a> {
    /// Every role, sorted by id.
    pub roles: &'a [RoleInfo],
}

/// `rolesearch show ROLE --json`.
#[derive(Serialize)]
pub struct ShowOut<'a> {
    /// The role.
    pub role: &'a RoleInfo,
    /// Its statements in document order.
    pub statements: &'a [StoredStatement],
}
