//! YAML front matter, and ladders kept entirely in it (levels × topics × criteria).

use yaml_rust2::{Yaml, YamlLoader};

use crate::model::{add_metadata, detect_lang, Lang, Metadata, Role, Section, SectionKind, Statement};
use crate::ParseError;

/// What front matter tells about a document.
pub(crate) struct FrontMatter {
    pub title: Option<String>,
    pub organization: Option<String>,
    pub lang: Option<Lang>,
    pub ladder: Option<Ladder>,
    /// Every top-level key whose value is a scalar or a list of scalars.
    pub metadata: Metadata,
}

/// A ladder held in front matter: for each topic, criteria per level.
pub(crate) struct Ladder {
    topics: Vec<Topic>,
}

struct Topic {
    heading: String,
    /// (level, criteria) in document order.
    levels: Vec<(i64, Vec<String>)>,
}

/// Splits `---` front matter from the body. Returns (front matter, body,
/// line number where the body starts).
pub(crate) fn split_front_matter(text: &str) -> (Option<&str>, &str, usize) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (None, text, 1);
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let l = line.trim_end();
        if l == "---" || l == "..." {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return (Some(front), body, i + 3);
        }
        offset += line.len();
    }
    (None, text, 1)
}

fn clean_title(t: &str) -> String {
    // Emoji decorations ("🛠️ Backend Engineering Framework") are not words.
    t.trim_start_matches(|c: char| !c.is_alphanumeric()).trim().to_string()
}

fn str_field(doc: &Yaml, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| doc[*k].as_str()).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Parses front matter.
///
/// # Errors
/// [`ParseError::Syntax`] with the line (in the whole file) of a YAML error.
pub(crate) fn parse_front_matter(label: &str, front: &str) -> Result<FrontMatter, ParseError> {
    let syntax = |e: yaml_rust2::ScanError| ParseError::Syntax {
        path: label.to_string(),
        line: e.marker().line() + 1,
        reason: format!("front matter is not valid YAML: {}", e.info()),
    };
    // The loader copies an alias's node at every use: nine aliases of nine
    // aliases make a few hundred bytes expand to gigabytes. Count what the
    // document expands to, on the parser's events, before loading it.
    let mut size = ExpandedSize::default();
    yaml_rust2::parser::Parser::new_from_str(front).load(&mut size, true).map_err(syntax)?;
    if let Some(reason) = size.refusal() {
        return Err(ParseError::Syntax { path: label.to_string(), line: size.line + 1, reason });
    }
    let docs = YamlLoader::load_from_str(front).map_err(syntax)?;
    let Some(doc) = docs.into_iter().next() else {
        return Ok(FrontMatter {
            title: None,
            organization: None,
            lang: None,
            ladder: None,
            metadata: Metadata::new(),
        });
    };
    let title = str_field(&doc, &["title", "name", "role", "job_title"]).map(|t| clean_title(&t));
    let organization = str_field(&doc, &["organization", "organisation", "company", "employer", "org"]);
    let lang = str_field(&doc, &["lang", "language", "locale"]).and_then(|l| Lang::from_code(&l));
    let ladder = parse_ladder(&doc);
    let metadata = metadata_of(&doc);
    Ok(FrontMatter { title, organization, lang, ladder, metadata })
}

