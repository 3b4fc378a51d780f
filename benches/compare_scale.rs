//! All-pairs role comparison at scale: O*NET 27.0 occupations as roles
//! (each occupation's task statements are its responsibilities), compared
//! pairwise with rayon at 1/8, 1/4, 1/2 and all of the ~900 occupations.
//!
//! `cargo bench --bench compare_scale` (set `ROLESEARCH_ONET` to the O*NET
//! folder; default `../shared/benchmark/onet-27.0`). Prints a table: roles,
//! role pairs, median seconds of 3 runs, pairs per second, and the growth
//! exponent between consecutive sizes (2.0 = quadratic, as all-pairs must be).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use rolesearch_doc::{parse_str, ParseOptions};
use rolesearch_index::RoleIndex;

fn onet_dir() -> PathBuf {
    std::env::var_os("ROLESEARCH_ONET")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/benchmark/onet-27.0"))
}

/// Occupation code → (title, tasks).
fn occupations() -> Option<BTreeMap<String, (String, Vec<String>)>> {
    let dir = onet_dir();
    let titles = std::fs::read_to_string(dir.join("Occupation Data.txt")).ok()?;
    let tasks = std::fs::read_to_string(dir.join("Task Statements.txt")).ok()?;
    let mut occ: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for line in titles.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() >= 2 {
            occ.insert(cells[0].to_string(), (cells[1].to_string(), Vec::new()));
        }
    }
    for line in tasks.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        if let (Some(code), Some(task)) = (cells.first(), cells.get(2)) {
            if let Some(o) = occ.get_mut(*code) {
                o.1.push(task.to_string());
            }
        }
    }
    occ.retain(|_, (_, t)| !t.is_empty());
    Some(occ)
}

fn main() {
    let Some(occ) = occupations() else {
        println!("compare_scale: O*NET data not found at {} (set ROLESEARCH_ONET); skipped", onet_dir().display());
        return;
    };
    let index = RoleIndex::create_in_ram().expect("an in-RAM index");
    let mut writer = index.writer().expect("a writer");
    let mut ids = Vec::new();
    for (code, (title, tasks)) in &occ {
        let text = format!(
            "# {title}\n\n## Responsibilities\n\n{}",
            tasks.iter().map(|t| format!("* {t}\n")).collect::<String>()
        );
        for role in parse_str(code, &text, &ParseOptions::default()).expect("O*NET tasks parse") {
            writer.add_role(&role, "onet").expect("add");
            ids.push(role.id);
        }
    }
    writer.commit().expect("commit");
    let statements: usize = occ.values().map(|(_, t)| t.len()).sum();
    println!("{} roles, {statements} statements, {} threads", ids.len(), rayon::current_num_threads());
    println!("{:>6} {:>10} {:>12} {:>14} {:>8}", "roles", "pairs", "median s", "pairs/s", "growth");
    let mut prev: Option<(usize, f64)> = None;
    for div in [8, 4, 2, 1] {
        let n = ids.len() / div;
        let subset = &ids[..n];
        let feats = rolesearch_query::role_features(&index, subset).expect("features");
        let mut times = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            let m = rolesearch_query::overlap_matrix(&feats);
            times.push(t.elapsed().as_secs_f64());
            assert_eq!(m.len(), n, "the matrix covers every role");
        }
        times.sort_by(f64::total_cmp);
        let median = times[1];
        let pairs = n * (n - 1) / 2;
        let growth = prev.map(|(pn, pt)| (median / pt).ln() / (n as f64 / pn as f64).ln()).unwrap_or(f64::NAN);
        println!("{n:>6} {pairs:>10} {median:>12.3} {:>14.0} {growth:>8.2}", pairs as f64 / median);
        prev = Some((n, median));
    }
}
