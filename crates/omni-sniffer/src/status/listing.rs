//! Directory listings kept between snapshots: a directory whose stamp has not changed
//! has the same entries (creating, deleting or renaming an entry changes the
//! directory's mtime; editing a file does not, and needs no new listing). This is the
//! trust git's untracked cache places in a directory's stat; it spares a kept sniffer
//! most of the untracked walk's `readdir` calls.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::fs_at::{list_folder, EntryType};
use super::stamp::FileStamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Dir,
    /// A regular file or a symlink (git lists both, and never follows the link).
    File,
    /// Sockets, fifos, devices: git never lists them.
    Other,
}

pub(crate) type Listing = Arc<[(Box<[u8]>, Kind)]>;

#[derive(Default)]
pub(crate) struct ListingCache {
    /// A one-shot snapshot keeps nothing: it lists without a `stat` of each folder.
    pub(crate) one_shot: bool,
    /// Listings of the previous walk, taken out as this walk reuses them.
    previous: HashMap<Box<[u8]>, (FileStamp, Listing)>,
    current: HashMap<Box<[u8]>, (FileStamp, Listing)>,
}

impl ListingCache {
    /// Starts a walk: only directories it visits are kept for the next one.
    pub(crate) fn begin(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }

    /// The entries of directory `dir` (at `path`), `None` when it cannot be read.
    pub(crate) fn list(&mut self, dir: &[u8], path: &Path) -> Option<Listing> {
        if self.one_shot {
            return read(path);
        }
        let stamp = FileStamp::of(path)?;
        if let Some((known, listing)) = self.previous.remove(dir) {
            if known == stamp {
                self.current.insert(dir.into(), (stamp, listing.clone()));
                return Some(listing);
            }
        }
        let listing = read(path)?;
        // Stamped before reading; a directory changed in the same tick may keep its stamp.
        if !stamp.is_racy() {
            self.current.insert(dir.into(), (stamp, listing.clone()));
        }
        Some(listing)
    }
}

fn read(path: &Path) -> Option<Listing> {
    let entries = list_folder(path).ok()?;
    Some(
        entries
            .into_iter()
            .map(|(name, kind)| {
                let kind = match kind {
                    EntryType::Dir => Kind::Dir,
                    EntryType::File | EntryType::Symlink => Kind::File,
                    EntryType::Other => Kind::Other,
                };
                (name, kind)
            })
            .collect(),
    )
}
