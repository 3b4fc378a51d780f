//! The index crate's error type.

use std::path::PathBuf;

/// Result with the index crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// What went wrong with an index. Messages name the folder and say what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The folder holds no rolesearch index.
    #[error("{} is not a rolesearch index (no {} in it); build one with `rolesearch index <PATH>... --index {}`", path.display(), crate::META_FILE, path.display())]
    NotAnIndex {
        /// The folder.
        path: PathBuf,
    },
    /// The folder holds tantivy files but no `rolesearch.json`: the creation
    /// of an index was interrupted (by an older rolesearch, whose creation
    /// was not atomic).
    #[error("{} holds an index whose creation did not finish (no {} in it); rebuild it with `rolesearch index <PATH>... --index {} --rebuild`", path.display(), crate::META_FILE, path.display())]
    Incomplete {
        /// The folder.
        path: PathBuf,
    },
    /// Creating an index in a folder that already holds files.
    #[error("{} is not empty; choose an empty or new folder for a new index", path.display())]
    Exists {
        /// The folder.
        path: PathBuf,
    },
    /// The index was built by an incompatible version.
    #[error("index {} was built with {found}, this rolesearch needs {expected}; delete the folder and run `rolesearch index` again to rebuild it", path.display())]
    IndexVersion {
        /// The folder.
        path: PathBuf,
        /// Versions found in the index.
        found: String,
        /// Versions this build needs.
        expected: String,
    },
    /// Another writer holds the index lock.
    #[error("index {} is locked by another writer ({detail}); wait for it to finish", path.display())]
    Locked {
        /// The folder.
        path: PathBuf,
        /// What tantivy said about the lock.
        detail: String,
    },
    /// Files of the index fail their checksums (a disk error, or something
    /// wrote into them). Searching it could return garbage or fail.
    #[error("index {} is damaged (files that fail their checksums: {}); rebuild it from its documents with `rolesearch index <PATH>... --index {} --rebuild`", path.display(), files.join(", "), path.display())]
    Damaged {
        /// The index folder (empty for an in-memory index).
        path: PathBuf,
        /// The damaged files, relative to the folder.
        files: Vec<String>,
    },
    /// A file-system error on a path.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// An error from tantivy, with what rolesearch was doing.
    #[error("{context}: {source}")]
    Tantivy {
        /// What rolesearch was doing.
        context: String,
        /// tantivy's error.
        source: tantivy::TantivyError,
    },
}
