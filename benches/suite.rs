//! Performance suite: every figure is a median over repeated runs, and every
//! comparison is a ratio against a baseline measured in the same run.
//!
//! `cargo bench --bench suite` (O*NET from `ROLESEARCH_ONET`, default
//! `../shared/benchmark/onet-27.0`; `ROLESEARCH_BENCH_STATEMENTS` sets the
//! index size, default 100000). Prints:
//! * analysis throughput (MB/s): rolesearch's analyzer vs tantivy's `en_stem`
//!   pipeline on English, vs raw jieba-rs `cut_for_search` on Chinese, and mixed;
//! * indexing statements/s: rolesearch's schema and analyzer vs a plain
//!   tantivy index with the default tokenizer, on the same statements;
//! * query latency p50/p99 for 1,000 English and Chinese queries;
//! * peak RSS of the process.
//!
//! `ROLESEARCH_BENCH_ONLY=analysis` (or `indexing`) runs that part alone;
//! `profile-en` / `profile-zh` runs only our analyzer on one language, and
//! `profile-index` only our indexing, `profile-query` our queries repeated,
//! `profile-concepts` analysis then concept matching alone (ns per token), for
//! `perf record`.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rolesearch_analysis::MixedAnalyzer;
use rolesearch_doc::{Lang, Role, Section, SectionKind, Statement};
use rolesearch_index::RoleIndex;
use rolesearch_query::{search, Query};
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, TEXT};
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer};
use tantivy::{doc, Index, IndexWriter, TantivyDocument};

fn onet_dir() -> PathBuf {
    std::env::var_os("ROLESEARCH_ONET")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/benchmark/onet-27.0"))
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// Median duration of `runs` calls of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

/// Runs `ours` and `base` alternately `runs` times, so both see the same
/// machine load, and returns their median times and the median of the
/// per-round ratios base/ours (a shared machine's noise moves both together).
fn paired(runs: usize, mut ours: impl FnMut(), mut base: impl FnMut()) -> (Duration, Duration, f64) {
    let (mut a, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        ours();
        let ta = t.elapsed();
        let t = Instant::now();
        base();
        let tb = t.elapsed();
        r.push(tb.as_secs_f64() / ta.as_secs_f64());
        a.push(ta);
        b.push(tb);
    }
    a.sort();
    b.sort();
    r.sort_by(f64::total_cmp);
    (a[runs / 2], b[runs / 2], r[runs / 2])
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / d.as_secs_f64() / 1e6
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// English statements: O*NET task statements (or the corpus when O*NET is absent).
fn english_statements() -> Vec<String> {
    if let Ok(tasks) = std::fs::read_to_string(onet_dir().join("Task Statements.txt")) {
        return tasks.lines().skip(1).filter_map(|l| l.split('\t').nth(2)).map(str::to_string).collect();
    }
    corpus_statements(Lang::En)
}

fn corpus_statements(lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for path in rolesearch_doc::find_documents(&corpus_dir()).unwrap_or_default() {
        for role in rolesearch_doc::read_file(&path).unwrap_or_default() {
            out.extend(role.statements().filter(|(_, s)| s.lang == lang).map(|(_, s)| s.text.clone()));
        }
    }
    out
}

/// Chinese statements: the shipped Chinese documents and the Chinese
/// OpenHarmony charters (one statement per non-empty line).
fn chinese_statements() -> Vec<String> {
    let mut out = corpus_statements(Lang::Zh);
    let charters = onet_dir().join("../openharmony-sig-pairs");
    for path in rolesearch_doc::find_documents(&charters).unwrap_or_default() {
        if path.to_string_lossy().ends_with("_cn.md") {
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.extend(
                    text.lines()
                        .map(|l| l.trim_start_matches(['#', '-', '*', ' ', '|']).trim())
                        .filter(|l| l.chars().filter(|c| rolesearch_doc::is_han(*c)).count() >= 6)
                        .map(str::to_string),
                );
            }
        }
    }
    out
}

fn en_stem() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(tantivy::tokenizer::Language::English))
        .build()
}

fn count_tantivy(analyzer: &mut TextAnalyzer, text: &str) -> usize {
    let mut n = 0;
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        n += 1;
    }
    n
}

