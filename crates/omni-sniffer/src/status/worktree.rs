//! Index versus worktree by stat alone (git's `ie_match_stat`, read-cache.c): what can
//! be decided without reading a file is decided here, without git2; the rest comes back as a
//! `Probe` for the caller to settle. A full collection `lstat`s through `scan`'s folder
//! handles; `probe` looks up a few paths of its own (a watched sniffer's written files).

use std::io::ErrorKind;
use std::path::Path;

use git2::Oid;

use super::fs_at::{Access, DirHandle, EntryType, Stat};
use super::index::{Entry, MODE_FILE, MODE_SYMLINK, MODE_TYPE};
use super::stamp::FileStamp;

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

/// The entries at `positions` in `entries` that are not clean by stat, with what to do next.
pub(crate) fn probe(
    root: &Path,
    entries: &[Entry],
    positions: &[usize],
    rules: StatRules,
) -> Vec<(usize, Probe)> {
    let mut walker = ChunkWalker {
        root,
        open: Vec::new(),
        name: Vec::new(),
    };
    let mut out = Vec::new();
    for &position in positions {
        let Some(entry) = entries.get(position) else {
            continue;
        };
        if let Some(probe) = probe_entry(entry, rules, || walker.lstat(&entry.path)) {
            out.push((position, probe));
        }
    }
    out
}

/// Lookup state: entries come sorted, so the handles of the folders on the way to the
/// previous entry serve the next one. Each folder is opened once, relative to its parent and
/// never through a symlink: a tracked path behind a symlinked folder fails to open there, which
/// is git's `has_symlink_leading_path` without a `stat` of every folder.
struct ChunkWalker<'a> {
    root: &'a Path,
    /// The root, then one open folder per level of the previous entry's folder.
    open: Vec<OpenDir>,
    name: Vec<u8>,
}

struct OpenDir {
    /// The folder's path from the root, no trailing slash (empty for the root).
    path: Box<[u8]>,
    /// The handle, or why it could not be opened.
    handle: std::io::Result<DirHandle>,
}

impl ChunkWalker<'_> {
    /// `lstat` of `path`; a folder on the way that is missing, not a folder or a symlink gives
    /// `NotFound`.
    fn lstat(&mut self, path: &[u8]) -> std::io::Result<Stat> {
        let (dir, name) = match path.iter().rposition(|&b| b == b'/') {
            Some(slash) => (&path[..slash], &path[slash + 1..]),
            None => (&path[..0], path),
        };
        let mut buffer = std::mem::take(&mut self.name);
        let result = match &self.folder(dir).handle {
            Ok(handle) => handle.lstat(name, &mut buffer),
            Err(error) => Err(std::io::Error::from(error.kind())),
        };
        self.name = buffer;
        result
    }

    /// The open folder `dir`, opening what is missing from the root down.
    fn folder(&mut self, dir: &[u8]) -> &OpenDir {
        if self.open.is_empty() {
            self.open.push(OpenDir {
                path: Box::default(),
                handle: DirHandle::open(self.root, Access::Lookup),
            });
        }
        // Keep the folders that lead to `dir`.
        while self.open.len() > 1 && !leads_to(&self.open[self.open.len() - 1].path, dir) {
            self.open.pop();
        }
        loop {
            let Some(top) = self.open.last() else {
                unreachable!("the root is never popped")
            };
            if top.path.len() == dir.len() {
                break;
            }
            let start = if top.path.is_empty() {
                0
            } else {
                top.path.len() + 1
            };
            let end = dir[start..]
                .iter()
                .position(|&b| b == b'/')
                .map_or(dir.len(), |i| start + i);
            let handle = match &top.handle {
                Ok(parent) => parent.open_folder(&dir[start..end], &mut self.name, Access::Lookup),
                Err(error) => Err(std::io::Error::from(error.kind())),
            };
            self.open.push(OpenDir {
                path: dir[..end].into(),
                handle,
            });
        }
        &self.open[self.open.len() - 1]
    }
}

