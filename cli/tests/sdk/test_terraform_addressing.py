"""The calls Terraform's AWS provider makes for each resource, replayed with boto3 against
`eniplan serve`: the same actions with the same members, in the order the provider sends them
(recorded through a proxy; see the call sequences in the README's Terraform section). Each
answer is checked for what the provider reads from it."""

from typing import Any

import botocore.exceptions
import pytest

AMI = "ami-0abcdef1234567890"


@pytest.fixture(scope="module")
def network(ec2: Any) -> tuple[str, str]:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.16.0/20", AvailabilityZone="us-east-1a")
    return vpc, subnet["Subnet"]["SubnetId"]


def free(ec2: Any, subnet: str) -> int:
    return int(ec2.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["AvailableIpAddressCount"])


def test_network_interface_with_a_prefix_count(ec2: Any, network: tuple[str, str]) -> None:
    """aws_network_interface with ipv4_prefix_count 1, then 2, then destroyed."""
    _, subnet = network
    before = free(ec2, subnet)
    create = {"ClientToken": "terraform-20261204-eni", "Ipv4PrefixCount": 1, "SubnetId": subnet}
    eni = ec2.create_network_interface(**create)["NetworkInterface"]["NetworkInterfaceId"]
    # The SDK retries a create whose answer was lost with the same token: no second interface.
    assert ec2.create_network_interface(**create)["NetworkInterface"]["NetworkInterfaceId"] == eni
    for _ in range(2):  # the create waiter, then the read
        read = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni])["NetworkInterfaces"][0]
        assert read["Status"] == "available"
        assert len(read["Ipv4Prefixes"]) == 1
    # A primary address and one /28.
    assert free(ec2, subnet) == before - 1 - 16
    # ipv4_prefix_count = 2: the provider assigns the difference.
    ec2.assign_private_ip_addresses(NetworkInterfaceId=eni, Ipv4PrefixCount=1)
    prefixes = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni])["NetworkInterfaces"][0]["Ipv4Prefixes"]
    assert len(prefixes) == 2
    # And a decrease unassigns one by name.
    ec2.unassign_private_ip_addresses(NetworkInterfaceId=eni, Ipv4Prefixes=[prefixes[1]["Ipv4Prefix"]])
    ec2.describe_network_interfaces(NetworkInterfaceIds=[eni])
    ec2.delete_network_interface(NetworkInterfaceId=eni)
    assert free(ec2, subnet) == before


def read_instance(ec2: Any, instance: str, vpc: str) -> dict[str, Any]:
    """The provider's eight read calls for an aws_instance; the instance as it reads it."""
    described = ec2.describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0]
    instance_type = ec2.describe_instance_types(InstanceTypes=[described["InstanceType"]])["InstanceTypes"][0]
    if instance_type["BurstablePerformanceSupported"]:
        # T3 instances launch with unlimited CPU credits.
        credits = ec2.describe_instance_credit_specifications(InstanceIds=[instance])
        assert credits["InstanceCreditSpecifications"] == [{"InstanceId": instance, "CpuCredits": "unlimited"}]
    launch_template = ec2.describe_tags(
        Filters=[
            {"Name": "key", "Values": ["aws:ec2launchtemplate:id"]},
            {"Name": "resource-id", "Values": [instance]},
        ]
    )
    assert launch_template["Tags"] == []
    assert ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["VpcId"] == vpc
    values = {}
    for attribute, member in [
        ("instanceInitiatedShutdownBehavior", "InstanceInitiatedShutdownBehavior"),
        ("disableApiStop", "DisableApiStop"),
        ("disableApiTermination", "DisableApiTermination"),
        ("userData", "UserData"),
    ]:
        answer = ec2.describe_instance_attribute(InstanceId=instance, Attribute=attribute)
        assert answer["InstanceId"] == instance
        values[attribute] = answer[member].get("Value")
    assert values == {
        "instanceInitiatedShutdownBehavior": "stop",
        "disableApiStop": False,
        "disableApiTermination": False,
        "userData": None,
    }
    return dict(described)


