"""One exception class per EC2 error code, each raised as botocore raises ClientError."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import botocore.exceptions
import pytest
from helpers import World, build_world, raises_code

import eniplan
from eniplan import _native, exceptions

STUB = Path(__file__).resolve().parent.parent / "python" / "eniplan" / "exceptions.pyi"


def render_stub(codes: list[str]) -> str:
    """exceptions.pyi as generated from the error table."""
    lines = [
        '"""Generated from eniplan._native.error_codes() by py/tests/test_errors.py; do not edit.',
        "",
        "Regenerate with: ENIPLAN_WRITE_STUBS=1 pytest py/tests/test_errors.py",
        '"""',
        "",
        "from eniplan._exceptions import ClientError as ClientError",
        "",
        "__all__ = [",
        '    "ClientError",',
        '    "from_code",',
        *(f'    "{code.replace(".", "")}",' for code in codes),
        "]",
        "",
        "def from_code(code: str) -> type[ClientError]: ...",
        "",
    ]
    for code in codes:
        lines += [
            f"class {code.replace('.', '')}(ClientError):",
            f'    """The EC2 error ``{code}``."""',
            "",
        ]
    return "\n".join(lines)


def test_the_exceptions_stub_follows_the_error_table() -> None:
    expected = render_stub(_native.error_codes())
    if os.environ.get("ENIPLAN_WRITE_STUBS") == "1":
        STUB.write_text(expected)
    assert STUB.read_text() == expected, "run ENIPLAN_WRITE_STUBS=1 pytest py/tests/test_errors.py"


def test_every_code_of_the_table_has_its_class() -> None:
    codes = _native.error_codes()
    assert len(codes) == len(set(codes)) > 40
    for code in codes:
        name = code.replace(".", "")
        cls = getattr(eniplan, name)
        assert cls is getattr(exceptions, name)
        assert cls.code == code
        assert cls.__name__ == cls.__qualname__ == name
        assert cls.__module__ == "eniplan.exceptions"
        assert issubclass(cls, eniplan.ClientError)
        assert issubclass(cls, botocore.exceptions.ClientError)
        assert exceptions.from_code(code) is cls
    assert exceptions.from_code("NoSuchCode") is eniplan.ClientError
    assert set(exceptions.__all__) == {"ClientError", "from_code"} | {
        code.replace(".", "") for code in codes
    }


def test_class_names_follow_ec2_spelling() -> None:
    assert eniplan.InvalidNetworkInterfaceIDNotFound.code == "InvalidNetworkInterfaceID.NotFound"
    assert eniplan.InvalidNetworkInterfaceIdMalformed.code == "InvalidNetworkInterfaceId.Malformed"
    assert eniplan.InvalidIPAddressInUse.code == "InvalidIPAddress.InUse"


def test_client_error_is_botocores_and_reads_like_it(world: World) -> None:
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        world.ec2.assign_private_ip_addresses(
            NetworkInterfaceId="eni-0123456789abcdef0", SecondaryPrivateIpAddressCount=1
        )
    error = caught.value
    assert isinstance(error, eniplan.InvalidNetworkInterfaceIDNotFound)
    assert type(error).__name__ == "InvalidNetworkInterfaceIDNotFound"
    assert isinstance(error, eniplan.ClientError)
    assert error.operation_name == "AssignPrivateIpAddresses"
    message = "The networkInterface ID 'eni-0123456789abcdef0' does not exist"
    assert error.response["Error"] == {
        "Code": "InvalidNetworkInterfaceID.NotFound",
        "Message": message,
    }
    metadata = error.response["ResponseMetadata"]
    assert metadata["HTTPStatusCode"] == 400
    assert metadata["RetryAttempts"] == 0
    assert metadata["HTTPHeaders"]["x-amzn-requestid"] == metadata["RequestId"]
    assert set(error.response) == {"Error", "ResponseMetadata"}
    # str() as botocore builds it, from its own template.
    assert str(error) == botocore.exceptions.ClientError(
        error.response, "AssignPrivateIpAddresses"
    ).args[0]
    assert str(error) == (
        "An error occurred (InvalidNetworkInterfaceID.NotFound) when calling the "
        f"AssignPrivateIpAddresses operation: {message}"
    )


