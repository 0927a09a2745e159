//! The index file, parsed by us (read-cache.c's format: versions 2 to 4, the cache-tree
//! extension, a split index's shared index, a sparse index's directories) rather than through
//! git2: libgit2 hashes the whole file on every read, copies each entry twice, and reads
//! neither a split nor a sparse index. Like git (outside `git fsck`), the trailing checksum is
//! not verified. The parsed index is reused while its files keep their stamps.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use git2::{Oid, Repository};
use omni_types::OmniResult;

use super::sparse;
use super::split_index::Link;
use super::stamp::FileStamp;
use crate::errors;

pub(crate) const MODE_TYPE: u32 = 0o170000;
pub(crate) const MODE_FILE: u32 = 0o100000;
pub(crate) const MODE_SYMLINK: u32 = 0o120000;
pub(crate) const MODE_GITLINK: u32 = 0o160000;
pub(crate) const MODE_TREE: u32 = 0o040000;

pub(crate) const OID_LEN: usize = 20;
/// A header (signature, version, entry count) and the checksum: git refuses a smaller file.
const MIN_LEN: usize = 12 + OID_LEN;
/// The staged walk never follows a cache tree deeper than HEAD's trees may nest.
const MAX_CACHE_TREE_DEPTH: usize = 2048;
const FLAG_ASSUME_VALID: u16 = 0x8000;
const FLAG_EXTENDED: u16 = 0x4000;
const FLAG_STAGE_SHIFT: u16 = 12;
const FLAG_NAME_MASK: u16 = 0x0fff;
const FLAG_EXT_SKIP_WORKTREE: u16 = 0x4000;
const FLAG_EXT_INTENT_TO_ADD: u16 = 0x2000;

/// The stat fields git stores per entry, 32 bits each as git compares them.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StatData {
    pub ctime: u32,
    pub mtime: u32,
    pub ino: u32,
    pub uid: u32,
    pub gid: u32,
    pub size: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub path: Box<[u8]>,
    pub mode: u32,
    pub oid: Oid,
    pub stage: u8,
    pub intent_to_add: bool,
    pub skip_worktree: bool,
    pub assume_valid: bool,
    pub stat: StatData,
}

impl Entry {
    pub(crate) fn is_gitlink(&self) -> bool {
        self.mode & MODE_TYPE == MODE_GITLINK
    }
}

/// One directory of the cache-tree extension: the tree id that the index's entries
/// under it would write, when still valid.
#[derive(Debug, Default)]
pub(crate) struct CacheTree {
    /// `None` when invalidated (git writes an entry count of -1).
    pub valid: Option<(usize, Oid)>,
    pub children: Vec<(Box<[u8]>, CacheTree)>,
}

impl CacheTree {
    pub(crate) fn child(&self, name: &[u8]) -> Option<&CacheTree> {
        self.children
            .iter()
            .find(|(n, _)| **n == *name)
            .map(|(_, t)| t)
    }

    pub(crate) fn child_mut(&mut self, name: &[u8]) -> Option<&mut CacheTree> {
        self.children
            .iter_mut()
            .find(|(n, _)| **n == *name)
            .map(|(_, t)| t)
    }
}

impl Drop for CacheTree {
    /// Without recursion: a tree nested thousands of levels deep must not exhaust the stack.
    fn drop(&mut self) {
        let mut pending = std::mem::take(&mut self.children);
        while let Some((_, mut node)) = pending.pop() {
            pending.append(&mut node.children);
        }
    }
}

#[derive(Debug)]
pub(crate) struct IndexSnapshot {
    pub stamp: Option<FileStamp>,
    /// A split index's shared index, with its stamp when it was read.
    shared: Option<(PathBuf, FileStamp)>,
    /// Read long enough after its last write that an equal stamp proves it unchanged.
    pub reusable: bool,
    /// The index file's mtime in seconds: entries modified at or after it are racy. For a split
    /// index, `.git/index`'s own, as git's `do_read_index` keeps it.
    pub timestamp: u32,
    /// Sorted by path, then stage, as in the file; a sparse index's directories expanded.
    pub entries: Vec<Entry>,
    pub cache_tree: Option<CacheTree>,
    /// The merged `.gitattributes` entries, by path: what attributes read of the index, found once
    /// per index rather than by a walk over every entry at each look.
    pub attribute_files: Vec<(Box<[u8]>, Oid)>,
}

/// The stage-0 entries of `.gitattributes` files.
fn attribute_files(entries: &[Entry]) -> Vec<(Box<[u8]>, Oid)> {
    entries
        .iter()
        .filter(|e| {
            e.stage == 0 && (&*e.path == b".gitattributes" || e.path.ends_with(b"/.gitattributes"))
        })
        .map(|e| (e.path.clone(), e.oid))
        .collect()
}

impl IndexSnapshot {
    /// Whether this still describes the index whose file has `stamp` now.
    fn still_valid(&self, stamp: FileStamp) -> bool {
        self.reusable
            && self.stamp == Some(stamp)
            && self
                .shared
                .as_ref()
                .is_none_or(|(path, shared)| FileStamp::of(path) == Some(*shared))
    }
}

