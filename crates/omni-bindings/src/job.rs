//! The work of one call, built before the binding decides where it runs: on the calling thread
//! (a `...Sync` call, a Python call with the GIL let go), or on a pool (libuv's for a promise).
//! Either way it runs through [`run`], behind the panic guard.

use omni_sniffer::{catch_panic, EnvironmentSnapshot, OmniResult, OmniSniffer, SnapshotOptions};

/// Open and snapshot, snapshot a kept sniffer, or fail with an argument error.
pub type Job = Box<dyn FnOnce() -> OmniResult<EnvironmentSnapshot> + Send>;

/// A one-shot snapshot of checked arguments. Wrong arguments fail inside the job, so that the
/// promise form rejects (as the reference does) instead of throwing.
pub fn one_shot(arguments: OmniResult<(String, SnapshotOptions)>) -> Job {
    match arguments {
        Ok((path, options)) => Box::new(move || OmniSniffer::snapshot(path, options)),
        Err(error) => Box::new(move || Err(error)),
    }
}

/// A job that panics, for each binding's test-only export: it proves that a panic inside a job
/// becomes an error of the binding's language and that the process survives.
pub fn panicking() -> Job {
    Box::new(|| panic!("__panicForTests: a deliberate panic"))
}

/// Runs a job; a panic inside it becomes an error of code `GIT`.
pub fn run(job: Job) -> OmniResult<EnvironmentSnapshot> {
    catch_panic(job)
}
