//! The API over real HTTP on loopback, as a job board's backend calls it.

mod common;

use std::net::SocketAddr;

use rolesearch::{Level, Query};
use rolesearch_server::Settings;
use serde_json::{json, Value};

fn answer(result: Result<ureq::Response, ureq::Error>) -> (u16, Value) {
    let response = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("no HTTP answer: {e}"),
    };
    let status = response.status();
    let text = response.into_string().unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (status, body)
}

fn get(addr: SocketAddr, path_and_query: &str) -> (u16, Value) {
    answer(ureq::get(&format!("http://{addr}{path_and_query}")).call())
}

fn post(addr: SocketAddr, body: &str) -> (u16, Value) {
    answer(
        ureq::post(&format!("http://{addr}/api/documents")).set("Content-Type", "application/json").send_string(body),
    )
}

fn delete(addr: SocketAddr, id: &str) -> (u16, Value) {
    answer(ureq::delete(&format!("http://{addr}/api/documents")).query("id", id).call())
}

#[test]
fn answers_are_the_cli_json_of_the_same_search() {
    let index = common::seeds_index();
    // What `rolesearch search "招聘" --level role --top 3 --json` prints, from the library.
    let q = Query::new("招聘").level(Level::Role).limit(3);
    // (Through text, as the CLI prints it: scores are f32 written shortest.)
    let page = index.search_page(&q).unwrap();
    let printed = serde_json::to_string(&rolesearch_server::json::SearchOut::new("招聘", &page, 0)).unwrap();
    let expected: Value = serde_json::from_str(&printed).unwrap();
    let addr = common::start(index, Settings::default());
    let (status, body) = get(addr, "/api/search?q=%E6%8B%9B%E8%81%98&level=role&top=3");
    assert_eq!(status, 200);
    assert_eq!(body, expected);
    assert_eq!(body["hits"][0]["role_id"], "startup-cto-zh");
    for key in ["role_id", "role_title", "lang", "section", "text"] {
        assert!(body["hits"][0][key].is_string(), "{key}");
    }

    let (status, c) = get(addr, "/api/compare?a=wikimedia-cto&b=startup-cto-zh");
    assert_eq!(status, 200);
    assert_eq!((c["a"]["role_id"].as_str(), c["b"]["lang"].as_str()), (Some("wikimedia-cto"), Some("zh")));
    assert!(c["pairs"].as_array().unwrap().iter().any(|p| p["matched"] == true), "{c}");
    assert!(c["only_a"].is_array() && c["only_b"].is_array() && c["threshold"].is_number());
    let (status, themes) = get(addr, "/api/compare?role=wikimedia-cto&role=startup-cto-zh&role=dosomething-cto");
    assert_eq!(status, 200);
    assert_eq!(themes["roles"].as_array().unwrap().len(), 3);
    let (_, similar) = get(addr, "/api/similar?role=wikimedia-cto&top=2");
    assert_eq!(similar["similar"].as_array().unwrap().len(), 2);
    let (_, roles) = get(addr, "/api/roles");
    assert_eq!(roles["roles"].as_array().unwrap().len(), 5);
    let (_, show) = get(addr, "/api/show?role=startup-cto-zh");
    assert_eq!(show["role"]["lang"], "zh");
    assert!(show["statements"].as_array().unwrap().len() > 10);
    let (_, health) = get(addr, "/api/health");
    assert_eq!(health, json!({"status": "ok", "roles": 5}));
}

