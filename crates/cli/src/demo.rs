//! The demo corpus shipped inside the binary, and the index of it that
//! commands use when no index is named.
//!
//! The corpus is embedded at build time (see `build.rs`) rather than found
//! through a path of the build machine, so `cargo install` gives a binary that
//! works anywhere. On first use it is written to the cache folder
//! ([`rolesearch::cache_dir`]) under a fingerprint of its contents, and indexed
//! next to it; a binary with another corpus uses another folder.

use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/demo_corpus.rs"));

/// Where the demo corpus and its index live.
pub struct Demo {
    /// The extracted corpus.
    pub corpus: PathBuf,
    /// Its index.
    pub index: PathBuf,
}

/// The demo folders of this binary's corpus, as an absolute path.
pub fn location() -> Demo {
    let root = demo_root();
    let base = root.join(format!("{FINGERPRINT:016x}"));
    Demo { corpus: base.join("corpus"), index: base.join("index") }
}

fn demo_root() -> PathBuf {
    let root = rolesearch::cache_dir().join("demo");
    std::path::absolute(&root).unwrap_or(root)
}

/// Writes the embedded corpus to `dir` unless it is there. It is written
/// aside and renamed into place, so a folder that exists is complete.
pub fn extract(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let parent = dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let staging = parent.join(format!(".corpus-staging-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    for (rel, bytes) in FILES {
        let path = staging.join(rel);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::write(&path, bytes)?;
    }
    match std::fs::rename(&staging, dir) {
        Ok(()) => Ok(()),
        // Another process extracted it first: theirs is as good as ours.
        Err(_) if dir.is_dir() => {
            let _ = std::fs::remove_dir_all(&staging);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

/// Removes the demo folders of other corpora (left by older binaries).
/// Best effort: a folder that cannot be removed is left.
pub fn remove_others() {
    let keep = format!("{FINGERPRINT:016x}");
    let Ok(entries) = std::fs::read_dir(demo_root()) else { return };
    for entry in entries.flatten() {
        if entry.file_name().to_str() != Some(keep.as_str()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_corpus_and_its_licence_notes_are_embedded() {
        assert!(super::FILES.len() > 40, "{} files", super::FILES.len());
        assert!(super::FILES.iter().any(|(p, _)| *p == "README.md"), "the provenance note travels with the corpus");
        assert!(super::FILES.iter().any(|(p, _)| p.starts_with("zh/")));
    }
}
