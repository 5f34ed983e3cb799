"""examples/terraform/main.tf, parsed with python-hcl2 and applied through `eniplan serve` with
the calls Terraform's AWS provider makes for each resource (the sequences the other
test_terraform_* modules replay), then destroyed in reverse order. Terraform itself is not run
here; this checks that the README's configuration is valid HCL, that every resource in it is one
the replays cover, and what it builds."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any, Callable

import botocore.exceptions
import hcl2
import pytest

ROOT = Path(__file__).resolve().parents[3]
CONFIG = ROOT / "examples" / "terraform" / "main.tf"

# What the provider always sends on RunInstances besides the configuration's members.
RUN_DEFAULTS = {
    "DisableApiTermination": False,
    "EbsOptimized": False,
    "HibernationOptions": {"Configured": False},
    "MaxCount": 1,
    "MinCount": 1,
    "Monitoring": {"Enabled": False},
    "Placement": {"AvailabilityZone": ""},
}

Resource = dict[str, Any]


def token() -> str:
    """A client token, new for every create as the provider makes them."""
    return f"terraform-{uuid.uuid4()}"


def load() -> dict[str, Any]:
    with CONFIG.open() as file:
        return dict(hcl2.load(file))


def resources(config: dict[str, Any]) -> list[tuple[str, str, Resource]]:
    """Every resource block as (type, name, arguments), in file order."""
    found = []
    for block in config["resource"]:
        for kind, named in block.items():
            for name, body in named.items():
                found.append((kind.strip('"'), name.strip('"'), body))
    return found


class Applier:
    """Terraform's calls for each resource of the example, with references resolved to the ids
    made before."""

    def __init__(self, ec2: Any, variables: dict[str, Any]) -> None:
        self.ec2 = ec2
        self.variables = variables
        self.ids: dict[str, str] = {}
        self.undo: list[Callable[[], Any]] = []

    def value(self, raw: Any) -> Any:
        """A configuration value: a literal, a list or map of them, or `aws_x.name.id`."""
        if isinstance(raw, list):
            return [self.value(item) for item in raw]
        if isinstance(raw, dict):
            return {key: self.value(item) for key, item in raw.items() if key != "__is_block__"}
        if not isinstance(raw, str):
            return raw
        if raw.startswith('"'):
            return raw.strip('"')
        reference = re.fullmatch(r"\$\{(aws_\w+\.\w+)\.id\}", raw)
        if reference:
            return self.ids[reference.group(1)]
        condition = re.fullmatch(r"\$\{var\.(\w+) \? (\d+) : (\d+)\}", raw)
        if condition:
            return int(condition.group(2) if self.variables[condition.group(1)] else condition.group(3))
        raise AssertionError(f"the example uses {raw}, which this test does not read")

    def tags(self, resource_type: str, body: Resource) -> dict[str, Any]:
        if "tags" not in body:
            return {}
        tags = [{"Key": k, "Value": v} for k, v in self.value(body["tags"]).items()]
        return {"TagSpecifications": [{"ResourceType": resource_type, "Tags": tags}]}

    def apply(self, kind: str, name: str, body: Resource) -> None:
        if self.value(body.get("count", 1)) == 0:
            return
        arguments = {k: self.value(v) for k, v in body.items() if k not in ("count", "depends_on", "tags")}
        made = getattr(self, kind)(arguments, body)
        self.ids[f"{kind}.{name}"] = made

    def aws_vpc(self, a: Resource, body: Resource) -> str:
        vpc = self.ec2.create_vpc(CidrBlock=a["cidr_block"], **self.tags("vpc", body))["Vpc"]["VpcId"]
        if a.get("enable_dns_hostnames"):
            self.ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
        self.undo.append(lambda: self.ec2.delete_vpc(VpcId=vpc))
        return str(vpc)

    def aws_subnet(self, a: Resource, body: Resource) -> str:
        subnet = self.ec2.create_subnet(
            VpcId=a["vpc_id"], CidrBlock=a["cidr_block"], AvailabilityZone=a["availability_zone"], **self.tags("subnet", body)
        )["Subnet"]["SubnetId"]
        self.undo.append(lambda: self.ec2.delete_subnet(SubnetId=subnet))
        return str(subnet)

    def aws_ec2_subnet_cidr_reservation(self, a: Resource, body: Resource) -> str:
        reservation = self.ec2.create_subnet_cidr_reservation(
            SubnetId=a["subnet_id"], Cidr=a["cidr_block"], ReservationType=a["reservation_type"]
        )["SubnetCidrReservation"]["SubnetCidrReservationId"]
        self.undo.append(lambda: self.ec2.delete_subnet_cidr_reservation(SubnetCidrReservationId=reservation))
        return str(reservation)

    def aws_network_interface(self, a: Resource, body: Resource) -> str:
        request: dict[str, Any] = {"SubnetId": a["subnet_id"], "ClientToken": token()}
        if "private_ips_count" in a:
            request["SecondaryPrivateIpAddressCount"] = a["private_ips_count"]
        if "private_ips" in a:
            request["PrivateIpAddresses"] = [
                {"Primary": index == 0, "PrivateIpAddress": address} for index, address in enumerate(a["private_ips"])
            ]
        if "ipv4_prefix_count" in a:
            request["Ipv4PrefixCount"] = a["ipv4_prefix_count"]
        eni = self.ec2.create_network_interface(**request, **self.tags("network-interface", body))
        eni_id = eni["NetworkInterface"]["NetworkInterfaceId"]
        self.undo.append(lambda: self.ec2.delete_network_interface(NetworkInterfaceId=eni_id))
        return str(eni_id)

    def aws_instance(self, a: Resource, body: Resource) -> str:
        interface = {"DeviceIndex": 0, "SubnetId": a["subnet_id"], "PrivateIpAddress": a["private_ip"]}
        interface["PrivateIpAddresses"] = [{"PrivateIpAddress": ip} for ip in a["secondary_private_ips"]]
        run = self.ec2.run_instances(
            ClientToken=token(),
            ImageId=a["ami"],
            InstanceType=a["instance_type"],
            NetworkInterfaces=[interface],
            **RUN_DEFAULTS,
            **self.tags("instance", body),
        )
        instance = run["Instances"][0]["InstanceId"]

        def destroy() -> None:
            self.ec2.modify_instance_attribute(InstanceId=instance, DisableApiTermination={"Value": False})
            self.ec2.terminate_instances(InstanceIds=[instance])

        self.undo.append(destroy)
        return str(instance)

    def aws_network_interface_attachment(self, a: Resource, body: Resource) -> str:
        attachment = self.ec2.attach_network_interface(
            DeviceIndex=a["device_index"], InstanceId=a["instance_id"], NetworkInterfaceId=a["network_interface_id"]
        )["AttachmentId"]
        self.undo.append(lambda: self.ec2.detach_network_interface(AttachmentId=attachment, Force=True))
        return str(attachment)

    def aws_eip(self, a: Resource, body: Resource) -> str:
        allocation = self.ec2.allocate_address(Domain=a["domain"], **self.tags("elastic-ip", body))["AllocationId"]
        self.undo.append(lambda: self.ec2.release_address(AllocationId=allocation))
        return str(allocation)

    def aws_eip_association(self, a: Resource, body: Resource) -> str:
        association = self.ec2.associate_address(
            AllocationId=a["allocation_id"], NetworkInterfaceId=a["network_interface_id"]
        )["AssociationId"]
        self.undo.append(lambda: self.ec2.disassociate_address(AssociationId=association))
        return str(association)

    def destroy(self) -> None:
        for step in reversed(self.undo):
            step()


def test_the_example_is_hcl_of_resources_the_replays_cover() -> None:
    config = load()
    kinds = {kind for kind, _, _ in resources(config)}
    assert kinds == {
        "aws_vpc",
        "aws_subnet",
        "aws_ec2_subnet_cidr_reservation",
        "aws_network_interface",
        "aws_instance",
        "aws_network_interface_attachment",
        "aws_eip",
        "aws_eip_association",
    }
    provider = config["provider"][0]['"aws"']
    assert provider["endpoints"][0]["ec2"] == "${var.endpoint}"
    for setting in ["skip_credentials_validation", "skip_requesting_account_id", "skip_metadata_api_check"]:
        assert provider[setting] is True, setting


def test_readme_shows_the_example_s_provider_block() -> None:
    readme = (ROOT / "README.md").read_text()
    (block,) = re.findall(r"```hcl\n(.*?)```", readme, flags=re.S)
    shown = hcl2.loads(block)["provider"][0]['"aws"']
    shown["endpoints"][0]["ec2"] = "${var.endpoint}"
    assert shown == load()["provider"][0]['"aws"']


def test_the_example_applies_and_destroys(ec2: Any) -> None:
    applier = Applier(ec2, {"fragment": False})
    for kind, name, body in resources(load()):
        applier.apply(kind, name, body)
    ids = applier.ids
    pods = ec2.describe_network_interfaces(NetworkInterfaceIds=[ids["aws_network_interface.pods"]])
    # Automatic prefixes come first from the prefix reservation's blocks.
    prefixes = [p["Ipv4Prefix"] for p in pods["NetworkInterfaces"][0]["Ipv4Prefixes"]]
    assert prefixes == ["10.0.24.0/28", "10.0.24.16/28"]
    assert pods["NetworkInterfaces"][0]["Association"]["AllocationId"] == ids["aws_eip.egress"]
    node = ec2.describe_instances(InstanceIds=[ids["aws_instance.node"]])["Reservations"][0]["Instances"][0]
    interfaces = {i["Attachment"]["DeviceIndex"]: i for i in node["NetworkInterfaces"]}
    assert [a["PrivateIpAddress"] for a in interfaces[0]["PrivateIpAddresses"]] == [
        "10.0.17.50",
        "10.0.17.51",
        "10.0.17.52",
    ]
    assert interfaces[1]["NetworkInterfaceId"] == ids["aws_network_interface.counted"]
    assert len(interfaces[1]["PrivateIpAddresses"]) == 5
    applier.destroy()
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ec2.describe_vpcs(VpcIds=[ids["aws_vpc.main"]])
    assert raised.value.response["Error"]["Code"] == "InvalidVpcID.NotFound"


def test_a_prefix_in_the_fragmented_subnet_fails_at_apply(ec2: Any) -> None:
    applier = Applier(ec2, {"fragment": True})
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        for kind, name, body in resources(load()):
            applier.apply(kind, name, body)
    error = raised.value.response["Error"]
    assert error["Code"] == "InsufficientCidrBlocks"
    assert error["Message"] == "The specified subnet does not have enough free cidr blocks to satisfy the request."
    # Everything before it was made; the failed interface was not.
    assert "aws_network_interface.squatter" in applier.ids
    assert "aws_network_interface.fragmented" not in applier.ids
    applier.destroy()
