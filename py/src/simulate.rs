//! `eniplan.simulate`: the capacity simulator of `eniplan-sim`, as `eniplan simulate` runs it,
//! with the result as plain dicts and lists under the same names as `--json`.

use std::path::PathBuf;

use eniplan_sim::{scenario_value, Format, Network, Study};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use serde_json::Value;

use crate::convert::{json_to_py, request_to_json, type_name};
use crate::ec2::Ec2;
use crate::errors::{client_error, free_request_id};

/// The scenario: a dict of the schema, or the path of a TOML or JSON file.
fn scenario_argument(scenario: &Bound<'_, PyAny>) -> PyResult<Value> {
    if scenario.is_instance_of::<PyDict>() {
        return request_to_json(scenario);
    }
    let path: PathBuf = scenario.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "argument 'scenario' must be a dict or a path, not {}",
            type_name(scenario)
        ))
    })?;
    let text = std::fs::read_to_string(&path).map_err(|error| {
        pyo3::exceptions::PyOSError::new_err(format!("cannot read {}: {error}", path.display()))
    })?;
    scenario_value(&text, Format::of_path(&path))
        .map_err(|error| PyValueError::new_err(format!("{}: {error}", path.display())))
}

/// The state: describe documents (AWS CLI output or boto3 describe responses), or a model.
fn state_argument(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Network> {
    if let Ok(model) = state.cast::<Ec2>() {
        return Ok(Network::new(model.get().model()?));
    }
    let not_documents = || {
        PyTypeError::new_err(format!(
            "argument 'state' must be a list of describe responses or an eniplan.Ec2, not {}",
            type_name(state)
        ))
    };
    if state.is_instance_of::<PyString>() || state.is_instance_of::<PyDict>() {
        return Err(not_documents());
    }
    let documents = state
        .try_iter()
        .map_err(|_| not_documents())?
        .map(|document| request_to_json(&document?))
        .collect::<PyResult<Vec<Value>>>()?;
    Network::from_describe(&documents)
        .map_err(|error| client_error(py, &error, "LoadDescribe", &free_request_id()))
}

/// `seeds`: a count (from the seed on) or a list of seeds.
fn seeds_argument(seeds: &Bound<'_, PyAny>, scenario: &Value) -> PyResult<Vec<u64>> {
    if let Ok(count) = seeds.extract::<u32>() {
        if count == 0 {
            return Err(PyValueError::new_err("argument 'seeds' must be at least 1"));
        }
        return Ok(Study::consecutive_seeds(scenario, count));
    }
    seeds.extract::<Vec<u64>>().map_err(|_| {
        PyTypeError::new_err(format!(
            "argument 'seeds' must be a count or a list of seeds (int), not {}",
            type_name(seeds)
        ))
    })
}

/// `vary`: a dict of member path to a list of values, or a list of `"KEY=V1,V2"` strings.
fn vary_argument(vary: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if let Ok(dict) = vary.cast::<PyDict>() {
        let mut specs = Vec::new();
        for (key, values) in dict.iter() {
            let key: String = key.extract().map_err(|_| {
                PyTypeError::new_err("the keys of 'vary' must be member paths (str)")
            })?;
            let list = values.cast::<PyList>().map_err(|_| {
                PyTypeError::new_err(format!("vary[{key:?}] must be a list of values"))
            })?;
            let texts = list
                .iter()
                .map(|value| {
                    let wrapped = PyDict::new(vary.py());
                    wrapped.set_item("value", value)?;
                    let json = request_to_json(&wrapped)?;
                    Ok(json["value"].to_string())
                })
                .collect::<PyResult<Vec<String>>>()?;
            specs.push(format!("{key}={}", texts.join(",")));
        }
        return Ok(specs);
    }
    if vary.is_instance_of::<PyList>() || vary.is_instance_of::<PyTuple>() {
        return vary.extract::<Vec<String>>();
    }
    Err(PyTypeError::new_err(format!(
        "argument 'vary' must be a dict of lists or a list of 'KEY=V1,V2' strings, not {}",
        type_name(vary)
    )))
}

/// Runs a scenario, as ``eniplan simulate`` does.
///
/// ``scenario`` is a dict of the scenario schema or the path of a TOML or JSON file; ``state``
/// the network to run on instead of the scenario's ``vpc`` (describe responses, or an
/// ``eniplan.Ec2``, run on a copy). ``seed`` replaces the scenario's seed;
/// ``seeds`` (a count from the seed on, or a list) and ``vary`` (``{"cni.WARM_PREFIX_TARGET":
/// [0, 1, 2]}`` or ``["cni.WARM_PREFIX_TARGET=0,1,2"]``) make a study. Returns the result of
/// ``--json``: one run's, or with seeds or variants the study's. Runs are spread over the cores
/// with the GIL released. A scenario that cannot run raises ``ValueError`` naming the member.
#[pyfunction]
#[pyo3(signature = (scenario, *, state = None, seed = None, seeds = None, vary = None))]
pub(crate) fn simulate<'py>(
    py: Python<'py>,
    scenario: &Bound<'py, PyAny>,
    state: Option<&Bound<'py, PyAny>>,
    seed: Option<u64>,
    seeds: Option<&Bound<'py, PyAny>>,
    vary: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut scenario = scenario_argument(scenario)?;
    if let (Some(seed), Some(object)) = (seed, scenario.as_object_mut()) {
        object.insert("seed".to_owned(), Value::from(seed));
    }
    let state = state.map(|state| state_argument(py, state)).transpose()?;
    let seeds = seeds
        .map(|seeds| seeds_argument(seeds, &scenario))
        .transpose()?;
    let vary = vary.map(vary_argument).transpose()?.unwrap_or_default();
    let single = seeds.is_none() && vary.is_empty();
    let outcome = py.detach(|| {
        let study = Study::new(&scenario, &vary, seeds, state.as_ref())?;
        let result = study.run(state.as_ref(), &|_, _| {})?;
        let value = match result.variants.first() {
            Some(variant) if single => serde_json::to_value(&variant.first),
            _ => serde_json::to_value(&result),
        };
        value.map_err(|error| eniplan_sim::ScenarioError::new(error.to_string()))
    });
    let value = outcome.map_err(|error| PyValueError::new_err(error.to_string()))?;
    json_to_py(py, &value)
}
