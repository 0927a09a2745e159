//! What every omni-sniffer binding shares, whatever language it serves: the kept sniffer behind
//! each binding's `Sniffer` class and the shape of one call's work (run behind the core's panic
//! guard, re-exported here). Nothing here is for Rust users of the core: they use `omni-sniffer`.

mod job;
mod sniffer;

pub use job::{one_shot, panicking, run, Job};
pub use omni_sniffer::catch_panic;
pub use sniffer::Sniffer;
