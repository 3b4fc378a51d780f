//! Analysis of arbitrary Unicode in every context: offsets are inside the
//! text on char boundaries, positions never decrease, no token is empty.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolesearch_analysis::{MixedAnalyzer, Token};
use rolesearch_doc::Lang;

fn check(text: &str, tokens: &[Token]) {
    let mut last = 0;
    for t in tokens {
        assert!(t.offset_from < t.offset_to && t.offset_to <= text.len(), "{t:?} in {text:?}");
        assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to), "{t:?} in {text:?}");
        assert!(t.position >= last, "position went back at {t:?} in {text:?}");
        assert!(!t.text.is_empty(), "{t:?}");
        last = t.position;
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let analyzer = MixedAnalyzer::new();
    check(text, &analyzer.analyze(text));
    for lang in [Lang::En, Lang::Zh, Lang::Ja] {
        check(text, &analyzer.analyze_in(text, lang));
    }
    // Query analysis appends Japanese alternatives after the Chinese tokens.
    let q = analyzer.analyze_query(text);
    assert!(q.windows(2).all(|w| w[0].position <= w[1].position));
    let lexicon = rolesearch_analysis::Lexicon::shared();
    let _ = lexicon.concepts_in(&q);
    // What indexing stores: the ids of the statement's concepts, in order.
    for lang in [Lang::En, Lang::Zh, Lang::Ja] {
        let tokens = analyzer.tokens_in(text, lang);
        assert_eq!(lexicon.concept_ids_joined(&tokens), lexicon.concept_ids_in(&tokens).join(" "), "{text:?}");
    }
});
