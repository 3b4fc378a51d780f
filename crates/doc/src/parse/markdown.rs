//! Markdown, through pulldown-cmark's event stream.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::Block;

/// Text being collected for one block, with how much of it sits in links:
/// a block that is all link text is navigation ("Other Pages" lists,
/// breadcrumbs), not content.
#[derive(Default)]
struct Buf {
    text: String,
    link_chars: usize,
    /// Lines (numbered from 0) whose break from the line before touches
    /// markup that renders much shorter than its source: a link or code
    /// span ends the line before or starts this one.
    markup_breaks: Vec<usize>,
    /// Line breaks in `text` so far.
    lines: usize,
    /// Whether the last thing on the current line was a link or code span.
    ended_in_markup: bool,
}

impl Buf {
    fn push(&mut self, s: &str, in_link: bool) {
        if in_link {
            self.link_chars += s.chars().filter(|c| c.is_alphanumeric()).count();
        }
        if !s.trim().is_empty() {
            self.ended_in_markup = in_link;
        }
        self.text.push_str(s);
    }

    /// Inline code: like text, but it ends (or starts) a line as markup does.
    fn push_code(&mut self, s: &str, in_link: bool) {
        self.markup_starts_here();
        self.push(s, in_link);
        self.ended_in_markup = true;
    }

    /// A link or code span begins: if nothing precedes it on its line, the
    /// break before the line touches markup.
    fn markup_starts_here(&mut self) {
        let line = self.text.rsplit('\n').next().unwrap_or("");
        if self.lines > 0 && line.trim().is_empty() && self.markup_breaks.last() != Some(&self.lines) {
            self.markup_breaks.push(self.lines);
        }
    }

    fn newline(&mut self) {
        self.text.push('\n');
        self.lines += 1;
        if std::mem::take(&mut self.ended_in_markup) {
            self.markup_breaks.push(self.lines);
        }
    }

    fn take(&mut self) -> Option<String> {
        let text = std::mem::take(&mut self.text);
        let links = std::mem::take(&mut self.link_chars);
        let markup_breaks = std::mem::take(&mut self.markup_breaks);
        self.lines = 0;
        self.ended_in_markup = false;
        let content = text.chars().filter(|c| c.is_alphanumeric()).count();
        if content == 0 || links * 10 >= content * 9 {
            return None;
        }
        let cjk = text.chars().any(crate::model::is_han);
        // CJK prose keeps its line breaks (one statement per line) except
        // where a sentence was wrapped; wrapped English prose is one paragraph.
        let text = if cjk { join_wrapped_cjk(&text, &markup_breaks) } else { text.replace('\n', " ") };
        Some(text.trim().to_string())
    }
}

