"""mock_ec2(): real boto3 clients answered by an eniplan model."""

from __future__ import annotations

import datetime
from typing import Any, Iterator

import boto3
import botocore.exceptions
import pytest
from helpers import body

import eniplan

REGION = "us-east-1"


@pytest.fixture(autouse=True)
def no_aws_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[None]:
    """No credentials and no instance metadata: nothing here may reach AWS."""
    for name in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    ]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    yield


def plan_pods(ec2: Any) -> list[Any]:
    """Code written for boto3.client("ec2"): fill an interface, then handle EC2's refusal."""
    responses: list[Any] = []
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")
    subnet = ec2.create_subnet(VpcId=vpc["Vpc"]["VpcId"], CidrBlock="10.0.0.0/24")
    subnet_id = subnet["Subnet"]["SubnetId"]
    run = ec2.run_instances(
        ImageId="ami-12345678", InstanceType="m5.large", MinCount=1, MaxCount=1, SubnetId=subnet_id
    )
    eni = run["Instances"][0]["NetworkInterfaces"][0]["NetworkInterfaceId"]
    responses += [vpc, subnet, run]
    responses.append(ec2.assign_private_ip_addresses(NetworkInterfaceId=eni, Ipv4PrefixCount=4))
    try:
        ec2.assign_private_ip_addresses(NetworkInterfaceId=eni, SecondaryPrivateIpAddressCount=6)
    except botocore.exceptions.ClientError as error:
        responses.append(error.response)
        responses.append(str(error))
    allocation = ec2.allocate_address(Domain="vpc")
    responses.append(allocation)
    responses.append(
        ec2.associate_address(AllocationId=allocation["AllocationId"], NetworkInterfaceId=eni)
    )
    responses.append(ec2.describe_network_interfaces(NetworkInterfaceIds=[eni]))
    responses.append(ec2.describe_addresses())
    responses.append(ec2.describe_subnets(SubnetIds=[subnet_id]))
    return responses


def as_ec2_text(value: Any, found: list[datetime.datetime]) -> Any:
    """``value`` with each ``datetime`` written back as EC2 writes times, collected in ``found``."""
    if isinstance(value, datetime.datetime):
        found.append(value)
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dict):
        return {key: as_ec2_text(item, found) for key, item in value.items()}
    if isinstance(value, list):
        return [as_ec2_text(item, found) for item in value]
    return value


def test_boto3_code_runs_unchanged_on_both() -> None:
    direct = plan_pods(eniplan.Ec2(strategy="random", seed=5))
    with eniplan.mock_ec2(strategy="random", seed=5):
        mocked = plan_pods(boto3.client("ec2", region_name=REGION))
    # The same answers, down to the request ids; times are datetimes through boto3, as
    # botocore parses them (the launch time, then the interface's attach time).
    times: list[datetime.datetime] = []
    assert as_ec2_text(mocked, times) == direct
    utc = [t.astimezone(datetime.timezone.utc).isoformat() for t in times]
    assert utc[:2] == ["2026-01-01T00:00:00+00:00"] * 2
    assert mocked[4]["Error"]["Code"] == "PrivateIpAddressLimitExceeded"


def test_errors_surface_from_the_real_client() -> None:
    with eniplan.mock_ec2():
        client = boto3.client("ec2", region_name=REGION)
        with pytest.raises(client.exceptions.ClientError) as caught:
            client.delete_network_interface(NetworkInterfaceId="eni-12345678")
    error = caught.value
    assert isinstance(error, eniplan.InvalidNetworkInterfaceIDNotFound)
    assert isinstance(error, botocore.exceptions.ClientError)
    assert error.operation_name == "DeleteNetworkInterface"
    assert error.response["Error"]["Code"] == "InvalidNetworkInterfaceID.NotFound"
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert str(error) == (
        "An error occurred (InvalidNetworkInterfaceID.NotFound) when calling the "
        "DeleteNetworkInterface operation: The networkInterface ID 'eni-12345678' does not exist"
    )


def test_dry_run_answers_as_ec2_does() -> None:
    with eniplan.mock_ec2() as model:
        client = boto3.client("ec2", region_name=REGION)
        with pytest.raises(eniplan.DryRunOperation):
            client.create_vpc(CidrBlock="10.0.0.0/16", DryRun=True)
        assert model.describe_vpcs()["Vpcs"] == []


def test_botocore_still_validates_parameters() -> None:
    with eniplan.mock_ec2():
        client = boto3.client("ec2", region_name=REGION)
        with pytest.raises(botocore.exceptions.ParamValidationError):
            client.assign_private_ip_addresses(
                NetworkInterfaceId="eni-12345678",
                SecondaryPrivateIpAddressCount="two",  # type: ignore[arg-type]
            )


def test_other_actions_are_left_alone() -> None:
    with eniplan.mock_ec2():
        client = boto3.client("ec2", region_name=REGION)
        # Not modelled: botocore goes on to sign the request, and there are no credentials.
        with pytest.raises(botocore.exceptions.NoCredentialsError):
            client.describe_images(Owners=["self"])
        s3 = boto3.client("s3", region_name=REGION)
        with pytest.raises(botocore.exceptions.NoCredentialsError):
            s3.list_buckets()


def test_only_clients_of_the_active_mock_are_answered() -> None:
    before = boto3.client("ec2", region_name=REGION)
    with eniplan.mock_ec2():
        inside = boto3.client("ec2", region_name=REGION)
        assert inside.describe_vpcs()["Vpcs"] == []
        with pytest.raises(botocore.exceptions.NoCredentialsError):
            before.describe_vpcs()
    with pytest.raises(botocore.exceptions.NoCredentialsError):
        inside.describe_vpcs()


