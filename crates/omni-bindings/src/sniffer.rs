//! `Sniffer`: the kept sniffer behind each binding's `Sniffer` class. Making one never fails and
//! never touches the disk; the first snapshot opens the repository, so a bad path is reported by
//! `snapshot()` (off the JavaScript thread for a promise), as the reference does. A binding that
//! wants the error at once (Python's constructor) calls `open()`.
//! `close()` lets go of the open sniffer (its watch and caches); a later call opens it again.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use omni_sniffer::{
    ChangeFeed, EnvironmentSnapshot, FeedItem, OmniResult, OmniSniffer, SnapshotOptions,
};

use crate::Job;

pub struct Sniffer {
    path: PathBuf,
    options: SnapshotOptions,
    /// Shared with the calls in flight: `close()` drops this sniffer's hold, the last call its own.
    opened: Mutex<Option<Arc<OmniSniffer>>>,
}

impl Sniffer {
    pub fn new(path: impl Into<PathBuf>, options: SnapshotOptions) -> Arc<Self> {
        Arc::new(Sniffer {
            path: path.into(),
            options,
            opened: Mutex::new(None),
        })
    }

    pub fn get_snapshot(&self) -> OmniResult<EnvironmentSnapshot> {
        self.open()?.get_snapshot()
    }

    /// The open sniffer, opened now if it is not. Concurrent first calls wait for one opening,
    /// which is cheap (the watch starts with the first snapshot, outside this lock).
    pub fn open(&self) -> OmniResult<Arc<OmniSniffer>> {
        let mut opened = self.opened.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(sniffer) = &*opened {
            return Ok(Arc::clone(sniffer));
        }
        let sniffer = Arc::new(OmniSniffer::new(&self.path, self.options.clone())?);
        *opened = Some(Arc::clone(&sniffer));
        Ok(sniffer)
    }

    /// Releases the open sniffer: its inotify watch and caches go once no call uses them.
    pub fn close(&self) {
        self.opened
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
    }

    /// A change feed of this sniffer (see `omni_sniffer::ChangeFeed`): it opens the sniffer on its
    /// own thread, so a wrong path is its first delivery, as the first snapshot's error would be.
    pub fn feed(
        self: &Arc<Self>,
        debounce: Duration,
        deliver: impl FnMut(FeedItem) + Send + 'static,
    ) -> OmniResult<ChangeFeed> {
        let sniffer = Arc::clone(self);
        ChangeFeed::start_with(move || sniffer.open(), debounce, deliver)
    }

    /// One snapshot of this sniffer, as a job a binding can run now or in the background.
    pub fn job(self: &Arc<Self>) -> Job {
        let sniffer = Arc::clone(self);
        Box::new(move || sniffer.get_snapshot())
    }
}
