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

/// How `rolesearch eval` reads judgments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrelsFormat {
    /// TREC if every line is `qid iter docid grade`, else fragments.
    Auto,
    /// `qid <TAB> role_id <TAB> grade <TAB> fragment`: a statement named by a piece of its text.
    Fragments,
    /// Standard TREC qrels, `qid iter docid grade`; docids are stable
    /// statement ids (`role_id:hash`, as `search --json` gives in
    /// `statement_id`) for statement-level queries, role ids for role-level.
    Trec,
}

/// Options of [`evaluate`].
pub struct EvalOptions<'a> {
    /// Main cut-off (MRR@k, R@k).
    pub k: usize,
    /// Cut-offs of nDCG and P (k is always one); hits are retrieved to the deepest.
    pub cutoffs: &'a [usize],
    /// How to read the judgments.
    pub qrels_format: QrelsFormat,
    /// TREC run file to write.
    pub run_out: Option<&'a std::path::Path>,
    /// TREC qrels file to write.
    pub qrels_out: Option<&'a std::path::Path>,
    /// Match across languages (false: the plain BM25 baseline).
    pub cross: bool,
}

/// Judgments per query id.
enum Qrels {
    Fragments(std::collections::BTreeMap<String, Vec<rolesearch::eval::Judgment>>),
    /// docid → grade, per query id.
    Trec(std::collections::BTreeMap<String, std::collections::BTreeMap<String, u32>>),
}

/// Whether the judgments are TREC's `qid iter docid grade`: every line has
/// four cells and ends in a number, and not every third cell is a number
/// (which would be the grade of the fragments format, with a one-word
/// fragment). `--qrels-format` settles any doubt.
fn looks_like_trec(text: &str) -> bool {
    let rows: Vec<Vec<&str>> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect())
        .collect();
    !rows.is_empty()
        && rows.iter().all(|c| c.len() == 4 && c[3].parse::<i64>().is_ok())
        && !rows.iter().all(|c| c[2].parse::<i64>().is_ok())
}

fn read_qrels(path: &std::path::Path, format: QrelsFormat) -> anyhow::Result<Qrels> {
    let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
    let trec = match format {
        QrelsFormat::Trec => true,
        QrelsFormat::Fragments => false,
        QrelsFormat::Auto => looks_like_trec(&text),
    };
    if !trec {
        let mut judged: std::collections::BTreeMap<String, Vec<rolesearch::eval::Judgment>> = Default::default();
        for row in read_tsv(path, 4)? {
            let grade = row[2]
                .trim()
                .parse::<u32>()
                .map_err(|_| anyhow::anyhow!("{}: grade {:?} is not a number", path.display(), row[2]))?;
            judged.entry(row[0].clone()).or_default().push(rolesearch::eval::Judgment {
                role_id: row[1].clone(),
                grade,
                fragment: row[3].clone(),
            });
        }
        return Ok(Qrels::Fragments(judged));
    }
    let mut judged: std::collections::BTreeMap<String, std::collections::BTreeMap<String, u32>> = Default::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split_whitespace().collect();
        let grade = match cells.as_slice() {
            [_, _, _, g] => g.parse::<i64>().ok(),
            _ => None,
        };
        let Some(grade) = grade else {
            anyhow::bail!("{}:{}: expected TREC qrels `qid iter docid grade`, got {line:?}", path.display(), n + 1);
        };
        // Negative grades (some collections mark spam so) are not relevant.
        judged.entry(cells[0].to_string()).or_default().insert(cells[2].to_string(), grade.max(0) as u32);
    }
    Ok(Qrels::Trec(judged))
}

