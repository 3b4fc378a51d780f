//! The facade as an embedding app uses it: in RAM and on disk.

use rolesearch::{AddOptions, Error, Index, Lang, Level, Query};

fn seeds() -> Index {
    let index = Index::create_in_ram().unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/seeds");
    let report = index.add_paths(&[dir], false).unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    index
}

#[test]
fn english_query_finds_chinese_statement_and_the_reverse() {
    let index = seeds();
    let hits = index.search(&Query::new("disaster recovery").limit(10)).unwrap();
    assert_eq!(hits[0].lang.code(), "en", "a same-language match ranks first");
    assert!(hits.iter().any(|h| h.role_id == "startup-cto-zh" && h.text.contains("灾难恢复预案")), "{hits:#?}");
    // "recruiting"
    let hits = index.search(&Query::new("招聘").limit(10)).unwrap();
    assert!(hits.iter().any(|h| h.text.contains("Hire, manage and support technical staff")), "{hits:#?}");
}

#[test]
fn a_role_titled_as_the_query_ranks_above_roles_that_mention_it() {
    // O*NET's own wording: the surveyors' tasks say "survey", other roles
    // name the surveyors they work with.
    let index = seeds();
    let docs = [
        ("surveyors", "# Surveyors\n\n## Tasks\n- Verify the accuracy of survey data.\n- Adjust surveying instruments.\n"),
        (
            "title-examiners",
            "# Title Examiners, Abstractors, and Searchers\n\n## Tasks\n- Obtain maps from county surveyors or assessors' offices.\n",
        ),
        (
            "remote-sensing-technicians",
            "# Remote Sensing Technicians\n\n## Tasks\n- Consult with scientists, surveyors, or engineers on project needs.\n",
        ),
    ];
    for (id, text) in docs {
        index.add_str(id, text, &AddOptions::default()).unwrap();
    }
    let hits = index.search(&Query::new("Surveyor").level(Level::Role)).unwrap();
    assert_eq!(hits.first().map(|h| h.role_id.as_str()), Some("surveyors"), "{hits:#?}");
}

#[test]
fn role_level_gives_one_hit_per_role() {
    let index = seeds();
    // "technical director"
    let hits = index.search(&Query::new("技术总监").level(Level::Role)).unwrap();
    assert_eq!(hits[0].role_id, "startup-cto-zh");
    let mut ids: Vec<_> = hits.iter().map(|h| h.role_id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), hits.len());
    // The English title query finds the Chinese CTO through the lexicon as well.
    let hits = index.search(&Query::new("chief technology officer").level(Level::Role)).unwrap();
    let top3: Vec<_> = hits.iter().take(3).map(|h| h.role_id.as_str()).collect();
    assert!(top3.contains(&"wikimedia-cto") && top3.contains(&"startup-cto-zh"), "{top3:?}");
}

#[test]
fn filters_keep_the_scores_and_order_of_the_hits_they_let_through() {
    let index = seeds();
    let all = index.search(&Query::new("budget hiring").limit(200)).unwrap();
    for query in [
        Query::new("budget hiring").limit(200).lang(Some(Lang::Zh)),
        Query::new("budget hiring").limit(200).section(Some(rolesearch::SectionKind::Responsibilities)),
    ] {
        let filtered = index.search(&query).unwrap();
        assert!(!filtered.is_empty() && filtered.len() < all.len());
        let kept: Vec<_> = all
            .iter()
            .filter(|h| filtered.iter().any(|f| f.role_id == h.role_id && f.ord == h.ord))
            .map(|h| (&h.role_id, h.ord, h.score))
            .collect();
        let got: Vec<_> = filtered.iter().map(|h| (&h.role_id, h.ord, h.score)).collect();
        assert_eq!(got, kept);
    }
}

#[test]
fn filters_restrict_hits() {
    let index = seeds();
    let hits = index.search(&Query::new("budget").lang(Some(Lang::Zh))).unwrap();
    assert!(!hits.is_empty() && hits.iter().all(|h| h.lang.code() == "zh"));
    let hits = index.search(&Query::new("budget").role(Some("dosomething-cto".into()))).unwrap();
    assert!(!hits.is_empty() && hits.iter().all(|h| h.role_id == "dosomething-cto"));
    match index.search(&Query::new("budget").role(Some("dosomething-ct".into()))) {
        Err(Error::Query(e)) => assert!(e.to_string().contains("dosomething-cto"), "{e}"),
        other => panic!("expected unknown role, got {other:?}"),
    }
}

