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
