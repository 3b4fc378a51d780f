//! Format recognition and parsing of any text, with and without format and
//! language hints: no panic, and every statement is non-empty text of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolesearch_doc::{parse_str, Format, Lang, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let Some((&hint, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let format = [None, Some(Format::Text), Some(Format::Markdown), Some(Format::Html)][usize::from(hint & 3)];
    let lang = [None, Some(Lang::En), Some(Lang::Zh), Some(Lang::Ja)][usize::from((hint >> 2) & 3)];
    let options = ParseOptions { format, lang, source: None };
    if let Ok(roles) = parse_str("fuzz", &text, &options) {
        for role in &roles {
            assert!(!role.id.is_empty());
            for section in &role.sections {
                for st in &section.statements {
                    assert!(!st.text.trim().is_empty(), "empty statement in {role:?}");
                }
            }
        }
    }
});
