//! A repository git reads but libgit2 cannot (the `sha256` fixture: SHA-256 object ids) gives
//! the contract's `UNSUPPORTED_REPOSITORY`, never `GIT`: that code is what tells the library's
//! `auto` backend to answer through the next backend instead.

use std::path::Path;

use omni_sniffer::{OmniSniffer, SnapshotOptions};

mod support {
    pub mod git;
    pub mod manifest;
}
use support::manifest::manifest;

#[test]
fn a_sha256_repository_is_unsupported_naming_the_path_and_what_to_do() {
    let manifest = manifest(false);
    let cache_dir = manifest["cacheDir"]
        .as_str()
        .expect("the manifest names its folder");
    let work = Path::new(cache_dir).join("sha256/work");
    let format = support::git::git()
        .args(["rev-parse", "--show-object-format"])
        .current_dir(&work)
        .output()
        .expect("git runs");
    assert_eq!(
        String::from_utf8_lossy(&format.stdout).trim(),
        "sha256",
        "git reads it"
    );

    let error = match OmniSniffer::new(&work, SnapshotOptions::default()) {
        Ok(_) => panic!("libgit2 read a SHA-256 repository: the contract's fallback is moot"),
        Err(error) => error,
    };
    let message = error.to_string();
    assert_eq!(error.code(), "UNSUPPORTED_REPOSITORY", "{message}");
    assert!(message.contains(&work.display().to_string()), "{message}");
    assert!(
        message.contains("SHA-256") && message.contains("ts backend"),
        "{message}"
    );
}
