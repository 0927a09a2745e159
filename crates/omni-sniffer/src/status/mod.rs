//! The status engine: the records of `git status --porcelain=v2` for one worktree.
//!
//! HEAD-vs-index (`staged`) reads trees through git2 where the index's cache-tree does
//! not settle them; the index file itself is parsed here (`index`). Index-vs-worktree
//! (`worktree`, then `content` / `submodule` for what stat cannot settle) and the
//! untracked walk are our own, one pass over the worktree's folders (`scan`) on a thread
//! pool while the calling thread compares HEAD with the index.

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
mod line_stats;
mod listing;
mod records;
mod renames;
mod scan;
mod settings;
mod sparse;
mod split_index;
mod staged;
mod stamp;
mod submodule;
mod wildmatch;
mod worktree;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use git2::{Oid, Repository};
use omni_types::{OmniResult, UntrackedFiles};

use crate::errors;
use attributes::{AttrCache, Attributes};
use content::{ContentCache, Pending};
use ignore::{IgnoreCache, PatternList};
use index::IndexSnapshot;
use scan::{Scan, Untracked, WalkCache};
use settings::Settings;
use stamp::FileStamp;
use submodule::SubmoduleState;
use worktree::{Probe, StatRules};

pub(crate) use line_stats::line_stats;
use line_stats::LineCache;
use records::WorktreeChange;
pub(crate) use records::{Record, RecordKind};
pub(crate) use renames::detect as detect_renames;

/// What a kept sniffer carries from one snapshot to the next; each part is reused only
/// while what it was built from provably has not changed.
#[derive(Default)]
pub(crate) struct StatusCache {
    index: Option<Arc<IndexSnapshot>>,
    walk: WalkCache,
    content: ContentCache,
    attributes: AttrCache,
    lines: LineCache,
    /// The settings and stat rules of the last full collection, for `refresh`.
    last: Option<(Settings, StatRules)>,
    /// The stamps of the rule files outside the repository at the last full collection.
    outside: Vec<Option<FileStamp>>,
}

impl StatusCache {
    /// For a sniffer asked once: nothing is stamped for a next time.
    pub(crate) fn one_shot() -> Self {
        let mut cache = StatusCache::default();
        cache.walk.listings.one_shot = true;
        cache
    }

    /// Whether the index of the last collection tracks a submodule.
    pub(crate) fn has_gitlinks(&self) -> bool {
        self.index
            .as_ref()
            .is_none_or(|index| index.entries.iter().any(|e| e.is_gitlink()))
    }
}

/// The ignore and attributes files that no watch of the repository covers.
fn outside_stamps(settings: &Settings) -> Vec<Option<FileStamp>> {
    let system = Path::new("/etc/gitattributes");
    [
        settings.excludes_file.as_deref(),
        settings.attributes_file.as_deref(),
        Some(system),
    ]
    .into_iter()
    .map(|file| file.and_then(FileStamp::of))
    .collect()
}

/// Whether the configuration and the rule files outside the repository are as at the last full
/// collection. Config is read again rather than watched: includes may pull in any file.
pub(crate) fn rules_unchanged(repo: &Repository, cache: &StatusCache) -> bool {
    let Some((settings, _)) = &cache.last else {
        return false;
    };
    Settings::read(repo).is_ok_and(|now| now == *settings && outside_stamps(&now) == cache.outside)
}

/// The porcelain v2 records of the worktree at `root`, HEAD being `head` (`None`: unborn), and
/// what `beside` gives: it runs on this thread while the worktree is scanned, which leaves this
/// thread idle otherwise.
pub(crate) fn collect<T>(
    repo: &Repository,
    root: &Path,
    mode: UntrackedFiles,
    head: Option<Oid>,
    cache: &mut StatusCache,
    beside: impl FnOnce() -> T,
) -> OmniResult<(Vec<Record>, T)> {
    let settings = Settings::read(repo)?;
    let index = index::load(repo, cache.index.as_ref())?;
    cache.index = Some(index.clone());
    let tree = head_tree(repo, root, head)?;
    let entries = &index.entries;
    let staged = || staged::changes(repo, tree, entries, index.cache_tree.as_ref());

    let rules = StatRules {
        filemode: settings.filemode,
        symlinks: settings.symlinks,
        trust_ctime: settings.trust_ctime,
        check_stat: settings.check_stat,
        sparse_present_files_count: settings.sparse_present_files_count,
        index_timestamp: index.timestamp,
    };
    let globals = ignore_globals(repo, &settings, &mut cache.walk.ignore_files);
    let scan = Scan {
        root,
        entries,
        rules,
        untracked: match mode {
            UntrackedFiles::No => Untracked::No,
            UntrackedFiles::Normal => Untracked::Normal,
            UntrackedFiles::All => Untracked::All,
        },
        globals: &globals,
    };
    let ((staged, beside), found) = scan.run(&mut cache.walk, || (staged(), beside()));
    let (staged, probes, untracked) = (staged?, found.probes, found.untracked);

    cache.outside = outside_stamps(&settings);
    cache.last = Some((settings.clone(), rules));
    cache.content.bind(index.stamp, index.reusable);
    let pending = pending_content(&probes);
    let differing = settle_content(repo, root, &settings, &index, &pending, cache)?;
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
    let records = records::assemble(entries, staged, worktree_changes, untracked);
    Ok((records, beside))
}

