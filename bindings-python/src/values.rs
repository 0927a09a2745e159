//! The snapshot as typed Python objects: `Snapshot` with one read-only attribute per contract
//! field (snake_case), and `Head`, `Upstream`, `FileStatus`, `ContextInfo` inside it; `GitScan` and
//! `ContextScan` for the two halves. `to_dict()` gives the same as plain dicts and lists.

use omni_sniffer::{
    ContextInfo, ContextScan, EnvironmentSnapshot, FileStatus, GitScan, Head, RecentCommit,
    Upstream,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde::Serialize;
use serde_json::Value;

pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<PySnapshot>()?;
    module.add_class::<PyHead>()?;
    module.add_class::<PyUpstream>()?;
    module.add_class::<PyFileStatus>()?;
    module.add_class::<PyRecentCommit>()?;
    module.add_class::<PyContextInfo>()?;
    module.add_class::<PyGitScan>()?;
    module.add_class::<PyContextScan>()?;
    Ok(())
}

/// A value as plain Python data, every object key in snake_case (`gitBranch` becomes `git_branch`).
fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => match n.as_u64() {
            Some(whole) => whole.into_pyobject(py)?.into_any(),
            None => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(fields) => {
            let dict = PyDict::new(py);
            for (key, item) in fields {
                dict.set_item(snake_case(key), to_python(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn dict_of<'py>(py: Python<'py>, value: &impl Serialize) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(value)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    to_python(py, &value)
}

/// The read-only state of a git worktree and the size of the agent's scratchpad.
#[pyclass(frozen, eq, name = "Snapshot", module = "omni_sniffer")]
#[derive(PartialEq)]
pub(crate) struct PySnapshot(pub(crate) EnvironmentSnapshot);

#[pymethods]
impl PySnapshot {
    #[getter]
    fn git_branch(&self) -> &str {
        &self.0.git_branch
    }
    #[getter]
    fn git_staged(&self) -> u32 {
        self.0.git_staged
    }
    #[getter]
    fn git_modified(&self) -> u32 {
        self.0.git_modified
    }
    #[getter]
    fn git_untracked(&self) -> u32 {
        self.0.git_untracked
    }
    #[getter]
    fn git_conflicted(&self) -> u32 {
        self.0.git_conflicted
    }
    #[getter]
    fn dirty_files(&self) -> Vec<String> {
        self.0.dirty_files.clone()
    }
    #[getter]
    fn files(&self) -> Vec<PyFileStatus> {
        self.0.files.iter().cloned().map(PyFileStatus).collect()
    }
    #[getter]
    fn head(&self) -> PyHead {
        PyHead(self.0.head.clone())
    }
    #[getter]
    fn upstream(&self) -> Option<PyUpstream> {
        self.0.upstream.clone().map(PyUpstream)
    }
    #[getter]
    fn stash_count(&self) -> u32 {
        self.0.stash_count
    }
    #[getter]
    fn operation(&self) -> Option<&str> {
        self.0.operation.as_deref()
    }
    #[getter]
    fn active_context_lines(&self) -> u64 {
        self.0.active_context_lines
    }
    #[getter]
    fn context(&self) -> PyContextInfo {
        PyContextInfo(self.0.context.clone())
    }
    #[getter]
    fn root(&self) -> &str {
        &self.0.root
    }
    #[getter]
    fn timestamp(&self) -> f64 {
        self.0.timestamp
    }
    #[getter]
    fn recent_commits(&self) -> Option<Vec<PyRecentCommit>> {
        let commits = self.0.recent_commits.as_ref()?;
        Some(commits.iter().cloned().map(PyRecentCommit).collect())
    }

    /// The contract's prompt block: the same text as every other backend's.
    fn to_prompt_string(&self) -> String {
        self.0.to_prompt_string()
    }

    /// Every field as plain data, keys in snake_case.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dict_of(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "Snapshot(git_branch={:?}, git_staged={}, git_modified={}, git_untracked={}, git_conflicted={}, root={:?})",
            self.0.git_branch,
            self.0.git_staged,
            self.0.git_modified,
            self.0.git_untracked,
            self.0.git_conflicted,
            self.0.root
        )
    }
}

/// HEAD: its commit (`None` when the branch is unborn), whether it is detached, whether unborn.
#[pyclass(frozen, eq, name = "Head", module = "omni_sniffer")]
#[derive(PartialEq)]
pub(crate) struct PyHead(Head);

#[pymethods]
impl PyHead {
    #[getter]
    fn oid(&self) -> Option<&str> {
        self.0.oid.as_deref()
    }
    #[getter]
    fn detached(&self) -> bool {
        self.0.detached
    }
    #[getter]
    fn unborn(&self) -> bool {
        self.0.unborn
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dict_of(py, &self.0)
    }
    fn __repr__(&self) -> String {
        format!(
            "Head(oid={:?}, detached={}, unborn={})",
            self.0.oid,
            py_bool(self.0.detached),
            py_bool(self.0.unborn)
        )
    }
}

/// The upstream branch: its name as git prints it, commits ahead and behind, whether it is gone.
#[pyclass(frozen, eq, name = "Upstream", module = "omni_sniffer")]
#[derive(PartialEq)]
pub(crate) struct PyUpstream(Upstream);

#[pymethods]
impl PyUpstream {
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }
    #[getter]
    fn ahead(&self) -> u32 {
        self.0.ahead
    }
    #[getter]
    fn behind(&self) -> u32 {
        self.0.behind
    }
    #[getter]
    fn gone(&self) -> bool {
        self.0.gone
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dict_of(py, &self.0)
    }
    fn __repr__(&self) -> String {
        format!(
            "Upstream(name={:?}, ahead={}, behind={}, gone={})",
            self.0.name,
            self.0.ahead,
            self.0.behind,
            py_bool(self.0.gone)
        )
    }
}

