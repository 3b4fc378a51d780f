//! Japanese with lindera (`--features japanese`, IPADIC installed): Japanese
//! postings are found by Japanese, English and Chinese queries, and the
//! reverse, through the lexicon.
#![cfg(feature = "japanese")]

use rolesearch::{AddOptions, Index, Lang, Query};

/// A Japanese posting in Markdown, an English one and a Chinese one.
fn index() -> Index {
    let index = Index::create_in_ram().unwrap();
    assert!(
        rolesearch::analysis_fingerprint().contains("ja=lindera"),
        "no Japanese dictionary: install Debian's mecab-ipadic-utf8 or set ROLESEARCH_JA_DICT ({:?})",
        rolesearch::setup_errors()
    );
    // "Engineering manager / Responsibilities: hiring of engineers and
    // interviews; drawing up and managing the development budget; code review"
    let ja = "# エンジニアリングマネージャー\n\n## 業務内容\n\n- エンジニアの採用と面接を行う\n- 開発予算の策定と管理\n- 品質保証\n";
    index.add_str("ja-em", ja, &AddOptions { lang: Some(Lang::Ja), ..Default::default() }).unwrap();
    let en = "# Office Manager\n\n## Responsibilities\n\n- Order supplies and plan office events\n- Greet visitors\n";
    index.add_str("en-office", en, &AddOptions::default()).unwrap();
    // "Technical director / Duties: responsible for the department budget"
    let zh = "# 技术总监\n\n## 岗位职责\n\n- 负责部门预算\n- 组织团队建设活动\n";
    index.add_str("zh-td", zh, &AddOptions::default()).unwrap();
    index
}

fn top(index: &Index, query: &str) -> Vec<(String, String)> {
    let hits = index.search(&Query::new(query).limit(3)).unwrap();
    hits.into_iter().map(|h| (h.role_id, h.text)).collect()
}

#[test]
fn japanese_statements_are_found_in_three_languages() {
    let index = index();
    for query in ["採用", "hiring", "招聘", "面接", "interview"] {
        let hits = top(&index, query);
        assert_eq!(hits.first().map(|h| h.1.as_str()), Some("エンジニアの採用と面接を行う"), "{query}: {hits:?}");
    }
    // "budget": the Japanese and the Chinese statement rank above anything else.
    for query in ["budget", "予算", "预算"] {
        let mut ids: Vec<_> = top(&index, query).into_iter().map(|h| h.0).take(2).collect();
        ids.sort();
        assert_eq!(ids, ["ja-em", "zh-td"], "{query}");
    }
}

#[test]
fn titles_bridge_through_the_lexicon() {
    let index = index();
    let hits = index.search(&Query::new("engineering manager").level(rolesearch::Level::Role)).unwrap();
    assert_eq!(hits[0].role_id, "ja-em", "{hits:#?}");
}

#[test]
fn a_kana_less_heading_of_a_japanese_document_is_japanese() {
    // 品質保証 ("quality assurance") has no kana; in a Japanese document it is
    // analysed by lindera, so the lexicon's Japanese term matches it.
    let index = index();
    let hits = index.search(&Query::new("quality assurance").lang(Some(Lang::Ja))).unwrap();
    assert_eq!(hits.first().map(|h| h.text.as_str()), Some("品質保証"), "{hits:#?}");
}

#[test]
fn the_shipped_japanese_ladder_is_searchable() {
    let index = Index::create_in_ram().unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/ja");
    let report = index.add_paths(&[dir], false).unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    // "front-end", in Japanese, English and Chinese.
    for query in ["フロントエンド", "front-end", "前端"] {
        let hits = index.search(&Query::new(query).limit(5)).unwrap();
        assert!(hits.iter().any(|h| h.role_id.starts_with("washira-frontend-engineer")), "{query}: {hits:#?}");
    }
}