/// The text of a scalar YAML value (strings, numbers, booleans; YAML dates
/// are strings to yaml-rust2).
fn scalar(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(n) => Some(n.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Metadata from front matter: every top-level key with a scalar value or a
/// list of scalars, as the publisher wrote it (`company`, `location`,
/// `tags: [a, b]`, `date`). Nested maps (a ladder's `topics`) are content,
/// not metadata.
fn metadata_of(doc: &Yaml) -> Metadata {
    let mut out = Metadata::new();
    let Some(map) = doc.as_hash() else { return out };
    for (k, v) in map {
        let Some(key) = scalar(k) else { continue };
        match v {
            Yaml::Array(items) => {
                for item in items {
                    if let Some(value) = scalar(item) {
                        add_metadata(&mut out, &key, &value);
                    }
                }
            }
            other => {
                if let Some(value) = scalar(other) {
                    add_metadata(&mut out, &key, &value);
                }
            }
        }
    }
    out
}

/// Most YAML nodes front matter may expand to, aliases included: a ladder of
/// 1,500 criteria is about 5,000 nodes.
const MAX_YAML_NODES: u64 = 200_000;

/// Deepest nesting of front matter (the loader and dropping its tree recurse).
const MAX_YAML_DEPTH: usize = 64;

/// Counts the nodes a YAML stream expands to, from parser events (which do
/// not expand aliases): each anchor remembers its node's expanded size, an
/// alias adds it again. Linear in the text whatever the aliases.
#[derive(Default)]
struct ExpandedSize {
    /// Expanded size of each anchored node, by anchor id.
    anchors: std::collections::HashMap<usize, u64>,
    /// Open collections: (anchor id, nodes so far).
    open: Vec<(usize, u64)>,
    total: u64,
    deepest: usize,
    /// Line of the event that crossed a limit first.
    line: usize,
    crossed: bool,
}

impl ExpandedSize {
    fn add(&mut self, n: u64) {
        match self.open.last_mut() {
            Some((_, count)) => *count = count.saturating_add(n),
            None => self.total = self.total.saturating_add(n),
        }
    }

    fn refusal(&self) -> Option<String> {
        if self.deepest > MAX_YAML_DEPTH {
            return Some(format!("front matter nests {} levels deep; the limit is {MAX_YAML_DEPTH}", self.deepest));
        }
        (self.total > MAX_YAML_NODES).then(|| {
            format!(
                "front matter expands to over {MAX_YAML_NODES} YAML nodes (aliases `*name` repeat anchored `&name` \
                 nodes); refusing it"
            )
        })
    }
}

impl yaml_rust2::parser::MarkedEventReceiver for ExpandedSize {
    fn on_event(&mut self, ev: yaml_rust2::Event, mark: yaml_rust2::scanner::Marker) {
        use yaml_rust2::Event;
        match ev {
            Event::Scalar(_, _, anchor, _) => {
                if anchor > 0 {
                    self.anchors.insert(anchor, 1);
                }
                self.add(1);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.open.push((anchor, 1));
                self.deepest = self.deepest.max(self.open.len());
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, n)) = self.open.pop() {
                    if anchor > 0 {
                        self.anchors.insert(anchor, n);
                    }
                    self.add(n);
                }
            }
            Event::Alias(anchor) => {
                let n = self.anchors.get(&anchor).copied().unwrap_or(1);
                self.add(n);
            }
            _ => {}
        }
        let expanded = self.total.saturating_add(self.open.iter().map(|(_, n)| *n).fold(0u64, u64::saturating_add));
        if !self.crossed && (expanded > MAX_YAML_NODES || self.deepest > MAX_YAML_DEPTH) {
            self.crossed = true;
            self.line = mark.line();
            self.total = self.total.max(expanded);
        }
    }
}

/// Reads `topics: [{name, title, content: [{level, criteria, exampleCriteria}]}]`.
fn parse_ladder(doc: &Yaml) -> Option<Ladder> {
    let topics = doc["topics"].as_vec()?;
    let mut out = Vec::new();
    for t in topics {
        let heading = t["title"].as_str().or_else(|| t["name"].as_str()).unwrap_or("").trim().to_string();
        let mut levels = Vec::new();
        for c in t["content"].as_vec().map(Vec::as_slice).unwrap_or(&[]) {
            let Some(level) = c["level"].as_i64().or_else(|| c["level"].as_str().and_then(|s| s.parse().ok())) else {
                continue;
            };
            let mut criteria: Vec<String> = Vec::new();
            for item in c["criteria"].as_vec().map(Vec::as_slice).unwrap_or(&[]) {
                if let Some(s) = item.as_str() {
                    criteria.push(s.to_string());
                }
            }
            // Example criteria are criteria too; their examples are
            // illustrations, not statements about the role, and are left out.
            for item in c["exampleCriteria"].as_vec().map(Vec::as_slice).unwrap_or(&[]) {
                if let Some(s) = item["criteria"].as_str() {
                    criteria.push(s.to_string());
                }
            }
            levels.push((level, criteria));
        }
        out.push(Topic { heading, levels });
    }
    if out.iter().all(|t| t.levels.is_empty()) {
        return None;
    }
    Some(Ladder { topics: out })
}

