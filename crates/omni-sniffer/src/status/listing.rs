//! Directory listings kept between snapshots: a directory whose stamp has not changed
//! has the same entries (creating, deleting or renaming an entry changes the
//! directory's mtime; editing a file does not, and needs no new listing). This is the
//! trust git's untracked cache places in a directory's stat; it spares a kept sniffer
//! most of the untracked walk's `readdir` calls.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::fs_at::{DirHandle, Entries};
use super::stamp::FileStamp;

/// A folder's entries, shared between the walk and the cache.
pub(crate) type Listing = Arc<Entries>;

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

    /// The listing of `dir` kept from the previous walk, if the folder's stamp is still `stamp`.
    fn reuse(&mut self, dir: &[u8], stamp: FileStamp) -> Option<Listing> {
        let (known, listing) = self.previous.remove(dir)?;
        (known == stamp).then(|| {
            self.current.insert(dir.into(), (stamp, listing.clone()));
            listing
        })
    }

    fn keep(&mut self, dir: &[u8], stamp: FileStamp, listing: &Listing) {
        // Stamped before reading; a directory changed in the same tick may keep its stamp.
        if !stamp.is_racy() {
            self.current.insert(dir.into(), (stamp, listing.clone()));
        }
    }
}

/// The entries of folder `dir`, open at `handle`, through `cache` (shared by the threads of one
/// walk); `None` when it cannot be read.
pub(crate) fn list(
    cache: &Mutex<&mut ListingCache>,
    dir: &[u8],
    handle: &DirHandle,
) -> Option<Listing> {
    let one_shot = lock(cache).one_shot;
    if one_shot {
        return read(handle);
    }
    let stamp = handle.stamp()?;
    if let Some(listing) = lock(cache).reuse(dir, stamp) {
        return Some(listing);
    }
    let listing = read(handle)?;
    lock(cache).keep(dir, stamp, &listing);
    Some(listing)
}

/// A cache's lock; a thread that panicked holding it left nothing half-written (each change is
/// one map insertion or removal).
pub(crate) fn lock<'m, T>(mutex: &'m Mutex<T>) -> MutexGuard<'m, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn read(handle: &DirHandle) -> Option<Listing> {
    handle.list().ok().map(Arc::new)
}
