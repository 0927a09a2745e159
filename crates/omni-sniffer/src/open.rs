//! Opening the repository a path lies in, with the contract's error codes.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use git2::{ConfigLevel, Repository, RepositoryOpenFlags};
use omni_types::OmniResult;

use crate::errors;
use crate::gitdir::{self, Discovery};

/// The repository found at or above `path`, and its worktree's symlink-resolved top level.
pub(crate) fn open(path: &Path) -> OmniResult<(Repository, PathBuf)> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(errors::not_a_directory(path)),
        Err(cause) => return Err(errors::unreadable(path, cause)),
    }
    // git walks up from the physical directory (its getcwd), not through symlinks.
    let start = path
        .canonicalize()
        .map_err(|cause| errors::unreadable(path, cause))?;
    // git's discovery, not libgit2's: libgit2 takes a `.git` whose HEAD is garbage for a
    // repository, where git passes it over and finds the one above.
    let discovery = gitdir::discover(&start).map_err(|cause| errors::unreadable(path, cause))?;
    let (found, bare) = match discovery {
        Discovery::Worktree(dir) => (dir, false),
        Discovery::Bare(dir) => (dir, true),
        Discovery::BrokenGitfile(gitfile) => return Err(errors::broken_gitfile(path, &gitfile)),
        Discovery::NotFound => return Err(errors::not_a_repository(path)),
    };
    let flags = if bare {
        RepositoryOpenFlags::NO_SEARCH | RepositoryOpenFlags::NO_DOTGIT
    } else {
        RepositoryOpenFlags::NO_SEARCH
    };
    // No FROM_ENV: inherited GIT_DIR, GIT_WORK_TREE, ... must never redirect a snapshot.
    // libgit2 still applies git's ownership check (safe.directory) to what it opens.
    let repo = Repository::open_ext(&found, flags, &[] as &[&OsStr])
        .map_err(|cause| errors::open(path, cause))?;
    // A git directory found as such (a bare repository, or a path inside some `.git`) has a
    // worktree only when its config names one (setup.c `setup_bare_git_dir`); libgit2 would
    // guess its parent folder.
    let workdir = match repo.workdir() {
        Some(workdir) if !repo.is_bare() && (!bare || names_worktree(&repo)) => workdir,
        _ => return Err(errors::bare(path)),
    };
    let root = workdir
        .canonicalize()
        .map_err(|cause| errors::unresolvable_worktree(workdir, path, cause))?;
    Ok((repo, root))
}

/// A kept sniffer's worktree must still be there: without it, every tracked file would read as
/// deleted (a linked worktree's git directory lives elsewhere and survives its removal).
pub(crate) fn check_worktree(root: &Path, shown: &str) -> OmniResult<()> {
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(errors::worktree_gone(root, shown, None)),
        Err(cause) => Err(errors::worktree_gone(root, shown, Some(cause))),
    }
}

/// The repository's own config sets `core.worktree`.
fn names_worktree(repo: &Repository) -> bool {
    repo.config()
        .and_then(|config| config.open_level(ConfigLevel::Local))
        .and_then(|local| local.get_path("core.worktree"))
        .is_ok()
}
