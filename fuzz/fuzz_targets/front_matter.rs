//! YAML front matter of any shape (aliases, anchors, deep nesting, ladders
//! in `topics:`) in front of a Markdown and an HTML body: parsing ends
//! within libFuzzer's time and memory limits (run with `-timeout=20
//! -rss_limit_mb=2048`), without a panic, and a refusal names the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolesearch_doc::{parse_str, Format, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let yaml = String::from_utf8_lossy(data);
    for (format, body) in [(Format::Markdown, "# T\n\n* Plan budgets\n"), (Format::Html, "<ul><li>Plan budgets</li></ul>")]
    {
        let text = format!("---\n{yaml}\n---\n{body}");
        let options = ParseOptions { format: Some(format), source: Some("fm.md".into()), ..ParseOptions::default() };
        if let Err(e) = parse_str("fm", &text, &options) {
            assert!(e.to_string().starts_with("fm.md"), "{e}");
        }
    }
});
