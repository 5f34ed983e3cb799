//! Tags: key-value pairs on every resource, given at creation (`TagSpecifications`), changed by
//! CreateTags and DeleteTags, and listed by DescribeTags and every Describe.

use std::collections::BTreeMap;

use crate::error::Error;
use crate::model::Ec2;

/// The most tags one resource holds (EC2's quota, `TagLimitExceeded` past it).
pub const MAX_TAGS: usize = 50;
/// The longest tag key, in characters.
const MAX_KEY_LENGTH: usize = 128;
/// The longest tag value, in characters.
const MAX_VALUE_LENGTH: usize = 256;

/// A resource's tags, in the order their keys were first set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags(Vec<(String, String)>);

impl Tags {
    /// The tags, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
    }

    /// The value of a key.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == key).map(|(_, value)| value)
    }

    /// How many tags.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sets a key (a key set again keeps its place with the new value).
    pub fn set(&mut self, key: &str, value: &str) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, old)) => *old = value.to_owned(),
            None => self.0.push((key.to_owned(), value.to_owned())),
        }
    }

    /// Removes a key, or only when it has `value` if one is given.
    pub fn remove(&mut self, key: &str, value: Option<&str>) {
        self.0
            .retain(|(k, v)| !(k == key && value.is_none_or(|value| v == value)));
    }

    /// The tags after setting `more`, checked against EC2's limits.
    pub(crate) fn with(&self, more: &[(String, String)]) -> Result<Tags, Error> {
        let mut tags = self.clone();
        for (key, value) in more {
            check_tag(key, value)?;
            tags.set(key, value);
        }
        if tags.len() > MAX_TAGS {
            return Err(Error::TagLimitExceeded);
        }
        Ok(tags)
    }
}

impl FromIterator<(String, String)> for Tags {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Tags {
        let mut tags = Tags::default();
        for (key, value) in pairs {
            tags.set(&key, &value);
        }
        tags
    }
}

/// EC2's checks of one tag: a key of 1 to 128 characters not starting with `aws:`, a value of
/// at most 256.
fn check_tag(key: &str, value: &str) -> Result<(), Error> {
    let refuse = |reason| {
        Err(Error::InvalidTag {
            key: key.to_owned(),
            reason,
        })
    };
    let key_length = key.chars().count();
    if key_length == 0 || key_length > MAX_KEY_LENGTH {
        return refuse("Tag keys must be 1 to 128 characters long");
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return refuse("Tag keys starting with 'aws:' are reserved for internal use");
    }
    if value.chars().count() > MAX_VALUE_LENGTH {
        return refuse("Tag values must be at most 256 characters long");
    }
    Ok(())
}

/// Every tagged resource's tags, by resource id: one store, so that CreateTags, DeleteTags and
/// DescribeTags treat every kind alike.
#[derive(Debug, Clone, Default)]
pub(crate) struct TagStore(BTreeMap<String, Tags>);

impl TagStore {
    /// The tags of a resource (none when it has none).
    pub(crate) fn of(&self, id: &str) -> &Tags {
        static NONE: Tags = Tags(Vec::new());
        self.0.get(id).unwrap_or(&NONE)
    }

    /// Replaces a resource's tags.
    pub(crate) fn put(&mut self, id: String, tags: Tags) {
        if tags.is_empty() {
            self.0.remove(&id);
        } else {
            self.0.insert(id, tags);
        }
    }

    /// Forgets a resource's tags, when the resource goes.
    pub(crate) fn forget(&mut self, id: &str) {
        self.0.remove(id);
    }

    /// Every tagged resource, by id.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &Tags)> {
        self.0.iter().map(|(id, tags)| (id.as_str(), tags))
    }
}

/// The kinds of resource that hold tags, as `ResourceType` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaggedKind {
    /// `vpc`.
    Vpc,
    /// `subnet`.
    Subnet,
    /// `network-interface`.
    NetworkInterface,
    /// `instance`.
    Instance,
    /// `elastic-ip`.
    ElasticIp,
    /// `subnet-cidr-reservation`.
    SubnetCidrReservation,
    /// `security-group`.
    SecurityGroup,
    /// `route-table`.
    RouteTable,
    /// `network-acl`.
    NetworkAcl,
}

