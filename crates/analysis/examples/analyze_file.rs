//! Analyses a file many times; a target for profilers (`perf record`).
fn main() {
    let path = std::env::args().nth(1).expect("usage: analyze_file <FILE> [REPEAT]");
    let repeat: usize = std::env::args().nth(2).and_then(|r| r.parse().ok()).unwrap_or(20);
    let text = std::fs::read_to_string(&path).expect("a UTF-8 file");
    let a = rolesearch_analysis::MixedAnalyzer::new();
    a.warm_up();
    let mut n = 0;
    for _ in 0..repeat {
        n += a.analyze(&text).len();
    }
    println!("{n} tokens");
}
