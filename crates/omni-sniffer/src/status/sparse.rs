//! The sparse index (`index.sparse`, git's sparse-index.c). Under cone-mode sparse checkout a
//! directory outside the cone may be one entry of mode 040000: its path ends in `/`, its id is
//! the tree it stands for. git's status answers exactly as it does with the full index (it
//! expands whatever it has to look into); here each such entry is expanded once, when the index
//! is read, into the entries git's `ensure_full_index` makes: one per file of the tree,
//! skip-worktree, with no stat data. The cache tree's counts follow, so that it still proves
//! directories unchanged for the staged comparison.

use std::path::Path;

use git2::Repository;
use omni_types::OmniResult;

use super::index::{
    CacheTree, Entry, StatData, MODE_FILE, MODE_GITLINK, MODE_SYMLINK, MODE_TREE, MODE_TYPE,
};
use crate::errors;

/// `entries` with every sparse directory replaced by the files of its tree (`index` names the
/// index file in errors).
pub(crate) fn expand(
    repo: &Repository,
    index: &Path,
    entries: Vec<Entry>,
    mut cache_tree: Option<CacheTree>,
) -> OmniResult<(Vec<Entry>, Option<CacheTree>)> {
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        if entry.mode & MODE_TYPE != MODE_TREE {
            out.push(entry);
            continue;
        }
        if entry.stage != 0 || entry.path.last() != Some(&b'/') {
            return Err(errors::corrupt_index(
                index,
                "a sparse directory entry is malformed",
            ));
        }
        let start = out.len();
        expand_tree(repo, &entry, &mut out).map_err(|e| {
            errors::git(
                format_args!(
                    "cannot read the tree of the sparse directory {} in the index {}",
                    String::from_utf8_lossy(&entry.path),
                    index.display()
                ),
                e,
            )
        })?;
        if let Some(tree) = cache_tree.as_mut() {
            recount(tree, &entry.path, out.len() - start);
        }
    }
    Ok((out, cache_tree))
}

/// Appends the files under the sparse directory `dir`, in index order (a tree lists its items
/// in the order their full paths sort). Without recursion: trees may nest deep.
fn expand_tree(repo: &Repository, dir: &Entry, out: &mut Vec<Entry>) -> Result<(), git2::Error> {
    let mut path = dir.path.to_vec();
    // Each tree being listed, with its next item and the length of its path.
    let mut open = vec![(repo.find_tree(dir.oid)?, 0, path.len())];
    while let Some((tree, next, len)) = open.last_mut() {
        let item = tree.get(*next).map(|item| {
            path.truncate(*len);
            path.extend_from_slice(item.name_bytes());
            (item.filemode() as u32, item.id())
        });
        *next += 1;
        let Some((mode, id)) = item else {
            open.pop();
            continue;
        };
        if mode & MODE_TYPE == MODE_TREE {
            path.push(b'/');
            open.push((repo.find_tree(id)?, 0, path.len()));
        } else {
            out.push(Entry {
                path: path.as_slice().into(),
                mode: cache_mode(mode),
                oid: id,
                stage: 0,
                intent_to_add: false,
                skip_worktree: true,
                assume_valid: false,
                stat: StatData::default(),
            });
        }
    }
    Ok(())
}

/// git's `create_ce_mode`: a tree's mode as an index entry records it.
fn cache_mode(mode: u32) -> u32 {
    match mode & MODE_TYPE {
        MODE_SYMLINK => MODE_SYMLINK,
        MODE_GITLINK => MODE_GITLINK,
        _ if mode & 0o100 != 0 => MODE_FILE | 0o755,
        _ => MODE_FILE | 0o644,
    }
}

/// The cache tree counted the sparse directory `path` (ending in `/`) as one entry, in its own
/// node and in each one above it; it now stands for `files` entries.
fn recount(root: &mut CacheTree, path: &[u8], files: usize) {
    let mut names = path[..path.len() - 1].split(|&b| b == b'/');
    let mut node = root;
    loop {
        if let Some((count, _)) = node.valid.as_mut() {
            *count = count.saturating_sub(1).saturating_add(files);
        }
        let Some(child) = names.next().and_then(|name| node.child_mut(name)) else {
            return;
        };
        node = child;
    }
}

#[cfg(test)]
mod tests {
    //! Sparse indexes git wrote, read against `git ls-files` (which expands them as git's
    //! status does).

    use git2::Oid;

    use super::super::index::parse;
    use super::super::index_lab::{as_listed, Lab};
    use super::*;

    #[test]
    fn every_sparse_directory_is_expanded_into_the_entries_git_lists() {
        let lab = Lab::sparse();
        let file = parse(&lab.index_bytes()).unwrap();
        assert!(file.sparse);
        let directories: Vec<_> = file
            .entries
            .iter()
            .filter(|e| e.mode == MODE_TREE)
            .map(|e| String::from_utf8_lossy(&e.path).into_owned())
            .collect();
        assert_eq!(directories, ["other/", "out/"]);

        let index = lab.load().unwrap();
        assert_eq!(as_listed(&index.entries), lab.listed().unwrap());
        for entry in &index.entries {
            let outside = !entry.path.starts_with(b"keep/") && *entry.path != *b"top.txt";
            assert_eq!(entry.skip_worktree, outside, "{:?}", entry.path);
        }
    }

    #[test]
    fn the_cache_tree_counts_the_expanded_entries() {
        // Each node's count is the number of entries below it, as if git had written the
        // full index: the staged walk then still skips what the cache tree proves unchanged.
        let lab = Lab::sparse();
        let index = lab.load().unwrap();
        let tree = index.cache_tree.as_ref().expect("a cache tree");
        let id = |rev: &str| {
            Oid::from_str(
                String::from_utf8(lab.git(&["rev-parse", rev]))
                    .unwrap()
                    .trim(),
            )
            .unwrap()
        };
        let count_under = |dir: &str| {
            index
                .entries
                .iter()
                .filter(|e| e.path.starts_with(dir.as_bytes()))
                .count()
        };
        assert_eq!(
            tree.valid,
            Some((index.entries.len(), id("ORIG_HEAD^{tree}")))
        );
        let out = tree.child(b"out").expect("a node for out/");
        assert_eq!(out.valid, Some((count_under("out/"), id("HEAD:out"))));
        let other = tree.child(b"other").expect("a node for other/");
        assert_eq!(
            other.valid,
            Some((count_under("other/"), id("ORIG_HEAD:other")))
        );
    }

    #[test]
    fn a_sparse_directory_whose_tree_is_missing_is_a_git_error() {
        let lab = Lab::sparse();
        let tree = String::from_utf8(lab.git(&["rev-parse", "HEAD:out"])).unwrap();
        let tree = tree.trim();
        let object = lab
            .git_dir()
            .join("objects")
            .join(&tree[..2])
            .join(&tree[2..]);
        std::fs::remove_file(object).unwrap();
        let error = lab.load().unwrap_err();
        assert_eq!(error.code(), "GIT");
        let message = error.to_string();
        assert!(
            message.contains("out/") && message.contains(&lab.index_path().display().to_string()),
            "{message}"
        );
    }
}
