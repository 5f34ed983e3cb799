//! The simulator's only way to EC2: the core's model, with every call counted by who made it,
//! its action and its outcome, and the first time each error code came back.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use eniplan::model::{Instance, NetworkInterface, RunInstances};
use eniplan::{
    AddressSelection, AssignPrivateIpAddresses, AssignPrivateIpAddressesResponse,
    AttachNetworkInterface, AttachmentId, CreateNetworkInterface, Ec2, Error, InstanceId,
    InterfaceType, Ipv4Prefix, NetworkInterfaceId, SubnetId, UnassignPrivateIpAddresses,
};
use serde::Serialize;

use crate::time::Millis;

/// Who made an EC2 call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Caller {
    /// A node's VPC CNI (`ipamd`).
    Ipamd,
    /// The node group's Auto Scaling: launching and terminating nodes.
    Autoscaling,
    /// Other tenants of the subnets.
    Background,
}

/// An EC2 action the simulator calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Action {
    /// `RunInstances`.
    RunInstances,
    /// `TerminateInstances`.
    TerminateInstances,
    /// `DescribeInstances`.
    DescribeInstances,
    /// `DescribeSubnets`.
    DescribeSubnets,
    /// `DescribeNetworkInterfaces`.
    DescribeNetworkInterfaces,
    /// `CreateNetworkInterface`.
    CreateNetworkInterface,
    /// `AttachNetworkInterface`.
    AttachNetworkInterface,
    /// `ModifyNetworkInterfaceAttribute`.
    ModifyNetworkInterfaceAttribute,
    /// `DetachNetworkInterface`.
    DetachNetworkInterface,
    /// `DeleteNetworkInterface`.
    DeleteNetworkInterface,
    /// `AssignPrivateIpAddresses`.
    AssignPrivateIpAddresses,
    /// `UnassignPrivateIpAddresses`.
    UnassignPrivateIpAddresses,
}

