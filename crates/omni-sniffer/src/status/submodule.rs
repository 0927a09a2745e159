//! A submodule's worktree state, as git's `is_submodule_modified` and
//! `ce_compare_gitlink` see it: its HEAD against the recorded commit, then its own
//! status. git runs `git status` in the submodule; we run our own engine there.

use std::ffi::OsStr;
use std::path::Path;

use git2::{Oid, Repository, RepositoryOpenFlags};
use omni_types::UntrackedFiles;

use super::{collect, RecordKind, StatusCache};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SubmoduleState {
    /// Its HEAD is not the commit the index records (`C`).
    pub new_commits: bool,
    /// Tracked content changed (`M`).
    pub modified: bool,
    /// Untracked content (`U`).
    pub untracked: bool,
}

/// git's `resolve_gitlink_ref(dir, "HEAD")`: the commit checked out in the repository at `dir`.
pub(crate) fn head_of(dir: &Path) -> Option<Oid> {
    open(dir)?.refname_to_id("HEAD").ok()
}

fn open(dir: &Path) -> Option<Repository> {
    // NO_SEARCH: an empty directory must not be taken for the superproject above it.
    Repository::open_ext(dir, RepositoryOpenFlags::NO_SEARCH, &[] as &[&OsStr]).ok()
}

/// The state of the submodule checked out at `dir`; an unpopulated one is clean.
pub(crate) fn inspect(dir: &Path, recorded: Oid) -> SubmoduleState {
    let Some(repo) = open(dir) else {
        return SubmoduleState::default();
    };
    let head = repo.refname_to_id("HEAD").ok();
    let new_commits = head.is_some_and(|head| head != recorded);
    // `--ignore-submodules=none` counts untracked content even under `-uno`.
    let mode = UntrackedFiles::Normal;
    let records = match collect(&repo, dir, mode, head, &mut StatusCache::default(), || ()) {
        Ok((records, ())) => records,
        // git would fail the whole status here; an unreadable submodule counts as modified.
        Err(_) => {
            return SubmoduleState {
                new_commits,
                modified: true,
                untracked: false,
            }
        }
    };
    let mut state = SubmoduleState {
        new_commits,
        ..SubmoduleState::default()
    };
    for record in &records {
        match &record.kind {
            RecordKind::Untracked => state.untracked = true,
            RecordKind::Unmerged { .. } => state.modified = true,
            RecordKind::Ordinary { sub, .. } => {
                // A nested submodule with only untracked content makes this one untracked, not modified.
                if sub[0] == b'S' && sub[3] == b'U' {
                    state.untracked = true;
                }
                if sub != b"S..U" {
                    state.modified = true;
                }
            }
        }
    }
    state
}