def test_instance_with_a_private_ip_and_secondaries(ec2: Any, network: tuple[str, str]) -> None:
    """aws_instance with subnet_id, private_ip, secondary_private_ips and tags; then a tag
    change and one more secondary address; then destroyed."""
    vpc, subnet = network
    before = free(ec2, subnet)
    launch = {
        "ClientToken": "terraform-20261204-instance",
        "DisableApiTermination": False,
        "EbsOptimized": False,
        "HibernationOptions": {"Configured": False},
        "ImageId": AMI,
        "InstanceType": "t3.medium",
        "MaxCount": 1,
        "MinCount": 1,
        "Monitoring": {"Enabled": False},
        "NetworkInterfaces": [
            {
                "DeviceIndex": 0,
                "PrivateIpAddress": "10.0.17.50",
                "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.17.51"}],
                "SubnetId": subnet,
            }
        ],
        "Placement": {"AvailabilityZone": ""},
        "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "probe"}]}],
    }
    instance = ec2.run_instances(**launch)["Instances"][0]["InstanceId"]
    assert ec2.run_instances(**launch)["Instances"][0]["InstanceId"] == instance
    # The waiter for running, then the read.
    assert ec2.describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0]["State"]["Name"] == "running"
    read = read_instance(ec2, instance, vpc)
    # What the provider compares with the configuration: a difference here is drift.
    assert read["ImageId"] == AMI
    assert read["SourceDestCheck"] is True
    assert read["PrivateIpAddress"] == "10.0.17.50"
    assert read["SubnetId"] == subnet
    assert read["Tags"] == [{"Key": "Name", "Value": "probe"}]
    assert read["LaunchTime"].year >= 2026
    eni = read["NetworkInterfaces"][0]
    assert [a["PrivateIpAddress"] for a in eni["PrivateIpAddresses"]] == ["10.0.17.50", "10.0.17.51"]
    assert free(ec2, subnet) == before - 2

    # Update: tags Name=probe2, and 10.0.17.52 added to secondary_private_ips.
    read_instance(ec2, instance, vpc)
    ec2.create_tags(Resources=[instance], Tags=[{"Key": "Name", "Value": "probe2"}])
    ec2.describe_instances(InstanceIds=[instance])
    ec2.assign_private_ip_addresses(NetworkInterfaceId=eni["NetworkInterfaceId"], PrivateIpAddresses=["10.0.17.52"])
    read = read_instance(ec2, instance, vpc)
    assert read["Tags"] == [{"Key": "Name", "Value": "probe2"}]
    addresses = read["NetworkInterfaces"][0]["PrivateIpAddresses"]
    assert [a["PrivateIpAddress"] for a in addresses] == ["10.0.17.50", "10.0.17.51", "10.0.17.52"]

    # Destroy: termination protection off first (a warning if refused), then terminate.
    read_instance(ec2, instance, vpc)
    ec2.modify_instance_attribute(InstanceId=instance, DisableApiTermination={"Value": False})
    ec2.terminate_instances(InstanceIds=[instance])
    state = ec2.describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0]["State"]
    assert state["Name"] == "terminated"
    # The primary interface went with the instance, and its three addresses with it.
    assert free(ec2, subnet) == before
    # The same token again names a terminated instance.
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ec2.run_instances(**launch)
    assert raised.value.response["Error"]["Code"] == "IdempotentInstanceTerminated"


def test_instance_on_an_existing_interface(ec2: Any, network: tuple[str, str]) -> None:
    """aws_instance with a network_interface block: the interface outlives the instance."""
    vpc, subnet = network
    eni = ec2.create_network_interface(SubnetId=subnet, Description="primary")["NetworkInterface"]
    instance = ec2.run_instances(
        ClientToken="terraform-20261204-on-eni",
        ImageId=AMI,
        InstanceType="m5.large",
        MinCount=1,
        MaxCount=1,
        NetworkInterfaces=[
            {
                "DeleteOnTermination": False,
                "DeviceIndex": 0,
                "NetworkCardIndex": 0,
                "NetworkInterfaceId": eni["NetworkInterfaceId"],
            }
        ],
    )["Instances"][0]
    assert instance["SubnetId"] == subnet
    assert instance["PrivateIpAddress"] == eni["PrivateIpAddress"]
    read_instance(ec2, instance["InstanceId"], vpc)
    ec2.modify_instance_attribute(InstanceId=instance["InstanceId"], DisableApiTermination={"Value": False})
    ec2.terminate_instances(InstanceIds=[instance["InstanceId"]])
    after = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni["NetworkInterfaceId"]])["NetworkInterfaces"][0]
    assert after["Status"] == "available"
    assert after["PrivateIpAddress"] == eni["PrivateIpAddress"]


def addresses_of(ec2: Any, eni: str) -> list[str]:
    read = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni])["NetworkInterfaces"][0]
    return [a["PrivateIpAddress"] for a in read["PrivateIpAddresses"]]


