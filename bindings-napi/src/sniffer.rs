//! `new Sniffer(path, options)`: a kept sniffer whose snapshots reuse the core's warm state.

use std::sync::Arc;

use napi::bindgen_prelude::{AsyncTask, Env, Unknown};
use napi_derive::napi;
use omni_sniffer::LazySniffer;

use crate::arguments::snapshot_arguments;
use crate::errors::{thrown, Thrown};
use crate::task::{self, Job, SnapshotTask};

/// A kept sniffer: the repository is opened by the first snapshot, and its warm state is reused.
#[napi]
pub struct Sniffer {
    kept: Arc<LazySniffer>,
}

#[napi]
impl Sniffer {
    #[napi(constructor, ts_args_type = "path: string, options?: SnapshotOptions")]
    pub fn new(path: Unknown, options: Option<Unknown>) -> Result<Self, Thrown> {
        let (path, options) = snapshot_arguments(path, options).map_err(thrown)?;
        Ok(Sniffer {
            kept: Arc::new(LazySniffer::new(path, options)),
        })
    }

    fn job(&self) -> Job {
        let kept = Arc::clone(&self.kept);
        Box::new(move || kept.get_snapshot())
    }

    #[napi(ts_return_type = "Promise<EnvironmentSnapshot>")]
    pub fn snapshot(&self) -> AsyncTask<SnapshotTask> {
        task::promise(self.job())
    }

    #[napi(ts_return_type = "EnvironmentSnapshot")]
    pub fn snapshot_sync<'env>(&self, env: &'env Env) -> Result<Unknown<'env>, Thrown> {
        task::now(env, self.job())
    }
}
