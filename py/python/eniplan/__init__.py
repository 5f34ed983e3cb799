"""eniplan: what Amazon EC2 would answer about private IPv4 addresses, offline.

``Ec2`` is a model of one EC2 region with the methods of ``boto3.client("ec2")`` for VPCs,
subnets, CIDR reservations, instances, network interfaces, private addresses and Elastic IPs:
the same keyword arguments, the same response dicts, and EC2's errors as ``ClientError``
subclasses named after their codes. ``mock_ec2()`` answers real boto3 clients from a model.
``max_pods`` and ``instance_type_limits`` read the embedded instance-type table.
``simulate`` runs the capacity simulator (a cluster's VPC CNI over time on the model), and
``to_rows`` flattens its timeline.
"""

from __future__ import annotations

from eniplan import exceptions
from eniplan._mock import MockEc2, mock_ec2
from eniplan._native import Ec2, __version__, instance_type_limits, max_pods, simulate
from eniplan._simulate import to_rows
from eniplan.exceptions import *  # noqa: F403  ClientError and one class per EC2 error code

__all__ = [
    "Ec2",
    "MockEc2",
    "__version__",
    "exceptions",
    "instance_type_limits",
    "max_pods",
    "mock_ec2",
    "simulate",
    "to_rows",
]
__all__ += exceptions.__all__
