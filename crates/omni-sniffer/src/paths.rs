//! Repository paths are bytes (`/`-separated, relative to the root); these helpers turn
//! them into file-system paths and into the strings a snapshot reports.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// The file-system path of a repository-relative path.
pub(crate) fn join(root: &Path, relative: &[u8]) -> PathBuf {
    root.join(OsStr::from_bytes(relative))
}

/// A repository path as a snapshot reports it: invalid UTF-8 replaced by U+FFFD (the contract).
pub(crate) fn display(relative: &[u8]) -> String {
    String::from_utf8_lossy(relative).into_owned()
}

/// The bytes of a file-system path.
pub(crate) fn bytes(path: &Path) -> &[u8] {
    path.as_os_str().as_bytes()
}
