//! Embedding rolesearch: an HR tool that keeps role documents in its own
//! database creates an index, adds documents from strings, removes one,
//! searches with options and compares roles, getting serializable results.
//!
//! Run with `cargo run --example embed`.

use rolesearch::{AddOptions, Format, Index, Lang, Level, Query, SectionKind};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // On disk: Index::open_or_create("path/to/index"). Here, a temporary folder.
    let dir = tempfile::tempdir()?;
    let index = Index::open_or_create(dir.path().join("index"))?;

    // Documents from the app's database, with an id and optional hints.
    let posting = "---\ntitle: \"Site Reliability Engineer\"\ncompany: \"Example Corp\"\n---\n\
        <p><strong>Responsibilities</strong></p><ul><li>Own backups and disaster recovery drills</li>\
        <li>Hire and mentor engineers</li></ul><p><strong>Requirements</strong></p><ul><li>5+ years of Linux</li></ul>";
    index.add_str("sre", posting, &AddOptions { format: Some(Format::Html), ..AddOptions::default() })?;
    // "technical director — duties: build a complete disaster recovery plan; take part in recruiting"
    let zh = "技术总监\n\n岗位职责\n\n建立完整的灾难恢复预案。\n参与技术团队人才招聘。\n";
    index.add_str("cto-zh", zh, &AddOptions { lang: Some(Lang::Zh), ..AddOptions::default() })?;
    index.add_str("temp", "# Temp\n\n* Water the plants\n", &AddOptions::default())?;
    assert_eq!(index.remove_role("temp")?, 1);

    // Files and folders too: bad files are reported, not fatal.
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/seeds");
    let report = index.add_paths(&[corpus], false)?;
    println!("added {} roles from files, {} skipped", report.written(), report.skipped.len());

    // An English query finds the Chinese statement too.
    let hits = index.search(&Query::new("disaster recovery").limit(5))?;
    for h in &hits {
        println!("{:.2} {:<30} {}", h.score, h.role_id, h.text);
    }
    assert!(hits.iter().any(|h| h.role_id == "cto-zh"));

    // Options: role level, language and section filters.
    let roles = index.search(&Query::new("招聘").level(Level::Role).limit(3))?;
    println!("roles for 招聘: {:?}", roles.iter().map(|h| &h.role_id).collect::<Vec<_>>());
    let zh_only =
        index.search(&Query::new("hiring").lang(Some(Lang::Zh)).section(Some(SectionKind::Responsibilities)))?;
    assert!(zh_only.iter().all(|h| h.lang == rolesearch::Lang::Zh));

    // Compare two roles across languages; results serialize with serde.
    let diff = index.compare("sre", "cto-zh")?;
    println!("{}", serde_json::to_string_pretty(&diff.comparison.pairs[0])?);
    println!("overlap {:.0}%", diff.comparison.overlap * 100.0);
    Ok(())
}
