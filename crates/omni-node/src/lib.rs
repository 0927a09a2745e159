//! What omni-sniffer's two Node bindings (napi-rs and neon) share, so that each binding file only
//! says how its framework spells a call: the checks on JavaScript arguments in the contract's
//! words. What every binding shares (the kept sniffer, the job, the panic guard) is
//! `omni-bindings`, re-exported here for the Node bindings.

mod arguments;

pub use arguments::{
    max_chars_option, options_argument_error, path_argument, prompt_block,
    prompt_options_argument_error, snapshot_options, unreadable_option, JsArgument, Thrown,
    OPTION_NAMES,
};
pub use omni_bindings::{one_shot, panicking, run, Job, Sniffer};
