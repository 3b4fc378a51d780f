//! Format recognition and parsing.
//!
//! Every format is first turned into a flat list of [`Block`]s (headings,
//! bullet items, paragraphs); [`assemble`] then finds roles, sections and
//! statements the same way for all of them. A file's extension is the first
//! hint (`.html`, `.vue`, `.md`); other files (the seeds are all `.txt`) are
//! recognised by content.

mod boilerplate;
mod html;
mod markdown;
mod sections;
mod text;
mod yaml;

use std::path::Path;

use unicode_segmentation::UnicodeSegmentation;

use crate::model::{detect_lang, Lang, Role, Section, SectionKind, Statement};
use crate::ParseError;

pub use sections::classify_heading;

/// The body formats rolesearch reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: wiki page text, blog posts, ALL-CAPS headings, `•` bullets.
    Text,
    /// Markdown (CommonMark with tables).
    Markdown,
    /// HTML, including HTML inside Vue `<template>`s.
    Html,
}

impl Format {
    /// Parses a format name (`text`, `markdown`/`md`, `html`).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "html" | "htm" | "vue" => Some(Format::Html),
            _ => None,
        }
    }
}

/// Hints an embedder may give; everything not given is recognised from content.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Body format; recognised from content when `None`.
    pub format: Option<Format>,
    /// Document language; detected from content when `None`.
    pub lang: Option<Lang>,
    /// Where the text came from, recorded as [`Role::source`].
    pub source: Option<String>,
    /// The caller's metadata for the document's roles; a key given here
    /// replaces the same key of the document's front matter.
    pub metadata: crate::Metadata,
}

/// A structural unit of a document, independent of its format.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// A heading; smaller levels are more important (1 = top).
    Heading { level: u8, text: String },
    /// A list item; depth 0 is a top-level bullet.
    Item { depth: u8, text: String },
    /// A paragraph (or, in plain text, one line of prose).
    Para(String),
}

/// Files larger than this are refused: role documents are a few KB, and a
/// 50 MB "document" is almost always a dump or a mistake.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// Longest statement kept whole; longer ones are split at sentence ends and
/// then at character boundaries, so one runaway line cannot dominate ranking.
const MAX_STATEMENT_CHARS: usize = 600;

/// Reads and parses one file; the role id is the file stem.
///
/// # Errors
/// A [`ParseError`] naming the file when it cannot be read, is not a regular
/// file, is binary, not UTF-8, empty, too large, has broken front matter, or
/// holds no statements.
pub fn read_file(path: &Path) -> Result<Vec<Role>, ParseError> {
    let bytes = read_document(path)?;
    let options = ParseOptions {
        format: format_from_extension(path),
        source: Some(path.display().to_string()),
        ..ParseOptions::default()
    };
    parse_bytes(&stem_id(path), &bytes, &options)
}

/// The role id a file gets from its name: its stem, with bytes that are not
/// UTF-8 shown as U+FFFD (so two such files do not both become one id).
pub fn stem_id(path: &Path) -> String {
    match path.file_stem() {
        Some(s) if !s.is_empty() => s.to_string_lossy().into_owned(),
        _ => path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "document".into()),
    }
}

/// The format a file's extension announces: `.html`/`.htm`/`.xhtml`/`.vue`
/// are HTML, `.md`/`.markdown` Markdown. Other extensions (the seeds are
/// `.txt` holding HTML or wiki text) leave the format to the content.
pub fn format_from_extension(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" | "xhtml" | "vue" => Some(Format::Html),
        "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
        _ => None,
    }
}

/// Reads a document's bytes, refusing what is not a regular file and never
/// holding more than [`MAX_DOCUMENT_BYTES`] + 1 bytes, whatever the file
/// says its length is (`/dev/zero` says 0; a file may grow while read).
///
/// The type is checked before the file is opened, because opening a FIFO
/// blocks until something writes to it.
///
/// # Errors
/// [`ParseError::NotAFile`] for a folder, [`ParseError::NotRegular`] for a
/// FIFO, socket or device, [`ParseError::TooLarge`], or [`ParseError::Io`].
pub fn read_document(path: &Path) -> Result<Vec<u8>, ParseError> {
    use std::io::Read;
    let label = || path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|source| ParseError::Io { path: label(), source })?;
    check_regular(path, &meta)?;
    let file = std::fs::File::open(path).map_err(|source| ParseError::Io { path: label(), source })?;
    // The path may have been swapped between the check and the open.
    let meta = file.metadata().map_err(|source| ParseError::Io { path: label(), source })?;
    check_regular(path, &meta)?;
    let limit = MAX_DOCUMENT_BYTES as u64;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize + 1);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|source| ParseError::Io { path: label(), source })?;
    if bytes.len() as u64 > limit {
        return Err(ParseError::TooLarge { path: label(), size: meta.len().max(limit + 1), limit });
    }
    Ok(bytes)
}

