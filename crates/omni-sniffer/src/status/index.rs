//! The index file, parsed by us (read-cache.c's format: versions 2 to 4, the cache-tree
//! extension) rather than through git2: libgit2 hashes the whole file on every read and
//! copies each entry twice, which costs more than git's whole status on a large index.
//! Like git (outside `git fsck`), the trailing checksum is not verified. The parsed
//! index is reused while the file keeps its stamp.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::Arc;

use git2::Oid;
use omni_types::OmniResult;

use super::stamp::FileStamp;
use crate::errors;

pub(crate) const MODE_TYPE: u32 = 0o170000;
pub(crate) const MODE_FILE: u32 = 0o100000;
pub(crate) const MODE_SYMLINK: u32 = 0o120000;
pub(crate) const MODE_GITLINK: u32 = 0o160000;
pub(crate) const MODE_TREE: u32 = 0o040000;

const OID_LEN: usize = 20;
const FLAG_ASSUME_VALID: u16 = 0x8000;
const FLAG_EXTENDED: u16 = 0x4000;
const FLAG_STAGE_SHIFT: u16 = 12;
const FLAG_NAME_MASK: u16 = 0x0fff;
const FLAG_EXT_SKIP_WORKTREE: u16 = 0x4000;
const FLAG_EXT_INTENT_TO_ADD: u16 = 0x2000;

/// The stat fields git stores per entry, 32 bits each as git compares them.
#[derive(Debug, Clone, Copy)]
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
}

pub(crate) struct IndexSnapshot {
    pub stamp: Option<FileStamp>,
    /// Read long enough after its last write that an equal stamp proves it unchanged.
    pub reusable: bool,
    /// The index file's mtime in seconds: entries modified at or after it are racy.
    pub timestamp: u32,
    /// Sorted by path, then stage, as in the file.
    pub entries: Vec<Entry>,
    pub cache_tree: Option<CacheTree>,
}

/// The index at `path`, reusing `cached` when the file has not changed.
pub(crate) fn load(
    path: &Path,
    cached: Option<&Arc<IndexSnapshot>>,
) -> OmniResult<Arc<IndexSnapshot>> {
    // The stat must describe the very bytes parsed: retry when the file was replaced meanwhile.
    for _ in 0..5 {
        let Ok(meta) = std::fs::metadata(path) else {
            // No index yet (a fresh `git init`): nothing is tracked.
            return Ok(Arc::new(IndexSnapshot {
                stamp: None,
                reusable: false,
                timestamp: 0,
                entries: Vec::new(),
                cache_tree: None,
            }));
        };
        let stamp = Some(FileStamp::from_metadata(&meta));
        if let Some(cached) = cached {
            if cached.reusable && cached.stamp == stamp {
                return Ok(cached.clone());
            }
        }
        let Ok(data) = std::fs::read(path) else {
            continue;
        };
        if FileStamp::of(path) != stamp {
            continue;
        }
        let (entries, cache_tree) =
            parse(&data).map_err(|what| errors::corrupt_index(path, what))?;
        let reusable = stamp.is_some_and(|s| !s.is_racy());
        return Ok(Arc::new(IndexSnapshot {
            stamp,
            reusable,
            timestamp: meta.mtime() as u32,
            entries,
            cache_tree,
        }));
    }
    Err(errors::index_kept_changing(path))
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

fn parse(data: &[u8]) -> Result<(Vec<Entry>, Option<CacheTree>), &'static str> {
    let mut r = Reader { data, at: 0 };
    if r.take(4)? != b"DIRC" {
        return Err("it is not an index file (bad signature)");
    }
    let version = r.u32()?;
    if !(2..=4).contains(&version) {
        return Err("its version is not 2, 3 or 4");
    }
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
            r.u16()?
        } else {
            0
        };
        let path: Box<[u8]> = if version == 4 {
            let strip = r.varint()?;
            let keep = previous
                .len()
                .checked_sub(strip)
                .ok_or("a path prefix is longer than the previous path")?;
            previous.truncate(keep);
            previous.extend_from_slice(r.until_nul()?);
            previous.as_slice().into()
        } else {
            let name_len = (flags & FLAG_NAME_MASK) as usize;
            let fixed = r.at - start;
            // A name of 0xfff bytes or more is stored in full; its length comes from the NUL.
            let name = if name_len < FLAG_NAME_MASK as usize {
                r.take(name_len)?
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
    let mut cache_tree = None;
    // Extensions, up to the trailing checksum.
    while data.len().saturating_sub(r.at) >= OID_LEN + 8 {
        let signature = r.take(4)?;
        let size = r.u32()? as usize;
        let body = r.take(size)?;
        match signature {
            b"TREE" => cache_tree = parse_cache_tree(body).ok(),
            // libgit2 cannot read these either; git needs the shared index or a full expansion.
            b"link" => {
                return Err(
                    "it is a split index (core.splitIndex), which omni-sniffer cannot read yet",
                )
            }
            b"sdir" => {
                return Err(
                    "it is a sparse index (index.sparse), which omni-sniffer cannot read yet",
                )
            }
            // An extension starting with a capital letter is optional, anything else is required.
            _ if signature[0].is_ascii_uppercase() => {}
            _ => return Err("it uses an index extension this reader does not know"),
        }
    }
    Ok((entries, cache_tree))
}

/// The TREE extension: nodes in pre-order, each `path NUL count SP subtrees LF [oid]`.
fn parse_cache_tree(body: &[u8]) -> Result<CacheTree, &'static str> {
    let mut r = Reader { data: body, at: 0 };
    let (_, root) = parse_tree_node(&mut r, 0)?;
    Ok(root)
}

