//! Prints each input line's analysed tokens: `line <TAB> token token ...`.
//! Used by `scripts/make_bridge.py` to key the learned bilingual layer by
//! the terms the index holds (English stems, jieba words, katakana words).
use std::io::{BufRead, Write};

fn main() -> std::io::Result<()> {
    let a = rolesearch_analysis::MixedAnalyzer::new();
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        let tokens: Vec<String> = a.analyze(&line).into_iter().map(|t| t.text).collect();
        writeln!(out, "{line}\t{}", tokens.join(" "))?;
    }
    out.flush()
}