#[test]
fn bad_requests_get_a_4xx_that_says_what_to_change() {
    let addr = common::start(common::seeds_index(), Settings::default());
    let cases = [
        ("/api/search", 400, "`q` is missing"),
        ("/api/search?q=budget&top=ten", 400, "`top`: expected a whole number"),
        ("/api/search?q=budget&lang=fr", 400, "`lang`: expected en, zh or ja"),
        ("/api/search?q=budget&section=perks", 400, "`section`: expected one of"),
        ("/api/search?q=budget&level=team", 400, "`level`"),
        ("/api/search?q=budget&filter=company", 400, "KEY=VALUE"),
        ("/api/search?q=%2C%2C", 400, "no searchable words"),
        ("/api/search?q=budget&offset=20000", 400, "offset 20000"),
        ("/api/search?q=budget&role=wikimedia-ct", 404, "unknown role"),
        ("/api/compare?a=wikimedia-cto", 400, "`b` is missing"),
        ("/api/show?role=cto", 404, "closest"),
        ("/api/nothing", 404, "no such endpoint"),
    ];
    for (path, status, says) in cases {
        let (got, body) = get(addr, path);
        assert_eq!(got, status, "{path}: {body}");
        assert!(body["error"].as_str().unwrap().contains(says), "{path}: {body}");
    }
    let (_, body) = get(addr, "/api/show?role=wikimedia-ct");
    assert_eq!(body["suggestions"], json!(["wikimedia-cto"]));

    // Writes: bad JSON, not a role document, unknown format, too large.
    assert_eq!(post(addr, "{").0, 400);
    assert_eq!(post(addr, r#"{"id": "x"}"#).0, 422, "text is required");
    let (status, body) = post(addr, r#"{"id": "x", "text": "   "}"#);
    assert_eq!(status, 422, "{body}");
    assert_eq!(post(addr, r##"{"id": "x", "text": "# X\n\n* y\n", "format": "docx"}"##).0, 400);
    let huge = format!(r#"{{"id": "x", "text": "{}"}}"#, "a ".repeat(Settings::default().body_bytes / 2 + 1));
    let (status, body) = post(addr, &huge);
    assert_eq!(status, 413, "{body}");
    assert!(body["error"].as_str().unwrap().contains("one document per request"), "{body}");
    assert_eq!(delete(addr, "never-added").0, 404);
}

#[test]
fn the_demo_server_is_read_only() {
    let addr = common::start(common::seeds_index(), Settings { read_only: true, ..Settings::default() });
    let (status, body) = post(addr, r##"{"id": "x", "text": "# X\n\n* Own the budget\n"}"##);
    assert_eq!(status, 403);
    assert!(body["error"].as_str().unwrap().contains("--index"), "{body}");
    assert_eq!(delete(addr, "wikimedia-cto").0, 403);
    assert_eq!(get(addr, "/api/roles").1["roles"].as_array().unwrap().len(), 5);
}

#[test]
fn documents_added_and_removed_over_http_while_others_search() {
    let addr = common::start(common::seeds_index(), Settings::default());
    // Four clients search without pause while postings arrive one by one.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let searchers: Vec<_> = (0..4)
        .map(|_| {
            let stop = std::sync::Arc::clone(&stop);
            std::thread::spawn(move || {
                let (mut searches, mut last) = (0, 0);
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    let (status, body) = get(addr, "/api/search?q=payments&level=role&top=100&facet=company");
                    assert_eq!(status, 200, "{body}");
                    let n = body["total"].as_u64().unwrap();
                    assert!(n >= last, "a search saw fewer postings ({n}) than an earlier one ({last})");
                    last = n;
                    searches += 1;
                }
                searches
            })
        })
        .collect();
    for i in 0..30 {
        let doc = json!({
            "id": format!("posting-{i}"),
            "text": format!("# Payments Engineer {i}\n\n## Responsibilities\n\n* Own the payments ledger\n"),
            "metadata": {"company": if i % 3 == 0 { "Acme" } else { "Beta" }, "tags": ["remote", "payments"]},
        });
        let (status, body) = post(addr, &doc.to_string());
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["roles"], json!([format!("posting-{i}")]));
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let searches: usize = searchers.into_iter().map(|t| t.join().unwrap()).sum();
    assert!(searches > 0);

    let (_, body) = get(addr, "/api/search?q=payments&level=role&top=100&facet=company&filter=tags=remote");
    assert_eq!(body["total"], 30);
    assert_eq!(body["facets"]["company"], json!([{"value": "Beta", "count": 20}, {"value": "Acme", "count": 10}]));
    assert_eq!(body["hits"][0]["metadata"]["tags"], json!(["remote", "payments"]));
    assert_eq!(delete(addr, "posting-0"), (200, json!({"removed": 1})));
    assert_eq!(get(addr, "/api/search?q=payments&level=role&top=100").1["total"], 29);
    assert_eq!(delete(addr, "posting-0").0, 404);
}
