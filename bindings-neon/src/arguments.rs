//! The JavaScript arguments, checked by the core's shared rules so that a wrong one is a `CONFIG`
//! error naming it, as in every backend; so is an option whose getter throws. An `Err` of the
//! outer `NeonResult` is a JavaScript exception neon itself raised, passed on as it is.

use neon::prelude::*;
use neon::types::JsBigInt;
use omni_node::{
    max_chars_option, options_argument_error, path_argument, prompt_options_argument_error,
    snapshot_options, unreadable_option, JsArgument, Thrown, OPTION_NAMES,
};
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
            let mut values = OPTION_NAMES.map(|_| JsArgument::Undefined);
            for (value, name) in values.iter_mut().zip(OPTION_NAMES) {
                *value = match field(cx, object, name)? {
                    Ok(value) => value,
                    Err(error) => return Ok(Err(error)),
                };
            }
            snapshot_options(values)
        }
        other => Err(options_argument_error(&other)),
    };
    Ok(options.map(|options| (path, options)))
}

/// `toPromptString`'s options (argument 1): the budget, if any, or the `CONFIG` error for a wrong one.
pub(crate) fn prompt_arguments(cx: &mut FunctionContext) -> NeonResult<OmniResult<Option<usize>>> {
    let Some(options) = cx.argument_opt(1) else {
        return Ok(Ok(None));
    };
    Ok(match classify(cx, options) {
        absent if absent.is_absent() => Ok(None),
        JsArgument::Object => {
            let object = options.downcast_or_throw::<JsObject, _>(cx)?;
            field(cx, object, "maxChars")?.and_then(max_chars_option)
        }
        other => Err(prompt_options_argument_error(&other)),
    })
}

/// One option, or the `CONFIG` error for a getter (or Proxy trap) that threw when read.
fn field<'cx>(
    cx: &mut FunctionContext<'cx>,
    object: Handle<'cx, JsObject>,
    name: &str,
) -> NeonResult<OmniResult<JsArgument>> {
    Ok(match read(cx, object, name)? {
        Ok(value) => Ok(classify(cx, value)),
        Err(thrown) => {
            let thrown = what_was_thrown(cx, thrown)?;
            Err(unreadable_option(name, thrown))
        }
    })
}

/// `object[name]`, or what reading it threw. Through `Reflect.get`, because neon's own property
/// read panics on a throwing getter (Node reports it as a generic failure, not an exception),
/// where a function call reports the exception, for `try_catch` to take.
fn read<'cx>(
    cx: &mut FunctionContext<'cx>,
    object: Handle<'cx, JsObject>,
    name: &str,
) -> NeonResult<Result<Handle<'cx, JsValue>, Handle<'cx, JsValue>>> {
    let reflect = cx.global::<JsObject>("Reflect")?;
    let get = reflect.get::<JsFunction, _, _>(cx, "get")?;
    let key = cx.string(name).upcast::<JsValue>();
    Ok(cx.try_catch(|cx| get.call(cx, reflect, [object.upcast(), key])))
}

fn what_was_thrown<'cx>(
    cx: &mut FunctionContext<'cx>,
    thrown: Handle<'cx, JsValue>,
) -> NeonResult<Thrown> {
    if thrown.is_a::<JsError, _>(cx) {
        let error = thrown.downcast_or_throw::<JsObject, _>(cx)?;
        // A message that throws too leaves the error shown as the object it is.
        if let Ok(message) = read(cx, error, "message")? {
            if let JsArgument::String(message) = classify(cx, message) {
                return Ok(Thrown::Error(message));
            }
        }
    }
    Ok(Thrown::Value(classify(cx, thrown)))
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
