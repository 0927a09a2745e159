//! git's own tests for "this directory is a repository" (setup.c), in plain file-system
//! calls: the discovery of the repository a path lies in, and the untracked walk's check for
//! a nested repository (which runs off the main thread).

use std::fs;
use std::io::{self, ErrorKind, Read};
use std::path::{Path, PathBuf};

use crate::platform;

/// What git's discovery found for a path.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Discovery {
    /// `dir/.git` is a repository, or a gitfile naming one: `dir` is the worktree's top level.
    Worktree(PathBuf),
    /// `dir` itself is a repository.
    Bare(PathBuf),
    /// This `.git` file names no repository (or cannot be read): git stops there.
    BrokenGitfile(PathBuf),
    NotFound,
}

/// git's discovery (`setup_git_directory_gently`) from `start`, an absolute, symlink-resolved
/// directory: in each directory upwards, `.git` first, then the directory itself as a bare
/// repository. A `.git` that fails git's test (a HEAD that is no ref and no object id, say) is
/// passed over and the search goes on upwards; a gitfile naming no repository stops it, and so
/// does another file system, as in git (GIT_DISCOVERY_ACROSS_FILESYSTEM unset: never read here).
/// Fails only when `start` cannot be searched: git cannot even enter it.
pub(crate) fn discover(start: &Path) -> io::Result<Discovery> {
    let device = platform::device(&fs::metadata(start)?);
    let mut dir = start;
    loop {
        match dot_git(dir) {
            DotGit::Repository => return Ok(Discovery::Worktree(dir.to_path_buf())),
            DotGit::BrokenGitfile | DotGit::UnreadableGitfile => {
                return Ok(Discovery::BrokenGitfile(dir.join(".git")))
            }
            DotGit::Unsearchable(cause) if dir == start => return Err(cause),
            DotGit::Unsearchable(_) | DotGit::None => {}
        }
        if is_git_directory(dir) {
            return Ok(Discovery::Bare(dir.to_path_buf()));
        }
        let Some(parent) = dir.parent() else {
            return Ok(Discovery::NotFound);
        };
        if !fs::metadata(parent).is_ok_and(|meta| platform::device(&meta) == device) {
            return Ok(Discovery::NotFound);
        }
        dir = parent;
    }
}

/// git's `is_nonbare_repository_dir`: `dir/.git` is a repository or a gitfile pointing to one.
/// A `.git` that cannot even be looked up (an unreadable `dir`) is none: git's stat fails there.
pub(crate) fn is_nonbare_repository_dir(dir: &Path) -> bool {
    dot_git(dir).is_nonbare_repository()
}

/// What `dir/.git` is, by git's `read_gitfile_gently` and `is_git_directory`.
#[derive(Debug)]
enum DotGit {
    Repository,
    BrokenGitfile,
    UnreadableGitfile,
    /// `dir` may not be searched, so `.git` cannot be looked up.
    Unsearchable(io::Error),
    /// Nothing git takes for a repository: no `.git`, or one that fails git's test.
    None,
}

impl DotGit {
    fn is_nonbare_repository(&self) -> bool {
        // git counts a gitfile it cannot open or read as a repository.
        matches!(self, DotGit::Repository | DotGit::UnreadableGitfile)
    }
}

fn dot_git(dir: &Path) -> DotGit {
    let dot_git = dir.join(".git");
    classify(&dot_git, fs::metadata(&dot_git))
}

fn classify(dot_git: &Path, stat: io::Result<fs::Metadata>) -> DotGit {
    match stat {
        Err(error) if error.kind() == ErrorKind::PermissionDenied => DotGit::Unsearchable(error),
        Err(_) => DotGit::None,
        Ok(meta) if !meta.is_file() => {
            if is_git_directory(dot_git) {
                DotGit::Repository
            } else {
                DotGit::None
            }
        }
        Ok(_) => match fs::read(dot_git) {
            Ok(content) => match gitfile_target(dot_git, &content) {
                Some(target) if is_git_directory(&target) => DotGit::Repository,
                _ => DotGit::BrokenGitfile,
            },
            Err(_) => DotGit::UnreadableGitfile,
        },
    }
}

/// The directory a `gitdir: <path>` file names, relative to the file's own directory.
fn gitfile_target(gitfile: &Path, content: &[u8]) -> Option<PathBuf> {
    let text = std::str::from_utf8(content).ok()?;
    let target = text
        .strip_prefix("gitdir: ")?
        .trim_end_matches(['\n', '\r']);
    if target.is_empty() {
        return None;
    }
    let target = Path::new(target);
    Some(match gitfile.parent() {
        Some(parent) if target.is_relative() => parent.join(target),
        _ => target.to_path_buf(),
    })
}

