//! The scratchpad line counter of the contract: `\n` bytes, plus one for a last line without
//! one, read with a fixed buffer so a huge file is never held in memory.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;

use omni_types::ContextStatus;

const BUFFER: usize = 64 * 1024;

/// Lines in the file at `path`; a problem gives 0 and says which, never an error.
pub fn count_lines(path: &Path) -> (u64, ContextStatus) {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(error) if matches!(error.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return (0, ContextStatus::Missing)
        }
        Err(_) => return (0, ContextStatus::Unreadable),
    };
    match file.metadata() {
        Ok(meta) if !meta.is_dir() => {}
        _ => return (0, ContextStatus::Unreadable),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TempDir;

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
}
