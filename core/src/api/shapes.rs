//! The JSON shapes EC2 describes resources in, as boto3 returns them.

use std::net::Ipv4Addr;

use serde_json::{json, Map, Value};

use crate::model::{
    Ec2, ElasticIp, Instance, NetworkInterface, Subnet, SubnetCidrReservation, Vpc,
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
    let digits = vpc.id.to_string();
    let digits = digits.trim_start_matches("vpc-");
    let mut object = json!({
        "CidrBlock": vpc.cidr.to_string(),
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
    let mut object = json!({
        "AvailabilityZone": subnet.availability_zone,
        "AvailableIpAddressCount": subnet.available_ip_address_count(),
        "CidrBlock": subnet.cidr.to_string(),
        "DefaultForAz": false,
        "MapPublicIpOnLaunch": false,
        "State": "available",
        "SubnetId": subnet.id,
        "VpcId": subnet.vpc_id,
        "OwnerId": OWNER_ID,
        "AssignIpv6AddressOnCreation": false,
        "Ipv6CidrBlockAssociationSet": [],
        "SubnetArn": format!("arn:aws:ec2:{REGION}:{OWNER_ID}:subnet/{}", subnet.id),
    });
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

/// A network interface as DescribeNetworkInterfaces and CreateNetworkInterface show it.
pub(crate) fn network_interface(ec2: &Ec2, eni: &NetworkInterface) -> Value {
    let mut object = json!({
        "AvailabilityZone": eni.availability_zone,
        "Description": eni.description,
        "Groups": [],
        "InterfaceType": eni.interface_type.as_str(),
        "Ipv6Addresses": [],
        "MacAddress": eni.mac_address,
        "NetworkInterfaceId": eni.id,
        "OwnerId": OWNER_ID,
        "PrivateIpAddresses": private_ip_addresses(ec2, eni),
        "RequesterManaged": false,
        "SourceDestCheck": true,
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
    let mut object = json!({
        "AmiLaunchIndex": instance.launch_index,
        "InstanceId": instance.id,
        "InstanceType": instance.instance_type,
        "LaunchTime": attributes.launch_time,
        "Placement": {"AvailabilityZone": instance.availability_zone, "GroupName": "", "Tenancy": "default"},
        "State": {"Code": instance.state.code(), "Name": instance.state.name()},
        "Monitoring": {"State": if attributes.monitoring { "enabled" } else { "disabled" }},
        "EbsOptimized": attributes.ebs_optimized,
        "EnaSupport": true,
        "SourceDestCheck": true,
        "Hypervisor": "xen",
        "VirtualizationType": "hvm",
        "RootDeviceType": "ebs",
        "RootDeviceName": ROOT_DEVICE_NAME,
        "BlockDeviceMappings": [],
        "ProductCodes": [],
        "ClientToken": attributes.client_token.as_deref().unwrap_or_default(),
    });
    if let (Some(image_id), Value::Object(map)) = (&attributes.image_id, &mut object) {
        map.insert("ImageId".into(), json!(image_id));
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
