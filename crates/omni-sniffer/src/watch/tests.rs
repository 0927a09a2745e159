use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::inotify::{Event, Malformed, Records};
use super::tree::WORKTREE;
use super::*;
use crate::test_support::TempDir;

/// A worktree with a git directory; nothing in it is a real repository: the watch reads no git.
struct Repo {
    temp: TempDir,
    root: PathBuf,
    git: PathBuf,
}

impl Repo {
    fn new() -> Repo {
        let temp = TempDir::new("omni-watch");
        let root = temp.join("work");
        for dir in [
            ".git/refs/heads",
            ".git/refs/tags",
            ".git/logs/refs/heads",
            ".git/objects/pack",
            ".git/info",
            "src/deep/sub",
        ] {
            fs::create_dir_all(root.join(dir)).unwrap();
        }
        for (file, text) in [
            (".git/HEAD", "ref: refs/heads/main\n"),
            (".git/index", "DIRC"),
            (".git/refs/heads/main", "0000\n"),
            ("top.txt", "top\n"),
            ("src/a.txt", "a\n"),
            ("src/deep/b.txt", "b\n"),
            ("src/deep/sub/c.txt", "c\n"),
        ] {
            fs::write(root.join(file), text).unwrap();
        }
        let git = root.join(".git");
        Repo { temp, root, git }
    }