def test_network_interface_address_forms(ec2: Any, network: tuple[str, str]) -> None:
    """aws_network_interface with private_ips_count 2 → 4, private_ips 2 → 3 and
    private_ip_list 2 → 3: the create and update calls of each form."""
    _, subnet = network
    before = free(ec2, subnet)
    # private_ips_count: the create asks for the count, the update for the difference.
    counted = ec2.create_network_interface(ClientToken="tf-count", SecondaryPrivateIpAddressCount=2, SubnetId=subnet)
    counted_id = counted["NetworkInterface"]["NetworkInterfaceId"]
    assert len(addresses_of(ec2, counted_id)) == 3
    ec2.assign_private_ip_addresses(NetworkInterfaceId=counted_id, SecondaryPrivateIpAddressCount=2)
    assert len(addresses_of(ec2, counted_id)) == 5
    # private_ips: every address named, the first primary; the update assigns the new one.
    named = ec2.create_network_interface(
        ClientToken="tf-named",
        PrivateIpAddresses=[
            {"Primary": True, "PrivateIpAddress": "10.0.18.10"},
            {"Primary": False, "PrivateIpAddress": "10.0.18.11"},
        ],
        SubnetId=subnet,
    )["NetworkInterface"]["NetworkInterfaceId"]
    ec2.assign_private_ip_addresses(NetworkInterfaceId=named, PrivateIpAddresses=["10.0.18.12"])
    assert addresses_of(ec2, named) == ["10.0.18.10", "10.0.18.11", "10.0.18.12"]
    # private_ip_list: the update unassigns every secondary, then assigns one at a time, in order.
    listed = ec2.create_network_interface(
        ClientToken="tf-listed",
        PrivateIpAddresses=[
            {"Primary": True, "PrivateIpAddress": "10.0.18.20"},
            {"Primary": False, "PrivateIpAddress": "10.0.18.21"},
        ],
        SubnetId=subnet,
    )["NetworkInterface"]["NetworkInterfaceId"]
    ec2.unassign_private_ip_addresses(NetworkInterfaceId=listed, PrivateIpAddresses=["10.0.18.21"])
    for address in ["10.0.18.22", "10.0.18.21"]:
        ec2.assign_private_ip_addresses(NetworkInterfaceId=listed, PrivateIpAddresses=[address])
    assert addresses_of(ec2, listed) == ["10.0.18.20", "10.0.18.22", "10.0.18.21"]
    assert free(ec2, subnet) == before - 5 - 3 - 3
    for eni in [counted_id, named, listed]:
        ec2.delete_network_interface(NetworkInterfaceId=eni)
    assert free(ec2, subnet) == before


def test_network_interface_with_named_prefixes(ec2: Any, network: tuple[str, str]) -> None:
    """aws_network_interface with ipv4_prefixes, one then two."""
    _, subnet = network
    eni = ec2.create_network_interface(
        ClientToken="tf-prefixes", Ipv4Prefixes=[{"Ipv4Prefix": "10.0.20.0/28"}], SubnetId=subnet
    )["NetworkInterface"]["NetworkInterfaceId"]
    ec2.assign_private_ip_addresses(NetworkInterfaceId=eni, Ipv4Prefixes=["10.0.20.16/28"])
    read = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni])["NetworkInterfaces"][0]
    assert [p["Ipv4Prefix"] for p in read["Ipv4Prefixes"]] == ["10.0.20.0/28", "10.0.20.16/28"]
    ec2.delete_network_interface(NetworkInterfaceId=eni)


def test_fragmented_subnet_refuses_a_prefix_at_apply(ec2: Any, network: tuple[str, str]) -> None:
    """What `terraform apply` shows for ipv4_prefix_count on a subnet with no whole free /28."""
    vpc, _ = network
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.40.0/27", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    # 10.0.40.0/27 is two /28 blocks; one address taken in the second leaves no whole block free
    # (the first holds EC2's four reserved addresses).
    ec2.create_network_interface(SubnetId=subnet, PrivateIpAddress="10.0.40.20")
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ec2.create_network_interface(ClientToken="tf-fragmented", Ipv4PrefixCount=1, SubnetId=subnet)
    error = raised.value.response["Error"]
    assert error["Code"] == "InsufficientCidrBlocks"
    assert error["Message"] == "The specified subnet does not have enough free cidr blocks to satisfy the request."


