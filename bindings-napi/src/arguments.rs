//! The JavaScript arguments, taken as `Unknown` and checked by the core's shared rules, because
//! napi's own conversion would throw `InvalidArg` where the contract wants `CONFIG` naming the argument.

use napi::bindgen_prelude::{JsObjectValue, Object, Unknown};
use napi::{JsValue, ValueType};
use omni_node::{options_argument_error, path_argument, snapshot_options, JsArgument};
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
            snapshot_options(
                field(&object, "untrackedFiles")?,
                field(&object, "scratchpad")?,
            )?
        }
        other => return Err(options_argument_error(&other)),
    };
    Ok((path, options))
}

fn field(object: &Object, name: &str) -> OmniResult<JsArgument> {
    classify(
        object
            .get_named_property_unchecked::<Unknown>(name)
            .map_err(internal)?,
    )
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
