//! What every omni-sniffer binding shares, whatever language it serves: the kept sniffer behind
//! each binding's `Sniffer` class, the shape of one call's work, and the guard that turns a panic
//! into an error. Nothing here is for Rust users of the core: they use `omni-sniffer`.

mod job;
mod panic;
mod sniffer;

pub use job::{one_shot, panicking, run, Job};
pub use panic::catch_panic;
pub use sniffer::Sniffer;
