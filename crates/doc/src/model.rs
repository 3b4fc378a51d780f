//! The document model: plain data, no I/O.

use std::collections::BTreeMap;
use std::fmt;

/// A language rolesearch analyses.
///
/// Detection works on scripts (see [`detect_lang`]): kana means Japanese, Han
/// without kana means Chinese unless the surrounding document says Japanese.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English (and, by fallback, any Latin-script text).
    En,
    /// Chinese, Simplified or Traditional.
    Zh,
    /// Japanese.
    Ja,
}

impl Lang {
    /// The ISO 639-1 code used in the index and in JSON output.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::Ja => "ja",
        }
    }

    /// Parses an ISO 639-1 code (`en`, `zh`, `ja`), case-insensitively.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" | "eng" | "english" => Some(Lang::En),
            "zh" | "zho" | "chi" | "chinese" | "zh-cn" | "zh-hans" | "zh-tw" | "zh-hant" => Some(Lang::Zh),
            "ja" | "jpn" | "japanese" => Some(Lang::Ja),
            _ => None,
        }
    }
}

/// Serialised as its code (`"en"`), as in the index and the CLI's JSON.
impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// Serialised as its name (`"nice-to-have"`), as in the CLI's JSON.
impl serde::Serialize for SectionKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What a section of a role document is about, recognised from its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SectionKind {
    /// About the role or the organisation; purpose, overview.
    Summary,
    /// What the person in the role does (职责, 岗位职责, 職務内容 …).
    Responsibilities,
    /// What the person must bring (任职要求, qualifications …).
    Requirements,
    /// Preferred but optional qualifications.
    NiceToHave,
    /// Pay, perks, leave (福利 …).
    Benefits,
    /// Anything else.
    Other,
}

impl SectionKind {
    /// All kinds, in reporting order.
    pub const ALL: [SectionKind; 6] = [
        SectionKind::Summary,
        SectionKind::Responsibilities,
        SectionKind::Requirements,
        SectionKind::NiceToHave,
        SectionKind::Benefits,
        SectionKind::Other,
    ];

    /// The stable name used in the index, in JSON and for `--section`.
    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Summary => "summary",
            SectionKind::Responsibilities => "responsibilities",
            SectionKind::Requirements => "requirements",
            SectionKind::NiceToHave => "nice-to-have",
            SectionKind::Benefits => "benefits",
            SectionKind::Other => "other",
        }
    }

    /// Parses a name produced by [`SectionKind::name`].
    pub fn from_name(name: &str) -> Option<SectionKind> {
        SectionKind::ALL.into_iter().find(|k| k.name() == name.trim().to_ascii_lowercase())
    }
}

impl fmt::Display for SectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One statement: a bullet item, a line of CJK prose, or a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The text, with markup removed and whitespace collapsed.
    pub text: String,
    /// The statement's own language (a Chinese document may hold English lines).
    pub lang: Lang,
    /// Index of the enclosing bullet within the same section, for nested bullets.
    pub parent: Option<usize>,
}

/// A section of a role document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// What the section is about.
    pub kind: SectionKind,
    /// The heading as written (empty for text before the first heading).
    pub heading: String,
    /// The statements, in document order.
    pub statements: Vec<Statement>,
}

/// One role: a job description, a posting, or one level of a career ladder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Stable id: the file stem, or `stem/level-slug` when a file holds several levels.
    pub id: String,
    /// Id of the document the role came from: `id` itself, or the `stem` of
    /// `stem/level-slug`. Removing or re-adding a document acts on the roles
    /// with this document id, never on ids that merely share a prefix.
    pub document: String,
    /// Title from front matter, the first heading or the first line.
    pub title: String,
    /// The organisation, when the document names it.
    pub organization: Option<String>,
    /// Where the document came from (a path, or whatever the embedder passed).
    pub source: String,
    /// The document's main language.
    pub lang: Lang,
    /// Sections in document order; none is empty.
    pub sections: Vec<Section>,
    /// What the publisher or caller says about the role besides its text
    /// (company, location, level, date…): from the document's front matter
    /// and [`crate::ParseOptions::metadata`]. Stored, returned with hits,
    /// filterable and counted per value by the index.
    pub metadata: Metadata,
}

