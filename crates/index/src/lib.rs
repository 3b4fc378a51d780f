//! The tantivy index of role documents: schema, writing, opening, reading back.
//!
//! You probably want the `rolesearch` crate instead.
//!
//! # Overview
//! [`RoleIndex`] owns a tantivy index (on disk or in RAM) whose schema holds
//! one document per statement plus one per role. [`RoleIndex::writer`] gives
//! a [`Writer`] that adds and replaces roles; [`add_paths`] parses files and
//! folders in parallel (rayon) and writes them, returning an
//! [`IndexReport`]. This is the only crate that knows the on-disk layout,
//! and it registers the same [`MixedAnalyzer`] for every text field at write
//! and at query time.
//!
//! # Example
//! ```
//! use rolesearch_index::RoleIndex;
//! use rolesearch_doc::{parse_str, ParseOptions};
//!
//! let index = RoleIndex::create_in_ram()?;
//! let roles = parse_str("sre", "# SRE\n\n## Responsibilities\n\n* Own on-call\n", &ParseOptions::default())?;
//! let mut writer = index.writer()?;
//! writer.add_role(&roles[0], "hash")?;
//! writer.commit()?;
//! assert_eq!(index.roles()?.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

mod document;
mod error;
mod ingest;
mod schema;
mod stored;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rolesearch_analysis::MixedAnalyzer;
use rolesearch_doc::{Role, SectionKind};
use tantivy::directory::MmapDirectory;
use tantivy::indexer::UserOperation;
use tantivy::postings::TermInfo;
use tantivy::schema::Term;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher};

use document::IndexDoc;

pub use error::{Error, Result};
pub use ingest::{add_paths, content_hash, AddPathsOptions, IdFrom, IndexReport, Progress, Replacement, RoleChange};
pub use schema::{
    lang_number, meta_facet, section_code, section_of_code, FacetFilter, Facets, Fields, DOC_ROLE, FACETS_FIELD,
    META_FIELD, ORD_FIELD, TEXT_KEY_FIELD, TOKENIZER,
};
pub use stored::{statement_id, text_key, RoleInfo, StoredStatement};

/// Name of the file that marks a folder as a rolesearch index and records
/// its format and analyzer versions.
pub const META_FILE: &str = "rolesearch.json";

/// Roles sent to tantivy's indexing threads in one operation group.
const ROLES_PER_GROUP: usize = 16;

/// Version of the schema; bump it when fields change.
pub const SCHEMA_VERSION: u32 = 10;

/// A role index: a tantivy index plus its reader and field handles.
pub struct RoleIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzer: MixedAnalyzer,
    path: Option<PathBuf>,
    /// What tantivy's `meta.json` looked like when the reader last reloaded.
    seen_meta: std::sync::Mutex<Option<MetaStamp>>,
    /// Each statement's language, for the searcher generation they were read for.
    languages: std::sync::Mutex<Option<(u64, Arc<DocLanguages>)>>,
}

/// The language of every statement of a searcher's segments, one byte a
/// document, read from the facets column once per searcher generation.
/// Ranking keeps the best statements of each language in the same pass
/// over a query's matches, and a column read per match cost more than the
/// pass saved; an array lookup costs nothing it can measure.
///
/// The same pass keeps each statement's section kind and [`text_key`],
/// which ranking reads for every candidate (section weight; collapsing
/// copies): decoding them from bit-packed columns was a tenth of a
/// collapsed Chinese query. Collapsing orders the copies of a text by role
/// id and statement order, so each statement's role (a number in the
/// sorted list of role ids) and order are kept too: comparing role numbers
/// is comparing ids, with no column read, map lookup or string comparison
/// per copy. Eighteen bytes a statement.
#[derive(Debug, Default)]
pub struct DocLanguages {
    counts: [u64; 3],
    /// Distinct texts (by [`text_key`]) of each language.
    texts: [u64; 3],
    segments: Vec<Arc<[u8]>>,
    /// Each document's [`schema::section_code`] (`NONE` for a role).
    sections: Vec<Box<[u8]>>,
    /// Each document's [`text_key`] (0 for a role; empty without the column).
    keys: Vec<Box<[u64]>>,
    /// Every role id in the segments, sorted and distinct.
    role_ids: Vec<String>,
    /// Each document's role: an index into `role_ids` (`NO_ROLE` for none).
    roles: Vec<Box<[u32]>>,
    /// Each statement's order within its role (0 for a role document).
    ords: Vec<Box<[u32]>>,
}

impl DocLanguages {
    /// What the language byte of a document that is not a statement holds.
    const NONE: u8 = u8::MAX;

    /// The role number of a document whose role id the snapshot lacks.
    const NO_ROLE: u32 = u32::MAX;

    /// How many statements each language has (indexed by [`lang_number`];
    /// deleted ones included).
    pub fn counts(&self) -> [u64; 3] {
        self.counts
    }

    /// How many statements each language has per distinct text (1 when no
    /// text repeats; a ladder that repeats its lines in every level has
    /// more): how deep a search must fetch to find n distinct texts.
    pub fn copies(&self) -> [f32; 3] {
        std::array::from_fn(|i| if self.texts[i] == 0 { 1.0 } else { self.counts[i] as f32 / self.texts[i] as f32 })
    }