/// The index of `repo`, reusing `cached` when neither of its files has changed.
pub(crate) fn load(
    repo: &Repository,
    cached: Option<&Arc<IndexSnapshot>>,
) -> OmniResult<Arc<IndexSnapshot>> {
    let path = repo.path().join("index");
    // The stats must describe the very bytes parsed: retry when a file was replaced meanwhile.
    for _ in 0..5 {
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            // No index yet (a fresh `git init`): nothing is tracked.
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Ok(Arc::new(IndexSnapshot {
                    stamp: None,
                    shared: None,
                    reusable: false,
                    timestamp: 0,
                    entries: Vec::new(),
                    cache_tree: None,
                    attribute_files: Vec::new(),
                }))
            }
            Err(e) => return Err(errors::unreadable_index(&path, e)),
        };
        let stamp = FileStamp::from_metadata(&meta);
        if let Some(cached) = cached.filter(|c| c.still_valid(stamp)) {
            return Ok(cached.clone());
        }
        let Some(data) = read_unchanged(&path, stamp)? else {
            continue;
        };
        let file = parse(&data).map_err(|what| errors::corrupt_index(&path, what))?;
        let mut entries = file.entries;
        let mut shared = None;
        if let Some(link) = &file.link {
            if file.sparse {
                return Err(errors::corrupt_index(
                    &path,
                    "it is both a split and a sparse index, which git refuses",
                ));
            }
            if let Some(name) = link.shared_name() {
                let shared_path = repo.path().join(name);
                let Some((base, shared_stamp)) = read_shared(&path, &shared_path, link)? else {
                    continue;
                };
                entries = link
                    .merge(base, entries)
                    .map_err(|what| errors::corrupt_index(&path, what))?;
                shared = Some((shared_path, shared_stamp));
            }
        }
        let (entries, cache_tree) = if file.sparse {
            sparse::expand(repo, &path, entries, file.cache_tree)?
        } else {
            (entries, file.cache_tree)
        };
        check_entries(&entries).map_err(|what| errors::corrupt_index(&path, what))?;
        let reusable = !stamp.is_racy() && shared.as_ref().is_none_or(|(_, s)| !s.is_racy());
        return Ok(Arc::new(IndexSnapshot {
            stamp: Some(stamp),
            shared,
            reusable,
            timestamp: crate::platform::mtime(&meta).0 as u32,
            attribute_files: attribute_files(&entries),
            entries,
            cache_tree,
        }));
    }
    Err(errors::index_kept_changing(&path))
}

/// The bytes of `path`, or `None` when it no longer has `stamp` (replaced meanwhile: read again).
fn read_unchanged(path: &Path, stamp: FileStamp) -> OmniResult<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(data) => Ok((FileStamp::of(path) == Some(stamp)).then_some(data)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(errors::unreadable_index(path, e)),
    }
}

/// The entries of the shared index that `link` in the index at `index` names, with its stamp;
/// `None` when it changed while read. git finds it in the index's own git directory and
/// checks that its checksum is the one the link names (read-cache.c `read_index_from`).
fn read_shared(
    index: &Path,
    shared: &Path,
    link: &Link,
) -> OmniResult<Option<(Vec<Entry>, FileStamp)>> {
    let stamp = match std::fs::metadata(shared) {
        Ok(meta) => FileStamp::from_metadata(&meta),
        Err(e) => {
            return Err(errors::corrupt_index(
                index,
                &format!("its shared index {} cannot be read ({e})", shared.display()),
            ))
        }
    };
    let Some(data) = read_unchanged(shared, stamp)? else {
        return Ok(None);
    };
    let file = parse(&data).map_err(|what| errors::corrupt_index(shared, what))?;
    if Some(file.checksum) != link.base {
        return Err(errors::corrupt_index(
            shared,
            &format!(
                "its checksum is {}, not the {} that {} names",
                file.checksum,
                link.base.unwrap_or_else(Oid::zero),
                index.display()
            ),
        ));
    }
    if file.link.is_some() || file.sparse {
        return Err(errors::corrupt_index(
            shared,
            "a shared index is itself split or sparse, which git never writes",
        ));
    }
    Ok(Some((file.entries, stamp)))
}

/// git's `check_ce_order` (read-cache.c), and what no index that git reads holds: an empty
/// path, a NUL byte in one (git would cut the path there), a directory outside a sparse index.
fn check_entries(entries: &[Entry]) -> Result<(), &'static str> {
    for entry in entries {
        if entry.path.is_empty() {
            return Err("an entry has an empty path");
        }
        if entry.path.contains(&0) {
            return Err("a path holds a NUL byte");
        }
        if entry.mode & MODE_TYPE == MODE_TREE {
            return Err("an entry is a directory, but the index is not sparse");
        }
    }
    for pair in entries.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        match a.path.cmp(&b.path) {
            std::cmp::Ordering::Greater => return Err("its entries are not sorted"),
            std::cmp::Ordering::Equal if a.stage == 0 => {
                return Err("a merged path has other entries too")
            }
            std::cmp::Ordering::Equal if a.stage >= b.stage => {
                return Err("the stages of a conflicted path are not sorted")
            }
            _ => {}
        }
    }
    Ok(())
}

/// One index file as written: a split index's before its shared index is applied, a sparse
/// index's with its directories.
pub(crate) struct IndexFile {
    pub entries: Vec<Entry>,
    pub cache_tree: Option<CacheTree>,
    /// A split index's `link` extension.
    pub link: Option<Link>,
    /// The `sdir` extension: entries of mode 040000 stand for whole directories.
    pub sparse: bool,
    /// The trailing checksum: the name a split index knows its shared index by.
    pub checksum: Oid,
}

/// A bounds-checked reader over the index bytes.
struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], &'static str> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.data.len())
            .ok_or("the file is truncated")?;
        let bytes = &self.data[self.at..end];
        self.at = end;
        Ok(bytes)
    }

    fn u32(&mut self) -> Result<u32, &'static str> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u16(&mut self) -> Result<u16, &'static str> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn until_nul(&mut self) -> Result<&'a [u8], &'static str> {
        let rest = &self.data[self.at..];
        let len = rest
            .iter()
            .position(|&b| b == 0)
            .ok_or("a path is not terminated")?;
        self.at += len + 1;
        Ok(&rest[..len])
    }

    /// git's `decode_varint` (index v4 path prefixes).
    fn varint(&mut self) -> Result<usize, &'static str> {
        let mut c = self.take(1)?[0];
        let mut value = (c & 127) as usize;
        while c & 128 != 0 {
            c = self.take(1)?[0];
            value = value
                .checked_add(1)
                .and_then(|v| v.checked_mul(128))
                .ok_or("a path prefix overflows")?
                + (c & 127) as usize;
        }
        Ok(value)
    }
}

