"""Python values convert faithfully; anything else is a clear error naming the parameter."""

from __future__ import annotations

import enum
from typing import Any

import pytest
from helpers import World, addresses_of, snapshot

import eniplan


class Count(enum.IntEnum):
    TWO = 2


@pytest.mark.parametrize(
    ("value", "path", "type_name"),
    [
        (1.5, "SecondaryPrivateIpAddressCount", "float"),
        (None, "SecondaryPrivateIpAddressCount", "NoneType"),
        (b"1", "SecondaryPrivateIpAddressCount", "bytes"),
        ({1, 2}, "SecondaryPrivateIpAddressCount", "set"),
        (object(), "SecondaryPrivateIpAddressCount", "object"),
    ],
)
def test_unsupported_types_raise_type_error_naming_the_parameter(
    world: World, value: Any, path: str, type_name: str
) -> None:
    before = snapshot(world.ec2)
    with pytest.raises(TypeError) as caught:
        world.ec2.assign_private_ip_addresses(
            NetworkInterfaceId=world.eni_id, SecondaryPrivateIpAddressCount=value
        )
    assert f"parameter {path}: {type_name}" in str(caught.value)
    assert snapshot(world.ec2) == before


def test_none_gets_a_hint(world: World) -> None:
    with pytest.raises(TypeError, match="leave the parameter out"):
        world.ec2.describe_subnets(SubnetIds=None)


def test_nested_values_are_named_by_path(world: World) -> None:
    with pytest.raises(TypeError, match=r"parameter PrivateIpAddresses\[1\]: float"):
        world.ec2.assign_private_ip_addresses(
            NetworkInterfaceId=world.eni_id, PrivateIpAddresses=["10.0.0.9", 10.5]
        )
    with pytest.raises(TypeError, match=r"parameter Filters\[0\]\.Values\[0\]: bytes"):
        world.ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [b"vpc"]}])
    with pytest.raises(TypeError, match=r"Invalid key in Filters\[0\]: int keys"):
        world.ec2.describe_subnets(Filters=[{1: "vpc-id"}])


def test_self_containing_values_are_refused_not_crashed(ec2: eniplan.Ec2) -> None:
    looped: list[Any] = []
    looped.append(looped)
    with pytest.raises(ValueError, match="nested more than"):
        ec2.describe_vpcs(VpcIds=looped)
    cyclic: dict[str, Any] = {}
    cyclic["Name"] = cyclic
    with pytest.raises(ValueError, match="nested more than"):
        ec2.describe_vpcs(Filters=[cyclic])


def test_integers_beyond_64_bits(world: World) -> None:
    with pytest.raises(OverflowError, match="SecondaryPrivateIpAddressCount"):
        world.ec2.assign_private_ip_addresses(
            NetworkInterfaceId=world.eni_id, SecondaryPrivateIpAddressCount=2**64
        )
    # Within 64 bits, the range is EC2's rule, with EC2's error.
    with pytest.raises(eniplan.InvalidParameterValue, match="2147483647"):
        world.ec2.assign_private_ip_addresses(
            NetworkInterfaceId=world.eni_id, SecondaryPrivateIpAddressCount=2**40
        )
    with pytest.raises(eniplan.InvalidParameterValue):
        world.ec2.assign_private_ip_addresses(
            NetworkInterfaceId=world.eni_id, SecondaryPrivateIpAddressCount=-(2**63)
        )


def test_lone_surrogates_are_refused(world: World) -> None:
    with pytest.raises(ValueError, match="NetworkInterfaceId"):
        world.ec2.delete_network_interface(NetworkInterfaceId="eni-\ud800")


def test_tuples_and_subclasses_convert(world: World) -> None:
    world.ec2.assign_private_ip_addresses(
        NetworkInterfaceId=world.eni_id, PrivateIpAddresses=("10.0.0.30", "10.0.0.31")
    )
    world.ec2.assign_private_ip_addresses(
        NetworkInterfaceId=world.eni_id, SecondaryPrivateIpAddressCount=Count.TWO
    )
    assert len(addresses_of(world.ec2, world.eni_id)) == 5


