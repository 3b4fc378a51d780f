//! Reading roles and statements back from the index.

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Term, Value};
use tantivy::{Searcher, TantivyDocument};

use crate::schema::{Facets, Fields, DOC_ROLE};
use crate::{Error, Result, RoleIndex};

/// What the index holds about a role.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RoleInfo {
    /// Role id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Main language.
    pub lang: rolesearch_doc::Lang,
    /// Organisation, when known.
    pub organization: Option<String>,
    /// Source path or label.
    pub source: String,
    /// Id of the document the role came from: the role id, or `stem` of `stem/level-slug`.
    pub document: String,
    /// Content hash of the source.
    pub hash: String,
    /// Number of statements.
    pub statements: u64,
    /// The role's metadata (company, location, … from front matter or the caller).
    pub metadata: rolesearch_doc::Metadata,
}

/// A statement's stable id: `role_id:` and 12 hex digits of a hash of its
/// folded text ([`rolesearch_doc::fold`]). It depends on the statement's
/// content, not its position, so judgments (TREC qrels) written against it
/// survive edits elsewhere in the document, re-indexing, and reordering.
/// The same text in two roles gets two ids; the same text twice in one
/// role is one statement.
pub fn statement_id(role_id: &str, text: &str) -> String {
    let hash = blake3::hash(rolesearch_doc::fold(text).as_bytes()).to_hex();
    format!("{role_id}:{}", &hash[..12])
}

/// A number for a statement's folded text ([`rolesearch_doc::fold`]):
/// copies of a text share it, and search collapses them into one hit by it.
/// 64-bit FNV-1a over the folded characters, computed as they are folded
/// (no string, no cryptographic hash: it runs for every statement indexed).
pub fn text_key(text: &str) -> u64 {
    let mut h = FNV_OFFSET;
    rolesearch_doc::fold_each(text, |c| {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    });
    h
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// One statement as stored in the index.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredStatement {
    /// Stable, content-based id ([`statement_id`]).
    pub id: String,
    /// Role id.
    pub role_id: String,
    /// Role title.
    pub role_title: String,
    /// Section kind name.
    pub section: String,
    /// Section heading.
    pub heading: String,
    /// Statement text.
    pub text: String,
    /// Statement language code.
    pub lang: String,
    /// Order within the role.
    pub ord: u64,
    /// Order of the parent statement, for nested bullets.
    pub parent: Option<u64>,
    /// Concept ids annotated at index time.
    pub concepts: Vec<String>,
    /// The metadata of the statement's role (not serialised: the role's
    /// own [`RoleInfo::metadata`] says it once).
    #[serde(skip)]
    pub metadata: rolesearch_doc::Metadata,
}

fn text_of(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field).and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn facets_of(doc: &TantivyDocument, f: &Fields) -> Option<Facets> {
    doc.get_first(f.facets).and_then(|v| v.as_u64()).and_then(Facets::unpack)
}

/// The metadata stored as `/key/value` facets in [`Fields::meta`].
fn metadata_of(doc: &TantivyDocument, f: &Fields) -> rolesearch_doc::Metadata {
    let mut out = rolesearch_doc::Metadata::new();
    for v in doc.get_all(f.meta) {
        if let Some(encoded) = v.as_facet() {
            let facet = tantivy::schema::Facet::from_encoded(encoded.as_bytes().to_vec()).ok();
            if let Some([key, value]) = facet.as_ref().map(|x| x.to_path()).as_deref() {
                out.entry(key.to_string()).or_default().push(value.to_string());
            }
        }
    }
    out
}

fn u64_of(doc: &TantivyDocument, field: Field) -> u64 {
    doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0)
}

impl StoredStatement {
    /// The statement's language (English when the stored code is unknown);
    /// analysis of its text needs it to tell Japanese from Chinese.
    pub fn language(&self) -> rolesearch_doc::Lang {
        rolesearch_doc::Lang::from_code(&self.lang).unwrap_or(rolesearch_doc::Lang::En)
    }

