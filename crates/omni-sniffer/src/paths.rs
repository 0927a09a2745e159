//! Repository paths are bytes (`/`-separated, relative to the root); these helpers turn
//! them into file-system paths and into the strings a snapshot reports.

use std::path::{Path, PathBuf};

/// The file-system path of a repository-relative path.
#[cfg(unix)]
pub(crate) fn join(root: &Path, relative: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    root.join(std::ffi::OsStr::from_bytes(relative))
}

/// Elsewhere (Windows) git keeps paths as UTF-8, and a path that is not cannot be named at all.
#[cfg(not(unix))]
pub(crate) fn join(root: &Path, relative: &[u8]) -> PathBuf {
    root.join(&*String::from_utf8_lossy(relative))
}

/// A repository path as a snapshot reports it: invalid UTF-8 replaced by U+FFFD (the contract).
pub(crate) fn display(relative: &[u8]) -> String {
    String::from_utf8_lossy(relative).into_owned()
}

/// The bytes of a file-system path (on Windows its WTF-8 form: UTF-8 for any valid name).
pub(crate) fn bytes(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}
