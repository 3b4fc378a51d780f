//! `rolesearch`: index, search and compare role documents from the terminal.

mod demo;
mod table;
mod wire;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use rolesearch::{AddPathsOptions, IdFrom, Index, Lang, Level, Query, RoleChange, SectionKind};

#[derive(Parser)]
#[command(
    name = "rolesearch",
    version,
    about = "Search and compare role documents (job descriptions, postings, career ladders) in English, Chinese and Japanese",
    after_help = "With no --index, commands use an index of the shipped demo corpus, built on first use in the cache folder \
($ROLESEARCH_CACHE_DIR, else ~/.cache/rolesearch)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to colour output: auto (a terminal, and $NO_COLOR unset), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
    /// jieba user dictionary (`word [frequency] [tag]` per line). An index must
    /// be searched with the dictionaries it was built with.
    #[arg(long, global = true, value_name = "FILE", env = "ROLESEARCH_ZH_USER_DICT", help_heading = "Dictionaries")]
    zh_user_dict: Option<PathBuf>,
    /// Japanese dictionary folder: a lindera dictionary or MeCab IPADIC source (built once into the
    /// cache). Default: /usr/share/mecab/dic/ipadic. Needs a build with `--features japanese`.
    #[arg(long, global = true, value_name = "DIR", env = "ROLESEARCH_JA_DICT", help_heading = "Dictionaries")]
    ja_dict: Option<PathBuf>,
    /// lindera user dictionary (CSV: `surface,part_of_speech,reading`).
    #[arg(long, global = true, value_name = "FILE", env = "ROLESEARCH_JA_USER_DICT", help_heading = "Dictionaries")]
    ja_user_dict: Option<PathBuf>,
}

/// When to colour output.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour what goes to stdout. `auto` follows the convention
    /// of no-color.org: a terminal, and `NO_COLOR` unset or empty.
    fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

#[derive(clap::Args, Clone)]
struct IndexArg {
    /// Index folder. Without it, an index of the shipped demo corpus.
    #[arg(short = 'i', long, value_name = "DIR", env = "ROLESEARCH_INDEX")]
    index: Option<PathBuf>,
}

/// `--level`.
#[derive(Clone, Copy, ValueEnum)]
enum LevelArg {
    /// Single statements (responsibilities, requirements, ...).
    Statement,
    /// Whole roles, one hit each.
    Role,
}

/// `--lang`.
#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    /// English.
    En,
    /// Chinese.
    Zh,
    /// Japanese.
    Ja,
}

/// `--section`: the library's own section names (listed in `--help`), so
/// the CLI keeps no second list of them.
fn section_parser() -> impl clap::builder::TypedValueParser<Value = SectionKind> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(SectionKind::ALL.map(SectionKind::name))
        .map(|name| SectionKind::from_name(&name).unwrap_or(SectionKind::Other))
}

/// `--filter KEY=VALUE`.
fn filter_parser(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => {
            Ok((k.trim().to_string(), v.trim().to_string()))
        }
        _ => Err(format!("expected KEY=VALUE (as in company=Acme), got {arg:?}")),
    }
}

/// `eval --qrels-format`.
#[derive(Clone, Copy, ValueEnum)]
enum QrelsFormatArg {
    /// TREC if every line is `qid iter docid grade`, else fragments.
    Auto,
    /// TREC qrels: `qid iter docid grade`.
    Trec,
    /// `qid <TAB> role_id <TAB> grade <TAB> fragment of the statement's text`.
    Fragments,
}

/// `--id-from`.
#[derive(Clone, Copy, ValueEnum)]
enum IdFromArg {
    /// The file stem: `team/director.md` is `director`.
    Stem,
    /// The path relative to the indexed folder, without extension: `team/director`.
    Path,
}

/// The library value of a clap enum whose names are the library's names.
fn name_of(v: impl ValueEnum) -> String {
    v.to_possible_value().map(|p| p.get_name().to_string()).unwrap_or_default()
}