#[test]
fn ranking_is_deterministic_and_independent_of_insertion_order() {
    let docs = [
        ("a-role", "# A\n\n## Responsibilities\n\n* Manage the budget\n"),
        ("b-role", "# B\n\n## Responsibilities\n\n* Manage the budget\n"),
        ("c-role", "# C\n\n## Responsibilities\n\n* Own the budget and hiring\n"),
    ];
    let run = |order: &[usize]| {
        let index = Index::create_in_ram().unwrap();
        for &i in order {
            index.add_str(docs[i].0, docs[i].1, &AddOptions::default()).unwrap();
        }
        index.search(&Query::new("budget").collapse(false)).unwrap().into_iter().map(|h| h.role_id).collect::<Vec<_>>()
    };
    let first = run(&[0, 1, 2]);
    assert_eq!(first, run(&[2, 1, 0]));
    assert_eq!(first, run(&[1, 2, 0]));
    let tied: Vec<_> = first.iter().filter(|id| *id != "c-role").collect();
    assert_eq!(tied, ["a-role", "b-role"], "ties break on the role id");
}

#[test]
fn adding_an_id_again_replaces_it_and_remove_deletes_it() {
    let index = Index::create_in_ram().unwrap();
    index.add_str("x", "# X\n\n* Plan the budget\n", &AddOptions::default()).unwrap();
    index.add_str("x", "# X\n\n* Hire engineers\n", &AddOptions::default()).unwrap();
    assert_eq!(index.roles().unwrap().len(), 1);
    assert!(index.search(&Query::new("budget").cross_language(false)).unwrap().is_empty());
    assert_eq!(index.search(&Query::new("hire")).unwrap().len(), 1);
    assert_eq!(index.remove_role("x").unwrap(), 1);
    assert!(index.roles().unwrap().is_empty());
}

#[test]
fn bad_queries_are_errors_not_panics() {
    let index = seeds();
    for q in ["", "   ", "，。！", "the of and"] {
        let e = index.search(&Query::new(q)).unwrap_err();
        assert!(e.to_string().contains("no searchable words"), "{q:?}: {e}");
    }
    let long = "budget ".repeat(2_000);
    assert!(index.search(&Query::new(long)).unwrap_err().to_string().contains("limit is 4096"));
    let mid = "预算 budget hiring ".repeat(200);
    assert!(!index.search(&Query::new(mid)).unwrap().is_empty());
}

#[test]
fn comparing_a_role_with_itself_pairs_each_statement_with_itself() {
    let index = seeds();
    let c = index.compare("wikimedia-cto", "wikimedia-cto").unwrap().comparison;
    assert!(c.pairs.iter().all(|p| p.a.text == p.b.text), "{:#?}", c.pairs.iter().find(|p| p.a.text != p.b.text));
    let top = c.pairs[0].score;
    assert!(c.pairs.iter().filter(|p| p.a.section == "responsibilities").all(|p| (p.score - top).abs() < 1e-4));
    assert!(c.only_a.is_empty() && c.only_b.is_empty());
}

#[test]
fn unknown_role_names_the_closest_ids() {
    let index = seeds();
    let e = index.compare("wikimedia-ct", "startup-cto-zh").unwrap_err().to_string();
    assert!(e.contains("unknown role \"wikimedia-ct\"") && e.contains("wikimedia-cto"), "{e}");
}

#[test]
fn on_disk_index_reopens_and_sees_new_commits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("idx");
    let writer = Index::create_in_dir(&path).unwrap();
    let reader = Index::open(&path).unwrap();
    writer.add_str("x", "# X\n\n* Plan the budget\n", &AddOptions::default()).unwrap();
    assert_eq!(reader.search(&Query::new("budget")).unwrap().len(), 1, "a long-lived handle sees new commits");
    // Version mismatch is refused with a rebuild hint.
    std::fs::write(path.join("rolesearch.json"), "{\"schema\": 0, \"analyzer\": 0}").unwrap();
    let e = Index::open(&path).unwrap_err().to_string();
    assert!(e.contains("rebuild"), "{e}");
    // A folder that is not an index.
    let e = Index::open(dir.path()).unwrap_err().to_string();
    assert!(e.contains("is not a rolesearch index"), "{e}");
}

#[test]
fn a_second_writer_gets_a_lock_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("idx");
    let holder = rolesearch_index::RoleIndex::create_in_dir(&path).unwrap();
    let other = Index::open(&path).unwrap();
    let writer = holder.writer().unwrap();
    let e = other.add_str("x", "# X\n\n* Plan the budget\n", &AddOptions::default()).unwrap_err().to_string();
    assert!(e.contains("is locked by another writer"), "{e}");
    drop(writer);
    other.add_str("x", "# X\n\n* Plan the budget\n", &AddOptions::default()).unwrap();
    assert_eq!(other.roles().unwrap().len(), 1);
}

