"""The native module of eniplan (Rust, through PyO3)."""

import os
from types import ModuleType
from typing import Any, Mapping, Optional, Sequence, Union

__version__: str

def error_codes() -> list[str]:
    """Every EC2 error code eniplan can raise, in the core's table order."""

def action_names() -> list[str]:
    """Every EC2 action that ``Ec2.call`` answers."""

def max_pods(
    instance_type: str,
    *,
    prefix_delegation: bool = False,
    custom_networking: bool = False,
    reserved_enis: int = 0,
    cap: bool = False,
) -> int:
    """The most pods an EKS node of this instance type can run under the VPC CNI."""

def instance_type_limits(name: str) -> dict[str, Any]:
    """The network limits of an instance type, one PascalCase key per field."""

def simulate(
    scenario: Union[Mapping[str, Any], str, os.PathLike[str]],
    *,
    state: Union[Sequence[Mapping[str, Any]], Ec2, None] = None,
    seed: Optional[int] = None,
    seeds: Union[int, Sequence[int], None] = None,
    vary: Union[Mapping[str, Sequence[Any]], Sequence[str], None] = None,
) -> dict[str, Any]:
    """Runs a capacity-simulator scenario (a dict or a TOML or JSON file) as ``eniplan simulate``
    does: one run's result, or with ``seeds`` or ``vary`` the study, as ``--json`` prints it."""

class Ec2:
    """A model of one EC2 region with the methods of ``boto3.client("ec2")``."""

    def __init__(self, *, strategy: str = "random", seed: int = 0) -> None: ...
    @property
    def strategy(self) -> str: ...
    @property
    def seed(self) -> int: ...
    @property
    def exceptions(self) -> ModuleType:
        """``eniplan.exceptions``: ``ClientError``, one class per code, ``from_code``."""

    def call(self, action: str, request: dict[str, Any]) -> dict[str, Any]:
        """Runs any EC2 action by name on a request dict in boto3's shape."""

    # Typed calls: AssignPrivateIpAddresses and UnassignPrivateIpAddresses with plain arguments
    # and answers, failing as the same boto3 call fails.
    def assign_addresses(
        self,
        network_interface_id: str,
        addresses: Sequence[str],
        *,
        allow_reassignment: bool = False,
    ) -> list[str]:
        """Assigns these addresses; gives those this call assigned."""

    def assign_address_count(self, network_interface_id: str, count: int) -> list[str]:
        """Assigns ``count`` addresses the model picks; gives them in order."""

    def assign_prefixes(self, network_interface_id: str, prefixes: Sequence[str]) -> list[str]:
        """Assigns these /28 prefixes; gives those this call assigned."""

    def assign_prefix_count(self, network_interface_id: str, count: int) -> list[str]:
        """Assigns ``count`` /28 prefixes the model picks; gives them in order."""

    def unassign(
        self,
        network_interface_id: str,
        addresses: Optional[Sequence[str]] = None,
        prefixes: Optional[Sequence[str]] = None,
    ) -> None:
        """Releases these secondary addresses and /28 prefixes."""

    def subnet_report(self, *, SubnetId: str) -> dict[str, Any]:
        """The fragmentation report of a subnet."""

    def instance_metadata(self, *, InstanceId: str) -> dict[str, Any]:
        """What the instance metadata service shows the instance, as a dict of its paths."""

    def set_remap_window(self, seconds: int) -> None:
        """Seconds between a reassignment and the instance metadata showing it."""

    def advance_clock(self, seconds: int) -> None:
        """Advances the model's clock by ``seconds``."""

    @classmethod
    def from_describe(
        cls, documents: list[dict[str, Any]], *, strategy: str = "random", seed: int = 0
    ) -> Ec2:
        """A model loaded from ``aws ec2 describe-*`` output (or boto3's describe responses)."""

    def __copy__(self) -> Ec2: ...
    def __deepcopy__(self, memo: Optional[dict[int, Any]]) -> Ec2: ...

    # The EC2 actions, with boto3's keyword arguments and response dicts.
    def create_vpc(self, **kwargs: Any) -> dict[str, Any]: ...
    def describe_vpcs(self, **kwargs: Any) -> dict[str, Any]: ...
    def create_subnet(self, **kwargs: Any) -> dict[str, Any]: ...
    def describe_subnets(self, **kwargs: Any) -> dict[str, Any]: ...
    def create_subnet_cidr_reservation(self, **kwargs: Any) -> dict[str, Any]: ...
    def delete_subnet_cidr_reservation(self, **kwargs: Any) -> dict[str, Any]: ...
    def get_subnet_cidr_reservations(self, **kwargs: Any) -> dict[str, Any]: ...
    def run_instances(self, **kwargs: Any) -> dict[str, Any]: ...
    def terminate_instances(self, **kwargs: Any) -> dict[str, Any]: ...
    def describe_instances(self, **kwargs: Any) -> dict[str, Any]: ...
    def describe_instance_types(self, **kwargs: Any) -> dict[str, Any]: ...
    def describe_instance_credit_specifications(self, **kwargs: Any) -> dict[str, Any]: ...
    def create_network_interface(self, **kwargs: Any) -> dict[str, Any]: ...
    def delete_network_interface(self, **kwargs: Any) -> dict[str, Any]: ...
    def attach_network_interface(self, **kwargs: Any) -> dict[str, Any]: ...
    def detach_network_interface(self, **kwargs: Any) -> dict[str, Any]: ...
    def describe_network_interfaces(self, **kwargs: Any) -> dict[str, Any]: ...
    def assign_private_ip_addresses(self, **kwargs: Any) -> dict[str, Any]: ...
    def unassign_private_ip_addresses(self, **kwargs: Any) -> dict[str, Any]: ...
    def allocate_address(self, **kwargs: Any) -> dict[str, Any]: ...
    def associate_address(self, **kwargs: Any) -> dict[str, Any]: ...
    def disassociate_address(self, **kwargs: Any) -> dict[str, Any]: ...
    def release_address(self, **kwargs: Any) -> dict[str, Any]: ...
    def describe_addresses(self, **kwargs: Any) -> dict[str, Any]: ...
    def describe_addresses_attribute(self, **kwargs: Any) -> dict[str, Any]: ...
    def create_tags(self, **kwargs: Any) -> dict[str, Any]: ...
    def delete_tags(self, **kwargs: Any) -> dict[str, Any]: ...
    def describe_tags(self, **kwargs: Any) -> dict[str, Any]: ...
