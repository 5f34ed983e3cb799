"""The AWS CLI v1, unchanged but for --endpoint-url, against `eniplan serve --state
examples/state`; expectations come from the state files themselves."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
from conftest import serve

STATE = Path(__file__).resolve().parents[3] / "examples" / "state"
ENI = "eni-0a5e7c1d2b3f40519"


def state(name: str) -> Any:
    return json.loads((STATE / name).read_text())


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The endpoint URL of a server loaded with the example state."""
    with serve("--state", str(STATE)) as client:
        yield client.meta.endpoint_url


def aws(server: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = dict(
        os.environ,
        AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
    )
    command = [sys.executable, "-m", "awscli", "ec2", *arguments, "--endpoint-url", server, "--output", "json"]
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=60)


def ok(server: str, *arguments: str) -> Any:
    done = aws(server, *arguments)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else None


def refused(server: str, *arguments: str) -> str:
    done = aws(server, *arguments)
    assert done.returncode != 0, done.stdout
    return done.stderr.strip()


def test_describe_subnets_shows_the_state(server: str) -> None:
    subnets = ok(server, "describe-subnets")["Subnets"]
    expected = {s["SubnetId"]: s for s in state("subnets.json")["Subnets"]}
    assert {s["SubnetId"] for s in subnets} == set(expected)
    for subnet in subnets:
        assert subnet["AvailableIpAddressCount"] == expected[subnet["SubnetId"]]["AvailableIpAddressCount"]
        assert subnet["Tags"] == expected[subnet["SubnetId"]]["Tags"]


def test_describe_network_interfaces_and_instances_show_the_state(server: str) -> None:
    eni = ok(server, "describe-network-interfaces", "--network-interface-ids", ENI)["NetworkInterfaces"][0]
    (given,) = [e for e in state("network-interfaces.json")["NetworkInterfaces"] if e["NetworkInterfaceId"] == ENI]
    assert [a["PrivateIpAddress"] for a in eni["PrivateIpAddresses"]] == [
        a["PrivateIpAddress"] for a in given["PrivateIpAddresses"]
    ]
    assert eni["Attachment"]["InstanceId"] == given["Attachment"]["InstanceId"]
    instances = ok(server, "describe-instances")["Reservations"]
    described = {i["InstanceId"]: i for r in instances for i in r["Instances"]}
    for reservation in state("instances.json")["Reservations"]:
        for instance in reservation["Instances"]:
            if "SubnetId" not in instance:
                # A terminated instance that names no subnet is not loaded (README, Policies).
                assert instance["State"]["Name"] == "terminated"
                assert instance["InstanceId"] not in described
                continue
            shown = described[instance["InstanceId"]]
            assert shown["ImageId"] == instance["ImageId"]
            assert shown.get("Tags", []) == instance.get("Tags", [])


def test_assign_then_the_limit(server: str) -> None:
    # The subnet is fragmented: no whole free /28 is left in it.
    message = refused(server, "assign-private-ip-addresses", "--network-interface-id", ENI, "--ipv4-prefix-count", "1")
    assert "(InsufficientCidrBlocks)" in message
    assert message.endswith("The specified subnet does not have enough free cidr blocks to satisfy the request.")
    assigned = ok(
        server, "assign-private-ip-addresses", "--network-interface-id", ENI, "--secondary-private-ip-address-count", "2"
    )
    new = [a["PrivateIpAddress"] for a in assigned["AssignedPrivateIpAddresses"]]
    held = {a["PrivateIpAddress"] for e in state("network-interfaces.json")["NetworkInterfaces"] for a in e["PrivateIpAddresses"]}
    assert len(new) == 2 and not set(new) & held
    assert all(a.startswith("10.0.0.") for a in new)
    # 13 + 2 = 15, all a c5.xlarge interface holds: the limit is checked before the subnet.
    message = refused(server, "assign-private-ip-addresses", "--network-interface-id", ENI, "--ipv4-prefix-count", "1")
    assert "(PrivateIpAddressLimitExceeded)" in message
    # Unassigning answers nothing; an address the interface does not hold is refused.
    assert ok(server, "unassign-private-ip-addresses", "--network-interface-id", ENI, "--private-ip-addresses", new[1]) is None
    message = refused(server, "unassign-private-ip-addresses", "--network-interface-id", ENI, "--private-ip-addresses", new[1])
    assert "(InvalidParameterValue)" in message
    assert f"Some of the specified addresses are not assigned to interface {ENI}" in message


def test_create_with_tags_and_tag_afterwards(server: str) -> None:
    created = ok(
        server,
        "create-network-interface",
        "--subnet-id",
        "subnet-0b22c0ffee0b22c02",
        "--secondary-private-ip-address-count",
        "1",
        "--description",
        "cli",
        "--tag-specifications",
        "ResourceType=network-interface,Tags=[{Key=Name,Value=cli}]",
    )["NetworkInterface"]
    assert created["TagSet"] == [{"Key": "Name", "Value": "cli"}]
    assert len(created["PrivateIpAddresses"]) == 2
    eni = created["NetworkInterfaceId"]
    assert ok(server, "create-tags", "--resources", eni, "--tags", "Key=team,Value=net") is None
    tags = ok(server, "describe-tags", "--filters", f"Name=resource-id,Values={eni}")["Tags"]
    assert [(t["Key"], t["Value"], t["ResourceType"]) for t in tags] == [
        ("Name", "cli", "network-interface"),
        ("team", "net", "network-interface"),
    ]
