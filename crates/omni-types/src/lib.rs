//! The values of omni-sniffer's contract (`docs/contract.md`): the environment snapshot, its
//! options, the errors and the prompt block.
//!
//! Field names serialise to the contract's JavaScript (camelCase) names, so a snapshot written
//! with serde reads the same in every language.

mod brief;
mod error;
mod options;
mod prompt;
mod snapshot;

pub use brief::TaskBrief;
pub use error::{Cause, GitErrorKind, OmniError, OmniResult};
pub use options::{
    SnapshotOptions, UntrackedFiles, DEFAULT_LINE_STATS_MAX_BYTES, DEFAULT_SCRATCHPAD,
    MAX_LINE_STATS_MAX_BYTES, MAX_RECENT_COMMITS,
};
pub use snapshot::{
    ContextInfo, ContextStatus, EnvironmentSnapshot, FileStatus, Head, LineCount, LineStats,
    NotCounted, RecentCommit, Rename, Upstream,
};
