//! Each action's members, declared once.
//!
//! A member has its name in the SDK's JSON shape (`PrivateIpAddresses`), its name on the EC2
//! Query wire where botocore's differs (`PrivateIpAddress`, flattened `PrivateIpAddress.N`), its
//! shape, and whether EC2 requires it, the model reads it when given, or it is a member of the
//! real API that does not affect IPv4 addressing, accepted and ignored (a policy, listed in
//! README). An action also names the XML elements of its response that are not the JSON member
//! in lower camel case (`AssignedPrivateIpAddresses` is `assignedPrivateIpAddressesSet`).
//!
//! This one declaration drives the JSON reader (which members exist, at every level), the Query
//! decoder (wire names and shapes), the XML writer (element names), `DryRun` (the actions that
//! declare it) and `UnknownParameter` (everything else), so the JSON and Query surfaces cannot
//! disagree about an action's members.
//!
//! ```
//! use eniplan::schema::{self, Presence, Shape};
//!
//! let assign = schema::action("AssignPrivateIpAddresses").unwrap();
//! let addresses = assign.member("PrivateIpAddresses").unwrap();
//! assert_eq!(addresses.wire, "PrivateIpAddress");
//! assert_eq!(addresses.shape, Shape::Strings);
//! assert_eq!(assign.member("NetworkInterfaceId").unwrap().presence, Presence::Required);
//! assert!(!assign.takes_dry_run());
//! assert_eq!(assign.element("AssignedIpv4Prefixes"), "assignedIpv4PrefixSet");
//! ```

/// How a member's value is shaped, in JSON and on the Query wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A string.
    String,
    /// An integer.
    Integer,
    /// A boolean (`true` or `false` on the wire).
    Boolean,
    /// A list of strings; on the wire `Wire.1`, `Wire.2`, ...
    Strings,
    /// A list of structures of these members; on the wire `Wire.1.Member`, ...
    Structures(&'static [Member]),
    /// One structure of these members; on the wire `Wire.Member` (`EnableDnsSupport.Value`).
    Structure(&'static [Member]),
    /// Any value, not read: on the wire, numeric parts are list indexes and the others member
    /// names (`TagSpecification.1.Tag.1.Key`).
    Any,
}

/// Whether EC2 requires a member, the model reads it, or it is accepted and ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// EC2 requires it: without it the request fails with `MissingParameter`, in the order of
    /// the action's checks.
    Required,
    /// Read when given.
    Optional,
    /// A member of the real API that does not affect IPv4 addressing: accepted, never read.
    Ignored,
}

/// One member of a request or of a structure inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// The name in the SDK's JSON shape.
    pub name: &'static str,
    /// The name on the Query wire (botocore's `locationName`).
    pub wire: &'static str,
    /// How its value is shaped.
    pub shape: Shape,
    /// Whether it is required, read or ignored.
    pub presence: Presence,
}

impl Member {
    /// A member EC2 requires.
    pub const fn required(name: &'static str, shape: Shape) -> Member {
        Member {
            name,
            wire: name,
            shape,
            presence: Presence::Required,
        }
    }

    /// A member the model reads when given.
    pub const fn optional(name: &'static str, shape: Shape) -> Member {
        Member {
            name,
            wire: name,
            shape,
            presence: Presence::Optional,
        }
    }

    /// A member of the real API that does not affect addressing: accepted and ignored.
    pub const fn ignored(name: &'static str) -> Member {
        Member {
            name,
            wire: name,
            shape: Shape::Any,
            presence: Presence::Ignored,
        }
    }

    /// The member with its Query wire name, where botocore's differs from the JSON name.
    pub const fn on_wire(self, wire: &'static str) -> Member {
        Member { wire, ..self }
    }
}

/// One action: its name, its members and the XML elements of its response that are renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionSchema {
    /// The action's EC2 name.
    pub name: &'static str,
    /// Its members, in groups (the action's own, then any it shares with other actions).
    pub members: &'static [&'static [Member]],
    /// Response members whose XML element is not the member name in lower camel case, as
    /// `(member, element)`, in groups.
    pub elements: &'static [&'static [(&'static str, &'static str)]],
}

impl ActionSchema {
    /// Every member, in declaration order.
    pub fn members(&self) -> impl Iterator<Item = &'static Member> {
        self.members.iter().flat_map(|group| group.iter())
    }

    /// The member with this JSON name.
    pub fn member(&self, name: &str) -> Option<&'static Member> {
        self.members().find(|member| member.name == name)
    }

    /// Whether the action takes `DryRun`.
    pub fn takes_dry_run(&self) -> bool {
        self.member("DryRun").is_some()
    }

    /// The XML element of a response member.
    pub fn element(&self, member: &str) -> String {
        let renamed = self
            .elements
            .iter()
            .flat_map(|group| group.iter())
            .find(|(name, _)| *name == member);
        match renamed {
            Some((_, element)) => (*element).to_owned(),
            None => lower_camel(member),
        }
    }
}