    /// `.git`, refs, refs/heads, refs/tags, logs, logs/refs, logs/refs/heads, info.
    fn git_watches() -> usize {
        8
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    fn write(&self, relative: &str, text: &str) {
        fs::write(self.path(relative), text).unwrap();
    }

    fn watch(&self) -> TreeWatch {
        TreeWatch::start(&self.root, &[&self.git], WatchLimits::default()).unwrap()
    }
}

fn set(paths: &[&str]) -> BTreeSet<Vec<u8>> {
    paths.iter().map(|p| p.as_bytes().to_vec()).collect()
}

fn worktree(paths: &[&str], dirs: &[&str]) -> Changes {
    Changes {
        paths: set(paths),
        dirs: set(dirs),
        ..Changes::default()
    }
}

fn git_only() -> Changes {
    Changes {
        git: true,
        ..Changes::default()
    }
}

fn watches(watch: &TreeWatch) -> usize {
    watch.live.live().map_or(0, |live| live.tree.len())
}

fn watched(watch: &TreeWatch, path: &str) -> bool {
    watch
        .live
        .live()
        .is_some_and(|live| live.tree.wd_of(WORKTREE, path.as_bytes()).is_some())
}

#[test]
fn nothing_changed_gives_empty_changes() {
    let repo = Repo::new();
    let mut watch = repo.watch();
    assert_eq!(watch.drain(), Changes::default());
    assert!(watch.drain().is_empty());
    assert_eq!(watch.lost(), None);
}

#[test]
fn a_watch_can_move_between_threads() {
    fn send<T: Send>() {}
    send::<TreeWatch>();
}

#[test]
fn modified_chmoded_touched_deleted_and_renamed_files_are_reported() {
    let repo = Repo::new();
    let mut watch = repo.watch();

    repo.write("src/a.txt", "changed\n");
    assert_eq!(watch.drain(), worktree(&["src/a.txt"], &[]));

    fs::set_permissions(repo.path("top.txt"), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(watch.drain(), worktree(&["top.txt"], &[]));

    let file = fs::File::options()
        .write(true)
        .open(repo.path("src/deep/b.txt"))
        .unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    drop(file);
    assert_eq!(watch.drain(), worktree(&["src/deep/b.txt"], &[]));

    fs::remove_file(repo.path("src/a.txt")).unwrap();
    assert_eq!(watch.drain(), worktree(&["src/a.txt"], &["src"]));

    fs::rename(repo.path("top.txt"), repo.path("src/deep/moved.txt")).unwrap();
    assert_eq!(
        watch.drain(),
        worktree(&["src/deep/moved.txt", "top.txt"], &["", "src/deep"])
    );
    assert!(watch.drain().is_empty());
}

#[test]
fn a_new_directory_is_reported_whole_and_watched_from_then_on() {
    let repo = Repo::new();
    let mut watch = repo.watch();
    // Written before any drain: the files give no events of their own (no watch yet).
    fs::create_dir_all(repo.path("new/inner/most")).unwrap();
    repo.write("new/f.txt", "f\n");
    repo.write("new/inner/most/g.txt", "g\n");
    assert_eq!(watch.drain(), worktree(&["new"], &[""]));
    assert!(watched(&watch, "new/inner/most"));

    repo.write("new/inner/most/g.txt", "again\n");
    assert_eq!(watch.drain(), worktree(&["new/inner/most/g.txt"], &[]));
    repo.write("new/inner/h.txt", "h\n");
    assert_eq!(
        watch.drain(),
        worktree(&["new/inner/h.txt"], &["new/inner"])
    );
}

#[test]
fn git_directory_changes_set_git_and_name_no_path() {
    let repo = Repo::new();
    let mut watch = repo.watch();

    repo.write(".git/refs/heads/main", "1111\n");
    assert_eq!(watch.drain(), git_only());

    // The index is written as git writes it: a lock file renamed over it.
    repo.write(".git/index.lock", "DIRC2");
    fs::rename(repo.path(".git/index.lock"), repo.path(".git/index")).unwrap();
    assert_eq!(watch.drain(), git_only());

    // A branch in a new folder of refs: the folder gets a watch.
    fs::create_dir(repo.path(".git/refs/heads/feature")).unwrap();
    repo.write(".git/refs/heads/feature/x", "2222\n");
    assert_eq!(watch.drain(), git_only());
    repo.write(".git/refs/heads/feature/x", "3333\n");
    assert_eq!(watch.drain(), git_only());

    fs::create_dir_all(repo.path(".git/logs/refs")).unwrap();
    repo.write(".git/logs/refs/stash", "entry\n");
    assert_eq!(watch.drain(), git_only());

    // An operation folder appears, and is watched inside.
    fs::create_dir(repo.path(".git/rebase-merge")).unwrap();
    repo.write(".git/rebase-merge/head-name", "refs/heads/main\n");
    assert_eq!(watch.drain(), git_only());
    repo.write(".git/rebase-merge/msgnum", "2\n");
    assert_eq!(watch.drain(), git_only());

    // The root's `.git` entry itself is git's, not the worktree's.
    fs::set_permissions(&repo.git, fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(watch.drain(), git_only());
}

#[test]
fn objects_and_nested_git_dirs_are_not_watched() {
    let repo = Repo::new();
    fs::create_dir_all(repo.path("nested/.git/refs")).unwrap();
    let mut watch = repo.watch();

    fs::create_dir(repo.path(".git/objects/ab")).unwrap();
    repo.write(".git/objects/ab/cdef", "blob");
    repo.write(".git/objects/pack/pack-1.pack", "PACK");
    repo.write("nested/.git/HEAD", "ref: refs/heads/main\n");
    repo.write("nested/.git/refs/x", "1\n");
    assert!(watch.drain().is_empty());

    // A `.git` folder appearing is reported (the folder may have become a repository),
    // but is not watched inside.
    fs::create_dir(repo.path("src/.git")).unwrap();
    assert_eq!(watch.drain(), worktree(&["src/.git"], &["src"]));
    repo.write("src/.git/HEAD", "ref: refs/heads/main\n");
    assert!(watch.drain().is_empty());
}

#[test]
fn a_git_dir_inside_the_worktree_under_another_name_is_not_worktree_content() {
    let repo = Repo::new();
    let separate = repo.path("store.git");
    fs::create_dir_all(separate.join("refs/heads")).unwrap();
    let mut watch = TreeWatch::start(
        &repo.root,
        &[&separate, &separate, &repo.git],
        WatchLimits::default(),
    )
    .unwrap();
    fs::write(separate.join("refs/heads/main"), "1\n").unwrap();
    fs::write(separate.join("HEAD"), "ref: refs/heads/main\n").unwrap();
    assert_eq!(watch.drain(), git_only());
    assert!(!watched(&watch, "store.git"));
}

#[test]
fn symlinks_to_directories_are_not_followed() {
    let repo = Repo::new();
    let outside = repo.temp.join("outside");
    fs::create_dir(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, repo.path("link")).unwrap();
    let mut watch = repo.watch();
    fs::write(outside.join("f.txt"), "f\n").unwrap();
    assert!(watch.drain().is_empty());
    assert!(!watched(&watch, "link"));
}

#[test]
fn names_that_are_not_utf8_are_reported_as_bytes() {
    let repo = Repo::new();
    let mut watch = repo.watch();
    let name = OsStr::from_bytes(b"caf\xe9.txt");
    fs::write(repo.path("src").join(name), "x").unwrap();
    let changes = watch.drain();
    assert_eq!(changes.paths, BTreeSet::from([b"src/caf\xe9.txt".to_vec()]));
    assert_eq!(changes.dirs, set(&["src"]));
}

#[test]
fn a_directory_moved_within_the_tree_keeps_its_watches_under_the_new_name() {
    let repo = Repo::new();
    let mut watch = repo.watch();
    let before = watches(&watch);
    fs::rename(repo.path("src/deep"), repo.path("moved")).unwrap();
    assert_eq!(
        watch.drain(),
        worktree(&["moved", "src/deep"], &["", "src"])
    );
    assert_eq!(watches(&watch), before);
    assert!(watched(&watch, "moved/sub"));
    assert!(!watched(&watch, "src/deep"));

    repo.write("moved/sub/c.txt", "changed\n");
    assert_eq!(watch.drain(), worktree(&["moved/sub/c.txt"], &[]));
    repo.write("moved/b.txt", "changed\n");
    assert_eq!(watch.drain(), worktree(&["moved/b.txt"], &[]));
}

#[test]
fn a_directory_moved_out_of_the_tree_is_forgotten() {
    let repo = Repo::new();
    let mut watch = repo.watch();
    let before = watches(&watch);
    let outside = repo.temp.join("outside");
    fs::rename(repo.path("src/deep"), &outside).unwrap();
    assert_eq!(watch.drain(), worktree(&["src/deep"], &["src"]));
    assert_eq!(watches(&watch), before - 2);

    fs::write(outside.join("b.txt"), "changed\n").unwrap();
    fs::write(outside.join("sub/c.txt"), "changed\n").unwrap();
    assert!(watch.drain().is_empty());
}

#[test]
fn a_directory_moved_in_from_outside_is_reported_and_watched() {
    let repo = Repo::new();
    let outside = repo.temp.join("outside");
    fs::create_dir_all(outside.join("x")).unwrap();
    fs::write(outside.join("x/y.txt"), "y\n").unwrap();
    let mut watch = repo.watch();
    fs::rename(&outside, repo.path("src/in")).unwrap();
    assert_eq!(watch.drain(), worktree(&["src/in"], &["src"]));
    repo.write("src/in/x/y.txt", "changed\n");
    assert_eq!(watch.drain(), worktree(&["src/in/x/y.txt"], &[]));
}

#[test]
fn a_directory_made_then_filled_by_a_move_before_the_drain_is_watched_at_its_new_place() {
    // `git mv src/deep dest/deep`: mkdir dest, then the rename into a folder with no watch yet.
    let repo = Repo::new();
    let mut watch = repo.watch();
    fs::create_dir(repo.path("dest")).unwrap();
    fs::rename(repo.path("src/deep"), repo.path("dest/deep")).unwrap();
    assert_eq!(watch.drain(), worktree(&["dest", "src/deep"], &["", "src"]));
    assert!(watched(&watch, "dest/deep/sub"));
    repo.write("dest/deep/sub/c.txt", "changed\n");
    assert_eq!(watch.drain(), worktree(&["dest/deep/sub/c.txt"], &[]));
}

#[test]
fn a_deleted_then_recreated_directory_is_watched_again() {
    let repo = Repo::new();
    let mut watch = repo.watch();
    fs::remove_dir_all(repo.path("src")).unwrap();
    let changes = watch.drain();
    assert!(!changes.rescan);
    assert!(changes
        .paths
        .is_superset(&set(&["src", "src/a.txt", "src/deep", "src/deep/sub"])));
    assert_eq!(watches(&watch), Repo::git_watches() + 1);

    fs::create_dir(repo.path("src")).unwrap();
    repo.write("src/z.txt", "z\n");
    assert_eq!(watch.drain(), worktree(&["src"], &[""]));
    repo.write("src/z.txt", "again\n");
    assert_eq!(watch.drain(), worktree(&["src/z.txt"], &[]));
}

#[test]
fn too_many_directories_refuse_to_start() {
    let repo = Repo::new();
    // The worktree: root, src, src/deep, src/deep/sub.
    let all = 4 + Repo::git_watches();
    let start = |max_dirs| TreeWatch::start(&repo.root, &[&repo.git], WatchLimits { max_dirs });
    assert_eq!(start(all - 1).err(), Some(Unwatched::TooManyDirs));
    assert_eq!(watches(&start(all).unwrap()), all);
}

#[test]
fn a_root_or_git_dir_that_cannot_be_watched_refuses_to_start() {
    let repo = Repo::new();
    let missing = repo.temp.join("missing");
    let start =
        |root: &Path, git: &Path| TreeWatch::start(root, &[git], WatchLimits::default()).err();
    let enoent = Some(Unwatched::CannotWatch(libc::ENOENT));
    assert_eq!(start(&missing, &repo.git), enoent);
    assert_eq!(start(&repo.root, &missing), enoent);
    let reason = Unwatched::CannotWatch(libc::ENOENT).to_string();
    assert!(
        reason.starts_with("a directory cannot be watched: "),
        "{reason}"
    );
}

#[test]
fn an_overflow_asks_for_a_rescan_and_the_watch_goes_on() {
    let repo = Repo::new();
    let mut watch = repo.watch();
    repo.write("src/a.txt", "lost in the overflow\n");
    watch.live.overflow_next = true;
    let changes = watch.drain();
    assert!(changes.rescan && changes.git, "{changes:?}");
    assert!(changes.paths.is_empty() && changes.dirs.is_empty());
    assert_eq!(watch.lost(), None);

    assert!(watch.drain().is_empty());
    repo.write("src/deep/b.txt", "seen\n");
    assert_eq!(watch.drain(), worktree(&["src/deep/b.txt"], &[]));
}

#[test]
fn a_real_queue_overflow_asks_for_a_rescan() {
    let limit: usize = fs::read_to_string("/proc/sys/fs/inotify/max_queued_events")
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(usize::MAX);
    if limit > 100_000 {
        eprintln!("skipped: max_queued_events is {limit}");
        return;
    }
    let repo = Repo::new();
    let mut watch = repo.watch();
    // The kernel merges an event into the one queued just before it only when they are alike:
    // a write and a chmod, in turns, queue two events each. No file need be made for them.
    let mut file = fs::File::options()
        .append(true)
        .open(repo.path("src/a.txt"))
        .unwrap();
    for _ in 0..=limit / 2 {
        file.write_all(b"x").unwrap();
        file.set_permissions(fs::Permissions::from_mode(0o644))
            .unwrap();
    }
    drop(file);
    let changes = watch.drain();
    assert!(changes.rescan, "{} paths", changes.paths.len());
    assert_eq!(watch.lost(), None);
    repo.write("top.txt", "seen\n");
    assert_eq!(watch.drain(), worktree(&["top.txt"], &[]));
}

#[test]
fn the_roots_own_mode_changing_asks_for_one_rescan() {
    let repo = Repo::new();
    let mut watch = repo.watch();
    fs::set_permissions(&repo.root, fs::Permissions::from_mode(0o700)).unwrap();
    assert!(watch.drain().rescan);
    assert_eq!(watch.lost(), None);
    repo.write("top.txt", "seen\n");
    assert_eq!(watch.drain(), worktree(&["top.txt"], &[]));
}

#[test]
fn a_deleted_root_asks_for_a_rescan_on_every_drain() {
    let repo = Repo::new();
    let mut watch = repo.watch();
    fs::remove_dir_all(&repo.root).unwrap();
    assert!(watch.drain().rescan);
    assert_eq!(watch.lost(), Some(Unwatched::CannotWatch(libc::ENOENT)));
    assert!(watch.drain().rescan);
}

#[test]
fn a_moved_git_dir_asks_for_a_rescan() {
    let repo = Repo::new();
    let mut watch = repo.watch();
    fs::rename(&repo.git, repo.path("old.git")).unwrap();
    assert!(watch.drain().rescan);
    assert_eq!(watch.lost(), Some(Unwatched::CannotWatch(libc::ENOENT)));
}

#[test]
fn a_root_replaced_at_the_same_path_is_watched_afresh() {
    let repo = Repo::new();
    let mut watch = repo.watch();
    let aside = repo.temp.join("aside");
    fs::rename(&repo.root, &aside).unwrap();
    fs::create_dir_all(repo.path(".git/refs")).unwrap();
    assert!(watch.drain().rescan);
    assert_eq!(watch.lost(), None);
    repo.write("new.txt", "n\n");
    assert_eq!(watch.drain(), worktree(&["new.txt"], &[""]));
    fs::write(aside.join("top.txt"), "not ours any more\n").unwrap();
    assert!(watch.drain().is_empty());
}

#[test]
fn records_are_parsed_without_trusting_their_lengths() {
    fn record(wd: i32, mask: u32, cookie: u32, name: &[u8], len: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&wd.to_ne_bytes());
        bytes.extend_from_slice(&mask.to_ne_bytes());
        bytes.extend_from_slice(&cookie.to_ne_bytes());
        bytes.extend_from_slice(&len.to_ne_bytes());
        bytes.extend_from_slice(name);
        bytes
    }
    let mut read = record(1, libc::IN_CREATE, 0, b"a\xff\0\0\0\0\0\0", 8);
    read.extend(record(2, libc::IN_IGNORED, 7, b"", 0));
    let events: Vec<_> = Records::new(&read).collect();
    assert_eq!(
        events,
        [
            Ok(Event {
                wd: 1,
                mask: libc::IN_CREATE,
                cookie: 0,
                name: b"a\xff"
            }),
            Ok(Event {
                wd: 2,
                mask: libc::IN_IGNORED,
                cookie: 7,
                name: b""
            }),
        ]
    );

    let beyond = record(1, libc::IN_CREATE, 0, b"abc\0", 4096);
    assert_eq!(Records::new(&beyond).collect::<Vec<_>>(), [Err(Malformed)]);
    let huge = record(1, libc::IN_CREATE, 0, b"", u32::MAX);
    assert_eq!(Records::new(&huge).collect::<Vec<_>>(), [Err(Malformed)]);
    let cut = record(1, libc::IN_CREATE, 0, b"", 0);
    assert_eq!(
        Records::new(&cut[..10]).collect::<Vec<_>>(),
        [Err(Malformed)]
    );
    // A name with no NUL at all is taken whole.
    let bare = record(3, libc::IN_MODIFY, 0, b"xy", 2);
    assert_eq!(Records::new(&bare).next().unwrap().unwrap().name, b"xy");
    assert_eq!(Records::new(&[]).next(), None);
}

/// Every directory of the worktree, relative to the root, `.git` left out.
fn directories(root: &Path) -> BTreeSet<Vec<u8>> {
    let mut found = BTreeSet::from([Vec::new()]);
    let mut stack = vec![Vec::new()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(root.join(OsStr::from_bytes(&dir))).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name();
            if entry.file_type().unwrap().is_dir() && name != ".git" {
                let path = super::tree::join(&dir, name.as_bytes());
                found.insert(path.clone());
                stack.push(path);
            }
        }
    }
    found
}

/// A small deterministic generator (the tests need no crate for it).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        usize::try_from(self.0 >> 33).unwrap() % n
    }
}

