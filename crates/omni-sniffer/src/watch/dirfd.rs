//! Directories held open (`O_PATH`), so that a walk finds each one through its parent's inode
//! rather than through a path that a rename elsewhere may have changed meanwhile.
//!
//! `inotify_add_watch` and `opendir` take paths only; `/proc/self/fd/<fd>/.` is a path that
//! names the open directory itself, wherever it has moved. (Its `fd` component is a link the
//! kernel follows as any inner component, so IN_DONT_FOLLOW still holds for the final `.`.)

use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};

use crate::paths;

pub(super) struct DirFd(OwnedFd);

impl DirFd {
    /// A top of the tree, by its path: symlinks on the way are followed (the caller named it).
    pub(super) fn open(path: &Path) -> io::Result<DirFd> {
        let path = c_string(paths::bytes(path))?;
        // SAFETY: `path` is NUL-terminated; the result is checked by `owned`.
        owned(unsafe { libc::open(path.as_ptr(), FLAGS & !libc::O_NOFOLLOW) })
    }

    /// A directory below a top by its path from the top: never through a symlink at its end.
    pub(super) fn open_below(path: &Path) -> io::Result<DirFd> {
        let path = c_string(paths::bytes(path))?;
        // SAFETY: as in `open`.
        owned(unsafe { libc::open(path.as_ptr(), FLAGS) })
    }

    /// The subdirectory `name` of this very directory; a symlink is refused (ENOTDIR).
    pub(super) fn child(&self, name: &[u8]) -> io::Result<DirFd> {
        let name = c_string(name)?;
        // SAFETY: the fd is open and `name` is NUL-terminated; the result is checked by `owned`.
        owned(unsafe { libc::openat(self.0.as_raw_fd(), name.as_ptr(), FLAGS) })
    }

    /// A path naming this directory for as long as it is open.
    pub(super) fn path(&self) -> PathBuf {
        PathBuf::from(format!("/proc/self/fd/{}/.", self.0.as_raw_fd()))
    }
}

/// Opened for lookups only (no read permission needed); listing goes through `path`.
const FLAGS: libc::c_int = libc::O_PATH | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC;

fn c_string(bytes: &[u8]) -> io::Result<CString> {
    CString::new(bytes).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
}

fn owned(fd: libc::c_int) -> io::Result<DirFd> {
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just opened by us and is owned by nothing else.
    Ok(DirFd(unsafe { OwnedFd::from_raw_fd(fd) }))
}

/// Whether this process can name its open directories by path at all (`/proc` mounted).
pub(super) fn available() -> bool {
    Path::new("/proc/self/fd").is_dir()
}
