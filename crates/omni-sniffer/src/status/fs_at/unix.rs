//! The Unix handles: `openat`, `fstatat` and (on Linux) `getdents64` on a folder's descriptor.

use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::Path;

use super::{Access, Entries, EntryType, Stat};
use crate::paths;
use crate::status::stamp::FileStamp;

/// Linux can open a directory for lookups alone, without read permission on it.
#[cfg(any(target_os = "linux", target_os = "android"))]
const LOOKUP_ONLY: libc::c_int = libc::O_PATH;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
const LOOKUP_ONLY: libc::c_int = libc::O_RDONLY;

/// An open handle on a directory.
pub(crate) struct DirHandle(OwnedFd);

impl Access {
    fn flags(self) -> libc::c_int {
        match self {
            Access::Lookup => LOOKUP_ONLY,
            Access::List => libc::O_RDONLY | libc::O_NONBLOCK,
        }
    }
}

impl DirHandle {
    pub(crate) fn open(path: &Path, access: Access) -> io::Result<Self> {
        let path = CString::new(paths::bytes(path))
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
        open_with(access, |flags| {
            // SAFETY: `path` is a valid NUL-terminated string; the caller checks the result.
            unsafe { libc::open(path.as_ptr(), flags | libc::O_DIRECTORY | libc::O_CLOEXEC) }
        })
    }

    /// The folder `name` (one component) in this one, never through a symlink: a symlink, a
    /// file or nothing there is `NotFound`.
    pub(crate) fn open_folder(
        &self,
        name: &[u8],
        buffer: &mut Vec<u8>,
        access: Access,
    ) -> io::Result<Self> {
        if name.contains(&0) {
            return Err(io::Error::from(io::ErrorKind::InvalidInput));
        }
        buffer.clear();
        buffer.extend_from_slice(name);
        buffer.push(0);
        let opened = open_with(access, |flags| {
            // SAFETY: the fd is open and `buffer` is NUL-terminated; the caller checks the result.
            unsafe {
                libc::openat(
                    self.0.as_raw_fd(),
                    buffer.as_ptr().cast(),
                    flags | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC,
                )
            }
        });
        opened.map_err(|error| match error.raw_os_error() {
            Some(libc::ENOENT | libc::ENOTDIR | libc::ELOOP) => {
                io::Error::from(io::ErrorKind::NotFound)
            }
            _ => error,
        })
    }

    /// The folder's own stamp (`fstat` of the handle).
    pub(crate) fn stamp(&self) -> Option<FileStamp> {
        // SAFETY: an all-zero `stat` is a valid value of this plain C struct.
        let mut stat: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: the fd is open and `stat` is a valid out pointer.
        let result = unsafe { libc::fstat(self.0.as_raw_fd(), &mut stat) };
        (result == 0).then(|| FileStamp::from_stat(&stat))
    }

    /// `lstat` of `name` (one component, NUL-terminated by the caller's buffer) in this directory.
    pub(crate) fn lstat(&self, name: &[u8], buffer: &mut Vec<u8>) -> io::Result<Stat> {
        if name.contains(&0) {
            return Err(io::Error::from(io::ErrorKind::InvalidInput));
        }
        buffer.clear();
        buffer.extend_from_slice(name);
        buffer.push(0);
        // SAFETY: an all-zero `stat` is a valid value of this plain C struct.
        let mut stat: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: the fd is open, `buffer` is NUL-terminated, `stat` is a valid out pointer.
        let result = unsafe {
            libc::fstatat(
                self.0.as_raw_fd(),
                buffer.as_ptr().cast(),
                &mut stat,
                libc::AT_SYMLINK_NOFOLLOW,
            )
        };
        if result < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Stat::from(&stat))
    }
}

impl From<&libc::stat> for Stat {
    // `st_mode` is u16 on macOS, u32 on Linux; `st_size` is signed.
    #[allow(clippy::unnecessary_cast)]
    fn from(stat: &libc::stat) -> Self {
        let mode = stat.st_mode as u32;
        Stat {
            kind: kind_of_mode(mode),
            executable: mode & 0o100 != 0,
            mtime: stat.st_mtime,
            ctime: stat.st_ctime,
            ino: stat.st_ino,
            uid: stat.st_uid,
            gid: stat.st_gid,
            size: stat.st_size as u64,
            stamp: FileStamp::from_stat(stat),
        }
    }
}

#[allow(clippy::unnecessary_cast)]
fn kind_of_mode(mode: u32) -> EntryType {
    match mode & libc::S_IFMT as u32 {
        m if m == libc::S_IFDIR as u32 => EntryType::Dir,
        m if m == libc::S_IFREG as u32 => EntryType::File,
        m if m == libc::S_IFLNK as u32 => EntryType::Symlink,
        _ => EntryType::Other,
    }
}