/// Only regular files under the size limit are documents.
fn check_regular(path: &Path, meta: &std::fs::Metadata) -> Result<(), ParseError> {
    let label = || path.display().to_string();
    if meta.is_dir() {
        return Err(ParseError::NotAFile { path: label() });
    }
    if !meta.is_file() {
        return Err(ParseError::NotRegular { path: label(), kind: file_kind(meta) });
    }
    if meta.len() > MAX_DOCUMENT_BYTES as u64 {
        return Err(ParseError::TooLarge { path: label(), size: meta.len(), limit: MAX_DOCUMENT_BYTES as u64 });
    }
    Ok(())
}

/// What a file that is neither a regular file nor a folder is, in words.
pub(crate) fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let ft = meta.file_type();
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
    }
    let _ = meta;
    "not a regular file"
}

/// Parses a document's bytes: checks they are UTF-8 text, then as
/// [`parse_str`]. Errors name `options.source` (or `id`).
///
/// # Errors
/// As [`parse_str`], plus [`ParseError::Binary`] and [`ParseError::InvalidUtf8`].
pub fn parse_bytes(id: &str, bytes: &[u8], options: &ParseOptions) -> Result<Vec<Role>, ParseError> {
    let label = options.source.clone().unwrap_or_else(|| id.to_string());
    let text = decode(&label, bytes)?;
    parse_str(id, &text, options)
}

/// Checks that `bytes` is a text document and returns it as UTF-8.
fn decode(label: &str, bytes: &[u8]) -> Result<String, ParseError> {
    if let Some(offset) = bytes.iter().take(64 * 1024).position(|&b| b == 0) {
        return Err(ParseError::Binary { path: label.to_string(), offset });
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ParseError::InvalidUtf8 { path: label.to_string(), offset: e.valid_up_to() })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string())
}

/// Parses a document held in memory. `id` is the role id (or the stem of
/// `stem/level-slug` ids when the document holds several levels).
///
/// # Errors
/// [`ParseError`] when the text is empty, too large, has broken YAML front
/// matter, or holds no statements.
pub fn parse_str(id: &str, text: &str, options: &ParseOptions) -> Result<Vec<Role>, ParseError> {
    let label = options.source.clone().unwrap_or_else(|| id.to_string());
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(ParseError::TooLarge { path: label, size: text.len() as u64, limit: MAX_DOCUMENT_BYTES as u64 });
    }
    if text.trim().is_empty() {
        return Err(ParseError::Empty { path: label });
    }
    if id.trim().is_empty() {
        return Err(ParseError::Invalid { path: label, reason: "empty role id".into() });
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let (front, body, body_line) = yaml::split_front_matter(&text);
    let meta = match front {
        Some(front) => Some(yaml::parse_front_matter(&label, front)?),
        None => None,
    };
    let lang_hint = options.lang.or_else(|| meta.as_ref().and_then(|m| m.lang));

    if let Some(ladder) = meta.as_ref().and_then(|m| m.ladder.as_ref()) {
        let lang = lang_hint.unwrap_or_else(|| detect_lang(&ladder.sample_text(), None));
        let mut roles = ladder.to_roles(id, meta.as_ref().and_then(|m| m.title.as_deref()), &label, lang);
        if roles.is_empty() {
            return Err(ParseError::NoStatements { path: label });
        }
        with_metadata(&mut roles, meta.as_ref(), options);
        return Ok(roles);
    }

    let format = options.format.unwrap_or_else(|| recognise(body));
    let blocks = match format {
        Format::Text => text::blocks(body),
        Format::Markdown => markdown::blocks(body),
        Format::Html => html::blocks(body),
    };
    let _ = body_line;
    let lang = lang_hint.unwrap_or_else(|| detect_lang(body_sample(&blocks).as_str(), None));
    let doc = DocMeta {
        id,
        source: &label,
        lang,
        title: meta.as_ref().and_then(|m| m.title.clone()),
        organization: meta.as_ref().and_then(|m| m.organization.clone()),
    };
    let roles = assemble(&doc, blocks);
    if roles.iter().all(|r| r.statement_count() == 0) {
        return Err(ParseError::NoStatements { path: label });
    }
    let mut roles: Vec<Role> = roles.into_iter().filter(|r| r.statement_count() > 0).collect();
    with_metadata(&mut roles, meta.as_ref(), options);
    Ok(roles)
}

