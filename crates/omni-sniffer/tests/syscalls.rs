//! The system calls of one cold snapshot, counted by strace, against a budget written here: a
//! count, not a time, so it holds on a noisy machine. The floor is one `lstat` per tracked file
//! and an open, two `getdents64` and a close per directory, which the scan meets: each folder is
//! opened once, and that one handle serves its listing and the `lstat` of its files. The budget
//! allows one call per directory above that, and a fixed part for the repository's own files
//! (config, HEAD, refs, the index, the pack). The thread pool's own waiting (`futex`,
//! `sched_yield`: how long its threads spin before they sleep) is not file-system work and is
//! left out. Lower the budget as calls go; never raise it to let a change through.
//!
//! The test runs its own binary again under `strace -f`, in a probe that takes one snapshot to
//! load the libraries and read the global config (as a long-running process has), then a cold
//! one between two marker paths; only the calls between the markers count.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use omni_sniffer::{OmniSniffer, SnapshotOptions};
use serde_json::Value;

mod support {
    pub mod manifest;
    pub mod temp_dir;
}

const PROBE_ENV: &str = "OMNI_SYSCALL_PROBE";
const START: &str = "/omni-sniffer-syscall-probe-start";
const END: &str = "/omni-sniffer-syscall-probe-end";

/// System calls per tracked file, per directory, and once per snapshot.
const PER_FILE: usize = 1;
const PER_DIR: usize = 5;
const FIXED: usize = 200;

/// Not a test of its own: the snapshot strace watches, run by the test below.
#[test]
#[ignore = "run by a_cold_snapshot_stays_within_its_system_call_budget under strace"]
fn probe() {
    let Some(dir) = std::env::var_os(PROBE_ENV) else {
        return;
    };
    OmniSniffer::snapshot(&dir, SnapshotOptions::default()).expect("warm-up snapshot");
    let _ = std::fs::symlink_metadata(START);
    // One-shot, as a cold call is: a kept sniffer would also set up its watch.
    let snapshot = OmniSniffer::snapshot(&dir, SnapshotOptions::default());
    let _ = std::fs::symlink_metadata(END);
    snapshot.expect("cold snapshot");
}

/// Calls by name between the markers, every thread counted.
fn count_calls(dir: &Path) -> BTreeMap<String, usize> {
    let out = support::temp_dir::TempDir::new("omni-syscalls");
    let trace = out.join("trace");
    let status = Command::new("strace")
        .args(["-f", "-qq", "-o"])
        .arg(&trace)
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "probe",
            "--ignored",
            "--test-threads=1",
            "--quiet",
        ])
        .env(PROBE_ENV, dir)
        .status()
        .unwrap_or_else(|e| {
            panic!("strace could not run ({e}): install it (Debian: apt-get install strace)")
        });
    assert!(status.success(), "the probe failed under strace");
    let text = std::fs::read_to_string(&trace).unwrap();
    let start = text.find(START).expect("start marker in the trace");
    let end = text.find(END).expect("end marker in the trace");
    // From the line after the start marker's to the line before the end marker's.
    let from = start + text[start..].find('\n').unwrap_or(0) + 1;
    let to = text[..end].rfind('\n').unwrap_or(from).max(from);
    let mut calls = BTreeMap::new();
    for line in text[from..to].lines() {
        let line = line
            .split_once(' ')
            .map_or(line, |(_pid, rest)| rest.trim_start());
        // A call interrupted by another thread's shows twice: counted at its start only.
        if line.starts_with("<...") || line.starts_with("+++") || line.starts_with("---") {
            continue;
        }
        // The standard library's debug check that a descriptor is open: not in a release build.
        if line.starts_with("fcntl(") && line.contains("F_GETFD") {
            continue;
        }
        if line.starts_with("futex(") || line.starts_with("sched_yield(") {
            continue;
        }
        if let Some(name) = line.split('(').next().filter(|n| !n.is_empty()) {
            *calls.entry(name.to_string()).or_insert(0) += 1;
        }
    }
    calls
}

fn shape(dir: &Path) -> (usize, usize) {
    let output = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .unwrap();
    let files = output
        .stdout
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .count();
    fn dirs(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()) && e.file_name() != ".git")
            .map(|e| 1 + dirs(&e.path()))
            .sum()
    }
    (files, 1 + dirs(dir))
}

#[test]
fn a_cold_snapshot_stays_within_its_system_call_budget() {
    let manifest: Value = support::manifest::manifest(false);
    let cases = manifest["cases"].as_array().unwrap();
    let mut report = Vec::new();
    let mut over = Vec::new();
    for name in ["small-real", "small", "medium"] {
        let Some(case) = cases.iter().find(|c| c["name"] == name) else {
            panic!("fixture {name} is missing from the manifest");
        };
        let dir = Path::new(case["open"].as_str().unwrap());
        let (files, dirs) = shape(dir);
        let calls = count_calls(dir);
        let total: usize = calls.values().sum();
        let budget = PER_FILE * files + PER_DIR * dirs + FIXED;
        report.push(format!(
            "{name}: {files} files, {dirs} directories: {total} system calls (budget {budget}): {calls:?}"
        ));
        if total > budget {
            over.push(name);
        }
    }
    println!("{}", report.join("\n"));
    assert!(
        over.is_empty(),
        "over budget: {over:?}\n{}",
        report.join("\n")
    );
}
