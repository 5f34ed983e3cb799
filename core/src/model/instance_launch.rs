//! RunInstances with `NetworkInterfaces`: each instance launches on the interfaces its
//! specifications describe, existing ones by id or new ones made as CreateNetworkInterface
//! makes them, with the one at device index 0 of card 0 as its primary.

use std::collections::BTreeSet;

use crate::error::{Error, InterfaceSpecificationProblem};
use crate::ids::{InstanceId, NetworkInterfaceId, ReservationId};
use crate::model::instance::check_counts;
use crate::model::instance_attributes::InstanceAttributes;
use crate::model::Ec2;
use crate::request::{AddressSelection, AttachNetworkInterface, CreateNetworkInterface};

/// The interface a launch specification puts on the instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LaunchInterface {
    /// An `available` interface, by id.
    Existing(NetworkInterfaceId),
    /// A new interface, made for each instance.
    New(CreateNetworkInterface),
}

/// One entry of `NetworkInterfaces`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceLaunch {
    /// `DeviceIndex`.
    pub device_index: u32,
    /// `NetworkCardIndex` (0 when not given).
    pub network_card_index: u32,
    /// `DeleteOnTermination`; when not given, true for a new interface and false for an
    /// existing one, as EC2 does.
    pub delete_on_termination: Option<bool>,
    /// Which interface.
    pub interface: LaunchInterface,
}

impl InterfaceLaunch {
    /// Whether the specification names addresses, which only one instance can have.
    fn names_addresses(&self) -> bool {
        match &self.interface {
            LaunchInterface::Existing(_) => false,
            LaunchInterface::New(create) => {
                create.primary().is_some()
                    || matches!(
                        create.selection(),
                        Some(AddressSelection::Addresses(_) | AddressSelection::Prefixes(_))
                    )
            }
        }
    }
}

/// A RunInstances request with `NetworkInterfaces`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunInstancesOnInterfaces {
    /// The instance type.
    pub instance_type: String,
    /// At least this many instances, or none.
    pub min_count: u32,
    /// At most this many.
    pub max_count: u32,
    /// The interfaces of each instance.
    pub interfaces: Vec<InterfaceLaunch>,
    /// The instances' settings beyond addressing (the launch time is the model's clock's).
    pub attributes: InstanceAttributes,
}

/// What a launch on interfaces made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceLaunchResult {
    /// The reservation.
    pub reservation_id: ReservationId,
    /// The instances, in launch order.
    pub instance_ids: Vec<InstanceId>,
    /// The interfaces made for them (not the existing ones they took).
    pub created_interfaces: Vec<NetworkInterfaceId>,
}

impl Ec2 {
    /// RunInstances with `NetworkInterfaces`: between `min_count` and `max_count` instances,
    /// as many as the subnets have room for, each with the interfaces the specifications
    /// describe attached as AttachNetworkInterface would attach them. Several instances only
    /// when no specification names an interface or an address. A request that fails changes
    /// nothing.
    pub fn run_instances_on_interfaces(
        &mut self,
        request: &RunInstancesOnInterfaces,
    ) -> Result<InterfaceLaunchResult, Error> {
        if self.instance_types.get(&request.instance_type).is_none() {
            return Err(Error::InvalidInstanceTypeValue {
                instance_type: request.instance_type.clone(),
            });
        }
        check_counts(request.min_count, request.max_count)?;
        let mut slots = BTreeSet::new();
        for launch in &request.interfaces {
            if !slots.insert((launch.network_card_index, launch.device_index)) {
                return Err(Error::InvalidInterfaceSpecification(
                    InterfaceSpecificationProblem::DuplicateDeviceIndex,
                ));
            }
        }
        if !slots.contains(&(0, 0)) {
            return Err(Error::InvalidInterfaceSpecification(
                InterfaceSpecificationProblem::NoPrimary,
            ));
        }
        if request.max_count > 1 {
            for launch in &request.interfaces {
                if let LaunchInterface::Existing(_) = launch.interface {
                    return Err(Error::ConflictingParameters {
                        first: "NetworkInterfaceId",
                        second: "MaxCount",
                    });
                }
                if launch.names_addresses() {
                    return Err(Error::ConflictingParameters {
                        first: "PrivateIpAddress",
                        second: "MaxCount",
                    });
                }
            }
        }
        // Everything below may fail part way: it runs on a copy, kept only on success.
        let mut draft = self.clone();
        let reservation_id = ReservationId::from_number(draft.mint());
        let mut result = InterfaceLaunchResult {
            reservation_id,
            instance_ids: Vec::new(),
            created_interfaces: Vec::new(),
        };
        for launch_index in 0..request.max_count {
            match draft.launch_one(request, reservation_id, launch_index) {
                Ok((instance_id, created)) => {
                    result.instance_ids.push(instance_id);
                    result.created_interfaces.extend(created);
                }
                // Out of room after the minimum: the reservation keeps what launched.
                Err(
                    Error::InsufficientFreeAddresses { .. } | Error::InsufficientCidrBlocks { .. },
                ) if launch_index >= request.min_count => break,
                Err(error) => return Err(error),
            }
        }
        *self = draft;
        Ok(result)
    }