def test_errors_pickle_as_their_own_class(world: World) -> None:
    with pytest.raises(eniplan.InvalidSubnetIDNotFound) as caught:
        world.ec2.describe_subnets(SubnetIds=["subnet-0123456789abcdef0"])
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is eniplan.InvalidSubnetIDNotFound
    assert copy.response == caught.value.response
    assert copy.operation_name == "DescribeSubnets"
    assert str(copy) == str(caught.value)


def test_ec2_exceptions_is_like_a_boto3_clients(world: World) -> None:
    assert world.ec2.exceptions.ClientError is eniplan.ClientError
    assert world.ec2.exceptions.from_code("InvalidVpcID.NotFound") is eniplan.InvalidVpcIDNotFound
    try:
        world.ec2.describe_vpcs(VpcIds=["vpc-12345678"])
    except world.ec2.exceptions.ClientError as error:
        assert error.response["Error"]["Code"] == "InvalidVpcID.NotFound"
    else:
        raise AssertionError("no error")


# Codes that no call of the Python API can produce, and why.
UNREACHABLE = {
    # A request is always a dict of keyword arguments, so it is always a JSON object.
    "InvalidRequest",
    # No action takes a reservation id (they only appear in RunInstances and DescribeInstances).
    "InvalidReservationID.Malformed",
    "InvalidReservationID.NotFound",
    # The model's Elastic IP pool holds 131,072 addresses.
    "AddressLimitExceeded",
    # Only the Query protocol of `eniplan serve` can lack an action.
    "MissingAction",
}


