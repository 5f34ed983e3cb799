"""Every EC2 method of eniplan.Ec2, with boto3's arguments and response shapes."""

from __future__ import annotations

import copy
from typing import Any
import re

import pytest
from helpers import World, addresses_of, body

import eniplan

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_responses_carry_response_metadata_like_boto3(ec2: eniplan.Ec2) -> None:
    response = ec2.create_vpc(CidrBlock="10.0.0.0/16")
    metadata = response["ResponseMetadata"]
    assert set(metadata) == {"RequestId", "HTTPStatusCode", "HTTPHeaders", "RetryAttempts"}
    assert UUID.match(metadata["RequestId"])
    assert metadata["HTTPStatusCode"] == 200
    assert metadata["RetryAttempts"] == 0
    assert metadata["HTTPHeaders"]["x-amzn-requestid"] == metadata["RequestId"]
    assert ec2.describe_vpcs()["ResponseMetadata"]["RequestId"] != metadata["RequestId"]


def test_same_seed_same_answers() -> None:
    def run(seed: int) -> list[object]:
        ec2 = eniplan.Ec2(seed=seed)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")
        subnet = ec2.create_subnet(VpcId=vpc["Vpc"]["VpcId"], CidrBlock="10.0.0.0/20")
        eni = ec2.create_network_interface(
            SubnetId=subnet["Subnet"]["SubnetId"], SecondaryPrivateIpAddressCount=5
        )
        return [vpc, subnet, eni]

    assert run(1) == run(1)
    assert run(1) != run(2)


def test_vpcs(ec2: eniplan.Ec2) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=[])["Vpc"]
    assert vpc["CidrBlock"] == "10.0.0.0/16"
    assert vpc["State"] == "available"
    assert vpc["VpcId"].startswith("vpc-")
    ec2.create_vpc(CidrBlock="10.1.0.0/16")
    assert len(ec2.describe_vpcs()["Vpcs"]) == 2
    assert ec2.describe_vpcs(VpcIds=[vpc["VpcId"]])["Vpcs"] == [vpc]
    filtered = ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.1.*"]}])["Vpcs"]
    assert [v["CidrBlock"] for v in filtered] == ["10.1.0.0/16"]


def test_vpc_attributes_default_resources_and_delete_vpc(ec2: eniplan.Ec2) -> None:
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    answer = ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsSupport")
    assert body(answer) == {"VpcId": vpc_id, "EnableDnsSupport": {"Value": True}}
    assert body(ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})) == {}
    answer = ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsHostnames")
    assert answer["EnableDnsHostnames"] == {"Value": True}
    vpc_filter = [{"Name": "vpc-id", "Values": [vpc_id]}]
    (group,) = ec2.describe_security_groups(Filters=vpc_filter)["SecurityGroups"]
    assert (group["GroupName"], group["Description"]) == ("default", "default VPC security group")
    (table,) = ec2.describe_route_tables(Filters=vpc_filter)["RouteTables"]
    assert [r["DestinationCidrBlock"] for r in table["Routes"]] == ["10.0.0.0/16"]
    (acl,) = ec2.describe_network_acls(Filters=vpc_filter)["NetworkAcls"]
    assert [e["RuleNumber"] for e in acl["Entries"]] == [100, 32767, 100, 32767]
    subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.0.0.0/24")["Subnet"]["SubnetId"]
    with pytest.raises(eniplan.DependencyViolation):
        ec2.delete_vpc(VpcId=vpc_id)
    assert body(ec2.delete_subnet(SubnetId=subnet_id)) == {}
    assert body(ec2.delete_vpc(VpcId=vpc_id)) == {}
    assert ec2.describe_vpcs()["Vpcs"] == []


