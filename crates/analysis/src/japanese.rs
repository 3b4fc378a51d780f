//! Japanese: lindera with the IPADIC dictionary, loaded from a folder.
//!
//! lindera's embedded dictionaries download at build time, which rolesearch
//! cannot do, so the dictionary comes from a folder (see [`crate::config`]):
//! either a dictionary lindera already built, or MeCab's IPADIC source as
//! Debian's `mecab-ipadic` package installs it in `/usr/share/mecab/dic/ipadic`
//! (EUC-JP CSV files). Source is built once into the cache folder
//! (`ipadic-<fingerprint>`, about 20 s) and loaded from there afterwards.
//! Without a dictionary, Japanese falls back to jieba, as without the
//! `japanese` feature; [`crate::analysis_fingerprint`] says which is in use.
//!
//! # Token policy
//! * Particles, auxiliary verbs, symbols and fillers are dropped, and so are
//!   a few empty verbs and nouns (する, こと, …): they carry nothing about a role.
//! * Verbs and adjectives are indexed by their dictionary form (採用し → 採用する
//!   is a noun + する; 行い → 行う), so conjugation does not split a word.
//! * Positions count the kept words.
//! * Kanji are not folded to Simplified Chinese: Japanese forms (予算, 採用)
//!   meet Chinese ones through the lexicon, not through spelling.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use crate::tokens::TokenList;
use lindera::dictionary::{
    load_fs_dictionary_with_options, load_user_dictionary_from_csv, DictionaryBuilder, Metadata,
};
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;

use crate::config::{self, fnv64, FNV_START};

/// A loaded Japanese analyzer (one per process, shared).
pub(crate) struct Japanese {
    segmenter: Segmenter,
}

struct Loaded {
    analyzer: Option<Arc<Japanese>>,
    errors: Vec<String>,
    fingerprint: String,
}

static SHARED: LazyLock<Loaded> = LazyLock::new(load);

/// The shared Japanese analyzer, or `None` when no dictionary is available.
pub(crate) fn shared() -> Option<Arc<Japanese>> {
    SHARED.analyzer.clone()
}

pub(crate) fn setup_errors() -> Vec<String> {
    SHARED.errors.clone()
}

pub(crate) fn fingerprint() -> String {
    SHARED.fingerprint.clone()
}

fn load() -> Loaded {
    let paths = config::paths();
    let mut errors = Vec::new();
    let (dir, named) = match &paths.ja_dict {
        Some(p) => (p.clone(), true),
        None => (PathBuf::from(config::DEBIAN_IPADIC), false),
    };
    let fallback = |errors: Vec<String>| Loaded { analyzer: None, errors, fingerprint: "ja=as-zh".into() };
    if !dir.is_dir() {
        if named {
            errors.push(format!("Japanese dictionary {}: no such folder", dir.display()));
        }
        return fallback(errors);
    }
    let built = match built_dictionary(&dir) {
        Ok(b) => b,
        Err(e) => {
            errors.push(format!("Japanese dictionary {}: {e}", dir.display()));
            return fallback(errors);
        }
    };
    let dictionary = match load_fs_dictionary_with_options(&built, true) {
        Ok(d) => d,
        Err(e) => {
            errors.push(format!("Japanese dictionary {}: {e}", built.display()));
            return fallback(errors);
        }
    };
    let mut fingerprint = format!("ja=lindera:{}", dictionary_print(&built));
    let mut user = None;
    if let Some(path) = &paths.ja_user_dict {
        match load_user_dictionary_from_csv(&dictionary.metadata, path) {
            Ok(u) => {
                user = Some(u);
                fingerprint.push_str(&format!("+user:{}", config::file_fingerprint(path).unwrap_or_default()));
            }
            Err(e) => errors.push(format!("Japanese user dictionary {}: {e}", path.display())),
        }
    }
    let segmenter = Segmenter::new(Mode::Normal, dictionary, user);
    Loaded { analyzer: Some(Arc::new(Japanese { segmenter })), errors, fingerprint }
}

