//! The folder walk on random trees of folders, files and symbolic links
//! (loops, links out of the tree, dangling links): it always ends, lists
//! each file once, lists only regular files, and leaves the tree only when
//! asked to follow links.
#![cfg(unix)]

use std::collections::HashSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use rolesearch_doc::{walk, WalkOptions};

/// One step of building a tree: what to make, under which existing folder
/// (by index), pointing where (for links: an existing node, or outside).
#[derive(Debug, Clone)]
enum Step {
    Dir(usize),
    File(usize),
    Link { at: usize, to: usize, outside: bool },
    Dangling(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..8usize).prop_map(Step::Dir),
        (0..8usize).prop_map(Step::File),
        (0..8usize, 0..16usize, any::<bool>()).prop_map(|(at, to, outside)| Step::Link { at, to, outside }),
        (0..8usize).prop_map(Step::Dangling),
    ]
}

/// Builds the tree; returns every folder and file made (links excluded).
fn build(root: &Path, outside: &Path, steps: &[Step]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut dirs = vec![root.to_path_buf()];
    let mut nodes = vec![root.to_path_buf()];
    let mut files = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        match s {
            Step::Dir(at) => {
                let p = dirs[at % dirs.len()].join(format!("d{i}"));
                std::fs::create_dir(&p).unwrap();
                dirs.push(p.clone());
                nodes.push(p);
            }
            Step::File(at) => {
                let p = dirs[at % dirs.len()].join(format!("f{i}.md"));
                std::fs::write(&p, "# R\n\n* Plan budgets\n").unwrap();
                files.push(p.clone());
                nodes.push(p);
            }
            Step::Link { at, to, outside: out } => {
                let target = if *out { outside.to_path_buf() } else { nodes[to % nodes.len()].clone() };
                let _ = std::os::unix::fs::symlink(target, dirs[at % dirs.len()].join(format!("l{i}")));
            }
            Step::Dangling(at) => {
                let _ = std::os::unix::fs::symlink("nowhere", dirs[at % dirs.len()].join(format!("x{i}")));
            }
        }
    }
    (dirs, files)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_walk_ends_and_lists_each_regular_file_once(steps in proptest::collection::vec(step(), 0..24)) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("root");
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("far.md"), "# Far\n\n* Hire people\n").unwrap();
        let (_, files) = build(&root, &outside, &steps);
        for follow in [false, true] {
            let w = walk(&root, &WalkOptions { follow_links: follow });
            let mut inodes = HashSet::new();
            for f in &w.files {
                let meta = std::fs::metadata(&f.path).unwrap();
                prop_assert!(meta.is_file(), "{:?}", f.path);
                prop_assert!(inodes.insert((meta.dev(), meta.ino())), "listed twice: {:?}", f.path);
                let real = std::fs::canonicalize(&f.path).unwrap();
                if !follow {
                    prop_assert!(real.starts_with(std::fs::canonicalize(&root).unwrap()), "{:?}", f.path);
                }
            }
            // Every real file of the tree is listed under its real path.
            for f in &files {
                prop_assert!(w.files.iter().any(|d| &d.path == f), "missing {f:?}");
            }
            let sorted = w.files.windows(2).all(|p| p[0].path <= p[1].path);
            prop_assert!(sorted);
        }
    }
}
