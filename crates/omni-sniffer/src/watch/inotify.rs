//! The inotify descriptor, through libc alone, and the records read from it.

use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use super::dirfd::DirFd;
use crate::paths;

pub(super) type Wd = libc::c_int;

/// IN_DONT_FOLLOW and IN_ONLYDIR: a watch is only ever on a directory itself, never through a
/// symlink (the walk opens no symlink either: see `dirfd`). IN_EXCL_UNLINK: a file unlinked but
/// still open is no longer in the tree; its writes are not changes of it.
pub(super) const MASK: u32 = libc::IN_CREATE
    | libc::IN_DELETE
    | libc::IN_MODIFY
    | libc::IN_ATTRIB
    | libc::IN_CLOSE_WRITE
    | libc::IN_MOVED_FROM
    | libc::IN_MOVED_TO
    | libc::IN_DELETE_SELF
    | libc::IN_MOVE_SELF
    | libc::IN_DONT_FOLLOW
    | libc::IN_ONLYDIR
    | libc::IN_EXCL_UNLINK;

/// The fixed part of a record: wd, mask, cookie, len; the name (len bytes, NUL-padded) follows.
const HEADER: usize = 16;
const _: () = assert!(HEADER == std::mem::size_of::<libc::inotify_event>());

pub(super) struct Inotify(OwnedFd);

impl Inotify {
    pub(super) fn new() -> io::Result<Inotify> {
        // SAFETY: no pointers are passed; the result is checked below.
        let fd = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` was just opened by us and is owned by nothing else. Closing it (Drop)
        // makes the kernel drop every watch.
        Ok(Inotify(unsafe { OwnedFd::from_raw_fd(fd) }))
    }

    /// Watches the open directory `dir`. A directory already watched keeps its descriptor.
    pub(super) fn add(&self, dir: &DirFd) -> io::Result<Wd> {
        let path = CString::new(paths::bytes(&dir.path()))
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
        // SAFETY: the fd is open and `path` is NUL-terminated; the result is checked below.
        let wd = unsafe { libc::inotify_add_watch(self.0.as_raw_fd(), path.as_ptr(), MASK) };
        if wd < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(wd)
    }

    /// Stops a watch. An error means the kernel dropped it already (its directory is gone):
    /// nothing to act on.
    pub(super) fn remove(&self, wd: Wd) {
        // SAFETY: plain integers.
        unsafe {
            libc::inotify_rm_watch(self.0.as_raw_fd(), wd);
        }
    }

    /// A second descriptor on the same queue, for a thread that waits for events (`poll`) and
    /// counts what is queued (`FIONREAD`) while only the watch reads.
    pub(super) fn duplicate(&self) -> io::Result<OwnedFd> {
        self.0.try_clone()
    }

    /// Queued records into `buf`, never blocking: `WouldBlock` when there are none.
    pub(super) fn read(&self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            // SAFETY: `buf` is valid for writes of `buf.len()` bytes.
            let n = unsafe { libc::read(self.0.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
            if let Ok(n) = usize::try_from(n) {
                return Ok(n);
            }
            let error = io::Error::last_os_error();
            if error.kind() != io::ErrorKind::Interrupted {
                return Err(error);
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Event<'a> {
    pub(super) wd: Wd,
    pub(super) mask: u32,
    pub(super) cookie: u32,
    /// Empty when the event is about the watched directory itself.
    pub(super) name: &'a [u8],
}

/// A record that does not fit in what was read: never written by the kernel, so the stream
/// cannot be trusted past it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Malformed;

/// The records of one read.
pub(super) struct Records<'a> {
    rest: &'a [u8],
}

impl<'a> Records<'a> {
    pub(super) fn new(read: &'a [u8]) -> Self {
        Records { rest: read }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Event<'a>, Malformed>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let Some((header, body)) = self.rest.split_first_chunk::<HEADER>() else {
            self.rest = &[];
            return Some(Err(Malformed));
        };
        let field = |at: usize| [header[at], header[at + 1], header[at + 2], header[at + 3]];
        let len = usize::try_from(u32::from_ne_bytes(field(12))).unwrap_or(usize::MAX);
        if len > body.len() {
            self.rest = &[];
            return Some(Err(Malformed));
        }
        let (name, rest) = body.split_at(len);
        self.rest = rest;
        let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
        Some(Ok(Event {
            wd: Wd::from_ne_bytes(field(0)),
            mask: u32::from_ne_bytes(field(4)),
            cookie: u32::from_ne_bytes(field(8)),
            name: &name[..end],
        }))
    }
}
