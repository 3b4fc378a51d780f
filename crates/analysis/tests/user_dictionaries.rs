//! User dictionaries for jieba and lindera. Dictionaries are process-wide,
//! so this file (one test process) configures them once for all its tests.
#![cfg(feature = "chinese")]

use std::io::Write;
use std::sync::OnceLock;

use rolesearch_analysis::{set_dictionaries, DictionaryPaths, MixedAnalyzer};
use rolesearch_doc::Lang;

fn configure() {
    static DONE: OnceLock<tempfile::TempDir> = OnceLock::new();
    DONE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let zh = dir.path().join("zh.dict");
        // "disaster recovery plan" without a frequency, "technical director" with one.
        std::fs::File::create(&zh)
            .unwrap()
            .write_all("# domain words\n灾难恢复预案\n技术总监 5000 n\n".as_bytes())
            .unwrap();
        let ja = dir.path().join("ja.csv");
        // "horenso" (report, contact, consult): one word for the team, three for IPADIC.
        std::fs::File::create(&ja).unwrap().write_all("ホウレンソウ,カスタム名詞,ホウレンソウ\n".as_bytes()).unwrap();
        // Without the `japanese` feature a Japanese dictionary is a setup error.
        let ja_user_dict = cfg!(feature = "japanese").then_some(ja);
        set_dictionaries(DictionaryPaths { zh_user_dict: Some(zh), ja_dict: None, ja_user_dict }).unwrap();
        dir
    });
}

fn words(text: &str, lang: Lang) -> Vec<String> {
    configure();
    MixedAnalyzer::new().analyze_in(text, lang).into_iter().map(|t| t.text).collect()
}

#[test]
fn jieba_user_words_are_kept_whole() {
    // "draw up the disaster recovery plan"
    let w = words("制定灾难恢复预案", Lang::Zh);
    assert!(w.contains(&"灾难恢复预案".to_string()), "{w:?}");
    // Search mode still adds the parts jieba knows, so 灾难恢复 finds it too.
    assert!(w.contains(&"灾难".to_string()), "{w:?}");
    assert!(rolesearch_analysis::setup_errors().is_empty(), "{:?}", rolesearch_analysis::setup_errors());
    assert!(rolesearch_analysis::analysis_fingerprint().contains("zh=jieba+user:"));
}

#[cfg(feature = "japanese")]
#[test]
fn lindera_user_words_are_kept_whole() {
    let w = words("ホウレンソウを徹底する", Lang::Ja);
    assert_eq!(w.first().map(String::as_str), Some("ホウレンソウ"), "{w:?}");
    assert!(rolesearch_analysis::analysis_fingerprint().contains("+user:"));
}