/// `open` called with `access`'s flags; a folder that may be searched but not read (`--x`) is
/// opened for lookups, as git still `lstat`s the files in it and lists none.
fn open_with(access: Access, open: impl Fn(libc::c_int) -> libc::c_int) -> io::Result<DirHandle> {
    let mut fd = open(access.flags());
    if fd < 0
        && access == Access::List
        && io::Error::last_os_error().raw_os_error() == Some(libc::EACCES)
    {
        fd = open(Access::Lookup.flags());
    }
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just opened by us and is owned by nothing else.
    Ok(DirHandle(unsafe { OwnedFd::from_raw_fd(fd) }))
}

impl DirHandle {
    /// The folder's entries (not `.` and `..`), read with `getdents64` on this handle: no
    /// `opendir` bookkeeping (its `fstat`), and the type from the listing itself. A handle opened
    /// for lookups only cannot be listed (`EBADF`).
    #[cfg(target_os = "linux")]
    pub(crate) fn list(&self) -> io::Result<Entries> {
        // Not zeroed first: the kernel writes what is read, and a folder is listed per call.
        let mut buffer: Vec<u8> = Vec::with_capacity(32 * 1024);
        let mut entries = Entries::default();
        let mut name_buffer = Vec::new();
        loop {
            // SAFETY: the fd is open and `buffer` is writable for its capacity.
            let read = unsafe {
                libc::syscall(
                    libc::SYS_getdents64,
                    self.0.as_raw_fd(),
                    buffer.as_mut_ptr(),
                    buffer.capacity(),
                )
            };
            if read < 0 {
                return Err(io::Error::last_os_error());
            }
            if read == 0 {
                return Ok(entries);
            }
            let read = (read as usize).min(buffer.capacity());
            // SAFETY: the kernel has written the first `read` bytes.
            unsafe { buffer.set_len(read) };
            let mut offset = 0usize;
            // linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name (NUL-terminated).
            while offset + 19 < read {
                let record = &buffer[offset..read];
                let reclen = u16::from_ne_bytes([record[16], record[17]]) as usize;
                if reclen < 20 || reclen > record.len() {
                    return Err(io::Error::from(io::ErrorKind::InvalidData));
                }
                let d_type = record[18];
                let name_field = &record[19..reclen];
                let name = &name_field[..name_field
                    .iter()
                    .position(|&b| b == 0)
                    .unwrap_or(name_field.len())];
                offset += reclen;
                if let Some(kind) = self.kind(name, d_type, &mut name_buffer) {
                    entries.push(name, kind);
                }
            }
        }
    }

    /// Elsewhere, `readdir` on a duplicate of the handle.
    #[cfg(not(target_os = "linux"))]
    pub(crate) fn list(&self) -> io::Result<Entries> {
        // SAFETY: the fd is open; the duplicate is handed to `fdopendir`, which owns it from then on.
        let dup = unsafe { libc::dup(self.0.as_raw_fd()) };
        if dup < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `dup` is an open descriptor of a directory.
        let dir = unsafe { libc::fdopendir(dup) };
        if dir.is_null() {
            let error = io::Error::last_os_error();
            // SAFETY: `fdopendir` failed, so `dup` is still ours to close.
            unsafe { libc::close(dup) };
            return Err(error);
        }
        let mut entries = Entries::default();
        let mut name_buffer = Vec::new();
        loop {
            // SAFETY: `dir` is an open directory stream.
            let item = unsafe { libc::readdir(dir) };
            if item.is_null() {
                break;
            }
            // SAFETY: `readdir` returned a valid entry whose name is NUL-terminated.
            let (name, d_type) = unsafe {
                (
                    std::ffi::CStr::from_ptr((*item).d_name.as_ptr()).to_bytes(),
                    (*item).d_type,
                )
            };
            if let Some(kind) = self.kind(name, d_type, &mut name_buffer) {
                entries.push(name, kind);
            }
        }
        // SAFETY: `dir` is open and closed once, here.
        unsafe { libc::closedir(dir) };
        Ok(entries)
    }

    /// The type of the listed entry `name`: `None` for `.`, `..` and an entry gone since it was
    /// listed; one `lstat` when the file system gives no type in the listing.
    fn kind(&self, name: &[u8], d_type: u8, buffer: &mut Vec<u8>) -> Option<EntryType> {
        if name == b"." || name == b".." {
            return None;
        }
        Some(match d_type {
            libc::DT_DIR => EntryType::Dir,
            libc::DT_REG => EntryType::File,
            libc::DT_LNK => EntryType::Symlink,
            libc::DT_UNKNOWN => self.lstat(name, buffer).ok()?.kind,
            _ => EntryType::Other,
        })
    }
}
