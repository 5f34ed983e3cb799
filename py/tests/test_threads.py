"""Many threads on one Ec2 never corrupt it."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import eniplan


def run_together(count: int, work: Callable[[int], None]) -> None:
    barrier = threading.Barrier(count)

    def start(index: int) -> None:
        barrier.wait()
        work(index)

    with ThreadPoolExecutor(count) as pool:
        for future in [pool.submit(start, i) for i in range(count)]:
            future.result()


def test_threads_assigning_and_unassigning_keep_the_model_consistent() -> None:
    ec2 = eniplan.Ec2(strategy="random", seed=3)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/22")["Subnet"]["SubnetId"]
    enis = [
        ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["NetworkInterfaceId"]
        for _ in range(8)
    ]

    def work(index: int) -> None:
        eni = enis[index]
        for round_ in range(40):
            assigned = ec2.assign_private_ip_addresses(
                NetworkInterfaceId=eni, SecondaryPrivateIpAddressCount=3
            )["AssignedPrivateIpAddresses"]
            ec2.describe_subnets(SubnetIds=[subnet])
            if round_ % 4:
                ec2.unassign_private_ip_addresses(
                    NetworkInterfaceId=eni,
                    PrivateIpAddresses=[a["PrivateIpAddress"] for a in assigned],
                )

    run_together(len(enis), work)

    interfaces = ec2.describe_network_interfaces()["NetworkInterfaces"]
    held = [a["PrivateIpAddress"] for i in interfaces for a in i["PrivateIpAddresses"]]
    assert all(len(i["PrivateIpAddresses"]) == 1 + 10 * 3 for i in interfaces)
    assert len(held) == len(set(held)) == 8 * 31
    (described,) = ec2.describe_subnets(SubnetIds=[subnet])["Subnets"]
    report = ec2.subnet_report(SubnetId=subnet)
    assert report["Owned"] == len(held)
    assert described["AvailableIpAddressCount"] == report["Usable"] - len(held)


def test_threads_racing_for_the_last_slots_get_exactly_the_limit() -> None:
    ec2 = eniplan.Ec2(strategy="lowest")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/24")["Subnet"]["SubnetId"]
    eni = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["NetworkInterfaceId"]
    won = [0] * 8
    lost = [0] * 8

    def work(index: int) -> None:
        while True:
            try:
                ec2.assign_private_ip_addresses(
                    NetworkInterfaceId=eni, SecondaryPrivateIpAddressCount=1
                )
                won[index] += 1
            except eniplan.PrivateIpAddressLimitExceeded:
                lost[index] += 1
                return

    run_together(8, work)
    # An unattached interface holds at most 64 addresses (the largest limit of any type).
    assert sum(won) == 63
    assert lost == [1] * 8
    (interface,) = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni])["NetworkInterfaces"]
    assert len(interface["PrivateIpAddresses"]) == 64
