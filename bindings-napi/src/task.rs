//! One snapshot job, run on the calling thread (`now`) or on libuv's thread pool (`promise`),
//! behind the core's panic guard either way.

use napi::bindgen_prelude::{AsyncTask, Env, Unknown};
use napi::ScopedTask;
use omni_sniffer::{catch_panic, EnvironmentSnapshot, OmniResult};

use crate::errors::{internal, rejection, thrown, Thrown};

/// The work of one call: open and snapshot, snapshot a kept sniffer, or fail with an argument error.
pub(crate) type Job = Box<dyn FnOnce() -> OmniResult<EnvironmentSnapshot> + Send>;

pub(crate) fn now(env: &Env, job: Job) -> Result<Unknown<'_>, Thrown> {
    let snapshot = catch_panic(job).map_err(thrown)?;
    env.to_js_value(&snapshot).map_err(|e| thrown(internal(e)))
}

pub(crate) fn promise(job: Job) -> AsyncTask<SnapshotTask> {
    AsyncTask::new(SnapshotTask(Some(job)))
}

pub struct SnapshotTask(Option<Job>);

impl<'task> ScopedTask<'task> for SnapshotTask {
    /// The core's error travels as a value: napi's own error type would lose its code.
    type Output = OmniResult<EnvironmentSnapshot>;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let job = self.0.take().expect("napi computes a task once");
        Ok(catch_panic(job))
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(snapshot) => env.to_js_value(&snapshot),
            Err(error) => Err(rejection(env, error)),
        }
    }
}
