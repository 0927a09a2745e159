//! `snifferWatch(sniffer, listener, debounceMs)`: the core's change feed, each delivery sent to the
//! JavaScript thread through a neon `Channel`.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use neon::prelude::*;
use neon::types::extract::{Json, TryIntoJs};
use omni_sniffer::ChangeFeed;

use crate::errors::error_value;
use crate::sniffer::Sniffer;

/// A running feed, boxed for index.js: `snifferUnwatch` ends it.
pub(crate) struct Subscription(Mutex<Option<ChangeFeed>>);

impl Finalize for Subscription {}

pub(crate) fn watch(mut cx: FunctionContext) -> JsResult<JsBox<Subscription>> {
    let sniffer = Arc::clone(&cx.argument::<JsBox<Sniffer>>(0)?.0);
    let listener = Arc::new(cx.argument::<JsFunction>(1)?.root(&mut cx));
    let debounce = cx.argument::<JsNumber>(2)?.value(&mut cx);
    // Referenced (neon's default): like fs.watch, a subscription keeps the process alive until
    // it is stopped; the channel goes with the feed's thread.
    let channel = cx.channel();
    let deliver = move |item| {
        let listener = Arc::clone(&listener);
        channel.send(move |mut cx| {
            let answer = match item {
                Ok(snapshot) => Json(snapshot).try_into_js(&mut cx)?,
                Err(error) => error_value(&mut cx, error)?.upcast(),
            };
            listener
                .to_inner(&mut cx)
                .call_with(&cx)
                .arg(answer)
                .exec(&mut cx)
        });
    };
    match sniffer.feed(Duration::from_millis(debounce as u64), deliver) {
        Ok(feed) => Ok(cx.boxed(Subscription(Mutex::new(Some(feed))))),
        Err(error) => crate::errors::throw(&mut cx, error),
    }
}

pub(crate) fn unwatch(mut cx: FunctionContext) -> JsResult<JsUndefined> {
    let subscription = cx.argument::<JsBox<Subscription>>(0)?;
    let feed = subscription
        .0
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    if let Some(feed) = feed {
        feed.stop();
    }
    Ok(cx.undefined())
}