/// Whether folder `ancestor` is `dir` or one of the folders above it.
fn leads_to(ancestor: &[u8], dir: &[u8]) -> bool {
    ancestor.is_empty()
        || (dir.starts_with(ancestor) && matches!(dir.get(ancestor.len()), None | Some(b'/')))
}

/// What stat says of `entry`, `lstat` giving its `lstat` (called only when git would look).
pub(crate) fn probe_entry(
    entry: &Entry,
    rules: StatRules,
    lstat: impl FnOnce() -> std::io::Result<Stat>,
) -> Option<Probe> {
    // The user promised these do not change (assume-unchanged, skip-worktree): git trusts it.
    if entry.assume_valid || (entry.skip_worktree && !rules.sparse_present_files_count) {
        return None;
    }
    let stat = match lstat() {
        Ok(stat) => stat,
        // Under sparse checkout git drops the skip-worktree bit only of files present on disk.
        Err(_) if entry.skip_worktree => return None,
        Err(error) if matches!(error.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return Some(Probe::Changed(b'D'))
        }
        // git reports the error and skips the entry.
        Err(_) => return None,
    };
    if stat.kind == EntryType::Dir {
        return Some(if entry.is_gitlink() {
            Probe::Gitlink
        } else {
            Probe::Directory
        });
    }
    if entry.intent_to_add {
        return Some(Probe::Changed(b'A'));
    }
    let stamp = stat.stamp;
    let (is_file, is_symlink) = (
        stat.kind == EntryType::File,
        stat.kind == EntryType::Symlink,
    );
    match entry.mode & MODE_TYPE {
        MODE_FILE => {
            if !is_file {
                return Some(Probe::Changed(if is_symlink { b'T' } else { b'M' }));
            }
            if rules.filemode && (entry.mode & 0o100 != 0) != stat.executable {
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
fn compare_stat(entry: &Entry, stat: &Stat, rules: StatRules, content: Probe) -> Option<Probe> {
    let sd = &entry.stat;
    let mut stat_changed = sd.mtime != stat.mtime as u32;
    if rules.trust_ctime && rules.check_stat && sd.ctime != stat.ctime as u32 {
        stat_changed = true;
    }
    if rules.check_stat && (sd.uid != stat.uid || sd.gid != stat.gid || sd.ino != stat.ino as u32) {
        stat_changed = true;
    }
    let size_changed = sd.size != munge_st_size(stat.size);
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

/// git's `munge_st_size` (statinfo.c, git 2.43+): the index keeps 32 bits of the size, and a
/// non-empty multiple of 4 GiB, which would keep 0 (the mark of a smudged entry), keeps 0x80000000.
fn munge_st_size(size: u64) -> u32 {
    match size as u32 {
        0 if size != 0 => 0x8000_0000,
        low => low,
    }
}

fn empty_blob() -> Oid {
    // The id of the empty blob; `from_bytes` of 20 bytes cannot fail.
    Oid::from_bytes(&[
        0xe6, 0x9d, 0xe2, 0x9b, 0xb2, 0xd1, 0xd6, 0x43, 0x4b, 0x8b, 0x29, 0xae, 0x77, 0x5a, 0xd8,
        0xc2, 0xe4, 0x8c, 0x53, 0x91,
    ])
    .unwrap_or_else(|_| Oid::zero())
}

#[cfg(all(test, unix))]
mod tests {
    //! git's stat rules one field at a time: read-cache.c `ie_match_stat` / `ie_modified` and
    //! statinfo.c `match_stat_data` in a stock build (no USE_NSEC, no USE_STDEV). "read" means
    //! stat cannot decide and the content is compared; "modified" means the size proves it.

    use super::super::index::StatData;
    use super::*;
    use crate::test_support::TempDir;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    const MTIME: u32 = 1_700_000_000;
    const GIB4: i64 = 1 << 32;

    fn blob() -> Oid {
        Oid::from_bytes(&[0x11; 20]).unwrap()
    }

    fn entry(mode: u32, stat: StatData) -> Entry {
        Entry {
            path: b"file".to_vec().into(),
            mode,
            oid: blob(),
            stage: 0,
            intent_to_add: false,
            skip_worktree: false,
            assume_valid: false,
            stat,
        }
    }

    fn recorded() -> StatData {
        StatData {
            ctime: MTIME - 5,
            mtime: MTIME,
            ino: 1234,
            uid: 1000,
            gid: 100,
            size: 42,
        }
    }

    /// The `lstat` of a file that `recorded()` describes, with nanoseconds and a device that the
    /// index does not keep (git stores them but a stock build never compares them).
    fn matching() -> libc::stat {
        // SAFETY: an all-zero `stat` is a valid value of this plain C struct.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        st.st_mode = libc::S_IFREG | 0o644;
        st.st_mtime = MTIME as _;
        st.st_mtime_nsec = 123_456_789;
        st.st_ctime = (MTIME - 5) as _;
        st.st_ctime_nsec = 987_654_321;
        st.st_ino = 1234;
        st.st_uid = 1000;
        st.st_gid = 100;
        st.st_size = 42;
        st.st_dev = 77;
        st
    }

    fn rules() -> StatRules {
        StatRules {
            filemode: true,
            symlinks: true,
            trust_ctime: true,
            check_stat: true,
            sparse_present_files_count: false,
            // Written well after the entries: none is racy.
            index_timestamp: MTIME + 10,
        }
    }

    fn minimal() -> StatRules {
        StatRules {
            check_stat: false,
            ..rules()
        }
    }

    fn verdict_of(entry: &Entry, st: &libc::stat, rules: StatRules) -> &'static str {
        let content = Probe::Content {
            symlink: false,
            stamp: FileStamp::from_stat(st),
        };
        match compare_stat(entry, &Stat::from(st), rules, content) {
            None => "clean",
            Some(Probe::Changed(b'M')) => "modified",
            Some(Probe::Content { .. }) => "read",
            Some(other) => panic!("unexpected {other:?}"),
        }
    }

    fn verdict(st: &libc::stat, rules: StatRules) -> &'static str {
        verdict_of(&entry(MODE_FILE | 0o644, recorded()), st, rules)
    }

    #[test]
    fn a_matching_stat_is_clean() {
        assert_eq!(verdict(&matching(), rules()), "clean");
        assert_eq!(verdict(&matching(), minimal()), "clean");
    }

    #[test]
    fn mtime_seconds_count() {
        let mut st = matching();
        st.st_mtime += 1;
        assert_eq!(verdict(&st, rules()), "read");
        assert_eq!(verdict(&st, minimal()), "read");
    }

    #[test]
    fn nanoseconds_are_ignored() {
        let mut st = matching();
        st.st_mtime_nsec = 0;
        st.st_ctime_nsec = 999_999_999;
        assert_eq!(verdict(&st, rules()), "clean");
    }

    #[test]
    fn ctime_seconds_count_with_trustctime() {
        let mut st = matching();
        st.st_ctime += 1;
        assert_eq!(verdict(&st, rules()), "read");
    }

    #[test]
    fn ctime_is_ignored_without_trustctime_or_with_check_stat_minimal() {
        let mut st = matching();
        st.st_ctime += 1;
        let untrusted = StatRules {
            trust_ctime: false,
            ..rules()
        };
        assert_eq!(verdict(&st, untrusted), "clean");
        assert_eq!(verdict(&st, minimal()), "clean");
    }

    #[test]
    fn uid_counts_unless_check_stat_minimal() {
        let mut st = matching();
        st.st_uid += 1;
        assert_eq!(verdict(&st, rules()), "read");
        assert_eq!(verdict(&st, minimal()), "clean");
    }

    #[test]
    fn gid_counts_unless_check_stat_minimal() {
        let mut st = matching();
        st.st_gid += 1;
        assert_eq!(verdict(&st, rules()), "read");
        assert_eq!(verdict(&st, minimal()), "clean");
    }

    #[test]
    fn inode_counts_unless_check_stat_minimal() {
        let mut st = matching();
        st.st_ino += 1;
        assert_eq!(verdict(&st, rules()), "read");
        assert_eq!(verdict(&st, minimal()), "clean");
        // The index keeps 32 bits of it, and git compares those.
        st.st_ino = 1234 + (1 << 32);
        assert_eq!(verdict(&st, rules()), "clean");
    }

    #[test]
    fn the_device_is_never_compared() {
        let mut st = matching();
        st.st_dev += 1;
        assert_eq!(verdict(&st, rules()), "clean");
    }

    #[test]
    fn a_size_change_is_modified_without_reading() {
        let mut st = matching();
        st.st_size += 1;
        assert_eq!(verdict(&st, rules()), "modified");
        assert_eq!(verdict(&st, minimal()), "modified");
        // Even when the entry is racy: the size alone proves it.
        let racy = StatRules {
            index_timestamp: MTIME,
            ..rules()
        };
        assert_eq!(verdict(&st, racy), "modified");
    }

    #[test]
    fn the_size_is_compared_in_32_bits() {
        let mut st = matching();
        st.st_size = 42 + GIB4;
        assert_eq!(verdict(&st, rules()), "clean");
        st.st_size = 43 + GIB4;
        assert_eq!(verdict(&st, rules()), "modified");
    }

    #[test]
    fn a_multiple_of_4_gib_is_stored_as_0x80000000() {
        // git 2.43+ (statinfo.c `munge_st_size`) stores it so, not as 0, the smudged mark.
        for size in [GIB4, 2 * GIB4] {
            let mut st = matching();
            st.st_size = size;
            let big = StatData {
                size: 0x8000_0000,
                ..recorded()
            };
            assert_eq!(
                verdict_of(&entry(MODE_FILE | 0o644, big), &st, rules()),
                "clean"
            );
            // Older git stored 0: smudged, so git reads it, and so do we.
            let old = StatData {
                size: 0,
                ..recorded()
            };
            assert_eq!(
                verdict_of(&entry(MODE_FILE | 0o644, old), &st, rules()),
                "read"
            );
        }
        // A file of exactly 2 GiB keeps the same 32 bits, as in git.
        let mut st = matching();
        st.st_size = 0x8000_0000;
        let two = StatData {
            size: 0x8000_0000,
            ..recorded()
        };
        assert_eq!(
            verdict_of(&entry(MODE_FILE | 0o644, two), &st, rules()),
            "clean"
        );
    }

    #[test]
    fn a_smudged_entry_is_read_unless_it_is_the_empty_blob() {
        let smudged = StatData {
            size: 0,
            ..recorded()
        };
        let mut st = matching();
        st.st_size = 0;
        assert_eq!(
            verdict_of(&entry(MODE_FILE | 0o644, smudged), &st, rules()),
            "read"
        );
        let mut empty = entry(MODE_FILE | 0o644, smudged);
        empty.oid = empty_blob();
        assert_eq!(verdict_of(&empty, &st, rules()), "clean");
    }

    #[test]
    fn a_racy_entry_is_read() {
        for index_timestamp in [MTIME, MTIME - 1] {
            let racy = StatRules {
                index_timestamp,
                ..rules()
            };
            assert_eq!(verdict(&matching(), racy), "read");
        }
        // No index file (timestamp 0): nothing is racy.
        let none = StatRules {
            index_timestamp: 0,
            ..rules()
        };
        assert_eq!(verdict(&matching(), none), "clean");
    }

    // With real files: the mode and type checks that come before the stat fields.

    /// An entry recording `name`'s current `lstat`, as `git add` would, with `mode`.
    fn recorded_from_disk(root: &Path, name: &str, mode: u32) -> Entry {
        let meta = std::fs::symlink_metadata(root.join(name)).unwrap();
        Entry {
            path: name.as_bytes().into(),
            mode,
            oid: blob(),
            stage: 0,
            intent_to_add: false,
            skip_worktree: false,
            assume_valid: false,
            stat: StatData {
                ctime: meta.ctime() as u32,
                mtime: meta.mtime() as u32,
                ino: meta.ino() as u32,
                uid: meta.uid(),
                gid: meta.gid(),
                size: meta.size() as u32,
            },
        }
    }

    fn probe_one(root: &Path, entry: &Entry, rules: StatRules) -> Option<Probe> {
        let rules = StatRules {
            index_timestamp: entry.stat.mtime + 10,
            ..rules
        };
        let mut found = probe(root, std::slice::from_ref(entry), &[0], rules);
        assert!(found.len() <= 1);
        found.pop().map(|(_, probe)| probe)
    }

    fn file(root: &Path, name: &str, mode: u32) {
        let path = root.join(name);
        std::fs::write(&path, "content\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn only_the_owner_execute_bit_counts_and_only_with_core_filemode() {
        let root = TempDir::new("omni-stat");
        file(&root, "run", 0o755);
        let no_filemode = StatRules {
            filemode: false,
            ..rules()
        };
        let entry = recorded_from_disk(&root, "run", MODE_FILE | 0o644);
        assert!(matches!(
            probe_one(&root, &entry, rules()),
            Some(Probe::Changed(b'M'))
        ));
        assert!(probe_one(&root, &entry, no_filemode).is_none());
        let entry = recorded_from_disk(&root, "run", MODE_FILE | 0o755);
        assert!(probe_one(&root, &entry, rules()).is_none());
        // Group and other bits are not git's business.
        file(&root, "shared", 0o611);
        let entry = recorded_from_disk(&root, "shared", MODE_FILE | 0o644);
        assert!(probe_one(&root, &entry, rules()).is_none());
    }

    #[test]
    fn a_symlink_where_a_file_was_is_a_type_change() {
        let root = TempDir::new("omni-stat");
        std::os::unix::fs::symlink("elsewhere", root.join("f")).unwrap();
        let entry = recorded_from_disk(&root, "f", MODE_FILE | 0o644);
        for rules in [rules(), minimal()] {
            assert!(matches!(
                probe_one(&root, &entry, rules),
                Some(Probe::Changed(b'T'))
            ));
        }
    }

    #[test]
    fn a_file_where_a_symlink_was_is_a_type_change_unless_core_symlinks_is_off() {
        let root = TempDir::new("omni-stat");
        file(&root, "link", 0o644);
        let entry = recorded_from_disk(&root, "link", MODE_SYMLINK);
        assert!(matches!(
            probe_one(&root, &entry, rules()),
            Some(Probe::Changed(b'T'))
        ));
        // Without symlinks git checks a symlink out as a file holding its target.
        let no_symlinks = StatRules {
            symlinks: false,
            ..rules()
        };
        assert!(probe_one(&root, &entry, no_symlinks).is_none());
    }

    #[test]
    fn a_symlink_is_compared_by_its_own_stat_not_its_targets() {
        let root = TempDir::new("omni-stat");
        file(&root, "target", 0o644);
        std::os::unix::fs::symlink("target", root.join("link")).unwrap();
        let mut entry = recorded_from_disk(&root, "link", MODE_SYMLINK);
        assert!(probe_one(&root, &entry, rules()).is_none());
        entry.stat.mtime -= 1;
        assert!(matches!(
            probe_one(&root, &entry, rules()),
            Some(Probe::Content { symlink: true, .. })
        ));
    }
}