/// The probes that only a look at the content can settle.
fn pending_content(probes: &[(usize, Probe)]) -> Vec<Pending> {
    probes
        .iter()
        .filter_map(|(position, probe)| match probe {
            Probe::Content { symlink, stamp } => Some(Pending {
                position: *position,
                symlink: *symlink,
                stamp: *stamp,
            }),
            _ => None,
        })
        .collect()
}

/// The positions among `pending` whose content differs from the index.
fn settle_content(
    repo: &Repository,
    root: &Path,
    settings: &Settings,
    index: &IndexSnapshot,
    pending: &[Pending],
    cache: &mut StatusCache,
) -> OmniResult<HashSet<usize>> {
    if pending.is_empty() {
        return Ok(HashSet::new());
    }
    let mut attributes = attributes_of(repo, root, settings, index, &mut cache.attributes);
    content::differing(
        repo,
        root,
        &index.entries,
        pending,
        &mut attributes,
        &mut cache.content,
    )
}

/// The attributes of the paths of `root` for one snapshot, its index being `index`.
fn attributes_of<'a>(
    repo: &'a Repository,
    root: &'a Path,
    settings: &Settings,
    index: &'a IndexSnapshot,
    cache: &'a mut AttrCache,
) -> Attributes<'a> {
    let tracked = index
        .attribute_files
        .iter()
        .map(|(path, oid)| (&**path, *oid));
    Attributes::new(
        repo,
        root,
        settings.autocrlf,
        settings.attributes_file.as_deref(),
        tracked,
        cache,
    )
}

/// Brings `records` (the last full collection's, or a refresh's) up to date after the files at
/// `paths` were written in the worktree, and nothing else changed: not the index, HEAD or any
/// configuration, no folder's listing, no ignore or attributes file (the caller knows from its
/// watch). Each tracked path is compared again alone; an untracked or ignored file that was
/// rewritten changes nothing. `false` when a path is neither (a folder, a gitlink, a conflict):
/// the caller collects in full.
pub(crate) fn refresh(
    repo: &Repository,
    root: &Path,
    paths: &[Vec<u8>],
    cache: &mut StatusCache,
    records: &mut Vec<Record>,
) -> OmniResult<bool> {
    let (Some(index), Some((settings, rules))) = (cache.index.clone(), cache.last.clone()) else {
        return Ok(false);
    };
    let entries = &index.entries;
    let mut positions = Vec::with_capacity(paths.len());
    for path in paths {
        let position =
            match entries.binary_search_by(|e| (&*e.path, e.stage).cmp(&(path.as_slice(), 0))) {
                Ok(position) => position,
                Err(next) if rewritten_untracked_file(root, entries, next, path) => continue,
                Err(_) => return Ok(false),
            };
        let entry = &entries[position];
        let conflicted = entries
            .get(position + 1)
            .is_some_and(|next| next.path == entry.path);
        if entry.is_gitlink() || conflicted || is_rule_file(path) {
            return Ok(false);
        }
        positions.push(position);
    }
    let probes = worktree::probe(root, entries, &positions, rules);
    let pending = pending_content(&probes);
    let differing = settle_content(repo, root, &settings, &index, &pending, cache)?;
    let mut changed: HashMap<usize, u8> = HashMap::new();
    for (position, probe) in probes {
        match probe {
            Probe::Changed(y) => {
                changed.insert(position, y);
            }
            Probe::Content { .. } if differing.contains(&position) => {
                changed.insert(position, b'M');
            }
            Probe::Content { .. } => {}
            // A path that became a folder or a repository: the full collection knows those.
            Probe::Gitlink | Probe::Directory => return Ok(false),
        }
    }
    for &position in &positions {
        let path = &entries[position].path;
        let y = changed.get(&position).copied().unwrap_or(b'.');
        records::set_worktree(records, path, y);
    }
    Ok(true)
}

/// Whether `path`, which has no stage-0 entry (`next` is where it would be), is an untracked or
/// ignored file that was written: with no folder listing changed it neither appeared nor went,
/// and status looks at nothing more of such a file than that it is there. A build rewriting its
/// output then costs the watch nothing.
fn rewritten_untracked_file(
    root: &Path,
    entries: &[index::Entry],
    next: usize,
    path: &[u8],
) -> bool {
    let under = |e: &index::Entry| {
        e.path.starts_with(path) && matches!(e.path.get(path.len()), None | Some(b'/'))
    };
    if entries.get(next).is_some_and(under) || is_rule_file(path) {
        return false;
    }
    std::fs::symlink_metadata(crate::paths::join(root, path))
        .is_ok_and(|meta| meta.file_type().is_file() || meta.file_type().is_symlink())
}

/// Files whose change changes what other paths mean.
fn is_rule_file(path: &[u8]) -> bool {
    let name = path.rsplit(|&b| b == b'/').next().unwrap_or(path);
    name == b".gitignore" || name == b".gitattributes"
}

/// The tree HEAD's commit points at; `None` when the branch is unborn.
pub(crate) fn head_tree(
    repo: &Repository,
    root: &Path,
    head: Option<Oid>,
) -> OmniResult<Option<Oid>> {
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
