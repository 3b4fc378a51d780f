//! Language analysis for role documents: English, Chinese, and both mixed.
//!
//! You probably want the `rolesearch` crate instead.
//!
//! # Overview
//! [`MixedAnalyzer`] is the one analyzer rolesearch registers for its text
//! fields, at index and at query time. It splits text into script runs
//! ([`script_runs`]); non-CJK runs go through Unicode word segmentation,
//! NFKC folding, lowercasing, stop words and Snowball stemming (with a stem
//! cache); Han runs go through jieba-rs in search mode (see the `chinese`
//! module docs for the policy on compounds and positions). It implements
//! tantivy's `Tokenizer` trait from `tantivy-tokenizer-api`, so this crate
//! does not depend on tantivy itself.
//!
//! # Example
//! ```
//! use rolesearch_analysis::MixedAnalyzer;
//!
//! // "responsible for code review" in Chinese, then English
//! let tokens = MixedAnalyzer::new().analyze("负责代码审查 and hiring");
//! let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
//! assert!(words.contains(&"hire"));
//! // With the default `chinese` feature, jieba segments the Chinese words.
//! # #[cfg(feature = "chinese")]
//! assert!(words.contains(&"代码") && words.contains(&"审查"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

mod bridge;
#[cfg(feature = "chinese")]
mod chinese;
pub mod config;
mod detect;
mod dictionary;
mod english;
mod false_friends;
#[cfg(feature = "japanese")]
mod japanese;
mod lexicon;
mod loanwords;
mod mixed;
mod parts;
mod phrases;
mod stop_words;
mod tokens;
mod traditional;
mod word;

#[cfg(feature = "chinese")]
pub use chinese::default_jieba;
pub use config::{analysis_fingerprint, cache_dir, set_dictionaries, setup_errors, DictionaryPaths};

/// Whether Japanese analysis (lindera) is compiled in: the `japanese` feature.
pub const JAPANESE: bool = cfg!(feature = "japanese");
pub use bridge::Bridge;
pub use detect::{script_runs, Run, Script};
pub use dictionary::Dictionary;
pub use english::{base_forms, normalize, stem};
pub use false_friends::{false_friends, is_japanese_false_friend};
pub use lexicon::{ConceptMatch, Lexicon, LexiconError, BUILTIN as BUILTIN_LEXICON};
pub use loanwords::Loanwords;
pub use mixed::{MixedAnalyzer, MixedTokenStream};
pub use phrases::{Phrases, MAX_PHRASE_TERMS};
pub use tantivy_tokenizer_api::Token;
pub use tokens::{TokenList, TokenRef, TokenView};
pub use traditional::{fold_traditional, reads_as_japanese};

/// Version of the analysis pipeline. The index records it; an index built by
/// a different version is refused with a message to rebuild, because tokens
/// would no longer match between index and query time.
pub const ANALYZER_VERSION: u32 = 22;
