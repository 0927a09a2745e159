//! Windows has no `openat`: a handle is the folder's path, each `lstat` a `symlink_metadata` of
//! the path below it, and the stat data what Git for Windows records (see `crate::platform`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{Access, Entries, EntryType, Stat};
use crate::platform;
use crate::status::stamp::FileStamp;

pub(crate) struct DirHandle(PathBuf);

impl DirHandle {
    pub(crate) fn open(path: &Path, _access: Access) -> io::Result<Self> {
        if fs::metadata(path)?.is_dir() {
            Ok(DirHandle(path.to_path_buf()))
        } else {
            Err(io::Error::from(io::ErrorKind::NotFound))
        }
    }

    /// The folder `name` in this one, never through a symlink (or junction): anything else there
    /// is `NotFound`.
    pub(crate) fn open_folder(
        &self,
        name: &[u8],
        _buffer: &mut Vec<u8>,
        _access: Access,
    ) -> io::Result<Self> {
        let path = self.0.join(component(name)?);
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => Ok(DirHandle(path)),
            Ok(_) => Err(io::Error::from(io::ErrorKind::NotFound)),
            Err(error) => Err(error),
        }
    }

    pub(crate) fn stamp(&self) -> Option<FileStamp> {
        FileStamp::of(&self.0)
    }

    pub(crate) fn lstat(&self, name: &[u8], _buffer: &mut Vec<u8>) -> io::Result<Stat> {
        let meta = fs::symlink_metadata(self.0.join(component(name)?))?;
        let kind = kind_of(meta.file_type());
        let (ino, uid, gid) = platform::identity(&meta);
        Ok(Stat {
            kind,
            executable: false,
            mtime: platform::mtime(&meta).0,
            ctime: platform::ctime(&meta).0,
            ino,
            uid,
            gid,
            size: if kind == EntryType::Dir {
                0
            } else {
                meta.len()
            },
            stamp: FileStamp::from_metadata(&meta),
        })
    }

    pub(crate) fn list(&self) -> io::Result<Entries> {
        let mut entries = Entries::default();
        for item in fs::read_dir(&self.0)? {
            let item = item?;
            // Gone since it was listed: nothing there.
            let Ok(kind) = item.file_type() else { continue };
            let name = item.file_name();
            entries.push(name.to_string_lossy().as_bytes(), kind_of(kind));
        }
        Ok(entries)
    }
}

/// One path component, as Windows needs it: UTF-8.
fn component(name: &[u8]) -> io::Result<&str> {
    std::str::from_utf8(name).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
}

fn kind_of(kind: fs::FileType) -> EntryType {
    if kind.is_symlink() {
        EntryType::Symlink
    } else if kind.is_dir() {
        EntryType::Dir
    } else if kind.is_file() {
        EntryType::File
    } else {
        EntryType::Other
    }
}
