//! One node's VPC CNI `ipamd`: its start, its pool loop (grow, shrink, free an interface) and
//! the addresses it hands to pods, following `pkg/ipamd` (spec `vpc-cni-ipamd.md`). Every EC2
//! call goes through the core's model, so EC2's rules and errors apply unchanged.

mod datastore;
mod targets;

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use eniplan::{AddressSelection, Error, ErrorCode, InstanceId, NetworkInterfaceId, SubnetId};

pub(crate) use datastore::{Datastore, DatastoreEni};
pub(crate) use targets::PoolTargets;

use crate::cloud::{Caller, Cloud};
use crate::network::Tags;
use crate::rng::Rng;
use crate::scenario::CniConfig;
use crate::time::{Millis, SECOND};

/// The least time between two pool decreases (`decreaseIPPoolInterval`).
const DECREASE_INTERVAL: Millis = 30 * SECOND;
/// No increase at all for this long after a capacity error (`insufficientCidrErrorCooldown`).
const INSUFFICIENT_CIDR_COOLDOWN: Millis = 120 * SECOND;
/// The subnet tag of subnet discovery (`subnetDiscoveryTagKey`).
const CNI_ROLE_TAG: &str = "kubernetes.io/role/cni";
/// The prefix of per-cluster subnet tags (`clusterTagKeyPrefix`).
const CLUSTER_TAG_PREFIX: &str = "cni.networking.k8s.aws/cluster/";

/// What one node group's ipamd works with.
#[derive(Debug, Clone)]
pub(crate) struct IpamdConfig {
    /// The warm targets and limits.
    pub(crate) targets: PoolTargets,
    /// `getMaxENI`: the type's interfaces on the default card, or `MAX_ENI` when lower.
    pub(crate) max_eni: u32,
    /// With custom networking: the ENIConfig subnet of each zone.
    pub(crate) pod_subnets: BTreeMap<String, SubnetId>,
}

/// Where a node is, as its ipamd reads it from instance metadata.
#[derive(Debug, Clone)]
pub(crate) struct NodePlace {
    /// The instance.
    pub(crate) instance_id: InstanceId,
    /// The subnet of its primary interface.
    pub(crate) subnet_id: SubnetId,
    /// Its availability zone.
    pub(crate) zone: String,
}

/// Everything an ipamd step reads or calls besides its own state.
pub(crate) struct Context<'a> {
    /// EC2.
    pub(crate) cloud: &'a mut Cloud,
    /// Go's map order.
    pub(crate) rng: &'a mut Rng,
    /// The simulated time.
    pub(crate) now: Millis,
    /// The `aws-node` settings.
    pub(crate) cni: &'a CniConfig,
    /// The node group's settings.
    pub(crate) config: &'a IpamdConfig,
    /// The node.
    pub(crate) place: &'a NodePlace,
    /// Subnet tags, for subnet discovery.
    pub(crate) subnet_tags: &'a BTreeMap<SubnetId, Tags>,
}

impl Context<'_> {
    fn tag(&self, subnet: SubnetId, key: &str) -> Option<&str> {
        self.subnet_tags
            .get(&subnet)
            .and_then(|tags| tags.get(key))
            .map(String::as_str)
    }

    /// The ENIConfig subnet of the node's zone, with custom networking.
    fn pod_subnet(&self) -> Option<SubnetId> {
        self.cni
            .custom_networking
            .then(|| self.config.pod_subnets.get(&self.place.zone).copied())
            .flatten()
    }
}

/// Why one pool step ended without growing the pool.
#[derive(Debug)]
enum StepError {
    /// EC2 refused a call.
    Ec2(Error),
    /// Subnet discovery found no subnet it may use (an ipamd error, not EC2's).
    NoValidSubnet,
}

impl StepError {
    /// `containsInsufficientCIDRsOrSubnetIPs`: the errors that start the 120 s back-off.
    fn is_capacity(&self) -> bool {
        matches!(self, StepError::Ec2(error) if is_capacity(error))
    }
}

