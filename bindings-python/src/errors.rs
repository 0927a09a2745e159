//! One exception class per contract code, under one base `SnifferError`, each with its `code` as a
//! class attribute: `except NotARepositoryError` and `except SnifferError as e: e.code` both work.

use omni_sniffer::OmniError;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::{create_exception, PyErr};

create_exception!(
    omni_sniffer,
    SnifferError,
    PyException,
    "An error from omni-sniffer; `code` says which of the contract's it is."
);
create_exception!(
    omni_sniffer,
    NotARepositoryError,
    SnifferError,
    "NOT_A_REPOSITORY: no git worktree at or above the path."
);
create_exception!(
    omni_sniffer,
    BareRepositoryError,
    SnifferError,
    "BARE_REPOSITORY: the path is a bare repository (no worktree)."
);
create_exception!(
    omni_sniffer,
    UnsafeRepositoryError,
    SnifferError,
    "UNSAFE_REPOSITORY: git's ownership check (safe.directory) refuses it."
);
create_exception!(omni_sniffer, UnsupportedRepositoryError, SnifferError, "UNSUPPORTED_REPOSITORY: git reads the repository but libgit2 cannot (SHA-256 object ids, an unknown extension).");
create_exception!(omni_sniffer, GitError, SnifferError, "GIT: any other failure reading the repository (a corrupt index or object), or a bug in the core.");
create_exception!(omni_sniffer, FileSystemError, SnifferError, "FILE_SYSTEM: the path does not exist, is not a folder or cannot be entered; a kept sniffer's worktree is gone.");
create_exception!(
    omni_sniffer,
    ConfigError,
    SnifferError,
    "CONFIG: an invalid argument or option value."
);

/// Each class with its code.
fn classes(py: Python<'_>) -> [(&'static str, Bound<'_, pyo3::types::PyType>); 7] {
    [
        ("NOT_A_REPOSITORY", py.get_type::<NotARepositoryError>()),
        ("BARE_REPOSITORY", py.get_type::<BareRepositoryError>()),
        ("UNSAFE_REPOSITORY", py.get_type::<UnsafeRepositoryError>()),
        (
            "UNSUPPORTED_REPOSITORY",
            py.get_type::<UnsupportedRepositoryError>(),
        ),
        ("GIT", py.get_type::<GitError>()),
        ("FILE_SYSTEM", py.get_type::<FileSystemError>()),
        ("CONFIG", py.get_type::<ConfigError>()),
    ]
}

pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    module.add("SnifferError", py.get_type::<SnifferError>())?;
    for (code, class) in classes(py) {
        class.setattr("code", code)?;
        module.add(class.name()?, class)?;
    }
    Ok(())
}

/// The core's error as the exception of its code, its message whole (causes included).
pub(crate) fn to_py(error: OmniError) -> PyErr {
    let message = error.message_with_causes();
    match error.code() {
        "NOT_A_REPOSITORY" => NotARepositoryError::new_err(message),
        "BARE_REPOSITORY" => BareRepositoryError::new_err(message),
        "UNSAFE_REPOSITORY" => UnsafeRepositoryError::new_err(message),
        "UNSUPPORTED_REPOSITORY" => UnsupportedRepositoryError::new_err(message),
        "FILE_SYSTEM" => FileSystemError::new_err(message),
        "CONFIG" => ConfigError::new_err(message),
        _ => GitError::new_err(message),
    }
}
