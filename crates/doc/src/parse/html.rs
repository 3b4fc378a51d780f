//! HTML bodies: job-board postings, Vue `<template>`s, HTML blocks in Markdown.

use scraper::{ElementRef, Html, Node};

use super::Block;

/// Elements whose content is never role text.
const SKIP: &[&str] = &[
    "script", "style", "nav", "footer", "picture", "img", "svg", "button", "form", "noscript", "iframe", "head",
    "select", "input", "video", "audio", "canvas",
];

/// Elements that end a paragraph.
const BLOCKY: &[&str] = &[
    "div",
    "section",
    "article",
    "main",
    "body",
    "html",
    "template",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "blockquote",
    "dl",
    "dt",
    "dd",
    "header",
    "aside",
    "figure",
    "figcaption",
    "pre",
    "hr",
    "center",
];

/// Deepest element nesting walked; deeper content is flattened into text so
/// that hostile, deeply nested HTML cannot exhaust the stack.
const MAX_DEPTH: usize = 256;

/// Inline text of an element with statistics used to classify it.
#[derive(Default)]
struct Inline {
    text: String,
    link_chars: usize,
    bold_chars: usize,
    all_chars: usize,
}

impl Inline {
    fn is_link_only(&self) -> bool {
        self.all_chars > 0 && self.link_chars * 10 >= self.all_chars * 9
    }
}

fn collect_inline(el: ElementRef<'_>, out: &mut Inline, in_link: bool, in_bold: bool, skip_lists: bool, depth: usize) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => {
                let n = t.chars().filter(|c| c.is_alphanumeric()).count();
                out.all_chars += n;
                if in_link {
                    out.link_chars += n;
                }
                if in_bold {
                    out.bold_chars += n;
                }
                out.text.push_str(t);
            }
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) || (skip_lists && (name == "ul" || name == "ol")) {
                    continue;
                }
                let Some(child_el) = ElementRef::wrap(child) else {
                    continue;
                };
                if name == "br" {
                    out.text.push('\n');
                    continue;
                }
                if name == "a" {
                    // Permalink anchors ("#", "¶") are decoration.
                    let t: String = child_el.text().collect();
                    if !t.chars().any(char::is_alphanumeric) {
                        continue;
                    }
                }
                if depth >= MAX_DEPTH {
                    // Too deep to recurse: keep the words, drop the structure.
                    out.text.extend(child_el.text());
                    continue;
                }
                let link = in_link || name == "a";
                let bold = in_bold || matches!(name, "strong" | "b");
                if BLOCKY.contains(&name) || name == "p" || name == "li" {
                    out.text.push(' ');
                }
                collect_inline(child_el, out, link, bold, skip_lists, depth + 1);
            }
            _ => {}
        }
    }
}

fn inline_of(el: ElementRef<'_>, skip_lists: bool) -> Inline {
    let mut inline = Inline::default();
    collect_inline(el, &mut inline, false, false, skip_lists, 0);
    inline.text = inline.text.lines().map(super::collapse_ws).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
    inline
}

struct Walker {
    out: Vec<Block>,
    /// Loose text directly inside block containers, waiting for a boundary.
    pending: String,
}

impl Walker {
    fn flush(&mut self) {
        let t = super::collapse_ws(&std::mem::take(&mut self.pending));
        if t.chars().any(char::is_alphanumeric) {
            self.out.push(Block::Para(t));
        }
    }

