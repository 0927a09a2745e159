//! `OmniSniffer`: the public face of the core. It opens the repository once and keeps
//! what later snapshots can reuse behind a mutex, so one sniffer may be shared across
//! threads (the Node bindings call it from worker threads).
//!
//! A kept sniffer also watches the worktree and its git directory (`watch`): when nothing has
//! changed since its last answer it gives that answer again, and when only some tracked files
//! were written it compares just those. Anything else (the index, HEAD, refs, config, a folder's
//! listing, an ignore or attributes file, a submodule, a lost watch) takes the full path.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use git2::Repository;
use omni_types::{
    ContextInfo, EnvironmentSnapshot, FileStatus, Head, LineStats, OmniError, OmniResult,
    RecentCommit, Rename, SnapshotOptions, Upstream,
};

use crate::status::{self, Record, RecordKind, StatusCache};
use crate::watch::{TreeWatch, Unwatched, WatchLimits};
use crate::{commits, open, operation, paths, refs, scratchpad, stash};

/// The git half of a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitScan {
    pub branch: String,
    pub staged: u32,
    pub modified: u32,
    pub untracked: u32,
    pub conflicted: u32,
    pub dirty_files: Vec<String>,
    pub files: Vec<FileStatus>,
    pub head: Head,
    pub upstream: Option<Upstream>,
    pub stash_count: u32,
    pub operation: Option<String>,
    /// Only when the `recent_commits` option asks for them.
    pub recent_commits: Option<Vec<RecentCommit>>,
}

/// The scratchpad half of a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextScan {
    pub lines: u64,
    pub context: ContextInfo,
}

/// A read-only sniffer of one worktree. Ask it as often as you like: every answer is
/// taken afresh, reusing only what has provably not changed since the last one.
pub struct OmniSniffer {
    root: PathBuf,
    shown: String,
    options: SnapshotOptions,
    warm: Mutex<Warm>,
}

struct Warm {
    repo: Repository,
    status: StatusCache,
    watching: Watching,
    /// The last answer and what it was made of, while a watch vouches for it.
    last: Option<Last>,
}

enum Watching {
    /// One-shot (a watch would cost more than the one call it serves), or `watch: false`.
    Off,
    /// Starts before the first full scan.
    NotYet,
    On(Box<TreeWatch>),
    /// No watch could be had, or it was lost: every call takes the full path.
    Unavailable(Unwatched),
}

struct Last {
    records: Vec<Record>,
    parts: GitParts,
    scan: GitScan,
    /// The line counts of the records shown (renames found) by path and rename source, when the
    /// options ask for them: a record the watch did not see written keeps its counts, HEAD and
    /// the index being as they were.
    line_stats: HashMap<StatsKey, LineStats>,
}

/// What a scan says besides its records.
#[derive(Clone)]
struct GitParts {
    branch: String,
    head: Head,
    upstream: Option<Upstream>,
    stash_count: u32,
    operation: Option<String>,
    recent_commits: Option<Vec<RecentCommit>>,
    /// HEAD's commit, which line counts compare the index with.
    commit: Option<git2::Oid>,
}

impl OmniSniffer {
    /// Opens the worktree at or above `path` (never redirected by `GIT_*` variables), to be
    /// asked again and again: it watches the worktree from its first snapshot on, unless
    /// `options.watch` is `Some(false)`.
    pub fn new(path: impl AsRef<Path>, options: SnapshotOptions) -> OmniResult<Self> {
        let watching = if options.watch == Some(false) {
            Watching::Off
        } else {
            Watching::NotYet
        };
        Self::open(path.as_ref(), options, watching, StatusCache::default())
    }

    /// One snapshot, from a sniffer that keeps no watch.
    pub fn snapshot(
        path: impl AsRef<Path>,
        options: SnapshotOptions,
    ) -> OmniResult<EnvironmentSnapshot> {
        Self::open(
            path.as_ref(),
            options,
            Watching::Off,
            StatusCache::one_shot(),
        )?
        .get_snapshot()
    }