fn analysis(en: &[String], zh: &[String]) {
    let en_text = en.join("\n");
    let zh_text = zh.join("\n");
    let mixed: String = en.iter().zip(zh.iter().cycle()).map(|(e, z)| format!("{z} {e}\n")).collect();
    let ours = MixedAnalyzer::new();
    ours.warm_up();
    let jieba = rolesearch_analysis::default_jieba();
    let mut stem = en_stem();
    // Assert the work was done, so no run is optimised away.
    assert!(ours.tokens(&en_text).len() > 1000 && count_tantivy(&mut stem, &en_text) > 1000);
    // `tokens` is what indexing runs (texts in one buffer); `analyze` returns
    // owned tantivy `Token`s (one allocation per token), measured for comparison.
    let runs = 15;
    let (t_ours_en, t_stem, r_en) =
        paired(runs, || assert!(!ours.tokens(&en_text).is_empty()), || assert!(count_tantivy(&mut stem, &en_text) > 0));
    let (t_ours_zh, t_jieba, r_zh) = paired(
        runs,
        || assert!(!ours.tokens(&zh_text).is_empty()),
        || assert!(!jieba.cut_for_search(&zh_text, false).is_empty()),
    );
    let (t_owned_zh, t_jieba2, r_owned_zh) = paired(
        runs,
        || assert!(!ours.analyze(&zh_text).is_empty()),
        || assert!(!jieba.cut_for_search(&zh_text, false).is_empty()),
    );
    // The tokenizer baseline a tantivy user reaches for: tantivy-jieba, lowercased.
    let mut tj = TextAnalyzer::builder(tantivy_jieba::JiebaTokenizer::new()).filter(LowerCaser).build();
    let (t_ours_zh2, t_tj, r_tj) =
        paired(runs, || assert!(!ours.tokens(&zh_text).is_empty()), || assert!(count_tantivy(&mut tj, &zh_text) > 0));
    let t_ours_mixed = median(runs, || assert!(!ours.tokens(&mixed).is_empty()));
    println!("\n## Analysis throughput ({runs} alternating rounds; medians, ratio = median of per-round ratios)");
    println!("| text | bytes | rolesearch MB/s | baseline | baseline MB/s | ratio |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| English | {} | {:.1} | tantivy en_stem | {:.1} | {:.2}× |",
        en_text.len(),
        mb_per_s(en_text.len(), t_ours_en),
        mb_per_s(en_text.len(), t_stem),
        r_en
    );
    println!(
        "| Chinese | {} | {:.1} | raw jieba-rs cut_for_search | {:.1} | {:.2}× |",
        zh_text.len(),
        mb_per_s(zh_text.len(), t_ours_zh),
        mb_per_s(zh_text.len(), t_jieba),
        r_zh
    );
    println!(
        "| Chinese, owned `Token`s (`analyze`) | {} | {:.1} | raw jieba-rs cut_for_search | {:.1} | {:.2}× |",
        zh_text.len(),
        mb_per_s(zh_text.len(), t_owned_zh),
        mb_per_s(zh_text.len(), t_jieba2),
        r_owned_zh
    );
    println!(
        "| Chinese | {} | {:.1} | tantivy-jieba + LowerCaser | {:.1} | {:.2}× |",
        zh_text.len(),
        mb_per_s(zh_text.len(), t_ours_zh2),
        mb_per_s(zh_text.len(), t_tj),
        r_tj
    );
    println!("| mixed | {} | {:.1} | — | — | — |", mixed.len(), mb_per_s(mixed.len(), t_ours_mixed));
}

/// `n` statements cycling through the real ones, grouped into roles of 20.
fn roles_of(statements: &[String], n: usize) -> Vec<Role> {
    let mut roles = Vec::new();
    for (r, chunk) in (0..n).collect::<Vec<_>>().chunks(20).enumerate() {
        let sts: Vec<Statement> = chunk
            .iter()
            .map(|&i| {
                let text = statements[i % statements.len()].clone();
                let lang = rolesearch_doc::detect_lang(&text, None);
                Statement { text, lang, parent: None }
            })
            .collect();
        let lang = sts[0].lang;
        roles.push(Role {
            id: format!("bench-{r}"),
            document: format!("bench-{r}"),
            title: format!("Bench role {r}"),
            organization: None,
            source: "bench".into(),
            lang,
            sections: vec![Section { kind: SectionKind::Responsibilities, heading: String::new(), statements: sts }],
            metadata: Default::default(),
        });
    }
    roles
}

