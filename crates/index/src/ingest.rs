//! Indexing files and folders: parallel parsing, incremental updates, reports.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rolesearch_doc::{walk, DocumentFile, ParseError, ParseOptions, Role, WalkOptions};

use crate::{Result, RoleIndex};

/// Files parsed and written between commits. A crash loses at most the
/// batch in flight: the index always opens at its last commit.
const COMMIT_EVERY: usize = 2_000;

/// What happened to one role in an indexing run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RoleChange {
    /// New id.
    Added,
    /// Id existed; content changed, re-analysed.
    Updated,
    /// Id existed with the same content hash; skipped.
    Unchanged,
    /// Removed: its file is gone (`prune`), or its file no longer yields it.
    Removed,
}

/// Progress of an indexing run, for progress bars.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Files handled so far.
    pub done: usize,
    /// Files in the run.
    pub total: usize,
}

/// Where a file's role id comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum IdFrom {
    /// The file stem: `roles/backend.md` is `backend`. Two folders' files of
    /// the same name are one role; the later replaces the earlier, and the
    /// report lists the replacement.
    #[default]
    Stem,
    /// The path relative to the folder being indexed, without extension,
    /// `/`-separated: `roles/backend.md` under `corpus/` is `roles/backend`.
    Path,
}

impl IdFrom {
    /// Parses `stem` or `path`.
    pub fn from_name(name: &str) -> Option<IdFrom> {
        match name.trim().to_ascii_lowercase().as_str() {
            "stem" => Some(IdFrom::Stem),
            "path" => Some(IdFrom::Path),
            _ => None,
        }
    }

    /// The document id of `file` under this policy.
    pub fn document_id(self, file: &DocumentFile) -> String {
        let rel = file.path.strip_prefix(&file.root).unwrap_or(&file.path);
        if self == IdFrom::Stem || rel.as_os_str().is_empty() {
            return rolesearch_doc::stem_id(&file.path);
        }
        let mut parts: Vec<String> = Vec::new();
        if let Some(parent) = rel.parent() {
            for c in parent.components() {
                if let std::path::Component::Normal(c) = c {
                    parts.push(c.to_string_lossy().into_owned());
                }
            }
        }
        parts.push(rolesearch_doc::stem_id(rel));
        parts.join("/")
    }
}

/// How [`add_paths`] reads files and folders.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AddPathsOptions {
    /// Remove roles whose source file under one of the paths is gone
    /// (really gone: a file that cannot be read is kept).
    pub prune: bool,
    /// Where role ids come from.
    pub id_from: IdFrom,
    /// Follow symbolic links out of the folders being indexed.
    pub follow_links: bool,
}

/// A role that an indexing run replaced with one from another file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// The role id.
    pub id: String,
    /// Where the role came from before.
    pub old_source: String,
    /// Where it comes from now.
    pub new_source: String,
}

/// The outcome of an indexing run. Partial success is not an error: files
/// that could not be parsed are listed in `skipped`, everything else is indexed.
#[derive(Debug, Default)]
pub struct IndexReport {
    /// Document files found.
    pub files: usize,
    /// Role ids and what happened to each.
    pub changes: Vec<(String, RoleChange)>,
    /// Statements of the roles added or updated in this run.
    pub statements: usize,
    /// Statements per section kind, of the roles added or updated.
    pub by_section: BTreeMap<String, usize>,
    /// Statements per language, of the roles added or updated.
    pub by_lang: BTreeMap<String, usize>,
    /// Files (or paths) that were not indexed, with why.
    pub skipped: Vec<(PathBuf, ParseError)>,
    /// Roles that now come from a different file than before (same id).
    pub replaced: Vec<Replacement>,
}

impl IndexReport {
    /// Number of roles with the given change.
    pub fn count(&self, change: RoleChange) -> usize {
        self.changes.iter().filter(|(_, c)| *c == change).count()
    }

    /// Roles added or updated.
    pub fn written(&self) -> usize {
        self.count(RoleChange::Added) + self.count(RoleChange::Updated)
    }

