//! Prints what the one-time costs of analysis are on this machine: loading
//! jieba's dictionary, parsing the lexicon, indexing CC-CEDICT.
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let a = rolesearch_analysis::MixedAnalyzer::new();
    a.warm_up();
    println!("jieba dictionary: {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
    let t = Instant::now();
    let n = rolesearch_analysis::Lexicon::shared().len();
    println!("lexicon ({n} concepts): {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
    let t = Instant::now();
    let d = rolesearch_analysis::Dictionary::builtin();
    let _ = d.english_of("预算");
    println!("CC-CEDICT index + one lookup: {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
}