impl Ladder {
    /// Some criteria, for language detection.
    pub(crate) fn sample_text(&self) -> String {
        self.topics
            .iter()
            .flat_map(|t| t.levels.iter().flat_map(|(_, c)| c.iter()))
            .take(50)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// One role per level: `stem/level-N`, with a section per topic.
    pub(crate) fn to_roles(&self, stem: &str, title: Option<&str>, source: &str, lang: Lang) -> Vec<Role> {
        let mut levels: Vec<i64> = self.topics.iter().flat_map(|t| t.levels.iter().map(|(l, _)| *l)).collect();
        levels.sort_unstable();
        levels.dedup();
        let base = title.unwrap_or(stem);
        let mut roles = Vec::new();
        for level in levels {
            let mut sections = Vec::new();
            for t in &self.topics {
                let statements: Vec<Statement> = t
                    .levels
                    .iter()
                    .filter(|(l, _)| *l == level)
                    .flat_map(|(_, c)| c.iter())
                    .map(|s| super::collapse_ws(s))
                    .filter(|s| s.chars().any(char::is_alphanumeric))
                    .map(|text| Statement { lang: detect_lang(&text, Some(lang)), text, parent: None })
                    .collect();
                if !statements.is_empty() {
                    let heading = t.heading.clone();
                    // A ladder's criteria are what the role is expected to do.
                    let kind = super::classify_heading(&heading)
                        .filter(|k| *k != SectionKind::Summary)
                        .unwrap_or(SectionKind::Responsibilities);
                    sections.push(Section { kind, heading, statements });
                }
            }
            if sections.is_empty() {
                continue;
            }
            roles.push(Role {
                id: format!("{stem}/level-{level}"),
                document: stem.to_string(),
                title: format!("{base}, level {level}"),
                organization: None,
                source: source.to_string(),
                lang,
                sections,
                metadata: Default::default(),
            });
        }
        roles
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused_before_loading() {
        let mut bomb =
            String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (prev, name) in
            ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            let refs = vec![format!("*{prev}"); 9].join(",");
            bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        assert!(bomb.len() < 500);
        let e = parse_front_matter("bomb.md", &bomb).err().expect("refused");
        assert!(e.to_string().starts_with("bomb.md:"), "{e}");
        assert!(e.to_string().contains("YAML nodes"), "{e}");
        let deep = format!("x: {}1{}", "[".repeat(200), "]".repeat(200));
        let e = parse_front_matter("deep.md", &deep).err().expect("refused");
        assert!(e.to_string().contains("levels deep"), "{e}");
        // A few aliases, as people use them, are fine.
        let ok = "title: &t Backend Engineer\nname: *t\n";
        assert_eq!(parse_front_matter("ok.md", ok).unwrap().title.as_deref(), Some("Backend Engineer"));
    }

    #[test]
    fn scalar_keys_and_lists_become_metadata() {
        let front =
            "title: Engineer\ncompany: \" Acme \"\nRemote: true\nsalary: 120000\ntags: [exec, engineer, exec]\n\
                     nested:\n  a: b\nempty: \"\"\nlevels:\n";
        let fm = parse_front_matter("m.md", front).unwrap();
        let m = &fm.metadata;
        assert_eq!(m["company"], ["Acme"]);
        assert_eq!(m["remote"], ["true"], "keys are lower-cased");
        assert_eq!(m["salary"], ["120000"]);
        assert_eq!(m["tags"], ["exec", "engineer"], "a list is several values, each once");
        assert_eq!(m["title"], ["Engineer"]);
        assert!(!m.contains_key("nested") && !m.contains_key("empty") && !m.contains_key("levels"), "{m:?}");
    }

    #[test]
    fn splits_front_matter() {
        let (f, b, line) = split_front_matter("---\ntitle: \"X\"\n---\n<p>body</p>\n");
        assert_eq!(f, Some("title: \"X\"\n"));
        assert_eq!(b, "<p>body</p>\n");
        assert_eq!(line, 4);
        assert_eq!(split_front_matter("# no front matter\n").0, None);
    }

    #[test]
    fn ladder_levels_become_roles() {
        let fm = parse_front_matter(
            "t.md",
            "title: \"🛠️ Backend\"\ntopics:\n  - name: \"communication\"\n    content:\n      - level: 1\n        criteria:\n          - \"Gives updates\"\n      - level: 2\n        criteria:\n          - \"Gives feedback\"\n        exampleCriteria:\n          - criteria: \"Reviews code\"\n            examples:\n              - \"an example\"\n",
        )
        .unwrap();
        let roles = fm.ladder.unwrap().to_roles("backend", fm.title.as_deref(), "t.md", Lang::En);
        assert_eq!(roles.len(), 2);
        assert_eq!(roles[0].id, "backend/level-1");
        assert_eq!(roles[1].title, "Backend, level 2");
        let texts: Vec<_> = roles[1].statements().map(|(_, s)| s.text.as_str()).collect();
        assert_eq!(texts, ["Gives feedback", "Reviews code"]);
    }

    #[test]
    fn bad_yaml_names_the_line() {
        let err = parse_front_matter("x.md", "title: \"ok\"\nlist: [a, b\n").err().unwrap();
        assert!(matches!(err, ParseError::Syntax { line, .. } if line >= 2), "{err}");
    }
}
