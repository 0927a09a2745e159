//! omni-sniffer as a Node addon through neon. A thin layer: the Rust core does all the work;
//! this crate converts the JavaScript arguments in, the snapshot out, and an `OmniError` (or a
//! panic) into a JavaScript `Error` whose `code` is the contract's. index.js builds the public
//! surface (the `Sniffer` class) on these functions.

mod arguments;
mod errors;
mod feed;
mod functions;
mod sniffer;
mod task;
mod test_only;

use neon::prelude::*;

#[neon::main]
fn main(mut cx: ModuleContext) -> NeonResult<()> {
    cx.export_function("snapshot", functions::snapshot)?;
    cx.export_function("snapshotSync", functions::snapshot_sync)?;
    cx.export_function("toPromptString", functions::to_prompt_string)?;
    cx.export_function("snifferNew", sniffer::new)?;
    cx.export_function("snifferSnapshot", sniffer::snapshot)?;
    cx.export_function("snifferSnapshotSync", sniffer::snapshot_sync)?;
    cx.export_function("snifferClose", sniffer::close)?;
    cx.export_function("snifferWatch", feed::watch)?;
    cx.export_function("snifferUnwatch", feed::unwatch)?;
    cx.export_function("__panicForTests", test_only::panic_for_tests)?;
    Ok(())
}