#[derive(Subcommand)]
enum Command {
    /// Index files and folders (recursively) of role documents.
    Index {
        /// Files or folders.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Index folder (created if needed). Required: the default index holds the demo corpus.
        #[arg(short = 'i', long, value_name = "DIR", env = "ROLESEARCH_INDEX")]
        index: Option<PathBuf>,
        /// Remove roles whose files under PATH are gone.
        #[arg(long)]
        prune: bool,
        /// Where role ids come from; `path` keeps same-named files of different folders apart.
        #[arg(long, value_enum, default_value_t = IdFromArg::Stem)]
        id_from: IdFromArg,
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
        /// The query, in English, Chinese or Japanese: words, "exact phrase", -excluded, prefix*.
        #[arg(allow_hyphen_values = true)]
        query: String,
        #[command(flatten)]
        index: IndexArg,
        /// Number of hits (a search pages through at most the first 10000).
        #[arg(short = 'n', long, default_value_t = 10)]
        top: usize,
        /// Hits to skip: `--offset 10` shows the second page of ten.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// What a hit is.
        #[arg(long, value_enum, default_value_t = LevelArg::Statement)]
        level: LevelArg,
        /// Only hits in this language.
        #[arg(short = 'l', long, value_enum)]
        lang: Option<LangArg>,
        /// Only this role (id, or file stem for all its levels).
        #[arg(short = 'r', long)]
        role: Option<String>,
        /// Only this kind of section.
        #[arg(short = 's', long, value_parser = section_parser())]
        section: Option<SectionKind>,
        /// Only roles with this metadata (front matter or the embedder's):
        /// `--filter company=Acme`. Repeat for more; values of one key are
        /// alternatives, different keys must all match.
        #[arg(short = 'f', long, value_name = "KEY=VALUE", value_parser = filter_parser)]
        filter: Vec<(String, String)>,
        /// Count hits per value of this metadata key (repeatable).
        #[arg(long, value_name = "KEY")]
        facet: Vec<String>,
        /// Do not match across languages through the lexicon.
        #[arg(long)]
        no_cross: bool,
        /// List every copy of a statement that several roles or levels repeat
        /// (by default one hit names all the roles it appears in).
        #[arg(long)]
        no_collapse: bool,
        /// Show which terms matched and through which lexicon concept.
        #[arg(short = 'e', long)]
        explain: bool,
        /// Print one JSON object.
        #[arg(short = 'j', long)]
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
        #[arg(short = 'j', long)]
        json: bool,
    },
    /// The roles nearest to a role.
    Similar {
        /// Role id.
        role: String,
        #[command(flatten)]
        index: IndexArg,
        /// Number of roles.
        #[arg(short = 'n', long, default_value_t = 10)]
        top: usize,
        /// Print one JSON object.
        #[arg(short = 'j', long)]
        json: bool,
    },
    /// Evaluate retrieval against graded judgments: nDCG@k, MRR@k, Recall@k,
    /// overall and per level/language; TREC run and qrels files for trec_eval.
    Eval {
        /// Queries: `qid <TAB> level <TAB> lang <TAB> query` per line.
        #[arg(long, value_name = "FILE")]
        queries: PathBuf,
        /// Judgments: TREC qrels (`qid 0 docid grade`), or `qid <TAB> role_id <TAB> grade <TAB> fragment` per line.
        #[arg(long, value_name = "FILE")]
        qrels: PathBuf,
        #[command(flatten)]
        index: IndexArg,
        /// Main cut-off k (MRR@k, R@k).
        #[arg(long, default_value_t = 10)]
        k: usize,
        /// Cut-offs of nDCG and precision (k is always one), comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "5,10,20")]
        cutoffs: Vec<usize>,
        /// How to read --qrels: TREC qrels (`qid iter docid grade`, docids as
        /// `search --json` gives them in `statement_id`, or role ids), the
        /// fragments format, or recognised from the file.
        #[arg(long, value_enum, default_value_t = QrelsFormatArg::Auto)]
        qrels_format: QrelsFormatArg,
        /// Write the ranked hits as a TREC run file (`qid Q0 docid rank score rolesearch`).
        #[arg(long, value_name = "FILE")]
        run_out: Option<PathBuf>,
        /// Write the judgments as TREC qrels with the same docids (`role_id`, or a stable statement id `role_id:hash`).
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
        #[arg(short = 'j', long)]
        json: bool,
    },
    /// Show what ingestion understood of a role: sections and statements.
    Show {
        /// Role id.
        role: String,
        #[command(flatten)]
        index: IndexArg,
        /// Print one JSON object.
        #[arg(short = 'j', long)]
        json: bool,
    },
    /// Serve an HTTP JSON API (the --json shapes) and a web page with search and compare.
    Serve {
        #[command(flatten)]
        index: IndexArg,
        /// Address to listen on (a port of 0 picks a free one).
        #[arg(long, default_value = "127.0.0.1:7700")]
        addr: std::net::SocketAddr,
        /// Requests handled at once; more wait their turn.
        #[arg(long, default_value_t = 256)]
        max_concurrent: usize,
        /// Seconds a request may take before it gets 503.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
    },
    /// Print a shell completion script: `rolesearch completions bash > ~/.local/share/bash-completion/completions/rolesearch`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// `--version`: the version, and whether Japanese analysis is compiled in.
fn version() -> &'static str {
    let ja = if rolesearch::JAPANESE_ANALYSIS {
        "Japanese analysis compiled in: lindera"
    } else {
        "Japanese analysis not compiled in: build with --features japanese"
    };
    Box::leak(format!("{} ({ja})", env!("CARGO_PKG_VERSION")).into_boxed_str())
}

