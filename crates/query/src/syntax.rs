//! Query syntax, as search boxes have taught people to type it:
//! `"exact phrase"`, `-word` (or `-"a phrase"`) to exclude, `word*` for
//! words that begin so. Everything else is plain words. The syntax is
//! forgiving, since people paste text: a quote with no closing quote is
//! text, and so is a `-` or `*` that cannot be an operator (`follow-up`,
//! `-`, `*`, Markdown's `**bold**`). A query longer than [`PASTED_CHARS`]
//! is pasted text (a charter, a posting) and has no operators at all: its
//! quotes are quotations, and requiring each quoted span as a phrase would
//! drop every statement that says the same in other words or another language.
//! Length is measured in English characters: a Chinese or Japanese character
//! counts as the 2.5 that a translation spends on it (the median English /
//! Chinese length ratio of the OpenHarmony charter pairs is 2.2–2.7), so a
//! pasted Chinese charter of 113 characters with “赋能” in scare quotes is
//! text, not a phrase no English statement can contain.

/// A query split into its parts.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Syntax {
    /// Text to analyse as words: the plain words and the words of phrases.
    pub words: String,
    /// Phrases that a hit must contain, word after word.
    pub phrases: Vec<String>,
    /// Words a hit must not contain.
    pub excluded_words: Vec<String>,
    /// Phrases a hit must not contain.
    pub excluded_phrases: Vec<String>,
    /// Beginnings of words (`manag*`), without the `*`.
    pub prefixes: Vec<String>,
}

/// Queries longer than this (in English characters; see the module docs)
/// are pasted text: all words.
pub const PASTED_CHARS: usize = 200;

/// How long `chars` is in English characters: a Han or kana character
/// counts 2.5 (see the module docs).
fn text_length(chars: &[char]) -> f32 {
    chars.iter().map(|&c| if rolesearch_doc::is_han(c) || rolesearch_doc::is_kana(c) { 2.5 } else { 1.0 }).sum()
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '＂')
}

fn is_minus(c: char) -> bool {
    matches!(c, '-' | '－' | '−')
}

/// Splits `query` into plain words, phrases, exclusions and prefixes.
pub fn parse(query: &str) -> Syntax {
    let mut out = Syntax::default();
    let chars: Vec<char> = query.chars().collect();
    if text_length(&chars) > PASTED_CHARS as f32 {
        out.words = query.split_whitespace().collect::<Vec<_>>().join(" ");
        return out;
    }
    let mut i = 0;
    let push_words = |out: &mut Syntax, s: &str| {
        if !out.words.is_empty() {
            out.words.push(' ');
        }
        out.words.push_str(s);
    };
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let negated = is_minus(chars[i]) && chars.get(i + 1).is_some_and(|c| !c.is_whitespace() && !is_minus(*c));
        let start = if negated { i + 1 } else { i };
        let closing = (start + 1..chars.len()).find(|&k| is_quote(chars[k]));
        if is_quote(chars[start]) && closing.is_none() {
            // A lone quote (pasted text, an inch mark) is no phrase.
            i = start + 1;
            continue;
        }
        if let (true, Some(end)) = (is_quote(chars[start]), closing) {
            let phrase: String = chars[start + 1..end].iter().collect();
            let phrase = phrase.trim().to_string();
            if !phrase.is_empty() {
                if negated {
                    out.excluded_phrases.push(phrase);
                } else {
                    push_words(&mut out, &phrase);
                    out.phrases.push(phrase);
                }
            }
            i = end + 1;
            continue;
        }
        let end = (start..chars.len()).find(|&k| chars[k].is_whitespace() || is_quote(chars[k])).unwrap_or(chars.len());
        let token: String = chars[start..end].iter().collect();
        i = end;
        if negated {
            out.excluded_words.push(token);
            continue;
        }
        // One `*` at the end of a word; `**bold**` is Markdown, not a prefix.
        if let Some(stem) = token.strip_suffix('*').filter(|s| !s.contains('*')) {
            let han = stem.chars().any(rolesearch_doc::is_han);
            if stem.chars().count() >= 2 || (han && !stem.is_empty()) {
                out.prefixes.push(stem.to_string());
                continue;
            }
        }
        push_words(&mut out, &token);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_pass_through() {
        let s = parse("disaster recovery follow-up");
        assert_eq!(s.words, "disaster recovery follow-up");
        assert!(s.phrases.is_empty() && s.excluded_words.is_empty() && s.prefixes.is_empty());
    }

    #[test]
    fn phrases_exclusions_and_prefixes() {
        let s = parse(r#""code review" -contractor manag* -"on call" 招聘*"#);
        assert_eq!(s.phrases, ["code review"]);
        assert_eq!(s.words, "code review");
        assert_eq!(s.excluded_words, ["contractor"]);
        assert_eq!(s.excluded_phrases, ["on call"]);
        assert_eq!(s.prefixes, ["manag", "招聘"]);
    }

    #[test]
    fn forgiving_where_an_operator_cannot_be_meant() {
        let unclosed = parse(r#""unclosed phrase"#);
        assert!(unclosed.phrases.is_empty(), "{unclosed:?}");
        assert_eq!(unclosed.words, "unclosed phrase");
        let bold = parse("the **SIG** lead*");
        assert_eq!(bold.prefixes, ["lead"]);
        assert_eq!(bold.words, "the **SIG**");
        assert_eq!(parse("- budget *").words, "- budget *");
        assert_eq!(parse("a*").words, "a*", "one letter is too short a prefix");
        assert_eq!(parse("“智能 手机”").phrases, ["智能 手机"]);
        assert_eq!(parse("负责-外包").words, "负责-外包", "a minus inside a word is text");
        assert_eq!(parse("-外包 招聘").excluded_words, ["外包"]);
    }

    #[test]
    fn pasted_text_has_no_operators() {
        let text = format!("{} \"code review\" -contractor manag*", "The SIG reviews designs and code. ".repeat(6));
        assert!(text.chars().count() > PASTED_CHARS);
        let s = parse(&text);
        assert!(s.phrases.is_empty() && s.excluded_words.is_empty() && s.prefixes.is_empty(), "{s:?}");
        assert!(s.words.ends_with("\"code review\" -contractor manag*"), "{}", s.words);
    }

    #[test]
    fn pasted_chinese_is_measured_as_its_translation_would_be() {
        // 113 characters of a charter: as long as ~280 English characters.
        let text = "AI SWE SIG是基于满足社区开源开发和鸿蒙生态拓展的业务诉求，通过能力共建共享的方式，\
                    提供智能化“赋能”和“低成本鸿蒙定制化能力”，推动鸿蒙生态的发展。以繁荣鸿蒙生态为始，\
                    汇聚群智、开源协作、共建共享，服务“千行百业”。";
        assert!(text.chars().count() < PASTED_CHARS);
        let s = parse(text);
        assert!(s.phrases.is_empty(), "{s:?}");
        assert!(s.words.contains("“赋能”"), "{}", s.words);
        // A short Chinese query keeps its operators.
        assert_eq!(parse("“代码审查” -外包").phrases, ["代码审查"]);
    }
}
