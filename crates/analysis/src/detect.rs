//! Script runs: "负责 Kubernetes 集群" → [Han, Other, Han].

use rolesearch_doc::{is_han, is_kana};

/// The script class of a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Han ideographs and kana: segmented by a dictionary (jieba).
    Cjk,
    /// Everything else: segmented at Unicode word boundaries.
    Other,
}

/// A maximal run of one script class; `start..end` are byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// The script class.
    pub script: Script,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
    /// True when the run holds kana (so it is Japanese).
    pub has_kana: bool,
}

/// Splits `text` into script runs. Runs cover the whole text, in order.
///
/// Letters and digits decide a run's script; punctuation and spaces join
/// the run before them. Chinese prose is punctuated every few characters,
/// and handing jieba one run per clause instead of one per sentence cost
/// more than half of Chinese analysis time in call overhead.
pub fn script_runs(text: &str) -> Vec<Run> {
    if text.is_ascii() {
        // The common case for English, checked with a vectorised scan.
        return if text.is_empty() {
            Vec::new()
        } else {
            vec![Run { script: Script::Other, start: 0, end: text.len(), has_kana: false }]
        };
    }
    let mut runs: Vec<Run> = Vec::new();
    for (i, ch) in text.char_indices() {
        let kana = is_kana(ch);
        let script = if kana || is_han(ch) {
            Script::Cjk
        } else if !is_letter_or_digit(ch) && runs.last().is_some() {
            runs.last().map(|r| r.script).unwrap_or(Script::Other)
        } else {
            Script::Other
        };
        let end = i + ch.len_utf8();
        match runs.last_mut() {
            Some(r) if r.script == script => {
                r.end = end;
                r.has_kana |= kana;
            }
            _ => runs.push(Run { script, start: i, end, has_kana: kana }),
        }
    }
    runs
}

/// `char::is_alphanumeric`, with the punctuation of Chinese text answered by
/// range checks: std's table lookup for "，" and "。" was a tenth of the time
/// spent splitting Chinese text into runs.
fn is_letter_or_digit(ch: char) -> bool {
    match ch as u32 {
        0..=0x7F => ch.is_ascii_alphanumeric(),
        // CJK punctuation (、。「」【】〒…) and fullwidth punctuation (！…／ and ：…＠).
        0x3000..=0x3004 | 0x3008..=0x3020 | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 => false,
        _ => ch.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_runs() {
        // "responsible for the Kubernetes cluster"
        let text = "负责 Kubernetes 集群";
        let runs = script_runs(text);
        let parts: Vec<_> = runs.iter().map(|r| (&text[r.start..r.end], r.script)).collect();
        assert_eq!(parts, [("负责 ", Script::Cjk), ("Kubernetes ", Script::Other), ("集群", Script::Cjk)]);
        // "coordinate, evaluate" with an ASCII comma stays one run for jieba.
        assert_eq!(script_runs("协调,评估").len(), 1);
    }

    #[test]
    fn fast_punctuation_check_agrees_with_std() {
        for u in (0..0x3100u32).chain(0xFE00..0x10000) {
            if let Some(ch) = char::from_u32(u) {
                assert_eq!(is_letter_or_digit(ch), ch.is_alphanumeric(), "{ch:?} U+{u:04X}");
            }
        }
    }
}
