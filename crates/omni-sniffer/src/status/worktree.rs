//! Index versus worktree by stat alone (git's `ie_match_stat`, read-cache.c): what can
//! be decided without reading a file is decided here, in parallel and without git2;
//! the rest comes back as a `Probe` for the caller to settle.

use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::Path;

use git2::Oid;

use super::fs_at::DirHandle;
use super::index::{Entry, MODE_FILE, MODE_SYMLINK, MODE_TYPE};
use super::stamp::FileStamp;
use crate::paths;

/// Below this many entries a second thread costs more than it saves.
pub(crate) const PARALLEL_THRESHOLD: usize = 2048;

/// The stat rules in force (config) and the index file's own mtime.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StatRules {
    pub filemode: bool,
    pub symlinks: bool,
    pub trust_ctime: bool,
    pub check_stat: bool,
    /// git's `clear_skip_worktree_from_present_files` applies.
    pub sparse_present_files_count: bool,
    pub index_timestamp: u32,
}

#[derive(Debug)]
pub(crate) enum Probe {
    /// Decided from stat alone: `D`, `M`, `T`, or `A` for an intent-to-add entry.
    Changed(u8),
    /// Stat cannot tell: the content (a file, or a symlink's target) must be compared.
    Content { symlink: bool, stamp: FileStamp },
    /// A submodule directory: its HEAD and its own status decide.
    Gitlink,
    /// A file's path is a directory now: `T` if that is a repository, else `D`.
    Directory,
}

/// The entries (by position in `entries`) that are not clean by stat, with what to do next.
pub(crate) fn probe(
    root: &Path,
    entries: &[Entry],
    positions: &[usize],
    rules: StatRules,
    threads: usize,
) -> Vec<(usize, Probe)> {
    if threads <= 1 || positions.len() < PARALLEL_THRESHOLD {
        return probe_chunk(root, entries, positions, rules);
    }
    let chunk = positions.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = positions
            .chunks(chunk)
            .map(|part| scope.spawn(move || probe_chunk(root, entries, part, rules)))
            .collect();
        // A panicked worker would be a bug; its entries then count as changed content.
        let mut out = Vec::new();
        for (handle, part) in handles.into_iter().zip(positions.chunks(chunk)) {
            match handle.join() {
                Ok(found) => out.extend(found),
                Err(_) => out.extend(part.iter().map(|&p| (p, Probe::Changed(b'M')))),
            }
        }
        out
    })
}

fn probe_chunk(
    root: &Path,
    entries: &[Entry],
    positions: &[usize],
    rules: StatRules,
) -> Vec<(usize, Probe)> {
    let mut walker = ChunkWalker {
        root,
        real_dirs: HashSet::new(),
        dir: None,
        name: Vec::new(),
    };
    let mut out = Vec::new();
    for &position in positions {
        let Some(entry) = entries.get(position) else {
            continue;
        };
        if let Some(probe) = probe_entry(entry, rules, &mut walker) {
            out.push((position, probe));
        }
    }
    out
}

/// Per-thread lookup state: entries come sorted, so one directory handle serves a run of them.
struct ChunkWalker<'a> {
    root: &'a Path,
    /// Directories known not to be symlinks.
    real_dirs: HashSet<Box<[u8]>>,
    /// The directory of the previous entry.
    dir: Option<OpenDir>,
    name: Vec<u8>,
}

struct OpenDir {
    path: Box<[u8]>,
    /// The handle, or why it could not be opened.
    handle: std::io::Result<DirHandle>,
    /// Whether a symlink leads to it, once someone asked.
    behind_symlink: Option<bool>,
}

impl ChunkWalker<'_> {
    /// `lstat` of `path`, leaving its directory as the current one.
    fn lstat(&mut self, path: &[u8]) -> std::io::Result<libc::stat> {
        let (dir, name) = match path.iter().rposition(|&b| b == b'/') {
            Some(slash) => (&path[..slash], &path[slash + 1..]),
            None => (&path[..0], path),
        };
        if self.dir.as_ref().is_none_or(|open| *open.path != *dir) {
            let handle = DirHandle::open(&paths::join(self.root, dir));
            self.dir = Some(OpenDir {
                path: dir.into(),
                handle,
                behind_symlink: None,
            });
        }
        match &self.dir {
            Some(OpenDir {
                handle: Ok(handle), ..
            }) => handle.lstat(name, &mut self.name),
            Some(OpenDir {
                handle: Err(error), ..
            }) => Err(std::io::Error::from(error.kind())),
            None => Err(std::io::Error::from(ErrorKind::NotFound)),
        }
    }

    /// git's `has_symlink_leading_path` for the current directory: a tracked path
    /// reached through a symlinked directory is not in the worktree any more.
    fn behind_symlink(&mut self) -> bool {
        let Some(open) = self.dir.as_mut() else {
            return false;
        };
        if let Some(known) = open.behind_symlink {
            return known;
        }
        let mut found = false;
        let path = &open.path;
        let ends = path
            .iter()
            .enumerate()
            .filter(|(_, &b)| b == b'/')
            .map(|(i, _)| i);
        for end in ends.chain((!path.is_empty()).then_some(path.len())) {
            let dir = &path[..end];
            if self.real_dirs.contains(dir) {
                continue;
            }
            match std::fs::symlink_metadata(paths::join(self.root, dir)) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    found = true;
                    break;
                }
                _ => {
                    self.real_dirs.insert(dir.into());
                }
            }
        }
        open.behind_symlink = Some(found);
        found
    }
}

