//! How neon spells running one job: on the calling thread (`now`) or on libuv's thread pool
//! (`promise`).

use neon::prelude::*;
use neon::types::extract::{Json, TryIntoJs};
use omni_node::{run, Job};
use omni_sniffer::{EnvironmentSnapshot, OmniResult};

use crate::errors::throw;

pub(crate) fn now<'cx>(cx: &mut Cx<'cx>, job: Job) -> JsResult<'cx, JsValue> {
    settle(cx, run(job))
}

/// The promise rejects with whatever `settle` throws on the JavaScript thread.
pub(crate) fn promise<'cx>(cx: &mut Cx<'cx>, job: Job) -> JsResult<'cx, JsPromise> {
    Ok(cx
        .task(move || run(job))
        .promise(|mut cx, result| settle(&mut cx, result)))
}

fn settle<'cx>(
    cx: &mut Cx<'cx>,
    result: OmniResult<EnvironmentSnapshot>,
) -> JsResult<'cx, JsValue> {
    match result {
        Ok(snapshot) => Json(snapshot).try_into_js(cx),
        Err(error) => throw(cx, error),
    }
}
