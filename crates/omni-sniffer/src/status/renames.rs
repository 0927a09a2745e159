//! `renames`: the type `2` records of `git status --renames`, paired as git's diffcore-rename.c
//! (2.33 and later) pairs them, once from HEAD to the index and once from the index to the
//! worktree: exact matches by blob id, then paths whose basename is unique on both sides at 75%
//! similarity, then the best of every remaining pair at 50%, similarity being diffcore-delta's.

use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;
use std::path::Path;

use git2::{Oid, Repository, Tree};
use omni_types::OmniResult;

use super::attributes::Attributes;
use super::index::{Entry, MODE_FILE, MODE_SYMLINK, MODE_TYPE};
use super::line_stats::{empty_blob, is_binary};
use super::records::{Record, RecordKind, Renamed};
use super::{attributes_of, blob_hash, convert, StatusCache};
use crate::{errors, paths, regular_file};

/// git's `MAX_SCORE`: similarity is out of this.
const MAX_SCORE: u64 = 60_000;
/// `-M50%`, status's default.
const MINIMUM_SCORE: u64 = MAX_SCORE / 2;
/// Paths with the same unique basename are paired halfway between the minimum and identical.
const BASENAME_SCORE: u64 = MINIMUM_SCORE + (MAX_SCORE - MINIMUM_SCORE) / 2;
/// git's default `diff.renameLimit`: past this many destinations times sources (squared), only
/// exact and basename renames are looked for.
const RENAME_LIMIT: u64 = 1000;
const CANDIDATES_PER_DESTINATION: usize = 4;
/// Sources with the same content that an exact match looks through before it takes the best.
const IDENTICAL_ALTERNATIVES: usize = 100;
/// diffcore-delta's chunk hashes are taken modulo this prime.
const HASHBASE: u32 = 107_927;

/// `records` with git's renames found: a destination becomes type `2` (its X or Y `R`), its source
/// loses that side (and its record, when nothing else changes it). `head_tree` is HEAD's tree; the
/// status collection that made `records` must be the cache's last.
pub(crate) fn detect(
    repo: &Repository,
    root: &Path,
    head_tree: Option<Oid>,
    mut records: Vec<Record>,
    cache: &mut StatusCache,
) -> OmniResult<Vec<Record>> {
    let (Some(index), Some((settings, _))) = (cache.index.clone(), cache.last.clone()) else {
        return Ok(records);
    };
    if !may_pair(&records) {
        return Ok(records);
    }
    let tree = head_tree
        .map(|oid| {
            repo.find_tree(oid).map_err(|e| {
                errors::git(
                    format_args!("cannot read tree {oid} in {}", root.display()),
                    e,
                )
            })
        })
        .transpose()?;
    let mut finder = Finder {
        repo,
        root,
        attributes: attributes_of(repo, root, &settings, &index, &mut cache.attributes),
    };
    let staged = finder.staged_candidates(&records, &index.entries, tree.as_ref())?;
    let pairs = finder.pair(staged)?;
    apply(&mut records, pairs, Side::Staged);
    let worktree = finder.worktree_candidates(&records, &index.entries);
    let pairs = finder.pair(worktree)?;
    apply(&mut records, pairs, Side::Worktree);
    Ok(records.into_iter().filter(|r| !is_clean(r)).collect())
}

/// Whether one side has both a deletion and an addition: without them nothing pairs, and the
/// warm path of a tree with no rename reads no tree and no attributes for it.
fn may_pair(records: &[Record]) -> bool {
    let (mut staged, mut worktree) = ((false, false), (false, false));
    for record in records {
        if let RecordKind::Ordinary { x, y, .. } = record.kind {
            staged = (staged.0 || x == b'D', staged.1 || x == b'A');
            worktree = (worktree.0 || y == b'D', worktree.1 || y == b'A');
        }
    }
    staged == (true, true) || worktree == (true, true)
}

#[derive(Clone, Copy)]
enum Side {
    Staged,
    Worktree,
}

/// One version a rename may start or end at.
struct Version {
    /// Its record's position.
    record: usize,
    path: Vec<u8>,
    oid: Oid,
    mode: u32,
    /// A worktree file's content as git would store it; blobs are read when first compared.
    content: Option<Vec<u8>>,
    size: Option<u64>,
    spans: Option<Vec<(u32, u32)>>,
}

