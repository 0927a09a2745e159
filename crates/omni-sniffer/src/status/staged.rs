//! HEAD versus the index (git's `diff-index --cached HEAD`, the X column), walking the
//! HEAD tree only where the index's cache-tree does not already prove a directory
//! unchanged, as git's unpack-trees does.

use std::borrow::Cow;

use git2::{Oid, Repository};
use omni_types::OmniResult;

use super::index::{CacheTree, Entry, MODE_TREE, MODE_TYPE};
use crate::errors;

pub(crate) struct StagedChange<'a> {
    pub path: Cow<'a, [u8]>,
    pub status: u8,
    pub head_mode: u32,
    pub index_mode: u32,
}

/// The X letter of each path whose HEAD and index versions differ. Unmerged paths are
/// left out (they are `u` records) and intent-to-add entries are invisible, as in git.
pub(crate) fn changes<'a>(
    repo: &'a Repository,
    head_tree: Option<Oid>,
    entries: &'a [Entry],
    cache_tree: Option<&CacheTree>,
) -> OmniResult<Vec<StagedChange<'a>>> {
    let mut diff = Diff {
        repo,
        entries,
        out: Vec::new(),
        path: Vec::new(),
        depth: 0,
    };
    match head_tree {
        Some(tree) if diff.proven_unchanged(cache_tree, tree, 0, entries.len()) => {}
        Some(tree) => {
            let end = diff.tree(tree, 0, entries.len(), cache_tree)?;
            diff.added(end, entries.len());
        }
        None => diff.added(0, entries.len()),
    }
    Ok(diff.out)
}

struct Diff<'a> {
    repo: &'a Repository,
    entries: &'a [Entry],
    out: Vec<StagedChange<'a>>,
    /// The directory being walked, empty or ending with `/`.
    path: Vec<u8>,
    depth: usize,
}

const MAX_TREE_DEPTH: usize = 2048;

impl<'a> Diff<'a> {
    /// Compares tree `id` (at `self.path`) with the entries from `at` below `hi`, which
    /// all lie under that directory; returns the position after the last one it consumed.
    fn tree(
        &mut self,
        id: Oid,
        mut at: usize,
        hi: usize,
        cached: Option<&CacheTree>,
    ) -> OmniResult<usize> {
        // git refuses deeper trees too (core.maxTreeDepth); recursion must stay bounded.
        if self.depth >= MAX_TREE_DEPTH {
            return Err(errors::malformed(format_args!(
                "HEAD holds trees nested more than {MAX_TREE_DEPTH} levels deep"
            )));
        }
        let tree = self.repo.find_tree(id).map_err(|e| {
            let folder = crate::paths::display(&self.path);
            let root = self.repo.workdir().unwrap_or(self.repo.path()).display();
            errors::git(
                format_args!("cannot read tree {id} (the folder `{folder}` of HEAD) in {root}"),
                e,
            )
        })?;
        for item in tree.iter() {
            let len = self.path.len();
            self.path.extend_from_slice(item.name_bytes());
            let mode = item.filemode() as u32;
            if mode & MODE_TYPE == MODE_TREE {
                self.path.push(b'/');
                let start = self.skip_before(at, hi);
                let end = start
                    + self.entries[start..hi].partition_point(|e| e.path.starts_with(&self.path));
                let sub = cached.and_then(|c| c.child(item.name_bytes()));
                if !self.proven_unchanged(sub, item.id(), start, end) {
                    self.depth += 1;
                    let consumed = self.tree(item.id(), start, end, sub);
                    self.depth -= 1;
                    let consumed = consumed?;
                    self.added(consumed, end);
                }
                at = end;
            } else {
                at = self.skip_before(at, hi);
                at = self.compare(at, hi, mode, item.id());
            }
            self.path.truncate(len);
        }
        Ok(at)
    }

    /// Reports the entries sorting before `self.path` as added; returns where it stopped.
    fn skip_before(&mut self, at: usize, hi: usize) -> usize {
        let end = at + self.entries[at..hi].partition_point(|e| *e.path < *self.path);
        self.added(at, end);
        end
    }

    /// The HEAD blob or gitlink at `self.path` against the entries at `at`.
    fn compare(&mut self, mut at: usize, hi: usize, head_mode: u32, head_oid: Oid) -> usize {
        let mut stage0 = None;
        let mut unmerged = false;
        while at < hi && *self.entries[at].path == *self.path {
            let entry = &self.entries[at];
            if entry.stage == 0 && !entry.intent_to_add {
                stage0 = Some(entry);
            }
            unmerged |= entry.stage != 0;
            at += 1;
        }
        if unmerged {
            return at;
        }
        match stage0 {
            None => self.out.push(StagedChange {
                path: Cow::Owned(self.path.clone()),
                status: b'D',
                head_mode,
                index_mode: 0,
            }),
            Some(entry) if entry.oid != head_oid || entry.mode != head_mode => {
                let status = if entry.mode & MODE_TYPE != head_mode & MODE_TYPE {
                    b'T'
                } else {
                    b'M'
                };
                self.out.push(StagedChange {
                    path: Cow::Borrowed(&entry.path),
                    status,
                    head_mode,
                    index_mode: entry.mode,
                });
            }
            Some(_) => {}
        }
        at
    }

    fn added(&mut self, from: usize, to: usize) {
        for entry in &self.entries[from..to] {
            if entry.stage == 0 && !entry.intent_to_add {
                self.out.push(StagedChange {
                    path: Cow::Borrowed(&entry.path),
                    status: b'A',
                    head_mode: 0,
                    index_mode: entry.mode,
                });
            }
        }
    }

    /// The cache-tree says the entries `start..end` write exactly tree `id`. git trusts
    /// that outright; we also check the entry count and that none is unmerged or
    /// intent-to-add, which a stale cache-tree could hide.
    fn proven_unchanged(
        &self,
        cached: Option<&CacheTree>,
        id: Oid,
        start: usize,
        end: usize,
    ) -> bool {
        match cached.and_then(|c| c.valid) {
            Some((count, oid)) => {
                oid == id
                    && count == end - start
                    && self.entries[start..end]
                        .iter()
                        .all(|e| e.stage == 0 && !e.intent_to_add)
            }
            None => false,
        }
    }
}