/// One commit of `recent_commits`, as `git log --format=%H %s %an %at` gives it.
#[pyclass(frozen, eq, name = "RecentCommit", module = "omni_sniffer")]
#[derive(PartialEq)]
pub(crate) struct PyRecentCommit(RecentCommit);

#[pymethods]
impl PyRecentCommit {
    #[getter]
    fn oid(&self) -> &str {
        &self.0.oid
    }
    #[getter]
    fn summary(&self) -> &str {
        &self.0.summary
    }
    #[getter]
    fn author_name(&self) -> &str {
        &self.0.author_name
    }
    #[getter]
    fn author_time(&self) -> i64 {
        self.0.author_time
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dict_of(py, &self.0)
    }
    fn __repr__(&self) -> String {
        format!(
            "RecentCommit(oid={:?}, summary={:?})",
            self.0.oid, self.0.summary
        )
    }
}

/// One changed path: porcelain v2's X (`index`) and Y (`worktree`) letters and its `sub` field.
#[pyclass(frozen, eq, name = "FileStatus", module = "omni_sniffer")]
#[derive(PartialEq)]
pub(crate) struct PyFileStatus(FileStatus);

#[pymethods]
impl PyFileStatus {
    #[getter]
    fn path(&self) -> &str {
        &self.0.path
    }
    #[getter]
    fn index(&self) -> String {
        self.0.index.to_string()
    }
    #[getter]
    fn worktree(&self) -> String {
        self.0.worktree.to_string()
    }
    #[getter]
    fn submodule(&self) -> Option<&str> {
        self.0.submodule.as_deref()
    }
    /// With the `line_stats` option: `{"staged": ..., "unstaged": ...}`, each side `None` or
    /// `{"added", "deleted", "not_counted"}`; `None` without it.
    #[getter]
    fn line_stats<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0
            .line_stats
            .as_ref()
            .map(|stats| dict_of(py, stats))
            .transpose()
    }
    /// With the `renames` option, a rename's `{"from", "score"}` (`None` for an entry that is not
    /// one); `None` without it.
    #[getter]
    fn rename<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0
            .rename
            .iter()
            .flatten()
            .next()
            .map(|rename| dict_of(py, rename))
            .transpose()
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dict_of(py, &self.0)
    }
    fn __repr__(&self) -> String {
        format!(
            "FileStatus(path={:?}, index={:?}, worktree={:?})",
            self.0.path,
            self.0.index.to_string(),
            self.0.worktree.to_string()
        )
    }
}

/// The scratchpad: its path relative to the root, and `ok`, `missing` or `unreadable`.
#[pyclass(frozen, eq, name = "ContextInfo", module = "omni_sniffer")]
#[derive(PartialEq)]
pub(crate) struct PyContextInfo(ContextInfo);

#[pymethods]
impl PyContextInfo {
    #[getter]
    fn path(&self) -> &str {
        &self.0.path
    }
    #[getter]
    fn status(&self) -> PyResult<String> {
        match serde_json::to_value(self.0.status) {
            Ok(Value::String(s)) => Ok(s),
            _ => Err(pyo3::exceptions::PyValueError::new_err(
                "a context status that is no string",
            )),
        }
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        dict_of(py, &self.0)
    }
    fn __repr__(&self) -> PyResult<String> {
        Ok(format!(
            "ContextInfo(path={:?}, status={:?})",
            self.0.path,
            self.status()?
        ))
    }
}

/// The git half of a snapshot (`OmniSniffer.scan_git()`): the snapshot's git fields, same names.
#[pyclass(frozen, name = "GitScan", module = "omni_sniffer")]
pub(crate) struct PyGitScan(pub(crate) GitScan);

#[pymethods]
impl PyGitScan {
    #[getter]
    fn git_branch(&self) -> &str {
        &self.0.branch
    }
    #[getter]
    fn git_staged(&self) -> u32 {
        self.0.staged
    }
    #[getter]
    fn git_modified(&self) -> u32 {
        self.0.modified
    }
    #[getter]
    fn git_untracked(&self) -> u32 {
        self.0.untracked
    }
    #[getter]
    fn git_conflicted(&self) -> u32 {
        self.0.conflicted
    }
    #[getter]
    fn dirty_files(&self) -> Vec<String> {
        self.0.dirty_files.clone()
    }
    #[getter]
    fn files(&self) -> Vec<PyFileStatus> {
        self.0.files.iter().cloned().map(PyFileStatus).collect()
    }
    #[getter]
    fn head(&self) -> PyHead {
        PyHead(self.0.head.clone())
    }
    #[getter]
    fn upstream(&self) -> Option<PyUpstream> {
        self.0.upstream.clone().map(PyUpstream)
    }
    #[getter]
    fn stash_count(&self) -> u32 {
        self.0.stash_count
    }
    #[getter]
    fn operation(&self) -> Option<&str> {
        self.0.operation.as_deref()
    }
}

/// The scratchpad half of a snapshot (`OmniSniffer.scan_context()`).
#[pyclass(frozen, name = "ContextScan", module = "omni_sniffer")]
pub(crate) struct PyContextScan(pub(crate) ContextScan);

#[pymethods]
impl PyContextScan {
    #[getter]
    fn active_context_lines(&self) -> u64 {
        self.0.lines
    }
    #[getter]
    fn context(&self) -> PyContextInfo {
        PyContextInfo(self.0.context.clone())
    }
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}