fn is_capacity(error: &Error) -> bool {
    matches!(
        error.code(),
        ErrorCode::InsufficientCidrBlocks | ErrorCode::InsufficientFreeAddressesInSubnet
    )
}

fn is_limit_exceeded(error: &Error) -> bool {
    error.code() == ErrorCode::PrivateIpAddressLimitExceeded
}

/// One node's ipamd.
#[derive(Debug, Clone)]
pub(crate) struct Ipamd {
    /// Its datastore.
    pub(crate) datastore: Datastore,
    last_decrease: Option<Millis>,
    last_insufficient: Option<Millis>,
}

impl Ipamd {
    /// An ipamd that has not started.
    pub(crate) fn new(cni: &CniConfig, targets: &PoolTargets) -> Ipamd {
        Ipamd {
            datastore: Datastore::new(targets.prefix_delegation, cni.ip_cooldown),
            last_decrease: None,
            last_insufficient: None,
        }
    }

    /// `nodeInit`: reads the node's interfaces and their addresses from EC2 into a fresh
    /// datastore, then grows the pool once (`handlePreScaling`). False when the node cannot
    /// become Ready: with custom networking, a pool still empty after that step.
    pub(crate) fn start(&mut self, ctx: &mut Context<'_>) -> bool {
        self.datastore = Datastore::new(ctx.config.targets.prefix_delegation, ctx.cni.ip_cooldown);
        let Ok(instance) =
            ctx.cloud
                .describe_instance(Caller::Ipamd, ctx.now, ctx.place.instance_id)
        else {
            return false;
        };
        let mut interfaces = instance.interfaces.clone();
        interfaces.sort_by_key(|i| i.device_index);
        for interface in interfaces.iter().filter(|i| i.network_card_index == 0) {
            self.set_up_eni(ctx, interface.network_interface_id, interface.device_index);
        }
        let stats = self.datastore.stats();
        if ctx.config.targets.too_low(&stats) && !ctx.cni.provisioning_disabled {
            self.increase(ctx);
        }
        !(ctx.cni.custom_networking && self.datastore.stats().total == 0)
    }

    /// `setupENI`: an attached interface and the current mode's addresses on it join the
    /// datastore (its primary address never does).
    fn set_up_eni(&mut self, ctx: &mut Context<'_>, id: NetworkInterfaceId, device_index: u32) {
        let Ok(eni) = ctx.cloud.ec2.network_interface(id) else {
            return;
        };
        let subnet_id = eni.subnet_id;
        let (secondaries, prefixes) = (eni.secondaries.clone(), eni.prefixes.clone());
        let excluded = ctx.cni.subnet_discovery && ctx.tag(subnet_id, CNI_ROLE_TAG) == Some("0");
        self.datastore.add_eni(DatastoreEni {
            id,
            subnet_id,
            device_index,
            primary: device_index == 0,
            excluded,
            created_at: ctx.now,
            cidrs: Vec::new(),
        });
        let index = self.datastore.enis.len() - 1;
        if ctx.config.targets.prefix_delegation {
            self.datastore.add_prefixes(index, &prefixes);
        } else {
            self.datastore.add_addresses(index, &secondaries);
        }
    }

    /// `updateIPPoolIfRequired`, once: grow when too low, else shrink when too high and the
    /// last decrease is 30 s past; then free at most one unneeded interface.
    pub(crate) fn update_pool(&mut self, ctx: &mut Context<'_>) {
        if ctx.cni.provisioning_disabled {
            return;
        }
        let config = ctx.config;
        let targets = &config.targets;
        let stats = self.datastore.stats();
        let mut decreased = false;
        if targets.too_low(&stats) {
            self.increase(ctx);
        } else if targets.too_high(&stats) && !self.decrease_too_soon(ctx.now) {
            decreased = true;
            self.decrease(ctx);
        }
        let freeable = self.datastore.freeable_eni_exists();
        if targets.should_remove_extra_enis(&stats, freeable) {
            self.free_eni(ctx);
        }
        if decreased {
            self.last_decrease = Some(ctx.now);
        }
    }