fn parse_tree_node(
    r: &mut Reader<'_>,
    depth: usize,
) -> Result<(Box<[u8]>, CacheTree), &'static str> {
    if depth > 2048 {
        return Err("the cache tree nests too deep");
    }
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
    let mut children = Vec::with_capacity(subtrees.min(1024));
    for _ in 0..subtrees {
        children.push(parse_tree_node(r, depth + 1)?);
    }
    Ok((name, CacheTree { valid, children }))
}

#[cfg(test)]
mod tests {
    //! The parser against indexes git wrote (versions 2 to 4), against damaged and hand-made
    //! files, and against arbitrary bytes (proptest). A damaged index must give an error of code
    //! `GIT` naming the file, or the entries git itself would read: never a panic, never a hang.
    //! git's reader (read-cache.c: `verify_hdr`, `create_from_disk`, `do_read_index`) is the
    //! reference.

    use super::*;
    use crate::test_support::{git, TempDir};
    use omni_types::OmniError;
    use proptest::prelude::*;
    use proptest::sample::Index;
    use proptest::test_runner::{contextualize_config, Config, RngSeed, TestRunner};
    use std::os::unix::fs::PermissionsExt;
    use std::sync::OnceLock;
    use std::time::Duration;

    /// An entry as `git ls-files --stage` shows it: mode, id, stage, path.
    type Listed = (u32, Oid, u8, Vec<u8>);

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
            let tmp = TempDir::new("omni-index");
            let (repo, home) = (tmp.join("repo"), tmp.join("home"));
            std::fs::create_dir_all(&repo).unwrap();
            std::fs::create_dir_all(&home).unwrap();
            let run = |args: &[&str]| git::run_isolated(&repo, &home, args);
            let write = |path: &str, content: &str| {
                let path = repo.join(path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, content).unwrap();
            };
            run(&["init", "-q", "-b", "main"]);
            write("a.txt", "a\n");
            write("conflict.txt", "base\n");
            write("dir/b.txt", "b\n");
            write("dir/sub/c.txt", "c\n");
            write("dir/sub/d.txt", "d\n");
            write("e.sh", "#!/bin/sh\n");
            std::fs::set_permissions(repo.join("e.sh"), std::fs::Permissions::from_mode(0o755))
                .unwrap();
            std::os::unix::fs::symlink("a.txt", repo.join("link")).unwrap();
            run(&["add", "-A"]);
            run(&["commit", "-q", "-m", "one"]);
            let blob = String::from_utf8(run(&["rev-parse", ":a.txt"])).unwrap();
            let blob = blob.trim();
            let mut info = format!("0 {}\tconflict.txt\n", "0".repeat(40));
            for stage in 1..=3 {
                info.push_str(&format!("100644 {blob} {stage}\tconflict.txt\n"));
            }
            feed(&repo, &home, &["update-index", "--index-info"], &info);

