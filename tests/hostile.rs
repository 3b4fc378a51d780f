//! The library as an embedder that passes users' input straight through
//! uses it: nothing it is given may crash it or touch roles it did not name.

use rolesearch::{AddOptions, AddPathsOptions, IdFrom, Index, Level, Query, MAX_RESULT_WINDOW};

const ROLE: &str = "# Backend\n\n## Responsibilities\n\n* Own the team budget\n";

#[test]
fn any_limit_or_offset_is_safe() {
    let index = Index::create_in_ram().unwrap();
    index.add_str("backend", ROLE, &AddOptions::default()).unwrap();
    for level in [Level::Statement, Level::Role] {
        for limit in [usize::MAX, 1 << 40, MAX_RESULT_WINDOW + 1] {
            let hits = index.search(&Query::new("budget").level(level).limit(limit)).unwrap();
            assert_eq!(hits.len(), 1);
            let hits = index.search(&Query::new("budget").level(level).limit(limit).offset(usize::MAX - 1));
            assert!(hits.is_err(), "an offset past the window is an error, not a crash");
        }
    }
    assert!(index.search(&Query::new("budget").offset(1)).unwrap().is_empty());
}

#[test]
fn ids_with_slashes_never_clash_with_ladder_levels() {
    let index = Index::create_in_ram().unwrap();
    index.add_str("team/backend", ROLE, &AddOptions::default()).unwrap();
    // A ladder whose stem is "team": its levels are team/level-1, team/level-2.
    let ladder =
        "# Team\n\n## Level 1\n\n* Fix bugs\n* Write tests\n\n## Level 2\n\n* Lead projects\n* Mentor others\n";
    let ids = index.add_str("team", ladder, &AddOptions::default()).unwrap();
    assert_eq!(ids, ["team/level-1", "team/level-2"]);
    // Re-adding "team" as a single role removes its old levels, not team/backend.
    index.add_str("team", ROLE, &AddOptions::default()).unwrap();
    let ids: Vec<String> = index.roles().unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(ids, ["team", "team/backend"]);
    // Removing "team" removes that document's roles only.
    index.add_str("team", ladder, &AddOptions::default()).unwrap();
    assert_eq!(index.remove_role("team").unwrap(), 2);
    let ids: Vec<String> = index.roles().unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(ids, ["team/backend"]);
}

#[test]
fn prune_removes_and_adds_in_one_commit() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("old.md"), ROLE).unwrap();
    let index = Index::create_in_dir(dir.path().join("idx")).unwrap();
    index.add_paths(std::slice::from_ref(&docs), false).unwrap();
    std::fs::remove_file(docs.join("old.md")).unwrap();
    std::fs::write(docs.join("new.md"), ROLE).unwrap();

    // A second handle, as another process would search: while the run is
    // in progress (its progress callback), nothing new may be visible yet.
    let reader = Index::open(dir.path().join("idx")).unwrap();
    let seen = std::sync::Mutex::new(Vec::new());
    let options = AddPathsOptions { prune: true, ..AddPathsOptions::default() };
    let check = |_| {
        let ids: Vec<String> = reader.roles().unwrap().into_iter().map(|r| r.id).collect();
        seen.lock().unwrap().push(ids);
    };
    index.add_paths_with(std::slice::from_ref(&docs), &options, Some(&check)).unwrap();
    for ids in seen.lock().unwrap().iter() {
        assert_eq!(ids, &["old"], "a searcher saw a state between commits");
    }
    let ids: Vec<String> = reader.roles().unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(ids, ["new"]);
}

#[test]
fn ids_from_paths_are_relative_to_the_indexed_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    for sub in ["eng", "sales"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
        std::fs::write(root.join(sub).join("director.md"), ROLE).unwrap();
    }
    let index = Index::create_in_ram().unwrap();
    let options = AddPathsOptions { id_from: IdFrom::Path, ..AddPathsOptions::default() };
    let report = index.add_paths_with(std::slice::from_ref(&root), &options, None).unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let ids: Vec<String> = index.roles().unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(ids, ["eng/director", "sales/director"]);

    // By stem, the second folder's director replaces the first: reported.
    let stems = Index::create_in_ram().unwrap();
    stems.add_paths(&[root.join("eng")], false).unwrap();
    let report = stems.add_paths(&[root.join("sales")], false).unwrap();
    assert_eq!(report.replaced.len(), 1);
    assert_eq!(report.replaced[0].id, "director");
    assert!(report.replaced[0].old_source.ends_with("eng/director.md"));
}

#[test]
fn a_created_index_leaves_no_staging_folder() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::create_in_dir(dir.path().join("idx")).unwrap();
    index.add_str("backend", ROLE, &AddOptions::default()).unwrap();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["idx"]);
    // An existing non-empty folder that is not an index is never replaced.
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let err = Index::rebuild(dir.path(), &[], &AddPathsOptions::default(), None).unwrap_err();
    assert!(err.to_string().contains("is not a rolesearch index"), "{err}");
    assert!(dir.path().join("notes.txt").exists());
}