    /// The [`lang_number`] of statement `doc` of segment `segment`; `None`
    /// for a role document or one the snapshot does not hold.
    pub fn of(&self, segment: u32, doc: u32) -> Option<usize> {
        Self::of_in(self.segments.get(segment as usize)?, doc)
    }

    /// The languages of one segment's documents, for [`DocLanguages::of_in`].
    pub fn segment(&self, segment: u32) -> Arc<[u8]> {
        self.segments.get(segment as usize).cloned().unwrap_or_else(|| Arc::from(Vec::new()))
    }

    /// [`DocLanguages::of`] on a slice from [`DocLanguages::segment`].
    pub fn of_in(segment: &[u8], doc: u32) -> Option<usize> {
        segment.get(doc as usize).copied().filter(|&b| b != Self::NONE).map(usize::from)
    }

    /// The section kind of statement `doc` of segment `segment`; `None`
    /// for a role document or one the snapshot does not hold.
    pub fn section(&self, segment: u32, doc: u32) -> Option<SectionKind> {
        let code = *self.sections.get(segment as usize)?.get(doc as usize)?;
        (code != Self::NONE).then(|| schema::section_of_code(u64::from(code))).flatten()
    }

    /// The [`text_key`] of statement `doc` of segment `segment`; `None` for
    /// a role document or one the snapshot does not hold.
    pub fn text_key(&self, segment: u32, doc: u32) -> Option<u64> {
        self.of(segment, doc)?;
        self.keys.get(segment as usize)?.get(doc as usize).copied()
    }

    /// The role of statement `doc` of segment `segment`, as its rank among
    /// the role ids of the snapshot (so roles compare as their ids do);
    /// `None` for a role document or one the snapshot does not hold.
    pub fn role(&self, segment: u32, doc: u32) -> Option<u32> {
        self.of(segment, doc)?;
        self.roles.get(segment as usize)?.get(doc as usize).copied().filter(|&r| r != Self::NO_ROLE)
    }

    /// How many role ids the snapshot numbers (deleted roles' included).
    pub fn role_count(&self) -> usize {
        self.role_ids.len()
    }

    /// The role id of a role number from [`DocLanguages::role`].
    pub fn role_id(&self, role: u32) -> Option<&str> {
        self.role_ids.get(role as usize).map(String::as_str)
    }

    /// The order of statement `doc` of segment `segment` within its role;
    /// `None` for a role document or one the snapshot does not hold.
    pub fn ord(&self, segment: u32, doc: u32) -> Option<u32> {
        self.of(segment, doc)?;
        self.ords.get(segment as usize)?.get(doc as usize).copied()
    }

    fn read(searcher: &Searcher, role_id: tantivy::schema::Field) -> DocLanguages {
        let (role_ids, role_terms) = Self::role_terms(searcher, role_id);
        let mut out = DocLanguages { role_ids, ..Default::default() };
        // Text keys are hashes already: no need to hash them again.
        let mut texts: [KeySet; 3] = Default::default();
        for (segment, terms) in searcher.segment_readers().iter().zip(&role_terms) {
            let max_doc = segment.max_doc() as usize;
            let mut langs = vec![Self::NONE; max_doc];
            let mut sections = vec![Self::NONE; max_doc];
            let mut ords = vec![0u32; max_doc];
            let fast = segment.fast_fields();
            let column_of_keys = fast.u64(schema::TEXT_KEY_FIELD).ok();
            let mut keys = vec![0u64; if column_of_keys.is_some() { max_doc } else { 0 }];
            if let Ok(column) = fast.u64(schema::FACETS_FIELD) {
                each_value(&column, |doc, facets| {
                    // Role documents carry no section.
                    let Some(facets) = Facets::unpack(facets) else { return };
                    let Some(section) = facets.section else { return };
                    let (doc, lang) = (doc as usize, lang_number(facets.lang));
                    out.counts[lang as usize] += 1;
                    langs[doc] = lang as u8;
                    sections[doc] = schema::section_code(section) as u8;
                });
            }
            // Key and order of statements (the zeros of role documents are not kept).
            if let Some(column) = column_of_keys {
                each_value(&column, |doc, key| {
                    if let Some(&lang) = langs.get(doc as usize).filter(|&&l| l != Self::NONE) {
                        texts[usize::from(lang)].insert(key);
                        keys[doc as usize] = key;
                    }
                });
            }
            if let Ok(column) = fast.u64(schema::ORD_FIELD) {
                each_value(&column, |doc, ord| {
                    if let Some(slot) = ords.get_mut(doc as usize) {
                        *slot = u32::try_from(ord).unwrap_or(u32::MAX);
                    }
                });
            }
            out.roles.push(Self::roles_of(segment, role_id, terms, &out.role_ids));
            out.segments.push(Arc::from(langs));
            out.sections.push(sections.into_boxed_slice());
            out.keys.push(keys.into_boxed_slice());
            out.ords.push(ords.into_boxed_slice());
        }
        out.texts = texts.map(|t| t.len() as u64);
        out
    }

