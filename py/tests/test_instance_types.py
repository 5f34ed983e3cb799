"""DescribeInstanceTypes against its source, EC2's own answers as moto ships them, for every type;
DescribeInstanceCreditSpecifications and DescribeAddressesAttribute as boto3 names them."""

from __future__ import annotations

import gzip
import importlib.metadata
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest

import eniplan

ROOT = Path(__file__).resolve().parent.parent.parent

# The members of EC2's InstanceTypeInfo that eniplan answers, whole, from the source or from its
# own table (which agree but where listed below); the rest of the dump (GPUs, Nitro Enclaves,
# ENA queues, ...) is not carried.
WHOLE = [
    "InstanceType",
    "CurrentGeneration",
    "FreeTierEligible",
    "SupportedUsageClasses",
    "SupportedRootDeviceTypes",
    "SupportedVirtualizationTypes",
    "BareMetal",
    "Hypervisor",
    "ProcessorInfo",
    "VCpuInfo",
    "MemoryInfo",
    "InstanceStorageSupported",
    "InstanceStorageInfo",
    "EbsInfo",
    "PlacementGroupInfo",
    "HibernationSupported",
    "BurstablePerformanceSupported",
    "DedicatedHostsSupported",
    "AutoRecoverySupported",
    "SupportedBootModes",
]
NETWORK = [
    "NetworkPerformance",
    "MaximumNetworkInterfaces",
    "MaximumNetworkCards",
    "DefaultNetworkCardIndex",
    "Ipv4AddressesPerInterface",
    "Ipv6AddressesPerInterface",
    "Ipv6Supported",
    "EnaSupport",
    "EfaSupported",
    "EfaInfo",
]
CARD = [
    "NetworkCardIndex",
    "NetworkPerformance",
    "MaximumNetworkInterfaces",
    "BaselineBandwidthInGbps",
    "PeakBandwidthInGbps",
]
# Where the network table (core/data/instance-limits.csv) and the dump disagree, the table is
# the model's and wins (core/data/README.md): c7g.metal's hypervisor is a hand override, and
# four types have one card of 15 or 24 interfaces in the table, two cards in the dump.
HYPERVISOR_OVERRIDE = {"c7g.metal": "nitro"}
ONE_CARD_IN_THE_TABLE = {"i7ie.48xlarge", "i7ie.metal-48xl", "i8ge.48xlarge", "i8ge.metal-48xl"}


def dump() -> dict[str, Any]:
    """moto's DescribeInstanceTypes dump, from the installed package, which must be 5.2.5."""
    assert importlib.metadata.version("moto") == "5.2.5"
    spec = importlib.util.find_spec("moto")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "ec2" / "resources" / "instance_types.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as file:
        loaded: dict[str, Any] = json.load(file)
    return loaded


def expected(source: dict[str, Any]) -> dict[str, Any]:
    """What eniplan should answer for a type of the dump: the carried members, whole."""
    answer = {key: source[key] for key in WHOLE if key in source}
    network = source["NetworkInfo"]
    answer["NetworkInfo"] = {key: network[key] for key in NETWORK if key in network}
    answer["NetworkInfo"]["NetworkCards"] = [
        {key: card[key] for key in CARD if key in card} for card in network["NetworkCards"]
    ]
    return answer


def test_the_committed_data_is_what_the_extraction_gives() -> None:
    script = ROOT / "scripts" / "extract-instance-type-details.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_type_is_the_sources_answer() -> None:
    source = dump()
    answers = eniplan.Ec2().describe_instance_types()["InstanceTypes"]
    assert len(answers) == 1391
    lacking = []
    for answer in answers:
        name = answer["InstanceType"]
        if name not in source:
            # Only what the table knows: no member of the source is made up.
            assert set(answer) <= {"InstanceType", "BareMetal", "Hypervisor", "VCpuInfo", "NetworkInfo"}, name
            lacking.append(name)
            continue
        want = expected(source[name])
        if name in HYPERVISOR_OVERRIDE:
            want["Hypervisor"] = HYPERVISOR_OVERRIDE[name]
        if name in ONE_CARD_IN_THE_TABLE:
            (card,) = answer["NetworkInfo"]["NetworkCards"]
            first = want["NetworkInfo"]["NetworkCards"][0]
            assert card == {**first, "MaximumNetworkInterfaces": answer["NetworkInfo"]["MaximumNetworkInterfaces"]}
            assert answer["NetworkInfo"]["MaximumNetworkInterfaces"] == want["NetworkInfo"]["MaximumNetworkInterfaces"]
            want["NetworkInfo"]["NetworkCards"] = [card]
            want["NetworkInfo"]["MaximumNetworkCards"] = 1
        assert answer == want, name
    # core/data/README.md: 1,368 types of the table are in the dump, 23 are not.
    assert len(lacking) == 23
    assert "u-6tb1.metal" in lacking and "g4ad.xlarge" in lacking


def test_credit_specifications_and_address_attributes() -> None:
    ec2 = eniplan.Ec2(strategy="lowest", seed=0)
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.0.0.0/24")["Subnet"]["SubnetId"]
    ids = {}
    for instance_type in ["t2.micro", "t3.micro", "t4g.nano", "c5.large"]:
        reservation = ec2.run_instances(InstanceType=instance_type, MinCount=1, MaxCount=1, SubnetId=subnet_id)
        ids[instance_type] = reservation["Instances"][0]["InstanceId"]
    answer = ec2.describe_instance_credit_specifications(InstanceIds=list(ids.values()))
    credits = {spec["InstanceId"]: spec["CpuCredits"] for spec in answer["InstanceCreditSpecifications"]}
    assert credits == {
        ids["t2.micro"]: "standard",
        ids["t3.micro"]: "unlimited",
        ids["t4g.nano"]: "unlimited",
        ids["c5.large"]: "standard",
    }
    unlimited = ec2.describe_instance_credit_specifications()["InstanceCreditSpecifications"]
    assert sorted(spec["InstanceId"] for spec in unlimited) == sorted([ids["t3.micro"], ids["t4g.nano"]])
    with pytest.raises(eniplan.InvalidInstanceIDNotFound):
        ec2.describe_instance_credit_specifications(InstanceIds=["i-0123456789abcdef0"])

    allocation_id = ec2.allocate_address(Domain="vpc")["AllocationId"]
    attribute = ec2.describe_addresses_attribute(AllocationIds=[allocation_id], Attribute="domain-name")
    assert attribute["Addresses"] == []
    with pytest.raises(eniplan.InvalidAllocationIDNotFound):
        ec2.describe_addresses_attribute(AllocationIds=["eipalloc-0123456789abcdef0"], Attribute="domain-name")


def test_a_boto3_client_under_the_mock_gets_the_same_answers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The mock needs no credentials; make sure none are found or looked up.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    with eniplan.mock_ec2():
        client = boto3.client("ec2", region_name="us-east-1")
        (info,) = client.describe_instance_types(InstanceTypes=["t3.micro"])["InstanceTypes"]
        assert info["BurstablePerformanceSupported"] is True
        assert info["MemoryInfo"]["SizeInMiB"] == 1024
        assert client.describe_instance_credit_specifications()["InstanceCreditSpecifications"] == []
        assert client.describe_addresses_attribute(Attribute="domain-name")["Addresses"] == []
