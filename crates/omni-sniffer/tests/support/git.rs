//! git as the tests and benches run it, in one place: never redirected by the caller's `GIT_*`
//! variables (a test run from a git hook inherits `GIT_DIR`, `GIT_INDEX_FILE`, ...), and
//! The contract's oracle command with its arguments written down once.
//!
//! Included by the unit tests (`src/test_support.rs`), the integration tests
//! (`mod support { pub mod git; }`) and the benches (`#[path]`).
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// The contract's oracle, the arguments after `git`; `--untracked-files=<mode>` follows them.
pub const ORACLE_ARGS: [&str; 10] = [
    "--no-optional-locks",
    "-c",
    "core.fsmonitor=false",
    "status",
    "--porcelain=v2",
    "-z",
    "--branch",
    "--show-stash",
    "--no-renames",
    "--ignore-submodules=none",
];

/// `git` with every inherited `GIT_*` variable removed.
pub fn git() -> Command {
    let mut command = Command::new("git");
    for (key, _) in std::env::vars_os() {
        if key.as_encoded_bytes().starts_with(b"GIT_") {
            command.env_remove(key);
        }
    }
    command
}

/// The contract's oracle command for the worktree at `root`, `untracked_files` being the snapshot's
/// `untrackedFiles` option (`normal`, `all` or `no`).
pub fn oracle(root: &Path, untracked_files: &str) -> Command {
    let mut command = git();
    command
        .args(ORACLE_ARGS)
        .arg(format!("--untracked-files={untracked_files}"))
        .current_dir(root);
    command
}

/// git for a test's own repository in `dir`: no system config, `home` as HOME (so no user config
/// either), a fixed identity, no signing.
pub fn isolated(dir: &Path, home: &Path) -> Command {
    let mut command = git();
    command
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgSign=false",
        ])
        .current_dir(dir)
        .env("HOME", home)
        .env_remove("XDG_CONFIG_HOME")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    command
}

/// Runs `git args` as `isolated` sets it up; returns stdout, panics with stderr on failure.
pub fn run_isolated(dir: &Path, home: &Path, args: &[&str]) -> Vec<u8> {
    let output = isolated(dir, home).args(args).output().expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?} failed in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}
