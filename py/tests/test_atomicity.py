"""A call that fails changes nothing: not the state, not the next automatic choices."""

from __future__ import annotations

import copy
from typing import Any, Callable

import pytest
from helpers import World, body, build_world, snapshot

import eniplan


def crowded_world() -> World:
    """Random placement, interfaces with addresses and prefixes, Elastic IPs, reservations."""
    world = build_world(eniplan.Ec2(strategy="random", seed=11))
    ec2 = world.ec2
    ec2.create_subnet_cidr_reservation(
        SubnetId=world.subnet_id, Cidr="10.0.0.192/27", ReservationType="explicit"
    )
    ec2.assign_private_ip_addresses(NetworkInterfaceId=world.eni_id, SecondaryPrivateIpAddressCount=3)
    ec2.assign_private_ip_addresses(NetworkInterfaceId=world.eni_id, Ipv4PrefixCount=2)
    spare = ec2.create_network_interface(SubnetId=world.subnet_id, SecondaryPrivateIpAddressCount=4)
    spare_id = spare["NetworkInterface"]["NetworkInterfaceId"]
    allocation = ec2.allocate_address()["AllocationId"]
    ec2.associate_address(AllocationId=allocation, NetworkInterfaceId=spare_id)
    return world


def spare_eni(world: World) -> str:
    for interface in world.ec2.describe_network_interfaces()["NetworkInterfaces"]:
        if interface["Status"] == "available":
            eni: str = interface["NetworkInterfaceId"]
            return eni
    raise AssertionError("no spare interface")


def held_by_spare(world: World) -> list[str]:
    (interface,) = world.ec2.describe_network_interfaces(NetworkInterfaceIds=[spare_eni(world)])[
        "NetworkInterfaces"
    ]
    return [a["PrivateIpAddress"] for a in interface["PrivateIpAddresses"]]


FAILING: dict[str, Callable[[World], Any]] = {
    # A valid address first, then one that is taken: neither may be assigned.
    "assign, second address in use": lambda w: w.ec2.assign_private_ip_addresses(
        NetworkInterfaceId=w.eni_id, PrivateIpAddresses=["10.0.0.250", held_by_spare(w)[1]]
    ),
    "assign over the limit": lambda w: w.ec2.assign_private_ip_addresses(
        NetworkInterfaceId=w.eni_id, SecondaryPrivateIpAddressCount=5
    ),
    "assign an address EC2 reserves": lambda w: w.ec2.assign_private_ip_addresses(
        NetworkInterfaceId=w.eni_id, PrivateIpAddresses=["10.0.0.100", "10.0.0.255"]
    ),
    "unassign the primary with others": lambda w: w.ec2.unassign_private_ip_addresses(
        NetworkInterfaceId=spare_eni(w), PrivateIpAddresses=held_by_spare(w)[::-1]
    ),
    "create an interface with too many prefixes": lambda w: w.ec2.create_network_interface(
        SubnetId=w.subnet_id, Ipv4PrefixCount=13
    ),
    "run more instances than fit": lambda w: w.ec2.run_instances(
        InstanceType="c5.large", MinCount=300, MaxCount=300, SubnetId=w.subnet_id
    ),
    "terminate a known and an unknown instance": lambda w: w.ec2.terminate_instances(
        InstanceIds=[w.instance_id, "i-12345678"]
    ),
    "attach at a used device index": lambda w: w.ec2.attach_network_interface(
        NetworkInterfaceId=spare_eni(w), InstanceId=w.instance_id, DeviceIndex=0
    ),
    "delete an attached interface": lambda w: w.ec2.delete_network_interface(
        NetworkInterfaceId=w.eni_id
    ),
    "release an associated address": lambda w: w.ec2.release_address(
        AllocationId=w.ec2.describe_addresses()["Addresses"][0]["AllocationId"]
    ),
    "dry run": lambda w: w.ec2.create_network_interface(
        SubnetId=w.subnet_id, SecondaryPrivateIpAddressCount=2, DryRun=True
    ),
    "overlapping reservation": lambda w: w.ec2.create_subnet_cidr_reservation(
        SubnetId=w.subnet_id, Cidr="10.0.0.192/28", ReservationType="prefix"
    ),
}


@pytest.mark.parametrize("name", sorted(FAILING))
def test_failing_call_changes_nothing(name: str) -> None:
    world = crowded_world()
    before = snapshot(world.ec2)
    twin = copy.deepcopy(world.ec2)
    with pytest.raises(eniplan.ClientError):
        FAILING[name](world)
    assert snapshot(world.ec2) == before
    # The random choices that follow are the same as if the call never happened.
    follow_up: dict[str, Any] = {"SubnetId": world.subnet_id, "SecondaryPrivateIpAddressCount": 5}
    after_failure = world.ec2.create_network_interface(**follow_up)
    untouched = twin.create_network_interface(**follow_up)
    assert body(after_failure) == body(untouched)
