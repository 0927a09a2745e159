//! What omni-sniffer's two Node bindings (napi-rs and neon) share, so that each binding file only
//! says how its framework spells a call: the checks on JavaScript arguments, the kept sniffer
//! behind the JavaScript `Sniffer` class, the shape of one call's work, and the guard that turns a
//! panic into an error. Nothing here is for Rust users of the core: they use `omni-sniffer`.

mod arguments;
mod job;
mod panic;
mod sniffer;

pub use arguments::{
    options_argument_error, path_argument, snapshot_options, unreadable_option, JsArgument, Thrown,
};
pub use job::{one_shot, panicking, run, Job};
pub use sniffer::Sniffer;
