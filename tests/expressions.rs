//! Expressions of several words reach the word that means them (行为准则 is
//! "code of conduct"), not the words they are made of (代码 "program code",
//! 进行 "carry out"); and inflected English words reach their dictionary
//! entries ("sentences" → 句子).

use rolesearch::{AddOptions, Index, Query};

fn roles() -> Index {
    let index = Index::create_in_ram().unwrap();
    let docs = [
        (
            "reviewer-en",
            "# Reviewer\n\n## Responsibilities\n\n- Read the CNCF Code of Conduct and abide by it at all times\n\
             - Write clean code\n- Point out long sentences\n",
        ),
        (
            "reviewer-zh",
            "# 评审人\n\n## 职责\n\n- 阅读 CNCF 行为准则，确保始终遵守\n- 检查代码并进行测试\n- 指出太长的句子\n",
        ),
    ];
    for (id, text) in docs {
        index.add_str(id, text, &AddOptions::default()).unwrap();
    }
    index
}

/// Each hit's text and what bridged its words (`None`: the query's own word).
fn hits(index: &Index, q: &str) -> Vec<(String, Vec<Option<String>>)> {
    let found = index.search(&Query::new(q).limit(10)).unwrap();
    found.into_iter().map(|h| (h.text, h.matched.into_iter().map(|m| m.concept).collect())).collect()
}

#[test]
fn an_expression_finds_the_word_that_means_it_not_its_words() {
    let index = roles();
    let found = hits(&index, "code of conduct");
    let chinese: Vec<&(String, Vec<Option<String>>)> =
        found.iter().filter(|(t, _)| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))).collect();
    // The Chinese line that says it comes first of the Chinese lines, through the expression.
    let (text, why) = chinese.first().unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(text, "阅读 CNCF 行为准则，确保始终遵守", "{found:#?}");
    assert!(why.iter().flatten().any(|w| w == "phrase code of conduct"), "{why:?}");
    // "code" and "conduct" are not translated one by one: the line about
    // checking code (代码) and carrying out (进行) tests is not found.
    assert!(!found.iter().any(|(t, _)| t == "检查代码并进行测试"), "{found:#?}");
    // And back: the Chinese word finds the English expression.
    let found = hits(&index, "行为准则");
    let english = found.iter().find(|(t, _)| t.starts_with("Read the CNCF"));
    let (_, why) = english.unwrap_or_else(|| panic!("{found:#?}"));
    assert!(why.iter().flatten().any(|w| w == "phrase 行为准则"), "{why:?}");
}

#[test]
fn an_inflected_word_reaches_its_dictionary_entry() {
    let index = roles();
    // "sentences" is looked up as "sentence", which CC-CEDICT glosses 句子.
    let found = hits(&index, "long sentences");
    let chinese = found.iter().find(|(t, _)| t == "指出太长的句子");
    let (_, why) = chinese.unwrap_or_else(|| panic!("{found:#?}"));
    assert!(why.iter().flatten().any(|w| w.starts_with("cc-cedict ")), "{why:?}");
}
