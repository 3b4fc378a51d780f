//! The analyzer registered for every text field: splits text into script
//! runs and sends each run to the analyzer for its language.

#[cfg(feature = "chinese")]
use std::sync::Arc;

#[cfg(feature = "chinese")]
use jieba_rs::Jieba;
use rolesearch_doc::Lang;
use tantivy_tokenizer_api::{Token, TokenStream, Tokenizer};

use crate::detect::{script_runs, Script};
use crate::english;
use crate::tokens::TokenList;

/// Analyses mixed English/Chinese/Japanese text.
///
/// Offsets are byte offsets into the original text (highlighting relies on
/// them); positions count words and never decrease; analysis never fails:
/// any input yields some (possibly empty) token list.
///
/// # Chinese or Japanese
/// Kana means Japanese. Han characters alone could be either (要件定義,
/// 予算管理), so the text's context decides: [`MixedAnalyzer::analyze_in`]
/// takes the language of the document (rolesearch passes the role's
/// language, so a kana-less heading of a Japanese posting is Japanese);
/// [`MixedAnalyzer::analyze`] looks at the text alone, and any kana in it
/// makes all its Han runs Japanese. Queries have no document, so
/// [`MixedAnalyzer::analyze_query`] reads a Han-only query both ways.
/// Japanese goes to lindera with the `japanese` feature and a dictionary
/// (see the `config` module); otherwise to jieba like Chinese.
#[derive(Clone)]
pub struct MixedAnalyzer {
    #[cfg(feature = "chinese")]
    jieba: Arc<Jieba>,
    #[cfg(feature = "japanese")]
    japanese: Option<Arc<crate::japanese::Japanese>>,
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
            #[cfg(feature = "japanese")]
            japanese: crate::japanese::shared(),
        }
    }

    /// True when Japanese is analysed by lindera (the `japanese` feature and
    /// a dictionary), false when it falls back to the Chinese analyzer.
    pub fn has_japanese(&self) -> bool {
        #[cfg(feature = "japanese")]
        return self.japanese.is_some();
        #[cfg(not(feature = "japanese"))]
        false
    }

    /// Loads lazily initialised dictionaries now, so the first analysis is not
    /// slow (benches and the CLI call this before timing or serving).
    pub fn warm_up(&self) {
        let _ = self.analyze("warm 预热");
    }

    /// Analyses `text` into tokens.
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        self.tokens(text).into_tokens()
    }

    /// Analyses `text` of a document in language `context`: Han-only text
    /// is Japanese when the context is Japanese (see the type's docs).
    pub fn analyze_in(&self, text: &str, context: Lang) -> Vec<Token> {
        self.tokens_in(text, context).into_tokens()
    }

    /// As [`MixedAnalyzer::analyze`], into a [`TokenList`]: no allocation
    /// per token (the indexing path uses this).
    pub fn tokens(&self, text: &str) -> TokenList {
        let mut out = TokenList::for_text(text.len());
        self.analyze_runs(text, None, 0, &mut out);
        out
    }

    /// As [`MixedAnalyzer::analyze_in`], into a [`TokenList`].
    pub fn tokens_in(&self, text: &str, context: Lang) -> TokenList {
        let mut out = TokenList::for_text(text.len());
        self.analyze_runs(text, Some(context), 0, &mut out);
        out
    }

    /// Analyses a query. A Han-only query (採用, 予算管理) may be Chinese or
    /// Japanese: it is analysed as Chinese, and when Japanese analysis is
    /// available its Japanese words that Chinese analysis did not produce
    /// follow, so the query finds both. Queries with kana are Japanese.
    pub fn analyze_query(&self, text: &str) -> Vec<Token> {
        let mut out = self.analyze(text);
        // A Han word that may be Japanese and folds into a Chinese false
        // friend (結束: Japanese "unity", Chinese 结束 "end") is searched in
        // its Japanese spelling too, at the same position.
        let mut i = 0;
        while i < out.len() {
            let t = &out[i];
            let surface = text.get(t.offset_from..t.offset_to).unwrap_or("");
            if surface != t.text && crate::is_japanese_false_friend(surface) && !out.iter().any(|o| o.text == surface) {
                let japanese = Token { text: surface.to_string(), ..t.clone() };
                out.insert(i + 1, japanese);
                i += 1;
            }
            i += 1;
        }
        if !self.has_japanese() {
            return out;
        }
        let runs = script_runs(text);
        let han_only = runs.iter().any(|r| r.script == Script::Cjk) && !runs.iter().any(|r| r.has_kana);
        if han_only {
            let mut position = out.last().map(|t| t.position + 1).unwrap_or(0);
            for mut t in self.analyze_in(text, Lang::Ja) {
                if !out.iter().any(|o| o.text == t.text) {
                    t.position = position;
                    position += 1;
                    out.push(t);
                }
            }
        }
        out
    }

    /// Analyses `text`, appending tokens to `out`; positions continue after
    /// the last token already there.
    pub fn analyze_into(&self, text: &str, out: &mut Vec<Token>) {
        let mut list = TokenList::for_text(text.len());
        self.analyze_runs(text, None, out.last().map(|t| t.position + 1).unwrap_or(0), &mut list);
        out.extend(list.into_tokens());
    }

    fn analyze_runs(&self, text: &str, context: Option<Lang>, mut position: usize, out: &mut TokenList) {
        let runs = script_runs(text);
        // Without a context, text with kana, or with a kanji only Japanese
        // writes (経, 対, 検), is Japanese.
        let japanese = context == Some(Lang::Ja) || (context.is_none() && crate::reads_as_japanese(text));
        for run in runs {
            let slice = &text[run.start..run.end];
            match run.script {
                Script::Other => english::analyze_run(slice, run.start, &mut position, out),
                Script::Cjk if japanese && self.analyze_japanese(slice, run.start, &mut position, out) => {}
                // Japanese without lindera: jieba would cut katakana words
                // into single characters that match any Japanese text.
                Script::Cjk if japanese => self.analyze_kana_run(slice, run.start, &mut position, out),
                Script::Cjk => {
                    // Traditional characters fold to Simplified ones of the same
                    // byte length, so offsets into `text` stay exact.
                    let folded = if run.has_traditional { crate::fold_traditional(slice) } else { None };
                    self.analyze_cjk(folded.as_deref().unwrap_or(slice), run.start, &mut position, out)
                }
            }
        }
    }

    /// Japanese text when lindera is not there: each katakana word (with
    /// its long-vowel marks) is one token, Han stretches go to the Chinese
    /// pipeline (kanji compounds such as 採用 or 予算 are shared words), and
    /// hiragana — particles, endings, grammar — is left out, as lindera's
    /// analysis leaves out particles and auxiliaries.
    fn analyze_kana_run(&self, slice: &str, base: usize, position: &mut usize, out: &mut TokenList) {
        #[derive(PartialEq, Clone, Copy)]
        enum Kind {
            Katakana,
            Hiragana,
            Other,
        }
        let kind = |c: char| match c as u32 {
            // The middle dot separates katakana words; it is punctuation.
            0x30FB => Kind::Other,
            0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Kind::Katakana,
            0x3040..=0x309F => Kind::Hiragana,
            _ => Kind::Other,
        };
        let mut pieces: Vec<(usize, usize, Kind)> = Vec::new();
        for (i, c) in slice.char_indices() {
            let k = kind(c);
            match pieces.last_mut() {
                Some(last) if last.2 == k => last.1 = i + c.len_utf8(),
                _ => pieces.push((i, i + c.len_utf8(), k)),
            }
        }
        for (from, to, k) in pieces {
            let piece = &slice[from..to];
            match k {
                Kind::Katakana => {
                    // A long-vowel mark alone (after hiragana) is no word.
                    if piece.chars().any(|c| c != '\u{30FC}') {
                        out.push(piece, base + from, base + to, *position);
                        for (f, t) in katakana_parts(piece) {
                            out.push(&piece[f..t], base + from + f, base + from + t, *position);
                        }
                    }
                    *position += 1;
                }
                Kind::Hiragana => *position += 1,
                Kind::Other => {
                    // As the Chinese pipeline reads Han text: Traditional forms
                    // folded, but a word that folds into a Chinese word of
                    // another meaning keeps its Japanese spelling (経理 is not 经理).
                    let folded = crate::fold_traditional(piece);
                    let first = out.len();
                    self.analyze_cjk(folded.as_deref().unwrap_or(piece), base + from, position, out);
                    if folded.is_some() {
                        keep_japanese_spellings(out, first, slice, base);
                    }
                }
            }
        }
    }

    /// Sends a run to lindera; false when there is no Japanese analyzer.
    #[cfg(feature = "japanese")]
    fn analyze_japanese(&self, slice: &str, base: usize, position: &mut usize, out: &mut TokenList) -> bool {
        match &self.japanese {
            Some(ja) => {
                ja.analyze_run(slice, base, position, out);
                true
            }
            None => false,
        }
    }

    #[cfg(not(feature = "japanese"))]
    fn analyze_japanese(&self, _: &str, _: usize, _: &mut usize, _: &mut TokenList) -> bool {
        false
    }

    #[cfg(feature = "chinese")]
    fn analyze_cjk(&self, slice: &str, base: usize, position: &mut usize, out: &mut TokenList) {
        crate::chinese::analyze_run(&self.jieba, slice, base, position, out);
    }

    /// Without a Chinese dictionary, CJK text is indexed one character per token.
    #[cfg(not(feature = "chinese"))]
    fn analyze_cjk(&self, slice: &str, base: usize, position: &mut usize, out: &mut TokenList) {
        analyze_chars(slice, base, position, out);
    }
}