            let read = || RealIndex {
                version: 0,
                bytes: std::fs::read(repo.join(".git/index")).unwrap(),
                listed: listed(&run(&["ls-files", "--stage", "-z"])),
            };
            let mut small = vec![read()];
            write("new.txt", "new\n");
            run(&["add", "-N", "new.txt"]);
            small.push(read());
            run(&["update-index", "--index-version", "4"]);
            small.push(read());
            let long_path = format!("long/{}", "x".repeat(LONG_PATH_LEN - 5));
            run(&[
                "update-index",
                "--add",
                "--cacheinfo",
                &format!("100644,{blob},{long_path}"),
            ]);
            let mut long = vec![read()];
            run(&["update-index", "--index-version", "3"]);
            long.push(read());
            for index in small.iter_mut().chain(long.iter_mut()) {
                index.version = u32::from_be_bytes(index.bytes[4..8].try_into().unwrap());
            }
            RealIndexes { small, long }
        })
    }

    /// Runs git with `input` on its standard input.
    fn feed(repo: &Path, home: &Path, args: &[&str], input: &str) {
        use std::io::Write;
        let mut child = git::isolated(repo, home)
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

    /// `git ls-files --stage -z`: `<mode> SP <oid> SP <stage> TAB <path> NUL` per entry.
    fn listed(out: &[u8]) -> Vec<Listed> {
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

    fn as_listed(entries: &[Entry]) -> Vec<Listed> {
        entries
            .iter()
            .map(|e| (e.mode, e.oid, e.stage, e.path.to_vec()))
            .collect()
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

    /// `load` on a file holding `bytes`, in a folder deleted afterwards; the path shown.
    fn load_bytes(bytes: &[u8]) -> (String, OmniResult<Arc<IndexSnapshot>>) {
        let dir = TempDir::new("omni-index");
        let path = dir.join("index");
        std::fs::write(&path, bytes).unwrap();
        let loaded = load(&path, None);
        (path.display().to_string(), loaded)
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
        match parse(bytes) {
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
            let (entries, _) = parse(&index.bytes).unwrap();
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
            let (entries, _) = parse(&index.bytes).unwrap();
            assert!(entries.iter().any(|e| e.path.len() == LONG_PATH_LEN));
        }
    }

    #[test]
    fn a_cut_anywhere_gives_an_error_or_every_entry() {
        for index in all_real() {
            let (extensions, _) = tree_extension(&index.bytes);
            for len in 0..index.bytes.len() {
                match parse(&index.bytes[..len]) {
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

    /// A version 4 entry: `strip` bytes off the previous path, then `suffix`.
    fn entry_v4(out: &mut Vec<u8>, strip: &[u8], suffix: &[u8]) {
        fixed_part(out);
        out.extend_from_slice(&(suffix.len() as u16).to_be_bytes());
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
        let (entries, _) = parse(bytes).unwrap_or_else(|what| panic!("{what}"));
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
        entry_v4(&mut body, &varint(0), b"abc");
        entry_v4(&mut body, &varint(1), b"d");
        entry_v4(&mut body, &varint(3), long.as_bytes());
        entry_v4(&mut body, &varint(4), b"zz");
        entry_v4(&mut body, &varint(200), b"x");
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
        entry_v4(&mut body, &varint(0), b"abc");
        entry_v4(&mut body, &varint(4), b"d");
        assert_git_error(&index_file(4, 2, &body), what);
        // git ignores the strip length of a first entry (there is no previous one) but never
        // writes one; a file that has one is damaged.
        let mut body = Vec::new();
        entry_v4(&mut body, &varint(1), b"abc");
        assert_git_error(&index_file(4, 1, &body), what);
        let mut body = Vec::new();
        entry_v4(&mut body, &varint(0), b"abc");
        entry_v4(&mut body, &varint(usize::MAX >> 8), b"d");
        assert_git_error(&index_file(4, 2, &body), what);
    }

    #[test]
    fn a_v4_prefix_that_overflows_is_a_git_error() {
        let mut body = Vec::new();
        entry_v4(&mut body, &[0xff; 12], b"abc");
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
        assert_git_error(&with_extension(b"link", &[7; 40]), "split index");
        assert_git_error(&with_extension(b"sdir", &[]), "sparse index");
        // An extension longer than what is left of the file.
        let mut bytes = with_extension(b"ZZZZ", &[7; 40]);
        let at = bytes.len() - OID_LEN - 40 - 4;
        bytes[at..at + 4].copy_from_slice(&1000u32.to_be_bytes());
        assert_git_error(&bytes, "truncated");
    }

    #[test]
    fn a_damaged_cache_tree_is_dropped_not_trusted() {
        // Without it the staged changes are computed from the trees: slower, still right.
        let (entries, cache_tree) = parse(&with_extension(b"TREE", b"\0junk\n")).unwrap();
        assert_eq!(entries.len(), 1);
        assert!(cache_tree.is_none());
        // Nested deeper than any real tree (a path has at most 4096 bytes): refused at depth
        // 2048, not followed down 100,000 levels. Those 2048 levels of recursion take about
        // 1 MiB of stack in a release build and 4 MiB in a debug one, more than a test thread's
        // 2 MiB: hence a thread of its own.
        let mut deep = Vec::new();
        for _ in 0..100_000 {
            deep.extend_from_slice(b"d\0-1 1\n");
        }
        deep.extend_from_slice(b"d\0-1 0\n");
        let bytes = with_extension(b"TREE", &deep);
        let cache_tree = std::thread::Builder::new()
            .stack_size(16 << 20)
            .spawn(move || parse(&bytes).map(|(_, cache_tree)| cache_tree.is_some()))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(cache_tree, Ok(false));
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

    /// `load` of `bytes` gives an error of code GIT naming the file, or entries that agree
    /// with the header and the file's size.
    fn check_load(path: &Path, bytes: &[u8]) -> Result<(), TestCaseError> {
        std::fs::write(path, bytes).unwrap();
        match load(path, None) {
            Err(error) => {
                prop_assert_eq!(error.code(), "GIT");
                prop_assert!(error.to_string().contains(&path.display().to_string()));
            }
            Ok(index) => {
                prop_assert!(bytes.len() >= 12 && bytes.starts_with(b"DIRC"));
                let version = u32::from_be_bytes(bytes[4..8].try_into().unwrap());
                let count = u32::from_be_bytes(bytes[8..12].try_into().unwrap());
                prop_assert!((2..=4).contains(&version));
                prop_assert_eq!(index.entries.len(), count as usize);
                // Each entry takes at least 64 bytes of the file (62 fixed, a name, a NUL).
                prop_assert!(index.entries.len() * 64 <= bytes.len() - 12);
                for entry in &index.entries {
                    prop_assert!(entry.stage <= 3);
                    prop_assert!(entry.path.len() <= bytes.len());
                    prop_assert!(version >= 3 || !(entry.intent_to_add || entry.skip_worktree));
                }
            }
        }
        Ok(())
    }

    #[test]
    fn arbitrary_bytes_give_an_error_or_a_well_formed_index() {
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
        let dir = TempDir::new("omni-index");
        let path = dir.join("index");
        without_hanging(move || {
            TestRunner::new(property_config())
                .run(&strategy, |bytes| check_load(&path, &bytes))
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

    #[test]
    fn damaged_real_indexes_give_an_error_or_a_well_formed_index() {
        let mutation = prop_oneof![
            4 => (any::<Index>(), any::<u8>()).prop_map(|(at, mask)| Mutation::Flip(at, mask)),
            2 => (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Insert(at, byte)),
            2 => any::<Index>().prop_map(Mutation::Delete),
            1 => any::<Index>().prop_map(Mutation::Truncate),
        ];
        let strategy = (0..real().small.len(), prop::collection::vec(mutation, 1..5));
        let dir = TempDir::new("omni-index");
        let path = dir.join("index");
        without_hanging(move || {
            TestRunner::new(property_config())
                .run(&strategy, |(which, mutations)| {
                    let mut bytes = real().small[which].bytes.clone();
                    for mutation in &mutations {
                        mutate(&mut bytes, mutation);
                    }
                    check_load(&path, &bytes)
                })
                .unwrap_or_else(|failure| panic!("{failure}"));
        });
    }
}
