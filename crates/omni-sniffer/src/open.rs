//! Opening the repository a path lies in, with SPEC.md's error codes.

use std::ffi::OsStr;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use git2::{ErrorCode, Repository, RepositoryOpenFlags};
use omni_types::{GitErrorKind, OmniError, OmniResult};

/// The repository found at or above `path`, and its worktree's symlink-resolved top level.
pub(crate) fn open(path: &Path) -> OmniResult<(Repository, PathBuf)> {
    let shown = path.display();
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(OmniError::file_system(format!(
            "{shown} is not a directory: pass the directory of a git worktree (or one inside it)"
        )))
        }
        Err(error) if error.kind() == ErrorKind::NotFound => {
            return Err(OmniError::file_system(format!(
                "{shown} does not exist: pass the directory of a git worktree (or one inside it)"
            )))
        }
        Err(error) => {
            return Err(OmniError::file_system(format!(
                "cannot read {shown} ({error}): check that it exists and that you may read it"
            )))
        }
    }
    // No FROM_ENV: inherited GIT_DIR, GIT_WORK_TREE, ... must never redirect a snapshot.
    let repo = Repository::open_ext(path, RepositoryOpenFlags::empty(), &[] as &[&OsStr])
        .map_err(|error| open_error(path, &error))?;
    if repo.is_bare() {
        return Err(OmniError::git(
            GitErrorKind::BareRepository,
            format!("{shown} is a bare repository (it has no worktree): pass the path of a checked-out worktree"),
        ));
    }
    let workdir = repo.workdir().ok_or_else(|| {
        OmniError::git(
            GitErrorKind::BareRepository,
            format!("the repository at {shown} has no worktree: pass the path of a checked-out worktree"),
        )
    })?;
    let root = workdir.canonicalize().map_err(|error| {
        OmniError::file_system(format!(
            "cannot resolve the worktree {} of {shown} ({error}): check that it exists",
            workdir.display()
        ))
    })?;
    Ok((repo, root))
}

fn open_error(path: &Path, error: &git2::Error) -> OmniError {
    let shown = path.display();
    match error.code() {
        ErrorCode::NotFound => OmniError::git(
            GitErrorKind::NotARepository,
            format!("{shown} is not inside a git repository: run `git init` there or pass a path inside a git worktree"),
        ),
        ErrorCode::Owner => OmniError::git(
            GitErrorKind::UnsafeRepository,
            format!(
                "git refuses to read the repository at {shown}: it is owned by another user. \
                 If you trust it, run `git config --global --add safe.directory <its top level>`"
            ),
        ),
        _ => OmniError::git(
            GitErrorKind::Other,
            format!("cannot open the git repository at {shown}: {}; run `git status` there to see what git says", error.message()),
        ),
    }
}
