//! Real repositories for the index tests: git writes every index they read, and
//! `git ls-files --stage` says what git reads in it (the whole index: a split index's shared
//! entries merged in, a sparse index's directories expanded).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use git2::{Oid, Repository};
use omni_types::OmniResult;

use super::index::{load, Entry, IndexSnapshot};
use crate::test_support::{git, TempDir};

/// An entry as `git ls-files --stage` shows it: mode, id, stage, path.
pub(crate) type Listed = (u32, Oid, u8, Vec<u8>);

/// A repository in a folder deleted when the lab is dropped; its own HOME keeps the user's
/// configuration out.
pub(crate) struct Lab {
    dir: TempDir,
    repo: Repository,
}

impl Lab {
    /// `git init` in a new folder.
    pub(crate) fn new(name: &str) -> Lab {
        let dir = TempDir::new(&format!("omni-index-{name}"));
        std::fs::create_dir_all(dir.join("home")).unwrap();
        std::fs::create_dir_all(dir.join("repo")).unwrap();
        git::run_isolated(
            &dir.join("repo"),
            &dir.join("home"),
            &["init", "-q", "-b", "main"],
        );
        let repo = Repository::open(dir.join("repo")).unwrap();
        Lab { dir, repo }
    }

    /// A split index (`git update-index --split-index`) of index version `version`, whose own
    /// file replaces, deletes and adds entries of its shared index, a conflict among them.
    pub(crate) fn split(version: &str) -> Lab {
        let lab = Lab::new("split");
        // Otherwise git rewrites the shared index once a fifth of its entries changed.
        lab.git(&["config", "splitIndex.maxPercentChange", "100"]);
        for path in [
            "a.txt",
            "b.txt",
            "conflict.txt",
            "dir/c.txt",
            "dir/d.txt",
            "e.txt",
        ] {
            lab.write(path, path);
        }
        lab.git(&["add", "-A"]);
        lab.git(&["commit", "-q", "-m", "one"]);
        lab.git(&["update-index", "--index-version", version]);
        lab.git(&["update-index", "--split-index"]);
        lab.write("b.txt", "modified\n");
        lab.git(&["add", "b.txt"]);
        lab.git(&["rm", "-q", "--cached", "dir/c.txt"]);
        lab.write("f.txt", "added\n");
        lab.git(&["add", "f.txt"]);
        let blob = String::from_utf8(lab.git(&["rev-parse", ":a.txt"])).unwrap();
        let mut info = format!("0 {}\tconflict.txt\n", "0".repeat(40));
        for stage in 1..=3 {
            info.push_str(&format!("100644 {} {stage}\tconflict.txt\n", blob.trim()));
        }
        lab.feed(&["update-index", "--index-info"], &info);
        lab
    }

    /// The shared index that the split index of this lab names.
    pub(crate) fn shared_index_path(&self) -> PathBuf {
        let shared: Vec<_> = std::fs::read_dir(self.git_dir())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("sharedindex.")
            })
            .collect();
        assert_eq!(shared.len(), 1, "one shared index: {shared:?}");
        shared.into_iter().next().unwrap()
    }

    /// A sparse index (cone mode, `--sparse-index`) with three directories outside the cone:
    /// `other/`'s tree is staged (it differs from HEAD's), `out/` nests a directory.
    pub(crate) fn sparse() -> Lab {
        let lab = Lab::new("sparse");
        for path in [
            "keep/a.txt",
            "keep/b.txt",
            "out/x.txt",
            "out/deep/y.txt",
            "other/o.txt",
        ] {
            lab.write(path, path);
        }
        lab.write("top.txt", "top\n");
        lab.git(&["add", "-A"]);
        lab.git(&["commit", "-q", "-m", "one"]);
        lab.write("other/o.txt", "changed\n");
        lab.write("other/new.txt", "new\n");
        lab.git(&["add", "-A"]);
        lab.git(&["commit", "-q", "-m", "two"]);
        lab.git(&["reset", "-q", "--soft", "HEAD~1"]);
        lab.git(&["sparse-checkout", "init", "--cone", "--sparse-index"]);
        lab.git(&["sparse-checkout", "set", "keep"]);
        lab
    }

    pub(crate) fn root(&self) -> PathBuf {
        self.dir.join("repo")
    }

    pub(crate) fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    pub(crate) fn index_path(&self) -> PathBuf {
        self.git_dir().join("index")
    }

    pub(crate) fn git(&self, args: &[&str]) -> Vec<u8> {
        git::run_isolated(&self.root(), &self.dir.join("home"), args)
    }

    /// Runs git with `input` on its standard input.
    pub(crate) fn feed(&self, args: &[&str], input: &str) {
        use std::io::Write;
        let mut child = git::isolated(&self.root(), &self.dir.join("home"))
            .args(args)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("git runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success(), "git {args:?} failed");
    }

    pub(crate) fn write(&self, path: &str, content: &str) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    /// What git reads in the index as it is on disk now; `None` when git refuses it.
    pub(crate) fn listed(&self) -> Option<Vec<Listed>> {
        let output = git::isolated(&self.root(), &self.dir.join("home"))
            .args(["ls-files", "--stage", "-z"])
            .output()
            .expect("git runs");
        output.status.success().then(|| listed(&output.stdout))
    }

    /// The index file's bytes as git left them.
    pub(crate) fn index_bytes(&self) -> Vec<u8> {
        std::fs::read(self.index_path()).unwrap()
    }

    pub(crate) fn load(&self) -> OmniResult<Arc<IndexSnapshot>> {
        load(&self.repo, None)
    }

    pub(crate) fn load_cached(
        &self,
        cached: &Arc<IndexSnapshot>,
    ) -> OmniResult<Arc<IndexSnapshot>> {
        load(&self.repo, Some(cached))
    }

    /// `load` after writing `bytes` as the index.
    pub(crate) fn load_bytes(&self, bytes: &[u8]) -> OmniResult<Arc<IndexSnapshot>> {
        std::fs::write(self.index_path(), bytes).unwrap();
        self.load()
    }
}

/// `git ls-files --stage -z`: `<mode> SP <oid> SP <stage> TAB <path> NUL` per entry.
pub(crate) fn listed(out: &[u8]) -> Vec<Listed> {
    out.split(|&b| b == 0)
        .filter(|record| !record.is_empty())
        .map(|record| {
            let tab = record.iter().position(|&b| b == b'\t').unwrap();
            let head = std::str::from_utf8(&record[..tab]).unwrap();
            let mut fields = head.split(' ');
            let mode = u32::from_str_radix(fields.next().unwrap(), 8).unwrap();
            let oid = Oid::from_str(fields.next().unwrap()).unwrap();
            let stage = fields.next().unwrap().parse().unwrap();
            (mode, oid, stage, record[tab + 1..].to_vec())
        })
        .collect()
}

pub(crate) fn as_listed(entries: &[Entry]) -> Vec<Listed> {
    entries
        .iter()
        .map(|e| (e.mode, e.oid, e.stage, e.path.to_vec()))
        .collect()
}
