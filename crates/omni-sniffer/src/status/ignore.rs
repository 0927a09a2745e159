//! `.gitignore` rules as git's dir.c applies them: per-directory files (deepest first),
//! then `$GIT_COMMON_DIR/info/exclude`, then `core.excludesFile`; within a file the last
//! matching pattern wins, and `!` re-includes.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::stamp::FileStamp;
use super::wildmatch::wildmatch;
use crate::regular_file;

/// One glob line as dir.c parses it for `.gitignore`; `.gitattributes` patterns (attr.c) parse
/// and match the same way.
pub(super) struct Pattern {
    /// Without `!`, the trailing `/` and (for anchored patterns) the leading `/`.
    glob: Box<[u8]>,
    pub(super) negative: bool,
    pub(super) must_be_dir: bool,
    /// No `/` inside: matched against the basename at any depth.
    basename_only: bool,
}

impl Pattern {
    /// Whether `path` (relative to the root, its last component `basename`) matches, for a
    /// pattern read from a file in `base` (`dir/` or empty).
    pub(super) fn matches(&self, base: &[u8], path: &[u8], basename: &[u8]) -> bool {
        if self.basename_only {
            wildmatch(&self.glob, basename, false)
        } else {
            match path.strip_prefix(base) {
                Some(relative) => wildmatch(&self.glob, relative, true),
                None => false,
            }
        }
    }
}

/// The patterns of one file, relative to `base` (the directory holding it, `dir/` or empty).
pub(crate) struct PatternList {
    base: Vec<u8>,
    patterns: Vec<Pattern>,
}

impl PatternList {
    pub(crate) fn parse(base: &[u8], content: &[u8]) -> Self {
        let content = content.strip_prefix(b"\xef\xbb\xbf").unwrap_or(content);
        let mut patterns = Vec::new();
        for line in content.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.is_empty() || line[0] == b'#' {
                continue;
            }
            if let Some(pattern) = parse_pattern(trim_trailing_spaces(line)) {
                patterns.push(pattern);
            }
        }
        PatternList {
            base: base.to_vec(),
            patterns,
        }
    }

    /// `Some(excluded)` from the last pattern that matches `path` (relative to the root).
    fn decide(&self, path: &[u8], basename: &[u8], is_dir: bool) -> Option<bool> {
        for pattern in self.patterns.iter().rev() {
            if pattern.must_be_dir && !is_dir {
                continue;
            }
            if pattern.matches(&self.base, path, basename) {
                return Some(!pattern.negative);
            }
        }
        None
    }
}

/// git's `trim_trailing_spaces`: unescaped trailing spaces go.
fn trim_trailing_spaces(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    let mut last_space = None;
    let mut i = 0;
    while i < line.len() {
        match line[i] {
            b' ' => {
                if last_space.is_none() {
                    last_space = Some(i);
                }
            }
            b'\\' => {
                i += 1;
                if i >= line.len() {
                    return line;
                }
                last_space = None;
            }
            _ => last_space = None,
        }
        i += 1;
    }
    if let Some(space) = last_space {
        end = space;
    }
    &line[..end]
}

pub(super) fn parse_pattern(line: &[u8]) -> Option<Pattern> {
    let (negative, mut glob) = match line.strip_prefix(b"!") {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    let must_be_dir = glob.ends_with(b"/");
    if must_be_dir {
        glob = &glob[..glob.len() - 1];
    }
    let basename_only = !glob.contains(&b'/');
    if !basename_only {
        glob = glob.strip_prefix(b"/").unwrap_or(glob);
    }
    if glob.is_empty() {
        return None;
    }
    Some(Pattern {
        glob: glob.into(),
        negative,
        must_be_dir,
        basename_only,
    })
}

/// The lists in force for one directory of the walk: its own and its parents'
/// `.gitignore` (root first), then the repository-wide files.
#[derive(Clone)]
pub(crate) struct IgnoreStack<'a> {
    dirs: Vec<Arc<PatternList>>,
    globals: &'a [Arc<PatternList>],
}

impl<'a> IgnoreStack<'a> {
    pub(crate) fn new(globals: &'a [Arc<PatternList>]) -> Self {
        IgnoreStack {
            dirs: Vec::new(),
            globals,
        }
    }

