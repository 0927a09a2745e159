//! The worktree in one pass, for a full collection: git's index refresh (`preload_index`,
//! `ie_match_stat`) and its untracked walk (dir.c) over the same folder handles. Each folder is
//! opened once, relative to its parent and never through a symlink (a tracked path behind a
//! symlinked folder then fails to open, which is git's `has_symlink_leading_path` without a
//! `stat` of every folder), listed once, and its tracked files are `lstat`-ed through it; the
//! folders are shared out over a thread pool while the caller's thread compares HEAD with the
//! index.
//!
//! The walk follows dir.c for `git status`: `.git` is never entered, tracked and ignored paths are
//! skipped, a nested repository is one entry `dir/`, and in `normal` mode an untracked folder is
//! listed once as `dir/`, and only when it holds something untracked (libgit2 also lists folders
//! of ignored files only).

use std::path::Path;
use std::sync::{Arc, Mutex};

use super::fs_at::{Access, DirHandle};
use super::ignore::{IgnoreCache, IgnoreStack, PatternList};
use super::index::Entry;
use super::listing::{self, Kind, Listing, ListingCache};
use super::worktree::{probe_entry, Probe, StatRules};
use crate::{gitdir, paths};

/// Below this many index entries the folders are scanned on the calling thread: handing them to
/// the pool costs more than it saves.
const PARALLEL_ENTRIES: usize = 1024;

/// What a walk keeps for the next one.
#[derive(Default)]
pub(crate) struct WalkCache {
    pub ignore_files: IgnoreCache,
    pub(crate) listings: ListingCache,
}

/// Which untracked files a scan lists (`untrackedFiles`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Untracked {
    No,
    /// Untracked folders collapsed to `dir/`.
    Normal,
    /// Every untracked file.
    All,
}

/// What a scan found, in no particular order.
#[derive(Default)]
pub(crate) struct Found {
    /// The stage-0 entries (by position) that stat does not call clean, with what to do next.
    pub probes: Vec<(usize, Probe)>,
    /// Untracked paths; folders end with `/`.
    pub untracked: Vec<Vec<u8>>,
}

impl Found {
    fn append(&mut self, mut other: Found) {
        self.probes.append(&mut other.probes);
        self.untracked.append(&mut other.untracked);
    }
}

pub(crate) struct Scan<'a> {
    pub root: &'a Path,
    /// Every index entry, sorted by path then stage: the tracked set, searched by range.
    pub entries: &'a [Entry],
    pub rules: StatRules,
    pub untracked: Untracked,
    /// `info/exclude`, then `core.excludesFile`.
    pub globals: &'a [Arc<PatternList>],
}

/// One folder to scan: its path (empty, or ending with `/`), its handle, the index entries under
/// it (`lo..hi`), and whether its listing is walked for untracked files.
struct Folder<'a> {
    path: Vec<u8>,
    handle: DirHandle,
    lo: usize,
    hi: usize,
    walk: bool,
    ignores: IgnoreStack<'a>,
}

/// A scan under way: its inputs and the caches its threads share.
struct Run<'s, 'a> {
    scan: &'s Scan<'a>,
    listings: Mutex<&'s mut ListingCache>,
    ignore_files: Mutex<&'s mut IgnoreCache>,
}

impl<'a> Scan<'a> {
    /// Scans the worktree while `beside` runs on this thread; its result comes back with the scan's.
    /// A root that cannot be opened leaves every tracked file to the error git would meet (its
    /// `lstat`s fail) and lists nothing untracked.
    pub(crate) fn run<T>(&self, cache: &mut WalkCache, beside: impl FnOnce() -> T) -> (T, Found) {
        cache.listings.begin();
        let run = Run {
            scan: self,
            listings: Mutex::new(&mut cache.listings),
            ignore_files: Mutex::new(&mut cache.ignore_files),
        };
        let root = match DirHandle::open(self.root, Access::List) {
            Ok(handle) => Folder {
                path: Vec::new(),
                handle,
                lo: 0,
                hi: self.entries.len(),
                walk: self.untracked != Untracked::No,
                ignores: IgnoreStack::new(self.globals),
            },
            Err(error) => {
                let mut found = Found::default();
                run.fail(0, self.entries.len(), error.kind(), &mut found);
                return (beside(), found);
            }
        };
        if self.entries.len() < PARALLEL_ENTRIES || rayon::current_num_threads() < 2 {
            let beside = beside();
            let mut found = Found::default();
            let mut pending = vec![root];
            while let Some(folder) = pending.pop() {
                run.folder(folder, &mut found, &mut |sub| pending.push(sub));
            }
            return (beside, found);
        }
        let found = Mutex::new(Found::default());
        let beside = rayon::in_place_scope(|scope| {
            run.spawn(scope, root, &found);
            beside()
        });
        (
            beside,
            found.into_inner().unwrap_or_else(|e| e.into_inner()),
        )
    }
}