fn probe_entry(entry: &Entry, rules: StatRules, walker: &mut ChunkWalker<'_>) -> Option<Probe> {
    // The user promised these do not change (assume-unchanged, skip-worktree): git trusts it.
    if entry.assume_valid || (entry.skip_worktree && !rules.sparse_present_files_count) {
        return None;
    }
    let stat = match walker.lstat(&entry.path) {
        Ok(stat) => stat,
        // Under sparse checkout git drops the skip-worktree bit only of files present on disk.
        Err(_) if entry.skip_worktree => return None,
        Err(error) if matches!(error.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return Some(Probe::Changed(b'D'))
        }
        // git reports the error and skips the entry.
        Err(_) => return None,
    };
    if walker.behind_symlink() {
        return Some(Probe::Changed(b'D'));
    }
    let kind = stat.st_mode & libc::S_IFMT;
    if kind == libc::S_IFDIR {
        return Some(if entry.is_gitlink() {
            Probe::Gitlink
        } else {
            Probe::Directory
        });
    }
    if entry.intent_to_add {
        return Some(Probe::Changed(b'A'));
    }
    let stamp = FileStamp::from_stat(&stat);
    let (is_file, is_symlink) = (kind == libc::S_IFREG, kind == libc::S_IFLNK);
    match entry.mode & MODE_TYPE {
        MODE_FILE => {
            if !is_file {
                return Some(Probe::Changed(if is_symlink { b'T' } else { b'M' }));
            }
            if rules.filemode && (entry.mode ^ stat.st_mode) & 0o100 != 0 {
                return Some(Probe::Changed(b'M'));
            }
            compare_stat(
                entry,
                &stat,
                rules,
                Probe::Content {
                    symlink: false,
                    stamp,
                },
            )
        }
        MODE_SYMLINK => {
            if is_symlink {
                compare_stat(
                    entry,
                    &stat,
                    rules,
                    Probe::Content {
                        symlink: true,
                        stamp,
                    },
                )
            } else if is_file && !rules.symlinks {
                // Without core.symlinks a symlink is checked out as a file holding its target.
                compare_stat(
                    entry,
                    &stat,
                    rules,
                    Probe::Content {
                        symlink: false,
                        stamp,
                    },
                )
            } else {
                Some(Probe::Changed(b'T'))
            }
        }
        // A gitlink whose directory became a file or symlink.
        _ => Some(Probe::Changed(b'T')),
    }
}

/// git's `match_stat_data` plus the racy and smudged-entry rules of `ie_match_stat` and
/// `ie_modified`: `None` when clean, `Changed` when the size proves it, else `content`.
fn compare_stat(
    entry: &Entry,
    stat: &libc::stat,
    rules: StatRules,
    content: Probe,
) -> Option<Probe> {
    let sd = &entry.stat;
    let mut stat_changed = sd.mtime != stat.st_mtime as u32;
    if rules.trust_ctime && rules.check_stat && sd.ctime != stat.st_ctime as u32 {
        stat_changed = true;
    }
    if rules.check_stat
        && (sd.uid != stat.st_uid || sd.gid != stat.st_gid || sd.ino != stat.st_ino as u32)
    {
        stat_changed = true;
    }
    let size_changed = sd.size != stat.st_size as u32;
    // A size of 0 is how git marks ("smudges") a racily written entry: the size proves nothing.
    let smudged = sd.size == 0 && entry.oid != empty_blob();
    if size_changed && sd.size != 0 {
        return Some(Probe::Changed(b'M'));
    }
    if stat_changed || size_changed || smudged {
        return Some(content);
    }
    // Racy git: written in the same second as the index, the stat cannot be trusted.
    if rules.index_timestamp != 0 && rules.index_timestamp <= sd.mtime {
        return Some(content);
    }
    None
}

fn empty_blob() -> Oid {
    // The id of the empty blob; `from_bytes` of 20 bytes cannot fail.
    Oid::from_bytes(&[
        0xe6, 0x9d, 0xe2, 0x9b, 0xb2, 0xd1, 0xd6, 0x43, 0x4b, 0x8b, 0x29, 0xae, 0x77, 0x5a, 0xd8,
        0xc2, 0xe4, 0x8c, 0x53, 0x91,
    ])
    .unwrap_or_else(|_| Oid::zero())
}