def _scenarios() -> dict[str, Callable[[World], Any]]:
    """One call per reachable code that fails with exactly that code."""

    def eni_with_addresses(w: World, count: int) -> str:
        more = {"SecondaryPrivateIpAddressCount": count} if count else {}
        eni: str = w.ec2.create_network_interface(SubnetId=w.subnet_id, **more)[
            "NetworkInterface"
        ]["NetworkInterfaceId"]
        return eni

    def attached_eni(w: World) -> tuple[str, str]:
        eni = eni_with_addresses(w, 0)
        attachment: str = w.ec2.attach_network_interface(
            NetworkInterfaceId=eni, InstanceId=w.instance_id, DeviceIndex=1
        )["AttachmentId"]
        return eni, attachment

    def small_subnet(w: World) -> str:
        subnet: str = w.ec2.create_subnet(VpcId=w.vpc_id, CidrBlock="10.0.1.0/28")["Subnet"][
            "SubnetId"
        ]
        return subnet

    def full_subnet(w: World) -> str:
        subnet = small_subnet(w)
        # 16 addresses less EC2's 5 reserved: a primary and 10 secondaries take them all.
        w.ec2.create_network_interface(SubnetId=subnet, SecondaryPrivateIpAddressCount=10)
        return subnet

    def associated(w: World) -> str:
        allocation = w.ec2.allocate_address(Domain="vpc")["AllocationId"]
        w.ec2.associate_address(AllocationId=allocation, NetworkInterfaceId=w.eni_id)
        return str(allocation)

    def relaunch_terminated(w: World) -> None:
        launch = {"InstanceType": "c5.large", "MinCount": 1, "MaxCount": 1, "ClientToken": "t"}
        first = w.ec2.run_instances(SubnetId=w.subnet_id, **launch)["Instances"][0]["InstanceId"]
        w.ec2.terminate_instances(InstanceIds=[first])
        w.ec2.run_instances(SubnetId=w.subnet_id, **launch)

    def terminated(w: World) -> str:
        w.ec2.terminate_instances(InstanceIds=[w.instance_id])
        return w.instance_id

    def other_vpc_group(w: World) -> str:
        vpc = w.ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        groups = w.ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])
        group: str = groups["SecurityGroups"][0]["GroupId"]
        return group

    def too_many_groups(w: World) -> Any:
        # Six groups of one VPC: its default group and five that interfaces loaded from
        # describe output name.
        ids = [f"sg-0000000{i}" for i in range(1, 6)]
        interfaces = [
            {
                "NetworkInterfaceId": f"eni-0000000{i}",
                "SubnetId": "subnet-0000000a",
                "PrivateIpAddress": f"10.8.0.{10 + i}",
                "Groups": [{"GroupId": group, "GroupName": f"g{i}"}],
            }
            for i, group in enumerate(ids, start=1)
        ]
        subnet = {"SubnetId": "subnet-0000000a", "VpcId": "vpc-0000000a", "CidrBlock": "10.8.0.0/24"}
        loaded = eniplan.Ec2.from_describe([{"Subnets": [subnet]}, {"NetworkInterfaces": interfaces}])
        default = loaded.describe_security_groups(
            Filters=[{"Name": "group-name", "Values": ["default"]}]
        )["SecurityGroups"][0]["GroupId"]
        return loaded.modify_network_interface_attribute(
            NetworkInterfaceId="eni-00000001", Groups=[default, *ids]
        )

    return {
        "MissingParameter": lambda w: w.ec2.create_vpc(),
        "InvalidParameterValue": lambda w: w.ec2.assign_private_ip_addresses(
            NetworkInterfaceId=w.eni_id, SecondaryPrivateIpAddressCount=0
        ),
        "InvalidParameterCombination": lambda w: w.ec2.assign_private_ip_addresses(
            NetworkInterfaceId=w.eni_id, SecondaryPrivateIpAddressCount=1, Ipv4PrefixCount=1
        ),
        "UnknownParameter": lambda w: w.ec2.create_vpc(CidrBlock="10.1.0.0/16", CidrBlok="x"),
        "DryRunOperation": lambda w: w.ec2.create_vpc(CidrBlock="10.1.0.0/16", DryRun=True),
        "UnsupportedOperation": lambda w: w.ec2.modify_subnet_attribute(
            SubnetId=w.subnet_id, MapCustomerOwnedIpOnLaunch={"Value": True}
        ),
        "InvalidNetworkInterfaceId.Malformed": lambda w: w.ec2.delete_network_interface(
            NetworkInterfaceId="eni-1"
        ),
        "InvalidNetworkInterfaceID.NotFound": lambda w: w.ec2.delete_network_interface(
            NetworkInterfaceId="eni-12345678"
        ),
        "InvalidSubnetID.Malformed": lambda w: w.ec2.create_network_interface(SubnetId="subnet-x"),
        "InvalidSubnetID.NotFound": lambda w: w.ec2.create_network_interface(
            SubnetId="subnet-12345678"
        ),
        "InvalidVpcID.Malformed": lambda w: w.ec2.create_subnet(VpcId="vpc", CidrBlock="10.0.9.0/24"),
        "InvalidVpcID.NotFound": lambda w: w.ec2.create_subnet(
            VpcId="vpc-12345678", CidrBlock="10.0.9.0/24"
        ),
        "InvalidInstanceID.Malformed": lambda w: w.ec2.terminate_instances(InstanceIds=["i-xyz"]),
        "InvalidInstanceID.NotFound": lambda w: w.ec2.terminate_instances(
            InstanceIds=["i-12345678"]
        ),
        "InvalidAllocationID.Malformed": lambda w: w.ec2.release_address(AllocationId="eipalloc-"),
        "InvalidAllocationID.NotFound": lambda w: w.ec2.release_address(
            AllocationId="eipalloc-12345678"
        ),
        "InvalidAssociationID.Malformed": lambda w: w.ec2.disassociate_address(
            AssociationId="eipassoc-q"
        ),
        "InvalidAssociationID.NotFound": lambda w: w.ec2.disassociate_address(
            AssociationId="eipassoc-12345678"
        ),
        "InvalidNetworkInterfaceAttachmentId.Malformed": lambda w: w.ec2.detach_network_interface(
            AttachmentId="attach-1"
        ),
        "InvalidAttachmentID.NotFound": lambda w: w.ec2.detach_network_interface(
            AttachmentId="eni-attach-12345678"
        ),
        "InvalidSubnetCidrReservationID.Malformed": (
            lambda w: w.ec2.delete_subnet_cidr_reservation(SubnetCidrReservationId="scr-z")
        ),
        "InvalidSubnetCidrReservationID.NotFound": (
            lambda w: w.ec2.delete_subnet_cidr_reservation(SubnetCidrReservationId="scr-12345678")
        ),
        "InvalidAddress.NotFound": lambda w: w.ec2.release_address(PublicIp="192.0.2.1"),
        "InvalidID": lambda w: w.ec2.create_tags(Resources=["ami-12345678"], Tags=[]),
        "TagLimitExceeded": lambda w: w.ec2.create_tags(
            Resources=[w.eni_id], Tags=[{"Key": f"k{i}", "Value": ""} for i in range(51)]
        ),
        "PrivateIpAddressLimitExceeded": lambda w: w.ec2.assign_private_ip_addresses(
            NetworkInterfaceId=w.eni_id, SecondaryPrivateIpAddressCount=10
        ),
        "InsufficientFreeAddressesInSubnet": lambda w: w.ec2.create_network_interface(
            SubnetId=full_subnet(w)
        ),
        "InsufficientCidrBlocks": lambda w: w.ec2.create_network_interface(
            SubnetId=small_subnet(w), Ipv4PrefixCount=1
        ),
        "AttachmentLimitExceeded": lambda w: [
            w.ec2.attach_network_interface(
                NetworkInterfaceId=eni_with_addresses(w, 0), InstanceId=w.instance_id, DeviceIndex=i
            )
            for i in range(1, 4)
        ],
        "InvalidInterface.IpAddressLimitExceeded": lambda w: w.ec2.attach_network_interface(
            NetworkInterfaceId=eni_with_addresses(w, 10), InstanceId=w.instance_id, DeviceIndex=1
        ),
        "InvalidInstanceType": lambda w: w.ec2.describe_instance_types(
            InstanceTypes=["c5.large", "c5.huge"]
        ),
        "InvalidIPAddress.InUse": lambda w: w.ec2.create_network_interface(
            SubnetId=w.subnet_id, PrivateIpAddress=w.primary_ip
        ),
        "InvalidNetworkInterface.InUse": lambda w: w.ec2.attach_network_interface(
            NetworkInterfaceId=attached_eni(w)[0], InstanceId=w.instance_id, DeviceIndex=2
        ),
        "InvalidSubnet.Range": lambda w: w.ec2.create_subnet(VpcId=w.vpc_id, CidrBlock="10.1.0.0/24"),
        "InvalidSubnet.Conflict": lambda w: w.ec2.create_subnet(
            VpcId=w.vpc_id, CidrBlock="10.0.0.128/25"
        ),
        "InvalidVpc.Range": lambda w: w.ec2.create_vpc(CidrBlock="10.0.0.0/8"),
        "OperationNotPermitted": lambda w: w.ec2.detach_network_interface(
            AttachmentId=w.ec2.describe_network_interfaces(NetworkInterfaceIds=[w.eni_id])[
                "NetworkInterfaces"
            ][0]["Attachment"]["AttachmentId"]
        ),
        "IncorrectInstanceState": lambda w: w.ec2.attach_network_interface(
            NetworkInterfaceId=eni_with_addresses(w, 0), InstanceId=terminated(w), DeviceIndex=1
        ),
        "Resource.AlreadyAssociated": lambda w: w.ec2.associate_address(
            AllocationId=associated(w), NetworkInterfaceId=w.eni_id, AllowReassociation=False
        ),
        "InvalidInstanceID": lambda w: (
            attached_eni(w),
            w.ec2.associate_address(
                AllocationId=w.ec2.allocate_address()["AllocationId"], InstanceId=w.instance_id
            ),
        ),
        "IdempotentParameterMismatch": lambda w: [
            w.ec2.create_network_interface(SubnetId=w.subnet_id, ClientToken="t", Description=d)
            for d in ("first", "second")
        ],
        "IdempotentInstanceTerminated": relaunch_terminated,
        "InvalidAction": lambda w: w.ec2.call("DescribeImages", {}),
        "InvalidParameter": lambda w: w.ec2.create_network_interface(
            SubnetId=w.subnet_id, Groups=[other_vpc_group(w)]
        ),
        "VPCIdNotSpecified": lambda w: w.ec2.describe_security_groups(GroupNames=["default"]),
        "InvalidGroupId.Malformed": lambda w: w.ec2.create_network_interface(
            SubnetId=w.subnet_id, Groups=["default"]
        ),
        "InvalidGroup.NotFound": lambda w: w.ec2.describe_security_groups(
            GroupIds=["sg-12345678"]
        ),
        "InvalidRouteTableId.Malformed": lambda w: w.ec2.describe_route_tables(
            RouteTableIds=["rtb"]
        ),
        "InvalidRouteTableID.NotFound": lambda w: w.ec2.describe_route_tables(
            RouteTableIds=["rtb-12345678"]
        ),
        "InvalidNetworkAclId.Malformed": lambda w: w.ec2.describe_network_acls(
            NetworkAclIds=["acl-x"]
        ),
        "InvalidNetworkAclID.NotFound": lambda w: w.ec2.describe_network_acls(
            NetworkAclIds=["acl-12345678"]
        ),
        "DependencyViolation": lambda w: w.ec2.delete_subnet(SubnetId=w.subnet_id),
        "SecurityGroupsPerInterfaceLimitExceeded": too_many_groups,
    }


