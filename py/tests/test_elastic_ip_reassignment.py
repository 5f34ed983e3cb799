"""Moving an address between interfaces carries its Elastic IP with it."""

from __future__ import annotations

import pytest
from helpers import World, addresses_of, snapshot

import eniplan


def setup(world: World) -> tuple[str, str, str]:
    """A second interface holding 10.0.0.50 with an Elastic IP on it."""
    ec2 = world.ec2
    other = ec2.create_network_interface(
        SubnetId=world.subnet_id, PrivateIpAddresses=[
            {"PrivateIpAddress": "10.0.0.49", "Primary": True},
            {"PrivateIpAddress": "10.0.0.50", "Primary": False},
        ]
    )["NetworkInterface"]["NetworkInterfaceId"]
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    association = ec2.associate_address(
        AllocationId=allocation, NetworkInterfaceId=other, PrivateIpAddress="10.0.0.50"
    )["AssociationId"]
    return other, allocation, association


def test_move_without_allow_reassignment_is_refused(world: World) -> None:
    other, _, _ = setup(world)
    before = snapshot(world.ec2)
    with pytest.raises(eniplan.ClientError) as caught:
        world.ec2.assign_private_ip_addresses(
            NetworkInterfaceId=world.eni_id, PrivateIpAddresses=["10.0.0.50"]
        )
    assert caught.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert "10.0.0.50" in caught.value.response["Error"]["Message"]
    assert snapshot(world.ec2) == before
    assert "10.0.0.50" in addresses_of(world.ec2, other)


def test_reassignment_moves_the_address_and_its_elastic_ip(world: World) -> None:
    ec2 = world.ec2
    other, allocation, association = setup(world)
    moved = ec2.assign_private_ip_addresses(
        NetworkInterfaceId=world.eni_id, PrivateIpAddresses=["10.0.0.50"], AllowReassignment=True
    )
    assert moved["AssignedPrivateIpAddresses"] == [{"PrivateIpAddress": "10.0.0.50"}]
    assert addresses_of(ec2, other) == ["10.0.0.49"]
    assert addresses_of(ec2, world.eni_id) == [world.primary_ip, "10.0.0.50"]

    (address,) = ec2.describe_addresses(AllocationIds=[allocation])["Addresses"]
    assert address["AssociationId"] == association
    assert address["NetworkInterfaceId"] == world.eni_id
    assert address["PrivateIpAddress"] == "10.0.0.50"
    assert address["InstanceId"] == world.instance_id

    (interface,) = ec2.describe_network_interfaces(NetworkInterfaceIds=[world.eni_id])[
        "NetworkInterfaces"
    ]
    (secondary,) = [a for a in interface["PrivateIpAddresses"] if not a["Primary"]]
    assert secondary["Association"]["AllocationId"] == allocation
    assert secondary["Association"]["PublicIp"] == address["PublicIp"]

    # Unassigning the address ends the association; the Elastic IP stays allocated.
    ec2.unassign_private_ip_addresses(
        NetworkInterfaceId=world.eni_id, PrivateIpAddresses=["10.0.0.50"]
    )
    (address,) = ec2.describe_addresses(AllocationIds=[allocation])["Addresses"]
    assert "AssociationId" not in address
    with pytest.raises(eniplan.InvalidAssociationIDNotFound):
        ec2.disassociate_address(AssociationId=association)


def test_another_interfaces_primary_never_moves(world: World) -> None:
    other, _, _ = setup(world)
    before = snapshot(world.ec2)
    with pytest.raises(eniplan.ClientError):
        world.ec2.assign_private_ip_addresses(
            NetworkInterfaceId=world.eni_id,
            PrivateIpAddresses=["10.0.0.49"],
            AllowReassignment=True,
        )
    assert snapshot(world.ec2) == before
    assert addresses_of(world.ec2, other)[0] == "10.0.0.49"


def test_reassociation_moves_an_elastic_ip_between_addresses(world: World) -> None:
    ec2 = world.ec2
    other, allocation, first = setup(world)
    second = ec2.associate_address(AllocationId=allocation, NetworkInterfaceId=world.eni_id)[
        "AssociationId"
    ]
    assert second != first
    (address,) = ec2.describe_addresses(AllocationIds=[allocation])["Addresses"]
    assert (address["NetworkInterfaceId"], address["PrivateIpAddress"]) == (
        world.eni_id,
        world.primary_ip,
    )
    (interface,) = ec2.describe_network_interfaces(NetworkInterfaceIds=[other])[
        "NetworkInterfaces"
    ]
    assert all("Association" not in a for a in interface["PrivateIpAddresses"])