    pub(crate) fn record(&mut self, role: &Role) {
        for (section, st) in role.statements() {
            self.statements += 1;
            *self.by_section.entry(section.kind.name().to_string()).or_default() += 1;
            *self.by_lang.entry(st.lang.code().to_string()).or_default() += 1;
        }
    }
}

/// A content hash (BLAKE3, hex) of a document's bytes.
pub fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

enum Parsed {
    Roles { hash: String, roles: Vec<Role> },
    Unchanged,
    Failed(ParseError),
}

/// Whether a role's source is really gone: only "not found" says so. A
/// file behind a folder we may not read, or on a disk that failed, still exists.
fn is_gone(meta: std::io::Result<std::fs::Metadata>) -> bool {
    matches!(meta, Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}

/// Reads and parses one file, unless its content hash says it is unchanged.
/// The size and type are checked before anything is read, and at most the
/// size limit is read.
fn parse_file(file: &DocumentFile, id: &str, previous: Option<&Vec<(String, String, String)>>) -> Parsed {
    let path = &file.path;
    let bytes = match rolesearch_doc::read_document(path) {
        Ok(b) => b,
        Err(e) => return Parsed::Failed(e),
    };
    let hash = content_hash(&bytes);
    if let Some(prev) = previous {
        if !prev.is_empty() && prev.iter().all(|(_, h, doc)| *h == hash && doc == id) {
            return Parsed::Unchanged;
        }
    }
    let options = ParseOptions {
        format: rolesearch_doc::format_from_extension(path),
        source: Some(path.display().to_string()),
        ..ParseOptions::default()
    };
    match rolesearch_doc::parse_bytes(id, &bytes, &options) {
        Ok(roles) => Parsed::Roles { hash, roles },
        Err(e) => Parsed::Failed(e),
    }
}

/// Indexes files and folders (recursively) into `index`, then commits.
///
/// Files are parsed in parallel. A file whose content hash matches what the
/// index holds for it is not parsed again. Re-indexing a role id replaces
/// it (a replacement from another file is listed in
/// [`IndexReport::replaced`]). With `prune`, roles whose source file under
/// one of `paths` is gone are removed, in the same commit as the last
/// roles written. Within one run, a second file yielding an id already
/// taken is skipped with an error naming both files.
///
/// # Errors
/// [`crate::Error::Locked`] when another writer holds the index,
/// [`crate::Error::Damaged`] when its files fail their checksums, or a
/// tantivy error while writing. Bad files are not errors: they are in
/// [`IndexReport::skipped`].
pub fn add_paths(
    index: &RoleIndex,
    paths: &[PathBuf],
    options: &AddPathsOptions,
    progress: Option<&(dyn Fn(Progress) + Sync)>,
) -> Result<IndexReport> {
    // Unchanged files are skipped on their hashes: damage in the index
    // would otherwise be kept forever.
    index.verify()?;
    let mut report = IndexReport::default();
    let walk_options = WalkOptions { follow_links: options.follow_links };
    let mut files: Vec<DocumentFile> = Vec::new();
    for p in paths {
        let found = walk(p, &walk_options);
        files.extend(found.files);
        for e in found.skipped {
            report.skipped.push((PathBuf::from(e.path()), e));
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    report.files = files.len();

    // What the index holds now, by source: (id, hash, document id).
    let existing = index.roles()?;
    let mut by_source: HashMap<String, Vec<(String, String, String)>> = HashMap::new();
    let mut source_of: HashMap<String, String> = HashMap::new();
    for r in &existing {
        by_source.entry(r.source.clone()).or_default().push((r.id.clone(), r.hash.clone(), r.document.clone()));
        source_of.insert(r.id.clone(), r.source.clone());
    }

    let mut writer = index.writer()?;
    let mut taken: HashMap<String, String> = HashMap::new();
    let mut done = 0usize;
    let chunks: Vec<&[DocumentFile]> = files.chunks(COMMIT_EVERY).collect();
    for (n, chunk) in chunks.iter().enumerate() {
        let parsed: Vec<(PathBuf, Parsed)> = chunk
            .par_iter()
            .map(|file| {
                let id = options.id_from.document_id(file);
                let previous = by_source.get(&file.path.display().to_string());
                (file.path.clone(), parse_file(file, &id, previous))
            })
            .collect();
        // Roles of this chunk, written together so analysis runs in parallel.
        let mut pending: Vec<(Role, String)> = Vec::new();
        for (path, outcome) in parsed {
            let label = path.display().to_string();
            match outcome {
                Parsed::Failed(e) => report.skipped.push((path, e)),
                Parsed::Unchanged => {
                    for (id, _, _) in by_source.get(&label).into_iter().flatten() {
                        taken.insert(id.clone(), label.clone());
                        report.changes.push((id.clone(), RoleChange::Unchanged));
                    }
                }
                Parsed::Roles { hash, roles } => {
                    if let Some(r) = roles.iter().find(|r| taken.get(&r.id).is_some_and(|src| *src != label)) {
                        let other = taken[&r.id].clone();
                        let hint = match options.id_from {
                            IdFrom::Stem => "ids are file stems; rename one file or index with --id-from path",
                            IdFrom::Path => "a ladder level and a file share the id; rename one",
                        };
                        report.skipped.push((
                            path.clone(),
                            ParseError::Invalid {
                                path: label.clone(),
                                reason: format!("role id {:?} is already taken by {other} ({hint})", r.id),
                            },
                        ));
                        continue;
                    }
                    let new_ids: HashSet<&str> = roles.iter().map(|r| r.id.as_str()).collect();
                    for (old, _, _) in by_source.get(&label).into_iter().flatten() {
                        if !new_ids.contains(old.as_str()) {
                            writer.remove_role(old);
                            report.changes.push((old.clone(), RoleChange::Removed));
                        }
                    }
                    for role in roles {
                        taken.insert(role.id.clone(), label.clone());
                        let change = match source_of.get(&role.id) {
                            Some(old) => {
                                if *old != label {
                                    report.replaced.push(Replacement {
                                        id: role.id.clone(),
                                        old_source: old.clone(),
                                        new_source: label.clone(),
                                    });
                                }
                                RoleChange::Updated
                            }
                            None => RoleChange::Added,
                        };
                        report.changes.push((role.id.clone(), change));
                        report.record(&role);
                        pending.push((role, hash.clone()));
                    }
                }
            }
        }
        let batch: Vec<(&Role, &str)> = pending.iter().map(|(r, h)| (r, h.as_str())).collect();
        writer.add_roles(&batch)?;
        done += chunk.len();
        // The last chunk is committed with the pruning below: searchers never
        // see new roles beside the ones they replace.
        if n + 1 < chunks.len() {
            writer.commit()?;
        }
        if let Some(p) = progress {
            p(Progress { done, total: files.len() });
        }
    }

    if options.prune {
        for r in &existing {
            let source = Path::new(&r.source);
            let under_root = paths.iter().any(|root| source.starts_with(root));
            if under_root && !taken.contains_key(&r.id) && is_gone(std::fs::symlink_metadata(source)) {
                writer.remove_role(&r.id);
                report.changes.push((r.id.clone(), RoleChange::Removed));
            }
        }
    }
    writer.commit()?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_not_found_means_gone() {
        use std::io::{Error, ErrorKind};
        assert!(is_gone(Err(Error::from(ErrorKind::NotFound))));
        assert!(!is_gone(Err(Error::from(ErrorKind::PermissionDenied))));
        assert!(!is_gone(Err(Error::other("disk failed"))));
        assert!(!is_gone(std::fs::metadata(".")));
    }

    #[test]
    fn ids_from_paths_are_relative_to_the_root() {
        let f = |root: &str, path: &str| DocumentFile { path: PathBuf::from(path), root: PathBuf::from(root) };
        assert_eq!(IdFrom::Path.document_id(&f("corpus", "corpus/team/director.md")), "team/director");
        assert_eq!(IdFrom::Stem.document_id(&f("corpus", "corpus/team/director.md")), "director");
        assert_eq!(IdFrom::Path.document_id(&f("corpus/x.md", "corpus/x.md")), "x");
        assert_eq!(IdFrom::Path.document_id(&f("c", "c/a.b/ladder.v2.md")), "a.b/ladder.v2");
    }
}
