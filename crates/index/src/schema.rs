//! Fields, and how a [`Role`] becomes tantivy documents.

use std::sync::Arc;

use rolesearch_analysis::MixedAnalyzer;
use rolesearch_doc::{Lang, Role, SectionKind};
use tantivy::query::doc_predicate_query::{DocPredicateQuery, FunctionPredicate};
use tantivy::query::BoostQuery;
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
};

use crate::document::{Analysed, DocKind, IndexDoc, RoleShared};

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
    /// Organisation (stored).
    pub organization: Field,
    /// Source path or label (exact, for pruning; role documents).
    pub source: Field,
    /// Id of the document a role came from (role documents): `remove_role`
    /// and re-adding a document act on its roles by it, not by id prefix.
    pub document: Field,
    /// Content hash of the source (role documents).
    pub hash: Field,
    /// Statement count (role documents).
    pub statements: Field,
    /// Section kind, statement language and role language packed in one
    /// number ([`Facets`]), fast and stored: filters read it per candidate
    /// ([`FacetFilter`]) and ranking weighs candidates by section without
    /// reading their stored documents. (As three indexed and stored strings
    /// they cost about a tenth of indexing time.)
    pub facets: Field,
    /// Section heading (stored).
    pub heading: Field,
    /// Statement text as written (stored), analysed with frequencies but no
    /// positions: no query reads them (terms near each other are found at
    /// analysis time, by the lexicon), and recording them cost a tenth of
    /// indexing. (Indexed
    /// from the tokens analysis already produced for concepts, so it is
    /// analysed once: see the `document` module).
    pub text: Field,
    /// Statement order within its role (0-based); fast, so that ranking
    /// breaks ties between copies of a text without reading the store.
    pub ord: Field,
    /// [`crate::text_key`] of a statement's text, fast (statement documents):
    /// search collapses copies of a repeated statement into one hit by it
    /// without reading candidates from the document store.
    pub text_key: Field,
    /// 1 + index of the parent statement within the role, or 0.
    pub parent: Field,
    /// Language-neutral concept ids of the statement, or of the title on a
    /// role document: one value, the ids separated by spaces, split by
    /// tantivy's whitespace tokenizer (ids hold no spaces).
    pub concepts: Field,
    /// The role's metadata ([`rolesearch_doc::Metadata`]), one facet
    /// `/key/value` per value, on the role document and on every statement
    /// (so a filter is one term, and tantivy's facet collector counts hits
    /// per value). Stored: hits read their role's metadata from it.
    pub meta: Field,
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
    let indexing = TextFieldIndexing::default().set_tokenizer(TOKENIZER).set_index_option(IndexRecordOption::WithFreqs);
    TextOptions::default().set_indexing_options(indexing).set_stored()
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        doc_type: b.add_text_field("doc_type", exact()),
        role_id: b.add_text_field("role_id", exact().set_stored()),
        title: b.add_text_field("title", text_options()),
        role_title: b.add_text_field("role_title", STORED),
        organization: b.add_text_field("organization", STORED),
        source: b.add_text_field("source", exact().set_stored()),
        document: b.add_text_field("document", STORED),
        hash: b.add_text_field("hash", STORED),
        statements: b.add_u64_field("statements", STORED),
        facets: b.add_u64_field(FACETS_FIELD, FAST | STORED),
        heading: b.add_text_field("heading", STORED),
        text: b.add_text_field("text", text_options()),
        ord: b.add_u64_field(ORD_FIELD, FAST | STORED),
        text_key: b.add_u64_field(TEXT_KEY_FIELD, FAST),
        parent: b.add_u64_field("parent", STORED),
        // Indexed with frequencies and field norms: a statement about one
        // concept matches it more strongly than one that touches five.
        concepts: b.add_text_field(
            "concepts",
            TextOptions::default()
                .set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer("whitespace")
                        .set_index_option(IndexRecordOption::WithFreqs),
                )
                .set_stored(),
        ),
        meta: b.add_facet_field(META_FIELD, FacetOptions::default().set_stored()),
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
            organization: f("organization")?,
            source: f("source")?,
            document: f("document")?,
            hash: f("hash")?,
            statements: f("statements")?,
            facets: f(FACETS_FIELD)?,
            heading: f("heading")?,
            text: f("text")?,
            ord: f(ORD_FIELD)?,
            text_key: f(TEXT_KEY_FIELD)?,
            parent: f("parent")?,
            concepts: f("concepts")?,
            meta: f(META_FIELD)?,
        })
    }
}