SCENARIOS = _scenarios()


def test_every_code_is_reached_or_known_unreachable() -> None:
    codes = set(_native.error_codes())
    assert UNREACHABLE <= codes
    assert set(SCENARIOS) == codes - UNREACHABLE


@pytest.mark.parametrize("code", sorted(SCENARIOS))
def test_each_code_raises_its_class(code: str) -> None:
    world = build_world(eniplan.Ec2(strategy="lowest", seed=0))
    cls = exceptions.from_code(code)
    with pytest.raises(cls) as caught:
        SCENARIOS[code](world)
    assert caught.value.response["Error"]["Code"] == code
    assert isinstance(caught.value, botocore.exceptions.ClientError)
    # Any ClientError handler catches it as well.
    assert raises_code(lambda: SCENARIOS[code](build_world(eniplan.Ec2(strategy="lowest")))) == code


def test_except_botocore_client_error_catches_model_errors(world: World) -> None:
    try:
        world.ec2.create_subnet(VpcId=world.vpc_id, CidrBlock="10.0.0.0/24")
    except botocore.exceptions.ClientError as error:
        assert error.response["Error"]["Code"] == "InvalidSubnet.Conflict"
        assert error.operation_name == "CreateSubnet"
    else:
        raise AssertionError("no error")


def test_client_error_stands_alone_without_botocore() -> None:
    script = """
import pickle, sys
sys.modules["botocore"] = None  # as if botocore were not installed
import eniplan
assert eniplan.ClientError.__mro__[1].__name__ == "_StandaloneClientError"
try:
    eniplan.Ec2().describe_vpcs(VpcIds=["vpc-12345678"])
except eniplan.InvalidVpcIDNotFound as error:
    assert str(error) == (
        "An error occurred (InvalidVpcID.NotFound) when calling the DescribeVpcs operation: "
        "The vpc ID 'vpc-12345678' does not exist"
    ), str(error)
    assert error.operation_name == "DescribeVpcs"
    assert error.response["Error"]["Code"] == "InvalidVpcID.NotFound"
    assert type(pickle.loads(pickle.dumps(error))) is eniplan.InvalidVpcIDNotFound
else:
    raise AssertionError("no error")
"""
    subprocess.run([sys.executable, "-c", script], check=True)
