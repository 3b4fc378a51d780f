//! Embeds the shipped demo corpus (`corpus/` of the source tree) in the
//! binary, so that an installed `rolesearch` finds it wherever it runs: no
//! path of the build machine is kept, only the files' bytes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let corpus = manifest.join("../../corpus");
    println!("cargo:rerun-if-changed={}", corpus.display());
    let mut files = Vec::new();
    if corpus.is_dir() {
        collect(&corpus, &corpus, &mut files);
    }
    files.sort();
    // A fingerprint of names and contents names the extracted copy, so a new
    // binary with a changed corpus never reuses an old copy or its index.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut code = String::from(
        "/// The demo corpus: (path relative to `corpus/`, bytes).\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={}", abs.display());
        let bytes = std::fs::read(abs).unwrap_or_else(|e| panic!("reading {}: {e}", abs.display()));
        for b in rel.as_bytes().iter().chain(&[0]).chain(&bytes) {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x100_0000_01b3);
        }
        let _ = writeln!(code, "    ({rel:?}, include_bytes!({:?})),", abs.display().to_string());
    }
    code.push_str("];\n");
    let _ = writeln!(
        code,
        "/// Fingerprint of the names and contents of [`FILES`].\npub const FINGERPRINT: u64 = {hash:#x};"
    );
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("demo_corpus.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            collect(root, &path, files);
        } else if kind.is_file() {
            if let Some(rel) = path.strip_prefix(root).ok().and_then(Path::to_str) {
                files.push((rel.replace('\\', "/"), path.canonicalize().unwrap_or(path.clone())));
            }
        }
    }
}
