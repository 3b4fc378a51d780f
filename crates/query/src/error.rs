//! The query crate's error type.

/// Result with the query crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Why a query or comparison could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The query has no searchable words (empty, whitespace, punctuation, only stop words).
    #[error("the query {query:?} has no searchable words; give at least one word")]
    EmptyQuery {
        /// The query as given.
        query: String,
    },
    /// The query is longer than [`crate::MAX_QUERY_CHARS`].
    #[error("the query is {len} characters long; the limit is {max} (search for the key words instead)")]
    QueryTooLong {
        /// Its length in characters.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A role id that the index does not hold.
    #[error("unknown role {role:?}{}", if suggestions.is_empty() { String::new() } else { format!(" (closest: {})", suggestions.join(", ")) })]
    UnknownRole {
        /// The id as given.
        role: String,
        /// The closest known ids.
        suggestions: Vec<String>,
    },
    /// A bad option value.
    #[error("{0}")]
    Invalid(String),
    /// Reading the index failed.
    #[error(transparent)]
    Index(#[from] rolesearch_index::Error),
    /// tantivy failed while searching.
    #[error("{context}: {source}")]
    Tantivy {
        /// What was being done.
        context: String,
        /// tantivy's error.
        source: tantivy::TantivyError,
    },
}
