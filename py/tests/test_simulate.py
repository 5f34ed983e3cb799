"""eniplan.simulate: the capacity simulator from Python, with the shapes of --json."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import eniplan

ROOT = Path(__file__).resolve().parents[2]
FRAGMENTED = ROOT / "examples" / "scenarios" / "fragmented-prefixes.toml"
WARM_POOLS = ROOT / "examples" / "scenarios" / "warm-pools.toml"


def example_state() -> list[dict[str, Any]]:
    """The example VPC as the AWS CLI printed it."""
    folder = ROOT / "examples" / "state"
    return [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]


def small_scenario() -> dict[str, Any]:
    """Two m5.large nodes with prefixes in a /23, 40 pods replaced every 2 minutes."""
    return {
        "seed": 5,
        "duration": "8m",
        "sample_every": "1m",
        "vpc": {"cidr": "10.0.0.0/16", "subnets": [{"name": "nodes", "cidr": "10.0.0.0/23"}]},
        "cni": {"ENABLE_PREFIX_DELEGATION": True},
        "node_groups": [
            {"name": "general", "instance_type": "m5.large", "subnets": ["nodes"], "nodes": 2}
        ],
        "workloads": [{"node_group": "general", "pods": [["0s", 0], ["1m", 40]], "lifetime": "2m"}],
    }


def test_a_scenario_file_on_describe_output_stalls_with_prefixes() -> None:
    result = eniplan.simulate(FRAGMENTED, state=example_state())
    summary = result["Summary"]
    assert summary["Seed"] == 4
    assert summary["PodsWaitedForAddress"]["StillWaiting"] == 75
    assert "InsufficientCidrBlocks" in summary["FirstErrorSeconds"]
    errors = [e for e in summary["SubnetErrors"] if e["Code"] == "InsufficientCidrBlocks"]
    assert errors[0]["SubnetId"] == "subnet-0a11c0ffee0a11c01"
    assert len(result["Nodes"]) == 3
    assert result["Timeline"][-1]["PodsWaitingForAddress"] == 75


def test_the_same_as_the_cli_json_for_the_same_arguments() -> None:
    import subprocess

    binary = ROOT / "target" / "debug" / "eniplan"
    if not binary.exists():
        pytest.skip("the eniplan binary is not built")
    printed = subprocess.run(
        [str(binary), "simulate", str(FRAGMENTED), "--state", str(ROOT / "examples" / "state"), "--json"],
        capture_output=True,
        check=False,
    )
    assert printed.returncode == 1
    assert json.loads(printed.stdout) == eniplan.simulate(FRAGMENTED, state=example_state())


def test_a_dict_scenario_and_its_seed() -> None:
    first = eniplan.simulate(small_scenario())
    assert first["Summary"]["Seed"] == 5
    assert first == eniplan.simulate(small_scenario())
    other = eniplan.simulate(small_scenario(), seed=6)
    assert other["Summary"]["Seed"] == 6
    assert other != first


def test_a_model_as_state_runs_and_is_left_as_it_was() -> None:
    model = eniplan.Ec2.from_describe(example_state())
    scenario: dict[str, Any] = {
        "duration": "5m",
        "node_groups": [
            {
                "name": "apps",
                "instance_type": "m5.large",
                # By the Name tag, which the model keeps from the describe output.
                "subnets": ["private-b"],
                "nodes": 2,
            }
        ],
        "workloads": [{"node_group": "apps", "pods": [["0s", 0], ["1m", 20]]}],
    }
    result = eniplan.simulate(scenario, state=model)
    assert result["Timeline"][-1]["PodsRunning"] == 20
    assert {node["SubnetId"] for node in result["Nodes"]} == {"subnet-0b22c0ffee0b22c02"}
    # The run worked on a copy: the model has no more instances than it was loaded with.
    assert len(model.describe_instances()["Reservations"]) == len(
        eniplan.Ec2.from_describe(example_state()).describe_instances()["Reservations"]
    )


def test_seeds_and_variants_make_the_same_study_as_the_cli() -> None:
    as_dict = eniplan.simulate(
        small_scenario(), seeds=3, vary={"cni.WARM_PREFIX_TARGET": [1, 3]}
    )
    as_list = eniplan.simulate(small_scenario(), seeds=[5, 6, 7], vary=["cni.WARM_PREFIX_TARGET=1,3"])
    assert as_dict == as_list
    assert as_dict["Seeds"] == [5, 6, 7]
    names = [v["Variant"]["Name"] for v in as_dict["Variants"]]
    assert names == ["cni.WARM_PREFIX_TARGET=1", "cni.WARM_PREFIX_TARGET=3"]
    for variant in as_dict["Variants"]:
        assert [run["Seed"] for run in variant["Runs"]] == [5, 6, 7]
        spread = variant["Aggregate"]["IdleWarmAddressesAtEnd"]
        assert spread["Min"] <= spread["Median"] <= spread["P90"] <= spread["Max"]
    idle = [v["Aggregate"]["IdleWarmAddressesAtEnd"]["Median"] for v in as_dict["Variants"]]
    assert idle[1] > idle[0]


def test_to_rows_flattens_one_run_and_a_study() -> None:
    one = eniplan.simulate(small_scenario())
    rows = eniplan.to_rows(one)
    # 8 minutes sampled every minute: 9 samples, one subnet.
    assert len(rows) == 9
    assert rows[-1]["Seconds"] == 480.0
    assert rows[-1]["SubnetId"] == one["Timeline"][-1]["Subnets"][0]["SubnetId"]
    assert rows[-1]["PodsRunning"] == one["Timeline"][-1]["PodsRunning"]
    study = eniplan.simulate(small_scenario(), seeds=2, vary={"cni.WARM_PREFIX_TARGET": [1, 2]})
    rows = eniplan.to_rows(study)
    assert len(rows) == 2 * 9
    assert {row["Variant"] for row in rows} == {"cni.WARM_PREFIX_TARGET=1", "cni.WARM_PREFIX_TARGET=2"}
    assert rows[0]["PodsRunning.P10"] <= rows[0]["PodsRunning.Median"] <= rows[0]["PodsRunning.P90"]
    with pytest.raises(ValueError):
        eniplan.to_rows({"Summary": {}})


def test_bad_scenarios_and_arguments_are_refused_by_name() -> None:
    scenario = small_scenario()
    scenario["node_groups"][0]["instance_type"] = "m5.lage"
    with pytest.raises(ValueError, match=r'node_groups\[0\].instance_type: unknown instance type "m5.lage"'):
        eniplan.simulate(scenario)
    with pytest.raises(ValueError, match="unknown field `zones`"):
        eniplan.simulate({**small_scenario(), "zones": 3})
    with pytest.raises(ValueError, match='no element named "db"'):
        eniplan.simulate(small_scenario(), vary={"node_groups.db.nodes": [1]})
    with pytest.raises(TypeError, match="argument 'scenario' must be a dict or a path"):
        eniplan.simulate(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="argument 'state'"):
        eniplan.simulate(small_scenario(), state="examples/state")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least 1"):
        eniplan.simulate(small_scenario(), seeds=0)
    with pytest.raises(OSError):
        eniplan.simulate(ROOT / "examples" / "scenarios" / "missing.toml")


def test_other_threads_run_while_a_simulation_does() -> None:
    # A thread that needs the GIL to run notes the time now and then until told to stop.
    seen: list[float] = []
    stop = threading.Event()

    def note() -> None:
        while not stop.is_set():
            seen.append(time.monotonic())
            time.sleep(0.001)

    noter = threading.Thread(target=note)
    noter.start()
    try:
        start = time.monotonic()
        eniplan.simulate(WARM_POOLS, seeds=200)
        end = time.monotonic()
    finally:
        stop.set()
        noter.join()
    # Were the GIL held for the whole call, the other thread could note no time strictly
    # inside it; released, it notes times throughout. 20 ms either side allow for handing
    # the GIL over at the call's start and end.
    inside = [t for t in seen if start + 0.02 < t < end - 0.02]
    if end - start < 0.1:
        pytest.skip("the run was too short to tell")
    assert inside, (start, end, len(seen))