    /// `shouldSkipDataStorePoolDecrease`.
    fn decrease_too_soon(&self, now: Millis) -> bool {
        self.last_decrease
            .is_some_and(|last| now - last <= DECREASE_INTERVAL)
    }

    /// `increaseDatastorePool`: at most one step.
    fn increase(&mut self, ctx: &mut Context<'_>) {
        if self
            .last_insufficient
            .is_some_and(|last| ctx.now - last <= INSUFFICIENT_CIDR_COOLDOWN)
        {
            return;
        }
        let result = match self.grow_existing_eni(ctx) {
            Ok(true) => Ok(()),
            Ok(false) if self.has_room_for_eni(ctx) => self.add_eni(ctx),
            Ok(false) => Ok(()),
            Err(error) => Err(error),
        };
        if let Err(error) = result {
            if error.is_capacity() {
                self.last_insufficient = Some(ctx.now);
            }
        }
    }

    /// `hasRoomForEni`.
    fn has_room_for_eni(&self, ctx: &Context<'_>) -> bool {
        (self.datastore.enis.len() as u32) < ctx.config.max_eni
    }

    /// `tryAssignIPs` / `tryAssignPrefixes`: one Assign on an interface with room, in map
    /// order; on an error, one more asking for 1; past a capacity error, the next interface
    /// when subnet discovery is on. True when the pool grew (or a resync counts as growth).
    fn grow_existing_eni(&mut self, ctx: &mut Context<'_>) -> Result<bool, StepError> {
        let config = ctx.config;
        let targets = &config.targets;
        let Some(step) = targets.step_size(&self.datastore.stats()) else {
            return Ok(false);
        };
        let (per_eni, prefix_delegation) = (targets.per_eni, targets.prefix_delegation);
        let skip_primary = ctx.cni.custom_networking;
        for index in self
            .datastore
            .allocatable_enis(per_eni, skip_primary, ctx.rng)
        {
            let eni = &self.datastore.enis[index];
            let id = eni.id;
            let room = per_eni - eni.cidrs.len() as u32;
            let selection = |count: u32| {
                if prefix_delegation {
                    AddressSelection::PrefixCount(count)
                } else {
                    AddressSelection::AddressCount(count)
                }
            };
            let mut result =
                ctx.cloud
                    .assign(Caller::Ipamd, ctx.now, id, selection(room.min(step)));
            if let Err(error) = &result {
                if !is_limit_exceeded(error) {
                    result = ctx.cloud.assign(Caller::Ipamd, ctx.now, id, selection(1));
                }
            }
            match result {
                Ok(response) => {
                    let addresses: Vec<Ipv4Addr> = response
                        .assigned_private_ip_addresses
                        .iter()
                        .map(|a| a.private_ip_address)
                        .collect();
                    let prefixes: Vec<_> = response
                        .assigned_ipv4_prefixes
                        .iter()
                        .map(|p| p.ipv4_prefix)
                        .collect();
                    self.datastore.add_addresses(index, &addresses);
                    self.datastore.add_prefixes(index, &prefixes);
                    return Ok(true);
                }
                Err(error) if is_limit_exceeded(&error) => {
                    // The datastore is taken to be out of step: load what EC2 holds.
                    if let Ok(eni) =
                        ctx.cloud
                            .describe_network_interface(Caller::Ipamd, ctx.now, id)
                    {
                        if prefix_delegation {
                            self.datastore.add_prefixes(index, &eni.prefixes);
                        } else {
                            self.datastore.add_addresses(index, &eni.secondaries);
                        }
                    }
                    return Ok(true);
                }
                Err(error) if ctx.cni.subnet_discovery && is_capacity(&error) => continue,
                Err(error) => return Err(StepError::Ec2(error)),
            }
        }
        Ok(false)
    }

