"""The Python examples of README.md run as they are."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import boto3
import pytest

README = Path(__file__).resolve().parent.parent.parent / "README.md"


def python_blocks() -> list[str]:
    text = README.read_text()
    section = text.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```python\n(.*?)^```$", section, re.M | re.S)


def test_the_python_section_has_examples() -> None:
    assert len(python_blocks()) == 3


@pytest.mark.parametrize("index", [0, 1, 2])
def test_readme_example_runs(index: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    # The mock needs no credentials; make sure none are found or looked up.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    exec(compile(python_blocks()[index], f"README.md python block {index + 1}", "exec"), {})
