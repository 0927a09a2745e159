//! omni-sniffer as a Node addon through napi-rs. A thin layer: the Rust core does all the work;
//! this crate converts the JavaScript arguments in, the snapshot out, and an `OmniError` (or a
//! panic) into a JavaScript `Error` whose `code` is the contract's.

mod arguments;
mod errors;
mod feed;
mod functions;
mod sniffer;
mod task;
mod test_only;