/// `rolesearch eval`: runs every judged query and prints the metrics.
pub fn evaluate(
    out: &mut impl Write,
    idx: &rolesearch::Index,
    queries: &std::path::Path,
    qrels: &std::path::Path,
    opts: &EvalOptions<'_>,
) -> anyhow::Result<()> {
    use rolesearch::eval::{credit, fold, statement_id, Measures};
    use std::collections::BTreeMap;
    use std::fmt::Write as _;
    let EvalOptions { k, cutoffs, qrels_format, run_out, qrels_out, cross } = *opts;
    let mut cuts: Vec<usize> = cutoffs.iter().copied().chain([k]).filter(|c| *c > 0).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let depth = cuts.last().copied().unwrap_or(k).max(1);
    let qrels = read_qrels(qrels, qrels_format)?;
    let roles = idx.roles()?;
    // Statement texts of judged roles, folded, read once per role.
    let mut folded: std::collections::HashMap<String, Vec<(String, String)>> = std::collections::HashMap::new();
    let mut run = String::new();
    let mut trec_qrels = String::new();
    // Per group: one row of measures per query, in the order of `names`.
    let mut names: Vec<String> = cuts.iter().map(|c| format!("nDCG@{c}")).collect();
    names.extend(cuts.iter().map(|c| format!("P@{c}")));
    names.extend([format!("MRR@{k}"), format!("R@{k}"), "MAP".to_string()]);
    let mut groups: BTreeMap<String, Vec<Vec<f64>>> = BTreeMap::new();
    for row in read_tsv(queries, 4)? {
        let (qid, level_name, lang, text) = (&row[0], &row[1], &row[2], &row[3]);
        let has = match &qrels {
            Qrels::Fragments(j) => j.contains_key(qid),
            Qrels::Trec(j) => j.contains_key(qid),
        };
        if !has {
            eprintln!("rolesearch: {qid} has no judgments; skipped");
            continue;
        }
        let level = rolesearch::Level::from_name(level_name).ok_or_else(|| {
            anyhow::anyhow!("{}: level {level_name:?} of {qid} is not statement or role", queries.display())
        })?;
        let statement = level == rolesearch::Level::Statement;
        // Every copy of a repeated statement is its own judged document
        // (its own role, its own docid): the ranking is evaluated uncollapsed.
        let q = rolesearch::Query::new(text.clone()).level(level).limit(2 * depth).cross_language(cross);
        let mut hits = idx.search(&q.collapse(false))?;
        let docid = |h: &Hit| if statement { h.statement_id.clone() } else { h.role_id.clone() };
        // The same text twice in one role is one statement (one docid):
        // ranked once, as trec_eval reads a run.
        let mut seen = std::collections::HashSet::new();
        hits.retain(|h| seen.insert(docid(h)));
        hits.truncate(depth);
        let tag = if cross { "rolesearch" } else { "rolesearch-bm25" };
        // trec_eval (and ir-measures) order a run by score, not rank, and
        // break ties by docid: equal scores (a statement repeated across
        // ladder levels) are written a millionth apart, in rank order.
        let mut last = i64::MAX;
        for (rank, h) in hits.iter().enumerate() {
            let micros = ((f64::from(h.score) * 1e6).round() as i64).min(last.saturating_sub(1));
            last = micros;
            writeln!(run, "{qid} Q0 {} {} {:.6} {tag}", docid(h), rank + 1, micros as f64 / 1e6)?;
        }
        let (hit_gains, grades): (Vec<u32>, Vec<u32>) = match &qrels {
            Qrels::Trec(all) => {
                let judged = &all[qid];
                for (doc, grade) in judged {
                    writeln!(trec_qrels, "{qid} 0 {doc} {grade}")?;
                }
                (
                    hits.iter().map(|h| judged.get(&docid(h)).copied().unwrap_or(0)).collect(),
                    judged.values().copied().collect(),
                )
            }
            Qrels::Fragments(all) => {
                let judgments = &all[qid];
                let pairs: Vec<(String, String)> = hits.iter().map(|h| (h.role_id.clone(), h.text.clone())).collect();
                let credited = credit(&pairs, judgments, statement);
                // As TREC qrels, so trec_eval or ir-measures score the run
                // as eval does: a judgment credited to a hit is that hit's
                // docid; another is the first statement of its role that
                // holds the fragment and no other judgment names.
                let mut docids: Vec<Option<String>> = vec![None; judgments.len()];
                for (h, c) in hits.iter().zip(&credited) {
                    if let Some(j) = c {
                        docids[*j] = Some(docid(h));
                    }
                }
                for (n, j) in judgments.iter().enumerate() {
                    if docids[n].is_some() {
                        continue;
                    }
                    let id = if statement {
                        let fragment = fold(&j.fragment);
                        let taken: Vec<String> = docids.iter().flatten().cloned().collect();
                        let mut found = None;
                        for r in
                            roles.iter().filter(|r| r.id == j.role_id || r.id.starts_with(&format!("{}/", j.role_id)))
                        {
                            let texts = folded.entry(r.id.clone()).or_insert_with(|| {
                                let statements = idx.statements(&r.id).map(|(_, s)| s).unwrap_or_default();
                                statements.into_iter().map(|s| (fold(&s.text), statement_id(&r.id, &s.text))).collect()
                            });
                            if let Some((_, id)) =
                                texts.iter().find(|(t, id)| t.contains(&fragment) && !taken.contains(id))
                            {
                                found = Some(id.clone());
                                break;
                            }
                        }
                        // Judged text the index does not hold: still one relevant document.
                        found.unwrap_or_else(|| format!("{}:unfound-{n}", j.role_id))
                    } else {
                        j.role_id.clone()
                    };
                    docids[n] = Some(id);
                }
                for (j, id) in judgments.iter().zip(docids.iter().flatten()) {
                    writeln!(trec_qrels, "{qid} 0 {id} {}", j.grade)?;
                }
                (
                    credited.iter().map(|c| c.map_or(0, |j| judgments[j].grade)).collect(),
                    judgments.iter().map(|j| j.grade).collect(),
                )
            }
        };
        let m = Measures::new(&hit_gains, &grades);
        let mut values: Vec<f64> = cuts.iter().map(|c| m.ndcg(*c)).collect();
        values.extend(cuts.iter().map(|c| m.precision(*c)));
        values.extend([m.rr(k), m.recall(k), m.average_precision()]);
        writeln!(
            out,
            "{qid}\t{level_name}\t{lang}\tnDCG@{k}={:.3}\tRR={:.3}\tR@{k}={:.3}\tAP={:.3}\t{text}",
            m.ndcg(k),
            m.rr(k),
            m.recall(k),
            m.average_precision()
        )?;
        for g in ["all".to_string(), format!("{level_name}/{lang}")] {
            groups.entry(g).or_default().push(values.clone());
        }
    }
    for (name, rows) in &groups {
        let n = rows.len() as f64;
        let cells: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, label)| format!("{label}={:.3}", rows.iter().map(|r| r[i]).sum::<f64>() / n))
            .collect();
        writeln!(out, "summary\t{name}\tn={}\t{}", rows.len(), cells.join("\t"))?;
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
