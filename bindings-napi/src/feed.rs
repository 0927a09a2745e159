//! `sniffer.watch(listener, debounceMs)`: the core's change feed, each delivery handed to the
//! JavaScript thread through a threadsafe function.

use std::time::Duration;

use napi::bindgen_prelude::{Either, Function};
use napi::threadsafe_function::ThreadsafeFunctionCallMode;
use napi_derive::napi;
use omni_sniffer::{ChangeFeed, FeedItem};

use crate::errors::{internal, thrown, Thrown};

/// What the listener is called with: the snapshot, or the error it failed with.
type Delivery = Either<serde_json::Value, Thrown>;

/// A running feed: `stop()` ends it (no call of the listener is queued after that).
#[napi]
pub struct Subscription(Option<ChangeFeed>);

#[napi]
impl Subscription {
    #[napi]
    pub fn stop(&mut self) {
        if let Some(feed) = self.0.take() {
            feed.stop();
        }
    }
}

pub(crate) fn start(
    sniffer: &std::sync::Arc<omni_node::Sniffer>,
    listener: Function<'_, Delivery, ()>,
    debounce_ms: u32,
) -> Result<Subscription, Thrown> {
    // Not weak: like fs.watch, a subscription keeps the process alive until it is stopped.
    let to_js = listener
        .build_threadsafe_function::<FeedItem>()
        .callee_handled::<false>()
        .build_callback(|ctx| {
            Ok(match ctx.value {
                Ok(snapshot) => Either::A(serde_json::to_value(snapshot)?),
                Err(error) => Either::B(thrown(error)),
            })
        })
        .map_err(|e| thrown(internal(e)))?;
    let feed = sniffer
        .feed(Duration::from_millis(debounce_ms.into()), move |item| {
            to_js.call(item, ThreadsafeFunctionCallMode::NonBlocking);
        })
        .map_err(thrown)?;
    Ok(Subscription(Some(feed)))
}
