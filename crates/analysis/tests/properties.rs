//! Invariants of analysis on arbitrary and mixed-script strings.

use proptest::prelude::*;
use rolesearch_analysis::{MixedAnalyzer, Token};
use rolesearch_doc::Lang;

fn mixed() -> impl Strategy<Value = String> {
    // Pieces of Chinese, English, Japanese, digits, punctuation and odd Unicode.
    let piece = prop_oneof![
        Just("负责".to_string()),
        Just("技术总监".to_string()),
        Just("灾难恢复预案".to_string()),
        Just("engineering".to_string()),
        Just("Hiring".to_string()),
        Just("ＡＰＩ".to_string()),
        Just("フロントエンド".to_string()),
        Just("採用を行った".to_string()),
        Just("要件定義".to_string()),
        Just("，。".to_string()),
        Just(" ".to_string()),
        Just("\u{200b}\u{feff}".to_string()),
        "[a-zA-Z0-9]{1,8}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn never_panics_offsets_on_boundaries_positions_monotonic(text in prop_oneof![mixed(), any::<String>()]) {
        let analyzer = MixedAnalyzer::new();
        let tokens = analyzer.analyze(&text);
        let mut last = 0;
        for t in &tokens {
            prop_assert!(t.offset_from < t.offset_to && t.offset_to <= text.len());
            prop_assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
            prop_assert!(t.position >= last, "positions decrease in {:?}", text);
            prop_assert!(!t.text.trim().is_empty());
            last = t.position;
        }
        // Deterministic.
        let again = analyzer.analyze(&text);
        prop_assert_eq!(tokens.len(), again.len());
        for (a, b) in tokens.iter().zip(&again) {
            prop_assert_eq!((&a.text, a.offset_from, a.position), (&b.text, b.offset_from, b.position));
        }
    }

    #[test]
    fn every_context_and_queries_keep_the_invariants(text in prop_oneof![mixed(), any::<String>()]) {
        let analyzer = MixedAnalyzer::new();
        for tokens in [
            analyzer.analyze_in(&text, Lang::En),
            analyzer.analyze_in(&text, Lang::Zh),
            analyzer.analyze_in(&text, Lang::Ja),
            analyzer.analyze_query(&text),
        ] {
            check(&text, &tokens)?;
        }
    }
}

fn check(text: &str, tokens: &[Token]) -> Result<(), TestCaseError> {
    let mut last = 0;
    for t in tokens {
        prop_assert!(t.offset_from < t.offset_to && t.offset_to <= text.len());
        prop_assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
        prop_assert!(t.position >= last, "positions decrease in {:?}", text);
        prop_assert!(!t.text.trim().is_empty());
        last = t.position;
    }
    Ok(())
}
