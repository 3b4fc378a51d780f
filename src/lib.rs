//! Search and compare role documents — job descriptions, postings, career
//! ladder levels — in English and Chinese, across languages.
//!
//! # Overview
//! [`Index`] is the one handle embedders need: create it on disk or in RAM,
//! add documents from strings ([`Index::add_str`]) or from files and folders
//! ([`Index::add_paths`]), remove roles, [`Index::search`] with a [`Query`]
//! (getting [`Hit`]s), and [`Index::compare`] two roles (getting a
//! [`RoleComparison`]). Results are plain data and serialize with serde. An
//! `Index` is `Send + Sync`; every search runs on the latest commit.
//!
//! # Example
//! ```
//! use rolesearch::{AddOptions, Index, Level, Query};
//!
//! let index = Index::create_in_ram()?;
//! index.add_str("backend-engineer", "# Backend Engineer\n\n## Responsibilities\n\n* Review code\n* Own the team budget\n", &AddOptions::default())?;
//! // "technical director duties: take part in drawing up the annual budget"
//! index.add_str("cto-zh", "技术总监\n\n岗位职责\n\n参与制定年度预算\n", &AddOptions::default())?;
//!
//! let hits = index.search(&Query::new("budget").limit(10))?;
//! assert_eq!(hits.len(), 2, "the English query finds the Chinese statement too");
//! assert_eq!(hits[0].role_id, "backend-engineer", "a same-language match ranks first");
//!
//! let roles = index.search(&Query::new("技术总监").level(Level::Role))?;
//! assert_eq!(roles[0].role_id, "cto-zh");
//!
//! let diff = index.compare("backend-engineer", "cto-zh")?;
//! assert_eq!(diff.comparison.pairs[0].b.text, "参与制定年度预算");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

use std::path::{Path, PathBuf};

pub use rolesearch_doc::{walk, DocumentFile, Walk, WalkOptions};
pub use rolesearch_doc::{Format, Lang, Metadata, ParseError, SectionKind, MAX_DOCUMENT_BYTES};
pub use rolesearch_index::{
    AddPathsOptions, IdFrom, IndexReport, Progress, Replacement, RoleChange, RoleInfo, StoredStatement,
};
pub use rolesearch_query::{
    eval, Comparison, FacetCount, Hit, Level, Match, Page, Pair, Query, SimilarRole, Total, MATCH_THRESHOLD,
    MAX_FACET_VALUES, MAX_RESULT_WINDOW,
};

