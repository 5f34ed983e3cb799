"""boto3, unchanged but for endpoint_url, against `eniplan serve`."""

import re

import botocore.exceptions
import pytest


@pytest.fixture(scope="module")
def eni(ec2) -> str:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]
    subnet = ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.0.1.0/24")["Subnet"]
    reservation = ec2.run_instances(
        ImageId="ami-12345678", InstanceType="m5.large", MinCount=1, MaxCount=1, SubnetId=subnet["SubnetId"]
    )
    return reservation["Instances"][0]["NetworkInterfaces"][0]["NetworkInterfaceId"]


def test_assign_and_describe(ec2, eni: str) -> None:
    response = ec2.assign_private_ip_addresses(NetworkInterfaceId=eni, SecondaryPrivateIpAddressCount=2)
    assert response["NetworkInterfaceId"] == eni
    assert [a["PrivateIpAddress"] for a in response["AssignedPrivateIpAddresses"]] == ["10.0.1.5", "10.0.1.6"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert re.fullmatch(r"[0-9a-f-]{36}", response["ResponseMetadata"]["RequestId"])
    prefixes = ec2.assign_private_ip_addresses(NetworkInterfaceId=eni, Ipv4Prefixes=["10.0.1.32/28"])
    assert prefixes["AssignedIpv4Prefixes"] == [{"Ipv4Prefix": "10.0.1.32/28"}]
    described = ec2.describe_network_interfaces(
        Filters=[{"Name": "addresses.private-ip-address", "Values": ["10.0.1.6"]}]
    )["NetworkInterfaces"]
    assert [i["NetworkInterfaceId"] for i in described] == [eni]
    assert described[0]["Ipv4Prefixes"] == [{"Ipv4Prefix": "10.0.1.32/28"}]
    subnet = ec2.describe_subnets()["Subnets"][0]
    # 251 usable less the primary, two secondaries and a /28.
    assert subnet["AvailableIpAddressCount"] == 232


def test_errors_come_back_as_client_errors(ec2, eni: str) -> None:
    cases = [
        ({"NetworkInterfaceId": "eni-12345678", "SecondaryPrivateIpAddressCount": 1}, "InvalidNetworkInterfaceID.NotFound"),
        ({"NetworkInterfaceId": eni, "SecondaryPrivateIpAddressCount": 1, "Ipv4PrefixCount": 1}, "InvalidParameterCombination"),
        ({"NetworkInterfaceId": eni, "SecondaryPrivateIpAddressCount": 40}, "PrivateIpAddressLimitExceeded"),
    ]
    for kwargs, code in cases:
        with pytest.raises(botocore.exceptions.ClientError) as raised:
            ec2.assign_private_ip_addresses(**kwargs)
        assert raised.value.response["Error"]["Code"] == code
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_unassign(ec2, eni: str) -> None:
    ec2.unassign_private_ip_addresses(NetworkInterfaceId=eni, PrivateIpAddresses=["10.0.1.6"], Ipv4Prefixes=["10.0.1.32/28"])
    addresses = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni])["NetworkInterfaces"][0]["PrivateIpAddresses"]
    assert [a["PrivateIpAddress"] for a in addresses] == ["10.0.1.4", "10.0.1.5"]
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ec2.unassign_private_ip_addresses(NetworkInterfaceId=eni, PrivateIpAddresses=["10.0.1.4"])
    assert raised.value.response["Error"]["Message"] == "The primary IP address of an interface cannot be unassigned."


def test_dry_run(ec2, eni: str) -> None:
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ec2.describe_instance_types(InstanceTypes=["m5.large"], DryRun=True)
    assert raised.value.response["Error"]["Code"] == "DryRunOperation"
    types = ec2.describe_instance_types(InstanceTypes=["m5.large"])["InstanceTypes"]
    assert types[0]["NetworkInfo"]["Ipv4AddressesPerInterface"] == 10
    assert types[0]["NetworkInfo"]["NetworkCards"][0]["MaximumNetworkInterfaces"] == 3


def test_instance_types_parse_with_every_member_terraform_reads(ec2) -> None:
    (m5,) = ec2.describe_instance_types(InstanceTypes=["m5.large"])["InstanceTypes"]
    # botocore parses each member by its shape: integers, doubles, booleans, item lists.
    assert m5["MemoryInfo"] == {"SizeInMiB": 8192}
    assert m5["VCpuInfo"] == {
        "DefaultVCpus": 2,
        "DefaultCores": 1,
        "DefaultThreadsPerCore": 2,
        "ValidCores": [1],
        "ValidThreadsPerCore": [1, 2],
    }
    assert m5["ProcessorInfo"]["SupportedArchitectures"] == ["x86_64"]
    assert m5["ProcessorInfo"]["SustainedClockSpeedInGhz"] == 3.1
    assert m5["EbsInfo"]["EbsOptimizedInfo"]["BaselineThroughputInMBps"] == 81.25
    assert m5["PlacementGroupInfo"]["SupportedStrategies"] == ["cluster", "partition", "spread"]
    assert m5["SupportedUsageClasses"] == ["on-demand", "spot"]
    assert m5["CurrentGeneration"] is False and m5["BurstablePerformanceSupported"] is False
    assert m5["NetworkInfo"]["NetworkPerformance"] == "Up to 10 Gigabit"
    assert m5["NetworkInfo"]["NetworkCards"][0]["BaselineBandwidthInGbps"] == 0.75
    assert m5["NetworkInfo"]["EnaSupport"] == "required"
    (c8gn,) = ec2.describe_instance_types(InstanceTypes=["c8gn.48xlarge"])["InstanceTypes"]
    assert [card["EbsCardIndex"] for card in c8gn["EbsInfo"]["EbsCards"]] == [0, 1]
    assert c8gn["NetworkInfo"]["EfaInfo"] == {"MaximumEfaInterfaces": 2}
    burstable = ec2.describe_instance_types(
        Filters=[{"Name": "burstable-performance-supported", "Values": ["true"]}]
    )["InstanceTypes"]
    assert {t["InstanceType"].split(".")[0] for t in burstable} == {"t2", "t3", "t3a", "t4g"}


def test_credit_specifications_and_address_attributes(ec2) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]
    subnet = ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.9.0.0/24")["Subnet"]
    ids = [
        ec2.run_instances(
            ImageId="ami-12345678", InstanceType=instance_type, MinCount=1, MaxCount=1, SubnetId=subnet["SubnetId"]
        )["Instances"][0]["InstanceId"]
        for instance_type in ["t2.micro", "t3.micro"]
    ]
    specifications = ec2.describe_instance_credit_specifications(InstanceIds=ids)["InstanceCreditSpecifications"]
    assert sorted((s["InstanceId"], s["CpuCredits"]) for s in specifications) == sorted(
        [(ids[0], "standard"), (ids[1], "unlimited")]
    )
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ec2.describe_instance_credit_specifications(InstanceIds=["i-0123456789abcdef0"])
    assert raised.value.response["Error"]["Code"] == "InvalidInstanceID.NotFound"

    allocation_id = ec2.allocate_address(Domain="vpc")["AllocationId"]
    attribute = ec2.describe_addresses_attribute(AllocationIds=[allocation_id], Attribute="domain-name")
    assert attribute["Addresses"] == []
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ec2.describe_addresses_attribute(AllocationIds=["eipalloc-0123456789abcdef0"], Attribute="domain-name")
    assert raised.value.response["Error"]["Code"] == "InvalidAllocationID.NotFound"
