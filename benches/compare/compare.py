"""Compare eniplan's Python API with moto on one EC2 addressing workload.

The workload: VPC 10.0.0.0/16, one /16 subnet, 100 network interfaces, then 2,000 operations
each of AssignPrivateIpAddresses with SecondaryPrivateIpAddressCount=1, with one explicit
address, with Ipv4PrefixCount=1, and UnassignPrivateIpAddresses, spread round-robin over the
interfaces. It runs through eniplan.Ec2 (its typed calls, and its boto3-shaped methods that take
keyword arguments and return response dicts), through moto's EC2 backend object, and through
boto3 with moto's mock, and prints operations per second, the ratios, and how the cost of one
operation grows with the number of interfaces. Figures are medians of several runs in this one
process, so the ratios hold on a noisy machine even when the absolute numbers do not.

moto ignores Ipv4PrefixCount: its figures for that operation are for a call that does nothing.
"""

from __future__ import annotations

import argparse
import ipaddress
import platform
import statistics
import time
from typing import Any, Callable

ACCOUNT = "123456789012"
REGION = "us-east-1"
KINDS = ("assign count", "assign address", "assign prefix", "unassign")


class Target:
    """One way of running the workload: create the network, then the four operations."""

    name = ""

    def setup(self, interfaces: int) -> list[str]:
        raise NotImplementedError

    def assign_count(self, eni: str) -> list[str]:
        raise NotImplementedError

    def assign_address(self, eni: str, address: str) -> None:
        raise NotImplementedError

    def assign_prefix(self, eni: str) -> None:
        raise NotImplementedError

    def unassign(self, eni: str, address: str) -> None:
        raise NotImplementedError


class EniplanTarget(Target):
    name = "eniplan (boto3-shaped methods)"

    def setup(self, interfaces: int) -> list[str]:
        import eniplan

        self.ec2 = eniplan.Ec2(strategy="lowest", seed=0)
        vpc = self.ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnet = self.ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/16")["Subnet"]["SubnetId"]
        return [
            self.ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["NetworkInterfaceId"]
            for _ in range(interfaces)
        ]

    def assign_count(self, eni: str) -> list[str]:
        response = self.ec2.assign_private_ip_addresses(NetworkInterfaceId=eni, SecondaryPrivateIpAddressCount=1)
        return [a["PrivateIpAddress"] for a in response["AssignedPrivateIpAddresses"]]

    def assign_address(self, eni: str, address: str) -> None:
        self.ec2.assign_private_ip_addresses(NetworkInterfaceId=eni, PrivateIpAddresses=[address])

    def assign_prefix(self, eni: str) -> None:
        self.ec2.assign_private_ip_addresses(NetworkInterfaceId=eni, Ipv4PrefixCount=1)

    def unassign(self, eni: str, address: str) -> None:
        self.ec2.unassign_private_ip_addresses(NetworkInterfaceId=eni, PrivateIpAddresses=[address])


class EniplanTypedTarget(EniplanTarget):
    name = "eniplan (typed calls)"

    def assign_count(self, eni: str) -> list[str]:
        return self.ec2.assign_address_count(eni, 1)

    def assign_address(self, eni: str, address: str) -> None:
        self.ec2.assign_addresses(eni, [address])

    def assign_prefix(self, eni: str) -> None:
        self.ec2.assign_prefix_count(eni, 1)

    def unassign(self, eni: str, address: str) -> None:
        self.ec2.unassign(eni, [address])


class MotoBackendTarget(Target):
    name = "moto (backend object)"

    def setup(self, interfaces: int) -> list[str]:
        from moto.ec2.models import ec2_backends

        backend = ec2_backends[ACCOUNT][REGION]
        backend.reset()
        self.backend = ec2_backends[ACCOUNT][REGION]
        vpc = self.backend.create_vpc(cidr_block="10.0.0.0/16")
        subnet = self.backend.create_subnet(vpc_id=vpc.id, cidr_block="10.0.0.0/16")
        return [self.backend.create_network_interface(subnet, None).id for _ in range(interfaces)]

    def assign_count(self, eni: str) -> list[str]:
        # moto appends the new address to the interface's list.
        after = self.backend.assign_private_ip_addresses(eni, None, 1).private_ip_addresses
        return [after[-1]["PrivateIpAddress"]]

    def assign_address(self, eni: str, address: str) -> None:
        self.backend.assign_private_ip_addresses(eni, [address], None)

    def assign_prefix(self, eni: str) -> None:
        self.backend.assign_private_ip_addresses(eni, None, 0)

    def unassign(self, eni: str, address: str) -> None:
        self.backend.unassign_private_ip_addresses(eni, [address])


class Boto3MotoTarget(Target):
    name = "boto3 with moto"

    def setup(self, interfaces: int) -> list[str]:
        import boto3
        from moto import mock_aws

        if getattr(self, "mock", None) is not None:
            self.mock.stop()
        self.mock = mock_aws()
        self.mock.start()
        self.client: Any = boto3.client(
            "ec2", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="y"
        )
        vpc = self.client.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnet = self.client.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/16")["Subnet"]["SubnetId"]
        return [
            self.client.create_network_interface(SubnetId=subnet)["NetworkInterface"]["NetworkInterfaceId"]
            for _ in range(interfaces)
        ]

    def assign_count(self, eni: str) -> list[str]:
        self.client.assign_private_ip_addresses(NetworkInterfaceId=eni, SecondaryPrivateIpAddressCount=1)
        return []

    def assign_address(self, eni: str, address: str) -> None:
        self.client.assign_private_ip_addresses(NetworkInterfaceId=eni, PrivateIpAddresses=[address])

    def assign_prefix(self, eni: str) -> None:
        self.client.assign_private_ip_addresses(NetworkInterfaceId=eni, Ipv4PrefixCount=1)

    def unassign(self, eni: str, address: str) -> None:
        self.client.unassign_private_ip_addresses(NetworkInterfaceId=eni, PrivateIpAddresses=[address])


