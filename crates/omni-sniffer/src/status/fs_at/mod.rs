//! Folders opened relative to their parent, their files `lstat`-ed and their entries listed
//! through the same handle, so the kernel resolves one component per file instead of the whole
//! path from the root (`openat`, `fstatat`, `getdents64` on Unix; `unix.rs`). Windows has no
//! such calls: there a handle is the folder's path (`windows.rs`). Both give the same `Stat`.

#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;

#[cfg(unix)]
pub(crate) use unix::DirHandle;
#[cfg(windows)]
pub(crate) use windows::DirHandle;

use super::stamp::FileStamp;

/// What a folder is opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Lookups inside it only.
    Lookup,
    /// Listing too, where its permissions allow; else lookups only, as `Lookup`.
    List,
}

/// What a folder entry is, as the listing says it (or one `lstat` when the file system does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryType {
    Dir,
    File,
    Symlink,
    Other,
}

/// What `lstat` says of a file, as the index's stat data is compared with it (git's
/// `ie_match_stat`): seconds, 32-bit size and identity as git keeps them, and the full stamp.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stat {
    pub kind: EntryType,
    /// Whether the owner may execute it (the one permission bit git keeps).
    pub executable: bool,
    pub mtime: i64,
    pub ctime: i64,
    pub ino: u64,
    pub uid: u32,
    pub gid: u32,
    pub size: u64,
    pub stamp: FileStamp,
}

/// A folder's entries: their names end to end, each with where it ends and its type (one
/// allocation per folder, not one per name).
#[derive(Debug, Default)]
pub(crate) struct Entries {
    names: Vec<u8>,
    ends: Vec<(usize, EntryType)>,
}

impl Entries {
    fn push(&mut self, name: &[u8], kind: EntryType) {
        self.names.extend_from_slice(name);
        self.ends.push((self.names.len(), kind));
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&[u8], EntryType)> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&(end, kind)| {
            let name = &self.names[start..end];
            start = end;
            (name, kind)
        })
    }
}