/// Hugo shortcodes (`{{< note >}}`, `{{% heading "whatsnext" %}}`) are
/// site-generator markup, not words: the page shows none of them. One that
/// carries its own visible text (`{{< glossary_tooltip text="Pod" ... >}}`)
/// leaves that text. One that draws or highlights code
/// ([`CODE_SHORTCODES`]) goes with all it encloses: the source of a mermaid
/// flowchart is not a statement.
fn strip_shortcodes(body: &str) -> std::borrow::Cow<'_, str> {
    if !body.contains("{{<") && !body.contains("{{%") {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let close = match after.chars().next() {
            Some('<') => ">}}",
            Some('%') => "%}}",
            _ => {
                out.push_str(&rest[..start + 2]);
                rest = after;
                continue;
            }
        };
        // A shortcode is one tag, never a paragraph: an unclosed `{{<` is text.
        let Some(end) = after.find(close).filter(|&e| e < 400 && !after[..e].contains("\n\n")) else {
            out.push_str(&rest[..start + 2]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..start]);
        if let Some(text) = shortcode_text(&after[1..end]) {
            out.push_str(text);
        }
        rest = &after[end + close.len()..];
        let name = after[1..end].split_whitespace().next().unwrap_or("");
        if CODE_SHORTCODES.contains(&name) {
            if let Some(past) = closing_tag(rest, name) {
                rest = &rest[past..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Shortcodes whose body is code or a diagram's source, not prose.
const CODE_SHORTCODES: [&str; 3] = ["mermaid", "highlight", "code"];

/// The byte just past the tag that closes shortcode `name` in `text`
/// (`{{< /mermaid >}}`, `{{</ mermaid >}}`, or with `%`).
fn closing_tag(text: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find("{{") {
        let start = from + at + 2;
        let (open, close) = match text[start..].chars().next() {
            Some('<') => ('<', ">}}"),
            Some('%') => ('%', "%}}"),
            _ => {
                from = start;
                continue;
            }
        };
        let inner_start = start + open.len_utf8();
        if let Some(end) = text[inner_start..].find(close) {
            let inner = text[inner_start..inner_start + end].trim();
            if inner.strip_prefix('/').is_some_and(|n| n.trim() == name) {
                return Some(inner_start + end + close.len());
            }
        }
        from = start;
    }
    None
}

/// The `text="…"` parameter of a shortcode, if it has one.
fn shortcode_text(inner: &str) -> Option<&str> {
    let at = inner.find("text=\"")?;
    if at > 0 && inner[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let value = &inner[at + 6..];
    value.find('"').map(|end| &value[..end])
}

/// Marks that end a statement: a line ending in one was not wrapped.
fn ends_statement(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '：' | '.' | '!' | '?' | ';' | ':' | '」' | '』' | '）' | ')')
}

/// Whether a line starts with an enumeration (`1、`, `（2）`, `一、`, `- `):
/// a new item, whatever the line before ends with.
fn starts_item(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '*' | '•' | '·' | '（' | '(' | '【' | '[') => true,
        Some(c) if c.is_ascii_digit() || "一二三四五六七八九十".contains(c) => {
            let rest: String = chars.skip_while(|c| c.is_ascii_digit()).take(1).collect();
            matches!(rest.as_str(), "、" | "." | "．" | "）" | ")" | "，")
        }
        _ => false,
    }
}

/// Joins the lines of a CJK paragraph where a translator wrapped a
/// sentence: a line that ends in a comma, or (in prose, which has full
/// stops) a line that does not end a statement and is about as wide as the
/// paragraph's widest line (text wrapped at a column), continues on the
/// next line unless that starts a numbered item.
/// Other lines stay apart: job posts list duties one per line, unpunctuated.
///
/// A break next to a link or code span (`markup_breaks`, by line number) is
/// a wrap too where the paragraph has clause punctuation: translators put a
/// long link on its own source line, so the rendered line before it looks
/// short though its source line was full.
fn join_wrapped_cjk(text: &str, markup_breaks: &[usize]) -> String {
    let numbered: Vec<(usize, &str)> =
        text.split('\n').map(str::trim).enumerate().filter(|(_, l)| !l.is_empty()).collect();
    let lines: Vec<&str> = numbered.iter().map(|&(_, l)| l).collect();
    let width = |l: &str| l.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
    let widest = lines.iter().map(|l| width(l)).max().unwrap_or(0);
    // Prose ends its sentences with a full stop somewhere; a list of
    // duties written one per line usually has none.
    let prose = text.contains(['。', '！', '？']);
    let clauses = prose || text.contains(['，', '：', '；']);
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let prev = lines[i - 1];
            let last = prev.chars().next_back().unwrap_or(' ');
            let at_markup = markup_breaks.iter().any(|&b| b > numbered[i - 1].0 && b <= numbered[i].0);
            let wrapped = !ends_statement(last)
                && !starts_item(line)
                && (matches!(last, '，' | '、' | ',')
                    || prose && width(prev) * 10 >= widest * 9 && width(prev) >= 30
                    || clauses && at_markup);
            if !wrapped {
                out.push('\n');
            } else if last.is_ascii_alphanumeric() || line.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                // A Latin word at the break keeps its space.
                out.push(' ');
            }
        }
        out.push_str(line);
    }
    out
}

