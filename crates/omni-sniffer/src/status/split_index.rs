//! The split index (`core.splitIndex`, git's split-index.c). `.git/index` then holds a `link`
//! extension naming a shared index, `sharedindex.<its checksum>` beside it, which holds most
//! entries. Two bitmaps of the link say which shared entries this file replaces (with its
//! first entries, whose names are left empty) and which it deletes; its remaining entries are
//! added, each replacing the entry of the same path and stage (a stage 0 entry replaces
//! every stage of its path), as git's `merge_base_index` and `add_index_entry` do.

use git2::Oid;

use super::ewah::Ewah;
use super::index::{Entry, OID_LEN};

#[derive(Debug)]
pub(crate) struct Link {
    /// The shared index's checksum; `None` when the link names none (all entries are here).
    pub base: Option<Oid>,
    /// Absent in a link that names no shared index (git never writes one that names one
    /// without them, and would read none).
    bitmaps: Option<Bitmaps>,
}

/// The link's two bitmaps, still compressed.
#[derive(Debug)]
struct Bitmaps {
    delete: Box<[u8]>,
    replace: Box<[u8]>,
}

impl Link {
    /// git's `read_link_extension`: the shared index's checksum, then both bitmaps, exactly.
    pub(crate) fn parse(body: &[u8]) -> Result<Link, &'static str> {
        let base = body
            .get(..OID_LEN)
            .ok_or("its link extension is too short")?;
        let base = Oid::from_bytes(base).map_err(|_| "an object id is malformed")?;
        let base = (!base.is_zero()).then_some(base);
        let rest = &body[OID_LEN..];
        if rest.is_empty() {
            return Ok(Link {
                base,
                bitmaps: None,
            });
        }
        let (_, delete_len) = Ewah::read(rest)?;
        let (_, replace_len) = Ewah::read(&rest[delete_len..])?;
        if delete_len + replace_len != rest.len() {
            return Err("its link extension has bytes after its bitmaps");
        }
        let (delete, replace) = rest.split_at(delete_len);
        Ok(Link {
            base,
            bitmaps: Some(Bitmaps {
                delete: delete.into(),
                replace: replace.into(),
            }),
        })
    }

    /// The file name of the shared index, in the same git directory as the index.
    pub(crate) fn shared_name(&self) -> Option<String> {
        self.base.map(|oid| format!("sharedindex.{oid}"))
    }

    /// The entries of the whole index: `shared`'s, with this file's (`own`) applied.
    pub(crate) fn merge(
        &self,
        shared: Vec<Entry>,
        own: Vec<Entry>,
    ) -> Result<Vec<Entry>, &'static str> {
        let bitmaps = self
            .bitmaps
            .as_ref()
            .ok_or("its link extension names a shared index but has no bitmaps")?;
        let replaced = Ewah::read(&bitmaps.replace)?.0.ones(shared.len())?;
        let deleted = Ewah::read(&bitmaps.delete)?.0.ones(shared.len())?;
        let mut entries = shared;
        let mut own = own.into_iter();
        for position in replaced {
            let replacement = own
                .next()
                .ok_or("its link extension replaces more entries than the index holds")?;
            if !replacement.path.is_empty() {
                return Err("an entry that replaces one of the shared index has a name of its own");
            }
            let kept = &mut entries[position];
            *kept = Entry {
                path: std::mem::take(&mut kept.path),
                ..replacement
            };
        }
        let mut gone = vec![false; entries.len()];
        for position in deleted {
            gone[position] = true;
        }
        let kept: Vec<Entry> = entries
            .into_iter()
            .zip(gone)
            .filter_map(|(entry, gone)| (!gone).then_some(entry))
            .collect();
        add(kept, own.collect())
    }
}

/// `added` put into `kept` (both in index order) as `add_index_entry` would, one at a time.
fn add(kept: Vec<Entry>, added: Vec<Entry>) -> Result<Vec<Entry>, &'static str> {
    if added.iter().any(|e| e.path.is_empty()) {
        return Err("an entry added to the shared index has no name");
    }
    let in_order = |pair: &[Entry]| (&pair[0].path, pair[0].stage) < (&pair[1].path, pair[1].stage);
    if !added.windows(2).all(in_order) {
        return Err("the entries added to the shared index are not sorted");
    }
    let mut out = Vec::with_capacity(kept.len() + added.len());
    let mut kept = kept.into_iter().peekable();
    for entry in added {
        while let Some(k) = kept.next_if(|k| k.path < entry.path) {
            out.push(k);
        }
        if entry.stage == 0 {
            // A merged entry replaces its path's every stage.
            while kept.next_if(|k| k.path == entry.path).is_some() {}
        } else {
            while let Some(k) = kept.next_if(|k| k.path == entry.path && k.stage < entry.stage) {
                out.push(k);
            }
            kept.next_if(|k| k.path == entry.path && k.stage == entry.stage);
        }
        out.push(entry);
    }
    out.extend(kept);
    Ok(out)
}

