//! `omni_sniffer._native`: the Rust core for Python. This crate only converts: Python arguments
//! into the core's options (the contract's checks, in Python's names), the snapshot into typed
//! Python objects, `OmniError`s into the exception class of their code, a panic into `GitError`.
//! The GIL is let go while the core works, so other Python threads run meanwhile.

mod arguments;
mod errors;
mod sniffer;
mod values;

use pyo3::prelude::*;

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(module)?;
    values::register(module)?;
    module.add_class::<sniffer::PySniffer>()?;
    module.add_function(wrap_pyfunction!(sniffer::snapshot, module)?)?;
    module.add_function(wrap_pyfunction!(sniffer::panic_for_tests, module)?)?;
    Ok(())
}
