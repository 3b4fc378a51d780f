//! Lists lexicon terms whose words were dropped by analysis (stop words), so
//! a curator can see terms that match more than they say.
fn main() {
    let a = rolesearch_analysis::MixedAnalyzer::new();
    for line in rolesearch_analysis::BUILTIN_LEXICON.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let mut cells = line.split('\t');
        let id = cells.next().unwrap_or("");
        for cell in cells {
            for term in cell.split('|') {
                let words = term.split_whitespace().count();
                let toks = a.analyze(term);
                if words > 1 && toks.len() < words {
                    let t: Vec<_> = toks.iter().map(|t| t.text.as_str()).collect();
                    println!("{id}: {term:?} -> {t:?}");
                }
            }
        }
    }
}
