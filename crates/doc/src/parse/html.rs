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
    let doc = Html::parse_document(&body);
    let mut w = Walker { out: Vec::new(), pending: String::new() };
    w.walk(doc.root_element(), 0, 0);
    w.flush();
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;

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
