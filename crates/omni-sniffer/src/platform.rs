//! What a file's metadata says, where systems spell it differently: Unix's `stat` fields, and on
//! Windows what Git for Windows puts in their place (its `mingw_lstat`): no device, inode, owner
//! or group (all 0), the creation time as `ctime`, and only a file, a folder or a symlink.

use std::fs::Metadata;

/// The file system a file lives on (git stops its discovery at a change of it); 0 where the system
/// does not say, which never stops it.
pub(crate) fn device(meta: &Metadata) -> u64 {
    #[cfg(unix)]
    {
        std::os::unix::fs::MetadataExt::dev(meta)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        0
    }
}

/// Modification time: whole seconds since the Unix epoch, and nanoseconds.
pub(crate) fn mtime(meta: &Metadata) -> (i64, i64) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (meta.mtime(), meta.mtime_nsec())
    }
    #[cfg(windows)]
    {
        filetime(std::os::windows::fs::MetadataExt::last_write_time(meta))
    }
}

/// Status-change time on Unix; creation time on Windows, as Git for Windows records it.
pub(crate) fn ctime(meta: &Metadata) -> (i64, i64) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (meta.ctime(), meta.ctime_nsec())
    }
    #[cfg(windows)]
    {
        filetime(std::os::windows::fs::MetadataExt::creation_time(meta))
    }
}

/// `(inode, owner, group)`: all 0 on Windows, in the index as on disk.
pub(crate) fn identity(meta: &Metadata) -> (u64, u32, u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (meta.ino(), meta.uid(), meta.gid())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        (0, 0, 0)
    }
}

/// The permission and type bits of `st_mode`; on Windows, the type alone with 0644 (0755 for a
/// folder), as Git for Windows makes them up.
pub(crate) fn mode(meta: &Metadata) -> u32 {
    #[cfg(unix)]
    {
        std::os::unix::fs::MetadataExt::mode(meta)
    }
    #[cfg(not(unix))]
    {
        let kind = meta.file_type();
        if kind.is_symlink() {
            0o120777
        } else if kind.is_dir() {
            0o040755
        } else {
            0o100644
        }
    }
}

/// A Windows FILETIME (100 ns ticks since 1601) as seconds and nanoseconds since 1970.
#[cfg(windows)]
fn filetime(ticks: u64) -> (i64, i64) {
    const EPOCH_DIFFERENCE: i64 = 11_644_473_600;
    let ticks = ticks as i64;
    (
        ticks / 10_000_000 - EPOCH_DIFFERENCE,
        (ticks % 10_000_000) * 100,
    )
}
