//! Splitting a Chinese or Japanese word nobody listed into words somebody did.

/// The known words `word` is made of, as byte ranges, found longest first
/// (two characters at least, `max_chars` at most) from left to right, and
/// whether they cover it end to end. A character no known word starts at is
/// stepped over. `known` says whether a piece is a known word.
pub(crate) fn known_parts(word: &str, max_chars: usize, known: impl Fn(&str) -> bool) -> (Vec<(usize, usize)>, bool) {
    let chars: Vec<usize> = word.char_indices().map(|(i, _)| i).chain(std::iter::once(word.len())).collect();
    let n = chars.len() - 1;
    let mut parts = Vec::new();
    let mut covered = true;
    let mut i = 0;
    while i < n {
        match (2..=(n - i).min(max_chars)).rev().find(|&len| known(&word[chars[i]..chars[i + len]])) {
            Some(len) => {
                parts.push((chars[i], chars[i + len]));
                i += len;
            }
            None => {
                covered = false;
                i += 1;
            }
        }
    }
    (parts, covered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_known_words_first_and_gaps_reported() {
        let known = |w: &str| ["ドキュメント", "ドキュ", "テスト"].contains(&w);
        let (parts, covered) = known_parts("ドキュメントテスト", 8, known);
        let words: Vec<&str> = parts.iter().map(|&(f, t)| &"ドキュメントテスト"[f..t]).collect();
        assert_eq!(words, ["ドキュメント", "テスト"]);
        assert!(covered);
        let (parts, covered) = known_parts("ノテスト", 8, known);
        assert_eq!(parts.len(), 1);
        assert!(!covered, "ノ is no known word");
        assert_eq!(known_parts("", 8, known), (Vec::new(), true));
    }
}