/// `PrivateIpAddress` → `privateIpAddress`.
fn lower_camel(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The action with this EC2 name.
pub fn action(name: &str) -> Option<&'static ActionSchema> {
    ACTIONS.iter().find(|action| action.name == name)
}

use Shape::{Boolean, Integer, Strings, Structure, Structures};
const S: Shape = Shape::String;

const DRY_RUN: Member = Member::optional("DryRun", Boolean);

/// A tag: `{"Key": ..., "Value": ...}`.
const TAG: &[Member] = &[Member::optional("Key", S), Member::optional("Value", S)];

/// The tags a create applies: `TagSpecifications: [{"ResourceType": ..., "Tags": [...]}]`,
/// `TagSpecification.N.ResourceType` and `TagSpecification.N.Tag.M.Key` on the wire.
const TAGS: Member = Member::optional(
    "TagSpecifications",
    Structures(&[
        Member::optional("ResourceType", S),
        Member::optional("Tags", Structures(TAG)).on_wire("Tag"),
    ]),
)
.on_wire("TagSpecification");

/// Tags in a response: `tagSet` in XML.
const TAG_ELEMENTS: &[(&str, &str)] = &[("Tags", "tagSet"), ("TagSet", "tagSet")];

/// A Describe filter: `{"Name": ..., "Values": [...]}`, `Filter.N.Name` and `Filter.N.Value.M`.
const FILTER: &[Member] = &[
    Member::required("Name", S),
    Member::optional("Values", Strings).on_wire("Value"),
];

/// The members every Describe action shares; paging is accepted and ignored (every result is
/// in one page, a policy).
const DESCRIBE: &[Member] = &[
    Member::optional("Filters", Structures(FILTER)).on_wire("Filter"),
    Member::ignored("MaxResults"),
    Member::ignored("NextToken"),
    DRY_RUN,
];

/// A network interface in a response.
const NETWORK_INTERFACE_ELEMENTS: &[(&str, &str)] = &[
    ("Groups", "groupSet"),
    ("Ipv4Prefixes", "ipv4PrefixSet"),
    ("Ipv6Addresses", "ipv6AddressesSet"),
    ("PrivateIpAddresses", "privateIpAddressesSet"),
    ("TagSet", "tagSet"),
];

/// A reservation of instances in a response, with the instances' interfaces.
const RESERVATION_ELEMENTS: &[(&str, &str)] = &[
    ("Groups", "groupSet"),
    ("Instances", "instancesSet"),
    ("NetworkInterfaces", "networkInterfaceSet"),
    ("State", "instanceState"),
    ("Tags", "tagSet"),
];

/// An attribute's new value in a Modify...Attribute request: `{"Value": true}`,
/// `EnableDnsSupport.Value=true` on the wire.
const BOOLEAN_VALUE: Shape = Structure(&[Member::optional("Value", Boolean)]);

/// A string attribute's new value: `{"Value": "text"}`, `Description.Value=text` on the wire.
const STRING_VALUE: Shape = Structure(&[Member::optional("Value", S)]);

/// CreateVpc.
pub const CREATE_VPC: ActionSchema = ActionSchema {
    name: "CreateVpc",
    members: &[&[
        Member::required("CidrBlock", S),
        Member::ignored("AmazonProvidedIpv6CidrBlock"),
        Member::ignored("InstanceTenancy"),
        Member::ignored("Ipv6Pool"),
        Member::ignored("Ipv6CidrBlock"),
        Member::ignored("Ipv4IpamPoolId"),
        Member::ignored("Ipv4NetmaskLength"),
        Member::ignored("Ipv6IpamPoolId"),
        Member::ignored("Ipv6NetmaskLength"),
        Member::ignored("Ipv6CidrBlockNetworkBorderGroup"),
        Member::ignored("VpcEncryptionControl"),
        TAGS,
        DRY_RUN,
    ]],
    elements: &[TAG_ELEMENTS],
};

/// DescribeVpcs.
pub const DESCRIBE_VPCS: ActionSchema = ActionSchema {
    name: "DescribeVpcs",
    members: &[
        &[Member::optional("VpcIds", Strings).on_wire("VpcId")],
        DESCRIBE,
    ],
    elements: &[&[("Vpcs", "vpcSet")], TAG_ELEMENTS],
};

/// DescribeVpcAttribute: one attribute a call.
pub const DESCRIBE_VPC_ATTRIBUTE: ActionSchema = ActionSchema {
    name: "DescribeVpcAttribute",
    members: &[&[
        Member::required("Attribute", S),
        Member::required("VpcId", S),
        DRY_RUN,
    ]],
    elements: &[],
};