impl TaggedKind {
    /// The `ResourceType` EC2 gives it in TagSpecifications and DescribeTags.
    pub fn resource_type(self) -> &'static str {
        match self {
            TaggedKind::Vpc => "vpc",
            TaggedKind::Subnet => "subnet",
            TaggedKind::NetworkInterface => "network-interface",
            TaggedKind::Instance => "instance",
            TaggedKind::ElasticIp => "elastic-ip",
            TaggedKind::SubnetCidrReservation => "subnet-cidr-reservation",
            TaggedKind::SecurityGroup => "security-group",
            TaggedKind::RouteTable => "route-table",
            TaggedKind::NetworkAcl => "network-acl",
        }
    }
}

impl Ec2 {
    /// The tags of a resource, by id.
    pub fn tags(&self, id: &str) -> &Tags {
        self.tags.of(id)
    }

    /// The kind of the resource an id names, when it exists; EC2's error otherwise: the kind's
    /// `...NotFound` for a well-formed id of a known kind, `InvalidID` for anything else.
    pub fn tagged_resource(&self, id: &str) -> Result<TaggedKind, Error> {
        use crate::ids::*;
        let (prefix, _) = id.split_once('-').unwrap_or((id, ""));
        match prefix {
            "vpc" => self.vpc(VpcId::parse(id)?).map(|_| TaggedKind::Vpc),
            "subnet" => self
                .subnet(SubnetId::parse(id)?)
                .map(|_| TaggedKind::Subnet),
            "eni" => self
                .network_interface(NetworkInterfaceId::parse(id)?)
                .map(|_| TaggedKind::NetworkInterface),
            "i" => self
                .instance(InstanceId::parse(id)?)
                .map(|_| TaggedKind::Instance),
            "eipalloc" => self
                .elastic_ip(AllocationId::parse(id)?)
                .map(|_| TaggedKind::ElasticIp),
            "scr" => self
                .subnet_cidr_reservation(SubnetCidrReservationId::parse(id)?)
                .map(|_| TaggedKind::SubnetCidrReservation),
            "sg" => self
                .security_group(SecurityGroupId::parse(id)?)
                .map(|_| TaggedKind::SecurityGroup),
            "rtb" => self
                .route_table(RouteTableId::parse(id)?)
                .map(|_| TaggedKind::RouteTable),
            "acl" => self
                .network_acl(NetworkAclId::parse(id)?)
                .map(|_| TaggedKind::NetworkAcl),
            _ => Err(Error::InvalidId { id: id.to_owned() }),
        }
    }

    /// CreateTags: every resource must exist and take every tag, or nothing changes.
    pub fn create_tags(&mut self, ids: &[String], tags: &[(String, String)]) -> Result<(), Error> {
        let mut updated = Vec::with_capacity(ids.len());
        for id in ids {
            self.tagged_resource(id)?;
            updated.push((id.clone(), self.tags.of(id).with(tags)?));
        }
        for (id, tags) in updated {
            self.tags.put(id, tags);
        }
        Ok(())
    }

    /// DeleteTags: each key is removed (only when its value matches, if one is given); with
    /// no tags named, every tag of the resources goes.
    pub fn delete_tags(
        &mut self,
        ids: &[String],
        tags: &[(String, Option<String>)],
    ) -> Result<(), Error> {
        for id in ids {
            self.tagged_resource(id)?;
        }
        for id in ids {
            let mut kept = self.tags.of(id).clone();
            if tags.is_empty() {
                kept = Tags::default();
            }
            for (key, value) in tags {
                kept.remove(key, value.as_deref());
            }
            self.tags.put(id.clone(), kept);
        }
        Ok(())
    }

    /// Every tag of every resource, by resource id then in each resource's order, with the
    /// resource's kind.
    pub fn all_tags(&self) -> Vec<(&str, TaggedKind, &str, &str)> {
        self.tags
            .iter()
            .filter_map(|(id, tags)| Some((id, self.tagged_resource(id).ok()?, tags)))
            .flat_map(|(id, kind, tags)| tags.iter().map(move |(k, v)| (id, kind, k, v)))
            .collect()
    }

    /// Tags a resource just created with what its TagSpecifications gave. Only the JSON
    /// surface reads TagSpecifications, so only the `serde` feature has this.
    #[cfg(feature = "serde")]
    pub(crate) fn tag_new(&mut self, id: String, tags: Tags) {
        self.tags.put(id, tags);
    }

    /// Forgets the tags of a resource that has gone.
    pub(crate) fn forget_tags(&mut self, id: &str) {
        self.tags.forget(id);
    }
}
