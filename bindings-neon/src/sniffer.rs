//! The native half of the kept sniffer: index.js's `Sniffer` class holds the box that `new`
//! returns and passes it back to `snapshot` and `snapshotSync`.

use std::sync::Arc;

use neon::prelude::*;

use crate::arguments::snapshot_arguments;
use crate::errors::throw;
use crate::task;

/// The shared kept sniffer of both bindings, wrapped because neon boxes only types that
/// implement its `Finalize`, and that trait and `omni_node::Sniffer` are both foreign here.
pub(crate) struct Sniffer(pub(crate) Arc<omni_node::Sniffer>);

impl Finalize for Sniffer {}

pub(crate) fn new(mut cx: FunctionContext) -> JsResult<JsBox<Sniffer>> {
    match snapshot_arguments(&mut cx)? {
        Ok((path, options)) => Ok(cx.boxed(Sniffer(omni_node::Sniffer::new(path, options)))),
        Err(error) => throw(&mut cx, error),
    }
}

pub(crate) fn snapshot(mut cx: FunctionContext) -> JsResult<JsPromise> {
    let job = cx.argument::<JsBox<Sniffer>>(0)?.0.job();
    task::promise(&mut cx, job)
}

pub(crate) fn snapshot_sync(mut cx: FunctionContext) -> JsResult<JsValue> {
    let job = cx.argument::<JsBox<Sniffer>>(0)?.0.job();
    task::now(&mut cx, job)
}

pub(crate) fn close(mut cx: FunctionContext) -> JsResult<JsUndefined> {
    cx.argument::<JsBox<Sniffer>>(0)?.0.close();
    Ok(cx.undefined())
}