impl<'s, 'a: 's> Run<'s, 'a> {
    fn spawn(&'s self, scope: &rayon::Scope<'s>, folder: Folder<'a>, results: &'s Mutex<Found>) {
        scope.spawn(move |scope| {
            let mut found = Found::default();
            self.folder(folder, &mut found, &mut |sub| {
                self.spawn(scope, sub, results)
            });
            listing::lock(results).append(found);
        });
    }

    /// Scans one folder: its untracked entries, the `lstat` of its tracked files, and each
    /// subfolder holding tracked files handed to `next`.
    fn folder(&self, folder: Folder<'a>, found: &mut Found, next: &mut dyn FnMut(Folder<'a>)) {
        let Folder {
            mut path,
            handle,
            lo,
            hi,
            walk,
            mut ignores,
        } = folder;
        // An unreadable folder is not walked, silently, as git does; its files are still compared.
        let listing = walk.then(|| self.list(&path, &handle)).flatten();
        let mut walk_into = Vec::new();
        if let Some(listing) = &listing {
            self.push_own_ignores(&path, listing, &mut ignores);
            for (name, kind) in listing.iter() {
                if **name == *b".git" {
                    continue;
                }
                let len = path.len();
                path.extend_from_slice(name);
                match kind {
                    Kind::File => {
                        if self.find(lo, hi, &path).is_none() && !ignores.is_excluded(&path, false)
                        {
                            found.untracked.push(path.clone());
                        }
                    }
                    Kind::Dir => {
                        if self.visit_dir(&handle, name, &mut path, lo, hi, &ignores, found, next) {
                            walk_into.push(&**name);
                        }
                    }
                    Kind::Other => {}
                }
                path.truncate(len);
            }
        }
        walk_into.sort_unstable();
        self.tracked(&path, &handle, lo, hi, &walk_into, &ignores, found, next);
    }

    /// A folder of the listing, at `path` (no trailing slash): `true` when it holds tracked files
    /// and is walked with them, else whatever it shows is added to `found`.
    #[allow(clippy::too_many_arguments)]
    fn visit_dir(
        &self,
        parent: &DirHandle,
        name: &[u8],
        path: &mut Vec<u8>,
        lo: usize,
        hi: usize,
        ignores: &IgnoreStack<'a>,
        found: &mut Found,
        next: &mut dyn FnMut(Folder<'a>),
    ) -> bool {
        let tracked_here = self.find(lo, hi, path);
        if tracked_here.is_some_and(Entry::is_gitlink) || ignores.is_excluded(path, true) {
            // Nothing below an ignored folder is untracked, even beside tracked files.
            return false;
        }
        path.push(b'/');
        let (sub_lo, sub_hi) = self.range_under(lo, hi, path);
        let tracked_below = sub_lo < sub_hi;
        let shown = if tracked_below {
            false
        } else if gitdir::is_nonbare_repository_dir(&paths::join(self.scan.root, path)) {
            true
        } else {
            match parent.open_folder(name, &mut Vec::new(), Access::List) {
                // Gone or replaced since it was listed: nothing there.
                Err(_) => false,
                Ok(handle) if self.scan.untracked == Untracked::All => {
                    next(Folder {
                        path: path.clone(),
                        handle,
                        lo: sub_hi,
                        hi: sub_hi,
                        walk: true,
                        ignores: ignores.clone(),
                    });
                    false
                }
                Ok(handle) => self.holds_untracked(&handle, path, ignores),
            }
        };
        // git drops `dir/` when `dir` itself is tracked (a file replaced by a folder:
        // index_name_is_other), though `all` mode lists the files inside.
        if shown && tracked_here.is_none() {
            found.untracked.push(path.clone());
        }
        path.pop();
        tracked_below
    }

    /// Whether the untracked folder at `path` (ending with `/`) holds anything untracked: git's
    /// check before it lists a folder as `dir/`, stopping at the first such path.
    fn holds_untracked(
        &self,
        handle: &DirHandle,
        path: &mut Vec<u8>,
        ignores: &IgnoreStack<'a>,
    ) -> bool {
        let Some(listing) = self.list(path, handle) else {
            return false;
        };
        let mut ignores = ignores.clone();
        self.push_own_ignores(path, &listing, &mut ignores);
        for (name, kind) in listing.iter() {
            if **name == *b".git" {
                continue;
            }
            let len = path.len();
            path.extend_from_slice(name);
            let hit = match kind {
                Kind::File => !ignores.is_excluded(path, false),
                Kind::Dir if ignores.is_excluded(path, true) => false,
                Kind::Dir => {
                    path.push(b'/');
                    gitdir::is_nonbare_repository_dir(&paths::join(self.scan.root, path))
                        || handle
                            .open_folder(name, &mut Vec::new(), Access::List)
                            .is_ok_and(|sub| self.holds_untracked(&sub, path, &ignores))
                }
                Kind::Other => false,
            };
            path.truncate(len);
            if hit {
                return true;
            }
        }
        false
    }

    /// The tracked entries `lo..hi` under the folder at `path`: its own files `lstat`-ed through
    /// `handle`, each subfolder opened and handed to `next` (walked if it is in `walk_into`).
    #[allow(clippy::too_many_arguments)]
    fn tracked(
        &self,
        path: &[u8],
        handle: &DirHandle,
        lo: usize,
        hi: usize,
        walk_into: &[&[u8]],
        ignores: &IgnoreStack<'a>,
        found: &mut Found,
        next: &mut dyn FnMut(Folder<'a>),
    ) {
        let entries = self.scan.entries;
        let rules = self.scan.rules;
        let mut name_buffer = Vec::new();
        let mut i = lo;
        while i < hi {
            let entry = &entries[i];
            let relative = &entry.path[path.len()..];
            let Some(slash) = relative.iter().position(|&b| b == b'/') else {
                if entry.stage == 0 {
                    let probe =
                        probe_entry(entry, rules, || handle.lstat(relative, &mut name_buffer));
                    found.probes.extend(probe.map(|probe| (i, probe)));
                }
                i += 1;
                continue;
            };
            let name = &relative[..slash];
            let prefix = &entry.path[..path.len() + slash + 1];
            let end = i + entries[i..hi].partition_point(|e| e.path.starts_with(prefix));
            let walk = walk_into.binary_search(&name).is_ok();
            let access = if walk { Access::List } else { Access::Lookup };
            match handle.open_folder(name, &mut name_buffer, access) {
                Ok(sub) => next(Folder {
                    path: prefix.to_vec(),
                    handle: sub,
                    lo: i,
                    hi: end,
                    walk,
                    ignores: ignores.clone(),
                }),
                Err(error) => self.fail(i, end, error.kind(), found),
            }
            i = end;
        }
    }

    /// The entries `lo..hi`, whose folder could not be opened (`kind`), as their `lstat` would fail.
    fn fail(&self, lo: usize, hi: usize, kind: std::io::ErrorKind, found: &mut Found) {
        for (i, entry) in self.scan.entries[lo..hi].iter().enumerate() {
            if entry.stage == 0 {
                let probe = probe_entry(entry, self.scan.rules, || Err(kind.into()));
                found.probes.extend(probe.map(|probe| (lo + i, probe)));
            }
        }
    }

    fn list(&self, path: &[u8], handle: &DirHandle) -> Option<Listing> {
        listing::list(&self.listings, path, handle)
    }

    /// Adds the folder's own `.gitignore`, when its listing has one: no failed lookup in every folder.
    fn push_own_ignores(&self, path: &[u8], listing: &Listing, ignores: &mut IgnoreStack<'a>) {
        if !listing.iter().any(|(name, _)| **name == *b".gitignore") {
            return;
        }
        let mut key = path.to_vec();
        key.extend_from_slice(b".gitignore");
        let file = paths::join(self.scan.root, &key);
        if let Some(list) = listing::lock(&self.ignore_files).load(&key, &file, path, false) {
            ignores.push(list);
        }
    }

    /// The tracked entry (any stage) at exactly `path`.
    fn find(&self, lo: usize, hi: usize, path: &[u8]) -> Option<&'a Entry> {
        let entries = self.scan.entries.get(lo..hi)?;
        entries
            .binary_search_by(|e| e.path.as_ref().cmp(path))
            .ok()
            .map(|i| &entries[i])
    }

    /// The entries below `prefix` (which ends with `/`).
    fn range_under(&self, lo: usize, hi: usize, prefix: &[u8]) -> (usize, usize) {
        let Some(entries) = self.scan.entries.get(lo..hi) else {
            return (hi, hi);
        };
        let start = entries.partition_point(|e| e.path.as_ref() < prefix);
        let len = entries[start..].partition_point(|e| e.path.starts_with(prefix));
        (lo + start, lo + start + len)
    }
}
