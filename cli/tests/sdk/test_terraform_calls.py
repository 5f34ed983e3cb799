"""The calls the Terraform AWS provider (5.100.0) makes for aws_vpc, aws_subnet and
aws_network_interface, as a logging proxy recorded them, replayed with boto3 through
`eniplan serve`: apply, the read after it, a re-plan that must read the same, an update, and a
destroy that meets DependencyViolation before it succeeds. Each read asserts the members the
provider puts in its state."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import botocore.exceptions
import pytest
from conftest import serve


def code_of(call: Any, **kwargs: Any) -> str:
    """The EC2 error code a call fails with."""
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        call(**kwargs)
    return str(raised.value.response["Error"]["Code"])


def by(**filters: str) -> list[dict[str, Any]]:
    """Describe filters, one value each: by(**{"vpc-id": "vpc-1"})."""
    return [{"Name": name, "Values": [value]} for name, value in filters.items()]


def tags(resource: dict[str, Any], member: str = "Tags") -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in resource.get(member, [])}


def read_vpc(ec2: Any, vpc_id: str) -> dict[str, Any]:
    """One read of aws_vpc: DescribeVpcs, DescribeVpcAttribute three times, and the lookups of
    the main route table, the default network ACL and the default security group."""
    vpc = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"][0]
    state: dict[str, Any] = {
        "id": vpc["VpcId"],
        "cidr_block": vpc["CidrBlock"],
        "dhcp_options_id": vpc["DhcpOptionsId"],
        "instance_tenancy": vpc["InstanceTenancy"],
        "owner_id": vpc["OwnerId"],
        "tags": tags(vpc),
    }
    for attribute, member in [
        ("enableDnsHostnames", "EnableDnsHostnames"),
        ("enableDnsSupport", "EnableDnsSupport"),
        ("enableNetworkAddressUsageMetrics", "EnableNetworkAddressUsageMetrics"),
    ]:
        answer = ec2.describe_vpc_attribute(Attribute=attribute, VpcId=vpc_id)
        assert answer["VpcId"] == vpc_id
        state[attribute] = answer[member]["Value"]
    main = ec2.describe_route_tables(Filters=by(**{"association.main": "true", "vpc-id": vpc_id}))
    state["main_route_table_id"] = main["RouteTables"][0]["RouteTableId"]
    acl = ec2.describe_network_acls(Filters=by(**{"default": "true", "vpc-id": vpc_id}))
    state["default_network_acl_id"] = acl["NetworkAcls"][0]["NetworkAclId"]
    group = ec2.describe_security_groups(Filters=by(**{"group-name": "default", "vpc-id": vpc_id}))
    state["default_security_group_id"] = group["SecurityGroups"][0]["GroupId"]
    return state


def read_subnet(ec2: Any, subnet_id: str) -> dict[str, Any]:
    """One read of aws_subnet."""
    subnet = ec2.describe_subnets(SubnetIds=[subnet_id])["Subnets"][0]
    options = subnet["PrivateDnsNameOptionsOnLaunch"]
    return {
        "availability_zone": subnet["AvailabilityZone"],
        "availability_zone_id": subnet["AvailabilityZoneId"],
        "cidr_block": subnet["CidrBlock"],
        "map_public_ip_on_launch": subnet["MapPublicIpOnLaunch"],
        "map_customer_owned_ip_on_launch": subnet["MapCustomerOwnedIpOnLaunch"],
        "assign_ipv6_address_on_creation": subnet["AssignIpv6AddressOnCreation"],
        "enable_dns64": subnet["EnableDns64"],
        "ipv6_native": subnet["Ipv6Native"],
        "private_dns_hostname_type_on_launch": options["HostnameType"],
        "enable_resource_name_dns_a_record_on_launch": options["EnableResourceNameDnsARecord"],
        "enable_resource_name_dns_aaaa_record_on_launch": options["EnableResourceNameDnsAAAARecord"],
        "tags": tags(subnet),
    }


def read_interface(ec2: Any, eni_id: str) -> dict[str, Any]:
    """One read of aws_network_interface."""
    eni = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"][0]
    return {
        "description": eni["Description"],
        "security_groups": [(g["GroupId"], g["GroupName"]) for g in eni["Groups"]],
        "source_dest_check": eni["SourceDestCheck"],
        "ipv4_prefixes": [p["Ipv4Prefix"] for p in eni.get("Ipv4Prefixes", [])],
        "tags": tags(eni, "TagSet"),
        "attachment": eni.get("Attachment"),
    }


def test_aws_vpc_applies_reads_updates_and_destroys(ec2: Any) -> None:
    # apply: tags at create, then enable_dns_hostnames = true, which most VPC modules set.
    created = ec2.create_vpc(
        CidrBlock="10.10.0.0/16",
        TagSpecifications=[
            {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "tf"}, {"Key": "team", "Value": "net"}]}
        ],
    )["Vpc"]
    vpc_id = created["VpcId"]
    assert tags(created) == {"Name": "tf", "team": "net"}
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
    state = read_vpc(ec2, vpc_id)
    digits = vpc_id.split("-")[1]
    assert state == {
        "id": vpc_id,
        "cidr_block": "10.10.0.0/16",
        "dhcp_options_id": state["dhcp_options_id"],
        "instance_tenancy": "default",
        "owner_id": "123456789012",
        "tags": {"Name": "tf", "team": "net"},
        "enableDnsHostnames": True,
        "enableDnsSupport": True,
        "enableNetworkAddressUsageMetrics": False,
        "main_route_table_id": f"rtb-{digits}",
        "default_network_acl_id": f"acl-{digits}",
        "default_security_group_id": f"sg-{digits}",
    }
    assert state["dhcp_options_id"].startswith("dopt-")
    # plan -detailed-exitcode: the same read, nothing to change.
    assert read_vpc(ec2, vpc_id) == state
    # update: Name changes, team goes.
    ec2.create_tags(Resources=[vpc_id], Tags=[{"Key": "Name", "Value": "tf2"}])
    ec2.delete_tags(Resources=[vpc_id], Tags=[{"Key": "team"}])
    assert read_vpc(ec2, vpc_id)["tags"] == {"Name": "tf2"}
    # destroy, while a subnet of another resource is still there: the provider retries on
    # DependencyViolation, and polls DescribeVpcs until InvalidVpcID.NotFound.
    subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.10.1.0/24")["Subnet"]["SubnetId"]
    assert code_of(ec2.delete_vpc, VpcId=vpc_id) == "DependencyViolation"
    assert read_vpc(ec2, vpc_id)["tags"] == {"Name": "tf2"}
    ec2.delete_subnet(SubnetId=subnet_id)
    ec2.delete_vpc(VpcId=vpc_id)
    assert code_of(ec2.describe_vpcs, VpcIds=[vpc_id]) == "InvalidVpcID.NotFound"
    assert ec2.describe_security_groups(Filters=by(**{"vpc-id": vpc_id}))["SecurityGroups"] == []


def test_aws_vpc_data_source_reads_the_attributes(ec2: Any) -> None:
    vpc_id = ec2.create_vpc(CidrBlock="10.11.0.0/16")["Vpc"]["VpcId"]
    state = read_vpc(ec2, vpc_id)
    assert (state["enableDnsSupport"], state["enableDnsHostnames"]) == (True, False)
    code = code_of(ec2.describe_vpc_attribute, VpcId="vpc-12345678", Attribute="enableDnsSupport")
    assert code == "InvalidVpcID.NotFound"


def test_aws_subnet_applies_reads_updates_and_destroys(ec2: Any) -> None:
    vpc_id = ec2.create_vpc(CidrBlock="10.12.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(
        VpcId=vpc_id,
        CidrBlock="10.12.1.0/24",
        AvailabilityZone="us-east-1b",
        TagSpecifications=[{"ResourceType": "subnet", "Tags": [{"Key": "Name", "Value": "pods"}]}],
    )["Subnet"]
    subnet_id = subnet["SubnetId"]
    state = read_subnet(ec2, subnet_id)
    assert state == {
        "availability_zone": "us-east-1b",
        "availability_zone_id": "use1-az2",
        "cidr_block": "10.12.1.0/24",
        "map_public_ip_on_launch": False,
        "map_customer_owned_ip_on_launch": False,
        "assign_ipv6_address_on_creation": False,
        "enable_dns64": False,
        "ipv6_native": False,
        "private_dns_hostname_type_on_launch": "ip-name",
        "enable_resource_name_dns_a_record_on_launch": False,
        "enable_resource_name_dns_aaaa_record_on_launch": False,
        "tags": {"Name": "pods"},
    }
    assert read_subnet(ec2, subnet_id) == state
    # update: one attribute a call; the provider waits until DescribeSubnets shows each value,
    # so the first read after the call must.
    ec2.modify_subnet_attribute(SubnetId=subnet_id, MapPublicIpOnLaunch={"Value": True})
    assert read_subnet(ec2, subnet_id)["map_public_ip_on_launch"] is True
    ec2.modify_subnet_attribute(SubnetId=subnet_id, PrivateDnsHostnameTypeOnLaunch="resource-name")
    ec2.modify_subnet_attribute(SubnetId=subnet_id, EnableResourceNameDnsARecordOnLaunch={"Value": True})
    updated = read_subnet(ec2, subnet_id)
    assert updated == {
        **state,
        "map_public_ip_on_launch": True,
        "private_dns_hostname_type_on_launch": "resource-name",
        "enable_resource_name_dns_a_record_on_launch": True,
    }
    both = {"MapPublicIpOnLaunch": {"Value": False}, "EnableDns64": {"Value": True}}
    assert code_of(ec2.modify_subnet_attribute, SubnetId=subnet_id, **both) == "InvalidParameterCombination"
    assert read_subnet(ec2, subnet_id) == updated
    # destroy: the provider lists the subnet's interfaces, then retries DeleteSubnet on
    # DependencyViolation until they are gone.
    eni_id = ec2.create_network_interface(SubnetId=subnet_id)["NetworkInterface"]["NetworkInterfaceId"]
    listed = ec2.describe_network_interfaces(Filters=by(**{"subnet-id": subnet_id}))
    assert [i["NetworkInterfaceId"] for i in listed["NetworkInterfaces"]] == [eni_id]
    assert code_of(ec2.delete_subnet, SubnetId=subnet_id) == "DependencyViolation"
    ec2.delete_network_interface(NetworkInterfaceId=eni_id)
    ec2.delete_subnet(SubnetId=subnet_id)
    assert code_of(ec2.describe_subnets, SubnetIds=[subnet_id]) == "InvalidSubnetID.NotFound"


def test_aws_network_interface_applies_reads_updates_and_destroys(ec2: Any) -> None:
    vpc_id = ec2.create_vpc(CidrBlock="10.13.0.0/16")["Vpc"]["VpcId"]
    subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.13.1.0/24")["Subnet"]["SubnetId"]
    default_group = f"sg-{vpc_id.split('-')[1]}"
    # apply (section 3a, with a description, tags and source_dest_check = false).
    created = ec2.create_network_interface(
        ClientToken="tok-1",
        Ipv4PrefixCount=1,
        SubnetId=subnet_id,
        Description="tf",
        TagSpecifications=[{"ResourceType": "network-interface", "Tags": [{"Key": "Name", "Value": "eni"}]}],
    )["NetworkInterface"]
    eni_id = created["NetworkInterfaceId"]
    assert created["Groups"] == [{"GroupId": default_group, "GroupName": "default"}]
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, SourceDestCheck={"Value": False})
    state = read_interface(ec2, eni_id)
    assert state == {
        "description": "tf",
        "security_groups": [(default_group, "default")],
        "source_dest_check": False,
        "ipv4_prefixes": ["10.13.1.16/28"],
        "tags": {"Name": "eni"},
        "attachment": None,
    }
    assert read_interface(ec2, eni_id) == state
    # update: ipv4_prefix_count 1 -> 2, the description, the groups (the whole new list).
    ec2.assign_private_ip_addresses(NetworkInterfaceId=eni_id, Ipv4PrefixCount=1)
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, Description={"Value": "tf2"})
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, Groups=[default_group])
    updated = read_interface(ec2, eni_id)
    assert updated == {**state, "description": "tf2", "ipv4_prefixes": ["10.13.1.16/28", "10.13.1.32/28"]}
    both = {"Description": {"Value": "x"}, "SourceDestCheck": {"Value": True}}
    assert code_of(ec2.modify_network_interface_attribute, NetworkInterfaceId=eni_id, **both) == (
        "InvalidParameterCombination"
    )
    # aws_network_interface_attachment: attach, then delete_on_termination.
    instance = ec2.run_instances(
        ImageId="ami-12345678", InstanceType="m5.large", MinCount=1, MaxCount=1, SubnetId=subnet_id
    )["Instances"][0]
    attachment_id = ec2.attach_network_interface(
        NetworkInterfaceId=eni_id, InstanceId=instance["InstanceId"], DeviceIndex=1
    )["AttachmentId"]
    attachment = read_interface(ec2, eni_id)["attachment"]
    assert attachment["AttachmentId"] == attachment_id
    assert attachment["DeleteOnTermination"] is False
    assert attachment["AttachTime"] == datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    ec2.modify_network_interface_attribute(
        NetworkInterfaceId=eni_id, Attachment={"AttachmentId": attachment_id, "DeleteOnTermination": True}
    )
    assert read_interface(ec2, eni_id)["attachment"]["DeleteOnTermination"] is True
    # destroy.
    ec2.detach_network_interface(AttachmentId=attachment_id, Force=True)
    ec2.delete_network_interface(NetworkInterfaceId=eni_id)
    assert code_of(ec2.describe_network_interfaces, NetworkInterfaceIds=[eni_id]) == (
        "InvalidNetworkInterfaceID.NotFound"
    )


def test_aws_network_interface_sg_attachment_changes_the_whole_list(tmp_path: Path) -> None:
    # A VPC as describe-* output gives it: interfaces naming its default group and a group
    # `web` of its own, which the model then knows.
    subnet = {"SubnetId": "subnet-0a0b0c0d", "VpcId": "vpc-0a0b0c0d", "CidrBlock": "10.14.0.0/24"}
    interfaces = [
        {
            "NetworkInterfaceId": "eni-0a0b0c01",
            "SubnetId": "subnet-0a0b0c0d",
            "PrivateIpAddress": "10.14.0.10",
            "Groups": [{"GroupId": "sg-0a0b0c01", "GroupName": "default"}],
        },
        {
            "NetworkInterfaceId": "eni-0a0b0c02",
            "SubnetId": "subnet-0a0b0c0d",
            "PrivateIpAddress": "10.14.0.11",
            "Groups": [{"GroupId": "sg-0a0b0c02", "GroupName": "web"}],
        },
    ]
    (tmp_path / "subnets.json").write_text(json.dumps({"Subnets": [subnet]}))
    (tmp_path / "network-interfaces.json").write_text(json.dumps({"NetworkInterfaces": interfaces}))
    with serve("--state", str(tmp_path)) as ec2:
        created = ec2.create_network_interface(SubnetId="subnet-0a0b0c0d")["NetworkInterface"]
        eni_id = created["NetworkInterfaceId"]
        assert read_interface(ec2, eni_id)["security_groups"] == [("sg-0a0b0c01", "default")]
        # aws_network_interface_sg_attachment create: the list with `web` added.
        ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, Groups=["sg-0a0b0c01", "sg-0a0b0c02"])
        assert read_interface(ec2, eni_id)["security_groups"] == [
            ("sg-0a0b0c01", "default"),
            ("sg-0a0b0c02", "web"),
        ]
        # ... and delete: the list without it.
        ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, Groups=["sg-0a0b0c01"])
        assert read_interface(ec2, eni_id)["security_groups"] == [("sg-0a0b0c01", "default")]
        unknown = code_of(ec2.modify_network_interface_attribute, NetworkInterfaceId=eni_id, Groups=["sg-0a0b0c09"])
        assert unknown == "InvalidGroup.NotFound"
        groups = ec2.describe_security_groups(Filters=by(**{"vpc-id": "vpc-0a0b0c0d"}))["SecurityGroups"]
        assert sorted(g["GroupName"] for g in groups) == ["default", "web"]