/// The one error type of the facade; each variant wraps an inner crate's error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A document could not be parsed.
    #[error(transparent)]
    Parse(#[from] rolesearch_doc::ParseError),
    /// The index could not be created, opened, or written.
    #[error(transparent)]
    Index(#[from] rolesearch_index::Error),
    /// A query or comparison could not run.
    #[error(transparent)]
    Query(#[from] rolesearch_query::Error),
}

/// Result with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Hints for [`Index::add_str`]; anything not given is recognised from content.
#[derive(Debug, Clone, Default)]
pub struct AddOptions {
    /// Body format.
    pub format: Option<Format>,
    /// Document language.
    pub lang: Option<Lang>,
    /// Where the document came from (recorded and shown; defaults to the id).
    pub source: Option<String>,
    /// Your metadata for the document's roles (company, location, level,
    /// date…): stored, returned with every hit ([`Hit::metadata`]),
    /// filterable ([`Query::filter`]) and counted per value
    /// ([`Query::facet`]). Keys are lower-cased; a key given here replaces
    /// the same key of the document's YAML front matter, whose scalar keys
    /// are metadata too. See [`AddOptions::meta`].
    pub metadata: Metadata,
}

impl AddOptions {
    /// Adds one metadata value (a key may have several).
    ///
    /// ```
    /// use rolesearch::{AddOptions, Index, Query};
    /// let index = Index::create_in_ram()?;
    /// let posting = "# Backend Engineer\n\n* Own the payments API\n";
    /// index.add_str("acme-1", posting, &AddOptions::default().meta("company", "Acme").meta("location", "Berlin"))?;
    /// index.add_str("beta-1", posting, &AddOptions::default().meta("company", "Beta"))?;
    /// let page = index.search_page(&Query::new("payments").filter("company", "Acme").facet("location"))?;
    /// assert_eq!(page.hits.len(), 1);
    /// assert_eq!(page.hits[0].metadata["location"], ["Berlin"]);
    /// assert_eq!(page.facets["location"][0].value, "Berlin");
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    pub fn meta(mut self, key: &str, value: &str) -> AddOptions {
        self.metadata.entry(key.trim().to_lowercase()).or_default().push(value.to_string());
        self
    }
}

/// The comparison of two roles, with who they are.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RoleComparison {
    /// Role A.
    pub a: RoleInfo,
    /// Role B.
    pub b: RoleInfo,
    /// Aligned pairs, and what only one role has.
    pub comparison: Comparison,
}

/// A role index on disk or in RAM.
#[derive(Debug)]
pub struct Index {
    inner: rolesearch_index::RoleIndex,
}

impl Index {
    /// Creates an index in an empty or new folder.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let index = rolesearch::Index::create_in_dir(dir.path().join("idx"))?;
    /// assert!(index.roles()?.is_empty());
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] when the folder cannot be created or is not empty.
    pub fn create_in_dir(path: impl AsRef<Path>) -> Result<Index> {
        Ok(Index { inner: rolesearch_index::RoleIndex::create_in_dir(path)? })
    }

    /// Creates an index in memory.
    ///
    /// ```
    /// let index = rolesearch::Index::create_in_ram()?;
    /// assert!(index.roles()?.is_empty());
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] if tantivy cannot set up the index.
    pub fn create_in_ram() -> Result<Index> {
        Ok(Index { inner: rolesearch_index::RoleIndex::create_in_ram()? })
    }

    /// Opens an existing index.
    ///
    /// ```
    /// use rolesearch::{AddOptions, Index};
    /// let dir = tempfile::tempdir().unwrap();
    /// Index::create_in_dir(dir.path())?.add_str("cto", "# CTO\n\n* Plan the budget\n", &AddOptions::default())?;
    /// let index = Index::open(dir.path())?;
    /// assert_eq!(index.roles()?[0].id, "cto");
    /// // A folder that is not an index is an error that says so.
    /// assert!(Index::open(dir.path().join("missing")).unwrap_err().to_string().contains("not a rolesearch index"));
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] when the folder is not an index or was built by an
    /// incompatible version (the message says how to rebuild).
    pub fn open(path: impl AsRef<Path>) -> Result<Index> {
        Ok(Index { inner: rolesearch_index::RoleIndex::open(path)? })
    }

    /// Opens the index in `path`, creating it when the folder is new or empty.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let first = rolesearch::Index::open_or_create(dir.path().join("idx"))?;
    /// drop(first);
    /// let again = rolesearch::Index::open_or_create(dir.path().join("idx"))?; // opens what is there
    /// assert!(again.roles()?.is_empty());
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Index::open`] and [`Index::create_in_dir`].
    pub fn open_or_create(path: impl AsRef<Path>) -> Result<Index> {
        Ok(Index { inner: rolesearch_index::RoleIndex::open_or_create(path)? })
    }

    /// Parses a document held in memory and adds its roles (replacing roles
    /// with the same ids), then commits. Returns the ids of the roles added:
    /// `id` itself, or `id/level-slug` when the document holds several levels.
    /// Roles this document (`id`) yielded before and no longer does are
    /// removed in the same commit; roles of other documents are never touched,
    /// whatever their ids look like.
    ///
    /// ```
    /// use rolesearch::{AddOptions, Index};
    /// let index = Index::create_in_ram()?;
    /// let ids = index.add_str("ladder", "# Ladder\n\n## Level 1\n\n* Fix bugs\n\n## Level 2\n\n* Design services\n", &AddOptions::default())?;
    /// assert_eq!(ids, ["ladder/level-1", "ladder/level-2"]);
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Parse`] when the text is not a role document;
    /// [`Error::Index`] when the index is locked or cannot be written.
    pub fn add_str(&self, id: &str, text: &str, options: &AddOptions) -> Result<Vec<String>> {
        let mut batch = self.batch()?;
        let ids = batch.add_str(id, text, options)?;
        batch.commit()?;
        Ok(ids)
    }

    /// Starts a batch of writes that searchers see all at once, when
    /// [`Batch::commit`] is called: adding many documents this way costs one
    /// commit instead of one per document. A batch dropped without a commit
    /// changes nothing. One batch (or other writer) at a time per index.
    ///
    /// ```
    /// use rolesearch::{AddOptions, Index, Query};
    /// let index = Index::create_in_ram()?;
    /// let mut batch = index.batch()?;
    /// for i in 0..3 {
    ///     let posting = format!("# Engineer {i}\n\n* Own the team budget\n");
    ///     batch.add_str(&format!("posting-{i}"), &posting, &AddOptions::default())?;
    /// }
    /// assert!(index.search(&Query::new("budget"))?.is_empty(), "nothing visible before the commit");
    /// batch.commit()?;
    /// // One text in three postings: one hit naming the three (`collapse(false)` lists each).
    /// assert_eq!(index.search(&Query::new("budget"))?[0].roles.len(), 3);
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] when the index is locked by another writer.
    pub fn batch(&self) -> Result<Batch<'_>> {
        let mut documents: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
        for r in self.inner.roles()? {
            documents.entry(r.document).or_default().push(r.id);
        }
        Ok(Batch { index: std::marker::PhantomData, writer: self.inner.writer()?, documents, added: 0, removed: 0 })
    }

    /// Indexes files and folders (recursively), then commits. Bad files are
    /// reported in [`IndexReport::skipped`], not returned as errors; files
    /// whose content did not change are not parsed again; with `prune`, roles
    /// whose files under `paths` are gone are removed.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// std::fs::write(dir.path().join("cto.md"), "# CTO\n\n* Plan the budget\n").unwrap();
    /// std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    /// let index = rolesearch::Index::create_in_ram()?;
    /// let report = index.add_paths(&[dir.path().to_path_buf()], false)?;
    /// assert_eq!(report.files, 2);
    /// assert_eq!(report.skipped.len(), 1, "the empty file is reported, not an error");
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] when the index is locked, damaged, or cannot be written.
    pub fn add_paths(&self, paths: &[PathBuf], prune: bool) -> Result<IndexReport> {
        self.add_paths_with(paths, &AddPathsOptions { prune, ..AddPathsOptions::default() }, None)
    }

    /// [`Index::add_paths`] with a progress callback.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// let dir = tempfile::tempdir().unwrap();
    /// std::fs::write(dir.path().join("cto.md"), "# CTO\n\n* Plan the budget\n").unwrap();
    /// let index = rolesearch::Index::create_in_ram()?;
    /// let calls = AtomicUsize::new(0);
    /// index.add_paths_with_progress(&[dir.path().to_path_buf()], false, &|p| {
    ///     assert!(p.done <= p.total);
    ///     calls.fetch_add(1, Ordering::Relaxed);
    /// })?;
    /// assert!(calls.load(Ordering::Relaxed) > 0);
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Index::add_paths`].
    pub fn add_paths_with_progress(
        &self,
        paths: &[PathBuf],
        prune: bool,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<IndexReport> {
        self.add_paths_with(paths, &AddPathsOptions { prune, ..AddPathsOptions::default() }, Some(progress))
    }

    /// [`Index::add_paths`] with every option: pruning, where ids come from
    /// ([`IdFrom`]), whether links out of the folders are followed.
    ///
    /// ```
    /// use rolesearch::{AddPathsOptions, IdFrom, Index};
    /// let dir = tempfile::tempdir().unwrap();
    /// for team in ["one", "two"] {
    ///     std::fs::create_dir(dir.path().join(team)).unwrap();
    ///     std::fs::write(dir.path().join(team).join("director.md"), "# Director\n\n* Plan the budget\n").unwrap();
    /// }
    /// let index = Index::create_in_ram()?;
    /// let options = AddPathsOptions { id_from: IdFrom::Path, ..AddPathsOptions::default() };
    /// index.add_paths_with(&[dir.path().to_path_buf()], &options, None)?;
    /// let ids: Vec<String> = index.roles()?.into_iter().map(|r| r.id).collect();
    /// assert_eq!(ids, ["one/director", "two/director"]);
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Index::add_paths`].
    pub fn add_paths_with(
        &self,
        paths: &[PathBuf],
        options: &AddPathsOptions,
        progress: Option<&(dyn Fn(Progress) + Sync)>,
    ) -> Result<IndexReport> {
        Ok(rolesearch_index::add_paths(&self.inner, paths, options, progress)?)
    }

    /// Builds the index in `path` anew from `paths`, replacing what the folder
    /// held (an index of another version, or a damaged one). The new index is
    /// built aside and moved into place when complete: until then, and if the
    /// process is killed, the folder keeps its old index.
    ///
    /// ```
    /// use rolesearch::{AddPathsOptions, Index};
    /// let dir = tempfile::tempdir().unwrap();
    /// let docs = dir.path().join("docs");
    /// std::fs::create_dir(&docs).unwrap();
    /// std::fs::write(docs.join("cto.md"), "# CTO\n\n* Plan the budget\n").unwrap();
    /// let (index, report) = Index::rebuild(dir.path().join("idx"), &[docs], &AddPathsOptions::default(), None)?;
    /// assert_eq!((report.files, index.roles()?.len()), (1, 1));
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] when `path` holds something other than an index, or
    /// the new index cannot be written.
    pub fn rebuild(
        path: impl AsRef<Path>,
        paths: &[PathBuf],
        options: &AddPathsOptions,
        progress: Option<&(dyn Fn(Progress) + Sync)>,
    ) -> Result<(Index, IndexReport)> {
        let (inner, report) = rolesearch_index::RoleIndex::rebuild_in_dir(path, |index| {
            rolesearch_index::add_paths(index, paths, options, progress)
        })?;
        Ok((Index { inner }, report))
    }

    /// Checks the index files against their checksums.
    ///
    /// ```
    /// let index = rolesearch::Index::create_in_ram()?;
    /// index.verify()?; // Err(Error::Index(IndexError::Damaged { .. })) names damaged files
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] with [`IndexError::Damaged`] naming the damaged files.
    pub fn verify(&self) -> Result<()> {
        Ok(self.inner.verify()?)
    }

    /// Removes a role, or every role of a document (the levels of a ladder
    /// file: `stem` removes `stem/level-1`, `stem/level-2`, …), and commits.
    /// Returns how many roles were removed.
    ///
    /// ```
    /// use rolesearch::{AddOptions, Index};
    /// let index = Index::create_in_ram()?;
    /// index.add_str("cto", "# CTO\n\n## Responsibilities\n\n* Plan the annual budget\n* Hire engineers\n", &AddOptions::default())?;
    /// index.add_str("cto-zh", "技术总监\n\n岗位职责\n\n参与制定年度预算\n负责招聘工程师\n", &AddOptions::default())?;
    /// assert_eq!(index.remove_role("cto")?, 1);
    /// assert_eq!(index.roles()?.len(), 1);
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] when the index is locked or cannot be written.
    pub fn remove_role(&self, id: &str) -> Result<usize> {
        let mut batch = self.batch()?;
        let n = batch.remove_role(id);
        batch.commit()?;
        Ok(n)
    }

    /// Runs a read of the index. A failure or panic inside tantivy is checked
    /// against the index's checksums: damaged files become
    /// [`IndexError::Damaged`] (with how to repair), anything else stays what
    /// it was.
    fn read<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => {
                let from_tantivy = matches!(
                    e,
                    Error::Index(rolesearch_index::Error::Tantivy { .. })
                        | Error::Query(rolesearch_query::Error::Tantivy { .. })
                        | Error::Query(rolesearch_query::Error::Index(rolesearch_index::Error::Tantivy { .. }))
                );
                match self.inner.verify() {
                    Err(damaged) if from_tantivy => Err(damaged.into()),
                    _ => Err(e),
                }
            }
            Err(panic) => match self.inner.verify() {
                Err(damaged) => Err(damaged.into()),
                Ok(()) => std::panic::resume_unwind(panic),
            },
        }
    }

    /// Searches statements or roles.
    ///
    /// ```
    /// use rolesearch::{AddOptions, Index};
    /// let index = Index::create_in_ram()?;
    /// index.add_str("cto", "# CTO\n\n## Responsibilities\n\n* Plan the annual budget\n* Hire engineers\n", &AddOptions::default())?;
    /// index.add_str("cto-zh", "技术总监\n\n岗位职责\n\n参与制定年度预算\n负责招聘工程师\n", &AddOptions::default())?;
    /// use rolesearch::{Lang, Level, Query};
    /// let hits = index.search(&Query::new("budget").limit(10))?;
    /// assert_eq!(hits[0].role_id, "cto"); // the query's own language first…
    /// assert!(hits.iter().any(|h| h.role_id == "cto-zh")); // …then across languages
    /// let zh = index.search(&Query::new("budget").lang(Some(Lang::Zh)))?;
    /// assert!(zh.iter().all(|h| h.lang == Lang::Zh));
    /// let roles = index.search(&Query::new("技术总监").level(Level::Role))?;
    /// assert_eq!(roles[0].role_id, "cto-zh");
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Query`] for an empty or too long query, or an unknown role filter.
    pub fn search(&self, query: &Query) -> Result<Vec<Hit>> {
        self.read(|| Ok(rolesearch_query::search(&self.inner, query)?))
    }

    /// As [`Index::search`], with how many hits there are in all, for
    /// pagination ("hits 11–20 of 37").
    ///
    /// ```
    /// use rolesearch::{AddOptions, Index, Query};
    /// let index = Index::create_in_ram()?;
    /// index.add_str("lead", "# Lead\n\n* Plan the budget\n* Review the budget\n* Hire\n", &AddOptions::default())?;
    /// let page = index.search_page(&Query::new("budget").limit(1))?;
    /// assert_eq!((page.hits.len(), page.total.value, page.total.exact), (1, 2, true));
    /// let next = index.search_page(&Query::new("budget").limit(1).offset(1))?;
    /// assert_ne!(page.hits[0].text, next.hits[0].text);
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Index::search`].
    pub fn search_page(&self, query: &Query) -> Result<Page> {
        self.read(|| Ok(rolesearch_query::search_page(&self.inner, query)?))
    }

    /// Compares the statements of two roles.
    ///
    /// ```
    /// use rolesearch::{AddOptions, Index};
    /// let index = Index::create_in_ram()?;
    /// index.add_str("cto", "# CTO\n\n## Responsibilities\n\n* Plan the annual budget\n* Hire engineers\n", &AddOptions::default())?;
    /// index.add_str("cto-zh", "技术总监\n\n岗位职责\n\n参与制定年度预算\n负责招聘工程师\n", &AddOptions::default())?;
    /// let c = index.compare("cto", "cto-zh")?;
    /// let best = &c.comparison.pairs[0];
    /// assert!(best.score >= rolesearch::MATCH_THRESHOLD);
    /// assert!(best.evidence.iter().any(|e| e.starts_with("concept:")));
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Query`] naming the closest ids when a role is unknown.
    pub fn compare(&self, a: &str, b: &str) -> Result<RoleComparison> {
        self.read(|| {
            let (a, b, comparison) = rolesearch_query::compare_roles(&self.inner, a, b)?;
            Ok(RoleComparison { a, b, comparison })
        })
    }

    /// The roles nearest to `id`, with the score they are ranked by (0..=1),
    /// best first: their overlap, with each statement of `id` counted by how
    /// few other roles have a counterpart for it, so boilerplate shared by
    /// every role counts for little ([`rolesearch_query::distinctive_overlaps`]).
    ///
    /// ```
    /// use rolesearch::{AddOptions, Index};
    /// let index = Index::create_in_ram()?;
    /// index.add_str("cto", "# CTO\n\n## Responsibilities\n\n* Plan the annual budget\n* Hire engineers\n", &AddOptions::default())?;
    /// index.add_str("cto-zh", "技术总监\n\n岗位职责\n\n参与制定年度预算\n负责招聘工程师\n", &AddOptions::default())?;
    /// let near = index.similar("cto", 5)?;
    /// assert_eq!(near[0].0.id, "cto-zh");
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Query`] when the role is unknown.
    pub fn similar(&self, id: &str, limit: usize) -> Result<Vec<(RoleInfo, f32)>> {
        self.read(|| Ok(rolesearch_query::similar_roles(&self.inner, id, limit)?))
    }

    /// [`similar`](Index::similar) with each role's plain overlap (as
    /// [`compare`](Index::compare) reports it) beside its score.
    ///
    /// # Errors
    /// [`Error::Query`] when the role is unknown.
    pub fn similar_scored(&self, id: &str, limit: usize) -> Result<Vec<SimilarRole>> {
        self.read(|| Ok(rolesearch_query::similar_scored(&self.inner, id, limit)?))
    }

    /// Theme × role coverage: for each role, how many statements touch each
    /// theme of [`THEMES`].
    ///
    /// ```
    /// use rolesearch::{AddOptions, Index};
    /// let index = Index::create_in_ram()?;
    /// index.add_str("cto", "# CTO\n\n## Responsibilities\n\n* Plan the annual budget\n* Hire engineers\n", &AddOptions::default())?;
    /// index.add_str("cto-zh", "技术总监\n\n岗位职责\n\n参与制定年度预算\n负责招聘工程师\n", &AddOptions::default())?;
    /// let m = index.themes(&["cto".to_string(), "cto-zh".to_string()])?;
    /// assert_eq!(m.len(), 2);
    /// assert_eq!(m[0].1.len(), rolesearch::THEMES.len());
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Query`] when a role is unknown.
    pub fn themes(&self, ids: &[String]) -> Result<Vec<(RoleInfo, Vec<usize>)>> {
        self.read(|| Ok(rolesearch_query::theme_matrix(&self.inner, ids)?))
    }

    /// Every role, sorted by id.
    ///
    /// ```
    /// use rolesearch::{AddOptions, Index, Lang};
    /// let index = Index::create_in_ram()?;
    /// index.add_str("cto", "# CTO\n\n## Responsibilities\n\n* Plan the annual budget\n* Hire engineers\n", &AddOptions::default())?;
    /// index.add_str("cto-zh", "技术总监\n\n岗位职责\n\n参与制定年度预算\n负责招聘工程师\n", &AddOptions::default())?;
    /// let roles = index.roles()?;
    /// assert_eq!((roles[0].id.as_str(), roles[0].lang, roles[0].statements), ("cto", Lang::En, 2));
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Index`] when the index cannot be read.
    pub fn roles(&self) -> Result<Vec<RoleInfo>> {
        self.read(|| Ok(self.inner.roles()?))
    }

    /// What ingestion understood of a role: its statements in order.
    ///
    /// ```
    /// use rolesearch::{AddOptions, Index, Lang};
    /// let index = Index::create_in_ram()?;
    /// index.add_str("cto", "# CTO\n\n## Responsibilities\n\n* Plan the annual budget\n* Hire engineers\n", &AddOptions::default())?;
    /// index.add_str("cto-zh", "技术总监\n\n岗位职责\n\n参与制定年度预算\n负责招聘工程师\n", &AddOptions::default())?;
    /// let (info, statements) = index.statements("cto-zh")?;
    /// assert_eq!(info.lang, Lang::Zh);
    /// assert_eq!(statements[0].section, "responsibilities");
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Query`] naming the closest ids when the role is unknown.
    pub fn statements(&self, id: &str) -> Result<(RoleInfo, Vec<StoredStatement>)> {
        self.read(|| {
            let searcher = self.inner.searcher();
            let info = rolesearch_query::role_info(&self.inner, &searcher, id)?;
            let st = self.inner.statements_of(&searcher, id)?;
            Ok((info, st))
        })
    }

    /// Loads dictionaries and the lexicon now rather than on first use.
    ///
    /// ```
    /// let index = rolesearch::Index::create_in_ram()?;
    /// index.warm_up(); // the first search no longer pays for loading jieba's dictionary
    /// # Ok::<(), rolesearch::Error>(())
    /// ```
    pub fn warm_up(&self) {
        self.inner.analyzer().warm_up();
        let _ = rolesearch_analysis::Lexicon::shared();
    }
}

