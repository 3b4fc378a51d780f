//! Adding many postings to an on-disk index: one `add_str` (one commit) per
//! posting against one `Batch` for all of them, in the same run.
//!
//! `cargo bench --bench batch` prints a table: postings, median seconds of 3
//! runs for each way, and the ratio. Postings are generated from a fixed
//! template (English and Chinese, 6 statements each).

use std::time::Instant;

use rolesearch::{AddOptions, Index};

fn posting(i: usize) -> String {
    if i % 3 == 0 {
        format!("高级工程师 {i}\n\n岗位职责\n\n负责团队 {i} 的代码审查\n参与制定年度预算\n招聘和培养工程师\n建立灾难恢复预案\n")
    } else {
        format!(
            "# Engineer {i}\n\n## Responsibilities\n\n* Review code of team {i}\n* Plan the annual budget\n\
             * Hire and mentor engineers\n* Own disaster recovery\n\n## Requirements\n\n* {i} years of Rust\n"
        )
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn run(n: usize, batched: bool) -> f64 {
    let dir = tempfile::tempdir().expect("temporary folder");
    let index = Index::create_in_dir(dir.path().join("idx")).expect("index");
    let start = Instant::now();
    if batched {
        let mut batch = index.batch().expect("batch");
        for i in 0..n {
            batch.add_str(&format!("posting-{i}"), &posting(i), &AddOptions::default()).expect("add");
        }
        batch.commit().expect("commit");
    } else {
        for i in 0..n {
            index.add_str(&format!("posting-{i}"), &posting(i), &AddOptions::default()).expect("add");
        }
    }
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(index.roles().expect("roles").len(), n);
    secs
}

fn main() {
    println!("| postings | add_str each (s) | one batch (s) | ratio |");
    println!("|---|---|---|---|");
    for n in [30, 300] {
        let single = median((0..3).map(|_| run(n, false)).collect());
        let batch = median((0..3).map(|_| run(n, true)).collect());
        println!("| {n} | {single:.3} | {batch:.3} | {:.1}× |", single / batch);
    }
}