#[test]
fn compound_parts_and_mixed_queries() {
    let index = seeds();
    // "director" finds "technical director" (技术总监) statements.
    let hits = index.search(&Query::new("总监").limit(5)).unwrap();
    assert_eq!(hits[0].role_id, "startup-cto-zh");
    assert!(hits[0].text.contains("技术总监"), "{hits:#?}");
    // Traditional characters find Simplified text: 技術總監 = 技术总监.
    let hits = index.search(&Query::new("技術總監").level(Level::Role)).unwrap();
    assert_eq!(hits[0].role_id, "startup-cto-zh");
    // A mixed query: "responsible for" + "budget".
    let hits = index.search(&Query::new("负责 budget").limit(10)).unwrap();
    let langs: std::collections::BTreeSet<_> = hits.iter().map(|h| h.lang.code()).collect();
    assert!(langs.contains("en") && langs.contains("zh"), "{langs:?}");
}

#[test]
fn section_filter_and_explain_data() {
    let index = seeds();
    let hits =
        index.search(&Query::new("hiring").section(Some(rolesearch::SectionKind::Responsibilities)).limit(20)).unwrap();
    assert!(!hits.is_empty() && hits.iter().all(|h| h.section.name() == "responsibilities"));
    let zh = hits.iter().find(|h| h.lang.code() == "zh").expect("a Chinese hit for an English query");
    assert!(zh.matched.iter().any(|m| m.concept.as_deref() == Some("hiring")), "{:?}", zh.matched);
    // Highlights are byte ranges on character boundaries of the statement.
    for (from, to) in &zh.highlights {
        assert!(zh.text.is_char_boundary(*from) && zh.text.is_char_boundary(*to) && from < to);
    }
}

#[test]
fn searches_during_indexing_see_whole_commits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("idx");
    let writer = Index::create_in_dir(&path).unwrap();
    let reader = Index::open(&path).unwrap();
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            for i in 0..40 {
                // Each role has exactly two statements about budgets.
                let text = format!("# Role {i}\n\n* Plan the budget\n* Review the budget with finance\n");
                writer.add_str(&format!("role-{i:02}"), &text, &AddOptions::default()).unwrap();
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        let mut seen = 0;
        while !done.load(std::sync::atomic::Ordering::SeqCst) || seen < 40 {
            let hits = reader.search(&Query::new("budget").limit(1_000).cross_language(false).collapse(false)).unwrap();
            // A half-written role would show one statement without the other.
            assert_eq!(hits.len() % 2, 0, "a search saw part of a commit: {} hits", hits.len());
            seen = hits.len() / 2;
        }
        assert_eq!(seen, 40);
    });
}

