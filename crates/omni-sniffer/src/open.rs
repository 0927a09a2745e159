//! Opening the repository a path lies in, with the contract's error codes.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use git2::{Repository, RepositoryOpenFlags};
use omni_types::OmniResult;

use crate::errors;

/// The repository found at or above `path`, and its worktree's symlink-resolved top level.
pub(crate) fn open(path: &Path) -> OmniResult<(Repository, PathBuf)> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(errors::not_a_directory(path)),
        Err(cause) => return Err(errors::unreadable(path, cause)),
    }
    // No FROM_ENV: inherited GIT_DIR, GIT_WORK_TREE, ... must never redirect a snapshot.
    let repo = Repository::open_ext(path, RepositoryOpenFlags::empty(), &[] as &[&OsStr])
        .map_err(|cause| errors::open(path, cause))?;
    let workdir = match repo.workdir() {
        Some(workdir) if !repo.is_bare() => workdir,
        _ => return Err(errors::bare(path)),
    };
    let root = workdir
        .canonicalize()
        .map_err(|cause| errors::unresolvable_worktree(workdir, path, cause))?;
    Ok((repo, root))
}
