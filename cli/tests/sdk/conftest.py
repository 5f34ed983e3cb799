"""Starts `eniplan serve` for the endpoint tests: each test module gets its own server."""

import os
import re
import subprocess
from typing import Iterator

import boto3
import botocore.config
import pytest


class Server:
    """A running `eniplan serve` and its URL."""

    def __init__(self, *arguments: str) -> None:
        binary = os.environ.get("ENIPLAN_BIN", "target/debug/eniplan")
        self.process = subprocess.Popen(
            [binary, "serve", "--bind", "127.0.0.1:0", *arguments],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        match = re.search(r"listening on (http://\S+)", self.process.stdout.readline())
        assert match, "eniplan serve did not print its URL"
        self.url = match.group(1)

    def client(self) -> object:
        """A boto3 EC2 client of this server, unchanged but for the endpoint."""
        return boto3.client(
            "ec2",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="secret",
            config=botocore.config.Config(retries={"max_attempts": 1}),
        )

    def stop(self) -> None:
        self.process.terminate()
        assert self.process.wait(timeout=10) == 0


def serve(*arguments: str) -> Iterator[Server]:
    """A server for one test module, stopped after it."""
    server = Server(*arguments)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def ec2() -> Iterator[object]:
    """A boto3 client of an empty model that picks the lowest free addresses."""
    for server in serve("--strategy", "lowest"):
        yield server.client()