#[test]
fn eight_threads_share_one_index_consistently() {
    // One writer adds, replaces and removes roles while seven readers search,
    // list, show and compare through the same `Index`. Every role has exactly
    // two budget statements, so any reader that sees part of a commit sees
    // an odd count.
    let index = Index::create_in_ram().unwrap();
    index
        .add_str("anchor", "# Anchor\n\n* Plan the budget\n* Review the budget with finance\n", &AddOptions::default())
        .unwrap();
    let done = std::sync::atomic::AtomicBool::new(false);
    let checks = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        s.spawn(|| {
            for i in 0..60 {
                let id = format!("role-{:02}", i % 20);
                if i % 7 == 6 {
                    index.remove_role(&id).unwrap();
                } else {
                    let text = format!("# Role {i}\n\n* Plan the budget {i}\n* Review the budget with finance\n");
                    index.add_str(&id, &text, &AddOptions::default()).unwrap();
                }
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        for reader in 0..7 {
            let (index, done, checks) = (&index, &done, &checks);
            s.spawn(move || {
                while !done.load(std::sync::atomic::Ordering::SeqCst) {
                    match reader % 3 {
                        0 => {
                            let hits = index
                                .search(&Query::new("budget").limit(1_000).cross_language(false).collapse(false))
                                .unwrap();
                            assert_eq!(hits.len() % 2, 0, "a search saw part of a commit");
                        }
                        1 => {
                            for r in index.roles().unwrap() {
                                assert_eq!(r.statements, 2, "{} has {} statements", r.id, r.statements);
                            }
                        }
                        _ => {
                            let c = index.compare("anchor", "anchor").unwrap();
                            assert_eq!(c.comparison.pairs.len(), 2);
                            let (_, statements) = index.statements("anchor").unwrap();
                            assert_eq!(statements.len(), 2);
                        }
                    }
                    checks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
    });
    assert!(checks.load(std::sync::atomic::Ordering::Relaxed) > 7, "the readers ran");
}

fn texts(index: &Index, q: &str) -> Vec<String> {
    index.search(&Query::new(q).limit(50)).unwrap().into_iter().map(|h| h.text).collect()
}

#[test]
fn quoted_phrases_need_their_words_in_order() {
    let index = Index::create_in_ram().unwrap();
    let doc =
        "# R\n\n* Owns disaster recovery plans\n* Recovery from a disaster is rehearsed\n* Plans the team budget\n";
    index.add_str("r", doc, &AddOptions::default()).unwrap();
    let hits = texts(&index, "\"disaster recovery\"");
    assert_eq!(hits, ["Owns disaster recovery plans"]);
    // Without quotes both statements match.
    assert!(texts(&index, "disaster recovery").len() >= 2);
    // Inflections match inside a phrase (words are compared as analysed).
    assert_eq!(texts(&index, "\"owning disaster recoveries\""), ["Owns disaster recovery plans"]);
    assert!(texts(&index, "\"recovery disaster\"").is_empty());
    // Role level honours the phrase too.
    let roles = index.search(&Query::new("\"team budget\"").level(Level::Role)).unwrap();
    assert_eq!(roles.len(), 1);
    assert!(roles[0].text.contains("team budget"));
}

#[test]
fn on_call_is_a_duty_not_a_phone_call() {
    let index = Index::create_in_ram().unwrap();
    let en = "# SRE\n\n## Responsibilities\n\n* Joins the on-call rotation and handles pages\n* Leads calls with candidates\n";
    // "Takes on-call duty, handles production incidents" / "Phones candidates"
    let zh = "# 运维工程师\n\n## 职责\n\n* 参与值班，处理线上故障\n* 与候选人通电话\n";
    index.add_str("sre", en, &AddOptions::default()).unwrap();
    index.add_str("ops-zh", zh, &AddOptions::default()).unwrap();
    // The duty in both languages comes first; a phone call, if at all, after it.
    for query in ["on-call", "oncall", "值班", "on-call rotation"] {
        let hits = texts(&index, query);
        assert!(hits.len() >= 2, "{query}: {hits:?}");
        assert!(hits[..2].contains(&"Joins the on-call rotation and handles pages".to_string()), "{query}: {hits:?}");
        assert!(hits[..2].contains(&"参与值班，处理线上故障".to_string()), "{query}: {hits:?}");
    }
    // Only the compound has the joined word.
    assert_eq!(texts(&index, "oncall").len(), 2);
}

fn small() -> Index {
    let index = Index::create_in_ram().unwrap();
    let en = "# Lead\n\n* Plans the team budget\n* Reviews the budget with finance\n* Builds the recruiting pipeline\n\
              * Recruits a diverse team\n* Owns the hiring budget\n";
    index.add_str("lead", en, &AddOptions::default()).unwrap();
    index.add_str("zh", "技术总监\n\n岗位职责\n\n负责招聘工作\n参与制定年度预算\n", &AddOptions::default()).unwrap();
    index
}

#[test]
fn minus_excludes_words_and_phrases() {
    let index = small();
    let with = texts(&index, "budget");
    assert!(with.iter().any(|t| t.contains("finance")), "{with:?}");
    let without = texts(&index, "budget -finance");
    assert!(!without.is_empty());
    assert!(without.iter().all(|t| !t.contains("financ")), "{without:?}");
    let without_phrase = texts(&index, "budget -\"team budget\"");
    assert!(without_phrase.iter().all(|t| !t.contains("team budget")), "{without_phrase:?}");
    assert!(without_phrase.iter().any(|t| t.contains("hiring budget")), "{without_phrase:?}");
    // A query of exclusions alone has nothing to search for.
    assert!(matches!(index.search(&Query::new("-budget")), Err(Error::Query(_))));
}

#[test]
fn a_star_matches_words_that_begin_so_in_both_scripts() {
    let index = small();
    let hits = texts(&index, "recruit*");
    assert!(hits.iter().any(|t| t.contains("recruiting")) && hits.iter().any(|t| t.contains("Recruits")), "{hits:?}");
    assert!(hits.iter().all(|t| t.to_lowercase().contains("recruit")), "{hits:?}");
    let zh = index.search(&Query::new("招*").lang(Some(Lang::Zh)).limit(20)).unwrap();
    assert!(zh.iter().any(|h| h.text.contains("招聘")), "{zh:#?}");
}

#[test]
fn a_typo_in_a_longer_word_is_forgiven_and_explained() {
    let index = seeds();
    let right = index.search(&Query::new("disaster recovery").limit(5)).unwrap();
    let typo = index.search(&Query::new("disastr recovry").limit(5)).unwrap();
    assert_eq!(right[0].text, typo[0].text);
    let m = typo[0].matched.iter().find(|m| m.word == "disaster").unwrap();
    assert_eq!(m.concept.as_deref(), Some("typo disastr"));
    // Short words are not corrected: "bugdet" (6 letters) is, "tem" is not.
    assert!(!texts(&index, "bugdet").is_empty());
    assert!(matches!(index.search(&Query::new("zzq")), Ok(h) if h.is_empty()));
}

#[test]
fn a_batch_is_seen_whole_or_not_at_all() {
    let index = Index::create_in_ram().unwrap();
    index.add_str("old", "# Old\n\n* Plan the budget\n", &AddOptions::default()).unwrap();
    let mut batch = index.batch().unwrap();
    for i in 0..50 {
        batch.add_str(&format!("p{i}"), &format!("# P{i}\n\n* Plan the budget {i}\n"), &AddOptions::default()).unwrap();
    }
    assert_eq!(batch.remove_role("old"), 1);
    // A bad document is an error and the batch goes on.
    assert!(matches!(batch.add_str("bad", "   ", &AddOptions::default()), Err(Error::Parse(_))));
    assert_eq!(index.roles().unwrap().len(), 1, "nothing visible before the commit");
    let report = batch.commit().unwrap();
    assert_eq!((report.added, report.removed), (50, 1));
    let ids: Vec<String> = index.roles().unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), 50);
    assert!(!ids.contains(&"old".to_string()));
    // A document added twice in one batch keeps its last version only.
    let mut batch = index.batch().unwrap();
    batch
        .add_str(
            "p1",
            "# P1\n\n## Level 1\n\n* Hire engineers\n\n## Level 2\n\n* Hire managers\n",
            &AddOptions::default(),
        )
        .unwrap();
    batch.add_str("p1", "# P1\n\n* Hire directors\n", &AddOptions::default()).unwrap();
    batch.commit().unwrap();
    let (_, statements) = index.statements("p1").unwrap();
    assert_eq!(statements.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(), ["Hire directors"]);
    assert!(index.roles().unwrap().iter().all(|r| !r.id.starts_with("p1/")));
    // Dropped without a commit: nothing happens.
    let mut batch = index.batch().unwrap();
    batch.remove_role("p2");
    drop(batch);
    assert!(index.roles().unwrap().iter().any(|r| r.id == "p2"));
}

#[test]
fn pages_carry_the_total_and_walk_through_every_hit_once() {
    let index = Index::create_in_ram().unwrap();
    let mut batch = index.batch().unwrap();
    for i in 0..25 {
        batch
            .add_str(&format!("r{i:02}"), &format!("# R{i}\n\n* Plan the budget {i}\n"), &AddOptions::default())
            .unwrap();
    }
    batch.commit().unwrap();
    let mut seen = Vec::new();
    for page in 0..3 {
        let p = index.search_page(&Query::new("budget").limit(10).offset(page * 10).cross_language(false)).unwrap();
        assert_eq!(p.total.value, 25);
        assert!(p.total.exact);
        seen.extend(p.hits.into_iter().map(|h| h.role_id));
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 25, "three pages hold every hit once");
    // A count alone: limit 0.
    let count = index.search_page(&Query::new("budget").limit(0)).unwrap();
    assert!(count.hits.is_empty() && count.total.value >= 25);
    // Roles, and phrases (checked on the text) count too.
    let roles = index.search_page(&Query::new("budget").level(Level::Role).limit(5)).unwrap();
    assert_eq!((roles.hits.len(), roles.total.value), (5, 25));
    let phrase = index.search_page(&Query::new("\"plan the budget\"").limit(100)).unwrap();
    assert_eq!((phrase.hits.len(), phrase.total.value, phrase.total.exact), (25, 25, true));
}

/// A job board's postings: the caller's metadata, and front matter's.
fn postings() -> Index {
    let index = Index::create_in_ram().unwrap();
    let mut batch = index.batch().unwrap();
    let posting =
        |title: &str, duty: &str| format!("# {title}\n\n## Responsibilities\n\n* {duty}\n* Mentor engineers\n");
    let board = [
        ("acme-backend", "Backend Engineer", "Own the payments API", "Acme", "Berlin"),
        (
            "acme-sre",
            "Site Reliability Engineer",
            "Own disaster recovery and the payments API uptime",
            "Acme",
            "Remote",
        ),
        ("beta-backend", "Backend Engineer", "Build the payments API", "Beta", "Berlin"),
        ("gamma-lead", "Tech Lead", "Plan the team budget", "Gamma", "Paris"),
    ];
    for (id, title, duty, company, location) in board {
        let options = AddOptions::default().meta("company", company).meta("Location", location);
        batch.add_str(id, &posting(title, duty), &options).unwrap();
    }
    // Front matter: its scalar keys are metadata, a list is several values;
    // the caller's key replaces the document's own.
    let front = "---\ntitle: 支付工程师\ncompany: Delta\nlocation: Shanghai\ntags: [payments, backend]\n---\n\n## 岗位职责\n\n* 负责支付API的开发\n";
    batch.add_str("delta-zh", front, &AddOptions::default().meta("location", "Beijing")).unwrap();
    batch.commit().unwrap();
    index
}

#[test]
fn metadata_is_stored_returned_filtered_and_counted() {
    let index = postings();
    let delta = index.roles().unwrap().into_iter().find(|r| r.id == "delta-zh").unwrap();
    assert_eq!(delta.metadata["company"], ["Delta"]);
    assert_eq!(delta.metadata["location"], ["Beijing"], "the caller's value replaces front matter's");
    assert_eq!(delta.metadata["tags"], ["payments", "backend"]);

    // Every hit carries its role's metadata.
    let hits = index.search(&Query::new("payments API")).unwrap();
    let acme = hits.iter().find(|h| h.role_id == "acme-backend").unwrap();
    assert_eq!(acme.metadata["company"], ["Acme"]);
    assert_eq!(acme.metadata["location"], ["Berlin"], "keys are lower-cased");

    // One key: values are alternatives. Two keys: both must hold.
    let ids = |q: Query| -> Vec<String> {
        let mut ids: Vec<String> = index.search(&q).unwrap().into_iter().map(|h| h.role_id).collect();
        ids.sort();
        ids.dedup();
        ids
    };
    assert_eq!(ids(Query::new("payments API").filter("company", "Acme")), ["acme-backend", "acme-sre"]);
    assert_eq!(
        ids(Query::new("payments API").filter("company", "Acme").filter("company", "Beta")),
        ["acme-backend", "acme-sre", "beta-backend"]
    );
    assert_eq!(
        ids(Query::new("payments API").filter("company", "Acme").filter("location", "Berlin")),
        ["acme-backend"]
    );
    assert_eq!(
        ids(Query::new("payments API").filter("COMPANY", "Acme").level(Level::Role)),
        ["acme-backend", "acme-sre"]
    );
    assert!(ids(Query::new("payments API").filter("company", "acme")).is_empty(), "values match exactly");
    // A list in front matter: each value filters.
    assert_eq!(ids(Query::new("API").filter("tags", "backend")), ["delta-zh"]);

    // Facet counts are over all hits, not the page, and count what `total` counts.
    let page = index.search_page(&Query::new("mentor").limit(1).facet("company").facet("location")).unwrap();
    assert_eq!(page.hits.len(), 1);
    assert!(page.total.exact);
    let companies: Vec<(&str, usize)> = page.facets["company"].iter().map(|c| (c.value.as_str(), c.count)).collect();
    assert_eq!(companies, [("Acme", 2), ("Beta", 1), ("Gamma", 1)]);
    assert_eq!(page.facets["company"].iter().map(|c| c.count).sum::<usize>(), page.total.value);
    let role_page = index.search_page(&Query::new("payments").level(Level::Role).facet("location")).unwrap();
    let locations: Vec<(&str, usize)> =
        role_page.facets["location"].iter().map(|c| (c.value.as_str(), c.count)).collect();
    // The Chinese posting (负责支付API的开发) is found across languages: the
    // learned layer links "payment" to 支付.
    assert_eq!(locations, [("Berlin", 2), ("Beijing", 1), ("Remote", 1)]);
    assert_eq!(role_page.total.value, 4);
    // A phrase is checked on the text: the counts too.
    let phrase = index.search_page(&Query::new("\"payments API\" -build").facet("company")).unwrap();
    let companies: Vec<(&str, usize)> = phrase.facets["company"].iter().map(|c| (c.value.as_str(), c.count)).collect();
    assert_eq!(companies, [("Acme", 2)]);
    // A key no role has: an empty list.
    let none = index.search_page(&Query::new("payments").facet("salary")).unwrap();
    assert!(none.facets["salary"].is_empty());
}

#[test]
fn a_statement_repeated_across_levels_is_one_hit_naming_its_roles() {
    let index = Index::create_in_ram().unwrap();
    let ladder = "# Ladder\n\n## Level 1\n\n* Writes clear incident postmortems\n* Fixes small bugs\n\n\
                  ## Level 2\n\n* Writes clear incident postmortems\n* Leads small projects\n\n\
                  ## Level 3\n\n* Writes clear incident postmortems.\n* Leads the incident review\n";
    let ids = index.add_str("ladder", ladder, &AddOptions::default()).unwrap();
    assert_eq!(ids.len(), 3, "{ids:?}");
    let hits = index.search(&Query::new("incident postmortems")).unwrap();
    let copies: Vec<_> = hits.iter().filter(|h| h.text.starts_with("Writes clear incident postmortems")).collect();
    assert_eq!(copies.len(), 1, "{hits:#?}");
    assert_eq!(copies[0].roles, ["ladder/level-1", "ladder/level-2", "ladder/level-3"]);
    assert_eq!(copies[0].role_id, "ladder/level-1");
    assert!(hits.iter().any(|h| h.text == "Leads the incident review" && h.roles == ["ladder/level-3"]));
    // Off: every copy, each naming its own role only.
    let all = index.search(&Query::new("incident postmortems").collapse(false)).unwrap();
    let copies: Vec<_> = all.iter().filter(|h| h.text.starts_with("Writes clear incident postmortems")).collect();
    assert_eq!(copies.len(), 3);
    assert!(copies.iter().all(|h| h.roles == [h.role_id.clone()]));
    // A limit counts collapsed hits: two distinct texts.
    assert_eq!(index.search(&Query::new("incident").limit(2)).unwrap().len(), 2);
    let two = index.search(&Query::new("incident").limit(2)).unwrap();
    assert_ne!(two[0].text.trim_end_matches('.'), two[1].text.trim_end_matches('.'));
    // A role added later joins the hit: role names are read per snapshot.
    index
        .add_str("another", "# Another role\n\n* Writes clear incident postmortems\n", &AddOptions::default())
        .unwrap();
    let hits = index.search(&Query::new("incident postmortems")).unwrap();
    let copy = hits.iter().find(|h| h.text.starts_with("Writes clear incident postmortems")).unwrap();
    assert_eq!(copy.roles, ["another", "ladder/level-1", "ladder/level-2", "ladder/level-3"]);
}

#[test]
fn a_translation_is_not_drowned_by_many_same_language_statements() {
    let index = Index::create_in_ram().unwrap();
    // 300 English statements about code review, of many lengths (so their
    // scores spread), and one Chinese statement that says the same.
    let filler = ["carefully", "weekly", "with the team", "for every service", "and mentors others"];
    for i in 0..300 {
        let extra: Vec<&str> = (0..i % 12).map(|k| filler[(i + k) % filler.len()]).collect();
        let text = format!("# Engineer {i}\n\n* Takes part in code review {}\n", extra.join(" "));
        index.add_str(&format!("en-{i}"), &text, &AddOptions::default()).unwrap();
    }
    index.add_str("zh-reviewer", "# 工程师\n\n* 负责代码审查和代码质量\n", &AddOptions::default()).unwrap();
    let hits = index.search(&Query::new("code review")).unwrap();
    assert_eq!(hits.len(), 10);
    assert!(hits.iter().any(|h| h.role_id == "zh-reviewer"), "{:#?}", hits.iter().map(|h| &h.text).collect::<Vec<_>>());
    // The plain baseline has no way across.
    let plain = index.search(&Query::new("code review").cross_language(false)).unwrap();
    assert!(plain.iter().all(|h| h.role_id != "zh-reviewer"));
}

#[test]
fn collapsed_hits_are_the_uncollapsed_hits_with_copies_folded() {
    // A ladder that repeats its best-matching statements in 150 roles: the
    // first fetch holds more copies than texts.
    let index = Index::create_in_ram().unwrap();
    let shared = ["Owns the release process for the payments service", "Reviews release notes for payments"];
    for i in 0..150 {
        let own =
            format!("Writes release tooling number {i} for the team's {} services", ["web", "mobile", "data"][i % 3]);
        let text = format!("# Engineer {i}\n\n* {}\n* {}\n* {own}\n* Plans the offsite\n", shared[0], shared[1]);
        index.add_str(&format!("eng-{i:03}"), &text, &AddOptions::default()).unwrap();
    }
    for q in ["release payments", "release", "payments service tooling"] {
        let all = index.search(&Query::new(q).limit(2_000).collapse(false)).unwrap();
        let mut distinct: Vec<String> = Vec::new();
        for h in &all {
            if !distinct.contains(&h.text) {
                distinct.push(h.text.clone());
            }
        }
        for n in [1, 5, 10, 40] {
            let hits = index.search(&Query::new(q).limit(n)).unwrap();
            let texts: Vec<String> = hits.iter().map(|h| h.text.clone()).collect();
            assert_eq!(texts, distinct[..n.min(distinct.len())], "{q} top {n}");
            // Each hit names every role its text is in.
            for h in &hits {
                let mut roles: Vec<String> =
                    all.iter().filter(|a| a.text == h.text).map(|a| a.role_id.clone()).collect();
                roles.sort();
                assert_eq!(h.roles, roles, "{q}: {}", h.text);
            }
        }
    }
}

#[test]
fn katakana_loanwords_meet_the_english_they_come_from() {
    let index = Index::create_in_ram().unwrap();
    let opts = AddOptions::default();
    index
        .add_str(
            "maintainer",
            "# Maintainer\n\n## Responsibilities\n\n* Merges pull requests after review\n* Writes the release notes\n",
            &opts,
        )
        .unwrap();
    // "Approves pull requests and merges them", "Plans the budget for the team party".
    index
        .add_str(
            "maintainer-ja",
            "# メンテナー\n\n## 職務\n\n* プルリクエストを承認してマージする\n* チームのパーティーの予算を立てる\n",
            &opts,
        )
        .unwrap();
    // The learned layer alone links マージ to "dim", not "merge"; UniDic says it is "merge".
    let hits = index.search(&Query::new("merge")).unwrap();
    let ja = hits.iter().find(|h| h.lang.code() == "ja").expect("the Japanese statement that merges");
    assert!(ja.text.contains("マージ"), "{hits:#?}");
    let m = ja.matched.iter().find(|m| m.word == "マージ").expect("マージ matched");
    assert_eq!(m.concept.as_deref(), Some("loanword merg"));
    assert!(hits.iter().all(|h| !h.text.contains("予算")), "{hits:#?}");
    // And the reverse: the Japanese word finds the English statement.
    let hits = index.search(&Query::new("マージ")).unwrap();
    assert!(hits.iter().any(|h| h.text == "Merges pull requests after review"), "{hits:#?}");
    // compare pairs the two statements and says which layer bridged them.
    let c = index.compare("maintainer", "maintainer-ja").unwrap().comparison;
    let pair = c.pairs.iter().find(|p| p.a.text.starts_with("Merges")).expect("a pair for the merge duty");
    assert!(pair.b.text.contains("マージ"), "{:#?}", c.pairs);
    assert!(
        pair.evidence.iter().any(|e| e == "loanword: マージ = Merges" || e == "loanword: Merges = マージ"),
        "{:?}",
        pair.evidence
    );
}

#[test]
fn role_titles_rank_roles_but_are_never_statement_hits() {
    // Every CTO title names the concept the query asks for; the engineers'
    // statements say it. Role documents share the concept field with
    // statements. More statements match than a first fetch takes, so the
    // total is counted over the whole index.
    let index = Index::create_in_ram().unwrap();
    let mut batch = index.batch().unwrap();
    for i in 0..120 {
        let text = format!("# Chief Technology Officer {i}\n\n* Plan the budget {i}\n");
        batch.add_str(&format!("cto{i:03}"), &text, &AddOptions::default()).unwrap();
    }
    for i in 0..150 {
        let text = format!("# Engineer {i}\n\n* Report to the CTO every week {i}\n");
        batch.add_str(&format!("eng{i:03}"), &text, &AddOptions::default()).unwrap();
    }
    batch.commit().unwrap();
    for collapse in [true, false] {
        let page = index.search_page(&Query::new("CTO").limit(10).collapse(collapse)).unwrap();
        assert_eq!(page.hits.len(), 10);
        assert!(
            page.hits.iter().all(|h| h.text.starts_with("Report to the CTO")),
            "collapse {collapse}: {:?}",
            page.hits
        );
        assert_eq!((page.total.value, page.total.exact), (150, true), "collapse {collapse}");
        let count = index.search_page(&Query::new("CTO").limit(0).collapse(collapse)).unwrap();
        assert_eq!(count.total.value, 150);
        let zh = index.search_page(&Query::new("技术总监").limit(10).collapse(collapse)).unwrap();
        assert!(zh.hits.iter().all(|h| h.role_id.starts_with("eng")), "{:?}", zh.hits);
    }
    // The titles still rank the roles.
    let roles = index.search_page(&Query::new("CTO").level(Level::Role).limit(300)).unwrap();
    assert_eq!(roles.hits.iter().filter(|h| h.role_id.starts_with("cto")).count(), 120);
}