/// ModifyVpcAttribute: one attribute a call. It takes no `DryRun`.
pub const MODIFY_VPC_ATTRIBUTE: ActionSchema = ActionSchema {
    name: "ModifyVpcAttribute",
    members: &[&[
        Member::required("VpcId", S),
        Member::optional("EnableDnsSupport", BOOLEAN_VALUE),
        Member::optional("EnableDnsHostnames", BOOLEAN_VALUE),
        Member::optional("EnableNetworkAddressUsageMetrics", BOOLEAN_VALUE),
    ]],
    elements: &[],
};

/// DeleteVpc.
pub const DELETE_VPC: ActionSchema = ActionSchema {
    name: "DeleteVpc",
    members: &[&[Member::required("VpcId", S), DRY_RUN]],
    elements: &[],
};

/// DescribeSecurityGroups.
pub const DESCRIBE_SECURITY_GROUPS: ActionSchema = ActionSchema {
    name: "DescribeSecurityGroups",
    members: &[
        &[
            Member::optional("GroupIds", Strings).on_wire("GroupId"),
            Member::optional("GroupNames", Strings).on_wire("GroupName"),
        ],
        DESCRIBE,
    ],
    elements: &[
        &[
            ("SecurityGroups", "securityGroupInfo"),
            ("Description", "groupDescription"),
            ("UserIdGroupPairs", "groups"),
        ],
        TAG_ELEMENTS,
    ],
};

/// DescribeRouteTables.
pub const DESCRIBE_ROUTE_TABLES: ActionSchema = ActionSchema {
    name: "DescribeRouteTables",
    members: &[
        &[Member::optional("RouteTableIds", Strings).on_wire("RouteTableId")],
        DESCRIBE,
    ],
    elements: &[
        &[
            ("RouteTables", "routeTableSet"),
            ("Routes", "routeSet"),
            ("Associations", "associationSet"),
            ("PropagatingVgws", "propagatingVgwSet"),
        ],
        TAG_ELEMENTS,
    ],
};

/// DescribeNetworkAcls.
pub const DESCRIBE_NETWORK_ACLS: ActionSchema = ActionSchema {
    name: "DescribeNetworkAcls",
    members: &[
        &[Member::optional("NetworkAclIds", Strings).on_wire("NetworkAclId")],
        DESCRIBE,
    ],
    elements: &[
        &[
            ("NetworkAcls", "networkAclSet"),
            ("Entries", "entrySet"),
            ("Associations", "associationSet"),
            ("IsDefault", "default"),
        ],
        TAG_ELEMENTS,
    ],
};

/// CreateSubnet.
pub const CREATE_SUBNET: ActionSchema = ActionSchema {
    name: "CreateSubnet",
    members: &[&[
        Member::required("VpcId", S),
        Member::required("CidrBlock", S),
        Member::optional("AvailabilityZone", S),
        Member::ignored("AvailabilityZoneId"),
        Member::ignored("Ipv6CidrBlock"),
        Member::ignored("OutpostArn"),
        Member::ignored("Ipv6Native"),
        Member::ignored("Ipv4IpamPoolId"),
        Member::ignored("Ipv4NetmaskLength"),
        Member::ignored("Ipv6IpamPoolId"),
        Member::ignored("Ipv6NetmaskLength"),
        TAGS,
        DRY_RUN,
    ]],
    elements: &[TAG_ELEMENTS],
};

/// DescribeSubnets.
pub const DESCRIBE_SUBNETS: ActionSchema = ActionSchema {
    name: "DescribeSubnets",
    members: &[
        &[Member::optional("SubnetIds", Strings).on_wire("SubnetId")],
        DESCRIBE,
    ],
    elements: &[&[("Subnets", "subnetSet")], TAG_ELEMENTS],
};

/// DeleteSubnet.
pub const DELETE_SUBNET: ActionSchema = ActionSchema {
    name: "DeleteSubnet",
    members: &[&[Member::required("SubnetId", S), DRY_RUN]],
    elements: &[],
};

/// ModifySubnetAttribute: one attribute a call. It takes no `DryRun`. The Outposts members
/// are read to refuse them: no Outpost is modelled.
pub const MODIFY_SUBNET_ATTRIBUTE: ActionSchema = ActionSchema {
    name: "ModifySubnetAttribute",
    members: &[&[
        Member::required("SubnetId", S),
        Member::optional("AssignIpv6AddressOnCreation", BOOLEAN_VALUE),
        Member::optional("MapPublicIpOnLaunch", BOOLEAN_VALUE),
        Member::optional("MapCustomerOwnedIpOnLaunch", BOOLEAN_VALUE),
        Member::optional("CustomerOwnedIpv4Pool", S),
        Member::optional("EnableDns64", BOOLEAN_VALUE),
        Member::optional("PrivateDnsHostnameTypeOnLaunch", S),
        Member::optional("EnableResourceNameDnsARecordOnLaunch", BOOLEAN_VALUE),
        Member::optional("EnableResourceNameDnsAAAARecordOnLaunch", BOOLEAN_VALUE),
        Member::optional("EnableLniAtDeviceIndex", Integer),
        Member::optional("DisableLniAtDeviceIndex", BOOLEAN_VALUE),
    ]],
    elements: &[],
};

