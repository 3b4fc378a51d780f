//! The documents rolesearch hands tantivy, and the tokenizer that indexes
//! their text from the tokens analysis already made.
//!
//! # Why not `TantivyDocument` with a `PreTokenizedString`
//! Text must be analysed once and its tokens used twice: for the concept ids
//! of the `concepts` field and for the postings of the text field. tantivy
//! 0.27 keeps a pre-tokenized value inside its `TantivyDocument` by writing
//! it out as JSON and parsing it back, then clones it again to index it;
//! that, with copying every stored string into the document, was a large
//! share of indexing time (and analysis ran in a separate rayon phase, not
//! overlapped with tantivy's own threads).
//!
//! # How instead
//! [`IndexDoc`] is our own implementation of tantivy's `Document`. What the
//! documents of a role share (id, title, headings) is held once per role
//! behind an `Arc`, and a document's text is
//! analysed lazily, in tantivy's indexing thread, the first time tantivy
//! walks its fields (tantivy's inverted-index writer walks them all before
//! it tokenizes any). That analysis gives the concept ids, which the
//! document yields as values of the `concepts` field, and the tokens, which
//! every walk over its fields leaves in a one-entry slot of the walking
//! thread (so they are where tantivy tokenizes, whichever thread walked the
//! document first). A moment later
//! tantivy asks the tokenizer registered for the field ([`ReplayTokenizer`])
//! to tokenize that same text; it takes the tokens from the slot instead of
//! analysing again. So every statement is analysed once, in parallel, and
//! its tokens are copied once, into the one `Token` tantivy reads.
//!
//! The slot holds an `Arc` of the text it belongs to, so a text with the
//! same address and length is the same allocation, hence the same text of
//! the same document (the address cannot be reused while the slot keeps it
//! alive). Any other text is analysed by the tokenizer itself (without its
//! document's language: Han-only Japanese would then be read as Chinese);
//! that happens only if tantivy ever tokenizes a document it has not walked
//! just before in the same thread, which tantivy 0.27 does not do.

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use rolesearch_analysis::{Lexicon, MixedAnalyzer, MixedTokenStream, TokenList};
use rolesearch_doc::Lang;
use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf};
use tantivy::schema::{Document, Field, Value};
use tantivy::tokenizer::Tokenizer;

use crate::schema::{Fields, DOC_ROLE};

/// Texts the tokenizer had to analyse itself (tests check indexing never does).
#[cfg(test)]
static FALLBACKS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

thread_local! {
    /// Tokens of the text this thread analysed last, until its tokenizer takes them.
    static PENDING: RefCell<Option<(Arc<str>, Arc<TokenList>)>> = const { RefCell::new(None) };
}

/// A value of one of our documents' fields, as tantivy reads it (a text or
/// a number: cheaper to hand out than tantivy's own leaf type, which tantivy
/// asks for once per value per writer).
#[derive(Debug, Clone, Copy)]
pub enum Val<'a> {
    /// A text.
    Str(&'a str),
    /// A number.
    U64(u64),
    /// A facet, in tantivy's encoded form ([`tantivy::schema::Facet::encoded_str`]).
    Facet(&'a str),
}

impl<'a> Value<'a> for Val<'a> {
    type ArrayIter = std::iter::Empty<Self>;
    type ObjectIter = std::iter::Empty<(&'a str, Self)>;

    #[inline]
    fn as_value(&self) -> ReferenceValue<'a, Self> {
        ReferenceValue::Leaf(match *self {
            Val::Str(s) => ReferenceValueLeaf::Str(s),
            Val::U64(n) => ReferenceValueLeaf::U64(n),
            Val::Facet(f) => ReferenceValueLeaf::Facet(f),
        })
    }
}

/// What the documents of one role share, made once per role: a document
/// holds one pointer to it, not its own copies (or reference counts) of the
/// role's id, title and headings, and stays small to move through
/// tantivy's channels.
#[derive(Debug)]
pub(crate) struct RoleShared {
    pub fields: Fields,
    pub analyzer: MixedAnalyzer,
    pub id: String,
    pub title: String,
    pub source: String,
    /// Id of the document the role came from.
    pub document: String,
    pub hash: String,
    pub organization: Option<String>,
    /// Number of statements.
    pub statements: u64,
    /// Facets of the role document.
    pub facets: u64,
    /// Section headings, by section index.
    pub headings: Vec<String>,
    /// The role's metadata as facets, on all its documents.
    pub meta: Vec<tantivy::schema::Facet>,
}

