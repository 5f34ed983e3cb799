//! `max_pods` and `instance_type_limits`: the instance-type table of the core.

use eniplan::{InstanceType, InstanceTypes, MaxPodsOptions};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList};

use crate::convert::{integer_argument, string_argument, type_name};
use crate::errors::{client_error, free_request_id};

fn flag(value: &Bound<'_, PyAny>, name: &str) -> PyResult<bool> {
    value.cast::<PyBool>().map(|b| b.is_true()).map_err(|_| {
        PyTypeError::new_err(format!(
            "argument '{name}' must be bool, not {}",
            type_name(value)
        ))
    })
}

/// The embedded type of this name, or the `InvalidInstanceType` exception.
fn lookup(py: Python<'_>, name: &str, operation: &str) -> PyResult<InstanceType> {
    InstanceTypes::embedded()
        .lookup(name)
        .cloned()
        .map_err(|error| client_error(py, &error, operation, &free_request_id()))
}

/// The most pods an EKS node of this instance type can run under the VPC CNI.
///
/// Raises ``InvalidInstanceType`` for an unknown type, and ``InvalidParameterValue`` when
/// ``cap`` is asked for on a type whose vCPU count is not known.
#[pyfunction]
#[pyo3(signature = (
    instance_type,
    *,
    prefix_delegation = None,
    custom_networking = None,
    reserved_enis = None,
    cap = None,
))]
pub(crate) fn max_pods(
    py: Python<'_>,
    instance_type: &Bound<'_, PyAny>,
    prefix_delegation: Option<&Bound<'_, PyAny>>,
    custom_networking: Option<&Bound<'_, PyAny>>,
    reserved_enis: Option<&Bound<'_, PyAny>>,
    cap: Option<&Bound<'_, PyAny>>,
) -> PyResult<u32> {
    let name = string_argument(instance_type, "instance_type")?;
    let flag_or_false = |value: Option<&Bound<'_, PyAny>>, name: &str| {
        value
            .map(|v| flag(v, name))
            .transpose()
            .map(Option::unwrap_or_default)
    };
    let reserved_enis = match reserved_enis {
        // In range by the check: the fallback is never taken.
        Some(value) => u32::try_from(integer_argument(value, "reserved_enis", u32::MAX.into())?)
            .unwrap_or(u32::MAX),
        None => 0,
    };
    let options = MaxPodsOptions {
        prefix_delegation: flag_or_false(prefix_delegation, "prefix_delegation")?,
        custom_networking: flag_or_false(custom_networking, "custom_networking")?,
        reserved_enis,
        cap: flag_or_false(cap, "cap")?,
    };
    let instance_type = lookup(py, &name, "MaxPods")?;
    eniplan::max_pods(&instance_type, &options)
        .map_err(|error| client_error(py, &error, "MaxPods", &free_request_id()))
}

/// The network limits of an instance type, one PascalCase key per field.
///
/// Keys are EC2's ``DescribeInstanceTypes`` member names where the field means the same:
/// ``InstanceType``, ``Hypervisor`` (``"nitro"``, ``"xen"`` or ``"unknown"``), ``BareMetal``,
/// ``DefaultVCpus`` (``None`` when unknown), ``MaximumNetworkInterfaces`` (the whole instance),
/// ``MaximumNetworkCards``, ``DefaultNetworkCardIndex``, ``NetworkCards``,
/// ``Ipv4AddressesPerInterface``, ``Ipv6AddressesPerInterface``, ``Ipv6Supported``; and
/// eniplan's own: ``DefaultNetworkCardMaximumNetworkInterfaces`` (the interfaces of the default
/// card, which max pods counts), ``BranchInterfaces`` and ``Ipv4PrefixesSupported``.
#[pyfunction]
pub(crate) fn instance_type_limits<'py>(
    py: Python<'py>,
    name: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyDict>> {
    let name = string_argument(name, "name")?;
    let t = lookup(py, &name, "InstanceTypeLimits")?;
    let cards = PyList::empty(py);
    for card in &t.network_cards {
        let item = PyDict::new(py);
        item.set_item("NetworkCardIndex", card.index)?;
        item.set_item("MaximumNetworkInterfaces", card.max_interfaces)?;
        cards.append(item)?;
    }
    let dict = PyDict::new(py);
    dict.set_item("InstanceType", &t.name)?;
    dict.set_item("Hypervisor", t.hypervisor.as_str())?;
    dict.set_item("BareMetal", t.bare_metal)?;
    dict.set_item("DefaultVCpus", t.vcpus)?;
    dict.set_item("MaximumNetworkInterfaces", t.total_interfaces())?;
    dict.set_item("MaximumNetworkCards", t.network_cards.len())?;
    dict.set_item("DefaultNetworkCardIndex", t.default_network_card_index)?;
    dict.set_item("DefaultNetworkCardMaximumNetworkInterfaces", t.max_enis)?;
    dict.set_item("NetworkCards", cards)?;
    dict.set_item("Ipv4AddressesPerInterface", t.ipv4_per_eni)?;
    dict.set_item("Ipv6AddressesPerInterface", t.ipv6_per_eni)?;
    dict.set_item("Ipv6Supported", t.ipv6_supported)?;
    dict.set_item("Ipv4PrefixesSupported", t.supports_prefixes())?;
    dict.set_item("BranchInterfaces", t.branch_interfaces)?;
    Ok(dict)
}
