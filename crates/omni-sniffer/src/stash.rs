//! The stash count, as `git status --show-stash` makes it: the entries of the `refs/stash` reflog
//! in the common git dir (a linked worktree shares its main worktree's stash), whether or not the
//! ref itself exists. Read by hand because libgit2's reflog reader creates the file, and the
//! folders above it, when it is missing: a write into `.git`, which a snapshot never makes.

use std::io::{BufRead, BufReader};

use git2::Repository;

use crate::regular_file;

/// Hex digits of an object id: git2 opens SHA-1 repositories only.
const OID_HEX: usize = 40;

pub(crate) fn stash_count(repo: &Repository) -> u32 {
    let Ok(file) = regular_file::open_regular(&repo.commondir().join("logs/refs/stash")) else {
        return 0;
    };
    let mut reader = BufReader::new(file);
    let mut line = Vec::new();
    let mut count = 0u32;
    // A read error ends the count where it stands, as it ends git's.
    while matches!(reader.read_until(b'\n', &mut line), Ok(n) if n > 0) {
        count += u32::from(is_entry(&line));
        line.clear();
    }
    count
}

/// git's test of a reflog line (`show_one_reflog_ent` in refs/files-backend.c), which skips a line
/// that fails it as corrupt: `<old oid> SP <new oid> SP <name> <email> SP <time> SP <+|-><4
/// digits>...`, ended by LF. git reads the line as a C string, so it ends at a NUL byte.
fn is_entry(line: &[u8]) -> bool {
    let Some(line) = line.strip_suffix(b"\n") else {
        return false;
    };
    let line = line.split(|&b| b == 0).next().unwrap_or_default();
    let Some(rest) = oid_then_space(line).and_then(oid_then_space) else {
        return false;
    };
    let Some(email_end) = rest.iter().position(|&b| b == b'>') else {
        return false;
    };
    let Some(time) = rest[email_end + 1..].strip_prefix(b" ") else {
        return false;
    };
    let Some(zone) = nonzero_number(time) else {
        return false;
    };
    matches!(zone, [b' ', b'+' | b'-', d1, d2, d3, d4, ..] if [d1, d2, d3, d4].iter().all(|d| d.is_ascii_digit()))
}

fn oid_then_space(text: &[u8]) -> Option<&[u8]> {
    let (oid, rest) = text.split_at_checked(OID_HEX)?;
    if !oid.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    rest.strip_prefix(b" ")
}

/// What follows a number `strtoumax` reads as non-zero (git takes a zero time for corrupt):
/// leading white space and one sign are allowed, at least one digit must be other than `0`.
fn nonzero_number(text: &[u8]) -> Option<&[u8]> {
    let start = text
        .iter()
        .position(|b| !b" \t\n\x0b\x0c\r".contains(b))
        .unwrap_or(text.len());
    let mut rest = &text[start..];
    if let [b'+' | b'-', after @ ..] = rest {
        rest = after;
    }
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let (number, after) = rest.split_at(digits);
    number.iter().any(|&d| d != b'0').then_some(after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TempDir;

    const OLD: &str = "0000000000000000000000000000000000000000";
    const NEW: &str = "6e5437a1eeeb3a669a641a9dd5516b782d8b43fe";

    fn line(after_oids: &str) -> Vec<u8> {
        format!("{OLD} {NEW} {after_oids}").into_bytes()
    }

    #[test]
    fn a_repository_without_a_stash_counts_0_and_gains_no_file() {
        let dir = TempDir::new("omni-stash");
        let repo = Repository::init(&*dir).unwrap();
        let logs = repo.commondir().join("logs");
        assert!(!logs.exists());
        assert_eq!(stash_count(&repo), 0);
        assert!(!logs.exists(), "{} was created", logs.display());
    }

    #[test]
    fn the_reflog_lines_git_reads_are_counted() {
        let dir = TempDir::new("omni-stash");
        let repo = Repository::init(&*dir).unwrap();
        let log = repo.commondir().join("logs/refs/stash");
        std::fs::create_dir_all(log.parent().unwrap()).unwrap();
        let entry = |message: &str| format!("{OLD} {NEW} A <a@b> 1700000000 +0000\t{message}\n");
        let content = [entry("one"), "garbage\n".to_string(), entry("two")].concat();
        std::fs::write(&log, content).unwrap();
        assert_eq!(stash_count(&repo), 2);
    }

    #[test]
    fn a_line_git_writes_is_an_entry() {
        assert!(is_entry(&line(
            "A U Thor <a@example.com> 1700000000 +0000\tWIP on main: 1234567 x\n"
        )));
        assert!(is_entry(&line("A <a@b> 1700000000 -0130\n")));
    }

    #[test]
    fn a_line_without_its_newline_is_not() {
        assert!(!is_entry(&line("A <a@b> 1700000000 +0000\tmessage")));
    }

    #[test]
    fn short_or_non_hex_ids_are_not() {
        assert!(!is_entry(
            format!("{} {NEW} A <a@b> 1700000000 +0000\n", &OLD[1..]).as_bytes()
        ));
        assert!(!is_entry(
            format!("{OLD} {}g A <a@b> 1700000000 +0000\n", &NEW[1..]).as_bytes()
        ));
        assert!(!is_entry(b"garbage\n"));
        assert!(!is_entry(b"\n"));
    }

    #[test]
    fn the_time_must_be_a_non_zero_number() {
        assert!(!is_entry(&line("A <a@b> 0 +0000\n")));
        assert!(!is_entry(&line("A <a@b> 000 +0000\n")));
        assert!(!is_entry(&line("A <a@b> x +0000\n")));
        assert!(is_entry(&line("A <a@b>  -5 +0000\n")));
    }

    #[test]
    fn the_zone_needs_a_sign_and_four_digits() {
        assert!(!is_entry(&line("A <a@b> 1700000000 0000\n")));
        assert!(!is_entry(&line("A <a@b> 1700000000 +000\n")));
        assert!(!is_entry(&line("A <a@b> 1700000000\n")));
    }

    #[test]
    fn the_email_must_close_before_a_space() {
        assert!(!is_entry(&line("A <a@b 1700000000 +0000\n")));
        assert!(!is_entry(&line("A <a@b>1700000000 +0000\n")));
    }

    #[test]
    fn a_nul_byte_ends_the_line_for_git() {
        assert!(!is_entry(&line("A <a@b\0> 1700000000 +0000\n")));
        assert!(is_entry(&line("A <a@b> 1700000000 +0000\tmsg\0tail\n")));
    }
}
