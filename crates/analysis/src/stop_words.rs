//! Stop words: function words that carry no meaning about a role.
//!
//! Kept short on purpose: role statements are short, and words like "lead"
//! or "manage" that general-purpose lists drop are exactly what users search.

/// English stop words (lowercase, before stemming).
// The `match` in `is_english_stop` spells out this list; a test keeps them equal.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const ENGLISH: &[&str] = &[
    "a", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "both", "but", "by", "can", "do", "does",
    "e.g", "each", "etc", "for", "from", "has", "have", "he", "her", "his", "how", "i", "i.e", "if", "in", "into",
    "is", "it", "its", "me", "my", "not", "of", "on", "or", "other", "our", "own", "she", "so", "such", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "too", "us", "was", "we", "were",
    "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
];

/// Chinese function words (single characters and a few particles).
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const CHINESE: &[&str] = &[
    "的", "了", "和", "与", "及", "或", "等", "是", "在", "对", "为", "并", "将", "把", "被", "由", "从", "以", "之",
    "其", "也", "而", "且", "就", "都", "着", "呢", "吗", "啊", "之一", "以及", "或者", "并且", "如下", "包括",
];

/// Longest English stop word, in bytes: longer words skip the lookup,
/// which is most words of a role statement.
const ENGLISH_MAX_LEN: usize = 5;

pub(crate) fn is_english_stop(word: &str) -> bool {
    is_english_stop_bytes(word.as_bytes())
}

/// [`is_english_stop`] of a word's bytes (what the ASCII path holds).
pub(crate) fn is_english_stop_bytes(word: &[u8]) -> bool {
    // A `match` compiles to a switch on length and inline byte compares.
    word.len() <= ENGLISH_MAX_LEN
        && matches!(
            word,
            b"a" | b"all"
                | b"also"
                | b"an"
                | b"and"
                | b"any"
                | b"are"
                | b"as"
                | b"at"
                | b"be"
                | b"been"
                | b"both"
                | b"but"
                | b"by"
                | b"can"
                | b"do"
                | b"does"
                | b"e.g"
                | b"each"
                | b"etc"
                | b"for"
                | b"from"
                | b"has"
                | b"have"
                | b"he"
                | b"her"
                | b"his"
                | b"how"
                | b"i"
                | b"i.e"
                | b"if"
                | b"in"
                | b"into"
                | b"is"
                | b"it"
                | b"its"
                | b"me"
                | b"my"
                | b"not"
                | b"of"
                | b"on"
                | b"or"
                | b"other"
                | b"our"
                | b"own"
                | b"she"
                | b"so"
                | b"such"
                | b"than"
                | b"that"
                | b"the"
                | b"their"
                | b"them"
                | b"then"
                | b"there"
                | b"these"
                | b"they"
                | b"this"
                | b"those"
                | b"to"
                | b"too"
                | b"us"
                | b"was"
                | b"we"
                | b"were"
                | b"what"
                | b"when"
                | b"where"
                | b"which"
                | b"while"
                | b"who"
                | b"whom"
                | b"why"
                | b"will"
                | b"with"
                | b"would"
                | b"you"
                | b"your"
        )
}

pub(crate) fn is_chinese_stop(word: &str) -> bool {
    // Every entry is one or two characters (at most 6 bytes of UTF-8).
    word.len() <= 6
        && matches!(
            word,
            "的" | "了"
                | "和"
                | "与"
                | "及"
                | "或"
                | "等"
                | "是"
                | "在"
                | "对"
                | "为"
                | "并"
                | "将"
                | "把"
                | "被"
                | "由"
                | "从"
                | "以"
                | "之"
                | "其"
                | "也"
                | "而"
                | "且"
                | "就"
                | "都"
                | "着"
                | "呢"
                | "吗"
                | "啊"
                | "之一"
                | "以及"
                | "或者"
                | "并且"
                | "如下"
                | "包括"
        )
}

#[cfg(test)]
mod tests {
    #[test]
    fn english_list_is_sorted_for_binary_search() {
        let mut sorted = super::ENGLISH.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, super::ENGLISH);
        assert_eq!(super::ENGLISH.iter().map(|w| w.len()).max(), Some(super::ENGLISH_MAX_LEN));
        // The match in is_english_stop lists exactly these words.
        assert!(super::ENGLISH.iter().all(|w| super::is_english_stop(w)));
        assert!(!super::is_english_stop("lead") && !super::is_english_stop("budget"));
        assert!(super::CHINESE.iter().all(|w| w.len() <= 6 && super::is_chinese_stop(w)));
    }
}
