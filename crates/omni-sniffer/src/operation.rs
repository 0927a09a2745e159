//! The operation in progress, decided as git's long status does (wt_status_get_state,
//! then the order of wt_longstatus_print_state): merge, am, rebase, cherry-pick,
//! revert, bisect. Everything is read from the worktree's own git dir.

use std::fs;
use std::path::Path;

pub(crate) fn operation(git_dir: &Path) -> Option<&'static str> {
    let exists = |name: &str| fs::symlink_metadata(git_dir.join(name)).is_ok();
    if exists("MERGE_HEAD") {
        return Some("merge");
    }
    if exists("rebase-apply") {
        return Some(if exists("rebase-apply/applying") {
            "am"
        } else {
            "rebase"
        });
    }
    if exists("rebase-merge") {
        return Some("rebase");
    }
    let sequencer = sequencer_last_command(git_dir);
    if names_commit(&git_dir.join("CHERRY_PICK_HEAD")) || sequencer == Some(Replay::Pick) {
        return Some("cherry-pick");
    }
    if names_commit(&git_dir.join("REVERT_HEAD")) || sequencer == Some(Replay::Revert) {
        return Some("revert");
    }
    if exists("BISECT_LOG") {
        return Some("bisect");
    }
    None
}

/// git requires the pseudo-ref to resolve, not merely to exist.
fn names_commit(path: &Path) -> bool {
    match fs::read(path) {
        Ok(content) => {
            content.len() >= 40 && content[..40].iter().all(u8::is_ascii_hexdigit)
                || content.starts_with(b"ref:")
        }
        Err(_) => false,
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Replay {
    Pick,
    Revert,
}

/// git's `sequencer_get_last_command`: the first command of `sequencer/todo`, when a
/// multi-commit cherry-pick or revert stopped without leaving its `*_HEAD`.
fn sequencer_last_command(git_dir: &Path) -> Option<Replay> {
    let todo = fs::read(git_dir.join("sequencer/todo")).ok()?;
    let start = todo.iter().position(|b| !b" \t\r\n".contains(b))?;
    let line = &todo[start..];
    let command = |word: &[u8]| -> bool {
        line.strip_prefix(word)
            .is_some_and(|rest| matches!(rest.first(), Some(b' ' | b'\t')))
    };
    if command(b"pick") || command(b"p") {
        Some(Replay::Pick)
    } else if command(b"revert") {
        Some(Replay::Revert)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TempDir;

    /// A git dir holding `files`, deleted when the returned guard drops.
    fn git_dir(files: &[(&str, &str)]) -> TempDir {
        let dir = TempDir::new("omni-op");
        for (name, content) in files {
            let path = dir.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, content).unwrap();
        }
        dir
    }

    #[test]
    fn follows_gits_precedence() {
        let oid = "0123456789012345678901234567890123456789\n";
        assert_eq!(operation(&git_dir(&[])), None);
        assert_eq!(
            operation(&git_dir(&[("MERGE_HEAD", oid), ("BISECT_LOG", "")])),
            Some("merge")
        );
        assert_eq!(
            operation(&git_dir(&[("rebase-apply/applying", "")])),
            Some("am")
        );
        assert_eq!(
            operation(&git_dir(&[("rebase-apply/next", "1")])),
            Some("rebase")
        );
        assert_eq!(
            operation(&git_dir(&[("rebase-merge/done", "")])),
            Some("rebase")
        );
        assert_eq!(
            operation(&git_dir(&[("CHERRY_PICK_HEAD", oid)])),
            Some("cherry-pick")
        );
        assert_eq!(operation(&git_dir(&[("CHERRY_PICK_HEAD", "junk")])), None);
        assert_eq!(
            operation(&git_dir(&[("sequencer/todo", "pick abc x\n")])),
            Some("cherry-pick")
        );
        assert_eq!(
            operation(&git_dir(&[("sequencer/todo", "revert abc x\n")])),
            Some("revert")
        );
        assert_eq!(operation(&git_dir(&[("REVERT_HEAD", oid)])), Some("revert"));
        assert_eq!(operation(&git_dir(&[("BISECT_LOG", "")])), Some("bisect"));
    }
}
