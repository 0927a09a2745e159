//! A test-only entry point that panics inside a snapshot job, through the same paths as the real
//! calls: it proves that a panic becomes a thrown or rejected `Error` (code `GIT`) and that the
//! process survives.

use napi::bindgen_prelude::{AsyncTask, Either, Env, Unknown};
use napi_derive::napi;

use crate::errors::Thrown;
use crate::task::{self, SnapshotTask};

/// For the tests only: panics inside a snapshot job, which must throw (or reject with) code GIT.
#[napi(js_name = "__panicForTests", ts_return_type = "Promise<never>")]
pub fn panic_for_tests(
    env: &Env,
    in_background: bool,
) -> Result<Either<AsyncTask<SnapshotTask>, Unknown<'_>>, Thrown> {
    if in_background {
        Ok(Either::A(task::promise(omni_node::panicking())))
    } else {
        task::now(env, omni_node::panicking()).map(Either::B)
    }
}
