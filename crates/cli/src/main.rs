//! `rolesearch`: index, search and compare role documents from the terminal.

mod wire;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use rolesearch::{AddPathsOptions, IdFrom, Index, Lang, Level, Query, RoleChange, SectionKind};

#[derive(Parser)]
#[command(name = "rolesearch", version, about = "Search and compare role documents in English and Chinese")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// jieba user dictionary (`word [frequency] [tag]` per line). Default: $ROLESEARCH_ZH_USER_DICT.
    /// An index must be searched with the dictionaries it was built with.
    #[arg(long, global = true, value_name = "FILE")]
    zh_user_dict: Option<PathBuf>,
    /// Japanese dictionary folder: a lindera dictionary or MeCab IPADIC source (built once into the
    /// cache). Default: $ROLESEARCH_JA_DICT, else /usr/share/mecab/dic/ipadic. Needs `--features japanese`.
    #[arg(long, global = true, value_name = "DIR")]
    ja_dict: Option<PathBuf>,
    /// lindera user dictionary (CSV: `surface,part_of_speech,reading`). Default: $ROLESEARCH_JA_USER_DICT.
    #[arg(long, global = true, value_name = "FILE")]
    ja_user_dict: Option<PathBuf>,
}

#[derive(clap::Args, Clone)]
struct IndexArg {
    /// Index folder. Default: $ROLESEARCH_INDEX, else an index of the shipped
    /// corpus, built on first use.
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Index files and folders (recursively) of role documents.
    Index {
        /// Files or folders.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        index: IndexArg,
        /// Remove roles whose files under PATH are gone.
        #[arg(long)]
        prune: bool,
        /// Where role ids come from: the file stem, or the path relative to the
        /// folder being indexed (`team/director`), which keeps same-named files apart.
        #[arg(long, value_name = "stem|path", default_value = "stem")]
        id_from: String,
        /// Follow symbolic links that point outside the folders being indexed.
        #[arg(long)]
        follow: bool,
        /// Build the index anew from PATH (repairs a damaged index; the old one
        /// is kept until the new one is complete).
        #[arg(long)]
        rebuild: bool,
    },
    /// Search statements or roles, in and across languages.
    Search {
        /// The query, in English, Chinese or both.
        query: String,
        #[command(flatten)]
        index: IndexArg,
        /// Number of hits (a search pages through at most the first 10000).
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Hits to skip: `--offset 10` shows the second page of ten.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// statement or role.
        #[arg(long, default_value = "statement")]
        level: String,
        /// Only hits in this language (en, zh, ja).
        #[arg(long)]
        lang: Option<String>,
        /// Only this role (id, or file stem for all its levels).
        #[arg(long)]
        role: Option<String>,
        /// Only this section kind (summary, responsibilities, requirements, nice-to-have, benefits, other).
        #[arg(long)]
        section: Option<String>,
        /// Do not match across languages through the lexicon.
        #[arg(long)]
        no_cross: bool,
        /// Show which terms matched and through which lexicon concept.
        #[arg(long)]
        explain: bool,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Compare two roles statement by statement, or three or more by theme.
    Compare {
        /// Role ids.
        #[arg(required = true, num_args = 2.., value_name = "ROLE")]
        roles: Vec<String>,
        #[command(flatten)]
        index: IndexArg,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// The roles nearest to a role.
    Similar {
        /// Role id.
        role: String,
        #[command(flatten)]
        index: IndexArg,
        /// Number of roles.
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Evaluate retrieval against graded judgments: nDCG@k, MRR@k, Recall@k,
    /// overall and per level/language; TREC run and qrels files for trec_eval.
    Eval {
        /// Queries: `qid <TAB> level <TAB> lang <TAB> query` per line.
        #[arg(long, value_name = "FILE")]
        queries: PathBuf,
        /// Judgments: `qid <TAB> role_id <TAB> grade <TAB> fragment` per line.
        #[arg(long, value_name = "FILE")]
        qrels: PathBuf,
        #[command(flatten)]
        index: IndexArg,
        /// Cut-off k.
        #[arg(long, default_value_t = 10)]
        k: usize,
        /// Write the ranked hits as a TREC run file (`qid Q0 docid rank score rolesearch`).
        #[arg(long, value_name = "FILE")]
        run_out: Option<PathBuf>,
        /// Write the judgments as TREC qrels with the same docids (`role_id` or `role_id:ord`).
        #[arg(long, value_name = "FILE")]
        qrels_out: Option<PathBuf>,
        /// The plain BM25 baseline: no lexicon concepts, no CC-CEDICT translations.
        #[arg(long)]
        no_cross: bool,
    },
    /// List the indexed roles.
    Roles {
        #[command(flatten)]
        index: IndexArg,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Show what ingestion understood of a role: sections and statements.
    Show {
        /// Role id.
        role: String,
        #[command(flatten)]
        index: IndexArg,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
}

/// The message of the last panic, printed by `main` instead of the default
/// hook's: a panic that the library turns into an error (a damaged index)
/// should not also print a backtrace note.
static PANIC_MESSAGE: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn main() -> ExitCode {
    let cli = Cli::parse();
    std::panic::set_hook(Box::new(|info| {
        let mut slot = PANIC_MESSAGE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *slot = Some(info.to_string());
    }));
    let outcome = std::panic::catch_unwind(|| run(cli));
    let Ok(outcome) = outcome else {
        let msg = PANIC_MESSAGE.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        eprintln!("rolesearch: internal error (a bug; please report it): {}", msg.unwrap_or_default());
        return ExitCode::from(101);
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("rolesearch: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The shipped corpus: $ROLESEARCH_CORPUS, else `corpus/` of the source tree
/// this binary was built from, else `./corpus`.
fn default_corpus() -> PathBuf {
    if let Some(p) = std::env::var_os("ROLESEARCH_CORPUS") {
        return PathBuf::from(p);
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    if built.is_dir() {
        return built;
    }
    PathBuf::from("corpus")
}

/// The default index: $ROLESEARCH_INDEX, else `target/rolesearch-index` of the
/// source tree, else `.rolesearch/index` in the current folder.
fn default_index() -> PathBuf {
    if let Some(p) = std::env::var_os("ROLESEARCH_INDEX") {
        return PathBuf::from(p);
    }
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target");
    if target.is_dir() {
        return target.join("rolesearch-index");
    }
    PathBuf::from(".rolesearch/index")
}

/// Opens the index named by `--index`, or the default one, building it from
/// the shipped corpus on first use.
fn open_index(arg: &IndexArg) -> Result<Index> {
    if let Some(dir) = &arg.index {
        return Index::open(dir).with_context(|| format!("opening index {}", dir.display()));
    }
    let dir = default_index();
    let user_named = std::env::var_os("ROLESEARCH_INDEX").is_some();
    if dir.join("rolesearch.json").is_file() {
        match Index::open(&dir) {
            // The default index is rolesearch's own copy of the shipped
            // corpus: when versions or dictionaries changed, rebuild it. An
            // index the user named ($ROLESEARCH_INDEX) is never replaced.
            Err(rolesearch::Error::Index(rolesearch::IndexError::IndexVersion { found, .. })) if !user_named => {
                eprintln!("rolesearch: the default index was built with {found}; rebuilding it");
            }
            other => return other.with_context(|| format!("opening default index {}", dir.display())),
        }
    } else if user_named && std::fs::read_dir(&dir).is_ok_and(|mut e| e.next().is_some()) {
        return Index::open(&dir).with_context(|| format!("opening index {} ($ROLESEARCH_INDEX)", dir.display()));
    }
    let corpus = default_corpus();
    eprintln!("rolesearch: building the default index at {} from {} (first use)", dir.display(), corpus.display());
    // Built aside and moved into place when complete: a run killed midway
    // leaves no half-built index for the next run to search.
    let (index, report) = Index::rebuild(&dir, std::slice::from_ref(&corpus), &AddPathsOptions::default(), None)
        .with_context(|| format!("building the default index {} from {}", dir.display(), corpus.display()))?;
    for (path, err) in &report.skipped {
        eprintln!("rolesearch: skipped {}", skipped_message(path, err));
    }
    Ok(index)
}

fn parse_lang(s: &Option<String>) -> Result<Option<Lang>> {
    match s {
        None => Ok(None),
        Some(code) => match Lang::from_code(code) {
            Some(l) => Ok(Some(l)),
            None => bail!("--lang {code:?} is not a language rolesearch knows (use en, zh or ja)"),
        },
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    // Flags win over the environment. Nothing has analysed text yet, so
    // setting the dictionaries cannot fail.
    let env = rolesearch::DictionaryPaths::from_env();
    let _ = rolesearch::set_dictionaries(rolesearch::DictionaryPaths {
        zh_user_dict: cli.zh_user_dict.clone().or(env.zh_user_dict),
        ja_dict: cli.ja_dict.clone().or(env.ja_dict),
        ja_user_dict: cli.ja_user_dict.clone().or(env.ja_user_dict),
    });
    if let Some(e) = rolesearch::setup_errors().into_iter().next() {
        bail!("{e}");
    }
    if let Some(e) = rolesearch::lexicon_error() {
        bail!("{e} (unset ROLESEARCH_LEXICON or fix the file)");
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Index { paths, index, prune, id_from, follow, rebuild } => {
            let id_from =
                IdFrom::from_name(&id_from).with_context(|| format!("--id-from {id_from:?} is not stem or path"))?;
            let options = AddPathsOptions { prune, id_from, follow_links: follow };
            let dir = index.index.clone().unwrap_or_else(default_index);
            let bar = progress_bar();
            let show = |p: rolesearch::Progress| {
                if let Some(bar) = &bar {
                    bar.set_length(p.total as u64);
                    bar.set_position(p.done as u64);
                }
            };
            let progress: Option<&(dyn Fn(rolesearch::Progress) + Sync)> = Some(&show);
            let (idx, report) = if rebuild {
                Index::rebuild(&dir, &paths, &options, progress)
                    .with_context(|| format!("rebuilding index {}", dir.display()))?
            } else {
                let idx = Index::open_or_create(&dir).with_context(|| format!("opening index {}", dir.display()))?;
                let report = idx.add_paths_with(&paths, &options, progress).context("indexing")?;
                (idx, report)
            };
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            for (path, err) in &report.skipped {
                eprintln!("rolesearch: skipped {}", skipped_message(path, err));
            }
            for r in &report.replaced {
                eprintln!(
                    "rolesearch: role {:?} from {} replaced by the one from {}{}",
                    wire::safe(&r.id),
                    wire::safe(&r.old_source),
                    wire::safe(&r.new_source),
                    if id_from == IdFrom::Stem { " (ids are file stems; --id-from path keeps both)" } else { "" }
                );
            }
            let total = idx.roles()?;
            writeln!(out, "indexed {} files into {}", report.files, dir.display())?;
            writeln!(
                out,
                "roles: {} added, {} updated, {} unchanged, {} removed; {} in the index",
                report.count(RoleChange::Added),
                report.count(RoleChange::Updated),
                report.count(RoleChange::Unchanged),
                report.count(RoleChange::Removed),
                total.len()
            )?;
            writeln!(out, "statements written: {}", report.statements)?;
            let join = |m: &std::collections::BTreeMap<String, usize>| {
                m.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
            };
            writeln!(out, "  by section: {}", join(&report.by_section))?;
            writeln!(out, "  by language: {}", join(&report.by_lang))?;
            writeln!(out, "skipped files: {}", report.skipped.len())?;
            let anything =
                report.written() + report.count(RoleChange::Unchanged) + report.count(RoleChange::Removed) > 0;
            Ok(if anything { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Command::Search { query, index, top, offset, level, lang, role, section, no_cross, explain, json } => {
            let level =
                Level::from_name(&level).with_context(|| format!("--level {level:?} is not statement or role"))?;
            let lang = parse_lang(&lang)?;
            let section = match &section {
                None => None,
                Some(s) => Some(SectionKind::from_name(s).with_context(|| {
                    format!("--section {s:?} is not one of summary, responsibilities, requirements, nice-to-have, benefits, other")
                })?),
            };
            if offset >= rolesearch::MAX_RESULT_WINDOW {
                bail!(
                    "--offset {offset} is past the first {} hits a search pages through",
                    rolesearch::MAX_RESULT_WINDOW
                );
            }
            if offset.saturating_add(top) > rolesearch::MAX_RESULT_WINDOW && !json {
                eprintln!(
                    "rolesearch: showing at most the first {} hits (--offset + --top is capped there)",
                    rolesearch::MAX_RESULT_WINDOW
                );
            }
            let idx = open_index(&index)?;
            let q = Query::new(query.clone())
                .limit(top)
                .offset(offset)
                .level(level)
                .lang(lang)
                .role(role)
                .section(section)
                .cross_language(!no_cross);
            let hits = idx.search(&q)?;
            if json {
                serde_json::to_writer(&mut out, &wire::SearchOut::new(&query, &hits))?;
                writeln!(out)?;
            } else {
                let color = std::io::stdout().is_terminal();
                if hits.is_empty() {
                    writeln!(out, "no hits for {query:?}")?;
                }
                for (i, h) in hits.iter().enumerate() {
                    writeln!(
                        out,
                        "{:>2}. {:.2}  {}  [{}, {}] {}",
                        offset + i + 1,
                        h.score,
                        wire::safe(&h.role_id),
                        h.section,
                        h.lang,
                        wire::safe(&h.role_title)
                    )?;
                    writeln!(out, "    {}", highlight(&h.text, &h.highlights, color))?;
                    if explain {
                        let parts: Vec<String> = h
                            .matched
                            .iter()
                            .map(|m| match &m.concept {
                                Some(c) => format!("{} (via lexicon concept {c})", wire::safe(&m.term)),
                                None => wire::safe(&m.term).into_owned(),
                            })
                            .collect();
                        writeln!(out, "    matched: {}", parts.join(", "))?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Compare { roles, index, json } => {
            let idx = open_index(&index)?;
            if roles.len() == 2 {
                let c = idx.compare(&roles[0], &roles[1])?;
                if json {
                    serde_json::to_writer(&mut out, &wire::CompareOut::new(&c))?;
                    writeln!(out)?;
                } else {
                    wire::print_comparison(&mut out, &c)?;
                }
            } else {
                let m = idx.themes(&roles)?;
                if json {
                    serde_json::to_writer(&mut out, &wire::ThemesOut::new(&m))?;
                    writeln!(out)?;
                } else {
                    wire::print_themes(&mut out, &m)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Similar { role, index, top, json } => {
            let idx = open_index(&index)?;
            let sim = idx.similar(&role, top)?;
            if json {
                serde_json::to_writer(&mut out, &wire::SimilarOut::new(&role, &sim))?;
                writeln!(out)?;
            } else {
                for (r, overlap) in &sim {
                    writeln!(out, "{overlap:.2}  {}  [{}] {}", wire::safe(&r.id), r.lang, wire::safe(&r.title))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { queries, qrels, index, k, run_out, qrels_out, no_cross } => {
            let idx = open_index(&index)?;
            let opts =
                wire::EvalOptions { k, run_out: run_out.as_deref(), qrels_out: qrels_out.as_deref(), cross: !no_cross };
            wire::evaluate(&mut out, &idx, &queries, &qrels, &opts)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Roles { index, json } => {
            let idx = open_index(&index)?;
            let roles = idx.roles()?;
            if json {
                serde_json::to_writer(&mut out, &serde_json::json!({ "roles": roles }))?;
                writeln!(out)?;
            } else {
                for r in &roles {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{} statements",
                        wire::safe(&r.id),
                        r.lang,
                        wire::safe(&r.title),
                        r.statements
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { role, index, json } => {
            let idx = open_index(&index)?;
            let (info, statements) = idx.statements(&role)?;
            if json {
                serde_json::to_writer(&mut out, &serde_json::json!({ "role": info, "statements": statements }))?;
                writeln!(out)?;
            } else {
                wire::print_role(&mut out, &info, &statements)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// Marks highlighted byte ranges: bold on a terminal, `[...]` otherwise.
/// The text between marks is escaped (see [`wire::safe`]).
fn highlight(text: &str, ranges: &[(usize, usize)], color: bool) -> String {
    let (open, close) = if color { ("\x1b[1;33m", "\x1b[0m") } else { ("[", "]") };
    let mut s = String::with_capacity(text.len() + ranges.len() * 8);
    let mut at = 0;
    for &(from, to) in ranges {
        if from < at || to > text.len() || !text.is_char_boundary(from) || !text.is_char_boundary(to) {
            continue;
        }
        s.push_str(&wire::safe(&text[at..from]));
        s.push_str(open);
        s.push_str(&wire::safe(&text[from..to]));
        s.push_str(close);
        at = to;
    }
    s.push_str(&wire::safe(&text[at..]));
    s
}

/// "skipped <what>": parse errors already name their file; add the path only
/// when the message does not hold it.
fn skipped_message(path: &Path, err: &rolesearch::ParseError) -> String {
    let msg = err.to_string();
    let shown = path.display().to_string();
    let line = if msg.starts_with(&shown) { msg } else { format!("{shown}: {msg}") };
    wire::safe(&line).into_owned()
}