/// CreateSubnetCidrReservation.
pub const CREATE_SUBNET_CIDR_RESERVATION: ActionSchema = ActionSchema {
    name: "CreateSubnetCidrReservation",
    members: &[&[
        Member::required("SubnetId", S),
        Member::required("Cidr", S),
        Member::required("ReservationType", S),
        Member::optional("Description", S),
        TAGS,
        DRY_RUN,
    ]],
    elements: &[TAG_ELEMENTS],
};

/// DeleteSubnetCidrReservation.
pub const DELETE_SUBNET_CIDR_RESERVATION: ActionSchema = ActionSchema {
    name: "DeleteSubnetCidrReservation",
    members: &[&[Member::required("SubnetCidrReservationId", S), DRY_RUN]],
    elements: &[],
};

/// GetSubnetCidrReservations.
pub const GET_SUBNET_CIDR_RESERVATIONS: ActionSchema = ActionSchema {
    name: "GetSubnetCidrReservations",
    members: &[&[Member::required("SubnetId", S)], DESCRIBE],
    elements: &[
        &[
            ("SubnetIpv4CidrReservations", "subnetIpv4CidrReservationSet"),
            ("SubnetIpv6CidrReservations", "subnetIpv6CidrReservationSet"),
        ],
        TAG_ELEMENTS,
    ],
};

/// An address of a new interface: `{"PrivateIpAddress": ..., "Primary": ...}`.
const PRIVATE_IP_ADDRESS_SPECIFICATION: &[Member] = &[
    Member::required("PrivateIpAddress", S),
    Member::optional("Primary", Boolean),
];

/// A prefix of a new interface: `{"Ipv4Prefix": ...}`.
const IPV4_PREFIX_SPECIFICATION: &[Member] = &[Member::required("Ipv4Prefix", S)];

/// One interface of RunInstances' `NetworkInterfaces`: an existing interface by id, or a new
/// one made as CreateNetworkInterface makes it.
const INSTANCE_NETWORK_INTERFACE_SPECIFICATION: &[Member] = &[
    Member::optional("DeviceIndex", Integer),
    Member::optional("NetworkCardIndex", Integer),
    Member::optional("NetworkInterfaceId", S),
    Member::optional("DeleteOnTermination", Boolean),
    Member::optional("SubnetId", S),
    Member::optional("Description", S),
    Member::optional("PrivateIpAddress", S),
    Member::optional(
        "PrivateIpAddresses",
        Structures(PRIVATE_IP_ADDRESS_SPECIFICATION),
    ),
    Member::optional("SecondaryPrivateIpAddressCount", Integer),
    Member::optional("Ipv4Prefixes", Structures(IPV4_PREFIX_SPECIFICATION)).on_wire("Ipv4Prefix"),
    Member::optional("Ipv4PrefixCount", Integer),
    Member::optional("InterfaceType", S),
    Member::optional("Groups", Strings).on_wire("SecurityGroupId"),
    Member::ignored("AssociatePublicIpAddress"),
    Member::ignored("AssociateCarrierIpAddress"),
    Member::ignored("Ipv6AddressCount"),
    Member::ignored("Ipv6Addresses"),
    Member::ignored("Ipv6Prefixes").on_wire("Ipv6Prefix"),
    Member::ignored("Ipv6PrefixCount"),
    Member::ignored("PrimaryIpv6"),
    Member::ignored("EnaSrdSpecification"),
    Member::ignored("ConnectionTrackingSpecification"),
    Member::ignored("EnaQueueCount"),
];

