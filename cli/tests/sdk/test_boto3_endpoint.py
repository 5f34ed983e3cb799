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
