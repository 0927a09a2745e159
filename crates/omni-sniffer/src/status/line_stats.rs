//! `lineStats`: the lines each record adds and deletes, as `git diff --cached --numstat` (HEAD to
//! the index) and `git diff --numstat` (the index to the worktree) count them. The counting is
//! libgit2's xdiff, git's own Myers diff; deciding what is binary, what is too large and what the
//! worktree version is (git's check-in conversion) is done here, as git decides it.

use std::collections::HashMap;
use std::path::Path;

use git2::{DiffOptions, ErrorCode, Oid, Patch, Repository, Tree};
use omni_types::{LineCount, LineStats, NotCounted, OmniResult};

use super::attributes::{Attributes, DiffAttribute};
use super::index::Entry;
use super::records::{Record, RecordKind};
use super::{attributes_of, blob_hash, convert, StatusCache};
use crate::{errors, paths, regular_file};

/// git's `FIRST_FEW_BYTES`: a NUL byte this early makes content binary.
const BINARY_PROBE: usize = 8000;

/// The counts of the last snapshot's text sides, by the ids of their two versions: a kept sniffer
/// diffs again only a side one of whose versions changed.
#[derive(Default)]
pub(crate) struct LineCache {
    counts: HashMap<(Oid, Oid), (u64, u64)>,
}

/// One version of a path.
enum Version {
    Absent,
    Blob(Oid),
    /// The file (or symlink) in the worktree.
    Worktree,
}

/// Content read for a count, and the id it is known by.
struct Read {
    id: Oid,
    data: Vec<u8>,
}

/// The line counts of each of `records`, in their order (the status collection that made them
/// must be the cache's last).
pub(crate) fn line_stats(
    repo: &Repository,
    root: &Path,
    head_tree: Option<Oid>,
    records: &[Record],
    max_bytes: u64,
    cache: &mut StatusCache,
) -> OmniResult<Vec<LineStats>> {
    let (Some(index), Some((settings, _))) = (cache.index.clone(), cache.last.clone()) else {
        return Ok(vec![LineStats::default(); records.len()]);
    };
    let tree = match head_tree {
        Some(oid) => Some(repo.find_tree(oid).map_err(|e| {
            errors::git(
                format_args!("cannot read tree {oid} in {}", root.display()),
                e,
            )
        })?),
        None => None,
    };
    let entries = &index.entries;
    let mut counter = Counter {
        repo,
        root,
        max_bytes,
        attributes: attributes_of(repo, root, &settings, &index, &mut cache.attributes),
        known: std::mem::take(&mut cache.lines.counts),
        used: HashMap::new(),
    };
    let mut out = Vec::with_capacity(records.len());
    for record in records {
        out.push(counter.record(record, entries, tree.as_ref())?);
    }
    cache.lines.counts = counter.used;
    Ok(out)
}

struct Counter<'a> {
    repo: &'a Repository,
    root: &'a Path,
    max_bytes: u64,
    attributes: Attributes<'a>,
    known: HashMap<(Oid, Oid), (u64, u64)>,
    used: HashMap<(Oid, Oid), (u64, u64)>,
}

