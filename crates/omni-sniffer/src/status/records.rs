//! Porcelain v2 records, put together from the three comparisons.

use std::collections::HashMap;

use super::index::{Entry, MODE_GITLINK, MODE_TYPE};
use super::staged::StagedChange;
use super::submodule::SubmoduleState;

/// One porcelain v2 record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub path: Vec<u8>,
    pub kind: RecordKind,
    /// Set by rename detection: the record is type `2`.
    pub rename: Option<Renamed>,
}

/// A type `2` record's `origPath` and score (0 to 100).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Renamed {
    pub from: Vec<u8>,
    pub score: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RecordKind {
    /// Type `1`: X (HEAD vs index), Y (index vs worktree) and the `sub` field.
    Ordinary { x: u8, y: u8, sub: [u8; 4] },
    /// Type `u`: a conflicted path.
    Unmerged { x: u8, y: u8, sub: [u8; 4] },
    /// Type `?`.
    Untracked,
}

/// What the worktree side says about one tracked path.
pub(crate) struct WorktreeChange {
    /// The Y letter.
    pub y: u8,
    pub submodule: Option<SubmoduleState>,
    /// The path is a gitlink in the index or, for a type change, in the worktree.
    pub gitlink: bool,
}

/// The records of one status: staged and worktree changes of a path merged into one
/// `1` record, then the `u` and `?` records.
pub(crate) fn assemble(
    entries: &[Entry],
    staged: Vec<StagedChange<'_>>,
    mut worktree_changes: HashMap<&[u8], WorktreeChange>,
    untracked: Vec<Vec<u8>>,
) -> Vec<Record> {
    let is_gitlink = |mode: u32| mode & MODE_TYPE == MODE_GITLINK;
    let mut records = Vec::new();
    for change in staged {
        let worktree = worktree_changes.remove(&*change.path);
        let gitlink = is_gitlink(change.head_mode)
            || is_gitlink(change.index_mode)
            || worktree.as_ref().is_some_and(|w| w.gitlink);
        let (y, state) = worktree.map_or((b'.', None), |w| (w.y, w.submodule));
        records.push(Record {
            path: change.path.into_owned(),
            kind: RecordKind::Ordinary {
                x: change.status,
                y,
                sub: sub_field(gitlink, state),
            },
            rename: None,
        });
    }
    for (path, change) in worktree_changes {
        records.push(Record {
            path: path.to_vec(),
            kind: RecordKind::Ordinary {
                x: b'.',
                y: change.y,
                sub: sub_field(change.gitlink, change.submodule),
            },
            rename: None,
        });
    }
    records.extend(unmerged(entries));
    records.extend(untracked.into_iter().map(|path| Record {
        path,
        kind: RecordKind::Untracked,
        rename: None,
    }));
    records
}

/// Sets the Y letter of the plain tracked file at `path` (`.`: unchanged in the worktree),
/// adding or dropping its record as needed; its X (HEAD vs index) stays as it was.
pub(crate) fn set_worktree(records: &mut Vec<Record>, path: &[u8], y: u8) {
    let found = records
        .iter()
        .position(|r| r.path == path && matches!(r.kind, RecordKind::Ordinary { .. }));
    match found {
        Some(i) => {
            if let RecordKind::Ordinary { x, y: old, .. } = &mut records[i].kind {
                *old = y;
                if *x == b'.' && y == b'.' {
                    records.swap_remove(i);
                }
            }
        }
        None if y != b'.' => records.push(Record {
            path: path.to_vec(),
            kind: RecordKind::Ordinary {
                x: b'.',
                y,
                sub: *b"N...",
            },
            rename: None,
        }),
        None => {}
    }
}

/// porcelain v2's `sub`: `N...` for a plain path, else `S` and the submodule's C, M, U.
fn sub_field(gitlink: bool, state: Option<SubmoduleState>) -> [u8; 4] {
    if !gitlink {
        return *b"N...";
    }
    let state = state.unwrap_or_default();
    [
        b'S',
        if state.new_commits { b'C' } else { b'.' },
        if state.modified { b'M' } else { b'.' },
        if state.untracked { b'U' } else { b'.' },
    ]
}

/// One `u` record per conflicted path, XY from which stages exist (wt-status.c).
fn unmerged(entries: &[Entry]) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        if entries[i].stage == 0 {
            i += 1;
            continue;
        }
        let path = &entries[i].path;
        let (mut mask, mut gitlink) = (0u8, false);
        while i < entries.len() && entries[i].path == *path {
            if entries[i].stage > 0 {
                mask |= 1 << (entries[i].stage - 1);
                gitlink |= entries[i].is_gitlink();
            }
            i += 1;
        }
        let xy = match mask {
            1 => b"DD",
            2 => b"AU",
            3 => b"UD",
            4 => b"UA",
            5 => b"DU",
            6 => b"AA",
            _ => b"UU",
        };
        out.push(Record {
            path: path.to_vec(),
            kind: RecordKind::Unmerged {
                x: xy[0],
                y: xy[1],
                sub: sub_field(gitlink, None),
            },
            rename: None,
        });
    }
    out
}
