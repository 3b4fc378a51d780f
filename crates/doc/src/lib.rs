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
//! [`find_documents`] lists the files of a folder.
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

use std::path::{Path, PathBuf};

pub use model::{detect_lang, is_han, is_kana, Lang, Role, Section, SectionKind, Statement};
pub use parse::{classify_heading, parse_str, read_file, recognise, slug, Format, ParseOptions, MAX_DOCUMENT_BYTES};

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

/// File stems that describe a folder rather than a role (case-insensitive):
/// a corpus keeps its provenance and licence beside the documents.
const NOT_ROLES: &[&str] =
    &["readme", "license", "licence", "notice", "copying", "provenance", "contributing", "changelog"];

/// Lists the documents under `path`: the file itself, or every file of a
/// folder, recursively, sorted, skipping hidden entries and folder
/// descriptions (README, LICENSE, NOTICE …).
///
/// # Errors
/// An I/O error with the path when `path` or a folder under it cannot be read.
pub fn find_documents(path: &Path) -> Result<Vec<PathBuf>, ParseError> {
    let meta = std::fs::metadata(path).map_err(|source| ParseError::Io { path: path.display().to_string(), source })?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|source| ParseError::Io { path: dir.display().to_string(), source })?;
        for entry in entries {
            let entry = entry.map_err(|source| ParseError::Io { path: dir.display().to_string(), source })?;
            let p = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') {
                continue;
            }
            let ft = entry.file_type().map_err(|source| ParseError::Io { path: p.display().to_string(), source })?;
            if ft.is_dir() || (ft.is_symlink() && p.is_dir()) {
                stack.push(p);
            } else {
                let stem = p.file_stem().map(|s| s.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
                if !NOT_ROLES.contains(&stem.as_str()) {
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    Ok(out)
}
