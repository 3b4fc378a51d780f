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
            .env_remove("ROLESEARCH_INDEX")
            .env("ROLESEARCH_CACHE_DIR", self.dir.path().join("cache"))
            .env("COLUMNS", "100")
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
    let rows = similar["similar"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    // Ranked by score; each row's overlap is the one `compare` reports for the pair.
    assert!(rows.windows(2).all(|w| w[0]["score"].as_f64() >= w[1]["score"].as_f64()), "{rows:?}");
    let nearest = rows[0]["role_id"].as_str().unwrap();
    let pair = json(&t.ok(&["compare", "wikimedia-cto", nearest, "--index", idx, "--json"]));
    // Equal up to rounding: each process interns words in its own hash order,
    // so the cosines' sums may differ in the last bit.
    let (a, b) = (pair["overlap"].as_f64().unwrap(), rows[0]["overlap"].as_f64().unwrap());
    assert!((a - b).abs() < 1e-5, "compare {a}, similar {b}");
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
    assert!(String::from_utf8_lossy(&out.stderr).contains("building the demo index"));
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
    assert!(out.contains("summary\tall\tn=6\tnDCG@5="), "{out}");
    for cell in ["nDCG@10=", "nDCG@20=", "P@5=", "P@10=", "P@20=", "MRR@10=", "R@10=", "MAP="] {
        assert!(out.lines().any(|l| l.starts_with("summary\tall") && l.contains(cell)), "{cell} in {out}");
    }
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

#[test]
fn a_mistyped_index_is_an_error_and_index_needs_a_destination() {
    let t = TestCommand::new().with_seeds();
    // $ROLESEARCH_INDEX names the index like --index: a typo is an error,
    // not a search of the demo corpus.
    let out = Command::new(env!("CARGO_BIN_EXE_rolesearch"))
        .args(["search", "budget"])
        .current_dir(t.dir.path())
        .env("ROLESEARCH_INDEX", t.dir.path().join("indxe"))
        .env("ROLESEARCH_CACHE_DIR", t.dir.path().join("cache"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("indxe") && err.contains("is not a rolesearch index"), "{err}");
    assert!(!t.dir.path().join("cache/demo").exists(), "no demo index was built");
    // `index` without a destination refuses and touches nothing.
    std::fs::write(t.dir.path().join("mine.md"), "# Mine\n\n* Plan the budget\n").unwrap();
    let err = t.fails(&["index", "mine.md"]);
    assert!(err.contains("--index"), "{err}");
    assert!(!t.dir.path().join("cache/demo").exists());
    // An empty $ROLESEARCH_INDEX is unset (not clap's "a value is required").
    let out = Command::new(env!("CARGO_BIN_EXE_rolesearch"))
        .args(["index", "mine.md"])
        .current_dir(t.dir.path())
        .env("ROLESEARCH_INDEX", "")
        .env("ROLESEARCH_CACHE_DIR", t.dir.path().join("cache"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("say where the index goes"), "{err}");
    // Paths that do not exist create no index.
    let err = t.fails(&["index", "missing.md", "--index", "fresh"]);
    assert!(err.contains("missing.md") && err.contains("not found"), "{err}");
    assert!(!t.dir.path().join("fresh").exists());
}

#[test]
fn unknown_roles_suggest_at_most_three_recognisable_ids() {
    let t = TestCommand::new().with_seeds();
    let idx = t.index();
    let err = t.fails(&["show", "cto", "--index", idx.to_str().unwrap()]);
    let closest = err.split("closest: ").nth(1).unwrap_or_else(|| panic!("{err}"));
    let named: Vec<&str> = closest.trim().trim_end_matches(')').split(", ").collect();
    assert!(named.len() <= 3 && named.iter().all(|id| id.contains("cto")), "{err}");
    let err = t.fails(&["show", "accountant", "--index", idx.to_str().unwrap()]);
    assert!(!err.contains("closest"), "nothing close, nothing suggested: {err}");
}

#[test]
fn help_version_and_completions() {
    let t = TestCommand::new();
    let help = t.ok(&["search", "--help"]);
    for needle in ["statement", "role", "responsibilities", "nice-to-have", "-n, --top", "-l, --lang", "zh"] {
        assert!(help.contains(needle), "{needle:?} not in search --help");
    }
    let top = t.ok(&["--help"]);
    assert!(top.contains("Japanese") && top.contains("Dictionaries:"), "{top}");
    let version = t.ok(&["--version"]);
    assert!(version.contains("Japanese analysis"), "{version}");
    if cfg!(feature = "japanese") {
        assert!(!version.contains("not compiled in"), "{version}");
    }
    let bash = t.ok(&["completions", "bash"]);
    assert!(bash.contains("rolesearch") && bash.contains("--lang"), "{bash}");
    assert!(t.fails(&["completions", "cmd.exe"]).contains("possible values"));
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let t = TestCommand::new().with_seeds();
    let idx = t.index();
    let idx = idx.to_str().unwrap();
    let coloured = t.ok(&["search", "budget", "--index", idx, "--color", "always"]);
    assert!(coloured.contains("\x1b["), "{coloured}");
    let plain = t.ok(&["search", "budget", "--index", idx, "--color", "never"]);
    assert!(!plain.contains("\x1b[") && plain.contains("[budget]"), "{plain}");
    // auto: not a terminal here, so no colour either way.
    let out = Command::new(env!("CARGO_BIN_EXE_rolesearch"))
        .args(["search", "budget", "--index", idx])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\x1b["));
}

#[test]
fn compare_aligns_cjk_by_display_width_and_shows_words_as_written() {
    let t = TestCommand::new().with_seeds();
    let idx = t.index();
    let out = t.ok(&["compare", "startup-cto-zh", "wikimedia-cto", "--index", idx.to_str().unwrap()]);
    let table: Vec<&str> = out.lines().skip_while(|l| !l.starts_with("score")).take_while(|l| !l.is_empty()).collect();
    assert!(table.len() > 3, "{out}");
    // Laid out in terminal cells (a CJK character fills two), the two blank
    // cells before the B and evidence headers are blank on every line.
    let cells = |line: &str| -> Vec<char> {
        line.chars().flat_map(|c| if display_width(&c.to_string()) == 2 { vec![c, '\0'] } else { vec![c] }).collect()
    };
    let header = cells(table[0]);
    let gaps: Vec<usize> = ["B", "evidence"]
        .iter()
        .map(|h| {
            let at = table[0].find(&format!("  {h}")).unwrap() + 2;
            display_width(&table[0][..at])
        })
        .collect();
    assert_eq!(header[gaps[0]], 'B');
    for line in &table {
        let c = cells(line);
        assert!(c.len() <= 100, "lines fit COLUMNS=100:\n{out}");
        for &g in &gaps {
            for k in [g - 2, g - 1] {
                assert!(c.get(k).is_none_or(|ch| *ch == ' '), "cell {k} of {line:?} is not blank:\n{out}");
            }
        }
    }
    assert!(table.iter().any(|l| l.chars().any(|c| display_width(&c.to_string()) == 2)), "Chinese in the table");
    // Evidence in words as written, never stems.
    assert!(out.contains("disaster") && !out.contains("disast;") && !out.contains("disast\n"), "{out}");
    assert!(!out.contains("servic;") && !out.contains("ensur;"), "{out}");
}

/// Columns a string takes on a terminal (CJK and full-width forms take two).
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60 => 2,
            _ => 1,
        })
        .sum()
}

#[test]
fn compare_json_marks_pairs_below_the_threshold() {
    let t = TestCommand::new().with_seeds();
    let idx = t.index();
    let v = json(&t.ok(&["compare", "startup-cto-zh", "wikimedia-cto", "--json", "--index", idx.to_str().unwrap()]));
    let threshold = v["threshold"].as_f64().unwrap();
    let only_a: Vec<&str> = v["only_a"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    let pairs = v["pairs"].as_array().unwrap();
    assert!(pairs.iter().any(|p| !p["matched"].as_bool().unwrap()), "some pair is below the threshold");
    for p in pairs {
        let below = p["score"].as_f64().unwrap() < threshold;
        assert_eq!(p["matched"].as_bool().unwrap(), !below);
        if below {
            assert!(only_a.contains(&p["a_text"].as_str().unwrap()));
        }
    }
}

#[test]
fn front_matter_metadata_filters_and_counts_hits() {
    let t = TestCommand::new();
    let docs = t.dir.path().join("postings");
    std::fs::create_dir(&docs).unwrap();
    let posting = |company: &str, city: &str, duty: &str| {
        format!("---\ntitle: Engineer\ncompany: {company}\nlocation: {city}\n---\n## Responsibilities\n\n* {duty}\n")
    };
    std::fs::write(docs.join("a.md"), posting("Acme", "Berlin", "Own the payments API")).unwrap();
    std::fs::write(docs.join("b.md"), posting("Beta", "Berlin", "Build the payments API")).unwrap();
    std::fs::write(docs.join("c.md"), posting("Acme", "Paris", "Plan the payments roadmap")).unwrap();
    let idx = t.index();
    let idx = idx.to_str().unwrap();
    t.ok(&["index", docs.to_str().unwrap(), "--index", idx]);
    let v = json(&t.ok(&["search", "payments", "-i", idx, "-j", "-f", "company=Acme", "--facet", "location"]));
    let ids: Vec<&str> = v["hits"].as_array().unwrap().iter().map(|h| h["role_id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&"a") && ids.contains(&"c"), "{ids:?}");
    assert_eq!(v["hits"][0]["metadata"]["company"][0], "Acme");
    assert_eq!(
        v["facets"]["location"],
        serde_json::json!([{"value": "Berlin", "count": 1}, {"value": "Paris", "count": 1}])
    );
    let human = t.ok(&["search", "payments", "-i", idx, "--facet", "company"]);
    assert!(human.contains("company: Acme (2), Beta (1)"), "{human}");
    assert!(t.ok(&["show", "b", "-i", idx]).contains("location: Berlin"));
    let err = t.fails(&["search", "payments", "-i", idx, "--filter", "company"]);
    assert!(err.contains("KEY=VALUE"), "{err}");
}

/// One HTTP/1.1 GET over a plain socket: status line and body.
fn http_get(addr: &str, path: &str) -> (String, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_string(), body.to_string())
}

#[test]
fn serve_answers_http_on_the_address_it_prints() {
    use std::io::BufRead;
    let t = TestCommand::new().with_seeds();
    let idx = t.index();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolesearch"))
        .args(["serve", "--index", idx.to_str().unwrap(), "--addr", "127.0.0.1:0"])
        .env("ROLESEARCH_CACHE_DIR", t.dir.path().join("cache"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stderr.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|r| r.split('/').next()).unwrap_or_else(|| panic!("{line}"));
    let (status, body) = http_get(addr, "/api/search?q=budget&top=2");
    assert!(status.contains("200"), "{status}");
    let v = json(&body);
    // The same document as `search --json`.
    let cli = json(&t.ok(&["search", "budget", "--index", idx.to_str().unwrap(), "--json", "--top", "2"]));
    assert_eq!(v, cli);
    let (status, page) = http_get(addr, "/");
    assert!(status.contains("200") && page.contains("<title>rolesearch</title>"));
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn trec_qrels_with_statement_ids_survive_edits_to_the_document() {
    let t = TestCommand::new();
    let docs = t.dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let doc = docs.join("lead.md");
    std::fs::write(&doc, "# Lead\n\n## Responsibilities\n\n* Own the hiring plan\n* Run the budget review\n").unwrap();
    let idx = t.index();
    let idx = idx.to_str().unwrap();
    t.ok(&["index", docs.to_str().unwrap(), "--index", idx]);
    // A researcher judges the hit that `search --json` returns, by its statement id.
    let v = json(&t.ok(&["search", "budget", "-i", idx, "-j", "-n", "1"]));
    let id = v["hits"][0]["statement_id"].as_str().unwrap().to_string();
    assert!(id.starts_with("lead:"), "{id}");
    let queries = t.dir.path().join("queries.tsv");
    std::fs::write(&queries, "q1\tstatement\ten\tbudget\n").unwrap();
    let qrels = t.dir.path().join("qrels.trec");
    std::fs::write(&qrels, format!("q1 0 {id} 2\nq1 0 lead:000000000000 1\n")).unwrap();
    let eval = |t: &TestCommand| {
        t.ok(&["eval", "--queries", queries.to_str().unwrap(), "--qrels", qrels.to_str().unwrap(), "-i", idx])
    };
    // Found at rank 1; the second judgment is never retrieved: R@10 = 1/2, P@5 = 1/5.
    let before = eval(&t);
    let summary = before.lines().find(|l| l.starts_with("summary\tall")).unwrap().to_string();
    assert!(
        summary.contains("MRR@10=1.000") && summary.contains("R@10=0.500") && summary.contains("P@5=0.200"),
        "{summary}"
    );
    // Statements added before it and its spacing changed: same id, same numbers.
    std::fs::write(
        &doc,
        "# Lead\n\n## Responsibilities\n\n* Mentor new engineers\n* Own the hiring plan\n*   Run the  budget review.\n",
    )
    .unwrap();
    t.ok(&["index", docs.to_str().unwrap(), "--index", idx]);
    let after = eval(&t);
    assert_eq!(after.lines().find(|l| l.starts_with("summary\tall")).unwrap(), summary, "{after}");
    // A file that is neither format is named.
    std::fs::write(&qrels, "q1 0 lead:abc\n").unwrap();
    let err = t.fails(&[
        "eval",
        "--queries",
        queries.to_str().unwrap(),
        "--qrels",
        qrels.to_str().unwrap(),
        "-i",
        idx,
        "--qrels-format",
        "trec",
    ]);
    assert!(err.contains("qrels.trec:1") && err.contains("qid iter docid grade"), "{err}");
}
