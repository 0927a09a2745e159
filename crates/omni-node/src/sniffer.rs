//! `Sniffer`: the kept sniffer behind each binding's JavaScript `Sniffer` class. Making one never
//! fails and never touches the disk; the first snapshot opens the repository, so a bad path is
//! reported by `snapshot()` (off the JavaScript thread for a promise), as the reference does.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use omni_sniffer::{EnvironmentSnapshot, OmniResult, OmniSniffer, SnapshotOptions};

use crate::Job;

pub struct Sniffer {
    path: PathBuf,
    options: SnapshotOptions,
    opened: OnceLock<OmniSniffer>,
}

impl Sniffer {
    pub fn new(path: impl Into<PathBuf>, options: SnapshotOptions) -> Arc<Self> {
        Arc::new(Sniffer {
            path: path.into(),
            options,
            opened: OnceLock::new(),
        })
    }

    pub fn get_snapshot(&self) -> OmniResult<EnvironmentSnapshot> {
        if let Some(sniffer) = self.opened.get() {
            return sniffer.get_snapshot();
        }
        let sniffer = OmniSniffer::new(&self.path, self.options.clone())?;
        // Two first calls may race to open; the loser's sniffer is dropped and both use the winner's.
        self.opened.get_or_init(|| sniffer).get_snapshot()
    }

    /// One snapshot of this sniffer, as a job a binding can run now or in the background.
    pub fn job(self: &Arc<Self>) -> Job {
        let sniffer = Arc::clone(self);
        Box::new(move || sniffer.get_snapshot())
    }
}
