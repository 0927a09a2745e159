//! Settling what stat could not: does the worktree content, as git would clean it, hash to the
//! index blob? Files are hashed on every core at once. A verdict of "unchanged" is remembered
//! with the file's stamp and the conversion it was made under, so a kept sniffer hashes a
//! stat-dirty file once (git re-hashes it on every read-only status) and then costs a stat, as a
//! refreshed index would, while the index on disk stays untouched.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use git2::{ErrorCode, Oid, Repository};
use omni_types::OmniResult;
use rayon::prelude::*;

use super::attributes::Attributes;
use super::blob_hash;
use super::convert::{self, Conversion};
use super::index::Entry;
use super::stamp::FileStamp;
use crate::regular_file;
use crate::{errors, paths};

/// Below this many files, the calling thread hashes them: handing them to the pool costs more.
const PARALLEL_FILES: usize = 64;

/// A symlink's target is hashed as it is: no conversion applies.
const AS_IS: Option<Conversion> = None;

/// Verdicts of "unchanged", valid while the index keeps its stamp.
#[derive(Default)]
pub(crate) struct ContentCache {
    index: Option<FileStamp>,
    clean: HashMap<Box<[u8]>, Verdict>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Verdict {
    oid: Oid,
    stamp: FileStamp,
    conversion: Option<Conversion>,
}

impl ContentCache {
    /// Forget the verdicts when the index is not the one they were made against.
    pub(crate) fn bind(&mut self, index: Option<FileStamp>, reusable: bool) {
        if self.index != index || !reusable {
            self.clean.clear();
            self.index = if reusable { index } else { None };
        }
    }
}

/// A tracked path whose stat differs from the index: its content decides.
pub(crate) struct Pending {
    pub position: usize,
    pub symlink: bool,
    pub stamp: FileStamp,
}

/// One file to hash, with the conversion git would clean it with.
struct Job<'e> {
    position: usize,
    entry: &'e Entry,
    verdict: Verdict,
}

enum Outcome {
    Same,
    Differs,
    /// The conversion needs to know whether the index blob holds CRs: settled with the repository.
    NeedsIndexBlob,
}

/// The positions among `pending` whose content differs from the index (git's `ce_compare_data`).
pub(crate) fn differing(
    repo: &Repository,
    root: &Path,
    entries: &[Entry],
    pending: &[Pending],
    attributes: &mut Attributes<'_>,
    verdicts: &mut ContentCache,
) -> OmniResult<HashSet<usize>> {
    let mut jobs = Vec::new();
    for p in pending {
        let Some(entry) = entries.get(p.position) else {
            continue;
        };
        let conversion = if p.symlink {
            AS_IS
        } else {
            Some(attributes.conversion(&entry.path))
        };
        let verdict = Verdict {
            oid: entry.oid,
            stamp: p.stamp,
            conversion,
        };
        if verdicts.clean.get(&entry.path) == Some(&verdict) {
            continue;
        }
        jobs.push(Job {
            position: p.position,
            entry,
            verdict,
        });
    }
    let outcomes = hash_all(root, &jobs);
    let mut differing = HashSet::new();
    for (job, outcome) in jobs.iter().zip(outcomes) {
        let same = match outcome {
            Outcome::Same => true,
            Outcome::Differs => false,
            Outcome::NeedsIndexBlob => settle_with_index_blob(repo, root, job)?,
        };
        if same {
            // Only a verdict read well after the file's last write can be trusted by stamp later.
            if !job.verdict.stamp.is_racy() {
                verdicts.clean.insert(job.entry.path.clone(), job.verdict);
            }
        } else {
            differing.insert(job.position);
        }
    }
    Ok(differing)
}

fn hash_all(root: &Path, jobs: &[Job<'_>]) -> Vec<Outcome> {
    if jobs.len() < PARALLEL_FILES {
        return jobs.iter().map(|job| compare(root, job, None)).collect();
    }
    jobs.par_iter()
        .map(|job| compare(root, job, None))
        .collect()
}

/// Reads and hashes one file; a file that cannot be read does not match, as in git.
/// `index_has_crlf` answers the conversion's question about the index blob when it asks; without
/// it, the question is the outcome.
fn compare(root: &Path, job: &Job<'_>, index_has_crlf: Option<bool>) -> Outcome {
    let path = paths::join(root, &job.entry.path);
    let wanted = job.entry.oid;
    let verdict = |same: bool| {
        if same {
            Outcome::Same
        } else {
            Outcome::Differs
        }
    };
    let Some(conversion) = job.verdict.conversion else {
        return verdict(match std::fs::read_link(&path) {
            Ok(target) => blob_hash::of_bytes(paths::bytes(&target)) == wanted,
            Err(_) => false,
        });
    };
    if conversion == Conversion::NONE {
        // Nothing to clean: streamed, however large.
        return verdict(matches!(blob_hash::of_file(&path), Ok(Some(oid)) if oid == wanted));
    }
    // A file swapped for a FIFO or a symlink since its lstat is not read, and not equal.
    let Ok(data) = regular_file::read_regular(&path, false) else {
        return Outcome::Differs;
    };
    let asked = Cell::new(false);
    let cleaned = convert::to_git(&data, conversion, || {
        asked.set(true);
        index_has_crlf.unwrap_or(false)
    });
    if asked.get() && index_has_crlf.is_none() {
        return Outcome::NeedsIndexBlob;
    }
    verdict(blob_hash::of_bytes(&cleaned) == wanted)
}

/// `compare` again, with the answer to the conversion's question about the index blob's CRs (git's
/// `has_crlf_in_index`): a missing blob has none; a corrupt one stops git, and us.
fn settle_with_index_blob(repo: &Repository, root: &Path, job: &Job<'_>) -> OmniResult<bool> {
    let entry = job.entry;
    let index_has_crlf = match repo.find_blob(entry.oid) {
        Ok(blob) => convert::blob_has_crlf(blob.content()),
        Err(e) if e.code() == ErrorCode::NotFound => false,
        Err(e) => {
            return Err(errors::git(
                format_args!(
                    "cannot read blob {} (the index version of {}) in {}",
                    entry.oid,
                    paths::display(&entry.path),
                    root.display()
                ),
                e,
            ))
        }
    };
    Ok(matches!(
        compare(root, job, Some(index_has_crlf)),
        Outcome::Same
    ))
}