/// Writes to an [`Index`] that become visible together: see [`Index::batch`].
pub struct Batch<'i> {
    /// The batch writes to this index, so it cannot outlive it.
    index: std::marker::PhantomData<&'i Index>,
    writer: rolesearch_index::Writer,
    /// Role ids of each document id, as they will be after the commit.
    documents: std::collections::HashMap<String, Vec<String>>,
    added: usize,
    removed: usize,
}

impl std::fmt::Debug for Batch<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch").field("added", &self.added).field("removed", &self.removed).finish_non_exhaustive()
    }
}

/// What a committed [`Batch`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BatchReport {
    /// Roles added or replaced.
    pub added: usize,
    /// Roles removed.
    pub removed: usize,
}

impl Batch<'_> {
    /// As [`Index::add_str`], without committing: parses the document and
    /// adds its roles, replacing the roles the same document id yielded
    /// before (in the index or earlier in this batch).
    ///
    /// # Errors
    /// [`Error::Parse`] when the text is not a role document (the batch
    /// stays usable); [`Error::Index`] when the index cannot be written.
    pub fn add_str(&mut self, id: &str, text: &str, options: &AddOptions) -> Result<Vec<String>> {
        let opts = rolesearch_doc::ParseOptions {
            format: options.format,
            lang: options.lang,
            source: Some(options.source.clone().unwrap_or_else(|| id.to_string())),
            metadata: options.metadata.clone(),
        };
        let roles = rolesearch_doc::parse_str(id, text, &opts)?;
        let hash = rolesearch_index::content_hash(text.as_bytes());
        let ids: Vec<String> = roles.iter().map(|r| r.id.clone()).collect();
        if let Some(before) = self.documents.get(id) {
            for old in before.iter().filter(|old| !ids.contains(old)) {
                self.writer.remove_role(old);
                self.removed += 1;
            }
        }
        for r in &roles {
            self.writer.add_role(r, &hash)?;
        }
        self.added += roles.len();
        self.documents.insert(id.to_string(), ids.clone());
        Ok(ids)
    }

    /// As [`Index::remove_role`], without committing: removes a role, or
    /// every role of a document. Returns how many roles that is.
    pub fn remove_role(&mut self, id: &str) -> usize {
        let mut ids: Vec<String> = Vec::new();
        if let Some(roles) = self.documents.remove(id) {
            ids.extend(roles);
        }
        for roles in self.documents.values_mut() {
            if let Some(i) = roles.iter().position(|r| r == id) {
                ids.push(roles.remove(i));
            }
        }
        self.documents.retain(|_, roles| !roles.is_empty());
        for i in &ids {
            self.writer.remove_role(i);
        }
        self.removed += ids.len();
        ids.len()
    }

    /// Makes every write of the batch visible at once.
    ///
    /// # Errors
    /// [`Error::Index`] when the commit fails; the index keeps its last commit.
    pub fn commit(mut self) -> Result<BatchReport> {
        self.writer.commit()?;
        Ok(BatchReport { added: self.added, removed: self.removed })
    }
}

