//! Load test for `rolesearch serve`: N clients on loopback send searches
//! for a bounded time; the same searches run in-process on the same index
//! for the baseline. Prints one table row per setting.
//!
//! ```text
//! cargo run --release -p rolesearch-server --example load -- \
//!     --addr 127.0.0.1:7700 --index DIR --queries tests/eval/queries.tsv --clients 1,4,16 --seconds 10
//! ```
//! `scripts/load_test.sh` starts a server and runs this.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Args {
    addr: String,
    index: String,
    queries: Vec<String>,
    clients: Vec<usize>,
    seconds: u64,
}

fn args() -> Args {
    let mut a =
        Args { addr: String::new(), index: String::new(), queries: Vec::new(), clients: vec![1, 4, 16], seconds: 10 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--addr" => a.addr = value,
            "--index" => a.index = value,
            "--seconds" => a.seconds = value.parse().expect("--seconds: a number"),
            "--clients" => a.clients = value.split(',').map(|n| n.parse().expect("--clients: numbers")).collect(),
            "--queries" => {
                // A queries TSV (`qid level lang query`) or one query per line.
                let text = std::fs::read_to_string(&value).unwrap_or_else(|e| panic!("{value}: {e}"));
                a.queries = text
                    .lines()
                    .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                    .map(|l| l.split('\t').next_back().unwrap_or(l).trim().to_string())
                    .collect();
            }
            other => panic!("unknown flag {other}"),
        }
    }
    assert!(
        !a.addr.is_empty() && !a.index.is_empty() && !a.queries.is_empty(),
        "--addr, --index and --queries are needed"
    );
    a
}

/// Latencies (µs) and errors of one run.
struct Outcome {
    latencies: Vec<u64>,
    errors: usize,
    elapsed: Duration,
}

/// Runs `work(client, request number)` on `clients` threads for `seconds`.
fn drive(clients: usize, seconds: u64, work: impl Fn(usize, usize) -> bool + Sync) -> Outcome {
    let stop = AtomicBool::new(false);
    let start = Instant::now();
    let results: Vec<(Vec<u64>, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let (stop, work) = (&stop, &work);
                s.spawn(move || {
                    let (mut lat, mut errors, mut n) = (Vec::new(), 0, 0);
                    while !stop.load(Ordering::Relaxed) {
                        let t = Instant::now();
                        if !work(c, n) {
                            errors += 1;
                        }
                        lat.push(t.elapsed().as_micros() as u64);
                        n += 1;
                    }
                    (lat, errors)
                })
            })
            .collect();
        std::thread::sleep(Duration::from_secs(seconds));
        stop.store(true, Ordering::Relaxed);
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let elapsed = start.elapsed();
    let mut latencies: Vec<u64> = results.iter().flat_map(|(l, _)| l.iter().copied()).collect();
    latencies.sort_unstable();
    Outcome { errors: results.iter().map(|(_, e)| e).sum(), latencies, elapsed }
}

fn row(name: &str, clients: usize, o: &Outcome) {
    let pct = |p: f64| o.latencies.get(((o.latencies.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0);
    println!(
        "| {name} | {clients} | {} | {:.0} | {:.2} | {:.2} | {} |",
        o.latencies.len(),
        o.latencies.len() as f64 / o.elapsed.as_secs_f64(),
        pct(0.50) as f64 / 1000.0,
        pct(0.99) as f64 / 1000.0,
        o.errors
    );
}

fn main() {
    let a = args();
    let index = Arc::new(rolesearch::Index::open(&a.index).expect("opening the index"));
    let encoded: Vec<String> =
        a.queries.iter().map(|q| form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()).collect();
    println!("{} queries, {} s per row, server {}", a.queries.len(), a.seconds, a.addr);
    println!("| where | clients | requests | req/s | p50 ms | p99 ms | errors |");
    println!("|---|---|---|---|---|---|---|");
    for &clients in &a.clients {
        let agents: Vec<ureq::Agent> = (0..clients).map(|_| ureq::AgentBuilder::new().build()).collect();
        let http = drive(clients, a.seconds, |c, n| {
            let q = &encoded[(c * 7 + n) % encoded.len()];
            let url = format!("http://{}/api/search?q={q}&top=10", a.addr);
            matches!(agents[c].get(&url).call().map(|r| (r.status(), r.into_string())), Ok((200, Ok(_))))
        });
        row("HTTP (loopback)", clients, &http);
        let local = drive(clients, a.seconds, |c, n| {
            let q = &a.queries[(c * 7 + n) % a.queries.len()];
            // As the server does: search, then write the JSON.
            index
                .search_page(&rolesearch::Query::new(q.as_str()).limit(10))
                .map(|page| serde_json::to_vec(&rolesearch_server::json::SearchOut::new(q, &page, 0)).is_ok())
                .unwrap_or(false)
        });
        row("in-process", clients, &local);
    }
}
