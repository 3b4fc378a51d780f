//! The folder walk on trees the input describes: folders, files, FIFOs and
//! symbolic links (to any node, to the root's parent, to nowhere). Each
//! walk must end (libFuzzer's `-timeout`), list only regular files, each
//! once, and stay inside the root unless links are followed.
#![no_main]

use std::collections::HashSet;
use std::os::unix::fs::MetadataExt;

use libfuzzer_sys::fuzz_target;
use rolesearch_doc::{walk, WalkOptions};

fuzz_target!(|data: &[u8]| {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    std::fs::create_dir(&root).unwrap();
    let mut dirs = vec![root.clone()];
    let mut nodes = vec![root.clone()];
    for (i, pair) in data.chunks(2).take(40).enumerate() {
        let (op, arg) = (pair[0], *pair.get(1).unwrap_or(&0) as usize);
        let at = dirs[usize::from(op >> 3) % dirs.len()].clone();
        match op & 7 {
            0 | 1 => {
                let p = at.join(format!("d{i}"));
                std::fs::create_dir(&p).unwrap();
                dirs.push(p.clone());
                nodes.push(p);
            }
            2 | 3 => {
                let p = at.join(format!("f{i}.md"));
                std::fs::write(&p, "# R\n\n* Plan budgets\n").unwrap();
                nodes.push(p);
            }
            4 | 5 => {
                let _ = std::os::unix::fs::symlink(&nodes[arg % nodes.len()], at.join(format!("l{i}")));
            }
            6 => {
                let _ = std::os::unix::fs::symlink(tmp.path(), at.join(format!("up{i}")));
            }
            _ => {
                let _ = std::process::Command::new("mkfifo").arg(at.join(format!("p{i}.md"))).status();
            }
        }
    }
    let real_root = std::fs::canonicalize(&root).unwrap();
    for follow in [false, true] {
        let w = walk(&root, &WalkOptions { follow_links: follow });
        let mut seen = HashSet::new();
        for f in &w.files {
            let meta = std::fs::metadata(&f.path).unwrap();
            assert!(meta.is_file(), "{:?}", f.path);
            assert!(seen.insert((meta.dev(), meta.ino())), "listed twice: {:?}", f.path);
            if !follow {
                assert!(std::fs::canonicalize(&f.path).unwrap().starts_with(&real_root), "{:?}", f.path);
            }
        }
    }
});
