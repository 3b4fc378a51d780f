//! [`TokenList`]: analysed tokens with their texts in one buffer.
//!
//! tantivy's `Token` owns its text as a `String`, so a `Vec<Token>` costs an
//! allocation (and later a free) per token; on Chinese text that was the
//! largest cost of analysis after jieba itself. Analysis writes into a
//! `TokenList` instead: one growing buffer of texts and one vector of
//! fixed-size entries. The indexing path hands tantivy one reused `Token`
//! filled from it; [`TokenList::into_tokens`] gives owned tokens where an API
//! wants them.

use tantivy_tokenizer_api::Token;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    offset_from: usize,
    offset_to: usize,
    position: usize,
    text_start: usize,
    text_end: usize,
}

/// Tokens of one analysed text (see the module docs). Positions never
/// decrease; offsets are byte offsets into the analysed text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenList {
    texts: String,
    entries: Vec<Entry>,
}

/// One token of a [`TokenList`], borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRef<'a> {
    /// The token's (normalised) text: a stem, a lowercase word, a Chinese word.
    pub text: &'a str,
    /// Start of the word in the analysed text, in bytes.
    pub offset_from: usize,
    /// End of the word in the analysed text, in bytes.
    pub offset_to: usize,
    /// Word position (parts of a Chinese compound share the compound's).
    pub position: usize,
}

impl TokenList {
    /// An empty list with room for about `bytes` of analysed text.
    pub fn for_text(bytes: usize) -> TokenList {
        TokenList { texts: String::with_capacity(bytes), entries: Vec::with_capacity(bytes / 5 + 1) }
    }

    /// Appends a token.
    pub fn push(&mut self, text: &str, offset_from: usize, offset_to: usize, position: usize) {
        let text_start = self.texts.len();
        self.texts.push_str(text);
        self.entries.push(Entry { offset_from, offset_to, position, text_start, text_end: self.texts.len() });
    }

    /// Reverses the order of the tokens from index `from` on, mapping their
    /// positions with `position` (for analyzers that find tokens backwards).
    pub(crate) fn reverse_from(&mut self, from: usize, position: impl Fn(usize) -> usize) {
        let n = self.entries.len();
        let tail = &mut self.entries[from.min(n)..];
        tail.reverse();
        for e in tail {
            e.position = position(e.position);
        }
    }

    /// Replaces the text of the `i`-th token (in place when the length is
    /// the same); does nothing past the end.
    pub(crate) fn set_text(&mut self, i: usize, text: &str) {
        let Some(e) = self.entries.get_mut(i) else { return };
        if e.text_end - e.text_start == text.len() {
            self.texts.replace_range(e.text_start..e.text_end, text);
        } else {
            e.text_start = self.texts.len();
            self.texts.push_str(text);
            e.text_end = self.texts.len();
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no token.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `i`-th token.
    pub fn get(&self, i: usize) -> Option<TokenRef<'_>> {
        self.entries.get(i).map(|e| self.token(e))
    }

    fn token(&self, e: &Entry) -> TokenRef<'_> {
        TokenRef {
            text: &self.texts[e.text_start..e.text_end],
            offset_from: e.offset_from,
            offset_to: e.offset_to,
            position: e.position,
        }
    }

    /// The tokens in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = TokenRef<'_>> + '_ {
        self.entries.iter().map(|e| self.token(e))
    }

    /// The position after the last token (0 when empty).
    pub fn next_position(&self) -> usize {
        self.entries.last().map(|e| e.position + 1).unwrap_or(0)
    }

    /// Owned tantivy tokens.
    pub fn into_tokens(self) -> Vec<Token> {
        self.iter()
            .map(|t| Token {
                offset_from: t.offset_from,
                offset_to: t.offset_to,
                position: t.position,
                text: t.text.to_string(),
                position_length: 1,
            })
            .collect()
    }

    /// Writes the `i`-th token into `token`, reusing its text's buffer
    /// (how tantivy's own tokenizers hand out tokens). False past the end.
    pub fn fill(&self, i: usize, token: &mut Token) -> bool {
        let Some(t) = self.get(i) else {
            return false;
        };
        token.text.clear();
        token.text.push_str(t.text);
        token.offset_from = t.offset_from;
        token.offset_to = t.offset_to;
        token.position = t.position;
        token.position_length = 1;
        true
    }
}

/// Read access to analysed tokens, for code that takes either a
/// `[Token]` (queries) or a [`TokenList`] (indexing).
pub trait TokenView {
    /// Number of tokens.
    fn count(&self) -> usize;
    /// Text of the `i`-th token (`i < count()`).
    fn text_at(&self, i: usize) -> &str;
    /// Position of the `i`-th token (`i < count()`).
    fn position_at(&self, i: usize) -> usize;
}

impl TokenView for [Token] {
    fn count(&self) -> usize {
        self.len()
    }
    fn text_at(&self, i: usize) -> &str {
        &self[i].text
    }
    fn position_at(&self, i: usize) -> usize {
        self[i].position
    }
}

impl TokenView for TokenList {
    #[inline]
    fn count(&self) -> usize {
        self.entries.len()
    }
    #[inline]
    fn text_at(&self, i: usize) -> &str {
        let e = &self.entries[i];
        &self.texts[e.text_start..e.text_end]
    }
    #[inline]
    fn position_at(&self, i: usize) -> usize {
        self.entries[i].position
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_texts_offsets_and_positions() {
        let mut list = TokenList::for_text(0);
        list.push("hire", 0, 6, 0);
        list.push("招聘", 7, 13, 1);
        assert_eq!(list.len(), 2);
        assert_eq!(list.get(1), Some(TokenRef { text: "招聘", offset_from: 7, offset_to: 13, position: 1 }));
        assert_eq!(list.next_position(), 2);
        let mut token = Token { text: "a much longer previous text".into(), ..Token::default() };
        assert!(list.fill(0, &mut token) && token.text == "hire" && token.offset_to == 6);
        assert!(!list.fill(2, &mut token));
        let owned = list.clone().into_tokens();
        assert_eq!((owned[1].text.as_str(), owned[1].position), ("招聘", 1));
        assert_eq!(list.text_at(1), owned.text_at(1));
    }
}
