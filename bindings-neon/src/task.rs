//! One snapshot job, run on the calling thread (`now`) or on libuv's thread pool (`promise`),
//! behind the core's panic guard either way.

use neon::prelude::*;
use neon::types::extract::{Json, TryIntoJs};
use omni_sniffer::{catch_panic, EnvironmentSnapshot, OmniResult};

use crate::errors::throw;

/// The work of one call: open and snapshot, snapshot a kept sniffer, or fail with an argument error.
pub(crate) type Job = Box<dyn FnOnce() -> OmniResult<EnvironmentSnapshot> + Send>;

pub(crate) fn now<'cx>(cx: &mut Cx<'cx>, job: Job) -> JsResult<'cx, JsValue> {
    settle(cx, catch_panic(job))
}

/// The promise rejects with whatever `settle` throws on the JavaScript thread.
pub(crate) fn promise<'cx>(cx: &mut Cx<'cx>, job: Job) -> JsResult<'cx, JsPromise> {
    Ok(cx
        .task(move || catch_panic(job))
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
