"""What the boto3 tests against `eniplan serve` share: a server, and a boto3 client of it."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from typing import Any, Iterator

import boto3
import botocore.config
import pytest


@contextlib.contextmanager
def serve(*arguments: str) -> Iterator[Any]:
    """`eniplan serve` on a free loopback port, with `arguments` added, and a boto3 EC2 client of
    it, unchanged but for endpoint_url; the server stops when the block ends."""
    binary = os.environ.get("ENIPLAN_BIN", "target/debug/eniplan")
    server = subprocess.Popen(
        [binary, "serve", "--bind", "127.0.0.1:0", "--strategy", "lowest", *arguments],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    match = re.search(r"listening on (http://\S+)", server.stdout.readline())
    assert match, "eniplan serve did not print its URL"
    client = boto3.client(
        "ec2",
        endpoint_url=match.group(1),
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=botocore.config.Config(retries={"max_attempts": 1}),
    )
    try:
        yield client
    finally:
        server.terminate()
        assert server.wait(timeout=10) == 0


@pytest.fixture(scope="module")
def ec2() -> Iterator[Any]:
    """A client of a server of its own for the test module."""
    with serve() as client:
        yield client
