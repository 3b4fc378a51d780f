//! Query handling never panics: any string is a result or a clear error.

use proptest::prelude::*;
use rolesearch_doc::{parse_str, ParseOptions};
use rolesearch_index::RoleIndex;
use rolesearch_query::{search, Level, Query};

thread_local! {
    static INDEX: RoleIndex = {
        let index = RoleIndex::create_in_ram().expect("an in-RAM index");
        let mut w = index.writer().expect("a writer");
        // "duties: take part in recruiting"
        let text = "# R\n\n## 职责\n\n* 参与招聘\n* Plan the budget\n";
        for r in parse_str("r", text, &ParseOptions::default()).expect("parses") {
            w.add_role(&r, "h").expect("adds");
        }
        w.commit().expect("commits");
        index
    };
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_query_is_a_result_or_an_error(q in prop_oneof!["\\PC{0,40}", "[a-z 招聘预算]{0,20}", any::<String>()]) {
        INDEX.with(|index| {
            for level in [Level::Statement, Level::Role] {
                if let Ok(hits) = search(index, &Query::new(q.clone()).level(level)) {
                    for h in hits {
                        for (a, b) in h.highlights {
                            assert!(h.text.is_char_boundary(a) && h.text.is_char_boundary(b) && a < b);
                        }
                    }
                }
            }
        });
    }
}
