//! `eniplan.Ec2`: one EC2 region's model, with the methods of `boto3.client("ec2")`.

use std::sync::{Mutex, MutexGuard};

use eniplan::model::Strategy;
use eniplan::{
    AssignPrivateIpAddressesRequest, Ec2Options, SubnetId, UnassignPrivateIpAddressesRequest,
};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyModule, PyString, PyTuple};
use serde_json::Value;

use crate::convert::{
    count_argument, integer_argument, json_to_py, kwargs_to_json, request_to_json, string_argument,
    string_list_argument, type_name,
};
use crate::errors::{client_error, response_metadata, HTTP_OK};
use crate::typed;
use eniplan::rng::request_id;

/// The model and the count of requests it answered (for request ids).
#[derive(Clone)]
struct State {
    ec2: eniplan::Ec2,
    requests: u64,
}

impl State {
    /// Counts one more request and gives its number.
    fn next_request(&mut self) -> u64 {
        self.requests += 1;
        self.requests
    }

    /// The id of the next request.
    fn next_request_id(&mut self) -> String {
        let number = self.next_request();
        request_id(self.ec2.options().seed, number)
    }
}

/// A model of one EC2 region (us-east-1) that answers as `boto3.client("ec2")` does.
///
/// Every method takes boto3's keyword arguments and returns boto3's response dict, or raises
/// the `eniplan.ClientError` subclass of the EC2 error code. Safe to share between threads: calls
/// run one at a time, each atomic.
#[pyclass(module = "eniplan", name = "Ec2", frozen)]
pub(crate) struct Ec2 {
    state: Mutex<State>,
}

const POISONED: &str =
    "this eniplan.Ec2 was left unusable by an internal error in an earlier call; create a new one";

fn strategy_from(value: &Bound<'_, PyAny>) -> PyResult<Strategy> {
    let text = value.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!(
            "argument 'strategy' must be 'random' or 'lowest', not {}",
            type_name(value)
        ))
    })?;
    match text.to_str()? {
        "random" => Ok(Strategy::Random),
        "lowest" => Ok(Strategy::Lowest),
        other => Err(PyValueError::new_err(format!(
            "argument 'strategy' must be 'random' or 'lowest', not {other:?}"
        ))),
    }
}

fn strategy_name(strategy: Strategy) -> &'static str {
    match strategy {
        Strategy::Random => "random",
        Strategy::Lowest => "lowest",
    }
}

impl Ec2 {
    /// A copy of the model, for the simulator to run on.
    pub(crate) fn model(&self) -> PyResult<eniplan::Ec2> {
        Ok(self.lock()?.ec2.clone())
    }

    fn lock(&self) -> PyResult<MutexGuard<'_, State>> {
        self.state
            .lock()
            .map_err(|_| PyRuntimeError::new_err(POISONED))
    }

    /// Runs an action on the core model and shapes the answer. The GIL stays held: an action
    /// takes about a microsecond, less than releasing and taking the GIL back would, and the
    /// lock is never held while Python code runs, so threads cannot deadlock on it.
    fn run(&self, py: Python<'_>, action: &str, request: &Value) -> PyResult<Py<PyAny>> {
        let (result, id) = {
            let mut state = self.lock()?;
            let id = state.next_request_id();
            (state.ec2.call(action, request), id)
        };
        let value = result.map_err(|error| client_error(py, &error, action, &id))?;
        let response = json_to_py(py, &value)?;
        if let Ok(dict) = response.cast::<PyDict>() {
            dict.set_item(
                intern!(py, "ResponseMetadata"),
                response_metadata(py, &id, HTTP_OK)?,
            )?;
        }
        Ok(response.unbind())
    }

    /// Runs a typed call on the core model. It counts as a request like any other, but its id
    /// is written only when the call fails, for the exception: a typed call returns no
    /// metadata.
    fn run_typed<T>(
        &self,
        py: Python<'_>,
        action: &str,
        call: impl FnOnce(&mut eniplan::Ec2) -> Result<T, eniplan::Error>,
    ) -> PyResult<T> {
        let (result, seed, number) = {
            let mut state = self.lock()?;
            let number = state.next_request();
            (call(&mut state.ec2), state.ec2.options().seed, number)
        };
        result.map_err(|error| client_error(py, &error, action, &request_id(seed, number)))
    }

    /// AssignPrivateIpAddresses as a typed call.
    fn assign_typed(
        &self,
        py: Python<'_>,
        request: &AssignPrivateIpAddressesRequest,
    ) -> PyResult<eniplan::AssignPrivateIpAddressesResponse> {
        self.run_typed(py, "AssignPrivateIpAddresses", |ec2| ec2.assign(request))
    }

    fn invoke(
        &self,
        py: Python<'_>,
        action: &str,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let request = kwargs_to_json(kwargs)?;
        self.run(py, action, &request)
    }

    fn copy(&self) -> PyResult<Ec2> {
        let state = self.lock()?.clone();
        Ok(Ec2 {
            state: Mutex::new(state),
        })
    }
}

