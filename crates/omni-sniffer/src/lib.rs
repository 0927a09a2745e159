//! The Rust core of omni-sniffer: a read-only snapshot of a git worktree.
//!
//! git2 (libgit2) opens the repository and reads refs, config and trees. The index file,
//! the index-versus-worktree comparison and the untracked walk are our own (see `status`),
//! because they must follow git where libgit2 differs and be fast on large trees.

mod commits;
mod errors;
mod feed;
mod gitdir;
mod open;
mod operation;
mod panic;
mod paths;
mod platform;
mod refs;
mod regular_file;
mod scratchpad;
mod sniffer;
mod stash;
mod status;
#[cfg(test)]
mod test_support;
mod watch;

pub use feed::{ChangeFeed, FeedItem, RECHECK};
pub use omni_types::*;
pub use panic::catch_panic;
pub use scratchpad::count_lines;
pub use sniffer::{ContextScan, GitScan, OmniSniffer};
