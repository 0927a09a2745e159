//! `new Sniffer(path, options)`: a kept sniffer whose snapshots reuse the core's warm state.

use std::sync::Arc;

use napi::bindgen_prelude::{AsyncTask, Either, Env, Function, Unknown};
use napi_derive::napi;

use crate::arguments::snapshot_arguments;
use crate::errors::{thrown, Thrown};
use crate::feed::{self, Subscription};
use crate::task::{self, SnapshotTask};

/// A kept sniffer: the repository is opened by the first snapshot, and its warm state is reused.
#[napi]
pub struct Sniffer {
    /// The shared kept sniffer of both bindings.
    inner: Arc<omni_node::Sniffer>,
}

#[napi]
impl Sniffer {
    #[napi(constructor, ts_args_type = "path: string, options?: SnapshotOptions")]
    pub fn new(path: Unknown, options: Option<Unknown>) -> Result<Self, Thrown> {
        let (path, options) = snapshot_arguments(path, options).map_err(thrown)?;
        Ok(Sniffer {
            inner: omni_node::Sniffer::new(path, options),
        })
    }

    #[napi(ts_return_type = "Promise<EnvironmentSnapshot>")]
    pub fn snapshot(&self) -> AsyncTask<SnapshotTask> {
        task::promise(self.inner.job())
    }

    #[napi(ts_return_type = "EnvironmentSnapshot")]
    pub fn snapshot_sync<'env>(&self, env: &'env Env) -> Result<Unknown<'env>, Thrown> {
        task::now(env, self.inner.job())
    }

    /// Calls `listener` with the snapshot now and with each one that differs from the last
    /// (or the error a snapshot failed with), once changes have settled for `debounceMs`.
    /// index.js's `startFeed()` is the contract's form of it.
    #[napi(
        js_name = "nativeFeed",
        ts_args_type = "listener: (answer: EnvironmentSnapshot | Error) => void, debounceMs: number"
    )]
    pub fn start_feed(
        &self,
        listener: Function<'_, Either<serde_json::Value, Thrown>, ()>,
        debounce_ms: u32,
    ) -> Result<Subscription, Thrown> {
        feed::start(&self.inner, listener, debounce_ms)
    }

    /// Releases the watch and caches now rather than when garbage-collected; a later call reopens.
    #[napi]
    pub fn close(&self) {
        self.inner.close();
    }
}