#[cfg(test)]
mod tests {
    //! Split indexes git wrote, read against `git ls-files`; then the merge's rules one by one
    //! on hand-made entries (git's split-index.c `merge_base_index` is the reference).

    use std::fs::{File, FileTimes};
    use std::os::unix::fs::MetadataExt;
    use std::sync::Arc;
    use std::time::{Duration, SystemTime};

    use super::super::ewah::tests::bitmap;
    use super::super::index::{parse, StatData};
    use super::super::index_lab::{as_listed, Lab};
    use super::*;

    #[test]
    fn reads_what_git_writes_in_versions_2_and_4() {
        for version in ["2", "4"] {
            let lab = Lab::split(version);
            let file = parse(&lab.index_bytes()).unwrap();
            let link = file.link.as_ref().expect("a link extension");
            assert_eq!(file.entries[0].stage, 0);
            assert!(
                file.entries.iter().any(|e| e.path.is_empty()),
                "it replaces entries"
            );
            assert!(link.shared_name().is_some());
            assert!(lab.shared_index_path().exists());
            let index = lab.load().unwrap();
            assert_eq!(
                as_listed(&index.entries),
                lab.listed().unwrap(),
                "version {version}"
            );
            let paths: Vec<_> = index
                .entries
                .iter()
                .map(|e| String::from_utf8_lossy(&e.path))
                .collect();
            assert!(!paths.contains(&"dir/c.txt".into()), "deleted: {paths:?}");
            assert!(paths.contains(&"f.txt".into()), "added: {paths:?}");
        }
    }

    fn set_mtime(path: &std::path::Path, time: SystemTime) {
        let file = File::options().write(true).open(path).unwrap();
        file.set_times(FileTimes::new().set_modified(time)).unwrap();
    }

    #[test]
    fn racy_entries_are_judged_by_the_split_index_own_mtime() {
        // git's do_read_index keeps the mtime of `.git/index`; the shared index's is its own.
        let lab = Lab::split("2");
        let past = SystemTime::now() - Duration::from_secs(3600);
        set_mtime(&lab.shared_index_path(), past);
        let index = lab.load().unwrap();
        let own = std::fs::metadata(lab.index_path()).unwrap().mtime() as u32;
        assert_eq!(index.timestamp, own);
        assert_ne!(
            index.timestamp,
            std::fs::metadata(lab.shared_index_path()).unwrap().mtime() as u32
        );
    }

    #[test]
    fn a_missing_shared_index_is_a_git_error_naming_it() {
        let lab = Lab::split("2");
        let shared = lab.shared_index_path();
        std::fs::remove_file(&shared).unwrap();
        let error = lab.load().unwrap_err();
        assert_eq!(error.code(), "GIT");
        assert!(
            error.to_string().contains(&shared.display().to_string()),
            "{error}"
        );
        assert!(lab.listed().is_none(), "git refuses it too");
    }

    #[test]
    fn a_shared_index_with_another_checksum_is_a_git_error() {
        // git: "broken index, expect <checksum> in <shared index>, got <its checksum>".
        let lab = Lab::split("2");
        let shared = lab.shared_index_path();
        let mut bytes = std::fs::read(&shared).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        std::fs::write(&shared, bytes).unwrap();
        let error = lab.load().unwrap_err();
        assert_eq!(error.code(), "GIT");
        assert!(error.to_string().contains("checksum"), "{error}");
        assert!(
            error.to_string().contains(&shared.display().to_string()),
            "{error}"
        );
        assert!(lab.listed().is_none(), "git refuses it too");
    }