fn parse_cli() -> Cli {
    // `ROLESEARCH_INDEX=` (set, empty) means unset, as shells' `VAR= cmd`
    // intends; clap would call it a missing value.
    if std::env::var_os("ROLESEARCH_INDEX").is_some_and(|v| v.is_empty()) {
        std::env::remove_var("ROLESEARCH_INDEX");
    }
    let matches = Cli::command().version(version()).get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// The message of the last panic, printed by `main` instead of the default
/// hook's: a panic that the library turns into an error (a damaged index)
/// should not also print a backtrace note.
static PANIC_MESSAGE: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn main() -> ExitCode {
    let cli = parse_cli();
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

/// Opens the index named by `--index` (or `$ROLESEARCH_INDEX`), which must
/// exist: a mistyped name is an error, never a silent search of something
/// else. Without one, the demo index, built on first use.
fn open_index(arg: &IndexArg) -> Result<Index> {
    match &arg.index {
        Some(dir) => Index::open(dir).with_context(|| format!("opening index {}", dir.display())),
        None => demo_index(),
    }
}

/// The index of the demo corpus shipped in the binary (see [`demo`]).
fn demo_index() -> Result<Index> {
    let demo = demo::location();
    if demo.index.join("rolesearch.json").is_file() {
        match Index::open(&demo.index) {
            // rolesearch's own copy of its own corpus: when versions or
            // dictionaries changed, rebuild it.
            Err(rolesearch::Error::Index(rolesearch::IndexError::IndexVersion { found, .. })) => {
                eprintln!("rolesearch: the demo index was built with {found}; rebuilding it");
            }
            other => return other.with_context(|| format!("opening the demo index {}", demo.index.display())),
        }
    }
    demo::extract(&demo.corpus).with_context(|| format!("writing the demo corpus to {}", demo.corpus.display()))?;
    eprintln!("rolesearch: building the demo index at {} from the shipped corpus (first use)", demo.index.display());
    // Built aside and moved into place when complete: a run killed midway
    // leaves no half-built index for the next run to search.
    let (index, report) =
        Index::rebuild(&demo.index, std::slice::from_ref(&demo.corpus), &AddPathsOptions::default(), None)
            .with_context(|| format!("building the demo index {}", demo.index.display()))?;
    for (path, err) in &report.skipped {
        eprintln!("rolesearch: skipped {}", skipped_message(path, err));
    }
    demo::remove_others();
    Ok(index)
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
            let Some(dir) = index else {
                bail!(
                    "say where the index goes: --index DIR (or $ROLESEARCH_INDEX); \
                     the default index holds only the shipped demo corpus"
                );
            };
            // Nothing is created for paths that are all missing (a typo).
            if !paths.iter().any(|p| p.symlink_metadata().is_ok()) {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                bail!("nothing to index: {} not found", wire::safe(&names.join(", ")));
            }
            let id_from = IdFrom::from_name(&name_of(id_from)).unwrap_or(IdFrom::Stem);
            let options = AddPathsOptions { prune, id_from, follow_links: follow };
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
        Command::Search {
            query,
            index,
            top,
            offset,
            level,
            lang,
            role,
            section,
            filter,
            facet,
            no_cross,
            no_collapse,
            explain,
            json,
        } => {
            let level = Level::from_name(&name_of(level)).unwrap_or(Level::Statement);
            let lang = lang.and_then(|l| Lang::from_code(&name_of(l)));
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
            let mut q = Query::new(query.clone())
                .limit(top)
                .offset(offset)
                .level(level)
                .lang(lang)
                .role(role)
                .section(section)
                .cross_language(!no_cross)
                .collapse(!no_collapse);
            for (key, value) in &filter {
                q = q.filter(key, value.as_str());
            }
            for key in &facet {
                q = q.facet(key);
            }
            let page = idx.search_page(&q)?;
            let hits = &page.hits;
            if json {
                serde_json::to_writer(&mut out, &rolesearch_server::json::SearchOut::new(&query, &page, offset))?;
                writeln!(out)?;
            } else {
                let color = cli.color.enabled();
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
                    if h.roles.len() > 1 {
                        let others: Vec<_> = h.roles[1..].iter().map(|r| wire::safe(r)).collect();
                        let shown = others.iter().take(5).map(|r| r.as_ref()).collect::<Vec<&str>>().join(", ");
                        let more =
                            if others.len() > 5 { format!(" and {} more", others.len() - 5) } else { String::new() };
                        writeln!(out, "    also in {shown}{more}")?;
                    }
                    if explain {
                        let parts: Vec<String> = h
                            .matched
                            .iter()
                            .map(|m| match &m.concept {
                                Some(c) => match c.split_once(' ') {
                                    Some(("typo", typed)) => {
                                        format!("{} (for the typo {})", wire::safe(&m.word), wire::safe(typed))
                                    }
                                    Some(("cc-cedict", from)) => {
                                        format!("{} (via CC-CEDICT from {})", wire::safe(&m.word), wire::safe(from))
                                    }
                                    Some(("jmdict", from)) => {
                                        format!("{} (via JMdict from {})", wire::safe(&m.word), wire::safe(from))
                                    }
                                    Some(("loanword", from)) => format!(
                                        "{} (via UniDic/JMdict loanword origins from {})",
                                        wire::safe(&m.word),
                                        wire::safe(from)
                                    ),
                                    Some(("phrase", from)) => format!(
                                        "{} (via a dictionary expression from {})",
                                        wire::safe(&m.word),
                                        wire::safe(from)
                                    ),
                                    Some(("learned", from)) => format!(
                                        "{} (via the learned layer from {})",
                                        wire::safe(&m.word),
                                        wire::safe(from)
                                    ),
                                    _ => format!("{} (via lexicon concept {c})", wire::safe(&m.word)),
                                },
                                None => wire::safe(&m.word).into_owned(),
                            })
                            .collect();
                        writeln!(out, "    matched: {}", parts.join(", "))?;
                    }
                }
                if !hits.is_empty() && (offset > 0 || page.total.value > hits.len()) {
                    let more = if page.total.exact { "" } else { " or more" };
                    writeln!(out, "hits {}–{} of {}{more}", offset + 1, offset + hits.len(), page.total.value)?;
                }
                for (key, counts) in &page.facets {
                    let values: Vec<String> =
                        counts.iter().map(|c| format!("{} ({})", wire::safe(&c.value), c.count)).collect();
                    let values = if values.is_empty() { "no hit has it".to_string() } else { values.join(", ") };
                    writeln!(out, "{}: {values}", wire::safe(key))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Compare { roles, index, json } => {
            let idx = open_index(&index)?;
            if roles.len() == 2 {
                let c = idx.compare(&roles[0], &roles[1])?;
                if json {
                    serde_json::to_writer(&mut out, &rolesearch_server::json::CompareOut::new(&c))?;
                    writeln!(out)?;
                } else {
                    wire::print_comparison(&mut out, &c)?;
                }
            } else {
                let m = idx.themes(&roles)?;
                if json {
                    serde_json::to_writer(&mut out, &rolesearch_server::json::ThemesOut::new(&m))?;
                    writeln!(out)?;
                } else {
                    wire::print_themes(&mut out, &m)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Similar { role, index, top, json } => {
            let idx = open_index(&index)?;
            let sim = idx.similar_scored(&role, top)?;
            if json {
                serde_json::to_writer(&mut out, &rolesearch_server::json::SimilarOut::new(&role, &sim))?;
                writeln!(out)?;
            } else {
                for s in &sim {
                    let r = &s.role;
                    writeln!(out, "{:.2}  {}  [{}] {}", s.score, wire::safe(&r.id), r.lang, wire::safe(&r.title))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { queries, qrels, index, k, cutoffs, qrels_format, run_out, qrels_out, no_cross } => {
            let idx = open_index(&index)?;
            let opts = wire::EvalOptions {
                k,
                cutoffs: &cutoffs,
                qrels_format: match qrels_format {
                    QrelsFormatArg::Auto => wire::QrelsFormat::Auto,
                    QrelsFormatArg::Trec => wire::QrelsFormat::Trec,
                    QrelsFormatArg::Fragments => wire::QrelsFormat::Fragments,
                },
                run_out: run_out.as_deref(),
                qrels_out: qrels_out.as_deref(),
                cross: !no_cross,
            };
            wire::evaluate(&mut out, &idx, &queries, &qrels, &opts)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Roles { index, json } => {
            let idx = open_index(&index)?;
            let roles = idx.roles()?;
            if json {
                serde_json::to_writer(&mut out, &rolesearch_server::json::RolesOut { roles: &roles })?;
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
        Command::Serve { index, addr, max_concurrent, timeout } => {
            // The demo index is served read-only: documents posted to it
            // would land in rolesearch's own cache (as `index` without --index).
            let read_only = index.index.is_none();
            let idx = open_index(&index)?;
            idx.warm_up();
            let settings = rolesearch_server::Settings {
                read_only,
                concurrent: max_concurrent,
                timeout: std::time::Duration::from_secs(timeout.max(1)),
                ..rolesearch_server::Settings::default()
            };
            rolesearch_server::run(idx, addr, settings, |bound| {
                let what = if read_only { " (demo index, read-only)" } else { "" };
                eprintln!("rolesearch: serving on http://{bound}/{what}; Ctrl-C stops");
            })
            .with_context(|| format!("serving on {addr}"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "rolesearch", &mut out);
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { role, index, json } => {
            let idx = open_index(&index)?;
            let (info, statements) = idx.statements(&role)?;
            if json {
                serde_json::to_writer(
                    &mut out,
                    &rolesearch_server::json::ShowOut { role: &info, statements: &statements },
                )?;
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

/// "skipped `<what>`": parse errors already name their file; add the path only
/// when the message does not hold it.
fn skipped_message(path: &Path, err: &rolesearch::ParseError) -> String {
    let msg = err.to_string();
    let shown = path.display().to_string();
    let line = if msg.starts_with(&shown) { msg } else { format!("{shown}: {msg}") };
    wire::safe(&line).into_owned()
}
