//! `LazySniffer`: the kept sniffer the Node bindings hand to JavaScript. Constructing it never
//! fails and never touches the disk; the first snapshot opens the repository, so a bad path is
//! reported by `snapshot()` (off the JavaScript thread for a promise), as the reference does.

use std::path::PathBuf;
use std::sync::OnceLock;

use omni_types::{EnvironmentSnapshot, OmniResult, SnapshotOptions};

use crate::OmniSniffer;

pub struct LazySniffer {
    path: PathBuf,
    options: SnapshotOptions,
    opened: OnceLock<OmniSniffer>,
}

impl LazySniffer {
    pub fn new(path: impl Into<PathBuf>, options: SnapshotOptions) -> Self {
        LazySniffer {
            path: path.into(),
            options,
            opened: OnceLock::new(),
        }
    }

    pub fn get_snapshot(&self) -> OmniResult<EnvironmentSnapshot> {
        if let Some(sniffer) = self.opened.get() {
            return sniffer.get_snapshot();
        }
        let sniffer = OmniSniffer::new(&self.path, self.options.clone())?;
        // Two first calls may race to open; the loser's sniffer is dropped and both use the winner's.
        self.opened.get_or_init(|| sniffer).get_snapshot()
    }
}
