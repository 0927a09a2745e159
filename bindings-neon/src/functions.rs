//! The module's functions: `snapshot`, `snapshotSync` and `toPromptString`.

use neon::prelude::*;
use neon::types::extract::{Json, TryFromJs};
use omni_node::{one_shot, prompt_block};
use omni_sniffer::{EnvironmentSnapshot, OmniError};

use crate::arguments::{prompt_arguments, snapshot_arguments};
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
    let max_chars = match prompt_arguments(&mut cx)? {
        Ok(max_chars) => max_chars,
        Err(error) => return throw(&mut cx, error),
    };
    let value = cx.argument::<JsValue>(0)?;
    match Json::<EnvironmentSnapshot>::try_from_js(&mut cx, value)? {
        Ok(Json(snapshot)) => match prompt_block(&snapshot, max_chars) {
            Ok(text) => Ok(cx.string(text)),
            Err(error) => throw(&mut cx, error),
        },
        Err(error) => throw(
            &mut cx,
            OmniError::config(format!("invalid argument snapshot: expected a snapshot as `snapshot()` returns it ({error})")),
        ),
    }
}