    /// One instance of a launch on interfaces. When a new interface finds no room, the ones
    /// already made for this instance are deleted before the error is given.
    fn launch_one(
        &mut self,
        request: &RunInstancesOnInterfaces,
        reservation_id: ReservationId,
        launch_index: u32,
    ) -> Result<(InstanceId, Vec<NetworkInterfaceId>), Error> {
        let mut created = Vec::new();
        let mut placed = Vec::with_capacity(request.interfaces.len());
        for launch in &request.interfaces {
            let id = match &launch.interface {
                LaunchInterface::Existing(id) => *id,
                LaunchInterface::New(create) => match self.create_network_interface(create) {
                    Ok(id) => {
                        created.push(id);
                        id
                    }
                    Err(error) => {
                        for &id in &created {
                            self.remove_network_interface(id);
                        }
                        return Err(error);
                    }
                },
            };
            let delete_on_termination = launch
                .delete_on_termination
                .unwrap_or(matches!(launch.interface, LaunchInterface::New(_)));
            placed.push((launch, id, delete_on_termination));
        }
        // The primary first: it gives the instance its subnet and zone.
        placed.sort_by_key(|(launch, _, _)| (launch.network_card_index, launch.device_index));
        let mut instance_id = None;
        for (launch, id, delete_on_termination) in placed {
            match instance_id {
                None => {
                    instance_id = Some(self.start_instance_on(
                        request,
                        id,
                        delete_on_termination,
                        reservation_id,
                        launch_index,
                    )?);
                }
                Some(instance) => {
                    let attach = AttachNetworkInterface::new(
                        id,
                        instance,
                        launch.device_index,
                        launch.network_card_index,
                    )?;
                    let attached = self.attach_network_interface(&attach)?;
                    self.set_delete_on_termination(
                        id,
                        attached.attachment_id,
                        delete_on_termination,
                    )?;
                }
            }
        }
        let instance_id = instance_id.ok_or(Error::InvalidInterfaceSpecification(
            InterfaceSpecificationProblem::NoPrimary,
        ))?;
        Ok((instance_id, created))
    }

    /// A new running instance whose device 0 is `eni` (an `available` interface, which sets
    /// the instance's subnet and zone and must fit the type as AttachNetworkInterface checks).
    fn start_instance_on(
        &mut self,
        request: &RunInstancesOnInterfaces,
        eni: NetworkInterfaceId,
        delete_on_termination: bool,
        reservation_id: ReservationId,
        launch_index: u32,
    ) -> Result<InstanceId, Error> {
        let instance_type = &request.instance_type;
        let limits = self.instance_types.get(instance_type).ok_or_else(|| {
            Error::InvalidInstanceTypeValue {
                instance_type: instance_type.clone(),
            }
        })?;
        let interface = self.network_interface(eni)?;
        if interface.attachment.is_some() {
            return Err(Error::NetworkInterfaceAttached {
                network_interface_id: eni,
            });
        }
        if interface.slots() > limits.ipv4_per_eni {
            return Err(Error::InterfaceAddressLimitExceeded {
                count: interface.slots(),
                network_interface_id: eni,
                instance_type: instance_type.clone(),
            });
        }
        if !interface.prefixes.is_empty() && !limits.supports_prefixes() {
            return Err(Error::PrefixesNotSupported {
                instance_type: instance_type.clone(),
            });
        }
        let instance_id = InstanceId::from_number(self.mint());
        self.start_instance(
            instance_id,
            instance_type,
            (reservation_id, launch_index),
            &request.attributes,
            (eni, delete_on_termination),
        );
        Ok(instance_id)
    }
}
