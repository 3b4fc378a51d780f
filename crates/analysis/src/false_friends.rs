//! Japanese words that fold into a Chinese word of another meaning.
//!
//! Without lindera (the `japanese` feature), Japanese Han text goes through
//! the Chinese pipeline with its shinjitai folded to Simplified Chinese, so
//! that 予算 meets Chinese 预算 and 変更 segments as one word. A few Japanese
//! words then become a Chinese word that means something else: 経理
//! "accounting" became 经理 "manager", and a search for 経理 listed managers;
//! 対応 "handle, respond to" became 对应 "correspond to", and 障害対応
//! "incident response" found every Chinese line that says "the corresponding
//! repository". These words keep their Japanese spelling as index terms: they
//! then meet Chinese only through the dictionaries, in their Japanese sense.
//!
//! The list is written by hand, from what each word means in each language.
//! Glosses cannot find these pairs: JMdict and CC-CEDICT each list the sense
//! the two words share (対応 "correspondence", 对应 "correspond"), though it is
//! not the one role documents use. A word whose two spellings are the same
//! (工作, 保守, 配置) cannot be told apart by spelling and is not here.

/// (Japanese spelling, the Chinese word it folds into): what each means.
const WORDS: &[(&str, &str)] = &[
    ("経理", "经理"), // accounting / manager
    ("対応", "对应"), // handle, respond to / correspond to
    ("検討", "检讨"), // consider, examine / self-criticism
    ("勉強", "勉强"), // study / reluctant, force oneself
    ("質問", "质问"), // question / interrogate, call to account
    ("結束", "结束"), // unity, solidarity / end, finish
    ("約束", "约束"), // promise / constrain
    ("手紙", "手纸"), // letter / toilet paper
    ("階段", "阶段"), // stairs / stage, phase
    ("運用", "运用"), // operate (a system) / make use of
    ("営業", "营业"), // sales / be open for business
    ("販売", "贩卖"), // sell / peddle, traffic
    ("覚悟", "觉悟"), // resolve / awareness
    ("遠慮", "远虑"), // reserve, hesitation / foresight
    ("汽車", "汽车"), // train / car
    ("愛人", "爱人"), // lover / spouse
];

/// Whether a token the Chinese pipeline folded into `folded`, written
/// `surface` in Japanese text, keeps its Japanese spelling.
pub(crate) fn keeps_japanese_spelling(folded: &str, surface: &str) -> bool {
    folded != surface && WORDS.iter().any(|(ja, zh)| *zh == folded && *ja == surface)
}

/// Whether two words, in either order, are a Japanese word and the Chinese
/// word it is a false friend of: the dictionaries must not link them.
pub fn false_friends(a: &str, b: &str) -> bool {
    WORDS.iter().any(|(j, z)| (*j == a && *z == b) || (*j == b && *z == a))
}

/// Whether `word` is the Japanese spelling of a false friend.
pub fn is_japanese_false_friend(word: &str) -> bool {
    WORDS.iter().any(|(j, _)| *j == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pair_folds_into_its_chinese_word() {
        // The list is only about words the analyzer's folding merges.
        for (ja, zh) in WORDS {
            assert_eq!(crate::fold_traditional(ja).as_deref(), Some(*zh), "{ja}");
        }
    }
}
