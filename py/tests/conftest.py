"""Fixtures of the eniplan tests."""

from __future__ import annotations

import pytest
from helpers import World, build_world

import eniplan


@pytest.fixture
def ec2() -> eniplan.Ec2:
    """An empty model that packs addresses from the bottom of each subnet."""
    return eniplan.Ec2(strategy="lowest", seed=0)


@pytest.fixture
def world(ec2: eniplan.Ec2) -> World:
    """A VPC, a /24 subnet and one running c5.large."""
    return build_world(ec2)