/// Gives the tokens of `out` from `first` on whose Japanese spelling (in
/// `slice`, which starts at byte `base` of the text) is a false friend of
/// the Chinese word it folded into that spelling back
/// ([`crate::false_friends`]). Folding keeps byte lengths, so the spelling
/// is the text under the token's offsets.
fn keep_japanese_spellings(out: &mut TokenList, first: usize, slice: &str, base: usize) {
    for i in first..out.len() {
        let Some(t) = out.get(i) else { break };
        let Some(surface) = slice.get(t.offset_from.wrapping_sub(base)..t.offset_to.wrapping_sub(base)) else {
            continue;
        };
        if crate::false_friends::keeps_japanese_spelling(t.text, surface) {
            out.set_text(i, surface);
        }
    }
}

/// The known words an unknown katakana compound is made of, as byte
/// ranges: ドキュメントテスト → ドキュメント, テスト. Stacked on the compound
/// (as jieba's search mode stacks 技术 and 总监 on 技术总监), they let "test"
/// or テスト find it, which the whole compound alone cannot: Japanese writes
/// such compounds without spaces and no vocabulary lists them all. Known
/// words are those of the learned layer's vocabulary (IPADIC's katakana
/// nouns among them) and the loanwords (UniDic's, JMdict's); a compound they know
/// (プロテスト, not プロ + テスト) stays whole, and one the parts do not cover
/// end to end is not split.
fn katakana_parts(word: &str) -> Vec<(usize, usize)> {
    let bridge = crate::Bridge::builtin();
    let loanwords = crate::Loanwords::builtin();
    let known = |w: &str| bridge.knows(w) || loanwords.knows(w);
    if word.chars().count() < 4 || known(word) {
        return Vec::new();
    }
    match crate::parts::known_parts(word, MAX_KATAKANA_PART, known) {
        (parts, true) if parts.len() >= 2 => parts,
        _ => Vec::new(),
    }
}