/// Metadata of a role: keys (lower case) to their values, in the order given.
///
/// A key may have several values (front matter `tags: [a, b]`); a filter on
/// the key matches any of them.
pub type Metadata = BTreeMap<String, Vec<String>>;

/// Most metadata keys a role keeps; further keys are ignored.
pub const MAX_METADATA_KEYS: usize = 64;
/// Most values one metadata key keeps.
pub const MAX_METADATA_VALUES: usize = 64;
/// Longest metadata key or value, in bytes; longer ones are ignored (a
/// value that long is text, not something to filter or count by).
pub const MAX_METADATA_BYTES: usize = 256;

/// Adds `key: value` to `metadata` if the key and the value are usable: the
/// key is trimmed and lower-cased, the value trimmed; empty or over-long
/// keys and values, NUL characters, and keys or values past the limits
/// above are left out. Returns whether it was added.
pub fn add_metadata(metadata: &mut Metadata, key: &str, value: &str) -> bool {
    let key = key.trim().to_lowercase();
    let value = value.trim();
    let usable = |s: &str| !s.is_empty() && s.len() <= MAX_METADATA_BYTES && !s.contains('\0');
    if !usable(&key) || !usable(value) {
        return false;
    }
    if !metadata.contains_key(&key) && metadata.len() >= MAX_METADATA_KEYS {
        return false;
    }
    let values = metadata.entry(key).or_default();
    if values.len() >= MAX_METADATA_VALUES || values.iter().any(|v| v == value) {
        return false;
    }
    values.push(value.to_string());
    true
}

impl Role {
    /// All statements with their section, in document order.
    pub fn statements(&self) -> impl Iterator<Item = (&Section, &Statement)> {
        self.sections.iter().flat_map(|s| s.statements.iter().map(move |st| (s, st)))
    }

    /// Number of statements over all sections.
    pub fn statement_count(&self) -> usize {
        self.sections.iter().map(|s| s.statements.len()).sum()
    }
}

/// Folds text for comparing statements by content: NFKC, lowercase,
/// letters and digits only (spacing, punctuation and markup differences
/// between copies of a statement do not count).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_each(text, |c| out.push(c));
    out
}

/// Calls `f` with each character of [`fold`]`(text)`, building no string.
pub fn fold_each(text: &str, mut f: impl FnMut(char)) {
    use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
    if text.is_ascii() {
        // NFKC leaves ASCII as it is: skip it (most statements), byte by byte.
        text.bytes().filter(u8::is_ascii_alphanumeric).for_each(|b| f(char::from(b.to_ascii_lowercase())));
    } else if text.chars().all(|c| quick_fold(c).is_some()) {
        // Chinese and Japanese text with ASCII and their punctuation in it
        // (most CJK statements), and English with curly quotes or dashes:
        // range checks instead of the NFKC quick check, lowercase and
        // alphanumeric tables, which cost a lookup each per character (the
        // text key is folded for every statement indexed, the statement id
        // for every hit). Full-width punctuation is not NFKC, so without
        // this such text took the slow path and was normalised.
        for c in text.chars() {
            if let Some(Some(c)) = quick_fold(c) {
                f(c);
            }
        }
    } else if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        // Already NFKC (most Chinese and Japanese text): the quick check is
        // a table lookup per character, normalising decomposes and recomposes.
        text.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).for_each(f);
    } else {
        text.nfkc().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).for_each(f);
    }
}