def test_subnet_and_interface_attributes(world: World) -> None:
    ec2 = world.ec2
    ec2.modify_subnet_attribute(SubnetId=world.subnet_id, MapPublicIpOnLaunch={"Value": True})
    (subnet,) = ec2.describe_subnets(SubnetIds=[world.subnet_id])["Subnets"]
    assert subnet["MapPublicIpOnLaunch"] is True
    assert subnet["PrivateDnsNameOptionsOnLaunch"]["HostnameType"] == "ip-name"
    ec2.modify_network_interface_attribute(
        NetworkInterfaceId=world.eni_id, SourceDestCheck={"Value": False}
    )
    (eni,) = ec2.describe_network_interfaces(NetworkInterfaceIds=[world.eni_id])[
        "NetworkInterfaces"
    ]
    assert eni["SourceDestCheck"] is False
    assert [g["GroupName"] for g in eni["Groups"]] == ["default"]


def test_subnets(world: World) -> None:
    ec2 = world.ec2
    other = ec2.create_subnet(
        VpcId=world.vpc_id, CidrBlock="10.0.1.0/28", AvailabilityZone="us-east-1b"
    )["Subnet"]
    assert other["AvailableIpAddressCount"] == 11
    assert other["AvailabilityZone"] == "us-east-1b"
    assert other["VpcId"] == world.vpc_id
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [world.vpc_id]}])
    assert {s["SubnetId"] for s in subnets["Subnets"]} == {world.subnet_id, other["SubnetId"]}
    (main,) = ec2.describe_subnets(SubnetIds=[world.subnet_id])["Subnets"]
    assert main["AvailableIpAddressCount"] == 250  # 251 usable less the instance's primary


def test_subnet_cidr_reservations(world: World) -> None:
    ec2 = world.ec2
    created = ec2.create_subnet_cidr_reservation(
        SubnetId=world.subnet_id,
        Cidr="10.0.0.128/26",
        ReservationType="prefix",
        Description="pods",
    )["SubnetCidrReservation"]
    assert created["Cidr"] == "10.0.0.128/26"
    assert created["ReservationType"] == "prefix"
    assert created["Description"] == "pods"
    listed = ec2.get_subnet_cidr_reservations(SubnetId=world.subnet_id)
    assert listed["SubnetIpv4CidrReservations"] == [created]
    assert listed["SubnetIpv6CidrReservations"] == []
    # Automatic prefixes come from the prefix reservation first.
    assigned = ec2.assign_private_ip_addresses(NetworkInterfaceId=world.eni_id, Ipv4PrefixCount=1)
    assert assigned["AssignedIpv4Prefixes"] == [{"Ipv4Prefix": "10.0.0.128/28"}]
    deleted = ec2.delete_subnet_cidr_reservation(
        SubnetCidrReservationId=created["SubnetCidrReservationId"]
    )
    assert deleted["DeletedSubnetCidrReservation"] == created
    assert ec2.get_subnet_cidr_reservations(SubnetId=world.subnet_id)[
        "SubnetIpv4CidrReservations"
    ] == []


def test_instances(world: World) -> None:
    ec2 = world.ec2
    reservation = ec2.run_instances(
        ImageId="ami-12345678",
        InstanceType="m5.large",
        MinCount=2,
        MaxCount=2,
        SubnetId=world.subnet_id,
    )
    assert reservation["ReservationId"].startswith("r-")
    launched = reservation["Instances"]
    assert [i["AmiLaunchIndex"] for i in launched] == [0, 1]
    assert all(i["State"] == {"Code": 16, "Name": "running"} for i in launched)
    assert all(i["SubnetId"] == world.subnet_id for i in launched)
    ids = [i["InstanceId"] for i in launched]
    described = ec2.describe_instances(InstanceIds=ids)["Reservations"]
    assert sorted(i["InstanceId"] for r in described for i in r["Instances"]) == sorted(ids)
    by_type = ec2.describe_instances(Filters=[{"Name": "instance-type", "Values": ["m5.large"]}])
    assert len(by_type["Reservations"]) == 1
    terminated = ec2.terminate_instances(InstanceIds=ids[:1])["TerminatingInstances"]
    assert terminated == [
        {
            "InstanceId": ids[0],
            "CurrentState": {"Code": 48, "Name": "terminated"},
            "PreviousState": {"Code": 16, "Name": "running"},
        }
    ]
    (after,) = ec2.describe_instances(InstanceIds=ids[:1])["Reservations"][0]["Instances"]
    assert after["State"]["Name"] == "terminated"


