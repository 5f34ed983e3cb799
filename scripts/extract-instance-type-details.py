#!/usr/bin/env python3
"""Writes core/data/instance-type-details.json from the DescribeInstanceTypes dump moto ships.

The source is `moto/ec2/resources/instance_types.json.gz` of the PyPI package moto 5.2.5
(Apache-2.0): EC2's own DescribeInstanceTypes output, one InstanceTypeInfo per type. This script
keeps, for each type of the embedded table (core/data/instance-limits.csv) that the dump has, the
members listed in COLUMNS, copied as they are, and writes them as one JSON array per type, in
the order of COLUMNS (a structure is an array of its own columns; a list of structures an array
of such arrays; an absent member is null). Types the dump lacks are left out.

It also checks that the dump and the table agree where they overlap: the table's `vcpus` column
came from the same dump, so a type has vCPUs in the table exactly when the dump has it, with the
same DefaultVCpus.

    .venv/bin/python scripts/extract-instance-type-details.py          # rewrite the file
    .venv/bin/python scripts/extract-instance-type-details.py --check  # fail if it would change

Only the standard library is used; moto is located, not imported.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.metadata
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any, Union

MOTO_VERSION = "5.2.5"
DUMP = Path("ec2") / "resources" / "instance_types.json.gz"
ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "core" / "data" / "instance-limits.csv"
OUTPUT = ROOT / "core" / "data" / "instance-type-details.json"

# A column is a member name, or [name, columns] for a structure; a name ending in "[]" is a list
# of structures. The order is that of EC2's InstanceTypeInfo shape (botocore's service model),
# and core/src/limits/details.rs reads the arrays in this order.
Column = Union[str, list[Any]]
EBS_BANDWIDTH: list[Column] = [
    "BaselineBandwidthInMbps",
    "BaselineThroughputInMBps",
    "BaselineIops",
    "MaximumBandwidthInMbps",
    "MaximumThroughputInMBps",
    "MaximumIops",
]
COLUMNS: list[Column] = [
    "InstanceType",
    "CurrentGeneration",
    "FreeTierEligible",
    "SupportedUsageClasses",
    "SupportedRootDeviceTypes",
    "SupportedVirtualizationTypes",
    ["ProcessorInfo", ["SupportedArchitectures", "SustainedClockSpeedInGhz", "SupportedFeatures", "Manufacturer"]],
    ["VCpuInfo", ["DefaultCores", "DefaultThreadsPerCore", "ValidCores", "ValidThreadsPerCore"]],
    ["MemoryInfo", ["SizeInMiB"]],
    "InstanceStorageSupported",
    [
        "InstanceStorageInfo",
        ["TotalSizeInGB", ["Disks[]", ["SizeInGB", "Count", "Type"]], "NvmeSupport", "EncryptionSupport"],
    ],
    [
        "EbsInfo",
        [
            "EbsOptimizedSupport",
            "EncryptionSupport",
            ["EbsOptimizedInfo", EBS_BANDWIDTH],
            "NvmeSupport",
            "MaximumEbsAttachments",
            "AttachmentLimitType",
            "MaximumEbsCards",
            ["EbsCards[]", ["EbsCardIndex", *EBS_BANDWIDTH]],
        ],
    ],
    [
        "NetworkInfo",
        [
            "NetworkPerformance",
            [
                "NetworkCards[]",
                ["NetworkCardIndex", "NetworkPerformance", "BaselineBandwidthInGbps", "PeakBandwidthInGbps"],
            ],
            "EnaSupport",
            "EfaSupported",
            ["EfaInfo", ["MaximumEfaInterfaces"]],
        ],
    ],
    ["PlacementGroupInfo", ["SupportedStrategies"]],
    "HibernationSupported",
    "BurstablePerformanceSupported",
    "DedicatedHostsSupported",
    "AutoRecoverySupported",
    "SupportedBootModes",
]


def dump_path() -> Path:
    """The dump inside the installed moto, which must be the pinned version."""
    version = importlib.metadata.version("moto")
    if version != MOTO_VERSION:
        sys.exit(f"moto {version} is installed; the data comes from moto {MOTO_VERSION}")
    spec = importlib.util.find_spec("moto")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("moto is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / DUMP


def row(value: dict[str, Any], columns: list[Column]) -> list[Any]:
    """The members of `value` named by `columns`, in their order."""
    cells: list[Any] = []
    for column in columns:
        if isinstance(column, str):
            cells.append(value.get(column))
            continue
        name, inner = column
        member = value.get(name.removesuffix("[]"))
        if member is None:
            cells.append(None)
        elif name.endswith("[]"):
            cells.append([row(item, inner) for item in member])
        else:
            cells.append(row(member, inner))
    return cells


def render(source: Path) -> str:
    """The whole file, one type a line, so that a change of the source diffs by type."""
    with gzip.open(source, "rt", encoding="utf-8") as file:
        dump: dict[str, dict[str, Any]] = json.load(file)
    with TABLE.open(newline="") as file:
        table = list(csv.DictReader(file))
    rows = []
    for entry in table:
        name = entry["instance_type"]
        info = dump.get(name)
        if info is None:
            if entry["vcpus"]:
                sys.exit(f"{name}: the table has vCPUs from the dump, but the dump lacks it")
            continue
        if str(info["VCpuInfo"]["DefaultVCpus"]) != entry["vcpus"]:
            sys.exit(f"{name}: DefaultVCpus {info['VCpuInfo']['DefaultVCpus']} against {entry['vcpus']!r}")
        rows.append(json.dumps(row(info, COLUMNS), separators=(",", ":"), ensure_ascii=False))
    source_note = f"moto {MOTO_VERSION} (PyPI), moto/{DUMP.as_posix()}, Apache-2.0"
    header = [
        "{",
        f'"Source": {json.dumps(source_note)},',
        f'"Columns": {json.dumps(COLUMNS, separators=(",", ":"))},',
        '"InstanceTypes": [',
    ]
    return "\n".join(header) + "\n" + ",\n".join(rows) + "\n]}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed file differs")
    args = parser.parse_args()
    text = render(dump_path())
    if args.check:
        if OUTPUT.read_text(encoding="utf-8") != text:
            sys.exit(f"{OUTPUT.relative_to(ROOT)} differs from what {Path(__file__).name} extracts")
        return
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {text.count(chr(10)) - 5} types, {len(text.encode())} bytes")


if __name__ == "__main__":
    main()
