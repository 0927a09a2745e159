//! The calls: a one-shot `snapshot(path, **options)` and the kept `OmniSniffer`. Each lets go of
//! the GIL while the core works (other Python threads run meanwhile) and runs behind the panic
//! guard, so a bug in the core is a `GitError`, never a crashed interpreter.

use std::sync::Arc;

use omni_bindings::{catch_panic, panicking, run, Sniffer};
use omni_sniffer::OmniSniffer;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::arguments;
use crate::errors::to_py;
use crate::values::{PyContextScan, PyGitScan, PySnapshot};

/// One snapshot of the worktree at or above `path`.
#[pyfunction]
#[pyo3(signature = (path, **options))]
pub(crate) fn snapshot(
    py: Python<'_>,
    path: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PySnapshot> {
    let path = arguments::path(path).map_err(to_py)?;
    let options = arguments::options(options, false).map_err(to_py)?;
    py.detach(|| catch_panic(|| OmniSniffer::snapshot(&path, options)))
        .map(PySnapshot)
        .map_err(to_py)
}

/// A deliberate panic inside the core's guard, for the tests that prove it becomes a `GitError`.
#[pyfunction]
pub(crate) fn panic_for_tests(py: Python<'_>) -> PyResult<()> {
    py.detach(|| run(panicking())).map(|_| ()).map_err(to_py)
}

/// A sniffer kept between calls: it opens the repository once (a wrong path fails here) and reuses
/// what it can prove unchanged, following the worktree with inotify on Linux unless `watch=False`.
#[pyclass(frozen, name = "OmniSniffer", module = "omni_sniffer")]
pub(crate) struct PySniffer {
    inner: Arc<Sniffer>,
}

#[pymethods]
impl PySniffer {
    #[new]
    #[pyo3(signature = (path, **options))]
    fn new(
        py: Python<'_>,
        path: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let path = arguments::path(path).map_err(to_py)?;
        let options = arguments::options(options, true).map_err(to_py)?;
        let inner = Sniffer::new(path, options);
        py.detach(|| catch_panic(|| inner.open().map(|_| ())))
            .map_err(to_py)?;
        Ok(PySniffer { inner })
    }

    /// The whole snapshot.
    fn get_snapshot(&self, py: Python<'_>) -> PyResult<PySnapshot> {
        let job = self.inner.job();
        py.detach(|| run(job)).map(PySnapshot).map_err(to_py)
    }

    /// The git half of a snapshot, without reading the scratchpad.
    fn scan_git(&self, py: Python<'_>) -> PyResult<PyGitScan> {
        py.detach(|| catch_panic(|| self.inner.open()?.scan_git()))
            .map(PyGitScan)
            .map_err(to_py)
    }

    /// The scratchpad half of a snapshot, without reading the repository.
    fn scan_context(&self, py: Python<'_>) -> PyResult<PyContextScan> {
        py.detach(|| catch_panic(|| Ok(self.inner.open()?.scan_context())))
            .map(PyContextScan)
            .map_err(to_py)
    }

    /// The worktree's absolute, symlink-resolved top level.
    #[getter]
    fn root(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| catch_panic(|| Ok(self.inner.open()?.root().to_string_lossy().into_owned())))
            .map_err(to_py)
    }

    /// Releases the watch and caches now, not when the sniffer is garbage-collected; a later call
    /// opens the repository again.
    fn close(&self) {
        self.inner.close();
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_exception))]
    fn __exit__(&self, _exception: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        self.close();
        false
    }
}