/// Gives every role of a document its front matter's metadata, with the
/// caller's keys replacing the document's own.
fn with_metadata(roles: &mut [Role], front: Option<&yaml::FrontMatter>, options: &ParseOptions) {
    let mut metadata = front.map(|f| f.metadata.clone()).unwrap_or_default();
    for key in options.metadata.keys() {
        metadata.remove(&key.trim().to_lowercase());
    }
    for (key, values) in &options.metadata {
        for v in values {
            crate::add_metadata(&mut metadata, key, v);
        }
    }
    for r in roles {
        r.metadata = metadata.clone();
    }
}

/// Recognises the body format from content.
pub fn recognise(body: &str) -> Format {
    let lower_head: String = body.chars().take(20_000).collect::<String>().to_ascii_lowercase();
    let tag_count = ["<p>", "<p ", "<li", "<ul", "<div", "<h1", "<h2", "<h3", "<br", "<template", "<section", "<table"]
        .iter()
        .map(|t| lower_head.matches(t).count())
        .sum::<usize>();
    let starts_with_tag = body.trim_start().starts_with('<');
    let mut md_signals = 0usize;
    for line in body.lines().take(2_000) {
        let t = line.trim_start();
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            md_signals += 3;
        } else if t.starts_with("* ") || t.starts_with("- ") || t.starts_with("+ ") {
            md_signals += 1;
        } else if t.starts_with("===") || (t.starts_with("---") && t.trim_end().chars().all(|c| c == '-')) {
            md_signals += 2;
        } else if t.contains("](") || t.contains("**") || t.starts_with('|') {
            md_signals += 1;
        }
    }
    // Markdown may embed HTML (tables with <br>, <picture>); a body that opens
    // with a tag and has many tags is HTML.
    if tag_count >= 3 && (starts_with_tag || md_signals < 3) {
        Format::Html
    } else if md_signals >= 3 {
        Format::Markdown
    } else {
        Format::Text
    }
}

fn body_sample(blocks: &[Block]) -> String {
    let mut s = String::new();
    for b in blocks.iter().take(200) {
        let t = match b {
            Block::Heading { text, .. } | Block::Item { text, .. } | Block::Para(text) => text,
        };
        s.push_str(t);
        s.push('\n');
    }
    s
}

/// Document-level facts known before the blocks are assembled.
struct DocMeta<'a> {
    id: &'a str,
    source: &'a str,
    lang: Lang,
    title: Option<String>,
    organization: Option<String>,
}

fn block_text(b: &Block) -> &str {
    match b {
        Block::Heading { text, .. } | Block::Item { text, .. } | Block::Para(text) => text,
    }
}

