//! Japanese job-description words that neither the lexicon nor CC-CEDICT
//! carry reach English and Chinese through JMdict, with or without lindera
//! (the `japanese` feature): 進捗 (progress), 知見 (know-how).

use rolesearch::{AddOptions, Index, Query};

fn roles() -> Index {
    let index = Index::create_in_ram().unwrap();
    let docs = [
        (
            "pm-ja",
            "# プロジェクトマネージャー\n\n## 職務内容\n\n- 開発の進捗を毎週確認する\n- 業務知見をチームに共有する\n- リリースノートを書く\n",
        ),
        (
            "pm-en",
            "# Project Manager\n\n## Responsibilities\n\n- Reviews the progress of each project every week\n- Shares domain knowledge with the team\n- Writes the release notes\n",
        ),
        ("pm-zh", "# 项目经理\n\n## 职责\n\n- 每周检查各项目的进度\n- 与团队分享业务知识\n- 撰写发布说明\n"),
    ];
    for (id, text) in docs {
        index.add_str(id, text, &AddOptions::default()).unwrap();
    }
    index
}

fn top(index: &Index, q: &str, n: usize) -> Vec<(String, Vec<Option<String>>)> {
    let hits = index.search(&Query::new(q).limit(n)).unwrap();
    hits.into_iter().map(|h| (h.text, h.matched.into_iter().map(|m| m.concept).collect())).collect()
}

#[test]
fn a_japanese_word_reaches_english_through_jmdict() {
    let index = roles();
    let hits = top(&index, "進捗", 3);
    let english = hits.iter().find(|(t, _)| t == "Reviews the progress of each project every week");
    let (_, bridges) = english.unwrap_or_else(|| panic!("{hits:#?}"));
    assert!(bridges.iter().flatten().any(|b| b.starts_with("jmdict ")), "{bridges:?}");
}

#[test]
fn a_japanese_spelling_meets_its_chinese_twin_both_ways() {
    let index = roles();
    // 知見 (Japanese) and 知识 (Chinese): "knowledge", one character shared.
    let hits = top(&index, "知見", 3);
    assert!(hits.iter().any(|(t, _)| t == "与团队分享业务知识"), "{hits:#?}");
    let hits = top(&index, "知识", 3);
    assert!(hits.iter().any(|(t, _)| t == "業務知見をチームに共有する"), "{hits:#?}");
}

#[test]
fn compare_pairs_a_japanese_duty_with_its_english_twin() {
    let index = roles();
    let cmp = index.compare("pm-ja", "pm-en").unwrap();
    let progress = cmp.comparison.pairs.iter().find(|p| p.a.text == "開発の進捗を毎週確認する");
    let pair = progress.unwrap_or_else(|| panic!("{:#?}", cmp.comparison));
    assert_eq!(pair.b.text, "Reviews the progress of each project every week");
    // The evidence names the layer and the words as each text writes them.
    assert!(pair.evidence.iter().any(|e| e == "jmdict: 進捗 = progress"), "{:?}", pair.evidence);
}

#[test]
fn an_english_title_finds_a_role_titled_in_japanese() {
    let index = roles();
    let docs = [
        ("fe-ja", "# フロントエンドエンジニア\n\n## 職務内容\n\n- 画面を実装する\n- デザイナーと連携する\n"),
        (
            "be-en",
            "# Backend Engineer\n\n## Responsibilities\n\n- Builds services the front end of the product calls\n- Works with other engineers on the API\n",
        ),
    ];
    for (id, text) in docs {
        index.add_str(id, text, &AddOptions::default()).unwrap();
    }
    // "frontend" is no typo of "fronted" (stem front): the lexicon and the
    // learned layer know it; the Japanese title names the role.
    let hits = index.search(&Query::new("frontend engineer").level(rolesearch::Level::Role)).unwrap();
    assert_eq!(hits.first().map(|h| h.role_id.as_str()), Some("fe-ja"), "{hits:#?}");
}

#[test]
fn a_japanese_false_friend_does_not_find_the_chinese_word_it_is_spelt_like() {
    // 対応 is "respond to" (障害対応: incident response); Chinese 对应 is
    // "correspond to". 経理 is "accounting"; Chinese 经理 is "manager".
    let index = Index::create_in_ram().unwrap();
    let docs = [
        ("sre-ja", "# SRE\n\n## 職務内容\n\n- 障害対応の手順を整備する\n- 経理部門と予算を調整する\n"),
        ("sig-zh", "# SIG\n\n## 职责\n\n- 审批人由对应代码仓库的维护者提名\n- 向部门经理汇报工作进展\n"),
    ];
    for (id, text) in docs {
        index.add_str(id, text, &AddOptions::default()).unwrap();
    }
    // (query, the line it means, the line only its spelling is like)
    for (q, meant, look_alike) in [
        ("障害対応", "障害対応の手順を整備する", "审批人由对应代码仓库的维护者提名"),
        ("経理", "経理部門と予算を調整する", "向部门经理汇报工作进展"),
        ("对应", "审批人由对应代码仓库的维护者提名", "障害対応の手順を整備する"),
    ] {
        let hits: Vec<String> = top(&index, q, 10).into_iter().map(|(t, _)| t).collect();
        assert_eq!(hits.first().map(String::as_str), Some(meant), "{q}: {hits:#?}");
        assert!(!hits.iter().any(|t| t == look_alike), "{q}: {hits:#?}");
    }
}