/// One comparison's deletions and additions, each in path order.
struct Candidates {
    sources: Vec<Version>,
    destinations: Vec<Version>,
}

/// Which sources and destinations are taken, and the pairs (source, destination, score).
struct Matching {
    used: Vec<bool>,
    paired: Vec<bool>,
    pairs: Vec<(usize, usize, u64)>,
}

impl Matching {
    fn take(&mut self, source: usize, destination: usize, score: u64) {
        self.used[source] = true;
        self.paired[destination] = true;
        self.pairs.push((source, destination, score));
    }

    /// The sources and the destinations not taken yet, in order.
    fn left(&self) -> (Vec<usize>, Vec<usize>) {
        let free = |taken: &[bool]| (0..taken.len()).filter(|&i| !taken[i]).collect();
        (free(&self.used), free(&self.paired))
    }
}

/// A rename, by the positions of its records.
struct Found {
    source: usize,
    from: Vec<u8>,
    destination: usize,
    /// 0 to 100, as porcelain v2 shows it.
    score: u8,
}

struct Finder<'a> {
    repo: &'a Repository,
    root: &'a Path,
    attributes: Attributes<'a>,
}

impl Finder<'_> {
    /// HEAD to the index: the paths deleted from it (X `D`) and added to it (X `A`).
    fn staged_candidates(
        &self,
        records: &[Record],
        entries: &[Entry],
        tree: Option<&Tree<'_>>,
    ) -> OmniResult<Candidates> {
        let mut sources = Vec::new();
        let mut destinations = Vec::new();
        for (position, record) in records.iter().enumerate() {
            match record.kind {
                RecordKind::Ordinary { x: b'D', .. } => {
                    let Some(tree) = tree else { continue };
                    let entry = tree
                        .get_path(&paths::join(Path::new(""), &record.path))
                        .map_err(|e| {
                            errors::git(
                                format_args!(
                                    "cannot find {} in HEAD's tree in {}",
                                    paths::display(&record.path),
                                    self.root.display()
                                ),
                                e,
                            )
                        })?;
                    sources.push(Version::blob(
                        position,
                        &record.path,
                        entry.id(),
                        entry.filemode() as u32,
                    ));
                }
                RecordKind::Ordinary { x: b'A', .. } => {
                    if let Some(entry) = stage_zero(entries, &record.path) {
                        destinations.push(Version::blob(
                            position,
                            &record.path,
                            entry.oid,
                            entry.mode,
                        ));
                    }
                }
                _ => {}
            }
        }
        Ok(Candidates::sorted(sources, destinations))
    }

    /// The index to the worktree: the paths deleted from the worktree (Y `D`) and the
    /// intent-to-add entries (Y `A`), whose version is the worktree file.
    fn worktree_candidates(&mut self, records: &[Record], entries: &[Entry]) -> Candidates {
        let mut sources = Vec::new();
        let mut destinations = Vec::new();
        for (position, record) in records.iter().enumerate() {
            let RecordKind::Ordinary { y, .. } = record.kind else {
                continue;
            };
            let Some(entry) = stage_zero(entries, &record.path) else {
                continue;
            };
            match y {
                b'D' => sources.push(Version::blob(position, &record.path, entry.oid, entry.mode)),
                b'A' if entry.intent_to_add => {
                    destinations.extend(self.worktree_version(position, &record.path));
                }
                _ => {}
            }
        }
        Candidates::sorted(sources, destinations)
    }

    /// The worktree file at `path` as git would hash it; `None` when it is neither a file nor a
    /// symlink any more.
    fn worktree_version(&mut self, record: usize, path: &[u8]) -> Option<Version> {
        let full = paths::join(self.root, path);
        let meta = std::fs::symlink_metadata(&full).ok()?;
        let (mode, content) = if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&full).ok()?;
            (MODE_SYMLINK, paths::bytes(&target).to_vec())
        } else if meta.file_type().is_file() {
            let raw = regular_file::read_regular(&full, false).ok()?;
            let conversion = self.attributes.conversion(path);
            // The CRLF rule asks the index's version at this path: an intent-to-add entry's is empty.
            let content = convert::to_git(&raw, conversion, || false).into_owned();
            (MODE_FILE | 0o644, content)
        } else {
            return None;
        };
        Some(Version {
            record,
            path: path.to_vec(),
            oid: blob_hash::of_bytes(&content),
            mode,
            size: Some(content.len() as u64),
            content: Some(content),
            spans: None,
        })
    }

    /// diffcore_rename: each destination's source, if it has one.
    fn pair(&mut self, mut c: Candidates) -> OmniResult<Vec<Found>> {
        if c.sources.is_empty() || c.destinations.is_empty() {
            return Ok(Vec::new());
        }
        let mut m = Matching {
            used: vec![false; c.sources.len()],
            paired: vec![false; c.destinations.len()],
            pairs: Vec::new(),
        };
        for destination in 0..c.destinations.len() {
            if let Some(source) = c.identical_source(destination, &m.used) {
                m.take(source, destination, MAX_SCORE);
            }
        }

        for (source, destination) in c.by_unique_basename(&m) {
            let score = self.similarity(&mut c, source, destination, BASENAME_SCORE)?;
            if score >= BASENAME_SCORE {
                m.take(source, destination, score);
            }
        }

        let (remaining, open) = m.left();
        let too_many = (open.len() as u64) * (remaining.len() as u64) > RENAME_LIMIT * RENAME_LIMIT;
        if !remaining.is_empty() && !open.is_empty() && !too_many {
            let mut matrix = Vec::with_capacity(open.len() * CANDIDATES_PER_DESTINATION);
            for &destination in &open {
                let mut best = [Candidate::NONE; CANDIDATES_PER_DESTINATION];
                for &source in &remaining {
                    let score = self.similarity(&mut c, source, destination, MINIMUM_SCORE)?;
                    let same_name =
                        basename_same(&c.sources[source].path, &c.destinations[destination].path);
                    keep_if_better(
                        &mut best,
                        Candidate {
                            pair: Some((source, destination)),
                            score,
                            same_name,
                        },
                    );
                }
                matrix.extend(best);
            }
            // Stable, as git's STABLE_QSORT: equal candidates stay in destination order.
            matrix.sort_by(Candidate::order);
            for candidate in matrix {
                let Some((source, destination)) = candidate.pair else {
                    break;
                };
                if candidate.score < MINIMUM_SCORE {
                    break;
                }
                if !m.paired[destination] && !m.used[source] {
                    m.take(source, destination, candidate.score);
                }
            }
        }
        Ok(m.pairs
            .into_iter()
            .map(|(source, destination, score)| Found {
                source: c.sources[source].record,
                from: std::mem::take(&mut c.sources[source].path),
                destination: c.destinations[destination].record,
                score: (score * 100 / MAX_SCORE) as u8,
            })
            .collect())
    }

    /// estimate_similarity: how much of the larger of two regular files the destination copies
    /// from the source, out of [`MAX_SCORE`]; 0 when the sizes alone rule out `minimum`.
    fn similarity(
        &mut self,
        c: &mut Candidates,
        source: usize,
        destination: usize,
        minimum: u64,
    ) -> OmniResult<u64> {
        let regular = |mode: u32| mode & MODE_TYPE == MODE_FILE;
        if !regular(c.sources[source].mode) || !regular(c.destinations[destination].mode) {
            return Ok(0);
        }
        let source_size = self.size(&mut c.sources[source])?;
        let destination_size = self.size(&mut c.destinations[destination])?;
        let larger = source_size.max(destination_size);
        let difference = larger - source_size.min(destination_size);
        if larger * (MAX_SCORE - minimum) < difference * MAX_SCORE {
            return Ok(0);
        }
        self.load_spans(&mut c.sources[source])?;
        self.load_spans(&mut c.destinations[destination])?;
        let copied = copied(
            c.sources[source].spans.as_deref().unwrap_or_default(),
            c.destinations[destination]
                .spans
                .as_deref()
                .unwrap_or_default(),
        );
        Ok(if destination_size == 0 {
            0
        } else {
            copied * MAX_SCORE / larger
        })
    }

    fn size(&self, version: &mut Version) -> OmniResult<u64> {
        if let Some(size) = version.size {
            return Ok(size);
        }
        let size = if version.oid == empty_blob() {
            0
        } else {
            let odb = self.repo.odb().map_err(|e| self.unreadable(version, e))?;
            odb.read_header(version.oid)
                .map_err(|e| self.unreadable(version, e))?
                .0 as u64
        };
        version.size = Some(size);
        Ok(size)
    }

    /// Reads the version (a blob, unless it is the worktree's) and hashes its chunks.
    fn load_spans(&mut self, version: &mut Version) -> OmniResult<()> {
        if version.spans.is_some() {
            return Ok(());
        }
        let blob;
        let data: &[u8] = match &version.content {
            Some(content) => content,
            None if version.oid == empty_blob() => &[],
            None => {
                blob = self
                    .repo
                    .find_blob(version.oid)
                    .map_err(|e| self.unreadable(version, e))?;
                blob.content()
            }
        };
        let text = !is_binary(self.repo, &mut self.attributes, &version.path, &[data]);
        version.spans = Some(spans(data, text));
        Ok(())
    }

    fn unreadable(&self, version: &Version, e: git2::Error) -> omni_types::OmniError {
        errors::git(
            format_args!(
                "cannot read blob {} ({}) to look for renames in {}",
                version.oid,
                paths::display(&version.path),
                self.root.display()
            ),
            e,
        )
    }
}

