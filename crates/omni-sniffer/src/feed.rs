//! A feed of snapshots for a long-running caller (an agent that wants to hear when its tree
//! changes rather than ask every turn): a thread that takes a kept sniffer's snapshot once its
//! watch has had events and they have settled, and hands on each snapshot that differs from the
//! last one it handed on (the timestamp aside), and each error that differs from the last.
//!
//! Why a snapshot decides and not the events: an event says only that something may have
//! changed (a build rewriting ignored files, a `touch`, git rewriting the index with the same
//! entries); the snapshot says whether the state did, and it is exact (see `watch`). What inotify
//! cannot see (a scratchpad outside the worktree, submodules, files outside the repository) and a
//! sniffer that cannot watch at all are covered by a snapshot every [`RECHECK`] (or ten times
//! the last snapshot's time, when that is longer): such a change is heard late, never lost.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use crate::{catch_panic, EnvironmentSnapshot, OmniError, OmniResult, OmniSniffer};

/// How long the feed trusts its watch alone before it takes a snapshot anyway.
pub const RECHECK: Duration = Duration::from_secs(1);

/// What is delivered: a snapshot, or the error a snapshot failed with.
pub type FeedItem = OmniResult<EnvironmentSnapshot>;

/// A running feed; [`ChangeFeed::stop`] (or dropping it) ends it.
pub struct ChangeFeed {
    stop: Arc<Stop>,
}

impl ChangeFeed {
    /// Starts the feed's thread. `deliver` runs on it: first with the snapshot (or error) of the
    /// moment the feed starts, then with each one that differs from the last delivered. `debounce`
    /// is how long the event queue must stay still before the feed looks.
    pub fn start<F>(sniffer: Arc<OmniSniffer>, debounce: Duration, deliver: F) -> OmniResult<Self>
    where
        F: FnMut(FeedItem) + Send + 'static,
    {
        Self::start_with(move || Ok(Arc::clone(&sniffer)), debounce, deliver)
    }

    /// As [`ChangeFeed::start`], for a sniffer that may not be open yet: `open` is asked for it
    /// before each snapshot, and its error is delivered as a snapshot's would be (a worktree that
    /// does not exist yet is reported, then its first snapshot once it does).
    pub fn start_with<O, F>(open: O, debounce: Duration, deliver: F) -> OmniResult<Self>
    where
        O: FnMut() -> OmniResult<Arc<OmniSniffer>> + Send + 'static,
        F: FnMut(FeedItem) + Send + 'static,
    {
        let stop = Arc::new(Stop::new());
        let theirs = Arc::clone(&stop);
        thread::Builder::new()
            .name("omni-sniffer-feed".into())
            .spawn(move || run(open, debounce, &theirs, deliver))
            .map_err(|e| {
                OmniError::internal(format_args!("cannot start the change feed's thread: {e}"))
            })?;
        Ok(ChangeFeed { stop })
    }

    /// Ends the feed: no call of `deliver` starts after this returns, and the thread exits once
    /// the snapshot it may be taking is done (it is never joined, so this never waits for one).
    pub fn stop(&self) {
        self.stop.set();
    }
}

impl Drop for ChangeFeed {
    fn drop(&mut self) {
        self.stop.set();
    }
}

fn run<O, F>(mut open: O, debounce: Duration, stop: &Stop, mut deliver: F)
where
    O: FnMut() -> OmniResult<Arc<OmniSniffer>>,
    F: FnMut(FeedItem),
{
    let mut last: Option<Seen> = None;
    loop {
        let started = Instant::now();
        let (item, sniffer) = match catch_panic(&mut open) {
            Ok(sniffer) => (catch_panic(|| sniffer.get_snapshot()), Some(sniffer)),
            Err(error) => (Err(error), None),
        };
        let took = started.elapsed();
        let seen = Seen::of(&item);
        if last.as_ref() != Some(&seen) {
            if !stop.unless_set(|| deliver(item)) {
                return;
            }
            last = Some(seen);
        }
        let recheck = RECHECK.max(took * 10);
        let waiter = sniffer.and_then(|sniffer| waiter::Waiter::of(&sniffer));
        let go_on = match waiter {
            Some(waiter) => waiter.wait(recheck, debounce, stop),
            None => !stop.sleep(recheck),
        };
        if !go_on {
            return;
        }
    }
}

/// What an answer says, for telling a new one from the last: a snapshot but for the time it was
/// taken, or an error's code and message.
#[derive(PartialEq)]
enum Seen {
    Snapshot(EnvironmentSnapshot),
    Error(&'static str, String),
}

impl Seen {
    fn of(item: &FeedItem) -> Seen {
        match item {
            Ok(snapshot) => Seen::Snapshot(EnvironmentSnapshot {
                timestamp: 0.0,
                ..snapshot.clone()
            }),
            Err(error) => Seen::Error(error.code(), error.message_with_causes()),
        }
    }
}

/// The feed's stop flag: it wakes the thread from its sleeps and waits, and keeps a delivery
/// from starting once set.
struct Stop {
    stopped: Mutex<bool>,
    woken: Condvar,
    #[cfg(target_os = "linux")]
    event: Option<std::os::fd::OwnedFd>,
}

impl Stop {
    fn new() -> Self {
        Stop {
            stopped: Mutex::new(false),
            woken: Condvar::new(),
            #[cfg(target_os = "linux")]
            event: waiter::eventfd(),
        }
    }