    /// Every role id of the segments, sorted and distinct, and each
    /// segment's role ids with their postings, from one walk of each role id
    /// term dictionary.
    fn role_terms(searcher: &Searcher, role_id: tantivy::schema::Field) -> (Vec<String>, Vec<Vec<(String, TermInfo)>>) {
        let mut per_segment = Vec::new();
        for segment in searcher.segment_readers() {
            let mut terms = Vec::new();
            if let Ok(inverted) = segment.inverted_index(role_id) {
                if let Ok(mut stream) = inverted.terms().stream() {
                    while stream.advance() {
                        if let Ok(id) = std::str::from_utf8(stream.key()) {
                            terms.push((id.to_string(), stream.value().clone()));
                        }
                    }
                }
            }
            per_segment.push(terms);
        }
        let mut ids: Vec<String> = per_segment.iter().flatten().map(|(id, _)| id.clone()).collect();
        ids.sort_unstable();
        ids.dedup();
        (ids, per_segment)
    }

    /// The role number of each of a segment's documents (`ids` numbers the
    /// roles), from the postings of each of its role ids: one walk per role,
    /// not a lookup per document.
    fn roles_of(
        segment: &tantivy::SegmentReader,
        role_id: tantivy::schema::Field,
        terms: &[(String, TermInfo)],
        ids: &[String],
    ) -> Box<[u32]> {
        use tantivy::DocSet;
        let mut roles = vec![Self::NO_ROLE; segment.max_doc() as usize];
        let Ok(inverted) = segment.inverted_index(role_id) else { return roles.into_boxed_slice() };
        for (id, info) in terms {
            let Ok(number) = ids.binary_search(id) else { continue };
            let Ok(mut postings) =
                inverted.read_postings_from_terminfo(info, tantivy::schema::IndexRecordOption::Basic)
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED {
                if let Some(slot) = roles.get_mut(doc as usize) {
                    *slot = number as u32;
                }
                doc = postings.advance();
            }
        }
        roles.into_boxed_slice()
    }
}

/// Calls `f(doc, value)` with the first value of every document of a
/// segment's column that has one, in document order. A dense column (every
/// document has one value: schema 10 writes them so) is decoded in one
/// sweep, where a lookup per document pays the column's dispatch and
/// decoding for each.
fn each_value(column: &tantivy::columnar::Column<u64>, mut f: impl FnMut(u32, u64)) {
    if matches!(column.index, tantivy::columnar::ColumnIndex::Full) {
        let mut all = vec![0u64; column.values.num_vals() as usize];
        column.values.get_range(0, &mut all);
        all.into_iter().enumerate().for_each(|(doc, v)| f(doc as u32, v));
    } else {
        for doc in 0..column.num_docs() {
            if let Some(v) = column.first(doc) {
                f(doc, v);
            }
        }
    }
}

/// Hashes a [`text_key`] (itself a hash) as the identity: sets of such
/// keys are filled per searcher generation and per search, where SipHash
/// showed in profiles.
pub type KeyHasher = std::hash::BuildHasherDefault<IdentityHasher>;

/// A set of [`text_key`]s.
pub type KeySet = HashSet<u64, KeyHasher>;

/// A map from [`text_key`]s.
pub type KeyMap<V> = std::collections::HashMap<u64, V, KeyHasher>;

/// The hasher of [`KeyHasher`]: a `u64` is its own hash.
#[derive(Default, Debug)]
pub struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Identity of a version of tantivy's `meta.json`, which every commit
/// replaces with a new file (a rename), so its inode, length or time changes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MetaStamp {
    modified: Option<std::time::SystemTime>,
    len: u64,
    #[cfg(unix)]
    inode: u64,
}

impl MetaStamp {
    fn of(path: &Path) -> Option<MetaStamp> {
        let m = std::fs::metadata(path.join("meta.json")).ok()?;
        Some(MetaStamp {
            modified: m.modified().ok(),
            len: m.len(),
            #[cfg(unix)]
            inode: std::os::unix::fs::MetadataExt::ino(&m),
        })
    }
}

impl std::fmt::Debug for RoleIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoleIndex").field("path", &self.path).finish_non_exhaustive()
    }
}

/// Document store blocks of 4 KiB instead of tantivy's 16 KiB: a search reads
/// its hits from the store, one block each, and hits of one query lie in
/// different blocks, so a smaller block is less to decompress per hit.
/// Blocks that small are compressed in the indexing thread itself: handing
/// each to tantivy's dedicated compressor thread cost more in wake-ups
/// than compressing it.
fn index_settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings { docstore_blocksize: 4096, docstore_compress_dedicated_thread: false, ..Default::default() }
}

fn meta_json() -> String {
    format!(
        "{{\"schema\": {SCHEMA_VERSION}, \"analyzer\": {}, \"dictionaries\": \"{}\", \"written_by\": \"rolesearch {}\"}}\n",
        rolesearch_analysis::ANALYZER_VERSION,
        rolesearch_analysis::analysis_fingerprint(),
        env!("CARGO_PKG_VERSION")
    )
}

