//! Failures the core must report as what they are, in repositories made by git: a read error
//! is not a race, and a kept sniffer whose worktree went away does not see every file deleted.

use omni_sniffer::{OmniSniffer, SnapshotOptions};

mod support {
    pub mod git;
    pub mod temp_dir;
}
use support::temp_dir::TempDir;

/// A repository with one commit, in a folder deleted when the test ends.
fn committed_repo(name: &str) -> TempDir {
    let dir = TempDir::new(&format!("omni-errors-{name}"));
    std::fs::write(dir.join("a.txt"), "a\n").unwrap();
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "a.txt"],
        &["commit", "-q", "-m", "a"],
    ] {
        support::git::run_isolated(&dir, &dir, args);
    }
    dir
}

#[test]
fn an_index_that_cannot_be_read_is_reported_as_such_not_as_a_race() {
    let dir = committed_repo("index");
    let index = dir.join(".git/index");
    // Root reads a mode-000 file anyway; a directory fails to read for every user.
    std::fs::remove_file(&index).unwrap();
    std::fs::create_dir(&index).unwrap();
    let error = OmniSniffer::new(dir.path(), SnapshotOptions::default())
        .and_then(|sniffer| sniffer.get_snapshot())
        .unwrap_err();
    assert_eq!(error.code(), "GIT");
    let message = error.to_string();
    assert!(
        message.contains(&format!("cannot read the index {}", index.display())),
        "{message}"
    );
    assert!(!message.contains("kept changing"), "{message}");
}

#[test]
fn a_kept_sniffer_whose_worktree_was_deleted_says_so() {
    let dir = committed_repo("gone");
    let work = dir.join("work");
    std::fs::create_dir(&work).unwrap();
    support::git::run_isolated(&dir, &dir, &["worktree", "add", "-q", "work"]);
    let kept = OmniSniffer::new(&work, SnapshotOptions::default()).unwrap();
    assert!(kept.get_snapshot().unwrap().dirty_files.is_empty());
    // A linked worktree: its git directory lives in the main one and survives the removal.
    std::fs::remove_dir_all(&work).unwrap();
    let error = kept.get_snapshot().unwrap_err();
    assert_eq!(error.code(), "FILE_SYSTEM");
    assert!(
        error.to_string().contains(&*work.to_string_lossy()),
        "{error}"
    );
}
