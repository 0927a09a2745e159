//! The attributes that decide how git cleans a file before hashing it (`text`, `crlf`, `eol`,
//! `ident`), resolved as attr.c does for the check-in direction: `info/attributes` first, then
//! the `.gitattributes` of the file's folder and of each folder above it (deepest first; a file
//! missing from the worktree is read from the index), then `core.attributesFile`, then the
//! system file; within a file the last matching line wins; a macro set on a path (`binary`, or
//! one a top-level file defines) sets what it stands for.
//!
//! Our own rather than libgit2's `git_attr_get`: that one looks each attribute of each path up
//! through its cache, checking every file on the way, so a stat-dirty tree with one
//! `.gitattributes` cost 600 ms per snapshot of 5,000 files. Here each file is parsed once per
//! stamp and each folder's stack is built once per snapshot.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use git2::{Oid, Repository};

use super::convert::{Conversion, CrlfAction};
use super::ignore::{parse_pattern, Pattern};
use super::settings::AutoCrlf;
use super::stamp::FileStamp;
use crate::{paths, regular_file};

/// git ignores longer lines (attr.c, `ATTR_MAX_LINE_LENGTH`, since 2.39.1).
const MAX_LINE: usize = 2048;
/// git ignores larger files (attr.c, `ATTR_MAX_FILE_SIZE`).
const MAX_FILE: u64 = 100 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// `!name`: back to unspecified, whatever a file of lower precedence says.
    Unspecified,
    Set,
    Unset,
    Value(Box<[u8]>),
}

type Assignments = Vec<(Box<[u8]>, State)>;

enum Line {
    Rule(Pattern, Assignments),
    Macro(Box<[u8]>, Assignments),
}

/// One attributes file, parsed; `base` is its folder (`dir/` or empty).
pub(crate) struct AttrFile {
    base: Vec<u8>,
    lines: Vec<Line>,
}

impl AttrFile {
    /// `macros`: whether `[attr]` lines count (top-level and repository-wide files only).
    fn parse(base: &[u8], content: &[u8], macros: bool) -> Self {
        let content = content.strip_prefix(b"\xef\xbb\xbf").unwrap_or(content);
        let lines = content
            .split(|&b| b == b'\n')
            .filter(|line| line.len() < MAX_LINE)
            .filter_map(|line| parse_line(line, macros))
            .collect();
        AttrFile {
            base: base.to_vec(),
            lines,
        }
    }
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn skip_blank(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&b| !is_blank(b)).unwrap_or(s.len());
    &s[start..]
}

/// Splits at the first blank: (word, rest).
fn word(s: &[u8]) -> (&[u8], &[u8]) {
    let end = s.iter().position(|&b| is_blank(b)).unwrap_or(s.len());
    s.split_at(end)
}

fn parse_line(line: &[u8], macros: bool) -> Option<Line> {
    let line = skip_blank(line);
    if line.is_empty() || line[0] == b'#' {
        return None;
    }
    let (name, rest): (Vec<u8>, &[u8]) = if line[0] == b'"' {
        unquote(line)?
    } else {
        let (name, rest) = word(line);
        (name.to_vec(), rest)
    };
    if let Some(macro_name) = name.strip_prefix(b"[attr]").filter(|n| !n.is_empty()) {
        // attr.c: a macro in a folder's file is refused with a warning, and its line ignored.
        if !macros || !valid_name(macro_name) {
            return None;
        }
        return Some(Line::Macro(macro_name.into(), assignments(rest)?));
    }
    let pattern = parse_pattern(&name)?;
    // Negative patterns are refused by git ("not allowed"); the line is ignored.
    if pattern.negative {
        return None;
    }
    Some(Line::Rule(pattern, assignments(rest)?))
}

/// The `name`, `-name`, `!name`, `name=value` list; one invalid name voids the whole line, as in git.
fn assignments(mut rest: &[u8]) -> Option<Assignments> {
    let mut out = Vec::new();
    loop {
        rest = skip_blank(rest);
        if rest.is_empty() {
            return Some(out);
        }
        let (item, after) = word(rest);
        rest = after;
        let (key, value) = match item.iter().position(|&b| b == b'=') {
            Some(eq) => (&item[..eq], Some(&item[eq + 1..])),
            None => (item, None),
        };
        let (key, state) = match (key.first(), value) {
            (_, Some(value)) => (key, State::Value(value.into())),
            (Some(b'-'), None) => (&key[1..], State::Unset),
            (Some(b'!'), None) => (&key[1..], State::Unspecified),
            _ => (key, State::Set),
        };
        if !valid_name(key) {
            return None;
        }
        out.push((key.into(), state));
    }
}

