//! What changed in a worktree since a kept sniffer's last snapshot, from Linux inotify.
//!
//! Why inotify read here, and not the `notify` crate: a snapshot must be exact. The kernel
//! queues an inotify event during the system call that made the change, so a non-blocking
//! read of the descriptor at the start of a snapshot ([`TreeWatch::drain`]) sees every change
//! that completed before the snapshot started. `notify` reads the descriptor on a thread of its
//! own and hands events over a channel: a change made just before the call may not have reached
//! the channel yet, and the snapshot built on it would be stale.
//!
//! Every directory of the worktree is watched (ignored ones too: exactness first), except any
//! entry named `.git` (the root's git dir or gitfile, nested repositories' git dirs) and the git
//! directories themselves wherever they are. The git directories passed in are watched at their
//! top and in `refs/`, `logs/`, `info/` (`info/exclude` and `info/sparse-checkout` feed the
//! status) and the operation folders (`rebase-merge/`, `rebase-apply/`, `sequencer/`), never in
//! `objects/`: objects are immutable, and a new ref names any new object.
//!
//! How the map from watches to paths stays right: each directory is opened through its parent
//! (`openat` with `O_NOFOLLOW`: no symlink is ever followed; the watch is added through
//! `/proc/self/fd`, so `/proc` must be mounted) and watched before it is listed. A new directory
//! is walked once the queue has been read to its end, from its parent's place in the map by
//! then. A directory renamed within the tree keeps its watches, renamed in the map by prefix;
//! one moved out loses them; one moved in is walked as new. What the map cannot follow (a queue
//! overflow, a rename racing a walk, the root or a git directory moved or deleted, an unmount)
//! makes the watch start over from scratch while that drain answers `rescan`.
//!
//! Start the watch *before* the full scan the drains will be deltas of: a file changed while
//! `start` walks the tree may be changed before its directory got its watch.
//!
//! What inotify cannot see, so a caller that needs these exact must check them by other means:
//! writes through a shared `mmap` (no event at all); a file changed through a hard link whose
//! other name is outside the tree; changes made by another machine on a network or FUSE file
//! system; anything inside a nested repository's or submodule's git directory (its HEAD or
//! index: not watched, as asked), and files outside the repository (`core.excludesFile`,
//! the global config); the root's path changing because a folder above it was renamed.
//!
//! Linux only: elsewhere [`TreeWatch::start`] says [`Unwatched::Unsupported`].

#[cfg(target_os = "linux")]
mod dirfd;
#[cfg(target_os = "linux")]
mod events;
#[cfg(target_os = "linux")]
mod inotify;
#[cfg(target_os = "linux")]
mod live;
#[cfg(all(test, target_os = "linux"))]
mod tests;
#[cfg(target_os = "linux")]
mod tree;

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

/// What a watch may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WatchLimits {
    /// Directories watched, git ones included; one more and the watch is not worth its memory.
    pub max_dirs: usize,
}

impl Default for WatchLimits {
    fn default() -> Self {
        WatchLimits { max_dirs: 100_000 }
    }
}

/// Why there is no watch: the caller then rescans in full on every call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(target_os = "linux"), allow(dead_code))] // Elsewhere only `Unsupported` is said.
pub(crate) enum Unwatched {
    /// Not Linux.
    #[cfg_attr(target_os = "linux", allow(dead_code))]
    Unsupported,
    /// `inotify_init1` failed with this errno: EMFILE when the user's `max_user_instances`
    /// (128 by default) are all taken.
    NoInstance(i32),
    /// `inotify_add_watch` said ENOSPC: the user's `max_user_watches` is used up.
    WatchLimit,
    /// More directories than [`WatchLimits::max_dirs`].
    TooManyDirs,
    /// A directory that must be watched cannot be, for this errno (EACCES; ENOENT when the
    /// root or a git directory is gone, ...).
    CannotWatch(i32),
    /// One directory reached by two paths (a bind mount inside the tree): its events would
    /// name only one of them.
    Aliased,
    /// `/proc` is not mounted: directories cannot be watched through open handles.
    NoProc,
}