/// True when `dir` holds a dictionary lindera built.
fn is_built(dir: &Path) -> bool {
    dir.join("metadata.json").is_file() && dir.join("matrix.mtx").is_file()
}

/// True when `dir` holds MeCab dictionary source.
fn is_source(dir: &Path) -> bool {
    dir.join("matrix.def").is_file() && dir.join("char.def").is_file() && dir.join("unk.def").is_file()
}

/// Fingerprint of a built dictionary: its metadata and file sizes.
fn dictionary_print(dir: &Path) -> String {
    let mut h = FNV_START;
    if let Ok(meta) = std::fs::read(dir.join("metadata.json")) {
        h = fnv64(&meta, h);
    }
    for name in ["dict.vals", "dict.words", "matrix.mtx"] {
        let len = std::fs::metadata(dir.join(name)).map(|m| m.len()).unwrap_or(0);
        h = fnv64(&len.to_le_bytes(), h);
    }
    format!("{:08x}", h as u32)
}

/// The folder of a built dictionary for `dir`: `dir` itself when lindera
/// built it, or the cached build of the MeCab source in `dir` (built now if
/// missing).
fn built_dictionary(dir: &Path) -> Result<PathBuf, String> {
    if is_built(dir) {
        return Ok(dir.to_path_buf());
    }
    if !is_source(dir) {
        return Err("neither a lindera dictionary (metadata.json, matrix.mtx) nor MeCab dictionary source \
                    (matrix.def, char.def, unk.def, *.csv)"
            .into());
    }
    // The source's names and sizes identify it; the crate version is in the
    // name because lindera's built format changes between releases.
    let mut h = fnv64(env!("CARGO_PKG_VERSION").as_bytes(), FNV_START);
    let mut names: Vec<(String, u64)> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.file_name().into_string().ok()?, e.metadata().ok()?.len())))
        .collect();
    names.sort();
    for (name, len) in &names {
        h = fnv64(name.as_bytes(), h);
        h = fnv64(&len.to_le_bytes(), h);
    }
    let cache = config::cache_dir();
    let target = cache.join(format!("ipadic-{h:016x}"));
    if is_built(&target) {
        return Ok(target);
    }
    let staging = cache.join(format!("ipadic-{h:016x}.building-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| format!("cache folder {}: {e}", staging.display()))?;
    let result = DictionaryBuilder::new(source_metadata(dir)?).build_dictionary(dir, &staging);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(format!("building it into {}: {e}", staging.display()));
    }
    // Another process may have finished the same build first; either copy is good.
    if std::fs::rename(&staging, &target).is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    if is_built(&target) {
        Ok(target)
    } else {
        Err(format!("the built dictionary did not appear in {}", target.display()))
    }
}

/// Build settings for IPADIC source: its field layout, and its encoding
/// (Debian ships EUC-JP; other copies are UTF-8).
fn source_metadata(dir: &Path) -> Result<Metadata, String> {
    let sample = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "csv"))
        .ok_or("no .csv word files")?;
    let bytes = std::fs::read(&sample).map_err(|e| format!("{}: {e}", sample.display()))?;
    let encoding = if std::str::from_utf8(&bytes).is_ok() { "UTF-8" } else { "EUC-JP" };
    let json = format!(
        r#"{{"name": "ipadic", "encoding": "{encoding}", "default_word_cost": -10000,
        "default_left_context_id": 0, "default_right_context_id": 0, "default_field_value": "*",
        "flexible_csv": true, "skip_invalid_cost_or_id": false, "normalize_details": true,
        "dictionary_schema": {{"fields": ["surface", "left_context_id", "right_context_id", "cost",
            "part_of_speech", "part_of_speech_subcategory_1", "part_of_speech_subcategory_2",
            "part_of_speech_subcategory_3", "conjugation_form", "conjugation_type", "base_form",
            "reading", "pronunciation"]}},
        "user_dictionary_schema": {{"fields": ["surface", "part_of_speech", "reading"]}}}}"#
    );
    Metadata::load(json.as_bytes()).map_err(|e| e.to_string())
}

