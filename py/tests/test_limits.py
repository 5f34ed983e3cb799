"""max_pods and instance_type_limits read the embedded instance-type table."""

from __future__ import annotations

import pytest

import eniplan


def test_max_pods_follows_the_vpc_cni() -> None:
    assert eniplan.max_pods("m5.large") == 29  # 3 × (10 − 1) + 2
    assert eniplan.max_pods("m5.large", prefix_delegation=True) == 434  # 3 × 9 × 16 + 2
    assert eniplan.max_pods("m5.large", prefix_delegation=True, cap=True) == 110
    assert eniplan.max_pods("m5.large", custom_networking=True) == 20
    assert eniplan.max_pods("m5.large", reserved_enis=1) == 20
    assert eniplan.max_pods("m5.large", custom_networking=True, reserved_enis=1) == 11
    assert eniplan.max_pods("m5.large", reserved_enis=5) == 0
    assert eniplan.max_pods("m5.24xlarge") == 737  # 15 × 49 + 2
    assert eniplan.max_pods("m5.24xlarge", cap=True) == 250  # more than 30 vCPUs
    # Prefix delegation needs Nitro or bare metal; a Xen type ignores it.
    assert eniplan.max_pods("c1.medium", prefix_delegation=True) == eniplan.max_pods("c1.medium")


def test_max_pods_errors_are_ec2_errors() -> None:
    with pytest.raises(eniplan.InvalidInstanceType) as caught:
        eniplan.max_pods("m5.huge")
    assert caught.value.operation_name == "MaxPods"
    assert caught.value.response["Error"]["Message"] == (
        "The following supplied instance types do not exist: [m5.huge]"
    )
    # The cap depends on the vCPU count, which the table lacks for some bare-metal types.
    with pytest.raises(eniplan.InvalidParameterValue, match="vCPU"):
        eniplan.max_pods("c5a.metal", cap=True)


def test_instance_type_limits() -> None:
    assert eniplan.instance_type_limits("m5.large") == {
        "InstanceType": "m5.large",
        "Hypervisor": "nitro",
        "BareMetal": False,
        "DefaultVCpus": 2,
        "MaximumNetworkInterfaces": 3,
        "MaximumNetworkCards": 1,
        "DefaultNetworkCardIndex": 0,
        "DefaultNetworkCardMaximumNetworkInterfaces": 3,
        "NetworkCards": [{"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 3}],
        "Ipv4AddressesPerInterface": 10,
        "Ipv6AddressesPerInterface": 10,
        "Ipv6Supported": True,
        "Ipv4PrefixesSupported": True,
        "BranchInterfaces": 9,
    }
    metal = eniplan.instance_type_limits("c5a.metal")
    assert (metal["Hypervisor"], metal["BareMetal"], metal["DefaultVCpus"]) == ("unknown", True, None)
    assert metal["Ipv4PrefixesSupported"] is True
    multi = eniplan.instance_type_limits("p5.48xlarge")
    assert multi["MaximumNetworkCards"] == 32
    assert multi["MaximumNetworkInterfaces"] == 64
    assert multi["DefaultNetworkCardMaximumNetworkInterfaces"] == 2
    with pytest.raises(eniplan.InvalidInstanceType) as caught:
        eniplan.instance_type_limits("m5.huge")
    assert caught.value.operation_name == "InstanceTypeLimits"


def test_limits_agree_with_describe_instance_types() -> None:
    ec2 = eniplan.Ec2()
    for name in ["m5.large", "p5.48xlarge", "c1.medium", "c5a.metal"]:
        limits = eniplan.instance_type_limits(name)
        (info,) = ec2.describe_instance_types(InstanceTypes=[name])["InstanceTypes"]
        network = info["NetworkInfo"]
        for key in [
            "MaximumNetworkInterfaces",
            "MaximumNetworkCards",
            "DefaultNetworkCardIndex",
            "Ipv4AddressesPerInterface",
            "Ipv6AddressesPerInterface",
            "Ipv6Supported",
        ]:
            assert limits[key] == network[key], (name, key)
        # DescribeInstanceTypes gives each card's bandwidth too; the limits are the same.
        card_limits = ["NetworkCardIndex", "MaximumNetworkInterfaces"]
        cards = [{key: card[key] for key in card_limits} for card in network["NetworkCards"]]
        assert limits["NetworkCards"] == cards, name
        assert limits["BareMetal"] == info["BareMetal"]
        assert limits["DefaultVCpus"] == info.get("VCpuInfo", {}).get("DefaultVCpus")