/// What [`fold`] makes of `c` when range checks tell: `Some(Some(c'))` keeps
/// `c'`, `Some(None)` drops `c`, `None` when only the tables can tell.
///
/// Exact character by character, and so for any text made only of these
/// characters: each has canonical combining class 0, as does what NFKC maps
/// it to, and none composes with a neighbour (tested over every pair).
#[inline]
fn quick_fold(c: char) -> Option<Option<char>> {
    let ascii = |b: u8| b.is_ascii_alphanumeric().then(|| char::from(b.to_ascii_lowercase()));
    match c as u32 {
        0..=0x7F => Some(ascii(c as u8)),
        _ if is_plain_cjk(c) => Some(Some(c)),
        // Full-width forms of ASCII: NFKC maps them to ASCII.
        0xFF01..=0xFF5E => Some(ascii((c as u32 - 0xFEE0) as u8)),
        // Spaces and punctuation (no-break and ideographic space; dashes,
        // quotes, bullets, leaders; CJK brackets and marks; middle dots):
        // neither they nor what NFKC maps them to is a letter or digit.
        0xA0
        | 0xB7
        | 0x2010..=0x2016
        | 0x2018..=0x2027
        | 0x3000..=0x3003
        | 0x3008..=0x3011
        | 0x3014..=0x301F
        | 0x30FB
        | 0xFF65 => Some(None),
        _ => None,
    }
}

/// Han ideographs and kana letters that NFKC leaves alone, that have no
/// case, and that are letters: [`fold`] keeps them as they are. (Not the
/// compatibility ideographs, half-width katakana, combining sound marks or
/// the katakana middle dot.)
fn is_plain_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC)
}

/// Counts of script classes in a text, the basis of language detection.
#[derive(Debug, Default, Clone, Copy)]
struct ScriptCounts {
    han: usize,
    kana: usize,
    latin_words: usize,
}

fn script_counts(text: &str) -> ScriptCounts {
    let mut c = ScriptCounts::default();
    let mut in_latin = false;
    for ch in text.chars() {
        if is_kana(ch) {
            c.kana += 1;
            in_latin = false;
        } else if is_han(ch) {
            c.han += 1;
            in_latin = false;
        } else if ch.is_alphabetic() {
            if !in_latin {
                c.latin_words += 1;
            }
            in_latin = true;
        } else {
            in_latin = false;
        }
    }
    c
}

/// True for Han ideographs (CJK unified, extensions, compatibility).
pub fn is_han(ch: char) -> bool {
    matches!(ch as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3005 | 0x3007)
}