/// One random change to the folders of the worktree: made, moved within, out and in, deleted.
fn shuffle_folders(root: &Path, outside: &Path, random: &mut Lcg, fresh: usize) {
    let dirs: Vec<Vec<u8>> = directories(root).into_iter().collect();
    let pick = |random: &mut Lcg| {
        let dir = &dirs[random.below(dirs.len())];
        root.join(OsStr::from_bytes(dir))
    };
    let name = format!("n{fresh}");
    // Another process may have changed the tree since `dirs` was listed: errors are fine.
    match random.below(7) {
        0 | 1 => {
            let _ = fs::create_dir_all(pick(random).join(&name).join("x/y"));
        }
        2 => {
            let from = pick(random);
            let into = pick(random);
            if from != root && !into.starts_with(&from) {
                let _ = fs::rename(&from, into.join(&name));
            }
        }
        3 => {
            let from = pick(random);
            if from != root {
                let _ = fs::rename(&from, outside.join(&name));
            }
        }
        4 => {
            // `git mv` into a new folder; a folder built aside and moved in whole.
            let made = pick(random).join(&name);
            let _ = fs::create_dir(&made);
            let from = pick(random);
            if from != root && !made.starts_with(&from) {
                let _ = fs::rename(&from, made.join("m"));
            }
            if let Some(Ok(away)) = fs::read_dir(outside).unwrap().next() {
                let _ = fs::rename(away.path(), pick(random).join(format!("{name}b")));
            }
        }
        5 => {
            // A folder made, filled, then renamed: what build tools do.
            let tmp = pick(random).join(format!("{name}.tmp"));
            let _ = fs::create_dir_all(tmp.join("a/b"));
            let _ = fs::rename(&tmp, pick(random).join(&name));
        }
        _ => {
            let gone = pick(random);
            if gone != root {
                let _ = fs::remove_dir_all(gone);
            }
        }
    }
}

