//! The JSON shapes EC2 describes resources in, as boto3 returns them.

use std::net::Ipv4Addr;

use serde_json::{json, Map, Value};

use crate::model::{
    digits_of, Ec2, ElasticIp, Instance, IpPermission, NetworkAcl, NetworkInterface, RouteTable,
    SecurityGroup, Subnet, SubnetCidrReservation, Vpc,
};

/// The account id every modelled resource belongs to (a policy: moto's default account).
pub const OWNER_ID: &str = "123456789012";
/// The region the model stands for.
pub const REGION: &str = "us-east-1";

/// The root device every modelled instance has (a policy: there are no images to read it
/// from; `/dev/xvda` is what Amazon Linux reports).
pub(crate) const ROOT_DEVICE_NAME: &str = "/dev/xvda";

/// The private DNS name EC2 gives an address in us-east-1.
pub(crate) fn private_dns_name(address: Ipv4Addr) -> String {
    let [a, b, c, d] = address.octets();
    format!("ip-{a}-{b}-{c}-{d}.ec2.internal")
}

fn public_dns_name(address: Ipv4Addr) -> String {
    let [a, b, c, d] = address.octets();
    format!("ec2-{a}-{b}-{c}-{d}.compute-1.amazonaws.com")
}

/// Inserts `key` only when the list is not empty, as EC2 leaves out empty sets.
fn insert_list(object: &mut Map<String, Value>, key: &str, items: Vec<Value>) {
    if !items.is_empty() {
        object.insert(key.to_owned(), Value::Array(items));
    }
}

/// Adds a resource's tags as `key` (`Tags`, or `TagSet` on interfaces), when it has any.
fn insert_tags(ec2: &Ec2, id: &str, key: &str, object: &mut Value) {
    let tags = ec2.tags(id);
    if let (false, Value::Object(map)) = (tags.is_empty(), object) {
        map.insert(key.to_owned(), crate::api::tags::tag_list(tags));
    }
}

/// A VPC as DescribeVpcs shows it.
pub(crate) fn vpc(ec2: &Ec2, vpc: &Vpc) -> Value {
    let digits = digits_of(&vpc.id);
    let mut object = json!({
        "CidrBlock": vpc.cidr.to_string(),
        "DhcpOptionsId": vpc.dhcp_options_id,
        "State": "available",
        "VpcId": vpc.id,
        "OwnerId": OWNER_ID,
        "InstanceTenancy": "default",
        "CidrBlockAssociationSet": [{
            "AssociationId": format!("vpc-cidr-assoc-{digits}"),
            "CidrBlock": vpc.cidr.to_string(),
            "CidrBlockState": {"State": "associated"},
        }],
        "IsDefault": false,
    });
    insert_tags(ec2, &vpc.id.to_string(), "Tags", &mut object);
    object
}

/// A subnet as DescribeSubnets shows it.
pub(crate) fn subnet(ec2: &Ec2, subnet: &Subnet) -> Value {
    let attributes = &subnet.attributes;
    let mut object = json!({
        "AvailabilityZone": subnet.availability_zone,
        "AvailableIpAddressCount": subnet.available_ip_address_count(),
        "CidrBlock": subnet.cidr.to_string(),
        "DefaultForAz": attributes.default_for_az,
        "MapPublicIpOnLaunch": attributes.map_public_ip_on_launch,
        "MapCustomerOwnedIpOnLaunch": attributes.map_customer_owned_ip_on_launch,
        "State": "available",
        "SubnetId": subnet.id,
        "VpcId": subnet.vpc_id,
        "OwnerId": OWNER_ID,
        "AssignIpv6AddressOnCreation": attributes.assign_ipv6_address_on_creation,
        "Ipv6CidrBlockAssociationSet": [],
        "SubnetArn": format!("arn:aws:ec2:{REGION}:{OWNER_ID}:subnet/{}", subnet.id),
        "EnableDns64": attributes.enable_dns64,
        "Ipv6Native": attributes.ipv6_native,
        "PrivateDnsNameOptionsOnLaunch": {
            "HostnameType": attributes.hostname_type.as_str(),
            "EnableResourceNameDnsARecord": attributes.enable_resource_name_dns_a_record,
            "EnableResourceNameDnsAAAARecord": attributes.enable_resource_name_dns_aaaa_record,
        },
    });
    if let (Some(zone_id), Value::Object(map)) = (&subnet.availability_zone_id, &mut object) {
        map.insert("AvailabilityZoneId".into(), json!(zone_id));
    }
    insert_tags(ec2, &subnet.id.to_string(), "Tags", &mut object);
    object
}