/// RunInstances.
pub const RUN_INSTANCES: ActionSchema = ActionSchema {
    name: "RunInstances",
    members: &[&[
        Member::required("InstanceType", S),
        Member::required("MinCount", Integer),
        Member::required("MaxCount", Integer),
        Member::optional("SubnetId", S),
        Member::optional("PrivateIpAddress", S),
        Member::optional(
            "NetworkInterfaces",
            Structures(INSTANCE_NETWORK_INTERFACE_SPECIFICATION),
        )
        .on_wire("NetworkInterface"),
        Member::optional("ImageId", S),
        Member::optional("ClientToken", S),
        Member::optional("DisableApiTermination", Boolean),
        Member::optional("DisableApiStop", Boolean),
        Member::optional("InstanceInitiatedShutdownBehavior", S),
        Member::optional("UserData", S),
        Member::optional("EbsOptimized", Boolean),
        Member::optional("SecurityGroupIds", Strings).on_wire("SecurityGroupId"),
        Member::optional("SecurityGroups", Strings).on_wire("SecurityGroup"),
        Member::ignored("KeyName"),
        Member::ignored("Placement"),
        Member::ignored("IamInstanceProfile"),
        Member::optional(
            "Monitoring",
            Shape::Structure(&[Member::optional("Enabled", Boolean)]),
        ),
        Member::ignored("BlockDeviceMappings").on_wire("BlockDeviceMapping"),
        Member::ignored("MetadataOptions"),
        Member::ignored("CreditSpecification"),
        Member::ignored("LaunchTemplate"),
        Member::ignored("KernelId"),
        Member::ignored("RamdiskId"),
        Member::ignored("CpuOptions"),
        Member::ignored("HibernationOptions"),
        Member::ignored("EnclaveOptions"),
        Member::ignored("MaintenanceOptions"),
        Member::ignored("PrivateDnsNameOptions"),
        Member::ignored("CapacityReservationSpecification"),
        Member::ignored("InstanceMarketOptions"),
        Member::ignored("LicenseSpecifications").on_wire("LicenseSpecification"),
        Member::ignored("ElasticGpuSpecification"),
        Member::ignored("ElasticInferenceAccelerators").on_wire("ElasticInferenceAccelerator"),
        Member::ignored("NetworkPerformanceOptions"),
        Member::ignored("Operator"),
        Member::ignored("AdditionalInfo"),
        Member::ignored("EnablePrimaryIpv6"),
        Member::ignored("Ipv6AddressCount"),
        Member::ignored("Ipv6Addresses").on_wire("Ipv6Address"),
        TAGS,
        DRY_RUN,
    ]],
    elements: &[RESERVATION_ELEMENTS, NETWORK_INTERFACE_ELEMENTS],
};

/// DescribeInstanceAttribute.
pub const DESCRIBE_INSTANCE_ATTRIBUTE: ActionSchema = ActionSchema {
    name: "DescribeInstanceAttribute",
    members: &[&[
        Member::required("InstanceId", S),
        Member::required("Attribute", S),
        DRY_RUN,
    ]],
    elements: &[&[
        ("KernelId", "kernel"),
        ("RamdiskId", "ramdisk"),
        ("BlockDeviceMappings", "blockDeviceMapping"),
        ("Groups", "groupSet"),
    ]],
};

/// ModifyInstanceAttribute: one attribute per request, as `X.Value` or `Attribute` and `Value`.
pub const MODIFY_INSTANCE_ATTRIBUTE: ActionSchema = ActionSchema {
    name: "ModifyInstanceAttribute",
    members: &[&[
        Member::required("InstanceId", S),
        Member::optional("Attribute", S),
        Member::optional("Value", S),
        Member::optional("DisableApiTermination", BOOLEAN_VALUE),
        Member::optional("DisableApiStop", BOOLEAN_VALUE),
        Member::optional("InstanceInitiatedShutdownBehavior", STRING_VALUE),
        Member::optional("UserData", STRING_VALUE),
        Member::optional("InstanceType", STRING_VALUE),
        Member::optional("EbsOptimized", BOOLEAN_VALUE),
        Member::optional("SourceDestCheck", BOOLEAN_VALUE),
        Member::optional("Groups", Strings).on_wire("GroupId"),
        Member::optional("Kernel", Shape::Any),
        Member::optional("Ramdisk", Shape::Any),
        Member::optional("SriovNetSupport", Shape::Any),
        Member::optional("EnaSupport", Shape::Any),
        Member::optional("EnclaveOptions", Shape::Any),
        Member::optional("BlockDeviceMappings", Shape::Any).on_wire("BlockDeviceMapping"),
        DRY_RUN,
    ]],
    elements: &[],
};

/// TerminateInstances.
pub const TERMINATE_INSTANCES: ActionSchema = ActionSchema {
    name: "TerminateInstances",
    members: &[&[
        Member::optional("InstanceIds", Strings).on_wire("InstanceId"),
        Member::ignored("Force"),
        Member::ignored("SkipOsShutdown"),
        DRY_RUN,
    ]],
    elements: &[&[("TerminatingInstances", "instancesSet")]],
};

/// DescribeInstances.
pub const DESCRIBE_INSTANCES: ActionSchema = ActionSchema {
    name: "DescribeInstances",
    members: &[
        &[Member::optional("InstanceIds", Strings).on_wire("InstanceId")],
        DESCRIBE,
    ],
    elements: &[
        &[("Reservations", "reservationSet")],
        RESERVATION_ELEMENTS,
        NETWORK_INTERFACE_ELEMENTS,
    ],
};

