//! The `rolesearch` binary end to end, as independent checks and users run it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds")
}

struct TestCommand {
    dir: tempfile::TempDir,
}

impl TestCommand {
    fn new() -> TestCommand {
        TestCommand { dir: tempfile::tempdir().unwrap() }
    }

    fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_rolesearch"))
            .args(args)
            .current_dir(self.dir.path())
            .env("ROLESEARCH_INDEX", self.dir.path().join("default-index"))
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} should fail; stdout: {}", String::from_utf8_lossy(&out.stdout));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!err.contains("panicked"), "{err}");
        err
    }

    fn with_seeds(self) -> TestCommand {
        let idx = self.index();
        self.ok(&["index", seeds().to_str().unwrap(), "--index", idx.to_str().unwrap()]);
        self
    }
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

#[test]
fn index_prints_a_summary_and_reruns_skip_unchanged_files() {
    let t = TestCommand::new();
    let idx = t.index();
    let out = t.ok(&["index", seeds().to_str().unwrap(), "--index", idx.to_str().unwrap()]);
    assert!(out.contains("roles: 5 added"), "{out}");
    assert!(out.contains("by section:") && out.contains("responsibilities"), "{out}");
    assert!(out.contains("by language:") && out.contains("zh 45"), "{out}");
    let again = t.ok(&["index", seeds().to_str().unwrap(), "--index", idx.to_str().unwrap()]);
    assert!(again.contains("0 added, 0 updated, 5 unchanged"), "{again}");
}

#[test]
fn prune_removes_roles_whose_files_are_gone() {
    let t = TestCommand::new();
    let docs = t.dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("a.md"), "# A\n\n* Plan the budget\n").unwrap();
    std::fs::write(docs.join("b.md"), "# B\n\n* Hire engineers\n").unwrap();
    let idx = t.index();
    t.ok(&["index", "docs", "--index", idx.to_str().unwrap()]);
    std::fs::remove_file(docs.join("b.md")).unwrap();
    std::fs::write(docs.join("a.md"), "# A\n\n* Plan the annual budget\n").unwrap();
    let out = t.ok(&["index", "docs", "--index", idx.to_str().unwrap(), "--prune"]);
    assert!(out.contains("0 added, 1 updated, 0 unchanged, 1 removed; 1 in the index"), "{out}");
}

#[test]
fn search_json_follows_the_contract() {
    let t = TestCommand::new().with_seeds();
    let idx = t.index();
    let out = t.ok(&["search", "budget", "--index", idx.to_str().unwrap(), "--json", "--top", "5"]);
    let v = json(&out);
    assert_eq!(v["query"], "budget");
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 5);
    for h in hits {
        for key in ["role_id", "role_title", "lang", "section", "text"] {
            assert!(h[key].is_string(), "{key} in {h}");
        }
        assert!(h["score"].is_number());
    }
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // Role level: one hit per role.
    let out = t.ok(&["search", "招聘", "--index", idx.to_str().unwrap(), "--json", "--level", "role"]);
    let v = json(&out);
    let ids: Vec<&str> = v["hits"].as_array().unwrap().iter().map(|h| h["role_id"].as_str().unwrap()).collect();
    let mut dedup = ids.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(ids.len(), dedup.len(), "{ids:?}");
}

#[test]
fn chinese_query_without_spaces_is_not_a_phrase() {
    let t = TestCommand::new().with_seeds();
    let idx = t.index();
    // "disaster plan": the words are not adjacent in 建立完整的灾难恢复预案, so a phrase query would miss it.
    let out = t.ok(&["search", "灾难预案", "--index", idx.to_str().unwrap(), "--json", "--lang", "zh"]);
    let v = json(&out);
    assert!(v["hits"][0]["text"].as_str().unwrap().contains("灾难恢复预案"), "{v}");
}

#[test]
fn readable_output_highlights_matched_words() {
    let t = TestCommand::new().with_seeds();
    let out = t.ok(&["search", "灾难恢复", "--index", t.index().to_str().unwrap(), "--explain"]);
    assert!(out.contains("[灾难恢复预案]") && out.contains("[恢复]"), "{out}");
    assert!(out.contains("[backup], [disaster] [recovery]"), "{out}");
    assert!(out.contains("via lexicon concept backup-recovery"), "{out}");
}