/// Which of a role's documents.
#[derive(Debug)]
pub(crate) enum DocKind {
    /// The role document (its analysed text is the title).
    Role,
    /// A statement: its section index, packed facets, order in the role, and
    /// 1 + its parent's order.
    Statement { section: usize, facets: u64, ord: u64, parent: Option<u64> },
}

/// Text analysed on first use (see the module docs).
#[derive(Debug)]
pub(crate) struct Analysed {
    pub text: Arc<str>,
    /// Language of the document: decides whether Han-only text is Japanese.
    pub lang: Lang,
    /// Concept ids (separated by spaces: one value, which tantivy's
    /// whitespace tokenizer splits, costs less than one value per id) and
    /// tokens, computed on first use.
    pub analysis: OnceLock<(String, Arc<TokenList>)>,
    /// [`crate::text_key`] of the text, computed on first use.
    pub key: OnceLock<u64>,
}

impl Analysed {
    pub(crate) fn new(text: Arc<str>, lang: Lang) -> Analysed {
        Analysed { text, lang, analysis: OnceLock::new(), key: OnceLock::new() }
    }

    /// Analyses the text (once) and leaves its tokens in this thread's slot
    /// for [`ReplayTokenizer`]: on every walk over the fields, so the tokens
    /// are in the slot of whichever thread walks them before tokenizing.
    fn concept_ids(&self, analyzer: &MixedAnalyzer) -> &str {
        let (ids, tokens) = self.analysis.get_or_init(|| {
            let tokens = analyzer.tokens_in(&self.text, self.lang);
            (Lexicon::shared().concept_ids_joined(&tokens), Arc::new(tokens))
        });
        PENDING.with(|slot| {
            let mut slot = slot.borrow_mut();
            // Already there from this walk's predecessor: no reference counts to touch.
            if !slot.as_ref().is_some_and(|(text, _)| Arc::ptr_eq(text, &self.text)) {
                *slot = Some((Arc::clone(&self.text), Arc::clone(tokens)));
            }
        });
        ids
    }
}

/// One tantivy document: a role's or a statement's.
#[derive(Debug)]
pub struct IndexDoc {
    pub(crate) role: Arc<RoleShared>,
    pub(crate) kind: DocKind,
    pub(crate) analysed: Analysed,
}

/// Most values a document has (a role document has up to ten), with room to spare.
const MAX_VALUES: usize = 13;

/// The fields and values of an [`IndexDoc`]: listed inline, then the
/// role's metadata facets.
pub type DocFields<'a> = std::iter::Chain<arrayvec::IntoIter<(Field, Val<'a>), MAX_VALUES>, MetaValues<'a>>;

/// The metadata facets of a document, as field values.
#[derive(Debug)]
pub struct MetaValues<'a> {
    field: Field,
    facets: std::slice::Iter<'a, tantivy::schema::Facet>,
}

impl<'a> Iterator for MetaValues<'a> {
    type Item = (Field, Val<'a>);

    fn next(&mut self) -> Option<(Field, Val<'a>)> {
        self.facets.next().map(|f| (self.field, Val::Facet(f.encoded_str())))
    }
}

impl Document for IndexDoc {
    type Value<'a> = Val<'a>;
    type FieldsValuesIter<'a> = DocFields<'a>;