/// DescribeInstanceTypes.
pub const DESCRIBE_INSTANCE_TYPES: ActionSchema = ActionSchema {
    name: "DescribeInstanceTypes",
    members: &[
        &[Member::optional("InstanceTypes", Strings).on_wire("InstanceType")],
        DESCRIBE,
    ],
    elements: &[&[
        ("InstanceTypes", "instanceTypeSet"),
        ("EbsCards", "ebsCardSet"),
    ]],
};

/// DescribeInstanceCreditSpecifications: the only filter is `instance-id`.
pub const DESCRIBE_INSTANCE_CREDIT_SPECIFICATIONS: ActionSchema = ActionSchema {
    name: "DescribeInstanceCreditSpecifications",
    members: &[
        &[Member::optional("InstanceIds", Strings).on_wire("InstanceId")],
        DESCRIBE,
    ],
    elements: &[&[(
        "InstanceCreditSpecifications",
        "instanceCreditSpecificationSet",
    )]],
};

/// CreateNetworkInterface.
pub const CREATE_NETWORK_INTERFACE: ActionSchema = ActionSchema {
    name: "CreateNetworkInterface",
    members: &[&[
        Member::required("SubnetId", S),
        Member::optional("Description", S),
        Member::optional("PrivateIpAddress", S),
        Member::optional(
            "PrivateIpAddresses",
            Structures(PRIVATE_IP_ADDRESS_SPECIFICATION),
        ),
        Member::optional("SecondaryPrivateIpAddressCount", Integer),
        Member::optional("Ipv4Prefixes", Structures(IPV4_PREFIX_SPECIFICATION))
            .on_wire("Ipv4Prefix"),
        Member::optional("Ipv4PrefixCount", Integer),
        Member::optional("InterfaceType", S),
        Member::optional("Groups", Strings).on_wire("SecurityGroupId"),
        Member::ignored("Ipv6AddressCount"),
        Member::ignored("Ipv6Addresses"),
        Member::ignored("Ipv6Prefixes").on_wire("Ipv6Prefix"),
        Member::ignored("Ipv6PrefixCount"),
        Member::optional("ClientToken", S),
        Member::ignored("EnablePrimaryIpv6"),
        Member::ignored("ConnectionTrackingSpecification"),
        Member::ignored("Operator"),
        TAGS,
        DRY_RUN,
    ]],
    elements: &[NETWORK_INTERFACE_ELEMENTS],
};

/// DeleteNetworkInterface.
pub const DELETE_NETWORK_INTERFACE: ActionSchema = ActionSchema {
    name: "DeleteNetworkInterface",
    members: &[&[Member::required("NetworkInterfaceId", S), DRY_RUN]],
    elements: &[],
};

/// AttachNetworkInterface.
pub const ATTACH_NETWORK_INTERFACE: ActionSchema = ActionSchema {
    name: "AttachNetworkInterface",
    members: &[&[
        Member::required("NetworkInterfaceId", S),
        Member::required("InstanceId", S),
        Member::required("DeviceIndex", Integer),
        Member::optional("NetworkCardIndex", Integer),
        Member::ignored("EnaSrdSpecification"),
        Member::ignored("EnaQueueCount"),
        DRY_RUN,
    ]],
    elements: &[],
};

/// DetachNetworkInterface.
pub const DETACH_NETWORK_INTERFACE: ActionSchema = ActionSchema {
    name: "DetachNetworkInterface",
    members: &[&[
        Member::required("AttachmentId", S),
        Member::ignored("Force"),
        DRY_RUN,
    ]],
    elements: &[],
};

/// DescribeNetworkInterfaces.
pub const DESCRIBE_NETWORK_INTERFACES: ActionSchema = ActionSchema {
    name: "DescribeNetworkInterfaces",
    members: &[
        &[
            Member::optional("NetworkInterfaceIds", Strings).on_wire("NetworkInterfaceId"),
            Member::ignored("IncludeManagedResources"),
        ],
        DESCRIBE,
    ],
    elements: &[
        &[("NetworkInterfaces", "networkInterfaceSet")],
        NETWORK_INTERFACE_ELEMENTS,
    ],
};

