//! The identity of a file's current version, used to trust a cached result.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::platform;

/// Seconds within which a file's timestamps cannot prove it unchanged: a second write in
/// the same clock tick may keep size and times (git's "racy git" problem).
const RACY_SECONDS: i64 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileStamp {
    dev: u64,
    ino: u64,
    mode: u32,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl FileStamp {
    pub(crate) fn of(path: &Path) -> Option<Self> {
        std::fs::metadata(path)
            .ok()
            .map(|meta| Self::from_metadata(&meta))
    }

    pub(crate) fn from_metadata(meta: &std::fs::Metadata) -> Self {
        FileStamp {
            dev: platform::device(meta),
            ino: platform::identity(meta).0,
            mode: platform::mode(meta),
            size: meta.len(),
            mtime: platform::mtime(meta),
            ctime: platform::ctime(meta),
        }
    }

    // `st_dev` and `st_mode` are narrower on macOS (i32, u16) than on Linux.
    #[cfg(unix)]
    #[allow(clippy::unnecessary_cast)]
    pub(crate) fn from_stat(stat: &libc::stat) -> Self {
        FileStamp {
            dev: stat.st_dev as u64,
            ino: stat.st_ino,
            mode: stat.st_mode as u32,
            size: stat.st_size as u64,
            mtime: (stat.st_mtime, stat.st_mtime_nsec),
            ctime: (stat.st_ctime, stat.st_ctime_nsec),
        }
    }

    /// Changed so recently that an equal stamp later would not prove equal content.
    pub(crate) fn is_racy(&self) -> bool {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(i64::MAX);
        self.mtime.0.max(self.ctime.0) + RACY_SECONDS >= now
    }
}
