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
//! [`IndexDoc`] is our own implementation of tantivy's `Document`. Its
//! shared strings (role id, title, heading) are `Arc`s, and its text is
//! analysed lazily, in tantivy's indexing thread, the first time tantivy
//! walks its fields (tantivy's inverted-index writer walks them all before
//! it tokenizes any). That analysis gives the concept ids, which the
//! document yields as values of the `concepts` field, and the tokens, which
//! it leaves in a one-entry slot of the current thread. A moment later
//! tantivy asks the tokenizer registered for the field ([`ReplayTokenizer`])
//! to tokenize that same text; it takes the tokens from the slot instead of
//! analysing again. So every statement is analysed once, in parallel, and
//! its tokens are copied once, into the one `Token` tantivy reads.
//!
//! The slot holds an `Arc` of the text it belongs to, so a text with the
//! same address and length is the same allocation, hence the same text of
//! the same document (the address cannot be reused while the slot keeps it
//! alive). Any other text is analysed by the tokenizer itself, so the
//! tokenizer is always right, only slower, if tantivy's order ever changes.

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use rolesearch_analysis::{Lexicon, MixedAnalyzer, MixedTokenStream, TokenList};
use rolesearch_doc::Lang;
use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf};
use tantivy::schema::{Document, Field, Value};
use tantivy::tokenizer::Tokenizer;

thread_local! {
    /// Tokens of the text this thread analysed last, until its tokenizer takes them.
    static PENDING: RefCell<Option<(Arc<str>, TokenList)>> = const { RefCell::new(None) };
}

/// A value of one of our documents' fields, as tantivy reads it.
#[derive(Debug, Clone)]
pub struct Val<'a>(ReferenceValueLeaf<'a>);

impl<'a> Value<'a> for Val<'a> {
    type ArrayIter = std::iter::Empty<Self>;
    type ObjectIter = std::iter::Empty<(&'a str, Self)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        ReferenceValue::Leaf(self.0.clone())
    }
}

/// A stored or exactly indexed value.
#[derive(Debug)]
pub(crate) enum Plain {
    /// Text shared by the documents of one role (id, title, heading).
    Shared(Arc<str>),
    /// A fixed name (section kind, language code, document type).
    Static(&'static str),
    /// A number.
    U64(u64),
}

/// Text analysed on first use (see the module docs).
#[derive(Debug)]
pub(crate) struct Analysed {
    /// Field indexed with [`ReplayTokenizer`] (and stored).
    pub field: Field,
    /// Field receiving the concept ids found in the text.
    pub concepts: Field,
    pub text: Arc<str>,
    /// Language of the document: decides whether Han-only text is Japanese.
    pub lang: Lang,
    pub analyzer: MixedAnalyzer,
    pub concept_ids: OnceLock<Vec<&'static str>>,
}

impl Analysed {
    pub(crate) fn new(field: Field, concepts: Field, text: Arc<str>, lang: Lang, analyzer: &MixedAnalyzer) -> Analysed {
        Analysed { field, concepts, text, lang, analyzer: analyzer.clone(), concept_ids: OnceLock::new() }
    }

    /// Analyses the text (once), leaving its tokens for [`ReplayTokenizer`].
    fn concept_ids(&self) -> &[&'static str] {
        self.concept_ids.get_or_init(|| {
            let tokens = self.analyzer.tokens_in(&self.text, self.lang);
            let ids = Lexicon::shared().concept_ids_in(&tokens);
            PENDING.with(|slot| *slot.borrow_mut() = Some((Arc::clone(&self.text), tokens)));
            ids
        })
    }
}

/// One tantivy document: a role's or a statement's.
#[derive(Debug)]
pub struct IndexDoc {
    pub(crate) values: Vec<(Field, Plain)>,
    pub(crate) analysed: Analysed,
}

/// The fields and values of an [`IndexDoc`].
pub struct DocFields<'a> {
    values: std::slice::Iter<'a, (Field, Plain)>,
    text: Option<(Field, &'a str)>,
    concepts_field: Field,
    concepts: std::slice::Iter<'a, &'static str>,
}

impl<'a> Iterator for DocFields<'a> {
    type Item = (Field, Val<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some((field, value)) = self.values.next() {
            let leaf = match value {
                Plain::Shared(s) => ReferenceValueLeaf::Str(s),
                Plain::Static(s) => ReferenceValueLeaf::Str(s),
                Plain::U64(n) => ReferenceValueLeaf::U64(*n),
            };
            return Some((*field, Val(leaf)));
        }
        if let Some((field, text)) = self.text.take() {
            return Some((field, Val(ReferenceValueLeaf::Str(text))));
        }
        self.concepts.next().map(|c| (self.concepts_field, Val(ReferenceValueLeaf::Str(c))))
    }

    /// Exact: tantivy collects the fields into a vector, which then
    /// allocates once instead of growing.
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.values.len() + usize::from(self.text.is_some()) + self.concepts.len();
        (n, Some(n))
    }
}

impl ExactSizeIterator for DocFields<'_> {}

impl Document for IndexDoc {
    type Value<'a> = Val<'a>;
    type FieldsValuesIter<'a> = DocFields<'a>;

    fn iter_fields_and_values(&self) -> DocFields<'_> {
        let a = &self.analysed;
        DocFields {
            values: self.values.iter(),
            text: Some((a.field, &a.text)),
            concepts_field: a.concepts,
            concepts: a.concept_ids().iter(),
        }
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
        MixedTokenStream::new(replayed.unwrap_or_else(|| self.0.tokens(text)))
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
        let field = Field::from_field_id(0);
        let text: Arc<str> = "Hiring engineers".into();
        let doc = IndexDoc {
            values: vec![],
            analysed: Analysed::new(field, Field::from_field_id(1), Arc::clone(&text), Lang::En, &analyzer),
        };
        let values: Vec<_> = doc.iter_fields_and_values().map(|(f, v)| (f, v.as_str().map(str::to_string))).collect();
        assert!(values.contains(&(field, Some("Hiring engineers".to_string()))), "{values:?}");
        assert!(values.iter().any(|(f, v)| *f == Field::from_field_id(1) && v.as_deref() == Some("hiring")));
        let mut tokenizer = ReplayTokenizer(analyzer);
        // An equal text elsewhere in memory is analysed, and leaves the slot alone.
        let copy = String::from("Hiring engineers");
        assert_eq!(texts(tokenizer.token_stream(&copy)), ["hire", "engin"]);
        assert!(PENDING.with(|s| s.borrow().is_some()));
        // The document's own text takes its tokens from the slot.
        assert_eq!(texts(tokenizer.token_stream(&text)), ["hire", "engin"]);
        assert!(PENDING.with(|s| s.borrow().is_none()));
    }
}
