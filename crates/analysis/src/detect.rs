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
    /// True when the run holds a Traditional character that
    /// [`crate::fold_traditional`] folds (found in the same pass, so Chinese
    /// text without any is not scanned again).
    pub has_traditional: bool,
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
            vec![Run { script: Script::Other, start: 0, end: text.len(), has_kana: false, has_traditional: false }]
        };
    }
    let mut runs: Vec<Run> = Vec::new();
    let mut current: Option<Run> = None;
    let traditional = crate::traditional::table();
    let bytes = text.as_bytes();
    let run = |script, start, end| Run { script, start, end, has_kana: false, has_traditional: false };
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            // A stretch of ASCII: punctuation and spaces join the run before
            // them; from its first letter or digit on, it is all one Other run.
            let start = i;
            while i < bytes.len() && bytes[i] < 0x80 && !bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i > start {
                let script = current.as_ref().map(|r| r.script).unwrap_or(Script::Other);
                extend(&mut runs, &mut current, run(script, start, i));
            }
            let start = i;
            while i < bytes.len() && bytes[i] < 0x80 {
                i += 1;
            }
            if i > start {
                extend(&mut runs, &mut current, run(Script::Other, start, i));
            }
            continue;
        }
        let Some(ch) = text[i..].chars().next() else { break };
        let start = i;
        i += ch.len_utf8();
        if (0x4E00..=0x9FFF).contains(&(ch as u32)) {
            // The common ideographs, most of Chinese text: the whole stretch
            // of them in one tight loop.
            let mut folds = traditional.folds(ch);
            while let Some(c) = text[i..].chars().next().filter(|c| (0x4E00..=0x9FFF).contains(&(*c as u32))) {
                folds |= traditional.folds(c);
                i += c.len_utf8();
            }
            extend(&mut runs, &mut current, Run { has_traditional: folds, ..run(Script::Cjk, start, i) });
            continue;
        }
        let kana = is_kana(ch);
        let script = if kana || is_han(ch) {
            Script::Cjk
        } else if is_letter_or_digit(ch) {
            Script::Other
        } else {
            current.as_ref().map(|r| r.script).unwrap_or(Script::Other)
        };
        let has_traditional = script == Script::Cjk && traditional.folds(ch);
        extend(&mut runs, &mut current, Run { script, start, end: i, has_kana: kana, has_traditional });
    }
    runs.extend(current);
    runs
}

/// Adds `piece` (which starts where `current` ends) to `current` when the
/// scripts agree, else closes `current` and starts a new run with it.
fn extend(runs: &mut Vec<Run>, current: &mut Option<Run>, piece: Run) {
    match current {
        Some(r) if r.script == piece.script => {
            r.end = piece.end;
            r.has_kana |= piece.has_kana;
            r.has_traditional |= piece.has_traditional;
        }
        _ => runs.extend(current.replace(piece)),
    }
}

/// `char::is_alphanumeric`, with the punctuation of Chinese text answered by
/// range checks: std's table lookup for "，" and "。" was a tenth of the time
/// spent splitting Chinese text into runs.
pub(crate) fn is_letter_or_digit(ch: char) -> bool {
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
        // "technical director": Traditional characters are noted for folding.
        assert!(script_runs("技術總監").iter().all(|r| r.has_traditional));
        assert!(!script_runs("技术总监 and IT").iter().any(|r| r.has_traditional));
    }

    /// The rule written plainly, one character at a time.
    fn plain_runs(text: &str) -> Vec<(Script, usize, usize, bool)> {
        let mut runs: Vec<(Script, usize, usize, bool)> = Vec::new();
        for (i, ch) in text.char_indices() {
            let kana = is_kana(ch);
            let script = if kana || is_han(ch) {
                Script::Cjk
            } else if ch.is_alphanumeric() {
                Script::Other
            } else {
                runs.last().map(|r| r.0).unwrap_or(Script::Other)
            };
            match runs.last_mut() {
                Some(r) if r.0 == script => {
                    r.2 = i + ch.len_utf8();
                    r.3 |= kana;
                }
                _ => runs.push((script, i, i + ch.len_utf8(), kana)),
            }
        }
        runs
    }

    proptest::proptest! {
        #[test]
        fn runs_follow_the_plain_rule(text in "[a-z0-9 ,.\\-技術总监负责のカ。，、（）Ａ１é\u{3400}\u{20000}]{0,30}") {
            let got: Vec<_> = script_runs(&text).iter().map(|r| (r.script, r.start, r.end, r.has_kana)).collect();
            proptest::prop_assert_eq!(got, plain_runs(&text));
            for r in script_runs(&text) {
                proptest::prop_assert_eq!(r.has_traditional, crate::fold_traditional(&text[r.start..r.end]).is_some() && r.script == Script::Cjk);
            }
        }
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