/// Turns blocks into roles: strips boilerplate, takes the title, splits
/// multi-level ladders into one role per level, groups statements into
/// sections.
fn assemble(doc: &DocMeta<'_>, blocks: Vec<Block>) -> Vec<Role> {
    let mut organization = doc.organization.clone();
    let mut title = doc.title.clone();
    let mut kept: Vec<Block> = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.into_iter().enumerate() {
        let t = block_text(&b).trim();
        if t.is_empty() {
            continue;
        }
        if i < 6 && organization.is_none() {
            if let Some(org) = boilerplate::from_line(t) {
                organization = Some(org);
                continue;
            }
        }
        if boilerplate::is_chrome(t) {
            continue;
        }
        kept.push(b);
    }
    let split_level = ladder_level(&kept);
    // The title: front matter, else the first heading or line if it is short
    // (unless that heading opens the first level of a ladder).
    let first_is_level =
        matches!((kept.first(), split_level), (Some(Block::Heading { level, .. }), Some(l)) if *level == l);
    if title.is_none() && !first_is_level {
        if let Some(first) = kept.first() {
            let t = block_text(first).trim();
            if t.chars().count() <= 120 && !matches!(first, Block::Item { .. }) {
                title = Some(strip_title_prefix(t).to_string());
                kept.remove(0);
            }
        }
    }
    let doc_title = title.clone();
    let title = title.unwrap_or_else(|| doc.id.to_string());
    // A second copy of the title with a date stamp is a blog's header line.
    kept.retain(|b| !boilerplate::is_title_repeat(block_text(b), &title));

    let mut roles = Vec::new();
    match split_level {
        None => roles.push(build_role(doc, doc.id.to_string(), title, organization, &kept)),
        Some(level) => {
            let mut current: Option<(String, Vec<Block>)> = None;
            for b in kept {
                match &b {
                    Block::Heading { level: l, text } if *l == level => {
                        if let Some((t, bs)) = current.take() {
                            roles.push(role_for_level(doc, doc_title.as_deref(), &t, organization.clone(), &bs));
                        }
                        current = Some((text.clone(), Vec::new()));
                    }
                    Block::Heading { level: l, .. } if *l < level => {
                        // A more important heading ends the ladder ("Other Pages").
                        if let Some((t, bs)) = current.take() {
                            roles.push(role_for_level(doc, doc_title.as_deref(), &t, organization.clone(), &bs));
                        }
                    }
                    _ => {
                        if let Some((_, bs)) = current.as_mut() {
                            bs.push(b);
                        }
                    }
                }
            }
            if let Some((t, bs)) = current.take() {
                roles.push(role_for_level(doc, doc_title.as_deref(), &t, organization.clone(), &bs));
            }
            dedupe_ids(&mut roles);
        }
    }
    roles
}

fn role_for_level(
    doc: &DocMeta<'_>,
    doc_title: Option<&str>,
    heading: &str,
    org: Option<String>,
    blocks: &[Block],
) -> Role {
    let id = format!("{}/{}", doc.id, slug(heading));
    // "Level 1" alone says nothing: prefix the document title unless the
    // heading already names the role ("EM5 - Engineering Manager 5").
    let words = |s: &str| -> Vec<String> {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() > 2)
            .map(String::from)
            .collect()
    };
    let title = match doc_title {
        Some(t) if !words(heading).iter().any(|w| words(t).contains(w)) && !t.trim().is_empty() => {
            format!("{}, {}", t.trim(), heading.trim())
        }
        _ => heading.trim().to_string(),
    };
    build_role(doc, id, title, org, blocks)
}

/// Ids must be unique within a file; a repeated level heading gets `-2`, `-3`.
fn dedupe_ids(roles: &mut [Role]) {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for r in roles.iter_mut() {
        let n = seen.entry(r.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            r.id = format!("{}-{}", r.id, n);
        }
    }
}

/// "Job openings/Head of Reader Relations" → "Head of Reader Relations".
fn strip_title_prefix(t: &str) -> &str {
    match t.rsplit_once('/') {
        Some((_, last)) if !last.trim().is_empty() && !t.contains("://") => last.trim(),
        _ => t,
    }
}

/// The heading level that separates ladder levels, when the document is a
/// ladder: the most important heading level with at least two headings that
/// carry a level marker (a number, a Roman numeral, a seniority word), where
/// at least half the headings at that level do.
fn ladder_level(blocks: &[Block]) -> Option<u8> {
    let mut by_level: std::collections::BTreeMap<u8, (usize, usize)> = Default::default();
    for b in blocks {
        if let Block::Heading { level, text } = b {
            let e = by_level.entry(*level).or_default();
            e.0 += 1;
            if sections::has_level_marker(text) && sections::classify_heading(text).is_none() {
                e.1 += 1;
            }
        }
    }
    by_level.into_iter().find(|(_, (all, marked))| *marked >= 2 && marked * 2 >= *all).map(|(l, _)| l)
}

