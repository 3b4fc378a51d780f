//! Where the dictionaries come from: the Japanese system dictionary and the
//! user dictionaries for jieba and lindera.
//!
//! Dictionaries are process-wide (one jieba, one lindera segmenter shared by
//! every analyzer), so they are configured once, before the first analysis:
//! by [`set_dictionaries`] in code (the CLI's `--zh-user-dict`, `--ja-dict`,
//! `--ja-user-dict` flags call it), or else by environment variables:
//!
//! | variable                   | what it names                                              |
//! |----------------------------|------------------------------------------------------------|
//! | `ROLESEARCH_ZH_USER_DICT`  | jieba user dictionary: `word [frequency] [tag]` per line   |
//! | `ROLESEARCH_JA_DICT`       | lindera dictionary folder, built or MeCab IPADIC source    |
//! | `ROLESEARCH_JA_USER_DICT`  | lindera user dictionary CSV: `surface,part_of_speech,reading` |
//! | `ROLESEARCH_CACHE_DIR`     | where a dictionary built from IPADIC source is kept        |
//!
//! Tokens depend on the dictionaries, so an index records
//! [`analysis_fingerprint`] and refuses to be searched with other ones.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Environment variable naming a jieba user dictionary.
pub const ZH_USER_DICT_ENV: &str = "ROLESEARCH_ZH_USER_DICT";
/// Environment variable naming the Japanese (lindera) dictionary folder.
pub const JA_DICT_ENV: &str = "ROLESEARCH_JA_DICT";
/// Environment variable naming a lindera user dictionary (CSV).
pub const JA_USER_DICT_ENV: &str = "ROLESEARCH_JA_USER_DICT";
/// Environment variable naming the cache folder for built dictionaries.
pub const CACHE_DIR_ENV: &str = "ROLESEARCH_CACHE_DIR";

/// Where Debian's `mecab-ipadic` package puts the IPADIC source; used when no
/// Japanese dictionary is named.
pub const DEBIAN_IPADIC: &str = "/usr/share/mecab/dic/ipadic";

/// The dictionary files analysis uses. `None` means the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DictionaryPaths {
    /// jieba user dictionary: one `word [frequency] [tag]` per line, added to
    /// jieba's built-in dictionary.
    pub zh_user_dict: Option<PathBuf>,
    /// lindera dictionary folder: either a built lindera dictionary or MeCab
    /// IPADIC source (`matrix.def`, `char.def`, `unk.def`, `*.csv`), which is
    /// built once into the cache folder. Default: [`DEBIAN_IPADIC`] when it exists.
    pub ja_dict: Option<PathBuf>,
    /// lindera user dictionary: CSV lines `surface,part_of_speech,reading`.
    pub ja_user_dict: Option<PathBuf>,
}

impl DictionaryPaths {
    /// The paths named by the environment variables.
    pub fn from_env() -> DictionaryPaths {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        DictionaryPaths {
            zh_user_dict: var(ZH_USER_DICT_ENV),
            ja_dict: var(JA_DICT_ENV),
            ja_user_dict: var(JA_USER_DICT_ENV),
        }
    }
}

static PATHS: OnceLock<DictionaryPaths> = OnceLock::new();

/// Sets the dictionaries for this process. Call it before the first analysis
/// (or index open); afterwards the dictionaries are loaded and this returns
/// the paths back as an error.
///
/// # Errors
/// The given paths, when dictionaries were already configured.
pub fn set_dictionaries(paths: DictionaryPaths) -> Result<(), DictionaryPaths> {
    PATHS.set(paths)
}

/// The configured paths (from [`set_dictionaries`], else the environment).
pub(crate) fn paths() -> &'static DictionaryPaths {
    PATHS.get_or_init(DictionaryPaths::from_env)
}

/// The folder for what rolesearch builds itself and can build again: dictionaries
/// compiled from IPADIC source, the CLI's demo corpus and its index.
/// `$ROLESEARCH_CACHE_DIR`, else `$XDG_CACHE_HOME/rolesearch`, else
/// `~/.cache/rolesearch`, else a folder in the system's temporary folder.
pub fn cache_dir() -> PathBuf {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    var(CACHE_DIR_ENV)
        .or_else(|| var("XDG_CACHE_HOME").map(|p| p.join("rolesearch")))
        .or_else(|| var("HOME").map(|p| p.join(".cache").join("rolesearch")))
        .unwrap_or_else(|| std::env::temp_dir().join("rolesearch-cache"))
}

/// FNV-1a, for fingerprints of dictionary files (not security).
pub(crate) fn fnv64(bytes: &[u8], mut h: u64) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// FNV-1a offset basis.
pub(crate) const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// A short fingerprint of a file's content, or `None` when it cannot be read.
#[cfg_attr(not(any(feature = "chinese", feature = "japanese")), allow(dead_code))]
pub(crate) fn file_fingerprint(path: &Path) -> Option<String> {
    std::fs::read(path).ok().map(|b| format!("{:08x}", fnv64(&b, FNV_START) as u32))
}

/// Loads every configured dictionary now and returns what went wrong, one
/// line per problem naming the file. Analysis never fails: a dictionary that
/// cannot be loaded is left out (jieba's and lindera's own dictionaries stay),
/// so a program that must not run with a wrong setup checks this first.
pub fn setup_errors() -> Vec<String> {
    let mut errors = Vec::new();
    #[cfg(feature = "chinese")]
    if let Some(e) = crate::chinese::user_dict_error() {
        errors.push(e.to_string());
    }
    #[cfg(not(feature = "chinese"))]
    if let Some(p) = &paths().zh_user_dict {
        errors.push(format!("jieba user dictionary {}: this build has no Chinese analysis", p.display()));
    }
    #[cfg(feature = "japanese")]
    errors.extend(crate::japanese::setup_errors());
    #[cfg(not(feature = "japanese"))]
    for p in [&paths().ja_dict, &paths().ja_user_dict].into_iter().flatten() {
        errors.push(format!(
            "Japanese dictionary {}: this build has no Japanese analysis (build with `--features japanese`)",
            p.display()
        ));
    }
    errors
}

/// Names the dictionaries in use, so an index built with one set of
/// dictionaries is not searched with tokens from another.
pub fn analysis_fingerprint() -> String {
    #[cfg(feature = "chinese")]
    let zh = crate::chinese::fingerprint();
    #[cfg(not(feature = "chinese"))]
    let zh = "zh=chars".to_string();
    #[cfg(feature = "japanese")]
    let ja = crate::japanese::fingerprint();
    #[cfg(not(feature = "japanese"))]
    let ja = "ja=as-zh".to_string();
    format!("{zh} {ja}")
}
