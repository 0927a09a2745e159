//! `OmniError` into a JavaScript `Error` whose `code` is the contract's: napi sets `code` from an
//! error's status, so the status here is the code string itself instead of napi's `Status`.

use napi::bindgen_prelude::{Env, JsError};
use omni_sniffer::{GitErrorKind, OmniError};

/// The error of an exported function, thrown with its contract code. (napi-derive recognises a
/// fallible function by the name `Result` in its signature, so this aliases the error only.)
pub(crate) type Thrown = napi::Error<&'static str>;

pub(crate) fn thrown(error: OmniError) -> Thrown {
    napi::Error::new(error.code(), error.message_with_causes())
}

/// A promise rejection. napi rejects a task with an `Error<Status>`, whose status would become
/// the `code`; so the JavaScript error is built here, and napi hands that very object on.
pub(crate) fn rejection(env: &Env, error: OmniError) -> napi::Error {
    napi::Error::from(JsError::from(thrown(error)).into_unknown(*env))
}

/// napi itself failed (out of memory, say): not the contract's concern, so it gets the catch-all code.
pub(crate) fn internal(error: napi::Error) -> OmniError {
    OmniError::git(
        GitErrorKind::Other,
        format!("the napi binding failed: {}", error.reason),
    )
}
