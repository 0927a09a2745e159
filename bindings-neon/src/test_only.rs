//! A test-only entry point that panics inside a snapshot job, through the same paths as the real
//! calls: it proves that a panic becomes a thrown or rejected `Error` (code `GIT`) and that the
//! process survives.

use neon::prelude::*;

use crate::task;

pub(crate) fn panic_for_tests(mut cx: FunctionContext) -> JsResult<JsValue> {
    let in_background = cx.argument::<JsBoolean>(0)?.value(&mut cx);
    if in_background {
        Ok(task::promise(&mut cx, omni_node::panicking())?.upcast())
    } else {
        task::now(&mut cx, omni_node::panicking())
    }
}
