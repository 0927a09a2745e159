//! The module's functions: `snapshot`, `snapshotSync` and `toPromptString`.

use neon::prelude::*;
use neon::types::extract::{Json, TryFromJs};
use omni_node::one_shot;
use omni_sniffer::{EnvironmentSnapshot, OmniError};

use crate::arguments::snapshot_arguments;
use crate::errors::throw;
use crate::task;

pub(crate) fn snapshot(mut cx: FunctionContext) -> JsResult<JsPromise> {
    let job = one_shot(snapshot_arguments(&mut cx)?);
    task::promise(&mut cx, job)
}

pub(crate) fn snapshot_sync(mut cx: FunctionContext) -> JsResult<JsValue> {
    let job = one_shot(snapshot_arguments(&mut cx)?);
    task::now(&mut cx, job)
}

pub(crate) fn to_prompt_string(mut cx: FunctionContext) -> JsResult<JsString> {
    let value = cx.argument::<JsValue>(0)?;
    match Json::<EnvironmentSnapshot>::try_from_js(&mut cx, value)? {
        Ok(Json(snapshot)) => Ok(cx.string(snapshot.to_prompt_string())),
        Err(error) => throw(
            &mut cx,
            OmniError::config(format!("invalid argument snapshot: expected a snapshot as `snapshot()` returns it ({error})")),
        ),
    }
}
