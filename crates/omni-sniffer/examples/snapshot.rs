//! Prints the snapshot of a worktree as JSON: `cargo run --example snapshot -- <path> [normal|all|no]`.

use omni_sniffer::{OmniSniffer, SnapshotOptions, UntrackedFiles};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| ".".to_string());
    let mut options = SnapshotOptions::default();
    if let Some(mode) = args.next() {
        match mode.parse::<UntrackedFiles>() {
            Ok(mode) => options.untracked_files = mode,
            Err(error) => exit_with(&error),
        }
    }
    match OmniSniffer::snapshot(&path, options) {
        Ok(snapshot) => match serde_json::to_string_pretty(&snapshot) {
            Ok(json) => println!("{json}\n{}", snapshot.to_prompt_string()),
            Err(error) => exit_with(&error),
        },
        Err(error) => {
            eprintln!("{}: {error}", error.code());
            std::process::exit(1);
        }
    }
}

fn exit_with(error: &dyn std::fmt::Display) -> ! {
    eprintln!("{error}");
    std::process::exit(2);
}
