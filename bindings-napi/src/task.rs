//! How napi spells running one job: on the calling thread (`now`) or on libuv's thread pool
//! (`promise`).

use napi::bindgen_prelude::{AsyncTask, Env, Unknown};
use napi::ScopedTask;
use omni_node::{run, Job};
use omni_sniffer::{EnvironmentSnapshot, OmniResult};

use crate::errors::{internal, rejection, thrown, Thrown};

pub(crate) fn now(env: &Env, job: Job) -> Result<Unknown<'_>, Thrown> {
    let snapshot = run(job).map_err(thrown)?;
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
        Ok(run(job))
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(snapshot) => env.to_js_value(&snapshot),
            Err(error) => Err(rejection(env, error)),
        }
    }
}