    /// Reads a statement document.
    pub fn from_doc(f: &Fields, doc: &TantivyDocument) -> StoredStatement {
        let parent = u64_of(doc, f.parent);
        let facets = facets_of(doc, f);
        let (role_id, text) = (text_of(doc, f.role_id), text_of(doc, f.text));
        StoredStatement {
            id: statement_id(&role_id, &text),
            role_id,
            role_title: text_of(doc, f.role_title),
            section: facets.and_then(|x| x.section).map(|k| k.name().to_string()).unwrap_or_default(),
            heading: text_of(doc, f.heading),
            text,
            lang: facets.map(|x| x.lang.code().to_string()).unwrap_or_default(),
            ord: u64_of(doc, f.ord),
            parent: parent.checked_sub(1),
            concepts: doc
                .get_all(f.concepts)
                .filter_map(|v| v.as_str())
                .flat_map(str::split_whitespace)
                .map(str::to_string)
                .collect(),
            metadata: metadata_of(doc, f),
        }
    }
}

impl RoleInfo {
    fn from_doc(f: &Fields, doc: &TantivyDocument) -> RoleInfo {
        let org = text_of(doc, f.organization);
        RoleInfo {
            id: text_of(doc, f.role_id),
            title: text_of(doc, f.title),
            lang: facets_of(doc, f).map_or(rolesearch_doc::Lang::En, |x| x.role_lang),
            organization: (!org.is_empty()).then_some(org),
            source: text_of(doc, f.source),
            document: text_of(doc, f.document),
            hash: text_of(doc, f.hash),
            statements: u64_of(doc, f.statements),
            metadata: metadata_of(doc, f),
        }
    }
}

fn term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
}

fn all_docs(searcher: &Searcher, query: &dyn Query) -> Result<Vec<TantivyDocument>> {
    let addrs = searcher
        .search(query, &DocSetCollector)
        .map_err(|source| Error::Tantivy { context: "listing documents".into(), source })?;
    let mut docs = Vec::with_capacity(addrs.len());
    for addr in addrs {
        docs.push(
            searcher
                .doc(addr)
                .map_err(|source| Error::Tantivy { context: "reading a stored document".into(), source })?,
        );
    }
    Ok(docs)
}

impl RoleIndex {
    /// Every role in the index, sorted by id.
    ///
    /// # Errors
    /// [`Error::Tantivy`] when the index cannot be read.
    pub fn roles(&self) -> Result<Vec<RoleInfo>> {
        self.roles_in(&self.searcher())
    }

    /// Every role visible to `searcher`, sorted by id.
    ///
    /// # Errors
    /// [`Error::Tantivy`] when the index cannot be read.
    pub fn roles_in(&self, searcher: &Searcher) -> Result<Vec<RoleInfo>> {
        let f = self.fields();
        let docs = all_docs(searcher, term(f.doc_type, DOC_ROLE).as_ref())?;
        let mut roles: Vec<RoleInfo> = docs.iter().map(|d| RoleInfo::from_doc(f, d)).collect();
        roles.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(roles)
    }

    /// The statements of role `id` in document order (empty when unknown).
    ///
    /// # Errors
    /// [`Error::Tantivy`] when the index cannot be read.
    pub fn statements_of(&self, searcher: &Searcher, id: &str) -> Result<Vec<StoredStatement>> {
        let f = self.fields();
        // Statement documents are the role's documents that are not its role document.
        let q =
            BooleanQuery::new(vec![(Occur::Must, term(f.role_id, id)), (Occur::MustNot, term(f.doc_type, DOC_ROLE))]);
        let docs = all_docs(searcher, &q)?;
        let mut st: Vec<StoredStatement> = docs.iter().map(|d| StoredStatement::from_doc(f, d)).collect();
        st.sort_by_key(|s| s.ord);
        Ok(st)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_share_a_text_key_and_other_texts_do_not() {
        assert_eq!(text_key("Writes clear incident postmortems"), text_key("writes clear incident postmortems."));
        assert_eq!(text_key("负责 代码审查。"), text_key("负责代码审查"));
        assert_eq!(text_key("ＡＰＩ design"), text_key("API design"), "NFKC folds full-width letters");
        assert_ne!(text_key("Writes clear incident postmortems"), text_key("Writes clear incident reviews"));
    }
}
