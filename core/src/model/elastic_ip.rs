//! Elastic IPs as the model holds them.

use std::net::Ipv4Addr;

use crate::ids::{AllocationId, AssociationId, NetworkInterfaceId};

/// Where an Elastic IP points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElasticIpAssociation {
    /// The association's id.
    pub id: AssociationId,
    /// The interface.
    pub network_interface_id: NetworkInterfaceId,
    /// The interface's private address.
    pub private_ip_address: Ipv4Addr,
}

/// An Elastic IP address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElasticIp {
    /// Its allocation id.
    pub allocation_id: AllocationId,
    /// Its public address.
    pub public_ip: Ipv4Addr,
    /// Its association, if associated.
    pub association: Option<ElasticIpAssociation>,
}

use crate::error::Error;
use crate::ids::{IdKind, InstanceId};
use crate::model::{not_found, Ec2};

/// The first public address handed out: 198.18.0.0/15 is reserved for benchmarking (RFC 2544),
/// so a modelled Elastic IP is never mistaken for a real one.
const PUBLIC_POOL_START: u32 = 0xC612_0000;
/// The size of that pool.
const PUBLIC_POOL_SIZE: u32 = 1 << 17;

/// What AssociateAddress points an Elastic IP at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssociateTarget {
    /// An instance with exactly one interface.
    Instance(InstanceId),
    /// An interface.
    NetworkInterface(NetworkInterfaceId),
}

impl Ec2 {
    /// AllocateAddress: a new Elastic IP from the model's public pool.
    pub fn allocate_address(&mut self) -> Result<AllocationId, Error> {
        let index = u32::try_from(self.elastic_ips.len()).unwrap_or(u32::MAX);
        let public_ip = (0..PUBLIC_POOL_SIZE)
            .map(|step| Ipv4Addr::from(PUBLIC_POOL_START + (index + step) % PUBLIC_POOL_SIZE))
            .find(|ip| self.elastic_ips.values().all(|eip| eip.public_ip != *ip))
            .ok_or(Error::AddressLimitExceeded)?;
        let allocation_id = AllocationId::from_number(self.mint());
        self.elastic_ips.insert(
            allocation_id,
            ElasticIp {
                allocation_id,
                public_ip,
                association: None,
            },
        );
        Ok(allocation_id)
    }

    /// AssociateAddress: points an Elastic IP at a private address of an interface (its
    /// primary when none is given). With `allow_reassociation` (EC2's default) an existing
    /// association is moved; an Elastic IP already on the target address is replaced.
    pub fn associate_address(
        &mut self,
        allocation_id: AllocationId,
        target: AssociateTarget,
        private_ip_address: Option<Ipv4Addr>,
        allow_reassociation: bool,
    ) -> Result<AssociationId, Error> {
        let eip = *self.elastic_ip(allocation_id)?;
        let eni_id = match target {
            AssociateTarget::NetworkInterface(id) => id,
            AssociateTarget::Instance(id) => {
                let instance = self.instance(id)?;
                if instance.state == crate::model::InstanceState::Terminated {
                    return Err(Error::InstanceTerminated { instance_id: id });
                }
                match instance.interfaces.as_slice() {
                    [only] => only.network_interface_id,
                    _ => return Err(Error::MultipleInterfaces { instance_id: id }),
                }
            }
        };
        let eni = self.network_interface(eni_id)?;
        let address = match private_ip_address.or(eni.primary) {
            Some(address) if eni.holds(address) => address,
            other => {
                return Err(Error::PrivateAddressNotOnInterface {
                    address: other.unwrap_or(Ipv4Addr::UNSPECIFIED),
                    network_interface_id: eni_id,
                })
            }
        };
        if let (Some(association), false) = (eip.association, allow_reassociation) {
            return Err(Error::AlreadyAssociated {
                allocation_id,
                association_id: association.id,
            });
        }
        if let Some(association) = eip.association {
            self.disassociate(association.id);
        }
        if let Some(previous) = self.network_interface(eni_id)?.elastic_ip(address) {
            if let Some(association) = self.elastic_ips.get(&previous).and_then(|e| e.association) {
                self.disassociate(association.id);
            }
        }
        let association_id = AssociationId::from_number(self.mint());
        if let Some(eip) = self.elastic_ips.get_mut(&allocation_id) {
            eip.association = Some(ElasticIpAssociation {
                id: association_id,
                network_interface_id: eni_id,
                private_ip_address: address,
            });
        }
        if let Some(eni) = self.network_interfaces.get_mut(&eni_id) {
            eni.elastic_ips.push((address, allocation_id));
        }
        self.associations.insert(association_id, allocation_id);
        Ok(association_id)
    }

    /// DisassociateAddress.
    pub fn disassociate_address(&mut self, association_id: AssociationId) -> Result<(), Error> {
        if !self.associations.contains_key(&association_id) {
            return Err(not_found(IdKind::Association, association_id));
        }
        self.disassociate(association_id);
        Ok(())
    }

    fn disassociate(&mut self, association_id: AssociationId) {
        let Some(allocation_id) = self.associations.remove(&association_id) else {
            return;
        };
        let Some(association) = self
            .elastic_ips
            .get_mut(&allocation_id)
            .and_then(|eip| eip.association.take())
        else {
            return;
        };
        if let Some(eni) = self
            .network_interfaces
            .get_mut(&association.network_interface_id)
        {
            eni.elastic_ips
                .retain(|(_, allocation)| *allocation != allocation_id);
        }
    }

    /// ReleaseAddress: an associated Elastic IP cannot be released.
    pub fn release_address(&mut self, allocation_id: AllocationId) -> Result<(), Error> {
        let eip = self.elastic_ip(allocation_id)?;
        if eip.association.is_some() {
            return Err(Error::ElasticIpInUse {
                public_ip: eip.public_ip,
            });
        }
        self.elastic_ips.remove(&allocation_id);
        self.forget_tags(&allocation_id.to_string());
        Ok(())
    }
}