/// The text after `"key":` in the small meta file (read without a JSON parser).
fn meta_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let i = text.find(&format!("\"{key}\""))?;
    Some(text[i + key.len() + 2..].trim_start().strip_prefix(':')?.trim_start())
}

/// Reads `"key": "value"` (no escapes: values are fingerprints) from the meta file.
fn meta_string<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    meta_value(text, key)?.strip_prefix('"')?.split('"').next()
}

/// Reads `"key": number` from the meta file.
fn meta_number(text: &str, key: &str) -> Option<u32> {
    let rest = meta_value(text, key)?;
    rest[..rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len())].parse().ok()
}

impl RoleIndex {
    /// Creates a new index in `path` (created if missing; must be empty).
    ///
    /// Creation is atomic: the index is made in a hidden staging folder
    /// beside `path` and renamed into place, so a process killed meanwhile
    /// leaves no half-made index behind (at worst a stale
    /// `.NAME.rolesearch-staging-PID` folder, removed by the next creation).
    ///
    /// # Errors
    /// [`Error::Io`] when the folder cannot be created, [`Error::Exists`] when
    /// it already holds files.
    pub fn create_in_dir(path: impl AsRef<Path>) -> Result<RoleIndex> {
        let path = path.as_ref();
        if std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_some()) {
            return Err(Error::Exists { path: path.to_path_buf() });
        }
        let staging = staging_dir(path)?;
        RoleIndex::create_at(&staging)?;
        publish(&staging, path, false)?;
        RoleIndex::open(path)
    }

    /// Makes a new, empty index in `path`, which must not exist.
    fn create_at(path: &Path) -> Result<()> {
        std::fs::create_dir_all(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        let (schema, _) = schema::build();
        let dir = MmapDirectory::open(path).map_err(|e| Error::Tantivy {
            context: format!("opening index folder {}", path.display()),
            source: e.into(),
        })?;
        Index::create(dir, schema, index_settings())
            .map_err(|source| Error::Tantivy { context: format!("creating index in {}", path.display()), source })?;
        let meta = path.join(META_FILE);
        std::fs::write(&meta, meta_json()).map_err(|source| Error::Io { path: meta, source })?;
        Ok(())
    }

    /// Builds a new index for `path` in a staging folder, lets `fill` write
    /// it, then puts it in place of whatever `path` held (an old or damaged
    /// index): searchers of `path` see the old index until the new one is
    /// complete, and a kill meanwhile leaves the old one as it was.
    ///
    /// `path` must be missing, empty, or hold a rolesearch or tantivy index;
    /// any other folder is refused rather than deleted.
    ///
    /// # Errors
    /// [`Error::NotAnIndex`] for a folder that is not an index, [`Error::Io`],
    /// or what `fill` returns.
    pub fn rebuild_in_dir<T>(
        path: impl AsRef<Path>,
        fill: impl FnOnce(&RoleIndex) -> Result<T>,
    ) -> Result<(RoleIndex, T)> {
        let path = path.as_ref();
        let is_index = path.join(META_FILE).is_file() || path.join("meta.json").is_file();
        let empty = match std::fs::read_dir(path) {
            Ok(mut entries) => entries.next().is_none(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
            Err(source) => return Err(Error::Io { path: path.to_path_buf(), source }),
        };
        if !is_index && !empty {
            return Err(Error::NotAnIndex { path: path.to_path_buf() });
        }
        let staging = staging_dir(path)?;
        RoleIndex::create_at(&staging)?;
        let filled = match RoleIndex::open(&staging).and_then(|index| fill(&index)) {
            Ok(v) => v,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(e);
            }
        };
        publish(&staging, path, true)?;
        Ok((RoleIndex::open(path)?, filled))
    }

    /// Creates an index in memory (tests, doctests, embedders with their own storage).
    pub fn create_in_ram() -> Result<RoleIndex> {
        let (schema, fields) = schema::build();
        let index = Index::builder()
            .schema(schema)
            .settings(index_settings())
            .create_in_ram()
            .map_err(|source| Error::Tantivy { context: "creating an index in memory".into(), source })?;
        RoleIndex::wrap(index, fields, None)
    }

    /// Opens the index in `path`.
    ///
    /// # Errors
    /// [`Error::NotAnIndex`] when the folder is missing or holds no rolesearch
    /// index, [`Error::IndexVersion`] when it was built by an incompatible
    /// version (rebuild it), [`Error::Tantivy`] when the files are damaged.
    pub fn open(path: impl AsRef<Path>) -> Result<RoleIndex> {
        let path = path.as_ref();
        let meta = path.join(META_FILE);
        let text = match std::fs::read_to_string(&meta) {
            Ok(t) => t,
            Err(_) if path.join("meta.json").is_file() => return Err(Error::Incomplete { path: path.to_path_buf() }),
            Err(_) => return Err(Error::NotAnIndex { path: path.to_path_buf() }),
        };
        let found = (meta_number(&text, "schema").unwrap_or(0), meta_number(&text, "analyzer").unwrap_or(0));
        let expected = (SCHEMA_VERSION, rolesearch_analysis::ANALYZER_VERSION);
        if found != expected {
            return Err(Error::IndexVersion {
                path: path.to_path_buf(),
                found: format!("schema {} / analyzer {}", found.0, found.1),
                expected: format!("schema {} / analyzer {}", expected.0, expected.1),
            });
        }
        // Tokens depend on the dictionaries (user dictionaries, IPADIC or not),
        // so an index is searched only with the dictionaries it was built with.
        let dictionaries = rolesearch_analysis::analysis_fingerprint();
        let built_with = meta_string(&text, "dictionaries").unwrap_or("unrecorded");
        if built_with != dictionaries {
            return Err(Error::IndexVersion {
                path: path.to_path_buf(),
                found: format!("dictionaries \"{built_with}\""),
                expected: format!(
                    "\"{dictionaries}\" (or set the same dictionaries as when it was built: see `rolesearch --help`)"
                ),
            });
        }
        let index = Index::open_in_dir(path)
            .map_err(|source| Error::Tantivy { context: format!("opening index {}", path.display()), source })?;
        let fields = Fields::from_schema(&index.schema()).ok_or_else(|| Error::IndexVersion {
            path: path.to_path_buf(),
            found: "a different field layout".into(),
            expected: format!("schema {SCHEMA_VERSION}"),
        })?;
        RoleIndex::wrap(index, fields, Some(path.to_path_buf()))
    }

    /// Checks every file of the latest commit against the checksum tantivy
    /// wrote with it. Reads the whole index: [`add_paths`] runs it, and a
    /// search that fails or panics runs it to tell damage from a bug.
    ///
    /// # Errors
    /// [`Error::Damaged`] listing the damaged files.
    pub fn verify(&self) -> Result<()> {
        let damaged = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.index.validate_checksum()));
        let files: Vec<String> = match damaged {
            Ok(Ok(set)) => {
                let mut v: Vec<String> = set.iter().map(|p| p.display().to_string()).collect();
                v.sort();
                v
            }
            // The file list itself (meta.json) is unreadable.
            Ok(Err(e)) => vec![format!("meta.json ({e})")],
            Err(_) => vec!["meta.json".into()],
        };
        if files.is_empty() {
            return Ok(());
        }
        Err(Error::Damaged { path: self.path.clone().unwrap_or_default(), files })
    }

    /// Opens the index in `path`, or creates it when the folder is missing or empty.
    ///
    /// # Errors
    /// As [`RoleIndex::open`] and [`RoleIndex::create_in_dir`]; a non-empty
    /// folder that is not an index is [`Error::NotAnIndex`] (never overwritten).
    pub fn open_or_create(path: impl AsRef<Path>) -> Result<RoleIndex> {
        let path = path.as_ref();
        let empty = match std::fs::read_dir(path) {
            Ok(mut entries) => entries.next().is_none(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
            Err(source) => return Err(Error::Io { path: path.to_path_buf(), source }),
        };
        if empty {
            RoleIndex::create_in_dir(path)
        } else {
            RoleIndex::open(path)
        }
    }

    fn wrap(index: Index, fields: Fields, path: Option<PathBuf>) -> Result<RoleIndex> {
        let analyzer = MixedAnalyzer::new();
        index
            .tokenizers()
            .register(TOKENIZER, tantivy::tokenizer::TextAnalyzer::from(document::ReplayTokenizer(analyzer.clone())));
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|source| Error::Tantivy { context: "opening index reader".into(), source })?;
        let seen_meta = std::sync::Mutex::new(path.as_deref().and_then(MetaStamp::of));
        let languages = std::sync::Mutex::new(None);
        Ok(RoleIndex { index, reader, fields, analyzer, path, seen_meta, languages })
    }

    /// The index folder, or `None` for an in-RAM index.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Field handles.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The analyzer registered for text fields (use it to analyse queries).
    pub fn analyzer(&self) -> &MixedAnalyzer {
        &self.analyzer
    }

    /// A searcher on the latest commit: a long-lived handle sees new commits
    /// (of its own writers, and of other handles and processes on disk); one
    /// searcher is one consistent snapshot.
    ///
    /// Reloading tantivy's reader reads its meta file and builds a new
    /// searcher, a tenth of a query's time; so an on-disk index reloads
    /// only when `meta.json` changed (one `stat`), and an in-memory one
    /// when its writer commits.
    pub fn searcher(&self) -> Searcher {
        if let Some(path) = &self.path {
            let now = MetaStamp::of(path);
            let mut seen = self.seen_meta.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if *seen != now {
                *seen = now;
                // A failed reload keeps the previous snapshot, which is still consistent.
                let _ = self.reader.reload();
            }
        }
        self.reader.searcher()
    }

    /// The language of each statement in `searcher`'s segments, read once
    /// per searcher generation and then shared by every search on it.
    pub fn doc_languages(&self, searcher: &Searcher) -> Arc<DocLanguages> {
        let generation = searcher.generation().generation_id();
        let mut cached = self.languages.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((g, langs)) = cached.as_ref() {
            if *g == generation {
                return Arc::clone(langs);
            }
        }
        let langs = Arc::new(DocLanguages::read(searcher, self.fields.role_id));
        *cached = Some((generation, Arc::clone(&langs)));
        langs
    }

    /// A writer. Only one writer may be open on an index at a time.
    ///
    /// # Errors
    /// [`Error::Locked`] when another writer (in this or another process) holds the index.
    pub fn writer(&self) -> Result<Writer> {
        let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).clamp(1, 4);
        let writer: IndexWriter<IndexDoc> =
            self.index.writer_with_num_threads(threads, threads * 40_000_000).map_err(|source| match source {
                tantivy::TantivyError::LockFailure(_, detail) => Error::Locked {
                    path: self.path.clone().unwrap_or_default(),
                    detail: detail.unwrap_or_else(|| "another writer is open".into()),
                },
                source => Error::Tantivy { context: "opening index writer".into(), source },
            })?;
        // With the lock held, nobody else commits: the latest commit, read
        // now, tells which role ids exist until this writer commits.
        self.reader
            .reload()
            .map_err(|source| Error::Tantivy { context: "reading the latest commit".into(), source })?;
        Ok(Writer {
            writer,
            fields: self.fields.clone(),
            analyzer: self.analyzer.clone(),
            committed: self.reader.searcher(),
            reader: self.reader.clone(),
            written: HashSet::new(),
        })
    }
}

