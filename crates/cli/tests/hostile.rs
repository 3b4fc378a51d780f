//! The binary on hostile folders and damaged indexes (ARCHITECTURE.md, "Bad
//! input"): every run must end, within a deadline, with a clear message and
//! no panic, and keep what was indexed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Longest any command here may take; a hang fails the test instead of
/// hanging it.
const DEADLINE: Duration = Duration::from_secs(120);

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env { dir: tempfile::tempdir().unwrap() }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_rolesearch"));
        c.args(args)
            .current_dir(self.dir.path())
            .env_remove("ROLESEARCH_INDEX")
            .env("ROLESEARCH_CACHE_DIR", self.path("cache"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    /// Runs to the end or kills at the deadline (and fails).
    fn run(&self, args: &[&str]) -> (bool, String, String) {
        let mut child = self.command(args).spawn().unwrap();
        let start = Instant::now();
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if start.elapsed() > DEADLINE {
                let _ = child.kill();
                panic!("{args:?} did not finish in {DEADLINE:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let Output { status, stdout, stderr } = child.wait_with_output().unwrap();
        let (out, err) = (String::from_utf8_lossy(&stdout).into_owned(), String::from_utf8_lossy(&stderr).into_owned());
        assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
        (status.success(), out, err)
    }

    fn ok(&self, args: &[&str]) -> (String, String) {
        let (ok, out, err) = self.run(args);
        assert!(ok, "{args:?} failed: {err}");
        (out, err)
    }

    fn fails(&self, args: &[&str]) -> String {
        let (ok, out, err) = self.run(args);
        assert!(!ok, "{args:?} should fail; stdout: {out}");
        err
    }

    fn role_ids(&self, index: &str) -> Vec<String> {
        let (out, _) = self.ok(&["roles", "--index", index, "--json"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["roles"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
    }
}

const ROLE: &str = "# Director\n\n## Responsibilities\n\n* Own the team budget\n";

#[cfg(unix)]
#[test]
fn symlink_loops_end_and_are_reported_once_each() {
    let e = Env::new();
    e.write("docs/a/director.md", ROLE);
    e.write("docs/b/lead.md", "# Lead\n\n* Hire engineers\n");
    std::os::unix::fs::symlink("..", e.path("docs/a/loop")).unwrap();
    std::os::unix::fs::symlink("..", e.path("docs/b/loop")).unwrap();
    for follow in [false, true] {
        let mut args = vec!["index", "docs", "--index", if follow { "idx-f" } else { "idx" }];
        if follow {
            args.push("--follow");
        }
        let (_, err) = e.ok(&args);
        assert_eq!(err.matches("symlink loop").count(), 2, "{err}");
    }
    assert_eq!(e.role_ids("idx"), ["director", "lead"]);
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_oversized_files_are_never_read() {
    let e = Env::new();
    e.write("docs/director.md", ROLE);
    let fifo = e.path("docs/pipe.md");
    let made = Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    std::os::unix::fs::symlink("/dev/zero", e.path("docs/zero.md")).unwrap();
    // Sparse: 1 GiB on paper, nothing on disk.
    std::fs::File::create(e.path("docs/huge.txt")).unwrap().set_len(1 << 30).unwrap();
    let (out, err) = e.ok(&["index", "docs", "--index", "idx", "--follow"]);
    assert!(out.contains("1 added"), "{out}");
    assert!(err.contains("zero.md: is a character device, not a regular file"), "{err}");
    assert!(err.contains("huge.txt: 1073741824 bytes is over the 8388608-byte limit"), "{err}");
    if made {
        assert!(err.contains("pipe.md: is a FIFO"), "{err}");
        // Named directly, too.
        let err = e.fails(&["index", "docs/pipe.md", "--index", "idx2"]);
        assert!(err.contains("FIFO"), "{err}");
    }
    // Without --follow, the link out of the folder is not followed at all.
    let (_, err) = e.ok(&["index", "docs", "--index", "idx3"]);
    assert!(err.contains("zero.md: symlink to /dev/zero, outside the folder being indexed"), "{err}");
}

#[test]
fn yaml_alias_bombs_and_deep_html_are_bounded() {
    let e = Env::new();
    let mut bomb =
        String::from("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"]) {
        bomb.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(",")));
    }
    bomb.push_str("---\n# Bomb\n\n* Plan budgets\n");
    e.write("docs/bomb.md", &bomb);
    e.write("docs/bomb.html", &bomb.replace("* Plan budgets", "<ul><li>Plan budgets</li></ul>"));
    e.write("docs/deep.html", &format!("<p>Responsibilities</p>{}<li>Own the budget", "<div>".repeat(1_000_000)));
    let (out, err) = e.ok(&["index", "docs", "--index", "idx"]);
    assert!(out.contains("1 added"), "{out}");
    assert!(err.contains("bomb.md:") && err.contains("bomb.html:"), "{err}");
    assert_eq!(err.matches("front matter expands to over").count(), 2, "{err}");
    let (out, _) = e.ok(&["search", "budget", "--index", "idx"]);
    assert!(out.contains("Own the [budget]"), "{out}");
}

#[test]
fn html_files_are_html_whatever_their_markup_looks_like() {
    let e = Env::new();
    // Few block tags: by content alone this looked like plain text.
    e.write("docs/posting.html", "<h1>Senior Engineer</h1>\n<b>Own</b> the <i>deploy</i> pipeline and review code.\n");
    e.ok(&["index", "docs", "--index", "idx"]);
    let (out, _) = e.ok(&["show", "posting", "--index", "idx", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let texts: Vec<&str> = v["statements"].as_array().unwrap().iter().map(|s| s["text"].as_str().unwrap()).collect();
    assert!(!texts.is_empty());
    assert!(texts.iter().all(|t| !t.contains('<')), "markup indexed as text: {texts:?}");
}

#[test]
fn huge_top_values_are_capped_not_fatal() {
    let e = Env::new();
    e.write("docs/director.md", ROLE);
    e.ok(&["index", "docs", "--index", "idx"]);
    for top in ["1000000000000", &u64::MAX.to_string()] {
        let (out, _) = e.ok(&["search", "budget", "--index", "idx", "--top", top, "--json"]);
        assert!(out.contains("Own the team budget"), "{out}");
    }
    let err = e.fails(&["search", "budget", "--index", "idx", "--offset", "10000"]);
    assert!(err.contains("--offset 10000 is past the first 10000 hits"), "{err}");
}

/// Writes garbage into the middle of the largest file of the index.
fn damage(index: &Path) {
    let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(index)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "store" || x == "idx" || x == "term"))
        .map(|e| (e.metadata().unwrap().len(), e.path()))
        .collect();
    files.sort();
    let (_, file) = files.pop().unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    let n = bytes.len();
    for b in &mut bytes[n / 3..n / 3 + (n / 3).min(4000)] {
        *b = b.wrapping_mul(7).wrapping_add(13);
    }
    std::fs::write(&file, bytes).unwrap();
}

#[test]
fn a_damaged_index_is_named_once_and_rebuild_repairs_it() {
    let e = Env::new();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds");
    let seeds = seeds.to_str().unwrap();
    e.ok(&["index", seeds, "--index", "idx"]);
    damage(&e.path("idx"));
    for args in [
        vec!["index", seeds, "--index", "idx"],
        vec!["similar", "wikimedia-cto", "--index", "idx"],
        vec!["compare", "wikimedia-cto", "startup-cto-zh", "--index", "idx"],
    ] {
        let err = e.fails(&args);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_eq!(err.matches("is damaged").count(), 1, "{err}");
        assert!(err.contains("--index idx --rebuild"), "{err}");
        assert!(!err.contains("version"), "{err}");
    }
    let (out, _) = e.ok(&["index", seeds, "--index", "idx", "--rebuild"]);
    assert!(out.contains("5 added"), "{out}");
    e.ok(&["similar", "wikimedia-cto", "--index", "idx"]);
}

#[test]
fn interrupted_creation_is_repaired_by_the_command_the_message_names() {
    let e = Env::new();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds");
    let seeds = seeds.to_str().unwrap();
    // What an interrupted creation of an older rolesearch left: tantivy's
    // files without rolesearch.json.
    e.ok(&["index", seeds, "--index", "idx"]);
    std::fs::remove_file(e.path("idx/rolesearch.json")).unwrap();
    let err = e.fails(&["search", "budget", "--index", "idx"]);
    assert!(err.contains("creation did not finish") && err.contains("--rebuild"), "{err}");
    e.ok(&["index", seeds, "--index", "idx", "--rebuild"]);
    e.ok(&["search", "budget", "--index", "idx"]);

    // Kills at any moment of a first indexing leave either no index or a
    // whole one, never a folder every later command refuses.
    for (i, delay) in [5u64, 20, 60, 120, 250].into_iter().enumerate() {
        let name = format!("k{i}");
        let mut child = e.command(&["index", seeds, "--index", &name]).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        if e.path(&name).exists() {
            e.ok(&["roles", "--index", &name]);
        }
        e.ok(&["index", seeds, "--index", &name]);
        assert_eq!(e.role_ids(&name).len(), 5);
    }
}

#[test]
fn ids_from_paths_keep_same_named_files_and_replacements_are_reported() {
    let e = Env::new();
    e.write("one/director.md", ROLE);
    e.write("two/director.md", "# Director\n\n* Hire engineers\n");
    e.ok(&["index", "one", "--index", "idx"]);
    let (_, err) = e.ok(&["index", "two", "--index", "idx"]);
    assert!(err.contains("role \"director\" from one/director.md replaced by the one from two/director.md"), "{err}");

    e.write("all/one/director.md", ROLE);
    e.write("all/two/director.md", "# Director\n\n* Hire engineers\n");
    e.ok(&["index", "all", "--index", "paths", "--id-from", "path"]);
    assert_eq!(e.role_ids("paths"), ["one/director", "two/director"]);
    let err = e.fails(&["index", "all", "--index", "x", "--id-from", "inode"]);
    assert!(err.contains("'inode'") && err.contains("--id-from") && err.contains("stem, path"), "{err}");
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_get_distinct_ids() {
    use std::os::unix::ffi::OsStrExt;
    let e = Env::new();
    std::fs::create_dir_all(e.path("docs")).unwrap();
    for name in [&b"r\xe9le.md"[..], &b"r\xf4le.md"[..]] {
        let p = e.path("docs").join(std::ffi::OsStr::from_bytes(name));
        if std::fs::write(&p, ROLE).is_err() {
            return; // a file system that refuses such names
        }
    }
    let (out, err) = e.ok(&["index", "docs", "--index", "idx", "--id-from", "path"]);
    assert!(out.contains("2 added"), "{out}{err}");
}

#[test]
fn terminal_escapes_in_documents_are_escaped_in_human_output_only() {
    let e = Env::new();
    e.write(
        "docs/evil\x1b[2J.md",
        "# Evil \x1b[31mred\x1b[0m\n\n* Own the \u{202e}budget\u{202c} \x1b]0;title\x07 now\n",
    );
    e.ok(&["index", "docs", "--index", "idx"]);
    for args in [
        vec!["roles", "--index", "idx"],
        vec!["show", "evil\x1b[2J", "--index", "idx"],
        vec!["search", "budget", "--index", "idx"],
        vec!["similar", "evil\x1b[2J", "--index", "idx"],
    ] {
        let (out, _) = e.ok(&args);
        assert!(!out.contains('\x1b') && !out.contains('\u{202e}'), "{args:?}: {out:?}");
    }
    let (out, _) = e.ok(&["search", "budget", "--index", "idx"]);
    assert!(out.contains("\\u{1b}[31mred"), "{out}");
    let (out, _) = e.ok(&["search", "budget", "--index", "idx", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["hits"][0]["text"].as_str().unwrap().contains('\x1b'), "JSON keeps the text as it is");
}

#[test]
fn invisible_characters_do_not_hide_words() {
    let e = Env::new();
    e.write("docs/a.md", "# A\n\n* Own the \u{202e}budget\u{202c} for hiring\n");
    e.write("docs/b.md", "# B\n\n* Plan the budget\u{301} each year\n");
    e.ok(&["index", "docs", "--index", "idx"]);
    for query in ["budget", "\u{202e}budget\u{202c}"] {
        let (out, _) = e.ok(&["search", query, "--index", "idx", "--json"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let mut ids: Vec<&str> = v["hits"].as_array().unwrap().iter().map(|h| h["role_id"].as_str().unwrap()).collect();
        ids.sort();
        assert_eq!(ids, ["a", "b"], "{query:?}");
    }
}