    /// `tryAllocateENI` → `AllocENI`: create an interface with its addresses or prefixes,
    /// attach it at the lowest free device index, mark it to go with the instance, and load it.
    fn add_eni(&mut self, ctx: &mut Context<'_>) -> Result<(), StepError> {
        let config = ctx.config;
        let targets = &config.targets;
        let count = targets
            .new_eni_resources(&self.datastore.stats())
            .min(targets.per_eni);
        if count == 0 {
            return Ok(());
        }
        let selection = if targets.prefix_delegation {
            AddressSelection::PrefixCount(count)
        } else {
            AddressSelection::AddressCount(count)
        };
        let id = self.create_eni(ctx, selection)?;
        let instance_id = ctx.place.instance_id;
        let instance = ctx
            .cloud
            .describe_instance(Caller::Ipamd, ctx.now, instance_id)
            .map_err(StepError::Ec2)?;
        let device_index = (0..)
            .find(|index| {
                !instance
                    .interfaces
                    .iter()
                    .any(|i| i.network_card_index == 0 && i.device_index == *index)
            })
            .unwrap_or(0);
        let attachment = match ctx.cloud.attach_network_interface(
            Caller::Ipamd,
            ctx.now,
            id,
            instance_id,
            device_index,
        ) {
            Ok(attachment) => attachment,
            Err(error) => {
                let _ = ctx
                    .cloud
                    .delete_network_interface(Caller::Ipamd, ctx.now, id);
                return Err(StepError::Ec2(error));
            }
        };
        ctx.cloud
            .set_delete_on_termination(Caller::Ipamd, ctx.now, id, attachment)
            .map_err(StepError::Ec2)?;
        self.set_up_eni(ctx, id, device_index);
        Ok(())
    }

    /// `createENI`: in the ENIConfig subnet with custom networking (one try); else, with
    /// subnet discovery, in each usable subnet of the zone by free addresses, most first,
    /// until one succeeds; else in the node's subnet.
    fn create_eni(
        &mut self,
        ctx: &mut Context<'_>,
        selection: AddressSelection,
    ) -> Result<NetworkInterfaceId, StepError> {
        let description = format!("aws-K8S-{}", ctx.place.instance_id);
        let candidates: Vec<SubnetId> = if let Some(pod_subnet) = ctx.pod_subnet() {
            vec![pod_subnet]
        } else if ctx.cni.subnet_discovery {
            self.discover_subnets(ctx)
        } else if ctx.tag(ctx.place.subnet_id, CNI_ROLE_TAG) == Some("0") {
            Vec::new()
        } else {
            vec![ctx.place.subnet_id]
        };
        let mut last_error = StepError::NoValidSubnet;
        for subnet_id in candidates {
            match ctx.cloud.create_network_interface(
                Caller::Ipamd,
                ctx.now,
                subnet_id,
                Some(selection.clone()),
                description.clone(),
            ) {
                Ok(id) => return Ok(id),
                Err(error) => last_error = StepError::Ec2(error),
            }
        }
        Err(last_error)
    }

    /// `GetVpcSubnets` and `isSubnetValidForENICreation`: the subnets of the node's VPC and
    /// zone, most free addresses first, that may hold a new interface.
    fn discover_subnets(&self, ctx: &mut Context<'_>) -> Vec<SubnetId> {
        let now = ctx.now;
        let node_subnet = ctx.place.subnet_id;
        let ec2 = ctx.cloud.describe_subnets(Caller::Ipamd, now);
        let Ok(vpc_id) = ec2.subnet(node_subnet).map(|subnet| subnet.vpc_id) else {
            return Vec::new();
        };
        let mut subnets: Vec<(SubnetId, u32)> = ec2
            .subnets()
            .iter()
            .filter(|s| s.vpc_id == vpc_id && s.availability_zone == ctx.place.zone)
            .map(|s| (s.id, s.available_ip_address_count()))
            .collect();
        // A stable sort, as `sort.SliceStable`: equal counts keep DescribeSubnets' order.
        subnets.sort_by_key(|&(_, available)| std::cmp::Reverse(available));
        subnets
            .into_iter()
            .map(|(id, _)| id)
            .filter(|&id| self.subnet_valid_for_eni(ctx, id, id == node_subnet))
            .collect()
    }

