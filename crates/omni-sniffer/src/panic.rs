//! A panic turned into an error: a bug in the core must reach the caller as an error of code `GIT`
//! (a thrown or rejected `Error` in JavaScript, a `GitError` in Python, an error handed to a
//! change feed's receiver), never abort its process or end a feed's thread.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::{OmniError, OmniResult};

/// Runs `f`, turning a panic inside it into an `OmniError` of code `GIT`.
pub fn catch_panic<T>(f: impl FnOnce() -> OmniResult<T>) -> OmniResult<T> {
    // AssertUnwindSafe: the only state a snapshot mutates that outlives the call is a sniffer's
    // warm cache, which the core drops when it finds its lock poisoned by a panic.
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| Err(panic_error(payload.as_ref())))
}

fn panic_error(payload: &(dyn Any + Send)) -> OmniError {
    let detail = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message");
    OmniError::internal(detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_git_error_with_its_message() {
        let error = catch_panic::<()>(|| panic!("boom {}", 1)).unwrap_err();
        assert_eq!(error.code(), "GIT");
        assert!(error.to_string().contains("boom 1"));
        assert_eq!(catch_panic(|| Ok(5)).ok(), Some(5));
    }
}