/// A new hidden folder beside `path` to build an index in, after removing
/// staging folders that killed runs left for the same path.
fn staging_dir(path: &Path) -> Result<PathBuf> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "index".into());
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|source| Error::Io { path: parent.clone(), source })?;
    let prefix = format!(".{name}.rolesearch-staging-");
    if let Ok(entries) = std::fs::read_dir(&parent) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            let pid =
                n.strip_prefix(&prefix).and_then(|rest| rest.split('-').next()).and_then(|p| p.parse::<u32>().ok());
            if pid.is_some_and(|pid| pid != std::process::id() && !process_alive(pid)) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Ok(parent.join(format!("{prefix}{}-{n}", std::process::id())))
}

/// Whether a process with this id runs (on Linux; elsewhere: assume it does,
/// which only leaves a stale staging folder in place).
fn process_alive(pid: u32) -> bool {
    !Path::new("/proc/self").exists() || Path::new(&format!("/proc/{pid}")).exists()
}

/// Moves the finished index in `staging` to `path`. `replace` swaps out an
/// existing index: it is renamed aside first, then removed.
fn publish(staging: &Path, path: &Path, replace: bool) -> Result<()> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Io { path: p, source }
    };
    let mut aside = None;
    if std::fs::symlink_metadata(path).is_ok() {
        let empty = std::fs::read_dir(path).map_err(io(path))?.next().is_none();
        if empty {
            std::fs::remove_dir(path).map_err(io(path))?;
        } else if replace {
            let mut old = staging.as_os_str().to_owned();
            old.push(".old");
            let old = PathBuf::from(old);
            std::fs::rename(path, &old).map_err(io(path))?;
            aside = Some(old);
        } else {
            let _ = std::fs::remove_dir_all(staging);
            return Err(Error::Exists { path: path.to_path_buf() });
        }
    }
    if let Err(source) = std::fs::rename(staging, path) {
        // Put the old index back; the new one stays in staging for a look.
        if let Some(old) = &aside {
            let _ = std::fs::rename(old, path);
        }
        return Err(Error::Io { path: path.to_path_buf(), source });
    }
    if let Some(old) = aside {
        let _ = std::fs::remove_dir_all(old);
    }
    Ok(())
}

