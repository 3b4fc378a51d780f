//! Finding the documents under a path: a folder walk that terminates on any
//! tree (symlink loops included), reads nothing but regular files, and
//! reports what it could not enter instead of giving up on the whole path.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::ParseError;

/// File stems that describe a folder rather than a role (case-insensitive):
/// a corpus keeps its provenance and licence beside the documents.
const NOT_ROLES: &[&str] =
    &["readme", "license", "licence", "notice", "copying", "provenance", "contributing", "changelog"];

/// How [`walk`] treats symbolic links.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WalkOptions {
    /// Follow symbolic links that point outside the folder being walked
    /// (`rolesearch index --follow`). Links inside it are always followed;
    /// a folder or file reached twice is listed once, under its first path
    /// (real paths before links).
    pub follow_links: bool,
}

/// One document file found by [`walk`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DocumentFile {
    /// The file, as reached from the root (through links, if any).
    pub path: PathBuf,
    /// The path given to [`walk`]; ids taken from paths are relative to it.
    pub root: PathBuf,
}

/// What [`walk`] found: documents, and entries it skipped, each with why.
#[derive(Debug, Default)]
pub struct Walk {
    /// Document files, sorted by path.
    pub files: Vec<DocumentFile>,
    /// Entries not listed: unreadable folders, special files, symlink loops,
    /// links out of the folder (without `follow_links`), broken links.
    pub skipped: Vec<ParseError>,
}

/// Identity of a file or folder: device and inode (on Unix), else its
/// canonical path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn file_id(path: &Path, meta: &std::fs::Metadata) -> FileId {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = path;
        FileId::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        FileId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

fn io(path: &Path, source: std::io::Error) -> ParseError {
    ParseError::Io { path: path.display().to_string(), source }
}

fn skipped(path: &Path, reason: impl Into<String>) -> ParseError {
    ParseError::Invalid { path: path.display().to_string(), reason: reason.into() }
}

fn is_described(path: &Path) -> bool {
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    NOT_ROLES.contains(&stem.as_str())
}

/// Lists the documents under `root`: the file itself, or every regular file
/// of a folder, recursively, sorted, skipping hidden entries and folder
/// descriptions (README, LICENSE, NOTICE …).
///
/// The walk always ends: every folder is entered once (by device and
/// inode), and a link back to a folder above it is reported as a loop, once.
/// Folders that cannot be read are reported and skipped; their readable
/// siblings are still walked. FIFOs, sockets and devices are reported, never
/// opened.
pub fn walk(root: &Path, options: &WalkOptions) -> Walk {
    let mut out = Walk::default();
    let meta = match std::fs::metadata(root) {
        Ok(m) => m,
        Err(e) => {
            out.skipped.push(io(root, e));
            return out;
        }
    };
    if !meta.is_dir() {
        // A path the user named is taken as it is (a link included); reading
        // it checks that it is a regular file.
        out.files.push(DocumentFile { path: root.to_path_buf(), root: root.to_path_buf() });
        return out;
    }
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut seen_dirs: HashSet<FileId> = HashSet::new();
    let mut seen_files: HashSet<FileId> = HashSet::new();
    seen_dirs.insert(file_id(root, &meta));
    // Real entries first, links afterwards: a file reachable both ways is
    // listed under its real path, whatever the names sort like.
    let mut links: Vec<PathBuf> = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    let mut walker = Walker { root, options, out: &mut out, seen_dirs: &mut seen_dirs, seen_files: &mut seen_files };
    while let Some(dir) = stack.pop() {
        walker.read_dir(&dir, &mut stack, &mut links);
    }
    let mut followed = 0usize;
    while followed < links.len() {
        let link = links[followed].clone();
        followed += 1;
        walker.follow(&link, &canonical_root, &mut stack);
        while let Some(dir) = stack.pop() {
            walker.read_dir(&dir, &mut stack, &mut links);
        }
    }
    out.files.sort();
    out
}

struct Walker<'a> {
    root: &'a Path,
    options: &'a WalkOptions,
    out: &'a mut Walk,
    seen_dirs: &'a mut HashSet<FileId>,
    seen_files: &'a mut HashSet<FileId>,
}