def test_describe_instance_types(ec2: eniplan.Ec2) -> None:
    (info,) = ec2.describe_instance_types(InstanceTypes=["m5.large"])["InstanceTypes"]
    assert info["InstanceType"] == "m5.large"
    assert info["NetworkInfo"]["MaximumNetworkInterfaces"] == 3
    assert info["NetworkInfo"]["Ipv4AddressesPerInterface"] == 10
    nitro = ec2.describe_instance_types(
        Filters=[
            {"Name": "hypervisor", "Values": ["nitro"]},
            {"Name": "instance-type", "Values": ["m5.*"]},
        ]
    )["InstanceTypes"]
    assert "m5.large" in {t["InstanceType"] for t in nitro}
    assert all(t["Hypervisor"] == "nitro" for t in nitro)


def test_network_interfaces(world: World) -> None:
    ec2 = world.ec2
    created = ec2.create_network_interface(
        SubnetId=world.subnet_id,
        Description="pods",
        PrivateIpAddresses=[
            {"PrivateIpAddress": "10.0.0.100", "Primary": True},
            {"PrivateIpAddress": "10.0.0.101", "Primary": False},
        ],
    )["NetworkInterface"]
    eni = created["NetworkInterfaceId"]
    assert created["Status"] == "available"
    assert created["PrivateIpAddress"] == "10.0.0.100"
    assert created["Description"] == "pods"
    assert addresses_of(ec2, eni) == ["10.0.0.100", "10.0.0.101"]

    attached = ec2.attach_network_interface(
        NetworkInterfaceId=eni, InstanceId=world.instance_id, DeviceIndex=1
    )
    assert set(body(attached)) == {"AttachmentId", "NetworkCardIndex"}
    assert attached["NetworkCardIndex"] == 0
    (described,) = ec2.describe_network_interfaces(
        Filters=[{"Name": "attachment.instance-id", "Values": [world.instance_id]},
                 {"Name": "attachment.device-index", "Values": ["1"]}]
    )["NetworkInterfaces"]
    assert described["NetworkInterfaceId"] == eni
    assert described["Status"] == "in-use"
    assert described["Attachment"]["AttachmentId"] == attached["AttachmentId"]
    instance = ec2.describe_instances(InstanceIds=[world.instance_id])["Reservations"][0][
        "Instances"
    ][0]
    assert [i["NetworkInterfaceId"] for i in instance["NetworkInterfaces"]] == [world.eni_id, eni]

    assert body(ec2.detach_network_interface(AttachmentId=attached["AttachmentId"])) == {}
    assert body(ec2.delete_network_interface(NetworkInterfaceId=eni)) == {}
    assert ec2.describe_network_interfaces(
        Filters=[{"Name": "network-interface-id", "Values": [eni]}]
    )["NetworkInterfaces"] == []


def test_assign_and_unassign_private_ip_addresses(world: World) -> None:
    ec2 = world.ec2
    explicit = ec2.assign_private_ip_addresses(
        NetworkInterfaceId=world.eni_id, PrivateIpAddresses=["10.0.0.30", "10.0.0.31"]
    )
    assert body(explicit) == {
        "NetworkInterfaceId": world.eni_id,
        "AssignedPrivateIpAddresses": [
            {"PrivateIpAddress": "10.0.0.30"},
            {"PrivateIpAddress": "10.0.0.31"},
        ],
    }
    counted = ec2.assign_private_ip_addresses(
        NetworkInterfaceId=world.eni_id, SecondaryPrivateIpAddressCount=2
    )
    assert len(counted["AssignedPrivateIpAddresses"]) == 2
    prefixes = ec2.assign_private_ip_addresses(
        NetworkInterfaceId=world.eni_id, Ipv4Prefixes=["10.0.0.160/28"]
    )
    assert prefixes["AssignedIpv4Prefixes"] == [{"Ipv4Prefix": "10.0.0.160/28"}]
    assert len(addresses_of(ec2, world.eni_id)) == 5

    unassigned = ec2.unassign_private_ip_addresses(
        NetworkInterfaceId=world.eni_id,
        PrivateIpAddresses=["10.0.0.30", "10.0.0.31"],
    )
    assert body(unassigned) == {}
    ec2.unassign_private_ip_addresses(
        NetworkInterfaceId=world.eni_id, Ipv4Prefixes=["10.0.0.160/28"]
    )
    (interface,) = ec2.describe_network_interfaces(NetworkInterfaceIds=[world.eni_id])[
        "NetworkInterfaces"
    ]
    assert "Ipv4Prefixes" not in interface
    assert len(interface["PrivateIpAddresses"]) == 3


