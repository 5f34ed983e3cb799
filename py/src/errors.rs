//! EC2 errors as the Python exception classes of `eniplan.exceptions`, and the
//! `ResponseMetadata` that boto3 puts on every response and error.

use std::sync::atomic::{AtomicU64, Ordering};

use pyo3::exceptions::PyRuntimeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyType};

/// `eniplan.exceptions._BY_CODE`: the class of each EC2 error code, looked up once.
static CLASSES: PyOnceLock<Py<PyDict>> = PyOnceLock::new();

/// Requests answered outside any model (`max_pods`, `instance_type_limits`), for their ids.
static FREE_REQUESTS: AtomicU64 = AtomicU64::new(0);

/// HTTP status of a successful answer, as boto3 reports it.
pub(crate) const HTTP_OK: u16 = 200;
/// HTTP status of an EC2 client error.
pub(crate) const HTTP_BAD_REQUEST: u16 = 400;

/// A request id for a call that no model answers.
pub(crate) fn free_request_id() -> String {
    eniplan::rng::request_id(u64::MAX, FREE_REQUESTS.fetch_add(1, Ordering::Relaxed))
}

/// `ResponseMetadata` and its `HTTPHeaders` with every member but the request id filled in,
/// made once: copying a small dict is cheaper than building it, and this runs on every call.
static METADATA_TEMPLATE: PyOnceLock<(Py<PyDict>, Py<PyDict>)> = PyOnceLock::new();

/// boto3's `ResponseMetadata` for a request id and HTTP status.
pub(crate) fn response_metadata<'py>(
    py: Python<'py>,
    request_id: &str,
    status: u16,
) -> PyResult<Bound<'py, PyDict>> {
    let (metadata, headers) = METADATA_TEMPLATE.get_or_try_init(py, || -> PyResult<_> {
        let headers = PyDict::new(py);
        headers.set_item("x-amzn-requestid", "")?;
        headers.set_item("content-type", "text/xml;charset=UTF-8")?;
        headers.set_item("server", "eniplan")?;
        let metadata = PyDict::new(py);
        metadata.set_item("RequestId", "")?;
        metadata.set_item("HTTPStatusCode", HTTP_OK)?;
        metadata.set_item("HTTPHeaders", py.None())?;
        metadata.set_item("RetryAttempts", 0)?;
        Ok((metadata.unbind(), headers.unbind()))
    })?;
    let id = PyString::new(py, request_id);
    let headers = headers.bind(py).copy()?;
    headers.set_item(intern!(py, "x-amzn-requestid"), &id)?;
    let metadata = metadata.bind(py).copy()?;
    metadata.set_item(intern!(py, "RequestId"), id)?;
    if status != HTTP_OK {
        metadata.set_item(intern!(py, "HTTPStatusCode"), status)?;
    }
    metadata.set_item(intern!(py, "HTTPHeaders"), headers)?;
    Ok(metadata)
}

fn exception_class<'py>(py: Python<'py>, code: &str) -> PyResult<Bound<'py, PyType>> {
    let classes = CLASSES.get_or_try_init(py, || -> PyResult<Py<PyDict>> {
        let module = py.import("eniplan.exceptions")?;
        Ok(module.getattr("_BY_CODE")?.cast_into::<PyDict>()?.unbind())
    })?;
    let class = classes.bind(py).get_item(code)?.ok_or_else(|| {
        PyRuntimeError::new_err(format!("eniplan.exceptions has no class for {code}"))
    })?;
    Ok(class.cast_into::<PyType>()?)
}

/// The exception for an EC2 error: the class of its code, built as botocore builds a
/// `ClientError`, from the error response and the operation name.
pub(crate) fn client_error(
    py: Python<'_>,
    error: &eniplan::Error,
    operation: &str,
    request_id: &str,
) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let code = error.code().as_str();
        let detail = PyDict::new(py);
        detail.set_item("Code", code)?;
        detail.set_item("Message", error.message())?;
        let response = PyDict::new(py);
        response.set_item("Error", detail)?;
        response.set_item(
            "ResponseMetadata",
            response_metadata(py, request_id, HTTP_BAD_REQUEST)?,
        )?;
        let exception = exception_class(py, code)?.call1((response, operation))?;
        Ok(PyErr::from_value(exception))
    };
    build().unwrap_or_else(|failure| failure)
}
