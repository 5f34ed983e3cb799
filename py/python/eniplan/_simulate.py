"""``to_rows()``: a simulation's timeline as flat rows, for a notebook or a CSV writer.

Each row is a dict of plain values: one per sample and subnet, with the sample's cluster-wide
figures repeated; for a study, one per variant, sample and subnet, with each band's ``P10``,
``Median`` and ``P90`` as separate keys (``PodsRunning.Median``). ``pandas.DataFrame(rows)``
or ``csv.DictWriter`` take them as they are; nothing here needs pandas.
"""

from __future__ import annotations

from typing import Any, Mapping

Row = dict[str, Any]


def _flatten(prefix: str, value: Any, row: Row) -> None:
    """Writes ``value`` into ``row``; a band's percentiles become ``prefix.P10`` and so on."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}", item, row)
    else:
        row[prefix] = value


def _sample_rows(sample: Mapping[str, Any], base: Row) -> list[Row]:
    head = dict(base)
    for key, value in sample.items():
        if key != "Subnets":
            _flatten(key, value, head)
    subnets = sample.get("Subnets") or [{}]
    rows = []
    for subnet in subnets:
        row = dict(head)
        for key, value in subnet.items():
            _flatten(key, value, row)
        rows.append(row)
    return rows


def to_rows(result: Mapping[str, Any]) -> list[Row]:
    """The timeline of ``eniplan.simulate``'s result (one run or a study) as flat rows."""
    if "Variants" in result:
        rows: list[Row] = []
        for variant in result["Variants"]:
            base: Row = {"Variant": variant["Variant"]["Name"]}
            for sample in variant["Timeline"]:
                rows.extend(_sample_rows(sample, base))
        return rows
    if "Timeline" in result:
        return [row for sample in result["Timeline"] for row in _sample_rows(sample, {})]
    raise ValueError("not a result of eniplan.simulate: it has neither Timeline nor Variants")