/// ModifyNetworkInterfaceAttribute: one attribute a call. The attributes that do not concern
/// addressing or security groups are read only to count them: accepted and ignored.
pub const MODIFY_NETWORK_INTERFACE_ATTRIBUTE: ActionSchema = ActionSchema {
    name: "ModifyNetworkInterfaceAttribute",
    members: &[&[
        Member::required("NetworkInterfaceId", S),
        Member::optional("Description", STRING_VALUE),
        Member::optional("SourceDestCheck", BOOLEAN_VALUE),
        Member::optional("Groups", Strings).on_wire("SecurityGroupId"),
        Member::optional(
            "Attachment",
            Structure(&[
                Member::optional("AttachmentId", S),
                Member::optional("DeleteOnTermination", Boolean),
                Member::ignored("DefaultEnaQueueCount"),
                Member::ignored("EnaQueueCount"),
            ]),
        ),
        Member::optional("AssociatePublicIpAddress", Boolean),
        Member::optional("EnaSrdSpecification", Shape::Any),
        Member::optional("EnablePrimaryIpv6", Boolean),
        Member::optional("ConnectionTrackingSpecification", Shape::Any),
        Member::optional("AssociatedSubnetIds", Strings).on_wire("AssociatedSubnetId"),
        DRY_RUN,
    ]],
    elements: &[],
};

/// AssignPrivateIpAddresses. It takes no `DryRun` (spec section 2).
pub const ASSIGN_PRIVATE_IP_ADDRESSES: ActionSchema = ActionSchema {
    name: "AssignPrivateIpAddresses",
    members: &[&[
        Member::required("NetworkInterfaceId", S),
        Member::optional("PrivateIpAddresses", Strings).on_wire("PrivateIpAddress"),
        Member::optional("SecondaryPrivateIpAddressCount", Integer),
        Member::optional("Ipv4Prefixes", Strings).on_wire("Ipv4Prefix"),
        Member::optional("Ipv4PrefixCount", Integer),
        Member::optional("AllowReassignment", Boolean),
    ]],
    elements: &[&[
        (
            "AssignedPrivateIpAddresses",
            "assignedPrivateIpAddressesSet",
        ),
        ("AssignedIpv4Prefixes", "assignedIpv4PrefixSet"),
    ]],
};

/// UnassignPrivateIpAddresses. It takes no `DryRun`.
pub const UNASSIGN_PRIVATE_IP_ADDRESSES: ActionSchema = ActionSchema {
    name: "UnassignPrivateIpAddresses",
    members: &[&[
        Member::required("NetworkInterfaceId", S),
        Member::optional("PrivateIpAddresses", Strings).on_wire("PrivateIpAddress"),
        Member::optional("Ipv4Prefixes", Strings).on_wire("Ipv4Prefix"),
    ]],
    elements: &[],
};

/// AllocateAddress: every Elastic IP comes from the model's own pool, whatever is asked.
pub const ALLOCATE_ADDRESS: ActionSchema = ActionSchema {
    name: "AllocateAddress",
    members: &[&[
        Member::ignored("Domain"),
        Member::ignored("Address"),
        Member::ignored("PublicIpv4Pool"),
        Member::ignored("NetworkBorderGroup"),
        Member::ignored("CustomerOwnedIpv4Pool"),
        Member::ignored("IpamPoolId"),
        TAGS,
        DRY_RUN,
    ]],
    elements: &[],
};

/// AssociateAddress.
pub const ASSOCIATE_ADDRESS: ActionSchema = ActionSchema {
    name: "AssociateAddress",
    members: &[&[
        Member::optional("AllocationId", S),
        Member::optional("InstanceId", S),
        Member::optional("NetworkInterfaceId", S),
        Member::optional("PrivateIpAddress", S),
        Member::optional("AllowReassociation", Boolean),
        Member::optional("PublicIp", S),
        DRY_RUN,
    ]],
    elements: &[],
};

/// DisassociateAddress.
pub const DISASSOCIATE_ADDRESS: ActionSchema = ActionSchema {
    name: "DisassociateAddress",
    members: &[&[
        Member::optional("AssociationId", S),
        Member::optional("PublicIp", S),
        DRY_RUN,
    ]],
    elements: &[],
};

/// ReleaseAddress.
pub const RELEASE_ADDRESS: ActionSchema = ActionSchema {
    name: "ReleaseAddress",
    members: &[&[
        Member::optional("AllocationId", S),
        Member::optional("PublicIp", S),
        Member::ignored("NetworkBorderGroup"),
        DRY_RUN,
    ]],
    elements: &[],
};

/// DescribeAddresses: it has no paging members.
pub const DESCRIBE_ADDRESSES: ActionSchema = ActionSchema {
    name: "DescribeAddresses",
    members: &[&[
        Member::optional("AllocationIds", Strings).on_wire("AllocationId"),
        Member::optional("PublicIps", Strings).on_wire("PublicIp"),
        Member::optional("Filters", Structures(FILTER)).on_wire("Filter"),
        DRY_RUN,
    ]],
    elements: &[&[("Addresses", "addressesSet")], TAG_ELEMENTS],
};

