//! Types shared by the omni-sniffer core and its Node bindings.
//!
//! Field names serialise to the JavaScript (camelCase) names of SPEC.md so a snapshot
//! crosses into JavaScript unchanged.

mod arguments;
mod brief;
mod error;
mod options;
mod panic;
mod prompt;
mod snapshot;

pub use arguments::{options_argument_error, path_argument, snapshot_options, JsArgument};
pub use brief::TaskBrief;
pub use error::{GitErrorKind, OmniError, OmniResult};
pub use options::{SnapshotOptions, UntrackedFiles, DEFAULT_SCRATCHPAD};
pub use panic::catch_panic;
pub use snapshot::{ContextInfo, ContextStatus, EnvironmentSnapshot, FileStatus, Head, Upstream};
