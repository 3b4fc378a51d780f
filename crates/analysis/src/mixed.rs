//! The analyzer registered for every text field: splits text into script
//! runs and sends each run to the analyzer for its language.

#[cfg(feature = "chinese")]
use std::sync::Arc;

#[cfg(feature = "chinese")]
use jieba_rs::Jieba;
use tantivy_tokenizer_api::{Token, TokenStream, Tokenizer};

use crate::detect::{script_runs, Script};
use crate::english;

/// Analyses mixed English/Chinese text.
///
/// Offsets are byte offsets into the original text (highlighting relies on
/// them); positions count words and never decrease; analysis never fails:
/// any input yields some (possibly empty) token list.
#[derive(Clone)]
pub struct MixedAnalyzer {
    #[cfg(feature = "chinese")]
    jieba: Arc<Jieba>,
}

impl Default for MixedAnalyzer {
    fn default() -> Self {
        MixedAnalyzer::new()
    }
}

impl std::fmt::Debug for MixedAnalyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MixedAnalyzer").finish_non_exhaustive()
    }
}

impl MixedAnalyzer {
    /// An analyzer with the default (shared) dictionaries.
    pub fn new() -> MixedAnalyzer {
        MixedAnalyzer {
            #[cfg(feature = "chinese")]
            jieba: crate::chinese::default_jieba(),
        }
    }

    /// Loads lazily initialised dictionaries now, so the first analysis is not
    /// slow (benches and the CLI call this before timing or serving).
    pub fn warm_up(&self) {
        let _ = self.analyze("warm 预热");
    }

    /// Analyses `text` into tokens.
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        self.analyze_into(text, &mut out);
        out
    }

    /// Analyses `text`, appending tokens to `out`.
    pub fn analyze_into(&self, text: &str, out: &mut Vec<Token>) {
        let mut position = out.last().map(|t| t.position + 1).unwrap_or(0);
        for run in script_runs(text) {
            let slice = &text[run.start..run.end];
            match run.script {
                Script::Other => english::analyze_run(slice, run.start, &mut position, out),
                Script::Cjk => {
                    // Traditional characters fold to Simplified ones of the same
                    // byte length, so offsets into `text` stay exact.
                    let folded = crate::fold_traditional(slice);
                    self.analyze_cjk(folded.as_deref().unwrap_or(slice), run.start, &mut position, out)
                }
            }
        }
    }

    #[cfg(feature = "chinese")]
    fn analyze_cjk(&self, slice: &str, base: usize, position: &mut usize, out: &mut Vec<Token>) {
        crate::chinese::analyze_run(&self.jieba, slice, base, position, out);
    }

    /// Without a Chinese dictionary, CJK text is indexed one character per token.
    #[cfg(not(feature = "chinese"))]
    fn analyze_cjk(&self, slice: &str, base: usize, position: &mut usize, out: &mut Vec<Token>) {
        for (i, ch) in slice.char_indices() {
            // Runs carry their punctuation and spaces; those are not tokens.
            if !ch.is_alphanumeric() {
                *position += 1;
                continue;
            }
            out.push(Token {
                offset_from: base + i,
                offset_to: base + i + ch.len_utf8(),
                position: *position,
                text: ch.to_string(),
                position_length: 1,
            });
            *position += 1;
        }
    }
}

/// Token stream over a pre-analysed token list.
pub struct MixedTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl TokenStream for MixedTokenStream {
    fn advance(&mut self) -> bool {
        self.index += 1;
        self.index <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

impl Tokenizer for MixedAnalyzer {
    type TokenStream<'a> = MixedTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MixedTokenStream {
        MixedTokenStream { tokens: self.analyze(text), index: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "chinese")]
    #[test]
    fn mixed_text_offsets_and_positions() {
        // "responsible for reviewing issues and pull requests"
        let text = "负责评审issue和pull request";
        let tokens = MixedAnalyzer::new().analyze(text);
        for t in &tokens {
            assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
        }
        let texts: Vec<_> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert!(texts.contains(&"issu") && texts.contains(&"pull") && texts.contains(&"request"), "{texts:?}");
        assert!(texts.contains(&"负责") && texts.contains(&"评审"), "{texts:?}");
        assert!(!texts.contains(&"和"), "function words are dropped: {texts:?}");
        let issue = tokens.iter().find(|t| t.text == "issu").unwrap();
        assert_eq!(&text[issue.offset_from..issue.offset_to], "issue");
        assert!(tokens.windows(2).all(|w| w[0].position <= w[1].position));
    }

    #[test]
    fn traditional_and_simplified_analyse_alike() {
        // "the technical director is responsible for budget and hiring"
        let a = MixedAnalyzer::new();
        let texts =
            |s: &str| a.analyze(s).into_iter().map(|t| (t.text, t.offset_from, t.offset_to)).collect::<Vec<_>>();
        assert_eq!(texts("技術總監負責預算與招聘"), texts("技术总监负责预算与招聘"));
    }

    #[test]
    fn punctuation_and_whitespace_are_not_tokens() {
        let tokens = MixedAnalyzer::new().analyze("，。、；（）  ！？ -- ...");
        assert!(tokens.is_empty(), "{tokens:?}");
    }
}
