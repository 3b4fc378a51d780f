//! Fields, and how a [`Role`] becomes tantivy documents.

use rolesearch_analysis::{Lexicon, MixedAnalyzer};
use rolesearch_doc::{Role, SectionKind};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::PreTokenizedString;
use tantivy::TantivyDocument;

/// Name under which [`rolesearch_analysis::MixedAnalyzer`] is registered.
pub const TOKENIZER: &str = "rolesearch";

/// `doc_type` of the one document per role.
pub const DOC_ROLE: &str = "role";
/// `doc_type` of the documents holding one statement each.
pub const DOC_STATEMENT: &str = "statement";

/// Handles of every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// `role` or `statement`.
    pub doc_type: Field,
    /// Role id (exact), on both kinds of documents.
    pub role_id: Field,
    /// Role title, analysed: on role documents only, so a title match is a role-level signal.
    pub title: Field,
    /// Role title, stored only: on statement documents, for output.
    pub role_title: Field,
    /// The role's main language code.
    pub role_lang: Field,
    /// Organisation (stored).
    pub organization: Field,
    /// Source path or label (exact, for pruning).
    pub source: Field,
    /// Content hash of the source (role documents).
    pub hash: Field,
    /// Statement count (role documents).
    pub statements: Field,
    /// Section kind name (exact).
    pub section: Field,
    /// Section kind as a fast number ([`section_code`]): ranking weighs
    /// candidates by section without reading their stored documents.
    pub section_code: Field,
    /// Section heading (stored).
    pub heading: Field,
    /// Statement text, analysed with positions (indexed from the tokens
    /// analysis already produced for concepts, so it is analysed once).
    pub text: Field,
    /// Statement text as written (stored).
    pub text_stored: Field,
    /// Statement language code (exact).
    pub lang: Field,
    /// Statement order within its role (0-based).
    pub ord: Field,
    /// 1 + index of the parent statement within the role, or 0.
    pub parent: Field,
    /// Language-neutral concept ids of the statement (exact, multi-valued).
    pub concepts: Field,
}

fn text_options(stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let opts = TextOptions::default().set_indexing_options(indexing);
    if stored {
        opts.set_stored()
    } else {
        opts
    }
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        doc_type: b.add_text_field("doc_type", STRING),
        role_id: b.add_text_field("role_id", STRING | STORED | FAST),
        title: b.add_text_field("title", text_options(true)),
        role_title: b.add_text_field("role_title", STORED),
        role_lang: b.add_text_field("role_lang", STRING | STORED),
        organization: b.add_text_field("organization", STORED),
        source: b.add_text_field("source", STRING | STORED),
        hash: b.add_text_field("hash", STORED),
        statements: b.add_u64_field("statements", STORED),
        section: b.add_text_field("section", STRING | STORED),
        section_code: b.add_u64_field("section_code", FAST),
        heading: b.add_text_field("heading", STORED),
        text: b.add_text_field("text", text_options(false)),
        text_stored: b.add_text_field("text_stored", STORED),
        lang: b.add_text_field("lang", STRING | STORED),
        ord: b.add_u64_field("ord", STORED | FAST | INDEXED),
        parent: b.add_u64_field("parent", STORED),
        // Indexed with frequencies and field norms: a statement about one
        // concept matches it more strongly than one that touches five.
        concepts: b.add_text_field(
            "concepts",
            TextOptions::default()
                .set_indexing_options(
                    TextFieldIndexing::default().set_tokenizer("raw").set_index_option(IndexRecordOption::WithFreqs),
                )
                .set_stored(),
        ),
    };
    (b.build(), fields)
}

impl Fields {
    /// Looks the fields up in an opened index's schema; `None` when one is missing.
    pub(crate) fn from_schema(schema: &Schema) -> Option<Fields> {
        let f = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            doc_type: f("doc_type")?,
            role_id: f("role_id")?,
            title: f("title")?,
            role_title: f("role_title")?,
            role_lang: f("role_lang")?,
            organization: f("organization")?,
            source: f("source")?,
            hash: f("hash")?,
            statements: f("statements")?,
            section: f("section")?,
            section_code: f("section_code")?,
            heading: f("heading")?,
            text: f("text")?,
            text_stored: f("text_stored")?,
            lang: f("lang")?,
            ord: f("ord")?,
            parent: f("parent")?,
            concepts: f("concepts")?,
        })
    }
}

/// The number stored for a section kind in [`Fields::section_code`].
pub fn section_code(kind: SectionKind) -> u64 {
    SectionKind::ALL.iter().position(|k| *k == kind).unwrap_or(SectionKind::ALL.len() - 1) as u64
}

/// The section kind of a [`section_code`]; `None` for an unknown number.
pub fn section_of_code(code: u64) -> Option<SectionKind> {
    SectionKind::ALL.get(code as usize).copied()
}

/// The tantivy documents for one role: its role document, then one per statement.
pub(crate) fn documents(f: &Fields, analyzer: &MixedAnalyzer, role: &Role, hash: &str) -> Vec<TantivyDocument> {
    let lexicon = Lexicon::shared();
    let concepts_of = |tokens: &[tantivy::tokenizer::Token]| -> Vec<String> {
        lexicon.concepts_in(tokens).into_iter().map(|m| m.concept).collect()
    };
    let mut docs = Vec::with_capacity(role.statement_count() + 1);
    let mut r = TantivyDocument::default();
    r.add_text(f.doc_type, DOC_ROLE);
    r.add_text(f.role_id, &role.id);
    r.add_text(f.title, &role.title);
    r.add_text(f.role_lang, role.lang.code());
    if let Some(org) = &role.organization {
        r.add_text(f.organization, org);
    }
    r.add_text(f.source, &role.source);
    r.add_text(f.hash, hash);
    r.add_u64(f.statements, role.statement_count() as u64);
    for c in concepts_of(&analyzer.analyze_in(&role.title, role.lang)) {
        r.add_text(f.concepts, &c);
    }
    docs.push(r);
    let mut ord = 0u64;
    for section in &role.sections {
        let first = ord;
        for st in &section.statements {
            let mut d = TantivyDocument::default();
            d.add_text(f.doc_type, DOC_STATEMENT);
            d.add_text(f.role_id, &role.id);
            d.add_text(f.role_title, &role.title);
            d.add_text(f.role_lang, role.lang.code());
            d.add_text(f.source, &role.source);
            d.add_text(f.section, section.kind.name());
            d.add_u64(f.section_code, section_code(section.kind));
            d.add_text(f.heading, &section.heading);
            // The statement's language decides whether Han-only text is Japanese.
            let tokens = analyzer.analyze_in(&st.text, st.lang);
            let concepts = concepts_of(&tokens);
            d.add_pre_tokenized_text(f.text, PreTokenizedString { text: st.text.clone(), tokens });
            d.add_text(f.text_stored, &st.text);
            d.add_text(f.lang, st.lang.code());
            d.add_u64(f.ord, ord);
            for c in concepts {
                d.add_text(f.concepts, &c);
            }
            d.add_u64(f.parent, st.parent.map(|p| first + p as u64 + 1).unwrap_or(0));
            docs.push(d);
            ord += 1;
        }
    }
    docs
}