def test_every_session_and_region_is_answered() -> None:
    with eniplan.mock_ec2() as model:
        for client in [
            boto3.Session().client("ec2", region_name="eu-west-1"),
            boto3.client("ec2", region_name="ap-southeast-2"),
        ]:
            client.create_vpc(CidrBlock="10.0.0.0/16")
        assert len(model.describe_vpcs()["Vpcs"]) == 2


def test_the_model_is_shared_with_the_test() -> None:
    model = eniplan.Ec2(strategy="lowest")
    vpc = model.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    with eniplan.mock_ec2(ec2=model) as active:
        assert active is model
        client = boto3.client("ec2", region_name=REGION)
        subnet = client.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/24")["Subnet"]["SubnetId"]
    report = model.subnet_report(SubnetId=subnet)
    assert report["AvailableIpAddressCount"] == 251


def test_nested_mocks_answer_from_the_innermost() -> None:
    with eniplan.mock_ec2() as outer:
        outer_client = boto3.client("ec2", region_name=REGION)
        with eniplan.mock_ec2() as inner:
            inner_client = boto3.client("ec2", region_name=REGION)
            inner_client.create_vpc(CidrBlock="10.0.0.0/16")
            outer_client.create_vpc(CidrBlock="10.1.0.0/16")
            outer_client.create_vpc(CidrBlock="10.2.0.0/16")
        assert len(inner.describe_vpcs()["Vpcs"]) == 1
        assert len(outer.describe_vpcs()["Vpcs"]) == 2
        assert len(outer_client.describe_vpcs()["Vpcs"]) == 2


@eniplan.mock_ec2
def test_bare_decorator() -> None:
    client = boto3.client("ec2", region_name=REGION)
    assert client.describe_vpcs()["Vpcs"] == []
    client.create_vpc(CidrBlock="10.0.0.0/16")


@eniplan.mock_ec2(strategy="lowest", seed=1)
def test_decorator_with_options() -> None:
    client = boto3.client("ec2", region_name=REGION)
    vpc = client.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = client.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/24")["Subnet"]["SubnetId"]
    eni = client.create_network_interface(SubnetId=subnet)["NetworkInterface"]
    assert eni["PrivateIpAddress"] == "10.0.0.4"  # the lowest free address


def test_each_decorated_call_starts_from_an_empty_model() -> None:
    counts: list[int] = []

    @eniplan.mock_ec2
    def create_one() -> None:
        client = boto3.client("ec2", region_name=REGION)
        client.create_vpc(CidrBlock="10.0.0.0/16")
        counts.append(len(client.describe_vpcs()["Vpcs"]))

    create_one()
    create_one()
    assert counts == [1, 1]


def test_paginators_and_resources_work() -> None:
    with eniplan.mock_ec2(strategy="lowest"):
        client = boto3.client("ec2", region_name=REGION)
        vpc_id = client.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnet = client.create_subnet(VpcId=vpc_id, CidrBlock="10.0.0.0/24")["Subnet"]
        for _ in range(3):
            client.create_network_interface(SubnetId=subnet["SubnetId"])
        pages = list(client.get_paginator("describe_network_interfaces").paginate())
        assert sum(len(p["NetworkInterfaces"]) for p in pages) == 3

        resource = boto3.resource("ec2", region_name=REGION)
        vpc = resource.Vpc(vpc_id)
        assert vpc.cidr_block == "10.0.0.0/16"
        assert [s.id for s in vpc.subnets.all()] == [subnet["SubnetId"]]


def test_stop_without_start_is_an_error() -> None:
    mock = eniplan.mock_ec2()
    with pytest.raises(RuntimeError):
        mock.stop()
    model = mock.start()
    try:
        client = boto3.client("ec2", region_name=REGION)
        assert body(client.describe_vpcs()) == body(model.describe_vpcs())
    finally:
        mock.stop()


def test_launch_on_interfaces_and_instance_attributes_through_boto3_resources() -> None:
    with eniplan.mock_ec2(strategy="lowest"):
        ec2 = boto3.resource("ec2", region_name=REGION)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")
        subnet = vpc.create_subnet(CidrBlock="10.0.1.0/24")
        (instance,) = ec2.create_instances(
            ImageId="ami-12345678",
            InstanceType="m5.large",
            MinCount=1,
            MaxCount=1,
            ClientToken="launch-1",
            DisableApiTermination=True,
            NetworkInterfaces=[
                {
                    "DeviceIndex": 0,
                    "SubnetId": subnet.id,
                    "PrivateIpAddress": "10.0.1.50",
                    "SecondaryPrivateIpAddressCount": 2,
                }
            ],
        )
        instance.load()
        assert instance.image_id == "ami-12345678"
        assert instance.private_ip_address == "10.0.1.50"
        assert instance.launch_time.year == 2026
        (default_group,) = vpc.security_groups.all()
        assert instance.security_groups == [{"GroupId": default_group.id, "GroupName": "default"}]
        (interface,) = instance.network_interfaces
        # The /24's first usable address is 10.0.1.4: the two secondaries are the lowest free.
        assert [a["PrivateIpAddress"] for a in interface.private_ip_addresses] == [
            "10.0.1.50",
            "10.0.1.4",
            "10.0.1.5",
        ]
        assert instance.describe_attribute(Attribute="disableApiTermination")["DisableApiTermination"] == {
            "Value": True
        }
        with pytest.raises(botocore.exceptions.ClientError) as raised:
            instance.terminate()
        assert raised.value.response["Error"]["Code"] == "OperationNotPermitted"
        instance.modify_attribute(DisableApiTermination={"Value": False})
        instance.terminate()
        instance.load()
        assert instance.state["Name"] == "terminated"
