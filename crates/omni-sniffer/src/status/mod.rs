//! The status engine: the records of `git status --porcelain=v2` for one worktree.
//!
//! HEAD-vs-index (`staged`) reads trees through git2 where the index's cache-tree does
//! not settle them; the index file itself is parsed here (`index`). Index-vs-worktree
//! (`worktree`, then `content` / `submodule` for what stat cannot settle) and the
//! untracked walk (`untracked`) are our own and run side by side on threads.

mod attributes;
mod blob_hash;
mod content;
mod convert;
mod ewah;
mod fs_at;
mod ignore;
mod index;
#[cfg(test)]
mod index_lab;
mod listing;
mod records;
mod settings;
mod sparse;
mod split_index;
mod staged;
mod stamp;
mod submodule;
mod untracked;
mod wildmatch;
mod worktree;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use git2::{Oid, Repository};
use omni_types::{OmniError, OmniResult, UntrackedFiles};

use crate::errors;
use attributes::{AttrCache, Attributes};
use content::{ContentCache, Pending};
use ignore::{IgnoreCache, PatternList};
use index::IndexSnapshot;
use settings::Settings;
use submodule::SubmoduleState;
use untracked::WalkCache;
use worktree::{Probe, StatRules};

use records::WorktreeChange;
pub(crate) use records::{Record, RecordKind};

/// What a kept sniffer carries from one snapshot to the next; each part is reused only
/// while what it was built from provably has not changed.
#[derive(Default)]
pub(crate) struct StatusCache {
    index: Option<Arc<IndexSnapshot>>,
    walk: WalkCache,
    content: ContentCache,
    attributes: AttrCache,
}

/// The porcelain v2 records of the worktree at `root`, HEAD being `head` (`None`: unborn).
pub(crate) fn collect(
    repo: &Repository,
    root: &Path,
    mode: UntrackedFiles,
    head: Option<Oid>,
    cache: &mut StatusCache,
) -> OmniResult<Vec<Record>> {
    let settings = Settings::read(repo)?;
    let index = index::load(repo, cache.index.as_ref())?;
    cache.index = Some(index.clone());
    let tree = head_tree(repo, root, head)?;
    let staged = staged::changes(repo, tree, &index.entries, index.cache_tree.as_ref())?;
    let entries = &index.entries;

    let positions: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].stage == 0)
        .collect();
    let rules = StatRules {
        filemode: settings.filemode,
        symlinks: settings.symlinks,
        trust_ctime: settings.trust_ctime,
        check_stat: settings.check_stat,
        sparse_present_files_count: settings.sparse_present_files_count,
        index_timestamp: index.timestamp,
    };
    let globals = ignore_globals(repo, &settings, &mut cache.walk.ignore_files);
    let all = mode == UntrackedFiles::All;
    let walk = |walk_cache: &mut WalkCache| {
        if mode == UntrackedFiles::No {
            Vec::new()
        } else {
            untracked::Walk::new(root, entries, all, &globals, walk_cache).run()
        }
    };
    let (probes, untracked) = if positions.len() < worktree::PARALLEL_THRESHOLD {
        // Too little work to pay for starting threads.
        (
            worktree::probe(root, entries, &positions, rules, 1),
            walk(&mut cache.walk),
        )
    } else {
        // The walk runs beside the compare threads: the scheduler balances them over the cores.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let walk_cache = &mut cache.walk;
        let (probes, walked) = std::thread::scope(|scope| {
            let walker = scope.spawn(|| walk(walk_cache));
            (
                worktree::probe(root, entries, &positions, rules, threads),
                walker.join(),
            )
        });
        let untracked =
            walked.map_err(|_| OmniError::internal("the untracked-file walk panicked"))?;
        (probes, untracked)
    };

    cache.content.bind(index.stamp, index.reusable);
    let pending: Vec<Pending> = probes
        .iter()
        .filter_map(|(position, probe)| match probe {
            Probe::Content { symlink, stamp } => Some(Pending {
                position: *position,
                symlink: *symlink,
                stamp: *stamp,
            }),
            _ => None,
        })
        .collect();
    let differing = if pending.is_empty() {
        HashSet::new()
    } else {
        let tracked = entries
            .iter()
            .filter(|e| e.stage == 0)
            .map(|e| (&*e.path, e.oid));
        let mut attributes = Attributes::new(
            repo,
            root,
            settings.autocrlf,
            settings.attributes_file.as_deref(),
            tracked,
            &mut cache.attributes,
        );
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        content::differing(
            repo,
            root,
            entries,
            &pending,
            &mut attributes,
            &mut cache.content,
            threads,
        )?
    };
    let mut worktree_changes: HashMap<&[u8], WorktreeChange> = HashMap::new();
    for (position, probe) in probes {
        let Some(entry) = entries.get(position) else {
            continue;
        };
        let gitlink = entry.is_gitlink();
        let change = match probe {
            Probe::Changed(y) => Some((y, None, gitlink)),
            Probe::Content { .. } => differing
                .contains(&position)
                .then_some((b'M', None, gitlink)),
            Probe::Gitlink => {
                let state = submodule::inspect(&crate::paths::join(root, &entry.path), entry.oid);
                (state != SubmoduleState::default()).then_some((b'M', Some(state), true))
            }
            Probe::Directory => {
                // A file replaced by a repository with a commit is a type change to a
                // gitlink (git's resolve_gitlink_ref), anything else a deletion.
                match submodule::head_of(&crate::paths::join(root, &entry.path)) {
                    Some(_) => {
                        let state = SubmoduleState {
                            new_commits: true,
                            ..SubmoduleState::default()
                        };
                        Some((b'T', Some(state), true))
                    }
                    None => Some((b'D', None, gitlink)),
                }
            }
        };
        if let Some((y, submodule, gitlink)) = change {
            worktree_changes.insert(
                &entry.path,
                WorktreeChange {
                    y,
                    submodule,
                    gitlink,
                },
            );
        }
    }
    Ok(records::assemble(
        entries,
        staged,
        worktree_changes,
        untracked,
    ))
}

/// The tree HEAD's commit points at; `None` when the branch is unborn.
fn head_tree(repo: &Repository, root: &Path, head: Option<Oid>) -> OmniResult<Option<Oid>> {
    let Some(commit) = head else { return Ok(None) };
    let shown = root.display();
    let tree = repo
        .find_object(commit, None)
        .and_then(|object| object.peel_to_commit())
        .map_err(|e| {
            errors::git(
                format_args!("cannot read HEAD's commit {commit} in {shown}"),
                e,
            )
        })?
        .tree_id();
    // Read here, so that a corrupt tree is reported by its own id, not by its commit's.
    repo.find_tree(tree).map_err(|e| {
        errors::git(
            format_args!("cannot read tree {tree} (the tree of HEAD's commit {commit}) in {shown}"),
            e,
        )
    })?;
    Ok(Some(tree))
}

/// The repository-wide ignore files, highest precedence first: `info/exclude`, then `core.excludesFile`.
fn ignore_globals(
    repo: &Repository,
    settings: &Settings,
    cache: &mut IgnoreCache,
) -> Vec<Arc<PatternList>> {
    let mut lists = Vec::new();
    lists.extend(cache.load(
        b"\0info/exclude",
        &repo.commondir().join("info/exclude"),
        b"",
        true,
    ));
    if let Some(file) = &settings.excludes_file {
        lists.extend(cache.load(b"\0excludesFile", file, b"", true));
    }
    lists
}