    fn set(&self) {
        *self.stopped.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.woken.notify_all();
        #[cfg(target_os = "linux")]
        waiter::signal(self.event.as_ref());
    }

    #[cfg(target_os = "linux")]
    fn is_set(&self) -> bool {
        *self.stopped.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` unless the flag is set, holding the flag's lock so that `set` waits for it;
    /// false when the flag was set.
    fn unless_set(&self, f: impl FnOnce()) -> bool {
        let stopped = self.stopped.lock().unwrap_or_else(PoisonError::into_inner);
        if *stopped {
            return false;
        }
        f();
        true
    }

    /// Sleeps for `d` or until the flag is set; true when it is.
    fn sleep(&self, d: Duration) -> bool {
        let stopped = self.stopped.lock().unwrap_or_else(PoisonError::into_inner);
        let (stopped, _) = self
            .woken
            .wait_timeout_while(stopped, d, |stopped| !*stopped)
            .unwrap_or_else(PoisonError::into_inner);
        *stopped
    }
}

#[cfg(target_os = "linux")]
mod waiter {
    //! Waiting on the sniffer's inotify queue through a descriptor of its own (see
    //! `TreeWatch::waker`): `poll` says when events are queued, `FIONREAD` how many bytes of
    //! them, and only the snapshot reads them.

    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::time::{Duration, Instant};

    use super::Stop;
    use crate::OmniSniffer;

    /// The longest the feed waits for a burst of events to settle before it looks anyway, so that
    /// a tree that never stops changing is still reported.
    const MAX_SETTLE: Duration = Duration::from_secs(1);

    pub(super) struct Waiter(OwnedFd);

    impl Waiter {
        /// Taken after each snapshot: a drain that started the watch over left the old one stale.
        pub(super) fn of(sniffer: &OmniSniffer) -> Option<Waiter> {
            sniffer.waker().map(Waiter)
        }

        /// Waits for events (at most `recheck`), then for the queue to stay still for `debounce`;
        /// false when the feed was stopped meanwhile.
        pub(super) fn wait(&self, recheck: Duration, debounce: Duration, stop: &Stop) -> bool {
            if !readable(&self.0, recheck, stop) {
                return !stop.is_set();
            }
            let deadline = Instant::now() + MAX_SETTLE.max(debounce);
            let mut queued = pending(&self.0);
            loop {
                if stop.sleep(debounce) {
                    return false;
                }
                let now = pending(&self.0);
                if now == queued || Instant::now() >= deadline {
                    return true;
                }
                queued = now;
            }
        }
    }

    /// True when `fd` has data; false after `timeout` or once `stop` is set.
    fn readable(fd: &OwnedFd, timeout: Duration, stop: &Stop) -> bool {
        let Some(event) = &stop.event else {
            // No eventfd to wake this poll (out of descriptors): wait in slices instead.
            let deadline = Instant::now() + timeout;
            while Instant::now() < deadline {
                if poll(&mut [pollfd(fd)], Duration::from_millis(50)) > 0 {
                    return true;
                }
                if stop.is_set() {
                    return false;
                }
            }
            return false;
        };
        let mut fds = [pollfd(fd), pollfd(event)];
        poll(&mut fds, timeout) > 0 && fds[0].revents & libc::POLLIN != 0 && fds[1].revents == 0
    }

    fn pollfd(fd: &OwnedFd) -> libc::pollfd {
        libc::pollfd {
            fd: fd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        }
    }

    fn poll(fds: &mut [libc::pollfd], timeout: Duration) -> i32 {
        let ms = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
        let n = fds.len() as libc::nfds_t;
        // SAFETY: `fds` is a valid array of `n` pollfd structs for the call's duration.
        unsafe { libc::poll(fds.as_mut_ptr(), n, ms) }
    }

    /// Bytes of events queued; 0 if the kernel will not say.
    fn pending(fd: &OwnedFd) -> i32 {
        let mut bytes: libc::c_int = 0;
        // SAFETY: FIONREAD writes one int through the pointer, which is valid.
        let ok = unsafe { libc::ioctl(fd.as_raw_fd(), libc::FIONREAD, &mut bytes) } == 0;
        if ok {
            bytes
        } else {
            0
        }
    }

    pub(super) fn eventfd() -> Option<OwnedFd> {
        // SAFETY: plain flags; the result is checked.
        let fd = unsafe { libc::eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK) };
        // SAFETY: a descriptor just opened by us and owned by nothing else.
        (fd >= 0).then(|| unsafe { OwnedFd::from_raw_fd(fd) })
    }

    pub(super) fn signal(event: Option<&OwnedFd>) {
        if let Some(event) = event {
            let one: u64 = 1;
            // SAFETY: writes 8 bytes from a valid u64; a full counter (EAGAIN) is still signalled.
            unsafe { libc::write(event.as_raw_fd(), (&one as *const u64).cast(), 8) };
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod waiter {
    //! No inotify: the feed looks every `RECHECK`.

    use std::time::Duration;

    use super::Stop;
    use crate::OmniSniffer;

    pub(super) enum Waiter {}

    impl Waiter {
        pub(super) fn of(_: &OmniSniffer) -> Option<Waiter> {
            None
        }

        pub(super) fn wait(&self, _: Duration, _: Duration, _: &Stop) -> bool {
            match *self {}
        }
    }
}