/// Adds, replaces and removes roles. Nothing is visible to searchers, and
/// nothing is durable, until [`Writer::commit`].
pub struct Writer {
    writer: IndexWriter<IndexDoc>,
    fields: Fields,
    analyzer: MixedAnalyzer,
    /// The reader of the index this writer came from, reloaded on commit.
    reader: IndexReader,
    /// The latest commit, as of opening or this writer's last commit.
    committed: Searcher,
    /// Ids of the roles added since then.
    written: HashSet<String>,
}

impl Writer {
    /// Adds roles (with the content hash each came from), replacing roles with
    /// the same ids. Analysis and concept annotation run in tantivy's
    /// indexing threads, in parallel (see the `document` module).
    ///
    /// # Errors
    /// [`Error::Tantivy`] when tantivy refuses the documents.
    pub fn add_roles(&mut self, roles: &[(&Role, &str)]) -> Result<()> {
        // Roles travel to tantivy's indexing threads in groups of
        // `ROLES_PER_GROUP`: one channel send (and thread wake-up) per group
        // rather than per role, and groups enough to keep every thread busy.
        for group in roles.chunks(ROLES_PER_GROUP) {
            let mut ops = Vec::new();
            for (role, hash) in group {
                self.push_role(&mut ops, role, hash);
            }
            self.writer.run(ops).map_err(|source| Error::Tantivy {
                context: format!("adding roles {:?}…", group.first().map(|(r, _)| r.id.as_str()).unwrap_or("")),
                source,
            })?;
        }
        Ok(())
    }