fn indexing(roles: &[Role], n: usize) -> RoleIndex {
    let bytes: usize = roles.iter().flat_map(|r| r.statements()).map(|(_, s)| s.text.len()).sum();
    let ours = || {
        let index = RoleIndex::create_in_ram().expect("index");
        let mut w = index.writer().expect("writer");
        let batch: Vec<(&Role, &str)> = roles.iter().map(|r| (r, "bench")).collect();
        for chunk in batch.chunks(2_000) {
            w.add_roles(chunk).expect("add");
        }
        w.commit().expect("commit");
        index
    };
    // One text field, stored, tokenized by `tokenizer` in tantivy's threads.
    let one_field = |tokenizer: Option<TextAnalyzer>| {
        let mut sb = Schema::builder();
        let options = match tokenizer {
            Some(_) => TextOptions::default()
                .set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer("peer")
                        .set_index_option(IndexRecordOption::WithFreqsAndPositions),
                )
                .set_stored(),
            None => TEXT | STORED,
        };
        let text = sb.add_text_field("text", options);
        let plain = Index::create_in_ram(sb.build());
        if let Some(t) = tokenizer {
            plain.tokenizers().register("peer", t);
        }
        let mut pw: IndexWriter<TantivyDocument> = plain.writer_with_num_threads(2, 80_000_000).expect("writer");
        for r in roles {
            for (_, s) in r.statements() {
                pw.add_document(doc!(text => s.text.as_str())).expect("add");
            }
        }
        pw.commit().expect("commit");
    };
    let plain = || one_field(None);
    if std::env::var("ROLESEARCH_BENCH_ONLY").is_ok_and(|v| v == "profile-index") {
        // Our indexing alone, for `perf record`.
        let t = median(3, || drop(ours()));
        println!("rolesearch indexing: {:.2} s", t.as_secs_f64());
        return ours();
    }
    let runs: usize = std::env::var("ROLESEARCH_BENCH_INDEX_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let mut index = None;
    let (t_ours, t_base, ratio) = paired(runs, || index = Some(ours()), plain);
    let index = index.expect("indexed");
    assert_eq!(index.roles().expect("roles").len(), roles.len());
    println!(
        "\n## Indexing {n} statements ({:.1} MB of text), {runs} alternating rounds (medians; ratio = median of per-round ratios)",
        bytes as f64 / 1e6
    );
    println!("| pipeline | seconds | statements/s | MB/s | ratio to plain tantivy |");
    println!("|---|---|---|---|---|");
    println!(
        "| rolesearch (schema, mixed analyzer, concepts) | {:.2} | {:.0} | {:.2} | {:.2}× |",
        t_ours.as_secs_f64(),
        n as f64 / t_ours.as_secs_f64(),
        mb_per_s(bytes, t_ours),
        ratio
    );
    println!(
        "| tantivy default tokenizer, one text field | {:.2} | {:.0} | {:.2} | 1.00× |",
        t_base.as_secs_f64(),
        n as f64 / t_base.as_secs_f64(),
        mb_per_s(bytes, t_base)
    );
    // Where the ceiling lies: the same one-field index with tantivy-jieba
    // (the pipeline a tantivy user reaches for) and with our analyzer alone.
    let jieba_peer = || TextAnalyzer::builder(tantivy_jieba::JiebaTokenizer::new()).filter(LowerCaser).build();
    let (t_tj, _, r_tj) = paired(runs, || one_field(Some(jieba_peer())), plain);
    let (t_an, _, r_an) = paired(runs, || one_field(Some(TextAnalyzer::from(MixedAnalyzer::new()))), plain);
    for (name, t, r) in [
        ("tantivy-jieba + LowerCaser, one text field", t_tj, r_tj),
        ("rolesearch analyzer alone, one text field", t_an, r_an),
    ] {
        println!(
            "| {name} | {:.2} | {:.0} | {:.2} | {:.2}× |",
            t.as_secs_f64(),
            n as f64 / t.as_secs_f64(),
            mb_per_s(bytes, t),
            r
        );
    }
    index
}

/// An in-memory index of `roles`, built once (no timing).
fn index_of(roles: &[Role]) -> RoleIndex {
    let index = RoleIndex::create_in_ram().expect("index");
    let mut w = index.writer().expect("writer");
    let batch: Vec<(&Role, &str)> = roles.iter().map(|r| (r, "bench")).collect();
    w.add_roles(&batch).expect("add");
    w.commit().expect("commit");
    index
}