/// The EC2 model and the record of the calls made to it.
#[derive(Debug, Clone)]
pub(crate) struct Cloud {
    pub(crate) ec2: Ec2,
    /// Calls by (caller, action, error code or `None` for success).
    pub(crate) calls: BTreeMap<(Caller, Action, Option<&'static str>), u64>,
    /// The first time each error code came back.
    pub(crate) first_errors: BTreeMap<&'static str, Millis>,
    /// Errors of calls that name a subnet (or an interface in one): how many, and the first
    /// time, by code and subnet.
    pub(crate) subnet_errors: BTreeMap<(&'static str, SubnetId), (u64, Millis)>,
}

impl Cloud {
    pub(crate) fn new(ec2: Ec2) -> Cloud {
        Cloud {
            ec2,
            calls: BTreeMap::new(),
            first_errors: BTreeMap::new(),
            subnet_errors: BTreeMap::new(),
        }
    }

    fn record<T>(
        &mut self,
        by: Caller,
        action: Action,
        now: Millis,
        result: Result<T, Error>,
    ) -> Result<T, Error> {
        let outcome = result.as_ref().err().map(|error| error.code().as_str());
        *self.calls.entry((by, action, outcome)).or_default() += 1;
        if let Some(code) = outcome {
            self.first_errors.entry(code).or_insert(now);
        }
        result
    }

    /// Records a call as [`Cloud::record`] does, and its error against `subnet`.
    fn record_in<T>(
        &mut self,
        by: Caller,
        action: Action,
        now: Millis,
        subnet: Option<SubnetId>,
        result: Result<T, Error>,
    ) -> Result<T, Error> {
        if let (Err(error), Some(subnet)) = (&result, subnet) {
            let entry = self
                .subnet_errors
                .entry((error.code().as_str(), subnet))
                .or_insert((0, now));
            entry.0 += 1;
        }
        self.record(by, action, now, result)
    }

    /// RunInstances of one instance (`MinCount` and `MaxCount` 1): the instances launched.
    pub(crate) fn run_instance(
        &mut self,
        now: Millis,
        instance_type: &str,
        subnet_id: SubnetId,
    ) -> Result<Vec<InstanceId>, Error> {
        let request = RunInstances {
            instance_type: instance_type.to_owned(),
            subnet_id,
            min_count: 1,
            max_count: 1,
            private_ip_address: None,
            security_group_ids: Vec::new(),
            attributes: Default::default(),
        };
        let result = self.ec2.run_instances(&request).map(|(_, ids)| ids);
        self.record_in(
            Caller::Autoscaling,
            Action::RunInstances,
            now,
            Some(subnet_id),
            result,
        )
    }

    /// TerminateInstances of one instance.
    pub(crate) fn terminate_instance(&mut self, now: Millis, id: InstanceId) -> Result<(), Error> {
        let result = self.ec2.terminate_instances(&[id]).map(drop);
        self.record(Caller::Autoscaling, Action::TerminateInstances, now, result)
    }

    /// DescribeInstances of one instance.
    pub(crate) fn describe_instance(
        &mut self,
        by: Caller,
        now: Millis,
        id: InstanceId,
    ) -> Result<Instance, Error> {
        let result = self.ec2.instance(id).cloned();
        self.record(by, Action::DescribeInstances, now, result)
    }

    /// DescribeSubnets (a call that always succeeds here); the caller reads the model.
    pub(crate) fn describe_subnets(&mut self, by: Caller, now: Millis) -> &Ec2 {
        let _ = self.record(by, Action::DescribeSubnets, now, Ok(()));
        &self.ec2
    }

    /// DescribeNetworkInterfaces of one interface.
    pub(crate) fn describe_network_interface(
        &mut self,
        by: Caller,
        now: Millis,
        id: NetworkInterfaceId,
    ) -> Result<NetworkInterface, Error> {
        let result = self.ec2.network_interface(id).cloned();
        self.record(by, Action::DescribeNetworkInterfaces, now, result)
    }

    /// CreateNetworkInterface with what to assign and a description.
    pub(crate) fn create_network_interface(
        &mut self,
        by: Caller,
        now: Millis,
        subnet_id: SubnetId,
        selection: Option<AddressSelection>,
        description: String,
    ) -> Result<NetworkInterfaceId, Error> {
        let result =
            CreateNetworkInterface::new(subnet_id, None, selection, InterfaceType::Interface)
                .and_then(|request| {
                    self.ec2
                        .create_network_interface(&request.with_description(description))
                });
        self.record_in(
            by,
            Action::CreateNetworkInterface,
            now,
            Some(subnet_id),
            result,
        )
    }

    /// AttachNetworkInterface at a device index of card 0.
    pub(crate) fn attach_network_interface(
        &mut self,
        by: Caller,
        now: Millis,
        eni: NetworkInterfaceId,
        instance: InstanceId,
        device_index: u32,
    ) -> Result<AttachmentId, Error> {
        let result =
            AttachNetworkInterface::new(eni, instance, device_index, 0).and_then(|request| {
                self.ec2
                    .attach_network_interface(&request)
                    .map(|response| response.attachment_id)
            });
        self.record(by, Action::AttachNetworkInterface, now, result)
    }

    /// ModifyNetworkInterfaceAttribute setting `DeleteOnTermination`.
    pub(crate) fn set_delete_on_termination(
        &mut self,
        by: Caller,
        now: Millis,
        eni: NetworkInterfaceId,
        attachment: AttachmentId,
    ) -> Result<(), Error> {
        let result = self.ec2.set_delete_on_termination(eni, attachment, true);
        self.record(by, Action::ModifyNetworkInterfaceAttribute, now, result)
    }

    /// DetachNetworkInterface.
    pub(crate) fn detach_network_interface(
        &mut self,
        by: Caller,
        now: Millis,
        attachment: AttachmentId,
    ) -> Result<(), Error> {
        let result = self.ec2.detach_network_interface(attachment);
        self.record(by, Action::DetachNetworkInterface, now, result)
    }

    /// DeleteNetworkInterface.
    pub(crate) fn delete_network_interface(
        &mut self,
        by: Caller,
        now: Millis,
        eni: NetworkInterfaceId,
    ) -> Result<(), Error> {
        let result = self.ec2.delete_network_interface(eni);
        self.record(by, Action::DeleteNetworkInterface, now, result)
    }

    /// AssignPrivateIpAddresses with a count of addresses or prefixes.
    pub(crate) fn assign(
        &mut self,
        by: Caller,
        now: Millis,
        eni: NetworkInterfaceId,
        selection: AddressSelection,
    ) -> Result<AssignPrivateIpAddressesResponse, Error> {
        let result = AssignPrivateIpAddresses::new(eni, selection, false)
            .and_then(|request| self.ec2.assign_private_ip_addresses(&request));
        let subnet = self
            .ec2
            .network_interface(eni)
            .ok()
            .map(|eni| eni.subnet_id);
        self.record_in(by, Action::AssignPrivateIpAddresses, now, subnet, result)
    }

    /// UnassignPrivateIpAddresses of addresses and prefixes.
    pub(crate) fn unassign(
        &mut self,
        by: Caller,
        now: Millis,
        eni: NetworkInterfaceId,
        addresses: Vec<Ipv4Addr>,
        prefixes: Vec<Ipv4Prefix>,
    ) -> Result<(), Error> {
        let result = UnassignPrivateIpAddresses::new(eni, addresses, prefixes)
            .and_then(|request| self.ec2.unassign_private_ip_addresses(&request));
        self.record(by, Action::UnassignPrivateIpAddresses, now, result)
    }
}
