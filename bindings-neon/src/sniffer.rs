//! The native half of the kept sniffer: index.js's `Sniffer` class holds the box that `new`
//! returns and passes it back to `snapshot` and `snapshotSync`.

use std::sync::Arc;

use neon::prelude::*;
use omni_sniffer::LazySniffer;

use crate::arguments::snapshot_arguments;
use crate::errors::throw;
use crate::task::{self, Job};

/// A local handle type: neon boxes only types that implement its `Finalize`.
pub(crate) struct Kept(LazySniffer);

impl Finalize for Kept {}

type Boxed = JsBox<Arc<Kept>>;

pub(crate) fn new(mut cx: FunctionContext) -> JsResult<Boxed> {
    match snapshot_arguments(&mut cx)? {
        Ok((path, options)) => Ok(cx.boxed(Arc::new(Kept(LazySniffer::new(path, options))))),
        Err(error) => throw(&mut cx, error),
    }
}

fn job(cx: &mut FunctionContext) -> NeonResult<Job> {
    let kept = Arc::clone(&**cx.argument::<Boxed>(0)?);
    Ok(Box::new(move || kept.0.get_snapshot()))
}

pub(crate) fn snapshot(mut cx: FunctionContext) -> JsResult<JsPromise> {
    let job = job(&mut cx)?;
    task::promise(&mut cx, job)
}

pub(crate) fn snapshot_sync(mut cx: FunctionContext) -> JsResult<JsValue> {
    let job = job(&mut cx)?;
    task::now(&mut cx, job)
}
