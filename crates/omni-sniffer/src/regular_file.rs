//! Opening a file whose kind a repository's author may have chosen. A FIFO blocks `open()` until a
//! writer comes, a read of `/dev/zero` never ends, and opening some devices does something by
//! itself (a tape rewinds, a watchdog arms): only a regular file is ever read, and nothing else is
//! even opened when a `stat` can tell beforehand.

use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind};
use std::path::Path;

/// The regular file at `path` (symlinks followed), open for reading. Anything else is an error of
/// kind `InvalidInput`; a missing path keeps the system's `NotFound` / `NotADirectory`.
pub(crate) fn open_regular(path: &Path) -> io::Result<File> {
    if !fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    open_checked(path, true)
}

/// The regular file at `path` itself, never through a symlink, open for reading.
pub(crate) fn open_regular_no_follow(path: &Path) -> io::Result<File> {
    if !fs::symlink_metadata(path)?.is_file() {
        return Err(not_regular());
    }
    open_checked(path, false)
}

/// The whole content of the regular file at `path`. With `follow` false a symlink is refused too:
/// git reads an in-tree `.gitignore` with O_NOFOLLOW (dir.c, since 2.32), so a repository cannot
/// point one at `/dev/zero` or at a file of the user's.
pub(crate) fn read_regular(path: &Path, follow: bool) -> io::Result<Vec<u8>> {
    let meta = if follow {
        fs::metadata(path)?
    } else {
        fs::symlink_metadata(path)?
    };
    if !meta.is_file() {
        return Err(not_regular());
    }
    let mut file = open_checked(path, follow)?;
    let mut content = Vec::with_capacity(meta.len() as usize);
    io::Read::read_to_end(&mut file, &mut content)?;
    Ok(content)
}

/// The path may have been swapped since the stat: O_NONBLOCK keeps a FIFO from blocking the open,
/// O_NOCTTY a terminal from becoming ours, O_NOFOLLOW (unless `follow`) a symlink from being
/// followed, and the descriptor's own fstat decides. (std opens with O_CLOEXEC already: no child
/// process inherits the descriptor.)
fn open_checked(path: &Path, follow: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if follow { 0 } else { libc::O_NOFOLLOW };
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | nofollow);
    }
    // Windows has no FIFO a path can turn into; a symlink is opened as itself, not its target.
    #[cfg(windows)]
    if !follow {
        use std::os::windows::fs::OpenOptionsExt;
        const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
        options.custom_flags(FILE_FLAG_OPEN_REPARSE_POINT);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

fn not_regular() -> io::Error {
    io::Error::new(ErrorKind::InvalidInput, "not a regular file")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TempDir;
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::sync::mpsc;
    use std::time::Duration;

    fn kind(result: io::Result<File>) -> Option<ErrorKind> {
        result.err().map(|e| e.kind())
    }

    #[test]
    fn a_regular_file_opens() {
        let dir = TempDir::new("omni-regular");
        let path = dir.join("file.txt");
        fs::write(&path, b"x").unwrap();
        assert_eq!(kind(open_regular(&path)), None);
    }

    #[test]
    fn read_regular_refuses_a_symlink_unless_told_to_follow() {
        let dir = TempDir::new("omni-regular");
        let target = dir.join("rules.txt");
        fs::write(&target, b"ignored.txt\n").unwrap();
        let link = dir.join(".gitignore");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(read_regular(&link, true).unwrap(), b"ignored.txt\n");
        assert_eq!(
            read_regular(&link, false).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
        std::os::unix::fs::symlink("/dev/zero", dir.join("zero")).unwrap();
        assert_eq!(
            read_regular(&dir.join("zero"), true).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }

    #[test]
    fn a_symlink_to_a_regular_file_opens() {
        let dir = TempDir::new("omni-regular");
        fs::write(dir.join("file.txt"), b"x").unwrap();
        std::os::unix::fs::symlink("file.txt", dir.join("link")).unwrap();
        assert_eq!(kind(open_regular(&dir.join("link"))), None);
    }

    #[test]
    fn a_directory_a_device_and_a_missing_path_are_refused() {
        let dir = TempDir::new("omni-regular");
        assert_eq!(kind(open_regular(&dir)), Some(ErrorKind::InvalidInput));
        assert_eq!(
            kind(open_regular(Path::new("/dev/zero"))),
            Some(ErrorKind::InvalidInput)
        );
        assert_eq!(
            kind(open_regular(&dir.join("none"))),
            Some(ErrorKind::NotFound)
        );
    }

    #[test]
    fn a_fifo_swapped_in_after_the_stat_is_refused_without_blocking() {
        let dir = TempDir::new("omni-regular");
        let fifo = dir.join("fifo");
        let c_path = CString::new(fifo.as_os_str().as_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
        // On another thread: a blocking open would never return, and must fail the test, not hang it.
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || sender.send(kind(open_checked(&fifo, true))));
        let outcome = receiver.recv_timeout(Duration::from_secs(5));
        assert_eq!(outcome, Ok(Some(ErrorKind::InvalidInput)));
    }

    #[test]
    fn a_device_swapped_in_after_the_stat_is_refused() {
        assert_eq!(
            kind(open_checked(Path::new("/dev/zero"), true)),
            Some(ErrorKind::InvalidInput)
        );
    }
}