/// Why the user lexicon named by `$ROLESEARCH_LEXICON` was not loaded, if it
/// was not (the built-in lexicon is then used alone). Check it at startup.
pub fn lexicon_error() -> Option<&'static str> {
    rolesearch_analysis::Lexicon::user_error()
}

/// Dictionaries: configure them before the first index is opened; see
/// [`DictionaryPaths`] and the analysis crate's `config` module.
pub use rolesearch_analysis::{
    analysis_fingerprint, cache_dir, set_dictionaries, setup_errors, DictionaryPaths, JAPANESE as JAPANESE_ANALYSIS,
};

/// The index crate's error, for matching on [`Error::Index`].
pub use rolesearch_index::Error as IndexError;

/// The query crate's error, for matching on [`Error::Query`]: an unknown
/// role (`QueryError::UnknownRole { role, suggestions }`), an empty or too
/// long query, an offset past the result window.
///
/// ```
/// use rolesearch::{Error, Index, QueryError};
/// let index = Index::create_in_ram()?;
/// match index.similar("no-such-role", 5) {
///     Err(Error::Query(QueryError::UnknownRole { role, .. })) => assert_eq!(role, "no-such-role"),
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), rolesearch::Error>(())
/// ```
pub use rolesearch_query::Error as QueryError;

/// Theme names and the lexicon concepts each covers.
pub use rolesearch_query::THEMES;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Index>();
    }
}
