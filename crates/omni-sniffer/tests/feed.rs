//! The change feed hands on one snapshot per change of state, equal to git's, and nothing for
//! events that change nothing; a burst is reported a few times, ending on git's answer; nothing
//! is delivered once it is stopped.

use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use omni_sniffer::{
    ChangeFeed, EnvironmentSnapshot, FeedItem, OmniSniffer, SnapshotOptions, RECHECK,
};

mod support {
    pub mod git;
    pub mod records;
    pub mod temp_dir;
}
use support::records::{oracle_records, snapshot_records};
use support::temp_dir::TempDir;

const DEBOUNCE: Duration = Duration::from_millis(30);

/// Longer than a recheck: what has not come by then is not coming.
fn quiet() -> Duration {
    RECHECK * 2
}

struct Repo {
    dir: TempDir,
    home: TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: TempDir::new("omni-feed"),
            home: TempDir::new("omni-feed-home"),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.write("a.txt", "a\n");
        repo.write("src/b.txt", "b\n");
        repo.git(&["add", "-A"]);
        repo.git(&["commit", "-q", "-m", "one"]);
        repo
    }

    fn git(&self, args: &[&str]) {
        support::git::run_isolated(self.dir.path(), self.home.path(), args);
    }

    fn write(&self, name: &str, content: &str) {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    fn oracle(&self) -> Vec<String> {
        oracle_records(self.dir.path(), self.home.path())
    }
}

fn feed(repo: &Repo) -> (ChangeFeed, Receiver<FeedItem>) {
    let sniffer = Arc::new(OmniSniffer::new(repo.dir.path(), SnapshotOptions::default()).unwrap());
    let (send, receive) = channel();
    let feed = ChangeFeed::start(sniffer, DEBOUNCE, move |item| {
        let _ = send.send(item);
    })
    .unwrap();
    (feed, receive)
}

fn next(items: &Receiver<FeedItem>) -> EnvironmentSnapshot {
    items
        .recv_timeout(Duration::from_secs(10))
        .expect("a snapshot within 10 s")
        .expect("the snapshot succeeds")
}

/// Git writes a lock file and renames it over the index; writing in place would let the feed
/// read a half-written file, which no git ever shows it.
fn replace_as_git_does(index: &std::path::Path, bytes: &[u8]) {
    let lock = index.with_extension("lock");
    std::fs::write(&lock, bytes).unwrap();
    std::fs::rename(&lock, index).unwrap();
}

fn assert_silent(items: &Receiver<FeedItem>, after: &str) {
    match items.recv_timeout(quiet()) {
        Err(RecvTimeoutError::Timeout) => {}
        other => panic!("after {after}, nothing should come, but got {other:?}"),
    }
}

#[test]
fn one_snapshot_per_change_and_none_for_a_touch() {
    let repo = Repo::new();
    let (_feed, items) = feed(&repo);
    assert_eq!(snapshot_records(&next(&items)), repo.oracle(), "the first");
    assert_silent(&items, "the first snapshot");

    repo.write("a.txt", "changed\n");
    assert_eq!(snapshot_records(&next(&items)), repo.oracle(), "an edit");
    assert_silent(&items, "an edit");

    let file = std::fs::File::options()
        .write(true)
        .open(repo.dir.path().join("src/b.txt"))
        .unwrap();
    file.set_modified(std::time::SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    assert_silent(&items, "a touch");

    repo.git(&["add", "a.txt"]);
    let staged = next(&items);
    assert_eq!((staged.git_staged, staged.git_modified), (1, 0));
    assert_silent(&items, "git add");

    repo.git(&["commit", "-q", "-m", "two"]);
    assert_eq!(next(&items).dirty_files, Vec::<String>::new());
    assert_silent(&items, "git commit");
}

#[test]
fn a_burst_is_a_handful_of_snapshots_ending_on_gits() {
    let repo = Repo::new();
    let (_feed, items) = feed(&repo);
    next(&items);
    for i in 0..1_000 {
        repo.write(&format!("burst/{}/f{i}.txt", i % 10), "x\n");
        repo.write("a.txt", &format!("{i}\n"));
    }
    let mut got = vec![next(&items)];
    while let Ok(item) = items.recv_timeout(quiet()) {
        got.push(item.unwrap());
    }
    eprintln!("a burst of 2,000 writes: {} snapshots", got.len());
    assert!(got.len() <= 10, "{} snapshots for one burst", got.len());
    assert_eq!(snapshot_records(got.last().unwrap()), repo.oracle());
}

#[test]
fn nothing_comes_after_stop() {
    let repo = Repo::new();
    let (feed, items) = feed(&repo);
    next(&items);
    feed.stop();
    repo.write("a.txt", "after the stop\n");
    match items.recv_timeout(quiet()) {
        // The thread has ended: its sender is gone.
        Err(RecvTimeoutError::Disconnected) => {}
        other => panic!("expected the feed's end, got {other:?}"),
    }
}

#[test]
fn an_error_is_delivered_once_and_then_the_recovery() {
    let repo = Repo::new();
    let (_feed, items) = feed(&repo);
    next(&items);
    let index = repo.dir.path().join(".git/index");
    let good = std::fs::read(&index).unwrap();
    replace_as_git_does(&index, b"not an index");
    let error = items
        .recv_timeout(Duration::from_secs(10))
        .expect("an answer")
        .expect_err("a corrupt index fails the snapshot");
    assert_eq!(error.code(), "GIT");
    assert_silent(&items, "the same error again");
    replace_as_git_does(&index, &good);
    assert_eq!(snapshot_records(&next(&items)), repo.oracle(), "recovered");
}