pub(crate) fn parse(data: &[u8]) -> Result<IndexFile, &'static str> {
    let mut r = Reader { data, at: 0 };
    if r.take(4)? != b"DIRC" {
        return Err("it is not an index file (bad signature)");
    }
    let version = r.u32()?;
    if !(2..=4).contains(&version) {
        return Err("its version is not 2, 3 or 4");
    }
    if data.len() < MIN_LEN {
        return Err("the file is truncated (smaller than any index)");
    }
    let checksum =
        Oid::from_bytes(&data[data.len() - OID_LEN..]).map_err(|_| "an object id is malformed")?;
    let count = r.u32()? as usize;
    let mut entries = Vec::with_capacity(count.min(data.len() / 62));
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..count {
        let start = r.at;
        let ctime = r.u32()?;
        r.take(4)?;
        let mtime = r.u32()?;
        r.take(8)?; // mtime nanoseconds, dev: git compares neither
        let ino = r.u32()?;
        let mode = r.u32()?;
        let uid = r.u32()?;
        let gid = r.u32()?;
        let size = r.u32()?;
        let oid = Oid::from_bytes(r.take(OID_LEN)?).map_err(|_| "an object id is malformed")?;
        let flags = r.u16()?;
        let extended = if flags & FLAG_EXTENDED != 0 {
            if version < 3 {
                return Err("a version 2 entry has extended flags");
            }
            let extended = r.u16()?;
            if extended & !(FLAG_EXT_SKIP_WORKTREE | FLAG_EXT_INTENT_TO_ADD) != 0 {
                return Err("an entry has extended flags git does not know");
            }
            extended
        } else {
            0
        };
        // git takes a name's length from the flags, and from its NUL only from 0xfff bytes on;
        // where the two disagree (damage), git's reading goes astray, so the file is refused.
        let name_len = (flags & FLAG_NAME_MASK) as usize;
        const MISMATCH: &str = "a path's length does not match the length recorded for it";
        let path: Box<[u8]> = if version == 4 {
            let strip = r.varint()?;
            let keep = previous
                .len()
                .checked_sub(strip)
                .ok_or("a path prefix is longer than the previous path")?;
            previous.truncate(keep);
            let suffix = r.until_nul()?;
            if name_len < FLAG_NAME_MASK as usize && keep + suffix.len() != name_len {
                return Err(MISMATCH);
            }
            previous.extend_from_slice(suffix);
            previous.as_slice().into()
        } else {
            let fixed = r.at - start;
            // A name of 0xfff bytes or more is stored in full; its length comes from the NUL.
            let name = if name_len < FLAG_NAME_MASK as usize {
                let name = r.take(name_len)?;
                if r.take(1)? != [0] {
                    return Err(MISMATCH);
                }
                name
            } else {
                r.until_nul()?
            };
            // Entries are NUL-padded to a multiple of 8 bytes.
            let padded = (fixed + name.len() + 8) & !7;
            r.at = start + padded;
            if r.at > data.len() {
                return Err("the file is truncated");
            }
            name.into()
        };
        entries.push(Entry {
            path,
            mode,
            oid,
            stage: ((flags >> FLAG_STAGE_SHIFT) & 0x3) as u8,
            intent_to_add: extended & FLAG_EXT_INTENT_TO_ADD != 0,
            skip_worktree: extended & FLAG_EXT_SKIP_WORKTREE != 0,
            assume_valid: flags & FLAG_ASSUME_VALID != 0,
            stat: StatData {
                ctime,
                mtime,
                ino,
                uid,
                gid,
                size,
            },
        });
    }
    let mut file = IndexFile {
        entries,
        cache_tree: None,
        link: None,
        sparse: false,
        checksum,
    };
    // Extensions, up to the trailing checksum.
    while data.len().saturating_sub(r.at) >= OID_LEN + 8 {
        let signature = r.take(4)?;
        let size = r.u32()? as usize;
        let body = r.take(size)?;
        match signature {
            b"TREE" => file.cache_tree = parse_cache_tree(body).ok(),
            b"link" => file.link = Some(Link::parse(body)?),
            b"sdir" => file.sparse = true,
            // An extension starting with a capital letter is optional, anything else is required.
            _ if signature[0].is_ascii_uppercase() => {}
            _ => return Err("it uses an index extension this reader does not know"),
        }
    }
    Ok(file)
}

/// The TREE extension: nodes in pre-order, each `path NUL count SP subtrees LF [oid]`. Read
/// without recursion, keeping the nodes still waiting for children on a stack of our own.
fn parse_cache_tree(body: &[u8]) -> Result<CacheTree, &'static str> {
    let mut r = Reader { data: body, at: 0 };
    let mut open: Vec<(Box<[u8]>, CacheTree, usize)> = Vec::new();
    loop {
        open.push(parse_tree_node(&mut r)?);
        if open.len() > MAX_CACHE_TREE_DEPTH {
            return Err("the cache tree nests too deep");
        }
        // Hand every node that has all its children to its parent.
        while open.last().is_some_and(|(_, _, waiting)| *waiting == 0) {
            let Some((name, node, _)) = open.pop() else {
                break;
            };
            match open.last_mut() {
                Some((_, parent, waiting)) => {
                    parent.children.push((name, node));
                    *waiting -= 1;
                }
                None => return Ok(node),
            }
        }
    }
}

