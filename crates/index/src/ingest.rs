//! Indexing files and folders: parallel parsing, incremental updates, reports.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rolesearch_doc::{find_documents, ParseError, Role};

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

/// Indexes files and folders (recursively) into `index`, then commits.
///
/// Files are parsed in parallel. A file whose content hash matches what the
/// index holds for it is not parsed again. Re-indexing a role id replaces
/// it. With `prune`, roles whose source file under one of `paths` is gone
/// are removed. Within one run, a second file yielding an id already taken
/// is skipped with an error naming both files.
///
/// # Errors
/// [`crate::Error::Locked`] when another writer holds the index, or a
/// tantivy error while writing. Bad files are not errors: they are in
/// [`IndexReport::skipped`].
pub fn add_paths(
    index: &RoleIndex,
    paths: &[PathBuf],
    prune: bool,
    progress: Option<&(dyn Fn(Progress) + Sync)>,
) -> Result<IndexReport> {
    let mut report = IndexReport::default();
    let mut files: Vec<PathBuf> = Vec::new();
    for p in paths {
        match find_documents(p) {
            Ok(found) => files.extend(found),
            Err(e) => report.skipped.push((p.clone(), e)),
        }
    }
    files.sort();
    files.dedup();
    report.files = files.len();

    // What the index holds now, by source.
    let existing = index.roles()?;
    let mut by_source: HashMap<String, Vec<(String, String)>> = HashMap::new();
    let mut known_ids: HashSet<String> = HashSet::new();
    for r in &existing {
        by_source.entry(r.source.clone()).or_default().push((r.id.clone(), r.hash.clone()));
        known_ids.insert(r.id.clone());
    }

    let mut writer = index.writer()?;
    let mut taken: HashMap<String, String> = HashMap::new();
    let mut done = 0usize;
    for chunk in files.chunks(COMMIT_EVERY) {
        let parsed: Vec<(PathBuf, Parsed)> = chunk
            .par_iter()
            .map(|path| {
                let label = path.display().to_string();
                let bytes = match std::fs::read(path) {
                    Ok(b) => b,
                    Err(source) => return (path.clone(), Parsed::Failed(ParseError::Io { path: label, source })),
                };
                let hash = content_hash(&bytes);
                if let Some(prev) = by_source.get(&label) {
                    if !prev.is_empty() && prev.iter().all(|(_, h)| *h == hash) {
                        return (path.clone(), Parsed::Unchanged);
                    }
                }
                drop(bytes);
                match rolesearch_doc::read_file(path) {
                    Ok(roles) => (path.clone(), Parsed::Roles { hash, roles }),
                    Err(e) => (path.clone(), Parsed::Failed(e)),
                }
            })
            .collect();
        // Roles of this chunk, written together so analysis runs in parallel.
        let mut pending: Vec<(Role, String)> = Vec::new();
        for (path, outcome) in parsed {
            let label = path.display().to_string();
            match outcome {
                Parsed::Failed(e) => report.skipped.push((path, e)),
                Parsed::Unchanged => {
                    for (id, _) in by_source.get(&label).into_iter().flatten() {
                        taken.insert(id.clone(), label.clone());
                        report.changes.push((id.clone(), RoleChange::Unchanged));
                    }
                }
                Parsed::Roles { hash, roles } => {
                    if let Some(r) = roles.iter().find(|r| taken.get(&r.id).is_some_and(|src| *src != label)) {
                        let other = taken[&r.id].clone();
                        report.skipped.push((
                            path.clone(),
                            ParseError::Invalid {
                                path: label.clone(),
                                reason: format!(
                                    "role id {:?} is already taken by {other} (ids are file stems; rename one file)",
                                    r.id
                                ),
                            },
                        ));
                        continue;
                    }
                    let new_ids: HashSet<&str> = roles.iter().map(|r| r.id.as_str()).collect();
                    for (old, _) in by_source.get(&label).into_iter().flatten() {
                        if !new_ids.contains(old.as_str()) {
                            writer.remove_role(old);
                            report.changes.push((old.clone(), RoleChange::Removed));
                        }
                    }
                    for role in roles {
                        taken.insert(role.id.clone(), label.clone());
                        let change = if known_ids.contains(&role.id) { RoleChange::Updated } else { RoleChange::Added };
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
        writer.commit()?;
        if let Some(p) = progress {
            p(Progress { done, total: files.len() });
        }
    }

    if prune {
        let roots: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        for r in &existing {
            let under_root = roots.iter().any(|root| r.source.starts_with(root.as_str()));
            if under_root && !taken.contains_key(&r.id) && !Path::new(&r.source).exists() {
                writer.remove_role(&r.id);
                report.changes.push((r.id.clone(), RoleChange::Removed));
            }
        }
    }
    writer.commit()?;
    Ok(report)
}
