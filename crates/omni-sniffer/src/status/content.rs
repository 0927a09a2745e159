//! Settling what stat could not: does the worktree content, as git would clean it,
//! hash to the index blob? Results proven clean are remembered by file stamp, so a
//! kept sniffer does not hash a stat-dirty file twice (git re-hashes on every call).

use std::collections::HashMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use git2::{AttrCheckFlags, AttrValue, ErrorCode, ObjectType, Oid, Repository};
use omni_types::OmniResult;

use super::convert::{self, Conversion, CrlfAction};
use super::index::Entry;
use super::settings::AutoCrlf;
use super::stamp::FileStamp;
use crate::regular_file;
use crate::{errors, paths};

/// Content verdicts that needed no conversion, valid while the index keeps its stamp.
#[derive(Default)]
pub(crate) struct ContentCache {
    index: Option<FileStamp>,
    clean: HashMap<Box<[u8]>, (Oid, FileStamp)>,
}

impl ContentCache {
    /// Forget everything when the index is not the one the verdicts were made against.
    pub(crate) fn bind(&mut self, index: Option<FileStamp>, reusable: bool) {
        if self.index != index || !reusable {
            self.clean.clear();
            self.index = if reusable { index } else { None };
        }
    }
}

pub(crate) struct ContentCheck<'a> {
    repo: &'a Repository,
    root: &'a Path,
    autocrlf: AutoCrlf,
    /// An attributes file outside the worktree (info/attributes, global, system) exists.
    /// Looked up on the first content check: most snapshots need none.
    global_attributes: Option<bool>,
    entries: &'a [Entry],
    /// The index tracks some `.gitattributes` (also looked up on first need).
    tracked_attributes: Option<bool>,
    /// Per directory: does it or a parent hold a `.gitattributes` on disk?
    dir_attributes: HashMap<Vec<u8>, bool>,
    cache: &'a mut ContentCache,
}

impl<'a> ContentCheck<'a> {
    pub(crate) fn new(
        repo: &'a Repository,
        root: &'a Path,
        autocrlf: AutoCrlf,
        entries: &'a [Entry],
        cache: &'a mut ContentCache,
    ) -> Self {
        ContentCheck {
            repo,
            root,
            autocrlf,
            global_attributes: None,
            entries,
            tracked_attributes: None,
            dir_attributes: HashMap::new(),
            cache,
        }
    }

    /// Whether the worktree version of `entry` has the content the index records.
    pub(crate) fn matches(
        &mut self,
        entry: &Entry,
        symlink: bool,
        stamp: FileStamp,
    ) -> OmniResult<bool> {
        let path = paths::join(self.root, &entry.path);
        if symlink {
            return Ok(match std::fs::read_link(&path) {
                Ok(target) => hash(paths::bytes(&target)) == Some(entry.oid),
                Err(_) => false,
            });
        }
        let raw = self.autocrlf == AutoCrlf::False && !self.attributes_may_apply(&entry.path);
        if raw {
            if let Some((oid, known)) = self.cache.clean.get(&entry.path) {
                if *oid == entry.oid && *known == stamp {
                    return Ok(true);
                }
            }
        }
        // A file that cannot be read does not match, as in git's ce_compare_data.
        let same = if raw {
            // No conversion: libgit2 streams the file, however large.
            Oid::hash_file(ObjectType::Blob, &path).is_ok_and(|oid| oid == entry.oid)
        } else {
            // A file swapped for a FIFO or a symlink since its lstat is not read, and not equal.
            let Ok(data) = regular_file::read_regular(&path, false) else {
                return Ok(false);
            };
            let conversion = self.conversion(&entry.path);
            // The conversion asks for the index blob's CRs only when it needs them, as a plain
            // answer: a blob that cannot be read is carried out beside it.
            let mut unreadable = None;
            let cleaned = convert::to_git(&data, conversion, || {
                self.index_blob_has_crlf(entry).unwrap_or_else(|error| {
                    unreadable = Some(error);
                    false
                })
            });
            if let Some(error) = unreadable {
                return Err(error);
            }
            hash(&cleaned) == Some(entry.oid)
        };
        // Only a verdict read well after the file's last write can be trusted by stamp later.
        if same && raw && !stamp.is_racy() {
            self.cache
                .clean
                .insert(entry.path.clone(), (entry.oid, stamp));
        }
        Ok(same)
    }