def test_attachment_reservation_and_elastic_ip(ec2: Any, network: tuple[str, str]) -> None:
    """aws_network_interface_attachment, aws_ec2_subnet_cidr_reservation, aws_eip with tags
    and aws_eip_association, each through apply, read and destroy."""
    vpc, subnet = network
    node = ec2.run_instances(ImageId=AMI, InstanceType="m5.large", MinCount=1, MaxCount=1, SubnetId=subnet)
    instance = node["Instances"][0]["InstanceId"]
    eni = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["NetworkInterfaceId"]

    attachment = ec2.attach_network_interface(DeviceIndex=1, InstanceId=instance, NetworkInterfaceId=eni)["AttachmentId"]
    attached = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni])["NetworkInterfaces"][0]
    assert attached["Status"] == "in-use"
    assert attached["Attachment"]["AttachmentId"] == attachment

    reservation = ec2.create_subnet_cidr_reservation(
        Cidr="10.0.30.0/28", ReservationType="prefix", SubnetId=subnet, Description="pods"
    )["SubnetCidrReservation"]
    read = ec2.get_subnet_cidr_reservations(SubnetId=subnet)["SubnetIpv4CidrReservations"]
    assert [(r["SubnetCidrReservationId"], r["Cidr"]) for r in read] == [
        (reservation["SubnetCidrReservationId"], "10.0.30.0/28")
    ]

    tags = [{"ResourceType": "elastic-ip", "Tags": [{"Key": "Name", "Value": "egress"}]}]
    allocation = ec2.allocate_address(Domain="vpc", TagSpecifications=tags)["AllocationId"]
    address = ec2.describe_addresses(AllocationIds=[allocation])["Addresses"][0]
    assert address["Tags"] == [{"Key": "Name", "Value": "egress"}]
    ec2.create_tags(Resources=[allocation], Tags=[{"Key": "Name", "Value": "egress2"}])
    association = ec2.associate_address(AllocationId=allocation, NetworkInterfaceId=eni)["AssociationId"]
    associated = ec2.describe_addresses(Filters=[{"Name": "association-id", "Values": [association]}])["Addresses"]
    assert [a["NetworkInterfaceId"] for a in associated] == [eni]
    assert associated[0]["Tags"] == [{"Key": "Name", "Value": "egress2"}]

    # Destroy, in Terraform's dependency order.
    ec2.disassociate_address(AssociationId=association)
    ec2.release_address(AllocationId=allocation)
    ec2.delete_subnet_cidr_reservation(SubnetCidrReservationId=reservation["SubnetCidrReservationId"])
    ec2.detach_network_interface(AttachmentId=attachment, Force=True)
    # The provider's detach waiter polls by attachment id until nothing is found.
    gone = ec2.describe_network_interfaces(Filters=[{"Name": "attachment.attachment-id", "Values": [attachment]}])
    assert gone["NetworkInterfaces"] == []
    # The interface's own delete detaches again, and tolerates that the attachment is gone.
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ec2.detach_network_interface(AttachmentId=attachment, Force=True)
    assert raised.value.response["Error"]["Code"] == "InvalidAttachmentID.NotFound"
    ec2.delete_network_interface(NetworkInterfaceId=eni)
    ec2.terminate_instances(InstanceIds=[instance])


def test_data_sources(ec2: Any, network: tuple[str, str]) -> None:
    """data aws_subnet, aws_subnets, aws_network_interface, aws_network_interfaces and
    aws_instance: the calls each makes and what it reads."""
    vpc, subnet = network
    eni = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]
    assert ec2.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["VpcId"] == vpc
    in_vpc = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
    assert subnet in [s["SubnetId"] for s in in_vpc]
    one = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni["NetworkInterfaceId"]])["NetworkInterfaces"]
    assert one[0]["PrivateIpAddress"] == eni["PrivateIpAddress"]
    in_subnet = ec2.describe_network_interfaces(Filters=[{"Name": "subnet-id", "Values": [subnet]}])
    assert eni["NetworkInterfaceId"] in [e["NetworkInterfaceId"] for e in in_subnet["NetworkInterfaces"]]
    ec2.delete_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"])
    # data aws_instance formats LaunchTime with no nil check: it must be there.
    node = ec2.run_instances(ImageId=AMI, InstanceType="m5.large", MinCount=1, MaxCount=1, SubnetId=subnet)
    instance = node["Instances"][0]["InstanceId"]
    read = ec2.describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0]
    assert read["LaunchTime"].year >= 2026
    for attribute in ["disableApiStop", "disableApiTermination", "userData"]:
        ec2.describe_instance_attribute(InstanceId=instance, Attribute=attribute)
    ec2.terminate_instances(InstanceIds=[instance])
    # data aws_ec2_instance_type finds nothing unless these five are there, then reads
    # MemoryInfo.SizeInMiB with no nil check.
    m5 = ec2.describe_instance_types(InstanceTypes=["m5.large"])["InstanceTypes"][0]
    for member in ["EbsInfo", "NetworkInfo", "PlacementGroupInfo", "ProcessorInfo", "VCpuInfo"]:
        assert member in m5, member
    # 8 GiB, as the AWS instance type documentation gives it for m5.large.
    assert m5["MemoryInfo"]["SizeInMiB"] == 8192
