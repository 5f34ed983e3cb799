"""The package itself: version, stubs, the surface that mirrors boto3."""

from __future__ import annotations

import importlib.metadata
import inspect
import re
import tomllib
from pathlib import Path

import eniplan
from eniplan import _native

PY = Path(__file__).resolve().parent.parent
ROOT = PY.parent

# The boto3 EC2 client methods eniplan.Ec2 answers.
BOTO3_METHODS = """
    create_vpc describe_vpcs create_subnet create_subnet_cidr_reservation
    delete_subnet_cidr_reservation get_subnet_cidr_reservations run_instances terminate_instances
    create_network_interface delete_network_interface attach_network_interface
    detach_network_interface assign_private_ip_addresses unassign_private_ip_addresses
    allocate_address associate_address disassociate_address release_address
    describe_network_interfaces describe_subnets describe_instances describe_instance_types
    describe_instance_credit_specifications describe_addresses describe_addresses_attribute
""".split()


def snake_case(action: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()


def test_version_matches_the_installed_metadata() -> None:
    assert eniplan.__version__ == importlib.metadata.version("eniplan")


def test_version_is_the_cargo_workspace_version() -> None:
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text())
    assert eniplan.__version__ == cargo["workspace"]["package"]["version"]


def test_every_core_action_is_a_method_named_as_boto3_names_it() -> None:
    methods = {snake_case(action): action for action in _native.action_names()}
    assert set(BOTO3_METHODS) <= set(methods)
    for method in methods:
        assert callable(getattr(eniplan.Ec2, method)), method
    public = {name for name in dir(eniplan.Ec2) if not name.startswith("_")}
    own = {
        "call",
        "subnet_report",
        "instance_metadata",
        "set_remap_window",
        "advance_clock",
        "from_describe",
        "exceptions",
        "strategy",
        "seed",
        "assign_addresses",
        "assign_address_count",
        "assign_prefixes",
        "assign_prefix_count",
        "unassign",
    }
    assert public == set(methods) | own


def test_the_stub_declares_every_method() -> None:
    stub = (PY / "python" / "eniplan" / "_native.pyi").read_text()
    declared = set(re.findall(r"^    def (\w+)\(self, \*\*kwargs: Any\)", stub, re.M))
    assert declared == {snake_case(action) for action in _native.action_names()}


def test_methods_take_keyword_arguments_only_like_boto3() -> None:
    ec2 = eniplan.Ec2()
    try:
        ec2.create_vpc("10.0.0.0/16")  # type: ignore[call-arg]
    except TypeError as error:
        assert str(error) == "create_vpc() only accepts keyword arguments."
    else:
        raise AssertionError("a positional argument was accepted")


def test_typed_markers_are_installed() -> None:
    package = Path(inspect.getfile(eniplan)).parent
    assert (package / "py.typed").is_file()
    assert (package / "_native.pyi").is_file()
    assert (package / "exceptions.pyi").is_file()


def test_repr_and_options() -> None:
    ec2 = eniplan.Ec2(strategy="lowest", seed=7)
    assert repr(ec2) == 'eniplan.Ec2(strategy="lowest", seed=7)'
    assert (ec2.strategy, ec2.seed) == ("lowest", 7)
    default = eniplan.Ec2()
    assert (default.strategy, default.seed) == ("random", 0)
