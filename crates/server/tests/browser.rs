//! The web page in headless Chromium (Debian's `chromium`, which `.ci/run`
//! installs): what someone who will not use a terminal sees.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use rolesearch_server::Settings;

/// The browser: `$ROLESEARCH_CHROMIUM`, else the first of the usual names on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ROLESEARCH_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// Runs the browser on `url` with `args`; `None` (and a note) when there is
/// no browser outside CI. In CI a missing browser fails the test.
fn browse(url: &str, args: &[&str]) -> Option<std::process::Output> {
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("CI").is_none(), "CI must install chromium (see .ci/run)");
        eprintln!("note: no chromium on PATH; the browser test did not run");
        return None;
    };
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        // Run the page's scripts and fetches before the capture.
        .arg("--virtual-time-budget=10000")
        .args(args)
        .arg(url)
        .output()
        .unwrap();
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    Some(out)
}

/// Pixels of the page's highlight colour (#ffd54a) in a PNG screenshot.
fn highlight_pixels(png: &Path) -> usize {
    let decoder = png::Decoder::new(std::fs::File::open(png).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    buf[..info.buffer_size()]
        .chunks(channels)
        .filter(|p| p.len() >= 3 && p[0].abs_diff(0xff) < 8 && p[1].abs_diff(0xd5) < 8 && p[2].abs_diff(0x4a) < 8)
        .count()
}

#[test]
fn a_chinese_query_shows_highlighted_hits_in_the_page() {
    let addr = common::start(common::seeds_index(), Settings::default());
    // 招聘 ("recruiting"), as someone types it and shares the address.
    let url = format!("http://{addr}/?q=%E6%8B%9B%E8%81%98");
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("page-zh-query.png");
    let _ = std::fs::remove_file(&shot);
    let Some(_) = browse(&url, &["--window-size=1200,900", &format!("--screenshot={}", shot.display())]) else {
        return;
    };
    let marked = highlight_pixels(&shot);
    // A highlighted CJK word at 16 px is some 500 pixels; the page shows several.
    assert!(marked > 1_000, "the screenshot {} shows {marked} highlight pixels: no highlighted hits", shot.display());

    let dom = String::from_utf8(browse(&url, &["--dump-dom"]).unwrap().stdout).unwrap();
    assert!(dom.contains("<mark>招聘</mark>") || dom.contains("<mark>人才招聘</mark>"), "{dom}");
    assert!(dom.contains("startup-cto-zh"), "the Chinese CTO's statements are hits");
    assert!(
        dom.contains("<mark>Hire</mark>, manage and support technical staff"),
        "an English statement found across languages"
    );
    // Statements are text, never markup.
    assert!(!dom.contains("<script>alert"), "{dom}");
}

#[test]
fn filters_and_the_side_by_side_comparison() {
    let addr = common::start(common::seeds_index(), Settings::default());
    let dom = |path: &str| {
        browse(&format!("http://{addr}{path}"), &["--dump-dom"]).map(|o| String::from_utf8(o.stdout).unwrap())
    };
    let Some(zh_only) = dom("/?q=hiring&lang=zh") else { return };
    assert!(zh_only.contains("startup-cto-zh") && !zh_only.contains("wikimedia-cto"), "{zh_only}");
    let compare = dom("/?a=wikimedia-cto&b=startup-cto-zh").unwrap();
    // Pairs side by side, then what only one role has, under each role's title.
    assert!(
        compare.contains("Chief Technical Officer") && compare.contains("互联网创业公司技术总监工作职责描述"),
        "{compare}"
    );
    let pairs = compare.split("<tbody id=\"pairs\">").nth(1).unwrap().split("</tbody>").next().unwrap();
    assert!(pairs.matches("<tr").count() >= 3, "{pairs}");
    assert!(compare.contains("Only in Chief Technical Officer"));
    let only_b = compare.split("id=\"only-b\">").nth(1).unwrap().split("</ul>").next().unwrap();
    assert!(only_b.contains("<li>"), "{only_b}");
}