def test_elastic_ips(world: World) -> None:
    ec2 = world.ec2
    allocated = ec2.allocate_address(Domain="vpc")
    allocation = allocated["AllocationId"]
    assert allocated["Domain"] == "vpc"
    assert allocated["PublicIp"].startswith("198.1")
    association = ec2.associate_address(AllocationId=allocation, InstanceId=world.instance_id)
    assert association["AssociationId"].startswith("eipassoc-")
    (address,) = ec2.describe_addresses(AllocationIds=[allocation])["Addresses"]
    assert address["AssociationId"] == association["AssociationId"]
    assert address["NetworkInterfaceId"] == world.eni_id
    assert address["PrivateIpAddress"] == world.primary_ip
    assert address["InstanceId"] == world.instance_id
    (interface,) = ec2.describe_network_interfaces(NetworkInterfaceIds=[world.eni_id])[
        "NetworkInterfaces"
    ]
    assert interface["Association"]["PublicIp"] == allocated["PublicIp"]
    by_ip = ec2.describe_addresses(PublicIps=[allocated["PublicIp"]])["Addresses"]
    assert by_ip == [address]

    assert body(ec2.disassociate_address(AssociationId=association["AssociationId"])) == {}
    (address,) = ec2.describe_addresses(
        Filters=[{"Name": "allocation-id", "Values": [allocation]}]
    )["Addresses"]
    assert "AssociationId" not in address
    assert body(ec2.release_address(AllocationId=allocation)) == {}
    assert ec2.describe_addresses()["Addresses"] == []


def test_subnet_report(world: World) -> None:
    ec2 = world.ec2
    # One address in each of three /28 blocks pins them.
    ec2.assign_private_ip_addresses(
        NetworkInterfaceId=world.eni_id, PrivateIpAddresses=["10.0.0.20", "10.0.0.40"]
    )
    report = ec2.subnet_report(SubnetId=world.subnet_id)
    assert report == {
        "SubnetId": world.subnet_id,
        "CidrBlock": "10.0.0.0/24",
        "Usable": 251,
        "Owned": 3,
        "AvailableIpAddressCount": 248,
        "AvailableForAutomaticAddresses": 248,
        "FreeAlignedBlocks": 12,
        # 10.0.0.128/25 holds the broadcast address, reserved by EC2.
        "LargestFreeAlignedBlock": "10.0.0.64/26",
        "PinnedBlocks": [
            {
                "Ipv4Prefix": "10.0.0.16/28",
                "Addresses": [{"PrivateIpAddress": "10.0.0.20", "NetworkInterfaceId": world.eni_id}],
            },
            {
                "Ipv4Prefix": "10.0.0.32/28",
                "Addresses": [{"PrivateIpAddress": "10.0.0.40", "NetworkInterfaceId": world.eni_id}],
            },
        ],
        "BlocksPinnedByOneAddress": 2,
    }
    with pytest.raises(eniplan.InvalidSubnetIDNotFound) as caught:
        ec2.subnet_report(SubnetId="subnet-12345678")
    assert caught.value.operation_name == "SubnetReport"
    with pytest.raises(eniplan.InvalidSubnetIDMalformed):
        ec2.subnet_report(SubnetId="sub")


def test_call_runs_any_action_by_name(world: World) -> None:
    response = world.ec2.call("DescribeSubnets", {"SubnetIds": [world.subnet_id]})
    assert response["Subnets"][0]["SubnetId"] == world.subnet_id
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    with pytest.raises(eniplan.InvalidAction):
        world.ec2.call("CreateVolume", {})


