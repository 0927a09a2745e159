//! One inotify record applied: what it says changed, and the watches it adds, renames or ends.

use libc::{
    IN_ATTRIB, IN_CREATE, IN_DELETE, IN_DELETE_SELF, IN_IGNORED, IN_ISDIR, IN_MOVED_FROM,
    IN_MOVED_TO, IN_MOVE_SELF, IN_Q_OVERFLOW, IN_UNMOUNT,
};

use super::inotify::Event;
use super::live::{Live, Trouble};
use super::tree::{join, WORKTREE};
use super::Changes;

/// A directory's IN_MOVED_FROM, waiting for the record right after it.
pub(super) struct Moving {
    cookie: u32,
    tree: usize,
    from: Vec<u8>,
}

impl Live {
    pub(super) fn apply(
        &mut self,
        event: &Event<'_>,
        changes: &mut Changes,
    ) -> Result<(), Trouble> {
        // A moved subtree is renamed in the map when its IN_MOVED_TO is the very next record,
        // as the kernel all but always queues the two (the rename holds both parents locked
        // through them). When any other record comes first, the subtree is taken as gone out
        // of the tree and, if its IN_MOVED_TO does come, walked afresh where it lands: exact,
        // only slower, and a single rename in flight is all there is to keep.
        let mut moved = match self.moving.take() {
            Some(m) if event.mask & IN_MOVED_TO != 0 && event.cookie == m.cookie => Some(m),
            Some(m) => {
                self.tree.unwatch(&self.fd, m.tree, &m.from);
                None
            }
            None => None,
        };
        let applied = self.record(event, &mut moved, changes);
        if let Some(m) = moved {
            self.tree.unwatch(&self.fd, m.tree, &m.from);
        }
        applied
    }

    /// The end of a drain, the queue empty. A directory moved away with no IN_MOVED_TO yet has
    /// left the tree (if its IN_MOVED_TO comes later after all, where it lands is walked as
    /// new). New directories are walked now, not when their records were read: a rename of a
    /// folder above them queued after those records is in the map by now.
    pub(super) fn settle(&mut self) -> Result<(), Trouble> {
        if let Some(m) = self.moving.take() {
            self.tree.unwatch(&self.fd, m.tree, &m.from);
        }
        let mut walks = std::mem::take(&mut self.walks);
        walks.sort_unstable();
        walks.dedup();
        for (parent, name) in walks {
            self.tree
                .watch_child(&self.fd, parent, &name)
                .map_err(|_| Trouble)?;
        }
        Ok(())
    }

    fn record(
        &mut self,
        event: &Event<'_>,
        moved: &mut Option<Moving>,
        changes: &mut Changes,
    ) -> Result<(), Trouble> {
        if event.mask & (IN_Q_OVERFLOW | IN_UNMOUNT) != 0 {
            return Err(Trouble);
        }
        // A watch given up already: its last records say nothing about the tree.
        let Some((tree, dir)) = self.tree.lookup(event.wd) else {
            return Ok(());
        };
        let dir = dir.to_vec();
        if event.mask & IN_IGNORED != 0 {
            self.tree.forget(event.wd);
            return if dir.is_empty() { Err(Trouble) } else { Ok(()) };
        }
        if event.name.is_empty() {
            return about_itself(event.mask, tree, dir.is_empty(), changes);
        }

        let path = join(&dir, event.name);
        if tree != WORKTREE || (dir.is_empty() && event.name == b".git") {
            changes.git = true;
        } else {
            if event.mask & (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO) != 0 {
                changes.dirs.insert(dir.clone());
            }
            changes.paths.insert(path.clone());
        }

        if event.mask & IN_ISDIR == 0 {
            return Ok(());
        }
        if event.mask & IN_DELETE != 0 {
            self.tree.deleted(tree, &path);
        } else if event.mask & IN_MOVED_FROM != 0 {
            self.moving = Some(Moving {
                cookie: event.cookie,
                tree,
                from: path,
            });
        } else if event.mask & (IN_CREATE | IN_MOVED_TO) != 0
            && self.tree.watchable(tree, &dir, event.name)
        {
            let renamed = moved
                .take_if(|m| m.tree == tree)
                .is_some_and(|m| self.tree.rehome(tree, &m.from, &path));
            if !renamed {
                // A new directory may hold files and folders made before its watch existed:
                // the caller rescans it whole (it is in `paths`); settle gives each folder in
                // it a watch.
                self.walks.push((event.wd, event.name.to_vec()));
            }
        }
        Ok(())
    }
}

/// An event about a watched directory itself. Below the tops, the parent's watch reports the
/// same change by name.
fn about_itself(mask: u32, tree: usize, top: bool, changes: &mut Changes) -> Result<(), Trouble> {
    if top && mask & (IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
        return Err(Trouble);
    }
    if tree != WORKTREE {
        changes.git = true;
    } else if top && mask & IN_ATTRIB != 0 {
        // The root's own mode changed: whether anything under it can be read may have too,
        // and the root has no parent watch to name it as a path.
        changes.rescan = true;
    }
    Ok(())
}