fn latency(index: &RoleIndex, en: &[String], zh: &[String], roles: &[Role]) {
    // Queries: the first three words of English statements, and the first
    // two jieba words of Chinese ones: real vocabulary, not hand-picked.
    let analyzer = index.analyzer();
    let en_q: Vec<String> =
        en.iter().step_by(37).take(500).map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" ")).collect();
    let zh_q: Vec<String> = zh
        .iter()
        .step_by((zh.len() / 500).max(1))
        .take(500)
        .map(|s| {
            let toks = analyzer.analyze(s);
            toks.iter().take(2).map(|t| &s[t.offset_from..t.offset_to]).collect::<Vec<_>>().join("")
        })
        .filter(|q| !q.is_empty())
        .collect();
    // With ROLESEARCH_BENCH_DUMP=DIR, write the statements and queries so
    // peers (scripts/bm25s_peer.py) run on exactly the same data.
    if let Some(dir) = std::env::var_os("ROLESEARCH_BENCH_DUMP").map(PathBuf::from) {
        std::fs::create_dir_all(&dir).expect("dump folder");
        let statements: String = roles
            .iter()
            .flat_map(|r| r.statements())
            .map(|(_, s)| format!("{}\n", s.text.replace('\n', " ")))
            .collect();
        std::fs::write(dir.join("statements.txt"), statements).expect("write statements");
        let queries: String =
            en_q.iter().map(|q| format!("en\t{q}\n")).chain(zh_q.iter().map(|q| format!("zh\t{q}\n"))).collect();
        std::fs::write(dir.join("queries.tsv"), queries).expect("write queries");
    }
    // What a new searcher generation (every commit `serve` makes) costs the
    // first search on it, once: the statement snapshot (languages, copies
    // per text, sections, text keys, roles and orders).
    let searcher = index.searcher();
    let t = Instant::now();
    let langs = index.doc_languages(&searcher);
    let t_langs = t.elapsed();
    println!(
        "\nPer searcher generation, once: statement snapshot {:.1} ms (copies per text {:?}, {} roles)",
        t_langs.as_secs_f64() * 1e3,
        langs.copies(),
        langs.role_count()
    );
    println!("\n## Query latency (statement level, top 10)");
    println!("| queries | n | p50 ms | p99 ms |");
    println!("|---|---|---|---|");
    if std::env::var("ROLESEARCH_BENCH_ONLY").is_ok_and(|v| v == "profile-query") {
        // The queries alone, repeated, for `perf record`; ROLESEARCH_BENCH_LANG=en|zh
        // keeps one language, ROLESEARCH_BENCH_COLLAPSE=0 turns collapsing off.
        let lang = std::env::var("ROLESEARCH_BENCH_LANG").unwrap_or_default();
        let collapse = std::env::var("ROLESEARCH_BENCH_COLLAPSE").map_or(true, |v| v != "0");
        let qs: Vec<&String> = match lang.as_str() {
            "en" => en_q.iter().collect(),
            "zh" => zh_q.iter().collect(),
            _ => en_q.iter().chain(&zh_q).collect(),
        };
        for _ in 0..10 {
            for q in &qs {
                assert!(search(index, &Query::new((*q).clone()).collapse(collapse)).is_ok());
            }
        }
        return;
    }
    // The default query, and beside it (same index, same run) the parts
    // that cost most left out: collapsing copies, and cross-language
    // matching (--no-cross: plain BM25 over our analysis).
    type Variant = fn(Query) -> Query;
    let variants: [(&str, Variant); 3] =
        [("", |q| q), (", --no-collapse", |q| q.collapse(false)), (", --no-cross", |q| q.cross_language(false))];
    for (name, qs) in [("English", &en_q), ("Chinese", &zh_q)] {
        for (label, variant) in variants {
            let mut times: Vec<f64> = Vec::new();
            for q in qs.iter() {
                let query = variant(Query::new(q.clone()));
                let t = Instant::now();
                let hits = search(index, &query);
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                assert!(hits.is_ok(), "{q:?}");
            }
            times.sort_by(f64::total_cmp);
            let p = |x: f64| times[((times.len() as f64 * x) as usize).min(times.len() - 1)];
            println!("| {name}{label} | {} | {:.2} | {:.2} |", times.len(), p(0.5), p(0.99));
        }
    }
}

