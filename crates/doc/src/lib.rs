//! Role documents: the document model and the parsers that fill it.
//!
//! You probably want the `rolesearch` crate instead; this one is its
//! dependency-light core (no tantivy, no jieba).
//!
//! # Overview
//! [`read_file`] and [`parse_str`] turn a document — plain text, Markdown,
//! HTML (job-board posts, Vue templates), YAML front matter, ladders kept in
//! YAML — into one or more [`Role`]s. A role has [`Section`]s of a
//! [`SectionKind`], each holding [`Statement`]s. Formats are recognised by
//! content; page chrome is removed by general rules; a file that holds
//! several levels yields one role per level, with id `stem/level-slug`.
//! [`walk`] lists the files of a folder, reporting what it skips.
//!
//! # Example
//! ```
//! use rolesearch_doc::{parse_str, ParseOptions, SectionKind};
//!
//! let text = "# Backend Engineer\n\n## Responsibilities\n\n* Design services\n* Review code\n";
//! let roles = parse_str("backend-engineer", text, &ParseOptions::default())?;
//! assert_eq!(roles[0].title, "Backend Engineer");
//! assert_eq!(roles[0].sections[0].kind, SectionKind::Responsibilities);
//! assert_eq!(roles[0].statement_count(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

mod model;
mod parse;
mod walk;

use std::path::{Path, PathBuf};

pub use model::{
    add_metadata, detect_lang, fold, fold_each, is_han, is_kana, Lang, Metadata, Role, Section, SectionKind, Statement,
    MAX_METADATA_BYTES, MAX_METADATA_KEYS, MAX_METADATA_VALUES,
};
pub use parse::{
    classify_heading, format_from_extension, parse_bytes, parse_str, read_document, read_file, recognise, slug,
    stem_id, Format, ParseOptions, MAX_DOCUMENT_BYTES,
};
pub use walk::{walk, DocumentFile, Walk, WalkOptions};

/// Why a document could not be read or parsed. Every variant names the file
/// (or the source label an embedder gave).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A directory was given where a file was expected.
    #[error("{path}: is a directory, not a document")]
    NotAFile {
        /// The path.
        path: String,
    },
    /// A FIFO, socket or device: only regular files are read (a FIFO would
    /// block, `/dev/zero` never ends).
    #[error("{path}: is {kind}, not a regular file; only regular files are read")]
    NotRegular {
        /// The path.
        path: String,
        /// What it is ("a FIFO (named pipe)", "a character device", …).
        kind: &'static str,
    },
    /// The document is larger than [`MAX_DOCUMENT_BYTES`].
    #[error("{path}: {size} bytes is over the {limit}-byte limit for one role document")]
    TooLarge {
        /// The file.
        path: String,
        /// Its size in bytes.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file holds a NUL byte: it is binary, not a text document.
    #[error("{path}: binary file (NUL byte at offset {offset}), not a text document")]
    Binary {
        /// The file.
        path: String,
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// The file is not valid UTF-8.
    #[error("{path}: not valid UTF-8 (invalid byte at offset {offset}); convert it to UTF-8")]
    InvalidUtf8 {
        /// The file.
        path: String,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// The document is empty or whitespace only.
    #[error("{path}: empty document")]
    Empty {
        /// The file.
        path: String,
    },
    /// A syntax error at a line, e.g. in YAML front matter.
    #[error("{path}:{line}: {reason}")]
    Syntax {
        /// The file.
        path: String,
        /// 1-based line in the file.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The document parsed but holds no statements.
    #[error("{path}: no statements found (no bullets, paragraphs or criteria)")]
    NoStatements {
        /// The file.
        path: String,
    },
    /// Any other problem with the input.
    #[error("{path}: {reason}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

impl ParseError {
    /// The file or source label the error is about.
    pub fn path(&self) -> &str {
        match self {
            ParseError::Io { path, .. }
            | ParseError::NotAFile { path }
            | ParseError::NotRegular { path, .. }
            | ParseError::TooLarge { path, .. }
            | ParseError::Binary { path, .. }
            | ParseError::InvalidUtf8 { path, .. }
            | ParseError::Empty { path }
            | ParseError::Syntax { path, .. }
            | ParseError::NoStatements { path }
            | ParseError::Invalid { path, .. } => path,
        }
    }
}

/// Lists the documents under `path` (see [`walk`], which also reports what
/// it skipped): the file itself, or every regular file of a folder,
/// recursively, sorted.
///
/// # Errors
/// An I/O error with the path when `path` itself cannot be read.
pub fn find_documents(path: &Path) -> Result<Vec<PathBuf>, ParseError> {
    std::fs::metadata(path).map_err(|source| ParseError::Io { path: path.display().to_string(), source })?;
    Ok(walk(path, &WalkOptions::default()).files.into_iter().map(|f| f.path).collect())
}