/// One node, without its children, and how many children follow it.
fn parse_tree_node(r: &mut Reader<'_>) -> Result<(Box<[u8]>, CacheTree, usize), &'static str> {
    let name: Box<[u8]> = r.until_nul()?.into();
    let rest = &r.data[r.at..];
    let line_len = rest
        .iter()
        .position(|&b| b == b'\n')
        .ok_or("a cache-tree line is not terminated")?;
    let line =
        std::str::from_utf8(&rest[..line_len]).map_err(|_| "a cache-tree line is not text")?;
    r.at += line_len + 1;
    let (count, subtrees) = line
        .split_once(' ')
        .ok_or("a cache-tree line is malformed")?;
    let count: i64 = count
        .parse()
        .map_err(|_| "a cache-tree count is malformed")?;
    let subtrees: usize = subtrees
        .parse()
        .map_err(|_| "a cache-tree count is malformed")?;
    let valid = if count >= 0 {
        Some((
            count as usize,
            Oid::from_bytes(r.take(OID_LEN)?).map_err(|_| "an object id is malformed")?,
        ))
    } else {
        None
    };
    let node = CacheTree {
        valid,
        children: Vec::with_capacity(subtrees.min(1024)),
    };
    Ok((name, node, subtrees))
}

#[cfg(test)]
mod tests {
    //! The parser against indexes git wrote (versions 2 to 4), against damaged and hand-made
    //! files, and against arbitrary bytes (proptest). A damaged index must give an error of code
    //! `GIT` naming the file, or the entries git itself would read: never a panic, never a hang.
    //! git's reader (read-cache.c: `verify_hdr`, `create_from_disk`, `do_read_index`) is the
    //! reference.

    use super::super::index_lab::{as_listed, Lab, Listed};
    use super::*;
    use omni_types::OmniError;
    use proptest::prelude::*;
    use proptest::sample::Index;
    use proptest::test_runner::{contextualize_config, Config, RngSeed, TestRunner};
    use std::os::unix::fs::PermissionsExt;
    use std::sync::OnceLock;
    use std::time::Duration;

    /// One index as git wrote it, with what git says is in it.
    struct RealIndex {
        version: u32,
        bytes: Vec<u8>,
        listed: Vec<Listed>,
    }

    struct RealIndexes {
        /// Versions 2, 3 and 4: nested directories, an executable, a symlink, an unmerged path
        /// (stages 1 to 3), a cache tree; 3 and 4 add an intent-to-add entry (extended flags).
        small: Vec<RealIndex>,
        /// Versions 4 and 3 of the same plus a path of more than 0xfff bytes, which version 3
        /// stores with the 0xfff marker and version 4 follows with a two-byte strip length.
        long: Vec<RealIndex>,
    }

    const LONG_PATH_LEN: usize = 4200;

    /// Made once per test binary by running git in a folder deleted right after.
    fn real() -> &'static RealIndexes {
        static REAL: OnceLock<RealIndexes> = OnceLock::new();
        REAL.get_or_init(|| {
            let lab = Lab::new("real");
            lab.write("a.txt", "a\n");
            lab.write("conflict.txt", "base\n");
            lab.write("dir/b.txt", "b\n");
            lab.write("dir/sub/c.txt", "c\n");
            lab.write("dir/sub/d.txt", "d\n");
            lab.write("e.sh", "#!/bin/sh\n");
            let root = lab.root();
            std::fs::set_permissions(root.join("e.sh"), std::fs::Permissions::from_mode(0o755))
                .unwrap();
            std::os::unix::fs::symlink("a.txt", root.join("link")).unwrap();
            lab.git(&["add", "-A"]);
            lab.git(&["commit", "-q", "-m", "one"]);
            let blob = String::from_utf8(lab.git(&["rev-parse", ":a.txt"])).unwrap();
            let blob = blob.trim();
            let mut info = format!("0 {}\tconflict.txt\n", "0".repeat(40));
            for stage in 1..=3 {
                info.push_str(&format!("100644 {blob} {stage}\tconflict.txt\n"));
            }
            lab.feed(&["update-index", "--index-info"], &info);

            let read = || RealIndex {
                version: 0,
                bytes: lab.index_bytes(),
                listed: lab.listed().unwrap(),
            };
            let mut small = vec![read()];
            lab.write("new.txt", "new\n");
            lab.git(&["add", "-N", "new.txt"]);
            small.push(read());
            lab.git(&["update-index", "--index-version", "4"]);
            small.push(read());
            let long_path = format!("long/{}", "x".repeat(LONG_PATH_LEN - 5));
            lab.git(&[
                "update-index",
                "--add",
                "--cacheinfo",
                &format!("100644,{blob},{long_path}"),
            ]);
            let mut long = vec![read()];
            lab.git(&["update-index", "--index-version", "3"]);
            long.push(read());
            for index in small.iter_mut().chain(long.iter_mut()) {
                index.version = u32::from_be_bytes(index.bytes[4..8].try_into().unwrap());
            }
            RealIndexes { small, long }
        })
    }

    fn all_real() -> impl Iterator<Item = &'static RealIndex> {
        real().small.iter().chain(real().long.iter())
    }

    /// Where the extensions start, i.e. where the entries end: the one extension git wrote
    /// here is the cache tree.
    fn tree_extension(bytes: &[u8]) -> (usize, usize) {
        let start = bytes
            .windows(4)
            .rposition(|w| w == b"TREE")
            .expect("git wrote a cache tree");
        let size = u32::from_be_bytes(bytes[start + 4..start + 8].try_into().unwrap()) as usize;
        assert_eq!(
            start + 8 + size + OID_LEN,
            bytes.len(),
            "the cache tree is the only extension"
        );
        (start, size)
    }

    /// The entries and cache tree of one index file.
    fn entries_of(bytes: &[u8]) -> Result<(Vec<Entry>, Option<CacheTree>), &'static str> {
        parse(bytes).map(|file| (file.entries, file.cache_tree))
    }

    /// `load` of `bytes` as a repository's index, in a folder deleted afterwards; the path shown.
    fn load_bytes(bytes: &[u8]) -> (String, OmniResult<Arc<IndexSnapshot>>) {
        let lab = Lab::new("bytes");
        let loaded = lab.load_bytes(bytes);
        (lab.index_path().display().to_string(), loaded)
    }

    /// The error `load` gives for `bytes`, checked to be of code GIT, to name the file and to
    /// say `what` is wrong (`""`: whatever it says).
    #[track_caller]
    fn assert_git_error(bytes: &[u8], what: &str) -> OmniError {
        let (path, loaded) = load_bytes(bytes);
        let error = match loaded {
            Ok(index) => panic!(
                "expected an error saying {what:?}, got {} entries",
                index.entries.len()
            ),
            Err(error) => error,
        };
        let message = error.to_string();
        assert_eq!(error.code(), "GIT", "{message}");
        assert!(
            message.contains(&path),
            "the message names the index: {message}"
        );
        assert!(
            message.contains(what),
            "the message says {what:?}: {message}"
        );
        error
    }

    #[track_caller]
    fn assert_reads_as(bytes: &[u8], expected: &RealIndex) -> Option<CacheTree> {
        match entries_of(bytes) {
            Ok((entries, cache_tree)) => {
                assert_eq!(as_listed(&entries), expected.listed);
                cache_tree
            }
            Err(what) => panic!("expected the index to read, got: {what}"),
        }
    }

    #[test]
    fn reads_what_git_writes_in_versions_2_3_and_4() {
        let versions: Vec<u32> = all_real().map(|index| index.version).collect();
        assert_eq!(versions, [2, 3, 4, 4, 3]);
        for index in all_real() {
            let cache_tree = assert_reads_as(&index.bytes, index);
            let (entries, _) = entries_of(&index.bytes).unwrap();
            let entry = |path: &[u8]| entries.iter().find(|e| *e.path == *path).unwrap();
            assert_eq!(entry(b"e.sh").mode, 0o100755);
            assert_eq!(entry(b"link").mode, MODE_SYMLINK);
            assert_eq!(entry(b"a.txt").mode, 0o100644);
            let stages: Vec<u8> = entries
                .iter()
                .filter(|e| *e.path == *b"conflict.txt")
                .map(|e| e.stage)
                .collect();
            assert_eq!(stages, [1, 2, 3]);
            let new = entries.iter().find(|e| *e.path == *b"new.txt");
            assert_eq!(new.is_some_and(|e| e.intent_to_add), index.version >= 3);
            assert!(entries.iter().all(|e| !e.skip_worktree && !e.assume_valid));
            // Staging new paths invalidated the root's cache tree, not `dir`'s.
            let tree = cache_tree.expect("the cache tree is read");
            assert!(tree.valid.is_none());
            let dir = tree.child(b"dir").expect("dir has a cache tree");
            assert_eq!(dir.valid.map(|(count, _)| count), Some(3));
        }
        for index in &real().long {
            let (entries, _) = entries_of(&index.bytes).unwrap();
            assert!(entries.iter().any(|e| e.path.len() == LONG_PATH_LEN));
        }
    }

    #[test]
    fn a_cut_anywhere_gives_an_error_or_every_entry() {
        for index in all_real() {
            let (extensions, _) = tree_extension(&index.bytes);
            for len in 0..index.bytes.len() {
                match entries_of(&index.bytes[..len]) {
                    Err(what) => assert!(
                        what.contains("truncated") || what.contains("not terminated"),
                        "cut at {len}: {what}"
                    ),
                    Ok((entries, _)) => {
                        assert!(len >= extensions, "cut at {len} inside the entries read");
                        assert_eq!(as_listed(&entries), index.listed, "cut at {len}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_truncated_index_is_a_git_error_naming_the_file() {
        let bytes = &real().small[0].bytes;
        let (tree, tree_size) = tree_extension(bytes);
        assert!(tree_size > 20);
        let cuts = [
            2,                        // in the signature
            10,                       // in the header
            12 + 30,                  // in the first entry's stat data
            12 + 64,                  // in the first entry's path
            tree - 1,                 // in the last entry's padding
            tree + 28,                // early in the cache tree
            tree + 8 + tree_size - 1, // at the end of the cache tree
        ];
        for len in cuts {
            assert_git_error(&bytes[..len], "truncated");
        }
    }

    #[test]
    fn a_cut_in_the_checksum_reads_every_entry_as_git_does() {
        // git reads the entries and extensions up to 20 bytes before the end and does not look
        // at the checksum (do_read_index); nothing of the entries is missing.
        for index in all_real() {
            for missing in [1, 10, OID_LEN] {
                let cache_tree =
                    assert_reads_as(&index.bytes[..index.bytes.len() - missing], index);
                assert!(cache_tree.is_some(), "the cache tree is still read");
            }
        }
    }

    #[test]
    fn the_checksum_is_not_verified_as_in_git_status() {
        // git verifies the trailing checksum only for `git fsck` (`verify_index_checksum`), and
        // `index.skipHash` writes a null one: a wrong checksum reads like the right one.
        for index in all_real() {
            let mut bytes = index.bytes.clone();
            let trailer = bytes.len() - OID_LEN;
            for byte in &mut bytes[trailer..] {
                *byte = !*byte;
            }
            assert_reads_as(&bytes, index);
            bytes[trailer..].fill(0);
            assert_reads_as(&bytes, index);
        }
    }

    #[test]
    fn a_bad_signature_is_a_git_error() {
        let mut bytes = real().small[0].bytes.clone();
        bytes[3] = b'D';
        assert_git_error(&bytes, "bad signature");
        assert_git_error(
            b"ref: refs/heads/main\n and more bytes after it",
            "bad signature",
        );
    }

    #[test]
    fn versions_other_than_2_3_and_4_are_git_errors() {
        for version in [0u32, 1, 5, 0x0200_0000, u32::MAX] {
            let mut bytes = real().small[0].bytes.clone();
            bytes[4..8].copy_from_slice(&version.to_be_bytes());
            assert_git_error(&bytes, "version");
        }
    }

    // Hand-made indexes, for what git never writes.

    /// An entry's fixed part: stat data, mode 100644, a non-empty blob id.
    fn fixed_part(out: &mut Vec<u8>) {
        for field in [1u32, 0, 2, 0, 3, 4, 0o100644, 5, 6, 7] {
            out.extend_from_slice(&field.to_be_bytes());
        }
        out.extend_from_slice(&[0xab; OID_LEN]);
    }

    /// A version 2 or 3 entry, NUL-padded as git writes it.
    fn entry_v2(out: &mut Vec<u8>, path: &[u8], extended: Option<u16>) {
        let start = out.len();
        fixed_part(out);
        let mut flags = path.len().min(FLAG_NAME_MASK as usize) as u16;
        if extended.is_some() {
            flags |= FLAG_EXTENDED;
        }
        out.extend_from_slice(&flags.to_be_bytes());
        if let Some(extended) = extended {
            out.extend_from_slice(&extended.to_be_bytes());
        }
        out.extend_from_slice(path);
        let padded = (out.len() - start + 8) & !7;
        out.resize(start + padded, 0);
    }

    /// A version 4 entry: `strip` bytes off the previous path, then `suffix`, making a path of
    /// `len` bytes (the length git records in the flags).
    fn entry_v4(out: &mut Vec<u8>, strip: &[u8], suffix: &[u8], len: usize) {
        fixed_part(out);
        out.extend_from_slice(&(len.min(FLAG_NAME_MASK as usize) as u16).to_be_bytes());
        out.extend_from_slice(strip);
        out.extend_from_slice(suffix);
        out.push(0);
    }

    /// git's `encode_varint`.
    fn varint(mut value: usize) -> Vec<u8> {
        let mut bytes = vec![(value & 127) as u8];
        value >>= 7;
        while value != 0 {
            value -= 1;
            bytes.push(128 | (value & 127) as u8);
            value >>= 7;
        }
        bytes.reverse();
        bytes
    }

    /// Header, `body` (entries, then extensions), and a trailer that is not all zeros.
    fn index_file(version: u32, count: u32, body: &[u8]) -> Vec<u8> {
        let mut out = b"DIRC".to_vec();
        out.extend_from_slice(&version.to_be_bytes());
        out.extend_from_slice(&count.to_be_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(&[0x5a; OID_LEN]);
        out
    }

    fn paths(bytes: &[u8]) -> Vec<String> {
        let (entries, _) = entries_of(bytes).unwrap_or_else(|what| panic!("{what}"));
        entries
            .iter()
            .map(|e| String::from_utf8_lossy(&e.path).into_owned())
            .collect()
    }

    #[test]
    fn an_entry_count_larger_than_the_file_is_a_git_error() {
        let mut body = Vec::new();
        entry_v2(&mut body, b"a", None);
        for count in [2, 0x0100_0000, u32::MAX] {
            assert_git_error(&index_file(2, count, &body), "truncated");
        }
        // In a real index the entries that are not there are read from the extensions and the
        // checksum until something does not fit: what is wrong varies, the error does not.
        for index in &real().small {
            for count in [(index.bytes.len() / 62 + 1) as u32, u32::MAX] {
                let mut bytes = index.bytes.clone();
                bytes[8..12].copy_from_slice(&count.to_be_bytes());
                assert_git_error(&bytes, "");
            }
        }
    }

    #[test]
    fn v4_prefixes_strip_the_previous_path_as_git_encodes_them() {
        let long = "d/".repeat(100) + "file";
        let mut body = Vec::new();
        entry_v4(&mut body, &varint(0), b"abc", 3);
        entry_v4(&mut body, &varint(1), b"d", 3);
        entry_v4(&mut body, &varint(3), long.as_bytes(), long.len());
        entry_v4(&mut body, &varint(4), b"zz", long.len() - 2);
        entry_v4(&mut body, &varint(200), b"x", 3);
        assert_eq!(
            paths(&index_file(4, 5, &body)),
            ["abc", "abd", &long, &format!("{}zz", &long[..200]), "d/x"]
        );
        assert_eq!(varint(200).len(), 2, "a two-byte varint was read");
    }

    #[test]
    fn a_v4_prefix_longer_than_the_previous_path_is_a_git_error() {
        let what = "longer than the previous path";
        let mut body = Vec::new();
        entry_v4(&mut body, &varint(0), b"abc", 3);
        entry_v4(&mut body, &varint(4), b"d", 1);
        assert_git_error(&index_file(4, 2, &body), what);
        // git ignores the strip length of a first entry (there is no previous one) but never
        // writes one; a file that has one is damaged.
        let mut body = Vec::new();
        entry_v4(&mut body, &varint(1), b"abc", 3);
        assert_git_error(&index_file(4, 1, &body), what);
        let mut body = Vec::new();
        entry_v4(&mut body, &varint(0), b"abc", 3);
        entry_v4(&mut body, &varint(usize::MAX >> 8), b"d", 1);
        assert_git_error(&index_file(4, 2, &body), what);
    }

    #[test]
    fn a_v4_prefix_that_overflows_is_a_git_error() {
        let mut body = Vec::new();
        entry_v4(&mut body, &[0xff; 12], b"abc", 3);
        assert_git_error(&index_file(4, 1, &body), "overflows");
    }

    #[test]
    fn a_version_2_entry_with_extended_flags_is_a_git_error() {
        let mut body = Vec::new();
        entry_v2(&mut body, b"a", Some(FLAG_EXT_INTENT_TO_ADD));
        assert_git_error(&index_file(2, 1, &body), "extended flags");
        assert_eq!(paths(&index_file(3, 1, &body)), ["a"]);
    }

    #[test]
    fn a_long_path_without_its_nul_is_a_git_error() {
        // A name of 0xfff bytes or more is read up to its NUL: here there is none.
        let mut body = Vec::new();
        entry_v2(&mut body, &vec![b'n'; 0x1000], None);
        let mut bytes = index_file(2, 1, &body);
        assert_eq!(paths(&bytes)[0].len(), 0x1000);
        let end = bytes.len() - OID_LEN;
        bytes[end - 8..end].fill(b'n');
        assert_git_error(&bytes, "not terminated");
    }

    fn with_extension(signature: &[u8; 4], extension_body: &[u8]) -> Vec<u8> {
        let mut body = Vec::new();
        entry_v2(&mut body, b"a", None);
        body.extend_from_slice(signature);
        body.extend_from_slice(&(extension_body.len() as u32).to_be_bytes());
        body.extend_from_slice(extension_body);
        index_file(2, 1, &body)
    }

    #[test]
    fn extensions_git_requires_and_cannot_skip_are_git_errors() {
        // Optional (capitalised) extensions are skipped, as git does.
        assert_eq!(paths(&with_extension(b"ZZZZ", &[7; 40])), ["a"]);
        assert_eq!(paths(&with_extension(b"REUC", &[])), ["a"]);
        assert_git_error(&with_extension(b"zzzz", &[7; 40]), "an index extension");
        // The split and sparse extensions are read (split_index.rs, sparse.rs test them on what
        // git writes); a damaged link is an error.
        assert_git_error(&with_extension(b"link", &[7; 10]), "link extension");
        assert_git_error(&with_extension(b"link", &[7; 40]), "link extension");
        let (lab, sdir) = (Lab::new("sdir"), with_extension(b"sdir", &[]));
        assert_eq!(paths(&sdir), ["a"]);
        assert_eq!(lab.load_bytes(&sdir).unwrap().entries.len(), 1);
        // An extension longer than what is left of the file.
        let mut bytes = with_extension(b"ZZZZ", &[7; 40]);
        let at = bytes.len() - OID_LEN - 40 - 4;
        bytes[at..at + 4].copy_from_slice(&1000u32.to_be_bytes());
        assert_git_error(&bytes, "truncated");
    }

    #[test]
    fn a_file_smaller_than_a_header_and_a_checksum_is_a_git_error() {
        // git: "index file smaller than expected". Read as an empty index, such a file would
        // make every file of HEAD look deleted.
        let empty = index_file(2, 0, &[]);
        assert_eq!(empty.len(), 32);
        assert!(paths(&empty).is_empty());
        for len in [12, 20, 31] {
            assert_git_error(&empty[..len], "smaller than any index");
        }
    }

    #[test]
    fn a_path_length_that_disagrees_with_the_name_is_a_git_error() {
        // git copies as many bytes as the flags say and takes the next one as the terminator: a
        // recorded length shorter than the name leaves git a name that does not end.
        let mut body = Vec::new();
        entry_v2(&mut body, b"abc", None);
        // The low byte of the flags: the name's length.
        body[61] = 2;
        assert_git_error(&index_file(2, 1, &body), "length");
        let mut body = Vec::new();
        entry_v4(&mut body, &varint(0), b"abc", 3);
        entry_v4(&mut body, &varint(1), b"de", 3);
        assert_git_error(&index_file(4, 2, &body), "length");
    }

    #[test]
    fn extended_flags_git_does_not_know_are_a_git_error() {
        // git: "unknown index entry format".
        let mut body = Vec::new();
        entry_v2(&mut body, b"a", Some(0x1000));
        assert_git_error(&index_file(3, 1, &body), "extended flags");
    }

    #[test]
    fn paths_no_index_git_reads_can_hold_are_git_errors() {
        let cases: [(&[&[u8]], &str); 5] = [
            (&[b"a\0b"], "NUL"),
            (&[b""], "empty path"),
            (&[b"b", b"a"], "not sorted"),
            (&[b"a", b"a"], "merged path"),
            (&[b"a/", b"b"], "directory"),
        ];
        for (names, what) in cases {
            let mut body = Vec::new();
            for name in names {
                entry_v2(&mut body, name, None);
            }
            if *names == [b"a/".as_slice(), b"b"] {
                // A sparse directory's mode, in an index without the `sdir` extension.
                body[24..28].copy_from_slice(&MODE_TREE.to_be_bytes());
            }
            assert_git_error(&index_file(2, names.len() as u32, &body), what);
        }
    }

    #[test]
    fn conflict_stages_out_of_order_are_a_git_error() {
        // git's check_ce_order: "unordered stage entries".
        let mut body = Vec::new();
        entry_v2(&mut body, b"a", None);
        entry_v2(&mut body, b"a", None);
        let stage = |body: &mut Vec<u8>, at: usize, stage: u8| body[at + 60] |= stage << 4;
        let second = body.len() / 2;
        stage(&mut body, 0, 2);
        stage(&mut body, second, 1);
        assert_git_error(&index_file(2, 2, &body), "stages");
    }

    #[test]
    fn a_damaged_cache_tree_is_dropped_not_trusted() {
        // Without it the staged changes are computed from the trees: slower, still right.
        let (entries, cache_tree) = entries_of(&with_extension(b"TREE", b"\0junk\n")).unwrap();
        assert_eq!(entries.len(), 1);
        assert!(cache_tree.is_none());
    }

    /// A cache tree of `depth` nested directories `d`, each with one child, the last with none.
    fn nested_cache_tree(depth: usize) -> Vec<u8> {
        let mut body = Vec::new();
        for level in 0..depth {
            let name = if level == 0 { "" } else { "d" };
            let children = usize::from(level + 1 < depth);
            body.extend_from_slice(format!("{name}\0-1 {children}\n").as_bytes());
        }
        with_extension(b"TREE", &body)
    }

    /// `entries_of(bytes)` on a thread whose stack is far smaller than a test thread's 2 MiB:
    /// neither reading nor dropping a cache tree may recurse once per level.
    fn on_a_small_stack(bytes: Vec<u8>) -> Result<Option<usize>, &'static str> {
        let depth = |tree: &CacheTree| {
            let (mut node, mut levels) = (tree, 1);
            while let Some((_, child)) = node.children.first() {
                (node, levels) = (child, levels + 1);
            }
            levels
        };
        std::thread::Builder::new()
            .stack_size(64 << 10)
            .spawn(move || entries_of(&bytes).map(|(_, tree)| tree.as_ref().map(depth)))
            .unwrap()
            .join()
            .unwrap()
    }

    #[test]
    fn a_cache_tree_as_deep_as_a_tree_may_nest_is_read_without_recursion() {
        assert_eq!(
            on_a_small_stack(nested_cache_tree(MAX_CACHE_TREE_DEPTH)),
            Ok(Some(MAX_CACHE_TREE_DEPTH))
        );
    }

    #[test]
    fn a_cache_tree_nested_deeper_is_dropped_without_recursion() {
        // 100,000 levels, deeper than any tree git would write: refused at the bound, not read
        // down to the last level. The cache tree is only a shortcut: the index still reads.
        assert_eq!(
            on_a_small_stack(nested_cache_tree(MAX_CACHE_TREE_DEPTH + 1)),
            Ok(None)
        );
        assert_eq!(on_a_small_stack(nested_cache_tree(100_000)), Ok(None));
    }

    // Property tests. A fixed seed keeps them deterministic (set PROPTEST_RNG_SEED or
    // PROPTEST_CASES to explore more); failures are printed, never saved into the tree.

    fn property_config() -> Config {
        contextualize_config(Config {
            cases: 256,
            failure_persistence: None,
            rng_seed: RngSeed::Fixed(0x0123_4567_89ab_cdef),
            ..Config::default()
        })
    }

    /// Runs `property` on another thread and fails if it has not finished within a minute (a
    /// whole run takes well under a second): the parser must never hang.
    fn without_hanging(property: impl FnOnce() + Send + 'static) {
        let (done, finished) = std::sync::mpsc::channel();
        let worker = std::thread::spawn(move || {
            property();
            let _ = done.send(());
        });
        match finished.recv_timeout(Duration::from_secs(60)) {
            Ok(()) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                if let Err(panic) = worker.join() {
                    std::panic::resume_unwind(panic);
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                panic!("the index parser did not finish within a minute: it hangs on some input")
            }
        }
    }

    /// `load` of `bytes` as `lab`'s index gives an error of code GIT naming a file of the git
    /// directory, or exactly the entries git itself reads in the same files: never a panic, and
    /// never an index git does not see.
    fn check_load(lab: &Lab, bytes: &[u8]) -> Result<(), TestCaseError> {
        match lab.load_bytes(bytes) {
            Err(error) => {
                let message = error.to_string();
                prop_assert_eq!(error.code(), "GIT", "{}", message);
                prop_assert!(
                    message.contains(&lab.git_dir().display().to_string()),
                    "the message names the file: {}",
                    message
                );
            }
            Ok(index) => match lab.listed() {
                None => prop_assert!(
                    false,
                    "read {} entries where git refuses the index",
                    index.entries.len()
                ),
                Some(listed) => prop_assert_eq!(as_listed(&index.entries), listed),
            },
        }
        Ok(())
    }

    #[test]
    fn arbitrary_bytes_give_an_error_or_what_git_reads() {
        // Raw bytes, and bytes behind a valid header so that the entry and extension readers
        // are reached too.
        let header = (2u32..=4, 0u32..4).prop_map(|(version, count)| {
            let mut out = b"DIRC".to_vec();
            out.extend_from_slice(&version.to_be_bytes());
            out.extend_from_slice(&count.to_be_bytes());
            out
        });
        let strategy = prop_oneof![
            prop::collection::vec(any::<u8>(), 0..200),
            (header, prop::collection::vec(any::<u8>(), 0..600)).prop_map(|(mut h, rest)| {
                h.extend(rest);
                h
            }),
        ];
        let lab = Lab::new("arbitrary");
        without_hanging(move || {
            TestRunner::new(property_config())
                .run(&strategy, |bytes| check_load(&lab, &bytes))
                .unwrap_or_else(|failure| panic!("{failure}"));
        });
    }

    #[derive(Debug, Clone)]
    enum Mutation {
        Flip(Index, u8),
        Insert(Index, u8),
        Delete(Index),
        Truncate(Index),
    }

    fn mutate(bytes: &mut Vec<u8>, mutation: &Mutation) {
        let len = bytes.len();
        if len == 0 {
            return;
        }
        match mutation {
            Mutation::Flip(at, mask) => bytes[at.index(len)] ^= (*mask).max(1),
            Mutation::Insert(at, byte) => bytes.insert(at.index(len + 1), *byte),
            Mutation::Delete(at) => {
                bytes.remove(at.index(len));
            }
            Mutation::Truncate(at) => bytes.truncate(at.index(len)),
        }
    }

    fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
        let mutation = prop_oneof![
            4 => (any::<Index>(), any::<u8>()).prop_map(|(at, mask)| Mutation::Flip(at, mask)),
            2 => (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Insert(at, byte)),
            2 => any::<Index>().prop_map(Mutation::Delete),
            1 => any::<Index>().prop_map(Mutation::Truncate),
        ];
        prop::collection::vec(mutation, 1..5)
    }

    fn mutated(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
        let mut bytes = bytes.to_vec();
        for mutation in mutations {
            mutate(&mut bytes, mutation);
        }
        bytes
    }

    #[test]
    fn damaged_real_indexes_give_an_error_or_what_git_reads() {
        let strategy = (0..real().small.len(), mutations());
        let lab = Lab::new("damaged");
        without_hanging(move || {
            TestRunner::new(property_config())
                .run(&strategy, |(which, mutations)| {
                    check_load(&lab, &mutated(&real().small[which].bytes, &mutations))
                })
                .unwrap_or_else(|failure| panic!("{failure}"));
        });
    }

    #[test]
    fn damaged_split_indexes_give_an_error_or_what_git_reads() {
        // Either file of the pair damaged: the split index's own, or the shared one it names.
        let strategy = (0..2usize, any::<bool>(), mutations());
        let labs = [Lab::split("2"), Lab::split("4")];
        without_hanging(move || {
            let files: Vec<_> = labs
                .iter()
                .map(|lab| {
                    let shared = lab.shared_index_path();
                    let bytes = std::fs::read(&shared).unwrap();
                    (lab.index_bytes(), shared, bytes)
                })
                .collect();
            TestRunner::new(property_config())
                .run(&strategy, |(which, shared, mutations)| {
                    let (lab, (index, shared_path, shared_bytes)) = (&labs[which], &files[which]);
                    if shared {
                        std::fs::write(shared_path, mutated(shared_bytes, &mutations)).unwrap();
                        let checked = check_load(lab, index);
                        std::fs::write(shared_path, shared_bytes).unwrap();
                        checked
                    } else {
                        check_load(lab, &mutated(index, &mutations))
                    }
                })
                .unwrap_or_else(|failure| panic!("{failure}"));
        });
    }

    #[test]
    fn damaged_sparse_indexes_give_an_error_or_what_git_reads() {
        let lab = Lab::sparse();
        without_hanging(move || {
            let bytes = lab.index_bytes();
            TestRunner::new(property_config())
                .run(&mutations(), |mutations| {
                    check_load(&lab, &mutated(&bytes, &mutations))
                })
                .unwrap_or_else(|failure| panic!("{failure}"));
        });
    }

    #[test]
    fn arbitrary_link_bitmaps_give_an_error_or_what_git_reads() {
        // A real split index whose link keeps naming its shared index, followed by arbitrary
        // bytes where the delete and replace bitmaps belong; bitmaps that are well formed but
        // arbitrary are the likelier case, so half the inputs are made of those.
        // Any word; a literal of the shared index's first 64 entries; a marker of a short run
        // of ones or zeros followed by a literal or two.
        let word = prop_oneof![
            any::<u64>(),
            0u64..64,
            (0u64..2, any::<bool>(), 0u64..3)
                .prop_map(|(run, ones, n)| run << 1 | n << 33 | u64::from(ones))
        ];
        let bitmap = prop::collection::vec(word, 0..4).prop_map(|words| {
            let mut out = 64u32.to_be_bytes().to_vec();
            out.extend_from_slice(&(words.len() as u32).to_be_bytes());
            words
                .iter()
                .for_each(|w| out.extend_from_slice(&w.to_be_bytes()));
            out.extend_from_slice(&0u32.to_be_bytes());
            out
        });
        let bitmaps = prop_oneof![
            prop::collection::vec(any::<u8>(), 0..80),
            (bitmap.clone(), bitmap).prop_map(|(mut delete, replace)| {
                delete.extend(replace);
                delete
            }),
        ];
        let lab = Lab::split("2");
        without_hanging(move || {
            let bytes = lab.index_bytes();
            let at = bytes
                .windows(4)
                .position(|w| w == b"link")
                .expect("a link extension");
            let size = u32::from_be_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
            TestRunner::new(property_config())
                .run(&bitmaps, |body| {
                    let mut index = bytes[..at + 8 + OID_LEN].to_vec();
                    index[at + 4..at + 8]
                        .copy_from_slice(&((OID_LEN + body.len()) as u32).to_be_bytes());
                    index.extend_from_slice(&body);
                    index.extend_from_slice(&bytes[at + 8 + size..]);
                    check_load(&lab, &index)
                })
                .unwrap_or_else(|failure| panic!("{failure}"));
        });
    }
}
