//! Which directory each watch descriptor stands for, and the walks that add watches.
//!
//! A directory is named by its tree (`WORKTREE`, then one per git directory) and its path
//! relative to that tree's top (`""` for the top). `by_path` always points back: when
//! `by_path[t][p] == wd`, `by_wd[wd] == (t, p)`. The other way may not hold for a while: an
//! empty directory replaced by a rename over it keeps its entry in `by_wd` until the kernel's
//! IN_IGNORED for it is read, though its path already belongs to the directory moved there.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirEntryExt, MetadataExt};
use std::path::PathBuf;

use super::dirfd::DirFd;
use super::inotify::{Inotify, Wd};
use super::Unwatched;
use crate::paths;

pub(super) const WORKTREE: usize = 0;

/// What a git directory holds that a snapshot reads and that can change; `objects/` is left out.
const GIT_SUBDIRS: [&[u8]; 6] = [
    b"refs",
    b"logs",
    b"info",
    b"rebase-merge",
    b"rebase-apply",
    b"sequencer",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Walk {
    /// The first walk: a directory met twice is an alias (a bind mount).
    Start,
    /// A walk of a new subtree while draining.
    Drain,
}

pub(super) struct Tree {
    tops: Vec<PathBuf>,
    by_wd: HashMap<Wd, (usize, Vec<u8>)>,
    by_path: Vec<BTreeMap<Vec<u8>, Wd>>,
    /// (device, inode) of each git directory: never worktree content, wherever it sits.
    git_dirs: Vec<(u64, u64)>,
    max_dirs: usize,
}

impl Tree {
    pub(super) fn new(tops: Vec<PathBuf>, git_dirs: Vec<(u64, u64)>, max_dirs: usize) -> Tree {
        Tree {
            by_path: vec![BTreeMap::new(); tops.len()],
            tops,
            by_wd: HashMap::new(),
            git_dirs,
            max_dirs,
        }
    }

    pub(super) fn trees(&self) -> usize {
        self.tops.len()
    }

    pub(super) fn lookup(&self, wd: Wd) -> Option<(usize, &[u8])> {
        self.by_wd
            .get(&wd)
            .map(|(tree, path)| (*tree, path.as_slice()))
    }

    #[cfg(test)]
    pub(super) fn wd_of(&self, tree: usize, path: &[u8]) -> Option<Wd> {
        self.by_path[tree].get(path).copied()
    }

    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.by_wd.len()
    }

    fn insert(&mut self, tree: usize, path: Vec<u8>, wd: Wd) {
        if let Some((old_tree, old_path)) = self.by_wd.get(&wd) {
            if self.by_path[*old_tree].get(old_path) == Some(&wd) {
                self.by_path[*old_tree].remove(old_path);
            }
        }
        self.by_path[tree].insert(path.clone(), wd);
        self.by_wd.insert(wd, (tree, path));
    }

    pub(super) fn forget(&mut self, wd: Wd) {
        if let Some((tree, path)) = self.by_wd.remove(&wd) {
            if self.by_path[tree].get(&path) == Some(&wd) {
                self.by_path[tree].remove(&path);
            }
        }
    }

    /// The watched directories at and under `path`.
    fn under(&self, tree: usize, path: &[u8]) -> Vec<(Vec<u8>, Wd)> {
        let map = &self.by_path[tree];
        if path.is_empty() {
            return map.iter().map(|(p, wd)| (p.clone(), *wd)).collect();
        }
        let mut found: Vec<(Vec<u8>, Wd)> = map
            .get(path)
            .map(|wd| (path.to_vec(), *wd))
            .into_iter()
            .collect();
        // Not a plain range from `path`: "a/b.c" sorts between "a/b" and "a/b/".
        let prefix = join(path, b"");
        found.extend(
            map.range(prefix.clone()..)
                .take_while(|(p, _)| p.starts_with(&prefix))
                .map(|(p, wd)| (p.clone(), *wd)),
        );
        found
    }

    /// The subtree at `from` now lives at `to` (same tree): watches follow inodes, only their
    /// names change. False when `from` itself had no watch (nothing then says its subtree had).
    pub(super) fn rehome(&mut self, tree: usize, from: &[u8], to: &[u8]) -> bool {
        let moving = self.under(tree, from);
        let watched = moving.first().is_some_and(|(path, _)| path == from);
        for (path, wd) in moving {
            let mut moved = to.to_vec();
            moved.extend_from_slice(&path[from.len()..]);
            self.insert(tree, moved, wd);
        }
        watched
    }

    /// Stops watching the subtree at `path`: it left the tree (or stopped being worktree content).
    pub(super) fn unwatch(&mut self, fd: &Inotify, tree: usize, path: &[u8]) {
        for (_, wd) in self.under(tree, path) {
            // Forgotten first: the IN_IGNORED the removal queues then finds no watch to act on.
            self.forget(wd);
            fd.remove(wd);
        }
    }

    /// Forgets the directory deleted at `path`. It was empty, so anything still mapped under
    /// it is a leftover; the kernel ends the watches itself.
    pub(super) fn deleted(&mut self, tree: usize, path: &[u8]) {
        for (_, wd) in self.under(tree, path) {
            self.forget(wd);
        }
    }

    /// Whether a directory named `name` in `parent` is to be watched at all.
    pub(super) fn watchable(&self, tree: usize, parent: &[u8], name: &[u8]) -> bool {
        if tree == WORKTREE {
            name != b".git"
        } else {
            !parent.is_empty() || GIT_SUBDIRS.contains(&name)
        }
    }

    /// Watches the top of `tree` and every directory under it that is to be watched.
    pub(super) fn watch_top(&mut self, fd: &Inotify, tree: usize) -> Result<(), Unwatched> {
        let top = DirFd::open(&self.tops[tree]).map_err(|e| cannot(&e))?;
        self.walk(fd, tree, top, Vec::new(), Walk::Start)
    }

    /// Watches the directory `name` that appeared in the watched directory `parent`, and every
    /// directory under it. Read once the queue is empty, so that the map has every rename
    /// queued before and `parent`'s path in it is its path now; the parent is opened by that
    /// path, checked to be the watched inode, and the rest is found through it.
    pub(super) fn watch_child(
        &mut self,
        fd: &Inotify,
        parent: Wd,
        name: &[u8],
    ) -> Result<(), Unwatched> {
        // Deleted, or moved out of the tree: nothing of it is to be watched.
        let Some((tree, path)) = self.by_wd.get(&parent).cloned() else {
            return Ok(());
        };
        let opened = if path.is_empty() {
            DirFd::open(&self.tops[tree])
        } else {
            DirFd::open_below(&paths::join(&self.tops[tree], &path))
        };
        // Renamed since the queue was emptied (a rename racing this drain): the map is behind.
        let stale = Unwatched::CannotWatch(libc::ESTALE);
        let dir = opened.map_err(|_| stale)?;
        if fd.add(&dir).ok() != Some(parent) {
            return Err(stale);
        }
        match dir.child(name) {
            Ok(child) => self.walk(fd, tree, child, join(&path, name), Walk::Drain),
            // Gone again: the parent's watch has the event.
            Err(e) if gone(&e) => Ok(()),
            Err(e) => Err(cannot(&e)),
        }
    }

    /// Each directory is watched before it is listed, so a subdirectory created meanwhile is
    /// either listed or reported by an event; and each is opened through its parent, so a
    /// rename of anything above it changes nothing here (the map follows by the rename's events).
    /// Only the directories on the way down are held open.
    fn walk(
        &mut self,
        fd: &Inotify,
        tree: usize,
        top: DirFd,
        path: Vec<u8>,
        walk: Walk,
    ) -> Result<(), Unwatched> {
        let mut seen = HashSet::new();
        let mut stack = vec![self.visit(fd, tree, top, path, walk, &mut seen)?];
        while let Some(frame) = stack.last_mut() {
            let Some(name) = frame.subdirs.pop() else {
                stack.pop();
                continue;
            };
            let dir = match frame.dir.child(&name) {
                Ok(dir) => dir,
                // Gone or replaced since it was listed: the parent's watch has the event.
                Err(e) if gone(&e) => continue,
                Err(e) => return Err(cannot(&e)),
            };
            let path = join(&frame.path, &name);
            let next = self.visit(fd, tree, dir, path, walk, &mut seen)?;
            stack.push(next);
        }
        Ok(())
    }

    fn visit(
        &mut self,
        fd: &Inotify,
        tree: usize,
        dir: DirFd,
        path: Vec<u8>,
        walk: Walk,
        seen: &mut HashSet<Wd>,
    ) -> Result<Frame, Unwatched> {
        let wd = fd.add(&dir).map_err(|e| match e.raw_os_error() {
            Some(libc::ENOSPC) => Unwatched::WatchLimit,
            _ => cannot(&e),
        })?;
        if !seen.insert(wd) {
            return Err(Unwatched::Aliased);
        }
        match self.by_wd.get(&wd) {
            Some((t, p)) if *t == tree && *p == path => {}
            // Moved here by a rename racing this walk: it lives here now (the rename's records,
            // read next, find it already here). Never a top (a git directory moved into the
            // worktree) nor across trees: those are aliases.
            Some((t, p)) if walk == Walk::Drain && *t == tree && !p.is_empty() => {}
            Some(_) => return Err(Unwatched::Aliased),
            None if self.by_wd.len() >= self.max_dirs => return Err(Unwatched::TooManyDirs),
            None => {}
        }
        self.insert(tree, path.clone(), wd);
        let subdirs = self.subdirs(tree, &path, &dir)?;
        Ok(Frame { dir, path, subdirs })
    }

    /// The names of the subdirectories of `dir` (at `path`) that are to be watched.
    fn subdirs(&self, tree: usize, path: &[u8], dir: &DirFd) -> Result<Vec<Vec<u8>>, Unwatched> {
        let mut subdirs = Vec::new();
        for entry in fs::read_dir(dir.path()).map_err(|e| cannot(&e))? {
            let entry = entry.map_err(|e| cannot(&e))?;
            // `file_type` never follows a symlink. An error: the entry is gone already.
            if !entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                continue;
            }
            let name = entry.file_name();
            let name = name.as_bytes();
            if self.watchable(tree, path, name) && !self.is_git_dir(tree, &entry) {
                subdirs.push(name.to_vec());
            }
        }
        Ok(subdirs)
    }

    fn is_git_dir(&self, tree: usize, entry: &fs::DirEntry) -> bool {
        // The inode number comes with the listing; only a match costs an lstat.
        tree == WORKTREE
            && self.git_dirs.iter().any(|&(_, ino)| ino == entry.ino())
            && entry
                .metadata()
                .is_ok_and(|meta| self.git_dirs.contains(&(meta.dev(), meta.ino())))
    }
}

/// `name` in `parent`, `/`-separated; `join(p, b"")` is `p/`, the prefix of everything under it.
pub(super) fn join(parent: &[u8], name: &[u8]) -> Vec<u8> {
    let mut path = Vec::with_capacity(parent.len() + 1 + name.len());
    if !parent.is_empty() {
        path.extend_from_slice(parent);
        path.push(b'/');
    }
    path.extend_from_slice(name);
    path
}

/// A directory's open directory handle with the subdirectories still to visit.
struct Frame {
    dir: DirFd,
    path: Vec<u8>,
    subdirs: Vec<Vec<u8>>,
}

fn gone(error: &io::Error) -> bool {
    matches!(
        error.raw_os_error(),
        Some(libc::ENOENT | libc::ENOTDIR | libc::ELOOP)
    )
}

fn cannot(error: &io::Error) -> Unwatched {
    Unwatched::CannotWatch(error.raw_os_error().unwrap_or(libc::EIO))
}
