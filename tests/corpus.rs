//! The whole shipped corpus: everything ingests, and judgements hold.

use rolesearch::{Index, Level, Query, RoleChange};

fn corpus() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

#[test]
fn whole_corpus_ingests_and_judgements_hold() {
    let index = Index::create_in_ram().unwrap();
    let report = index.add_paths(&[corpus()], false).unwrap();
    assert!(report.skipped.is_empty(), "skipped: {:#?}", report.skipped);
    let roles = index.roles().unwrap();
    assert!(roles.len() >= 150, "{} roles", roles.len());
    assert_eq!(report.count(RoleChange::Added), roles.len());
    for lang in ["en", "zh", "ja"] {
        assert!(report.by_lang.get(lang).copied().unwrap_or(0) > 20, "{lang}: {:?}", report.by_lang);
    }
    assert!(report.by_section["responsibilities"] > 1000, "{:?}", report.by_section);
    // Multi-level files yield stem/level-slug ids.
    assert!(roles.iter().any(|r| r.id == "EngineeringManager/em5-engineering-manager-5"));
    assert!(roles.iter().any(|r| r.id == "backend/level-3"));
    assert!(roles.iter().any(|r| r.id == "engineering/engineer-i"));

    // Judgements: (level, query, role id prefix expected in the top 3).
    let judgements =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/judgements.tsv")).unwrap();
    let mut failures = Vec::new();
    for line in judgements.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        let level = if cells[0] == "role" { Level::Role } else { Level::Statement };
        let hits = index.search(&Query::new(cells[1]).level(level).limit(3)).unwrap();
        if !hits.iter().any(|h| h.role_id.starts_with(cells[2])) {
            failures.push(format!("{line}: got {:?}", hits.iter().map(|h| &h.role_id).collect::<Vec<_>>()));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
