//! Golden token files: real text from each format, analysed, one token per
//! line as `pos  from..to  text`. A missing `.tokens` file is created;
//! `UPDATE_GOLDEN=1 cargo test -p rolesearch-analysis` rewrites them, so a
//! jieba or stemmer upgrade shows up in review as a readable diff. The
//! files hold jieba's output, so they are checked with the `chinese` feature.
//! Japanese texts (`ja-*.txt`) are analysed as Japanese documents; with the
//! `japanese` feature their tokens are lindera's, kept in `*.lindera.tokens`.
#![cfg(feature = "chinese")]

use std::fmt::Write;
use std::path::Path;

use rolesearch_analysis::MixedAnalyzer;
use rolesearch_doc::Lang;

fn render(text: &str, lang: Lang) -> String {
    let analyzer = MixedAnalyzer::new();
    if cfg!(feature = "japanese") && lang == Lang::Ja {
        assert!(analyzer.has_japanese(), "no Japanese dictionary: {:?}", rolesearch_analysis::setup_errors());
    }
    let mut out = String::new();
    for t in analyzer.analyze_in(text, lang) {
        writeln!(out, "{}\t{}..{}\t{}", t.position, t.offset_from, t.offset_to, t.text).unwrap();
    }
    out
}

#[test]
fn golden_token_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries.into_iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let japanese = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("ja-"));
        let got = render(&text, if japanese { Lang::Ja } else { Lang::Zh });
        let golden =
            path.with_extension(if japanese && cfg!(feature = "japanese") { "lindera.tokens" } else { "tokens" });
        if update || !golden.exists() {
            std::fs::write(&golden, &got).unwrap();
        }
        let want = std::fs::read_to_string(&golden).unwrap();
        assert!(
            got == want,
            "tokens of {} changed\nhelp: if the change is intended, run UPDATE_GOLDEN=1 cargo test -p rolesearch-analysis and review the diff of {}\n--- want\n{want}\n--- got\n{got}",
            path.display(),
            golden.display()
        );
        // Offsets point at the text the token came from.
        for line in got.lines() {
            let range = line.split('\t').nth(1).unwrap();
            let (from, to) = range.split_once("..").unwrap();
            let (from, to): (usize, usize) = (from.parse().unwrap(), to.parse().unwrap());
            assert!(text.is_char_boundary(from) && text.is_char_boundary(to) && from < to);
        }
        checked += 1;
    }
    assert!(checked >= 9, "golden texts found: {checked}");
}
