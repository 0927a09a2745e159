//! The JavaScript arguments, checked by the core's shared rules so that a wrong one is a `CONFIG`
//! error naming it, as in every backend. An `Err` of the outer `NeonResult` is a JavaScript
//! exception already thrown (a throwing getter on the options object), passed on as it is.

use neon::prelude::*;
use neon::types::JsBigInt;
use omni_node::{options_argument_error, path_argument, snapshot_options, JsArgument};
use omni_sniffer::{OmniResult, SnapshotOptions};

/// `(path, options)` as the core wants them, or the `CONFIG` error for the first wrong one.
pub(crate) fn snapshot_arguments(
    cx: &mut FunctionContext,
) -> NeonResult<OmniResult<(String, SnapshotOptions)>> {
    let path = match cx.argument_opt(0) {
        Some(path) => classify(cx, path),
        None => JsArgument::Undefined,
    };
    let path = match path_argument(path) {
        Ok(path) => path,
        Err(error) => return Ok(Err(error)),
    };
    let Some(options) = cx.argument_opt(1) else {
        return Ok(Ok((path, SnapshotOptions::default())));
    };
    let options = match classify(cx, options) {
        absent if absent.is_absent() => Ok(SnapshotOptions::default()),
        JsArgument::Object => {
            let object = options.downcast_or_throw::<JsObject, _>(cx)?;
            let untracked_files = field(cx, object, "untrackedFiles")?;
            let scratchpad = field(cx, object, "scratchpad")?;
            snapshot_options(untracked_files, scratchpad)
        }
        other => Err(options_argument_error(&other)),
    };
    Ok(options.map(|options| (path, options)))
}

fn field(cx: &mut FunctionContext, object: Handle<JsObject>, name: &str) -> NeonResult<JsArgument> {
    let value = object.prop(cx, name).get::<Handle<JsValue>>()?;
    Ok(classify(cx, value))
}

fn classify(cx: &mut FunctionContext, value: Handle<JsValue>) -> JsArgument {
    if value.is_a::<JsUndefined, _>(cx) {
        JsArgument::Undefined
    } else if value.is_a::<JsNull, _>(cx) {
        JsArgument::Null
    } else if let Ok(s) = value.downcast::<JsString, _>(cx) {
        JsArgument::String(s.value(cx))
    } else if let Ok(n) = value.downcast::<JsNumber, _>(cx) {
        JsArgument::Number(n.value(cx))
    } else if let Ok(b) = value.downcast::<JsBoolean, _>(cx) {
        JsArgument::Boolean(b.value(cx))
    } else if value.is_a::<JsArray, _>(cx) {
        JsArgument::Array
    } else if value.is_a::<JsFunction, _>(cx) {
        JsArgument::Other("function")
    } else if value.is_a::<JsBigInt, _>(cx) {
        JsArgument::Other("bigint")
    } else if value.is_a::<JsObject, _>(cx) {
        JsArgument::Object
    } else {
        // neon has no type for a symbol, the one kind left.
        JsArgument::Other("symbol")
    }
}
