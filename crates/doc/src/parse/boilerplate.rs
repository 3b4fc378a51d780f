//! General rules for page chrome: navigation, share widgets, metadata lines.
//!
//! Every rule here describes a *kind* of line found on many sites, never one
//! document's text. A rule that removes real content is a bug: the tests at
//! the bottom list both what goes and what stays.

/// Whole-line navigation phrases of wikis and CMSs (lowercase, matched as
/// substrings of short lines).
const NAV_PHRASES: &[&str] = &[
    "jump to navigation",
    "jump to search",
    "jump to content",
    "skip to content",
    "skip to main content",
    "navigation menu",
    "retrieved from",
    "this page was last edited",
    "what links here",
    "privacy policy",
    "terms of use",
    "print this page",
    "back to top",
    "上一篇",
    "下一篇",
    "相关文章",
    "热门文章",
    "推荐阅读",
    "返回顶部",
    "版权声明",
];

/// Words of share/like/follow widgets; a *short* line built from them is chrome.
const WIDGET_WORDS: &[&str] = &[
    "分享",
    "点击",
    "收藏",
    "点赞",
    "评论",
    "粉丝",
    "原创",
    "转载",
    "举报",
    "打赏",
    "扫一扫",
    "关注",
    "阅读数",
    "浏览",
    "like",
    "tweet",
    "share",
    "subscribe",
    "comments",
];

/// Keys of blog/CMS metadata lines ("来源:互联网 发布:… 编辑:…").
const META_KEYS: &[&str] = &[
    "来源",
    "发布",
    "编辑",
    "作者",
    "时间",
    "阅读",
    "浏览",
    "标签",
    "分类",
    "出处",
    "posted",
    "author",
    "date",
    "tags",
    "category",
    "source",
    "published",
    "updated",
];

/// True when a line is page chrome rather than content.
pub(crate) fn is_chrome(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return true;
    }
    // No letters at all: counters ("0 0"), rules ("----"), bare dates.
    if !t.chars().any(char::is_alphabetic) {
        return true;
    }
    let lower = t.to_lowercase();
    let chars = lower.chars().count();
    if chars <= 60 && NAV_PHRASES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    let letters: String = lower.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.chars().count() <= 12 && WIDGET_WORDS.iter().any(|w| letters.contains(w)) {
        // Everything left after removing widget words must be trivial.
        let mut rest = letters.clone();
        for w in WIDGET_WORDS {
            rest = rest.replace(w, "");
        }
        if rest.chars().count() <= 2 {
            return true;
        }
    }
    if is_metadata(&lower) {
        return true;
    }
    false
}

/// A line holding two or more `key: value` metadata fields.
fn is_metadata(lower: &str) -> bool {
    let mut n = 0;
    for key in META_KEYS {
        for (i, _) in lower.match_indices(key) {
            let after = &lower[i + key.len()..];
            if after.starts_with(':') || after.starts_with('：') {
                n += 1;
            }
        }
    }
    n >= 2
}

/// The organisation named by a wiki's "From <site>" line, which is chrome.
pub(crate) fn from_line(line: &str) -> Option<String> {
    let rest = line.trim().strip_prefix("From ")?;
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    let words = rest.split_whitespace().count();
    if (1..=8).contains(&words) && !rest.ends_with('.') && rest.chars().next().is_some_and(char::is_uppercase) {
        // "Wikimedia Foundation Governance Wiki" → the organisation part.
        let org = rest.trim_end_matches(" Wiki").trim_end_matches(" Governance");
        Some(org.to_string())
    } else {
        None
    }
}

/// A repeat of the title followed only by a date or time stamp.
pub(crate) fn is_title_repeat(line: &str, title: &str) -> bool {
    let t = line.trim();
    match t.strip_prefix(title.trim()) {
        Some(rest) if !title.trim().is_empty() => {
            let rest = rest.trim();
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || " -/:.年月日时分".contains(c))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_goes() {
        assert!(is_chrome("Jump to navigation Jump to search"));
        assert!(is_chrome("0 0"));
        assert!(is_chrome("原创粉丝点击")); // "original · fans · click" widget
                                            // source / published / editor metadata line of a blog mirror
        assert!(is_chrome("来源:互联网 发布:淘宝上好的零食店铺 编辑:程序博客网 时间:2024/04/28 12:14"));
        assert!(is_title_repeat(
            "互联网创业公司技术总监工作职责描述2012-05-02 15:40",
            "互联网创业公司技术总监工作职责描述"
        ));
        assert_eq!(from_line("From the Wikimedia Foundation").as_deref(), Some("Wikimedia Foundation"));
    }

    #[test]
    fn content_stays() {
        assert!(!is_chrome("Hire, manage and support technical staff and contractors"));
        assert!(!is_chrome("负责评审issue和pull request,与提交者沟通")); // review issues and PRs
        assert!(!is_chrome("Share knowledge with the team"));
        assert!(!is_chrome("Share on-call duties with the platform team"));
        assert!(!is_chrome("Ensure the privacy policy is followed"));
        assert!(!is_chrome("建立用户反馈和支持体系")); // build a user feedback system
        assert!(from_line("From day one you will own the roadmap.").is_none());
    }
}