impl Counter<'_> {
    fn record(
        &mut self,
        record: &Record,
        entries: &[Entry],
        tree: Option<&Tree<'_>>,
    ) -> OmniResult<LineStats> {
        let path = &*record.path;
        let (x, y) = match record.kind {
            RecordKind::Ordinary { x, y, sub } if sub[0] == b'S' => {
                let submodule = || LineCount::not_counted(NotCounted::Submodule);
                return Ok(LineStats {
                    staged: (x != b'.').then(submodule),
                    unstaged: (y != b'.').then(submodule),
                });
            }
            RecordKind::Ordinary { x, y, .. } => (x, y),
            RecordKind::Unmerged { .. } => return Ok(LineStats::default()),
            RecordKind::Untracked if path.ends_with(b"/") => return Ok(LineStats::default()),
            RecordKind::Untracked => {
                return Ok(LineStats {
                    staged: None,
                    unstaged: Some(self.untracked(path)?),
                })
            }
        };
        let at = |path: &[u8]| {
            entries
                .binary_search_by(|e| (&*e.path, e.stage).cmp(&(path, 0)))
                .ok()
                .map(|position| &entries[position])
        };
        let entry = at(path);
        // A side that renames counts from the source's version (`git diff -M`).
        let from = |letter: u8| match &record.rename {
            Some(rename) if letter == b'R' => &*rename.from,
            _ => path,
        };
        let staged = if x == b'.' {
            None
        } else {
            let old_path = from(x);
            let head = match tree.map(|tree| tree.get_path(&paths::join(Path::new(""), old_path))) {
                Some(Ok(entry)) if x != b'A' => Version::Blob(entry.id()),
                _ => Version::Absent,
            };
            let index = match entry {
                Some(entry) if x != b'D' => Version::Blob(entry.oid),
                _ => Version::Absent,
            };
            Some(self.side(old_path, &head, path, &index)?)
        };
        let unstaged = if y == b'.' {
            None
        } else {
            let old_path = from(y);
            let indexed = match at(old_path) {
                Some(entry) if !entry.intent_to_add => Version::Blob(entry.oid),
                _ => Version::Absent,
            };
            let worktree = if y == b'D' {
                Version::Absent
            } else {
                Version::Worktree
            };
            Some(self.side(old_path, &indexed, path, &worktree)?)
        };
        Ok(LineStats { staged, unstaged })
    }

    /// One side's counts: from `old` (at `old_path`) to `new` (at `path`), unless either is too
    /// large or binary, each by the attributes of its own path.
    fn side(
        &mut self,
        old_path: &[u8],
        old: &Version,
        path: &[u8],
        new: &Version,
    ) -> OmniResult<LineCount> {
        if self.size(old_path, old)? > self.max_bytes || self.size(path, new)? > self.max_bytes {
            return Ok(LineCount::not_counted(NotCounted::TooLarge));
        }
        let old = self.read(old_path, old, None)?;
        // The CRLF rule asks the index's version at the worktree file's own path.
        let indexed = (old_path == path).then_some(&*old.data);
        let new = self.read(path, new, indexed)?;
        if self.binary(old_path, &[&old.data]) || self.binary(path, &[&new.data]) {
            return Ok(LineCount::not_counted(NotCounted::Binary));
        }
        let key = (old.id, new.id);
        let counts = match self.known.get(&key).or_else(|| self.used.get(&key)) {
            Some(&counts) => counts,
            None => diff(&old.data, &new.data).map_err(|e| {
                errors::git(
                    format_args!(
                        "cannot count the lines of {} in {}",
                        paths::display(path),
                        self.root.display()
                    ),
                    e,
                )
            })?,
        };
        self.used.insert(key, counts);
        Ok(LineCount::counted(counts.0, counts.1))
    }

    /// An untracked file's lines, all added.
    fn untracked(&mut self, path: &[u8]) -> OmniResult<LineCount> {
        if self.size(path, &Version::Worktree)? > self.max_bytes {
            return Ok(LineCount::not_counted(NotCounted::TooLarge));
        }
        let data = self.raw_worktree(path);
        if self.binary(path, &[&data]) {
            return Ok(LineCount::not_counted(NotCounted::Binary));
        }
        let newlines = data.iter().filter(|&&b| b == b'\n').count() as u64;
        let unterminated = u64::from(data.last().is_some_and(|&b| b != b'\n'));
        Ok(LineCount::counted(newlines + unterminated, 0))
    }

    fn size(&self, path: &[u8], version: &Version) -> OmniResult<u64> {
        Ok(match version {
            Version::Absent => 0,
            Version::Blob(oid) => self.blob_header(*oid)?,
            Version::Worktree => {
                std::fs::symlink_metadata(paths::join(self.root, path)).map_or(0, |meta| meta.len())
            }
        })
    }

    fn blob_header(&self, oid: Oid) -> OmniResult<u64> {
        let odb = self.repo.odb().map_err(|e| self.unreadable(oid, e))?;
        match odb.read_header(oid) {
            Ok((size, _)) => Ok(size as u64),
            // The empty blob need not be stored (an intent-to-add entry names it).
            Err(e) if e.code() == ErrorCode::NotFound && oid == empty_blob() => Ok(0),
            Err(e) => Err(self.unreadable(oid, e)),
        }
    }

    /// A version's content as git diffs it; the worktree's cleaned as git would store it, asking
    /// `index` (the old side's content) for the CRLF rule.
    fn read(&mut self, path: &[u8], version: &Version, index: Option<&[u8]>) -> OmniResult<Read> {
        Ok(match version {
            Version::Absent => Read {
                id: Oid::zero(),
                data: Vec::new(),
            },
            Version::Blob(oid) if *oid == empty_blob() => Read {
                id: *oid,
                data: Vec::new(),
            },
            Version::Blob(oid) => {
                let blob = self
                    .repo
                    .find_blob(*oid)
                    .map_err(|e| self.unreadable(*oid, e))?;
                Read {
                    id: *oid,
                    data: blob.content().to_vec(),
                }
            }
            Version::Worktree => {
                let full = paths::join(self.root, path);
                let data = match std::fs::read_link(&full) {
                    Ok(target) => paths::bytes(&target).to_vec(),
                    Err(_) => {
                        let raw = self.raw_worktree(path);
                        let conversion = self.attributes.conversion(path);
                        convert::to_git(&raw, conversion, || {
                            index.is_some_and(convert::blob_has_crlf)
                        })
                        .into_owned()
                    }
                };
                Read {
                    id: blob_hash::of_bytes(&data),
                    data,
                }
            }
        })
    }

    /// The worktree file's bytes (a symlink's target): what cannot be read counts as empty, as a
    /// file that went between the status and the count.
    fn raw_worktree(&self, path: &[u8]) -> Vec<u8> {
        let full = paths::join(self.root, path);
        match std::fs::read_link(&full) {
            Ok(target) => paths::bytes(&target).to_vec(),
            Err(_) => regular_file::read_regular(&full, false).unwrap_or_default(),
        }
    }

    fn binary(&mut self, path: &[u8], versions: &[&[u8]]) -> bool {
        is_binary(self.repo, &mut self.attributes, path, versions)
    }

    fn unreadable(&self, oid: Oid, e: git2::Error) -> omni_types::OmniError {
        errors::git(
            format_args!(
                "cannot read blob {oid} for a line count in {}",
                self.root.display()
            ),
            e,
        )
    }
}