    fn subnet_valid_for_eni(&self, ctx: &Context<'_>, id: SubnetId, node_subnet: bool) -> bool {
        match ctx.tag(id, CNI_ROLE_TAG) {
            Some("0") => return false,
            None | Some("") => return node_subnet,
            Some(_) => {}
        }
        let Some(cluster) = &ctx.cni.cluster_name else {
            return true;
        };
        let tags = ctx.subnet_tags.get(&id);
        let mut cluster_tags = tags
            .into_iter()
            .flatten()
            .filter(|(key, _)| key.starts_with(CLUSTER_TAG_PREFIX))
            .peekable();
        cluster_tags.peek().is_none()
            || cluster_tags.any(|(key, _)| key[CLUSTER_TAG_PREFIX.len()..] == **cluster)
    }

    /// `decreaseDatastorePool` → `tryUnassignCidrsFromAll`: release what is over the target,
    /// interface by interface in map order, only CIDRs no pod holds an address in.
    fn decrease(&mut self, ctx: &mut Context<'_>) {
        let mut over = ctx.config.targets.release_amount(&self.datastore.stats()) as usize;
        if over == 0 {
            return;
        }
        let order: Vec<usize> = datastore::map_order(self.datastore.enis.len(), ctx.rng).collect();
        // Removing CIDRs leaves the interfaces where they are, so the indices hold.
        for eni in order {
            let freeable = self.datastore.freeable_cidrs(eni, ctx.rng);
            let take: Vec<usize> = freeable.into_iter().take(over).collect();
            if take.is_empty() {
                continue;
            }
            over -= take.len();
            let id = self.datastore.enis[eni].id;
            let removed = self.datastore.remove_cidrs(eni, take);
            let (prefixes, addresses): (Vec<_>, Vec<_>) =
                removed.into_iter().partition(|cidr| cidr.is_prefix);
            // `DeallocCidrs`: prefixes first, then addresses, each call only when non-empty.
            if !prefixes.is_empty() {
                let prefixes = prefixes
                    .iter()
                    .map(|cidr| eniplan::Ipv4Prefix::containing(cidr.network))
                    .collect();
                let _ = ctx
                    .cloud
                    .unassign(Caller::Ipamd, ctx.now, id, Vec::new(), prefixes);
            }
            if !addresses.is_empty() {
                let addresses = addresses.iter().map(|cidr| cidr.network).collect();
                let _ = ctx
                    .cloud
                    .unassign(Caller::Ipamd, ctx.now, id, addresses, Vec::new());
            }
            if over == 0 {
                break;
            }
        }
    }

    /// `tryFreeENI`: at most one deletable interface leaves the datastore and is detached and
    /// deleted, giving its addresses back to the subnet.
    fn free_eni(&mut self, ctx: &mut Context<'_>) {
        let config = ctx.config;
        let Some(index) = self
            .datastore
            .deletable_eni(&config.targets, ctx.now, ctx.rng)
        else {
            return;
        };
        let eni = self.datastore.remove_eni(index);
        let described = ctx
            .cloud
            .describe_network_interface(Caller::Ipamd, ctx.now, eni.id);
        let Some(attachment) = described.ok().and_then(|eni| eni.attachment) else {
            return;
        };
        if ctx
            .cloud
            .detach_network_interface(Caller::Ipamd, ctx.now, attachment.id)
            .is_err()
        {
            return;
        }
        let _ = ctx
            .cloud
            .delete_network_interface(Caller::Ipamd, ctx.now, eni.id);
    }
}

#[cfg(test)]
mod tests;