def explicit_addresses(count: int) -> list[str]:
    """Addresses from the top half of the /16, clear of lowest-first automatic picks."""
    base = int(ipaddress.IPv4Address("10.0.128.0"))
    return [str(ipaddress.IPv4Address(base + i)) for i in range(count)]


def timed(operations: list[Callable[[], Any]]) -> float:
    """Seconds per operation over the whole list."""
    start = time.perf_counter()
    for operation in operations:
        operation()
    return (time.perf_counter() - start) / max(len(operations), 1)


def workload(target: Target, interfaces: int, ops: int) -> dict[str, float]:
    """Seconds per operation of each kind, in one run."""
    enis = target.setup(interfaces)
    addresses = explicit_addresses(ops)
    picked: list[tuple[str, str]] = []

    def assign_count(i: int) -> Callable[[], None]:
        def run() -> None:
            eni = enis[i % len(enis)]
            for address in target.assign_count(eni):
                picked.append((eni, address))
        return run

    seconds = {
        "assign count": timed([assign_count(i) for i in range(ops)]),
        "assign address": timed(
            [lambda i=i: target.assign_address(enis[i % len(enis)], addresses[i]) for i in range(ops)]
        ),
        "assign prefix": timed([lambda i=i: target.assign_prefix(enis[i % len(enis)]) for i in range(ops)]),
    }
    # Unassign the explicit addresses, which every target holds where the workload put them.
    seconds["unassign"] = timed(
        [lambda i=i: target.unassign(enis[i % len(enis)], addresses[i]) for i in range(ops)]
    )
    return seconds


def median_rates(target: Target, interfaces: int, ops: int, runs: int) -> dict[str, float]:
    samples = [workload(target, interfaces, ops) for _ in range(runs)]
    return {kind: 1.0 / statistics.median(s[kind] for s in samples) for kind in KINDS}


def scaling(target: Target, counts: list[int], ops: int) -> dict[int, float]:
    """Microseconds per assign-count-and-unassign pair at each number of interfaces."""
    result = {}
    for count in counts:
        enis = target.setup(count)
        start = time.perf_counter()
        for i in range(ops):
            eni = enis[(i * 7919) % len(enis)]
            for address in target.assign_count(eni):
                target.unassign(eni, address)
        result[count] = (time.perf_counter() - start) / ops * 1e6
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and operations; under two minutes")
    args = parser.parse_args()
    runs = 1 if args.quick else 5
    ops = 2000
    boto3_ops = 300 if args.quick else 2000
    scale_counts = [1, 100, 1000] if args.quick else [1, 10, 100, 1000, 10000]
    scale_ops = 200 if args.quick else 1000

    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    print(f"workload: 100 interfaces, {ops} operations of each kind ({boto3_ops} through boto3), median of {runs} run(s)\n")
    rates = {
        "typed": median_rates(EniplanTypedTarget(), 100, ops, runs),
        "dicts": median_rates(EniplanTarget(), 100, ops, runs),
        "moto": median_rates(MotoBackendTarget(), 100, ops, runs),
        "boto3": median_rates(Boto3MotoTarget(), 100, boto3_ops, runs),
    }
    print("ops/s: eniplan's typed calls, eniplan's boto3-shaped methods, moto's backend object, boto3 with moto")
    header = (
        f"{'operation':<16}{'typed':>11}{'dicts':>11}{'moto':>11}{'boto3+moto':>12}"
        f"{'typed/moto':>12}{'dicts/moto':>12}{'typed/boto3':>13}{'dicts/boto3':>13}"
    )
    print(header)
    print("-" * len(header))
    total = lambda r: len(KINDS) / sum(1.0 / r[k] for k in KINDS)  # noqa: E731
    rows = [(kind, {name: r[kind] for name, r in rates.items()}) for kind in KINDS]
    rows.append(("all four", {name: total(r) for name, r in rates.items()}))
    for kind, r in rows:
        t, d, m, b = r["typed"], r["dicts"], r["moto"], r["boto3"]
        print(
            f"{kind:<16}{t:>11,.0f}{d:>11,.0f}{m:>11,.0f}{b:>12,.0f}"
            f"{t / m:>11.1f}x{d / m:>11.1f}x{t / b:>12.0f}x{d / b:>12.0f}x"
        )

    print(f"\nscaling: microseconds per assign-count + unassign pair ({scale_ops} pairs)")
    scales = {
        "typed": scaling(EniplanTypedTarget(), scale_counts, scale_ops),
        "dicts": scaling(EniplanTarget(), scale_counts, scale_ops),
        "moto": scaling(MotoBackendTarget(), scale_counts, scale_ops),
    }
    print(f"{'interfaces':>10}" + "".join(f"{name + ' µs':>12}{name + ' ×1':>11}" for name in scales))
    for count in scale_counts:
        cells = "".join(
            f"{scale[count]:>12.2f}{scale[count] / scale[scale_counts[0]]:>10.2f}x" for scale in scales.values()
        )
        print(f"{count:>10}{cells}")

if __name__ == "__main__":
    main()
