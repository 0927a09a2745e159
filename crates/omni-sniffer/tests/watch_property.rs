//! A kept sniffer answers from its watch when it can: after each of a long seeded run of worktree
//! and git operations its snapshot must equal git's answer, whether it reused its last answer,
//! compared only the files that had events, or scanned in full. One sniffer follows the whole run.

use omni_sniffer::{OmniSniffer, SnapshotOptions};

mod support {
    pub mod git;
    pub mod records;
    pub mod rng;
    pub mod temp_dir;
}
use support::records::{oracle_records, snapshot_records};
use support::rng::Rng;
use support::temp_dir::TempDir;

/// Steps in CI: each runs one operation, the sniffer and the oracle.
const STEPS: usize = 2_000;

const NAMES: &[&str] = &[
    "a.txt",
    "b.txt",
    "src/c.rs",
    "src/d.rs",
    "src/deep/e.md",
    "docs/f.md",
    "build/out.o",
    "notes.log",
    "x",
];

struct Repo {
    dir: TempDir,
    home: TempDir,
}

impl Repo {
    fn git(&self, args: &[&str]) -> bool {
        support::git::isolated(&self.dir, &self.home)
            .args(args)
            .output()
            .unwrap()
            .status
            .success()
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.join(name)
    }

    fn write(&self, name: &str, content: &str) {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            // A file may stand where the folder should be: then the write is skipped.
            if std::fs::create_dir_all(parent).is_err() {
                return;
            }
        }
        let _ = std::fs::write(path, content);
    }
}

/// One operation of the kind an agent or a user makes; returns what it did.
fn operate(repo: &Repo, rng: &mut Rng, step: usize) -> String {
    let name = *rng.pick(NAMES);
    match rng.below(23) {
        0..=3 => {
            repo.write(name, &format!("edit {step}\n"));
            format!("write {name}")
        }
        4 => {
            // Twice in the same second, same size: only the watch can tell.
            repo.write(name, "same-size 1\n");
            repo.write(name, "same-size 2\n");
            format!("write twice {name}")
        }
        5 => {
            let _ = std::fs::remove_file(repo.path(name));
            format!("delete {name}")
        }
        6 => {
            let to = *rng.pick(NAMES);
            let _ = std::fs::rename(repo.path(name), repo.path(to));
            format!("rename {name} {to}")
        }
        7 => {
            let dir = ["src", "docs", "build", "src/deep"][rng.below(4)];
            let _ = std::fs::remove_dir_all(repo.path(dir));
            format!("remove folder {dir}")
        }
        8 => {
            // A folder replaced by a file, or a file by a folder.
            let dir = ["src/deep", "docs"][rng.below(2)];
            let _ = std::fs::remove_dir_all(repo.path(dir));
            repo.write(dir, "now a file\n");
            format!("folder to file {dir}")
        }
        9 => {
            use std::os::unix::fs::PermissionsExt;
            let mode = if rng.below(2) == 0 { 0o755 } else { 0o644 };
            let _ =
                std::fs::set_permissions(repo.path(name), std::fs::Permissions::from_mode(mode));
            format!("chmod {mode:o} {name}")
        }
        10 => {
            // Touched, content unchanged.
            if let Ok(file) = std::fs::File::options().write(true).open(repo.path(name)) {
                let _ = file.set_modified(std::time::SystemTime::now());
            }
            format!("touch {name}")
        }
        11 => {
            repo.git(&["add", "-A"]);
            "git add -A".into()
        }
        12 => {
            repo.git(&["add", "--", name]);
            format!("git add {name}")
        }
        13 => {
            repo.git(&["commit", "-q", "-m", &format!("step {step}")]);
            "git commit".into()
        }
        14 => {
            repo.git(&["stash", "-q"]);
            "git stash".into()
        }
        15 => {
            let branch = ["main", "topic"][rng.below(2)];
            if !repo.git(&["checkout", "-q", branch]) {
                repo.git(&["checkout", "-q", "-b", branch]);
            }
            format!("checkout {branch}")
        }
        16 => {
            let other = if rng.below(2) == 0 { "topic" } else { "main" };
            if !repo.git(&["merge", "-q", "--no-edit", other]) {
                repo.git(&["merge", "--abort"]);
            }
            format!("merge {other}")
        }
        17 => {
            let rules = ["*.log\n", "build/\n", "", "*.md\n!docs/f.md\n"][rng.below(4)];
            repo.write(".gitignore", rules);
            format!(".gitignore {rules:?}")
        }
        18 => {
            let rules = ["x\n", ""][rng.below(2)];
            repo.write(".git/info/exclude", rules);
            format!("info/exclude {rules:?}")
        }
        19 => {
            repo.write(&format!("new/dir{}/file.txt", step % 7), "new\n");
            "new folder".into()
        }
        20 | 21 => {
            // Often untracked: rewriting it changes what is ignored below src/ without any
            // folder listing changing.
            let rules = ["*.rs\n", "deep/\n", "", "!d.rs\n*.rs\n"][rng.below(4)];
            repo.write("src/.gitignore", rules);
            format!("src/.gitignore {rules:?}")
        }
        _ => {
            // An untracked or ignored file rewritten: nothing to report, nothing to miss.
            let name = ["notes.log", "build/out.o", "new/dir1/file.txt"][rng.below(3)];
            if repo.path(name).is_file() {
                repo.write(name, &format!("rewritten {step}\n"));
            }
            format!("rewrite {name}")
        }
    }
}

#[test]
fn a_watching_sniffer_equals_git_after_every_operation() {
    let repo = Repo {
        dir: TempDir::new("omni-watch-property"),
        home: TempDir::new("omni-watch-property-home"),
    };
    repo.git(&["init", "-q", "-b", "main"]);
    for name in NAMES {
        repo.write(name, "initial\n");
    }
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "initial"]);
    let sniffer = OmniSniffer::new(&repo.dir, SnapshotOptions::default()).unwrap();
    assert!(sniffer.unwatched_reason().is_none());
    let mut rng = Rng(0x05ee_d0f0_a7c4);
    let mut log: Vec<String> = Vec::new();
    for step in 0..STEPS {
        log.push(operate(&repo, &mut rng, step));
        let snapshot = sniffer.get_snapshot().expect("snapshot");
        let (records, branch) = (snapshot_records(&snapshot), snapshot.git_branch);
        let expected = oracle_records(&repo.dir, &repo.home);
        if records != expected {
            let recent = log[log.len().saturating_sub(8)..].join("\n  ");
            panic!(
                "step {step} on branch {branch}: the sniffer says {records:?}, git says {expected:?}\nlast operations:\n  {recent}"
            );
        }
    }
    assert_eq!(
        sniffer.unwatched_reason(),
        None,
        "the watch was lost during the run: every call after that was a full scan"
    );
}