/// A subnet CIDR reservation as GetSubnetCidrReservations shows it.
pub(crate) fn subnet_cidr_reservation(ec2: &Ec2, reservation: &SubnetCidrReservation) -> Value {
    let mut object = json!({
        "SubnetCidrReservationId": reservation.id,
        "SubnetId": reservation.subnet_id,
        "Cidr": reservation.cidr.to_string(),
        "ReservationType": reservation.kind_str(),
        "OwnerId": OWNER_ID,
    });
    if let Some(description) = &reservation.description {
        object["Description"] = json!(description);
    }
    insert_tags(ec2, &reservation.id.to_string(), "Tags", &mut object);
    object
}

/// The association of an Elastic IP, as an interface's address shows it.
fn association(ec2: &Ec2, eni: &NetworkInterface, address: Ipv4Addr) -> Option<Value> {
    let allocation = eni.elastic_ip(address)?;
    let eip = ec2.elastic_ip(allocation).ok()?;
    let association = eip.association?;
    Some(json!({
        "AllocationId": eip.allocation_id,
        "AssociationId": association.id,
        "IpOwnerId": "amazon",
        "PublicDnsName": public_dns_name(eip.public_ip),
        "PublicIp": eip.public_ip.to_string(),
    }))
}

/// Every private address of an interface, primary first, as `PrivateIpAddresses` lists them.
fn private_ip_addresses(ec2: &Ec2, eni: &NetworkInterface) -> Vec<Value> {
    let primary = eni.primary.map(|address| (address, true));
    let secondaries = eni.secondaries.iter().map(|&address| (address, false));
    primary
        .into_iter()
        .chain(secondaries)
        .map(|(address, is_primary)| {
            let mut item = json!({
                "Primary": is_primary,
                "PrivateDnsName": private_dns_name(address),
                "PrivateIpAddress": address.to_string(),
            });
            if let Some(association) = association(ec2, eni, address) {
                item["Association"] = association;
            }
            item
        })
        .collect()
}

fn prefixes(eni: &NetworkInterface) -> Vec<Value> {
    eni.prefixes
        .iter()
        .map(|prefix| json!({"Ipv4Prefix": prefix.to_string()}))
        .collect()
}

/// An interface's security groups as `Groups` lists them: `{GroupId, GroupName}`.
pub(crate) fn groups(ec2: &Ec2, eni: &NetworkInterface) -> Vec<Value> {
    eni.groups
        .iter()
        .map(|&id| {
            let name = ec2.security_group(id).map(|group| group.name.as_str());
            json!({"GroupId": id, "GroupName": name.unwrap_or_default()})
        })
        .collect()
}

/// A network interface as DescribeNetworkInterfaces and CreateNetworkInterface show it.
pub(crate) fn network_interface(ec2: &Ec2, eni: &NetworkInterface) -> Value {
    let mut object = json!({
        "AvailabilityZone": eni.availability_zone,
        "Description": eni.description,
        "Groups": groups(ec2, eni),
        "InterfaceType": eni.interface_type.as_str(),
        "Ipv6Addresses": [],
        "MacAddress": eni.mac_address,
        "NetworkInterfaceId": eni.id,
        "OwnerId": OWNER_ID,
        "PrivateIpAddresses": private_ip_addresses(ec2, eni),
        "RequesterManaged": false,
        "SourceDestCheck": eni.source_dest_check,
        "Status": eni.status(),
        "SubnetId": eni.subnet_id,
        "TagSet": crate::api::tags::tag_list(ec2.tags(&eni.id.to_string())),
        "VpcId": eni.vpc_id,
    });
    let Value::Object(map) = &mut object else {
        return object;
    };
    if let Some(primary) = eni.primary {
        map.insert("PrivateIpAddress".into(), json!(primary.to_string()));
        map.insert("PrivateDnsName".into(), json!(private_dns_name(primary)));
        if let Some(association) = association(ec2, eni, primary) {
            map.insert("Association".into(), association);
        }
    }
    insert_list(map, "Ipv4Prefixes", prefixes(eni));
    if let Some(attachment) = eni.attachment {
        map.insert(
            "Attachment".into(),
            json!({
                "AttachTime": attachment.attach_time.to_string(),
                "AttachmentId": attachment.id,
                "DeleteOnTermination": attachment.delete_on_termination,
                "DeviceIndex": attachment.device_index,
                "NetworkCardIndex": attachment.network_card_index,
                "InstanceId": attachment.instance_id,
                "InstanceOwnerId": OWNER_ID,
                "Status": "attached",
            }),
        );
    }
    object
}