impl Walker<'_> {
    /// Lists one folder: sub-folders go on `stack`, links on `links`, files out.
    fn read_dir(&mut self, dir: &Path, stack: &mut Vec<PathBuf>, links: &mut Vec<PathBuf>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.out.skipped.push(io(dir, e));
                return;
            }
        };
        let mut names: Vec<(PathBuf, std::fs::FileType)> = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    self.out.skipped.push(io(dir, e));
                    continue;
                }
            };
            if entry.file_name().as_encoded_bytes().starts_with(b".") {
                continue;
            }
            match entry.file_type() {
                Ok(ft) => names.push((entry.path(), ft)),
                Err(e) => self.out.skipped.push(io(&entry.path(), e)),
            }
        }
        names.sort_by(|a, b| b.0.cmp(&a.0));
        for (path, ft) in names {
            if ft.is_symlink() {
                links.push(path);
            } else if ft.is_dir() {
                match std::fs::symlink_metadata(&path) {
                    Ok(m) if self.seen_dirs.insert(file_id(&path, &m)) => stack.push(path),
                    Ok(_) => {}
                    Err(e) => self.out.skipped.push(io(&path, e)),
                }
            } else if ft.is_file() {
                if is_described(&path) {
                    continue;
                }
                match std::fs::symlink_metadata(&path) {
                    Ok(m) => self.file(path, &m),
                    Err(e) => self.out.skipped.push(io(&path, e)),
                }
            } else if !is_described(&path) {
                let kind = std::fs::symlink_metadata(&path).map(|m| crate::parse::file_kind(&m)).unwrap_or("special");
                self.out.skipped.push(ParseError::NotRegular { path: path.display().to_string(), kind });
            }
        }
    }

    fn file(&mut self, path: PathBuf, meta: &std::fs::Metadata) {
        if self.seen_files.insert(file_id(&path, meta)) {
            self.out.files.push(DocumentFile { path, root: self.root.to_path_buf() });
        }
    }

    /// Follows one symbolic link found in the walk.
    fn follow(&mut self, link: &Path, canonical_root: &Path, stack: &mut Vec<PathBuf>) {
        let target = match std::fs::canonicalize(link) {
            Ok(t) => t,
            Err(e) => {
                let reason = if e.raw_os_error() == Some(40) || e.to_string().contains("symbolic links") {
                    "symlink loop (the link resolves to itself); not followed".to_string()
                } else {
                    format!("broken symlink ({e}); not followed")
                };
                self.out.skipped.push(skipped(link, reason));
                return;
            }
        };
        let meta = match std::fs::metadata(&target) {
            Ok(m) => m,
            Err(e) => {
                self.out.skipped.push(io(link, e));
                return;
            }
        };
        let parent = link.parent().and_then(|p| std::fs::canonicalize(p).ok());
        if meta.is_dir() && parent.as_deref().is_some_and(|p| p.starts_with(&target)) {
            self.out.skipped.push(skipped(
                link,
                format!("symlink loop (points to {}, a folder above it); not followed", target.display()),
            ));
            return;
        }
        if !target.starts_with(canonical_root) && !self.options.follow_links {
            self.out.skipped.push(skipped(
                link,
                format!(
                    "symlink to {}, outside the folder being indexed; not followed (use --follow)",
                    target.display()
                ),
            ));
            return;
        }
        if meta.is_dir() {
            if self.seen_dirs.insert(file_id(&target, &meta)) {
                stack.push(link.to_path_buf());
            }
        } else if meta.is_file() {
            if !is_described(link) {
                self.file(link.to_path_buf(), &meta);
            }
        } else if !is_described(link) {
            self.out.skipped.push(ParseError::NotRegular {
                path: link.display().to_string(),
                kind: crate::parse::file_kind(&meta),
            });
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(w: &Walk, root: &Path) -> Vec<String> {
        w.files.iter().map(|f| f.path.strip_prefix(root).unwrap().display().to_string()).collect()
    }

    fn write(p: &Path) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "# Role\n\n* Plan budgets\n").unwrap();
    }

    #[test]
    fn symlink_loops_end_and_are_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(&root.join("a/one.md"));
        write(&root.join("b/two.md"));
        symlink("..", root.join("a/loop")).unwrap();
        symlink("..", root.join("b/loop")).unwrap();
        symlink(".", root.join("self")).unwrap();
        let w = walk(root, &WalkOptions::default());
        assert_eq!(names(&w, root), ["a/one.md", "b/two.md"]);
        let loops = w.skipped.iter().filter(|e| e.to_string().contains("symlink loop")).count();
        assert_eq!(loops, 3, "{:?}", w.skipped);
        // Following links out of the folder still ends.
        let w = walk(&root.join("a"), &WalkOptions { follow_links: true });
        assert_eq!(names(&w, &root.join("a")), ["one.md"]);
    }

    #[test]
    fn links_out_of_the_folder_are_followed_only_when_asked() {
        let outside = tempfile::tempdir().unwrap();
        write(&outside.path().join("far.md"));
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(&root.join("near.md"));
        symlink(outside.path(), root.join("out")).unwrap();
        symlink(root.join("near.md"), root.join("alias.md")).unwrap();
        let w = walk(root, &WalkOptions::default());
        assert_eq!(names(&w, root), ["near.md"], "the inside link is the same file, listed once");
        assert!(w.skipped.iter().any(|e| e.to_string().contains("outside the folder")), "{:?}", w.skipped);
        let w = walk(root, &WalkOptions { follow_links: true });
        assert_eq!(names(&w, root), ["near.md", "out/far.md"]);
    }

    #[test]
    fn special_files_are_reported_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(&root.join("ok.md"));
        let fifo = root.join("pipe.md");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        symlink("/dev/zero", root.join("zero.md")).unwrap();
        let w = walk(root, &WalkOptions { follow_links: true });
        assert_eq!(names(&w, root), ["ok.md"]);
        let text: Vec<String> = w.skipped.iter().map(|e| e.to_string()).collect();
        assert!(text.iter().any(|t| t.contains("zero.md") && t.contains("character device")), "{text:?}");
        if status.is_ok_and(|s| s.success()) {
            assert!(text.iter().any(|t| t.contains("pipe.md") && t.contains("FIFO")), "{text:?}");
            // Named directly, it is refused before it is opened (opening blocks).
            let e = crate::read_document(&fifo).unwrap_err();
            assert!(e.to_string().contains("FIFO"), "{e}");
        }
        let e = crate::read_document(&root.join("zero.md")).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }

    #[test]
    fn an_unreadable_folder_is_skipped_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(&root.join("open/a.md"));
        write(&root.join("shut/b.md"));
        std::fs::set_permissions(root.join("shut"), std::fs::Permissions::from_mode(0o000)).unwrap();
        let readable = std::fs::read_dir(root.join("shut")).is_ok(); // root reads anything
        let w = walk(root, &WalkOptions::default());
        std::fs::set_permissions(root.join("shut"), std::fs::Permissions::from_mode(0o755)).unwrap();
        if readable {
            return;
        }
        assert_eq!(names(&w, root), ["open/a.md"]);
        assert_eq!(w.skipped.len(), 1, "{:?}", w.skipped);
        assert!(w.skipped[0].to_string().contains("shut"));
    }
}