/// Lowercase ASCII slug; CJK characters are kept as they are.
pub fn slug(text: &str) -> String {
    let mut s = String::new();
    for ch in text.trim().chars() {
        if ch.is_alphanumeric() {
            s.extend(ch.to_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() {
        s.push_str("level");
    }
    s
}

fn build_role(doc: &DocMeta<'_>, id: String, title: String, org: Option<String>, blocks: &[Block]) -> Role {
    let mut sections: Vec<Section> = Vec::new();
    let mut current = Section { kind: SectionKind::Other, heading: String::new(), statements: Vec::new() };
    // Level and kind of the last heading whose kind was recognised.
    let mut explicit: Option<(u8, SectionKind)> = None;
    let mut paras_only = false;
    // Nested bullets: the index of the last item seen at each depth.
    let mut item_stack: Vec<(u8, usize)> = Vec::new();
    let mut from_items = Vec::<bool>::new();
    let mut has_items = false;
    for b in blocks {
        match b {
            Block::Heading { text, level } => {
                if !current.statements.is_empty() {
                    from_items.push(has_items);
                    sections.push(std::mem::replace(
                        &mut current,
                        Section { kind: SectionKind::Other, heading: String::new(), statements: Vec::new() },
                    ));
                }
                has_items = false;
                paras_only = false;
                current.heading = text.trim().to_string();
                match sections::classify_heading(text) {
                    Some(kind) => {
                        current.kind = kind;
                        explicit = Some((*level, kind));
                    }
                    None => {
                        // A sub-heading without a kind inherits the kind of the
                        // classified heading above it ("Responsibilities" > "Delivery").
                        current.kind = match explicit {
                            Some((l, kind)) if *level > l => kind,
                            _ => {
                                explicit = None;
                                SectionKind::Other
                            }
                        };
                    }
                }
                item_stack.clear();
            }
            Block::Item { depth, text } => {
                // Prose before the first bullet of an unheaded block is an
                // introduction, not part of the list that follows.
                if paras_only && current.heading.is_empty() && !current.statements.is_empty() {
                    from_items.push(false);
                    let mut intro = std::mem::replace(
                        &mut current,
                        Section { kind: SectionKind::Other, heading: String::new(), statements: Vec::new() },
                    );
                    intro.kind = SectionKind::Summary;
                    sections.push(intro);
                }
                paras_only = false;
                has_items = true;
                while item_stack.last().is_some_and(|(d, _)| d >= depth) {
                    item_stack.pop();
                }
                let parent = item_stack.last().map(|(_, i)| *i);
                let first = current.statements.len();
                push_statements(&mut current.statements, text, doc.lang, parent, false);
                if current.statements.len() > first {
                    item_stack.push((*depth, first));
                }
            }
            Block::Para(text) => {
                if current.statements.is_empty() {
                    paras_only = true;
                }
                item_stack.clear();
                push_statements(&mut current.statements, text, doc.lang, None, true);
            }
        }
    }
    if !current.statements.is_empty() {
        from_items.push(has_items);
        sections.push(current);
    }
    // Ladders and wiki pages often list what a role does without a heading
    // that says so. When no section is recognised as responsibilities, the
    // bulleted sections that are not recognised as anything else are.
    if !sections.iter().any(|s| s.kind == SectionKind::Responsibilities) {
        for (s, items) in sections.iter_mut().zip(&from_items) {
            if *items && matches!(s.kind, SectionKind::Other | SectionKind::Summary) {
                s.kind = SectionKind::Responsibilities;
            }
        }
    }
    Role {
        id,
        document: doc.id.to_string(),
        title,
        organization: org,
        source: doc.source.to_string(),
        lang: doc.lang,
        sections,
        metadata: Default::default(),
    }
}

/// Adds the statements of one block. Paragraphs of Latin-script prose are
/// split into sentences; CJK prose stays one statement per line.
fn push_statements(out: &mut Vec<Statement>, text: &str, doc_lang: Lang, parent: Option<usize>, split: bool) {
    let mut pieces: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = collapse_ws(line);
        if line.is_empty() || boilerplate::is_chrome(&line) {
            continue;
        }
        let lang = detect_lang(&line, Some(doc_lang));
        if split && lang == Lang::En {
            for s in line.unicode_sentences() {
                let s = s.trim();
                if !s.is_empty() {
                    pieces.push(s.to_string());
                }
            }
        } else {
            pieces.push(line);
        }
    }
    for p in pieces {
        for chunk in limit_length(&p) {
            if chunk.chars().any(char::is_alphanumeric) {
                let lang = detect_lang(&chunk, Some(doc_lang));
                out.push(Statement { text: chunk, lang, parent });
            }
        }
    }
}

/// Splits overlong text at sentence ends, then at character boundaries.
fn limit_length(text: &str) -> Vec<String> {
    if text.chars().count() <= MAX_STATEMENT_CHARS {
        return vec![text.to_string()];
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut n = 0;
    for ch in text.chars() {
        cur.push(ch);
        n += 1;
        let sentence_end = matches!(ch, '。' | '！' | '？' | '；' | '.' | '!' | '?' | ';');
        if (sentence_end && n >= 40) || n >= MAX_STATEMENT_CHARS {
            out.push(std::mem::take(&mut cur).trim().to_string());
            n = 0;
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Collapses runs of whitespace (including NBSP) to one space and trims.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.chars() {
        if ch.is_whitespace() || ch == '\u{a0}' || ch == '\u{200b}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(id: &str, text: &str) -> Vec<Role> {
        parse_str(id, text, &ParseOptions::default()).expect("parses")
    }

    #[test]
    fn recognises_formats_by_content() {
        assert_eq!(recognise("# CTO\n\n## Skills\n\n* one\n* two\n"), Format::Markdown);
        assert_eq!(recognise("<p><strong>Summary</strong></p><ul><li>a</li><li>b</li></ul>"), Format::Html);
        assert_eq!(recognise("Chief Technical Officer\n\n  • Hire staff\n  • Budget\n"), Format::Text);
    }

    #[test]
    fn ladder_file_yields_one_role_per_level() {
        let md = "# Engineering Manager\n\nIntro text.\n\n## EM5 - Engineering Manager 5\n\n* **Manages**: manages careers\n\n## EM6 - Engineering Manager 6\n\n* **Defines**: defines processes\n\n# Other Pages\n\n* [Developer](Developer.md)\n";
        let roles = parse("EngineeringManager", md);
        let ids: Vec<_> = roles.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            ["EngineeringManager/em5-engineering-manager-5", "EngineeringManager/em6-engineering-manager-6"]
        );
        assert_eq!(roles[0].sections[0].statements[0].text, "Manages: manages careers");
        assert_eq!(roles[1].statement_count(), 1, "the link-only 'Other Pages' list is dropped");
    }

    #[test]
    fn a_charter_with_a_roadmap_is_one_role() {
        // As OpenHarmony's sig_bdoh charter writes its plan.
        let md = "# SIG_BDOH\n\n## Work goals\n\n#### Phase I: Basic Phase 2025 Q1\n\n* Build the base\n\n\
                  #### Phase II: Refinement Phase 2025 Q3\n\n* Refine it\n\n#### Phase III: Exploration Phase 2026 Q3\n\n* Explore\n";
        let roles = parse("sig_bdoh", md);
        assert_eq!(roles.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["sig_bdoh"]);
        assert_eq!(roles[0].statement_count(), 3);
    }

    #[test]
    fn nested_bullets_keep_their_parent() {
        let text = "Chief Technical Officer\n\n  • Overall responsibility for operations, including:\n    • Operation of office IT\n    • Technical support\n  • Hire staff\n";
        let roles = parse("cto", text);
        let st = &roles[0].sections[0].statements;
        assert_eq!(st.len(), 4);
        assert_eq!(st[1].parent, Some(0));
        assert_eq!(st[2].parent, Some(0));
        assert_eq!(st[3].parent, None);
        assert_eq!(roles[0].sections[0].kind, SectionKind::Responsibilities);
    }

    #[test]
    fn long_lines_are_split() {
        let line = "负责系统设计。".repeat(500);
        let roles = parse("long", &format!("标题\n\n职责\n\n{line}\n"));
        assert!(roles[0].statements().all(|(_, s)| s.text.chars().count() <= MAX_STATEMENT_CHARS));
    }

    #[test]
    fn a_million_character_line_is_bounded() {
        let line = "a".repeat(1_000_000);
        let roles = parse("one-line", &format!("# Title\n\n{line}\n"));
        let st: Vec<_> = roles[0].statements().collect();
        assert!(st.len() >= 1_000_000 / MAX_STATEMENT_CHARS);
        assert!(st.iter().all(|(_, s)| s.text.chars().count() <= MAX_STATEMENT_CHARS));
    }

    #[test]
    fn empty_and_statementless_documents_are_errors() {
        assert!(matches!(parse_str("x", "  \n\t", &ParseOptions::default()), Err(ParseError::Empty { .. })));
        assert!(matches!(parse_str("x", "---\n---\n", &ParseOptions::default()), Err(ParseError::NoStatements { .. })));
    }
}
