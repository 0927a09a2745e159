//! `OmniError` into a thrown JavaScript `Error` whose `code` is the contract's.

use neon::prelude::*;
use omni_sniffer::OmniError;

pub(crate) fn throw<'cx, T>(cx: &mut Cx<'cx>, error: OmniError) -> NeonResult<T> {
    let js_error = cx.error(error.message_with_causes())?;
    let code = cx.string(error.code());
    js_error.prop(cx, "code").set(code)?;
    cx.throw(js_error)
}