    #[test]
    fn a_kept_index_is_read_again_when_either_file_changes() {
        let lab = Lab::split("2");
        let shared = lab.shared_index_path();
        // Only files changed more than two seconds ago prove themselves unchanged by stat.
        let first = loop {
            let index = lab.load().unwrap();
            if index.reusable {
                break index;
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        assert!(Arc::ptr_eq(&first, &lab.load_cached(&first).unwrap()));

        // The shared index rewritten in place, its checksum kept: its first entry, `a.txt`,
        // renamed `A.txt` (the split index replaces every other field of it). git would read
        // the new content; so must a kept sniffer.
        let mut bytes = std::fs::read(&shared).unwrap();
        assert_eq!(&bytes[12 + 62..12 + 67], b"a.txt");
        bytes[12 + 62] = b'A';
        std::fs::write(&shared, bytes).unwrap();
        let second = lab.load_cached(&first).unwrap();
        assert!(!Arc::ptr_eq(&first, &second));
        assert_eq!(as_listed(&second.entries), lab.listed().unwrap());
        assert_ne!(as_listed(&second.entries), as_listed(&first.entries));

        lab.write("f.txt", "staged again\n");
        lab.git(&["add", "f.txt"]);
        let third = lab.load_cached(&second).unwrap();
        assert!(!Arc::ptr_eq(&second, &third));
        assert_eq!(as_listed(&third.entries), lab.listed().unwrap());
    }

    // The merge, on hand-made entries.

    fn entry(path: &str, stage: u8, id: u8) -> Entry {
        Entry {
            path: path.as_bytes().into(),
            mode: 0o100644,
            oid: Oid::from_bytes(&[id; OID_LEN]).unwrap(),
            stage,
            intent_to_add: false,
            skip_worktree: false,
            assume_valid: false,
            stat: StatData::default(),
        }
    }

    /// A link body naming a shared index, deleting and replacing the positions given.
    fn link(delete: &[usize], replace: &[usize]) -> Link {
        let words = |positions: &[usize]| {
            let literal = positions.iter().fold(0u64, |word, p| word | 1 << p);
            bitmap(64, &[1 << 33, literal])
        };
        let mut body = vec![0xab; OID_LEN];
        body.extend(words(delete));
        body.extend(words(replace));
        Link::parse(&body).unwrap()
    }

    fn listed(entries: &[Entry]) -> Vec<(String, u8, u8)> {
        entries
            .iter()
            .map(|e| {
                (
                    String::from_utf8_lossy(&e.path).into_owned(),
                    e.stage,
                    e.oid.as_bytes()[0],
                )
            })
            .collect()
    }

    fn shared() -> Vec<Entry> {
        vec![
            entry("a", 0, 1),
            entry("b", 0, 1),
            entry("c", 1, 1),
            entry("c", 2, 1),
            entry("d", 0, 1),
        ]
    }

    #[test]
    fn replaced_entries_keep_their_path_and_take_the_rest() {
        let merged = link(&[1], &[0, 4]).merge(shared(), vec![entry("", 0, 2), entry("", 0, 3)]);
        let expected = [("a", 0, 2), ("c", 1, 1), ("c", 2, 1), ("d", 0, 3)];
        let expected: Vec<_> = expected
            .iter()
            .map(|(p, s, i)| (p.to_string(), *s, *i))
            .collect();
        assert_eq!(listed(&merged.unwrap()), expected);
    }

    #[test]
    fn added_entries_replace_their_path_and_stage_and_a_merged_one_every_stage() {
        let added = vec![
            entry("b", 0, 2),
            entry("c", 0, 3),
            entry("d", 2, 4),
            entry("e", 0, 5),
        ];
        let merged = link(&[], &[]).merge(shared(), added).unwrap();
        let expected = [
            ("a", 0, 1),
            ("b", 0, 2),
            ("c", 0, 3),
            ("d", 0, 1),
            ("d", 2, 4),
            ("e", 0, 5),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|(p, s, i)| (p.to_string(), *s, *i))
            .collect();
        // The stage 2 entry beside a merged `d` is what git's check_ce_order refuses later.
        assert_eq!(listed(&merged), expected);
        let conflict = link(&[], &[])
            .merge(shared(), vec![entry("c", 2, 6)])
            .unwrap();
        assert_eq!(listed(&conflict)[3], ("c".to_string(), 2, 6));
        assert_eq!(conflict.len(), 5);
    }

    #[test]
    fn a_link_naming_no_shared_index_names_no_file() {
        let link = Link::parse(&[0; OID_LEN]).unwrap();
        assert!(link.base.is_none() && link.shared_name().is_none());
        // One that names a shared index without bitmaps is a link git never writes.
        let link = Link::parse(&[0xab; OID_LEN]).unwrap();
        assert!(link
            .merge(shared(), vec![])
            .unwrap_err()
            .contains("no bitmaps"));
    }

    #[test]
    fn links_that_do_not_fit_their_entries_are_errors() {
        let cases: [(Link, Vec<Entry>, &str); 5] = [
            (link(&[], &[0]), vec![entry("a", 0, 2)], "has a name"),
            (link(&[], &[0, 1]), vec![entry("", 0, 2)], "more entries"),
            (link(&[9], &[]), vec![], "past the end"),
            (link(&[], &[]), vec![entry("", 0, 2)], "no name"),
            (
                link(&[], &[]),
                vec![entry("e", 0, 2), entry("b", 0, 2)],
                "not sorted",
            ),
        ];
        for (link, own, what) in cases {
            let error = link.merge(shared(), own).unwrap_err();
            assert!(error.contains(what), "{error} should say {what:?}");
        }
        assert!(Link::parse(&[0; 10]).unwrap_err().contains("too short"));
        let mut body = vec![0xab; OID_LEN];
        body.extend(bitmap(0, &[]));
        body.extend(bitmap(0, &[]));
        body.push(0);
        assert!(Link::parse(&body).unwrap_err().contains("bytes after"));
    }
}
