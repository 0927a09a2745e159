//! `lstat` relative to an open directory (`openat` + `fstatat`), so the kernel resolves
//! one component per file instead of the whole path from the root.

use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::Path;

use crate::paths;

/// Linux can open a directory for lookups alone, without read permission on it.
#[cfg(any(target_os = "linux", target_os = "android"))]
const LOOKUP_ONLY: libc::c_int = libc::O_PATH;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
const LOOKUP_ONLY: libc::c_int = libc::O_RDONLY;

/// An open handle on a directory, only good for looking things up inside it.
pub(crate) struct DirHandle(OwnedFd);

impl DirHandle {
    pub(crate) fn open(path: &Path) -> io::Result<Self> {
        let path = CString::new(paths::bytes(path))
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
        // SAFETY: `path` is a valid NUL-terminated string; the result is checked below.
        let fd = unsafe {
            libc::open(
                path.as_ptr(),
                LOOKUP_ONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
            )
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` was just opened by us and is owned by nothing else.
        Ok(DirHandle(unsafe { OwnedFd::from_raw_fd(fd) }))
    }

    /// The folder `name` (one component) in this one, never through a symlink: a symlink, a
    /// file or nothing there is `NotFound`.
    pub(crate) fn open_folder(&self, name: &[u8], buffer: &mut Vec<u8>) -> io::Result<Self> {
        if name.contains(&0) {
            return Err(io::Error::from(io::ErrorKind::InvalidInput));
        }
        buffer.clear();
        buffer.extend_from_slice(name);
        buffer.push(0);
        // SAFETY: the fd is open and `buffer` is NUL-terminated; the result is checked below.
        let fd = unsafe {
            libc::openat(
                self.0.as_raw_fd(),
                buffer.as_ptr().cast(),
                LOOKUP_ONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC,
            )
        };
        if fd < 0 {
            let error = io::Error::last_os_error();
            return Err(match error.raw_os_error() {
                Some(libc::ENOENT | libc::ENOTDIR | libc::ELOOP) => {
                    io::Error::from(io::ErrorKind::NotFound)
                }
                _ => error,
            });
        }
        // SAFETY: `fd` was just opened by us and is owned by nothing else.
        Ok(DirHandle(unsafe { OwnedFd::from_raw_fd(fd) }))
    }

    /// `lstat` of `name` (one component, NUL-terminated by the caller's buffer) in this directory.
    pub(crate) fn lstat(&self, name: &[u8], buffer: &mut Vec<u8>) -> io::Result<libc::stat> {
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
        Ok(stat)
    }
}

/// What a folder entry is, as the listing says it (or one `lstat` when the file system does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryType {
    Dir,
    File,
    Symlink,
    Other,
}

/// The entries of the folder at `path` (not `.` and `..`), read with `getdents64` on one
/// descriptor: no `opendir` bookkeeping (its `fstat`), and the type from the listing itself.
#[cfg(target_os = "linux")]
pub(crate) fn list_folder(path: &Path) -> io::Result<Vec<(Box<[u8]>, EntryType)>> {
    let c_path = CString::new(paths::bytes(path))
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    // SAFETY: `c_path` is NUL-terminated; the result is checked below.
    let fd = unsafe {
        libc::open(
            c_path.as_ptr(),
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NONBLOCK | libc::O_CLOEXEC,
        )
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just opened by us and is owned by nothing else.
    let dir = DirHandle(unsafe { OwnedFd::from_raw_fd(fd) });
    let mut buffer = vec![0u8; 32 * 1024];
    let mut entries = Vec::new();
    let mut name_buffer = Vec::new();
    loop {
        // SAFETY: the fd is open and `buffer` is writable for its length.
        let read = unsafe {
            libc::syscall(
                libc::SYS_getdents64,
                dir.0.as_raw_fd(),
                buffer.as_mut_ptr(),
                buffer.len(),
            )
        };
        if read < 0 {
            return Err(io::Error::last_os_error());
        }
        if read == 0 {
            return Ok(entries);
        }
        let mut offset = 0usize;
        let read = read as usize;
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
            if name == b"." || name == b".." {
                continue;
            }
            let kind = match d_type {
                libc::DT_DIR => EntryType::Dir,
                libc::DT_REG => EntryType::File,
                libc::DT_LNK => EntryType::Symlink,
                libc::DT_UNKNOWN => match dir.lstat(name, &mut name_buffer) {
                    Ok(stat) => match stat.st_mode & libc::S_IFMT {
                        libc::S_IFDIR => EntryType::Dir,
                        libc::S_IFREG => EntryType::File,
                        libc::S_IFLNK => EntryType::Symlink,
                        _ => EntryType::Other,
                    },
                    // Gone since it was listed.
                    Err(_) => continue,
                },
                _ => EntryType::Other,
            };
            entries.push((name.into(), kind));
        }
    }
}

/// Elsewhere, the standard library's listing.
#[cfg(not(target_os = "linux"))]
pub(crate) fn list_folder(path: &Path) -> io::Result<Vec<(Box<[u8]>, EntryType)>> {
    std::fs::read_dir(path)?
        .flatten()
        .map(|item| {
            let t = item.file_type()?;
            let kind = if t.is_dir() {
                EntryType::Dir
            } else if t.is_file() {
                EntryType::File
            } else if t.is_symlink() {
                EntryType::Symlink
            } else {
                EntryType::Other
            };
            Ok((paths::bytes(Path::new(&item.file_name())).into(), kind))
        })
        .collect()
}
