//! `OmniError` into a JavaScript `Error` whose `code` is the contract's.

use neon::prelude::*;
use omni_sniffer::OmniError;

pub(crate) fn throw<'cx, T>(cx: &mut Cx<'cx>, error: OmniError) -> NeonResult<T> {
    let js_error = error_value(cx, error)?;
    cx.throw(js_error)
}

/// The error as a value, for a listener that is handed it rather than a caller that catches it.
pub(crate) fn error_value<'cx>(cx: &mut Cx<'cx>, error: OmniError) -> JsResult<'cx, JsError> {
    let js_error = cx.error(error.message_with_causes())?;
    let code = cx.string(error.code());
    js_error.prop(cx, "code").set(code)?;
    Ok(js_error)
}
