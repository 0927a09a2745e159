//! The untracked walk, as git's dir.c does it for `git status`: `.git` is never entered,
//! tracked paths and ignored ones are skipped, a nested repository is one entry `dir/`,
//! and in `normal` mode an untracked directory is listed once as `dir/`, and only when
//! it holds something untracked (libgit2 also lists directories of ignored files only).

use std::path::Path;
use std::sync::Arc;

use super::ignore::{IgnoreCache, IgnoreStack, PatternList};
use super::index::Entry;
use super::listing::{Kind, ListingCache};
use crate::{gitdir, paths};

pub(crate) struct Walk<'a> {
    root: &'a Path,
    /// Every index entry, sorted by path: the tracked set, searched by range.
    entries: &'a [Entry],
    /// `all` mode: list each file instead of collapsing untracked directories.
    all: bool,
    stack: IgnoreStack<'a>,
    cache: &'a mut WalkCache,
}

/// What a walk keeps for the next one.
#[derive(Default)]
pub(crate) struct WalkCache {
    pub ignore_files: IgnoreCache,
    pub(crate) listings: ListingCache,
}

impl<'a> Walk<'a> {
    pub(crate) fn new(
        root: &'a Path,
        entries: &'a [Entry],
        all: bool,
        globals: &'a [Arc<PatternList>],
        cache: &'a mut WalkCache,
    ) -> Self {
        Walk {
            root,
            entries,
            all,
            stack: IgnoreStack::new(globals),
            cache,
        }
    }

    /// Untracked paths (directories end with `/`), in no particular order.
    pub(crate) fn run(mut self) -> Vec<Vec<u8>> {
        self.cache.listings.begin();
        let mut out = Vec::new();
        let mut dir = Vec::new();
        self.walk_dir(&mut dir, 0, self.entries.len(), false, &mut out);
        out
    }

    /// Walks `dir` (empty or ending with `/`), whose tracked entries are `lo..hi`.
    /// With `check_only`, stops at the first untracked path and reports only whether
    /// there was one (git's check for an untracked directory worth showing).
    fn walk_dir(
        &mut self,
        dir: &mut Vec<u8>,
        lo: usize,
        hi: usize,
        check_only: bool,
        out: &mut Vec<Vec<u8>>,
    ) -> bool {
        // An unreadable directory is skipped silently, as git does.
        let Some(listing) = self.cache.listings.list(dir, &paths::join(self.root, dir)) else {
            return false;
        };
        // Only a listed `.gitignore` is read: no failed lookup in every directory.
        let own = listing
            .iter()
            .any(|(name, _)| **name == *b".gitignore")
            .then(|| {
                let mut key = dir.clone();
                key.extend_from_slice(b".gitignore");
                self.cache
                    .ignore_files
                    .load(&key, &paths::join(self.root, &key), dir, false)
            });
        let pushed = matches!(own, Some(Some(_)));
        if let Some(Some(list)) = own {
            self.stack.push(list);
        }
        let found = self.walk_entries(dir, &listing, lo, hi, check_only, out);
        if pushed {
            self.stack.pop();
        }
        found
    }

    fn walk_entries(
        &mut self,
        dir: &mut Vec<u8>,
        listing: &[(Box<[u8]>, Kind)],
        lo: usize,
        hi: usize,
        check_only: bool,
        out: &mut Vec<Vec<u8>>,
    ) -> bool {
        let mut found = false;
        for (name, kind) in listing {
            if **name == *b".git" {
                continue;
            }
            let len = dir.len();
            dir.extend_from_slice(name);
            let hit = match kind {
                Kind::Dir => self.visit_dir(dir, lo, hi, check_only, out),
                Kind::File => {
                    let untracked =
                        self.find(lo, hi, dir).is_none() && !self.stack.is_excluded(dir, false);
                    if untracked && !check_only {
                        out.push(dir.clone());
                    }
                    untracked
                }
                Kind::Other => false,
            };
            dir.truncate(len);
            found |= hit;
            if found && check_only {
                return true;
            }
        }
        found
    }

    /// `path` (no trailing slash) is a directory on disk.
    fn visit_dir(
        &mut self,
        path: &mut Vec<u8>,
        lo: usize,
        hi: usize,
        check_only: bool,
        out: &mut Vec<Vec<u8>>,
    ) -> bool {
        let tracked_here = self.find(lo, hi, path);
        if tracked_here.is_some_and(Entry::is_gitlink) {
            return false;
        }
        if self.stack.is_excluded(path, true) {
            // Nothing below an ignored directory is untracked, even beside tracked files.
            return false;
        }
        path.push(b'/');
        let (sub_lo, sub_hi) = self.range_under(lo, hi, path);
        if sub_lo < sub_hi {
            return self.walk_dir(path, sub_lo, sub_hi, check_only, out);
        }
        let shown = if gitdir::is_nonbare_repository_dir(&paths::join(self.root, path)) {
            true
        } else if self.all && !check_only {
            return self.walk_dir(path, sub_hi, sub_hi, false, out);
        } else {
            self.walk_dir(path, sub_hi, sub_hi, true, out)
        };
        // git drops `dir/` when `dir` itself is tracked (a file replaced by a directory:
        // index_name_is_other), though `all` mode lists the files inside.
        if shown && !check_only && tracked_here.is_none() {
            out.push(path.clone());
        }
        shown
    }

    /// The tracked entry (any stage) at exactly `path`.
    fn find(&self, lo: usize, hi: usize, path: &[u8]) -> Option<&'a Entry> {
        let entries = self.entries.get(lo..hi)?;
        entries
            .binary_search_by(|e| e.path.as_ref().cmp(path))
            .ok()
            .map(|i| &entries[i])
    }

    /// The entries below `prefix` (which ends with `/`).
    fn range_under(&self, lo: usize, hi: usize, prefix: &[u8]) -> (usize, usize) {
        let Some(entries) = self.entries.get(lo..hi) else {
            return (hi, hi);
        };
        let start = entries.partition_point(|e| e.path.as_ref() < prefix);
        let len = entries[start..].partition_point(|e| e.path.starts_with(prefix));
        (lo + start, lo + start + len)
    }
}