/// Splits a Markdown body into blocks.
pub(crate) fn blocks(body: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut buf = Buf::default();
    let mut list_depth: usize = 0;
    // For each open item: has its own text been emitted yet?
    let mut items: Vec<bool> = Vec::new();
    let mut heading: Option<u8> = None;
    let mut in_link = 0usize;
    let mut in_table_head = false;
    let mut html = String::new();
    let mut skip_image = 0usize;

    let flush_item = |buf: &mut Buf, out: &mut Vec<Block>, items: &mut Vec<bool>, depth: usize| {
        if let Some(done) = items.last_mut() {
            if !*done {
                *done = true;
                if let Some(text) = buf.take() {
                    out.push(Block::Item { depth: depth.saturating_sub(1).min(255) as u8, text });
                }
            }
        }
    };

    let body = strip_shortcodes(body);
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES;
    for ev in Parser::new_ext(&body, options) {
        if !html.is_empty() && !matches!(ev, Event::Html(_)) {
            out.extend(super::html::blocks(&std::mem::take(&mut html)));
        }
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(level as u8);
                buf = Buf::default();
            }
            Event::End(TagEnd::Heading(_)) => {
                let level = heading.take().unwrap_or(6);
                let text = std::mem::take(&mut buf).text;
                let text = super::collapse_ws(&text);
                // Permalink anchors and emoji-only headings carry no words.
                if text.chars().any(char::is_alphanumeric) {
                    out.push(Block::Heading { level, text });
                }
            }
            Event::Start(Tag::List(_)) => {
                flush_item(&mut buf, &mut out, &mut items, list_depth);
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) => {
                buf = Buf::default();
                items.push(false);
            }
            Event::End(TagEnd::Item) => {
                flush_item(&mut buf, &mut out, &mut items, list_depth);
                items.pop();
            }
            Event::Start(Tag::Paragraph) => {
                if items.is_empty() {
                    buf = Buf::default();
                } else if !buf.text.is_empty() {
                    buf.newline();
                }
            }
            Event::End(TagEnd::Paragraph) if items.is_empty() => {
                if let Some(text) = buf.take() {
                    out.push(Block::Para(text));
                }
            }
            Event::Start(Tag::TableHead) => in_table_head = true,
            Event::End(TagEnd::TableHead) => in_table_head = false,
            Event::Start(Tag::TableCell) => buf = Buf::default(),
            Event::End(TagEnd::TableCell) => {
                let text = buf.take();
                if !in_table_head {
                    if let Some(text) = text {
                        out.push(Block::Item { depth: 0, text });
                    }
                }
            }
            Event::Start(Tag::Link { .. }) => {
                buf.markup_starts_here();
                in_link += 1;
            }
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                buf.ended_in_markup = true;
            }
            Event::Start(Tag::Image { .. }) => skip_image += 1,
            Event::End(TagEnd::Image) => skip_image = skip_image.saturating_sub(1),
            Event::Text(t) if skip_image == 0 => buf.push(&t, in_link > 0),
            Event::Code(t) if skip_image == 0 => buf.push_code(&t, in_link > 0),
            Event::SoftBreak | Event::HardBreak => buf.newline(),
            Event::Html(h) => html.push_str(&h),
            Event::InlineHtml(h)
                if h.eq_ignore_ascii_case("<br>")
                    || h.eq_ignore_ascii_case("<br/>")
                    || h.eq_ignore_ascii_case("<br />") =>
            {
                buf.newline()
            }
            _ => {}
        }
    }
    if !html.is_empty() {
        out.extend(super::html::blocks(&html));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_chinese_sentences_join_and_duty_lines_stay_apart() {
        // A translated paragraph wrapped at a column: one statement.
        let wrapped = "负责协调发布团队，确保每一个增强功能都在发布表中\n被跟踪，并在发布前完成全部的测试与验证工作，然后\n通知所有相关的 SIG。\n";
        let b = blocks(wrapped);
        assert_eq!(b, [Block::Para("负责协调发布团队，确保每一个增强功能都在发布表中被跟踪，并在发布前完成全部的测试与验证工作，然后通知所有相关的 SIG。".into())]);
        // Duties one per line, unpunctuated, of varied width: kept apart.
        let duties = "负责后端服务的开发与维护\n参与代码审查\n1、负责团队招聘，\n2、制定年度预算\n";
        let b = blocks(duties);
        let Block::Para(text) = &b[0] else { panic!("{b:?}") };
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            ["负责后端服务的开发与维护", "参与代码审查", "1、负责团队招聘，", "2、制定年度预算"]
        );
    }

    #[test]
    fn lines_wrapped_at_a_link_join() {
        // Kubernetes' Chinese docs wrap before and after long links: the
        // rendered lines look short, their source lines were full.
        let md = "- 在 [Slack](https://slack.k8s.io/) 或\n  [SIG Docs 邮件列表](https://groups.google.com/forum/#!forum/kubernetes-sig-docs)\n  上提出改进建议。\n\n\
                  在你成功地提交至少 5 个 PR 并满足\n[相关条件](https://github.com/kubernetes/community/blob/master/community-membership.md#member)\n之后：\n\n\
                  1. 发起 PR，将你的 GitHub 用户名添加到 `kubernetes/website` 仓库中\n   [OWNERS_ALIASES](https://github.com/kubernetes/website/blob/main/OWNERS_ALIASES)\n   文件的特定节。\n";
        assert_eq!(
            blocks(md),
            [
                Block::Item { depth: 0, text: "在 Slack 或 SIG Docs 邮件列表上提出改进建议。".into() },
                Block::Para("在你成功地提交至少 5 个 PR 并满足相关条件之后：".into()),
                Block::Item {
                    depth: 0,
                    text: "发起 PR，将你的 GitHub 用户名添加到 kubernetes/website 仓库中 OWNERS_ALIASES 文件的特定节。"
                        .into()
                },
            ]
        );
        // One duty per line, one of them a link: still apart.
        let duties = "负责后端服务的开发与维护\n熟悉 [Kubernetes](https://kubernetes.io)\n参与代码审查\n";
        let Block::Para(text) = &blocks(duties)[0] else { panic!() };
        assert_eq!(text.lines().count(), 3, "{text}");
    }

    #[test]
    fn hugo_shortcodes_and_heading_ids_are_markup() {
        let md = "## 成员（Members）  {#members}\n\n\
                  - Use the `/lgtm` comment to add the LGTM label\n\n  {{< note >}}\n  Using `/lgtm` triggers automation.\n  {{< /note >}}\n\n\
                  A {{< glossary_tooltip text=\"Pod\" term_id=\"pod\" >}} runs {{% heading \"whatsnext\" %}}containers.\n\n\
                  ## {{% heading \"whatsnext\" %}}\n\n{{< mermaid >}}\nflowchart LR\n  A[Review open PR list]--> B[Filter]\n{{</ mermaid >}}\n\n\
                  Keep {{ .Params.x }} and {{< unclosed\n";
        assert_eq!(
            blocks(md),
            [
                Block::Heading { level: 2, text: "成员（Members）".into() },
                Block::Item {
                    depth: 0,
                    text: "Use the /lgtm comment to add the LGTM label Using /lgtm triggers automation.".into()
                },
                Block::Para("A Pod runs containers.".into()),
                Block::Para("Keep {{ .Params.x }} and {{< unclosed".into()),
            ]
        );
    }

    #[test]
    fn headings_items_and_nesting() {
        let b = blocks("# CTO\n\n## Leadership\n\n* Leads **the** org\n  * nested [link](x) text\n* [Only a link](y)\n\nA paragraph\nwrapped.\n");
        assert_eq!(
            b,
            vec![
                Block::Heading { level: 1, text: "CTO".into() },
                Block::Heading { level: 2, text: "Leadership".into() },
                Block::Item { depth: 0, text: "Leads the org".into() },
                Block::Item { depth: 1, text: "nested link text".into() },
                Block::Para("A paragraph wrapped.".into()),
            ]
        );
    }

    #[test]
    fn setext_headings_and_breadcrumbs() {
        let b = blocks(
            "[4f] Engineer Level.2\n===\n\n[[9a] A](../a.md) / [[6d] B](./b.md)\n\n職務内容\n---\n\n- 要求定義\n",
        );
        assert_eq!(b[0], Block::Heading { level: 1, text: "[4f] Engineer Level.2".into() });
        assert_eq!(b[1], Block::Heading { level: 2, text: "職務内容".into() });
        assert_eq!(b[2], Block::Item { depth: 0, text: "要求定義".into() });
    }

    #[test]
    fn html_blocks_are_parsed() {
        let b = blocks("# T\n\n<picture>\n<img alt=\"x\" src=\"y.png\">\n</picture>\n\n* item\n");
        assert_eq!(b.len(), 2);
    }
}