impl Unwatched {
    pub(crate) fn reason(self) -> &'static str {
        match self {
            Unwatched::Unsupported => "inotify is Linux only",
            Unwatched::NoInstance(_) => "no inotify instance (fs.inotify.max_user_instances?)",
            Unwatched::WatchLimit => "out of inotify watches (fs.inotify.max_user_watches)",
            Unwatched::TooManyDirs => "more directories than the watch limit",
            Unwatched::CannotWatch(_) => "a directory cannot be watched",
            Unwatched::Aliased => "a directory is reachable by two paths (bind mount?)",
            Unwatched::NoProc => "/proc is not mounted",
        }
    }
}

impl fmt::Display for Unwatched {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Unwatched::NoInstance(errno) | Unwatched::CannotWatch(errno) => write!(
                f,
                "{}: {}",
                self.reason(),
                std::io::Error::from_raw_os_error(errno)
            ),
            _ => f.write_str(self.reason()),
        }
    }
}

/// What changed since the previous drain (or since `start`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Changes {
    /// Nothing can be trusted: the queue overflowed, a new directory could not be watched, the
    /// root or a git directory was moved, deleted or unmounted, a read failed. The caller must
    /// rescan everything; `git` is then true too and `paths` and `dirs` are empty. The watch has
    /// already started over (see [`TreeWatch::lost`] for when it could not).
    pub rescan: bool,
    /// Something under one of the git directories changed (HEAD, index, refs, packed-refs,
    /// logs/refs/stash, MERGE_HEAD, rebase-merge/, info/exclude, ...), or the root's `.git` entry.
    pub git: bool,
    /// Worktree paths (relative to the root, `/`-separated bytes) that had an event: a file
    /// created, modified, attrib-changed, deleted or moved; a directory created, deleted, moved
    /// in or out, or attrib-changed. A directory stands for its whole subtree: files created in a
    /// new directory before its watch existed give no event of their own. Never the root itself.
    pub paths: BTreeSet<Vec<u8>>,
    /// Directories whose listing changed (an entry created, deleted, moved in or out), relative
    /// to the root (`""` for the root): what the untracked walk must list again.
    pub dirs: BTreeSet<Vec<u8>>,
}

impl Changes {
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        !self.rescan && !self.git && self.paths.is_empty() && self.dirs.is_empty()
    }

    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    fn everything() -> Changes {
        Changes {
            rescan: true,
            git: true,
            ..Changes::default()
        }
    }
}

/// An inotify watch over one worktree and its git directories. Send: a kept sniffer holds it
/// behind its mutex.
pub(crate) struct TreeWatch {
    #[cfg(target_os = "linux")]
    live: live::Watch,
    #[cfg(not(target_os = "linux"))]
    never: std::convert::Infallible,
}

impl TreeWatch {
    /// Watches `root` (absolute, symlinks resolved) and `git_dirs` (the git dir and the common
    /// dir; they may be the same). `Err` says why no watch can be had: the caller then rescans
    /// in full on every call.
    pub(crate) fn start(
        root: &Path,
        git_dirs: &[&Path],
        limits: WatchLimits,
    ) -> Result<TreeWatch, Unwatched> {
        #[cfg(target_os = "linux")]
        {
            live::Watch::start(root, git_dirs, limits).map(|live| TreeWatch { live })
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = (root, git_dirs, limits);
            Err(Unwatched::Unsupported)
        }
    }

    /// Reads every queued event without blocking and says what changed since the last drain.
    pub(crate) fn drain(&mut self) -> Changes {
        #[cfg(target_os = "linux")]
        {
            self.live.drain()
        }
        #[cfg(not(target_os = "linux"))]
        {
            match self.never {}
        }
    }

    /// A descriptor that polls readable while events are queued, until the next drain; `None`
    /// when the watch is lost. A drain that starts the watch over makes it stale (it never polls
    /// readable again): take a new one after each drain.
    #[cfg(target_os = "linux")]
    pub(crate) fn waker(&self) -> Option<std::os::fd::OwnedFd> {
        self.live.waker()
    }

    /// Why the watch is gone for good, when it is: it had to start over (after a `rescan`) and
    /// could not. Every drain then says `rescan`; drop it, or start another later.
    pub(crate) fn lost(&self) -> Option<Unwatched> {
        #[cfg(target_os = "linux")]
        {
            self.live.lost()
        }
        #[cfg(not(target_os = "linux"))]
        {
            match self.never {}
        }
    }
}
