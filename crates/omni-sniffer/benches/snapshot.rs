//! `get_snapshot` on the `small`, `medium` and `large` fixtures, cold (a one-shot snapshot per
//! call) and warm (one kept sniffer), beside the oracle `git status` spawned as a
//! subprocess in the same group, so the ratios are measured side by side.
//!
//! The fixtures come from the shared builder (`node fixtures/build.mjs`, including `large`).

use std::path::{Path, PathBuf};

use serde_json::Value;
use std::process::Stdio;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use omni_sniffer::{OmniSniffer, SnapshotOptions};

#[path = "../tests/support/git.rs"]
mod git;
#[path = "../tests/support/manifest.rs"]
mod manifest;

/// Sample counts and times come from the command line (`pnpm bench` passes them, shorter with
/// `--quick`), so one run of the JavaScript driver decides how long the whole benchmark takes.
const FIXTURES: [&str; 3] = ["small", "medium", "large"];

/// The folder a named case opens.
fn fixture(manifest: &Value, name: &str) -> PathBuf {
    manifest["cases"]
        .as_array()
        .and_then(|cases| cases.iter().find(|c| c["name"] == name))
        .and_then(|c| c["open"].as_str())
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("fixture {name} is not in the manifest"))
}

/// The contract's oracle command, as the tests run it (inherited `GIT_*` variables removed).
fn git_status(root: &Path) {
    let output = git::oracle(root, "normal")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .output()
        .expect("git runs");
    assert!(output.status.success());
    std::hint::black_box(output.stdout);
}

fn snapshots(c: &mut Criterion) {
    let manifest = manifest::manifest(true);
    for name in FIXTURES {
        let path = fixture(&manifest, name);
        let mut group = c.benchmark_group(format!("snapshot/{name}"));
        group.bench_function(BenchmarkId::from_parameter("git status"), |b| {
            b.iter(|| git_status(&path))
        });
        // One-shot, as a cold call from Node is: a kept sniffer would set up its watch each time.
        group.bench_function(BenchmarkId::from_parameter("core cold"), |b| {
            b.iter(|| OmniSniffer::snapshot(&path, SnapshotOptions::default()).expect("snapshot"))
        });
        let kept = OmniSniffer::new(&path, SnapshotOptions::default()).expect("sniffer");
        group.bench_function(BenchmarkId::from_parameter("core warm"), |b| {
            b.iter(|| kept.get_snapshot().expect("snapshot"))
        });
        group.finish();
    }
}

criterion_group!(benches, snapshots);
criterion_main!(benches);