/// git's `is_git_directory`: a valid HEAD, and `objects/` and `refs/` in the common dir.
fn is_git_directory(dir: &Path) -> bool {
    if !valid_head(&dir.join("HEAD")) {
        return false;
    }
    let common = match fs::read_to_string(dir.join("commondir")) {
        Ok(text) => {
            let common = Path::new(text.trim_end_matches(['\n', '\r']));
            if common.is_relative() {
                dir.join(common)
            } else {
                common.to_path_buf()
            }
        }
        Err(_) => dir.to_path_buf(),
    };
    common.join("objects").is_dir() && common.join("refs").is_dir()
}

/// git's `validate_headref`: a symbolic ref into `refs/`, or a detached object id.
fn valid_head(head: &Path) -> bool {
    if let Ok(target) = fs::read_link(head) {
        return target.as_os_str().as_encoded_bytes().starts_with(b"refs/");
    }
    // git reads no more than this: a HEAD is a short line.
    let mut content = Vec::new();
    let read = fs::File::open(head).and_then(|file| file.take(255).read_to_end(&mut content));
    if read.is_err() {
        return false;
    }
    if let Some(rest) = content.strip_prefix(b"ref:") {
        let rest = rest.trim_ascii_start();
        return rest.starts_with(b"refs/");
    }
    content.len() >= 40 && content[..40].iter().all(u8::is_ascii_hexdigit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TempDir;

    /// A minimal repository layout that passes git's test, with `head` as HEAD's content.
    fn git_dir(dir: &Path, head: &str) {
        for sub in ["objects", "refs"] {
            fs::create_dir_all(dir.join(sub)).unwrap();
        }
        fs::write(dir.join("HEAD"), head).unwrap();
    }

    #[test]
    fn a_dot_git_that_cannot_be_looked_up_is_no_nested_repository() {
        // As git's stat in read_gitfile_gently fails: the directory is walked (and found
        // unreadable) instead of being listed as `dir/`. Root reads anything, so the failed
        // lookup is handed in rather than made.
        let denied = classify(
            Path::new("/locked/.git"),
            Err(io::Error::from(ErrorKind::PermissionDenied)),
        );
        assert!(matches!(denied, DotGit::Unsearchable(_)));
        assert!(!denied.is_nonbare_repository());
    }

    #[test]
    fn discovery_passes_over_a_dot_git_whose_head_is_garbage() {
        let temp = TempDir::new("omni-gitdir-garbage");
        let outer = temp.canonicalize().unwrap();
        git_dir(&outer.join(".git"), "ref: refs/heads/main\n");
        let inner = outer.join("inner");
        git_dir(&inner.join(".git"), "garbage\n");
        assert!(!is_nonbare_repository_dir(&inner));
        assert_eq!(
            discover(&inner).unwrap(),
            Discovery::Worktree(outer.clone())
        );

        fs::write(inner.join(".git/HEAD"), "ref: refs/heads/../../config\n").unwrap();
        // git's test looks at the prefix only; resolving the ref is status's business.
        assert_eq!(
            discover(&inner).unwrap(),
            Discovery::Worktree(inner.clone())
        );
    }

    #[test]
    fn discovery_stops_at_a_gitfile_that_names_no_repository() {
        let temp = TempDir::new("omni-gitdir-gitfile");
        let outer = temp.canonicalize().unwrap();
        git_dir(&outer.join(".git"), "ref: refs/heads/main\n");
        let moved = outer.join("moved");
        fs::create_dir_all(&moved).unwrap();
        fs::write(moved.join(".git"), "gitdir: ../nowhere\n").unwrap();
        assert_eq!(
            discover(&moved).unwrap(),
            Discovery::BrokenGitfile(moved.join(".git"))
        );
        assert!(!is_nonbare_repository_dir(&moved));
    }

    #[test]
    fn discovery_finds_a_bare_repository_and_reports_none_above_the_root() {
        let temp = TempDir::new("omni-gitdir-bare");
        let bare = temp.canonicalize().unwrap().join("bare.git");
        git_dir(&bare, "ref: refs/heads/main\n");
        assert_eq!(discover(&bare).unwrap(), Discovery::Bare(bare.clone()));
        git_dir(&bare, "0123456789abcdef0123456789abcdef0123456\n");
        // One hex digit short of an object id: no repository, and none above the temp dir.
        assert_eq!(discover(&bare).unwrap(), Discovery::NotFound);
    }
}
