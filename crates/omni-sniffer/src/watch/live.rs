//! The Linux watch: one inotify descriptor with its map of watches, read at each drain, and
//! started over whenever it can no longer be trusted.

use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::dirfd;
use super::inotify::{Inotify, Records, Wd};
use super::tree::Tree;
use super::{Changes, Unwatched, WatchLimits};

/// A read takes many records at once (each is 16 bytes and a name of up to 256).
const BUFFER: usize = 64 * 1024;

/// Reads per drain before giving up on a queue that refills as fast as it is read: 64 MiB of
/// records, about a million events. Past it the drain answers `rescan`, which stays exact.
const MAX_READS: usize = 1024;

/// The watch cannot be trusted any more: it starts over and the caller rescans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Trouble;

pub(super) struct Watch {
    root: PathBuf,
    git_dirs: Vec<PathBuf>,
    limits: WatchLimits,
    buf: Box<[u8]>,
    /// `None` once it could not start over; `lost` says why.
    live: Option<Live>,
    lost: Option<Unwatched>,
    /// Test hook: the next drain behaves as after IN_Q_OVERFLOW.
    #[cfg(test)]
    pub(super) overflow_next: bool,
}

impl Watch {
    pub(super) fn start(
        root: &Path,
        git_dirs: &[&Path],
        limits: WatchLimits,
    ) -> Result<Watch, Unwatched> {
        let git_dirs: Vec<PathBuf> = git_dirs.iter().map(|dir| dir.to_path_buf()).collect();
        let live = Live::start(root, &git_dirs, limits)?;
        Ok(Watch {
            root: root.to_path_buf(),
            git_dirs,
            limits,
            buf: vec![0; BUFFER].into_boxed_slice(),
            live: Some(live),
            lost: None,
            #[cfg(test)]
            overflow_next: false,
        })
    }

    pub(super) fn lost(&self) -> Option<Unwatched> {
        self.lost
    }

    pub(super) fn waker(&self) -> Option<std::os::fd::OwnedFd> {
        self.live.as_ref()?.fd.duplicate().ok()
    }

    #[cfg(test)]
    pub(super) fn live(&self) -> Option<&Live> {
        self.live.as_ref()
    }

    pub(super) fn drain(&mut self) -> Changes {
        let Some(live) = &mut self.live else {
            return Changes::everything();
        };
        let mut changes = Changes::default();
        let pulled = live.pull(&mut self.buf, &mut changes);
        #[cfg(test)]
        let pulled = if std::mem::take(&mut self.overflow_next) {
            Err(Trouble)
        } else {
            pulled
        };
        match pulled {
            Ok(()) if changes.rescan => Changes::everything(),
            Ok(()) => changes,
            Err(Trouble) => {
                self.start_over();
                Changes::everything()
            }
        }
    }

    /// A new descriptor and a new walk. Whatever changes meanwhile, the caller's rescan (which
    /// starts after this returns) sees; from here on the new watch does.
    fn start_over(&mut self) {
        // The old descriptor goes first: its watches count against the same per-user limits.
        self.live = None;
        match Live::start(&self.root, &self.git_dirs, self.limits) {
            Ok(live) => self.live = Some(live),
            Err(reason) => self.lost = Some(reason),
        }
    }
}

pub(super) struct Live {
    pub(super) fd: Inotify,
    pub(super) tree: Tree,
    /// A directory's IN_MOVED_FROM, until the next record says whether its IN_MOVED_TO follows.
    pub(super) moving: Option<super::events::Moving>,
    /// New directories (the watched parent, the name) to walk once the queue is empty.
    pub(super) walks: Vec<(Wd, Vec<u8>)>,
}

impl Live {
    fn start(root: &Path, git_dirs: &[PathBuf], limits: WatchLimits) -> Result<Live, Unwatched> {
        // A folder moved while the walk runs may be met twice, as a bind mount is; only a
        // bind mount is met twice again.
        let mut tries = 1;
        loop {
            match Live::walk(root, git_dirs, limits) {
                Err(Unwatched::Aliased) if tries < 3 => tries += 1,
                started => return started,
            }
        }
    }

    fn walk(root: &Path, git_dirs: &[PathBuf], limits: WatchLimits) -> Result<Live, Unwatched> {
        if !dirfd::available() {
            return Err(Unwatched::NoProc);
        }
        let fd = Inotify::new().map_err(|e| Unwatched::NoInstance(errno(&e)))?;
        let mut tops = vec![root.to_path_buf()];
        let mut ids = Vec::new();
        for dir in git_dirs {
            let meta = std::fs::metadata(dir).map_err(|e| Unwatched::CannotWatch(errno(&e)))?;
            let id = (meta.dev(), meta.ino());
            if !ids.contains(&id) {
                ids.push(id);
                tops.push(dir.clone());
            }
        }
        let mut tree = Tree::new(tops, ids, limits.max_dirs);
        for top in 0..tree.trees() {
            tree.watch_top(&fd, top)?;
        }
        Ok(Live {
            fd,
            tree,
            moving: None,
            walks: Vec::new(),
        })
    }

    /// Every queued record, applied in order, until the queue is empty.
    fn pull(&mut self, buf: &mut [u8], changes: &mut Changes) -> Result<(), Trouble> {
        for _ in 0..MAX_READS {
            let read = match self.fd.read(buf) {
                Ok(read) if read > 0 => read,
                Err(e) if e.kind() != io::ErrorKind::WouldBlock => return Err(Trouble),
                _ => return self.settle(),
            };
            for record in Records::new(&buf[..read]) {
                let event = record.map_err(|_| Trouble)?;
                self.apply(&event, changes)?;
            }
        }
        Err(Trouble)
    }
}

fn errno(error: &io::Error) -> i32 {
    error.raw_os_error().unwrap_or(libc::EIO)
}
