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

use rustc_hash::FxHashMap;

use super::fs_at::{Access, DirHandle, EntryType};
use super::ignore::{IgnoreCache, IgnoreStack, PatternList};
use super::index::Entry;
use super::listing::{self, Listing, ListingCache};
use super::worktree::{probe_entry, Probe, StatRules};
use crate::{gitdir, paths};

/// Below this many index entries the folders are scanned on the calling thread: handing them to
/// the pool costs more than it saves. From Node, small-real (200 files) took 1.95 ms sync and
/// 2.15 ms async on the calling thread, 1.8 and 2.05 ms on the pool (alternated in one run).
const PARALLEL_ENTRIES: usize = 128;

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
        let mut children = Children::of(&self.scan.entries[lo..hi], lo, path.len());
        // An unreadable folder is not walked, silently, as git does; its files are still compared.
        if let Some(listing) = walk.then(|| self.list(&path, &handle)).flatten() {
            let named = children.by_name();
            self.push_own_ignores(&path, &listing, &mut ignores);
            for (name, kind) in listing.iter() {
                if name == b".git" {
                    continue;
                }
                let child = named.get(name).copied();
                let len = path.len();
                path.extend_from_slice(name);
                match kind {
                    // git lists a symlink as a file, and never follows it.
                    EntryType::File | EntryType::Symlink => {
                        let tracked = child.is_some_and(|c| c.entry.is_some());
                        if !tracked && !ignores.is_excluded(&path, false) {
                            found.untracked.push(path.clone());
                        }
                    }
                    EntryType::Dir => {
                        let entry = child.and_then(|c| c.entry).map(|i| &self.scan.entries[i]);
                        let folder = child.and_then(|c| c.folder);
                        if let Some(at) =
                            self.visit_dir(&handle, &mut path, entry, folder, &ignores, found, next)
                        {
                            children.items[at].walk = true;
                        }
                    }
                    // Sockets, FIFOs, devices: git never lists them.
                    EntryType::Other => {}
                }
                path.truncate(len);
            }
        }
        self.tracked(&path, &handle, &children, &ignores, found, next);
    }

    /// A folder of the listing, at `path` (no trailing slash), with the tracked entry at its path
    /// (`entry`) and the item of its tracked subfolder (`folder`, by position in `Children::items`)
    /// if any: that item when it is walked with its tracked files, else whatever the folder shows
    /// is added to `found`.
    #[allow(clippy::too_many_arguments)]
    fn visit_dir(
        &self,
        parent: &DirHandle,
        path: &mut Vec<u8>,
        entry: Option<&'a Entry>,
        folder: Option<usize>,
        ignores: &IgnoreStack<'a>,
        found: &mut Found,
        next: &mut dyn FnMut(Folder<'a>),
    ) -> Option<usize> {
        if entry.is_some_and(Entry::is_gitlink) || ignores.is_excluded(path, true) {
            // Nothing below an ignored folder is untracked, even beside tracked files.
            return None;
        }
        if folder.is_some() {
            return folder;
        }
        let name_at = path
            .iter()
            .rposition(|&b| b == b'/')
            .map_or(0, |slash| slash + 1);
        let name = path[name_at..].to_vec();
        path.push(b'/');
        let shown = if gitdir::is_nonbare_repository_dir(&paths::join(self.scan.root, path)) {
            true
        } else {
            match parent.open_folder(&name, &mut Vec::new(), Access::List) {
                // Gone or replaced since it was listed: nothing there.
                Err(_) => false,
                Ok(handle) if self.scan.untracked == Untracked::All => {
                    let end = self.scan.entries.len();
                    next(Folder {
                        path: path.clone(),
                        handle,
                        lo: end,
                        hi: end,
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
        if shown && entry.is_none() {
            found.untracked.push(path.clone());
        }
        path.pop();
        None
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
            if name == b".git" {
                continue;
            }
            let len = path.len();
            path.extend_from_slice(name);
            let hit = match kind {
                EntryType::File | EntryType::Symlink => !ignores.is_excluded(path, false),
                EntryType::Dir if ignores.is_excluded(path, true) => false,
                EntryType::Dir => {
                    path.push(b'/');
                    gitdir::is_nonbare_repository_dir(&paths::join(self.scan.root, path))
                        || handle
                            .open_folder(name, &mut Vec::new(), Access::List)
                            .is_ok_and(|sub| self.holds_untracked(&sub, path, &ignores))
                }
                EntryType::Other => false,
            };
            path.truncate(len);
            if hit {
                return true;
            }
        }
        false
    }

    /// The tracked entries under the folder at `path`: its own files `lstat`-ed through `handle`,
    /// each subfolder opened and handed to `next`.
    fn tracked(
        &self,
        path: &[u8],
        handle: &DirHandle,
        children: &Children<'a>,
        ignores: &IgnoreStack<'a>,
        found: &mut Found,
        next: &mut dyn FnMut(Folder<'a>),
    ) {
        let entries = self.scan.entries;
        let rules = self.scan.rules;
        let mut name_buffer = Vec::new();
        for item in &children.items {
            match item.folder {
                None => {
                    let entry = &entries[item.lo];
                    if entry.stage == 0 {
                        let probe =
                            probe_entry(entry, rules, || handle.lstat(item.name, &mut name_buffer));
                        found.probes.extend(probe.map(|probe| (item.lo, probe)));
                    }
                }
                Some(hi) => {
                    let access = if item.walk {
                        Access::List
                    } else {
                        Access::Lookup
                    };
                    match handle.open_folder(item.name, &mut name_buffer, access) {
                        Ok(sub) => next(Folder {
                            path: entries[item.lo].path[..path.len() + item.name.len() + 1]
                                .to_vec(),
                            handle: sub,
                            lo: item.lo,
                            hi,
                            walk: item.walk,
                            ignores: ignores.clone(),
                        }),
                        Err(error) => self.fail(item.lo, hi, error.kind(), found),
                    }
                }
            }
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
        if !listing.iter().any(|(name, _)| name == b".gitignore") {
            return;
        }
        let mut key = path.to_vec();
        key.extend_from_slice(b".gitignore");
        let file = paths::join(self.scan.root, &key);
        if let Some(list) = listing::lock(&self.ignore_files).load(&key, &file, path, false) {
            ignores.push(list);
        }
    }
}

/// What the index holds directly in one folder, in index order: each entry whose path goes no
/// deeper (a file, a symlink, a gitlink; each stage of a conflict), and each subfolder holding
/// tracked entries.
struct Children<'e> {
    items: Vec<Item<'e>>,
}

struct Item<'e> {
    /// The last component of the path.
    name: &'e [u8],
    /// The entry's position; for a subfolder, its first entry's.
    lo: usize,
    /// For a subfolder, the end of its entries.
    folder: Option<usize>,
    /// A subfolder whose listing is walked for untracked files.
    walk: bool,
}

/// What a listed name stands for in the index: the entry at that path and the subfolder item.
#[derive(Clone, Copy)]
struct Child {
    entry: Option<usize>,
    folder: Option<usize>,
}

impl<'e> Children<'e> {
    /// The children of the folder whose entries are `entries` (from position `lo` in the index),
    /// its path being `prefix` bytes long.
    fn of(entries: &'e [Entry], lo: usize, prefix: usize) -> Self {
        let mut items = Vec::new();
        let mut i = 0;
        while i < entries.len() {
            let relative = &entries[i].path[prefix..];
            match relative.iter().position(|&b| b == b'/') {
                None => {
                    items.push(Item {
                        name: relative,
                        lo: lo + i,
                        folder: None,
                        walk: false,
                    });
                    i += 1;
                }
                Some(slash) => {
                    let under = &entries[i].path[..prefix + slash + 1];
                    let end = i + entries[i..].partition_point(|e| e.path.starts_with(under));
                    items.push(Item {
                        name: &relative[..slash],
                        lo: lo + i,
                        folder: Some(lo + end),
                        walk: false,
                    });
                    i = end;
                }
            }
        }
        Children { items }
    }

    /// Each name with what it stands for (a conflict's first stage), for the listing to look up.
    fn by_name(&self) -> FxHashMap<&'e [u8], Child> {
        let mut named: FxHashMap<&[u8], Child> = FxHashMap::default();
        named.reserve(self.items.len());
        for (at, item) in self.items.iter().enumerate() {
            let child = named.entry(item.name).or_insert(Child {
                entry: None,
                folder: None,
            });
            match item.folder {
                None => {
                    child.entry.get_or_insert(item.lo);
                }
                Some(_) => child.folder = Some(at),
            }
        }
        named
    }
}