def test_copies_are_independent(world: World) -> None:
    twin = copy.deepcopy(world.ec2)
    assert copy.copy(world.ec2) is not world.ec2
    a = world.ec2.assign_private_ip_addresses(
        NetworkInterfaceId=world.eni_id, SecondaryPrivateIpAddressCount=3
    )
    b = twin.assign_private_ip_addresses(
        NetworkInterfaceId=world.eni_id, SecondaryPrivateIpAddressCount=3
    )
    assert body(a) == body(b)
    assert len(addresses_of(world.ec2, world.eni_id)) == 4
    twin.unassign_private_ip_addresses(
        NetworkInterfaceId=world.eni_id,
        PrivateIpAddresses=[x["PrivateIpAddress"] for x in b["AssignedPrivateIpAddresses"]],
    )
    assert len(addresses_of(world.ec2, world.eni_id)) == 4
    assert len(addresses_of(twin, world.eni_id)) == 1


def test_instance_metadata_lags_a_reassignment_by_the_remap_window() -> None:
    ec2 = eniplan.Ec2(strategy="lowest")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/24")["Subnet"]["SubnetId"]
    instances = [
        ec2.run_instances(InstanceType="m5.large", MinCount=1, MaxCount=1, SubnetId=subnet)["Instances"][0]
        for _ in range(2)
    ]
    first, second = (i["NetworkInterfaces"][0]["NetworkInterfaceId"] for i in instances)
    ec2.assign_private_ip_addresses(NetworkInterfaceId=first, PrivateIpAddresses=["10.0.0.30"])
    ec2.set_remap_window(5)
    ec2.assign_private_ip_addresses(NetworkInterfaceId=second, PrivateIpAddresses=["10.0.0.30"], AllowReassignment=True)

    def local_ipv4s(instance: dict[str, Any]) -> list[str]:
        metadata = ec2.instance_metadata(InstanceId=instance["InstanceId"])
        mac = metadata["mac"]
        return list(metadata["network"]["interfaces"]["macs"][mac]["local-ipv4s"])

    # The primaries are 10.0.0.4 and 10.0.0.5; the move shows after 5 seconds.
    assert local_ipv4s(instances[1]) == ["10.0.0.5"]
    assert local_ipv4s(instances[0]) == ["10.0.0.4", "10.0.0.30"]
    ec2.advance_clock(5)
    assert local_ipv4s(instances[1]) == ["10.0.0.5", "10.0.0.30"]
    assert local_ipv4s(instances[0]) == ["10.0.0.4"]
    with pytest.raises(eniplan.InvalidInstanceIDNotFound):
        ec2.instance_metadata(InstanceId="i-12345678")


def test_from_describe_loads_describe_output() -> None:
    subnets = {"Subnets": [{"SubnetId": "subnet-0a1b2c3d", "VpcId": "vpc-0a1b2c3d", "CidrBlock": "10.0.0.0/24"}]}
    enis = {
        "NetworkInterfaces": [
            {
                "NetworkInterfaceId": "eni-0a1b2c3d",
                "SubnetId": "subnet-0a1b2c3d",
                "PrivateIpAddress": "10.0.0.9",
                "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.9", "Primary": True}],
            }
        ]
    }
    ec2 = eniplan.Ec2.from_describe([enis, subnets], strategy="lowest")
    assert ec2.describe_subnets()["Subnets"][0]["AvailableIpAddressCount"] == 250
    response = ec2.assign_private_ip_addresses(NetworkInterfaceId="eni-0a1b2c3d", SecondaryPrivateIpAddressCount=1)
    assert response["AssignedPrivateIpAddresses"] == [{"PrivateIpAddress": "10.0.0.4"}]
    clash = {"NetworkInterfaces": enis["NetworkInterfaces"] + [dict(enis["NetworkInterfaces"][0], NetworkInterfaceId="eni-0f0f0f0f")]}
    with pytest.raises(eniplan.ClientError) as caught:
        eniplan.Ec2.from_describe([subnets, clash])
    assert "address 10.0.0.9 is also held by eni-0a1b2c3d" in caught.value.response["Error"]["Message"]
    with pytest.raises(TypeError):
        eniplan.Ec2.from_describe(subnets)  # type: ignore[arg-type]