    fn open(
        path: &Path,
        options: SnapshotOptions,
        watching: Watching,
        status: StatusCache,
    ) -> OmniResult<Self> {
        let (repo, root) = open::open(path)?;
        Ok(OmniSniffer {
            root,
            shown: path.display().to_string(),
            options,
            warm: Mutex::new(Warm {
                repo,
                status,
                watching,
                last: None,
            }),
        })
    }

    /// Why this sniffer takes every snapshot in full, when it does though it was meant to watch.
    pub fn unwatched_reason(&self) -> Option<String> {
        match &self.lock().watching {
            Watching::Unavailable(why) => Some(why.to_string()),
            _ => None,
        }
    }

    /// The absolute, symlink-resolved top level of the worktree.
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn options(&self) -> &SnapshotOptions {
        &self.options
    }

    pub fn scan_git(&self) -> OmniResult<GitScan> {
        let mut warm = self.lock();
        let warm = &mut *warm;
        open::check_worktree(&self.root, &self.shown)?;
        if let Some(scan) = warm.reuse(&self.root, &self.options)? {
            return Ok(scan);
        }
        warm.start_watch(&self.root);
        let head = refs::read_head(&warm.repo, &self.shown)?;
        let repo = &warm.repo;
        let (records, parts) = status::collect(
            repo,
            &self.root,
            self.options.untracked_files,
            head.commit,
            &mut warm.status,
            || {
                Ok::<_, OmniError>(GitParts {
                    upstream: refs::upstream(repo, &head, &self.shown)?,
                    branch: head.branch.clone(),
                    head: head.head.clone(),
                    stash_count: stash::stash_count(repo),
                    operation: operation::operation(repo.path()).map(str::to_string),
                    recent_commits: self
                        .options
                        .recent_commits
                        .map(|n| commits::recent_commits(repo, head.commit, n, &self.shown))
                        .transpose()?,
                    commit: head.commit,
                })
            },
        )?;
        let parts = parts?;
        let shown = renamed(
            repo,
            &self.root,
            &self.options,
            &parts,
            records.clone(),
            &mut warm.status,
        )?;
        let stats = counted_lines(
            repo,
            &self.root,
            &self.options,
            &parts,
            &shown,
            &mut warm.status,
        )?;
        let line_stats = by_record(&shown, stats.as_deref());
        let scan = GitScan::assemble(shown, &parts, stats, self.options.renames);
        // A submodule's commits and index live where the watch does not look.
        let submodules = records.iter().any(|r| match r.kind {
            RecordKind::Ordinary { sub, .. } | RecordKind::Unmerged { sub, .. } => sub[0] == b'S',
            RecordKind::Untracked => false,
        }) || warm.status.has_gitlinks();
        if matches!(warm.watching, Watching::On(_)) && !submodules {
            warm.last = Some(Last {
                records,
                parts,
                scan: scan.clone(),
                line_stats,
            });
        }
        Ok(scan)
    }

    /// The scratchpad's line count; a scratchpad problem is a status, never an error.
    pub fn scan_context(&self) -> ContextScan {
        let given = Path::new(self.options.scratchpad());
        let target = normalize(&self.root.join(given));
        let (lines, status) = match self.options.scratchpad {
            // The default path comes with the repository: it must stay inside the worktree.
            None => scratchpad::count_lines_within(&target, &self.root),
            Some(_) => scratchpad::count_lines(&target),
        };
        ContextScan {
            lines,
            context: ContextInfo {
                path: relative_to(&self.root, &target),
                status,
            },
        }
    }