    /// Adds `role`, replacing any role with the same id. `hash` identifies
    /// the content it came from, so unchanged files can be skipped later.
    ///
    /// # Errors
    /// [`Error::Tantivy`] when tantivy refuses the documents.
    pub fn add_role(&mut self, role: &Role, hash: &str) -> Result<()> {
        let mut ops = Vec::new();
        self.push_role(&mut ops, role, hash);
        self.writer
            .run(ops)
            .map_err(|source| Error::Tantivy { context: format!("adding role {:?}", role.id), source })?;
        Ok(())
    }

    /// The operations that replace a role: within one group, the delete and
    /// the adds get consecutive opstamps, so the delete removes only older
    /// documents with the id, never the ones added after it.
    ///
    /// A role that is neither in the latest commit nor written since gets
    /// no delete: every delete is checked against every segment when
    /// tantivy closes it, which cost about 5% of building an index anew.
    fn push_role(&mut self, ops: &mut Vec<UserOperation<IndexDoc>>, role: &Role, hash: &str) {
        let id = Term::from_field_text(self.fields.role_id, &role.id);
        let known = self.written.contains(&role.id) || self.committed.doc_freq(&id).map_or(true, |n| n > 0);
        if known {
            ops.push(UserOperation::Delete(id));
        } else {
            self.written.insert(role.id.clone());
        }
        ops.extend(schema::documents(&self.fields, &self.analyzer, role, hash).into_iter().map(UserOperation::Add));
    }

    /// Removes the role with this id (no-op when absent).
    pub fn remove_role(&mut self, id: &str) {
        self.writer.delete_term(Term::from_field_text(self.fields.role_id, id));
    }