/// Longest katakana part [`katakana_parts`] looks up, in characters.
const MAX_KATAKANA_PART: usize = 12;

/// One token per letter or digit: CJK text with no dictionary for it.
#[cfg_attr(all(feature = "chinese", not(feature = "japanese")), allow(dead_code))]
pub(crate) fn analyze_chars(slice: &str, base: usize, position: &mut usize, out: &mut TokenList) {
    for (i, ch) in slice.char_indices() {
        // Runs carry their punctuation and spaces; those are not tokens.
        if !ch.is_alphanumeric() {
            *position += 1;
            continue;
        }
        out.push(ch.encode_utf8(&mut [0; 4]), base + i, base + i + ch.len_utf8(), *position);
        *position += 1;
    }
}

/// Token stream over an analysed [`TokenList`]: hands out one reused
/// `Token`, as tantivy's own tokenizers do. The list may be shared (an
/// index replays tokens its documents keep).
pub struct MixedTokenStream {
    tokens: std::sync::Arc<TokenList>,
    next: usize,
    current: Token,
}

impl MixedTokenStream {
    /// A stream over tokens analysed earlier.
    pub fn new(tokens: TokenList) -> MixedTokenStream {
        MixedTokenStream::shared(std::sync::Arc::new(tokens))
    }

    /// A stream over a shared token list.
    pub fn shared(tokens: std::sync::Arc<TokenList>) -> MixedTokenStream {
        MixedTokenStream { tokens, next: 0, current: Token::default() }
    }
}

