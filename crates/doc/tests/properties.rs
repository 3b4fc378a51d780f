//! Parsing never panics, whatever the bytes; what it returns is well formed.

use proptest::prelude::*;
use rolesearch_doc::{parse_str, Format, ParseOptions};

fn documentish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("# Title\n".to_string()),
        Just("## Responsibilities\n".to_string()),
        Just("* item\n".to_string()),
        Just("    • nested\n".to_string()),
        Just("---\ntitle: x\n---\n".to_string()),
        Just("<ul><li>a</li></ul>".to_string()),
        Just("<p><strong>Benefits</strong></p>".to_string()),
        Just("职责描述\n\n负责招聘。\n".to_string()),
        Just("| a | b |\n|---|---|\n| c | d |\n".to_string()),
        Just("<div><div><div>".to_string()),
        "\\PC{0,20}",
        "[\\n\\t -~]{0,30}",
    ];
    prop::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn parsing_never_panics_and_ids_are_well_formed(text in prop_oneof![documentish(), any::<String>()]) {
        for format in [None, Some(Format::Text), Some(Format::Markdown), Some(Format::Html)] {
            let options = ParseOptions { format, ..ParseOptions::default() };
            if let Ok(roles) = parse_str("doc", &text, &options) {
                for r in &roles {
                    prop_assert!(r.id == "doc" || r.id.starts_with("doc/"));
                    prop_assert!(r.statement_count() > 0);
                    for (_, s) in r.statements() {
                        prop_assert!(!s.text.trim().is_empty());
                    }
                }
            }
        }
    }
}