impl Version {
    fn blob(record: usize, path: &[u8], oid: Oid, mode: u32) -> Version {
        Version {
            record,
            path: path.to_vec(),
            oid,
            mode,
            content: None,
            size: None,
            spans: None,
        }
    }
}

impl Candidates {
    /// find_basename_matches' pairs to try, in source order: a source and a destination left
    /// whose basename no other source or destination left has.
    fn by_unique_basename(&self, m: &Matching) -> Vec<(usize, usize)> {
        let (remaining, open) = m.left();
        let sources = unique_basenames(remaining.iter().map(|&s| (s, &self.sources[s].path)));
        let destinations = unique_basenames(open.iter().map(|&d| (d, &self.destinations[d].path)));
        remaining
            .iter()
            .filter_map(|&source| {
                let name = basename(&self.sources[source].path);
                match (sources.get(name), destinations.get(name)) {
                    (Some(Some(_)), Some(&Some(destination))) => Some((source, destination)),
                    _ => None,
                }
            })
            .collect()
    }

    fn sorted(mut sources: Vec<Version>, mut destinations: Vec<Version>) -> Candidates {
        sources.sort_by(|a, b| a.path.cmp(&b.path));
        destinations.sort_by(|a, b| a.path.cmp(&b.path));
        Candidates {
            sources,
            destinations,
        }
    }

