//! The module's functions: `snapshot`, `snapshotSync` and `toPromptString`.

use napi::bindgen_prelude::{AsyncTask, Env, Unknown};
use napi_derive::napi;
use omni_node::one_shot;
use omni_sniffer::{EnvironmentSnapshot, OmniError};

use crate::arguments::snapshot_arguments;
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

/// The contract's prompt block, the same text as the Rust core's `to_prompt_string()`.
#[napi(ts_args_type = "snapshot: EnvironmentSnapshot")]
pub fn to_prompt_string(env: &Env, snapshot: Unknown) -> Result<String, Thrown> {
    let snapshot: EnvironmentSnapshot = env.from_js_value(snapshot).map_err(|e| {
        thrown(OmniError::config(format!(
            "invalid argument snapshot: expected a snapshot as `snapshot()` returns it ({})",
            e.reason
        )))
    })?;
    Ok(snapshot.to_prompt_string())
}
