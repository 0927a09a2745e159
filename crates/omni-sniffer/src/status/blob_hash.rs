//! Blob ids as git computes them: SHA-1 over `blob <size>\0` and the content.
//!
//! RustCrypto's SHA-1 rather than libgit2's SHA1DC: collision detection guards what a hash
//! *names* (an object someone will fetch by it); here the hash only asks whether a worktree file
//! equals the blob the index already records. Fooling that needs two colliding files both put in
//! place by the same hand, and whoever can write the index and the worktree can make status say
//! anything without one. The plain hash runs on the CPU's SHA instructions where it has them.

use std::io::{self, Read};
use std::path::Path;

use git2::Oid;
use sha1::{Digest, Sha1};

use crate::regular_file;

const CHUNK: usize = 64 * 1024;

fn header(size: u64) -> Sha1 {
    let mut hasher = Sha1::new();
    hasher.update(format!("blob {size}\0").as_bytes());
    hasher
}

fn oid(hasher: Sha1) -> Oid {
    let digest: [u8; 20] = hasher.finalize().into();
    // 20 bytes always make an id.
    Oid::from_bytes(&digest).unwrap_or_else(|_| Oid::zero())
}

/// The id of a blob holding `content`.
pub(crate) fn of_bytes(content: &[u8]) -> Oid {
    let mut hasher = header(content.len() as u64);
    hasher.update(content);
    oid(hasher)
}

/// The id of the regular file at `path` as a blob, streamed (never through a symlink). `None`
/// when the file changed size while it was read: it matches no id then.
pub(crate) fn of_file(path: &Path) -> io::Result<Option<Oid>> {
    let mut file = regular_file::open_regular_no_follow(path)?;
    let size = file.metadata()?.len();
    let mut hasher = header(size);
    let mut buffer = vec![0u8; CHUNK.min(size as usize + 1).max(1)];
    let mut read = 0u64;
    loop {
        let n = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        read += n as u64;
        if read > size {
            return Ok(None);
        }
        hasher.update(&buffer[..n]);
    }
    Ok((read == size).then(|| oid(hasher)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TempDir;
    use git2::ObjectType;

    #[test]
    fn ids_equal_libgit2s() {
        let dir = TempDir::new("omni-blob-hash");
        for content in [&b""[..], b"a\n", &vec![7u8; 3 * CHUNK + 5]] {
            let path = dir.join("f");
            std::fs::write(&path, content).unwrap();
            let expected = Oid::hash_object(ObjectType::Blob, content).unwrap();
            assert_eq!(of_bytes(content), expected);
            assert_eq!(of_file(&path).unwrap(), Some(expected));
        }
    }

    #[test]
    fn a_symlink_is_not_followed() {
        let dir = TempDir::new("omni-blob-hash");
        std::fs::write(dir.join("target"), b"x").unwrap();
        std::os::unix::fs::symlink(dir.join("target"), dir.join("link")).unwrap();
        assert!(of_file(&dir.join("link")).is_err());
    }
}
