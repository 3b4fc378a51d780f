//! Terminal output: tables, escapes, and the `eval` report. The JSON shapes
//! live in `rolesearch_server::json`, shared with `rolesearch serve`.

use std::io::Write;

use rolesearch::{Hit, RoleComparison, RoleInfo, StoredStatement, THEMES};

use crate::table;

/// Cuts `s` to at most `n` characters, marking the cut (and escaped, see [`safe`]).
/// Whether printing `c` raw could drive the terminal or hide text: control
/// characters (ESC starts terminal commands) and bidirectional overrides
/// (which reorder what is shown).
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text from documents (file names, titles, statements) as human output
/// shows it: characters that would act on the terminal are written as
/// `\u{1b}` escapes. JSON output is not escaped this way: serde escapes
/// control characters itself, and a program reading it wants the text.
pub fn safe(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

pub fn print_comparison(out: &mut impl Write, c: &RoleComparison) -> std::io::Result<()> {
    writeln!(out, "A: {} — {} [{}]", safe(&c.a.id), safe(&c.a.title), c.a.lang)?;
    writeln!(out, "B: {} — {} [{}]", safe(&c.b.id), safe(&c.b.title), c.b.lang)?;
    writeln!(out, "overlap: {:.0}%", c.comparison.overlap * 100.0)?;
    writeln!(out)?;
    // score | A | B | evidence, in the terminal's width: evidence a fifth,
    // the statements halves of the rest.
    let free = table::terminal_width().saturating_sub(5 + 3 * 2);
    let evidence = (free / 5).max(14);
    let text = (free.saturating_sub(evidence) / 2).max(20);
    let columns = [
        table::Column { header: "score", width: 5, right: true },
        table::Column { header: "A", width: text, right: false },
        table::Column { header: "B", width: text, right: false },
        table::Column { header: "evidence", width: evidence, right: false },
    ];
    let rows: Vec<Vec<String>> = c
        .comparison
        .pairs
        .iter()
        .filter(|p| p.score >= rolesearch::MATCH_THRESHOLD)
        .map(|p| {
            vec![
                format!("{:.2}", p.score),
                safe(&p.a.text).into_owned(),
                safe(&p.b.text).into_owned(),
                safe(&p.evidence.join("; ")).into_owned(),
            ]
        })
        .collect();
    table::write_table(out, &columns, &rows)?;
    writeln!(out, "\nonly in A ({}):", c.comparison.only_a.len())?;
    for s in &c.comparison.only_a {
        writeln!(out, "  - {}", safe(&s.text))?;
    }
    writeln!(out, "\nonly in B ({}):", c.comparison.only_b.len())?;
    for s in &c.comparison.only_b {
        writeln!(out, "  - {}", safe(&s.text))?;
    }
    Ok(())
}

pub fn print_themes(out: &mut impl Write, m: &[(RoleInfo, Vec<usize>)]) -> std::io::Result<()> {
    write!(out, "{:<20}", "theme")?;
    for (r, _) in m {
        let id = table::cut(&safe(&r.id), 14);
        write!(out, " {}{id}", " ".repeat(14usize.saturating_sub(table::width(&id))))?;
    }
    writeln!(out)?;
    for (i, (theme, _)) in THEMES.iter().enumerate() {
        write!(out, "{theme:<20}")?;
        for (r, counts) in m {
            let pct = if r.statements == 0 { 0.0 } else { counts[i] as f64 * 100.0 / r.statements as f64 };
            write!(out, " {:>14}", format!("{} ({pct:.0}%)", counts[i]))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

pub fn print_role(out: &mut impl Write, info: &RoleInfo, statements: &[StoredStatement]) -> std::io::Result<()> {
    writeln!(out, "{} — {}", safe(&info.id), safe(&info.title))?;
    writeln!(out, "language: {}  source: {}", info.lang, safe(&info.source))?;
    if let Some(org) = &info.organization {
        writeln!(out, "organization: {}", safe(org))?;
    }
    for (key, values) in &info.metadata {
        let values: Vec<_> = values.iter().map(|v| safe(v)).collect();
        writeln!(out, "{}: {}", safe(key), values.join(", "))?;
    }
    let mut current: Option<(&str, &str)> = None;
    for s in statements {
        if current != Some((s.section.as_str(), s.heading.as_str())) {
            writeln!(out, "\n[{}] {}", s.section, safe(&s.heading))?;
            current = Some((s.section.as_str(), s.heading.as_str()));
        }
        let indent = if s.parent.is_some() { "    - " } else { "  - " };
        let concepts = if s.concepts.is_empty() { String::new() } else { format!("   {{{}}}", s.concepts.join(", ")) };
        writeln!(out, "{indent}{} ({}){concepts}", safe(&s.text), s.lang)?;
    }
    Ok(())
}

/// Reads a tab-separated file of `width` columns, skipping blank and `#` lines.
fn read_tsv(path: &std::path::Path, width: usize) -> anyhow::Result<Vec<Vec<String>>> {
    use anyhow::Context;
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cells: Vec<String> = line.split('\t').map(str::to_string).collect();
        if cells.len() < width.saturating_sub(1) {
            anyhow::bail!(
                "{}:{}: expected {width} tab-separated columns, found {}",
                path.display(),
                n + 1,
                cells.len()
            );
        }
        cells.resize(width, String::new());
        rows.push(cells);
    }
    Ok(rows)
}

/// How `rolesearch eval` runs.
pub struct EvalOptions<'a> {
    /// Cut-off.
    pub k: usize,
    /// TREC run file to write.
    pub run_out: Option<&'a std::path::Path>,
    /// TREC qrels file to write.
    pub qrels_out: Option<&'a std::path::Path>,
    /// Match across languages (false: the plain BM25 baseline).
    pub cross: bool,
}

/// `rolesearch eval`: runs every judged query and prints the metrics.
pub fn evaluate(
    out: &mut impl Write,
    idx: &rolesearch::Index,
    queries: &std::path::Path,
    qrels: &std::path::Path,
    opts: &EvalOptions<'_>,
) -> anyhow::Result<()> {
    let EvalOptions { k, run_out, qrels_out, cross } = *opts;
    use rolesearch::eval::{fold, gains, score, Judgment};
    use std::collections::BTreeMap;
    use std::fmt::Write as _;
    let mut judged: BTreeMap<String, Vec<Judgment>> = BTreeMap::new();
    for row in read_tsv(qrels, 4)? {
        let grade = row[2]
            .trim()
            .parse::<u32>()
            .map_err(|_| anyhow::anyhow!("{}: grade {:?} is not a number", qrels.display(), row[2]))?;
        judged.entry(row[0].clone()).or_default().push(Judgment {
            role_id: row[1].clone(),
            grade,
            fragment: row[3].clone(),
        });
    }
    let roles = idx.roles()?;
    // Folded statement texts of judged roles, read once per role.
    let mut folded: std::collections::HashMap<String, Vec<(String, u64)>> = std::collections::HashMap::new();
    let mut run = String::new();
    let mut trec_qrels = String::new();
    let mut groups: BTreeMap<String, Vec<(f64, f64, f64)>> = BTreeMap::new();
    for row in read_tsv(queries, 4)? {
        let (qid, level_name, lang, text) = (&row[0], &row[1], &row[2], &row[3]);
        let Some(judgments) = judged.get(qid) else {
            eprintln!("rolesearch: {qid} has no judgments; skipped");
            continue;
        };
        let level = rolesearch::Level::from_name(level_name).ok_or_else(|| {
            anyhow::anyhow!("{}: level {level_name:?} of {qid} is not statement or role", queries.display())
        })?;
        let statement = level == rolesearch::Level::Statement;
        let hits = idx.search(&rolesearch::Query::new(text.clone()).level(level).limit(k).cross_language(cross))?;
        let docid = |h: &Hit| if statement { format!("{}:{}", h.role_id, h.ord) } else { h.role_id.clone() };
        let tag = if cross { "rolesearch" } else { "rolesearch-bm25" };
        for (rank, h) in hits.iter().enumerate() {
            writeln!(run, "{qid} Q0 {} {} {:.6} {tag}", docid(h), rank + 1, h.score)?;
        }
        // Judgments as TREC qrels: the statement of the judged role holding the fragment.
        for j in judgments {
            let ids: Vec<String> = if statement {
                let fragment = fold(&j.fragment);
                let mut found = None;
                for r in roles.iter().filter(|r| r.id == j.role_id || r.id.starts_with(&format!("{}/", j.role_id))) {
                    if !folded.contains_key(&r.id) {
                        let statements = idx.statements(&r.id).map(|(_, s)| s).unwrap_or_default();
                        let texts = statements.into_iter().map(|s| (fold(&s.text), s.ord)).collect();
                        folded.insert(r.id.clone(), texts);
                    }
                    if let Some((_, ord)) = folded[&r.id].iter().find(|(t, _)| t.contains(&fragment)) {
                        found = Some(format!("{}:{ord}", r.id));
                        break;
                    }
                }
                found.into_iter().collect()
            } else {
                vec![j.role_id.clone()]
            };
            for id in ids {
                writeln!(trec_qrels, "{qid} 0 {id} {}", j.grade)?;
            }
        }
        let pairs: Vec<(String, String)> = hits.iter().map(|h| (h.role_id.clone(), h.text.clone())).collect();
        let s = score(&gains(&pairs, judgments, statement), judgments, k);
        writeln!(
            out,
            "{qid}\t{level_name}\t{lang}\tnDCG@{k}={:.3}\tRR={:.3}\tR@{k}={:.3}\t{text}",
            s.ndcg, s.rr, s.recall
        )?;
        for g in ["all".to_string(), format!("{level_name}/{lang}")] {
            groups.entry(g).or_default().push((s.ndcg, s.rr, s.recall));
        }
    }
    for (name, v) in &groups {
        let n = v.len() as f64;
        let mean = |f: fn(&(f64, f64, f64)) -> f64| v.iter().map(f).sum::<f64>() / n;
        writeln!(
            out,
            "summary\t{name}\tn={}\tnDCG@{k}={:.3}\tMRR@{k}={:.3}\tR@{k}={:.3}",
            v.len(),
            mean(|x| x.0),
            mean(|x| x.1),
            mean(|x| x.2)
        )?;
    }
    if let Some(p) = run_out {
        std::fs::write(p, run).map_err(|e| anyhow::anyhow!("writing {}: {e}", p.display()))?;
    }
    if let Some(p) = qrels_out {
        std::fs::write(p, trec_qrels).map_err(|e| anyhow::anyhow!("writing {}: {e}", p.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_are_escaped() {
        assert_eq!(safe("plain 技术总监"), "plain 技术总监");
        assert_eq!(safe("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(safe("\u{202e}budget\u{202c}\t"), "\\u{202e}budget\\u{202c}\\u{9}");
    }
}
