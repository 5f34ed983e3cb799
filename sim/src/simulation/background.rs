//! Other tenants of the subnets (Lambda, RDS, NAT gateways): interfaces of one address each,
//! created, deleted and replaced through the same EC2 model, so that the free space fragments
//! as it does in a shared VPC.

use eniplan::{NetworkInterfaceId, SubnetId};

use super::events::Event;
use super::{Simulation, RETRY};
use crate::cloud::Caller;
use crate::time::Millis;

/// One background entry of the scenario.
#[derive(Debug)]
pub(crate) struct Tenant {
    subnet: SubnetId,
    lifetime: Option<Millis>,
    /// Each address's interface, if it has one now; each has one churn event pending at most.
    slots: Vec<Option<NetworkInterfaceId>>,
}

impl Tenant {
    pub(crate) fn new(subnet: SubnetId, addresses: u32, lifetime: Option<Millis>) -> Tenant {
        Tenant {
            subnet,
            lifetime,
            slots: vec![None; addresses as usize],
        }
    }

    /// Its subnet.
    pub(crate) fn subnet(&self) -> SubnetId {
        self.subnet
    }
}

impl Simulation {
    /// Every tenant takes its addresses at the start.
    pub(super) fn start_tenants(&mut self) {
        for tenant in 0..self.tenants.len() {
            for slot in 0..self.tenants[tenant].slots.len() {
                self.create_tenant_interface(tenant, slot);
            }
        }
    }

    /// CreateNetworkInterface of one address; its replacement is scheduled after a lifetime,
    /// or a new try shortly when EC2 refused.
    fn create_tenant_interface(&mut self, tenant: usize, slot: usize) {
        let subnet = self.tenants[tenant].subnet;
        let created = self.cloud.create_network_interface(
            Caller::Background,
            self.now,
            subnet,
            None,
            "background tenant".to_owned(),
        );
        let eni = created.ok();
        self.tenants[tenant].slots[slot] = eni;
        let next = match (eni.is_some(), self.tenants[tenant].lifetime) {
            (false, _) => Some(RETRY),
            (true, Some(mean)) => Some((self.lifetimes.exponential(mean as f64) as Millis).max(1)),
            (true, None) => None,
        };
        if let Some(delay) = next {
            self.schedule(self.now + delay, Event::TenantChurn { tenant, slot });
        }
    }

    /// A tenant's interface is deleted and another takes its place (wherever EC2 puts it).
    pub(super) fn tenant_churn(&mut self, tenant: usize, slot: usize) {
        if let Some(eni) = self.tenants[tenant].slots[slot].take() {
            let _ = self
                .cloud
                .delete_network_interface(Caller::Background, self.now, eni);
        }
        self.create_tenant_interface(tenant, slot);
    }
}