/// Every directory of the worktree has a watch under its own path, and nothing else has one;
/// a file written in each is reported under its own path.
fn assert_exact(watch: &mut TreeWatch, root: &Path, context: &str) {
    let all = directories(root);
    let live = watch.live.live().unwrap();
    let mapped: BTreeSet<Vec<u8>> = all
        .iter()
        .filter(|dir| live.tree.wd_of(WORKTREE, dir).is_some())
        .cloned()
        .collect();
    assert_eq!(mapped, all, "{context}");
    assert_eq!(watches(watch), all.len() + Repo::git_watches(), "{context}");
    for dir in &all {
        fs::write(root.join(OsStr::from_bytes(dir)).join("probe"), "p").unwrap();
    }
    let probes: BTreeSet<Vec<u8>> = all
        .iter()
        .map(|dir| super::tree::join(dir, b"probe"))
        .collect();
    assert_eq!(watch.drain().paths, probes, "{context}");
}

#[test]
fn random_folder_changes_keep_every_watch_at_its_directorys_path() {
    for seed in 0..6 {
        let repo = Repo::new();
        let outside = repo.temp.join("outside");
        fs::create_dir(&outside).unwrap();
        let mut watch = repo.watch();
        let mut random = Lcg(seed);
        let mut fresh = 0;
        for round in 0..32 {
            for _ in 0..=random.below(4) {
                fresh += 1;
                shuffle_folders(&repo.root, &outside, &mut random, fresh);
            }
            let changes = watch.drain();
            assert!(!changes.rescan, "seed {seed} round {round}");
            if round % 8 == 7 {
                assert_exact(
                    &mut watch,
                    &repo.root,
                    &format!("seed {seed} round {round}"),
                );
            }
        }
    }
}

#[test]
fn folders_changed_while_drains_run_end_with_every_watch_in_place() {
    let repo = Repo::new();
    let outside = repo.temp.join("outside");
    fs::create_dir(&outside).unwrap();
    let mut watch = repo.watch();
    let stop = std::sync::atomic::AtomicBool::new(false);
    let mut rescans = 0;
    std::thread::scope(|scope| {
        let changer = scope.spawn(|| {
            let mut random = Lcg(7);
            for fresh in 0..600 {
                shuffle_folders(&repo.root, &outside, &mut random, fresh);
            }
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        });
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            rescans += usize::from(watch.drain().rescan);
        }
        changer.join().unwrap();
    });
    watch.drain();
    assert_eq!(watch.lost(), None);
    eprintln!("{rescans} drains asked for a rescan");
    assert_exact(&mut watch, &repo.root, "after the changes");
}
