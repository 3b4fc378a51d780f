//! Plain text: wiki page text, blog posts, ALL-CAPS headings, `•` bullets.

use super::{sections::classify_heading, Block};

/// A bullet marker at the start of `line` (after indentation): returns the
/// text after it.
fn strip_bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let mut chars = t.chars();
    let first = chars.next()?;
    if "•·▪◦○●■□►‣⁃*-–+".contains(first) {
        let rest = chars.as_str();
        if rest.starts_with(' ') || rest.starts_with('\t') || (first != '-' && first != '*' && first != '+') {
            return Some(rest.trim_start());
        }
        return None;
    }
    // "1." "2)" "3、" "(4)" "（5）"
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &t[digits..];
        for m in [".", ")", "、", "．", "）"] {
            if let Some(r) = rest.strip_prefix(m) {
                if !r.starts_with(|c: char| c.is_ascii_digit()) {
                    return Some(r.trim_start());
                }
            }
        }
    }
    for open in ["(", "（"] {
        if let Some(r) = t.strip_prefix(open) {
            let d = r.bytes().take_while(u8::is_ascii_digit).count();
            if d > 0 && d <= 2 {
                let r2 = &r[d..];
                for close in [")", "）"] {
                    if let Some(r3) = r2.strip_prefix(close) {
                        return Some(r3.trim_start());
                    }
                }
            }
        }
    }
    None
}

fn indent_width(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

fn ends_like_sentence(t: &str) -> bool {
    t.ends_with(['.', '。', ';', '；', ',', '，', ':', '：', '!', '！', '?', '？', '、'])
}

/// ALL-CAPS short lines are headings on wiki job pages ("JOB PURPOSE").
fn is_caps_heading(t: &str) -> bool {
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 3
        && letters.iter().all(|c| c.is_uppercase())
        && t.split_whitespace().count() <= 8
        && !t.ends_with('.')
}

/// Splits plain text into blocks.
pub(crate) fn blocks(body: &str) -> Vec<Block> {
    let lines: Vec<&str> = body.lines().collect();
    let mut out: Vec<Block> = Vec::new();
    // Indentation of open bullet levels, outermost first.
    let mut indents: Vec<usize> = Vec::new();
    let mut last_item_indent: Option<usize> = None;
    let mut prev_blank = true;
    for (i, raw) in lines.iter().enumerate() {
        let t = raw.trim();
        if t.is_empty() {
            prev_blank = true;
            last_item_indent = None;
            continue;
        }
        let indent = indent_width(raw);
        if let Some(text) = strip_bullet(raw) {
            while indents.last().is_some_and(|&d| d > indent) {
                indents.pop();
            }
            if indents.last() != Some(&indent) {
                indents.push(indent);
            }
            let depth = (indents.len() - 1).min(u8::MAX as usize) as u8;
            out.push(Block::Item { depth, text: text.to_string() });
            last_item_indent = Some(indent);
            prev_blank = false;
            continue;
        }
        // A wrapped bullet: deeper-indented text right under an item.
        if let (Some(ind), Some(Block::Item { text, .. })) = (last_item_indent, out.last_mut()) {
            if indent > ind && !prev_blank {
                text.push(' ');
                text.push_str(t);
                continue;
            }
        }
        indents.clear();
        last_item_indent = None;
        let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
        let next_blank = lines.get(i + 1).is_none_or(|l| l.trim().is_empty());
        let next_is_bullet = next.is_some_and(|l| strip_bullet(l).is_some());
        let short = t.chars().count() <= 40 && t.split_whitespace().count() <= 8;
        if is_caps_heading(t) {
            out.push(Block::Heading { level: 2, text: t.to_string() });
        } else if short && !ends_like_sentence(t) && {
            let named = classify_heading(t).is_some();
            // A line that names a section and stands alone above its content,
            // or any short line introducing a bullet list after a blank line.
            (named && next_blank) || (prev_blank && next_is_bullet)
        } {
            out.push(Block::Heading { level: 3, text: t.to_string() });
        } else {
            out.push(Block::Para(t.to_string()));
        }
        prev_blank = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiki_text() {
        let b = blocks("JOB SUMMARY\n  • Work with volunteers;\n    • nested\n  • Track metrics\n\nREQUIRED QUALIFICATIONS\n  • 5+ years\n");
        assert_eq!(b[0], Block::Heading { level: 2, text: "JOB SUMMARY".into() });
        assert_eq!(b[1], Block::Item { depth: 0, text: "Work with volunteers;".into() });
        assert_eq!(b[2], Block::Item { depth: 1, text: "nested".into() });
        assert_eq!(b[3], Block::Item { depth: 0, text: "Track metrics".into() });
        assert!(matches!(b[4], Block::Heading { .. }));
    }

    #[test]
    fn chinese_blog_heading_and_prose_lines() {
        // "duties, part 1: strategy and planning" / two duty lines
        let b = blocks("职责描述之一:战略和计划\n\n与公司创始人紧密协作。\n发现和评估各种技术、平台、框架。\n");
        assert_eq!(b[0], Block::Heading { level: 3, text: "职责描述之一:战略和计划".into() });
        assert_eq!(b[1], Block::Para("与公司创始人紧密协作。".into()));
        assert_eq!(b.len(), 3);
    }

    #[test]
    fn numbered_items() {
        assert_eq!(strip_bullet("1. 指导Committer"), Some("指导Committer"));
        assert_eq!(strip_bullet("（2）负责评审"), Some("负责评审"));
        assert_eq!(strip_bullet("2019.05 was a year"), None);
        assert_eq!(strip_bullet("-5 degrees"), None);
    }
}
