//! git's own test for "this directory is a repository" (setup.c), in plain file-system
//! calls so the untracked walk can run it off the main thread.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// git's `is_nonbare_repository_dir`: `dir/.git` is a repository or a gitfile pointing to one.
pub(crate) fn is_nonbare_repository_dir(dir: &Path) -> bool {
    let dot_git = dir.join(".git");
    match fs::metadata(&dot_git) {
        Ok(meta) if meta.is_dir() => is_git_directory(&dot_git),
        Ok(_) => match fs::read(&dot_git) {
            Ok(content) => gitfile_target(&dot_git, &content).is_some_and(|t| is_git_directory(&t)),
            // git counts a gitfile it cannot open or read as a repository.
            Err(_) => true,
        },
        Err(error) => error.kind() == ErrorKind::PermissionDenied,
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
        return target.starts_with("refs");
    }
    let Ok(content) = fs::read(head) else {
        return false;
    };
    if let Some(rest) = content.strip_prefix(b"ref:") {
        let rest = rest.trim_ascii_start();
        return rest.starts_with(b"refs/");
    }
    content.len() >= 40 && content[..40].iter().all(u8::is_ascii_hexdigit)
}
