//! YAML front matter, and ladders kept entirely in it (levels × topics × criteria).

use yaml_rust2::{Yaml, YamlLoader};

use crate::model::{detect_lang, Lang, Role, Section, SectionKind, Statement};
use crate::ParseError;

/// What front matter tells about a document.
pub(crate) struct FrontMatter {
    pub title: Option<String>,
    pub organization: Option<String>,
    pub lang: Option<Lang>,
    pub ladder: Option<Ladder>,
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
    let docs = YamlLoader::load_from_str(front).map_err(|e| ParseError::Syntax {
        path: label.to_string(),
        line: e.marker().line() + 1,
        reason: format!("front matter is not valid YAML: {}", e.info()),
    })?;
    let Some(doc) = docs.into_iter().next() else {
        return Ok(FrontMatter { title: None, organization: None, lang: None, ladder: None });
    };
    let title = str_field(&doc, &["title", "name", "role", "job_title"]).map(|t| clean_title(&t));
    let organization = str_field(&doc, &["organization", "organisation", "company", "employer", "org"]);
    let lang = str_field(&doc, &["lang", "language", "locale"]).and_then(|l| Lang::from_code(&l));
    let ladder = parse_ladder(&doc);
    Ok(FrontMatter { title, organization, lang, ladder })
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
                title: format!("{base}, level {level}"),
                organization: None,
                source: source.to_string(),
                lang,
                sections,
            });
        }
        roles
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
