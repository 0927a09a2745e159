//! The module's functions: `snapshot`, `snapshotSync` and `toPromptString`.

use napi::bindgen_prelude::{AsyncTask, Env, Unknown};
use napi_derive::napi;
use omni_node::{one_shot, prompt_block};
use omni_sniffer::{EnvironmentSnapshot, OmniError};

use crate::arguments::{prompt_arguments, snapshot_arguments};
use crate::errors::{thrown, Thrown};
use crate::task::{self, SnapshotTask};

/// One snapshot of the worktree at or above `path`; the work runs off the JavaScript thread.
#[napi(
    ts_args_type = "path: string, options?: SnapshotOptions",
    ts_return_type = "Promise<EnvironmentSnapshot>"
)]
pub fn snapshot(path: Unknown, options: Option<Unknown>) -> AsyncTask<SnapshotTask> {
    task::promise(one_shot(snapshot_arguments(path, options)))
}

#[napi(
    ts_args_type = "path: string, options?: SnapshotOptions",
    ts_return_type = "EnvironmentSnapshot"
)]
pub fn snapshot_sync<'env>(
    env: &'env Env,
    path: Unknown,
    options: Option<Unknown>,
) -> Result<Unknown<'env>, Thrown> {
    task::now(env, one_shot(snapshot_arguments(path, options)))
}

/// The contract's prompt block, the same text as the Rust core's `to_prompt_string()` (with
/// `maxChars`, `to_prompt_string_within()`).
#[napi(ts_args_type = "snapshot: EnvironmentSnapshot, options?: { maxChars?: number }")]
pub fn to_prompt_string(
    env: &Env,
    snapshot: Unknown,
    options: Option<Unknown>,
) -> Result<String, Thrown> {
    let max_chars = prompt_arguments(options).map_err(thrown)?;
    let snapshot: EnvironmentSnapshot = env.from_js_value(snapshot).map_err(|e| {
        thrown(OmniError::config(format!(
            "invalid argument snapshot: expected a snapshot as `snapshot()` returns it ({})",
            e.reason
        )))
    })?;
    prompt_block(&snapshot, max_chars).map_err(thrown)
}
