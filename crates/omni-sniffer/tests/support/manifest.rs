//! The shared fixtures, for the integration tests and the criterion benches alike: runs the one
//! builder (`fixtures/build.mjs`, cached by it) and reads the manifest it prints.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Builds the fixtures and returns the manifest. Points HOME at the fixtures' isolated home first,
/// as the JavaScript suite does, so a developer's global git config cannot change an answer;
/// libgit2 reads HOME once, on its first use, which is after this.
pub fn manifest(include_large: bool) -> Value {
    let root = workspace_root();
    let mut command = Command::new("node");
    command
        .arg(root.join("fixtures/build.mjs"))
        .current_dir(&root);
    if !include_large {
        command.arg("--no-large");
    }
    let output = command
        .output()
        .expect("node must be on PATH to build the fixtures");
    assert!(
        output.status.success(),
        "fixture builder failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let file = stdout
        .lines()
        .last()
        .expect("the builder prints the manifest path last")
        .trim()
        .to_string();
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("manifest readable"))
            .expect("manifest is JSON");
    std::env::set_var(
        "HOME",
        manifest["home"]
            .as_str()
            .expect("the manifest names the fixtures' home"),
    );
    std::env::remove_var("XDG_CONFIG_HOME");
    manifest
}
