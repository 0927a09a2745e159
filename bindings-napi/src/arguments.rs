//! The JavaScript arguments, taken as `Unknown` and checked by the core's shared rules, because
//! napi's own conversion would throw `InvalidArg` where the contract wants `CONFIG` naming the argument.
//! An option whose getter throws is `CONFIG` too, naming the option and what was thrown.

use napi::bindgen_prelude::{JsObjectValue, Object, Unknown};
use napi::{sys, JsValue, ValueType};
use omni_node::{
    max_chars_option, options_argument_error, path_argument, prompt_options_argument_error,
    snapshot_options, unreadable_option, JsArgument, Thrown, OPTION_NAMES,
};
use omni_sniffer::{OmniResult, SnapshotOptions};

use crate::errors::internal;

/// `(path, options)` as the core wants them, or the `CONFIG` error for the first wrong one.
pub(crate) fn snapshot_arguments(
    path: Unknown,
    options: Option<Unknown>,
) -> OmniResult<(String, SnapshotOptions)> {
    let path = path_argument(classify(path)?)?;
    let Some(options) = options else {
        return Ok((path, SnapshotOptions::default()));
    };
    let options = match classify(options)? {
        absent if absent.is_absent() => SnapshotOptions::default(),
        JsArgument::Object => {
            // SAFETY: `classify` found an object.
            let object: Object = unsafe { options.cast() }.map_err(internal)?;
            let mut values = OPTION_NAMES.map(|_| JsArgument::Undefined);
            for (value, name) in values.iter_mut().zip(OPTION_NAMES) {
                *value = field(&object, name)?;
            }
            snapshot_options(values)?
        }
        other => return Err(options_argument_error(&other)),
    };
    Ok((path, options))
}

/// `toPromptString`'s options: the budget, if any, or the `CONFIG` error for a wrong one.
pub(crate) fn prompt_arguments(options: Option<Unknown>) -> OmniResult<Option<usize>> {
    let Some(options) = options else {
        return Ok(None);
    };
    match classify(options)? {
        absent if absent.is_absent() => Ok(None),
        JsArgument::Object => {
            // SAFETY: `classify` found an object.
            let object: Object = unsafe { options.cast() }.map_err(internal)?;
            max_chars_option(field(&object, "maxChars")?)
        }
        other => Err(prompt_options_argument_error(&other)),
    }
}

fn field(object: &Object, name: &str) -> OmniResult<JsArgument> {
    match object.get_named_property_unchecked::<Unknown>(name) {
        Ok(value) => classify(value),
        Err(error) => match take_exception(object.value().env) {
            Some(thrown) => Err(unreadable_option(name, what_was_thrown(thrown)?)),
            None => Err(internal(error)),
        },
    }
}

/// The exception a failed read left pending, taken out of the engine: left there, it would be
/// thrown as it is when the call returns, instead of the contract's `CONFIG` error.
fn take_exception<'env>(env: sys::napi_env) -> Option<Unknown<'env>> {
    let mut pending = false;
    let mut exception = std::ptr::null_mut();
    // SAFETY: `env` is the environment of the call in progress; both out pointers are valid.
    let taken = unsafe {
        sys::napi_is_exception_pending(env, &mut pending) == sys::Status::napi_ok
            && pending
            && sys::napi_get_and_clear_last_exception(env, &mut exception) == sys::Status::napi_ok
    };
    // SAFETY: napi just handed over this value, in this environment.
    taken.then(|| unsafe { Unknown::from_raw_unchecked(env, exception) })
}

fn what_was_thrown(thrown: Unknown) -> OmniResult<Thrown> {
    if thrown.is_error().map_err(internal)? {
        // SAFETY: an error is an object.
        let error: Object = unsafe { thrown.cast() }.map_err(internal)?;
        match error.get_named_property_unchecked::<Unknown>("message") {
            Ok(message) => {
                if let JsArgument::String(message) = classify(message)? {
                    return Ok(Thrown::Error(message));
                }
            }
            // Its message throws too: the error is shown as the object it is.
            Err(_) => drop(take_exception(error.value().env)),
        }
    }
    Ok(Thrown::Value(classify(thrown)?))
}

fn classify(value: Unknown) -> OmniResult<JsArgument> {
    // SAFETY (each `cast`): the value's type was just checked.
    let argument = match value.get_type().map_err(internal)? {
        ValueType::Undefined => JsArgument::Undefined,
        ValueType::Null => JsArgument::Null,
        ValueType::String => JsArgument::String(unsafe { value.cast() }.map_err(internal)?),
        ValueType::Number => JsArgument::Number(unsafe { value.cast() }.map_err(internal)?),
        ValueType::Boolean => JsArgument::Boolean(unsafe { value.cast() }.map_err(internal)?),
        ValueType::Object if value.is_array().map_err(internal)? => JsArgument::Array,
        ValueType::Object => JsArgument::Object,
        ValueType::Function => JsArgument::Other("function"),
        ValueType::Symbol => JsArgument::Other("symbol"),
        ValueType::BigInt => JsArgument::Other("bigint"),
        // An external (a native handle) is an object to JavaScript's `typeof`.
        ValueType::External | ValueType::Unknown => JsArgument::Object,
    };
    Ok(argument)
}
