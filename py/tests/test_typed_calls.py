"""The typed calls of eniplan.Ec2: plain arguments and answers, EC2's rules and errors."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from helpers import World, addresses_of, snapshot

import eniplan


def test_assign_address_count_gives_the_lowest_free_addresses(world: World) -> None:
    ec2 = world.ec2
    # 10.0.0.0/24 with the instance's primary at .4 (EC2 reserves .0 to .3): lowest-first
    # picks .5 and .6.
    assert world.primary_ip == "10.0.0.4"
    assert ec2.assign_address_count(world.eni_id, 2) == ["10.0.0.5", "10.0.0.6"]
    assert addresses_of(ec2, world.eni_id) == ["10.0.0.4", "10.0.0.5", "10.0.0.6"]


def test_assign_addresses_lists_only_what_this_call_assigned(world: World) -> None:
    ec2 = world.ec2
    assert ec2.assign_addresses(world.eni_id, ["10.0.0.50"]) == ["10.0.0.50"]
    assert ec2.assign_addresses(world.eni_id, ("10.0.0.50", "10.0.0.51")) == ["10.0.0.51"]
    ec2.unassign(world.eni_id, ["10.0.0.50"])
    assert addresses_of(ec2, world.eni_id) == ["10.0.0.4", "10.0.0.51"]


def test_prefixes_round_trip(world: World) -> None:
    ec2 = world.ec2
    # Block 10.0.0.0/28 (EC2's reserved addresses and the primary) is taken; the lowest free
    # aligned /28 is 10.0.0.16/28.
    assert ec2.assign_prefix_count(world.eni_id, 1) == ["10.0.0.16/28"]
    assert ec2.assign_prefixes(world.eni_id, ["10.0.0.48/28"]) == ["10.0.0.48/28"]
    interface = ec2.describe_network_interfaces(NetworkInterfaceIds=[world.eni_id])
    held = [p["Ipv4Prefix"] for p in interface["NetworkInterfaces"][0]["Ipv4Prefixes"]]
    assert held == ["10.0.0.16/28", "10.0.0.48/28"]
    ec2.unassign(world.eni_id, prefixes=["10.0.0.16/28", "10.0.0.48/28"])
    interface = ec2.describe_network_interfaces(NetworkInterfaceIds=[world.eni_id])
    assert interface["NetworkInterfaces"][0].get("Ipv4Prefixes", []) == []


def test_allow_reassignment_moves_an_address(world: World) -> None:
    ec2 = world.ec2
    other = ec2.create_network_interface(SubnetId=world.subnet_id, PrivateIpAddress="10.0.0.90")
    other_id = other["NetworkInterface"]["NetworkInterfaceId"]
    ec2.assign_addresses(other_id, ["10.0.0.91"])
    with pytest.raises(eniplan.ClientError) as in_use:
        ec2.assign_addresses(world.eni_id, ["10.0.0.91"])
    # Rule 10 of the specification, as EC2 answers it.
    assert in_use.value.response["Error"] == {
        "Code": "InvalidParameterValue",
        "Message": "[10.0.0.91] assigned, but move is not allowed.",
    }
    assert ec2.assign_addresses(world.eni_id, ["10.0.0.91"], allow_reassignment=True) == [
        "10.0.0.91"
    ]
    assert addresses_of(ec2, other_id) == ["10.0.0.90"]


BAD_CALLS: list[tuple[str, Callable[[eniplan.Ec2, str], Any], dict[str, Any], str]] = [
    (
        "malformed id",
        lambda ec2, eni: ec2.assign_address_count("eni-1", 1),
        {"NetworkInterfaceId": "eni-1", "SecondaryPrivateIpAddressCount": 1},
        "InvalidNetworkInterfaceId.Malformed",
    ),
    (
        # The interface is checked before the count (rules 1 to 3 before rule 4).
        "unknown interface with a count of 0",
        lambda ec2, eni: ec2.assign_address_count("eni-0123456789abcdef0", 0),
        {"NetworkInterfaceId": "eni-0123456789abcdef0", "SecondaryPrivateIpAddressCount": 0},
        "InvalidNetworkInterfaceID.NotFound",
    ),
    (
        "count of 0",
        lambda ec2, eni: ec2.assign_address_count(eni, 0),
        {"SecondaryPrivateIpAddressCount": 0},
        "InvalidParameterValue",
    ),
    (
        "address outside the subnet",
        lambda ec2, eni: ec2.assign_addresses(eni, ["10.0.9.9"]),
        {"PrivateIpAddresses": ["10.0.9.9"]},
        "InvalidParameterValue",
    ),
    (
        "not an address",
        lambda ec2, eni: ec2.assign_addresses(eni, ["10.0.0.300"]),
        {"PrivateIpAddresses": ["10.0.0.300"]},
        "InvalidParameterValue",
    ),
    (
        "empty list",
        lambda ec2, eni: ec2.assign_addresses(eni, []),
        {"PrivateIpAddresses": []},
        "InvalidParameterCombination",
    ),
    (
        "past the c5.large limit of 10 addresses",
        lambda ec2, eni: ec2.assign_address_count(eni, 10),
        {"SecondaryPrivateIpAddressCount": 10},
        "PrivateIpAddressLimitExceeded",
    ),
    (
        "unaligned prefix",
        lambda ec2, eni: ec2.assign_prefixes(eni, ["10.0.0.17/28"]),
        {"Ipv4Prefixes": ["10.0.0.17/28"]},
        "InvalidParameterValue",
    ),
    (
        "unassign the primary",
        lambda ec2, eni: ec2.unassign(eni, ["10.0.0.4"]),
        {"PrivateIpAddresses": ["10.0.0.4"]},
        "InvalidParameterValue",
    ),
    (
        "unassign nothing",
        lambda ec2, eni: ec2.unassign(eni),
        {},
        "MissingParameter",
    ),
]


@pytest.mark.parametrize("case", BAD_CALLS, ids=[case[0] for case in BAD_CALLS])
def test_a_typed_call_fails_as_the_same_boto3_call_and_changes_nothing(
    world: World, case: tuple[str, Callable[[eniplan.Ec2, str], Any], dict[str, Any], str]
) -> None:
    name, typed_call, members, code = case
    ec2 = world.ec2
    before = snapshot(ec2)
    with pytest.raises(eniplan.ClientError) as typed:
        typed_call(ec2, world.eni_id)
    assert typed.value.response["Error"]["Code"] == code
    assert snapshot(ec2) == before
    action = "UnassignPrivateIpAddresses" if name.startswith("unassign") else "AssignPrivateIpAddresses"
    request = {"NetworkInterfaceId": world.eni_id, **members}
    with pytest.raises(eniplan.ClientError) as shaped:
        ec2.call(action, request)
    assert typed.value.response["Error"] == shaped.value.response["Error"]
    assert typed.value.operation_name == action


def test_arguments_of_the_wrong_type_are_type_errors(world: World) -> None:
    ec2 = world.ec2
    with pytest.raises(TypeError, match="must be a list of str"):
        ec2.assign_addresses(world.eni_id, "10.0.0.50")
    with pytest.raises(TypeError, match=r"addresses\[1\]"):
        ec2.assign_addresses(world.eni_id, ["10.0.0.50", 7])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="must be int"):
        ec2.assign_address_count(world.eni_id, True)
    with pytest.raises(TypeError):
        ec2.assign_address_count(7, 1)  # type: ignore[arg-type]
    with pytest.raises(OverflowError):
        ec2.assign_prefix_count(world.eni_id, 2**64)


def test_a_typed_call_counts_as_a_request() -> None:
    def request_ids(typed_first: bool) -> str:
        ec2 = eniplan.Ec2(seed=3)
        if typed_first:
            with pytest.raises(eniplan.ClientError):
                ec2.assign_address_count("eni-0123456789abcdef0", 1)
        else:
            ec2.describe_vpcs()
        return str(ec2.describe_vpcs()["ResponseMetadata"]["RequestId"])

    assert request_ids(True) == request_ids(False)