impl TokenStream for MixedTokenStream {
    fn advance(&mut self) -> bool {
        let more = self.tokens.fill(self.next, &mut self.current);
        self.next += usize::from(more);
        more
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

impl Tokenizer for MixedAnalyzer {
    type TokenStream<'a> = MixedTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MixedTokenStream {
        MixedTokenStream::new(self.tokens(text))
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

    #[cfg(all(feature = "chinese", not(feature = "japanese")))]
    #[test]
    fn japanese_false_friends_keep_their_spelling() {
        let a = MixedAnalyzer::new();
        let words = |tokens: Vec<Token>| tokens.into_iter().map(|t| t.text).collect::<Vec<_>>();
        // 対応 "respond to" is not Chinese 对应 "correspond to"; 職務 "duties"
        // still folds to the Chinese word it is (职务).
        let ja = words(a.analyze_in("障害対応の職務を担当する", Lang::Ja));
        assert!(ja.contains(&"対応".to_string()) && !ja.contains(&"对应".to_string()), "{ja:?}");
        assert!(ja.contains(&"职务".to_string()), "{ja:?}");
        let zh = words(a.analyze_in("由对应代码仓库的审批人提名", Lang::Zh));
        assert!(zh.contains(&"对应".to_string()), "{zh:?}");
        // Traditional Chinese 經理 is the Chinese manager.
        assert!(words(a.analyze_in("經理", Lang::Zh)).contains(&"经理".to_string()));
        // A query with a kanji only Japanese writes is Japanese: 経理 "accounting".
        let q = words(a.analyze_query("経理"));
        assert!(q.contains(&"経理".to_string()) && !q.contains(&"经理".to_string()), "{q:?}");
        // A Han query both languages write is searched both ways.
        let q = words(a.analyze_query("結束"));
        assert!(q.contains(&"结束".to_string()) && q.contains(&"結束".to_string()), "{q:?}");
    }

    /// Without lindera, a katakana word is one token, never single
    /// characters that match unrelated Japanese text.
    #[cfg(all(feature = "chinese", not(feature = "japanese")))]
    #[test]
    fn katakana_words_stay_whole_without_lindera() {
        let a = MixedAnalyzer::new();
        // "disaster recovery plans, UX designer, and code review"
        let text = "ディザスタリカバリの計画、UXデザイナー・コードレビューを担当する";
        let got: Vec<String> = a.analyze(text).into_iter().map(|t| t.text).collect();
        for word in ["ディザスタリカバリ", "デザイナー", "コードレビュー", "ux"] {
            assert!(got.iter().any(|t| t == word), "{word} in {got:?}");
        }
        assert!(
            !got.iter().any(|t| t.chars().count() == 1 && rolesearch_doc::is_kana(t.chars().next().unwrap())),
            "{got:?}"
        );
        assert!(!got.iter().any(|t| t == "の" || t == "を"), "particles are left out: {got:?}");
        // A compound no vocabulary lists carries its known parts, at its position.
        let tokens = a.analyze("ドキュメントテストの改善");
        let at = |w: &str| tokens.iter().find(|t| t.text == w).map(|t| t.position);
        assert!(at("ドキュメントテスト").is_some() && at("ドキュメントテスト") == at("ドキュメント"), "{tokens:?}");
        assert_eq!(at("ドキュメント"), at("テスト"), "{tokens:?}");
        // A word the vocabulary knows is not cut into words it happens to contain.
        let tokens: Vec<String> = a.analyze("プロテスト").into_iter().map(|t| t.text).collect();
        assert_eq!(tokens, ["プロテスト"]);
        // Offsets point at the words (Han is folded to Simplified: 計 is 计).
        for t in a.analyze(text).into_iter().filter(|t| !t.text.chars().any(rolesearch_doc::is_han)) {
            assert_eq!(&text[t.offset_from..t.offset_to].to_lowercase(), &t.text, "offsets of {}", t.text);
        }
    }
}