/// Name of [`Fields::ord`] (a fast column).
pub const ORD_FIELD: &str = "ord";

/// Name of [`Fields::text_key`] (a fast column).
pub const TEXT_KEY_FIELD: &str = "text_key";

/// The number stored for a section kind in [`Fields::facets`].
pub fn section_code(kind: SectionKind) -> u64 {
    SectionKind::ALL.iter().position(|k| *k == kind).unwrap_or(SectionKind::ALL.len() - 1) as u64
}

/// The section kind of a [`section_code`]; `None` for an unknown number.
pub fn section_of_code(code: u64) -> Option<SectionKind> {
    SectionKind::ALL.get(code as usize).copied()
}

/// What a document is about besides its text: its section (statements
/// only), its language and its role's language, packed into one number in
/// [`Fields::facets`] (byte 0 the [`section_code`], 255 for none; byte 1 the
/// language; byte 2 the role's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facets {
    /// Section kind of a statement; `None` on role documents.
    pub section: Option<SectionKind>,
    /// Language of the statement (of the role, on a role document).
    pub lang: Lang,
    /// The role's main language.
    pub role_lang: Lang,
}

const NO_SECTION: u64 = 0xFF;

/// A language's number in [`Facets`] (0, 1, 2 for en, zh, ja): also an
/// index into per-language arrays.
pub fn lang_number(lang: Lang) -> u64 {
    match lang {
        Lang::En => 0,
        Lang::Zh => 1,
        Lang::Ja => 2,
    }
}

fn lang_of_number(n: u64) -> Option<Lang> {
    [Lang::En, Lang::Zh, Lang::Ja].get(n as usize).copied()
}

impl Facets {
    /// The number stored in [`Fields::facets`].
    pub fn pack(self) -> u64 {
        let section = self.section.map_or(NO_SECTION, section_code);
        section | lang_number(self.lang) << 8 | lang_number(self.role_lang) << 16
    }

    /// Reads a [`Facets::pack`]ed number; `None` when it is not one.
    pub fn unpack(n: u64) -> Option<Facets> {
        let section = match n & 0xFF {
            NO_SECTION => None,
            code => Some(section_of_code(code)?),
        };
        Some(Facets { section, lang: lang_of_number(n >> 8 & 0xFF)?, role_lang: lang_of_number(n >> 16 & 0xFF)? })
    }
}

/// A filter on [`Facets`]: each part that is set must match.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FacetFilter {
    /// Only statements of this section kind.
    pub section: Option<SectionKind>,
    /// Only documents in this language.
    pub lang: Option<Lang>,
    /// Only documents of roles whose main language is this.
    pub role_lang: Option<Lang>,
}

impl FacetFilter {
    /// Whether a document with these facets passes.
    pub fn matches(&self, f: Facets) -> bool {
        self.section.is_none_or(|s| f.section == Some(s))
            && self.lang.is_none_or(|l| f.lang == l)
            && self.role_lang.is_none_or(|l| f.role_lang == l)
    }

    /// Whether the filter lets everything through.
    pub fn is_empty(&self) -> bool {
        *self == FacetFilter::default()
    }

    /// A tantivy query matching the documents that pass, to intersect with
    /// a ranked query: it reads the `facets` column of each candidate the
    /// other clauses propose (it never walks the whole index on its own
    /// when intersected), and adds 0 to their scores (a filter is not
    /// evidence: a constant would shift how section weights and role
    /// aggregation act on the scores).
    pub fn query(self) -> Box<dyn tantivy::query::Query> {
        let predicate = FunctionPredicate::from(move |segment: &tantivy::SegmentReader| {
            let column = segment.fast_fields().u64(FACETS_FIELD)?;
            Ok(move |doc: tantivy::DocId| column.first(doc).and_then(Facets::unpack).is_some_and(|f| self.matches(f)))
        });
        Box::new(BoostQuery::new(Box::new(DocPredicateQuery::from(predicate)), 0.0))
    }
}