/// An interface as an instance lists it in `NetworkInterfaces`.
fn instance_network_interface(ec2: &Ec2, eni: &NetworkInterface) -> Value {
    let mut object = network_interface(ec2, eni);
    if let Value::Object(map) = &mut object {
        for key in [
            "AvailabilityZone",
            "RequesterManaged",
            "TagSet",
            "Ipv6Addresses",
        ] {
            map.remove(key);
        }
        if let Some(Value::Object(attachment)) = map.get_mut("Attachment") {
            attachment.remove("InstanceId");
            attachment.remove("InstanceOwnerId");
        }
    }
    object
}

/// An instance as DescribeInstances and RunInstances show it.
pub(crate) fn instance(ec2: &Ec2, instance: &Instance) -> Value {
    let attributes = &instance.attributes;
    // The source/destination check and the groups are the primary interface's.
    let primary = instance
        .primary_interface()
        .and_then(|id| ec2.network_interface(id).ok());
    let mut object = json!({
        "AmiLaunchIndex": instance.launch_index,
        "InstanceId": instance.id,
        "InstanceType": instance.instance_type,
        "LaunchTime": attributes.launch_time.to_string(),
        "Placement": {"AvailabilityZone": instance.availability_zone, "GroupName": "", "Tenancy": "default"},
        "State": {"Code": instance.state.code(), "Name": instance.state.name()},
        "Monitoring": {"State": if attributes.monitoring { "enabled" } else { "disabled" }},
        "EbsOptimized": attributes.ebs_optimized,
        "EnaSupport": true,
        "SourceDestCheck": primary.is_none_or(|eni| eni.source_dest_check),
        "SecurityGroups": primary.map(|eni| groups(ec2, eni)).unwrap_or_default(),
        "Hypervisor": "xen",
        "VirtualizationType": "hvm",
        "RootDeviceType": "ebs",
        "RootDeviceName": ROOT_DEVICE_NAME,
        "BlockDeviceMappings": [],
        "ProductCodes": [],
        "ClientToken": attributes.client_token.as_deref().unwrap_or_default(),
    });
    let architecture = attributes
        .architecture
        .as_deref()
        .or_else(|| crate::limits::details::instance_architecture(&instance.instance_type));
    if let Value::Object(map) = &mut object {
        if let Some(image_id) = &attributes.image_id {
            map.insert("ImageId".into(), json!(image_id));
        }
        if let Some(architecture) = architecture {
            map.insert("Architecture".into(), json!(architecture));
        }
    }
    insert_tags(ec2, &instance.id.to_string(), "Tags", &mut object);
    let Value::Object(map) = &mut object else {
        return object;
    };
    let mut interfaces: Vec<&NetworkInterface> = instance
        .interfaces
        .iter()
        .filter_map(|i| ec2.network_interface(i.network_interface_id).ok())
        .collect();
    interfaces.sort_by_key(|eni| {
        eni.attachment
            .map(|a| (a.network_card_index, a.device_index))
    });
    if let Some(primary) = instance
        .primary_interface()
        .and_then(|id| ec2.network_interface(id).ok())
        .and_then(|eni| eni.primary)
    {
        map.insert("PrivateIpAddress".into(), json!(primary.to_string()));
        map.insert("PrivateDnsName".into(), json!(private_dns_name(primary)));
    }
    if !interfaces.is_empty() {
        map.insert("SubnetId".into(), json!(instance.subnet_id));
        map.insert("VpcId".into(), json!(instance.vpc_id));
        map.insert(
            "NetworkInterfaces".into(),
            Value::Array(
                interfaces
                    .into_iter()
                    .map(|eni| instance_network_interface(ec2, eni))
                    .collect(),
            ),
        );
    }
    object
}