/// attr.c's `attr_name_valid`: letters, digits, `-`, `.`, `_`, not starting with `-`.
fn valid_name(name: &[u8]) -> bool {
    !name.is_empty()
        && name[0] != b'-'
        && name
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
}

/// A C-quoted pattern (`"a b.txt" text`): the unquoted bytes and what follows the closing quote.
fn unquote(line: &[u8]) -> Option<(Vec<u8>, &[u8])> {
    let mut out = Vec::new();
    let mut i = 1;
    while i < line.len() {
        match line[i] {
            b'"' => return Some((out, &line[i + 1..])),
            b'\\' => {
                let c = *line.get(i + 1)?;
                i += 2;
                let byte = match c {
                    b'a' => 7,
                    b'b' => 8,
                    b'f' => 12,
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'v' => 11,
                    b'\\' | b'"' => c,
                    b'0'..=b'3' => {
                        let digits = line.get(i..i + 2)?;
                        if !digits.iter().all(|d| (b'0'..=b'7').contains(d)) {
                            return None;
                        }
                        i += 2;
                        ((c - b'0') << 6) | ((digits[0] - b'0') << 3) | (digits[1] - b'0')
                    }
                    _ => return None,
                };
                out.push(byte);
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    None
}

/// The files in force for one folder, highest precedence first.
type Stack = Arc<[Arc<AttrFile>]>;

/// Parsed files kept between snapshots, each trusted while its stamp (or, read from the index,
/// its blob id) is unchanged.
#[derive(Default)]
pub(crate) struct AttrCache {
    files: HashMap<PathBuf, (FileStamp, Arc<AttrFile>)>,
    blobs: HashMap<Oid, Arc<AttrFile>>,
}

/// The check-in conversion of paths in one worktree, for one snapshot.
pub(crate) struct Attributes<'a> {
    repo: &'a Repository,
    root: &'a Path,
    autocrlf: AutoCrlf,
    /// The index version of a `.gitattributes` missing from the worktree, by path.
    tracked: HashMap<&'a [u8], Oid>,
    /// `info/attributes`, and after the folders: `core.attributesFile`, the system file and the
    /// built-in `binary` macro.
    first: Vec<Arc<AttrFile>>,
    last: Vec<Arc<AttrFile>>,
    stacks: HashMap<Vec<u8>, Stack>,
    cache: &'a mut AttrCache,
}

impl<'a> Attributes<'a> {
    pub(crate) fn new(
        repo: &'a Repository,
        root: &'a Path,
        autocrlf: AutoCrlf,
        attributes_file: Option<&Path>,
        tracked: impl Iterator<Item = (&'a [u8], Oid)>,
        cache: &'a mut AttrCache,
    ) -> Self {
        let mut attributes = Attributes {
            repo,
            root,
            autocrlf,
            tracked: tracked
                .filter(|(path, _)| {
                    *path == b".gitattributes" || path.ends_with(b"/.gitattributes")
                })
                .collect(),
            first: Vec::new(),
            last: Vec::new(),
            stacks: HashMap::new(),
            cache,
        };
        let info = repo.commondir().join("info/attributes");
        let info = attributes.load_file(&info);
        attributes.first.extend(info);
        let global = attributes_file.and_then(|file| attributes.load_file(file));
        let system = attributes.load_file(Path::new("/etc/gitattributes"));
        attributes.last.extend(global.into_iter().chain(system));
        attributes.last.push(Arc::new(AttrFile::parse(
            b"",
            b"[attr]binary -diff -merge -text\n",
            true,
        )));
        attributes
    }

    /// How git cleans the content of `path` (a tracked file) before hashing it.
    pub(crate) fn conversion(&mut self, path: &[u8]) -> Conversion {
        self.resolve(path, &CONVERSION).conversion(self.autocrlf)
    }

    /// What the `diff` attribute of `path` says.
    pub(crate) fn diff(&mut self, path: &[u8]) -> DiffAttribute {
        match self.resolve(path, &[b"diff"]).get(b"diff") {
            Some(State::Set) => DiffAttribute::Text,
            Some(State::Unset) => DiffAttribute::Binary,
            Some(State::Value(driver)) => DiffAttribute::Driver(driver.to_vec()),
            Some(State::Unspecified) | None => DiffAttribute::Unspecified,
        }
    }

    /// The attributes `wanted` of `path`, every file in force consulted.
    fn resolve(&mut self, path: &[u8], wanted: &'static [&'static [u8]]) -> Resolution {
        let (dir, basename) = match path.iter().rposition(|&b| b == b'/') {
            Some(slash) => (&path[..slash], &path[slash + 1..]),
            None => (&path[..0], path),
        };
        let stack = self.stack(dir);
        let files = self
            .first
            .iter()
            .chain(stack.iter())
            .chain(self.last.iter());
        let mut out = Resolution::new(wanted);
        resolve(files, path, basename, &mut out);
        out
    }

    /// The folder files for `dir` (no trailing slash), deepest first.
    fn stack(&mut self, dir: &[u8]) -> Stack {
        if let Some(stack) = self.stacks.get(dir) {
            return stack.clone();
        }
        let parent: Vec<Arc<AttrFile>> = match dir.iter().rposition(|&b| b == b'/') {
            Some(slash) => self.stack(&dir[..slash]).to_vec(),
            None if dir.is_empty() => Vec::new(),
            None => self.stack(b"").to_vec(),
        };
        let (file, base) = if dir.is_empty() {
            (b".gitattributes".to_vec(), Vec::new())
        } else {
            ([dir, b"/.gitattributes"].concat(), [dir, b"/"].concat())
        };
        let own = self.load_folder_file(&file, &base, dir.is_empty());
        let stack: Stack = own.into_iter().chain(parent).collect();
        self.stacks.insert(dir.to_vec(), stack.clone());
        stack
    }

    /// A folder's `.gitattributes`: the worktree's (never through a symlink, as git reads it
    /// since 2.32), else the index's.
    fn load_folder_file(&mut self, file: &[u8], base: &[u8], top: bool) -> Option<Arc<AttrFile>> {
        let on_disk = paths::join(self.root, file);
        let meta = std::fs::symlink_metadata(&on_disk);
        if let Ok(meta) = meta {
            let stamp = FileStamp::from_metadata(&meta);
            if let Some((known, parsed)) = self.cache.files.get(&on_disk) {
                if *known == stamp {
                    return Some(parsed.clone());
                }
            }
            if !meta.is_file() || meta.len() > MAX_FILE {
                return None;
            }
            let content = regular_file::read_regular(&on_disk, false).ok()?;
            let parsed = Arc::new(AttrFile::parse(base, &content, top));
            // A file read in the tick it was written may change again without a new stamp.
            if !stamp.is_racy() {
                self.cache.files.insert(on_disk, (stamp, parsed.clone()));
            }
            return Some(parsed);
        }
        let oid = *self.tracked.get(file)?;
        if let Some(parsed) = self.cache.blobs.get(&oid) {
            return Some(parsed.clone());
        }
        let blob = self.repo.find_blob(oid).ok()?;
        if blob.size() as u64 > MAX_FILE {
            return None;
        }
        let parsed = Arc::new(AttrFile::parse(base, blob.content(), top));
        self.cache.blobs.insert(oid, parsed.clone());
        Some(parsed)
    }

    /// A repository-wide file (symlinks followed, as git does for these; macros allowed).
    fn load_file(&mut self, path: &Path) -> Option<Arc<AttrFile>> {
        let meta = std::fs::metadata(path).ok()?;
        let stamp = FileStamp::from_metadata(&meta);
        if let Some((known, parsed)) = self.cache.files.get(path) {
            if *known == stamp {
                return Some(parsed.clone());
            }
        }
        if meta.len() > MAX_FILE {
            return None;
        }
        let content = regular_file::read_regular(path, true).ok()?;
        let parsed = Arc::new(AttrFile::parse(b"", &content, true));
        if !stamp.is_racy() {
            self.cache
                .files
                .insert(path.to_path_buf(), (stamp, parsed.clone()));
        }
        Some(parsed)
    }
}

/// The attributes of git's check-in conversion.
const CONVERSION: [&[u8]; 4] = [b"text", b"crlf", b"eol", b"ident"];

/// The `diff` attribute: text or binary forced, a driver named, or nothing said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DiffAttribute {
    Text,
    Binary,
    Driver(Vec<u8>),
    Unspecified,
}

/// What has been decided so far for one path: every attribute a rule or macro touched (macros
/// may name any), first decision winning.
struct Resolution {
    decided: HashMap<Box<[u8]>, State>,
    /// The attributes asked for: the walk stops once each is decided.
    wanted: &'static [&'static [u8]],
}

