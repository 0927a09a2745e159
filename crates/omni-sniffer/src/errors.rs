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
    if let Some(what) = unsupported_by_libgit2(&cause) {
        return OmniError::git(
            GitErrorKind::UnsupportedRepository,
            format!(
                "the repository at {shown} is one git reads but libgit2 cannot: {what}. Use the ts \
                 backend, which runs git (the library's `auto` backend falls back to it by itself)"
            ),
        )
        .caused_by(cause);
    }
    match cause.code() {
        ErrorCode::NotFound => not_a_repository(path),
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

/// What libgit2 refuses of a repository format that git reads: SHA-256 object ids (`unknown
/// object format 'sha256'`), or a repository extension it does not know (`unsupported extension
/// name extensions.refstorage`). Its words are matched: the vendored libgit2 is pinned, and a
/// test opens a real SHA-256 repository.
fn unsupported_by_libgit2(cause: &git2::Error) -> Option<String> {
    if cause.class() != git2::ErrorClass::Repository {
        return None;
    }
    let message = cause.message();
    if message.starts_with("unknown object format") {
        return Some("its objects have SHA-256 ids (extensions.objectFormat)".to_string());
    }
    message
        .strip_prefix("unsupported extension name ")
        .map(|extension| format!("it uses the repository extension {extension}"))
}

/// git's discovery found no repository at or above `path`.
pub(crate) fn not_a_repository(path: &Path) -> OmniError {
    OmniError::git(
        GitErrorKind::NotARepository,
        format!(
            "{} is not inside a git repository: run `git init` there or pass a path inside a git worktree",
            path.display()
        ),
    )
}

/// The `.git` file git's discovery stopped at names no repository, or cannot be read.
pub(crate) fn broken_gitfile(path: &Path, gitfile: &Path) -> OmniError {
    OmniError::git(
        GitErrorKind::NotARepository,
        format!(
            "{} is not inside a git repository: {} does not point to one (was the repository moved or \
             deleted?). Repair that file (`git worktree repair` does it for a moved worktree) or remove it",
            path.display(),
            gitfile.display()
        ),
    )
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
    let message = match cause.kind() {
        io::ErrorKind::NotFound => format!(
            "{shown} does not exist: pass the directory of a git worktree (or one inside it)"
        ),
        io::ErrorKind::PermissionDenied => format!(
            "cannot read {shown}: permission denied: check that you may open that directory"
        ),
        kind => {
            format!("cannot read {shown}: {kind}: check that it exists and that you may read it")
        }
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

/// The index file exists but reading it failed (not a race: retrying would not help).
pub(crate) fn unreadable_index(index: &Path, cause: io::Error) -> OmniError {
    OmniError::git(
        GitErrorKind::Other,
        format!(
            "cannot read the index {}: {}: check that you may read it",
            index.display(),
            cause.kind()
        ),
    )
    .caused_by(cause)
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

/// A kept sniffer's worktree has been deleted, moved or locked since the sniffer opened it.
pub(crate) fn worktree_gone(root: &Path, shown: &str, cause: Option<io::Error>) -> OmniError {
    let worktree = format!("the worktree {} of {shown}", root.display());
    let message = match &cause {
        Some(cause) if cause.kind() != io::ErrorKind::NotFound => format!(
            "{worktree} cannot be read any more ({}): check its permissions",
            cause.kind()
        ),
        _ => format!(
            "{worktree} is gone: it was deleted or moved after this sniffer opened it; make a new sniffer"
        ),
    };
    let error = OmniError::file_system(message);
    match cause {
        Some(cause) => error.caused_by(cause),
        None => error,
    }
}
