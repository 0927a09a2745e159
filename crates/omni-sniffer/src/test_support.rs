//! Helpers for the unit tests. The files live in `tests/support/` so that the integration tests
//! and the benches use the very same code: each is written once.

#[path = "../tests/support/git.rs"]
pub(crate) mod git;
#[path = "../tests/support/temp_dir.rs"]
pub(crate) mod temp_dir;

pub(crate) use temp_dir::TempDir;
