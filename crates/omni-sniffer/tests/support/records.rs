//! A status as `XY path` lines, sorted: what the oracle prints for a test's own repository, and
//! what a snapshot says, in one form so the two compare with `assert_eq!`.
#![allow(dead_code)]

use std::path::Path;

use omni_sniffer::EnvironmentSnapshot;

/// The oracle's records (ordinary, unmerged, untracked) for the worktree at `root`, with `home` as
/// HOME and no system config, as `support::git::isolated` sets up the repository.
pub fn oracle_records(root: &Path, home: &Path) -> Vec<String> {
    let output = super::git::oracle(root, "normal")
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut records: Vec<String> = text
        .split('\0')
        .filter_map(|r| {
            let (kind, rest) = r.split_once(' ')?;
            match kind {
                "1" => Some(format!("{} {}", &rest[..2], rest.splitn(8, ' ').nth(7)?)),
                "u" => Some(format!("{} {}", &rest[..2], rest.splitn(10, ' ').nth(9)?)),
                "?" => Some(format!("?? {rest}")),
                _ => None,
            }
        })
        .collect();
    records.sort();
    records
}

/// The snapshot's files in the same form.
pub fn snapshot_records(snapshot: &EnvironmentSnapshot) -> Vec<String> {
    let mut records: Vec<String> = snapshot
        .files
        .iter()
        .map(|f| format!("{}{} {}", f.index, f.worktree, f.path))
        .collect();
    records.sort();
    records
}
