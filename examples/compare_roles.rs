//! Compare roles across languages: what a Chinese 技术总监 (technical
//! director) does that a Wikimedia CTO also does, and what only one does.
//!
//! Run with `cargo run --example compare_roles`.

use rolesearch::Index;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let index = Index::create_in_ram()?;
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/seeds");
    index.add_paths(&[seeds], false)?;

    let c = index.compare("startup-cto-zh", "wikimedia-cto")?;
    println!("{} vs {}: overlap {:.0}%", c.a.title, c.b.title, c.comparison.overlap * 100.0);
    for p in c.comparison.pairs.iter().take(5) {
        println!("{:.2}  {}\n      {}\n      evidence: {}", p.score, p.a.text, p.b.text, p.evidence.join(", "));
    }
    println!(
        "only the Chinese role: {} statements; only the Wikimedia role: {}",
        c.comparison.only_a.len(),
        c.comparison.only_b.len()
    );

    // Three or more roles: a theme × role coverage matrix.
    let ids: Vec<String> = ["startup-cto-zh", "wikimedia-cto", "dosomething-cto"].map(String::from).to_vec();
    for (role, counts) in index.themes(&ids)? {
        println!("{:<20} {:?}", role.id, counts);
    }
    // The nearest roles to one role, with the score they are ranked by.
    for (role, score) in index.similar("wikimedia-cto", 3)? {
        println!("{score:.2} {}", role.id);
    }
    Ok(())
}
