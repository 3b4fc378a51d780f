//! Query handling: any query string, at both levels, with and without
//! cross-language matching, against the seed roles. A query either runs or
//! is refused as empty or too long; it never panics.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use rolesearch::{Index, Lang, Level, Query};

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let index = Index::create_in_ram().expect("index in RAM");
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/seeds");
    index.add_paths(&[seeds], false).expect("seeds index");
    index
});

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let level = if flags & 1 == 0 { Level::Statement } else { Level::Role };
    let lang = [None, Some(Lang::En), Some(Lang::Zh), Some(Lang::Ja)][usize::from((flags >> 2) & 3)];
    let role = (flags & 16 != 0).then(|| "startup-cto-zh".to_string());
    let query = Query::new(text.as_ref()).level(level).cross_language(flags & 2 == 0).lang(lang).role(role).limit(5);
    match INDEX.search(&query) {
        Ok(hits) => {
            for h in hits {
                for &(a, b) in &h.highlights {
                    assert!(a < b && b <= h.text.len() && h.text.is_char_boundary(a) && h.text.is_char_boundary(b));
                }
            }
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.contains("query"), "unexpected error for {text:?}: {msg}");
        }
    }
});
