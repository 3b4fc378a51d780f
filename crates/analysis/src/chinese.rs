//! Chinese: jieba-rs in search mode, one dictionary shared by all analyzers.
//!
//! # Segmentation policy
//! * **HMM off.** Unknown words fall apart into dictionary words and single
//!   characters instead of being guessed; guesses differ between a word in a
//!   statement and the same word alone in a query, and a query must find
//!   what the index holds.
//! * **Search mode at index and query time.** "技术总监" yields 技术, 总监
//!   and 技术总监, so a query for 总监 (director) finds 技术总监 (technical
//!   director), and a query for 技术总监 matches the whole word as well as its
//!   parts.
//! * **Common Japanese words jieba lacks are added** (from the JMdict subset,
//!   [`crate::Dictionary::words_new_to_jieba`]), each at the frequency that
//!   just keeps it whole against its own characters. Without lindera,
//!   Japanese Han text (folded to Simplified) goes through jieba, which cut
//!   予算 (budget) into 予 / 算 and 面接 (interview) into 面 / 接. The words
//!   are Japanese-only spellings, so Chinese text rarely holds them; where a
//!   Chinese word overlaps one, the Chinese word, being more frequent, wins.
//! * **Positions count words, not characters.** A compound and its parts
//!   share one position (the parts are stacked on the compound), so phrase
//!   queries over consecutive words still match.

use std::sync::{Arc, LazyLock};

use jieba_rs::Jieba;

use crate::stop_words;
use crate::tokens::TokenList;

/// The default dictionary plus the configured user dictionary (see
/// [`crate::config`]), loaded on first use and shared, with the user
/// dictionary's load error if any. Loading costs tens of milliseconds;
/// cloning a `Jieba` costs about 5 ms, so analyzers hold an `Arc` and never
/// clone the dictionary.
static DEFAULT: LazyLock<(Arc<Jieba>, Option<String>, String)> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    let mut added = 0;
    for word in crate::Dictionary::builtin().words_new_to_jieba() {
        let freq = jieba.suggest_freq(word);
        jieba.add_word(word, Some(freq), None);
        added += 1;
    }
    let mut error = None;
    let mut fingerprint = format!("zh=jieba+ja:{added}");
    if let Some(path) = &crate::config::paths().zh_user_dict {
        match load_user_dict(&mut jieba, path) {
            Ok(words) => {
                let print = crate::config::file_fingerprint(path).unwrap_or_default();
                fingerprint = format!("zh=jieba+user:{print}:{words}");
            }
            Err(e) => error = Some(format!("jieba user dictionary {}: {e}", path.display())),
        }
    }
    (Arc::new(jieba), error, fingerprint)
});

/// Adds the words of a user dictionary file (`word [frequency] [tag]` per
/// line, jieba's own format) and returns how many there were. A word without
/// a frequency gets the one that makes jieba keep it whole (jieba's own
/// `load_dict` would give it 0, so it would never be cut out). All or
/// nothing: a bad line leaves jieba's dictionary alone.
fn load_user_dict(jieba: &mut Jieba, path: &std::path::Path) -> Result<usize, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cells = line.split_whitespace();
        let word = cells.next().unwrap_or_default();
        let freq = match cells.next() {
            Some(f) => Some(
                f.parse::<usize>()
                    .map_err(|_| format!("line {}: frequency {f:?} of {word:?} is not a whole number", i + 1))?,
            ),
            None => None,
        };
        entries.push((word, freq, cells.next()));
    }
    for &(word, freq, tag) in &entries {
        jieba.add_word(word, freq, tag);
    }
    Ok(entries.len())
}

/// The shared default jieba instance.
pub fn default_jieba() -> Arc<Jieba> {
    Arc::clone(&DEFAULT.0)
}

/// Why the configured jieba user dictionary was not loaded, if it was not.
pub(crate) fn user_dict_error() -> Option<&'static str> {
    DEFAULT.1.as_deref()
}

/// Names jieba's dictionaries for the index's analysis fingerprint.
pub(crate) fn fingerprint() -> String {
    DEFAULT.2.clone()
}

/// True unless a token is punctuation or space. Han is checked first: it is
/// a range compare, while `char::is_alphanumeric` on Han and on CJK
/// punctuation takes std's slow table lookup.
fn is_word(word: &str) -> bool {
    word.chars().any(|c| rolesearch_doc::is_han(c) || crate::detect::is_letter_or_digit(c))
}

/// Analyses a run of Han text starting at byte `base` of the full text.
pub(crate) fn analyze_run(jieba: &Jieba, text: &str, base: usize, position: &mut usize, out: &mut TokenList) {
    let words = jieba.cut_for_search(text, false);
    // Search mode emits a compound's parts right before the compound itself.
    // Walking backwards, a token inside the span of the last compound seen is
    // one of its parts and shares its position. Tokens are written in that
    // backward order, numbered by group from the end, then put in text order
    // and renumbered: one pass over jieba's words and no vector of groups.
    let first_token = out.len();
    let mut groups = 0usize;
    let mut cover = (usize::MAX, 0);
    for w in words.iter().rev() {
        if w.byte_start < cover.0 || w.byte_end > cover.1 {
            groups += 1;
            cover = (w.byte_start, w.byte_end);
        }
        // Punctuation and spaces inside the run are not tokens.
        if is_word(w.word) && !stop_words::is_chinese_stop(w.word) {
            out.push(w.word, base + w.byte_start, base + w.byte_end, groups);
        }
    }
    let first = *position;
    out.reverse_from(first_token, |group| first + (groups - group));
    *position = first + groups;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_parts_share_the_compound_position() {
        let jieba = default_jieba();
        let mut out = TokenList::default();
        let mut pos = 0;
        // "Peking University leads the team": 北京大学 is a dictionary compound
        analyze_run(&jieba, "北京大学领导团队", 0, &mut pos, &mut out);
        let got: Vec<_> = out.iter().map(|t| (t.text, t.position)).collect();
        assert_eq!(got, [("北京", 0), ("大学", 0), ("北京大学", 0), ("领导", 1), ("团队", 2)]);
        assert_eq!(pos, 3);
        let positions: Vec<_> = out.iter().map(|t| t.position).collect();
        assert!(positions.windows(2).all(|w| w[0] <= w[1]), "{positions:?}");
    }

    fn words(text: &str) -> Vec<String> {
        let mut out = TokenList::default();
        analyze_run(&default_jieba(), text, 0, &mut 0, &mut out);
        out.iter().map(|t| t.text.to_string()).collect()
    }

    #[test]
    fn japanese_words_stay_whole_and_chinese_text_keeps_its_words() {
        // Folded Japanese: budget management, interview, progress (進捗).
        assert_eq!(words("予算管理"), ["予算", "管理"]);
        assert_eq!(words("面接"), ["面接"]);
        assert_eq!(words("进捗"), ["进捗"]);
        // Chinese: "responsible for the budget", "face-to-face meeting".
        assert_eq!(words("负责预算"), ["负责", "预算"]);
        assert_eq!(words("当面接洽"), ["当面", "接洽"]);
    }
}