impl Resolution {
    fn new(wanted: &'static [&'static [u8]]) -> Self {
        Resolution {
            decided: HashMap::new(),
            wanted,
        }
    }

    fn done(&self) -> bool {
        self.wanted
            .iter()
            .all(|name| self.decided.contains_key(*name))
    }

    fn get(&self, name: &[u8]) -> Option<&State> {
        self.decided.get(name)
    }

    /// git's `convert_attrs`, check-in side.
    fn conversion(&self, autocrlf: AutoCrlf) -> Conversion {
        let classify = |state: Option<&State>| match state {
            Some(State::Set) => Some(CrlfAction::Text),
            Some(State::Unset) => Some(CrlfAction::Binary),
            Some(State::Value(v)) if &**v == b"input" => Some(CrlfAction::Text),
            Some(State::Value(v)) if &**v == b"auto" => Some(CrlfAction::Auto),
            _ => None,
        };
        let mut crlf = classify(self.get(b"text")).or_else(|| classify(self.get(b"crlf")));
        if crlf != Some(CrlfAction::Binary) {
            // An `eol` attribute makes the path text (keeping `auto` as auto).
            let eol = matches!(self.get(b"eol"), Some(State::Value(v)) if &**v == b"lf" || &**v == b"crlf");
            if eol && crlf != Some(CrlfAction::Auto) {
                crlf = Some(CrlfAction::Text);
            }
        }
        let crlf = crlf.unwrap_or(match autocrlf {
            AutoCrlf::False => CrlfAction::Binary,
            AutoCrlf::True | AutoCrlf::Input => CrlfAction::Auto,
        });
        Conversion {
            crlf,
            ident: self.get(b"ident") == Some(&State::Set),
        }
    }
}