/// DescribeAddressesAttribute: `Attribute` is `domain-name`, the only attribute EC2 has.
pub const DESCRIBE_ADDRESSES_ATTRIBUTE: ActionSchema = ActionSchema {
    name: "DescribeAddressesAttribute",
    members: &[&[
        Member::optional("AllocationIds", Strings).on_wire("AllocationId"),
        Member::optional("Attribute", S),
        Member::ignored("MaxResults"),
        Member::ignored("NextToken"),
        DRY_RUN,
    ]],
    elements: &[&[("Addresses", "addressSet")]],
};

/// CreateTags.
pub const CREATE_TAGS: ActionSchema = ActionSchema {
    name: "CreateTags",
    members: &[&[
        Member::required("Resources", Strings).on_wire("ResourceId"),
        Member::required("Tags", Structures(TAG)).on_wire("Tag"),
        DRY_RUN,
    ]],
    elements: &[],
};

/// DeleteTags: without `Tags`, every tag of the resources goes.
pub const DELETE_TAGS: ActionSchema = ActionSchema {
    name: "DeleteTags",
    members: &[&[
        Member::required("Resources", Strings).on_wire("ResourceId"),
        Member::optional("Tags", Structures(TAG)).on_wire("Tag"),
        DRY_RUN,
    ]],
    elements: &[],
};

/// DescribeTags.
pub const DESCRIBE_TAGS: ActionSchema = ActionSchema {
    name: "DescribeTags",
    members: &[DESCRIBE],
    elements: &[&[("Tags", "tagSet")]],
};

/// Every action eniplan answers.
pub const ACTIONS: &[ActionSchema] = &[
    CREATE_VPC,
    DESCRIBE_VPCS,
    DESCRIBE_VPC_ATTRIBUTE,
    MODIFY_VPC_ATTRIBUTE,
    DELETE_VPC,
    DESCRIBE_SECURITY_GROUPS,
    DESCRIBE_ROUTE_TABLES,
    DESCRIBE_NETWORK_ACLS,
    CREATE_SUBNET,
    DESCRIBE_SUBNETS,
    DELETE_SUBNET,
    MODIFY_SUBNET_ATTRIBUTE,
    CREATE_SUBNET_CIDR_RESERVATION,
    DELETE_SUBNET_CIDR_RESERVATION,
    GET_SUBNET_CIDR_RESERVATIONS,
    RUN_INSTANCES,
    TERMINATE_INSTANCES,
    DESCRIBE_INSTANCE_ATTRIBUTE,
    MODIFY_INSTANCE_ATTRIBUTE,
    DESCRIBE_INSTANCES,
    DESCRIBE_INSTANCE_TYPES,
    DESCRIBE_INSTANCE_CREDIT_SPECIFICATIONS,
    CREATE_NETWORK_INTERFACE,
    DELETE_NETWORK_INTERFACE,
    ATTACH_NETWORK_INTERFACE,
    DETACH_NETWORK_INTERFACE,
    DESCRIBE_NETWORK_INTERFACES,
    MODIFY_NETWORK_INTERFACE_ATTRIBUTE,
    ASSIGN_PRIVATE_IP_ADDRESSES,
    UNASSIGN_PRIVATE_IP_ADDRESSES,
    ALLOCATE_ADDRESS,
    ASSOCIATE_ADDRESS,
    DISASSOCIATE_ADDRESS,
    RELEASE_ADDRESS,
    DESCRIBE_ADDRESSES,
    DESCRIBE_ADDRESSES_ATTRIBUTE,
    CREATE_TAGS,
    DELETE_TAGS,
    DESCRIBE_TAGS,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_at_every_level() {
        fn unique(members: &[&Member], context: &str) {
            for (i, member) in members.iter().enumerate() {
                for other in &members[..i] {
                    assert_ne!(member.name, other.name, "{context}: two members");
                    assert_ne!(member.wire, other.wire, "{context}: two wire names");
                }
                if let Shape::Structures(inner) | Shape::Structure(inner) = member.shape {
                    unique(&inner.iter().collect::<Vec<_>>(), member.name);
                }
            }
        }
        for (i, action) in ACTIONS.iter().enumerate() {
            assert!(ACTIONS[..i].iter().all(|a| a.name != action.name));
            unique(&action.members().collect::<Vec<_>>(), action.name);
        }
    }

    #[test]
    fn response_elements_are_lower_camel_unless_renamed() {
        let describe = action("DescribeInstances").unwrap();
        assert_eq!(describe.element("Reservations"), "reservationSet");
        assert_eq!(describe.element("State"), "instanceState");
        assert_eq!(describe.element("PrivateIpAddress"), "privateIpAddress");
        // Only an instance's state is renamed: a subnet's is `state`.
        assert_eq!(action("DescribeSubnets").unwrap().element("State"), "state");
        assert_eq!(describe.element("VCpuInfo"), "vCpuInfo");
    }
}