    pub(crate) fn push(&mut self, list: Arc<PatternList>) {
        self.dirs.push(list);
    }

    pub(crate) fn is_excluded(&self, path: &[u8], is_dir: bool) -> bool {
        let basename = match path.iter().rposition(|&b| b == b'/') {
            Some(slash) => &path[slash + 1..],
            None => path,
        };
        self.dirs
            .iter()
            .rev()
            .chain(self.globals.iter())
            .find_map(|list| list.decide(path, basename, is_dir))
            .unwrap_or(false)
    }
}

/// Parsed ignore files kept between snapshots, each trusted while its stamp is unchanged.
#[derive(Default)]
pub(crate) struct IgnoreCache {
    files: HashMap<Vec<u8>, (FileStamp, Arc<PatternList>)>,
}

impl IgnoreCache {
    /// The patterns of `file` (keyed by `key`), `None` when it does not exist, is unreadable or is
    /// not a regular file. `follow` is false for a `.gitignore` inside the worktree, which git
    /// refuses to read through a symlink.
    pub(crate) fn load(
        &mut self,
        key: &[u8],
        file: &Path,
        base: &[u8],
        follow: bool,
    ) -> Option<Arc<PatternList>> {
        let meta = if follow {
            std::fs::metadata(file)
        } else {
            std::fs::symlink_metadata(file)
        };
        let Ok(meta) = meta else {
            self.files.remove(key);
            return None;
        };
        let stamp = FileStamp::from_metadata(&meta);
        if let Some((cached, list)) = self.files.get(key) {
            if *cached == stamp {
                return Some(list.clone());
            }
        }
        let Ok(content) = regular_file::read_regular(file, follow) else {
            self.files.remove(key);
            return None;
        };
        let list = Arc::new(PatternList::parse(base, &content));
        // A file read in the tick it was written may change again without a new stamp.
        if stamp.is_racy() {
            self.files.remove(key);
        } else {
            self.files.insert(key.to_vec(), (stamp, list.clone()));
        }
        Some(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded(rules: &str, path: &str, is_dir: bool) -> bool {
        let globals = [Arc::new(PatternList::parse(b"", rules.as_bytes()))];
        IgnoreStack::new(&globals).is_excluded(path.as_bytes(), is_dir)
    }

    #[test]
    fn basename_patterns_match_at_any_depth() {
        assert!(excluded("*.log\n", "a/b/c.log", false));
        assert!(excluded("build\n", "x/build", true));
        assert!(!excluded("*.log\n", "a.txt", false));
    }

    #[test]
    fn slashes_anchor_and_trailing_slash_wants_a_directory() {
        assert!(excluded("/top\n", "top", false));
        assert!(!excluded("/top\n", "a/top", false));
        assert!(excluded("a/b\n", "a/b", false));
        assert!(!excluded("a/b\n", "x/a/b", false));
        assert!(excluded("out/\n", "out", true));
        assert!(!excluded("out/\n", "out", false));
    }

    #[test]
    fn last_match_wins_and_negation_reincludes() {
        assert!(!excluded("*.log\n!keep.log\n", "keep.log", false));
        assert!(excluded("!keep.log\n*.log\n", "keep.log", false));
    }

    #[test]
    fn comments_blank_lines_crlf_and_escaped_spaces() {
        assert!(!excluded("# a\n\n", "# a", false));
        assert!(excluded("\\#a\n", "#a", false));
        assert!(excluded("x.txt  \r\n", "x.txt", false));
        assert!(excluded("sp\\ \n", "sp ", false));
    }

    #[test]
    fn nested_lists_apply_below_their_directory_first() {
        let globals = [Arc::new(PatternList::parse(b"", b"*.tmp\n"))];
        let mut stack = IgnoreStack::new(&globals);
        stack.push(Arc::new(PatternList::parse(b"sub/", b"!keep.tmp\n/only\n")));
        assert!(!stack.is_excluded(b"sub/keep.tmp", false));
        assert!(stack.is_excluded(b"sub/other.tmp", false));
        assert!(stack.is_excluded(b"sub/only", false));
        assert!(!stack.is_excluded(b"sub/x/only", false));
    }
}
