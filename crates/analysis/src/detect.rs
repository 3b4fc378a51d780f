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
pub fn script_runs(text: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (i, ch) in text.char_indices() {
        let kana = is_kana(ch);
        let script = if kana || is_han(ch) { Script::Cjk } else { Script::Other };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_runs() {
        // "responsible for the Kubernetes cluster"
        let text = "负责 Kubernetes 集群";
        let runs = script_runs(text);
        let parts: Vec<_> = runs.iter().map(|r| (&text[r.start..r.end], r.script)).collect();
        assert_eq!(parts, [("负责", Script::Cjk), (" Kubernetes ", Script::Other), ("集群", Script::Cjk)]);
    }
}