    /// find_identical_files: the first unused source with the destination's content (and mode,
    /// unless both are regular files), one with the same basename preferred.
    fn identical_source(&self, destination: usize, used: &[bool]) -> Option<usize> {
        let target = &self.destinations[destination];
        let regular = |mode: u32| mode & MODE_TYPE == MODE_FILE;
        let mut best: Option<(usize, bool)> = None;
        let same = self.sources.iter().enumerate().filter(|(s, source)| {
            source.oid == target.oid
                && (regular(source.mode) && regular(target.mode) || source.mode == target.mode)
                && !used[*s]
        });
        for (s, source) in same.take(IDENTICAL_ALTERNATIVES) {
            let same_name = basename_same(&source.path, &target.path);
            if best.is_none_or(|(_, had)| same_name && !had) {
                best = Some((s, same_name));
                if same_name {
                    break;
                }
            }
        }
        best.map(|(s, _)| s)
    }
}

/// One of a destination's best sources in the similarity matrix.
#[derive(Clone, Copy)]
struct Candidate {
    /// (source, destination); `None` for an empty slot.
    pair: Option<(usize, usize)>,
    score: u64,
    same_name: bool,
}

impl Candidate {
    const NONE: Candidate = Candidate {
        pair: None,
        score: 0,
        same_name: false,
    };

    /// git's score_compare: empty slots last, then the higher score, then the same basename.
    fn order(a: &Candidate, b: &Candidate) -> Ordering {
        let key = |c: &Candidate| (c.pair.is_none(), Reverse(c.score), Reverse(c.same_name));
        key(a).cmp(&key(b))
    }
}

/// record_if_better: `candidate` replaces the first of the worst kept, when it sorts before it.
fn keep_if_better(best: &mut [Candidate; CANDIDATES_PER_DESTINATION], candidate: Candidate) {
    let mut worst = 0;
    for i in 1..best.len() {
        if Candidate::order(&best[i], &best[worst]) == Ordering::Greater {
            worst = i;
        }
    }
    if Candidate::order(&best[worst], &candidate) == Ordering::Greater {
        best[worst] = candidate;
    }
}

