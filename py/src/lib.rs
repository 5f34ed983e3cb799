//! The native module `eniplan._native` of the Python package `eniplan`.
//!
//! A thin binding: every EC2 action goes through [`eniplan::Ec2::call`] with the keyword
//! arguments converted to JSON (the typed calls of `typed` build the core's request types
//! instead), and every failure becomes the Python exception class of its EC2
//! error code (defined in `eniplan/_exceptions.py`, generated from `error_codes()`). No EC2 rule
//! lives here; the only code of its own converts values and shapes metadata.

mod convert;
mod ec2;
mod errors;
mod limits;
mod simulate;
mod typed;

use pyo3::prelude::*;

/// The package version in PEP 440 spelling, from the crate version (Cargo's SemVer).
fn python_version() -> String {
    env!("CARGO_PKG_VERSION")
        .replacen("-alpha.", "a", 1)
        .replacen("-beta.", "b", 1)
        .replacen("-rc.", "rc", 1)
}

/// Every EC2 error code eniplan can raise, in the core's table order, spelled as EC2 spells it.
#[pyfunction]
fn error_codes() -> Vec<&'static str> {
    eniplan::ErrorCode::ALL
        .iter()
        .map(|code| code.as_str())
        .collect()
}

/// Every EC2 action name that `Ec2.call` answers, in the core's order.
#[pyfunction]
fn action_names() -> Vec<&'static str> {
    eniplan::api::action_names().collect()
}

/// The module `eniplan._native`.
#[pymodule]
#[pyo3(name = "_native")]
fn native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add("__version__", python_version())?;
    module.add_class::<ec2::Ec2>()?;
    module.add_function(wrap_pyfunction!(error_codes, module)?)?;
    module.add_function(wrap_pyfunction!(action_names, module)?)?;
    module.add_function(wrap_pyfunction!(limits::max_pods, module)?)?;
    module.add_function(wrap_pyfunction!(limits::instance_type_limits, module)?)?;
    module.add_function(wrap_pyfunction!(simulate::simulate, module)?)?;
    Ok(())
}