    fn attributes_may_apply(&mut self, path: &[u8]) -> bool {
        let (repo, entries) = (self.repo, self.entries);
        *self
            .global_attributes
            .get_or_insert_with(|| global_attributes_exist(repo))
            || *self
                .tracked_attributes
                .get_or_insert_with(|| entries.iter().any(|e| e.path.ends_with(b".gitattributes")))
            || self.dir_has_attributes(parent(path))
    }

    fn dir_has_attributes(&mut self, dir: &[u8]) -> bool {
        if let Some(&known) = self.dir_attributes.get(dir) {
            return known;
        }
        let here = paths::join(self.root, dir).join(".gitattributes").exists();
        let found = here || (!dir.is_empty() && self.dir_has_attributes(parent(dir)));
        self.dir_attributes.insert(dir.to_vec(), found);
        found
    }

    /// git's `convert_attrs` for the check-in direction: `text`/`crlf`, `eol`, `ident`.
    fn conversion(&self, path: &[u8]) -> Conversion {
        let path = Path::new(OsStr::from_bytes(path));
        let attr = |name: &str| -> Option<String> {
            self.repo
                .get_attr(path, name, AttrCheckFlags::FILE_THEN_INDEX)
                .ok()
                .flatten()
                .map(str::to_string)
        };
        let classify = |value: Option<String>| -> Option<CrlfAction> {
            match AttrValue::from_string(value.as_deref()) {
                AttrValue::True => Some(CrlfAction::Text),
                AttrValue::False => Some(CrlfAction::Binary),
                AttrValue::String("input") => Some(CrlfAction::Text),
                AttrValue::String("auto") => Some(CrlfAction::Auto),
                _ => None,
            }
        };
        let mut crlf = classify(attr("text")).or_else(|| classify(attr("crlf")));
        if crlf != Some(CrlfAction::Binary) {
            // An `eol` attribute makes the path text (keeping `auto` as auto).
            if matches!(attr("eol").as_deref(), Some("lf" | "crlf"))
                && crlf != Some(CrlfAction::Auto)
            {
                crlf = Some(CrlfAction::Text);
            }
        }
        let crlf = crlf.unwrap_or(match self.autocrlf {
            AutoCrlf::False => CrlfAction::Binary,
            AutoCrlf::True | AutoCrlf::Input => CrlfAction::Auto,
        });
        let ident = matches!(
            AttrValue::from_string(attr("ident").as_deref()),
            AttrValue::True
        );
        Conversion { crlf, ident }
    }

    /// git's `has_crlf_in_index`: a missing blob has none; a corrupt one stops git, and us.
    fn index_blob_has_crlf(&self, entry: &Entry) -> OmniResult<bool> {
        match self.repo.find_blob(entry.oid) {
            Ok(blob) => Ok(convert::blob_has_crlf(blob.content())),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(false),
            Err(e) => Err(errors::git(
                format_args!(
                    "cannot read blob {} (the index version of {}) in {}",
                    entry.oid,
                    paths::display(&entry.path),
                    self.root.display()
                ),
                e,
            )),
        }
    }
}

fn parent(path: &[u8]) -> &[u8] {
    match path.iter().rposition(|&b| b == b'/') {
        Some(slash) => &path[..slash],
        None => &[],
    }
}

fn hash(content: &[u8]) -> Option<Oid> {
    Oid::hash_object(ObjectType::Blob, content).ok()
}

/// Attribute files that apply to every path: `info/attributes`, `core.attributesFile`
/// (or its XDG default) and the system file.
fn global_attributes_exist(repo: &Repository) -> bool {
    let mut candidates: Vec<PathBuf> = vec![
        repo.commondir().join("info/attributes"),
        PathBuf::from("/etc/gitattributes"),
    ];
    match repo
        .config()
        .and_then(|c| c.get_path("core.attributesFile"))
    {
        Ok(path) => candidates.push(path),
        Err(_) => match std::env::var_os("XDG_CONFIG_HOME") {
            Some(xdg) if !xdg.is_empty() => {
                candidates.push(PathBuf::from(xdg).join("git/attributes"))
            }
            _ => {
                if let Some(home) = std::env::var_os("HOME") {
                    candidates.push(PathBuf::from(home).join(".config/git/attributes"));
                }
            }
        },
    }
    candidates.iter().any(|path| path.exists())
}
