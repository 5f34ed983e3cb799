//! Python values to JSON and back, and the checked arguments of eniplan's own functions.
//!
//! Requests take exactly the types boto3 takes for EC2: `str`, `int`, `bool`, `list` (or
//! `tuple`) and `dict` with `str` keys. Anything else is a `TypeError` naming the parameter by
//! its path (`Filters[0].Values[1]`), the way the core names request members.

use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// Nesting deeper than this is refused: EC2 requests nest three levels at most, and a list that
/// contains itself must not overflow the stack.
const MAX_DEPTH: usize = 32;

/// The keyword arguments of a call as the JSON request object.
pub(crate) fn kwargs_to_json(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Value> {
    let mut object = Map::new();
    if let Some(kwargs) = kwargs {
        for (key, value) in kwargs.iter() {
            let key: String = key.extract()?;
            let member = to_json(&value, Path::Member(&key), 0)?;
            object.insert(key, member);
        }
    }
    Ok(Value::Object(object))
}

/// A request given as a dict (for `Ec2.call` and the boto3 hook).
pub(crate) fn request_to_json(request: &Bound<'_, PyAny>) -> PyResult<Value> {
    let dict = request.cast::<PyDict>().map_err(|_| {
        PyTypeError::new_err(format!(
            "the request must be a dict of parameters, not {}",
            type_name(request)
        ))
    })?;
    let mut object = Map::new();
    for (key, value) in dict.iter() {
        let key = dict_key(&key, Path::Member("the request"))?;
        let member = to_json(&value, Path::Member(&key), 0)?;
        object.insert(key, member);
    }
    Ok(Value::Object(object))
}

/// The name of a value's type, for messages.
pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "an unknown type".to_owned())
}

fn dict_key(key: &Bound<'_, PyAny>, path: Path<'_>) -> PyResult<String> {
    let key = key.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!(
            "Invalid key in {path}: {} keys are not accepted; parameter names are str",
            type_name(key)
        ))
    })?;
    string(key, path)
}

/// Where a value sits in a request (`Filters[0].Values[1]`), written out only for an error:
/// converting a request must not format a path for every member it reads.
#[derive(Clone, Copy)]
enum Path<'a> {
    /// A top-level member, or a whole argument.
    Member(&'a str),
    /// An item of a list.
    Item(&'a Path<'a>, usize),
    /// A member of a nested structure.
    Key(&'a Path<'a>, &'a str),
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Member(name) => f.write_str(name),
            Path::Item(parent, index) => write!(f, "{parent}[{index}]"),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
        }
    }
}

fn string(value: &Bound<'_, PyString>, path: impl std::fmt::Display) -> PyResult<String> {
    value.to_str().map(str::to_owned).map_err(|_| {
        PyValueError::new_err(format!(
            "Invalid value for parameter {path}: the string cannot be encoded as UTF-8"
        ))
    })
}

fn to_json(value: &Bound<'_, PyAny>, path: Path<'_>, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err(format!(
            "Invalid value for parameter {path}: nested more than {MAX_DEPTH} levels deep \
             (a list or dict that contains itself?)"
        )));
    }
    if let Ok(flag) = value.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(number) = value.extract::<i64>() {
            return Ok(Value::Number(number.into()));
        }
        if let Ok(number) = value.extract::<u64>() {
            return Ok(Value::Number(number.into()));
        }
        return Err(PyOverflowError::new_err(format!(
            "Invalid value for parameter {path}: the integer does not fit in 64 bits"
        )));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Value::String(string(text, path)?));
    }
    if let Ok(list) = value.cast::<PyList>() {
        return list
            .iter()
            .enumerate()
            .map(|(i, item)| to_json(&item, Path::Item(&path, i), depth + 1))
            .collect::<PyResult<Vec<Value>>>()
            .map(Value::Array);
    }
    if let Ok(tuple) = value.cast::<PyTuple>() {
        return tuple
            .iter()
            .enumerate()
            .map(|(i, item)| to_json(&item, Path::Item(&path, i), depth + 1))
            .collect::<PyResult<Vec<Value>>>()
            .map(Value::Array);
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut object = Map::new();
        for (key, item) in dict.iter() {
            let key = dict_key(&key, path)?;
            let member = to_json(&item, Path::Key(&path, &key), depth + 1)?;
            object.insert(key, member);
        }
        return Ok(Value::Object(object));
    }
    let hint = if value.is_none() {
        "; leave the parameter out instead of passing None"
    } else {
        ""
    };
    Err(PyTypeError::new_err(format!(
        "Invalid type for parameter {path}: {}; valid types are str, int, bool, list, tuple \
         and dict{hint}",
        type_name(value)
    )))
}

/// An `int` argument (never a `bool`) from 0 to `max`.
pub(crate) fn integer_argument(value: &Bound<'_, PyAny>, name: &str, max: u64) -> PyResult<u64> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "argument '{name}' must be int, not {}",
            type_name(value)
        )));
    }
    value
        .extract::<u64>()
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| {
            PyValueError::new_err(format!(
                "argument '{name}' must be an integer from 0 to {max}"
            ))
        })
}

/// A list (or tuple) of `str` argument; a lone `str` is refused, since it is almost always a
/// missing pair of brackets.
pub(crate) fn string_list_argument(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<String>> {
    let wrong = || {
        PyTypeError::new_err(format!(
            "argument '{name}' must be a list of str, not {}",
            type_name(value)
        ))
    };
    let item = |(i, item): (usize, Bound<'_, PyAny>)| {
        let text = item.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!(
                "argument '{name}[{i}]' must be str, not {}",
                type_name(&item)
            ))
        })?;
        string(text, Path::Item(&Path::Member(name), i))
    };
    if let Ok(list) = value.cast::<PyList>() {
        list.iter().enumerate().map(item).collect()
    } else if let Ok(tuple) = value.cast::<PyTuple>() {
        tuple.iter().enumerate().map(item).collect()
    } else {
        Err(wrong())
    }
}

/// An `int` argument (never a `bool`) that EC2 checks itself: any value of 64 bits.
pub(crate) fn count_argument(value: &Bound<'_, PyAny>, name: &str) -> PyResult<i64> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "argument '{name}' must be int, not {}",
            type_name(value)
        )));
    }
    value
        .extract::<i64>()
        .map_err(|_| PyOverflowError::new_err(format!("argument '{name}' does not fit in 64 bits")))
}

/// A `str` argument.
pub(crate) fn string_argument(value: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    let text = value.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!(
            "argument '{name}' must be str, not {}",
            type_name(value)
        ))
    })?;
    Ok(text.to_str()?.to_owned())
}

/// A JSON value as the Python value boto3 would give.
pub(crate) fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(number) => number_to_py(py, number)?,
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(members) => {
            let dict = PyDict::new(py);
            for (key, item) in members {
                dict.set_item(key, json_to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

fn number_to_py<'py>(py: Python<'py>, number: &Number) -> PyResult<Bound<'py, PyAny>> {
    if let Some(n) = number.as_u64() {
        return Ok(n.into_pyobject(py)?.into_any());
    }
    if let Some(n) = number.as_i64() {
        return Ok(n.into_pyobject(py)?.into_any());
    }
    Ok(PyFloat::new(py, number.as_f64().unwrap_or(f64::NAN)).into_any())
}