/// attr.c's `fill` over `files` (highest precedence first): each file's lines from the last,
/// each line's assignments from the last, an attribute taking the first state it meets; a macro
/// that becomes set expands on the spot. Macros are the highest-precedence definition of each name.
fn resolve<'f>(
    files: impl Iterator<Item = &'f Arc<AttrFile>> + Clone,
    path: &[u8],
    basename: &[u8],
    out: &mut Resolution,
) {
    let mut macros: HashMap<&[u8], &Assignments> = HashMap::new();
    for file in files.clone() {
        for line in file.lines.iter().rev() {
            if let Line::Macro(name, assignments) = line {
                macros.entry(name).or_insert(assignments);
            }
        }
    }
    for file in files {
        for line in file.lines.iter().rev() {
            let Line::Rule(pattern, assignments) = line else {
                continue;
            };
            // Attributes describe files: a pattern that wants a folder never matches one.
            if pattern.must_be_dir || !pattern.matches(&file.base, path, basename) {
                continue;
            }
            fill(assignments, &macros, out);
            if out.done() {
                return;
            }
        }
    }
}

fn fill(assignments: &Assignments, macros: &HashMap<&[u8], &Assignments>, out: &mut Resolution) {
    for (name, state) in assignments.iter().rev() {
        if out.decided.contains_key(name) {
            continue;
        }
        out.decided.insert(name.clone(), state.clone());
        if *state == State::Set {
            if let Some(expansion) = macros.get(&**name) {
                fill(expansion, macros, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conversion_of(files: &[(&str, &str)], path: &str, autocrlf: AutoCrlf) -> Conversion {
        // As `Attributes::stack` does: only the files of the path's own folders.
        let mut parsed: Vec<Arc<AttrFile>> = files
            .iter()
            .filter(|(base, _)| path.starts_with(base))
            .map(|(base, text)| {
                Arc::new(AttrFile::parse(
                    base.as_bytes(),
                    text.as_bytes(),
                    base.is_empty(),
                ))
            })
            .collect();
        parsed.push(Arc::new(AttrFile::parse(
            b"",
            b"[attr]binary -diff -merge -text\n",
            true,
        )));
        let basename = path.rsplit('/').next().unwrap();
        let mut out = Resolution::new(&CONVERSION);
        resolve(
            parsed.iter(),
            path.as_bytes(),
            basename.as_bytes(),
            &mut out,
        );
        out.conversion(autocrlf)
    }

    fn crlf(files: &[(&str, &str)], path: &str) -> CrlfAction {
        conversion_of(files, path, AutoCrlf::False).crlf
    }

    #[test]
    fn text_auto_eol_and_binary_decide_the_action() {
        let top = [("", "* text=auto\n*.sh text eol=lf\n*.png binary\n")];
        assert_eq!(crlf(&top, "a/b.txt"), CrlfAction::Auto);
        assert_eq!(crlf(&top, "run.sh"), CrlfAction::Text);
        assert_eq!(crlf(&top, "img/x.png"), CrlfAction::Binary);
        assert_eq!(crlf(&[], "x.txt"), CrlfAction::Binary);
        assert_eq!(
            conversion_of(&[], "x.txt", AutoCrlf::True).crlf,
            CrlfAction::Auto
        );
    }

    #[test]
    fn deeper_files_and_later_lines_win_and_bang_resets() {
        let files = [("sub/", "*.txt -text\n"), ("", "*.txt text\n")];
        assert_eq!(crlf(&files, "sub/a.txt"), CrlfAction::Binary);
        assert_eq!(crlf(&files, "a.txt"), CrlfAction::Text);
        assert_eq!(
            crlf(&[("", "*.txt text\n*.txt -text\n")], "a.txt"),
            CrlfAction::Binary
        );
        // `!text` in the deeper file hides the top-level `text`: unspecified, so binary by default.
        assert_eq!(
            crlf(&[("sub/", "* !text\n"), ("", "* text\n")], "sub/a"),
            CrlfAction::Binary
        );
    }

    #[test]
    fn macros_expand_only_when_set_and_only_from_top_level_files() {
        let top = [("", "[attr]mytext text ident\n*.c mytext\n*.h -mytext\n")];
        assert_eq!(
            conversion_of(&top, "a.c", AutoCrlf::False),
            Conversion {
                crlf: CrlfAction::Text,
                ident: true
            }
        );
        assert_eq!(crlf(&top, "a.h"), CrlfAction::Binary);
        let nested = [("sub/", "[attr]mytext text\n*.c mytext\n")];
        assert_eq!(crlf(&nested, "sub/a.c"), CrlfAction::Binary);
    }

    #[test]
    fn anchored_patterns_match_below_their_folder_only() {
        let files = [("sub/", "/a.txt text\nx/*.md text\n")];
        assert_eq!(crlf(&files, "sub/a.txt"), CrlfAction::Text);
        assert_eq!(crlf(&files, "sub/y/a.txt"), CrlfAction::Binary);
        assert_eq!(crlf(&files, "sub/x/r.md"), CrlfAction::Text);
        assert_eq!(crlf(&files, "x/r.md"), CrlfAction::Binary);
    }

    #[test]
    fn bad_lines_are_ignored_whole() {
        // A negative pattern, a folder pattern, an invalid attribute name, a macro in a folder file.
        let files = [("", "!*.txt text\nd/ text\n*.txt text -bad! \n")];
        assert_eq!(crlf(&files, "a.txt"), CrlfAction::Binary);
        assert_eq!(crlf(&files, "d"), CrlfAction::Binary);
        assert_eq!(
            crlf(&[("", "\"a b.txt\" text\n")], "a b.txt"),
            CrlfAction::Text
        );
        assert_eq!(
            crlf(&[("", "\"a\\040c.txt\" text\n")], "a c.txt"),
            CrlfAction::Text
        );
    }
}
