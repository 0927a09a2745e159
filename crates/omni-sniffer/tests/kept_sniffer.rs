//! A kept sniffer reuses what it can between snapshots; every change made between two
//! calls must still show in the second, including edits git's stat data cannot see.

use std::path::Path;

use omni_sniffer::{EnvironmentSnapshot, OmniSniffer, SnapshotOptions};

mod support {
    pub mod git;
    pub mod temp_dir;
}
use support::temp_dir::TempDir;

/// A repository of the test's own, deleted when the test ends (passed or failed).
struct Repo {
    dir: TempDir,
}

impl Repo {
    fn new(name: &str) -> Self {
        let repo = Repo {
            dir: TempDir::new(&format!("omni-kept-{name}")),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn git(&self, args: &[&str]) {
        support::git::run_isolated(&self.dir, &self.dir, args);
    }

    fn write(&self, path: &str, content: &str) {
        let path = self.dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}

fn records(snapshot: &EnvironmentSnapshot) -> Vec<String> {
    snapshot
        .files
        .iter()
        .map(|f| format!("{}{} {}", f.index, f.worktree, f.path))
        .collect()
}

fn snapshot(sniffer: &OmniSniffer) -> EnvironmentSnapshot {
    sniffer.get_snapshot().expect("snapshot")
}

#[test]
fn every_change_between_two_calls_shows_in_the_second() {
    let repo = Repo::new("changes");
    repo.write("a.txt", "aaaa\n");
    repo.write("dir/b.txt", "bbbb\n");
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "-m", "one"]);
    let sniffer = OmniSniffer::new(&repo.dir, SnapshotOptions::default()).unwrap();
    let first = snapshot(&sniffer);
    assert!(records(&first).is_empty());

    // Same size, same second: only the content tells.
    repo.write("a.txt", "AAAA\n");
    assert_eq!(records(&snapshot(&sniffer)), [".M a.txt"]);

    repo.write("dir/new.txt", "new\n");
    assert_eq!(records(&snapshot(&sniffer)), [".M a.txt", "?? dir/new.txt"]);

    repo.write(".gitignore", "new.txt\n");
    assert_eq!(records(&snapshot(&sniffer)), ["?? .gitignore", ".M a.txt"]);

    repo.git(&["add", "a.txt"]);
    assert_eq!(records(&snapshot(&sniffer)), ["?? .gitignore", "M. a.txt"]);

    repo.git(&["commit", "-q", "-m", "two"]);
    let after_commit = snapshot(&sniffer);
    assert_eq!(records(&after_commit), ["?? .gitignore"]);
    assert_ne!(after_commit.head.oid, first.head.oid);

    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.write(".memory/active_context/SCRATCHPAD.md", "one\ntwo\n");
    let on_topic = snapshot(&sniffer);
    assert_eq!(on_topic.git_branch, "topic");
    assert_eq!(on_topic.active_context_lines, 2);

    std::fs::remove_file(repo.dir.join("dir/b.txt")).unwrap();
    assert_eq!(
        records(&snapshot(&sniffer)),
        ["?? .gitignore", "?? .memory/", ".D dir/b.txt"]
    );
}

#[test]
fn works_while_index_lock_is_held_and_writes_nothing() {
    let repo = Repo::new("lock");
    repo.write("a.txt", "a\n");
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "-m", "one"]);
    // Stat-dirty: git status would like to refresh (write) the index here.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(90);
    std::fs::File::options()
        .write(true)
        .open(repo.dir.join("a.txt"))
        .unwrap()
        .set_modified(later)
        .unwrap();
    let lock = repo.dir.join(".git/index.lock");
    std::fs::write(&lock, b"held by someone else").unwrap();
    let index = repo.dir.join(".git/index");
    let before = std::fs::read(&index).unwrap();
    let modified_before = std::fs::metadata(&index).unwrap().modified().unwrap();

    let sniffer = OmniSniffer::new(&repo.dir, SnapshotOptions::default()).unwrap();
    assert!(records(&snapshot(&sniffer)).is_empty());
    assert!(records(&snapshot(&sniffer)).is_empty());

    assert_eq!(std::fs::read(&index).unwrap(), before);
    assert_eq!(
        std::fs::metadata(&index).unwrap().modified().unwrap(),
        modified_before
    );
    assert_eq!(std::fs::read(&lock).unwrap(), b"held by someone else");
}

#[test]
fn inherited_git_variables_never_redirect_a_snapshot() {
    let repo = Repo::new("env");
    let other = Repo::new("env-other");
    other.write("elsewhere.txt", "x\n");
    // The variables are read by libgit2 only when asked to (FROM_ENV), which we never do;
    // checking that opening `repo` ignores a GIT_DIR pointing at `other` is enough.
    let sniffer = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_opens_the_given_path", "--nocapture"])
        .env("OMNI_CHILD_PATH", repo.dir.path())
        .env("GIT_DIR", other.dir.join(".git"))
        .env("GIT_WORK_TREE", other.dir.path())
        .env("GIT_INDEX_FILE", other.dir.join(".git/index"))
        .output()
        .unwrap();
    assert!(
        sniffer.status.success(),
        "{}",
        String::from_utf8_lossy(&sniffer.stdout)
    );
}

#[test]
fn child_opens_the_given_path() {
    let Some(path) = std::env::var_os("OMNI_CHILD_PATH") else {
        return;
    };
    let sniffer = OmniSniffer::new(Path::new(&path), SnapshotOptions::default()).unwrap();
    let snap = snapshot(&sniffer);
    assert_eq!(
        Path::new(&snap.root),
        Path::new(&path).canonicalize().unwrap()
    );
    assert!(records(&snap).is_empty(), "{:?}", records(&snap));
}

fn set_mtime(path: &Path, time: std::time::SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

/// Results cached by file or directory stamp are trusted only once the stamp is old
/// enough; this waits for that, then changes things behind the cached stamps' backs.
#[test]
fn cached_verdicts_and_listings_notice_changes() {
    let repo = Repo::new("cached");
    repo.write("a.txt", "aaaa\n");
    repo.write("dir/b.txt", "bbbb\n");
    repo.write("dir/gone.txt", "gone\n");
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "-m", "one"]);
    // Stat-dirty but unchanged: the first snapshot hashes it and remembers the verdict.
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    set_mtime(&repo.dir.join("a.txt"), past);
    std::thread::sleep(std::time::Duration::from_secs(3));
    let sniffer = OmniSniffer::new(&repo.dir, SnapshotOptions::default()).unwrap();
    assert!(records(&snapshot(&sniffer)).is_empty());
    assert!(records(&snapshot(&sniffer)).is_empty());

    // Same size and mtime as the remembered verdict: only the ctime moved.
    repo.write("a.txt", "AAAA\n");
    set_mtime(&repo.dir.join("a.txt"), past);
    // A listed directory gains and loses an entry.
    repo.write("dir/new.txt", "new\n");
    std::fs::remove_file(repo.dir.join("dir/gone.txt")).unwrap();
    assert_eq!(
        records(&snapshot(&sniffer)),
        [".M a.txt", ".D dir/gone.txt", "?? dir/new.txt"]
    );
}
