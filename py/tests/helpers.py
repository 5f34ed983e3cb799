"""Shared builders for the eniplan tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

import eniplan


@dataclass
class World:
    """A VPC, a /24 subnet and one running c5.large (10 addresses per interface, 3 interfaces)."""

    ec2: eniplan.Ec2
    vpc_id: str
    subnet_id: str
    instance_id: str
    eni_id: str
    primary_ip: str


def build_world(ec2: eniplan.Ec2, instance_type: str = "c5.large") -> World:
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.0.0.0/24")["Subnet"]["SubnetId"]
    reservation = ec2.run_instances(
        InstanceType=instance_type, MinCount=1, MaxCount=1, SubnetId=subnet_id
    )
    instance = reservation["Instances"][0]
    eni = instance["NetworkInterfaces"][0]
    return World(
        ec2=ec2,
        vpc_id=vpc_id,
        subnet_id=subnet_id,
        instance_id=instance["InstanceId"],
        eni_id=eni["NetworkInterfaceId"],
        primary_ip=eni["PrivateIpAddress"],
    )


def body(response: Mapping[str, Any]) -> dict[str, Any]:
    """A response without its ResponseMetadata (whose request id changes on every call)."""
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


def snapshot(ec2: eniplan.Ec2) -> dict[str, Any]:
    """Everything the model shows through its describe calls and reports."""
    subnets = ec2.describe_subnets()["Subnets"]
    return {
        "vpcs": body(ec2.describe_vpcs()),
        "subnets": body(ec2.describe_subnets()),
        "interfaces": body(ec2.describe_network_interfaces()),
        "instances": body(ec2.describe_instances()),
        "addresses": body(ec2.describe_addresses()),
        "reservations": [
            body(ec2.get_subnet_cidr_reservations(SubnetId=s["SubnetId"])) for s in subnets
        ],
        "reports": [ec2.subnet_report(SubnetId=s["SubnetId"]) for s in subnets],
    }


def addresses_of(ec2: eniplan.Ec2, eni_id: str) -> list[str]:
    interface = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"][0]
    return [item["PrivateIpAddress"] for item in interface["PrivateIpAddresses"]]


def raises_code(call: Callable[[], object]) -> str:
    """The EC2 error code a call fails with."""
    try:
        call()
    except eniplan.ClientError as error:
        code = error.response["Error"]["Code"]
        assert isinstance(code, str)
        return code
    raise AssertionError("the call succeeded")
