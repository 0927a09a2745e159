//! `recent_commits`: the first commits of `git log --first-parent` from HEAD, each as
//! `--format=%H %s %an %at` gives it (no mailmap), read from the commit objects through libgit2.
//!
//! The subject is git's (`format_subject` in pretty.c), not libgit2's `summary()`: blank lines at
//! the start are skipped, then the lines up to the first blank one are joined with one space, each
//! with its trailing whitespace cut; a NUL ends the message, as it ends git's C string. git
//! re-encodes a message whose `encoding` header names another encoding into UTF-8; this does so for
//! ISO-8859-1 (latin1), and reads any other as UTF-8 with U+FFFD for what is not (the contract says
//! which).

use git2::{Oid, Repository};

use crate::{errors, OmniResult, RecentCommit};

pub(crate) fn recent_commits(
    repo: &Repository,
    head: Option<Oid>,
    count: u32,
    shown: &str,
) -> OmniResult<Vec<RecentCommit>> {
    let mut commits = Vec::new();
    let mut next = head;
    while let Some(oid) = next.filter(|_| commits.len() < count as usize) {
        let commit = repo
            .find_commit(oid)
            .map_err(|e| errors::git(format_args!("cannot read commit {oid} of {shown}"), e))?;
        let latin1 = commit.message_encoding().is_some_and(is_latin1);
        let decode = |bytes: &[u8]| -> String {
            if latin1 {
                bytes.iter().map(|&b| char::from(b)).collect()
            } else {
                String::from_utf8_lossy(bytes).into_owned()
            }
        };
        let author = commit.author();
        commits.push(RecentCommit {
            oid: oid.to_string(),
            summary: decode(&subject(commit.message_raw_bytes())),
            author_name: decode(author.name_bytes()),
            author_time: author.when().seconds(),
        });
        // A missing first parent ends the walk where git's would end it too: a shallow clone's
        // boundary (libgit2 applies `.git/shallow`) or a root commit.
        next = commit.parent_id(0).ok();
    }
    Ok(commits)
}

/// git's `%s` of a raw message.
fn subject(message: &[u8]) -> Vec<u8> {
    let message = message.split(|&b| b == 0).next().unwrap_or_default();
    let mut lines = message.split_inclusive(|&b| b == b'\n').map(trim_end);
    let mut subject = Vec::new();
    for line in lines.by_ref().skip_while(|line| line.is_empty()) {
        if line.is_empty() {
            break;
        }
        if !subject.is_empty() {
            subject.push(b' ');
        }
        subject.extend_from_slice(line);
    }
    subject
}

/// A line without its trailing whitespace (C's `isspace`, as git's `is_blank_line`).
fn trim_end(line: &[u8]) -> &[u8] {
    let end = line
        .iter()
        .rposition(|&b| !matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))
        .map_or(0, |last| last + 1);
    &line[..end]
}

fn is_latin1(encoding: &str) -> bool {
    ["iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1"]
        .iter()
        .any(|name| encoding.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::subject;

    #[test]
    fn the_subject_is_gits() {
        assert_eq!(subject(b"one\n\nbody\n"), b"one");
        assert_eq!(subject(b"\n  \none  \ntwo\t\n\nbody"), b"one two");
        assert_eq!(subject(b"one\r\ntwo\r\n"), b"one two");
        assert_eq!(subject(b"cut\0 after"), b"cut");
        assert_eq!(subject(b""), b"");
        assert_eq!(subject(b"\n\n"), b"");
    }
}