/// Parts of speech that carry no meaning about a role.
fn is_function_pos(pos: &str) -> bool {
    matches!(pos, "助詞" | "助動詞" | "記号" | "フィラー" | "感動詞" | "接続詞" | "連体詞")
}

/// Empty words IPADIC tags as verbs or nouns (dictionary forms).
fn is_japanese_stop(word: &str) -> bool {
    matches!(
        word,
        "する"
            | "ある"
            | "いる"
            | "なる"
            | "れる"
            | "られる"
            | "できる"
            | "おる"
            | "こと"
            | "もの"
            | "よう"
            | "ため"
            | "これ"
            | "それ"
            | "など"
            | "等"
            | "的"
            | "さ"
            | "の"
            | "ん"
    )
}

impl Japanese {
    /// Analyses a run of Japanese text starting at byte `base` of the full text.
    pub(crate) fn analyze_run(&self, text: &str, base: usize, position: &mut usize, out: &mut TokenList) {
        let Ok(tokens) = self.segmenter.segment(Cow::Borrowed(text)) else {
            // lindera does not fail on text it has a dictionary for; if it
            // ever does, index characters rather than lose the run.
            crate::mixed::analyze_chars(text, base, position, out);
            return;
        };
        for mut t in tokens {
            let (start, end) = (t.byte_start, t.byte_end);
            let surface = t.surface.to_string();
            if !surface.chars().any(|c| c.is_alphanumeric()) {
                continue;
            }
            let details = t.details();
            let pos = details.first().copied().unwrap_or("");
            if is_function_pos(pos) {
                continue;
            }
            let word = match (pos, details.get(6)) {
                ("動詞" | "形容詞", Some(&base_form)) if base_form != "*" && !base_form.is_empty() => base_form,
                _ => surface.as_str(),
            };
            if is_japanese_stop(word) {
                continue;
            }
            out.push(&crate::english::normalize(word), base + start, base + end, *position);
            *position += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Japanese tests need IPADIC; `.ci/run` installs Debian's package.
    pub(crate) fn analyzer() -> Arc<Japanese> {
        shared().unwrap_or_else(|| {
            panic!(
                "no Japanese dictionary: install Debian's mecab-ipadic-utf8 or set ROLESEARCH_JA_DICT ({:?})",
                setup_errors()
            )
        })
    }

    fn words(text: &str) -> Vec<String> {
        let mut out = TokenList::default();
        analyzer().analyze_run(text, 0, &mut 0, &mut out);
        out.iter().map(|t| t.text.to_string()).collect()
    }

    #[test]
    fn segments_with_ipadic_and_drops_function_words() {
        // "responsible for hiring and budget management of the development team"
        let w = words("開発チームの採用と予算管理を担当する");
        for expected in ["開発", "チーム", "採用", "予算", "管理", "担当"] {
            assert!(w.contains(&expected.to_string()), "{expected} missing from {w:?}");
        }
        assert!(!w.iter().any(|t| t == "の" || t == "と" || t == "を" || t == "する"), "{w:?}");
    }

    #[test]
    fn verbs_are_indexed_by_dictionary_form() {
        // "carry out reviews" / "carried out reviews"
        assert!(words("レビューを行います").contains(&"行う".to_string()));
        assert!(words("レビューを行った").contains(&"行う".to_string()));
    }

    #[test]
    fn offsets_point_at_the_words() {
        let text = "品質を保証する";
        let mut out = TokenList::default();
        analyzer().analyze_run(text, 10, &mut 0, &mut out);
        for t in out.iter() {
            let (a, b) = (t.offset_from - 10, t.offset_to - 10);
            assert!(text.is_char_boundary(a) && text.is_char_boundary(b), "{t:?}");
        }
        assert_eq!(
            out.iter().map(|t| &text[t.offset_from - 10..t.offset_to - 10]).collect::<Vec<_>>(),
            ["品質", "保証"]
        );
    }
}
