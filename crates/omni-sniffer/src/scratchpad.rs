//! The scratchpad line counter of the contract: `\n` bytes, plus one for a last line without
//! one, read with a fixed buffer so a huge file is never held in memory. Only a regular file is
//! read (see `regular_file`): a FIFO or `/dev/zero` there would hang the snapshot.

use std::fs;
use std::io::{self, ErrorKind, Read};
use std::path::Path;

use omni_types::ContextStatus;

use crate::regular_file;

const BUFFER: usize = 64 * 1024;

/// Lines in the regular file at `path`, wherever it leads; a problem gives 0 and says which,
/// never an error.
pub fn count_lines(path: &Path) -> (u64, ContextStatus) {
    let mut file = match regular_file::open_regular(path) {
        Ok(file) => file,
        Err(error) => return (0, failure(&error)),
    };
    let mut buffer = vec![0u8; BUFFER];
    let mut lines = 0u64;
    let mut last = None;
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                lines += buffer[..n].iter().filter(|&&b| b == b'\n').count() as u64;
                last = Some(buffer[n - 1]);
            }
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(_) => return (0, ContextStatus::Unreadable),
        }
    }
    if last.is_some_and(|b| b != b'\n') {
        lines += 1;
    }
    (lines, ContextStatus::Ok)
}

/// The default scratchpad, which comes with the repository: read only when it resolves, symlinks
/// followed, inside `root` (itself symlink-resolved). Where it leads out, the repository's author
/// chose the file, and its line count would tell them about it: `Unreadable`.
pub(crate) fn count_lines_within(path: &Path, root: &Path) -> (u64, ContextStatus) {
    match fs::canonicalize(path) {
        Ok(real) if real.starts_with(root) => count_lines(&real),
        Ok(_) => (0, ContextStatus::Unreadable),
        Err(error) => (0, failure(&error)),
    }
}

fn failure(error: &io::Error) -> ContextStatus {
    match error.kind() {
        ErrorKind::NotFound | ErrorKind::NotADirectory => ContextStatus::Missing,
        _ => ContextStatus::Unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TempDir;
    use std::os::unix::fs::symlink;

    /// Counts the lines of a file holding `content`, in a folder deleted afterwards.
    fn count(content: &[u8]) -> (u64, ContextStatus) {
        let dir = TempDir::new("omni-scratch");
        let path = dir.join("SCRATCHPAD.md");
        std::fs::write(&path, content).unwrap();
        count_lines(&path)
    }

    #[test]
    fn empty_file_has_no_lines() {
        assert_eq!(count(b""), (0, ContextStatus::Ok));
    }

    #[test]
    fn a_last_line_without_newline_counts() {
        assert_eq!(count(b"a\nb"), (2, ContextStatus::Ok));
        assert_eq!(count(b"a\nb\n"), (2, ContextStatus::Ok));
    }

    #[test]
    fn crlf_lines_count_once() {
        assert_eq!(count(b"a\r\nb\r\nc"), (3, ContextStatus::Ok));
    }

    #[test]
    fn only_newlines() {
        assert_eq!(count(b"\n\n\n"), (3, ContextStatus::Ok));
    }

    #[test]
    fn larger_than_the_buffer() {
        let mut content = b"line\n".repeat(BUFFER / 5 * 3 + 7);
        content.extend_from_slice(b"tail");
        let expected = (BUFFER / 5 * 3 + 8) as u64;
        assert_eq!(count(&content), (expected, ContextStatus::Ok));
    }

    #[test]
    fn a_directory_is_unreadable() {
        let dir = TempDir::new("omni-scratch");
        assert_eq!(count_lines(&dir), (0, ContextStatus::Unreadable));
    }

    #[test]
    fn a_missing_file_is_missing() {
        let dir = TempDir::new("omni-scratch");
        let path = dir.join("does-not-exist/SCRATCHPAD.md");
        assert_eq!(count_lines(&path), (0, ContextStatus::Missing));
    }

    #[test]
    fn a_device_is_unreadable() {
        assert_eq!(
            count_lines(Path::new("/dev/zero")),
            (0, ContextStatus::Unreadable)
        );
    }

    /// A worktree `work/` holding `pad.md`, beside a file `outside.md` with three lines.
    fn worktree_and_outside() -> (TempDir, std::path::PathBuf) {
        let dir = TempDir::new("omni-scratch");
        let root = fs::canonicalize(&*dir).unwrap().join("work");
        fs::create_dir(&root).unwrap();
        fs::write(root.join("pad.md"), b"one\ntwo\n").unwrap();
        fs::write(root.join("../outside.md"), b"a\nb\nc\n").unwrap();
        (dir, root)
    }

    #[test]
    fn the_default_path_may_lead_to_a_file_inside_the_worktree() {
        let (_dir, root) = worktree_and_outside();
        symlink("pad.md", root.join("link.md")).unwrap();
        assert_eq!(
            count_lines_within(&root.join("link.md"), &root),
            (2, ContextStatus::Ok)
        );
    }

    #[test]
    fn the_default_path_may_not_lead_out_of_the_worktree() {
        let (_dir, root) = worktree_and_outside();
        symlink("../outside.md", root.join("link.md")).unwrap();
        assert_eq!(
            count_lines_within(&root.join("link.md"), &root),
            (0, ContextStatus::Unreadable)
        );
        // Named by the caller, the same path is read.
        assert_eq!(count_lines(&root.join("link.md")), (3, ContextStatus::Ok));
    }

    #[test]
    fn the_default_path_to_nothing_is_missing() {
        let (_dir, root) = worktree_and_outside();
        symlink("../nothing.md", root.join("link.md")).unwrap();
        assert_eq!(
            count_lines_within(&root.join("link.md"), &root),
            (0, ContextStatus::Missing)
        );
    }
}