/// git's `diff_filespec_is_binary` for the versions of `path` in `versions`: the `diff` attribute,
/// a driver's `diff.<driver>.binary`, else a NUL in the first bytes of any of them.
pub(super) fn is_binary(
    repo: &Repository,
    attributes: &mut Attributes<'_>,
    path: &[u8],
    versions: &[&[u8]],
) -> bool {
    let forced = match attributes.diff(path) {
        DiffAttribute::Text => Some(false),
        DiffAttribute::Binary => Some(true),
        DiffAttribute::Driver(driver) => {
            let name = format!("diff.{}.binary", String::from_utf8_lossy(&driver));
            repo.config().ok().and_then(|c| c.get_bool(&name).ok())
        }
        DiffAttribute::Unspecified => None,
    };
    forced.unwrap_or_else(|| {
        versions
            .iter()
            .any(|data| data[..data.len().min(BINARY_PROBE)].contains(&0))
    })
}

pub(super) fn empty_blob() -> Oid {
    static EMPTY: std::sync::LazyLock<Oid> = std::sync::LazyLock::new(|| blob_hash::of_bytes(b""));
    *EMPTY
}

/// (added, deleted) from `old` to `new`, by git's xdiff.
fn diff(old: &[u8], new: &[u8]) -> Result<(u64, u64), git2::Error> {
    if old == new {
        return Ok((0, 0));
    }
    let mut options = DiffOptions::new();
    // Binary was decided above, by git's rules; libgit2's own guess differs.
    options.force_text(true).context_lines(0);
    let patch = Patch::from_buffers(old, None, new, None, Some(&mut options))?;
    let (_, added, deleted) = patch.line_stats()?;
    Ok((added as u64, deleted as u64))
}