/// True for hiragana, katakana and their extensions (including the long-vowel mark).
pub fn is_kana(ch: char) -> bool {
    matches!(ch as u32, 0x3040..=0x309F | 0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// Detects the language of `text`; `context` decides Han-only text.
///
/// Any kana makes text Japanese. Han characters outnumbering Latin words make
/// it Chinese, unless `context` is Japanese (Han-only Japanese lines like
/// 要件定義 are common in Japanese documents). Otherwise English; text with
/// no letters at all takes `context`, or English.
pub fn detect_lang(text: &str, context: Option<Lang>) -> Lang {
    let c = script_counts(text);
    if c.kana > 0 && c.kana * 4 >= c.latin_words {
        return Lang::Ja;
    }
    if c.han > 0 && c.han >= c.latin_words {
        return if context == Some(Lang::Ja) { Lang::Ja } else { Lang::Zh };
    }
    if c.latin_words > 0 {
        return Lang::En;
    }
    context.unwrap_or(Lang::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`fold`] promises, written the slow way: NFKC, lowercase, letters and digits.
    fn fold_by_definition(text: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        text.nfkc().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
    }

    #[test]
    fn fold_keeps_letters_and_digits_of_the_nfkc_lowercase_text() {
        for text in [
            "Hire, manage & support 2 teams!",
            "负责评审 issue 和 PR（每周）",
            "ＡＢＣ１２３ ｶﾀｶﾅ ﬁle",
            "Ⅻ Straße İ",
            "",
        ] {
            assert_eq!(fold(text), fold_by_definition(text), "{text:?}");
        }
        assert_eq!(fold("Code-Review: weekly."), "codereviewweekly");
        // Full-width letters and half-width katakana are folded, not dropped.
        assert_eq!(fold("ＰＲ ﾚﾋﾞｭｰ"), "prレビュー");
    }

    #[test]
    fn plain_cjk_characters_fold_to_themselves() {
        for c in (0x3000..=0xA000).filter_map(char::from_u32).filter(|&c| is_plain_cjk(c)) {
            assert_eq!(fold_by_definition(&c.to_string()), c.to_string(), "U+{:04X}", c as u32);
        }
        // Mixed with ASCII, and with what must take the slow path.
        for text in ["负责评审 PR（每周）", "コードレビューを行う", "か\u{3099}", "ｺｰﾄﾞ 审查", "コード・レビュー"]
        {
            assert_eq!(fold(text), fold_by_definition(text), "{text:?}");
        }
    }

    #[test]
    fn quick_fold_agrees_with_the_definition_alone_and_in_pairs() {
        let quick: Vec<char> = (0..0x10000).filter_map(char::from_u32).filter(|&c| quick_fold(c).is_some()).collect();
        for &c in &quick {
            let expected = fold_by_definition(&c.to_string());
            let got: String = quick_fold(c).flatten().into_iter().collect();
            assert_eq!(got, expected, "U+{:04X}", c as u32);
        }
        // Nothing made of them composes: each is a starter (combining class
        // 0), and no character decomposes canonically into them alone (か
        // with U+3099 would compose into が).
        for &c in &quick {
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0, "U+{:04X}", c as u32);
        }
        for p in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut parts = Vec::new();
            unicode_normalization::char::decompose_canonical(p, |c| parts.push(c));
            let composes = parts.len() > 1 && parts.iter().all(|&c| quick_fold(c).is_some());
            assert!(!composes, "U+{:04X} is composed of quick characters {parts:?}", p as u32);
        }
        // And every pair of the ones that are not plain CJK, in both orders.
        let others: Vec<char> = quick.iter().copied().filter(|&c| !is_plain_cjk(c)).collect();
        for &a in &others {
            for &b in &others {
                let text = format!("{a}{b}");
                assert_eq!(fold(&text), fold_by_definition(&text), "{text:?}");
            }
        }
        // Text with punctuation takes the quick path and folds as defined.
        for text in ["负责评审 PR，每周一次。", "“Code review” — weekly…", "【职责】ＡＰＩ　设计・评审"]
        {
            assert!(text.chars().all(|c| quick_fold(c).is_some()), "{text:?}");
            assert_eq!(fold(text), fold_by_definition(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fold_matches_its_definition(text in "\\PC{0,40}") {
            proptest::prop_assert_eq!(fold(&text), fold_by_definition(&text));
        }
    }

    #[test]
    fn detects_scripts() {
        assert_eq!(detect_lang("Hire, manage and support technical staff", None), Lang::En);
        // "responsible for reviewing issues and pull requests"
        assert_eq!(detect_lang("负责评审issue和pull request", None), Lang::Zh);
        // "can build sites with Vue"
        assert_eq!(detect_lang("Vue等を用いたサイトを構築できる", None), Lang::Ja);
        // "requirements definition": Han only, decided by context
        assert_eq!(detect_lang("要件定義", Some(Lang::Ja)), Lang::Ja);
        assert_eq!(detect_lang("要件定義", None), Lang::Zh);
        assert_eq!(detect_lang("2019 — 42", Some(Lang::Zh)), Lang::Zh);
    }

    #[test]
    fn section_names_round_trip() {
        for k in SectionKind::ALL {
            assert_eq!(SectionKind::from_name(k.name()), Some(k));
        }
    }
}
