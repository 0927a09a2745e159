//! The index file, parsed by us (read-cache.c's format: versions 2 to 4, the cache-tree
//! extension) rather than through git2: libgit2 hashes the whole file on every read and
//! copies each entry twice, which costs more than git's whole status on a large index.
//! Like git (outside `git fsck`), the trailing checksum is not verified. The parsed
//! index is reused while the file keeps its stamp.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::Arc;

use git2::Oid;
use omni_types::{GitErrorKind, OmniError, OmniResult};

use super::stamp::FileStamp;

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
        let (entries, cache_tree) = parse(&data).map_err(|what| corrupt(path, what))?;
        let reusable = stamp.is_some_and(|s| !s.is_racy());
        return Ok(Arc::new(IndexSnapshot {
            stamp,
            reusable,
            timestamp: meta.mtime() as u32,
            entries,
            cache_tree,
        }));
    }
    Err(OmniError::git(
        GitErrorKind::Other,
        format!("the index {} kept changing while it was read: retry when no other git command is writing it", path.display()),
    ))
}

fn corrupt(path: &Path, what: &str) -> OmniError {
    OmniError::git(
        GitErrorKind::Other,
        format!(
            "cannot read the index {}: {what}; run `git status` there to see what git says",
            path.display()
        ),
    )
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