    /// Makes everything written so far durable and visible, atomically.
    ///
    /// # Errors
    /// [`Error::Tantivy`] when the commit fails; the index keeps its previous commit.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit().map_err(|source| Error::Tantivy { context: "committing".into(), source })?;
        // The commit is durable; a failed reload only delays its visibility
        // to this index's handle (an on-disk index reloads on its next search).
        // (If the reload fails, the ids written stay remembered, so a role
        // written again is still replaced.)
        if self.reader.reload().is_ok() {
            self.committed = self.reader.searcher();
            self.written.clear();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(id: &str, bullet: &str) -> Role {
        let text = format!("# Role {id}\n\n## Responsibilities\n\n* {bullet}\n");
        rolesearch_doc::parse_str(id, &text, &Default::default()).unwrap().remove(0)
    }

    /// The texts of the statements of every role, by role id.
    fn contents(index: &RoleIndex) -> Vec<(String, Vec<String>)> {
        let searcher = index.searcher();
        let roles = index.roles_in(&searcher).unwrap();
        roles
            .into_iter()
            .map(|r| {
                let texts = index.statements_of(&searcher, &r.id).unwrap().into_iter().map(|s| s.text).collect();
                (r.id, texts)
            })
            .collect()
    }

    fn only(id: &str, text: &str) -> Vec<(String, Vec<String>)> {
        vec![(id.to_string(), vec![text.to_string()])]
    }

    #[test]
    fn doc_languages_count_statements_not_roles_and_follow_commits() {
        let index = RoleIndex::create_in_ram().unwrap();
        assert_eq!(index.doc_languages(&index.searcher()).counts(), [0, 0, 0]);
        let mut w = index.writer().unwrap();
        w.add_roles(&[(&role("en", "Plan budgets"), "1"), (&role("zh", "负责制定团队的年度预算"), "2")]).unwrap();
        w.commit().unwrap();
        assert_eq!(index.doc_languages(&index.searcher()).counts(), [1, 1, 0]);
        w.add_role(&role("ja", "チームの予算を計画する"), "3").unwrap();
        w.commit().unwrap();
        assert_eq!(index.doc_languages(&index.searcher()).counts(), [1, 1, 1], "a new generation is counted again");
        // Each statement's own language; role documents have none.
        let searcher = index.searcher();
        let langs = index.doc_languages(&searcher);
        let mut seen = Vec::new();
        for (seg, reader) in searcher.segment_readers().iter().enumerate() {
            for doc in 0..reader.max_doc() {
                let of = langs.of(seg as u32, doc);
                assert_eq!(of, DocLanguages::of_in(&langs.segment(seg as u32), doc));
                seen.extend(of);
                // Section and text key come with the language, from the same columns.
                let section = langs.section(seg as u32, doc);
                let key = langs.text_key(seg as u32, doc);
                if of.is_some() {
                    let column = reader.fast_fields().u64(schema::TEXT_KEY_FIELD).unwrap();
                    assert_eq!(key, column.first(doc));
                    assert_eq!(section, Some(SectionKind::Responsibilities));
                } else {
                    assert_eq!((section, key), (None, None));
                }
            }
        }
        seen.sort_unstable();
        assert_eq!(seen, [0, 1, 2], "one statement in each language, and nothing for the three role documents");
        assert_eq!(langs.of(99, 0), None);
    }

    #[test]
    fn snapshot_numbers_roles_in_id_order_and_keeps_statement_order() {
        let index = RoleIndex::create_in_ram().unwrap();
        let doc = |id: &str, bullets: &[&str]| {
            let list: String = bullets.iter().map(|b| format!("* {b}\n")).collect();
            let text = format!("# Role {id}\n\n## Responsibilities\n\n{list}");
            rolesearch_doc::parse_str(id, &text, &Default::default()).unwrap().remove(0)
        };
        let mut w = index.writer().unwrap();
        // Two commits, so two segments, neither in id order.
        w.add_roles(&[
            (&doc("zeta", &["Plan budgets", "Hire engineers"]), "1"),
            (&doc("alpha", &["Run reviews"]), "2"),
        ])
        .unwrap();
        w.commit().unwrap();
        w.add_role(&doc("mid", &["Write plans", "Mentor staff", "负责制定团队的年度预算"]), "3").unwrap();
        w.commit().unwrap();
        let searcher = index.searcher();
        let snap = index.doc_languages(&searcher);
        assert_eq!(snap.role_count(), 3);
        let mut seen: Vec<(u32, String, u32, String)> = Vec::new();
        for (seg, reader) in searcher.segment_readers().iter().enumerate() {
            for d in 0..reader.max_doc() {
                let (role, ord) = (snap.role(seg as u32, d), snap.ord(seg as u32, d));
                if snap.of(seg as u32, d).is_none() {
                    assert_eq!((role, ord), (None, None), "a role document has neither");
                    continue;
                }
                // What the stored statement says.
                let stored: tantivy::TantivyDocument = searcher.doc(tantivy::DocAddress::new(seg as u32, d)).unwrap();
                let st = StoredStatement::from_doc(index.fields(), &stored);
                let role = role.expect("a statement has a role");
                assert_eq!(snap.role_id(role), Some(st.role_id.as_str()));
                assert_eq!(u64::from(ord.unwrap()), st.ord);
                seen.push((role, st.role_id, ord.unwrap(), st.text));
            }
        }
        // Role numbers order statements as role ids do.
        seen.sort();
        let order: Vec<(&str, u32)> = seen.iter().map(|s| (s.1.as_str(), s.2)).collect();
        assert_eq!(order, [("alpha", 0), ("mid", 0), ("mid", 1), ("mid", 2), ("zeta", 0), ("zeta", 1)]);
        assert_eq!(snap.role_id(99), None);
    }

    #[test]
    fn copies_count_statements_per_distinct_folded_text_of_each_language() {
        let index = RoleIndex::create_in_ram().unwrap();
        assert_eq!(index.doc_languages(&index.searcher()).copies(), [1.0, 1.0, 1.0], "an empty index");
        let mut w = index.writer().unwrap();
        let roles = [
            role("a", "Plan budgets"),
            role("b", "Plan budgets"),
            role("c", "PLAN  budgets."),
            role("d", "Hire engineers"),
            role("e", "负责制定团队的年度预算"),
        ];
        let batch: Vec<_> = roles.iter().map(|r| (r, "h")).collect();
        w.add_roles(&batch).unwrap();
        w.commit().unwrap();
        // Four English statements, two texts once case and punctuation are folded.
        assert_eq!(index.doc_languages(&index.searcher()).copies(), [2.0, 1.0, 1.0]);
    }

    #[test]
    fn a_role_written_again_replaces_it_in_one_batch_across_commits_and_writers() {
        let index = RoleIndex::create_in_ram().unwrap();
        let mut w = index.writer().unwrap();
        let (a, b) = (role("x", "Plan budgets"), role("x", "Hire engineers"));
        w.add_roles(&[(&a, "1"), (&b, "2")]).unwrap();
        w.commit().unwrap();
        assert_eq!(contents(&index), only("x", "Hire engineers"));

        // Written twice before a commit, with single adds.
        w.add_role(&role("x", "Run on-call"), "3").unwrap();
        w.add_role(&role("x", "Write reports"), "4").unwrap();
        w.commit().unwrap();
        assert_eq!(contents(&index), only("x", "Write reports"));
        drop(w);

        // A new writer knows the committed role.
        let mut w = index.writer().unwrap();
        w.add_role(&role("x", "Mentor juniors"), "5").unwrap();
        w.commit().unwrap();
        assert_eq!(contents(&index), only("x", "Mentor juniors"));

        // Removed, then written again in the same batch.
        w.remove_role("x");
        w.add_role(&role("x", "Review designs"), "6").unwrap();
        w.commit().unwrap();
        assert_eq!(contents(&index), only("x", "Review designs"));
    }

    #[test]
    fn a_writer_replaces_roles_another_handle_committed() {
        let dir = std::env::temp_dir().join(format!("rolesearch-writer-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let first = RoleIndex::create_in_dir(&dir).unwrap();
        let second = RoleIndex::open(&dir).unwrap();
        let mut w = second.writer().unwrap();
        w.add_role(&role("y", "Plan budgets"), "1").unwrap();
        w.commit().unwrap();
        drop(w);
        // `first` has not searched since: its writer must still see "y".
        let mut w = first.writer().unwrap();
        w.add_role(&role("y", "Hire engineers"), "2").unwrap();
        w.commit().unwrap();
        drop(w);
        assert_eq!(contents(&first), only("y", "Hire engineers"));
        assert_eq!(contents(&second), only("y", "Hire engineers"));
        drop((first, second));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