/// `n` statements, 4 English to 1 Chinese, that repeat no text: the sources,
/// then each statement joins two of the same language.
fn distinct_corpus(en: &[String], zh: &[String], n: usize) -> Vec<String> {
    // The pair changes with each pass over the sources (`i / len`), so no
    // two joined statements are the same text. (Until session 11 the
    // second half depended on `i % len` alone and the pairs repeated with
    // every pass: that corpus was as duplicated as the one above.)
    let joined = |src: &[String], i: usize| {
        let len = src.len();
        format!("{} {}", src[i % len], src[(i % len + 1 + i / len) % len])
    };
    let mut distinct: Vec<String> = Vec::with_capacity(n);
    for i in 0..n {
        distinct.push(if i % 5 == 4 {
            if i / 5 < zh.len() {
                zh[i / 5].clone()
            } else {
                joined(zh, i / 5)
            }
        } else {
            let k = i - i / 5 - 1;
            if k < en.len() {
                en[k].clone()
            } else {
                joined(en, k)
            }
        });
    }
    distinct
}

fn main() {
    let n: usize = std::env::var("ROLESEARCH_BENCH_STATEMENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let en = english_statements();
    let zh = chinese_statements();
    println!("# rolesearch performance suite");
    println!(
        "{} English and {} Chinese source statements; {} threads",
        en.len(),
        zh.len(),
        rayon::current_num_threads()
    );
    let only = std::env::var("ROLESEARCH_BENCH_ONLY").unwrap_or_default();
    if let Some(lang) = only.strip_prefix("profile-").filter(|l| *l == "en" || *l == "zh") {
        // Our analyzer alone on one language, for `perf record`.
        let text = if lang == "zh" { zh.join("\n") } else { en.join("\n") };
        let ours = MixedAnalyzer::new();
        let t = median(40, || assert!(!ours.tokens(&text).is_empty()));
        println!("{lang}: {:.1} MB/s", mb_per_s(text.len(), t));
        return;
    }
    if only == "profile-concepts" {
        let ours = MixedAnalyzer::new();
        let texts: Vec<&String> = en.iter().chain(zh.iter()).collect();
        let lists: Vec<_> = texts.iter().map(|t| ours.tokens(t)).collect();
        let lex = rolesearch_analysis::Lexicon::shared();
        let ta = median(9, || {
            for t in &texts {
                std::hint::black_box(ours.tokens(t));
            }
        });
        let tc = median(9, || {
            for l in &lists {
                std::hint::black_box(lex.concept_ids_joined(l));
            }
        });
        let n: usize = lists.iter().map(|l| l.len()).sum();
        println!(
            "analysis {:.1} ms, concepts {:.1} ms, {n} tokens, {:.1} ns/token",
            ta.as_secs_f64() * 1e3,
            tc.as_secs_f64() * 1e3,
            tc.as_secs_f64() * 1e9 / n as f64
        );
        return;
    }
    if only.is_empty() || only == "analysis" {
        analysis(&en, &zh);
    }
    if only == "analysis" {
        return;
    }
    // Mixed collection: 4 English statements to 1 Chinese.
    let mut all: Vec<String> = Vec::new();
    for (i, e) in en.iter().enumerate() {
        all.push(e.clone());
        if i % 4 == 0 && !zh.is_empty() {
            all.push(zh[(i / 4) % zh.len()].clone());
        }
    }
    if std::env::var("ROLESEARCH_BENCH_DISTINCT").is_ok_and(|v| v == "1") {
        // The distinct corpus instead (see below), for `profile-query`.
        all = distinct_corpus(&en, &zh, n);
    }
    let roles = roles_of(&all, n);
    let index = if only == "profile-query" { index_of(&roles) } else { indexing(&roles, n) };
    if only == "indexing" || only == "profile-index" {
        return;
    }
    latency(&index, &en, &zh, &roles);
    if only.is_empty() || only == "latency" {
        // The corpus above repeats each English text about 4 times and each
        // Chinese one about 14 (there are not 100,000 distinct statements at
        // hand), the worst case for collapsing copies. The same latency on
        // 100,000 distinct texts: past the sources, each statement joins two
        // of the same language.
        let distinct = distinct_corpus(&en, &zh, n);
        let texts: HashSet<String> = distinct.iter().map(|t| rolesearch_doc::fold(t)).collect();
        let roles = roles_of(&distinct, n);
        let index = index_of(&roles);
        println!("\n### The same on {n} statements, {} distinct texts", texts.len());
        latency(&index, &en, &zh, &roles);
    }
    println!("\npeak RSS: {:.0} MB", peak_rss_mb());
}