    fn walk(&mut self, el: ElementRef<'_>, list_depth: usize, depth: usize) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.pending.push_str(t),
                Node::Element(e) => {
                    let Some(child_el) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let name = e.name();
                    if SKIP.contains(&name) {
                        continue;
                    }
                    if depth >= MAX_DEPTH {
                        let inline = inline_of(child_el, false);
                        self.pending.push(' ');
                        self.pending.push_str(&inline.text);
                        continue;
                    }
                    match name {
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                            self.flush();
                            let level = name[1..].parse::<u8>().unwrap_or(6);
                            let inline = inline_of(child_el, false);
                            let text = super::collapse_ws(&inline.text);
                            if text.chars().any(char::is_alphanumeric) {
                                self.out.push(Block::Heading { level, text });
                            }
                        }
                        "ul" | "ol" => {
                            self.flush();
                            self.walk(child_el, list_depth + 1, depth + 1);
                        }
                        "li" => {
                            self.flush();
                            let inline = inline_of(child_el, true);
                            if !inline.is_link_only() && inline.text.chars().any(char::is_alphanumeric) {
                                let d = list_depth.saturating_sub(1).min(255) as u8;
                                self.out.push(Block::Item { depth: d, text: inline.text.replace('\n', " ") });
                            }
                            // Nested lists inside the item.
                            for sub in child_el.children().filter_map(ElementRef::wrap) {
                                if matches!(sub.value().name(), "ul" | "ol") {
                                    self.walk(sub, list_depth + 1, depth + 1);
                                }
                            }
                        }
                        "p" => {
                            self.flush();
                            let inline = inline_of(child_el, false);
                            let text = inline.text.trim().to_string();
                            if inline.is_link_only() || !text.chars().any(char::is_alphanumeric) {
                                continue;
                            }
                            // <p><strong>Responsibilities</strong></p> is a heading; a bold
                            // "Location: Remote" is a field, and a long bold line is prose.
                            let all_bold = inline.bold_chars * 10 >= inline.all_chars * 9;
                            let field = text.trim_end_matches(':').contains(':');
                            if all_bold && !field && text.chars().count() <= 60 {
                                self.out
                                    .push(Block::Heading { level: 5, text: text.trim_end_matches(':').to_string() });
                            } else {
                                self.out.push(Block::Para(text));
                            }
                        }
                        "br" => self.pending.push('\n'),
                        _ if BLOCKY.contains(&name) => {
                            self.flush();
                            self.walk(child_el, list_depth, depth + 1);
                            self.flush();
                        }
                        _ => {
                            let inline = inline_of(child_el, false);
                            self.pending.push_str(&inline.text);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// Splits an HTML body into blocks.
pub(crate) fn blocks(body: &str) -> Vec<Block> {
    // html5ever moves <template> content into a separate fragment; Vue files
    // keep their page in <template>, so read it as an ordinary container.
    let body = body.replace("<template", "<div data-template").replace("</template>", "</div>");
    // html5ever checks scopes by walking its stack of open elements, so its
    // time grows with depth × tags: bound the depth before it parses.
    let body = bound_depth(&body, MAX_DEPTH);
    let doc = Html::parse_document(&body);
    let mut w = Walker { out: Vec::new(), pending: String::new() };
    w.walk(doc.root_element(), 0, 0);
    w.flush();
    w.out
}

/// Elements that never hold content, so never nest.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext"];

/// Elements a start tag of the same name closes (`<li>a<li>b`).
const SELF_CLOSING_SIBLINGS: &[&str] = &["li", "p", "dt", "dd", "tr", "td", "th", "option"];

/// Removes the start tags (and their end tags) that would open elements
/// deeper than `max`, keeping their text, in one pass over the markup.
///
/// The nesting is estimated the way a browser would build it for ordinary
/// markup: void elements do not nest, an end tag closes up to its open
/// element, and a `<li>`, `<p>`, `<td>`… closes an open sibling of the same
/// name. A dropped tag becomes a space, so words on either side stay apart.
fn bound_depth(body: &str, max: usize) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let bytes = body.as_bytes();
    let mut open: Vec<&str> = Vec::new();
    let mut dropped: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    let drop_range = |out: &mut Option<String>, copied: &mut usize, from: usize, to: usize| {
        let o = out.get_or_insert_with(|| String::with_capacity(body.len()));
        o.push_str(&body[*copied..from]);
        o.push(' ');
        *copied = to;
    };
    while let Some(off) = body[i..].find('<') {
        let start = i + off;
        let rest = &body[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(body.len(), |e| start + e + 3);
            continue;
        }
        let is_end = rest.as_bytes().get(1) == Some(&b'/');
        let name_from = start + 1 + usize::from(is_end);
        let name_len = bytes[name_from..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
        if name_len == 0 || !bytes[name_from].is_ascii_alphabetic() {
            // `<!DOCTYPE`, `<?xml`, a stray `<`: not an element.
            i = start + 1;
            continue;
        }
        let name = &body[name_from..name_from + name_len];
        let end = tag_end(bytes, name_from + name_len);
        let self_closed = !is_end && end >= 2 && bytes[end - 2] == b'/';
        i = end;
        let lower = name.to_ascii_lowercase();
        if is_end {
            if let Some(n) = dropped.get_mut(&lower).filter(|n| **n > 0) {
                *n -= 1;
                drop_range(&mut out, &mut copied, start, end);
            } else if let Some(at) = open.iter().rposition(|o| o.eq_ignore_ascii_case(name)) {
                open.truncate(at);
            }
            continue;
        }
        if RAW_TEXT.contains(&lower.as_str()) {
            // Skip the raw text: markup inside a script is not markup.
            i = find_end_tag(body, end, &lower);
            continue;
        }
        if self_closed || VOID.contains(&lower.as_str()) {
            continue;
        }
        if SELF_CLOSING_SIBLINGS.contains(&lower.as_str()) && open.last().is_some_and(|o| o.eq_ignore_ascii_case(name))
        {
            open.pop();
        }
        if open.len() >= max {
            *dropped.entry(lower).or_default() += 1;
            drop_range(&mut out, &mut copied, start, end);
        } else {
            open.push(name);
        }
    }
    match out {
        None => Cow::Borrowed(body),
        Some(mut o) => {
            o.push_str(&body[copied..]);
            Cow::Owned(o)
        }
    }
}

/// Where the end tag `</name` (any case) starts, from `from` on; the end of
/// the text when there is none.
fn find_end_tag(body: &str, from: usize, name: &str) -> usize {
    let mut at = from;
    while let Some(off) = body[at..].find("</") {
        let tag = at + off + 2;
        if body.as_bytes()[tag..].len() >= name.len()
            && body.as_bytes()[tag..tag + name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return at + off;
        }
        at = tag;
    }
    body.len()
}

/// The byte after the `>` that ends a tag whose name ends at `from`
/// (quoted attribute values may hold `>`), or the end of the text.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes[from..].iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return from + k + 1,
            None => {}
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_is_bounded_before_parsing_and_text_is_kept() {
        let html = format!("{}deep text{}", "<div><b>".repeat(5_000), "</b></div>".repeat(5_000));
        let bounded = bound_depth(&html, 8);
        assert_eq!(bounded.matches("<div>").count() + bounded.matches("<b>").count(), 8);
        assert_eq!(bounded.matches("</div>").count() + bounded.matches("</b>").count(), 8);
        assert!(bounded.contains("deep text"));
        // Ordinary markup is passed through untouched.
        let flat = "<ul><li>a<li>b<li>c</ul><p>x<p>y<br><img src=\"a>b\"><script>if (a<b) {}</script>";
        assert!(matches!(bound_depth(&flat.repeat(300), 8), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn deep_unclosed_markup_parses_in_linear_time() {
        // 200k unclosed <div>s took minutes before the depth bound; a
        // quadratic parser would not finish this test in any sane time.
        let html = format!("<p>Responsibilities</p>{}<li>Own the budget", "<div>".repeat(200_000));
        let b = blocks(&html);
        assert!(
            b.iter()
                .any(|b| matches!(b, Block::Item { text, .. } | Block::Para(text) if text.contains("Own the budget"))),
            "{b:?}"
        );
    }

    #[test]
    fn posting_with_bold_headings_and_entities() {
        let b = blocks("<p><strong>Location: Remote</strong></p><br /><p><strong>Responsibilities</strong></p><br /><ul><br /><li>Coordinate the team&rsquo;s work&nbsp;well</li><br /></ul><p><a href=\"x\">Blog</a></p>");
        assert_eq!(
            b,
            vec![
                Block::Para("Location: Remote".into()),
                Block::Heading { level: 5, text: "Responsibilities".into() },
                Block::Item { depth: 0, text: "Coordinate the team’s work well".into() },
            ]
        );
    }

    #[test]
    fn vue_template_nav_and_permalinks() {
        let b = blocks("<template><div class=\"sidebar\"><ul><li><a>Engineer I</a></li></ul></div><div><h2 id=\"e\">\n Engineer I\n <a href=\"#e\">#</a></h2><ul><li>\n Completes tasks and\n communicates.\n</li></ul></div></template><script>export default {}</script>");
        assert_eq!(
            b,
            vec![
                Block::Heading { level: 2, text: "Engineer I".into() },
                Block::Item { depth: 0, text: "Completes tasks and communicates.".into() },
            ]
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}text{}", "<div>".repeat(20_000), "</div>".repeat(20_000));
        let b = blocks(&html);
        assert_eq!(b, vec![Block::Para("text".into())]);
    }
}