def test_wrong_json_types_are_ec2_errors_naming_the_parameter(world: World) -> None:
    # A bool where EC2 wants an integer is a type boto3 would send; EC2 refuses it.
    with pytest.raises(eniplan.InvalidParameterValue, match="SecondaryPrivateIpAddressCount"):
        world.ec2.assign_private_ip_addresses(
            NetworkInterfaceId=world.eni_id, SecondaryPrivateIpAddressCount=True
        )
    with pytest.raises(eniplan.InvalidParameterValue, match=r"PrivateIpAddresses\[0\]"):
        world.ec2.assign_private_ip_addresses(
            NetworkInterfaceId=world.eni_id, PrivateIpAddresses=[7]
        )
    with pytest.raises(eniplan.InvalidParameterValue, match="AllowReassignment"):
        world.ec2.assign_private_ip_addresses(
            NetworkInterfaceId=world.eni_id, PrivateIpAddresses=["10.0.0.9"], AllowReassignment="yes"
        )


def test_missing_and_misspelled_parameters_are_named(world: World) -> None:
    with pytest.raises(eniplan.MissingParameter, match="parameter NetworkInterfaceId"):
        world.ec2.assign_private_ip_addresses(SecondaryPrivateIpAddressCount=1)
    with pytest.raises(eniplan.UnknownParameter, match="SecondaryPrivateIpAddresCount"):
        world.ec2.assign_private_ip_addresses(
            NetworkInterfaceId=world.eni_id, SecondaryPrivateIpAddresCount=1
        )
    with pytest.raises(eniplan.MissingParameter, match="CidrBlock"):
        world.ec2.create_vpc()


def test_call_takes_a_dict(ec2: eniplan.Ec2) -> None:
    with pytest.raises(TypeError, match="must be a dict"):
        ec2.call("DescribeVpcs", [("VpcIds", [])])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="argument 'action'"):
        ec2.call(5, {})  # type: ignore[arg-type]


def test_constructor_arguments() -> None:
    with pytest.raises(ValueError, match="'random' or 'lowest'"):
        eniplan.Ec2(strategy="densest")
    with pytest.raises(TypeError, match="strategy"):
        eniplan.Ec2(strategy=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="argument 'seed' must be int, not bool"):
        eniplan.Ec2(seed=True)
    with pytest.raises(ValueError, match="argument 'seed'"):
        eniplan.Ec2(seed=-1)
    with pytest.raises(ValueError, match="argument 'seed'"):
        eniplan.Ec2(seed=2**64)
    with pytest.raises(TypeError):
        eniplan.Ec2("lowest")  # type: ignore[call-arg]
    assert eniplan.Ec2(seed=2**64 - 1).seed == 2**64 - 1


def test_subnet_report_arguments(world: World) -> None:
    with pytest.raises(TypeError, match="argument 'SubnetId' must be str, not int"):
        world.ec2.subnet_report(SubnetId=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="SubnetId"):
        world.ec2.subnet_report()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        world.ec2.subnet_report(world.subnet_id)  # type: ignore[call-arg]


def test_max_pods_arguments() -> None:
    with pytest.raises(TypeError, match="argument 'instance_type' must be str"):
        eniplan.max_pods(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="argument 'cap' must be bool, not int"):
        eniplan.max_pods("m5.large", cap=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="argument 'reserved_enis' must be int, not bool"):
        eniplan.max_pods("m5.large", reserved_enis=True)
    with pytest.raises(ValueError, match="argument 'reserved_enis'"):
        eniplan.max_pods("m5.large", reserved_enis=-1)
    with pytest.raises(TypeError):
        eniplan.max_pods("m5.large", True)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="argument 'name' must be str"):
        eniplan.instance_type_limits(None)  # type: ignore[arg-type]