/// Each basename among `paths` that only one of them has, by the position it has; `None` for a
/// basename two share.
fn unique_basenames<'p>(
    paths: impl Iterator<Item = (usize, &'p Vec<u8>)>,
) -> HashMap<&'p [u8], Option<usize>> {
    let mut names: HashMap<&[u8], Option<usize>> = HashMap::new();
    for (position, path) in paths {
        names
            .entry(basename(path))
            .and_modify(|unique| *unique = None)
            .or_insert(Some(position));
    }
    names
}

fn basename(path: &[u8]) -> &[u8] {
    path.rsplit(|&b| b == b'/').next().unwrap_or(path)
}

fn basename_same(a: &[u8], b: &[u8]) -> bool {
    basename(a) == basename(b)
}

/// diffcore-delta's hash_chars: the content cut into chunks, each ending at a LF or after 64
/// bytes, as (hash, bytes in chunks with that hash), sorted by hash. In text a CR before a LF is
/// skipped, so that CRLF and LF versions count as the same.
fn spans(data: &[u8], text: bool) -> Vec<(u32, u32)> {
    let mut counts: HashMap<u32, u32> = HashMap::new();
    let (mut n, mut accum1, mut accum2) = (0u32, 0u32, 0u32);
    let mut add = |n: u32, accum1: u32, accum2: u32| {
        let hash = accum1.wrapping_add(accum2.wrapping_mul(0x61)) % HASHBASE;
        *counts.entry(hash).or_default() += n;
    };
    for (i, &byte) in data.iter().enumerate() {
        if text && byte == b'\r' && data.get(i + 1) == Some(&b'\n') {
            continue;
        }
        let old1 = accum1;
        accum1 = (accum1 << 7) ^ (accum2 >> 25);
        accum2 = (accum2 << 7) ^ (old1 >> 25);
        accum1 = accum1.wrapping_add(u32::from(byte));
        n += 1;
        if n < 64 && byte != b'\n' {
            continue;
        }
        add(n, accum1, accum2);
        (n, accum1, accum2) = (0, 0, 0);
    }
    if n > 0 {
        add(n, accum1, accum2);
    }
    let mut sorted: Vec<(u32, u32)> = counts.into_iter().collect();
    sorted.sort_unstable();
    sorted
}

/// diffcore_count_changes' `src_copied`: the bytes of the source's chunks the destination has too.
fn copied(source: &[(u32, u32)], destination: &[(u32, u32)]) -> u64 {
    let (mut s, mut d, mut total) = (0, 0, 0u64);
    while s < source.len() && d < destination.len() {
        match source[s].0.cmp(&destination[d].0) {
            Ordering::Less => s += 1,
            Ordering::Greater => d += 1,
            Ordering::Equal => {
                total += u64::from(source[s].1.min(destination[d].1));
                s += 1;
                d += 1;
            }
        }
    }
    total
}

fn stage_zero<'e>(entries: &'e [Entry], path: &[u8]) -> Option<&'e Entry> {
    entries
        .binary_search_by(|e| (&*e.path, e.stage).cmp(&(path, 0)))
        .ok()
        .map(|position| &entries[position])
}

/// Turns each destination into a rename record and takes that side from its source.
fn apply(records: &mut [Record], found: Vec<Found>, side: Side) {
    for rename in found {
        if let RecordKind::Ordinary { x, y, .. } = &mut records[rename.source].kind {
            match side {
                Side::Staged => *x = b'.',
                Side::Worktree => *y = b'.',
            }
        }
        let destination = &mut records[rename.destination];
        if let RecordKind::Ordinary { x, y, .. } = &mut destination.kind {
            match side {
                Side::Staged => *x = b'R',
                Side::Worktree => *y = b'R',
            }
        }
        destination.rename = Some(Renamed {
            from: rename.from,
            score: rename.score,
        });
    }
}

/// A record left with nothing to say once its source side went into a rename.
fn is_clean(record: &Record) -> bool {
    matches!(
        record.kind,
        RecordKind::Ordinary {
            x: b'.',
            y: b'.',
            ..
        }
    )
}