/// Name of the [`Fields::meta`] field.
pub const META_FIELD: &str = "meta";

/// The facet of metadata `key: value`: `/key/value`.
pub fn meta_facet(key: &str, value: &str) -> Facet {
    Facet::from_path([key, value])
}

/// Name of the [`Fields::facets`] field.
pub const FACETS_FIELD: &str = "facets";

/// The tantivy documents for one role: its role document, then one per
/// statement. Nothing is analysed here: each document analyses its own text
/// when tantivy indexes it (see the `document` module).
pub(crate) fn documents(f: &Fields, analyzer: &MixedAnalyzer, role: &Role, hash: &str) -> Vec<IndexDoc> {
    let shared = Arc::new(RoleShared {
        fields: f.clone(),
        analyzer: analyzer.clone(),
        id: role.id.clone(),
        title: role.title.clone(),
        source: role.source.clone(),
        document: role.document.clone(),
        hash: hash.to_string(),
        organization: role.organization.clone(),
        statements: role.statement_count() as u64,
        facets: Facets { section: None, lang: role.lang, role_lang: role.lang }.pack(),
        headings: role.sections.iter().map(|s| s.heading.clone()).collect(),
        meta: role.metadata.iter().flat_map(|(k, vs)| vs.iter().map(move |v| meta_facet(k, v))).collect(),
    });
    let mut docs = Vec::with_capacity(role.statement_count() + 1);
    docs.push(IndexDoc {
        role: Arc::clone(&shared),
        kind: DocKind::Role,
        analysed: Analysed::new(role.title.as_str().into(), role.lang),
    });
    let mut ord = 0u64;
    for (index, section) in role.sections.iter().enumerate() {
        let first = ord;
        for st in &section.statements {
            let facets = Facets { section: Some(section.kind), lang: st.lang, role_lang: role.lang };
            docs.push(IndexDoc {
                role: Arc::clone(&shared),
                kind: DocKind::Statement {
                    section: index,
                    facets: facets.pack(),
                    ord,
                    parent: st.parent.map(|p| first + p as u64 + 1),
                },
                // The statement's language decides whether Han-only text is Japanese.
                analysed: Analysed::new(st.text.as_str().into(), st.lang),
            });
            ord += 1;
        }
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    const LANGS: [Lang; 3] = [Lang::En, Lang::Zh, Lang::Ja];

    #[test]
    fn facets_read_back_as_written() {
        let sections = SectionKind::ALL.iter().copied().map(Some).chain([None]);
        for section in sections {
            for lang in LANGS {
                for role_lang in LANGS {
                    let f = Facets { section, lang, role_lang };
                    assert_eq!(Facets::unpack(f.pack()), Some(f));
                }
            }
        }
        // Not a packed number: an unknown language or section.
        assert_eq!(Facets::unpack(7 << 8), None);
        assert_eq!(Facets::unpack(0x40), None);
    }

    #[test]
    fn a_filter_passes_what_matches_every_part_it_sets() {
        let st = Facets { section: Some(SectionKind::Requirements), lang: Lang::Zh, role_lang: Lang::En };
        let role = Facets { section: None, lang: Lang::En, role_lang: Lang::En };
        assert!(FacetFilter::default().matches(st) && FacetFilter::default().is_empty());
        let zh = FacetFilter { lang: Some(Lang::Zh), ..Default::default() };
        assert!(zh.matches(st) && !zh.matches(role));
        let en_roles = FacetFilter { role_lang: Some(Lang::En), ..Default::default() };
        assert!(en_roles.matches(st) && en_roles.matches(role));
        let req = FacetFilter { section: Some(SectionKind::Requirements), lang: Some(Lang::En), role_lang: None };
        assert!(!req.matches(st), "the language differs");
        assert!(!FacetFilter { section: Some(SectionKind::Summary), ..Default::default() }.matches(role));
    }
}