#[test]
fn compare_show_roles_and_similar() {
    let t = TestCommand::new().with_seeds();
    let idx = t.index();
    let idx = idx.to_str().unwrap();
    let v = json(&t.ok(&["compare", "startup-cto-zh", "wikimedia-cto", "--index", idx, "--json"]));
    assert_eq!(v["a"]["role_id"], "startup-cto-zh");
    assert_eq!(v["b"]["lang"], "en");
    let pairs = v["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 45, "every statement of A is aligned");
    assert!(pairs.iter().any(|p| p["a_text"].as_str().unwrap().contains("灾难恢复预案")
        && p["b_text"].as_str().unwrap().contains("disaster recovery")));
    assert!(v["overlap"].as_f64().unwrap() > 0.0 && v["only_a"].is_array() && v["only_b"].is_array());
    let table = t.ok(&["compare", "startup-cto-zh", "wikimedia-cto", "--index", idx]);
    assert!(table.contains("only in A") && table.contains("overlap"), "{table}");
    let matrix = t.ok(&["compare", "startup-cto-zh", "wikimedia-cto", "dosomething-cto", "--index", idx]);
    assert!(matrix.contains("hiring") && matrix.contains("budget"), "{matrix}");
    let err = t.fails(&["compare", "startup-cto", "wikimedia-cto", "--index", idx]);
    assert!(err.contains("unknown role \"startup-cto\"") && err.contains("startup-cto-zh"), "{err}");
    let roles = t.ok(&["roles", "--index", idx]);
    assert_eq!(roles.lines().count(), 5, "{roles}");
    let show = t.ok(&["show", "wikimedia-cto", "--index", idx]);
    assert!(
        show.contains("organization: Wikimedia Foundation") && show.contains("    - Operation of office IT"),
        "{show}"
    );
    let similar = json(&t.ok(&["similar", "wikimedia-cto", "--index", idx, "--json"]));
    assert_eq!(similar["similar"].as_array().unwrap().len(), 4);
}

#[test]
fn bad_inputs_get_one_line_errors() {
    let t = TestCommand::new();
    let d = t.dir.path();
    std::fs::write(d.join("good.md"), "# Good\n\n* Plan the budget\n").unwrap();
    std::fs::write(d.join("binary.txt"), [0u8, 1, 2, 3, 0, 255]).unwrap();
    std::fs::write(d.join("latin1.txt"), b"Caf\xe9 manager\n").unwrap();
    std::fs::write(d.join("empty.txt"), "   \n\n").unwrap();
    let big = std::fs::File::create(d.join("huge.txt")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    let idx = t.index();
    let idx_s = idx.to_str().unwrap();
    let out = t.run(&[
        "index",
        "good.md",
        "binary.txt",
        "latin1.txt",
        "empty.txt",
        "huge.txt",
        "missing.md",
        "--index",
        idx_s,
    ]);
    assert!(out.status.success(), "something was indexed, so exit 0");
    let err = String::from_utf8(out.stderr).unwrap();
    for needle in [
        "binary.txt: binary file",
        "latin1.txt: not valid UTF-8",
        "empty.txt: empty document",
        "huge.txt: 52428800 bytes is over the",
        "missing.md: cannot read",
    ] {
        assert!(err.contains(needle), "{needle:?} not in {err}");
    }
    assert!(String::from_utf8(out.stdout).unwrap().contains("skipped files: 5"));
    // Nothing indexable: non-zero exit, and the index keeps what it had.
    let err = t.fails(&["index", "missing.md", "--index", idx_s]);
    assert!(err.contains("missing.md"), "{err}");
    assert!(t.ok(&["search", "budget", "--index", idx_s]).contains("good"));
    // Folders that are not indexes, queries with no words, over-long queries.
    let err = t.fails(&["search", "budget", "--index", d.to_str().unwrap()]);
    assert!(err.contains("is not a rolesearch index"), "{err}");
    for q in ["", "   ", "，。"] {
        let err = t.fails(&["search", q, "--index", idx_s]);
        assert!(err.contains("no searchable words") && err.lines().count() == 1, "{err}");
    }
    let long = "x".repeat(10_000);
    assert!(t.fails(&["search", &long, "--index", idx_s]).contains("limit is 4096"));
    assert!(t.fails(&["search", "budget", "--index", idx_s, "--level", "team"]).contains("--level"));
    assert!(t.fails(&["search", "budget", "--index", idx_s, "--lang", "xx"]).contains("--lang"));
}

#[test]
fn default_index_is_built_from_the_corpus_on_first_use() {
    let t = TestCommand::new();
    let out = t.run(&["search", "disaster recovery", "--top", "3", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("building the default index"));
    let v = json(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(v["hits"].as_array().unwrap().len(), 3);
    let again = t.run(&["search", "disaster recovery", "--top", "3"]);
    assert!(!String::from_utf8_lossy(&again.stderr).contains("building"), "built only once");
}

#[test]
fn user_lexicon_extends_the_builtin_one() {
    let t = TestCommand::new();
    let d = t.dir.path();
    std::fs::write(d.join("sre.md"), "# SRE\n\n## Responsibilities\n\n* Run the Kubernetes platform\n").unwrap();
    // A user concept: "container orchestration" = 容器编排 = Kubernetes.
    std::fs::write(
        d.join("lexicon.tsv"),
        "# mine\ncontainer-orchestration\tkubernetes|container orchestration\t容器编排\n",
    )
    .unwrap();
    std::fs::write(d.join("bad.tsv"), "bad id\tx\n").unwrap();
    let idx = t.index();
    let idx = idx.to_str().unwrap();
    let with = |lexicon: &str, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_rolesearch"))
            .args(args)
            .current_dir(d)
            .env("ROLESEARCH_LEXICON", d.join(lexicon))
            .output()
            .unwrap()
    };
    assert!(with("lexicon.tsv", &["index", "sre.md", "--index", idx]).status.success());
    let out = with("lexicon.tsv", &["search", "容器编排", "--index", idx, "--json"]);
    let v = json(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(v["hits"][0]["role_id"], "sre", "{v}");
    let bad = with("bad.tsv", &["search", "budget", "--index", idx]);
    assert!(!bad.status.success());
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(err.contains("bad.tsv: line 1") && err.contains("bad concept id"), "{err}");
}

#[test]
fn eval_prints_metrics_and_writes_trec_files() {
    let t = TestCommand::new().with_seeds();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/eval");
    let run = t.dir.path().join("run.trec");
    let qrels = t.dir.path().join("qrels.trec");
    let out = t.ok(&[
        "eval",
        "--queries",
        root.join("queries.tsv").to_str().unwrap(),
        "--qrels",
        root.join("qrels.tsv").to_str().unwrap(),
        "--index",
        t.index().to_str().unwrap(),
        "--run-out",
        run.to_str().unwrap(),
        "--qrels-out",
        qrels.to_str().unwrap(),
    ]);
    assert!(out.contains("summary\tall\tn=6\tnDCG@10="), "{out}");
    let run = std::fs::read_to_string(run).unwrap();
    let first: Vec<&str> = run.lines().next().unwrap().split(' ').collect();
    assert_eq!((first[1], first[3], first[5]), ("Q0", "1", "rolesearch"), "{run}");
    assert!(std::fs::read_to_string(qrels).unwrap().contains("t2 0 startup-cto-zh:"));
    let err = t.fails(&[
        "eval",
        "--queries",
        "missing.tsv",
        "--qrels",
        "missing.tsv",
        "--index",
        t.index().to_str().unwrap(),
    ]);
    assert!(err.contains("missing.tsv"), "{err}");
}

#[test]
fn user_dictionaries_change_segmentation_and_bad_ones_are_named() {
    let t = TestCommand::new();
    let d = t.dir.path();
    // "draw up the disaster recovery plan"
    std::fs::write(d.join("dr.md"), "# 运维主管\n\n## 岗位职责\n\n- 制定灾难恢复预案\n").unwrap();
    std::fs::write(d.join("words.dict"), "灾难恢复预案\n").unwrap();
    std::fs::write(d.join("bad.dict"), "灾难恢复预案 often\n").unwrap();
    let idx = d.join("idx");
    let idx = idx.to_str().unwrap();
    let user = ["--zh-user-dict", "words.dict"];
    t.ok(&[&["index", "dr.md", "--index", idx][..], &user].concat());
    // The index remembers its dictionaries: searching without them is refused.
    let out = t.run(&["search", "预案", "--index", idx]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("dictionaries") && err.contains("zh=jieba+user"), "{err}");
    // With them, the whole domain word is a term of its own.
    let out = t.ok(&[&["search", "灾难恢复预案", "--index", idx, "--json", "--explain"][..], &user].concat());
    let v = json(&out);
    assert!(v["hits"][0]["text"].as_str().unwrap().contains("灾难恢复预案"), "{v}");
    // A bad line and a missing file are named.
    for (file, says) in [("bad.dict", "line 1"), ("missing.dict", "missing.dict")] {
        let out = t.run(&["search", "预案", "--index", idx, "--zh-user-dict", file]);
        assert!(!out.status.success());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("jieba user dictionary") && err.contains(file) && err.contains(says), "{err}");
    }
    let out = t.run(&["search", "x", "--index", idx, "--ja-dict", "no-such-folder"]);
    assert!(!out.status.success());
    assert!(String::from_utf8(out.stderr).unwrap().contains("no-such-folder"));
}