    fn iter_fields_and_values(&self) -> DocFields<'_> {
        let r = &*self.role;
        let f = &r.fields;
        let mut out = arrayvec::ArrayVec::<(Field, Val<'_>), MAX_VALUES>::new();
        let concepts = self.analysed.concept_ids(&r.analyzer);
        let text = match self.kind {
            DocKind::Role => {
                out.push((f.doc_type, Val::Str(DOC_ROLE)));
                out.push((f.role_id, Val::Str(&r.id)));
                out.push((f.facets, Val::U64(r.facets)));
                out.push((f.source, Val::Str(&r.source)));
                out.push((f.document, Val::Str(&r.document)));
                out.push((f.hash, Val::Str(&r.hash)));
                out.push((f.statements, Val::U64(r.statements)));
                // A text key and an order on every document (0 here), so
                // both columns are dense: the statement snapshot decodes
                // them in one sweep, where walking an optional column's
                // index cost more than decoding its values.
                out.push((f.text_key, Val::U64(0)));
                out.push((f.ord, Val::U64(0)));
                if let Some(org) = &r.organization {
                    out.push((f.organization, Val::Str(org)));
                }
                f.title
            }
            DocKind::Statement { section, facets, ord, parent } => {
                out.push((f.role_id, Val::Str(&r.id)));
                // In tantivy's indexing thread, once (the fields are walked thrice).
                out.push((
                    f.text_key,
                    Val::U64(*self.analysed.key.get_or_init(|| crate::text_key(&self.analysed.text))),
                ));
                out.push((f.role_title, Val::Str(&r.title)));
                out.push((f.facets, Val::U64(facets)));
                out.push((f.ord, Val::U64(ord)));
                // Absent values read back as "" and no parent: not stored.
                if let Some(heading) = r.headings.get(section).filter(|h| !h.is_empty()) {
                    out.push((f.heading, Val::Str(heading)));
                }
                if let Some(parent) = parent {
                    out.push((f.parent, Val::U64(parent)));
                }
                f.text
            }
        };
        out.push((text, Val::Str(&self.analysed.text)));
        if !concepts.is_empty() {
            out.push((f.concepts, Val::Str(concepts)));
        }
        out.into_iter().chain(MetaValues { field: f.meta, facets: r.meta.iter() })
    }
}

/// The tokenizer registered for analysed fields: replays the tokens the
/// document's own analysis left (see the module docs), else analyses.
#[derive(Clone)]
pub(crate) struct ReplayTokenizer(pub MixedAnalyzer);

impl Tokenizer for ReplayTokenizer {
    type TokenStream<'a> = MixedTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MixedTokenStream {
        let replayed = PENDING.with(|slot| {
            let mut slot = slot.borrow_mut();
            match slot.take() {
                Some((t, tokens)) if std::ptr::eq(t.as_ptr(), text.as_ptr()) && t.len() == text.len() => Some(tokens),
                other => {
                    *slot = other;
                    None
                }
            }
        });
        let tokens = replayed.unwrap_or_else(|| {
            #[cfg(test)]
            FALLBACKS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Arc::new(self.0.tokens(text))
        });
        MixedTokenStream::shared(tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use tantivy::tokenizer::TokenStream;

    fn texts(mut stream: MixedTokenStream) -> Vec<String> {
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn replays_the_documents_own_analysis_and_analyses_anything_else() {
        let analyzer = MixedAnalyzer::new();
        let (_, fields) = crate::schema::build();
        let role =
            rolesearch_doc::parse_str("r", "# R\n\n* Hiring engineers\n", &Default::default()).unwrap().remove(0);
        let docs = crate::schema::documents(&fields, &analyzer, &role, "h");
        let doc = &docs[1];
        let text = Arc::clone(&doc.analysed.text);
        let values: Vec<_> = doc.iter_fields_and_values().map(|(f, v)| (f, v.as_str().map(str::to_string))).collect();
        assert!(values.contains(&(fields.text, Some("Hiring engineers".to_string()))), "{values:?}");
        assert!(values.contains(&(fields.concepts, Some("hiring".to_string()))), "{values:?}");
        let mut tokenizer = ReplayTokenizer(analyzer);
        // An equal text elsewhere in memory is analysed, and leaves the slot alone.
        let copy = String::from("Hiring engineers");
        assert_eq!(texts(tokenizer.token_stream(&copy)), ["hire", "engin"]);
        assert!(PENDING.with(|s| s.borrow().is_some()));
        // The document's own text takes its tokens from the slot.
        assert_eq!(texts(tokenizer.token_stream(&text)), ["hire", "engin"]);
        assert!(PENDING.with(|s| s.borrow().is_none()));

        // Indexing through tantivy replays every document's own tokens: no
        // title or statement is analysed a second time (or without its
        // document's language). (In this test, so no other test's deliberate
        // fallback runs meanwhile.)
        let before = FALLBACKS.load(std::sync::atomic::Ordering::SeqCst);
        let index = crate::RoleIndex::create_in_ram().unwrap();
        let text = "# Engineering Manager\n\n## Responsibilities\n\n* Hire engineers\n* 负责团队招聘\n";
        let roles: Vec<_> = (0..40)
            .flat_map(|i| rolesearch_doc::parse_str(&format!("r{i}"), text, &Default::default()).unwrap())
            .collect();
        let batch: Vec<_> = roles.iter().map(|r| (r, "h")).collect();
        let mut w = index.writer().unwrap();
        w.add_roles(&batch).unwrap();
        w.commit().unwrap();
        assert_eq!(FALLBACKS.load(std::sync::atomic::Ordering::SeqCst), before);
        let searcher = index.searcher();
        let hire = tantivy::schema::Term::from_field_text(index.fields().text, "招聘");
        assert_eq!(searcher.doc_freq(&hire).unwrap(), 40);
    }
}
