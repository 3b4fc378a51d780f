//! Fields, and how a [`Role`] becomes tantivy documents.

use std::sync::Arc;

use rolesearch_analysis::MixedAnalyzer;
use rolesearch_doc::{Role, SectionKind};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED};

use crate::document::{Analysed, IndexDoc, Plain};

/// Name under which [`rolesearch_analysis::MixedAnalyzer`] is registered.
pub const TOKENIZER: &str = "rolesearch";

/// `doc_type` of the one document per role.
pub const DOC_ROLE: &str = "role";

/// Handles of every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// [`DOC_ROLE`] on role documents; statement documents have none (a
    /// statement query excludes role documents instead of requiring a type,
    /// which spares every statement a term).
    pub doc_type: Field,
    /// Role id (exact), on both kinds of documents.
    pub role_id: Field,
    /// Role title, stored and analysed: on role documents only, so a title match is a role-level signal.
    pub title: Field,
    /// Role title, stored only: on statement documents, for output.
    pub role_title: Field,
    /// The role's main language code.
    pub role_lang: Field,
    /// Organisation (stored).
    pub organization: Field,
    /// Source path or label (exact, for pruning; role documents).
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
    /// Statement text as written (stored), analysed with positions (indexed
    /// from the tokens analysis already produced for concepts, so it is
    /// analysed once: see the `document` module).
    pub text: Field,
    /// Statement language code (exact).
    pub lang: Field,
    /// Statement order within its role (0-based).
    pub ord: Field,
    /// 1 + index of the parent statement within the role, or 0.
    pub parent: Field,
    /// Language-neutral concept ids of the statement, or of the title on a
    /// role document (exact, multi-valued).
    pub concepts: Field,
}

/// Options of an exact value used to filter and to delete by (ids, language codes,
/// section names): indexed whole, without frequencies or field norms (a
/// filter does not rank, and every document holds one value).
fn exact() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_fieldnorms(false)
            .set_index_option(IndexRecordOption::Basic),
    )
}

fn text_options() -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    TextOptions::default().set_indexing_options(indexing).set_stored()
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        doc_type: b.add_text_field("doc_type", exact()),
        role_id: b.add_text_field("role_id", exact().set_stored()),
        title: b.add_text_field("title", text_options()),
        role_title: b.add_text_field("role_title", STORED),
        role_lang: b.add_text_field("role_lang", exact().set_stored()),
        organization: b.add_text_field("organization", STORED),
        source: b.add_text_field("source", exact().set_stored()),
        hash: b.add_text_field("hash", STORED),
        statements: b.add_u64_field("statements", STORED),
        section: b.add_text_field("section", exact().set_stored()),
        section_code: b.add_u64_field("section_code", FAST),
        heading: b.add_text_field("heading", STORED),
        text: b.add_text_field("text", text_options()),
        lang: b.add_text_field("lang", exact().set_stored()),
        ord: b.add_u64_field("ord", STORED),
        parent: b.add_u64_field("parent", STORED),
        // Indexed with frequencies and field norms: a statement about one
        // concept matches it more strongly than one that touches five.
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

/// The tantivy documents for one role: its role document, then one per
/// statement. Nothing is analysed here: each document analyses its own text
/// when tantivy indexes it (see the `document` module).
pub(crate) fn documents(f: &Fields, analyzer: &MixedAnalyzer, role: &Role, hash: &str) -> Vec<IndexDoc> {
    let id: Arc<str> = role.id.as_str().into();
    let title: Arc<str> = role.title.as_str().into();
    let role_lang = role.lang.code();
    let mut docs = Vec::with_capacity(role.statement_count() + 1);
    let mut values = vec![
        (f.doc_type, Plain::Static(DOC_ROLE)),
        (f.role_id, Plain::Shared(Arc::clone(&id))),
        (f.role_lang, Plain::Static(role_lang)),
        (f.source, Plain::Shared(role.source.as_str().into())),
        (f.hash, Plain::Shared(hash.into())),
        (f.statements, Plain::U64(role.statement_count() as u64)),
    ];
    if let Some(org) = &role.organization {
        values.push((f.organization, Plain::Shared(org.as_str().into())));
    }
    docs.push(IndexDoc {
        values,
        analysed: Analysed::new(f.title, f.concepts, Arc::clone(&title), role.lang, analyzer),
    });
    let mut ord = 0u64;
    for section in &role.sections {
        let first = ord;
        let heading: Arc<str> = section.heading.as_str().into();
        for st in &section.statements {
            let values = vec![
                (f.role_id, Plain::Shared(Arc::clone(&id))),
                (f.role_title, Plain::Shared(Arc::clone(&title))),
                (f.role_lang, Plain::Static(role_lang)),
                (f.section, Plain::Static(section.kind.name())),
                (f.section_code, Plain::U64(section_code(section.kind))),
                (f.heading, Plain::Shared(Arc::clone(&heading))),
                (f.lang, Plain::Static(st.lang.code())),
                (f.ord, Plain::U64(ord)),
                (f.parent, Plain::U64(st.parent.map(|p| first + p as u64 + 1).unwrap_or(0))),
            ];
            // The statement's language decides whether Han-only text is Japanese.
            let analysed = Analysed::new(f.text, f.concepts, st.text.as_str().into(), st.lang, analyzer);
            docs.push(IndexDoc { values, analysed });
            ord += 1;
        }
    }
    docs
}