/// An Elastic IP as DescribeAddresses shows it.
pub(crate) fn address(ec2: &Ec2, eip: &ElasticIp) -> Value {
    let mut object = json!({
        "AllocationId": eip.allocation_id,
        "PublicIp": eip.public_ip.to_string(),
        "Domain": "vpc",
        "PublicIpv4Pool": "amazon",
        "NetworkBorderGroup": REGION,
    });
    insert_tags(ec2, &eip.allocation_id.to_string(), "Tags", &mut object);
    if let Some(association) = eip.association {
        object["AssociationId"] = json!(association.id);
        object["NetworkInterfaceId"] = json!(association.network_interface_id);
        object["NetworkInterfaceOwnerId"] = json!(OWNER_ID);
        object["PrivateIpAddress"] = json!(association.private_ip_address.to_string());
        if let Some(attachment) = ec2
            .network_interface(association.network_interface_id)
            .ok()
            .and_then(|eni| eni.attachment)
        {
            object["InstanceId"] = json!(attachment.instance_id);
        }
    }
    object
}

/// A security group rule as DescribeSecurityGroups lists it.
fn ip_permission(rule: &IpPermission) -> Value {
    let mut object = json!({
        "IpProtocol": rule.ip_protocol,
        "IpRanges": rule.ip_ranges.iter().map(|cidr| json!({"CidrIp": cidr.to_string()})).collect::<Vec<Value>>(),
        "Ipv6Ranges": [],
        "PrefixListIds": [],
        "UserIdGroupPairs": rule.groups.iter().map(|id| json!({"GroupId": id, "UserId": OWNER_ID})).collect::<Vec<Value>>(),
    });
    if let Value::Object(map) = &mut object {
        if let Some(port) = rule.from_port {
            map.insert("FromPort".into(), json!(port));
        }
        if let Some(port) = rule.to_port {
            map.insert("ToPort".into(), json!(port));
        }
    }
    object
}

/// A security group as DescribeSecurityGroups shows it.
pub(crate) fn security_group(ec2: &Ec2, group: &SecurityGroup) -> Value {
    let mut object = json!({
        "Description": group.description,
        "GroupName": group.name,
        "IpPermissions": group.ingress.iter().map(ip_permission).collect::<Vec<Value>>(),
        "OwnerId": OWNER_ID,
        "GroupId": group.id,
        "IpPermissionsEgress": group.egress.iter().map(ip_permission).collect::<Vec<Value>>(),
        "VpcId": group.vpc_id,
        "SecurityGroupArn": format!("arn:aws:ec2:{REGION}:{OWNER_ID}:security-group/{}", group.id),
    });
    insert_tags(ec2, &group.id.to_string(), "Tags", &mut object);
    object
}

/// A route table as DescribeRouteTables shows it.
pub(crate) fn route_table(ec2: &Ec2, table: &RouteTable) -> Value {
    let associations: Vec<Value> = table
        .associations
        .iter()
        .map(|association| {
            json!({
                "Main": association.main,
                "RouteTableAssociationId": association.id,
                "RouteTableId": table.id,
                "AssociationState": {"State": "associated"},
            })
        })
        .collect();
    let routes: Vec<Value> = table
        .routes
        .iter()
        .map(|route| {
            json!({
                "DestinationCidrBlock": route.destination.to_string(),
                "GatewayId": route.gateway_id,
                "Origin": route.origin,
                "State": route.state,
            })
        })
        .collect();
    let mut object = json!({
        "Associations": associations,
        "PropagatingVgws": [],
        "RouteTableId": table.id,
        "Routes": routes,
        "VpcId": table.vpc_id,
        "OwnerId": OWNER_ID,
    });
    insert_tags(ec2, &table.id.to_string(), "Tags", &mut object);
    object
}

/// A network ACL as DescribeNetworkAcls shows it.
pub(crate) fn network_acl(ec2: &Ec2, acl: &NetworkAcl) -> Value {
    let associations: Vec<Value> = acl
        .associations
        .iter()
        .map(|association| {
            json!({
                "NetworkAclAssociationId": association.id,
                "NetworkAclId": acl.id,
                "SubnetId": association.subnet_id,
            })
        })
        .collect();
    let entries: Vec<Value> = acl
        .entries
        .iter()
        .map(|entry| {
            json!({
                "CidrBlock": entry.cidr_block.to_string(),
                "Egress": entry.egress,
                "Protocol": entry.protocol,
                "RuleAction": entry.rule_action.as_str(),
                "RuleNumber": entry.rule_number,
            })
        })
        .collect();
    let mut object = json!({
        "Associations": associations,
        "Entries": entries,
        "IsDefault": acl.is_default,
        "NetworkAclId": acl.id,
        "VpcId": acl.vpc_id,
        "OwnerId": OWNER_ID,
    });
    insert_tags(ec2, &acl.id.to_string(), "Tags", &mut object);
    object
}
