//! Every error the core makes, one constructor each: the message names the path and says what to
//! do; the failure underneath (git2's, the file system's) stays attached as the error's `source()`.

use std::io;
use std::path::Path;

use git2::ErrorCode;
use omni_types::{GitErrorKind, OmniError};

/// What to tell a user after a git failure that git itself can explain better.
const ASK_GIT: &str = "run `git status` there to see what git says";

/// A read of the repository through git2 failed: `what` says what was being read.
pub(crate) fn git(what: impl std::fmt::Display, cause: git2::Error) -> OmniError {
    OmniError::git(GitErrorKind::Other, format!("{what}: {ASK_GIT}")).caused_by(cause)
}

/// The repository is malformed in a way git2 did not notice (no git2 error to attach).
pub(crate) fn malformed(what: impl std::fmt::Display) -> OmniError {
    OmniError::git(GitErrorKind::Other, format!("{what}: {ASK_GIT}"))
}

/// git2 could not open the repository at or above `path`.
pub(crate) fn open(path: &Path, cause: git2::Error) -> OmniError {
    let shown = path.display();
    match cause.code() {
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
            format!("cannot open the git repository at {shown}: {ASK_GIT}"),
        ),
    }
    .caused_by(cause)
}

pub(crate) fn bare(path: &Path) -> OmniError {
    OmniError::git(
        GitErrorKind::BareRepository,
        format!(
            "{} is a bare repository (it has no worktree): pass the path of a checked-out worktree",
            path.display()
        ),
    )
}

pub(crate) fn not_a_directory(path: &Path) -> OmniError {
    OmniError::file_system(format!(
        "{} is not a directory: pass the directory of a git worktree (or one inside it)",
        path.display()
    ))
}

/// `path` (the caller's, or a worktree found from it) cannot be read.
pub(crate) fn unreadable(path: &Path, cause: io::Error) -> OmniError {
    let shown = path.display();
    let message = if cause.kind() == io::ErrorKind::NotFound {
        format!("{shown} does not exist: pass the directory of a git worktree (or one inside it)")
    } else {
        format!("cannot read {shown}: check that it exists and that you may read it")
    };
    OmniError::file_system(message).caused_by(cause)
}

/// The index file is not one git would accept.
pub(crate) fn corrupt_index(index: &Path, what: &str) -> OmniError {
    malformed(format_args!(
        "cannot read the index {}: {what}",
        index.display()
    ))
}

/// The index file was replaced under every attempt to read it.
pub(crate) fn index_kept_changing(index: &Path) -> OmniError {
    OmniError::git(
        GitErrorKind::Other,
        format!(
            "the index {} kept changing while it was read: retry when no other git command is writing it",
            index.display()
        ),
    )
}

/// The worktree that the repository names cannot be resolved to a real folder.
pub(crate) fn unresolvable_worktree(worktree: &Path, opened: &Path, cause: io::Error) -> OmniError {
    OmniError::file_system(format!(
        "cannot resolve the worktree {} of {}: check that it exists",
        worktree.display(),
        opened.display()
    ))
    .caused_by(cause)
}