    pub fn get_snapshot(&self) -> OmniResult<EnvironmentSnapshot> {
        let git = self.scan_git()?;
        let context = self.scan_context();
        Ok(EnvironmentSnapshot {
            git_branch: git.branch,
            git_staged: git.staged,
            git_modified: git.modified,
            git_untracked: git.untracked,
            git_conflicted: git.conflicted,
            dirty_files: git.dirty_files,
            files: git.files,
            head: git.head,
            upstream: git.upstream,
            stash_count: git.stash_count,
            operation: git.operation,
            active_context_lines: context.lines,
            context: context.context,
            root: self.root.to_string_lossy().into_owned(),
            timestamp: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64()),
            recent_commits: git.recent_commits,
        })
    }

    /// A descriptor that polls readable once this sniffer's watch has events its next snapshot
    /// will drain; `None` while it does not watch (not yet, not at all, or no more).
    #[cfg(target_os = "linux")]
    pub(crate) fn waker(&self) -> Option<std::os::fd::OwnedFd> {
        match &self.lock().watching {
            Watching::On(watch) => watch.waker(),
            _ => None,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Warm> {
        // A panic mid-snapshot may have left the cache half-updated: drop it, keep the repository.
        self.warm.lock().unwrap_or_else(|poisoned| {
            let mut warm = poisoned.into_inner();
            warm.status = StatusCache::default();
            warm.last = None;
            warm
        })
    }
}

impl Warm {
    /// The last answer brought up to date, when the watch can vouch for it; `None`: scan in full.
    fn reuse(&mut self, root: &Path, options: &SnapshotOptions) -> OmniResult<Option<GitScan>> {
        let Watching::On(watch) = &mut self.watching else {
            return Ok(None);
        };
        // Taken out: whatever happens below, a stale answer is never left behind.
        let last = self.last.take();
        let changes = watch.drain();
        if let Some(why) = watch.lost() {
            self.watching = Watching::Unavailable(why);
            return Ok(None);
        }
        let Some(mut last) = last else {
            return Ok(None);
        };
        if changes.rescan || changes.git || !changes.dirs.is_empty() {
            return Ok(None);
        }
        if !status::rules_unchanged(&self.repo, &self.status) {
            return Ok(None);
        }
        if !changes.paths.is_empty() {
            let paths: Vec<Vec<u8>> = changes.paths.into_iter().collect();
            if !status::refresh(
                &self.repo,
                root,
                &paths,
                &mut self.status,
                &mut last.records,
            )? {
                return Ok(None);
            }
            let shown = renamed(
                &self.repo,
                root,
                options,
                &last.parts,
                last.records.clone(),
                &mut self.status,
            )?;
            // A rewritten untracked file changes no record, but may change its line count.
            let stats = if options.line_stats {
                let written: HashSet<&[u8]> = paths.iter().map(Vec::as_slice).collect();
                let again: Vec<Record> = shown
                    .iter()
                    .filter(|r| {
                        written.contains(&*r.path) || !last.line_stats.contains_key(&stats_key(r))
                    })
                    .cloned()
                    .collect();
                let counted = counted_lines(
                    &self.repo,
                    root,
                    options,
                    &last.parts,
                    &again,
                    &mut self.status,
                )?;
                last.line_stats
                    .extend(by_record(&again, counted.as_deref()));
                let now: HashSet<StatsKey> = shown.iter().map(stats_key).collect();
                last.line_stats.retain(|key, _| now.contains(key));
                Some(
                    shown
                        .iter()
                        .map(|r| last.line_stats[&stats_key(r)])
                        .collect(),
                )
            } else {
                None
            };
            last.scan = GitScan::assemble(shown, &last.parts, stats, options.renames);
        }
        let scan = last.scan.clone();
        self.last = Some(last);
        Ok(Some(scan))
    }

    /// The watch starts before the first full scan, so every change from then on is an event.
    fn start_watch(&mut self, root: &Path) {
        if let Watching::NotYet = self.watching {
            let git_dirs = [self.repo.path(), self.repo.commondir()];
            self.watching = match TreeWatch::start(root, &git_dirs, WatchLimits::default()) {
                Ok(watch) => Watching::On(Box::new(watch)),
                Err(why) => Watching::Unavailable(why),
            };
        }
    }
}

/// A shown record's path and rename source: a rename counts from its source's version.
type StatsKey = (Vec<u8>, Option<Vec<u8>>);

fn stats_key(record: &Record) -> StatsKey {
    (
        record.path.clone(),
        record.rename.as_ref().map(|r| r.from.clone()),
    )
}

/// `stats` (aligned with `records`) by record; empty without them.
fn by_record(records: &[Record], stats: Option<&[LineStats]>) -> HashMap<StatsKey, LineStats> {
    let Some(stats) = stats else {
        return HashMap::new();
    };
    records
        .iter()
        .map(stats_key)
        .zip(stats.iter().copied())
        .collect()
}

/// `records` with their renames found, when the options ask for them.
fn renamed(
    repo: &Repository,
    root: &Path,
    options: &SnapshotOptions,
    parts: &GitParts,
    records: Vec<Record>,
    cache: &mut StatusCache,
) -> OmniResult<Vec<Record>> {
    if !options.renames {
        return Ok(records);
    }
    let tree = status::head_tree(repo, root, parts.commit)?;
    status::detect_renames(repo, root, tree, records, cache)
}

/// The line counts of `records`, when the options ask for them.
fn counted_lines(
    repo: &Repository,
    root: &Path,
    options: &SnapshotOptions,
    parts: &GitParts,
    records: &[Record],
    cache: &mut StatusCache,
) -> OmniResult<Option<Vec<LineStats>>> {
    if !options.line_stats {
        return Ok(None);
    }
    let tree = status::head_tree(repo, root, parts.commit)?;
    status::line_stats(
        repo,
        root,
        tree,
        records,
        options.line_stats_max_bytes(),
        cache,
    )
    .map(Some)
}

impl GitScan {
    /// With `renames`, every entry says whether it is a rename.
    fn assemble(
        records: Vec<Record>,
        parts: &GitParts,
        stats: Option<Vec<LineStats>>,
        renames: bool,
    ) -> GitScan {
        let mut scan = GitScan {
            branch: parts.branch.clone(),
            staged: 0,
            modified: 0,
            untracked: 0,
            conflicted: 0,
            dirty_files: Vec::new(),
            files: Vec::new(),
            head: parts.head.clone(),
            upstream: parts.upstream.clone(),
            stash_count: parts.stash_count,
            operation: parts.operation.clone(),
            recent_commits: parts.recent_commits.clone(),
        };
        let mut stats = stats.map(Vec::into_iter);
        let mut files: Vec<FileStatus> = records
            .into_iter()
            .map(|record| {
                let rename = record.rename.as_ref().map(|r| Rename {
                    from: paths::display(&r.from),
                    score: r.score,
                });
                let mut file = scan.count(record);
                file.line_stats = stats.as_mut().and_then(Iterator::next);
                file.rename = renames.then_some(rename);
                file
            })
            .collect();
        files.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
        scan.dirty_files = files.iter().map(|f| f.path.clone()).collect();
        scan.files = files;
        scan
    }

    fn count(&mut self, record: Record) -> FileStatus {
        let path = paths::display(&record.path);
        match record.kind {
            RecordKind::Ordinary { x, y, sub } => {
                self.staged += u32::from(x != b'.');
                self.modified += u32::from(y != b'.');
                FileStatus {
                    path,
                    index: x as char,
                    worktree: y as char,
                    submodule: Some(sub_string(sub)),
                    line_stats: None,
                    rename: None,
                }
            }
            RecordKind::Unmerged { x, y, sub } => {
                self.conflicted += 1;
                FileStatus {
                    path,
                    index: x as char,
                    worktree: y as char,
                    submodule: Some(sub_string(sub)),
                    line_stats: None,
                    rename: None,
                }
            }
            RecordKind::Untracked => {
                self.untracked += 1;
                FileStatus {
                    path,
                    index: '?',
                    worktree: '?',
                    submodule: None,
                    line_stats: None,
                    rename: None,
                }
            }
        }
    }
}

fn sub_string(sub: [u8; 4]) -> String {
    sub.iter().map(|&b| b as char).collect()
}

/// `.` and `..` resolved lexically, as Node's `path.resolve` does.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `target` relative to `root` with `/` separators (`../` when outside), like Node's `path.relative`.
fn relative_to(root: &Path, target: &Path) -> String {
    let root: Vec<_> = root.components().collect();
    let target_parts: Vec<_> = target.components().collect();
    let common = root
        .iter()
        .zip(&target_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_string(); root.len() - common];
    parts.extend(
        target_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sniffer_can_be_shared_across_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<OmniSniffer>();
    }

    #[test]
    fn scratchpad_paths_are_reported_relative_to_the_root() {
        let root = Path::new("/repo");
        assert_eq!(
            relative_to(root, &normalize(&root.join("a/./b/../c.md"))),
            "a/c.md"
        );
        assert_eq!(
            relative_to(root, &normalize(Path::new("/elsewhere/x.md"))),
            "../elsewhere/x.md"
        );
    }
}