/// Defines the pymethods: one per EC2 action, each the boto3 method name mapped to its action,
/// then the methods of eniplan's own.
macro_rules! ec2_methods {
    ( $( $method:ident => $action:literal, )* ; $($own:tt)* ) => {
        #[pymethods]
        impl Ec2 {
            $(
                #[doc = concat!(
                    "EC2 ``", $action, "``: boto3's keyword arguments and response dict.\n\n",
                    "Raises the ``eniplan.ClientError`` subclass of the EC2 error code."
                )]
                #[pyo3(signature = (*args, **kwargs))]
                fn $method(
                    &self,
                    py: Python<'_>,
                    args: &Bound<'_, PyTuple>,
                    kwargs: Option<&Bound<'_, PyDict>>,
                ) -> PyResult<Py<PyAny>> {
                    if !args.is_empty() {
                        // boto3's own words for a positional argument.
                        return Err(PyTypeError::new_err(concat!(
                            stringify!($method),
                            "() only accepts keyword arguments."
                        )));
                    }
                    self.invoke(py, $action, kwargs)
                }
            )*

            $($own)*
        }
    };
}

ec2_methods! {
    create_vpc => "CreateVpc",
    describe_vpcs => "DescribeVpcs",
    describe_vpc_attribute => "DescribeVpcAttribute",
    modify_vpc_attribute => "ModifyVpcAttribute",
    delete_vpc => "DeleteVpc",
    describe_security_groups => "DescribeSecurityGroups",
    describe_route_tables => "DescribeRouteTables",
    describe_network_acls => "DescribeNetworkAcls",
    create_subnet => "CreateSubnet",
    describe_subnets => "DescribeSubnets",
    delete_subnet => "DeleteSubnet",
    modify_subnet_attribute => "ModifySubnetAttribute",
    create_subnet_cidr_reservation => "CreateSubnetCidrReservation",
    delete_subnet_cidr_reservation => "DeleteSubnetCidrReservation",
    get_subnet_cidr_reservations => "GetSubnetCidrReservations",
    run_instances => "RunInstances",
    terminate_instances => "TerminateInstances",
    describe_instance_attribute => "DescribeInstanceAttribute",
    modify_instance_attribute => "ModifyInstanceAttribute",
    describe_instances => "DescribeInstances",
    describe_instance_types => "DescribeInstanceTypes",
    describe_instance_credit_specifications => "DescribeInstanceCreditSpecifications",
    create_network_interface => "CreateNetworkInterface",
    delete_network_interface => "DeleteNetworkInterface",
    attach_network_interface => "AttachNetworkInterface",
    detach_network_interface => "DetachNetworkInterface",
    describe_network_interfaces => "DescribeNetworkInterfaces",
    modify_network_interface_attribute => "ModifyNetworkInterfaceAttribute",
    assign_private_ip_addresses => "AssignPrivateIpAddresses",
    unassign_private_ip_addresses => "UnassignPrivateIpAddresses",
    allocate_address => "AllocateAddress",
    associate_address => "AssociateAddress",
    disassociate_address => "DisassociateAddress",
    release_address => "ReleaseAddress",
    describe_addresses => "DescribeAddresses",
    describe_addresses_attribute => "DescribeAddressesAttribute",
    create_tags => "CreateTags",
    delete_tags => "DeleteTags",
    describe_tags => "DescribeTags",
    ;

    #[new]
    #[pyo3(signature = (*, strategy = None, seed = None))]
    fn new(strategy: Option<&Bound<'_, PyAny>>, seed: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let strategy = strategy.map(strategy_from).transpose()?.unwrap_or(Strategy::Random);
        let seed = seed.map(|s| integer_argument(s, "seed", u64::MAX)).transpose()?.unwrap_or(0);
        Ok(Ec2 {
            state: Mutex::new(State {
                ec2: eniplan::Ec2::new(Ec2Options { strategy, seed }),
                requests: 0,
            }),
        })
    }

    /// Runs any EC2 action by name (``"AssignPrivateIpAddresses"``) on a request dict in
    /// boto3's shape: what every other method does.
    fn call(&self, py: Python<'_>, action: &str, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let request = request_to_json(request)?;
        self.run(py, action, &request)
    }

    /// AssignPrivateIpAddresses with ``PrivateIpAddresses``, as a typed call: assigns these
    /// addresses and gives those this call assigned (not those the interface held already).
    /// Raises what the same boto3 call raises.
    #[pyo3(signature = (network_interface_id, addresses, *, allow_reassignment = false))]
    fn assign_addresses(
        &self,
        py: Python<'_>,
        network_interface_id: &str,
        addresses: &Bound<'_, PyAny>,
        allow_reassignment: bool,
    ) -> PyResult<Vec<String>> {
        let request = AssignPrivateIpAddressesRequest {
            private_ip_addresses: string_list_argument(addresses, "addresses")?,
            allow_reassignment: Some(allow_reassignment),
            ..typed::assign_request(network_interface_id)
        };
        let response = self.assign_typed(py, &request)?;
        Ok(typed::assigned_addresses(response))
    }

    /// AssignPrivateIpAddresses with ``SecondaryPrivateIpAddressCount``, as a typed call: the
    /// addresses the model picked, in order.
    fn assign_address_count(&self, py: Python<'_>, network_interface_id: &str, count: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let request = AssignPrivateIpAddressesRequest {
            secondary_private_ip_address_count: Some(count_argument(count, "count")?),
            ..typed::assign_request(network_interface_id)
        };
        let response = self.assign_typed(py, &request)?;
        Ok(typed::assigned_addresses(response))
    }

    /// AssignPrivateIpAddresses with ``Ipv4Prefixes``, as a typed call: the /28 prefixes this
    /// call assigned.
    fn assign_prefixes(&self, py: Python<'_>, network_interface_id: &str, prefixes: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let request = AssignPrivateIpAddressesRequest {
            ipv4_prefixes: string_list_argument(prefixes, "prefixes")?,
            ..typed::assign_request(network_interface_id)
        };
        let response = self.assign_typed(py, &request)?;
        Ok(typed::assigned_prefixes(response))
    }

    /// AssignPrivateIpAddresses with ``Ipv4PrefixCount``, as a typed call: the /28 prefixes
    /// the model picked, in order.
    fn assign_prefix_count(&self, py: Python<'_>, network_interface_id: &str, count: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let request = AssignPrivateIpAddressesRequest {
            ipv4_prefix_count: Some(count_argument(count, "count")?),
            ..typed::assign_request(network_interface_id)
        };
        let response = self.assign_typed(py, &request)?;
        Ok(typed::assigned_prefixes(response))
    }

    /// UnassignPrivateIpAddresses as a typed call: releases these secondary addresses and /28
    /// prefixes (either may be empty, not both).
    #[pyo3(signature = (network_interface_id, addresses = None, prefixes = None))]
    fn unassign(
        &self,
        py: Python<'_>,
        network_interface_id: &str,
        addresses: Option<&Bound<'_, PyAny>>,
        prefixes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let list = |value: Option<&Bound<'_, PyAny>>, name| {
            value.map(|v| string_list_argument(v, name)).transpose().map(Option::unwrap_or_default)
        };
        let request = UnassignPrivateIpAddressesRequest {
            network_interface_id: Some(network_interface_id.to_owned()),
            private_ip_addresses: list(addresses, "addresses")?,
            ipv4_prefixes: list(prefixes, "prefixes")?,
        };
        self.run_typed(py, "UnassignPrivateIpAddresses", |ec2| ec2.unassign(&request))
    }

    /// The fragmentation report of a subnet: usable, owned and available addresses, free
    /// aligned /28 blocks, the largest free aligned block, and the blocks that single addresses
    /// pin, with those addresses and their interfaces.
    #[pyo3(signature = (*, SubnetId))]
    #[allow(non_snake_case)]
    fn subnet_report<'py>(&self, py: Python<'py>, SubnetId: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
        let text = string_argument(SubnetId, "SubnetId")?;
        let (result, id) = {
            let mut state = self.lock()?;
            let id = state.next_request_id();
            let result = SubnetId::parse(&text).and_then(|subnet| state.ec2.subnet_report(subnet));
            (result, id)
        };
        let report = result.map_err(|error| client_error(py, &error, "SubnetReport", &id))?;
        Ok(json_to_py(py, &report.to_json())?.cast_into::<PyDict>()?)
    }

    /// What the instance metadata service shows the instance about its network:
    /// ``network/interfaces/macs/<mac>/local-ipv4s`` and the rest, as a dict of those paths.
    #[pyo3(signature = (*, InstanceId))]
    #[allow(non_snake_case)]
    fn instance_metadata<'py>(&self, py: Python<'py>, InstanceId: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
        let text = string_argument(InstanceId, "InstanceId")?;
        let (result, id) = {
            let mut state = self.lock()?;
            let id = state.next_request_id();
            let result = eniplan::InstanceId::parse(&text).and_then(|instance| state.ec2.instance_metadata(instance));
            (result, id)
        };
        let metadata = result.map_err(|error| client_error(py, &error, "InstanceMetadata", &id))?;
        Ok(json_to_py(py, &metadata.to_json())?.cast_into::<PyDict>()?)
    }

    /// Sets how many seconds of the model's clock pass between a reassignment and the instance
    /// metadata showing it (EC2 remaps asynchronously); 0, the default, shows it at once.
    fn set_remap_window(&self, seconds: u64) -> PyResult<()> {
        self.lock()?.ec2.set_remap_window(seconds);
        Ok(())
    }

    /// Advances the model's clock by ``seconds``.
    fn advance_clock(&self, seconds: u64) -> PyResult<()> {
        self.lock()?.ec2.advance_clock(seconds);
        Ok(())
    }

    /// A model loaded from a list of what ``aws ec2 describe-*`` prints (or boto3's describe
    /// responses): any of ``describe_vpcs``, ``describe_subnets``,
    /// ``describe_network_interfaces``, ``describe_instances``, ``describe_addresses``,
    /// ``get_subnet_cidr_reservations`` and ``describe_instance_types``, in any order.
    /// Inconsistent input raises ``ClientError`` naming the ids at fault.
    #[classmethod]
    #[pyo3(signature = (documents, *, strategy = None, seed = None))]
    fn from_describe(
        _class: &Bound<'_, pyo3::types::PyType>,
        py: Python<'_>,
        documents: &Bound<'_, PyAny>,
        strategy: Option<&Bound<'_, PyAny>>,
        seed: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Ec2> {
        let model = Ec2::new(strategy, seed)?;
        let not_a_list = || {
            PyTypeError::new_err(format!(
                "argument 'documents' must be a list of describe responses, not {}",
                type_name(documents)
            ))
        };
        if documents.is_instance_of::<PyString>() || documents.is_instance_of::<PyDict>() {
            return Err(not_a_list());
        }
        let documents = documents
            .try_iter()
            .map_err(|_| not_a_list())?
            .map(|document| request_to_json(&document?))
            .collect::<PyResult<Vec<Value>>>()?;
        {
            let mut state = model.lock()?;
            let id = state.next_request_id();
            state
                .ec2
                .load_describe(&documents)
                .map_err(|error| client_error(py, &error, "LoadDescribe", &id))?;
        }
        Ok(model)
    }

    /// ``ec2.exceptions``, as on a boto3 client: ``ClientError``, one class per EC2 error code
    /// and ``from_code``.
    #[getter]
    fn exceptions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyModule>> {
        py.import("eniplan.exceptions")
    }

    /// The strategy for automatic addresses: ``"random"`` or ``"lowest"``.
    #[getter]
    fn strategy(&self) -> PyResult<&'static str> {
        Ok(strategy_name(self.lock()?.ec2.options().strategy))
    }

    /// The seed of the automatic choices and ids.
    #[getter]
    fn seed(&self) -> PyResult<u64> {
        Ok(self.lock()?.ec2.options().seed)
    }

    fn __repr__(&self) -> PyResult<String> {
        let options = self.lock()?.ec2.options();
        Ok(format!(
            "eniplan.Ec2(strategy={:?}, seed={})",
            strategy_name(options.strategy),
            options.seed
        ))
    }

    /// An independent copy of the model in its current state.
    fn __copy__(&self) -> PyResult<Ec2> {
        self.copy()
    }

    fn __deepcopy__(&self, _memo: &Bound<'_, PyAny>) -> PyResult<Ec2> {
        self.copy()
    }
}
